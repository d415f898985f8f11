-- A vote sent again after its answer was lost: the client's Idempotency-Key, as a keyed hash per
-- ballot, names the receipt it was counted under, so the resend is answered with that receipt
-- instead of "this code is already used". It names no code: a vote stays unlinked from the code
-- that cast it, and only the device that made the key (which lives only until it shows the
-- receipt) can ask.
CREATE TABLE vote_resends (
    key_hash  TEXT PRIMARY KEY,
    ballot_id TEXT NOT NULL REFERENCES ballots(id),
    receipt   TEXT NOT NULL REFERENCES votes(receipt)
) STRICT, WITHOUT ROWID;
