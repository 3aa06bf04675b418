-- One row per state-store partition (today one, "store"; one per tenant later). On H2, a sync holds
-- the row's lock (SELECT ... FOR UPDATE in an open transaction) while it runs, so syncs of one
-- partition run one at a time across threads and processes; the lock goes with the holder's
-- connection, so a killed process never leaves it taken. PostgreSQL uses an advisory lock instead.
CREATE TABLE sync_locks (
    partition_key VARCHAR(200) NOT NULL PRIMARY KEY
);
