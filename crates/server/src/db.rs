//! The SQLite store: a small connection pool over one database file in WAL mode, with the
//! schema migrated from the SQL files embedded in the binary.

use std::path::Path;
use std::sync::{Arc, Mutex};

use r2d2::{Pool, PooledConnection};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::error::AppError;

/// Each migration is one file; the list only ever grows.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_foundation.sql")),
    M::up(include_str!("../migrations/0002_reports.sql")),
    M::up(include_str!(
        "../migrations/0003_report_photos_and_supporters.sql"
    )),
    M::up(include_str!("../migrations/0004_votes.sql")),
    M::up(include_str!("../migrations/0005_open_polls.sql")),
    M::up(include_str!("../migrations/0006_kiosks.sql")),
    M::up(include_str!("../migrations/0007_idempotency_scope.sql")),
    M::up(include_str!("../migrations/0008_vote_resends.sql")),
    M::up(include_str!("../migrations/0009_ballot_events.sql")),
    M::up(include_str!("../migrations/0010_two_person_close.sql")),
    M::up(include_str!("../migrations/0011_electorate.sql")),
    M::up(include_str!("../migrations/0012_code_requests.sql")),
    M::up(include_str!("../migrations/0013_paper_double_entry.sql")),
    M::up(include_str!("../migrations/0014_district_places.sql")),
    M::up(include_str!("../migrations/0015_audit_log.sql")),
    M::up(include_str!("../migrations/0016_session_idle.sql")),
    M::up(include_str!("../migrations/0017_moderation.sql")),
    M::up(include_str!("../migrations/0018_duplicates.sql")),
    M::up(include_str!("../migrations/0019_message_outbox.sql")),
    M::up(include_str!(
        "../migrations/0020_district_scale_indexes.sql"
    )),
    M::up(include_str!("../migrations/0021_community_ballots.sql")),
    M::up(include_str!(
        "../migrations/0022_district_counts_indexes.sql"
    )),
    M::up(include_str!("../migrations/0023_case_forwarding.sql")),
];

/// The schema version a database has once migrated (SQLite's `user_version`).
pub(crate) const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// Migrates an open database to [`SCHEMA_VERSION`] (a restored backup, before it is served).
pub(crate) fn migrate(c: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    c.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    Migrations::from_slice(MIGRATIONS).to_latest(c)
}

/// A transaction that takes the write lock as it begins. SQLite's default (deferred) one that
/// reads first and writes later fails at once with "database is locked" if another connection
/// committed in between: its snapshot is stale, and the busy handler cannot help it (schemathesis
/// found this on the places pages). Every transaction that writes starts here.
pub(crate) fn write_transaction(c: &mut Connection) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
}

/// A handle to the database, cheap to clone; every query runs on tokio's blocking pool so that a
/// slow disk never stalls the async workers.
#[derive(Clone)]
pub struct Db {
    pool: Pool<SqliteConnectionManager>,
    /// Held by [`Db::write`]'s work: see there.
    writer: Arc<Mutex<()>>,
}

/// Every pooled connection's settings. The journal mode is not among them: it is the file's,
/// set once in [`Db::open`] before the pool opens its connections. Setting it here raced the
/// pool's own start-up (it opens its connections in the background) and the first writes: r2d2
/// logged "database is locked" in `./linli faults schema`, whatever the busy timeout.
/// FULL makes a commit durable before the server answers 2xx, which votes and reports rely on.
fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "PRAGMA busy_timeout = 10000;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;",
    )
}

impl Db {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Db, Box<dyn std::error::Error + Send + Sync>> {
        Db::open_with(path, configure)
    }

    /// Opens like [`Db::open`], each pooled connection handing every statement it runs to `trace`
    /// (whose [`rusqlite::trace::StmtRef::expanded_sql`] has the values): the query-plan test (tests/api/query_plans.rs) reads the statements
    /// the pages make. Never for a served database: the values include what the server keeps
    /// private.
    #[doc(hidden)]
    pub fn open_traced(
        path: &Path,
        trace: fn(rusqlite::trace::TraceEvent<'_>),
    ) -> Result<Db, Box<dyn std::error::Error + Send + Sync>> {
        Db::open_with(path, move |conn| {
            conn.trace_v2(
                rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
                Some(trace),
            );
            configure(conn)
        })
    }

    fn open_with(
        path: &Path,
        init: impl Fn(&mut Connection) -> rusqlite::Result<()> + Send + Sync + 'static,
    ) -> Result<Db, Box<dyn std::error::Error + Send + Sync>> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        keep_private(path)?;
        // WAL lets readers go on while one writer commits. It stays with the file, so one
        // connection sets it, and migrates, before any other is open.
        let mut first = Connection::open(path)?;
        configure(&mut first)?;
        first.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        migrate(&mut first)?;
        drop(first);
        let manager = SqliteConnectionManager::file(path).with_init(init);
        let pool = Pool::builder().max_size(8).build(manager)?;
        Ok(Db {
            pool,
            writer: Arc::new(Mutex::new(())),
        })
    }

