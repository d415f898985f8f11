-- The households a ballot is for, as the committee declares it before opening; when it is not
-- declared, the households of the community's buildings. Voting codes are never made for more.
ALTER TABLE ballots ADD COLUMN electorate INTEGER CHECK (electorate IS NULL OR electorate > 0);
