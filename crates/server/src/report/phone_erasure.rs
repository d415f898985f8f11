//! A reporter's phone number erased, as China's PIPL asks of personal data kept no longer than
//! needed: automatically a set number of days after the report is finished (fixed or closed),
//! and at once when the reporter asks on the tracking page. Erased means both the sealed number
//! and its masked copy are gone from the row; nothing else holds a phone number.

use std::time::Duration;

use linli_core::report::Status;
use rusqlite::{Connection, params};
use time::OffsetDateTime;

use super::stored;
use crate::audit::{Actor, Entry};
use crate::vote::attempts::ClientAddress;
use crate::{AppError, Db};

/// `serve --erase-phones-after-days N`: how long a finished report keeps its phone number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhoneErasure {
    pub after_days: u32,
}

impl Default for PhoneErasure {
    fn default() -> PhoneErasure {
        PhoneErasure { after_days: 180 }
    }
}

/// How often the server looks for phone numbers due to be erased.
const EVERY: Duration = Duration::from_secs(3600);

impl Actor {
    /// The reporter, known only by the tracking link they hold, at the request's address.
    pub(crate) fn reporter(address: ClientAddress) -> Actor {
        Actor {
            username: "(reporter)".to_owned(),
            address: address.0,
        }
    }

    /// The server's own schedule.
    fn schedule() -> Actor {
        Actor {
            username: "(schedule)".to_owned(),
            address: None,
        }
    }
}

/// The finished statuses as an SQL list, `'fixed', 'closed'`, from the one rule in the core.
fn finished_statuses() -> String {
    Status::ALL
        .iter()
        .filter(|s| s.is_finished())
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Erases the phone number of request `id`; whether there was one.
pub(crate) fn erase_phone(c: &Connection, id: i64) -> rusqlite::Result<bool> {
    let changed = c.execute(
        "UPDATE service_requests SET phone_cipher = NULL, phone_masked = NULL
         WHERE id = ?1 AND (phone_cipher IS NOT NULL OR phone_masked IS NOT NULL)",
        [id],
    )?;
    Ok(changed > 0)
}

/// Erases the phone number of every report finished more than `rules.after_days` before `now`,
/// in one transaction with one audit entry (the count, never a number). A report is finished
/// since the first update of its latest unbroken run of finished statuses, so a fixed report
/// closed later counts from the fix, and a reopened one is not finished until it is again.
pub async fn erase_expired_phones(
    db: &Db,
    rules: PhoneErasure,
    now: OffsetDateTime,
) -> Result<usize, AppError> {
    let cutoff = stored(now - time::Duration::days(rules.after_days.into()));
    db.write(move |c| {
        let finished = finished_statuses();
        let tx = crate::db::write_transaction(c)?;
        let erased = tx.execute(
            &format!(
                "UPDATE service_requests SET phone_cipher = NULL, phone_masked = NULL
                 WHERE (phone_cipher IS NOT NULL OR phone_masked IS NOT NULL)
                   AND status IN ({finished})
                   AND coalesce((
                       SELECT min(u.updated_at) FROM request_updates u
                       WHERE u.request_id = service_requests.id AND u.status IN ({finished})
                         AND u.id > coalesce((
                             SELECT max(o.id) FROM request_updates o
                             WHERE o.request_id = service_requests.id
                               AND o.status NOT IN ({finished})), 0)
                   ), updated_at) <= ?1"
            ),
            params![cutoff],
        )?;
        if erased > 0 {
            Entry::new("report.phones_erased")
                .detail(serde_json::json!({
                    "reports": erased,
                    "finished_more_than_days_ago": rules.after_days,
                }))
                .append(&tx, &Actor::schedule())?;
        }
        tx.commit()?;
        Ok(erased)
    })
    .await
}

/// Erases what is due at start, then every hour, for as long as the server runs.
pub fn spawn_phone_erasure(db: Db, rules: PhoneErasure) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match erase_expired_phones(&db, rules, OffsetDateTime::now_utc()).await {
                Ok(0) => {}
                Ok(erased) => tracing::info!(
                    reports = erased,
                    after_days = rules.after_days,
                    "erased the phone numbers of reports finished long enough ago"
                ),
                Err(error) => {
                    tracing::error!(error = %error.parts().1.message, "erasing phone numbers failed")
                }
            }
        }
    })
}
