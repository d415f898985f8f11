//! A full disk: how the server recognises one (SQLite's `SQLITE_FULL`, an I/O `ENOSPC`) and how
//! it tells the operator, who is the only one who can help. A client is told by the 503 of
//! [`crate::AppError::DiskFull`]; nothing here knows about requests or residents.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// While the disk stays full every write is refused; one log line a minute, with the count,
/// says so without filling the log (which may be on the same disk).
const TELL_AT_MOST_EVERY: Duration = Duration::from_secs(60);

static REFUSED_SINCE_TOLD: AtomicU64 = AtomicU64::new(0);
static LAST_TOLD: Mutex<Option<Instant>> = Mutex::new(None);

/// SQLite's "database or disk is full": the database file, its WAL or a temporary file could not
/// grow. The transaction it happened in is rolled back whole.
pub(crate) fn is_sqlite_disk_full(error: &rusqlite::Error) -> bool {
    error.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull)
}

/// "No space left on device" (or over a disk quota, which is the same to the operator).
pub(crate) fn is_io_disk_full(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

/// Logs that a write was refused because the disk is full: the first time at once, then at most
/// once a minute with the number refused meanwhile.
pub(crate) fn tell_the_operator() {
    let refused = REFUSED_SINCE_TOLD.fetch_add(1, Ordering::Relaxed) + 1;
    let mut last_told = LAST_TOLD
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if last_told.is_some_and(|told| told.elapsed() < TELL_AT_MOST_EVERY) {
        return;
    }
    *last_told = Some(Instant::now());
    REFUSED_SINCE_TOLD.store(0, Ordering::Relaxed);
    tracing::error!(
        refused_writes = refused,
        "the disk the database is on is full: writes are refused with 503 and nothing of them \
         is stored, reads go on; free space on it (see docs/operations.md, \"A full disk\")"
    );
}
