//! `qr-decode IMAGE…`: decodes each image and prints one JSON line per path, in the order given:
//! `{"path": "<as given>", "text": "<decoded>"}`, with `"text": null` when no code was found, and
//! `{"path": "<as given>", "text": null, "error": "<why>"}` when the file could not be read as an
//! image. Exit status: 0 when every file was read (found a code or not), 1 when any could not be,
//! after all the others were decoded, 2 for a usage error.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use qr_decode::files::{FORMATS, load_frame};
use serde::Serialize;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() || paths.iter().any(|p| p == "-h" || p == "--help") {
        eprintln!(
            "usage: qr-decode IMAGE…  ({FORMATS}, found from the content; one JSON line per image on stdout)"
        );
        return ExitCode::from(2);
    }
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for path in &paths {
        let line = match load_frame(Path::new(path)) {
            Ok(frame) => Line {
                path,
                text: qr_decode::decode(&frame.pixels, frame.width, frame.height),
                error: None,
            },
            // An unreadable file is not "no code": its line says why, and the status says so at
            // the end, so that one bad file in a folder costs only its own line.
            Err(error) => {
                failed = true;
                Line {
                    path,
                    text: None,
                    error: Some(error.to_string()),
                }
            }
        };
        let written = serde_json::to_writer(&mut out, &line).map_err(std::io::Error::from);
        if written.and_then(|()| writeln!(out)).is_err() {
            return ExitCode::FAILURE;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// One output line, its keys in the documented order (a `json!` map would sort them).
#[derive(Serialize)]
struct Line<'a> {
    path: &'a str,
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}