    /// Runs `work` with a pooled connection off the async threads.
    pub(crate) async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn: PooledConnection<SqliteConnectionManager> =
                pool.get().map_err(AppError::internal)?;
            work(&mut conn)
        })
        .await
        .map_err(AppError::internal)?
    }

    /// Runs `work`, which writes, as the server's only writer at the time. SQLite lets one
    /// connection write at a time; another that tries waits in its busy handler, which sleeps
    /// 1, 2, 5, 10… ms between tries, longer than a commit takes on a fast disk. Writers queued
    /// on a mutex here are handed the lock as soon as it is free, and wait without holding a
    /// pooled connection, so readers still get one: with 200 voters at once (`./linli bench`)
    /// vote ingest went up (docs/benchmarks.md, "Measurements behind the code"). Writes through
    /// [`Db::run`] stay correct (they meet the busy handler); the paths
    /// residents crowd (votes, reports, "me too") use this one.
    pub(crate) async fn write<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    {
        let (pool, writer) = (self.pool.clone(), self.writer.clone());
        tokio::task::spawn_blocking(move || {
            // A panic in another writer's work poisons the lock but leaves nothing half-done:
            // its transaction was rolled back when the connection dropped it.
            let _turn = writer
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let mut conn = pool.get().map_err(AppError::internal)?;
            work(&mut conn)
        })
        .await
        .map_err(AppError::internal)?
    }

    /// Pooled connections handed out right now: what readers cannot have.
    pub fn connections_in_use(&self) -> u32 {
        let state = self.pool.state();
        state.connections - state.idle_connections
    }

    /// How many connections the pool hands out at most.
    pub fn pool_size(&self) -> u32 {
        self.pool.max_size()
    }

    /// The same as [`Db::run`], for start-up and command-line steps that are not in a request.
    pub fn run_blocking<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut conn = self.pool.get().map_err(AppError::internal)?;
        work(&mut conn)
    }
}

/// Creates the database file readable by its owner only, or makes an existing one so: it holds
/// reporters' masked numbers, encrypted phones and every vote. SQLite gives the `-wal` and `-shm`
/// files it creates the database file's own permissions; any left by an older run are mended.
#[cfg(unix)]
fn keep_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path);
    match created {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            for suffix in ["", "-wal", "-shm"] {
                let mut name = path.as_os_str().to_owned();
                name.push(suffix);
                let file = Path::new(&name);
                if let Ok(metadata) = std::fs::metadata(file)
                    && metadata.permissions().mode() & 0o077 != 0
                {
                    std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))?;
                }
            }
            Ok(())
        }
        Err(error) => Err(error),
    }
}

