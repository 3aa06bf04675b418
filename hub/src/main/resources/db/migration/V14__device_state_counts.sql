-- Per enrollment, how many devices the MDM reported in each certificate state at a sync, so the console's
-- renewals page shows them (with their age) without calling a vendor. One row per enrollment and sync;
-- rows older than the newest 90 per enrollment are deleted when a new one is written.
-- States, the same for every MDM: issued (holds a certificate that is not expiring), expiring (expires within
-- the enrollment's redistributeBeforeExpiry), expired, pending (profile or certificate not delivered yet),
-- failed (the MDM reports the delivery or issuance failed), other (not applicable, no status, no expiry reported).
CREATE TABLE device_state_counts (
    enrollment  VARCHAR(128) NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    run_id      VARCHAR(64)  NOT NULL,
    mdm         VARCHAR(32)  NOT NULL,
    issued      BIGINT       NOT NULL,
    expiring    BIGINT       NOT NULL,
    expired     BIGINT       NOT NULL,
    pending     BIGINT       NOT NULL,
    failed      BIGINT       NOT NULL,
    other       BIGINT       NOT NULL,
    PRIMARY KEY (enrollment, recorded_at)
);
