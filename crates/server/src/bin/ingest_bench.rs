//! Durable vote ingest, measured and checked from outside the server (issue #7).
//!
//! - `load`: signs in as the district account, defines and opens a ballot, makes real voting
//!   codes, then casts them from N concurrent keep-alive HTTP/1.1 clients on loopback. Prints
//!   votes/s and latency percentiles, and writes every code with its outcome to a record file
//!   (`accepted CODE RECEIPT PROJECT MICROS`, MICROS being when the answer arrived, in
//!   microseconds since 1970, to compare with when a backup began; `refused CODE STATUS`;
//!   `unknown CODE PROJECT` when the connection died before an answer — the server was killed).
//! - `raw`: the physical limit for the same writes: the server's own `Db::open` (WAL,
//!   `synchronous = FULL`, the same pool), one `BEGIN IMMEDIATE` transaction per vote with the
//!   same UPDATE of the code and INSERT of the vote, one after another.
//! - `verify`: after a restart, checks a record against the server: every accepted vote is
//!   there under its receipt with its selection, no accepted code can vote again, and the
//!   results' totals equal the accepted votes (plus at most the unanswered ones).
//!
//! - `mix`: reads and writes from a list (`GROUP<TAB>METHOD<TAB>PATH[<TAB>JSON BODY]` a line),
//!   sent in turn from N concurrent keep-alive clients, optionally all signed in as the
//!   district account (one sign-in, its cookie shared). Prints one JSON line per group: count,
//!   answers that were not 2xx, p50, p99, mean body bytes. `scripts/scale-bench.sh` uses it
//!   for the resident and committee documents at district scale.
//!
//! Used by `scripts/bench.sh`, `scripts/scale-bench.sh` and `scripts/faults.sh` (`target/release/ingest-bench --help`).

use std::collections::HashMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use rusqlite::TransactionBehavior;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const COMMUNITY: &str = "beiyuan-jiayuan";
/// The two projects votes alternate between, so per-project totals can be checked.
const PROJECTS: [&str; 2] = ["p1", "p2"];

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Load {
        #[arg(long)]
        addr: SocketAddr,
        #[arg(long, env = "LINLI_ADMIN_PASSWORD")]
        password: String,
        #[arg(long, default_value = "ingest")]
        ballot: String,
        /// The community the ballot is defined for.
        #[arg(long, default_value = COMMUNITY)]
        community: String,
        #[arg(long, default_value_t = 200)]
        clients: usize,
        #[arg(long, default_value_t = 4000)]
        votes: usize,
        /// Where to write each code's outcome.
        #[arg(long)]
        record: PathBuf,
        /// Print one JSON line of figures instead of sentences.
        #[arg(long)]
        json: bool,
    },
    Mix {
        #[arg(long)]
        addr: SocketAddr,
        /// Sign in as the district account first (for committee documents).
        #[arg(long, env = "LINLI_ADMIN_PASSWORD")]
        password: Option<String>,
        /// The list of requests, sent in turn until --requests have been.
        #[arg(long)]
        list: PathBuf,
        #[arg(long, default_value_t = 200)]
        clients: usize,
        #[arg(long, default_value_t = 2000)]
        requests: usize,
    },
    Raw {
        /// A database made by the server (it holds the ballot `--ballot`); the server must be stopped.
        #[arg(long)]
        db: PathBuf,
        #[arg(long, default_value = "ingest")]
        ballot: String,
        #[arg(long, default_value_t = 4000)]
        votes: usize,
        #[arg(long)]
        json: bool,
    },
    Verify {
        #[arg(long)]
        addr: SocketAddr,
        #[arg(long, env = "LINLI_ADMIN_PASSWORD")]
        password: String,
        /// A second, named committee member of the ballot's community, who confirms the early
        /// close the first-run account asks for.
        #[arg(long)]
        second_member: String,
        #[arg(long, env = "LINLI_SECOND_MEMBER_PASSWORD")]
        second_password: String,
        #[arg(long, default_value = "ingest")]
        ballot: String,
        #[arg(long)]
        record: PathBuf,
    },
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Failure> {
    match Cli::parse().command {
        Command::Load {
            addr,
            password,
            ballot,
            community,
            clients,
            votes,
            record,
            json,
        } => {
            let ballot = (ballot.as_str(), community.as_str());
            load(addr, &password, ballot, clients, votes, &record, json).await
        }
        Command::Mix {
            addr,
            password,
            list,
            clients,
            requests,
        } => mix(addr, password.as_deref(), &list, clients, requests).await,
        Command::Raw {
            db,
            ballot,
            votes,
            json,
        } => raw(&db, &ballot, votes, json),
        Command::Verify {
            addr,
            password,
            second_member,
            second_password,
            ballot,
            record,
        } => {
            let second = (second_member.as_str(), second_password.as_str());
            verify(addr, &password, second, &ballot, &record).await
        }
    }
}

