//! `osm-import IN.osm.pbf --community ID -o OUT.json [--largest-component] [AREA]`: writes the
//! walking graph of an OpenStreetMap extract as a `WalkingGraph` document and reports what it
//! kept; AREA cuts a district's extract to one community.

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use osm_import::{ATTRIBUTION, Area, ImportOptions, geojson, import_with};

const USAGE: &str = "usage: osm-import IN.osm.pbf --community ID -o OUT.json [--largest-component]
                  [--boundary FILE.geojson | --around-buildings FILE.geojson [--metres M]]";

const HELP: &str = "Writes the walking graph of an OpenStreetMap .osm.pbf extract as a
WalkingGraph JSON document, and reports what it read and kept.

  --community ID              the community id written into the document (required)
  -o, --output OUT.json       where to write it (required)
  --largest-component         keep only the largest connected piece
  --boundary FILE.geojson     keep only the ways in the community's boundary: every Polygon and
                              MultiPolygon in the file (holes left out); a segment with one end
                              inside is kept, so streets crossing the boundary end one node beyond
  --around-buildings FILE.geojson
                              when there is no boundary: keep only the ways within --metres of
                              the buildings, every position of every geometry in the file
  --metres M                  the distance around the buildings, 500 unless given
  -h, --help                  this text

Positions are WGS-84 [longitude, latitude], as in OpenStreetMap.";

/// The buffer's default: a walk of some six minutes beyond the outermost building.
const DEFAULT_METRES: f64 = 500.0;

#[derive(Debug, PartialEq)]
struct Arguments {
    input: PathBuf,
    output: PathBuf,
    options: ImportOptions,
    /// Read after parsing, so parsing stays a pure function of the command line.
    area: Option<AreaFile>,
}

#[derive(Debug, PartialEq)]
enum AreaFile {
    Boundary(PathBuf),
    AroundBuildings { path: PathBuf, metres: f64 },
}

#[derive(Debug, PartialEq)]
enum Command {
    Import(Arguments),
    Help,
}

#[derive(Debug, PartialEq, Eq)]
enum UsageError {
    MissingValue(&'static str),
    BadValue(&'static str, String),
    Unknown(String),
    Missing(&'static str),
    BoundaryAndBuildings,
    MetresWithoutBuildings,
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::MissingValue(flag) => write!(f, "{flag} needs a value"),
            UsageError::BadValue(flag, value) => {
                write!(f, "{flag} needs a positive number, not {value:?}")
            }
            UsageError::Unknown(argument) => write!(f, "unexpected argument {argument:?}"),
            UsageError::Missing(what) => write!(f, "missing {what}"),
            UsageError::BoundaryAndBuildings => {
                write!(f, "give --boundary or --around-buildings, not both")
            }
            UsageError::MetresWithoutBuildings => {
                write!(f, "--metres is the distance around --around-buildings")
            }
        }
    }
}

fn parse(arguments: impl IntoIterator<Item = String>) -> Result<Command, UsageError> {
    let mut input = None;
    let mut output = None;
    let mut community = None;
    let mut largest_component_only = false;
    let mut boundary = None;
    let mut buildings = None;
    let mut metres = None;
    let mut arguments = arguments.into_iter();
    let value_of = |flag: &'static str, arguments: &mut dyn Iterator<Item = String>| {
        arguments.next().ok_or(UsageError::MissingValue(flag))
    };
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--community" => community = Some(value_of("--community", &mut arguments)?),
            "-o" | "--output" => output = Some(PathBuf::from(value_of("-o", &mut arguments)?)),
            "--largest-component" => largest_component_only = true,
            "--boundary" => boundary = Some(PathBuf::from(value_of("--boundary", &mut arguments)?)),
            "--around-buildings" => {
                buildings = Some(PathBuf::from(value_of(
                    "--around-buildings",
                    &mut arguments,
                )?));
            }
            "--metres" => {
                let value = value_of("--metres", &mut arguments)?;
                match value.parse::<f64>() {
                    Ok(number) if number.is_finite() && number > 0.0 => metres = Some(number),
                    _ => return Err(UsageError::BadValue("--metres", value)),
                }
            }
            _ if argument.starts_with('-') || input.is_some() => {
                return Err(UsageError::Unknown(argument));
            }
            _ => input = Some(PathBuf::from(argument)),
        }
    }
    let area = match (boundary, buildings, metres) {
        (Some(_), Some(_), _) => return Err(UsageError::BoundaryAndBuildings),
        (Some(_) | None, None, Some(_)) => return Err(UsageError::MetresWithoutBuildings),
        (Some(path), None, None) => Some(AreaFile::Boundary(path)),
        (None, Some(path), metres) => Some(AreaFile::AroundBuildings {
            path,
            metres: metres.unwrap_or(DEFAULT_METRES),
        }),
        (None, None, None) => None,
    };
    Ok(Command::Import(Arguments {
        input: input.ok_or(UsageError::Missing("the input .osm.pbf"))?,
        output: output.ok_or(UsageError::Missing("-o OUT.json"))?,
        options: ImportOptions {
            community_id: community.ok_or(UsageError::Missing("--community ID"))?,
            largest_component_only,
            area: None,
        },
        area,
    }))
}

