//! Reading a `.pb` file into an [`Election`]. Uploaded files are untrusted, so nothing here
//! panics: every problem becomes a [`ParseError`] that names the line and says what to fix. What
//! real Pabulib files do that the format does not quite allow, but whose meaning is clear, is read
//! and reported instead (see [`super::warning`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use super::decimal::{Decimal, DecimalError};
use super::election::{
    CATEGORY, COST, Election, Meta, NAME, POINTS, PROJECT_ID, Project, SELECTED, VOTE, VOTER_ID,
    Vote, VoteType,
};
use super::selected::Selected;
use super::warning::{WarningKind, Warnings};

/// A `.pb` file that cannot be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The line (counting from 1) where the problem is, or the last line when something is missing.
    pub line: usize,
    pub kind: ParseErrorKind,
}

/// The three sections of a `.pb` file, in the order they appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Meta,
    Projects,
    Votes,
}

/// What is wrong with a `.pb` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The bytes are not UTF-8 text.
    NotUtf8,
    /// A line comes before the first section heading.
    OutsideSection,
    /// A quoted field is never closed.
    UnterminatedQuote,
    /// Something follows a closing quote before the next `;`.
    TextAfterQuote,
    /// A section heading appears twice.
    RepeatedSection { section: Section, first_line: usize },
    /// A section is absent.
    MissingSection { section: Section },
    /// A section has no header line naming its columns.
    MissingHeader { section: Section },
    /// A required column is absent from a section's header.
    MissingColumn { section: Section, column: String },
    /// A column name appears twice in a header.
    RepeatedColumn { section: Section, column: String },
    /// A line has a different number of `;`-separated fields than the header.
    WrongFieldCount {
        section: Section,
        expected: usize,
        found: usize,
    },
    /// A META key, project id or voter id is blank.
    EmptyField { section: Section, column: String },
    /// A META key appears twice.
    RepeatedMetaKey { key: String, first_line: usize },
    /// A required META key is absent.
    MissingMeta { key: String },
    /// META `vote_type` is not one of the Pabulib vote types.
    UnknownVoteType { text: String },
    /// A META count (`num_projects`, `num_votes`) is not a whole number.
    BadCount { key: String, text: String },
    /// META declares a number of projects or ballots that the section does not have.
    CountMismatch {
        key: String,
        declared: usize,
        found: usize,
    },
    /// A cost, budget or threshold is not an amount.
    BadAmount {
        column: String,
        text: String,
        problem: DecimalError,
    },
    /// A `selected` value other than `0`, `1`, `2` or `3`.
    BadSelected { text: String },
    /// A project id with a comma, which ballots could not list.
    CommaInProjectId { id: String },
    /// Two projects with the same id.
    RepeatedProject { id: String, first_line: usize },
    /// Two ballots with the same voter id.
    RepeatedVoter { id: String, first_line: usize },
    /// A ballot names a project that PROJECTS does not list.
    UnknownProject { id: String },
    /// A point value that is not a whole number.
    BadPoints { text: String },
    /// A ballot whose points do not line up with its projects.
    PointsMismatch { projects: usize, points: usize },
    /// META `categories` names a category twice.
    RepeatedCategory { name: String },
    /// A per-category META list (`budget_per_category`, `max_sum_cost_per_category`) has another
    /// number of values than META `categories` has categories.
    CategoryCountMismatch {
        key: String,
        categories: usize,
        found: usize,
    },
    /// A project's category is not one of META `categories`, which declares amounts per category.
    UnknownCategory {
        project_id: String,
        category: String,
        categories: Vec<String>,
    },
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.heading())
    }
}

impl Section {
    const ALL: [Section; 3] = [Section::Meta, Section::Projects, Section::Votes];