// ---- a small HTTP/1.1 keep-alive client (no client library is in the lock file) ----

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Client {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
    cookie: Option<String>,
}

impl Client {
    fn new(addr: SocketAddr) -> Client {
        Client {
            addr,
            stream: None,
            cookie: None,
        }
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> std::io::Result<Response> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(self.addr).await?;
            stream.set_nodelay(true)?;
            self.stream = Some(BufReader::new(stream));
        }
        let answer = self.exchange(method, path, body).await;
        if answer.is_err() {
            self.stream = None;
        }
        answer
    }

    async fn exchange(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> std::io::Result<Response> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if !body.is_empty() {
            head.push_str("Content-Type: application/json\r\n");
        }
        if let Some(cookie) = &self.cookie {
            head.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        head.push_str("\r\n");
        head.push_str(&body);
        let stream = self.stream.as_mut().expect("connected above");
        stream.get_mut().write_all(head.as_bytes()).await?;
        let mut line = String::new();
        if stream.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut headers = Vec::new();
        loop {
            line.clear();
            if stream.read_line(&mut line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                break;
            }
            if let Some((name, value)) = trimmed.split_once(':') {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
        let find = |name: &str| {
            headers
                .iter()
                .find(|(n, _): &&(String, String)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let mut body = Vec::new();
        if let Some(length) = find("content-length") {
            let length: usize = length.parse().map_err(std::io::Error::other)?;
            body.resize(length, 0);
            stream.read_exact(&mut body).await?;
        } else if find("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            loop {
                line.clear();
                stream.read_line(&mut line).await?;
                let size = usize::from_str_radix(line.trim(), 16).map_err(std::io::Error::other)?;
                let mut chunk = vec![0; size + 2];
                stream.read_exact(&mut chunk).await?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    async fn expect(
        &mut self,
        method: &str,
        path: &str,
        body: Value,
        status: u16,
    ) -> Result<Response, Failure> {
        let answer = self.send(method, path, Some(&body)).await?;
        if answer.status != status {
            return Err(format!(
                "{method} {path}: {} (wanted {status}): {}",
                answer.status,
                answer.text()
            )
            .into());
        }
        Ok(answer)
    }

    /// Signs in as the first-run account.
    async fn sign_in(&mut self, password: &str) -> Result<(), Failure> {
        self.sign_in_as("admin", password).await
    }

    async fn sign_in_as(&mut self, username: &str, password: &str) -> Result<(), Failure> {
        let answer = self
            .expect(
                "POST",
                "/api/v1/session/login",
                json!({"username": username, "password": password}),
                200,
            )
            .await?;
        let cookie = answer
            .header("set-cookie")
            .and_then(|c| c.split(';').next())
            .ok_or("no session cookie")?;
        self.cookie = Some(cookie.to_owned());
        Ok(())
    }
}

// ---- load ----

enum Outcome {
    Accepted {
        receipt: String,
        latency: Duration,
        at: std::time::SystemTime,
    },
    Refused(u16),
    Unknown,
}

/// `ballot` is the ballot's id and its community's.
async fn load(
    addr: SocketAddr,
    password: &str,
    (ballot, community): (&str, &str),
    clients: usize,
    votes: usize,
    record: &Path,
    as_json: bool,
) -> Result<(), Failure> {
    let mut admin = Client::new(addr);
    admin.sign_in(password).await?;
    let mut library = Vec::new();
    for (n, cost) in [100_000u64, 150_000].iter().enumerate() {
        let made = admin
            .expect(
                "POST",
                "/api/v1/admin/library",
                json!({"community_id": community, "title": format!("压测项目{n}"),
                    "summary": "压力测试", "theme": "绿色生态", "location": "北苑三街",
                    "cost_yuan": cost}),
                201,
            )
            .await?;
        library.push(made.json()["id"].clone());
    }
    admin
        .expect(
            "POST",
            "/api/v1/admin/ballots",
            json!({"id": ballot, "community_id": community, "title": "压测投票",
                "explanation": "压力测试", "kind": "budget", "budget_yuan": 200_000,
                "min_choices": 1, "max_choices": 2, "rule": "greedy",
                "opens_at": "2026-01-01T00:00:00+08:00", "closes_at": "2099-12-31T20:00:00+08:00",
                "library_projects": library, "electorate": votes}),
            201,
        )
        .await?;
    // Codes are made while the ballot is a draft, as a committee prints its sheets before the
    // vote opens; the ballot declares as many households as there are votes to cast.
    let mut codes: Vec<String> = Vec::with_capacity(votes);
    while codes.len() < votes {
        let count = (votes - codes.len()).min(5000);
        let made = admin
            .expect(
                "POST",
                &format!("/api/v1/admin/ballots/{ballot}/codes"),
                json!({ "count": count }),
                201,
            )
            .await?;
        for code in made.json()["codes"].as_array().ok_or("no codes")? {
            codes.push(code.as_str().ok_or("code")?.to_owned());
        }
    }
    admin
        .expect(
            "POST",
            &format!("/api/v1/admin/ballots/{ballot}/open"),
            json!({}),
            200,
        )
        .await?;
    let codes = Arc::new(codes);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let codes = codes.clone();
            let next = next.clone();
            let ballot = ballot.to_owned();
            tokio::spawn(async move {
                let mut client = Client::new(addr);
                let mut outcomes = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= codes.len() {
                        break;
                    }
                    let vote = json!({"code": codes[n], "selections": [PROJECTS[n % 2]],
                        "channel": "phone"});
                    let sent = Instant::now();
                    let outcome = match client
                        .send(
                            "POST",
                            &format!("/api/v1/ballots/{ballot}/votes"),
                            Some(&vote),
                        )
                        .await
                    {
                        Ok(answer) if answer.status == 201 => Outcome::Accepted {
                            receipt: answer.json()["receipt"].as_str().unwrap_or("").to_owned(),
                            latency: sent.elapsed(),
                            at: std::time::SystemTime::now(),
                        },
                        Ok(answer) => Outcome::Refused(answer.status),
                        Err(_) => Outcome::Unknown,
                    };
                    let dead = matches!(outcome, Outcome::Unknown);
                    outcomes.push((n, outcome));
                    if dead {
                        // The server went away: every later code of this client stays unsent.
                        break;
                    }
                }
                outcomes
            })
        })
        .collect();
    let mut outcomes = Vec::with_capacity(votes);
    for task in tasks {
        outcomes.extend(task.await?);
    }
    let elapsed = started.elapsed();
    let mut file = std::io::BufWriter::new(std::fs::File::create(record)?);
    let mut latencies = Vec::new();
    let (mut refused, mut unknown) = (0, 0);
    let mut sent = vec![false; codes.len()];
    for (n, outcome) in &outcomes {
        sent[*n] = true;
        match outcome {
            Outcome::Accepted {
                receipt,
                latency,
                at,
            } => {
                latencies.push(*latency);
                let micros = at.duration_since(std::time::UNIX_EPOCH)?.as_micros();
                writeln!(
                    file,
                    "accepted {} {receipt} {} {micros}",
                    codes[*n],
                    PROJECTS[n % 2]
                )?;
            }
            Outcome::Refused(status) => {
                refused += 1;
                writeln!(file, "refused {} {status}", codes[*n])?;
            }
            Outcome::Unknown => {
                unknown += 1;
                writeln!(file, "unknown {} {}", codes[*n], PROJECTS[n % 2])?;
            }
        }
    }
    for (n, was_sent) in sent.iter().enumerate() {
        if !was_sent {
            writeln!(file, "unsent {}", codes[n])?;
        }
    }
    file.flush()?;
    latencies.sort();
    let accepted = latencies.len();
    let rate = accepted as f64 / elapsed.as_secs_f64();
    let p50 = percentile(&latencies, 0.50);
    let p99 = percentile(&latencies, 0.99);
    if as_json {
        println!(
            "{}",
            json!({"accepted": accepted, "refused": refused, "unknown": unknown,
                "seconds": elapsed.as_secs_f64(), "votes_per_second": rate,
                "p50_ms": p50, "p99_ms": p99, "clients": clients})
        );
    } else {
        println!(
            "{accepted} votes accepted ({refused} refused, {unknown} unanswered) by {clients} clients in {:.2} s: {rate:.0} votes/s, p50 {p50:.1} ms, p99 {p99:.1} ms",
            elapsed.as_secs_f64()
        );
    }
    if refused > 0 {
        return Err(format!("{refused} fresh codes were refused").into());
    }
    Ok(())
}

// ---- mix ----

/// One line of the list.
struct Planned {
    group: String,
    method: String,
    path: String,
    body: Option<Value>,
}

async fn mix(
    addr: SocketAddr,
    password: Option<&str>,
    list: &Path,
    clients: usize,
    requests: usize,
) -> Result<(), Failure> {
    let mut planned = Vec::new();
    for line in std::fs::read_to_string(list)?.lines() {
        let mut fields = line.splitn(4, '\t');
        let (Some(group), Some(method), Some(path)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let body = match fields.next() {
            Some(text) if !text.is_empty() => Some(serde_json::from_str(text)?),
            _ => None,
        };
        planned.push(Planned {
            group: group.to_owned(),
            method: method.to_owned(),
            path: path.to_owned(),
            body,
        });
    }
    if planned.is_empty() {
        return Err(format!("{} lists no requests", list.display()).into());
    }
    let cookie = match password {
        Some(password) => {
            let mut admin = Client::new(addr);
            admin.sign_in(password).await?;
            admin.cookie
        }
        None => None,
    };
    let planned = Arc::new(planned);
    let next = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let planned = planned.clone();
            let next = next.clone();
            let cookie = cookie.clone();
            tokio::spawn(async move {
                let mut client = Client::new(addr);
                client.cookie = cookie;
                let mut answers = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= requests {
                        break;
                    }
                    let request = &planned[n % planned.len()];
                    let sent = Instant::now();
                    let answer = client
                        .send(&request.method, &request.path, request.body.as_ref())
                        .await;
                    let (status, bytes) = match answer {
                        Ok(answer) => (answer.status, answer.body.len()),
                        Err(_) => (0, 0),
                    };
                    answers.push((n % planned.len(), status, bytes, sent.elapsed()));
                }
                answers
            })
        })
        .collect();
    let mut groups: Vec<(String, Vec<Duration>, usize, usize)> = Vec::new();
    for task in tasks {
        for (index, status, bytes, latency) in task.await? {
            let group = &planned[index].group;
            let at = match groups.iter().position(|(g, ..)| g == group) {
                Some(at) => at,
                None => {
                    groups.push((group.clone(), Vec::new(), 0, 0));
                    groups.len() - 1
                }
            };
            let entry = &mut groups[at];
            entry.1.push(latency);
            entry.2 += usize::from(!(200..300).contains(&status));
            entry.3 += bytes;
        }
    }
    for (group, mut latencies, failed, bytes) in groups {
        latencies.sort();
        println!(
            "{}",
            json!({"group": group, "count": latencies.len(), "failed": failed,
                "p50_ms": percentile(&latencies, 0.50), "p99_ms": percentile(&latencies, 0.99),
                "mean_bytes": bytes / latencies.len().max(1), "clients": clients})
        );
    }
    Ok(())
}

fn percentile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index].as_secs_f64() * 1000.0
}

