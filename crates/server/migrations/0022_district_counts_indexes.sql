-- Indexes that let the committee's pages at district size read an index alone, measured by
-- `./linli bench-scale` (docs/benchmarks.md): each replaces a visit to every row's table page.

-- One community's queue filtered by status, in due order: the status index alone walked every
-- report with that status in the district (tens of thousands) to keep one community's.
CREATE INDEX service_requests_by_community_status_due
    ON service_requests(community_id, status, expected_at);

-- The dashboard's components being repaired, and its households, per community: counted in the
-- index instead of read from each of the district's components and buildings.
CREATE INDEX components_by_community_state ON components(community_id, state);
CREATE INDEX buildings_by_community_households ON buildings(community_id, households);
