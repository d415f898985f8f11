//! The rules that turn scores or ballots into winners, by their Pabulib names.

use std::fmt;
use std::str::FromStr;

/// A rule for choosing the funded projects (META `rule` in a `.pb` file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// `greedy`: projects by score, best first; each is funded if it fits in what is left of the
    /// budget, and a project that does not fit is skipped.
    Greedy,
    /// `greedy-no-skip`: the same order, but counting stops at the first project that does not fit.
    GreedyNoSkip,
    /// `greedy-threshold`: `greedy` among the projects whose score reaches META
    /// `min_project_score_threshold`.
    GreedyThreshold,
    /// `greedy-exclusive`: `greedy` where some projects exclude each other (the same place, say)
    /// and only the better-scored of them is funded. The format has no column saying which
    /// projects exclude each other, so this counts as `greedy`; `tally --explain` names a
    /// project the city passed over.
    GreedyExclusive,
    /// `equalshares`: the Method of Equal Shares with cost utilities, without a completion.
    EqualShares,
    /// `equalshares-comparison`: `equalshares`, unless more voters prefer `greedy`'s outcome
    /// (more of their approved projects funded) than prefer it, as Wieliczka decides.
    EqualSharesComparison,
    /// `equalshares/add1`: the Method of Equal Shares with cost utilities, completed by raising
    /// each voter's share one currency unit at a time (see [`crate::tally`]).
    EqualSharesAdd1,
    /// `equalshares/add1-comparison`: `equalshares/add1` with the same comparison.
    EqualSharesAdd1Comparison,
}

/// A rule name that is not one of [`Rule::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRule {
    pub name: String,
}

impl Rule {
    pub const ALL: [Rule; 8] = [
        Rule::Greedy,
        Rule::GreedyNoSkip,
        Rule::GreedyThreshold,
        Rule::GreedyExclusive,
        Rule::EqualShares,
        Rule::EqualSharesComparison,
        Rule::EqualSharesAdd1,
        Rule::EqualSharesAdd1Comparison,
    ];

    /// Names Pabulib uses for rules that are not a counting method: a city's own rule described
    /// in META `comment`, or a rule nobody recorded.
    pub const NOT_COUNTING: [&'static str; 2] = ["greedy-custom", "unknown"];

    /// The name Pabulib uses.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Greedy => "greedy",
            Rule::GreedyNoSkip => "greedy-no-skip",
            Rule::GreedyThreshold => "greedy-threshold",
            Rule::GreedyExclusive => "greedy-exclusive",
            Rule::EqualShares => "equalshares",
            Rule::EqualSharesComparison => "equalshares-comparison",
            Rule::EqualSharesAdd1Comparison => "equalshares/add1-comparison",
            Rule::EqualSharesAdd1 => "equalshares/add1",
        }
    }

    pub fn from_name(name: &str) -> Result<Rule, UnknownRule> {
        Rule::ALL
            .into_iter()
            .find(|rule| rule.name() == name.trim())
            .ok_or_else(|| UnknownRule {
                name: name.trim().to_string(),
            })
    }
}

impl FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(name: &str) -> Result<Rule, UnknownRule> {
        Rule::from_name(name)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = Rule::ALL.iter().map(|rule| rule.name()).collect();
        write!(
            f,
            "{:?} is not a rule this tally knows; it knows {}",
            self.name,
            known.join(", ")
        )
    }
}

impl std::error::Error for UnknownRule {}
