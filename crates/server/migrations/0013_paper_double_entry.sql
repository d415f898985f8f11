-- Paper ballots by double entry: two named committee members key the same paper ballot
-- independently, and it counts when their keyings agree; when they differ it waits for a third
-- member's keying, or a member rejects it with a reason. Who keyed and who decided is kept; what
-- the ballot chose and the code it carried are dropped once it is decided, so a counted paper
-- vote is as unlinked from its code as a phone vote is.
CREATE TABLE paper_ballots (
    id         INTEGER PRIMARY KEY,
    ballot_id  TEXT NOT NULL REFERENCES ballots(id),
    -- Set while the paper ballot waits; NULL once it is counted, rejected or superseded.
    code_hash  TEXT REFERENCES voting_codes(code_hash),
    status     TEXT NOT NULL
               CHECK (status IN ('awaiting', 'disputed', 'counted', 'rejected', 'superseded')),
    decided_by TEXT REFERENCES users(username),
    decided_at TEXT,
    reason     TEXT,
    CHECK ((code_hash IS NULL) = (status IN ('counted', 'rejected', 'superseded'))),
    CHECK ((decided_at IS NULL) = (status IN ('awaiting', 'disputed')))
) STRICT;
CREATE INDEX paper_ballots_by_ballot ON paper_ballots(ballot_id, id);
CREATE UNIQUE INDEX one_waiting_paper_ballot_per_code ON paper_ballots(code_hash)
    WHERE code_hash IS NOT NULL;

-- One member's reading of one paper ballot; `selections` is emptied once the ballot is decided.
CREATE TABLE paper_keyings (
    id         INTEGER PRIMARY KEY,
    paper_id   INTEGER NOT NULL REFERENCES paper_ballots(id),
    keyed_by   TEXT NOT NULL REFERENCES users(username),
    keyed_at   TEXT NOT NULL,
    selections TEXT NOT NULL,
    UNIQUE (paper_id, keyed_by)
) STRICT;

-- An entry waiting for confirmation becomes a paper ballot keyed once.
INSERT INTO paper_ballots (id, ballot_id, code_hash, status)
    SELECT id, ballot_id, code_hash, 'awaiting' FROM paper_entries;
INSERT INTO paper_keyings (paper_id, keyed_by, keyed_at, selections)
    SELECT id, entered_by, entered_at, selections FROM paper_entries;
DROP TABLE paper_entries;

-- The ballot's history also records paper ballots rejected; SQLite changes a CHECK only by
-- building the table anew.
CREATE TABLE ballot_events_new (
    id        INTEGER PRIMARY KEY,
    ballot_id TEXT NOT NULL REFERENCES ballots(id),
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN
              ('opened', 'codes_issued', 'closed_early', 'paper_confirmed', 'paper_rejected')),
    actor     TEXT NOT NULL,
    count     INTEGER CHECK (count IS NULL OR count > 0)
) STRICT;
INSERT INTO ballot_events_new SELECT id, ballot_id, at, kind, actor, count FROM ballot_events;
DROP TABLE ballot_events;
ALTER TABLE ballot_events_new RENAME TO ballot_events;
CREATE INDEX ballot_events_by_ballot ON ballot_events(ballot_id, id);
