//! `tally FILE.pb [--rule RULE] [--tie-break cheaper|dearer|id] [--ids] [--explain]`: the winners
//! of a Pabulib election under a rule (the one its META declares unless `--rule` says otherwise),
//! with the time taken to read and to count. What the reader tolerated goes to stderr, one line
//! per kind. A file with per-category caps (META `budget_per_category`) gets a line per category:
//! its cap and what the rule spent within it, then the projects funded from the leftover.
//! `--explain` adds whether the official outcome is reproduced and, if not, why.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use linli_core::pabulib::{Decimal, Election};
use linli_core::tally::{
    Options, Outcome, Rule, TieBreak, UnknownRule, declared_rule, explain, tally_with,
};

const USAGE: &str = "usage: tally FILE.pb [--rule greedy|greedy-no-skip|greedy-threshold|\
greedy-exclusive|equalshares|equalshares/add1|equalshares-comparison|equalshares/add1-comparison] \
[--tie-break cheaper|dearer|id] [--ids] [--explain]";

#[derive(Debug, PartialEq, Eq)]
struct Arguments {
    file: PathBuf,
    /// `None`: the rule the file declares.
    rule: Option<Rule>,
    /// Among equal greedy scores, which project first.
    tie_break: TieBreak,
    /// Print only the winning project ids, one a line.
    ids_only: bool,
    /// Say whether the official outcome is reproduced, and why not.
    explain: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum UsageError {
    HelpWanted,
    MissingValue(&'static str),
    UnknownRule(UnknownRule),
    UnknownTieBreak(String),
    Unknown(String),
    MissingFile,
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::HelpWanted => Ok(()),
            UsageError::MissingValue(flag) => write!(f, "{flag} needs a value"),
            UsageError::UnknownRule(unknown) => write!(f, "{unknown}"),
            UsageError::UnknownTieBreak(name) => {
                write!(f, "--tie-break {name:?} is not one of cheaper, dearer, id")
            }
            UsageError::Unknown(argument) => write!(f, "unexpected argument {argument:?}"),
            UsageError::MissingFile => write!(f, "which .pb file?"),
        }
    }
}

fn parse(arguments: impl IntoIterator<Item = String>) -> Result<Arguments, UsageError> {
    let mut file = None;
    let mut rule = None;
    let mut ids_only = false;
    let mut explain = false;
    let mut tie_break = TieBreak::default();
    let mut arguments = arguments.into_iter();
    while let Some(argument) = arguments.next() {
        let rule_name = match argument.as_str() {
            "-h" | "--help" => return Err(UsageError::HelpWanted),
            "--ids" => {
                ids_only = true;
                continue;
            }
            "--explain" => {
                explain = true;
                continue;
            }
            "--tie-break" => {
                let name = arguments
                    .next()
                    .ok_or(UsageError::MissingValue("--tie-break"))?;
                tie_break = TieBreak::from_name(&name).ok_or(UsageError::UnknownTieBreak(name))?;
                continue;
            }
            "--rule" => arguments.next().ok_or(UsageError::MissingValue("--rule"))?,
            _ => match argument.strip_prefix("--rule=") {
                Some(name) => name.to_string(),
                None if argument.starts_with('-') || file.is_some() => {
                    return Err(UsageError::Unknown(argument));
                }
                None => {
                    file = Some(PathBuf::from(argument));
                    continue;
                }
            },
        };
        rule = Some(Rule::from_name(&rule_name).map_err(UsageError::UnknownRule)?);
    }
    Ok(Arguments {
        file: file.ok_or(UsageError::MissingFile)?,
        rule,
        tie_break,
        ids_only,
        explain,
    })
}

