//! The district's message gateway against a real receiver process
//! (`scripts/gateway_receiver.py`): one message per public change with its tracking link, none
//! without a phone, messages kept while the gateway is down and delivered once after, "stop
//! messages", permanent refusals, and the phone number in no log, error or audit entry.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use linli_server::AppState;
use linli_server::gateway::{Gateway, Retry, Round, deliver_due};
use serde_json::{Value, json};

use crate::personal_data::{PHONE, file_report_with_phone};
use crate::support::*;

const TOKEN: &str = "gateway-test-token";
const PUBLIC_URL: &str = "https://linli.example.cn";

/// The receiver process, ended when the test ends however it ends (`case_forwarding` starts it
/// too).
pub(crate) struct Receiver {
    child: Child,
    pub(crate) port: u16,
    record: PathBuf,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Receiver {
    /// Starts a receiver answering `status`, on `port` (0: any free one), recording into `record`.
    pub(crate) fn start(record: PathBuf, port: u16, status: u16) -> Receiver {
        Receiver::start_with(record, port, status, &[])
    }

    /// The same, with the script's further arguments (`--answer TEXT`).
    pub(crate) fn start_with(record: PathBuf, port: u16, status: u16, more: &[&str]) -> Receiver {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scripts/gateway_receiver.py"
        );
        let mut child = Command::new("python3")
            .arg(script)
            .arg("--record")
            .arg(&record)
            .args(["--port", &port.to_string(), "--status", &status.to_string()])
            .args(more)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the receiver printed its port");
        Receiver {
            child,
            port,
            record,
        }
    }

    /// Every request it received, in order.
    pub(crate) fn received(&self) -> Vec<Value> {
        received(&self.record)
    }
}