// ---- raw ----

fn raw(db: &Path, ballot: &str, votes: usize, as_json: bool) -> Result<(), Failure> {
    let db = linli_server::Db::open(db)?;
    let ballot = ballot.to_owned();
    let seconds = db
        .run_blocking(move |c| {
            let to_app = linli_server::AppError::internal;
            // Fresh codes, as the committee would have issued them (not timed).
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(to_app)?;
            for n in 0..votes {
                tx.execute(
                    "INSERT INTO voting_codes (code_hash, ballot_id, issued_at) VALUES (?1, ?2, ?3)",
                    rusqlite::params![format!("raw-{n:08}"), ballot, "2026-11-27T00:00:00+08:00"],
                )
                .map_err(to_app)?;
            }
            tx.commit().map_err(to_app)?;
            let started = Instant::now();
            for n in 0..votes {
                let tx = c
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(to_app)?;
                let spent = tx
                    .execute(
                        "UPDATE voting_codes SET spent_at = ?1, spent_channel = ?2
                         WHERE code_hash = ?3 AND ballot_id = ?4 AND spent_at IS NULL",
                        rusqlite::params![
                            "2026-11-27T12:00:00+08:00",
                            "phone",
                            format!("raw-{n:08}"),
                            ballot
                        ],
                    )
                    .map_err(to_app)?;
                assert_eq!(spent, 1);
                tx.execute(
                    "INSERT INTO votes (receipt, ballot_id, channel, selections) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![format!("RAW{n:09}"), ballot, "phone", PROJECTS[n % 2]],
                )
                .map_err(to_app)?;
                tx.commit().map_err(to_app)?;
            }
            Ok(started.elapsed().as_secs_f64())
        })
        .map_err(|e| format!("{e:?}"))?;
    let rate = votes as f64 / seconds;
    if as_json {
        println!(
            "{}",
            json!({"votes": votes, "seconds": seconds, "votes_per_second": rate})
        );
    } else {
        println!(
            "{votes} raw vote transactions (WAL, synchronous=FULL) in {seconds:.2} s: {rate:.0}/s"
        );
    }
    Ok(())
}

