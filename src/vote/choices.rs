//! A voter's choices on one ballot, checked with the same rules the server applies
//! (`linli_core::selection`), and the plain sentence for a choice that does not fit.

use linli_api::{Ballot, BallotKind};
use linli_core::selection::{BallotRules, Choice, Limits, SelectionError, ValidSelection};

use crate::i18n::{Locale, Strings, fill, money};

/// The ballot's projects and rules, as the selection check needs them.
#[derive(Clone, Debug)]
pub(crate) struct BallotChoices {
    projects: Vec<(String, u64)>,
    /// `None` only for a definition the server would not have accepted; it then decides alone.
    rules: Option<BallotRules>,
}

impl BallotChoices {
    pub(crate) fn new(ballot: &Ballot) -> BallotChoices {
        let limits = match (ballot.summary.kind, ballot.budget_yuan) {
            (BallotKind::Budget, Some(budget_yuan)) => Limits::Budget {
                budget_yuan,
                min_share_percent: ballot.min_budget_share_percent,
            },
            _ => Limits::Approval,
        };
        BallotChoices {
            projects: ballot
                .projects
                .iter()
                .map(|p| (p.id.clone(), p.cost_yuan))
                .collect(),
            rules: BallotRules::new(
                limits,
                ballot.min_choices,
                ballot.max_choices,
                ballot.projects.len(),
            )
            .ok(),
        }
    }

    /// The budget, for budget ballots.
    pub(crate) fn budget(&self) -> Option<u64> {
        match self.rules?.limits() {
            Limits::Budget { budget_yuan, .. } => Some(budget_yuan),
            Limits::Approval => None,
        }
    }

    pub(crate) fn total(&self, chosen: &[String]) -> u64 {
        self.projects
            .iter()
            .filter(|(id, _)| chosen.contains(id))
            .map(|(_, cost)| cost)
            .sum()
    }

    /// The whole check, as the server will make it: before the vote button sends anything.
    pub(crate) fn check(&self, chosen: &[String]) -> Result<ValidSelection, SelectionError> {
        let Some(rules) = self.rules else {
            return Ok(ValidSelection {
                project_ids: chosen.to_vec(),
                total_yuan: self.total(chosen),
            });
        };
        let projects: Vec<Choice<'_>> = self
            .projects
            .iter()
            .map(|(id, cost_yuan)| Choice {
                id,
                cost_yuan: *cost_yuan,
            })
            .collect();
        rules.check(&projects, chosen)
    }

    /// What to say while the voter is still choosing: only what adding a project can break.
    /// Too few choices, or too little of the budget, waits for the vote button.
    pub(crate) fn live_problem(&self, chosen: &[String]) -> Option<SelectionError> {
        match self.check(chosen) {
            Err(error @ (SelectionError::OverBudget { .. } | SelectionError::TooMany { .. })) => {
                Some(error)
            }
            _ => None,
        }
    }
}

/// The sentence for a selection that does not fit: "超出预算 3.2万元" / "Over budget by ¥32,000".
pub(crate) fn selection_text(t: &Strings, locale: Locale, error: &SelectionError) -> String {
    match error {
        SelectionError::OverBudget {
            budget_yuan,
            total_yuan,
        } => fill(
            t.vote_over_budget,
            &[("amount", &money(locale, total_yuan - budget_yuan))],
        ),
        SelectionError::TooMany { max, .. } => fill(t.vote_too_many, &[("max", &max.to_string())]),
        SelectionError::TooFew { min, .. } => fill(t.vote_too_few, &[("min", &min.to_string())]),
        SelectionError::BelowMinimumShare { needed_yuan, .. } => fill(
            t.vote_below_share,
            &[("needed", &money(locale, *needed_yuan))],
        ),
        // Only a stale page can send an id the ballot does not have; the server says which.
        SelectionError::UnknownProject { .. } | SelectionError::DuplicateProject { .. } => {
            t.error_server.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_api::{BallotStatus, BallotSummary, Project};

    fn ballot(kind: BallotKind, max_choices: u32) -> Ballot {
        let project = |id: &str, cost_yuan| Project {
            id: id.into(),
            title: id.into(),
            summary: String::new(),
            theme: String::new(),
            cost_yuan,
            location: String::new(),
            photo_url: None,
            description: String::new(),
        };
        Ballot {
            summary: BallotSummary {
                id: "b".into(),
                community_id: "c".into(),
                title: "t".into(),
                status: BallotStatus::Open,
                kind,
                opens_at: String::new(),
                closes_at: String::new(),
                project_count: 3,
            },
            explanation: String::new(),
            budget_yuan: Some(500_000),
            min_choices: 1,
            max_choices,
            rule: "greedy".into(),
            min_budget_share_percent: 0,
            min_project_score: None,
            open_poll: false,
            projects: vec![
                project("p1", 180_000),
                project("p2", 300_000),
                project("p3", 52_000),
            ],
            sample_data: true,
        }
    }

    fn ids(chosen: &[&str]) -> Vec<String> {
        chosen.iter().map(|id| id.to_string()).collect()
    }

    fn check(choices: &BallotChoices, chosen: &[&str], expected: Option<(&str, &str)>) {
        let problem = choices.live_problem(&ids(chosen));
        let texts = problem.map(|error| {
            (
                selection_text(Locale::ZhCn.strings(), Locale::ZhCn, &error),
                selection_text(Locale::En.strings(), Locale::En, &error),
            )
        });
        assert_eq!(
            texts.as_ref().map(|(zh, en)| (zh.as_str(), en.as_str())),
            expected,
            "{chosen:?}"
        );
    }

    #[test]
    fn a_budget_ballot_says_by_how_much_a_choice_is_over() {
        let choices = BallotChoices::new(&ballot(BallotKind::Budget, 3));
        assert_eq!(choices.budget(), Some(500_000));
        check(&choices, &[], None);
        check(&choices, &["p1", "p2"], None);
        check(
            &choices,
            &["p1", "p2", "p3"],
            Some(("超出预算 3.2万元", "Over budget by ¥32,000")),
        );
        assert_eq!(choices.total(&ids(&["p1", "p3"])), 232_000);
        // Too few waits for the vote button, which runs the whole check.
        assert!(matches!(
            choices.check(&[]),
            Err(SelectionError::TooFew { min: 1, chosen: 0 })
        ));
    }

    #[test]
    fn an_approval_ballot_counts_choices_and_ignores_money() {
        let choices = BallotChoices::new(&ballot(BallotKind::Approval, 2));
        assert_eq!(choices.budget(), None);
        check(&choices, &["p1", "p2"], None);
        check(
            &choices,
            &["p1", "p2", "p3"],
            Some(("最多选 2 个项目", "Choose at most 2 projects")),
        );
    }
}
