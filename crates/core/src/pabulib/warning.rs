//! What the reader tolerates in a file that follows the format as Pabulib's own files use it,
//! reported as data ([`ReadWarning`]) so that a command prints it and an import shows it.

use std::fmt;
use std::mem::discriminant;

use super::decimal::Decimal;
use super::selected::{OtherFunding, Selected};

/// One kind of thing the reader tolerated: where it first happened, how often, and what it was
/// the first time. One warning per kind keeps a file with thousands of repeats readable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadWarning {
    /// The line (counting from 1) of the first occurrence.
    pub line: usize,
    /// How many lines have it, the first included.
    pub count: usize,
    pub kind: WarningKind,
}

/// What was tolerated, as it was the first time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarningKind {
    /// A ballot names the same project more than once; it is counted once. Pabulib's checker
    /// flags it, and its files keep such ballots as cast (Amsterdam 604, Warszawa 2026 Bródno).
    RepeatedProjectInBallot {
        voter_id: String,
        project_id: String,
    },
    /// A `selected` of 2 or 3: funded for another reason than the rule, kept as recorded.
    FundedOutsideRule {
        project_id: String,
        value: OtherFunding,
    },
    /// META `leftover_budget` says something other than funding more projects by score; the
    /// leftover is not spent.
    LeftoverNotUnderstood { text: String },
    /// A project costs less than META `min_project_cost`; it is kept and counted.
    CheaperThanMinimum {
        project_id: String,
        cost: Decimal,
        minimum: Decimal,
    },
    /// A ballot approves more in one category than META `max_sum_cost_per_category` allows
    /// (Amsterdam's ballot form enforces it); the ballot is counted as cast.
    BallotOverCategoryLimit {
        voter_id: String,
        category: String,
        /// What the ballot approves in the category; `None` when the sum is too large to write.
        cost: Option<Decimal>,
        limit: Decimal,
    },
}

impl fmt::Display for ReadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.kind)?;
        match self.count {
            1 => Ok(()),
            2 => write!(f, " (and on 1 more line)"),
            more => write!(f, " (and on {} more lines)", more - 1),
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::RepeatedProjectInBallot {
                voter_id,
                project_id,
            } => write!(
                f,
                "voter {voter_id:?} names project {project_id:?} more than once; it is counted once"
            ),
            WarningKind::FundedOutsideRule { project_id, value } => {
                let code = Selected::Otherwise(*value).code();
                write!(
                    f,
                    "project {project_id:?} has selected {code}: funded for another reason than \
                     the rule (META comment may say which); kept as recorded, not counted among \
                     the rule's winners"
                )
            }
            WarningKind::LeftoverNotUnderstood { text } => write!(
                f,
                "META leftover_budget {text:?} is not \"Fund additional projects that fit within \
                 leftover budget ordered by score\", the one way of spending it this tally \
                 knows; the leftover is not spent"
            ),
            WarningKind::CheaperThanMinimum {
                project_id,
                cost,
                minimum,
            } => write!(
                f,
                "project {project_id:?} costs {cost}, under META min_project_cost {minimum}; it \
                 is kept and counted"
            ),
            WarningKind::BallotOverCategoryLimit {
                voter_id,
                category,
                cost,
                limit,
            } => {
                let cost = cost.map_or("more than can be written".to_string(), |c| c.to_string());
                write!(
                    f,
                    "voter {voter_id:?} approves {cost} of projects in category {category:?}, \
                     over META max_sum_cost_per_category {limit}; the ballot is counted as cast"
                )
            }
        }
    }
}

/// The warnings of one file as the reader finds them, each with the last line it was on, so
/// that a line with two repeats counts once.
#[derive(Default)]
pub(super) struct Warnings(Vec<(ReadWarning, usize)>);

impl Warnings {
    pub(super) fn add(&mut self, line: usize, kind: WarningKind) {
        let same_kind = self
            .0
            .iter_mut()
            .find(|(warning, _)| discriminant(&warning.kind) == discriminant(&kind));
        match same_kind {
            Some((_, last_line)) if *last_line == line => {}
            Some((warning, last_line)) => {
                warning.count += 1;
                *last_line = line;
            }
            None => self.0.push((
                ReadWarning {
                    line,
                    count: 1,
                    kind,
                },
                line,
            )),
        }
    }

    pub(super) fn into_vec(self) -> Vec<ReadWarning> {
        self.0.into_iter().map(|(warning, _)| warning).collect()
    }
}