    fn heading(self) -> &'static str {
        match self {
            Section::Meta => "META",
            Section::Projects => "PROJECTS",
            Section::Votes => "VOTES",
        }
    }

    fn from_heading(text: &str) -> Option<Section> {
        Section::ALL
            .into_iter()
            .find(|section| section.heading() == text.trim())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.kind)
    }
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ParseErrorKind::*;
        match self {
            NotUtf8 => write!(
                f,
                "the file is not UTF-8 text; save it as UTF-8 and try again"
            ),
            OutsideSection => write!(
                f,
                "this line is outside any section; a .pb file starts with a line reading META"
            ),
            UnterminatedQuote => write!(f, "a quoted field opened here is never closed"),
            TextAfterQuote => write!(
                f,
                "text follows a closing quote; write \"\" for a quote inside a quoted field"
            ),
            RepeatedSection {
                section,
                first_line,
            } => write!(
                f,
                "a second {section} section; the first began on line {first_line}"
            ),
            MissingSection { section } => write!(f, "the file has no {section} section"),
            MissingHeader {
                section: Section::Meta,
            } => write!(f, "the META section does not start with the line key;value"),
            MissingHeader { section } => write!(
                f,
                "the {section} section has no header line naming its columns"
            ),
            MissingColumn { section, column } => {
                write!(f, "the {section} header has no {column} column")
            }
            RepeatedColumn { section, column } => {
                write!(f, "the {section} header names the {column} column twice")
            }
            WrongFieldCount {
                section,
                expected,
                found,
            } => write!(
                f,
                "this {section} line has {found} fields separated by ';' but should have \
                 {expected}; quote a value that contains ';'"
            ),
            EmptyField { section, column } => {
                write!(f, "the {column} of this {section} line is blank")
            }
            RepeatedMetaKey { key, first_line } => {
                write!(
                    f,
                    "META key {key:?} appears again; it was set on line {first_line}"
                )
            }
            MissingMeta { key } => write!(f, "META has no {key:?} line"),
            UnknownVoteType { text } => {
                let known: Vec<&str> = VoteType::ALL.iter().map(|v| v.name()).collect();
                write!(f, "vote_type {text:?} is not one of {}", known.join(", "))
            }
            BadCount { key, text } => write!(f, "META {key} {text:?} is not a whole number"),
            CountMismatch {
                key,
                declared,
                found,
            } => write!(
                f,
                "META {key} says {declared} but the file has {found}; it may be cut short"
            ),
            BadAmount {
                column,
                text,
                problem,
            } => write!(f, "{column} {text:?} is not an amount: {problem}"),
            BadSelected { text } => write!(
                f,
                "selected is {text:?}; it must be 1 (funded by the rule), 0 (not funded), or 2 or \
                 3 (funded for another reason)"
            ),
            CommaInProjectId { id } => write!(
                f,
                "project id {id:?} contains a comma, which ballots use to separate ids"
            ),
            RepeatedProject { id, first_line } => {
                write!(
                    f,
                    "project {id:?} is listed again; it was first listed on line {first_line}"
                )
            }
            RepeatedVoter { id, first_line } => {
                write!(
                    f,
                    "voter {id:?} voted again; their first ballot is on line {first_line}"
                )
            }
            UnknownProject { id } => {
                write!(
                    f,
                    "the ballot names project {id:?}, which PROJECTS does not list"
                )
            }
            BadPoints { text } => write!(f, "points {text:?} is not a whole number"),
            PointsMismatch { projects, points } => write!(
                f,
                "the ballot names {projects} projects but gives {points} points values"
            ),
            RepeatedCategory { name } => {
                write!(f, "META categories names the category {name:?} twice")
            }
            CategoryCountMismatch {
                key,
                categories,
                found,
            } => write!(
                f,
                "META {key} has {found} values but META categories lists {categories} \
                 categories; give one value a category, in the same order"
            ),
            UnknownCategory {
                project_id,
                category,
                categories,
            } => write!(
                f,
                "project {project_id:?} has category {category:?}, which is not one of META \
                 categories ({}); amounts per category need every project in one of them",
                categories.join(", ")
            ),
        }
    }
}

impl std::error::Error for ParseError {}

