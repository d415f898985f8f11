//! Winners of a vote on a project list, by the rule the ballot declared.
//!
//! A tally reads an [`Election`] (see [`crate::pabulib`]), scores its projects from the ballots
//! ([`scores`]), and applies one [`Rule`]: the greedy rules by score within the budget (skipping
//! projects that do not fit, stopping at the first, or only among projects over a threshold), or
//! the Method of Equal Shares with the `add1` completion. [`tally`] returns the funded projects in
//! the order the rule chose them ([`Outcome`]). Money is exact throughout the greedy rules (costs
//! are compared as integers in the smallest unit the file writes), so a budget of `0.3` does fund
//! projects of `0.1` and `0.2`.
//!
//! [`tally_with`] takes [`Options`]: another tie-break, or projects to pass over; [`explain`] uses
//! them to find why an official outcome is not reproduced.
//!
//! Exact definitions, each checked against the official outcomes of the Pabulib sample:
//! - Scores: approval and choose-1 ballots give a project one vote per ballot naming it;
//!   cumulative and scoring ballots give it the points written; ordinal ballots give it Borda
//!   points, as META `scoring_fn` says by default (see [`scores`]).
//! - Greedy order: higher score first; among equal scores the cheaper project, then the lower
//!   project id in natural order (`c2` before `c10`), unless [`TieBreak`] says otherwise. No
//!   outcome in `pabulib/` depends on it; the two in `pabulib-quirks/` that do went to the dearer
//!   project (see [`TieBreak`]).
//! - `greedy-threshold`: a project is eligible when its score (the same score that orders the
//!   projects: votes, or points for cumulative ballots) is at least META
//!   `min_project_score_threshold`, an absolute number. Read as a share of the ballots instead,
//!   the sample's outcomes are not reproduced. The threshold applies to this rule only, although
//!   some files (Gdynia, `greedy-no-skip`) also carry one.
//! - Per-category budgets (META `budget_per_category`, one cap for each of META `categories`):
//!   the greedy rules fund a project only if it fits in what is left of both the budget and its
//!   category's cap (`greedy-no-skip` closes a category at its first project over the cap and
//!   stops at the first over the budget). When META `leftover_budget` says to fund additional
//!   projects by score, a second pass in the same order spends what is left of the budget
//!   without the caps, as Amsterdam's META `comment` says. Equal Shares refuses such a file
//!   ([`TallyError::NotForEqualShares`]): no Equal Shares with caps is defined.
//! - `greedy-exclusive` counts as `greedy`: the format does not say which projects exclude each
//!   other. `greedy-custom` (a city's own rule, told in META `comment`) and `unknown` are no
//!   method to count by ([`TallyError::NotACountingRule`]).
//! - `equalshares/add1`: see the `equal_shares` module: cost utilities, each voter's share raised
//!   one currency unit at a time from `⌊budget ÷ voters⌋` while the outcome fits the budget and is
//!   not exhaustive; ties to the cheaper project, then more supporters, then lower id.
//!   `equalshares` is the same without the completion, each voter starting with budget ÷ voters.
//!   The `-comparison` variants keep the greedy outcome instead when more voters prefer it (see
//!   `prefer_greedy_if_more_voters_do`).

mod equal_shares;
mod explain;
mod greedy;
mod rule;
mod score;

use std::fmt;

use crate::pabulib::{Decimal, Election, Project, VoteType};
use equal_shares::EqualShares;
use greedy::{CategoryCaps, Funded, Limits, WhenTooExpensive};

pub use greedy::TieBreak;

pub use explain::{DataError, Explanation, Finding, explain};
pub use rule::{Rule, UnknownRule};
pub use score::{Score, scores};

/// The funded projects and what they cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome<'e> {
    pub rule: Rule,
    /// The funded projects in the order the rule chose them, those funded from the leftover
    /// (META `leftover_budget`) last.
    pub winners: Vec<Winner<'e>>,
    pub total_cost: Decimal,
    /// What the count spent on each category, in the order of META `categories`, when the file
    /// declares per-category budgets; empty otherwise.
    pub categories: Vec<CategorySpending>,
}

