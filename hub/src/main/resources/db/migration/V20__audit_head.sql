-- Each tenant's audit chain head (the newest record's seq and hash), written in the same transaction
-- as every append. Appenders lock this row (SELECT ... FOR UPDATE) instead of reading the newest
-- record of the log: H2 cannot read "ORDER BY seq DESC LIMIT 1" from the (tenant, seq) key backwards
-- and sorted the tenant's whole log on every append. The same SQL works on H2 and PostgreSQL.
CREATE TABLE audit_head (
    tenant VARCHAR(64) NOT NULL PRIMARY KEY,
    seq    BIGINT      NOT NULL,
    hash   CHAR(64)    NOT NULL
);

-- Existing logs continue their chain: the head of each tenant is its record with the highest seq.
INSERT INTO audit_head (tenant, seq, hash)
SELECT a.tenant, a.seq, a.hash FROM audit_log a
WHERE a.seq = (SELECT MAX(b.seq) FROM audit_log b WHERE b.tenant = a.tenant);
