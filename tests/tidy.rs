//! Tidy checks: the invariants README.md states, checked as ordinary tests on the host.
//!
//! The module rule, for the files of src/ (`src/x.rs` is module `x`, `src/x/y.rs` is `x::y`):
//! - No cycle. Module A uses module B where A's code names B: a `crate::b::…`, `super::…` or
//!   `self::…` path, a name a `use` brought in (`use crate::report; report::form::…`), or B's
//!   `mod b;` line in its parent. So a parent may use its children, and a child never its
//!   parent: what a parent and its children share is a sibling module of its own (`map/data.rs`,
//!   `kiosk/state.rs`, `admin/errors.rs`).
//! - Shared modules (`client`, `i18n`, `settings`, `shell`, `ui`) use only each other.
//! - A feature (`admin`, `kiosk`, `map`, `me`, `report`, `scan`, `vote`) uses the shared
//!   modules, its own submodules, and of another feature only its root module: the items
//!   `feature.rs` declares or re-exports, with a comment saying who they are for. Nothing below
//!   another feature's root.
//! - Bundle roots (`app`, src/main.rs, src/bin/*.rs) put features together through their root
//!   modules alone, and nothing in the library names them.
//!
//! `modules_form_no_cycle` and `features_use_each_other_only_through_their_roots` check it from
//! the code alone (comments, strings and character literals blanked); tests/ is outside it.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
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

