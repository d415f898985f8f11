//! The audit trail: every committee and district action appended, in the same transaction as the
//! action, with who did it, when, from where and what changed. Each entry's hash covers the hash
//! before it, so an entry edited or taken out of the middle is found by [`verify_chain`]
//! (`linli-server audit-verify`); the table's triggers refuse UPDATE and DELETE outright. What is
//! never written here: voting codes, passwords, phone numbers, tracking secrets.

pub(crate) mod http;

use std::net::IpAddr;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The actor of what the server's own commands do (imports, sample removal, new accounts).
pub const COMMAND_LINE: &str = "(command line)";

/// The `prev_hash` of the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who acts, and from where.
#[derive(Clone, Debug)]
pub(crate) struct Actor {
    pub username: String,
    pub address: Option<IpAddr>,
}

/// (A signed-in member's is `Actor::member`, next to the session in `admin.rs`, which records
/// what it does here: the trail itself depends on nothing it records.)
impl Actor {
    /// Someone at the server's command line.
    pub(crate) fn command_line() -> Actor {
        Actor {
            username: COMMAND_LINE.to_owned(),
            address: None,
        }
    }
}

/// One action to record: its name (`ballot.open`), the community it concerns, what it was done
/// to, and what changed.
#[derive(Debug)]
pub(crate) struct Entry {
    action: &'static str,
    community: Option<String>,
    subject: Option<String>,
    detail: Value,
}

impl Entry {
    pub(crate) fn new(action: &'static str) -> Entry {
        Entry {
            action,
            community: None,
            subject: None,
            detail: Value::Object(Default::default()),
        }
    }

    pub(crate) fn community(mut self, community: Option<&str>) -> Entry {
        self.community = community.map(str::to_owned);
        self
    }

    pub(crate) fn subject(mut self, subject: impl Into<String>) -> Entry {
        self.subject = Some(subject.into());
        self
    }

    /// What changed, as a JSON object.
    pub(crate) fn detail(mut self, detail: Value) -> Entry {
        self.detail = detail;
        self
    }

    /// Appends the entry, inside the caller's transaction: it is kept exactly when the action
    /// is. The caller's write transaction (IMMEDIATE) keeps two appends from taking one place.
    pub(crate) fn append(self, c: &Connection, actor: &Actor) -> rusqlite::Result<i64> {
        let last: Option<(i64, String)> = c
            .query_row(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (seq, prev_hash) = match last {
            Some((seq, hash)) => (seq + 1, hash),
            None => (1, GENESIS.to_owned()),
        };
        let fields = Fields {
            seq,
            at: beijing_now(),
            actor: actor.username.clone(),
            address: actor.address.map(|a| a.to_string()),
            community_id: self.community,
            action: self.action.to_owned(),
            subject: self.subject,
            detail: self.detail.to_string(),
        };
        let hash = fields.hash(&prev_hash);
        c.execute(
            "INSERT INTO audit_log (seq, at, actor, address, community_id, action, subject,
                 detail, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                fields.seq,
                fields.at,
                fields.actor,
                fields.address,
                fields.community_id,
                fields.action,
                fields.subject,
                fields.detail,
                prev_hash,
                hash
            ],
        )?;
        Ok(seq)
    }
}

/// Now, to the second, in Beijing time as every time Linli shows.
fn beijing_now() -> String {
    OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+8))
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&Rfc3339)
        .expect("RFC 3339 formats any time")
}

/// An entry's fields as stored, which its hash covers.
struct Fields {
    seq: i64,
    at: String,
    actor: String,
    address: Option<String>,
    community_id: Option<String>,
    action: String,
    subject: Option<String>,
    detail: String,
}

impl Fields {
    const COLUMNS: &str = "seq, at, actor, address, community_id, action, subject, detail";

    fn read(r: &rusqlite::Row) -> rusqlite::Result<Fields> {
        Ok(Fields {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            address: r.get(3)?,
            community_id: r.get(4)?,
            action: r.get(5)?,
            subject: r.get(6)?,
            detail: r.get(7)?,
        })
    }

    /// SHA-256 over the previous hash and the fields as one JSON array (strings escaped, so no
    /// field can pass for another).
    fn hash(&self, prev_hash: &str) -> String {
        let fields = serde_json::json!([
            self.seq,
            self.at,
            self.actor,
            self.address,
            self.community_id,
            self.action,
            self.subject,
            self.detail,
        ]);
        hex::encode(Sha256::digest(format!("{prev_hash}\n{fields}").as_bytes()))
    }
}

/// What [`verify_chain`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum ChainCheck {
    /// Every entry follows from the one before it; `last_hash` stands for the whole trail (write
    /// it down elsewhere, and a trail cut short after it is found too).
    Intact { entries: u64, last_hash: String },
    /// The first entry that does not follow, and why.
    Broken { seq: i64, reason: String },
}

/// `linli-server audit-verify`: [`verify_chain`] on the deployment's database.
pub fn verify(db: &crate::Db) -> Result<ChainCheck, crate::AppError> {
    db.run_blocking(|c| Ok(verify_chain(c)?))
}

