//! Winners of a vote on a project list, by the rule the ballot declared.
