-- Append-only audit log: each record carries the hash of the previous one, so an edit or a
-- deletion in the middle breaks the chain and `verifyChain` finds it.
CREATE TABLE audit_log (
    seq         BIGINT       NOT NULL PRIMARY KEY,
    recorded_at TIMESTAMP    NOT NULL,
    run_id      VARCHAR(64)  NOT NULL,
    event       VARCHAR(64)  NOT NULL,
    subject     VARCHAR(300) NOT NULL,
    detail      VARCHAR(4000) NOT NULL,
    prev_hash   CHAR(64)     NOT NULL,
    hash        CHAR(64)     NOT NULL
);

-- Delegated-challenge replay cache: the primary key makes "first use wins" atomic across hub
-- instances sharing one database.
CREATE TABLE challenge_replay (
    issuer      VARCHAR(512) NOT NULL,
    jti         VARCHAR(256) NOT NULL,
    expires_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (issuer, jti)
);
CREATE INDEX challenge_replay_expiry ON challenge_replay (expires_at);
