//! Why a count does not reproduce an election's official outcome, found from the file itself:
//! by counting again with what a city may have done differently and keeping what reproduces it.
//!
//! The official winners are the projects whose `selected` is `1` (see
//! [`crate::pabulib::Selected`]; `2` and `3` are funded outside the rule and listed apart). When
//! the declared rule with the default tie-break does not give them, [`explain`] tries, in order:
//! the other tie-breaks (a tie decided the other way); leaving out one project the count funds
//! and the city did not (withdrawn, merged, or excluded by another project: the file cannot say
//! which, but a funded project whose name shares words with it is named); the other rules (a
//! city's own rule, or a mislabelled one); and finally checks the file for data errors (official
//! winners over budget or under the threshold, a `votes` column that disagrees with the ballots).
//! Nothing here knows a particular file.

use std::collections::BTreeSet;
use std::fmt;

use super::{
    CategorySpending, Options, Outcome, Rule, TallyError, TieBreak, declared_rule, scores,
    tally_with,
};
use crate::pabulib::{Decimal, Election, OtherFunding, Project, Selected, VoteType};

/// What [`explain`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The rule the file declares, or why it cannot be counted by it.
    pub declared: Result<Rule, TallyError>,
    /// The official winners (`selected` 1), sorted; `None` without a `selected` column.
    pub official: Option<Vec<String>>,
    /// The declared rule's winners with the default tie-break, sorted, when it can count.
    pub counted: Option<Vec<String>>,
    /// What the declared rule spent on each category of META `budget_per_category`, when the
    /// file declares per-category budgets and the rule counts.
    pub categories: Vec<CategorySpending>,
    /// Projects funded outside the rule (`selected` 2 or 3), in file order.
    pub funded_otherwise: Vec<(String, OtherFunding)>,
    pub finding: Finding,
    /// META `comment`, where Pabulib explains a city's own rule and special `selected` values.
    pub comment: Option<String>,
}

/// The answer: reproduced, or the first difference that accounts for the official outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The declared rule gives the official winners.
    Reproduced,
    /// The file has no `selected` column, so there is nothing to reproduce.
    NoOfficialOutcome,
    /// Projects with equal scores decided the outcome, and the city broke the tie another way.
    Tie {
        score: i64,
        /// The tied projects, in the order the city put them.
        tied: Vec<String>,
        /// Every tie-break that gives the official winners (they may agree on this tie).
        city: Vec<TieBreak>,
    },
    /// Without this project, which the count funds and the city did not, the declared rule gives
    /// the official winners.
    PassedOver {
        project: String,
        score: i64,
        /// A project funded ahead of it whose name shares words with it, and those words: the
        /// two may exclude each other (the same place, the same facility).
        resembles: Option<(String, Vec<String>)>,
        /// The tie-break that, with it left out, reproduces the outcome.
        tie_break: TieBreak,
    },
    /// Another rule gives the official winners.
    OtherRule { rule: Rule, tie_break: TieBreak },
    /// Nothing tried reproduces the outcome; what the file shows is wrong or odd, and the
    /// differences.
    NotReproduced {
        data_errors: Vec<DataError>,
        counted_only: Vec<String>,
        official_only: Vec<String>,
    },
}

/// Something in the file that cannot be right for the declared rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataError {
    /// The official winners cost more than the budget.
    OverBudget { cost: Decimal, budget: Decimal },
    /// An official winner has less than META `min_project_score_threshold`.
    BelowThreshold { project: String, score: i64 },
    /// The PROJECTS `votes` (or `score`) column disagrees with the ballots.
    CountDisagrees {
        project: String,
        column: &'static str,
        stated: String,
        counted: i64,
    },
}

