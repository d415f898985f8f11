//! The greedy rules: projects in order of score, funded while the budget lasts.

use std::cmp::Ordering;

use super::score::Score;
use crate::pabulib::Project;

/// What a greedy rule does with a project that no longer fits in the budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum WhenTooExpensive {
    /// Pass over it and try the next one (`greedy`, `greedy-threshold`).
    Skip,
    /// Stop counting (`greedy-no-skip`).
    Stop,
}

/// Which of two projects with equal scores a greedy rule considers first.
///
/// The format has no META key for it, and cities rarely publish theirs, so the default is the
/// cheaper project (which funds more projects when scores tie). In the corpus both ties that
/// decide an official outcome (Gdynia 2020 Babie Doły, Łódź 2024 Katedralna) went the other
/// way, to the dearer project, which also has the lower id; `tally --explain` finds such ties.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TieBreak {
    /// The cheaper project, then the lower id.
    #[default]
    CheaperFirst,
    /// The dearer project, then the lower id.
    DearerFirst,
    /// The lower project id in natural order (`c2` before `c10`), whatever the cost.
    LowerIdFirst,
}

impl TieBreak {
    pub const ALL: [TieBreak; 3] = [
        TieBreak::CheaperFirst,
        TieBreak::DearerFirst,
        TieBreak::LowerIdFirst,
    ];

    /// The name `tally --tie-break` takes.
    pub fn name(self) -> &'static str {
        match self {
            TieBreak::CheaperFirst => "cheaper",
            TieBreak::DearerFirst => "dearer",
            TieBreak::LowerIdFirst => "id",
        }
    }

    pub fn from_name(name: &str) -> Option<TieBreak> {
        TieBreak::ALL.into_iter().find(|tie| tie.name() == name)
    }

    /// Words for a person: "the cheaper project first".
    pub fn describe(self) -> &'static str {
        match self {
            TieBreak::CheaperFirst => "the cheaper project first",
            TieBreak::DearerFirst => "the dearer project first",
            TieBreak::LowerIdFirst => "the lower project id first",
        }
    }
}

/// The order in which greedy rules consider projects: higher score first; among equal scores as
/// `tie_break` says, and last by id in natural order, so the order never depends on the file's.
pub(super) fn ranking(
    projects: &[Project],
    scores: &[Score],
    costs: &[u128],
    tie_break: TieBreak,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..projects.len()).collect();
    order.sort_by(|&a, &b| {
        let by_cost = match tie_break {
            TieBreak::CheaperFirst => costs[a].cmp(&costs[b]),
            TieBreak::DearerFirst => costs[b].cmp(&costs[a]),
            TieBreak::LowerIdFirst => Ordering::Equal,
        };
        scores[b]
            .cmp(&scores[a])
            .then(by_cost)
            .then_with(|| natural_order(&projects[a].id, &projects[b].id))
    });
    order
}

/// Funds the projects in `order` while the budget lasts; returns them in the order funded.
pub(super) fn select(
    order: impl IntoIterator<Item = usize>,
    costs: &[u128],
    budget: u128,
    when_too_expensive: WhenTooExpensive,
) -> Vec<usize> {
    let mut spent: u128 = 0;
    let mut funded = Vec::new();
    for project in order {
        // `spent` never exceeds `budget`, so `budget - spent` cannot underflow.
        if costs[project] <= budget - spent {
            spent += costs[project];
            funded.push(project);
        } else if when_too_expensive == WhenTooExpensive::Stop {
            break;
        }
    }
    funded
}

/// Compares ids as people sort them: runs of digits by their value, everything else by character.
pub(super) fn natural_order(a: &str, b: &str) -> Ordering {
    let mut left = a.as_bytes();
    let mut right = b.as_bytes();
    loop {
        match (left.first(), right.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(l), Some(r)) if l.is_ascii_digit() && r.is_ascii_digit() => {
                let (left_run, left_rest) = split_digits(left);
                let (right_run, right_rest) = split_digits(right);
                let left_value = trim_zeros(left_run);
                let right_value = trim_zeros(right_run);
                let by_value = left_value
                    .len()
                    .cmp(&right_value.len())
                    .then(left_value.cmp(right_value));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                left = left_rest;
                right = right_rest;
            }
            (Some(l), Some(r)) => {
                if l != r {
                    return l.cmp(r);
                }
                left = &left[1..];
                right = &right[1..];
            }
        }
    }
}

fn split_digits(text: &[u8]) -> (&[u8], &[u8]) {
    let end = text
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits
        .iter()
        .position(|&b| b != b'0')
        .unwrap_or(digits.len());
    &digits[start..]
}
