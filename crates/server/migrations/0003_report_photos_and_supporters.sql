-- Photos of a report (JPEG, metadata removed before storing) and the residents who said
-- "me too" on an open report. A supporter is kept as a hash of a random per-browser id, so the
-- same phone cannot add itself twice and nothing identifies the person.

CREATE TABLE request_photos (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES service_requests(id),
    -- Random and unguessable: the photo's URL does not reveal how many photos exist.
    token       TEXT NOT NULL UNIQUE,
    position    INTEGER NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    jpeg        BLOB NOT NULL,
    UNIQUE (request_id, position)
) STRICT;

CREATE TABLE request_supporters (
    request_id     INTEGER NOT NULL REFERENCES service_requests(id),
    device_sha256  TEXT NOT NULL,
    supported_at   TEXT NOT NULL,
    PRIMARY KEY (request_id, device_sha256)
) STRICT;