impl Election {
    /// Reads an uploaded file: UTF-8, with or without a byte-order mark.
    pub fn from_bytes(bytes: &[u8]) -> Result<Election, ParseError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => Election::parse(text),
            Err(error) => {
                let valid = &bytes[..error.valid_up_to()];
                let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
                Err(ParseError {
                    line,
                    kind: ParseErrorKind::NotUtf8,
                })
            }
        }
    }

    /// Reads the text of a `.pb` file (see <https://pabulib.org/format>).
    ///
    /// Lines may end in `\n` or `\r\n`; blank lines are skipped; a field may be quoted with `"`
    /// (a quote inside is doubled) to hold `;` or a line break.
    pub fn parse(text: &str) -> Result<Election, ParseError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let last_line = text.lines().count().max(1);
        let sections = split_sections(records(text)?, last_line)?;
        let mut warnings = Warnings::default();
        let (meta, meta_lines) = read_meta(&sections.meta, &mut warnings)?;
        let (project_columns, projects) = read_projects(&sections.projects, &mut warnings)?;
        warn_of_projects_under_minimum_cost(&meta, &sections.projects, &projects, &mut warnings);
        let project_categories = project_categories(&meta, &sections.projects, &projects)?;
        let ballots = read_votes(&sections.votes, &projects, meta.vote_type, &mut warnings)?;
        check_count(&meta_lines, "num_projects", projects.len())?;
        check_count(&meta_lines, "num_votes", ballots.votes.len())?;
        let mut election = Election {
            meta,
            project_columns,
            projects,
            vote_columns: ballots.columns,
            votes: ballots.votes,
            ballot_projects: ballots.projects,
            ballot_points: ballots.points,
            ballot_ends: ballots.ends,
            project_categories,
            warnings: Vec::new(),
        };
        warn_of_ballots_over_category_limits(&election, &sections.votes, &mut warnings);
        election.warnings = warnings.into_vec();
        Ok(election)
    }
}

/// One line of fields (more than one line when a quoted field holds a line break). Fields
/// borrow the text unless quotes had to be undone.
struct Record<'a> {
    line: usize,
    fields: Vec<Cow<'a, str>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldState {
    Start,
    Unquoted,
    Quoted,
    AfterQuote,
}

/// Splits the text into records of `;`-separated fields, undoing quotes, skipping blank lines.
fn records(text: &str) -> Result<Vec<Record<'_>>, ParseError> {
    let mut records = Vec::new();
    let mut rest = text;
    let mut line = 1;
    while !rest.is_empty() {
        // Lines without quotes, nearly all of them, are split directly.
        let (raw, after) = match rest.find('\n') {
            Some(end) => (
                rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]),
                &rest[end + 1..],
            ),
            None => (rest.strip_suffix('\r').unwrap_or(rest), ""),
        };
        if !raw.contains('"') {
            if !raw.trim().is_empty() {
                records.push(Record {
                    line,
                    fields: raw.split(';').map(Cow::Borrowed).collect(),
                });
            }
            rest = after;
            line += 1;
            continue;
        }
        let quoted = quoted_record(rest, line)?;
        records.push(Record {
            line,
            fields: quoted.fields,
        });
        rest = &rest[quoted.length..];
        line += quoted.lines;
    }
    Ok(records)
}

/// A record read by [`quoted_record`]: its fields, and how many bytes and lines it took.
struct QuotedRecord {
    fields: Vec<Cow<'static, str>>,
    length: usize,
    lines: usize,
}

/// Reads one record that has quotes in it, which may hold `;` and line breaks.
fn quoted_record(text: &str, first_line: usize) -> Result<QuotedRecord, ParseError> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut state = FieldState::Start;
    let mut line = first_line;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if state == FieldState::Quoted {
            match c {
                '"' if chars.peek().map(|&(_, next)| next) == Some('"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => state = FieldState::AfterQuote,
                _ => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        let line_break = c == '\n' || (c == '\r' && text[at + 1..].starts_with('\n'));
        if line_break {
            fields.push(Cow::Owned(field));
            let length = at + if c == '\r' { 2 } else { 1 };
            return Ok(QuotedRecord {
                fields,
                length,
                lines: line + 1 - first_line,
            });
        }
        match (c, state) {
            (';', _) => {
                fields.push(Cow::Owned(std::mem::take(&mut field)));
                state = FieldState::Start;
            }
            ('"', FieldState::Start) => state = FieldState::Quoted,
            (_, FieldState::AfterQuote) => {
                return Err(ParseError {
                    line,
                    kind: ParseErrorKind::TextAfterQuote,
                });
            }
            _ => {
                field.push(c);
                state = FieldState::Unquoted;
            }
        }
    }
    if state == FieldState::Quoted {
        return Err(ParseError {
            line: first_line,
            kind: ParseErrorKind::UnterminatedQuote,
        });
    }
    fields.push(Cow::Owned(field));
    Ok(QuotedRecord {
        fields,
        length: text.len(),
        lines: line + 1 - first_line,
    })
}

/// The lines of one section: its heading's line, its header and its rows.
struct SectionLines<'a> {
    line: usize,
    header_line: usize,
    header: Vec<String>,
    rows: Vec<Record<'a>>,
}

