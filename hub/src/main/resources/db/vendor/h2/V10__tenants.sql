-- Several tenants in one store (issue #18): every table that holds a tenant's runs, plans, reads or
-- audit records gets a tenant column. Existing rows belong to the one tenant a file without tenants:
-- has, "default", so a single-tenant hub reads exactly what it read before. Only the primary-key
-- statements differ between H2 and PostgreSQL (hence one copy per vendor).

-- The audit chain is per tenant: seq counts from 1 in each, and verify checks each chain on its own.
ALTER TABLE audit_log ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE audit_log DROP PRIMARY KEY;
ALTER TABLE audit_log ADD PRIMARY KEY (tenant, seq);

-- A schedule tick's idempotency key is the same for every tenant; each tenant gets its own run.
ALTER TABLE sync_runs ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_idempotency_key;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_idempotency_key UNIQUE (tenant, idempotency_key);
CREATE INDEX sync_runs_tenant_queued_at ON sync_runs (tenant, queued_at);

ALTER TABLE kept_reads ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE kept_reads DROP PRIMARY KEY;
ALTER TABLE kept_reads ADD PRIMARY KEY (tenant, connector, scope, vendor_id);

-- Two tenants may both have an enrollment windows-intune (from one template): one last plan each.
ALTER TABLE enrollment_plans ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE enrollment_plans DROP PRIMARY KEY;
ALTER TABLE enrollment_plans ADD PRIMARY KEY (tenant, enrollment);