/// Checks every entry against the one before it.
pub fn verify_chain(c: &Connection) -> rusqlite::Result<ChainCheck> {
    let mut stmt = c.prepare(&format!(
        "SELECT {}, prev_hash, hash FROM audit_log ORDER BY seq",
        Fields::COLUMNS
    ))?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_owned();
    while let Some(row) = rows.next()? {
        let fields = Fields::read(row)?;
        let prev_hash: String = row.get(8)?;
        let hash: String = row.get(9)?;
        let broken = |reason: String| {
            Ok(ChainCheck::Broken {
                seq: fields.seq,
                reason,
            })
        };
        if fields.seq != expected_seq {
            return broken(format!(
                "entries {expected_seq}–{} are missing",
                fields.seq - 1
            ));
        }
        if prev_hash != prev {
            return broken("its prev_hash is not the hash of the entry before it".into());
        }
        if fields.hash(&prev_hash) != hash {
            return broken("its fields do not match its hash: it was changed".into());
        }
        expected_seq += 1;
        prev = hash;
    }
    Ok(ChainCheck::Intact {
        entries: (expected_seq - 1) as u64,
        last_hash: prev,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut c).unwrap();
        c
    }

    fn append_three(c: &Connection) {
        let actor = Actor {
            username: "li-committee".into(),
            address: Some(IpAddr::from([10, 0, 0, 7])),
        };
        for (action, subject) in [
            ("ballot.open", "b1"),
            ("ballot.codes", "b1"),
            ("ballot.close", "b1"),
        ] {
            Entry::new(action)
                .community(Some("c1"))
                .subject(subject)
                .detail(serde_json::json!({"count": 3}))
                .append(c, &actor)
                .unwrap();
        }
    }

    /// Edits and removals, made by someone who dropped the triggers first (as anyone holding the
    /// file can), are found at the entry they touched.
    fn without_triggers(c: &Connection, sql: &str) {
        c.execute_batch(&format!(
            "DROP TRIGGER audit_log_is_append_only_update;
             DROP TRIGGER audit_log_is_append_only_delete;
             {sql}"
        ))
        .unwrap();
    }

    #[test]
    fn an_untouched_trail_is_intact_and_names_its_last_hash() {
        let c = database();
        assert_eq!(
            verify_chain(&c).unwrap(),
            ChainCheck::Intact {
                entries: 0,
                last_hash: GENESIS.into()
            }
        );
        append_three(&c);
        let last: String = c
            .query_row("SELECT hash FROM audit_log WHERE seq = 3", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            verify_chain(&c).unwrap(),
            ChainCheck::Intact {
                entries: 3,
                last_hash: last
            }
        );
    }

    #[test]
    fn the_trail_refuses_updates_and_deletes() {
        let c = database();
        append_three(&c);
        let update = c.execute("UPDATE audit_log SET actor = 'someone' WHERE seq = 2", []);
        assert!(update.unwrap_err().to_string().contains("append-only"));
        let delete = c.execute("DELETE FROM audit_log WHERE seq = 2", []);
        assert!(delete.unwrap_err().to_string().contains("append-only"));
    }

    #[test]
    fn an_edited_entry_is_found() {
        let c = database();
        append_three(&c);
        without_triggers(&c, "UPDATE audit_log SET actor = 'wang' WHERE seq = 2;");
        let ChainCheck::Broken { seq, reason } = verify_chain(&c).unwrap() else {
            panic!("an edit went unnoticed");
        };
        assert_eq!(seq, 2);
        assert!(reason.contains("changed"), "{reason}");
    }

    #[test]
    fn a_removed_entry_is_found() {
        let c = database();
        append_three(&c);
        without_triggers(&c, "DELETE FROM audit_log WHERE seq = 2;");
        assert_eq!(
            verify_chain(&c).unwrap(),
            ChainCheck::Broken {
                seq: 3,
                reason: "entries 2–2 are missing".into()
            }
        );
    }

    #[test]
    fn an_entry_rewritten_with_a_fresh_hash_breaks_the_next_link() {
        let c = database();
        append_three(&c);
        let prev: String = c
            .query_row("SELECT prev_hash FROM audit_log WHERE seq = 2", [], |r| {
                r.get(0)
            })
            .unwrap();
        let forged = Fields {
            seq: 2,
            at: "2026-12-07T00:00:00Z".into(),
            actor: "wang".into(),
            address: None,
            community_id: Some("c1".into()),
            action: "ballot.codes".into(),
            subject: Some("b1".into()),
            detail: "{}".into(),
        };
        let hash = forged.hash(&prev);
        without_triggers(
            &c,
            &format!(
                "UPDATE audit_log SET at = '{}', actor = 'wang', address = NULL, detail = '{{}}',
                     hash = '{hash}' WHERE seq = 2;",
                forged.at
            ),
        );
        let ChainCheck::Broken { seq, .. } = verify_chain(&c).unwrap() else {
            panic!("a rewritten entry went unnoticed");
        };
        assert_eq!(seq, 3);
    }
}