/// Compares the declared rule's outcome with the official one and, if they differ, finds why.
pub fn explain(election: &Election) -> Explanation {
    let official = election.has_selected_column().then(|| {
        sorted_ids(
            election
                .projects()
                .iter()
                .filter(|project| project.selected == Some(Selected::ByRule)),
        )
    });
    let funded_otherwise = election
        .projects()
        .iter()
        .filter_map(|project| match project.selected {
            Some(Selected::Otherwise(value)) => Some((project.id.clone(), value)),
            _ => None,
        })
        .collect();
    let declared = declared_rule(election);
    let counted_outcome = declared
        .as_ref()
        .ok()
        .and_then(|&rule| tally_with(election, rule, &Options::default()).ok());
    let counted = counted_outcome.as_ref().map(winner_ids);
    let categories = counted_outcome
        .as_ref()
        .map(|outcome| outcome.categories.clone())
        .unwrap_or_default();
    let finding = match (&official, &counted) {
        (None, _) => Finding::NoOfficialOutcome,
        (Some(official), Some(counted)) if official == counted => Finding::Reproduced,
        (Some(official), _) => find(election, &declared, counted_outcome.as_ref(), official),
    };
    Explanation {
        declared,
        official,
        counted,
        categories,
        funded_otherwise,
        finding,
        comment: election.meta().get("comment").map(str::to_string),
    }
}

fn find(
    election: &Election,
    declared: &Result<Rule, TallyError>,
    counted: Option<&Outcome<'_>>,
    official: &[String],
) -> Finding {
    let gives = |rule: Rule, options: &Options| {
        tally_with(election, rule, options).is_ok_and(|outcome| winner_ids(&outcome) == official)
    };
    if let (Ok(rule), Some(counted)) = (declared, counted) {
        let rule = *rule;
        let reproducing: Vec<TieBreak> = TieBreak::ALL
            .into_iter()
            .filter(|&tie_break| {
                let options = Options {
                    tie_break,
                    left_out: Vec::new(),
                };
                tie_break != TieBreak::default() && gives(rule, &options)
            })
            .collect();
        if let Some(tie) = deciding_tie(election, official, counted, reproducing) {
            return tie;
        }
        let funded_not_official = counted
            .winners
            .iter()
            .filter(|winner| !official.contains(&winner.project.id));
        for winner in funded_not_official {
            let position = position_of(election, winner.project);
            for tie_break in TieBreak::ALL {
                let options = Options {
                    tie_break,
                    left_out: vec![position],
                };
                if gives(rule, &options) {
                    return Finding::PassedOver {
                        project: winner.project.id.clone(),
                        score: winner.score,
                        resembles: resemblance(election, winner.project, winner.score, official),
                        tie_break,
                    };
                }
            }
        }
    }
    for rule in Rule::ALL {
        if declared.as_ref().is_ok_and(|declared| *declared == rule) {
            continue;
        }
        // Equal Shares has its own tie-break, so one count of it is enough.
        let tie_breaks = match rule {
            Rule::EqualShares | Rule::EqualSharesAdd1 => &TieBreak::ALL[..1],
            _ => &TieBreak::ALL[..],
        };
        for &tie_break in tie_breaks {
            let options = Options {
                tie_break,
                left_out: Vec::new(),
            };
            if gives(rule, &options) {
                return Finding::OtherRule { rule, tie_break };
            }
        }
    }
    let counted_ids = counted.map(winner_ids).unwrap_or_default();
    Finding::NotReproduced {
        data_errors: data_errors(election, declared, official),
        counted_only: difference(&counted_ids, official),
        official_only: difference(official, &counted_ids),
    }
}

