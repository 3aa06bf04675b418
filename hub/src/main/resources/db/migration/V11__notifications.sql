-- Every notification (drift, sync-failed, expiry) and what became of it, one row per event and webhook
-- target: pending while it is being sent, then delivered or failed with the attempts, the last HTTP
-- status and a secret-free error. A failed or never-finished one stays visible (status, REST); nothing
-- is dropped silently. Texts hold names, statuses and dates only, never a URL or a key.
CREATE TABLE notifications (
    id               VARCHAR(36)   NOT NULL,
    target           VARCHAR(64)   NOT NULL,
    tenant           VARCHAR(128),
    event_type       VARCHAR(32)   NOT NULL,
    subject          VARCHAR(300)  NOT NULL,
    title            VARCHAR(300)  NOT NULL,
    created_at       TIMESTAMP     NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    attempts         INT           NOT NULL,
    last_http_status INT,
    last_error       VARCHAR(2000),
    finished_at      TIMESTAMP,
    PRIMARY KEY (id, target)
);
CREATE INDEX notifications_created_at ON notifications (created_at);
CREATE INDEX notifications_subject ON notifications (event_type, subject);
