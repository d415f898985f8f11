//! `generate-district` (issue #25): the same seed writes the same rows, and what it writes
//! passes the checks a real census import makes.

use linli_api::ImportKind;
use linli_core::component_code::ComponentCode;
use linli_core::datum::Datum;
use linli_server::Db;
use linli_server::generate::{MARK, Scale, generate};
use linli_server::imports::{ImportRequest, export_data, import_file};
use linli_tables::{EncodingChoice, Format, TextEncoding};
use sha2::Digest as _;

/// Every table the generator fills, with its rows in a fixed order.
const TABLES: &[(&str, &str)] = &[
    ("streets", "id"),
    ("communities", "id"),
    ("maintainer_units", "id"),
    ("components", "code"),
    ("buildings", "code"),
    ("service_points", "id"),
    ("walking_graphs", "community_id"),
    ("service_requests", "id"),
    ("request_updates", "id"),
    ("request_photos", "id"),
    ("ballots", "id"),
    ("projects", "ballot_id, id"),
    ("voting_codes", "code_hash"),
    ("votes", "receipt"),
];

/// Each table's row count and a digest of every row's every column, in key order.
fn contents(path: &std::path::Path) -> Vec<(String, i64, String)> {
    let c = rusqlite::Connection::open(path).unwrap();
    TABLES
        .iter()
        .map(|(table, key)| {
            let columns: Vec<String> = c
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let row = columns
                .iter()
                .map(|name| format!("quote({name})"))
                .collect::<Vec<_>>()
                .join(" || ',' || ");
            let (rows, digest): (i64, String) = c
                .query_row(
                    &format!(
                        "SELECT count(*), coalesce(group_concat(r, '|'), '')
                         FROM (SELECT {row} AS r FROM {table} ORDER BY {key})"
                    ),
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            let digest = format!("{:x}", sha2::Sha256::digest(digest.as_bytes()));
            (table.to_string(), rows, digest)
        })
        .collect()
}

#[test]
fn the_same_seed_writes_the_same_district() {
    let dir = tempfile::tempdir().unwrap();
    let scale = Scale::parse("10").unwrap();
    let mut runs = Vec::new();
    for (name, seed) in [("a.sqlite", 7), ("b.sqlite", 7), ("c.sqlite", 8)] {
        let path = dir.path().join(name);
        let db = Db::open(&path).unwrap();
        let generated = generate(&db, seed, scale, Some("generated-password".into())).unwrap();
        let components = generated
            .tables
            .iter()
            .find(|t| t.table == "components")
            .unwrap();
        assert_eq!(components.rows, scale.components);
        drop(db);
        runs.push(contents(&path));
    }
    assert_eq!(runs[0], runs[1], "the same seed wrote different rows");
    assert_ne!(runs[0], runs[2], "another seed wrote the same rows");
    let count = |table: &str| runs[0].iter().find(|(t, ..)| t == table).unwrap().1;
    assert_eq!(count("communities") as usize, scale.communities);
    assert_eq!(count("service_points") as usize, scale.services);
    assert_eq!(count("service_requests") as usize, scale.reports);
    assert_eq!(count("votes") as usize, scale.votes);
}

#[test]
fn a_generated_district_is_labelled_and_imports_back_unrefused() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("linli.sqlite")).unwrap();
    generate(&db, 7, Scale::parse("10").unwrap(), None).unwrap();
    assert!(linli_server::district::holds_sample(&db).unwrap());
    assert!(
        generate(&db, 7, Scale::parse("1").unwrap(), None).is_err(),
        "a second district was generated into the same database"
    );

    // The components as a census file, read back by the import a clerk runs: none refused,
    // every one already there.
    let csv = export_data(
        &db,
        ImportKind::Components,
        Format::Csv,
        TextEncoding::Utf8,
        Datum::Wgs84,
    )
    .unwrap();
    let file = dir.path().join("components.csv");
    std::fs::write(&file, &csv).unwrap();
    let request = ImportRequest {
        kind: ImportKind::Components,
        file_name: "components.csv".into(),
        encoding: EncodingChoice::Detect,
        datum: Datum::Wgs84,
        apply: false,
        retire_missing: false,
        community: None,
    };
    let summary = import_file(&db, &request, &file).unwrap();
    assert!(summary.refused.is_empty(), "{:?}", summary.refused);
    assert_eq!((summary.add, summary.leave), (0, 480));

    let text = String::from_utf8(csv).unwrap();
    let c = rusqlite::Connection::open(dir.path().join("linli.sqlite")).unwrap();
    let mut codes = c.prepare("SELECT code, name FROM components").unwrap();
    for row in codes
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
    {
        let (code, name) = row.unwrap();
        ComponentCode::parse(&code).unwrap();
        assert!(name.starts_with(MARK), "{name}");
        assert!(text.contains(&code));
    }
}
