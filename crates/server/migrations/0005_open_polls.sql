-- Open polls (非约束性意见征集): ballots without voting codes whose outcome is advisory only, with
-- one vote per device. A device is known only by a keyed hash of the random id its browser keeps,
-- per ballot, and the table has no time and no link to the vote (WITHOUT ROWID, keyed by the
-- hash), so it cannot tell which vote a device cast.
ALTER TABLE ballots ADD COLUMN open_poll INTEGER NOT NULL DEFAULT 0 CHECK (open_poll IN (0, 1));

CREATE TABLE poll_devices (
    ballot_id   TEXT NOT NULL REFERENCES ballots(id),
    device_hash TEXT NOT NULL,
    PRIMARY KEY (ballot_id, device_hash)
) STRICT, WITHOUT ROWID;