// ---- verify ----

async fn verify(
    addr: SocketAddr,
    password: &str,
    (second_member, second_password): (&str, &str),
    ballot: &str,
    record: &Path,
) -> Result<(), Failure> {
    let text = std::fs::read_to_string(record)?;
    let mut accepted: Vec<(String, String, String)> = Vec::new();
    let mut unknown: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        match fields[..] {
            ["accepted", code, receipt, project] | ["accepted", code, receipt, project, _] => {
                accepted.push((code.into(), receipt.into(), project.into()))
            }
            ["unknown", code, project] => unknown.push((code.into(), project.into())),
            ["unsent", _] => {}
            _ => return Err(format!("the record has a line that is not expected: {line}").into()),
        }
    }
    let mut problems: Vec<String> = Vec::new();
    let mut admin = Client::new(addr);
    admin.sign_in(password).await?;

    // No accepted code votes a second time (sent as a phone vote: a kiosk vote would be refused
    // earlier, for want of a paired kiosk's token, and prove nothing about the code).
    let mut client = Client::new(addr);
    for (code, _, project) in &accepted {
        let again = client
            .send(
                "POST",
                &format!("/api/v1/ballots/{ballot}/votes"),
                Some(&json!({"code": code, "selections": [project], "channel": "phone"})),
            )
            .await?;
        if again.status != 409 {
            problems.push(format!(
                "an accepted code voted again: {} {}",
                again.status,
                again.text()
            ));
        }
    }
    let turnout = client
        .send(
            "GET",
            &format!("/api/v1/ballots/{ballot}/turnout.json"),
            None,
        )
        .await?
        .json();
    let spent = turnout["codes_spent"].as_u64().unwrap_or(0) as usize;
    if spent < accepted.len() || spent > accepted.len() + unknown.len() {
        problems.push(format!(
            "codes spent {spent}, but {} votes were accepted and {} unanswered",
            accepted.len(),
            unknown.len()
        ));
    }

    // Close early, as two members do, then every accepted receipt is published as counted (what
    // each chose is not published with it; the per-project totals below account for every vote).
    admin
        .expect(
            "POST",
            &format!("/api/v1/admin/ballots/{ballot}/close"),
            json!({}),
            202,
        )
        .await?;
    let mut second = Client::new(addr);
    second.sign_in_as(second_member, second_password).await?;
    second
        .expect(
            "POST",
            &format!("/api/v1/admin/ballots/{ballot}/close"),
            json!({}),
            200,
        )
        .await?;
    for (_, receipt, _) in &accepted {
        let published = client
            .send(
                "GET",
                &format!("/api/v1/ballots/{ballot}/receipts/{receipt}.json"),
                None,
            )
            .await?;
        if published.status != 200 {
            problems.push(format!(
                "receipt {receipt}: {} {}",
                published.status,
                published.text()
            ));
        }
    }
    let results = client
        .send(
            "GET",
            &format!("/api/v1/ballots/{ballot}/results.json"),
            None,
        )
        .await?
        .json();
    let mut scores: HashMap<String, usize> = HashMap::new();
    for project in results["projects"].as_array().ok_or("no results")? {
        scores.insert(
            project["id"].as_str().unwrap_or("").to_owned(),
            project["score"].as_u64().unwrap_or(0) as usize,
        );
    }
    let mut total = 0;
    for project in PROJECTS {
        let sure = accepted.iter().filter(|(_, _, p)| p == project).count();
        let maybe = unknown.iter().filter(|(_, p)| p == project).count();
        let score = scores.get(project).copied().unwrap_or(0);
        total += score;
        if score < sure || score > sure + maybe {
            problems.push(format!(
                "{project}: {score} votes counted, {sure} accepted, {maybe} unanswered"
            ));
        }
    }
    if total != spent {
        problems.push(format!(
            "results count {total} votes but {spent} codes are spent"
        ));
    }
    println!(
        "{} accepted votes all counted under their receipts; {} unanswered (or answered after a backup began), of which {} were stored; {} accepted codes re-sent, all refused (409); totals {} = codes spent {}",
        accepted.len(),
        unknown.len(),
        spent.saturating_sub(accepted.len()),
        accepted.len(),
        total,
        spent
    );
    if problems.is_empty() {
        Ok(())
    } else {
        for problem in problems.iter().take(20) {
            eprintln!("PROBLEM: {problem}");
        }
        Err(format!("{} problems", problems.len()).into())
    }
}