/// The tie that `tie_break` decides differently from the default, among the projects whose
/// outcome differs: the equal-score group holding one of them.
fn deciding_tie(
    election: &Election,
    official: &[String],
    counted: &Outcome<'_>,
    reproducing: Vec<TieBreak>,
) -> Option<Finding> {
    let tie_break = *reproducing.first()?;
    let scores = scores(election)?;
    let counted_ids = winner_ids(counted);
    let differing: BTreeSet<String> = difference(&counted_ids, official)
        .into_iter()
        .chain(difference(official, &counted_ids))
        .collect();
    let projects = election.projects();
    let tied_with = |score: i64| {
        let mut tied: Vec<&Project> = projects
            .iter()
            .zip(&scores)
            .filter(|(_, other)| **other == score)
            .map(|(project, _)| project)
            .collect();
        tied.sort_by(|a, b| {
            let by_cost = match tie_break {
                TieBreak::CheaperFirst => a.cost.cmp(&b.cost),
                TieBreak::DearerFirst => b.cost.cmp(&a.cost),
                TieBreak::LowerIdFirst => std::cmp::Ordering::Equal,
            };
            by_cost.then_with(|| super::greedy::natural_order(&a.id, &b.id))
        });
        tied
    };
    projects
        .iter()
        .zip(&scores)
        .filter(|(project, _)| differing.contains(&project.id))
        .map(|(_, &score)| (score, tied_with(score)))
        .find(|(_, tied)| tied.len() > 1)
        .map(|(score, tied)| Finding::Tie {
            score,
            tied: tied.into_iter().map(|project| project.id.clone()).collect(),
            city: reproducing,
        })
}

/// The official winner with at least as high a score whose name shares the most words with
/// `project`'s (words of five letters or more, compared by their first five), if two or more.
fn resemblance(
    election: &Election,
    project: &Project,
    score: i64,
    official: &[String],
) -> Option<(String, Vec<String>)> {
    let scores = scores(election)?;
    let stems = |project: &Project| -> BTreeSet<String> {
        let name = project.name.as_deref().unwrap_or("");
        name.split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.chars().count() >= 5)
            .map(|word| word.to_lowercase().chars().take(5).collect())
            .collect()
    };
    let own = stems(project);
    election
        .projects()
        .iter()
        .zip(&scores)
        .filter(|(other, other_score)| **other_score >= score && official.contains(&other.id))
        .map(|(other, _)| {
            let shared: Vec<String> = stems(other).intersection(&own).cloned().collect();
            (other.id.clone(), shared)
        })
        .filter(|(_, shared)| shared.len() >= 2)
        .max_by_key(|(_, shared)| shared.len())
}

fn data_errors(
    election: &Election,
    declared: &Result<Rule, TallyError>,
    official: &[String],
) -> Vec<DataError> {
    let mut errors = Vec::new();
    let budget = election.meta().budget();
    let winners: Vec<&Project> = election
        .projects()
        .iter()
        .filter(|project| official.contains(&project.id))
        .collect();
    let cost = winners
        .iter()
        .fold(Decimal::from_integer(0), |sum, project| {
            sum.checked_add(project.cost).unwrap_or(sum)
        });
    if cost > budget {
        errors.push(DataError::OverBudget { cost, budget });
    }
    let Some(scores) = scores(election) else {
        return errors;
    };
    let threshold = election.meta().min_project_score_threshold();
    if let (Ok(Rule::GreedyThreshold), Some(threshold)) = (declared, threshold) {
        for (project, &score) in election.projects().iter().zip(&scores) {
            let below =
                u64::try_from(score).map_or(true, |score| Decimal::from_integer(score) < threshold);
            if official.contains(&project.id) && below {
                errors.push(DataError::BelowThreshold {
                    project: project.id.clone(),
                    score,
                });
            }
        }
    }
    let column = match election.meta().vote_type() {
        VoteType::Cumulative | VoteType::Scoring => "score",
        _ => "votes",
    };
    for (project, &counted) in election.projects().iter().zip(&scores) {
        let stated = election.project_field(project, column);
        if let Some(stated) = stated.filter(|stated| stated.trim() != counted.to_string()) {
            errors.push(DataError::CountDisagrees {
                project: project.id.clone(),
                column,
                stated: stated.to_string(),
                counted,
            });
        }
    }
    errors
}

fn position_of(election: &Election, project: &Project) -> usize {
    election
        .projects()
        .iter()
        .position(|other| std::ptr::eq(other, project))
        .unwrap_or(usize::MAX)
}

fn winner_ids(outcome: &Outcome<'_>) -> Vec<String> {
    sorted_ids(outcome.winners.iter().map(|winner| winner.project))
}