struct Sections<'a> {
    meta: SectionLines<'a>,
    projects: SectionLines<'a>,
    votes: SectionLines<'a>,
}

fn split_sections<'a>(
    records: Vec<Record<'a>>,
    last_line: usize,
) -> Result<Sections<'a>, ParseError> {
    // For each section: the line of its heading and its records after the heading.
    let mut found: [Option<(usize, Vec<Record<'a>>)>; 3] = [None, None, None];
    let mut current = None;
    for record in records {
        let heading = match record.fields.as_slice() {
            [only] => Section::from_heading(only),
            _ => None,
        };
        if let Some(section) = heading {
            let slot = &mut found[section as usize];
            if let Some((first_line, _)) = slot {
                return Err(ParseError {
                    line: record.line,
                    kind: ParseErrorKind::RepeatedSection {
                        section,
                        first_line: *first_line,
                    },
                });
            }
            *slot = Some((record.line, Vec::new()));
            current = Some(section);
            continue;
        }
        match current.and_then(|section| found[section as usize].as_mut()) {
            Some((_, lines)) => lines.push(record),
            None => {
                return Err(ParseError {
                    line: record.line,
                    kind: ParseErrorKind::OutsideSection,
                });
            }
        }
    }
    let [meta, projects, votes] = found;
    let take = |section: Section, lines: Option<(usize, Vec<Record<'a>>)>| {
        let (line, mut rows) = lines.ok_or(ParseError {
            line: last_line,
            kind: ParseErrorKind::MissingSection { section },
        })?;
        if rows.is_empty() {
            return Err(ParseError {
                line,
                kind: ParseErrorKind::MissingHeader { section },
            });
        }
        let header = rows.remove(0);
        Ok(SectionLines {
            line,
            header_line: header.line,
            header: header
                .fields
                .iter()
                .map(|name| name.trim().to_string())
                .collect(),
            rows,
        })
    };
    Ok(Sections {
        meta: take(Section::Meta, meta)?,
        projects: take(Section::Projects, projects)?,
        votes: take(Section::Votes, votes)?,
    })
}

/// Where each META key was set, for errors that concern a key after the section is read.
type MetaLines = HashMap<String, (usize, String)>;

fn read_meta(
    section: &SectionLines<'_>,
    warnings: &mut Warnings,
) -> Result<(Meta, MetaLines), ParseError> {
    // Without this check a file that leaves out the header would lose its first META line.
    if section.header != ["key", "value"] {
        return Err(ParseError {
            line: section.header_line,
            kind: ParseErrorKind::MissingHeader {
                section: Section::Meta,
            },
        });
    }
    let mut entries = Vec::with_capacity(section.rows.len());
    let mut lines: MetaLines = HashMap::new();
    for row in &section.rows {
        let error = |kind| ParseError {
            line: row.line,
            kind,
        };
        let [key, value] = row.fields.as_slice() else {
            return Err(error(ParseErrorKind::WrongFieldCount {
                section: Section::Meta,
                expected: 2,
                found: row.fields.len(),
            }));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(error(ParseErrorKind::EmptyField {
                section: Section::Meta,
                column: "key".to_string(),
            }));
        }
        match lines.entry(key.to_string()) {
            Entry::Occupied(first) => {
                return Err(error(ParseErrorKind::RepeatedMetaKey {
                    key: key.to_string(),
                    first_line: first.get().0,
                }));
            }
            Entry::Vacant(slot) => {
                slot.insert((row.line, value.to_string()));
            }
        }
        entries.push((key.to_string(), value.to_string()));
    }
    let required = |key: &str| {
        lines.get(key).ok_or(ParseError {
            line: section.line,
            kind: ParseErrorKind::MissingMeta {
                key: key.to_string(),
            },
        })
    };
    let amount = |key: &str, (line, text): &(usize, String)| {
        Decimal::parse(text).map_err(|problem| ParseError {
            line: *line,
            kind: ParseErrorKind::BadAmount {
                column: key.to_string(),
                text: text.clone(),
                problem,
            },
        })
    };
    let budget = amount("budget", required("budget")?)?;
    let (vote_type_line, vote_type_text) = required("vote_type")?;
    let vote_type = VoteType::from_name(vote_type_text).ok_or_else(|| ParseError {
        line: *vote_type_line,
        kind: ParseErrorKind::UnknownVoteType {
            text: vote_type_text.clone(),
        },
    })?;
    let threshold_key = "min_project_score_threshold";
    let min_project_score_threshold = lines
        .get(threshold_key)
        .map(|entry| amount(threshold_key, entry))
        .transpose()?;
    let min_cost_key = "min_project_cost";
    let min_project_cost = lines
        .get(min_cost_key)
        .map(|entry| amount(min_cost_key, entry))
        .transpose()?;
    let categories = read_categories(&lines)?;
    let per_category = |key: &str| per_category_amounts(&lines, key, &categories);
    let budget_per_category = per_category("budget_per_category")?;
    let max_sum_cost_per_category = per_category("max_sum_cost_per_category")?;
    let leftover_by_score = match lines.get("leftover_budget") {
        None => false,
        Some((line, text)) => {
            let understood = funds_leftover_by_score(text);
            if !understood {
                warnings.add(
                    *line,
                    WarningKind::LeftoverNotUnderstood { text: text.clone() },
                );
            }
            understood
        }
    };
    let meta = Meta {
        entries,
        budget,
        vote_type,
        min_project_score_threshold,
        categories,
        budget_per_category,
        max_sum_cost_per_category,
        min_project_cost,
        leftover_by_score,
    };
    Ok((meta, lines))
}

/// META `categories`: comma-separated names, each once.
fn read_categories(lines: &MetaLines) -> Result<Vec<String>, ParseError> {
    let Some((line, text)) = lines.get("categories") else {
        return Ok(Vec::new());
    };
    let mut categories: Vec<String> = Vec::new();
    for name in comma_list(text) {
        if categories.iter().any(|known| known == name) {
            return Err(ParseError {
                line: *line,
                kind: ParseErrorKind::RepeatedCategory {
                    name: name.to_string(),
                },
            });
        }
        categories.push(name.to_string());
    }
    Ok(categories)
}

/// A META list of one amount per category, such as `budget_per_category;90610,57312`, checked
/// against META `categories`, which says whose each amount is.
fn per_category_amounts(
    lines: &MetaLines,
    key: &str,
    categories: &[String],
) -> Result<Option<Vec<Decimal>>, ParseError> {
    let Some((line, text)) = lines.get(key) else {
        return Ok(None);
    };
    let error = |kind| ParseError { line: *line, kind };
    if !lines.contains_key("categories") {
        return Err(error(ParseErrorKind::MissingMeta {
            key: "categories".to_string(),
        }));
    }
    let amounts = comma_list(text)
        .map(|part| {
            Decimal::parse(part).map_err(|problem| {
                error(ParseErrorKind::BadAmount {
                    column: key.to_string(),
                    text: part.to_string(),
                    problem,
                })
            })
        })
        .collect::<Result<Vec<Decimal>, ParseError>>()?;
    if amounts.len() != categories.len() {
        return Err(error(ParseErrorKind::CategoryCountMismatch {
            key: key.to_string(),
            categories: categories.len(),
            found: amounts.len(),
        }));
    }
    Ok(Some(amounts))
}

/// True for META `leftover_budget` as Pabulib writes it for Amsterdam: "Fund additional projects
/// that fit within leftover budget ordered by score". The format names no other value, so any
/// other is reported rather than guessed at.
fn funds_leftover_by_score(text: &str) -> bool {
    let text = text.to_lowercase();
    text.contains("fund additional projects") && text.contains("by score")
}

/// Each project's category as a position in META `categories`, when META declares amounts per
/// category; then a project outside the listed categories is an error, because no cap or limit
/// would hold it. Without such amounts, the `category` column is only kept as text.
fn project_categories(
    meta: &Meta,
    lines: &SectionLines<'_>,
    projects: &[Project],
) -> Result<Vec<u32>, ParseError> {
    if meta.budget_per_category.is_none() && meta.max_sum_cost_per_category.is_none() {
        return Ok(Vec::new());
    }
    let Some(column) = lines.header.iter().position(|name| name == CATEGORY) else {
        return Err(ParseError {
            line: lines.header_line,
            kind: ParseErrorKind::MissingColumn {
                section: Section::Projects,
                column: CATEGORY.to_string(),
            },
        });
    };
    lines
        .rows
        .iter()
        .zip(projects)
        .map(|(row, project)| {
            let category = row.fields[column].trim();
            let position = meta.categories.iter().position(|name| name == category);
            position
                .map(|position| position as u32)
                .ok_or_else(|| ParseError {
                    line: row.line,
                    kind: ParseErrorKind::UnknownCategory {
                        project_id: project.id.clone(),
                        category: category.to_string(),
                        categories: meta.categories.clone(),
                    },
                })
        })
        .collect()
}

fn warn_of_projects_under_minimum_cost(
    meta: &Meta,
    lines: &SectionLines<'_>,
    projects: &[Project],
    warnings: &mut Warnings,
) {
    let Some(minimum) = meta.min_project_cost else {
        return;
    };
    for (row, project) in lines.rows.iter().zip(projects) {
        if project.cost < minimum {
            warnings.add(
                row.line,
                WarningKind::CheaperThanMinimum {
                    project_id: project.id.clone(),
                    cost: project.cost,
                    minimum,
                },
            );
        }
    }
}

/// Warns of each ballot that approves more in a category than META `max_sum_cost_per_category`
/// allows. The ballot is still counted: it was cast, and the limit is the ballot form's to keep.
fn warn_of_ballots_over_category_limits(
    election: &Election,
    lines: &SectionLines<'_>,
    warnings: &mut Warnings,
) {
    let Some(limits) = election.meta.max_sum_cost_per_category() else {
        return;
    };
    let ballots = election.ballot_positions().zip(&election.votes);
    for ((positions, vote), row) in ballots.zip(&lines.rows) {
        // `None` for a sum too large for a Decimal, which is over any limit one can hold.
        let mut spent = vec![Some(Decimal::ZERO); limits.len()];
        for &position in positions {
            let project = &election.projects[position as usize];
            let category = election.project_categories[position as usize] as usize;
            spent[category] = spent[category].and_then(|sum| sum.checked_add(project.cost));
        }
        let over = spent
            .iter()
            .zip(limits)
            .position(|(cost, limit)| cost.is_none_or(|cost| cost > *limit));
        if let Some(category) = over {
            warnings.add(
                row.line,
                WarningKind::BallotOverCategoryLimit {
                    voter_id: vote.voter_id.clone(),
                    category: election.meta.categories[category].clone(),
                    cost: spent[category],
                    limit: limits[category],
                },
            );
        }
    }
}

/// Checks a header for repeated and missing columns, and returns where each column is.
fn columns<'a>(
    section: Section,
    lines: &'a SectionLines<'_>,
    required: &[&str],
) -> Result<HashMap<&'a str, usize>, ParseError> {
    let mut positions = HashMap::new();
    for (position, name) in lines.header.iter().enumerate() {
        if positions.insert(name.as_str(), position).is_some() {
            return Err(ParseError {
                line: lines.header_line,
                kind: ParseErrorKind::RepeatedColumn {
                    section,
                    column: name.clone(),
                },
            });
        }
    }
    for column in required {
        if !positions.contains_key(column) {
            return Err(ParseError {
                line: lines.header_line,
                kind: ParseErrorKind::MissingColumn {
                    section,
                    column: column.to_string(),
                },
            });
        }
    }
    Ok(positions)
}

