-- Votes: a project library per community, ballot limits, one-time voting codes (keyed hashes
-- only), anonymous votes with their receipts, and paper ballots waiting for a second person.

CREATE TABLE library_projects (
    id           INTEGER PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities(id),
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    theme        TEXT NOT NULL CHECK (theme IN ('邻里和谐', '文化创意', '运动健康', '绿色生态')),
    location     TEXT NOT NULL DEFAULT '',
    cost_yuan    INTEGER NOT NULL CHECK (cost_yuan >= 0),
    photo_url    TEXT,
    description  TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX library_projects_by_community ON library_projects(community_id);

-- A ballot's projects are copies of library projects, so editing the library never changes a
-- ballot that residents have seen.
ALTER TABLE projects ADD COLUMN location TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN photo_url TEXT;
ALTER TABLE projects ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN library_id INTEGER REFERENCES library_projects(id);

ALTER TABLE ballots ADD COLUMN min_budget_share_percent INTEGER NOT NULL DEFAULT 0
    CHECK (min_budget_share_percent BETWEEN 0 AND 100);
ALTER TABLE ballots ADD COLUMN min_project_score INTEGER;
-- When a committee closed the ballot before its closing time.
ALTER TABLE ballots ADD COLUMN closed_at TEXT;

-- The code itself is never stored: only an HMAC of it under the server's key file.
CREATE TABLE voting_codes (
    code_hash     TEXT PRIMARY KEY,
    ballot_id     TEXT NOT NULL REFERENCES ballots(id),
    issued_at     TEXT NOT NULL,
    spent_at      TEXT,
    spent_channel TEXT CHECK (spent_channel IN ('phone', 'kiosk', 'paper')),
    CHECK ((spent_at IS NULL) = (spent_channel IS NULL))
) STRICT;
CREATE INDEX voting_codes_by_ballot ON voting_codes(ballot_id, spent_channel);

-- A vote keeps no link to its code and no time; keyed by its random receipt (WITHOUT ROWID), so
-- not even the storage order tells which code it came from.
CREATE TABLE votes (
    receipt    TEXT PRIMARY KEY,
    ballot_id  TEXT NOT NULL REFERENCES ballots(id),
    channel    TEXT NOT NULL CHECK (channel IN ('phone', 'kiosk', 'paper')),
    -- Project ids in ballot order, comma-separated (ids never hold a comma).
    selections TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX votes_by_ballot ON votes(ballot_id);

-- A paper ballot entered by one committee member; it counts only when another confirms it.
CREATE TABLE paper_entries (
    id         INTEGER PRIMARY KEY,
    ballot_id  TEXT NOT NULL REFERENCES ballots(id),
    code_hash  TEXT NOT NULL UNIQUE REFERENCES voting_codes(code_hash),
    selections TEXT NOT NULL,
    entered_by TEXT NOT NULL REFERENCES users(username),
    entered_at TEXT NOT NULL
) STRICT;
CREATE INDEX paper_entries_by_ballot ON paper_entries(ballot_id);
