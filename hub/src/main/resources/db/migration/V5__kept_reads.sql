-- Kept reads (io.scephub.core.reads): the last read or write of each object of a connector whose
-- listing has no bodies (Jamf Classic, Workspace ONE UEM), so a plan within state.reuseReadsFor
-- skips objects whose listing entry is unchanged. owned_json holds the owned object without secret
-- values (only salted digests of them); it is NULL for an object that is not scephub's.
-- TEXT is a CLOB in H2 and unbounded text in PostgreSQL; the time carries its zone so it reads back
-- as the same instant whatever the hub's time zone.
CREATE TABLE kept_reads (
    connector  VARCHAR(64)   NOT NULL,
    scope      VARCHAR(2048) NOT NULL,
    vendor_id  VARCHAR(300)  NOT NULL,
    format     INT           NOT NULL,
    listing    VARCHAR(4096) NOT NULL,
    read_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    owned_json TEXT,
    PRIMARY KEY (connector, scope, vendor_id)
);
