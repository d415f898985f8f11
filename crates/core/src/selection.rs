//! What a voter may tick on a ballot, checked once here for the vote page and the server alike.
//!
//! An approval ballot asks to choose between `min_choices` and `max_choices` projects; a budget
//! ballot also asks that the chosen projects' costs fit the budget, and may ask for a least share
//! of the budget (e.g. "use at least 50%"). [`BallotRules::check`] returns the selection in the
//! ballot's own project order, or the one constraint it breaks, with the amounts a person needs
//! to put it right ("超出预算3.2万元" / "over budget by ¥32,000").

use std::fmt;

/// Approval or budget, with the budget's own limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limits {
    Approval,
    Budget {
        budget_yuan: u64,
        /// 0 to 100: the least share of the budget a selection must use.
        min_share_percent: u32,
    },
}

/// A ballot's selection rules; only [`BallotRules::new`] builds one, so the limits are coherent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BallotRules {
    limits: Limits,
    min_choices: u32,
    max_choices: u32,
}

/// A ballot definition whose limits contradict each other or the project list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RulesError {
    NoProjects,
    /// `min_choices` is 0 or above `max_choices`, or `max_choices` above the number of projects.
    BadChoiceRange {
        min: u32,
        max: u32,
        projects: usize,
    },
    ZeroBudget,
    BadShare {
        percent: u32,
    },
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RulesError::NoProjects => write!(f, "a ballot needs at least one project"),
            RulesError::BadChoiceRange { min, max, projects } => write!(
                f,
                "choices must run from at least 1 to at most the {projects} projects; {min} to {max} does not"
            ),
            RulesError::ZeroBudget => write!(f, "a budget ballot needs a budget above zero"),
            RulesError::BadShare { percent } => {
                write!(f, "a share of the budget is 0 to 100%, not {percent}%")
            }
        }
    }
}

impl std::error::Error for RulesError {}

/// The one constraint a selection breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelectionError {
    UnknownProject { id: String },
    DuplicateProject { id: String },
    TooMany { max: u32, chosen: usize },
    TooFew { min: u32, chosen: usize },
    OverBudget { budget_yuan: u64, total_yuan: u64 },
    BelowMinimumShare { needed_yuan: u64, total_yuan: u64 },
}

impl SelectionError {
    /// A stable, machine-readable name for the API's `code`.
    pub fn code(&self) -> &'static str {
        match self {
            SelectionError::UnknownProject { .. } => "unknown_project",
            SelectionError::DuplicateProject { .. } => "duplicate_project",
            SelectionError::TooMany { .. } => "too_many_choices",
            SelectionError::TooFew { .. } => "too_few_choices",
            SelectionError::OverBudget { .. } => "over_budget",
            SelectionError::BelowMinimumShare { .. } => "below_minimum_share",
        }
    }

    /// The same in Chinese, for people first.
    pub fn message_zh(&self) -> String {
        match self {
            SelectionError::UnknownProject { id } => format!("这场投票没有项目 {id}。"),
            SelectionError::DuplicateProject { id } => format!("项目 {id} 选了两次。"),
            SelectionError::TooMany { max, chosen } => {
                format!("最多选 {max} 个项目，您选了 {chosen} 个。")
            }
            SelectionError::TooFew { min, chosen } => {
                format!("至少选 {min} 个项目，您选了 {chosen} 个。")
            }
            SelectionError::OverBudget {
                budget_yuan,
                total_yuan,
            } => format!(
                "超出预算{}：所选项目合计{}，预算{}。",
                yuan_zh(total_yuan - budget_yuan),
                yuan_zh(*total_yuan),
                yuan_zh(*budget_yuan)
            ),
            SelectionError::BelowMinimumShare {
                needed_yuan,
                total_yuan,
            } => format!(
                "所选项目合计{}，至少要用到{}。",
                yuan_zh(*total_yuan),
                yuan_zh(*needed_yuan)
            ),
        }
    }
}

impl fmt::Display for SelectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SelectionError::UnknownProject { id } => write!(f, "this ballot has no project {id}"),
            SelectionError::DuplicateProject { id } => write!(f, "project {id} is chosen twice"),
            SelectionError::TooMany { max, chosen } => {
                write!(f, "too many choices: at most {max}, {chosen} chosen")
            }
            SelectionError::TooFew { min, chosen } => {
                write!(f, "too few choices: at least {min}, {chosen} chosen")
            }
            SelectionError::OverBudget {
                budget_yuan,
                total_yuan,
            } => write!(
                f,
                "over budget by {}: the choices cost {}, the budget is {}",
                yuan_en(total_yuan - budget_yuan),
                yuan_en(*total_yuan),
                yuan_en(*budget_yuan)
            ),
            SelectionError::BelowMinimumShare {
                needed_yuan,
                total_yuan,
            } => write!(
                f,
                "the choices cost {}, and must use at least {} of the budget",
                yuan_en(*total_yuan),
                yuan_en(*needed_yuan)
            ),
        }
    }
}

