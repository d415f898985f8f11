//! `linli-server rotate-key`: every reporter's phone number re-encrypted under a new sealing key.
//! Only the sealing key changes; the master key stays, and with it every tracking link, voting
//! code hash and kiosk pairing hash, so an open ballot's unspent codes still vote.
//!
//! Three steps, each of which a crash may follow without a phone number becoming unreadable:
//! 1. the key file is replaced by one holding the new sealing key and the old ones;
//! 2. one transaction re-encrypts every sealed phone number under the new key (and records it
//!    in the audit trail);
//! 3. the key file is replaced by one holding the new sealing key only.
//!
//! After a crash between two steps, the key file still opens every phone in the database, and
//! running the command again finishes the job. It runs only while the server is stopped: a
//! running server holds the old key in memory and would go on sealing under it.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, params};

use crate::audit::{Actor, Entry};
use crate::db;
use crate::secrets::{KeyError, Secrets, replace_key_file};

/// Why the key was not rotated, as a sentence for the operator.
pub type RotationError = crate::error::CommandRefused;

fn refuse(message: impl Into<String>) -> RotationError {
    crate::error::CommandRefused::new(message)
}

/// What a rotation did.
#[derive(Debug, PartialEq, Eq)]
pub struct Rotated {
    /// Phone numbers now sealed under the new key.
    pub phones: usize,
    /// Phone numbers no key in the file could open (sealed under a key replaced as lost), left
    /// as they were: no key could ever read them again.
    pub unreadable: usize,
}

/// Rotates the sealing key of the database at `database`, whose key file is `key_file`.
pub fn rotate_key(database: &Path, key_file: &Path) -> Result<Rotated, RotationError> {
    if !database.is_file() {
        return Err(refuse(format!(
            "there is no database at {}: no phone number to re-encrypt",
            database.display()
        )));
    }
    let current = Secrets::load(key_file).map_err(|error| match error {
        KeyError::Missing(_) => refuse(format!(
            "the key file {} is missing: there is no key to rotate. Restore it from the copy \
             kept apart first. 密钥文件缺失。",
            key_file.display()
        )),
        other => refuse(other.to_string()),
    })?;
    // Held until the end: no server can open the database while the keys change under it.
    let mut conn = lock_out_the_server(database)?;
    db::migrate(&mut conn).map_err(|e| refuse(format!("cannot migrate the database: {e}")))?;
    let rotating = begin(key_file, &current)?;
    let rotated = re_encrypt(&mut conn, &rotating).map_err(|e| {
        refuse(format!(
            "nothing was re-encrypted (the old key still reads every phone number): {e}"
        ))
    })?;
    finish(key_file, &rotating)?;
    conn.close()
        .map_err(|(_, e)| refuse(format!("cannot close the database: {e}")))?;
    Ok(rotated)
}