fn received(record: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(record)
        .unwrap_or_default()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The test server with a gateway on `port`, retried after a short wait.
fn with_gateway(s: &TestServer, port: u16) -> AppState {
    AppState {
        gateway: Some(Gateway {
            url: format!("http://127.0.0.1:{port}/send").parse().unwrap(),
            token: TOKEN.into(),
            public_url: PUBLIC_URL.into(),
            retry: Retry {
                first: Duration::from_millis(10),
                cap: Duration::from_millis(40),
                max_attempts: 5,
            },
        }),
        ..s.state.clone()
    }
}

async fn change(state: &AppState, cookie: &str, id: &str, body: Value) {
    let answer = post_json(
        state,
        &format!("/api/v1/admin/requests/{id}/status"),
        body,
        &[("cookie", cookie)],
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

/// A test's set-up, every part bound by the test so that none is dropped early (the receiver
/// writes into the folder; the state's database is the server's): the sample server with a gateway posting to a receiver process that answers
/// `status`, the district account signed in, and a report that left a phone number.
struct Case {
    receiver: Receiver,
    state: AppState,
    cookie: String,
    id: String,
    secret: String,
    s: TestServer,
    _dir: tempfile::TempDir,
}

async fn case(status: u16) -> Case {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::start(dir.path().join("received.jsonl"), 0, status);
    let state = with_gateway(&s, receiver.port);
    let cookie = session_cookie(&state, &s.account.username, &s.account.password).await;
    let (id, secret) = file_report_with_phone(&s).await;
    Case {
        receiver,
        state,
        cookie,
        id,
        secret,
        s,
        _dir: dir,
    }
}

/// A row of the outbox as an operator reads it.
#[derive(Debug)]
struct Queued {
    delivered_at: Option<String>,
    failed_at: Option<String>,
    last_error: Option<String>,
}

fn outbox(state: &AppState) -> Vec<Queued> {
    state
        .db
        .run_blocking(|c| {
            let mut stmt = c.prepare(
                "SELECT delivered_at, failed_at, last_error FROM message_outbox ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Queued {
                    delivered_at: r.get(0)?,
                    failed_at: r.get(1)?,
                    last_error: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .unwrap()
}

/// The tracing output while `work` runs, as the server's log would hold it.
#[derive(Clone, Default)]
pub(crate) struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn a_report_with_a_phone_gets_one_message_per_public_change_and_one_without_none() {
    let Case {
        receiver,
        state,
        cookie,
        id,
        secret,
        s: _server,
        _dir,
    } = case(200).await;
    let without = file_free_report(&state, "没有留电话").await.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let public = json!({"status": "in_progress", "note": "已派维修班组", "public": true});
    change(&state, &cookie, &id, public.clone()).await;
    change(&state, &cookie, &without, public).await;
    // An internal note is not on the tracking page, so it is not sent either.
    let internal = json!({"status": "action_scheduled", "note": "内部", "public": false});
    change(&state, &cookie, &id, internal).await;
    let fixed = json!({"status": "fixed", "note": "灯已修好", "public": true});
    change(&state, &cookie, &id, fixed).await;

    let round = deliver_due(&state).await.unwrap();
    assert_eq!(round.delivered, 2, "{round:?}");
    // A second round sends nothing again.
    assert_eq!(deliver_due(&state).await.unwrap(), Round::default());

    let got = receiver.received();
    assert_eq!(got.len(), 2, "{got:?}");
    let link = format!("{PUBLIC_URL}/r/{id}#{secret}");
    for message in &got {
        let body = &message["body"];
        assert_eq!(body["to"], PHONE);
        assert_eq!(body["link"], link.as_str());
        let key = body["message_id"].as_str().unwrap();
        assert!(key.starts_with(&format!("report:{id}:event:")), "{key}");
        assert_eq!(message["headers"]["idempotency-key"], key);
        assert_eq!(
            message["headers"]["authorization"],
            format!("Bearer {TOKEN}").as_str()
        );
    }
    assert!(
        got[0]["body"]["text"]
            .as_str()
            .unwrap()
            .contains("已派维修班组")
    );
    assert!(got[1]["body"]["text"].as_str().unwrap().contains("已办结"));
    assert_ne!(got[0]["body"]["message_id"], got[1]["body"]["message_id"]);
}

#[tokio::test]
async fn a_merge_is_told_and_nothing_is_enqueued_without_a_gateway() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::start(dir.path().join("received.jsonl"), 0, 200);
    let cookie = session_cookie(&s.state, &s.account.username, &s.account.password).await;
    let (id, _) = file_report_with_phone(&s).await;
    let (original, _) = file_report_with_phone(&s).await;
    // The test server has no gateway: nothing waits to be sent once one is configured.
    let public = json!({"status": "in_progress", "note": "", "public": true});
    change(&s.state, &cookie, &original, public).await;
    assert_eq!(count(&s.state, "message_outbox"), 0);

    let state = with_gateway(&s, receiver.port);
    let merge = json!({"status": "duplicate", "note": "同一盏灯", "public": true,
        "duplicate_of": format!("#{original}")});
    change(&state, &cookie, &id, merge).await;
    assert_eq!(deliver_due(&state).await.unwrap().delivered, 1);
    let got = receiver.received();
    assert_eq!(got.len(), 1, "{got:?}");
    let text = got[0]["body"]["text"].as_str().unwrap();
    assert!(text.contains(&format!("编号 {original}")), "{text}");
    assert!(text.contains("合并"), "{text}");
}

/// The receiver killed: the message stays in the outbox through failed attempts, and arrives
/// exactly once when it is back. Nothing logged or stored on the way holds the phone number.
#[tokio::test]
async fn messages_wait_while_the_gateway_is_down_and_arrive_once_when_it_is_back() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("received.jsonl");
    let receiver = Receiver::start(record.clone(), 0, 200);
    let port = receiver.port;
    let state = with_gateway(&s, port);
    let cookie = session_cookie(&state, &s.account.username, &s.account.password).await;
    let (id, _) = file_report_with_phone(&s).await;
    drop(receiver);

    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);

    let public = json!({"status": "in_progress", "note": "", "public": true});
    change(&state, &cookie, &id, public).await;
    for _ in 0..2 {
        let round = deliver_due(&state).await.unwrap();
        assert_eq!(round.retried, 1, "{round:?}");
    }
    let waiting = outbox(&state);
    assert_eq!(waiting.len(), 1);
    let pending = &waiting[0];
    assert!(
        pending.delivered_at.is_none() && pending.failed_at.is_none(),
        "{pending:?}"
    );
    assert!(
        pending
            .last_error
            .as_deref()
            .unwrap()
            .contains("cannot reach")
    );

    // A gateway that answers 503 is retried too.
    let busy = Receiver::start(record.clone(), port, 503);
    assert_eq!(deliver_due(&state).await.unwrap().retried, 1);
    drop(busy);

    let back = Receiver::start(record.clone(), port, 200);
    // The retry waits are milliseconds and stored to the second: due at once.
    assert_eq!(deliver_due(&state).await.unwrap().delivered, 1);
    assert_eq!(deliver_due(&state).await.unwrap(), Round::default());
    let delivered: Vec<Value> = back
        .received()
        .into_iter()
        .filter(|m| m["answered"] == 200)
        .collect();
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    assert!(outbox(&state)[0].delivered_at.is_some(), "marked delivered");

    let logged = log.text();
    assert!(logged.contains("message not delivered"), "{logged}");
    assert!(!logged.contains(PHONE), "{logged}");
    let stored_anywhere = state
        .db
        .run_blocking(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM audit_log WHERE detail LIKE '%' || ?1 || '%')
                      + (SELECT count(*) FROM message_outbox
                         WHERE text LIKE '%' || ?1 || '%' OR last_error LIKE '%' || ?1 || '%')",
                [PHONE],
                |r| r.get::<_, i64>(0),
            )?)
        })
        .unwrap();
    assert_eq!(stored_anywhere, 0);
}

