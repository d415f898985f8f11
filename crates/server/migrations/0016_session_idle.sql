-- A committee session ends after a time without requests as well as at its absolute end: each
-- session remembers when it was last used. Sessions open at the upgrade count as used now.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = CAST(strftime('%s', 'now') AS INTEGER);
