-- The console per tenant, sign-ins in the store, notifications that are re-sent. Only the primary-key
-- statement differs between H2 and PostgreSQL (hence one copy per vendor).

-- Two tenants may both have an enrollment windows-intune: each tenant's device counts and stuck devices are its own.
-- Existing rows are the one tenant of a file without tenants:, "default".
ALTER TABLE device_state_counts ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE device_state_counts DROP CONSTRAINT device_state_counts_pkey;
ALTER TABLE device_state_counts ADD PRIMARY KEY (tenant, enrollment, recorded_at);
ALTER TABLE renewal_stuck_devices ADD COLUMN tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE renewal_stuck_devices DROP CONSTRAINT renewal_stuck_devices_pkey;
ALTER TABLE renewal_stuck_devices ADD PRIMARY KEY (tenant, enrollment, device_id);

-- A signed-in person's role per tenant (server.console.tenants), "tenant=ROLE;..."; role stays the role on
-- every tenant (NONE when only some tenants are granted). NULL (sessions from before): role on every tenant.
ALTER TABLE console_sessions ADD COLUMN tenant_roles VARCHAR(4000);

-- Sign-ins sent to Okta and not back yet, so the callback may reach any instance. Only SHA-256 digests of
-- the state and of the browser-binding cookie are kept; the nonce and the PKCE verifier, which must be
-- used as they are, are sealed (AES-GCM) under a key derived from the binding cookie, which the store
-- never sees: a copy of this table completes no sign-in. Expired rows are deleted when sign-ins begin.
CREATE TABLE console_sign_ins (
    state_hash   VARCHAR(64)   NOT NULL PRIMARY KEY,
    binding_hash VARCHAR(64)   NOT NULL,
    sealed       VARCHAR(1000) NOT NULL,
    next_path    VARCHAR(2000) NOT NULL,
    expires_at   TIMESTAMP     NOT NULL
);
CREATE INDEX console_sign_ins_expires_at ON console_sign_ins (expires_at);

-- A notification is re-sent later: its content (names, statuses, dates; never a secret) is kept, and
-- next_attempt_at says when it is due again (while pending: when a stopped sender's row may be taken
-- over). rounds counts the sending rounds so far (bounded). dedupe_key (the UTC day for expiry notices)
-- makes one notice per credential, target and day across every instance on one store.
ALTER TABLE notifications ADD COLUMN notice_json TEXT;
ALTER TABLE notifications ADD COLUMN next_attempt_at TIMESTAMP;
ALTER TABLE notifications ADD COLUMN rounds INT DEFAULT 0 NOT NULL;
ALTER TABLE notifications ADD COLUMN dedupe_key VARCHAR(64);
CREATE INDEX notifications_next_attempt_at ON notifications (next_attempt_at);
CREATE UNIQUE INDEX notifications_dedupe ON notifications (event_type, target, subject, dedupe_key);
