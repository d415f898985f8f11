-- Reports of problems (Open311 service requests), their public/internal updates, API keys.
-- A reporter's phone number is stored encrypted (key outside the database) plus a masked copy
-- for display. The private tracking secret is not stored: it is an HMAC of the token.

CREATE TABLE api_keys (
    key_sha256 TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;

CREATE TABLE service_requests (
    id              INTEGER PRIMARY KEY,
    token           TEXT NOT NULL UNIQUE,
    -- A client's Idempotency-Key: resending the same submission answers the same request.
    idempotency_key TEXT UNIQUE,
    service_code    TEXT NOT NULL,
    component_code  TEXT REFERENCES components(code),
    community_id    TEXT REFERENCES communities(id),
    status          TEXT NOT NULL,
    description     TEXT NOT NULL,
    lat             REAL NOT NULL,
    lon             REAL NOT NULL,
    address         TEXT NOT NULL DEFAULT '',
    phone_cipher    BLOB,
    phone_masked    TEXT,
    requested_at    TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    expected_at     TEXT NOT NULL,
    times_reopened  INTEGER NOT NULL DEFAULT 0,
    supporters      INTEGER NOT NULL DEFAULT 1,
    rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
    rating_comment  TEXT
) STRICT;
CREATE INDEX service_requests_by_status ON service_requests(status, requested_at);
CREATE INDEX service_requests_by_component ON service_requests(component_code, service_code, status);

CREATE TABLE request_updates (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES service_requests(id),
    status      TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    public      INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX request_updates_by_time ON request_updates(updated_at);
