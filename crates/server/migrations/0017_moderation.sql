-- Moderation (issue #24): a committee member hides what a resident published — a report's
-- description, each photo, a reopening's reason — from every public view, with a reason the
-- reporter reads on the tracking page. NULL: shown. Hidden words and photos stay for the
-- committee; a blurred photo replaces the original, which is not kept.
ALTER TABLE service_requests ADD COLUMN description_hidden_reason TEXT;
ALTER TABLE service_requests ADD COLUMN description_hidden_at TEXT;
ALTER TABLE request_photos ADD COLUMN hidden_reason TEXT;
ALTER TABLE request_photos ADD COLUMN hidden_at TEXT;
ALTER TABLE request_photos ADD COLUMN blurred INTEGER NOT NULL DEFAULT 0;
ALTER TABLE request_updates ADD COLUMN hidden_reason TEXT;
ALTER TABLE request_updates ADD COLUMN hidden_at TEXT;