/// One funded project with its score (votes, or points for cumulative and scoring ballots).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Winner<'e> {
    pub project: &'e Project,
    pub score: Score,
    /// True when it was funded after the rule, from what was left of the budget, with no
    /// category's cap applying (META `leftover_budget`).
    pub from_leftover: bool,
}

/// One category of META `budget_per_category` and what a count spent on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategorySpending {
    pub name: String,
    pub cap: Decimal,
    /// Spent by the rule, within the cap.
    pub by_rule: Decimal,
    /// Spent afterwards from the leftover, which the cap does not bound.
    pub from_leftover: Decimal,
}

/// Why an election cannot be tallied under a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TallyError {
    /// The file declares no `rule` and none was given.
    NoDeclaredRule,
    /// The file declares a rule this tally does not know.
    UnknownRule(UnknownRule),
    /// The file declares `greedy-custom` (the city's own rule, told in META `comment`) or
    /// `unknown`: no counting method to apply.
    NotACountingRule { name: String },
    /// The rule cannot count this kind of ballot.
    UnsupportedVoteType { rule: Rule, vote_type: VoteType },
    /// `greedy-threshold` without META `min_project_score_threshold`.
    MissingThreshold,
    /// An Equal Shares rule on a file that declares per-category budgets (`key` is
    /// `budget_per_category`) or a way to spend the leftover (`leftover_budget`), which only the
    /// greedy rules apply.
    NotForEqualShares { rule: Rule, key: &'static str },
}

impl fmt::Display for TallyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TallyError::NoDeclaredRule => {
                write!(f, "the file's META declares no rule; choose one")
            }
            TallyError::UnknownRule(unknown) => write!(f, "the file's META rule {unknown}"),
            TallyError::NotACountingRule { name } if name == "unknown" => write!(
                f,
                "the file's META says its rule is unknown; choose one (--explain tries them all)"
            ),
            TallyError::NotACountingRule { name } => write!(
                f,
                "the file's META rule {name} is the city's own, told in META comment, not a \
                 method to count by; choose one (--explain tries them all)"
            ),
            TallyError::UnsupportedVoteType { rule, vote_type } => {
                write!(f, "{rule} cannot count {} ballots", vote_type.name())
            }
            TallyError::MissingThreshold => write!(
                f,
                "greedy-threshold needs META min_project_score_threshold, which the file lacks"
            ),
            TallyError::NotForEqualShares { rule, key } => write!(
                f,
                "{rule} cannot follow META {key}, which the file declares: Equal Shares with \
                 per-category budgets or a leftover pass is not a rule Pabulib defines, and \
                 leaving them out would fund what the file rules out; count it with a greedy \
                 rule (--rule greedy)"
            ),
        }
    }
}

impl std::error::Error for TallyError {}

impl Outcome<'_> {
    pub fn winner_ids(&self) -> Vec<&str> {
        self.winners
            .iter()
            .map(|winner| winner.project.id.as_str())
            .collect()
    }
}

/// The rule the election's META declares.
pub fn declared_rule(election: &Election) -> Result<Rule, TallyError> {
    let name = election.meta().rule().ok_or(TallyError::NoDeclaredRule)?;
    if Rule::NOT_COUNTING.contains(&name) {
        return Err(TallyError::NotACountingRule {
            name: name.to_string(),
        });
    }
    Rule::from_name(name).map_err(TallyError::UnknownRule)
}

/// The projects `rule` funds in `election`, with equal greedy scores going to the cheaper project.
pub fn tally(election: &Election, rule: Rule) -> Result<Outcome<'_>, TallyError> {
    tally_with(election, rule, &Options::default())
}

/// How a count departs from the declared rule's defaults: to follow a city's own tie-break, or
/// to see what the outcome would have been without some projects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub tie_break: TieBreak,
    /// Positions in [`Election::projects`] of projects the greedy rules pass over, as a city does
    /// with a project withdrawn after the vote or excluded by another. Equal Shares ignores it.
    pub left_out: Vec<usize>,
}