impl std::error::Error for SelectionError {}

/// One project as the rules see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice<'a> {
    pub id: &'a str,
    pub cost_yuan: u64,
}

/// A selection that passed [`BallotRules::check`]: project ids in the ballot's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidSelection {
    pub project_ids: Vec<String>,
    pub total_yuan: u64,
}

impl BallotRules {
    pub fn new(
        limits: Limits,
        min_choices: u32,
        max_choices: u32,
        project_count: usize,
    ) -> Result<BallotRules, RulesError> {
        if project_count == 0 {
            return Err(RulesError::NoProjects);
        }
        if min_choices == 0 || min_choices > max_choices || max_choices as usize > project_count {
            return Err(RulesError::BadChoiceRange {
                min: min_choices,
                max: max_choices,
                projects: project_count,
            });
        }
        if let Limits::Budget {
            budget_yuan,
            min_share_percent,
        } = limits
        {
            if budget_yuan == 0 {
                return Err(RulesError::ZeroBudget);
            }
            if min_share_percent > 100 {
                return Err(RulesError::BadShare {
                    percent: min_share_percent,
                });
            }
        }
        Ok(BallotRules {
            limits,
            min_choices,
            max_choices,
        })
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The least a budget selection must cost, rounded up to the yuan; 0 for approval ballots.
    pub fn minimum_spend_yuan(&self) -> u64 {
        match self.limits {
            Limits::Approval => 0,
            Limits::Budget {
                budget_yuan,
                min_share_percent,
            } => (budget_yuan * u64::from(min_share_percent)).div_ceil(100),
        }
    }

    /// Checks `chosen` against the ballot's `projects`: unknown or repeated ids first, then the
    /// number of choices, then the money.
    pub fn check(
        &self,
        projects: &[Choice<'_>],
        chosen: &[String],
    ) -> Result<ValidSelection, SelectionError> {
        let mut picked = vec![false; projects.len()];
        for id in chosen {
            let position = projects
                .iter()
                .position(|project| project.id == id)
                .ok_or_else(|| SelectionError::UnknownProject { id: id.clone() })?;
            if std::mem::replace(&mut picked[position], true) {
                return Err(SelectionError::DuplicateProject { id: id.clone() });
            }
        }
        if chosen.len() > self.max_choices as usize {
            return Err(SelectionError::TooMany {
                max: self.max_choices,
                chosen: chosen.len(),
            });
        }
        if chosen.len() < self.min_choices as usize {
            return Err(SelectionError::TooFew {
                min: self.min_choices,
                chosen: chosen.len(),
            });
        }
        let total_yuan: u64 = projects
            .iter()
            .zip(&picked)
            .filter(|(_, picked)| **picked)
            .map(|(project, _)| project.cost_yuan)
            .sum();
        if let Limits::Budget { budget_yuan, .. } = self.limits {
            if total_yuan > budget_yuan {
                return Err(SelectionError::OverBudget {
                    budget_yuan,
                    total_yuan,
                });
            }
            let needed_yuan = self.minimum_spend_yuan();
            if total_yuan < needed_yuan {
                return Err(SelectionError::BelowMinimumShare {
                    needed_yuan,
                    total_yuan,
                });
            }
        }
        Ok(ValidSelection {
            project_ids: projects
                .iter()
                .zip(&picked)
                .filter(|(_, picked)| **picked)
                .map(|(project, _)| project.id.to_owned())
                .collect(),
            total_yuan,
        })
    }
}

/// Yuan the way a notice board writes them: `3.2万元` from ten thousand up, else `800元`.
pub fn yuan_zh(yuan: u64) -> String {
    if yuan >= 10_000 {
        let tenths = (yuan * 10 + 5_000) / 10_000;
        if tenths.is_multiple_of(10) {
            format!("{}万元", tenths / 10)
        } else {
            format!("{}.{}万元", tenths / 10, tenths % 10)
        }
    } else {
        format!("{yuan}元")
    }
}

/// Yuan with thousands separators: `¥32,000`.
pub fn yuan_en(yuan: u64) -> String {
    let digits = yuan.to_string();
    let mut out = String::from("¥");
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROJECTS: [Choice<'static>; 4] = [
        Choice {
            id: "p1",
            cost_yuan: 180_000,
        },
        Choice {
            id: "p2",
            cost_yuan: 120_000,
        },
        Choice {
            id: "p3",
            cost_yuan: 95_000,
        },
        Choice {
            id: "p4",
            cost_yuan: 232_000,
        },
    ];

    fn check(rules: BallotRules, chosen: &[&str], expected: Result<&[&str], SelectionError>) {
        let chosen: Vec<String> = chosen.iter().map(|id| id.to_string()).collect();
        let got = rules
            .check(&PROJECTS, &chosen)
            .map(|valid| valid.project_ids);
        let expected = expected.map(|ids| ids.iter().map(|id| id.to_string()).collect());
        assert_eq!(got, expected, "{chosen:?}");
    }

    fn budget(min_share_percent: u32) -> BallotRules {
        let limits = Limits::Budget {
            budget_yuan: 400_000,
            min_share_percent,
        };
        BallotRules::new(limits, 1, 4, PROJECTS.len()).unwrap()
    }

    #[test]
    fn approval_ballots_count_choices() {
        let rules = BallotRules::new(Limits::Approval, 1, 2, PROJECTS.len()).unwrap();
        check(rules, &["p3", "p1"], Ok(&["p1", "p3"]));
        check(rules, &["p4"], Ok(&["p4"]));
        check(
            rules,
            &["p1", "p2", "p3"],
            Err(SelectionError::TooMany { max: 2, chosen: 3 }),
        );
        check(
            rules,
            &[],
            Err(SelectionError::TooFew { min: 1, chosen: 0 }),
        );
        check(
            rules,
            &["p9"],
            Err(SelectionError::UnknownProject { id: "p9".into() }),
        );
        check(
            rules,
            &["p1", "p1"],
            Err(SelectionError::DuplicateProject { id: "p1".into() }),
        );
    }

    #[test]
    fn budget_ballots_fit_the_budget_and_the_minimum_share() {
        check(budget(0), &["p1", "p2", "p3"], Ok(&["p1", "p2", "p3"]));
        check(
            budget(0),
            &["p1", "p4"],
            Err(SelectionError::OverBudget {
                budget_yuan: 400_000,
                total_yuan: 412_000,
            }),
        );
        check(budget(50), &["p2", "p3"], Ok(&["p2", "p3"]));
        check(
            budget(50),
            &["p3"],
            Err(SelectionError::BelowMinimumShare {
                needed_yuan: 200_000,
                total_yuan: 95_000,
            }),
        );
    }

    #[test]
    fn refusals_name_the_amount_to_put_right() {
        let over = SelectionError::OverBudget {
            budget_yuan: 500_000,
            total_yuan: 532_000,
        };
        assert!(
            over.message_zh().starts_with("超出预算3.2万元"),
            "{}",
            over.message_zh()
        );
        assert!(
            over.to_string().starts_with("over budget by ¥32,000"),
            "{over}"
        );
        assert_eq!(over.code(), "over_budget");
    }

    #[test]
    fn incoherent_definitions_are_refused() {
        let cases = [
            (Limits::Approval, 0, 2, 4, Some("range")),
            (Limits::Approval, 3, 2, 4, Some("range")),
            (Limits::Approval, 1, 5, 4, Some("range")),
            (Limits::Approval, 1, 1, 0, Some("none")),
            (
                Limits::Budget {
                    budget_yuan: 0,
                    min_share_percent: 0,
                },
                1,
                4,
                4,
                Some("zero"),
            ),
            (
                Limits::Budget {
                    budget_yuan: 10,
                    min_share_percent: 101,
                },
                1,
                4,
                4,
                Some("share"),
            ),
            (Limits::Approval, 4, 4, 4, None),
        ];
        for (limits, min, max, projects, expected) in cases {
            let got = BallotRules::new(limits, min, max, projects).err();
            let kind = got.as_ref().map(|error| match error {
                RulesError::BadChoiceRange { .. } => "range",
                RulesError::NoProjects => "none",
                RulesError::ZeroBudget => "zero",
                RulesError::BadShare { .. } => "share",
            });
            assert_eq!(kind, expected, "{limits:?} {min}..{max} of {projects}");
        }
    }

    #[test]
    fn yuan_read_like_a_notice_board() {
        for (yuan, zh, en) in [
            (0, "0元", "¥0"),
            (800, "800元", "¥800"),
            (10_000, "1万元", "¥10,000"),
            (32_000, "3.2万元", "¥32,000"),
            (500_000, "50万元", "¥500,000"),
            (1_234_567, "123.5万元", "¥1,234,567"),
        ] {
            assert_eq!((yuan_zh(yuan).as_str(), yuan_en(yuan).as_str()), (zh, en));
        }
    }
}
