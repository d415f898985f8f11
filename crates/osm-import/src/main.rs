//! `osm-import IN.osm.pbf --community ID -o OUT.json [--largest-component]`: writes the walking
//! graph of an OpenStreetMap extract as a `WalkingGraph` document and reports what it kept.

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use osm_import::{ATTRIBUTION, ImportOptions, import_with};

const USAGE: &str = "usage: osm-import IN.osm.pbf --community ID -o OUT.json [--largest-component]";

#[derive(Debug)]
struct Arguments {
    input: PathBuf,
    output: PathBuf,
    options: ImportOptions,
}

#[derive(Debug, PartialEq, Eq)]
enum UsageError {
    MissingValue(&'static str),
    Unknown(String),
    Missing(&'static str),
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::MissingValue(flag) => write!(f, "{flag} needs a value"),
            UsageError::Unknown(argument) => write!(f, "unexpected argument {argument:?}"),
            UsageError::Missing(what) => write!(f, "missing {what}"),
        }
    }
}

fn parse(arguments: impl IntoIterator<Item = String>) -> Result<Arguments, UsageError> {
    let mut input = None;
    let mut output = None;
    let mut community = None;
    let mut largest_component_only = false;
    let mut arguments = arguments.into_iter();
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "--community" => {
                community = Some(
                    arguments
                        .next()
                        .ok_or(UsageError::MissingValue("--community"))?,
                );
            }
            "-o" | "--output" => {
                output = Some(PathBuf::from(
                    arguments.next().ok_or(UsageError::MissingValue("-o"))?,
                ));
            }
            "--largest-component" => largest_component_only = true,
            _ if argument.starts_with('-') || input.is_some() => {
                return Err(UsageError::Unknown(argument));
            }
            _ => input = Some(PathBuf::from(argument)),
        }
    }
    Ok(Arguments {
        input: input.ok_or(UsageError::Missing("the input .osm.pbf"))?,
        output: output.ok_or(UsageError::Missing("-o OUT.json"))?,
        options: ImportOptions {
            community_id: community.ok_or(UsageError::Missing("--community ID"))?,
            largest_component_only,
            area: None,
        },
    })
}

fn main() -> ExitCode {
    let arguments = match parse(std::env::args().skip(1)) {
        Ok(arguments) => arguments,
        Err(error) => {
            eprintln!("osm-import: {error}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&arguments) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("osm-import: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(arguments: &Arguments) -> Result<(), Box<dyn std::error::Error>> {
    let import = import_with(&arguments.input, &arguments.options)
        .map_err(|error| format!("{}: {error}", arguments.input.display()))?;
    let mut file = BufWriter::new(File::create(&arguments.output)?);
    serde_json::to_writer(&mut file, &import.graph)?;
    file.flush()?;

    let stats = &import.stats;
    let kept_components = stats.components - stats.dropped_components;
    println!("read {}", arguments.input.display());
    println!("  walkable ways            {:>9}", stats.walkable_ways);
    println!(
        "  way nodes                {:>9}  ({} listed; the rest lie outside the extract)",
        stats.way_nodes, stats.way_node_refs
    );
    println!(
        "  after simplification     {:>9}  nodes (straight-through nodes merged)",
        stats.graph_nodes + stats.dropped_nodes
    );
    println!("  connected pieces         {:>9}", stats.components);
    println!("  length of ways           {:>9.0}  m", stats.way_metres);
    if arguments.options.largest_component_only {
        println!(
            "  largest piece only: dropped {} pieces, {} nodes",
            stats.dropped_components, stats.dropped_nodes
        );
    }
    println!("wrote {}", arguments.output.display());
    println!("  nodes                    {:>9}", stats.graph_nodes);
    println!("  edges                    {:>9}", stats.edges);
    println!("  components               {:>9}", kept_components);
    println!("  total length             {:>9.0}  m", stats.metres);
    println!("{ATTRIBUTION}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(arguments: &[&str], expected: Result<(&str, &str, &str, bool), UsageError>) {
        let got = parse(arguments.iter().map(|a| a.to_string())).map(|a| {
            (
                a.input.display().to_string(),
                a.output.display().to_string(),
                a.options.community_id,
                a.options.largest_component_only,
            )
        });
        let expected =
            expected.map(|(i, o, c, l)| (i.to_string(), o.to_string(), c.to_string(), l));
        assert_eq!(got, expected, "{arguments:?}");
    }

    #[test]
    fn reads_the_command_line() {
        check(
            &["in.osm.pbf", "--community", "beiyuan", "-o", "out.json"],
            Ok(("in.osm.pbf", "out.json", "beiyuan", false)),
        );
        check(
            &[
                "--largest-component",
                "-o",
                "g.json",
                "x.pbf",
                "--community",
                "c",
            ],
            Ok(("x.pbf", "g.json", "c", true)),
        );
        check(
            &["in.osm.pbf", "-o", "out.json"],
            Err(UsageError::Missing("--community ID")),
        );
        check(
            &["in.osm.pbf", "--community"],
            Err(UsageError::MissingValue("--community")),
        );
        check(
            &["a.pbf", "b.pbf"],
            Err(UsageError::Unknown("b.pbf".to_string())),
        );
        check(
            &["--verbose"],
            Err(UsageError::Unknown("--verbose".to_string())),
        );
    }
}
