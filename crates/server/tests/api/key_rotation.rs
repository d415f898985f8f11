//! `rotate-key` over a real database file and key file: phone numbers re-encrypted under the
//! new sealing key, and everything the master key derives (tracking links, an open ballot's
//! voting codes) unchanged.

use std::sync::Arc;

use axum::http::StatusCode;
use linli_server::Db;
use linli_server::key_rotation::{Rotated, rotate_key};
use linli_server::secrets::{MissingKey, Secrets};

use crate::personal_data::{PHONE, file_report_with_phone};
use crate::support::*;
use crate::vote::{cast, codes, committee, open_ballot};

fn sealed_phone(s: &TestServer, id: &str) -> Vec<u8> {
    let id: i64 = id.parse().unwrap();
    s.state
        .db
        .run_blocking(move |c| {
            Ok(c.query_row(
                "SELECT phone_cipher FROM service_requests WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?)
        })
        .unwrap()
}

#[tokio::test]
async fn after_a_rotation_phones_open_with_the_new_key_only_and_links_and_codes_still_work() {
    let mut c = committee().await;
    let dir = c.s.dir.path().to_owned();
    let (database, key_file) = (dir.join("linli.sqlite"), dir.join("linli.key"));
    // A key file as every deployment before rotate-key has one: the master alone.
    let legacy = Secrets::load_or_create(&key_file, MissingKey::Create).unwrap();
    c.s.state.secrets = Arc::new(legacy);
    let legacy_file = std::fs::read(&key_file).unwrap();
    assert_eq!(legacy_file.len(), 32);

    let ballot = open_ballot(&c, "rotation").await;
    let issued = codes(&c, &ballot, 2).await;
    let voted = cast(&c.s, &ballot, &issued[0], &["p1"], "phone").await;
    assert_eq!(voted.status, StatusCode::CREATED, "{}", voted.text());
    let (id, secret) = file_report_with_phone(&c.s).await;
    let (other_id, _) = file_report_with_phone(&c.s).await;

    // The server stops (its pool closes), the key is rotated, the server starts again.
    c.s.state.db = Db::open(&dir.join("elsewhere.sqlite")).unwrap();
    let rotated = rotate_key(&database, &key_file).unwrap();
    assert_eq!(
        rotated,
        Rotated {
            phones: 2,
            unreadable: 0
        }
    );
    let rotated_file = std::fs::read(&key_file).unwrap();
    assert_eq!(rotated_file.len(), 64, "the master and the new sealing key");
    assert_eq!(rotated_file[..32], legacy_file[..], "the master stays");
    c.s.state.db = Db::open(&database).unwrap();
    c.s.state.secrets = Arc::new(Secrets::load(&key_file).unwrap());

    let district = session_cookie(&c.s.state, &c.s.account.username, &c.s.account.password).await;
    for report in [&id, &other_id] {
        let seen = get_with(
            &c.s.state,
            &format!("/api/v1/admin/requests/{report}.json"),
            &[("cookie", &district)],
        )
        .await;
        assert_eq!(seen.json()["phone"], PHONE, "{}", seen.text());
    }
    let old_file = dir.join("old.key");
    std::fs::write(&old_file, &legacy_file).unwrap();
    let old_alone = Secrets::load(&old_file).unwrap();
    assert_eq!(
        old_alone.open(&sealed_phone(&c.s, &id)),
        None,
        "the old key reads none"
    );

    let tracked = get_with(
        &c.s.state,
        &format!("/api/v1/requests/{id}.json"),
        &[("x-tracking-secret", &secret)],
    )
    .await;
    assert_eq!(
        tracked.status,
        StatusCode::OK,
        "the resident's link still works"
    );
    assert_eq!(tracked.json()["phone_masked"], "138****8000");

    let unspent = cast(&c.s, &ballot, &issued[1], &["p2"], "phone").await;
    assert_eq!(
        unspent.status,
        StatusCode::CREATED,
        "an unspent code still votes: {}",
        unspent.text()
    );
    let spent = cast(&c.s, &ballot, &issued[0], &["p1"], "phone").await;
    assert_eq!(
        spent.status,
        StatusCode::CONFLICT,
        "a spent one is still known as spent"
    );

    let rotations = count(
        &c.s.state,
        "audit_log WHERE action = 'key.rotate' AND actor = '(command line)'",
    );
    assert_eq!(rotations, 1);
}
