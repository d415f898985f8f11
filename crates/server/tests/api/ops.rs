//! Operations: backups taken while reports are written, restores and their refusals, and the
//! health and readiness probes.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use axum::http::{StatusCode, header};
use linli_server::backup::{backup, restore};
use linli_server::{AppState, Db, Spa};
use rusqlite::{Connection, OpenFlags};

use crate::support::*;

fn db_file(s: &TestServer) -> std::path::PathBuf {
    s.dir.path().join("linli.sqlite")
}

fn integrity(path: &Path) -> String {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn rows(path: &Path, sql: &str) -> i64 {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// ---- backups ----

/// Reports go on being filed through the router while the backup is taken: every one answered
/// before the backup began is in it, and the file is a whole database only its owner can read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_reports_are_written_holds_every_one_answered_before_it() {
    let s = server();
    let began = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (state, began, stop, answered) = (
            s.state.clone(),
            began.clone(),
            stop.clone(),
            answered.clone(),
        );
        tokio::spawn(async move {
            // The number of each report answered 201 while the backup had not begun yet.
            let mut before = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let filed = file_free_report(&state, &format!("backup-{n}")).await;
                assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
                // Read after the answer came: false means the backup began later still.
                if !began.load(Ordering::SeqCst) {
                    before.push(n);
                }
                answered.fetch_add(1, Ordering::SeqCst);
            }
            before
        })
    };
    while answered.load(Ordering::SeqCst) < 20 {
        tokio::task::yield_now().await;
    }
    let out = s.dir.path().join("backups/first.sqlite");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    began.store(true, Ordering::SeqCst);
    let (database, into) = (db_file(&s), out.clone());
    let made = tokio::task::spawn_blocking(move || backup(&database, &into))
        .await
        .unwrap()
        .unwrap();
    // Writes went on after it too, so the backup is not simply the last state.
    let after = answered.load(Ordering::SeqCst);
    while answered.load(Ordering::SeqCst) < after + 3 {
        tokio::task::yield_now().await;
    }
    stop.store(true, Ordering::SeqCst);
    let before = writer.await.unwrap();
    println!(
        "backup of {} bytes in {:.3} s with {} reports answered before it began",
        made.bytes,
        made.seconds,
        before.len()
    );
    assert_eq!(made.bytes, std::fs::metadata(&out).unwrap().len());
    assert_eq!(integrity(&out), "ok");
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600, "a backup is as private as the database");
    let copy = Connection::open_with_flags(&out, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut missing = Vec::new();
    for n in &before {
        let found: i64 = copy
            .query_row(
                "SELECT count(*) FROM service_requests WHERE description = ?1",
                [format!("backup-{n}")],
                |r| r.get(0),
            )
            .unwrap();
        if found != 1 {
            missing.push(*n);
        }
    }
    assert!(
        missing.is_empty(),
        "answered before the backup, not in it: {missing:?}"
    );
    let in_copy: i64 = copy
        .query_row(
            "SELECT count(*) FROM service_requests WHERE description LIKE 'backup-%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let in_live = count(
        &s.state,
        "service_requests WHERE description LIKE 'backup-%'",
    );
    assert!(
        in_copy < in_live,
        "the live database went on: {in_copy} < {in_live}"
    );
}

#[tokio::test]
async fn a_backup_never_overwrites_a_file_and_needs_a_database() {
    let s = server();
    let out = s.dir.path().join("taken.sqlite");
    std::fs::write(&out, "an operator's other file").unwrap();
    let refused = backup(&db_file(&s), &out).unwrap_err().to_string();
    assert!(refused.contains("already exists"), "{refused}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "an operator's other file"
    );
    let nowhere = s.dir.path().join("no-such.sqlite");
    let fresh = s.dir.path().join("fresh.sqlite");
    let refused = backup(&nowhere, &fresh).unwrap_err().to_string();
    assert!(refused.contains("no database at"), "{refused}");
    assert!(!fresh.exists() && !nowhere.exists(), "nothing is created");
}

// ---- restores ----