/// The projects `rule` funds in `election` under `options`.
pub fn tally_with<'e>(
    election: &'e Election,
    rule: Rule,
    options: &Options,
) -> Result<Outcome<'e>, TallyError> {
    let vote_type = election.meta().vote_type();
    let unsupported = TallyError::UnsupportedVoteType { rule, vote_type };
    let scores = scores(election).ok_or(unsupported.clone())?;
    let money = Money::of(election);
    let projects = election.projects();
    let ranking: Vec<usize> = greedy::ranking(projects, &scores, &money.costs, options.tie_break)
        .into_iter()
        .filter(|project| !options.left_out.contains(project))
        .collect();
    let limits = Limits {
        budget: money.budget,
        categories: money.categories.as_ref(),
        leftover_by_score: election.meta().funds_leftover_by_score(),
    };
    let greedy = |order: &[usize], when_too_expensive| {
        greedy::select(order, &money.costs, &limits, when_too_expensive)
    };
    let funded = match rule {
        Rule::Greedy | Rule::GreedyExclusive => greedy(&ranking, WhenTooExpensive::Skip),
        Rule::GreedyNoSkip => greedy(&ranking, WhenTooExpensive::Stop),
        Rule::GreedyThreshold => {
            let threshold = election
                .meta()
                .min_project_score_threshold()
                .ok_or(TallyError::MissingThreshold)?;
            let eligible: Vec<usize> = ranking
                .iter()
                .copied()
                .filter(|&project| reaches(scores[project], threshold))
                .collect();
            greedy(&eligible, WhenTooExpensive::Skip)
        }
        Rule::EqualShares
        | Rule::EqualSharesComparison
        | Rule::EqualSharesAdd1
        | Rule::EqualSharesAdd1Comparison => {
            if !matches!(vote_type, VoteType::Approval | VoteType::ChooseOne) {
                return Err(unsupported);
            }
            if let Some(key) = greedy_only_meta(election) {
                return Err(TallyError::NotForEqualShares { rule, key });
            }
            let equal_shares = EqualShares::new(
                projects,
                money.costs.clone(),
                money.currency_unit,
                money.budget,
                election.ballot_positions(),
            );
            let funded = match rule {
                Rule::EqualShares | Rule::EqualSharesComparison => {
                    equal_shares.fixed_budget(money.budget)
                }
                _ => equal_shares.with_add1(),
            };
            let by_rule = if matches!(
                rule,
                Rule::EqualSharesComparison | Rule::EqualSharesAdd1Comparison
            ) {
                let greedy = greedy(&ranking, WhenTooExpensive::Skip).by_rule;
                prefer_greedy_if_more_voters_do(election, funded, greedy)
            } else {
                funded
            };
            Funded {
                by_rule,
                from_leftover: Vec::new(),
            }
        }
    };
    let amount = |units: u128| Decimal::from_units(units, money.fraction_digits);
    let spent = |funded: &[usize]| -> u128 { funded.iter().map(|&p| money.costs[p]).sum() };
    let categories = match &money.categories {
        None => Vec::new(),
        Some(categories) => {
            let spent_on = |funded: &[usize], category: usize| {
                let in_category: Vec<usize> = funded
                    .iter()
                    .copied()
                    .filter(|&project| categories.category_of[project] == category)
                    .collect();
                amount(spent(&in_category))
            };
            election
                .meta()
                .categories()
                .iter()
                .zip(&categories.caps)
                .enumerate()
                .map(|(category, (name, &cap))| CategorySpending {
                    name: name.clone(),
                    cap: amount(cap),
                    by_rule: spent_on(&funded.by_rule, category),
                    from_leftover: spent_on(&funded.from_leftover, category),
                })
                .collect()
        }
    };
    let scores = &scores;
    let winner = |from_leftover: bool| {
        move |&project: &usize| Winner {
            project: &projects[project],
            score: scores[project],
            from_leftover,
        }
    };
    Ok(Outcome {
        rule,
        winners: funded
            .by_rule
            .iter()
            .map(winner(false))
            .chain(funded.from_leftover.iter().map(winner(true)))
            .collect(),
        total_cost: amount(spent(&funded.by_rule) + spent(&funded.from_leftover)),
        categories,
    })
}

