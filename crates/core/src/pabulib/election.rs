//! The election a `.pb` file describes: its META entries, its projects and its ballots, as
//! checked values that only the reader builds.

use super::decimal::Decimal;
use super::selected::Selected;
use super::warning::ReadWarning;

/// The PROJECTS column naming each project; ballots list these ids.
pub const PROJECT_ID: &str = "project_id";
/// The PROJECTS column with each project's cost.
pub const COST: &str = "cost";
/// The optional PROJECTS column with each project's title.
pub const NAME: &str = "name";
/// The optional PROJECTS column with the official outcome: `1` funded by the rule, `0` not, `2`
/// or `3` funded for another reason (see [`Selected`]).
pub const SELECTED: &str = "selected";
/// The optional PROJECTS column naming each project's category; the per-category budgets of
/// META `budget_per_category` apply to it.
pub const CATEGORY: &str = "category";
/// The VOTES column naming each voter.
pub const VOTER_ID: &str = "voter_id";
/// The VOTES column with the comma-separated project ids of a ballot.
pub const VOTE: &str = "vote";
/// The VOTES column with the comma-separated points of a cumulative or scoring ballot.
pub const POINTS: &str = "points";

/// One participatory-budgeting election as read from a `.pb` file.
///
/// Only [`Election::parse`] builds one, so every value is consistent: the budget and vote type
/// are readable, every ballot names known projects, points line up with the projects they score,
/// the counts that META declares match the sections, and when META declares amounts per category
/// every project is in one of its categories. What the reader tolerated (a ballot
/// naming a project twice, a `selected` of 2 or 3) is in [`Election::warnings`].
#[derive(Clone, Debug)]
pub struct Election {
    pub(super) meta: Meta,
    /// Every PROJECTS column in file order, the typed ones included, so the writer keeps the layout.
    pub(super) project_columns: Vec<String>,
    pub(super) projects: Vec<Project>,
    /// Every VOTES column in file order.
    pub(super) vote_columns: Vec<String>,
    pub(super) votes: Vec<Vote>,
    /// The projects of every ballot as positions in `projects`, ballots back to back, found once
    /// by the reader so that a tally need not look ids up again. A project a ballot names twice
    /// is here once, at its first place.
    pub(super) ballot_projects: Vec<u32>,
    /// The points given to each entry of `ballot_projects`, when the file has a `points` column;
    /// empty otherwise.
    pub(super) ballot_points: Vec<i64>,
    /// Where each ballot ends in `ballot_projects`.
    pub(super) ballot_ends: Vec<usize>,
    /// The category of each project, as a position in [`Meta::categories`], when META declares
    /// amounts per category (`budget_per_category`, `max_sum_cost_per_category`); empty otherwise.
    pub(super) project_categories: Vec<u32>,
    /// What the reader tolerated, one entry per kind, in the order first met.
    pub(super) warnings: Vec<ReadWarning>,
}

/// The META section: every `key;value` line in file order, with typed access to the keys a
/// tally needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    pub(super) entries: Vec<(String, String)>,
    pub(super) budget: Decimal,
    pub(super) vote_type: VoteType,
    pub(super) min_project_score_threshold: Option<Decimal>,
    /// META `categories`, in the order written; empty without it.
    pub(super) categories: Vec<String>,
    /// META `budget_per_category`: one cap a category, in the order of `categories`.
    pub(super) budget_per_category: Option<Vec<Decimal>>,
    /// META `max_sum_cost_per_category`: what one ballot may approve in each category.
    pub(super) max_sum_cost_per_category: Option<Vec<Decimal>>,
    pub(super) min_project_cost: Option<Decimal>,
    /// True when META `leftover_budget` says to fund more projects by score with what is left.
    pub(super) leftover_by_score: bool,
}

/// How voters filled in their ballots (META `vote_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VoteType {
    /// Each ballot lists the projects the voter approves of.
    Approval,
    /// Each ballot lists one project at most.
    ChooseOne,
    /// Each ballot spreads a number of points over projects (`points` column).
    Cumulative,
    /// Each ballot gives each listed project a score (`points` column).
    Scoring,
    /// Each ballot lists projects from most to least preferred.
    Ordinal,
}

