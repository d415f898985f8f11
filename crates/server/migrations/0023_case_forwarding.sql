-- The city's systems (issue #26, "The city's systems": Beijing's 12345 / 数字城管 case intake).
--
-- Outbound: one row per new report and per public change to forward to the district's case
-- system, written in the same transaction as the report or the change, and only when forwarding
-- is configured. `dedupe_key` (`case:{report}:created`, `case:{report}:update:{update}`) makes one
-- event one row, and is the `Idempotency-Key` the endpoint receives. `payload` is the event's
-- public fields as they were when it happened (never the reporter's phone); the external case
-- number is read from the report when the row is sent, since a change can be queued before the
-- report's first delivery has answered with it.
CREATE TABLE case_outbox (
    id INTEGER PRIMARY KEY,
    dedupe_key TEXT NOT NULL UNIQUE,
    event TEXT NOT NULL CHECK (event IN ('report.created', 'report.updated')),
    request_id INTEGER NOT NULL REFERENCES service_requests(id),
    update_id INTEGER REFERENCES request_updates(id),
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    delivered_at TEXT,
    failed_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX case_outbox_due ON case_outbox(next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX case_outbox_by_request ON case_outbox(request_id, id);

-- The case number the city's system gave the report (its `service_request_id`, or a JSON
-- webhook's `external_id`).
ALTER TABLE service_requests ADD COLUMN external_id TEXT;

-- What a key may do: `client` files reports as a resident's app does (every key before this
-- migration); `case_intake` belongs to a city system and may only post updates to reports.
ALTER TABLE api_keys ADD COLUMN scope TEXT NOT NULL DEFAULT 'client'
    CHECK (scope IN ('client', 'case_intake'));

-- Inbound: an update a city system posted names the key that sent it (the first 12 hex digits of
-- its hash) and the system's own update id, so that a repeated update_id is stored once.
ALTER TABLE request_updates ADD COLUMN external_key TEXT;
ALTER TABLE request_updates ADD COLUMN external_update_id TEXT;
CREATE UNIQUE INDEX request_updates_external
    ON request_updates(external_key, external_update_id) WHERE external_update_id IS NOT NULL;