#[cfg(not(unix))]
fn keep_private(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_and_the_file_is_in_wal_mode() {
        assert!(Migrations::from_slice(MIGRATIONS).validate().is_ok());
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("linli.sqlite")).unwrap();
        let mode: String = db
            .run_blocking(|c| {
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))
                    .map_err(AppError::internal)
            })
            .unwrap();
        assert_eq!(mode, "wal");
    }

    /// A paper ballot entered under the old single-entry scheme still waits after the upgrade,
    /// now as one member's keying, and keeps who entered it.
    #[test]
    fn a_pending_paper_entry_becomes_a_paper_ballot_keyed_once() {
        let mut c = Connection::open_in_memory().unwrap();
        let migrations = Migrations::from_slice(MIGRATIONS);
        migrations.to_version(&mut c, 12).unwrap();
        c.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO paper_entries (id, ballot_id, code_hash, selections, entered_by, entered_at)
             VALUES (7, 'b', 'hash', 'p1,p3', 'zhang', '2026-12-01T09:00:00+08:00');
             INSERT INTO ballot_events (ballot_id, at, kind, actor) VALUES ('b', 't', 'opened', 'zhang');",
        )
        .unwrap();
        migrations.to_latest(&mut c).unwrap();
        let paper: (i64, String, String, String, String) = c
            .query_row(
                "SELECT p.id, p.status, p.code_hash, k.keyed_by, k.selections
                 FROM paper_ballots p JOIN paper_keyings k ON k.paper_id = p.id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            paper,
            (
                7,
                "awaiting".into(),
                "hash".into(),
                "zhang".into(),
                "p1,p3".into()
            )
        );
        let events: i64 = c
            .query_row("SELECT count(*) FROM ballot_events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(events, 1, "the history survives the table's rebuild");
    }

    /// Issue #23: the database and its WAL were created 0644, readable by every account on the
    /// machine, while the key beside them was 0600.
    #[cfg(unix)]
    #[test]
    fn the_database_and_its_wal_are_readable_by_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("linli.sqlite");
        let db = Db::open(&path).unwrap();
        db.run_blocking(|c| {
            c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")?;
            Ok(())
        })
        .unwrap();
        let mode = |name: &str| {
            std::fs::metadata(dir.path().join(name))
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .permissions()
                .mode()
                & 0o777
        };
        for name in ["linli.sqlite", "linli.sqlite-wal", "linli.sqlite-shm"] {
            assert_eq!(mode(name), 0o600, "{name}");
        }
        drop(db);
        // A file an older version left world-readable is mended when it is opened again.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let _again = Db::open(&path).unwrap();
        assert_eq!(mode("linli.sqlite"), 0o600);
    }

    /// A sample database from before the district's own places: its streets, which were text on
    /// each community, become records; its maintainers, text on each component, become units
    /// the components name; the district becomes a setting; every row stays marked as sample.
    #[test]
    fn an_older_sample_database_gets_streets_units_and_its_district() {
        let mut c = Connection::open_in_memory().unwrap();
        let migrations = Migrations::from_slice(MIGRATIONS);
        migrations.to_version(&mut c, 13).unwrap();
        c.execute_batch(
            "INSERT INTO settings (key, value) VALUES ('sample_data', 'true');
             INSERT INTO communities (id, name_zh, name_en, street_zh, street_en) VALUES
                 ('a', '甲社区', 'A', '北苑街道', 'Beiyuan'), ('b', '乙社区', 'B', '北苑街道', 'Beiyuan'),
                 ('c', '丙社区', 'C', '中仓街道', 'Zhongcang');
             INSERT INTO components (code, name, community_id, lat, lon, address, maintainer_unit,
                 maintainer_phone, state, sample_data) VALUES
                 ('1101120110000001', '路灯', 'a', 39.9, 116.6, '', '照明所', '010-1', 'normal', 1),
                 ('1101120110000002', '路灯', 'c', 39.9, 116.6, '', '照明所', '010-1', 'normal', 1),
                 ('1101120201000001', '井盖', 'b', 39.9, 116.6, '', '排水公司', '010-2', 'normal', 1);
             INSERT INTO buildings (code, name, community_id, lat, lon, address, households) VALUES
                 ('1101120000000001', '1号楼', 'a', 39.9, 116.6, '', 40);",
        )
        .unwrap();
        migrations.to_latest(&mut c).unwrap();
        let streets: Vec<(String, String, bool)> = c
            .prepare("SELECT id, name_zh, sample_data FROM streets ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(streets.len(), 2);
        assert!(streets.iter().all(|(_, _, sample)| *sample));
        let street_of = |community: &str| -> String {
            c.query_row(
                "SELECT s.name_zh FROM communities m JOIN streets s ON s.id = m.street_id WHERE m.id = ?1",
                [community],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(street_of("a"), "北苑街道");
        assert_eq!(street_of("b"), "北苑街道");
        assert_eq!(street_of("c"), "中仓街道");
        let unit_of = |code: &str| -> (String, String, String) {
            c.query_row(
                "SELECT u.name, u.phone, u.classes FROM components k
                 JOIN maintainer_units u ON u.id = k.unit_id WHERE k.code = ?1",
                [code],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
        };
        assert_eq!(
            unit_of("1101120110000001"),
            ("照明所".into(), "010-1".into(), r#"["0110"]"#.into())
        );
        assert_eq!(unit_of("1101120110000002").0, "照明所");
        assert_eq!(
            unit_of("1101120201000001"),
            ("排水公司".into(), "010-2".into(), r#"["0201"]"#.into())
        );
        let units: i64 = c
            .query_row("SELECT count(*) FROM maintainer_units", [], |r| r.get(0))
            .unwrap();
        assert_eq!(units, 2);
        let district: String = c
            .query_row(
                "SELECT value FROM settings WHERE key = 'district_code'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(district, "110112");
        let sample_buildings: i64 = c
            .query_row(
                "SELECT count(*) FROM buildings WHERE sample_data = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(sample_buildings, 1);
    }
}
