-- Every device scephub asked to enrol again (renewal with Okta as the CA, MDMs that re-enrol single devices):
-- the renewal rings count these rows against the policy's budget and its re-push bound.
CREATE TABLE renewal_pushes (
    enrollment VARCHAR(128) NOT NULL,
    device_id  VARCHAR(256) NOT NULL,
    pushed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX renewal_pushes_by_time ON renewal_pushes (enrollment, pushed_at);
