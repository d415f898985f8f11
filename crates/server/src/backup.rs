//! Backups of the database while it serves, their restore, and the schedule that keeps the last
//! few. A backup is `VACUUM INTO` a new file: one read transaction, so it is the database as it
//! stood at one commit, and in WAL mode it never stops a vote from being written meanwhile.
//! What the database cannot carry is the key file beside it (`linli.key`): without that key the
//! phone numbers and voting codes in a backup cannot be read or checked, so it is kept apart.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use rusqlite::{Connection, OpenFlags};

use crate::db;

/// Why a backup or a restore did not happen, as a sentence for the operator.
pub type BackupError = crate::error::CommandRefused;

fn refuse(message: impl Into<String>) -> BackupError {
    crate::error::CommandRefused::new(message)
}

/// A backup written.
#[derive(Debug)]
pub struct Backup {
    pub path: PathBuf,
    pub bytes: u64,
    pub seconds: f64,
}

/// Copies the database at `database` into the new file `out`, readable by its owner only, while
/// the server may go on writing. An existing `out` is never overwritten. The copy is written
/// beside `out` under a hidden name and renamed once it is complete and on disk, so `out` is
/// never a half-written backup.
pub fn backup(database: &Path, out: &Path) -> Result<Backup, BackupError> {
    let started = Instant::now();
    let source = open_existing(database)?;
    if out.exists() {
        return Err(refuse(format!(
            "{} already exists: a backup never overwrites a file. Choose a new name, or remove \
             that file first.",
            out.display()
        )));
    }
    // Taking the name first, atomically, is what stops two backups writing to one file.
    create_private(out).map_err(|error| match error.kind() {
        std::io::ErrorKind::AlreadyExists => refuse(format!(
            "{} already exists: a backup never overwrites a file.",
            out.display()
        )),
        _ => refuse(format!("cannot create {}: {error}", out.display())),
    })?;
    let partial = hidden_beside(out, "partial");
    // SQLite would create it with the umask's permissions: world-readable, as a rule.
    let _ = std::fs::remove_file(&partial);
    let written = create_private(&partial)
        .map_err(|e| refuse(format!("cannot create {}: {e}", partial.display())))
        .and_then(|()| write_copy(&source, &partial))
        .and_then(|()| {
            sync_file(&partial)?;
            std::fs::rename(&partial, out).map_err(|e| {
                refuse(format!(
                    "cannot move the backup into {}: {e}",
                    out.display()
                ))
            })?;
            sync_parent(out);
            Ok(())
        });
    if let Err(error) = written {
        let _ = std::fs::remove_file(&partial);
        let _ = std::fs::remove_file(out);
        return Err(error);
    }
    let bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    Ok(Backup {
        path: out.to_owned(),
        bytes,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// A restore done.
#[derive(Debug)]
pub struct Restored {
    /// The backup's schema version, and the one it was migrated to.
    pub from_version: usize,
    pub to_version: usize,
    /// Where the database that was replaced now is (with `--force`), so nothing is lost.
    pub previous: Option<PathBuf>,
}

/// Makes the backup `from` the database at `database`: checked first (SQLite's integrity check
/// passes, and it is a Linli database of a schema this build knows), copied into a hidden file
/// beside `database` and migrated there, then renamed into place. A database already at
/// `database` is replaced only when `force` is given and no process has it open; it is then kept
/// as `<name>.before-restore-<time>`.
pub fn restore(from: &Path, database: &Path, force: bool) -> Result<Restored, BackupError> {
    let (source, from_version) = check_backup(from)?;
    let exists = database.exists();
    if exists && !force {
        return Err(refuse(format!(
            "{} already exists: a restore would replace it. Stop the server, then run restore \
             again with --force (the present database is kept beside it, renamed).",
            database.display()
        )));
    }
    if exists {
        refuse_if_in_use(database)?;
    }
    if let Some(parent) = database.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| refuse(format!("cannot create {}: {e}", parent.display())))?;
    }
    let restoring = hidden_beside(database, "restoring");
    let prepared = prepare(&source, &restoring);
    drop(source);
    if let Err(error) = prepared {
        remove_with_journals(&restoring);
        return Err(error);
    }
    let previous = if exists {
        let kept = kept_name(database);
        std::fs::rename(database, &kept).map_err(|e| {
            remove_with_journals(&restoring);
            refuse(format!("cannot move {} aside: {e}", database.display()))
        })?;
        // A closed database leaves no WAL; one left by a crash belongs to the old file only.
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::rename(with_suffix(database, suffix), with_suffix(&kept, suffix));
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&restoring, database).map_err(|e| {
        refuse(format!(
            "cannot move the restored database into {}: {e} (it is in {})",
            database.display(),
            restoring.display()
        ))
    })?;
    sync_parent(database);
    Ok(Restored {
        from_version,
        to_version: db::SCHEMA_VERSION,
        previous,
    })
}

/// Opens a backup read-only and checks it is a whole Linli database; returns its schema version.
fn check_backup(from: &Path) -> Result<(Connection, usize), BackupError> {
    if !from.is_file() {
        return Err(refuse(format!(
            "there is no backup file at {}",
            from.display()
        )));
    }
    let not_sqlite = |e: rusqlite::Error| {
        refuse(format!(
            "{} is not an SQLite database, or cannot be read: {e}",
            from.display()
        ))
    };
    let source = Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(not_sqlite)?;
    let problems: Vec<String> = source
        .prepare("PRAGMA integrity_check")
        .and_then(|mut statement| {
            statement
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<_, _>>()
        })
        .map_err(not_sqlite)?;
    if problems != ["ok"] {
        return Err(refuse(format!(
            "{} fails SQLite's integrity check, so it is not restored: {}",
            from.display(),
            problems.join("; ")
        )));
    }
    let version: usize = source
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(not_sqlite)?;
    let linli_tables: i64 = source
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'
             AND name IN ('settings', 'ballots', 'votes', 'voting_codes', 'service_requests')",
            [],
            |r| r.get(0),
        )
        .map_err(not_sqlite)?;
    if version == 0 || linli_tables < 5 {
        return Err(refuse(format!(
            "{} is an SQLite database but not a Linli one (it lacks Linli's tables)",
            from.display()
        )));
    }
    if version > db::SCHEMA_VERSION {
        return Err(refuse(format!(
            "{} was made by a newer Linli (schema version {version}; this one knows up to {}): \
             restore it with that version",
            from.display(),
            db::SCHEMA_VERSION
        )));
    }
    Ok((source, version))
}

