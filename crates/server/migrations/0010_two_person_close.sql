-- Closing a ballot before its announced time takes two committee members: the first one's
-- request waits here until a second, named member confirms it. The scheduled close needs nobody.
ALTER TABLE ballots ADD COLUMN close_requested_by TEXT;
ALTER TABLE ballots ADD COLUMN close_requested_at TEXT;
-- The first-run district account is shared by whoever installed Linli: it may act, but never be
-- the second person who confirms another's step.
ALTER TABLE users ADD COLUMN shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1));
UPDATE users SET shared = 1 WHERE username = 'admin'
    AND EXISTS (SELECT 1 FROM user_roles r WHERE r.username = 'admin' AND r.community_id = '*');
