-- The console's signed-in sessions, in the state store so that every hub instance on one database
-- knows them and a load balancer may send a browser to any instance. Only SHA-256 digests of the
-- session id (the cookie) and of its CSRF token are kept: a copy of this table signs nobody in.
-- Expired rows are deleted when sessions are created (ConsoleSessions).
CREATE TABLE console_sessions (
    id_hash      VARCHAR(64)  NOT NULL PRIMARY KEY,
    subject      VARCHAR(512) NOT NULL,
    display_name VARCHAR(512) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    csrf_hash    VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP    NOT NULL,
    expires_at   TIMESTAMP    NOT NULL
);
CREATE INDEX console_sessions_expires_at ON console_sessions (expires_at);
