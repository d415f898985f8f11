//! Reading and writing participatory-budgeting elections in the Pabulib `.pb` format
//! (<https://pabulib.org/format>), which research and other platforms use to exchange elections.
//!
//! A file has three sections: META (`key;value` lines: budget, vote type, rule…), PROJECTS
//! (a header, then one project a line: id, cost, name, the official `selected` outcome and any
//! other columns) and VOTES (a header, then one ballot a line: voter id, the comma-separated ids
//! voted for, and `points` for cumulative and scoring ballots). In reading order: exact amounts
//! ([`Decimal`]), the election itself ([`Election`], [`Meta`], [`Project`], [`Selected`],
//! [`Vote`]), the reader and its errors ([`Election::parse`], [`ParseError`]), what it tolerated
//! ([`ReadWarning`]), and the writer ([`Election::to_pb`], [`Election::build`]).

mod decimal;
mod election;
mod read;
mod selected;
mod warning;
mod write;

pub use decimal::{Decimal, DecimalError};
pub use election::{
    CATEGORY, COST, Election, Meta, NAME, POINTS, PROJECT_ID, Project, SELECTED, VOTE, VOTER_ID,
    Vote, VoteType,
};
pub use read::{ParseError, ParseErrorKind, Section};
pub use selected::{OtherFunding, Selected};
pub use warning::{ReadWarning, WarningKind};
pub use write::NewElection;

#[cfg(test)]
mod tests;
