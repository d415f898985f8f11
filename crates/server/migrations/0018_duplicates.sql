-- Duplicates (issue #26): a report marked `duplicate` names its original. Merging moves its
-- "me too" supporters there (a browser that supported both counts once); reopening the
-- duplicate clears the link and leaves the moved supporters on the original. A merge always
-- names the root of a chain, and the reports merged into a report that is merged in turn are
-- pointed on to the new root, so a link is never more than one step long.
ALTER TABLE service_requests ADD COLUMN duplicate_of INTEGER REFERENCES service_requests(id);
CREATE INDEX service_requests_by_original ON service_requests(duplicate_of)
    WHERE duplicate_of IS NOT NULL;