fn check_field_count(
    section: Section,
    header: &[String],
    row: &Record<'_>,
) -> Result<(), ParseError> {
    if row.fields.len() == header.len() {
        return Ok(());
    }
    Err(ParseError {
        line: row.line,
        kind: ParseErrorKind::WrongFieldCount {
            section,
            expected: header.len(),
            found: row.fields.len(),
        },
    })
}

/// Reads PROJECTS: its columns and its projects.
fn read_projects(
    lines: &SectionLines<'_>,
    warnings: &mut Warnings,
) -> Result<(Vec<String>, Vec<Project>), ParseError> {
    let section = Section::Projects;
    let positions = columns(section, lines, &[PROJECT_ID, COST])?;
    let name_position = positions.get(NAME).copied();
    let selected_position = positions.get(SELECTED).copied();
    let typed = [
        Some(positions[PROJECT_ID]),
        Some(positions[COST]),
        name_position,
        selected_position,
    ];
    let extra_positions: Vec<usize> = (0..lines.header.len())
        .filter(|position| !typed.contains(&Some(*position)))
        .collect();
    let mut first_lines: HashMap<&str, usize> = HashMap::new();
    let mut projects = Vec::with_capacity(lines.rows.len());
    for row in &lines.rows {
        check_field_count(section, &lines.header, row)?;
        let error = |kind| ParseError {
            line: row.line,
            kind,
        };
        let id = row.fields[positions[PROJECT_ID]].trim();
        if id.is_empty() {
            return Err(error(ParseErrorKind::EmptyField {
                section,
                column: PROJECT_ID.to_string(),
            }));
        }
        if id.contains(',') {
            return Err(error(ParseErrorKind::CommaInProjectId {
                id: id.to_string(),
            }));
        }
        if let Some(first_line) = first_lines.insert(id, row.line) {
            return Err(error(ParseErrorKind::RepeatedProject {
                id: id.to_string(),
                first_line,
            }));
        }
        let cost_text = &row.fields[positions[COST]];
        let cost = Decimal::parse(cost_text).map_err(|problem| {
            error(ParseErrorKind::BadAmount {
                column: COST.to_string(),
                text: cost_text.to_string(),
                problem,
            })
        })?;
        let selected = match selected_position.map(|position| row.fields[position].trim()) {
            None => None,
            Some(text) => Some(Selected::from_code(text).ok_or_else(|| {
                error(ParseErrorKind::BadSelected {
                    text: text.to_string(),
                })
            })?),
        };
        if let Some(Selected::Otherwise(value)) = selected {
            warnings.add(
                row.line,
                WarningKind::FundedOutsideRule {
                    project_id: id.to_string(),
                    value,
                },
            );
        }
        let project = Project {
            id: id.to_string(),
            cost,
            name: name_position.map(|position| row.fields[position].to_string()),
            selected,
            extra: extra_positions
                .iter()
                .map(|&position| row.fields[position].to_string())
                .collect(),
        };
        projects.push(project);
    }
    Ok((lines.header.clone(), projects))
}

