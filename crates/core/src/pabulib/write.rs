//! Writing an [`Election`] back as a `.pb` file that [`Election::parse`] reads as the same
//! election: same META lines, same columns in the same order, same projects and ballots; and
//! building one from values ([`Election::build`]), for a platform that exports its own votes.

use super::election::{COST, Election, NAME, POINTS, PROJECT_ID, SELECTED, VOTE, VOTER_ID};
use super::read::ParseError;
use super::selected::Selected;

/// The values of a new election, as a platform holds them. META needs at least `budget` and
/// `vote_type`; `num_projects` and `num_votes` are added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewElection {
    pub meta: Vec<(String, String)>,
    /// The PROJECTS columns after `project_id` and `cost` (e.g. `name`, `score`, `selected`).
    pub project_columns: Vec<String>,
    /// Each project: id, cost, then one value per column of `project_columns`.
    pub projects: Vec<(String, String, Vec<String>)>,
    /// Each ballot: voter id and the ids voted for (no `points`: approval and choose-1 ballots).
    pub votes: Vec<(String, Vec<String>)>,
}

impl Election {
    /// The election as `.pb` text, with `\n` line ends. Costs are written in their shortest exact
    /// form (`400000.0` becomes `400000`); every other value is written as it was read.
    pub fn to_pb(&self) -> String {
        let mut out = String::new();
        out.push_str("META\nkey;value\n");
        for (key, value) in self.meta.entries() {
            push_record(&mut out, [key, value]);
        }

        out.push_str("PROJECTS\n");
        push_record(&mut out, self.project_columns.iter().map(String::as_str));
        for project in &self.projects {
            let cost = project.cost.to_string();
            let mut extra = project.extra.iter();
            let fields = self
                .project_columns
                .iter()
                .map(|column| match column.as_str() {
                    PROJECT_ID => project.id.as_str(),
                    COST => cost.as_str(),
                    NAME => project.name.as_deref().unwrap_or(""),
                    SELECTED => project.selected.map_or("", Selected::code),
                    _ => extra.next().map(String::as_str).unwrap_or(""),
                });
            push_record(&mut out, fields);
        }

        out.push_str("VOTES\n");
        push_record(&mut out, self.vote_columns.iter().map(String::as_str));
        for vote in &self.votes {
            let projects = vote.projects.join(",");
            let points = vote
                .points
                .as_ref()
                .map(|points| {
                    points
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<String>>()
                        .join(",")
                })
                .unwrap_or_default();
            let mut extra = vote.extra.iter();
            let fields = self
                .vote_columns
                .iter()
                .map(|column| match column.as_str() {
                    VOTER_ID => vote.voter_id.as_str(),
                    VOTE => projects.as_str(),
                    POINTS => points.as_str(),
                    _ => extra.next().map(String::as_str).unwrap_or(""),
                });
            push_record(&mut out, fields);
        }
        out
    }
}

impl Election {
    /// Builds an election by writing `new` as `.pb` text and reading it back, so an election
    /// built here passes every check a file does and writes out as the same text.
    pub fn build(new: &NewElection) -> Result<Election, ParseError> {
        let mut text = String::from("META\nkey;value\n");
        let counts = [
            ("num_projects".to_owned(), new.projects.len().to_string()),
            ("num_votes".to_owned(), new.votes.len().to_string()),
        ];
        for (key, value) in new.meta.iter().chain(&counts) {
            push_record(&mut text, [key.as_str(), value.as_str()]);
        }
        text.push_str("PROJECTS\n");
        push_record(
            &mut text,
            [PROJECT_ID, COST]
                .into_iter()
                .chain(new.project_columns.iter().map(String::as_str)),
        );
        for (id, cost, values) in &new.projects {
            push_record(
                &mut text,
                [id.as_str(), cost.as_str()]
                    .into_iter()
                    .chain(values.iter().map(String::as_str)),
            );
        }
        text.push_str("VOTES\n");
        push_record(&mut text, [VOTER_ID, VOTE]);
        for (voter, projects) in &new.votes {
            push_record(&mut text, [voter.as_str(), projects.join(",").as_str()]);
        }
        Election::parse(&text)
    }
}

fn push_record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (position, field) in fields.into_iter().enumerate() {
        if position > 0 {
            out.push(';');
        }
        push_field(out, field);
    }
    out.push('\n');
}

/// Quotes a field only when it must be: when it holds the separator, a quote or a line break.
fn push_field(out: &mut String, field: &str) {
    if field.contains([';', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}