/// Whatever src/app.rs names is compiled into every resident's first load, so it names no page
/// of another bundle: not the committee's, the vote page's, the report form's or tracking's, the
/// 15-minute circle's, nor the kiosk's (each of them is its own download; see crates/bundles).
#[test]
fn the_residents_root_names_no_page_of_another_bundle() {
    let other_bundles = [
        ("admin::", "the committee bundle"),
        ("admin,", "the committee bundle"),
        ("{admin", "the committee bundle"),
        ("ballot_page", "the vote page's bundle"),
        ("VoteApp", "the vote page's bundle"),
        ("ballot_list", "the vote page's bundle"),
        ("report::form", "the report bundle"),
        ("ReportApp", "the report bundle"),
        ("tracking", "the tracking bundle"),
        ("TrackApp", "the tracking bundle"),
        ("MePage", "the tracking bundle"),
        ("map::", "the map page's bundle"),
        ("MapApp", "the map page's bundle"),
        ("kiosk", "the kiosk's bundle"),
    ];
    for (n, line) in code_lines(&read(&root().join("src/app.rs"))) {
        for (name, bundle) in other_bundles {
            assert!(
                !line.contains(name),
                "src/app.rs:{n} names {name}, which is {bundle}'s"
            );
        }
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

// The module graph: every path in the code of src/ that names a module of the crate, checked
// against the module rule atop this file.

/// Modules any module may use; they use only each other.
const SHARED: [&str; 5] = ["client", "i18n", "settings", "shell", "ui"];
/// One module a feature; each uses the shared modules, its own submodules, and of another
/// feature only the root module (the items `feature.rs` declares or re-exports for others).
const FEATURES: [&str; 7] = ["admin", "kiosk", "map", "me", "report", "scan", "vote"];
/// Bundle roots beside src/main.rs and src/bin/*.rs: they put features together by their roots,
/// and nothing in the library names them.
const BUNDLE_ROOTS: [&str; 1] = ["app"];

/// A module of the library (`map::page` for src/map/page.rs), or a bin (`src/bin/map.rs`),
/// which is a crate of its own and reaches the library as `linli::…`.
struct ModuleFile {
    name: String,
    file: PathBuf,
    is_bin: bool,
}

/// The modules of the crate whose sources are in `src` (its `lib.rs` is the root, `main.rs` and
/// `bin/*.rs` are bins).
fn module_files(src: &Path) -> Vec<ModuleFile> {
    rust_files(src)
        .into_iter()
        .filter(|file| !file.ends_with("src/lib.rs"))
        .map(|file| {
            let relative = file.strip_prefix(src).unwrap().with_extension("");
            let is_bin = relative.starts_with("bin") || relative == Path::new("main");
            let name = if is_bin {
                format!("src/{}.rs", relative.display())
            } else {
                relative
                    .iter()
                    .map(|part| part.to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("::")
            };
            ModuleFile { name, file, is_bin }
        })
        .collect()
}

/// The text with every comment, string and character literal blanked and its newlines kept, so
/// that paths are read from code alone and keep their line numbers.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        // `r"…"`, `r#"…"#` and `br"…"`, but not the `r` that ends a name.
        let raw_hashes = (c == 'r'
            && (i == 0
                || !is_ident(chars[i - 1])
                || (chars[i - 1] == 'b' && (i == 1 || !is_ident(chars[i - 2])))))
        .then(|| chars[i + 1..].iter().take_while(|&&h| h == '#').count())
        .filter(|&hashes| chars.get(i + 1 + hashes) == Some(&'"'));
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                let pair = (chars[i], chars.get(i + 1).copied());
                if pair == ('/', Some('*')) {
                    depth += 1;
                } else if pair == ('*', Some('/')) {
                    depth -= 1;
                }
                if matches!(pair, ('/', Some('*')) | ('*', Some('/'))) {
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_hashes {
            let end: Vec<char> = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            let start = i;
            i += 2 + hashes;
            while i < chars.len() && !chars[i..].starts_with(&end) {
                i += 1;
            }
            i = (i + end.len()).min(chars.len());
            out.extend(chars[start..i].iter().map(|&c| blank(c)));
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                let skipped = if chars[i] == '\\' { 2 } else { 1 };
                out.extend(
                    chars[i..(i + skipped).min(chars.len())]
                        .iter()
                        .map(|&c| blank(c)),
                );
                i += skipped;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal (`'x'`, `'\''`, `'\u{3000}'`); a lifetime has no closing quote.
            let start = i;
            i += if next == Some('\\') { 3 } else { 2 };
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i = (i + 1).min(chars.len());
            out.extend(chars[start..i].iter().map(|&c| blank(c)));
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    PathSep,
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Other,
}

/// The tokens of code (see [`code_only`]), each with its line.
fn tokenize(code: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = code.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        let token = if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i + 1 < chars.len() && (chars[i + 1].is_alphanumeric() || chars[i + 1] == '_') {
                i += 1;
            }
            Token::Word(chars[start..=i].iter().collect())
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            i += 1;
            Token::PathSep
        } else {
            match c {
                '\n' => {
                    line += 1;
                    i += 1;
                    continue;
                }
                c if c.is_whitespace() => {
                    i += 1;
                    continue;
                }
                '{' => Token::Open,
                '}' => Token::Close,
                ',' => Token::Comma,
                ';' => Token::Semi,
                '*' => Token::Star,
                _ => Token::Other,
            }
        };
        tokens.push((token, line));
        i += 1;
    }
    tokens
}

/// One path of a `use` tree or of code, as written: `crate::ui::nav::{self, BottomNav}` is two,
/// `[crate, ui, nav]` known locally as `nav` and `[crate, ui, nav, BottomNav]`.
struct WrittenPath {
    segments: Vec<String>,
    local_name: Option<String>,
}

/// Reads the path (a `use` tree, groups and all) that starts at `tokens[i]`; returns where it ends.
fn read_path(
    tokens: &[(Token, usize)],
    mut i: usize,
    mut segments: Vec<String>,
    out: &mut Vec<WrittenPath>,
) -> usize {
    loop {
        match tokens.get(i).map(|t| &t.0) {
            Some(Token::Word(word)) if word == "self" && !segments.is_empty() => i += 1,
            Some(Token::Word(word)) => {
                segments.push(word.clone());
                i += 1;
            }
            Some(Token::Open) => {
                i += 1;
                while !matches!(tokens.get(i).map(|t| &t.0), Some(Token::Close) | None) {
                    i = read_path(tokens, i, segments.clone(), out);
                    if tokens.get(i).map(|t| &t.0) == Some(&Token::Comma) {
                        i += 1;
                    } else {
                        break;
                    }
                }
                return i + 1;
            }
            Some(Token::Star) => {
                out.push(WrittenPath {
                    segments,
                    local_name: None,
                });
                return i + 1;
            }
            _ => break,
        }
        if tokens.get(i).map(|t| &t.0) == Some(&Token::PathSep) {
            i += 1;
        } else {
            break;
        }
    }
    let mut local_name = segments.last().cloned();
    if let (Some((Token::Word(r#as), _)), Some((Token::Word(name), _))) =
        (tokens.get(i), tokens.get(i + 1))
        && r#as == "as"
    {
        local_name = Some(name.clone());
        i += 2;
    }
    out.push(WrittenPath {
        segments,
        local_name,
    });
    i
}

/// A place where one module names another.
#[derive(Clone, Debug)]
struct Reference {
    from: String,
    to: String,
    /// `src/app.rs:25`.
    place: String,
    /// The path as written, joined: `crate::report::outbox::provide_outbox`.
    written: String,
}

/// Every reference from `module`'s code (`text`) to a module in `known`.
fn references(module: &ModuleFile, text: &str, known: &BTreeSet<String>) -> Vec<Reference> {
    let tokens = tokenize(&code_only(text));
    let here: Vec<String> = if module.is_bin {
        Vec::new()
    } else {
        module.name.split("::").map(str::to_owned).collect()
    };
    let word = |i: usize| match tokens.get(i) {
        Some((Token::Word(word), _)) => Some(word.as_str()),
        _ => None,
    };
    let is = |i: usize, token: Token| tokens.get(i).map(|t| &t.0) == Some(&token);
    let place = |line: usize| {
        let file = module.file.strip_prefix(root()).unwrap_or(&module.file);
        format!("{}:{line}", file.display())
    };
    let mut found = Vec::new();
    let mut local_modules: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // Inline modules (`mod tests { … }`) by the depth of braces they opened at.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].0 {
            Token::Open => depth += 1,
            Token::Close => {
                depth -= 1;
                if inline.last().is_some_and(|(_, opened)| *opened == depth) {
                    inline.pop();
                }
            }
            Token::Word(keyword) if keyword == "mod" => {
                if let Some(name) = word(i + 1) {
                    if is(i + 2, Token::Open) {
                        inline.push((name.to_owned(), depth));
                    } else if is(i + 2, Token::Semi) && inline.is_empty() {
                        let child = [here.clone(), vec![name.to_owned()]].concat();
                        local_modules.insert(name.to_owned(), child.clone());
                        found.push(Reference {
                            from: module.name.clone(),
                            to: child.join("::"),
                            place: place(tokens[i].1),
                            written: format!("mod {name}"),
                        });
                    }
                }
            }
            Token::Word(_)
                if is(i + 1, Token::PathSep) && (i == 0 || !is(i - 1, Token::PathSep)) =>
            {
                let in_use = i > 0 && word(i - 1) == Some("use");
                let line = tokens[i].1;
                let mut paths = Vec::new();
                let end = read_path(&tokens, i, Vec::new(), &mut paths);
                let current: Vec<String> = here
                    .iter()
                    .cloned()
                    .chain(inline.iter().map(|(name, _)| name.clone()))
                    .collect();
                for path in paths {
                    let Some(absolute) = absolute(&path.segments, &current, module, &local_modules)
                    else {
                        continue;
                    };
                    let Some(target) = (0..=absolute.len())
                        .rev()
                        .map(|n| absolute[..n].join("::"))
                        .find(|candidate| known.contains(candidate))
                    else {
                        continue;
                    };
                    if in_use
                        && target == absolute.join("::")
                        && let Some(local) = path.local_name
                    {
                        local_modules.insert(local, absolute.clone());
                    }
                    if target != module.name {
                        found.push(Reference {
                            from: module.name.clone(),
                            to: target,
                            place: place(line),
                            written: path.segments.join("::"),
                        });
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Where a path written in module `current` leads, from the crate root; `None` for a path into
/// another crate.
fn absolute(
    segments: &[String],
    current: &[String],
    module: &ModuleFile,
    local_modules: &BTreeMap<String, Vec<String>>,
) -> Option<Vec<String>> {
    let (first, rest) = segments.split_first()?;
    match first.as_str() {
        "crate" if !module.is_bin => Some(rest.to_vec()),
        "linli" if module.is_bin => Some(rest.to_vec()),
        "self" => Some([current, rest].concat()),
        "super" => {
            let ups = 1 + rest.iter().take_while(|s| *s == "super").count();
            let base = current.get(..current.len().checked_sub(ups)?)?;
            Some([base, &rest[ups - 1..]].concat())
        }
        name => local_modules
            .get(name)
            .map(|module| [module.as_slice(), rest].concat()),
    }
}

/// The modules of the crate in `src` and every reference between them.
fn module_graph(src: &Path) -> (Vec<ModuleFile>, Vec<Reference>) {
    let modules = module_files(src);
    let known: BTreeSet<String> = modules
        .iter()
        .filter(|m| !m.is_bin)
        .map(|m| m.name.clone())
        .collect();
    let references: Vec<Reference> = modules
        .iter()
        .flat_map(|module| references(module, &read(&module.file), &known))
        .collect();
    // A reader that found nothing would pass every check below.
    assert!(
        references.len() > 50,
        "only {} module references read from {}: is the reader broken?",
        references.len(),
        src.display()
    );
    (modules, references)
}

/// The SPA's graph, which the module rule below is about.
fn spa_module_graph() -> (Vec<ModuleFile>, Vec<Reference>) {
    let (modules, references) = module_graph(&root().join("src"));
    assert!(
        references.len() > 200 && references.iter().any(|r| r.to == "i18n"),
        "only {} module references read from src/: is the reader broken?",
        references.len()
    );
    (modules, references)
}

/// The smallest cycles of strongly connected modules, one for each tangle (Tarjan's algorithm,
/// then a breadth-first search from the tangle's first module back to itself).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<(Vec<String>, BTreeSet<String>)> {
    struct Search<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        tangles: Vec<BTreeSet<String>>,
    }
    impl<'a> Search<'a> {
        fn visit(&mut self, node: &'a str) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            for next in self.edges.get(node).into_iter().flatten() {
                if !self.index.contains_key(next.as_str()) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next.as_str()]);
                    self.low.insert(node, low);
                } else if self.stack.contains(&next.as_str()) {
                    let low = self.low[node].min(self.index[next.as_str()]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut tangle = BTreeSet::new();
                while let Some(member) = self.stack.pop() {
                    tangle.insert(member.to_owned());
                    if member == node {
                        break;
                    }
                }
                if tangle.len() > 1 {
                    self.tangles.push(tangle);
                }
            }
        }
    }
    let mut search = Search {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        tangles: Vec::new(),
    };
    for node in edges.keys() {
        if !search.index.contains_key(node.as_str()) {
            search.visit(node);
        }
    }
    let mut found = Vec::new();
    for tangle in search.tangles {
        let start = tangle.first().unwrap().clone();
        let mut came_from: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start.clone()]);
        'search: while let Some(node) = queue.pop_front() {
            for next in edges.get(&node).into_iter().flatten() {
                if !tangle.contains(next) {
                    continue;
                }
                if *next == start {
                    let mut cycle = vec![start.clone(), node.clone()];
                    while let Some(before) = came_from.get(cycle.last().unwrap()) {
                        cycle.push(before.clone());
                    }
                    // The walk back from `node` ends at `start`: reversed, it is the cycle.
                    cycle.reverse();
                    found.push((cycle, tangle.clone()));
                    break 'search;
                }
                if next != &start && !came_from.contains_key(next) {
                    came_from.insert(next.clone(), node.clone());
                    queue.push_back(next.clone());
                }
            }
        }
    }
    found.sort();
    found
}

/// The module rule's first half: `crate::x` paths, `super::` and `mod` lines make a graph of
/// src/'s files with no cycle, a child naming its parent included.
#[test]
fn modules_form_no_cycle() {
    // The SPA under the strict rule: a parent declares its children and a child never names its
    // parent. The server under the looser one: no loop of files that import each other, a
    // parent's declaring and re-exporting its own children aside (a loop through vote::ballot,
    // vote::paper, vote::committee and vote::events once slipped in there).
    let (_, spa) = spa_module_graph();
    let (_, server) = module_graph(&root().join("crates/server/src"));
    let imports: Vec<Reference> = server
        .into_iter()
        .filter(|reference| !reference.to.starts_with(&format!("{}::", reference.from)))
        .collect();
    let report = cycle_report(&spa) + &cycle_report(&imports);
    assert!(
        report.is_empty(),
        "\n{report}Move what both sides use into a module of its own (see the module rule atop tests/tidy.rs)."
    );
}

/// Each smallest cycle among `references`, with the place that makes each step; empty when none.
fn cycle_report(references: &[Reference]) -> String {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut first_place: BTreeMap<(String, String), &Reference> = BTreeMap::new();
    for reference in references {
        edges
            .entry(reference.from.clone())
            .or_default()
            .insert(reference.to.clone());
        first_place
            .entry((reference.from.clone(), reference.to.clone()))
            .or_insert(reference);
    }
    let mut report = String::new();
    for (cycle, tangle) in cycles(&edges) {
        report += &format!("module cycle: {}\n", cycle.join(" -> "));
        for step in cycle.windows(2) {
            let reference = first_place[&(step[0].clone(), step[1].clone())];
            report += &format!(
                "  {} -> {}: {} `{}`\n",
                step[0], step[1], reference.place, reference.written
            );
        }
        if tangle.len() + 1 > cycle.len() {
            let members: Vec<&str> = tangle.iter().map(String::as_str).collect();
            report += &format!("  (one cycle among {})\n", members.join(", "));
        }
    }
    report
}

/// The module rule's second half: a shared module names no feature, a feature names another
/// feature's root module at most, a bundle root names features' root modules only.
#[test]
fn features_use_each_other_only_through_their_roots() {
    let (modules, references) = spa_module_graph();
    let top = |name: &str| name.split("::").next().unwrap().to_owned();
    let lib_modules: BTreeSet<String> = modules
        .iter()
        .filter(|m| !m.is_bin)
        .map(|m| top(&m.name))
        .collect();
    for name in &lib_modules {
        assert!(
            SHARED.contains(&name.as_str())
                || FEATURES.contains(&name.as_str())
                || BUNDLE_ROOTS.contains(&name.as_str()),
            "src/{name}.rs is neither shared, a feature nor a bundle root: add it to one list in tests/tidy.rs"
        );
    }
    let mut report = String::new();
    for reference in &references {
        let (from, to) = (top(&reference.from), top(&reference.to));
        let is_bin = reference.from.starts_with("src/");
        let wrong = if SHARED.contains(&from.as_str()) {
            (!SHARED.contains(&to.as_str())).then_some("a shared module names a feature or a root")
        } else if BUNDLE_ROOTS.contains(&from.as_str()) || is_bin {
            (FEATURES.contains(&to.as_str()) && reference.to != to)
                .then_some("a bundle root reaches below a feature's root module")
        } else if BUNDLE_ROOTS.contains(&to.as_str()) {
            Some("a feature names a bundle root")
        } else if FEATURES.contains(&to.as_str()) && to != from && reference.to != to {
            Some("a feature reaches below another feature's root module")
        } else {
            None
        };
        if let Some(wrong) = wrong {
            report += &format!(
                "  {}: {} -> {} `{}`: {wrong}\n",
                reference.place, reference.from, reference.to, reference.written
            );
        }
    }
    assert!(
        report.is_empty(),
        "\nmodules that break the module rule (atop tests/tidy.rs):\n{report}"
    );
}

/// The reader behind the two tests above, on the cases it must not be fooled by.
#[test]
fn module_paths_are_read_from_code_alone() {
    let check = |text: &str, expected: &[&str]| {
        let module = ModuleFile {
            name: "report::form".into(),
            file: root().join("src/report/form.rs"),
            is_bin: false,
        };
        let known: BTreeSet<String> = ["app", "client", "report", "report::form", "report::store"]
            .into_iter()
            .chain(["shell", "ui", "ui::nav", "vote", "vote::choices"])
            .map(str::to_owned)
            .collect();
        let found: Vec<String> = references(&module, text, &known)
            .iter()
            .map(|r| format!("{}:{}", r.to, r.place.rsplit(':').next().unwrap()))
            .collect();
        assert_eq!(found, expected, "{text}");
    };
    check("use crate::shell::use_meta;", &["shell:1"]);
    check(
        "// crate::app::x\n/* crate::app /* nested */ crate::app */",
        &[],
    );
    check(
        "let s = \"crate::app\"; let r = r#\"crate::app \"x\"\"#;",
        &[],
    );
    check(
        "let c = '\"'; let d = '\\''; fn f<'a>(x: &'a crate::ui::X) {}",
        &["ui:1"],
    );
    check(
        "use crate::{client::{self, ClientError}, ui::nav};\nnav::Bar; client::get();",
        &["client:1", "client:1", "ui::nav:1", "ui::nav:2", "client:2"],
    );
    check(
        "use crate::vote;\nvote::choices::Choice",
        &["vote:1", "vote::choices:2"],
    );
    check(
        "pub(super) fn f() {}\nsuper::store::x(); super::X",
        &["report::store:2", "report:2"],
    );
    check(
        "mod tests {\n use super::*;\n use super::super::store;\n}",
        &["report::store:3"],
    );
    check("<crate::ui::nav::Bar/> crate::i18n::tr", &["ui::nav:1"]);
}

/// The SPA's one rule for reactive plumbing. The resident bundles (every module but `admin` and
/// `kiosk`) use the `ui/` hooks — `use_load_once`, `use_request`, `shown`, `use_window_event`,
/// `use_stored_text` — which do what a resident page needs for a fraction of the wasm; never
/// Leptos' `LocalResource`, `Action` or `<Show>`, nor leptos-use. The committee and kiosk bundles,
/// which no resident downloads on a phone, use Leptos' own and leptos-use, and not the `ui/` hooks
/// that stand in for them, so each bundle reads one way.
#[test]
fn each_bundle_uses_one_vocabulary() {
    let committee_or_kiosk = |relative: &Path| {
        [
            "admin",
            "kiosk",
            "bin/committee.rs",
            "bin/kiosk.rs",
            "admin.rs",
            "kiosk.rs",
        ]
        .iter()
        .any(|prefix| relative.starts_with(prefix))
    };
    let leptos_own = [
        "LocalResource",
        "Action::",
        "<Show",
        "</Show>",
        "leptos_use",
    ];
    let ui_hooks = [
        "use_load_once",
        "use_request",
        "ui::shown",
        "use_window_event",
        "use_stored_text",
    ];
    let mut checked = 0;
    for path in rust_files(&root().join("src")) {
        let relative = path.strip_prefix(root().join("src")).unwrap().to_owned();
        let (forbidden, rule): (&[&str], &str) = if committee_or_kiosk(&relative) {
            (
                &ui_hooks,
                "the committee and kiosk use Leptos' own, not the ui/ hooks",
            )
        } else {
            (
                &leptos_own,
                "resident bundles use the ui/ hooks, not Leptos' own",
            )
        };
        checked += 1;
        for (n, line) in code_lines(&read(&path)) {
            for name in forbidden {
                assert!(
                    !line.contains(name),
                    "src/{}:{n} uses {name}: {rule} (tests/tidy.rs)",
                    relative.display()
                );
            }
        }
    }
    assert!(
        checked > 60,
        "only {checked} files found: is src/ where it was?"
    );
}

/// Local and session storage are reached one way, through `ui::stored`, in every bundle.
#[test]
fn browser_storage_goes_through_ui_stored() {
    for path in rust_files(&root().join("src")) {
        if path.ends_with("ui/stored.rs") {
            continue;
        }
        for (n, line) in code_lines(&read(&path)) {
            assert!(
                !line.contains("local_storage()") && !line.contains("session_storage()"),
                "{}:{n} reaches the browser's storage itself; use ui::stored",
                path.display()
            );
        }
    }
}
