-- One row per sync (CLI, schedule or REST trigger). The unique idempotency key is what makes a
-- repeated POST /api/v1/syncs, or a schedule tick seen by two instances, return the first run
-- instead of queueing a second. Texts hold names and counts only, never secret values.
CREATE TABLE sync_runs (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    trigger_type    VARCHAR(16)   NOT NULL,
    requested_by    VARCHAR(200)  NOT NULL,
    idempotency_key VARCHAR(200),
    dry_run         BOOLEAN       NOT NULL,
    targets         VARCHAR(4000) NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    plan_summary    VARCHAR(1000),
    outcome_counts  VARCHAR(1000),
    queued_at       TIMESTAMP     NOT NULL,
    started_at      TIMESTAMP,
    finished_at     TIMESTAMP,
    error_message   VARCHAR(2000),
    CONSTRAINT sync_runs_idempotency_key UNIQUE (idempotency_key)
);
CREATE INDEX sync_runs_queued_at ON sync_runs (queued_at);