/// Splits a comma-separated list; an empty text is an empty list.
fn comma_list(text: &str) -> impl Iterator<Item = &str> {
    let text = text.trim();
    text.split(',')
        .map(str::trim)
        .filter(move |_| !text.is_empty())
}

/// The VOTES section as read, with each ballot's projects also as positions (see [`Election`]).
struct Ballots {
    columns: Vec<String>,
    votes: Vec<Vote>,
    projects: Vec<u32>,
    points: Vec<i64>,
    ends: Vec<usize>,
}

/// Where each project id is, to find the ids ballots name. Hashed with FNV-1a rather than the
/// standard SipHash, which dominated reading large files: there are only as many keys as
/// projects, so a file crafted to collide slows lookups to a scan of the projects at worst.
struct ProjectIndex<'a>(HashMap<&'a str, u32, BuildHasherDefault<Fnv1a>>);

impl<'a> ProjectIndex<'a> {
    fn new(projects: &'a [Project]) -> ProjectIndex<'a> {
        ProjectIndex(
            projects
                .iter()
                .enumerate()
                .map(|(position, project)| (project.id.as_str(), position as u32))
                .collect(),
        )
    }

    fn position(&self, id: &str) -> Option<u32> {
        self.0.get(id).copied()
    }
}

/// The 64-bit FNV-1a hash.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn read_votes(
    lines: &SectionLines<'_>,
    projects: &[Project],
    vote_type: VoteType,
    warnings: &mut Warnings,
) -> Result<Ballots, ParseError> {
    let section = Section::Votes;
    let required: &[&str] = if vote_type.has_points() {
        &[VOTER_ID, VOTE, POINTS]
    } else {
        &[VOTER_ID, VOTE]
    };
    let positions = columns(section, lines, required)?;
    let points_position = positions.get(POINTS).copied();
    let typed = [
        Some(positions[VOTER_ID]),
        Some(positions[VOTE]),
        points_position,
    ];
    let extra_positions: Vec<usize> = (0..lines.header.len())
        .filter(|position| !typed.contains(&Some(*position)))
        .collect();
    let index = ProjectIndex::new(projects);
    // The number of the last ballot that named each project, to find repeats without a set per ballot.
    let mut last_ballot_naming = vec![usize::MAX; projects.len()];
    let mut first_lines: HashMap<&str, usize> = HashMap::new();
    let mut votes = Vec::with_capacity(lines.rows.len());
    let mut ballot_projects = Vec::new();
    let mut ballot_points = Vec::new();
    let mut ballot_ends = Vec::with_capacity(lines.rows.len());
    for (ballot, row) in lines.rows.iter().enumerate() {
        check_field_count(section, &lines.header, row)?;
        let error = |kind| ParseError {
            line: row.line,
            kind,
        };
        let voter_id = row.fields[positions[VOTER_ID]].trim();
        if voter_id.is_empty() {
            return Err(error(ParseErrorKind::EmptyField {
                section,
                column: VOTER_ID.to_string(),
            }));
        }
        if let Some(first_line) = first_lines.insert(voter_id, row.line) {
            return Err(error(ParseErrorKind::RepeatedVoter {
                id: voter_id.to_string(),
                first_line,
            }));
        }
        let mut named = Vec::new();
        // Whether each id named is its first mention on this ballot, the one that counts.
        let mut first_mentions = Vec::new();
        for id in comma_list(&row.fields[positions[VOTE]]) {
            let Some(position) = index.position(id) else {
                return Err(error(ParseErrorKind::UnknownProject { id: id.to_string() }));
            };
            let first_mention = last_ballot_naming[position as usize] != ballot;
            if first_mention {
                last_ballot_naming[position as usize] = ballot;
                ballot_projects.push(position);
            } else {
                warnings.add(
                    row.line,
                    WarningKind::RepeatedProjectInBallot {
                        voter_id: voter_id.to_string(),
                        project_id: id.to_string(),
                    },
                );
            }
            first_mentions.push(first_mention);
            named.push(id.to_string());
        }
        let points = match points_position {
            None => None,
            Some(position) => {
                let points = comma_list(&row.fields[position])
                    .map(|text| {
                        text.parse::<i64>().map_err(|_| {
                            error(ParseErrorKind::BadPoints {
                                text: text.to_string(),
                            })
                        })
                    })
                    .collect::<Result<Vec<i64>, ParseError>>()?;
                if points.len() != named.len() {
                    return Err(error(ParseErrorKind::PointsMismatch {
                        projects: named.len(),
                        points: points.len(),
                    }));
                }
                let counted = points.iter().zip(&first_mentions);
                ballot_points.extend(counted.filter(|(_, first)| **first).map(|(p, _)| *p));
                Some(points)
            }
        };
        votes.push(Vote {
            voter_id: voter_id.to_string(),
            projects: named,
            points,
            extra: extra_positions
                .iter()
                .map(|&position| row.fields[position].to_string())
                .collect(),
        });
        ballot_ends.push(ballot_projects.len());
    }
    Ok(Ballots {
        columns: lines.header.clone(),
        votes,
        projects: ballot_projects,
        points: ballot_points,
        ends: ballot_ends,
    })
}

/// Compares a META count with what the file holds, which catches a file cut short at a line break.
fn check_count(meta_lines: &MetaLines, key: &str, found: usize) -> Result<(), ParseError> {
    let Some((line, text)) = meta_lines.get(key) else {
        return Ok(());
    };
    let error = |kind| ParseError { line: *line, kind };
    let declared: usize = text.trim().parse().map_err(|_| {
        error(ParseErrorKind::BadCount {
            key: key.to_string(),
            text: text.clone(),
        })
    })?;
    if declared != found {
        return Err(error(ParseErrorKind::CountMismatch {
            key: key.to_string(),
            declared,
            found,
        }));
    }
    Ok(())
}
