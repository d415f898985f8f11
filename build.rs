//! Turns `locales/*.json` into one Rust struct of strings per locale, so that a missing key, an
//! extra key or a misspelt key in the code is a compile error rather than a blank on screen.
//! The committee's strings (`locales/committee/*.json`) get a struct of their own, which only the
//! committee bundle references, so residents never download them; so do the strings only the vote
//! page's bundle shows (`locales/vote/*.json`), the map page's (`locales/map/*.json`), the
//! kiosk's (`locales/kiosk/*.json`), the report bundle's (`locales/report/*.json`), the scan
//! pages' (`locales/scan/*.json`, the residents' first load) and the public figures of reports
//! (`locales/numbers/*.json`, the community lists' bundle).

use std::collections::BTreeMap;
use std::fmt::Write;

/// (struct name, [(constant, file)]): the first file of each set is the reference.
const SETS: &[(&str, &[(&str, &str)])] = &[
    (
        "Strings",
        &[("ZH_CN", "locales/zh-CN.json"), ("EN", "locales/en.json")],
    ),
    (
        "MapStrings",
        &[
            ("MAP_ZH_CN", "locales/map/zh-CN.json"),
            ("MAP_EN", "locales/map/en.json"),
        ],
    ),
    (
        "CommitteeStrings",
        &[
            ("COMMITTEE_ZH_CN", "locales/committee/zh-CN.json"),
            ("COMMITTEE_EN", "locales/committee/en.json"),
        ],
    ),
    (
        "VoteStrings",
        &[
            ("VOTE_ZH_CN", "locales/vote/zh-CN.json"),
            ("VOTE_EN", "locales/vote/en.json"),
        ],
    ),
    (
        "ReportStrings",
        &[
            ("REPORT_ZH_CN", "locales/report/zh-CN.json"),
            ("REPORT_EN", "locales/report/en.json"),
        ],
    ),
    (
        "ScanStrings",
        &[
            ("SCAN_ZH_CN", "locales/scan/zh-CN.json"),
            ("SCAN_EN", "locales/scan/en.json"),
        ],
    ),
    (
        "NumbersStrings",
        &[
            ("NUMBERS_ZH_CN", "locales/numbers/zh-CN.json"),
            ("NUMBERS_EN", "locales/numbers/en.json"),
        ],
    ),
    (
        "KioskStrings",
        &[
            ("KIOSK_ZH_CN", "locales/kiosk/zh-CN.json"),
            ("KIOSK_EN", "locales/kiosk/en.json"),
        ],
    ),
];

fn main() {
    let mut out = String::new();
    for (struct_name, locales) in SETS {
        generate(&mut out, struct_name, locales);
    }
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("strings.rs");
    std::fs::write(dest, out).unwrap();
}

fn generate(out: &mut String, struct_name: &str, locales: &[(&str, &str)]) {
    let mut tables: Vec<(&str, BTreeMap<String, String>)> = Vec::new();
    for (name, path) in locales {
        println!("cargo::rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let table: BTreeMap<String, String> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        for (key, value) in &table {
            assert!(
                key.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{path}: key {key:?} must be snake_case ASCII"
            );
            assert!(!value.trim().is_empty(), "{path}: key {key:?} is empty");
        }
        tables.push((name, table));
    }
    let (first_name, first) = &tables[0];
    for (name, table) in &tables[1..] {
        let missing: Vec<_> = first.keys().filter(|k| !table.contains_key(*k)).collect();
        let extra: Vec<_> = table.keys().filter(|k| !first.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "locale {name} differs from {first_name}: missing {missing:?}, extra {extra:?}"
        );
    }

    writeln!(
        out,
        "/// Every user-visible string, one field per key of its locale files.\n#[derive(Debug)]\npub struct {struct_name} {{"
    )
    .unwrap();
    for key in first.keys() {
        writeln!(out, "    pub {key}: &'static str,").unwrap();
    }
    out.push_str("}\n");
    for (name, table) in &tables {
        writeln!(out, "pub const {name}: {struct_name} = {struct_name} {{").unwrap();
        for (key, value) in table {
            writeln!(out, "    {key}: {value:?},").unwrap();
        }
        out.push_str("};\n");
    }
}
