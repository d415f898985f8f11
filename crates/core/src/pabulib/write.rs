//! Writing an [`Election`] back as a `.pb` file that [`Election::parse`] reads as the same
//! election: same META lines, same columns in the same order, same projects and ballots.

use super::election::{COST, Election, NAME, POINTS, PROJECT_ID, SELECTED, VOTE, VOTER_ID};

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
                    SELECTED => match project.selected {
                        Some(true) => "1",
                        Some(false) => "0",
                        None => "",
                    },
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