/// A backup restored into a new place serves what the original served, at the latest schema.
#[tokio::test]
async fn a_restored_backup_serves_what_the_original_served() {
    let s = server();
    let filed = file_free_report(&s.state, "before the backup").await.json();
    let id = filed[0]["service_request_id"].as_str().unwrap().to_owned();
    let out = s.dir.path().join("backup.sqlite");
    backup(&db_file(&s), &out).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("data/linli.sqlite");
    let restored = restore(&out, &target, false).unwrap();
    assert_eq!(restored.from_version, restored.to_version);
    assert!(restored.previous.is_none());
    #[cfg(unix)]
    assert_eq!(mode(&target), 0o600);
    let left: Vec<String> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left, ["linli.sqlite"], "no temporary file or WAL is left");
    assert_eq!(integrity(&target), "ok");
    let state = AppState {
        db: Db::open(&target).unwrap(),
        ..s.state.clone()
    };
    for path in [
        format!("/open311/v2/requests/{id}.json"),
        "/api/v1/ballots.json".to_owned(),
        "/api/v1/meta.json".to_owned(),
    ] {
        let (original, copy) = (get(&s.state, &path).await, get(&state, &path).await);
        assert_eq!(copy.status, StatusCode::OK, "{path}");
        assert_eq!(copy.text(), original.text(), "{path}");
    }
}

#[tokio::test]
async fn a_restore_never_replaces_a_database_unasked_nor_one_in_use() {
    let s = server();
    let out = s.dir.path().join("backup.sqlite");
    backup(&db_file(&s), &out).unwrap();
    file_free_report(&s.state, "after the backup").await;
    let after = "service_requests WHERE description = 'after the backup'";
    // The server's own database is open (its pool): refused even with --force.
    let refused = restore(&out, &db_file(&s), false).unwrap_err().to_string();
    assert!(
        refused.contains("already exists") && refused.contains("--force"),
        "{refused}"
    );
    let refused = restore(&out, &db_file(&s), true).unwrap_err().to_string();
    assert!(refused.contains("in use"), "{refused}");
    assert_eq!(count(&s.state, after), 1, "the live database is untouched");
    // Stopped, it is replaced with --force, and kept beside the restored one.
    let database = db_file(&s);
    drop(s.state);
    let restored = restore(&out, &database, true).unwrap();
    let previous = restored.previous.expect("the replaced database is kept");
    assert_eq!(rows(&previous, &format!("SELECT count(*) FROM {after}")), 1);
    assert_eq!(rows(&database, &format!("SELECT count(*) FROM {after}")), 0);
}

/// Only a whole Linli database of a schema this build knows is restored; nothing is created
/// for one that is refused.
#[tokio::test]
async fn a_restore_refuses_what_is_not_a_whole_linli_database() {
    let s = server();
    let dir = s.dir.path();
    let good = dir.join("backup.sqlite");
    backup(&db_file(&s), &good).unwrap();
    let target = dir.join("restored/linli.sqlite");
    let check = |from: &Path, expected: &str| {
        let refused = restore(from, &target, false).unwrap_err().to_string();
        assert!(refused.contains(expected), "{}: {refused}", from.display());
        assert!(!target.exists(), "{}: nothing restored", from.display());
    };
    check(&dir.join("missing.sqlite"), "no backup file");
    std::fs::write(
        dir.join("notes.txt"),
        "not a database at all, but long enough to read",
    )
    .unwrap();
    check(&dir.join("notes.txt"), "not an SQLite database");
    let other = dir.join("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); PRAGMA user_version = 3;")
        .unwrap();
    check(&other, "not a Linli one");
    let newer = dir.join("newer.sqlite");
    std::fs::copy(&good, &newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 9999;")
        .unwrap();
    check(&newer, "newer Linli");
    // Damage in the middle of the file, where tables and indexes keep their pages.
    let damaged = dir.join("damaged.sqlite");
    let mut bytes = std::fs::read(&good).unwrap();
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 8192] {
        *byte = 0x5a;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let refused = restore(&damaged, &target, false).unwrap_err().to_string();
    assert!(
        refused.contains("integrity check") || refused.contains("cannot be read"),
        "{refused}"
    );
    assert!(!target.exists());
}

// ---- health ----

#[tokio::test]
async fn healthz_answers_ok_with_the_security_headers() {
    let s = server();
    let answer = get(&s.state, "/healthz").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.text(), "ok");
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(answer.headers["x-content-type-options"], "nosniff");
    assert!(answer.headers.contains_key(header::CONTENT_SECURITY_POLICY));
}

