-- An Idempotency-Key belongs to the client that sent it: from now on `idempotency_key` holds
-- SHA-256(the API key's SHA-256, the client's key), so another submitter who sends the same
-- Idempotency-Key under another API key makes a report of their own, and the body's hash, so the
-- same key with a different body is refused instead of answered with someone else's report.
-- Keys stored before this migration were matched across all submitters; they are dropped
-- rather than kept under a scope they never had.
ALTER TABLE service_requests ADD COLUMN idempotency_body_sha256 TEXT;
UPDATE service_requests SET idempotency_key = NULL;
