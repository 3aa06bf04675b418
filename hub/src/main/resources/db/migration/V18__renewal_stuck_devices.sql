-- The devices each enrollment's renewal rings gave up on (pushed more than maxRepush times without re-enrolling), as the
-- status read at the end of a sync marked them, so the console's renewals page and scephub doctor show them without
-- calling a vendor. Replaced per enrollment whenever that enrollment's device states are recorded; at most 500 rows per
-- enrollment (stuck_total keeps the full count).
CREATE TABLE renewal_stuck_devices (
    enrollment  VARCHAR(128)  NOT NULL,
    device_id   VARCHAR(128)  NOT NULL,
    device_name VARCHAR(256)  NOT NULL,
    mdm         VARCHAR(32)   NOT NULL,
    run_id      VARCHAR(64)   NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    stuck_total BIGINT        NOT NULL,
    detail      VARCHAR(1000) NOT NULL,
    PRIMARY KEY (enrollment, device_id)
);