/// The META key, if any, that only the greedy rules follow: per-category budgets, or a way to
/// spend the leftover.
fn greedy_only_meta(election: &Election) -> Option<&'static str> {
    let meta = election.meta();
    if meta.budget_per_category().is_some() {
        Some("budget_per_category")
    } else if meta.funds_leftover_by_score() {
        Some("leftover_budget")
    } else {
        None
    }
}

/// The comparison step of `equalshares-comparison` (as Pabulib's checker does it): a voter
/// prefers the outcome that funds more of the projects they approve; `greedy` wins only when
/// more voters prefer it than prefer `equal_shares`.
fn prefer_greedy_if_more_voters_do(
    election: &Election,
    equal_shares: Vec<usize>,
    greedy: Vec<usize>,
) -> Vec<usize> {
    let mut in_equal_shares = vec![false; election.projects().len()];
    let mut in_greedy = vec![false; election.projects().len()];
    for &project in &equal_shares {
        in_equal_shares[project] = true;
    }
    for &project in &greedy {
        in_greedy[project] = true;
    }
    let (mut prefer_equal_shares, mut prefer_greedy) = (0usize, 0usize);
    for positions in election.ballot_positions() {
        let count = |funded: &[bool]| {
            positions
                .iter()
                .filter(|&&position| funded[position as usize])
                .count()
        };
        match count(&in_equal_shares).cmp(&count(&in_greedy)) {
            std::cmp::Ordering::Greater => prefer_equal_shares += 1,
            std::cmp::Ordering::Less => prefer_greedy += 1,
            std::cmp::Ordering::Equal => {}
        }
    }
    if prefer_greedy > prefer_equal_shares {
        greedy
    } else {
        equal_shares
    }
}

/// True when `score` is at least `threshold`.
fn reaches(score: Score, threshold: Decimal) -> bool {
    u64::try_from(score).is_ok_and(|score| Decimal::from_integer(score) >= threshold)
}

/// Costs, budget and per-category caps as whole numbers of the smallest unit any of them uses
/// (cents if one cost is `12.50`), so that adding and comparing money is exact.
struct Money {
    costs: Vec<u128>,
    budget: u128,
    /// META `budget_per_category` with each project's category; `None` without it.
    categories: Option<CategoryCaps>,
    /// One currency unit, in that smallest unit.
    currency_unit: u128,
    fraction_digits: u32,
}

