-- The district's message gateway (issue #26, "Residents are told"; issue #21 reuses it): one row
-- per text message to send. A row names the report, never the phone number: the worker opens the
-- report's `phone_cipher` when it sends, so a phone number erased (phone_erasure) or a reporter's
-- "stop messages" also stops what is still pending. `dedupe_key` makes one change one message,
-- and is the `Idempotency-Key` the gateway receives.
CREATE TABLE message_outbox (
    id INTEGER PRIMARY KEY,
    dedupe_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    request_id INTEGER NOT NULL REFERENCES service_requests(id),
    text TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    delivered_at TEXT,
    failed_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX message_outbox_due ON message_outbox(next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
-- The reporter's "stop messages" from the tracking page.
ALTER TABLE service_requests ADD COLUMN messages_stopped INTEGER NOT NULL DEFAULT 0;
