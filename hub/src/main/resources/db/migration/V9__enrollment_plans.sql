-- The last plan per enrollment, written at the end of every sync (dry runs included), so the console
-- shows what differs and which vendor objects an enrollment manages without calling a vendor.
-- changes_json: [{resource, action, status, vendorId, fields: [{path, before, after}]}], values rendered
-- as the plan prints them (secrets masked). TEXT is a CLOB in H2 and unbounded text in PostgreSQL.
CREATE TABLE enrollment_plans (
    enrollment   VARCHAR(128) NOT NULL PRIMARY KEY,
    run_id       VARCHAR(64)  NOT NULL,
    planned_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    dry_run      BOOLEAN      NOT NULL,
    changes_json TEXT         NOT NULL
);
