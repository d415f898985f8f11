//! `qr-decode IMAGE…`: decodes each image and prints one JSON line per path,
//! `{"path": "<as given>", "text": "<decoded>"}`, with `"text": null` when no code was found.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use qr_decode::files::load_frame;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() || paths.iter().any(|p| p == "-h" || p == "--help") {
        eprintln!("usage: qr-decode IMAGE…  (PNG or JPEG; one JSON line per image on stdout)");
        return ExitCode::from(2);
    }
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for path in &paths {
        let text = match load_frame(Path::new(path)) {
            Ok(frame) => qr_decode::decode(&frame.pixels, frame.width, frame.height),
            Err(error) => {
                // An unreadable file is not "no code": say so, and fail at the end.
                eprintln!("qr-decode: {error}");
                failed = true;
                None
            }
        };
        let line = serde_json::json!({ "path": path, "text": text });
        if writeln!(out, "{line}").is_err() {
            return ExitCode::FAILURE;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
