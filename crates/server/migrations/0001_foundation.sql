-- Linli's first schema: the places and things residents look up, ballots, committee accounts.
-- Coordinates are WGS-84 degrees. Times are RFC 3339 text. Secrets are stored only as hashes.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE communities (
    id        TEXT PRIMARY KEY,
    name_zh   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    street_zh TEXT NOT NULL,
    street_en TEXT NOT NULL
) STRICT;

CREATE TABLE components (
    code             TEXT PRIMARY KEY CHECK (length(code) = 16),
    name             TEXT NOT NULL,
    community_id     TEXT NOT NULL REFERENCES communities(id),
    lat              REAL NOT NULL,
    lon              REAL NOT NULL,
    address          TEXT NOT NULL,
    maintainer_unit  TEXT NOT NULL,
    maintainer_phone TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('normal', 'being_repaired')),
    sample_data      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX components_by_community ON components(community_id);

CREATE TABLE buildings (
    code         TEXT PRIMARY KEY CHECK (length(code) = 16),
    name         TEXT NOT NULL,
    community_id TEXT NOT NULL REFERENCES communities(id),
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    address      TEXT NOT NULL,
    households   INTEGER NOT NULL CHECK (households >= 0)
) STRICT;
CREATE INDEX buildings_by_community ON buildings(community_id);

CREATE TABLE service_points (
    id            TEXT PRIMARY KEY,
    community_id  TEXT NOT NULL REFERENCES communities(id),
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    lat           REAL NOT NULL,
    lon           REAL NOT NULL,
    address       TEXT NOT NULL,
    phone         TEXT,
    opening_hours TEXT,
    step_free     INTEGER NOT NULL
) STRICT;
CREATE INDEX service_points_by_community ON service_points(community_id);

-- A community's walking network as one JSON document: it is read whole by the browser.
CREATE TABLE walking_graphs (
    community_id TEXT PRIMARY KEY REFERENCES communities(id),
    nodes_json   TEXT NOT NULL,
    edges_json   TEXT NOT NULL
) STRICT;

CREATE TABLE ballots (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities(id),
    title        TEXT NOT NULL,
    explanation  TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    kind         TEXT NOT NULL CHECK (kind IN ('approval', 'budget')),
    opens_at     TEXT NOT NULL,
    closes_at    TEXT NOT NULL,
    budget_yuan  INTEGER,
    min_choices  INTEGER NOT NULL,
    max_choices  INTEGER NOT NULL,
    rule         TEXT NOT NULL
) STRICT;

CREATE TABLE projects (
    ballot_id TEXT NOT NULL REFERENCES ballots(id),
    id        TEXT NOT NULL,
    position  INTEGER NOT NULL,
    title     TEXT NOT NULL,
    summary   TEXT NOT NULL,
    theme     TEXT NOT NULL,
    cost_yuan INTEGER NOT NULL CHECK (cost_yuan >= 0),
    PRIMARY KEY (ballot_id, id)
) STRICT;

CREATE TABLE users (
    username      TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL
) STRICT;

-- community_id '*' means every community.
CREATE TABLE user_roles (
    username     TEXT NOT NULL REFERENCES users(username),
    community_id TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('committee', 'district_admin')),
    PRIMARY KEY (username, community_id)
) STRICT;

-- Only the SHA-256 of a session token is kept, so a copied database opens no session.
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    username     TEXT NOT NULL REFERENCES users(username),
    expires_at   INTEGER NOT NULL
) STRICT;
