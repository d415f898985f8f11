-- Codes for a ballot that is already open take two committee members: the first one's request
-- waits here until a second, named member confirms it, and the codes are made then.
CREATE TABLE code_requests (
    id           INTEGER PRIMARY KEY,
    ballot_id    TEXT NOT NULL REFERENCES ballots(id),
    count        INTEGER NOT NULL CHECK (count > 0),
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL
) STRICT;
CREATE INDEX code_requests_by_ballot ON code_requests(ballot_id);