/// The backup copied to `restoring` and migrated there, ready to be renamed into place.
fn prepare(source: &Connection, restoring: &Path) -> Result<(), BackupError> {
    let _ = std::fs::remove_file(restoring);
    create_private(restoring)
        .map_err(|e| refuse(format!("cannot create {}: {e}", restoring.display())))?;
    write_copy(source, restoring)?;
    let mut copy = Connection::open(restoring)
        .map_err(|e| refuse(format!("cannot open the copy {}: {e}", restoring.display())))?;
    db::migrate(&mut copy).map_err(|e| {
        refuse(format!(
            "the backup could not be migrated to this Linli's schema: {e}"
        ))
    })?;
    // Closing the only connection folds the WAL in: the copy is then one self-contained file.
    copy.close()
        .map_err(|(_, e)| refuse(format!("cannot close the copy: {e}")))?;
    sync_file(restoring)
}

/// Refuses while a process (a running server) has the database open. In WAL mode every open
/// connection holds a shared lock on the file; an exclusive one is only granted when there is
/// none.
fn refuse_if_in_use(database: &Path) -> Result<(), BackupError> {
    let in_use = || {
        refuse(format!(
            "{} is in use (is the server running on it?): stop the server before restoring",
            database.display()
        ))
    };
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|_| in_use())?;
    conn.execute_batch(
        "PRAGMA busy_timeout = 0;
         PRAGMA locking_mode = EXCLUSIVE;
         BEGIN EXCLUSIVE; COMMIT;",
    )
    .map_err(|_| in_use())?;
    conn.close().map_err(|_| in_use())?;
    Ok(())
}

/// The source's committed state, as one read transaction sees it, into the empty file `into`.
fn write_copy(source: &Connection, into: &Path) -> Result<(), BackupError> {
    let name = into.to_str().ok_or_else(|| {
        refuse(format!(
            "{} is not a UTF-8 path, which SQLite needs here",
            into.display()
        ))
    })?;
    source
        .execute("VACUUM INTO ?1", [name])
        .map_err(|e| refuse(format!("the copy into {} failed: {e}", into.display())))?;
    Ok(())
}

/// The live database, opened without creating it: a mistyped `--db` is an error here.
fn open_existing(database: &Path) -> Result<Connection, BackupError> {
    if !database.is_file() {
        return Err(refuse(format!(
            "there is no database at {}: nothing to back up",
            database.display()
        )));
    }
    let conn = Connection::open_with_flags(
        database,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| refuse(format!("cannot open {}: {e}", database.display())))?;
    conn.execute_batch("PRAGMA busy_timeout = 10000;")
        .map_err(|e| refuse(format!("cannot open {}: {e}", database.display())))?;
    Ok(conn)
}

