//! Tidy checks: the invariants README.md states, checked as ordinary tests on the host.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if !["target", "node_modules", "dist", ".git"].contains(&name.as_str()) {
                    stack.push(path);
                }
            } else if name.ends_with(".rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The code of a file without its comments, so that a comment may name what the code may not use.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.split("//").next().unwrap_or("")))
}

fn all_source_dirs() -> Vec<PathBuf> {
    vec![
        root().join("src"),
        root().join("crates"),
        root().join("tests"),
        root().join("build.rs"),
    ]
}

#[test]
fn core_is_pure_domain_logic() {
    let forbidden = [
        "leptos",
        "web_sys",
        "wasm_bindgen",
        "gloo",
        "axum",
        "tokio",
        "rusqlite",
        "reqwest",
        "utoipa",
    ];
    let manifest = read(&root().join("crates/core/Cargo.toml"));
    for name in forbidden {
        assert!(
            !manifest.contains(&format!("\n{name}")),
            "crates/core depends on {name}"
        );
    }
    for file in rust_files(&root().join("crates/core")) {
        for (n, line) in code_lines(&read(&file)) {
            for name in forbidden {
                assert!(
                    !line.contains(&format!("{name}::")),
                    "{}:{n} uses {name}: crates/core has no web, browser or database imports",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn the_wire_crate_pulls_nothing_into_the_spa_but_serde() {
    let manifest = read(&root().join("crates/api/Cargo.toml"));
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    for line in dependencies.lines().filter(|l| l.contains('=')) {
        let name = line.split('=').next().unwrap().trim();
        assert!(
            ["linli-core", "serde"].contains(&name) || line.contains("optional = true"),
            "crates/api depends on {name} for every user"
        );
    }
}

#[test]
fn only_the_client_module_does_http() {
    for file in rust_files(&root().join("src")) {
        if file.ends_with("src/client.rs") {
            continue;
        }
        for (n, line) in code_lines(&read(&file)) {
            for needle in [
                "gloo_net",
                "fetch_with",
                "XmlHttpRequest",
                "web_sys::Request",
            ] {
                assert!(
                    !line.contains(needle),
                    "{}:{n}: HTTP outside src/client.rs",
                    file.display()
                );
            }
        }
    }
}

/// Issue #23: the SPA made Idempotency-Keys with `Math.random`, which a few of its outputs
/// predict; every random id in the bundles comes from `crypto.getRandomValues` (`ui::random`).
#[test]
fn random_ids_come_from_the_browsers_cryptographic_source() {
    for dir in [root().join("src"), root().join("crates")] {
        for file in rust_files(&dir) {
            for (n, line) in code_lines(&read(&file)) {
                assert!(
                    !line.contains("Math::random"),
                    "{}:{n}: Math.random for an id; use ui::random::random_hex",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn the_residents_shell_does_not_reach_the_committee_bundle() {
    // Anything src/app.rs routes to is compiled into every resident's download.
    for (n, line) in code_lines(&read(&root().join("src/app.rs"))) {
        assert!(
            !line.contains("admin::") && !line.contains("admin,") && !line.contains("{admin"),
            "src/app.rs:{n} reaches the committee module"
        );
    }
}

#[test]
fn the_residents_shell_does_not_route_to_the_vote_page() {
    // The vote page is a bundle of its own (`vote.html`); routing to it from src/app.rs would
    // put the vote form back into every resident's first load.
    for (n, line) in code_lines(&read(&root().join("src/app.rs"))) {
        assert!(
            !line.contains("ballot_page") && !line.contains("VoteApp"),
            "src/app.rs:{n} reaches the vote page's bundle"
        );
    }
}

#[test]
fn the_residents_shell_does_not_route_to_the_report_bundle_or_the_ballot_list() {
    // The report form is the report bundle (`report.html`), the tracking page and "me" the
    // tracking bundle (`track.html`), the ballot list is in the vote bundle: routing to them from src/app.rs would put them back
    // into every resident's first load (the component page links to the form with a full load).
    for (n, line) in code_lines(&read(&root().join("src/app.rs"))) {
        assert!(
            !line.contains("report::form")
                && !line.contains("tracking")
                && !line.contains("MePage")
                && !line.contains("ballot_list")
                && !line.contains("ReportApp")
                && !line.contains("TrackApp"),
            "src/app.rs:{n} reaches the report bundle or the ballot list"
        );
    }
}

#[test]
fn the_residents_shell_does_not_route_to_the_map_page() {
    // The 15-minute circle is a bundle of its own (`map.html`): routing to it from src/app.rs
    // would put the walking search and the street drawing back into every resident's first load.
    for (n, line) in code_lines(&read(&root().join("src/app.rs"))) {
        assert!(
            !line.contains("map::") && !line.contains("MapApp"),
            "src/app.rs:{n} reaches the map page's bundle"
        );
    }
}

#[test]
fn only_the_committee_bundle_has_a_router() {
    // leptos_router is about 40 KB brotli of a bundle; the resident bundles choose their page from
    // the address instead (`app::resident_page`, `vote::vote_page`, `report::report_page`,
    // `ui::address::Address` for the map). A `use` of it anywhere they reach brings it back.
    let committee_only = |path: &Path| {
        let relative = path.strip_prefix(root().join("src")).unwrap();
        relative.starts_with("admin")
            || relative == Path::new("admin.rs")
            || relative == Path::new("bin/committee.rs")
    };
    let mut checked = 0;
    for path in rust_files(&root().join("src")) {
        if committee_only(&path) {
            continue;
        }
        checked += 1;
        for (n, line) in code_lines(&read(&path)) {
            assert!(
                !line.contains("leptos_router"),
                "{}:{n} uses leptos_router outside the committee bundle",
                path.display()
            );
        }
    }
    assert!(
        checked > 40,
        "only {checked} resident files found: is src/ where it was?"
    );
}

#[test]
fn the_residents_shell_does_not_reach_the_kiosk_bundle() {
    // The kiosk is a bundle of its own (`kiosk.html`); no resident downloads its code.
    for (n, line) in code_lines(&read(&root().join("src/app.rs"))) {
        assert!(
            !line.contains("kiosk"),
            "src/app.rs:{n} reaches the kiosk's bundle"
        );
    }
}

#[test]
fn every_visible_string_goes_through_the_locale_files() {
    let is_cjk =
        |c: char| ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c);
    for file in rust_files(&root().join("src")) {
        let text = read(&file);
        // Unit tests may assert on Chinese text; shipped code may not contain any.
        let shipped = text.split("#[cfg(test)]").next().unwrap();
        for (n, line) in code_lines(shipped) {
            assert!(
                !line.chars().any(is_cjk),
                "{}:{n}: Chinese text in code; put it in locales/*.json",
                file.display()
            );
        }
    }
}

#[test]
fn every_rust_file_says_what_it_owns() {
    for dir in all_source_dirs() {
        let files = if dir.is_file() {
            vec![dir]
        } else {
            rust_files(&dir)
        };
        for file in files {
            let text = read(&file);
            let first = text.lines().next().unwrap_or("");
            assert!(
                first.starts_with("//!"),
                "{} does not open with a //! line",
                file.display()
            );
        }
    }
}

#[test]
fn modules_are_snake_case_files_never_mod_rs() {
    for dir in all_source_dirs().into_iter().filter(|d| d.is_dir()) {
        for file in rust_files(&dir) {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            assert_ne!(
                name,
                "mod.rs",
                "{}: use feature.rs + feature/",
                file.display()
            );
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'),
                "{} is not snake_case",
                file.display()
            );
        }
    }
}

#[test]
fn no_test_is_skipped_or_expected_to_panic() {
    let ignore = ["#[", "ignore]"].concat();
    let should_panic = ["#[", "should_panic"].concat();
    for dir in all_source_dirs().into_iter().filter(|d| d.is_dir()) {
        for file in rust_files(&dir) {
            let text = read(&file);
            assert!(!text.contains(&ignore), "{} skips a test", file.display());
            assert!(
                !text.contains(&should_panic),
                "{} expects a panic",
                file.display()
            );
        }
    }
    for spec in std::fs::read_dir(root().join("tests/e2e")).unwrap() {
        let path = spec.unwrap().path();
        let text = read(&path);
        for skip in ["test.skip", "test.fixme", "test.only", "describe.skip"] {
            assert!(!text.contains(skip), "{} has {skip}", path.display());
        }
    }
}

#[test]
fn the_wasm_bindgen_pin_is_the_same_everywhere() {
    let manifest = read(&root().join("Cargo.toml"));
    let pinned = manifest
        .lines()
        .find_map(|l| l.strip_prefix("wasm-bindgen = \"="))
        .and_then(|rest| rest.split('"').next())
        .expect("Cargo.toml pins wasm-bindgen with =");
    assert!(read(&root().join("Trunk.toml")).contains(&format!("wasm_bindgen = \"{pinned}\"")));
    assert!(
        read(&root().join("scripts/setup.sh")).contains(&format!("WASM_BINDGEN_VERSION={pinned}"))
    );
    let lock = read(&root().join("Cargo.lock"));
    assert!(lock.contains(&format!("name = \"wasm-bindgen\"\nversion = \"{pinned}\"")));
}

#[test]
fn nothing_is_loaded_from_a_cdn() {
    let mut files: Vec<(String, String)> = linli_bundles::BUNDLES
        .iter()
        .map(|bundle| (bundle.entry.to_owned(), linli_bundles::entry_html(bundle)))
        .collect();
    for dir in ["style", "public"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            files.push((path.display().to_string(), read(&path)));
        }
    }
    for (file, text) in files {
        for (n, line) in text.lines().enumerate() {
            let external = line.contains("//")
                && (line.contains("http://") || line.contains("https://"))
                && !line.contains("www.w3.org/2000/svg");
            assert!(
                !external,
                "{file}:{}: loads something from another host",
                n + 1
            );
        }
    }
}

/// Issue #19: a bundle was wired in eight places that drifted apart. The bundle table names each
/// one; the `[[bin]]`s and `src/bin/` files, the one thing Cargo needs apart, must agree with it.
#[test]
fn every_bundle_of_the_table_has_its_bin_and_every_bin_a_bundle() {
    let manifest = read(&root().join("Cargo.toml"));
    let bins: Vec<&str> = manifest
        .split("[[bin]]")
        .skip(1)
        .filter_map(|section| {
            let name = section.lines().find_map(|l| l.strip_prefix("name = "))?;
            Some(name.trim_matches('"'))
        })
        .collect();
    let mut table: Vec<&str> = linli_bundles::BUNDLES.iter().map(|b| b.bin).collect();
    let mut named = bins.clone();
    table.sort_unstable();
    named.sort_unstable();
    assert_eq!(
        named, table,
        "Cargo.toml's [[bin]]s and the bundle table differ"
    );
    for bundle in linli_bundles::BUNDLES {
        let section = manifest
            .split("[[bin]]")
            .skip(1)
            .find(|section| section.contains(&format!("name = \"{}\"", bundle.bin)))
            .unwrap();
        let path = section
            .lines()
            .find_map(|l| l.strip_prefix("path = "))
            .unwrap()
            .trim_matches('"');
        assert!(root().join(path).exists(), "{}: no {path}", bundle.bin);
        for style in bundle.styles {
            let sheet = root().join(format!("style/{style}.css"));
            assert!(sheet.exists(), "{}: no {}", bundle.entry, sheet.display());
        }
    }
}
