-- What each sync run changed: one row per apply outcome (or per planned change of a dry run), so
-- GET /api/v1/syncs/{id} can say which resources were created, updated or failed. Names only.
CREATE TABLE sync_run_changes (
    run_id    VARCHAR(36)   NOT NULL,
    position  INT           NOT NULL,
    resource  VARCHAR(300)  NOT NULL,
    action    VARCHAR(32)   NOT NULL,
    status    VARCHAR(32)   NOT NULL,
    vendor_id VARCHAR(300),
    message   VARCHAR(2000),
    PRIMARY KEY (run_id, position)
);

-- A running run's worker refreshes heartbeat_at; a run whose heartbeat stopped (its instance was
-- killed) is swept to failed instead of staying "running" forever.
ALTER TABLE sync_runs ADD COLUMN claimed_by VARCHAR(200);
ALTER TABLE sync_runs ADD COLUMN heartbeat_at TIMESTAMP;
CREATE INDEX sync_runs_status ON sync_runs (status);
