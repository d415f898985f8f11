//! The real `linli-server` process on loopback, for what only a process shows: clients that
//! stall, SIGTERM, and the key file beside the database.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Longer than any wait below needs on a loaded machine: reaching it means the server did not do
/// what it should, and the test fails instead of hanging.
const GUARD: Duration = Duration::from_secs(30);

struct Running {
    child: KilledOnDrop,
    address: String,
    /// The server's output and log lines, as they come.
    log: mpsc::Receiver<String>,
}

/// A server process that is ended when the test ends, however it ends.
struct KilledOnDrop(Child);

impl Drop for KilledOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A folder with a database holding the sample (`init --sample`) and a minimal built SPA beside
/// it.
fn deployment() -> tempfile::TempDir {
    let dir = empty_deployment();
    let loaded = linli(dir.path(), &["init", "--sample"]);
    assert!(loaded.status.success(), "{loaded:?}");
    dir
}

/// `linli-server --db <dir>/linli.sqlite <args>`, run to its end.
fn linli(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_linli-server"))
        .arg("--db")
        .arg(db_path(dir))
        .args(args)
        .env("LINLI_ADMIN_PASSWORD", "process-test-password")
        .output()
        .unwrap()
}

/// `add-user` of a committee member `clerk` of 北苑家园, as an operator runs it.
fn add_clerk(dir: &Path) {
    let added = Command::new(env!("CARGO_BIN_EXE_linli-server"))
        .arg("--db")
        .arg(db_path(dir))
        .args([
            "add-user",
            "--username",
            "clerk",
            "--community",
            "beiyuan-jiayuan",
        ])
        .env("LINLI_NEW_USER_PASSWORD", "clerk-password-1")
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
}

/// A folder with a minimal built SPA and no database yet.
fn empty_deployment() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html><head><script type=\"module\">start()</script></head></html>",
    )
    .unwrap();
    dir
}

fn command(dir: &Path, serve_flags: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_linli-server"));
    command
        .arg("--db")
        .arg(dir.join("linli.sqlite"))
        .arg("--dist")
        .arg(dir.join("dist"))
        .args(["serve", "--port", "0"])
        .args(serve_flags)
        .env("LINLI_ADMIN_PASSWORD", "process-test-password")
        .env_remove("LINLI_LOG")
        .env_remove("LINLI_SAMPLE_IF_EMPTY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Starts the server and waits until it prints where it listens.
fn start(dir: &Path, serve_flags: &[&str]) -> Running {
    start_command(command(dir, serve_flags))
}

/// Starts a prepared server command and waits until it prints where it listens.
fn start_command(mut command: Command) -> Running {
    let mut child = command.spawn().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (log_tx, log) = mpsc::channel();
    let stderr_log = log_tx.clone();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = stderr_log.send(line);
        }
    });
    let (address_tx, address) = mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if let Some(url) = line.trim().strip_prefix("Residents 居民:") {
                let url = url
                    .trim()
                    .trim_start_matches("http://")
                    .trim_end_matches('/');
                let _ = address_tx.send(url.to_owned());
            }
            let _ = log_tx.send(line);
        }
    });
    let address = address
        .recv_timeout(GUARD)
        .expect("the server printed its address");
    Running {
        child: KilledOnDrop(child),
        address,
        log,
    }
}