/// One PROJECTS row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub id: String,
    pub cost: Decimal,
    /// `None` when the file has no `name` column.
    pub name: Option<String>,
    /// The official outcome; `None` when the file has no `selected` column.
    pub selected: Option<Selected>,
    /// The values of the other columns, in the order of [`Election::extra_project_columns`].
    pub extra: Vec<String>,
}

/// One VOTES row: one voter's ballot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vote {
    pub voter_id: String,
    /// The project ids on the ballot, in the order written (the preference order when ordinal),
    /// a repeated one included: a tally counts it once (see [`Election::ballot_positions`]).
    pub projects: Vec<String>,
    /// The points given to each of `projects`, in the same order; `None` when the file has no
    /// `points` column.
    pub points: Option<Vec<i64>>,
    /// The values of the other columns, in the order of [`Election::extra_vote_columns`].
    pub extra: Vec<String>,
}

/// Two elections are equal when they hold the same META, projects and ballots. The warnings are
/// left out: they name lines of the text read, which writing the election again renumbers.
impl PartialEq for Election {
    fn eq(&self, other: &Election) -> bool {
        self.meta == other.meta
            && self.project_columns == other.project_columns
            && self.projects == other.projects
            && self.vote_columns == other.vote_columns
            && self.votes == other.votes
            && self.ballot_projects == other.ballot_projects
            && self.ballot_points == other.ballot_points
            && self.ballot_ends == other.ballot_ends
            && self.project_categories == other.project_categories
    }
}

impl Eq for Election {}

impl Election {
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    pub fn votes(&self) -> &[Vote] {
        &self.votes
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|project| project.id == id)
    }

    /// Every PROJECTS column in file order, `project_id` and `cost` included.
    pub fn project_columns(&self) -> &[String] {
        &self.project_columns
    }

    /// Every VOTES column in file order, `voter_id` and `vote` included.
    pub fn vote_columns(&self) -> &[String] {
        &self.vote_columns
    }

    /// The PROJECTS columns kept as text in [`Project::extra`], in file order.
    pub fn extra_project_columns(&self) -> impl Iterator<Item = &str> {
        self.project_columns
            .iter()
            .map(String::as_str)
            .filter(|column| ![PROJECT_ID, COST, NAME, SELECTED].contains(column))
    }

    /// The VOTES columns kept as text in [`Vote::extra`], in file order.
    pub fn extra_vote_columns(&self) -> impl Iterator<Item = &str> {
        self.vote_columns
            .iter()
            .map(String::as_str)
            .filter(|column| ![VOTER_ID, VOTE, POINTS].contains(column))
    }

    /// A project's value in one of the extra columns, such as `category` or `votes`.
    pub fn project_field<'a>(&self, project: &'a Project, column: &str) -> Option<&'a str> {
        let position = self
            .extra_project_columns()
            .position(|name| name == column)?;
        project.extra.get(position).map(String::as_str)
    }

    /// For each ballot in the order of [`Election::votes`], the positions in
    /// [`Election::projects`] of the projects it names, in ballot order, each once.
    pub fn ballot_positions(&self) -> impl ExactSizeIterator<Item = &[u32]> + Clone {
        self.ballot_ranges()
            .map(|range| &self.ballot_projects[range])
    }

    /// For each ballot, the points it gives to each of its [`Election::ballot_positions`];
    /// `None` when the file has no `points` column.
    pub fn ballot_points(&self) -> Option<impl ExactSizeIterator<Item = &[i64]> + Clone> {
        let has_points = self.vote_columns.iter().any(|column| column == POINTS);
        has_points.then(|| self.ballot_ranges().map(|range| &self.ballot_points[range]))
    }

    fn ballot_ranges(&self) -> impl ExactSizeIterator<Item = std::ops::Range<usize>> + Clone {
        self.ballot_ends.iter().enumerate().map(|(ballot, &end)| {
            let start = ballot
                .checked_sub(1)
                .map_or(0, |previous| self.ballot_ends[previous]);
            start..end
        })
    }

    /// The category of the project at `position` in [`Election::projects`], as a position in
    /// [`Meta::categories`]; `None` unless META declares amounts per category, which is when the
    /// reader makes sure every project's category is listed.
    pub fn project_category(&self, position: usize) -> Option<usize> {
        self.project_categories
            .get(position)
            .map(|&category| category as usize)
    }

    /// What the reader tolerated: one warning per kind, with the first line and how many times.
    pub fn warnings(&self) -> &[ReadWarning] {
        &self.warnings
    }

    /// True when the file carries the official outcome.
    pub fn has_selected_column(&self) -> bool {
        self.project_columns.iter().any(|column| column == SELECTED)
    }
}