#[tokio::test]
async fn stop_messages_removes_what_is_pending_and_no_more_arrive() {
    let Case {
        receiver,
        state,
        cookie,
        id,
        secret,
        s: _server,
        _dir,
    } = case(200).await;
    let tracked = get_with(
        &state,
        &format!("/api/v1/requests/{id}.json"),
        &[("x-tracking-secret", &secret)],
    )
    .await;
    assert_eq!(tracked.json()["messages_on"], true);

    let public = json!({"status": "in_progress", "note": "", "public": true});
    change(&state, &cookie, &id, public).await;
    assert_eq!(count(&state, "message_outbox"), 1);

    let stop = |secret: String| {
        let state = state.clone();
        let path = format!("/api/v1/requests/{id}/messages/stop");
        async move { post_json(&state, &path, json!({}), &[("x-tracking-secret", &secret)]).await }
    };
    let refused = stop("0".repeat(32)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        count(&state, "message_outbox"),
        1,
        "a wrong secret stops nothing"
    );

    let stopped = stop(secret.clone()).await;
    assert_eq!(stopped.status, StatusCode::OK, "{}", stopped.text());
    assert_eq!(stopped.json()["messages_on"], false);
    assert_eq!(
        count(&state, "message_outbox"),
        0,
        "the pending message is gone"
    );
    // Asked twice, one audit entry.
    assert_eq!(stop(secret).await.status, StatusCode::OK);
    assert_eq!(
        count(
            &state,
            "audit_log WHERE action = 'report.messages_stopped' AND detail NOT LIKE '%138%'"
        ),
        1
    );

    let fixed = json!({"status": "fixed", "note": "", "public": true});
    change(&state, &cookie, &id, fixed).await;
    assert_eq!(deliver_due(&state).await.unwrap(), Round::default());
    assert!(receiver.received().is_empty());
}

/// A 4xx other than 408 and 429 is the gateway saying no for good: not retried, its status kept.
#[tokio::test]
async fn a_refusal_is_a_permanent_failure_with_its_reason() {
    let Case {
        receiver,
        state,
        cookie,
        id,
        s: _server,
        _dir,
        ..
    } = case(400).await;
    let public = json!({"status": "in_progress", "note": "", "public": true});
    change(&state, &cookie, &id, public).await;
    assert_eq!(deliver_due(&state).await.unwrap().failed, 1);
    assert_eq!(deliver_due(&state).await.unwrap(), Round::default());
    assert_eq!(receiver.received().len(), 1, "tried once");
    let failed = &outbox(&state)[0];
    assert!(failed.failed_at.is_some(), "marked failed");
    let reason = failed.last_error.as_deref().unwrap();
    assert!(reason.contains("400"), "{reason}");
}

/// A phone number erased before its message went out is never sent to.
#[tokio::test]
async fn an_erased_phone_number_is_not_sent_to() {
    let Case {
        receiver,
        state,
        cookie,
        id,
        secret,
        s: _server,
        _dir,
    } = case(200).await;
    let public = json!({"status": "in_progress", "note": "", "public": true});
    change(&state, &cookie, &id, public).await;
    let erased = post_json(
        &state,
        &format!("/api/v1/requests/{id}/phone/erase"),
        json!({}),
        &[("x-tracking-secret", &secret)],
    )
    .await;
    assert_eq!(erased.status, StatusCode::OK, "{}", erased.text());
    assert_eq!(deliver_due(&state).await.unwrap().dropped, 1);
    assert!(receiver.received().is_empty());
    assert_eq!(count(&state, "message_outbox"), 0);
}