fn wait_for_exit(child: &mut Child) -> Option<ExitStatus> {
    let started = Instant::now();
    while started.elapsed() < GUARD {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn connect(server: &Running) -> TcpStream {
    let stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(GUARD)).unwrap();
    stream
}

/// Reads until the server closes the connection. A read that times out (the server kept the
/// connection open for all of [`GUARD`]) fails the test.
fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(error) => panic!(
                "the server kept a stalled connection open ({error}); so far: {}",
                String::from_utf8_lossy(&answer)
            ),
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

fn db_path(dir: &Path) -> PathBuf {
    dir.join("linli.sqlite")
}

/// The SPA's public Open311 key, as `meta.json` hands it out.
fn client_api_key(server: &Running) -> String {
    let mut meta = connect(server);
    meta.write_all(b"GET /api/v1/meta.json HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\r\n")
        .unwrap();
    let meta = read_until_closed(&mut meta);
    meta.split("\"client_api_key\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("meta.json names the SPA's key")
        .to_owned()
}

/// Files a report with a phone number (sealed under the key) and returns the server's answer.
fn file_report_with_phone(server: &Running) -> String {
    let body = format!(
        "api_key={}&service_code=other&lat=39.9&long=116.6&description=report&phone=13800138000",
        client_api_key(server)
    );
    let mut stream = connect(server);
    write!(
        stream,
        "POST /open311/v2/requests.json HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    read_until_closed(&mut stream)
}

/// Issue #23: a connection that sent part of its headers stayed open, with no answer, for as long
/// as the client liked.
#[test]
fn a_client_that_stalls_in_its_headers_is_hung_up_on() {
    let dir = deployment();
    let server = start(dir.path(), &["--client-timeout", "1"]);
    let mut stream = connect(&server);
    stream
        .write_all(b"GET /api/v1/meta.json HTTP/1.1\r\nHost: linli\r\nAccept: applic")
        .unwrap();
    let answer = read_until_closed(&mut stream);
    assert!(!answer.contains("200 OK"), "{answer}");
}

/// Issue #23: a request whose body stalled was never answered.
#[test]
fn a_client_that_stalls_in_its_body_gets_408_and_is_hung_up_on() {
    let dir = deployment();
    let server = start(dir.path(), &["--client-timeout", "1"]);
    let mut stream = connect(&server);
    stream
        .write_all(
            b"POST /open311/v2/requests.json HTTP/1.1\r\nHost: linli\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 400\r\n\r\n\
              service_code=other&descr",
        )
        .unwrap();
    let answer = read_until_closed(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // Open311's error array, with a sentence a person understands.
    assert!(answer.contains("\"code\":408"), "{answer}");
    assert!(answer.contains("too slowly"), "{answer}");
}

/// Issue #23: SIGTERM ended the process at once (only Ctrl-C was handled), cutting off requests
/// in flight. Now it stops taking connections, lets the request in flight finish and answer, and
/// exits cleanly with the WAL folded into the database.
#[test]
fn sigterm_lets_the_request_in_flight_finish_and_exits_cleanly() {
    let dir = deployment();
    let mut server = start(dir.path(), &["--client-timeout", "20"]);
    let key = client_api_key(&server);
    let body = format!(
        "api_key={key}&service_code=other&lat=39.9&long=116.6&description=%E5%81%9C%E6%9C%BA%E5%89%8D"
    );
    let (first_half, second_half) = body.split_at(body.len() / 2);
    let mut report = connect(&server);
    write!(
        report,
        "POST /open311/v2/requests.json HTTP/1.1\r\nHost: linli\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{first_half}",
        body.len()
    )
    .unwrap();
    report.flush().unwrap();
    // The request is in flight (its body half sent) when the signal comes.
    std::thread::sleep(Duration::from_millis(500));
    terminate(&server.child.0);
    let stopping = server
        .log
        .iter()
        .find(|line| line.contains("stopping"))
        .expect("the server says it is stopping");
    assert!(stopping.contains("in flight"), "{stopping}");
    report.write_all(second_half.as_bytes()).unwrap();
    let answer = read_until_closed(&mut report);
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let status = wait_for_exit(&mut server.child.0).expect("the server exits once it is done");
    assert!(status.success(), "{status:?}");
    let wal = std::fs::metadata(dir.path().join("linli.sqlite-wal")).map_or(0, |m| m.len());
    assert_eq!(wal, 0, "the WAL is checkpointed before exit");
    let stored: i64 = rusqlite::Connection::open(db_path(dir.path()))
        .unwrap()
        .query_row(
            "SELECT count(*) FROM service_requests WHERE description = '停机前'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 1);
}

/// Issue #27: at the default log level no request was logged. Each is now logged with its
/// method, path, status and time, and never its query string, where receipts travel.
#[test]
fn every_request_is_logged_at_the_default_level_without_its_query() {
    let dir = deployment();
    let server = start(dir.path(), &[]);
    let mut stream = connect(&server);
    stream
        .write_all(
            b"GET /api/v1/ballots.json?receipt=ABCD-EFGH-JKMN HTTP/1.1\r\nHost: linli\r\n\
              Connection: close\r\n\r\n",
        )
        .unwrap();
    assert!(read_until_closed(&mut stream).starts_with("HTTP/1.1 200"));
    let logged = server
        .log
        .iter()
        .find(|line| line.contains("/api/v1/ballots.json"))
        .expect("the request is logged");
    assert!(logged.contains("GET"), "{logged}");
    assert!(logged.contains("200"), "{logged}");
    assert!(logged.contains("latency"), "{logged}");
    assert!(!logged.contains("ABCD-EFGH-JKMN"), "{logged}");
}

/// Issue #23: a database restored or moved without its key file was given a new key without a
/// word, and every phone number, tracking link and unspent voting code was lost with the old one.
#[test]
fn a_database_with_data_and_no_key_file_does_not_start() {
    let dir = deployment();
    // A database that holds only what needs no key (the sample, accounts) may get a new one:
    // `add-user` before the first `serve` creates such a database, and makes no key.
    add_clerk(dir.path());
    assert!(!dir.path().join("linli.key").exists());
    let mut first = start(dir.path(), &[]);
    assert!(file_report_with_phone(&first).starts_with("HTTP/1.1 201"));
    terminate(&first.child.0);
    assert!(wait_for_exit(&mut first.child.0).is_some_and(|s| s.success()));
    let key = dir.path().join("linli.key");
    let original_key = std::fs::read(&key).expect("the first run wrote the key");
    std::fs::remove_file(&key).unwrap();

    let mut refused = KilledOnDrop(command(dir.path(), &[]).spawn().unwrap());
    let status = wait_for_exit(&mut refused.0).expect("the server stops by itself");
    let mut message = String::new();
    refused
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut message)
        .unwrap();
    assert!(!status.success());
    assert!(message.contains("linli.key"), "{message}");
    assert!(message.contains("Restore"), "{message}");
    assert!(!key.exists(), "no new key is written in its place");

    // With the key restored it starts as before.
    std::fs::write(&key, &original_key).unwrap();
    let mut restored = start(dir.path(), &[]);
    terminate(&restored.child.0);
    assert!(wait_for_exit(&mut restored.child.0).is_some_and(|s| s.success()));
    assert_eq!(std::fs::read(&key).unwrap(), original_key);

    // Given up on for good, by choice: a new key, and the server starts.
    std::fs::remove_file(&key).unwrap();
    let _replaced = start(dir.path(), &["--replace-lost-key"]);
    assert_ne!(std::fs::read(&key).unwrap(), original_key);
}

/// The value of `"name":"…"` in a JSON answer.
fn json_text(answer: &str, name: &str) -> String {
    answer
        .split(&format!("\"{name}\":\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no {name} in {answer}"))
        .to_owned()
}

/// `rotate-key` refuses without a key file and while the server runs; with the server stopped it
/// re-encrypts the phone numbers, and the server started again reads them, and the resident's
/// tracking link still opens the report (and tells it the erasure setting).
#[test]
fn rotate_key_runs_only_with_the_server_stopped_and_links_still_work_after() {
    let dir = deployment();
    let key = dir.path().join("linli.key");
    let missing = linli(dir.path(), &["rotate-key"]);
    assert_eq!(missing.status.code(), Some(1), "{missing:?}");
    assert!(String::from_utf8_lossy(&missing.stderr).contains("is missing"));
    assert!(!key.exists(), "no key is made up");

    let mut first = start(dir.path(), &[]);
    let filed = file_report_with_phone(&first);
    let (id, secret) = (
        json_text(&filed, "service_request_id"),
        json_text(&filed, "tracking_secret"),
    );
    let running = linli(dir.path(), &["rotate-key"]);
    assert_eq!(running.status.code(), Some(1), "{running:?}");
    assert!(String::from_utf8_lossy(&running.stderr).contains("stop the server"));
    assert_eq!(
        std::fs::read(&key).unwrap().len(),
        32,
        "the key is untouched"
    );
    terminate(&first.child.0);
    assert!(wait_for_exit(&mut first.child.0).is_some_and(|s| s.success()));

    let rotated = linli(dir.path(), &["rotate-key"]);
    assert!(rotated.status.success(), "{rotated:?}");
    let said = String::from_utf8_lossy(&rotated.stdout);
    assert!(said.contains("re-encrypted 1 phone number"), "{said}");
    assert!(said.contains("backup"), "says to take a new backup: {said}");
    assert_eq!(std::fs::read(&key).unwrap().len(), 64);

    let again = start(dir.path(), &["--erase-phones-after-days", "30"]);
    let mut stream = connect(&again);
    write!(
        stream,
        "GET /api/v1/requests/{id}.json HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\
         X-Tracking-Secret: {secret}\r\n\r\n"
    )
    .unwrap();
    let tracked = read_until_closed(&mut stream);
    assert!(tracked.starts_with("HTTP/1.1 200"), "{tracked}");
    assert!(tracked.contains("138****8000"), "{tracked}");
    assert!(
        tracked.contains("\"phone_erased_after_days\":30"),
        "the setting reaches the page: {tracked}"
    );
}

/// Issue #27: failed voting-code attempts are counted by the address the server's socket saw:
/// once 127.0.0.1 has used up its attempts, 127.0.0.2 (loopback too) may still try.
#[test]
fn failed_code_attempts_are_counted_per_client_address() {
    let dir = deployment();
    let server = start(dir.path(), &[]);
    let never_issued = linli_core::voting_code::VotingCode::from_payload("23456789ABC")
        .unwrap()
        .grouped();
    let body = format!(r#"{{"code":"{never_issued}","selections":["p1"],"channel":"phone"}}"#);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let try_code_from = |local: [u8; 4]| -> String {
        let address: std::net::SocketAddr = server.address.parse().unwrap();
        let mut stream = runtime.block_on(async {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket
                .bind((std::net::Ipv4Addr::from(local), 0).into())
                .unwrap();
            socket.connect(address).await.unwrap().into_std().unwrap()
        });
        stream.set_nonblocking(false).unwrap();
        stream.set_read_timeout(Some(GUARD)).unwrap();
        write!(
            stream,
            "POST /api/v1/ballots/2026-beiyuan-autumn/votes HTTP/1.1\r\nHost: linli\r\n\
             Connection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        read_until_closed(&mut stream)
            .get(9..12)
            .unwrap_or("")
            .to_owned()
    };
    let statuses: Vec<String> = (0..linli_server::vote::attempts::PER_ADDRESS)
        .map(|_| try_code_from([127, 0, 0, 1]))
        .collect();
    assert!(statuses.iter().all(|s| s == "422"), "{statuses:?}");
    assert_eq!(try_code_from([127, 0, 0, 1]), "429");
    assert_eq!(
        try_code_from([127, 0, 0, 2]),
        "422",
        "another address is not held back"
    );
}

/// Issue #20: every empty database filled itself with the sample, so a deployment could not
/// start without it. Now the server refuses a database that serves no district and says how to
/// set one up; `init` sets up the district and nothing else, once.
#[test]
fn a_deployment_starts_empty_by_init_and_never_fills_itself_with_the_sample() {
    let dir = empty_deployment();
    let mut refused = KilledOnDrop(command(dir.path(), &[]).spawn().unwrap());
    let status = wait_for_exit(&mut refused.0).expect("the server stops by itself");
    assert!(!status.success());
    let mut message = String::new();
    refused
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut message)
        .unwrap();
    assert!(message.contains("init --district"), "{message}");
    assert!(message.contains("init --sample"), "{message}");

    let other = linli(
        dir.path(),
        &[
            "init",
            "--district",
            "110105",
            "--name-zh",
            "朝阳区",
            "--name-en",
            "Chaoyang",
        ],
    );
    assert!(!other.status.success());
    assert!(
        String::from_utf8_lossy(&other.stderr).contains("--bounds"),
        "{other:?}"
    );

    let tongzhou = [
        "init",
        "--district",
        "110112",
        "--name-zh",
        "通州区",
        "--name-en",
        "Tongzhou District",
    ];
    let init = linli(dir.path(), &tongzhou);
    assert!(init.status.success(), "{init:?}");
    let said = String::from_utf8_lossy(&init.stdout);
    assert!(said.contains("username: admin"), "{said}");
    let again = linli(dir.path(), &tongzhou);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already set up"),
        "{again:?}"
    );
    let sample = linli(dir.path(), &["init", "--sample"]);
    assert!(!sample.status.success(), "{sample:?}");

    let server = start(dir.path(), &[]);
    let mut stream = connect(&server);
    stream
        .write_all(
            b"GET /api/v1/communities.json HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let answer = read_until_closed(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.ends_with(r#"{"sample_data":false,"communities":[]}"#),
        "{answer}"
    );
}

/// `./linli run`, the end-to-end tests and the fault scripts ask for the sample with
/// `LINLI_SAMPLE_IF_EMPTY=1`, the way shell scripts write a yes; `0` still means no.
#[test]
fn the_sample_is_asked_for_from_the_environment_as_scripts_write_it() {
    let communities = |server: &Running| {
        let mut stream = connect(server);
        stream
            .write_all(
                b"GET /api/v1/communities.json HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\r\n",
            )
            .unwrap();
        read_until_closed(&mut stream)
    };
    let asked = empty_deployment();
    let mut with_sample = command(asked.path(), &[]);
    with_sample.env("LINLI_SAMPLE_IF_EMPTY", "1");
    let server = start_command(with_sample);
    let answer = communities(&server);
    assert!(answer.contains(r#""sample_data":true"#), "{answer}");
    assert!(answer.contains("beiyuan-jiayuan"), "{answer}");

    let declined = empty_deployment();
    let mut without = command(declined.path(), &[]);
    without.env("LINLI_SAMPLE_IF_EMPTY", "0");
    let mut refused = KilledOnDrop(without.spawn().unwrap());
    let status = wait_for_exit(&mut refused.0).expect("the server stops by itself");
    assert!(
        !status.success(),
        "an empty database with the sample declined is refused"
    );
}

/// `remove-sample` from the command line: the sample's rows go, the district and its account stay.
#[test]
fn remove_sample_empties_a_sample_database_in_one_command() {
    let dir = deployment();
    let removed = linli(dir.path(), &["remove-sample"]);
    assert!(removed.status.success(), "{removed:?}");
    let said = String::from_utf8_lossy(&removed.stdout);
    assert!(said.contains("components"), "{said}");
    assert!(said.contains("sample rows in one transaction"), "{said}");
    let again = linli(dir.path(), &["remove-sample"]);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("nothing removed"),
        "{again:?}"
    );
    let server = start(dir.path(), &[]);
    let mut stream = connect(&server);
    stream
        .write_all(b"GET /api/v1/meta.json HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\r\n")
        .unwrap();
    let answer = read_until_closed(&mut stream);
    assert!(answer.contains(r#""sample_data":false"#), "{answer}");
    assert!(answer.contains(r#""district_code":"110112""#), "{answer}");
}

/// Issue #20's "done when", from the command line alone: `init`, the imports in the order the
/// README gives, the walking network from the real extract, then `serve`, and Linli answers with
/// the district's own places and no sample row. The extract at hand is Helsinki's, so this test
/// district's extent is Helsinki's centre.
#[test]
fn a_district_set_up_from_the_command_line_alone_serves_its_own_places() {
    let dir = empty_deployment();
    let at = |name: &str| dir.path().join(name);
    let run = |args: &[&str]| {
        let out = linli(dir.path(), args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&[
        "init",
        "--district",
        "110112",
        "--name-zh",
        "测试区",
        "--name-en",
        "Test district",
        "--bounds",
        "24.93,60.16,24.96,60.18",
    ]);
    std::fs::write(
        at("streets.csv"),
        "id,name_zh,name_en\n110112001,测试街道,Test street\n",
    )
    .unwrap();
    let boundary = r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"id": "110112001001", "street": "测试街道", "name_zh": "测试社区", "name_en": "Test community"},
        "geometry": {"type": "Polygon", "coordinates": [[[24.940, 60.166], [24.950, 60.166], [24.950, 60.175], [24.940, 60.175], [24.940, 60.166]]]}}]}"#;
    std::fs::write(at("communities.geojson"), boundary).unwrap();
    std::fs::write(
        at("units.csv"),
        "编号,单位名称,联系电话,部件类别,负责社区\nlights,测试照明所,010-89521846,0110,测试社区\n",
    )
    .unwrap();
    let components = "部件编码,名称,社区,养护单位,纬度,经度\r\n1101120110000001,测试路灯,测试社区,测试照明所,60.170,24.945\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(components);
    std::fs::write(at("components.csv"), &gbk).unwrap();
    std::fs::write(at("buildings.csv"), "code,name,community,households,lat,lon\n1101120501000001,1号楼,110112001001,80,60.171,24.946\n").unwrap();
    for (kind, file) in [
        ("streets", "streets.csv"),
        ("communities", "communities.geojson"),
        ("units", "units.csv"),
        ("components", "components.csv"),
        ("buildings", "buildings.csv"),
    ] {
        let path = at(file).display().to_string();
        let dry = run(&["import", "--kind", kind, &path]);
        assert!(
            dry.contains("add 1") && dry.contains("dry run"),
            "{kind}: {dry}"
        );
        let stored = run(&["import", "--kind", kind, "--apply", &path]);
        assert!(
            stored.contains("stored, in one transaction"),
            "{kind}: {stored}"
        );
    }
    let extract = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/osm/Helsinki.osm.pbf"
    );
    let walking = run(&[
        "import-walking",
        "--community",
        "110112001001",
        "--apply",
        extract,
    ]);
    assert!(
        walking.contains("cut by its boundary") && walking.contains("stored"),
        "{walking}"
    );
    let exported = at("components-out.xlsx").display().to_string();
    assert!(run(&["export-data", "--kind", "components", &exported]).contains("wrote"));
    let again = run(&["import", "--kind", "components", "--apply", &exported]);
    assert!(again.contains("leave 1"), "{again}");

    let server = start(dir.path(), &[]);
    let get = |path: &str| {
        let mut stream = connect(&server);
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        read_until_closed(&mut stream)
    };
    let component = get("/api/v1/components/1101120110000001.json");
    assert!(component.starts_with("HTTP/1.1 200"), "{component}");
    assert!(
        component.contains("测试照明所") && component.contains(r#""sample_data":false"#),
        "{component}"
    );
    let communities = get("/api/v1/communities.json");
    assert!(
        communities.contains(r#""sample_data":false"#) && communities.contains("测试社区"),
        "{communities}"
    );
    let graph = get("/api/v1/walking-graphs/110112001001.json");
    assert!(
        graph.starts_with("HTTP/1.1 200") && graph.contains(r#""edges":[["#),
        "{}",
        &graph[..200.min(graph.len())]
    );
}

/// Issue #24: `audit-verify` vouches for an untouched trail and names the first entry someone
/// changed behind the server's back (with the append-only triggers dropped, as the file's
/// holder can).
#[test]
fn audit_verify_finds_an_entry_changed_in_the_file() {
    let dir = deployment();
    add_clerk(dir.path());
    let intact = linli(dir.path(), &["audit-verify"]);
    let said = String::from_utf8_lossy(&intact.stdout);
    assert!(intact.status.success(), "{intact:?}");
    assert!(said.contains("intact: 1 entry,"), "{said}");

    let c = rusqlite::Connection::open(db_path(dir.path())).unwrap();
    c.execute_batch(
        "DROP TRIGGER audit_log_is_append_only_update;
         UPDATE audit_log SET actor = 'someone else' WHERE seq = 1;",
    )
    .unwrap();
    drop(c);
    let broken = linli(dir.path(), &["audit-verify"]);
    let said = String::from_utf8_lossy(&broken.stderr);
    assert!(!broken.status.success(), "{broken:?}");
    assert!(said.contains("broken at entry 1"), "{said}");
}

/// Issue #24: a sign-in from one address past its limit is 429; with a trusted proxy's header
/// set, the address is the one the proxy passed on (the last in X-Forwarded-For), and without
/// it the header is ignored, so a client cannot pick an address of its own.
#[test]
fn sign_ins_are_limited_per_address_as_the_trusted_proxy_passes_it() {
    let sign_in = |server: &Running, forwarded: &str| -> String {
        let body = r#"{"username":"nobody","password":"wrong-password"}"#;
        let mut stream = connect(server);
        write!(
            stream,
            "POST /api/v1/session/login HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\
             X-Forwarded-For: {forwarded}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        read_until_closed(&mut stream)
            .get(9..12)
            .unwrap_or("")
            .to_owned()
    };
    let dir = deployment();
    let limits = [
        "--limit-sign-in",
        "2/1h",
        "--limit-sign-in-account",
        "100/1h",
    ];
    let mut behind_proxy = limits.to_vec();
    behind_proxy.extend(["--trusted-proxy-header", "X-Forwarded-For"]);
    let proxied = start(dir.path(), &behind_proxy);
    // The client claims 192.0.2.1; the proxy appends what it saw.
    for _ in 0..2 {
        assert_eq!(sign_in(&proxied, "192.0.2.1, 203.0.113.7"), "422");
    }
    assert_eq!(sign_in(&proxied, "192.0.2.99, 203.0.113.7"), "429");
    assert_eq!(
        sign_in(&proxied, "203.0.113.8"),
        "422",
        "another client behind the proxy"
    );
    drop(proxied);

    let direct = start(dir.path(), &limits);
    assert_eq!(sign_in(&direct, "203.0.113.1"), "422");
    assert_eq!(sign_in(&direct, "203.0.113.2"), "422");
    assert_eq!(
        sign_in(&direct, "203.0.113.3"),
        "429",
        "without the setting the header names nobody"
    );
}

/// `GET path` on a connection of its own; the whole answer.
fn get_text(server: &Running, path: &str) -> String {
    let mut stream = connect(server);
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    read_until_closed(&mut stream)
}

/// Issue #24: SIGTERM while 50 clients cast votes. Every vote the server acknowledged is in the
/// database afterwards, no request it answered got anything but 201 (no 5xx while stopping),
/// and the WAL is folded into the database file before the process ends.
#[test]
fn sigterm_during_vote_load_loses_no_acknowledged_vote_and_answers_no_5xx() {
    let dir = deployment();
    let mut server = start(dir.path(), &[]);
    let record = dir.path().join("record.txt");
    let load = Command::new(env!("CARGO_BIN_EXE_ingest-bench"))
        .args(["load", "--addr", &server.address, "--ballot", "stopped"])
        .args(["--clients", "50", "--votes", "3000", "--record"])
        .arg(&record)
        .env("LINLI_ADMIN_PASSWORD", "process-test-password")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The signal comes once a fair share of the votes are in, while the clients still send.
    let started = Instant::now();
    loop {
        let turnout = get_text(&server, "/api/v1/ballots/stopped/turnout.json");
        let spent: u64 = turnout
            .split("\"codes_spent\":")
            .nth(1)
            .and_then(|rest| rest.split([',', '}']).next())
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0);
        if spent >= 500 {
            break;
        }
        assert!(started.elapsed() < GUARD * 4, "the load never got going");
        std::thread::sleep(Duration::from_millis(20));
    }
    terminate(&server.child.0);
    let status = wait_for_exit(&mut server.child.0).expect("the server exits once it is done");
    assert!(status.success(), "{status:?}");
    let load = load.wait_with_output().unwrap();
    let summary = String::from_utf8_lossy(&load.stdout).into_owned();
    println!("{summary}");
    let record = std::fs::read_to_string(&record).unwrap();
    let lines = |kind: &str| -> Vec<Vec<&str>> {
        record
            .lines()
            .map(|l| l.split(' ').collect::<Vec<_>>())
            .filter(|fields| fields[0] == kind)
            .collect()
    };
    let refused = lines("refused");
    assert!(
        refused.is_empty(),
        "answered other than 201: {:?}",
        &refused[..refused.len().min(5)]
    );
    assert!(
        !lines("unsent").is_empty() || !lines("unknown").is_empty(),
        "the load had finished before the signal: nothing was tested ({summary})"
    );
    let wal = std::fs::metadata(dir.path().join("linli.sqlite-wal")).map_or(0, |m| m.len());
    assert_eq!(wal, 0, "the WAL is checkpointed before exit");
    let db = rusqlite::Connection::open(db_path(dir.path())).unwrap();
    let accepted = lines("accepted");
    assert!(!accepted.is_empty());
    let mut lost = Vec::new();
    for fields in &accepted {
        let stored: i64 = db
            .query_row(
                "SELECT count(*) FROM votes WHERE ballot_id = 'stopped' AND receipt = ?1",
                [fields[2]],
                |r| r.get(0),
            )
            .unwrap();
        if stored != 1 {
            lost.push(fields[2]);
        }
    }
    assert!(lost.is_empty(), "acknowledged, then lost: {lost:?}");
    let (votes, spent): (usize, usize) = db
        .query_row(
            "SELECT (SELECT count(*) FROM votes WHERE ballot_id = 'stopped'),
                    (SELECT count(*) FROM voting_codes WHERE ballot_id = 'stopped' AND spent_at IS NOT NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(votes, spent, "every spent code has its vote");
    assert!(votes <= accepted.len() + lines("unknown").len());
}

/// `backup` and `restore` work on files and never create or migrate the database at `--db`
/// first: a restore into a new place succeeds, a backup of a mistyped path makes nothing.
#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = deployment();
    let out = dir.path().join("backup.sqlite");
    let made = linli(dir.path(), &["backup", "--out", out.to_str().unwrap()]);
    assert!(made.status.success(), "{made:?}");
    let said = String::from_utf8_lossy(&made.stdout);
    assert!(
        said.contains("bytes") && said.contains("linli.key"),
        "{said}"
    );
    let again = linli(dir.path(), &["backup", "--out", out.to_str().unwrap()]);
    assert!(!again.status.success());
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("already exists"), "{said}");
    let elsewhere = tempfile::tempdir().unwrap();
    let restored = linli(
        elsewhere.path(),
        &["restore", "--from", out.to_str().unwrap()],
    );
    assert!(restored.status.success(), "{restored:?}");
    let said = String::from_utf8_lossy(&restored.stdout);
    assert!(said.contains("linli.key"), "the key file is named: {said}");
    let twice = linli(
        elsewhere.path(),
        &["restore", "--from", out.to_str().unwrap()],
    );
    assert!(!twice.status.success());
    assert!(String::from_utf8_lossy(&twice.stderr).contains("--force"));
    let nowhere = tempfile::tempdir().unwrap();
    let missing = linli(nowhere.path(), &["backup", "--out", out.to_str().unwrap()]);
    assert!(!missing.status.success());
    assert!(!db_path(nowhere.path()).exists(), "no database was created");
}

/// A server with `--backup-dir` and no recent backup there writes one at once, then keeps only
/// the newest `--backup-keep`; files that are not its own are left alone.
#[test]
fn a_scheduled_backup_is_written_when_due_and_only_the_newest_are_kept() {
    let dir = deployment();
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let two_days_ago = std::time::SystemTime::now() - Duration::from_secs(2 * 24 * 3600);
    for name in [
        "linli-20260101T030000Z.sqlite",
        "linli-20260102T030000Z.sqlite",
        "linli-20260103T030000Z.sqlite",
        "notes.txt",
    ] {
        let file = std::fs::File::create(backups.join(name)).unwrap();
        file.set_modified(two_days_ago).unwrap();
    }
    let server = start(
        dir.path(),
        &[
            "--backup-dir",
            backups.to_str().unwrap(),
            "--backup-every",
            "24",
            "--backup-keep",
            "2",
        ],
    );
    let written = server
        .log
        .iter()
        .find(|line| line.contains("scheduled backup written") || line.contains("backup failed"))
        .expect("the server logs its scheduled backup");
    assert!(written.contains("written"), "{written}");
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(names[0], "linli-20260103T030000Z.sqlite");
    assert_eq!(names[2], "notes.txt");
    let newest = backups.join(&names[1]);
    let integrity: String = rusqlite::Connection::open(&newest)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}

/// Metrics are off unless a token is set; from the environment, they need it.
#[test]
fn metrics_are_served_only_with_a_token_set_and_sent() {
    let dir = deployment();
    let off = start(dir.path(), &[]);
    assert!(get_text(&off, "/metrics").starts_with("HTTP/1.1 404"));
    drop(off);
    let mut command = command(dir.path(), &[]);
    command.env("LINLI_METRICS_TOKEN", "process-metrics-token");
    let on = start_command(command);
    assert!(get_text(&on, "/metrics").starts_with("HTTP/1.1 401"));
    // A report written is counted.
    assert!(file_report_with_phone(&on).starts_with("HTTP/1.1 201"));
    let mut stream = connect(&on);
    stream
        .write_all(
            b"GET /metrics HTTP/1.1\r\nHost: linli\r\nConnection: close\r\n\
              Authorization: Bearer process-metrics-token\r\n\r\n",
        )
        .unwrap();
    let answer = read_until_closed(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("linli_database_bytes"), "{answer}");
    assert!(answer.contains("linli_reports_written_total 1"), "{answer}");
}
