-- Indexes for the statements the hot pages make, found by tests/api/query_plans.rs: without
-- them each read the whole table, a cost that grows with the district.

-- A report's timeline (tracking page, committee page, Open311's request).
CREATE INDEX request_updates_by_request ON request_updates(request_id, id);

-- A community's queue in due order, and the district's queue walked in due order.
CREATE INDEX service_requests_by_community_due ON service_requests(community_id, expected_at);
CREATE INDEX service_requests_by_due ON service_requests(expected_at);

-- The buildings near a free report's position, which say its community.
CREATE INDEX buildings_by_position ON buildings(lat, lon);

-- The district's queue filtered by status, in due order.
CREATE INDEX service_requests_by_status_due ON service_requests(status, expected_at);

-- Ended sessions, removed at each sign-in.
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

-- The committee's rates for one month: that month's reports, not every report.
CREATE INDEX service_requests_by_time ON service_requests(requested_at);
