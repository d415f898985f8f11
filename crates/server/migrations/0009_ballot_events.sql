-- What happened to each ballot, in order, as its results page shows it: opened, each batch of
-- codes (how many, never the codes), closed early, paper ballots confirmed. `actor` is the
-- committee member's username, kept for the committee and the audit trail, not published.
CREATE TABLE ballot_events (
    id        INTEGER PRIMARY KEY,
    ballot_id TEXT NOT NULL REFERENCES ballots(id),
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL
              CHECK (kind IN ('opened', 'codes_issued', 'closed_early', 'paper_confirmed')),
    actor     TEXT NOT NULL,
    count     INTEGER CHECK (count IS NULL OR count > 0)
) STRICT;
CREATE INDEX ballot_events_by_ballot ON ballot_events(ballot_id, id);