// ---- the schedule ----

/// `serve --backup-dir DIR --backup-every HOURS --backup-keep N`.
#[derive(Clone, Debug)]
pub struct Schedule {
    pub dir: PathBuf,
    pub every: Duration,
    pub keep: usize,
}

/// The scheduled backups' names sort by their time: `linli-20261205T030000Z.sqlite`.
const PREFIX: &str = "linli-";
const SUFFIX: &str = ".sqlite";

/// Writes a timestamped backup of `database` into the schedule's folder every `every`, and
/// removes all but the newest `keep`. The first is due `every` after the newest one already
/// there (at once when there is none), so a server restarted often still makes its backups.
pub fn spawn_schedule(database: PathBuf, schedule: Schedule) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if let Err(error) = create_private_dir(&schedule.dir) {
            tracing::error!(dir = %schedule.dir.display(), %error, "cannot create the backup folder: no scheduled backups");
            return;
        }
        loop {
            let wait = newest(&schedule.dir)
                .and_then(|made| made.elapsed().ok())
                .map_or(Duration::ZERO, |age| schedule.every.saturating_sub(age));
            tokio::time::sleep(wait).await;
            let (database, schedule_now) = (database.clone(), schedule.clone());
            let done = tokio::task::spawn_blocking(move || {
                let out = schedule_now.dir.join(timestamped_name());
                let made = backup(&database, &out)?;
                let removed = prune(&schedule_now.dir, schedule_now.keep);
                Ok::<_, BackupError>((made, removed))
            })
            .await;
            match done {
                Ok(Ok((made, removed))) => tracing::info!(
                    path = %made.path.display(), bytes = made.bytes, seconds = made.seconds, removed,
                    "scheduled backup written"
                ),
                Ok(Err(error)) => tracing::error!(%error, "scheduled backup failed"),
                Err(error) => tracing::error!(%error, "scheduled backup failed"),
            }
            // The next one is due `every` after this one; after a failure, a minute from now
            // rather than at once and again and again.
            tokio::time::sleep(schedule.every.min(Duration::from_secs(60))).await;
        }
    })
}

fn timestamped_name() -> String {
    let now = time::OffsetDateTime::now_utc();
    let stamp = now
        .format(time::macros::format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .expect("a UTC time formats");
    format!("{PREFIX}{stamp}{SUFFIX}")
}

/// The scheduled backups in `dir`, oldest first.
fn scheduled_backups(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
        })
        .collect();
    found.sort();
    found
}

fn newest(dir: &Path) -> Option<SystemTime> {
    let path = scheduled_backups(dir).pop()?;
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Removes the oldest scheduled backups beyond `keep`; other files in the folder are left alone.
fn prune(dir: &Path, keep: usize) -> usize {
    let found = scheduled_backups(dir);
    let surplus = found.len().saturating_sub(keep);
    found[..surplus]
        .iter()
        .filter(|path| std::fs::remove_file(path).is_ok())
        .count()
}

// ---- files ----

#[cfg(unix)]
fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map(drop)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// SQLite does not sync the file `VACUUM INTO` writes; a backup must be on disk before it is
/// called one.
fn sync_file(path: &Path) -> Result<(), BackupError> {
    std::fs::File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(|e| refuse(format!("cannot write {} to disk: {e}", path.display())))
}

/// Makes a rename durable. Not every platform can open a folder to sync it; the rename stands.
fn sync_parent(path: &Path) {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::File::open(parent).and_then(|dir| dir.sync_all());
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `.<name>.<what>` in the same folder, so the final rename stays on one filesystem.
fn hidden_beside(path: &Path, what: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{what}"))
}

fn kept_name(database: &Path) -> PathBuf {
    let stamp = timestamped_name();
    let stamp = stamp.trim_start_matches(PREFIX).trim_end_matches(SUFFIX);
    with_suffix(database, &format!(".before-restore-{stamp}"))
}

fn remove_with_journals(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_scheduled_backups_are_kept_and_other_files_are_left() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "linli-20261201T030000Z.sqlite",
            "linli-20261203T030000Z.sqlite",
            "linli-20261202T030000Z.sqlite",
            "notes.txt",
            "linli.key",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        assert_eq!(prune(dir.path(), 2), 1);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "linli-20261202T030000Z.sqlite",
                "linli-20261203T030000Z.sqlite",
                "linli.key",
                "notes.txt"
            ]
        );
    }

    #[test]
    fn a_timestamped_name_is_one_the_schedule_recognises() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(timestamped_name()), "x").unwrap();
        assert_eq!(scheduled_backups(dir.path()).len(), 1);
    }
}
