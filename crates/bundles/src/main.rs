//! The bundle table for the shell: `entries` writes the Trunk entries (`index.html`,
//! `admin.html`, …) at the repository's root from the one template; `list` prints a line a
//! bundle, fields separated by `|` (a tab would merge the residents' empty `dir` away in `read`), in build order: its `dir` (empty for the residents'), its entry, its
//! brotli ceiling (`-` for none) and its size-report label.

use std::process::ExitCode;

use linli_bundles::{BUNDLES, entry_html};

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("entries") => {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
            for bundle in BUNDLES {
                let path = root.join(bundle.entry);
                let html = entry_html(bundle);
                // Written only when changed, so Trunk's and Cargo's caches stay warm.
                if std::fs::read_to_string(&path).ok().as_deref() != Some(html.as_str())
                    && let Err(error) = std::fs::write(&path, html)
                {
                    eprintln!("linli-bundles: cannot write {}: {error}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Some("list") => {
            for bundle in BUNDLES {
                let ceiling = bundle.ceiling.map_or("-".to_owned(), |c| c.to_string());
                println!("{}|{}|{ceiling}|{}", bundle.dir, bundle.entry, bundle.label);
            }
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: linli-bundles entries | list");
            ExitCode::from(2)
        }
    }
}