fn main() -> ExitCode {
    let arguments = match parse(std::env::args().skip(1)) {
        Ok(Command::Import(arguments)) => arguments,
        Ok(Command::Help) => {
            println!("{USAGE}\n\n{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("osm-import: {error}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(arguments) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("osm-import: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The area a file describes, with the file's name in any error.
fn read_area(area: &AreaFile) -> Result<Area, String> {
    let in_file = |path: &Path, error: &dyn fmt::Display| format!("{}: {error}", path.display());
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|error| in_file(path, &error));
    match area {
        AreaFile::Boundary(path) => {
            geojson::boundary(&read(path)?).map_err(|error| in_file(path, &error))
        }
        AreaFile::AroundBuildings { path, metres } => Ok(Area::AroundPoints {
            points: geojson::positions(&read(path)?).map_err(|error| in_file(path, &error))?,
            metres: *metres,
        }),
    }
}

fn run(mut arguments: Arguments) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(area) = &arguments.area {
        arguments.options.area = Some(read_area(area)?);
    }
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
    if let Some(in_area) = stats.way_nodes_in_area {
        println!(
            "  inside the area          {:>9}  way nodes ({} with the segments across its edge)",
            in_area, stats.cut_nodes
        );
    }
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

    /// The parsed command line as (input, output, community, largest only, area), or the error.
    type Parsed = (String, String, String, bool, Option<AreaFile>);

    fn check(
        arguments: &[&str],
        expected: Result<(&str, &str, &str, bool, Option<AreaFile>), UsageError>,
    ) {
        let got = parse(arguments.iter().map(|a| a.to_string())).map(|command| match command {
            Command::Import(a) => (
                a.input.display().to_string(),
                a.output.display().to_string(),
                a.options.community_id,
                a.options.largest_component_only,
                a.area,
            ),
            Command::Help => panic!("{arguments:?} asks for help"),
        });
        let expected: Result<Parsed, UsageError> = expected
            .map(|(i, o, c, l, area)| (i.to_string(), o.to_string(), c.to_string(), l, area));
        assert_eq!(got, expected, "{arguments:?}");
    }

    #[test]
    fn reads_the_command_line() {
        check(
            &["in.osm.pbf", "--community", "beiyuan", "-o", "out.json"],
            Ok(("in.osm.pbf", "out.json", "beiyuan", false, None)),
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
            Ok(("x.pbf", "g.json", "c", true, None)),
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
        assert_eq!(
            parse(["x.pbf".to_string(), "--help".to_string()]),
            Ok(Command::Help)
        );
    }

    #[test]
    fn reads_the_area() {
        let base = ["d.pbf", "--community", "c", "-o", "g.json"];
        let with = |more: &[&'static str]| [&base[..], more].concat();
        check(
            &with(&["--boundary", "b.geojson"]),
            Ok((
                "d.pbf",
                "g.json",
                "c",
                false,
                Some(AreaFile::Boundary("b.geojson".into())),
            )),
        );
        check(
            &with(&["--around-buildings", "h.geojson"]),
            Ok((
                "d.pbf",
                "g.json",
                "c",
                false,
                Some(AreaFile::AroundBuildings {
                    path: "h.geojson".into(),
                    metres: 500.0,
                }),
            )),
        );
        check(
            &with(&["--metres", "250", "--around-buildings", "h.geojson"]),
            Ok((
                "d.pbf",
                "g.json",
                "c",
                false,
                Some(AreaFile::AroundBuildings {
                    path: "h.geojson".into(),
                    metres: 250.0,
                }),
            )),
        );
        check(
            &with(&["--boundary", "b.geojson", "--around-buildings", "h.geojson"]),
            Err(UsageError::BoundaryAndBuildings),
        );
        check(
            &with(&["--boundary", "b.geojson", "--metres", "250"]),
            Err(UsageError::MetresWithoutBuildings),
        );
        check(
            &with(&["--around-buildings", "h.geojson", "--metres", "-5"]),
            Err(UsageError::BadValue("--metres", "-5".to_string())),
        );
    }
}