impl Meta {
    /// The value of any META key, as written.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// Every `key;value` line in file order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }

    /// The money to be spent (META `budget`).
    pub fn budget(&self) -> Decimal {
        self.budget
    }

    pub fn vote_type(&self) -> VoteType {
        self.vote_type
    }

    /// The rule the organisers declared (META `rule`), such as `greedy` or `equalshares/add1`.
    pub fn rule(&self) -> Option<&str> {
        self.get("rule").map(str::trim)
    }

    /// The least score a project needs to be funded under `greedy-threshold`.
    pub fn min_project_score_threshold(&self) -> Option<Decimal> {
        self.min_project_score_threshold
    }

    /// The project categories META `categories` lists, in its order; empty without it.
    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// The most the rule may spend on each category's projects (META `budget_per_category`), in
    /// the order of [`Meta::categories`]. Projects funded from the leftover are not held to it.
    pub fn budget_per_category(&self) -> Option<&[Decimal]> {
        self.budget_per_category.as_deref()
    }

    /// The most one ballot may approve in each category, in cost (META
    /// `max_sum_cost_per_category`), in the order of [`Meta::categories`]. The reader warns of a
    /// ballot over it and counts the ballot as cast.
    pub fn max_sum_cost_per_category(&self) -> Option<&[Decimal]> {
        self.max_sum_cost_per_category.as_deref()
    }

    /// The least a project may cost (META `min_project_cost`); the reader warns of one that costs
    /// less and keeps it.
    pub fn min_project_cost(&self) -> Option<Decimal> {
        self.min_project_cost
    }

    /// True when META `leftover_budget` says to fund, after the rule, the projects that fit in
    /// what is left of the budget, by score ("Fund additional projects that fit within leftover
    /// budget ordered by score"), without the per-category caps.
    pub fn funds_leftover_by_score(&self) -> bool {
        self.leftover_by_score
    }

    /// A sentence naming the election, such as "Municipal PB in Świecie".
    pub fn description(&self) -> Option<&str> {
        self.get("description")
    }

    pub fn currency(&self) -> Option<&str> {
        self.get("currency")
    }
}

impl VoteType {
    pub const ALL: [VoteType; 5] = [
        VoteType::Approval,
        VoteType::ChooseOne,
        VoteType::Cumulative,
        VoteType::Scoring,
        VoteType::Ordinal,
    ];

    /// The name a `.pb` file uses.
    pub fn name(self) -> &'static str {
        match self {
            VoteType::Approval => "approval",
            VoteType::ChooseOne => "choose-1",
            VoteType::Cumulative => "cumulative",
            VoteType::Scoring => "scoring",
            VoteType::Ordinal => "ordinal",
        }
    }

    pub fn from_name(name: &str) -> Option<VoteType> {
        VoteType::ALL
            .into_iter()
            .find(|vote_type| vote_type.name() == name.trim())
    }

    /// True when each ballot must carry a `points` column.
    pub fn has_points(self) -> bool {
        matches!(self, VoteType::Cumulative | VoteType::Scoring)
    }
}
