-- Identical sync requests coalesce while queued (issue #13): a queued run without an idempotency key
-- holds its request's signature (SHA-256 of dry run and targets) here, unique per tenant, so a second identical
-- request, from any thread or instance, loses the insert and gets that run. Claiming or sweeping the
-- run clears the signature, so a request made once it runs queues a new run. NULLs never collide.
ALTER TABLE sync_runs ADD COLUMN queued_request CHAR(64);
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_queued_request UNIQUE (tenant, queued_request);