fn main() -> ExitCode {
    let arguments = match parse(std::env::args().skip(1)) {
        Ok(arguments) => arguments,
        Err(UsageError::HelpWanted) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("tally: {error}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&arguments) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tally: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(arguments: &Arguments) -> Result<(), String> {
    let path = &arguments.file;
    let bytes =
        std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;

    let parse_start = Instant::now();
    let election =
        Election::from_bytes(&bytes).map_err(|error| format!("{}: {error}", path.display()))?;
    let parse_time = parse_start.elapsed();
    for warning in election.warnings() {
        eprintln!("tally: {}: {warning}", path.display());
    }

    let rule = match arguments.rule {
        Some(rule) => Ok(rule),
        None => declared_rule(&election),
    };
    let rule = match rule {
        Ok(rule) => rule,
        // The explanation is what was asked for, and it tries the other rules itself.
        Err(_) if arguments.explain => {
            print!("{}", explain(&election));
            return Ok(());
        }
        Err(error) => {
            return Err(format!(
                "{}: {error} (give one with --rule)",
                path.display()
            ));
        }
    };
    let options = Options {
        tie_break: arguments.tie_break,
        left_out: Vec::new(),
    };
    let tally_start = Instant::now();
    let outcome = tally_with(&election, rule, &options)
        .map_err(|error| format!("{}: {error}", path.display()))?;
    let tally_time = tally_start.elapsed();

    if arguments.ids_only {
        for id in outcome.winner_ids() {
            println!("{id}");
        }
    } else {
        print_report(path, &election, &outcome, arguments.rule.is_none());
        println!(
            "time: reading {}, counting {}",
            milliseconds(parse_time),
            milliseconds(tally_time)
        );
    }
    if arguments.explain {
        println!("explanation (the declared rule, default tie-break, against selected):");
        print!("{}", explain(&election));
    }
    Ok(())
}

fn print_report(path: &Path, election: &Election, outcome: &Outcome<'_>, rule_declared: bool) {
    let meta = election.meta();
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    match meta.description() {
        Some(description) => println!("{description} ({file_name})"),
        None => println!("{file_name}"),
    }
    let source = if rule_declared {
        "declared by the file"
    } else {
        "chosen with --rule"
    };
    println!("rule: {} ({source})", outcome.rule);
    let currency = meta.currency().map(|c| format!(" {c}")).unwrap_or_default();
    println!(
        "budget: {}{currency}; {} projects, {} ballots ({})",
        meta.budget(),
        election.projects().len(),
        election.votes().len(),
        meta.vote_type().name()
    );

    let rows: Vec<[String; 5]> = outcome
        .winners
        .iter()
        .enumerate()
        .map(|(place, winner)| {
            [
                (place + 1).to_string(),
                winner.project.id.clone(),
                winner.project.cost.to_string(),
                winner.score.to_string(),
                winner.project.name.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let header = ["#", "project_id", "cost", "score", "name"].map(String::from);
    let width = |column: usize| {
        rows.iter()
            .chain([&header])
            .map(|row| row[column].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2), width(3)];
    println!("winners, in the order chosen:");
    for row in [&header].into_iter().chain(&rows) {
        println!(
            "  {:>w0$}  {:<w1$}  {:>w2$}  {:>w3$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
        );
    }
    let share = 100.0 * outcome.total_cost.to_f64() / meta.budget().to_f64();
    println!(
        "total cost: {}{currency} of {} ({share:.1}%), {} projects",
        outcome.total_cost,
        meta.budget(),
        outcome.winners.len()
    );
    print_categories(outcome, &currency);
}

/// The per-category caps (META `budget_per_category`): each category's cap and what the rule
/// spent within it, then the projects funded from the leftover beyond the caps.
fn print_categories(outcome: &Outcome<'_>, currency: &str) {
    if outcome.categories.is_empty() {
        return;
    }
    println!("per-category caps (META budget_per_category), spent by the rule within each:");
    let rows: Vec<[String; 4]> = outcome
        .categories
        .iter()
        .map(|category| {
            [
                category.name.clone(),
                category.cap.to_string(),
                category.by_rule.to_string(),
                category.from_leftover.to_string(),
            ]
        })
        .collect();
    let header = ["category", "cap", "spent", "then from the leftover"].map(String::from);
    let width = |column: usize| {
        rows.iter()
            .chain([&header])
            .map(|row| row[column].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    for row in [&header].into_iter().chain(&rows) {
        println!(
            "  {:<w0$}  {:>w1$}  {:>w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
        );
    }
    let leftover: Vec<&str> = outcome
        .winners
        .iter()
        .filter(|winner| winner.from_leftover)
        .map(|winner| winner.project.id.as_str())
        .collect();
    if leftover.is_empty() {
        println!("funded from the leftover (META leftover_budget), beyond the caps: none");
    } else {
        let spent = outcome
            .categories
            .iter()
            .fold(Decimal::ZERO, |sum, category| {
                sum.checked_add(category.from_leftover).unwrap_or(sum)
            });
        println!(
            "funded from the leftover (META leftover_budget), beyond the caps: {} ({spent}{currency})",
            leftover.join(", ")
        );
    }
}

fn milliseconds(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(arguments: &[&str], expected: Result<(&str, Option<Rule>, bool), UsageError>) {
        let got = parse(arguments.iter().map(|a| a.to_string()));
        let expected = expected.map(|(file, rule, ids_only)| Arguments {
            file: PathBuf::from(file),
            rule,
            tie_break: TieBreak::CheaperFirst,
            ids_only,
            explain: false,
        });
        assert_eq!(got, expected, "{arguments:?}");
    }

    #[test]
    fn reads_the_command_line() {
        check(&["a.pb"], Ok(("a.pb", None, false)));
        check(
            &["a.pb", "--rule", "greedy-no-skip", "--ids"],
            Ok(("a.pb", Some(Rule::GreedyNoSkip), true)),
        );
        check(
            &["--rule=equalshares/add1", "a.pb"],
            Ok(("a.pb", Some(Rule::EqualSharesAdd1), false)),
        );
        check(
            &["a.pb", "--rule", "phragmen"],
            Err(UsageError::UnknownRule(UnknownRule {
                name: "phragmen".to_string(),
            })),
        );
        check(&["a.pb", "--rule"], Err(UsageError::MissingValue("--rule")));
        check(&["--ids"], Err(UsageError::MissingFile));
        check(
            &["a.pb", "b.pb"],
            Err(UsageError::Unknown("b.pb".to_string())),
        );
        check(
            &["a.pb", "--verbose"],
            Err(UsageError::Unknown("--verbose".to_string())),
        );
        check(&["--help"], Err(UsageError::HelpWanted));
        check(
            &["a.pb", "--tie-break", "alphabetical"],
            Err(UsageError::UnknownTieBreak("alphabetical".to_string())),
        );
    }

    #[test]
    fn reads_explain_and_tie_break() {
        let got = parse(
            ["a.pb", "--explain", "--tie-break", "dearer"]
                .iter()
                .map(|a| a.to_string()),
        );
        assert_eq!(
            got,
            Ok(Arguments {
                file: PathBuf::from("a.pb"),
                rule: None,
                tie_break: TieBreak::DearerFirst,
                ids_only: false,
                explain: true,
            })
        );
    }
}
