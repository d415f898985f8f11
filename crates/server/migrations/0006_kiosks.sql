-- Kiosks: community-centre screens. A row starts as a pairing request (a short code shown on the
-- screen and a secret the screen keeps, both stored as hashes, with an expiry); a committee
-- member confirms the code with a community and a place; the screen then collects its device
-- token once, of which only the hash is kept. Revoking sends the screen back to pairing.

CREATE TABLE kiosks (
    id                    INTEGER PRIMARY KEY,
    pairing_code_sha256   TEXT UNIQUE,
    pairing_secret_sha256 TEXT UNIQUE,
    pairing_expires_at    INTEGER,
    community_id          TEXT REFERENCES communities(id),
    place_label           TEXT NOT NULL DEFAULT '',
    -- A component or building code, when the place is one; its position is copied into lat/lon.
    place_code            TEXT,
    lat                   REAL,
    lon                   REAL,
    token_sha256          TEXT UNIQUE,
    -- Set at pairing; the token is handed out once, on the first poll after it.
    token_collected       INTEGER NOT NULL DEFAULT 0,
    idle_seconds          INTEGER NOT NULL DEFAULT 60 CHECK (idle_seconds BETWEEN 5 AND 3600),
    notice                TEXT NOT NULL DEFAULT '',
    created_at            TEXT NOT NULL,
    paired_at             TEXT,
    paired_by             TEXT REFERENCES users(username),
    revoked_at            TEXT
) STRICT;
CREATE INDEX kiosks_by_community ON kiosks(community_id);
