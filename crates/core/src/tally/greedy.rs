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

/// The most a greedy count may spend: the budget, and each category's cap when the file
/// declares per-category budgets, all in the smallest unit of money (see `Money`).
pub(super) struct Limits<'m> {
    pub(super) budget: u128,
    pub(super) categories: Option<&'m CategoryCaps>,
    /// Whether to fund, after the rule, more projects by score with what is left of the budget,
    /// the caps no longer applying (META `leftover_budget`).
    pub(super) leftover_by_score: bool,
}

/// META `budget_per_category` as a count applies it.
pub(super) struct CategoryCaps {
    /// Each category's cap, in the order of META `categories`.
    pub(super) caps: Vec<u128>,
    /// Each project's category, as a position in `caps`.
    pub(super) category_of: Vec<usize>,
}

/// What a greedy count funded, each part in the order funded.
#[derive(Debug, Default)]
pub(super) struct Funded {
    /// By the rule: projects that fit in what was left of both the budget and their category's cap.
    pub(super) by_rule: Vec<usize>,
    /// Then from the leftover, by score, without the caps.
    pub(super) from_leftover: Vec<usize>,
}

/// Funds the projects in `order` while the money lasts.
///
/// With per-category caps, a project is funded only if it fits in what is left of the budget and
/// of its category's cap. `greedy-no-skip` stops at the first project that does not fit in the
/// budget, and closes a category at its first project that does not fit in its cap: the caps
/// split the count into one count a category, and ending them all at one category's cap would
/// leave the others' money unspent for no reason the file gives. Then, when `limits` says so,
/// the projects not yet funded are taken again in the same order and funded while what is left
/// of the budget lasts, as the same rule does, ignoring the caps.
pub(super) fn select(
    order: &[usize],
    costs: &[u128],
    limits: &Limits<'_>,
    when_too_expensive: WhenTooExpensive,
) -> Funded {
    let stop = when_too_expensive == WhenTooExpensive::Stop;
    let mut left = limits.budget;
    // What each category may still spend; `None` once greedy-no-skip has closed it.
    let mut category_left: Vec<Option<u128>> = limits
        .categories
        .map(|categories| categories.caps.iter().copied().map(Some).collect())
        .unwrap_or_default();
    let mut funded = Funded::default();
    let mut is_funded = vec![false; costs.len()];
    for &project in order {
        let cost = costs[project];
        if cost > left {
            if stop {
                break;
            }
            continue;
        }
        if let Some(categories) = limits.categories {
            let cap_left = &mut category_left[categories.category_of[project]];
            match cap_left {
                Some(cap_left) if cost <= *cap_left => *cap_left -= cost,
                _ => {
                    if stop {
                        *cap_left = None;
                    }
                    continue;
                }
            }
        }
        left -= cost;
        is_funded[project] = true;
        funded.by_rule.push(project);
    }
    if limits.leftover_by_score {
        for &project in order.iter().filter(|&&project| !is_funded[project]) {
            if costs[project] <= left {
                left -= costs[project];
                funded.from_leftover.push(project);
            } else if stop {
                break;
            }
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