/// An exclusive hold on the database, refused while a process (a running server) has it open:
/// in WAL mode every open connection holds a shared lock on the file, so an exclusive one is
/// granted only when there is none, and in exclusive locking mode it is kept until closed.
fn lock_out_the_server(database: &Path) -> Result<Connection, RotationError> {
    let in_use = || {
        refuse(format!(
            "{} is in use (is the server running on it?): stop the server, rotate the key, then \
             start it again. 请先停止服务器。",
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
    conn.execute_batch("PRAGMA synchronous = FULL;")
        .map_err(|_| in_use())?;
    Ok(conn)
}

/// Step 1: a new sealing key first in the file, every current one kept behind it.
pub(crate) fn begin(key_file: &Path, current: &Secrets) -> Result<Secrets, RotationError> {
    let rotating = current.with_new_sealing_key();
    replace_key_file(key_file, &rotating).map_err(|e| {
        refuse(format!(
            "cannot write the new key file {} (nothing changed): {e}",
            key_file.display()
        ))
    })?;
    Ok(rotating)
}

/// Step 2: every sealed phone number opened with any key and sealed again under the first, in
/// one transaction with its audit entry.
pub(crate) fn re_encrypt(conn: &mut Connection, rotating: &Secrets) -> rusqlite::Result<Rotated> {
    let tx = db::write_transaction(conn)?;
    let sealed: Vec<(i64, Vec<u8>)> = tx
        .prepare("SELECT id, phone_cipher FROM service_requests WHERE phone_cipher IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut rotated = Rotated {
        phones: 0,
        unreadable: 0,
    };
    for (id, cipher) in sealed {
        let Some(phone) = rotating.open(&cipher) else {
            rotated.unreadable += 1;
            continue;
        };
        tx.execute(
            "UPDATE service_requests SET phone_cipher = ?2 WHERE id = ?1",
            params![id, rotating.seal(&phone)],
        )?;
        rotated.phones += 1;
    }
    Entry::new("key.rotate")
        .detail(serde_json::json!({
            "phones_re_encrypted": rotated.phones,
            "phones_unreadable": rotated.unreadable,
            "old_sealing_keys_removed": rotating.sealing_keys() - 1,
        }))
        .append(&tx, &Actor::command_line())?;
    tx.commit()?;
    Ok(rotated)
}

/// Step 3: the new sealing key alone; the old ones are gone from the file.
pub(crate) fn finish(key_file: &Path, rotating: &Secrets) -> Result<(), RotationError> {
    replace_key_file(key_file, &rotating.without_old_sealing_keys()).map_err(|e| {
        refuse(format!(
            "every phone number is re-encrypted, but the key file {} still holds the old key \
             too (it reads every phone number): run rotate-key again to remove it. {e}",
            key_file.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MissingKey;

    const PHONES: [&str; 3] = ["13800138000", "13900139000", "15000150000"];

    /// A database file holding one report per phone number, sealed under `secrets`.
    fn database_with_phones(path: &Path, secrets: &Secrets) {
        let db = crate::Db::open(path).unwrap();
        db.run_blocking(|c| {
            for (n, phone) in PHONES.iter().enumerate() {
                c.execute(
                    "INSERT INTO service_requests (token, service_code, status, description, lat,
                         lon, phone_cipher, phone_masked, requested_at, updated_at, expected_at)
                     VALUES (?1, 'other', 'open', 'x', 39.9, 116.6, ?2, '138****8000',
                         '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', '2026-12-08T00:00:00Z')",
                    params![format!("token-{n}"), secrets.seal(phone)],
                )?;
            }
            Ok(())
        })
        .unwrap();
    }

    /// Every phone as the key file now on disk opens it.
    fn phones_read_with(database: &Path, key_file: &Path) -> Vec<Option<String>> {
        let secrets = Secrets::load(key_file).unwrap();
        let conn = Connection::open(database).unwrap();
        let mut stmt = conn
            .prepare("SELECT phone_cipher FROM service_requests ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))
            .unwrap()
            .map(|sealed| secrets.open(&sealed.unwrap()))
            .collect()
    }

    fn all_phones() -> Vec<Option<String>> {
        PHONES.iter().map(|p| Some((*p).to_owned())).collect()
    }

    /// A crash after any step leaves a key file that reads every phone, and the command run
    /// again finishes the rotation.
    #[test]
    fn a_crash_between_any_two_steps_leaves_every_phone_readable() {
        let dir = tempfile::tempdir().unwrap();
        let (database, key_file) = (
            dir.path().join("linli.sqlite"),
            dir.path().join("linli.key"),
        );
        let legacy = Secrets::load_or_create(&key_file, MissingKey::Create).unwrap();
        let legacy_file = std::fs::read(&key_file).unwrap();
        database_with_phones(&database, &legacy);

        // A crash after step 1: the file holds the new and the old key, the database the old.
        let rotating = begin(&key_file, &legacy).unwrap();
        assert_eq!(std::fs::read(&key_file).unwrap().len(), 3 * 32);
        assert_eq!(phones_read_with(&database, &key_file), all_phones());

        // A crash after step 2: the database under the new key, the file still with both.
        let mut conn = Connection::open(&database).unwrap();
        let rotated = re_encrypt(&mut conn, &rotating).unwrap();
        drop(conn);
        assert_eq!(
            rotated,
            Rotated {
                phones: 3,
                unreadable: 0
            }
        );
        assert_eq!(phones_read_with(&database, &key_file), all_phones());
        std::fs::write(dir.path().join("old.key"), &legacy_file).unwrap();
        assert_eq!(
            phones_read_with(&database, &dir.path().join("old.key")),
            vec![None, None, None],
            "re-encrypted: the old key alone reads none"
        );

        // Run again after the crash: the rotation starts over from the two keys and finishes.
        let again = rotate_key(&database, &key_file).unwrap();
        assert_eq!(
            again,
            Rotated {
                phones: 3,
                unreadable: 0
            }
        );
        assert_eq!(
            std::fs::read(&key_file).unwrap().len(),
            2 * 32,
            "master and one key"
        );
        assert_eq!(phones_read_with(&database, &key_file), all_phones());
        let master = &std::fs::read(&key_file).unwrap()[..32];
        assert_eq!(master, legacy_file.as_slice(), "the master stays");
    }

    #[test]
    fn a_rotation_is_refused_without_a_whole_key_file_or_while_the_database_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let (database, key_file) = (
            dir.path().join("linli.sqlite"),
            dir.path().join("linli.key"),
        );
        let secrets = Secrets::load_or_create(&key_file, MissingKey::Create).unwrap();
        database_with_phones(&database, &secrets);
        let original = std::fs::read(&key_file).unwrap();

        let open = crate::Db::open(&database).unwrap();
        let refused = rotate_key(&database, &key_file).unwrap_err().to_string();
        assert!(refused.contains("in use"), "{refused}");
        assert_eq!(
            std::fs::read(&key_file).unwrap(),
            original,
            "the key is untouched"
        );
        drop(open);

        std::fs::write(&key_file, [1u8; 40]).unwrap();
        let refused = rotate_key(&database, &key_file).unwrap_err().to_string();
        assert!(refused.contains("not a Linli key file"), "{refused}");
        std::fs::remove_file(&key_file).unwrap();
        let refused = rotate_key(&database, &key_file).unwrap_err().to_string();
        assert!(refused.contains("is missing"), "{refused}");
        assert!(!key_file.exists(), "no key is made up");
        let refused = rotate_key(&dir.path().join("none.sqlite"), &key_file).unwrap_err();
        assert!(refused.to_string().contains("no database"), "{refused}");
    }
}