fn sorted_ids<'p>(projects: impl Iterator<Item = &'p Project>) -> Vec<String> {
    let mut ids: Vec<String> = projects.map(|project| project.id.clone()).collect();
    ids.sort();
    ids
}

/// The ids in `a` that are not in `b`.
fn difference(a: &[String], b: &[String]) -> Vec<String> {
    a.iter().filter(|id| !b.contains(id)).cloned().collect()
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.declared {
            Ok(rule) => writeln!(f, "declared rule: {rule}")?,
            Err(error) => writeln!(f, "declared rule: none to count by: {error}")?,
        }
        if !self.categories.is_empty() {
            writeln!(
                f,
                "counted within the per-category caps (META budget_per_category); projects \
                 funded from the leftover (META leftover_budget) are not held to them:"
            )?;
            for category in &self.categories {
                writeln!(
                    f,
                    "  {}: cap {}, spent {} by the rule, {} from the leftover",
                    category.name, category.cap, category.by_rule, category.from_leftover
                )?;
            }
        }
        match &self.finding {
            Finding::Reproduced => writeln!(
                f,
                "reproduced: the declared rule funds exactly the projects marked selected 1"
            )?,
            Finding::NoOfficialOutcome => writeln!(
                f,
                "no official outcome: the file has no selected column, so there is nothing to \
                 reproduce"
            )?,
            Finding::Tie { score, tied, city } => writeln!(
                f,
                "not reproduced by default: a tie decided it. Projects {} have the same score \
                 ({score}); the default puts the cheaper project first, the city put {} first, \
                 and the declared rule with {} gives the official winners",
                tied.join(", "),
                tied.first().map(String::as_str).unwrap_or(""),
                city.iter()
                    .map(|tie_break| tie_break.describe())
                    .collect::<Vec<_>>()
                    .join(" or with ")
            )?,
            Finding::PassedOver {
                project,
                score,
                resembles,
                tie_break,
            } => {
                write!(
                    f,
                    "not reproduced: the count funds project {project} (score {score}), which the \
                     city did not; without it the declared rule gives the official winners"
                )?;
                if *tie_break != TieBreak::default() {
                    write!(f, " (with {})", tie_break.describe())?;
                }
                writeln!(
                    f,
                    ". It was withdrawn, merged or excluded by another project; the file does not \
                     say which."
                )?;
                if let Some((other, words)) = resembles {
                    writeln!(
                        f,
                        "  its name shares {} with project {other}, funded ahead of it: the two \
                         may exclude each other (the same place), and a city funds only the \
                         better-voted of such projects",
                        words
                            .iter()
                            .map(|word| format!("\"{word}…\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )?;
                }
            }
            Finding::OtherRule { rule, tie_break } => {
                write!(
                    f,
                    "not reproduced by the declared rule; {rule} gives the official winners"
                )?;
                if *tie_break != TieBreak::default() {
                    write!(f, " (with {})", tie_break.describe())?;
                }
                writeln!(f)?;
            }
            Finding::NotReproduced {
                data_errors,
                counted_only,
                official_only,
            } => {
                writeln!(f, "not reproduced, and no single change explains it")?;
                if !counted_only.is_empty() {
                    writeln!(f, "  counted but not official: {}", counted_only.join(", "))?;
                }
                if !official_only.is_empty() {
                    writeln!(
                        f,
                        "  official but not counted: {}",
                        official_only.join(", ")
                    )?;
                }
                for error in data_errors {
                    writeln!(f, "  data error: {error}")?;
                }
            }
        }
        for (project, value) in &self.funded_otherwise {
            let code = Selected::Otherwise(*value).code();
            writeln!(
                f,
                "project {project} is marked selected {code}: funded for another reason than the \
                 rule (META comment may say which), so it is not among the winners to reproduce"
            )?;
        }
        let explained_elsewhere = !self.funded_otherwise.is_empty() || self.declared.is_err();
        if let Some(comment) = self.comment.as_ref().filter(|_| explained_elsewhere) {
            writeln!(f, "META comment: {comment}")?;
        }
        Ok(())
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::OverBudget { cost, budget } => {
                write!(
                    f,
                    "the official winners cost {cost}, over the budget of {budget}"
                )
            }
            DataError::BelowThreshold { project, score } => write!(
                f,
                "official winner {project} has {score}, under min_project_score_threshold"
            ),
            DataError::CountDisagrees {
                project,
                column,
                stated,
                counted,
            } => write!(
                f,
                "project {project}: the {column} column says {stated}, the ballots give {counted}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An approval election under `greedy` whose projects are `(id, cost, name, selected)`.
    fn election(budget: &str, projects: &[(&str, &str, &str, &str)], ballots: &[&str]) -> Election {
        let mut text = format!(
            "META\nkey;value\nbudget;{budget}\nvote_type;approval\nrule;greedy\n\
             PROJECTS\nproject_id;cost;name;selected\n"
        );
        for (id, cost, name, selected) in projects {
            text += &format!("{id};{cost};{name};{selected}\n");
        }
        text += "VOTES\nvoter_id;vote\n";
        for (voter, vote) in ballots.iter().enumerate() {
            text += &format!("v{voter};{vote}\n");
        }
        Election::parse(&text).unwrap_or_else(|error| panic!("{error}\n{text}"))
    }

    fn check(election: &Election, expected: Finding) {
        let explanation = explain(election);
        assert_eq!(explanation.finding, expected, "{explanation}");
    }

    #[test]
    fn a_tie_the_city_broke_the_other_way() {
        // a and b have two votes each; by default the cheaper a comes first and b no longer
        // fits. The city funded the dearer b; the lower id (a) would not give that either.
        let tied = election(
            "6",
            &[
                ("a", "4", "", "0"),
                ("b", "5", "", "1"),
                ("c", "1", "", "1"),
            ],
            &["a,b", "a,b,c"],
        );
        check(
            &tied,
            Finding::Tie {
                score: 2,
                tied: vec!["b".into(), "a".into()],
                city: vec![TieBreak::DearerFirst],
            },
        );
    }

    #[test]
    fn a_project_passed_over_and_the_one_it_resembles() {
        // p fits after a, but the city funded q instead: without p, greedy gives a and q. a's
        // name shares "forest" and "playground" with p's.
        let passed_over = election(
            "10",
            &[
                ("a", "3", "Forest playground renewal", "1"),
                ("p", "6", "New playground in the forest", "0"),
                ("q", "6", "Library books", "1"),
            ],
            &["a,p,q", "a,p,q", "a,p", "a"],
        );
        check(
            &passed_over,
            Finding::PassedOver {
                project: "p".into(),
                score: 3,
                resembles: Some(("a".into(), vec!["fores".into(), "playg".into()])),
                tie_break: TieBreak::CheaperFirst,
            },
        );
    }

    #[test]
    fn official_winners_over_budget_are_a_data_error() {
        let over = election(
            "5",
            &[("a", "4", "", "1"), ("b", "3", "", "1")],
            &["a", "a,b"],
        );
        check(
            &over,
            Finding::NotReproduced {
                data_errors: vec![DataError::OverBudget {
                    cost: Decimal::from_integer(7),
                    budget: Decimal::from_integer(5),
                }],
                counted_only: vec![],
                official_only: vec!["b".into()],
            },
        );
    }

    #[test]
    fn reproduced_and_no_official_outcome() {
        let fine = election("5", &[("a", "4", "", "1"), ("b", "3", "", "0")], &["a"]);
        check(&fine, Finding::Reproduced);
        let text = "META\nkey;value\nbudget;5\nvote_type;approval\nrule;greedy\nPROJECTS\n\
                    project_id;cost\na;4\nVOTES\nvoter_id;vote\nv1;a\n";
        let unknown = Election::parse(text).expect("valid");
        check(&unknown, Finding::NoOfficialOutcome);
    }
}
