-- A community's ballots, latest closing first: the residents' list of ballots is now one
-- community's (`ballots/by-community/{id}.json`), and without this it read every ballot of the
-- district (tests/api/query_plans.rs).
CREATE INDEX ballots_by_community ON ballots(community_id, closes_at);
