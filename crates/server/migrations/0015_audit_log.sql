-- The audit trail: every committee and district action, appended with who, when, from where and
-- what changed. Each entry carries the SHA-256 of the one before it (entry 1 that of 64 zeros),
-- computed over its own fields, so an entry edited or removed from the middle breaks the chain
-- that `linli-server audit-verify` checks. The triggers refuse UPDATE and DELETE to anyone who
-- goes through SQLite without dropping them first.
CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,
    -- RFC 3339 to the second, Beijing time (+08:00) as every other time Linli shows.
    at           TEXT NOT NULL,
    -- A committee account's username, or '(command line)' for the server's own commands.
    actor        TEXT NOT NULL,
    -- The client address the request came from, when it came over HTTP.
    address      TEXT,
    -- The community the action concerns; NULL for the district's own (places, keys, sign-ins).
    community_id TEXT,
    action       TEXT NOT NULL,
    -- What was acted on: a ballot, a report, a kiosk, an account.
    subject      TEXT,
    -- What changed, as a JSON object; never a voting code, password or phone number.
    detail       TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE
) STRICT;

CREATE INDEX audit_log_by_community ON audit_log (community_id, seq);

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