#[tokio::test]
async fn readyz_is_ready_when_the_database_takes_writes_and_the_spa_is_on_disk() {
    let s = server();
    let answer = get(&s.state, "/readyz").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(
        answer.json(),
        serde_json::json!({"ready": true, "reasons": []})
    );
    assert_eq!(answer.headers["referrer-policy"], "no-referrer");
    // The probe stored nothing and left no lock behind: a write right after it goes through.
    assert_eq!(
        file_free_report(&s.state, "after the probe").await.status,
        StatusCode::CREATED
    );
}

/// Another process holds the write lock (a stuck job, a `sqlite3` shell left in a transaction):
/// votes would wait and fail, so the server says it is not ready, and why.
#[tokio::test]
async fn readyz_is_503_while_the_database_cannot_be_written() {
    let s = server();
    let other = Connection::open(db_file(&s)).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let answer = get(&s.state, "/readyz").await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    let body = answer.json();
    assert_eq!(body["ready"], false);
    let reason = body["reasons"][0].as_str().unwrap();
    assert!(reason.contains("does not take writes"), "{reason}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(get(&s.state, "/readyz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn readyz_is_503_when_the_built_spa_is_gone() {
    let s = server();
    let dist = s.dir.path().join("dist");
    let state = AppState {
        spa: Some(Arc::new(Spa::load(&dist, &[]).unwrap())),
        ..s.state.clone()
    };
    std::fs::remove_file(dist.join("index.html")).unwrap();
    let answer = get(&state, "/readyz").await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    let reason = answer.json()["reasons"][0].as_str().unwrap().to_owned();
    assert!(reason.contains("SPA"), "{reason}");
}

// ---- metrics ----

const METRICS_TOKEN: &str = "ops-test-metrics-token";

/// Requests are counted by their route's template, never by the path asked for (it holds codes
/// and ids), and only a request with the token reads them.
#[tokio::test]
async fn metrics_count_requests_by_route_template_for_the_token_only() {
    linli_server::metrics::enable(METRICS_TOKEN).unwrap();
    let s = server();
    let filed = file_free_report(&s.state, "counted").await.json();
    let id = filed[0]["service_request_id"].as_str().unwrap().to_owned();
    assert_eq!(
        get(&s.state, &format!("/open311/v2/requests/{id}.json"))
            .await
            .status,
        StatusCode::OK
    );
    get(&s.state, &format!("/api/v1/components/{STREET_LIGHT}.json")).await;
    get(&s.state, "/c/1101120110000001").await;
    linli_server::metrics::count(linli_server::metrics::VOTES_WRITTEN);
    for refused in [
        get(&s.state, "/metrics").await,
        get_with(
            &s.state,
            "/metrics",
            &[("authorization", "Bearer wrong-token-wrong-token")],
        )
        .await,
    ] {
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
        assert!(refused.text().contains("token"), "{}", refused.text());
    }
    let bearer = format!("Bearer {METRICS_TOKEN}");
    let answer = get_with(&s.state, "/metrics", &[("authorization", &bearer)]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["x-content-type-options"], "nosniff");
    let text = answer.text();
    for expected in [
        r#"linli_http_requests_total{method="POST",route="/open311/v2/requests.json",status="201"}"#,
        r#"route="/open311/v2/requests/{file}",status="200""#,
        r#"route="/api/v1/components/{file}""#,
        r#"route="(spa)""#,
        "linli_http_request_duration_seconds_bucket{",
        "linli_database_bytes ",
        "linli_votes_written_total ",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    for raw in [format!("requests/{id}.json"), STREET_LIGHT.to_owned()] {
        assert!(!text.contains(&raw), "{raw} is in the metrics");
    }
}