impl Money {
    fn of(election: &Election) -> Money {
        let budget = election.meta().budget();
        let caps = election.meta().budget_per_category().unwrap_or_default();
        let fraction_digits = election
            .projects()
            .iter()
            .map(|project| project.cost.fraction_digits())
            .chain([budget.fraction_digits()])
            .chain(caps.iter().map(|cap| cap.fraction_digits()))
            .max()
            .unwrap_or(0);
        // A parsed amount has at most 27 digits, at most 9 of them after the point, so at a scale
        // of at most 9 it always fits in u128; the fallback, an amount nothing can afford, only
        // stands in for a panic that cannot happen.
        let units = |amount: Decimal| amount.units_at(fraction_digits).unwrap_or(u128::MAX);
        Money {
            costs: election
                .projects()
                .iter()
                .map(|project| units(project.cost))
                .collect(),
            budget: units(budget),
            categories: election
                .meta()
                .budget_per_category()
                .map(|caps| CategoryCaps {
                    caps: caps.iter().map(|&cap| units(cap)).collect(),
                    // The reader gives every project a category when META declares caps.
                    category_of: (0..election.projects().len())
                        .map(|project| election.project_category(project).unwrap_or(0))
                        .collect(),
                }),
            currency_unit: 10u128.pow(fraction_digits),
            fraction_digits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small election as `.pb` text: `ballots` are `(projects, points)`, points empty unless
    /// the vote type has them; `meta` adds lines such as the threshold.
    fn election(
        vote_type: &str,
        budget: &str,
        meta: &[(&str, &str)],
        projects: &[(&str, &str)],
        ballots: &[(&str, &str)],
    ) -> Election {
        let mut text = format!("META\nkey;value\nbudget;{budget}\nvote_type;{vote_type}\n");
        for (key, value) in meta {
            text += &format!("{key};{value}\n");
        }
        text += "PROJECTS\nproject_id;cost\n";
        for (id, cost) in projects {
            text += &format!("{id};{cost}\n");
        }
        let has_points = ballots.iter().any(|(_, points)| !points.is_empty());
        text += if has_points {
            "VOTES\nvoter_id;vote;points\n"
        } else {
            "VOTES\nvoter_id;vote\n"
        };
        for (voter, (vote, points)) in ballots.iter().enumerate() {
            text += &if has_points {
                format!("v{voter};{vote};{points}\n")
            } else {
                format!("v{voter};{vote}\n")
            };
        }
        Election::parse(&text).unwrap_or_else(|error| panic!("test election: {error}\n{text}"))
    }

    /// An approval election; each ballot is a comma-separated list of ids.
    fn approval(budget: &str, projects: &[(&str, &str)], ballots: &[&str]) -> Election {
        let ballots: Vec<(&str, &str)> = ballots.iter().map(|vote| (*vote, "")).collect();
        election("approval", budget, &[], projects, &ballots)
    }

    /// Tallies and compares the winners in the order chosen.
    fn check(election: &Election, rule: Rule, expected: Result<&[&str], TallyError>) {
        let got = tally(election, rule);
        match (&got, &expected) {
            (Ok(outcome), Ok(ids)) => assert_eq!(outcome.winner_ids(), *ids, "{rule}"),
            (Err(error), Err(expected)) => assert_eq!(error, expected, "{rule}"),
            _ => panic!("{rule}: got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn greedy_skips_what_does_not_fit_and_no_skip_stops_there() {
        // a (6) is funded; b (5) would overspend 10; c (4) still fits.
        let votes = approval(
            "10",
            &[("a", "6"), ("b", "5"), ("c", "4")],
            &["a,b,c", "a,b", "a"],
        );
        check(&votes, Rule::Greedy, Ok(&["a", "c"]));
        check(&votes, Rule::GreedyNoSkip, Ok(&["a"]));
    }

    #[test]
    fn greedy_threshold_funds_only_projects_that_reach_it() {
        let projects = [("a", "6"), ("b", "5"), ("c", "4")];
        let ballots = [("a,b,c", ""), ("a,c", ""), ("a", "")];
        let with = |threshold| {
            election(
                "approval",
                "10",
                &[("min_project_score_threshold", threshold)],
                &projects,
                &ballots,
            )
        };
        // c has 2 votes: eligible at a threshold of 2 (reaching it is enough), not at 2.5 or 3.
        check(&with("2"), Rule::GreedyThreshold, Ok(&["a", "c"]));
        check(&with("2.5"), Rule::GreedyThreshold, Ok(&["a"]));
        check(&with("3"), Rule::GreedyThreshold, Ok(&["a"]));
        check(&with("0"), Rule::GreedyThreshold, Ok(&["a", "c"]));
        let without = approval("10", &projects, &["a"]);
        check(
            &without,
            Rule::GreedyThreshold,
            Err(TallyError::MissingThreshold),
        );
    }

    #[test]
    fn equal_scores_go_to_the_cheaper_project_then_the_lower_id() {
        let votes = approval(
            "10",
            &[("p10", "5"), ("p9", "5"), ("big", "6")],
            &["p10,p9,big"],
        );
        // All score 1: p9 and p10 cost 5 and come before big (6); p9 before p10 in natural order.
        check(&votes, Rule::Greedy, Ok(&["p9", "p10"]));
        check(&votes, Rule::GreedyNoSkip, Ok(&["p9", "p10"]));
        let with = |tie_break| {
            let options = Options {
                tie_break,
                left_out: Vec::new(),
            };
            let outcome = tally_with(&votes, Rule::Greedy, &options).expect("approval tallies");
            outcome.winner_ids().join(",")
        };
        // The dearer big first leaves 4, too little for either; by id, big < p9 < p10.
        assert_eq!(with(TieBreak::DearerFirst), "big");
        assert_eq!(with(TieBreak::LowerIdFirst), "big");
        assert_eq!(with(TieBreak::CheaperFirst), "p9,p10");
    }

    #[test]
    fn a_project_left_out_is_passed_over() {
        let votes = approval(
            "10",
            &[("a", "6"), ("b", "5"), ("c", "4")],
            &["a,b,c", "a,b", "a"],
        );
        let options = Options {
            tie_break: TieBreak::default(),
            left_out: vec![0],
        };
        let outcome = tally_with(&votes, Rule::Greedy, &options).expect("approval tallies");
        assert_eq!(outcome.winner_ids(), ["b", "c"]);
        check(&votes, Rule::GreedyExclusive, Ok(&["a", "c"]));
    }

    #[test]
    fn greedy_money_is_exact() {
        let votes = approval("0.3", &[("a", "0.1"), ("b", "0.2")], &["a,b"]);
        let outcome = tally(&votes, Rule::Greedy).expect("approval tallies");
        assert_eq!(outcome.winner_ids(), ["a", "b"]);
        assert_eq!(outcome.total_cost.to_string(), "0.3");
    }

    #[test]
    fn equal_shares_gives_a_minority_its_share_where_greedy_does_not() {
        // Six voters want a, b and c; four want d; 100 to spend, 30 each. Greedy funds the
        // majority's three. Equal shares gives each voter 10: the six pay 5 each for a, then
        // b, and have nothing left for c, while the four can pay 7.50 each for d.
        let mut ballots = vec!["a,b,c"; 6];
        ballots.extend(["d"; 4]);
        let votes = approval(
            "100",
            &[("a", "30"), ("b", "30"), ("c", "30"), ("d", "30")],
            &ballots,
        );
        check(&votes, Rule::Greedy, Ok(&["a", "b", "c"]));
        check(&votes, Rule::EqualSharesAdd1, Ok(&["a", "b", "d"]));
        // Six voters get three projects from greedy and two from equal shares; four get none
        // from greedy and one from equal shares: six prefer greedy, four equal shares.
        check(
            &votes,
            Rule::EqualSharesAdd1Comparison,
            Ok(&["a", "b", "c"]),
        );
    }

    #[test]
    fn add1_raises_the_shares_until_the_budget_is_spent() {
        // With 5 each, only b (4) is bought; a (6) fits in the 6 left, so add1 raises the shares.
        // At 6 each, a, b and c all have 1 effective vote; b wins the tie as cheaper than a and
        // before c by id; then a; c's voter has only 2 left. 10 spent: exhaustive, stop.
        let votes = approval("10", &[("a", "6"), ("b", "4"), ("c", "4")], &["a", "b,c"]);
        check(&votes, Rule::EqualSharesAdd1, Ok(&["b", "a"]));
        check(&votes, Rule::EqualShares, Ok(&["b"]));
        // a's voter gets nothing either way; b,c's voter gets two from greedy, one from equal
        // shares, so greedy's outcome is kept.
        check(&votes, Rule::EqualSharesComparison, Ok(&["b", "c"]));
        check(&votes, Rule::Greedy, Ok(&["b", "c"]));
    }

    #[test]
    fn add1_keeps_the_last_outcome_that_fits() {
        // At 5 each only b is bought (c's voter has 2 left), and a (6) would fit in the 7 left.
        // At 6 each, b, then c (cheaper than a), then a are bought: 12 > 10, so keep {b}.
        let votes = approval("10", &[("a", "6"), ("b", "3"), ("c", "3")], &["a", "b,c"]);
        check(&votes, Rule::EqualSharesAdd1, Ok(&["b"]));
        check(&votes, Rule::Greedy, Ok(&["b", "c"]));
    }

    #[test]
    fn equal_shares_funds_everything_when_everything_fits() {
        let votes = approval("100", &[("a", "30"), ("b", "30")], &["a", "b", "a"]);
        check(&votes, Rule::EqualSharesAdd1, Ok(&["a", "b"]));
        let nobody = approval("100", &[("a", "30")], &[]);
        check(&nobody, Rule::EqualSharesAdd1, Ok(&[]));
    }

    #[test]
    fn cumulative_ballots_score_by_points() {
        // a is on two ballots with 1 point each; b on one ballot with 3 points.
        let votes = election(
            "cumulative",
            "5",
            &[],
            &[("a", "3"), ("b", "3")],
            &[("a,b", "1,3"), ("a", "1")],
        );
        assert_eq!(scores(&votes), Some(vec![2, 3]));
        check(&votes, Rule::Greedy, Ok(&["b"]));
        check(
            &votes,
            Rule::EqualSharesAdd1,
            Err(TallyError::UnsupportedVoteType {
                rule: Rule::EqualSharesAdd1,
                vote_type: VoteType::Cumulative,
            }),
        );
    }

    #[test]
    fn ordinal_ballots_are_scored_by_borda() {
        // Rankings of at most 2 (max_length): first place 2 points, second 1.
        let ranked = |meta: &[(&str, &str)]| {
            election(
                "ordinal",
                "5",
                meta,
                &[("a", "3"), ("b", "3"), ("c", "2")],
                &[("b,a", ""), ("c,a", ""), ("a", "")],
            )
        };
        let votes = ranked(&[("max_length", "2")]);
        assert_eq!(votes.votes()[0].projects, ["b", "a"]);
        assert_eq!(scores(&votes), Some(vec![4, 2, 2]));
        // a (4), then c (2, cheaper than b) fits in the 2 left.
        check(&votes, Rule::Greedy, Ok(&["a", "c"]));
        // Without max_length, rankings may be as long as the three projects.
        assert_eq!(scores(&ranked(&[])), Some(vec![7, 3, 3]));
        let other = ranked(&[("scoring_fn", "Dowdall")]);
        assert_eq!(scores(&other), None);
        check(
            &other,
            Rule::Greedy,
            Err(TallyError::UnsupportedVoteType {
                rule: Rule::Greedy,
                vote_type: VoteType::Ordinal,
            }),
        );
    }

    #[test]
    fn the_declared_rule_comes_from_meta() {
        let with_rule = |rule: &str| {
            election(
                "approval",
                "5",
                &[("rule", rule)],
                &[("a", "3")],
                &[("a", "")],
            )
        };
        assert_eq!(declared_rule(&with_rule("greedy")), Ok(Rule::Greedy));
        assert_eq!(
            declared_rule(&with_rule("equalshares/add1")),
            Ok(Rule::EqualSharesAdd1)
        );
        assert_eq!(
            declared_rule(&with_rule("phragmen")),
            Err(TallyError::UnknownRule(UnknownRule {
                name: "phragmen".to_string()
            }))
        );
        assert_eq!(
            declared_rule(&with_rule("greedy-custom")),
            Err(TallyError::NotACountingRule {
                name: "greedy-custom".to_string()
            })
        );
        let without = approval("5", &[("a", "3")], &["a"]);
        assert_eq!(declared_rule(&without), Err(TallyError::NoDeclaredRule));
    }

    /// Two categories, green capped at 6 and kids at 4, in a budget of 12, with `meta` added.
    /// Scores a 5, b 4, c 3, d 2, e 1; costs a 4, b 4, c 3, d 3, e 2.
    fn with_categories(meta: &[(&str, &str)]) -> Election {
        let mut text =
            String::from("META\nkey;value\nbudget;12\nvote_type;approval\ncategories;green,kids\n");
        for (key, value) in meta {
            text += &format!("{key};{value}\n");
        }
        text += "PROJECTS\nproject_id;cost;category\na;4;green\nb;4;green\nc;3;kids\nd;3;kids\n\
                 e;2;green\nVOTES\nvoter_id;vote\nv1;a,b,c,d,e\nv2;a,b,c,d\nv3;a,b,c\nv4;a,b\n\
                 v5;a\n";
        Election::parse(&text).unwrap_or_else(|error| panic!("test election: {error}\n{text}"))
    }

    const CAPS: (&str, &str) = ("budget_per_category", "6,4");
    const LEFTOVER: (&str, &str) = (
        "leftover_budget",
        "Fund additional projects that fit within leftover budget ordered by score",
    );

    #[test]
    fn per_category_caps_change_the_winners() {
        // Without caps: a and b (8), then c (11); d and e no longer fit.
        check(&with_categories(&[]), Rule::Greedy, Ok(&["a", "b", "c"]));
        // With them: a (green 4 of 6); b would take green to 8; c (kids 3 of 4); d would take
        // kids to 6; e takes green to 6. Nothing more without a leftover pass.
        let capped = with_categories(&[CAPS]);
        check(&capped, Rule::Greedy, Ok(&["a", "c", "e"]));
        check(&capped, Rule::GreedyExclusive, Ok(&["a", "c", "e"]));
        // greedy-no-skip closes green at b and kids at d, so e is not reached within its cap.
        check(&capped, Rule::GreedyNoSkip, Ok(&["a", "c"]));
        // e (1 vote) is under the threshold of 2.
        let threshold = with_categories(&[CAPS, ("min_project_score_threshold", "2")]);
        check(&threshold, Rule::GreedyThreshold, Ok(&["a", "c"]));
    }

    #[test]
    fn the_leftover_is_spent_by_score_beyond_the_caps() {
        // After a, c and e (9), 3 are left: b (4) does not fit, d (3) does, beyond kids' cap.
        let leftover = with_categories(&[CAPS, LEFTOVER]);
        let outcome = tally(&leftover, Rule::Greedy).expect("approval tallies");
        assert_eq!(outcome.winner_ids(), ["a", "c", "e", "d"]);
        let from_leftover: Vec<bool> = outcome.winners.iter().map(|w| w.from_leftover).collect();
        assert_eq!(from_leftover, [false, false, false, true]);
        assert_eq!(outcome.total_cost, Decimal::from_integer(12));
        let spending: Vec<(&str, u64, u64, u64)> = outcome
            .categories
            .iter()
            .map(|category| {
                let whole = |amount: Decimal| amount.units_at(0).unwrap_or(0) as u64;
                (
                    category.name.as_str(),
                    whole(category.cap),
                    whole(category.by_rule),
                    whole(category.from_leftover),
                )
            })
            .collect();
        assert_eq!(spending, [("green", 6, 6, 0), ("kids", 4, 3, 3)]);
        // greedy-no-skip's leftover pass takes b (4 of the 5 left) and stops at d.
        check(&leftover, Rule::GreedyNoSkip, Ok(&["a", "c", "b"]));
        let threshold = with_categories(&[CAPS, LEFTOVER, ("min_project_score_threshold", "2")]);
        check(&threshold, Rule::GreedyThreshold, Ok(&["a", "c", "b"]));
        // A file without per-category budgets reports no categories.
        let uncapped = with_categories(&[]);
        let plain = tally(&uncapped, Rule::Greedy).expect("approval tallies");
        assert_eq!(plain.categories, []);
    }

    #[test]
    fn equal_shares_refuses_what_only_greedy_rules_follow() {
        for rule in [
            Rule::EqualShares,
            Rule::EqualSharesAdd1,
            Rule::EqualSharesComparison,
            Rule::EqualSharesAdd1Comparison,
        ] {
            let refused = |key| Err(TallyError::NotForEqualShares { rule, key });
            check(
                &with_categories(&[CAPS]),
                rule,
                refused("budget_per_category"),
            );
            check(
                &with_categories(&[LEFTOVER]),
                rule,
                refused("leftover_budget"),
            );
        }
        // Without them it counts: 2.40 each; a costs its five voters 0.80 each, b its four 1
        // each, and c's three have 0.60 each left for 3.
        check(&with_categories(&[]), Rule::EqualShares, Ok(&["a", "b"]));
    }

    #[test]
    fn ids_sort_naturally() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let cases = [
            ("c2", "c10", Less),
            ("10", "9", Greater),
            ("B011TW", "B066TW", Less),
            ("L18/02/VIII", "L18/10/VIII", Less),
            ("a", "a1", Less),
            ("007", "7", Less),
            ("x", "x", Equal),
        ];
        for (a, b, expected) in cases {
            assert_eq!(greedy::natural_order(a, b), expected, "{a} vs {b}");
        }
    }
}
