//! The server's own secret: encrypts reporters' phone numbers at rest, derives private
//! tracking secrets and hashes voting codes. It lives in a key file beside the database (mode
//! 0600), so a copy of the database alone reveals none of them.
//!
//! The file is the 32-byte master key, from which every hash and tracking secret is derived,
//! followed by the phone-sealing keys, 32 bytes each: the first seals, every one is tried when
//! opening. A file of the master alone (every file before `rotate-key`) seals with a key derived
//! from the master, so a rotation (`key_rotation.rs`) replaces the sealing key and nothing else.

use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;

pub struct Secrets {
    master: [u8; KEY_BYTES],
    /// The first seals; all are tried when opening. Never empty.
    sealing: Vec<[u8; KEY_BYTES]>,
}

/// What [`Secrets::load_or_create`] does when the key file is not there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingKey {
    /// Write a new key: a new database, or an operator who chose to give up what the lost key
    /// sealed.
    Create,
    /// Stop: the database holds data that only the missing key can read.
    Refuse,
}

#[derive(Debug)]
pub enum KeyError {
    /// The key file is not there. Its message is `serve`'s: beside a database that holds data.
    Missing(std::path::PathBuf),
    /// The file is there but is not a key file: not a whole number of 32-byte keys.
    Malformed(std::path::PathBuf),
    Io(std::io::Error),
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyError::Missing(path) => write!(
                f,
                "the key file {} is missing, but the database already holds reports or voting \
                 codes. Without the \
                 key it was made with, reporters' phone numbers, private tracking links and \
                 unspent voting codes cannot be read or checked. Restore {} from the backup \
                 taken with the database (or copy it from the old machine), then start again. \
                 Only if the key is lost for good: start with --replace-lost-key, and every \
                 one of those becomes unreadable. \
                 密钥文件缺失，而数据库中已有数据：请从备份恢复该密钥文件后再启动。",
                path.display(),
                path.file_name()
                    .map_or("the key file".into(), |n| n.to_string_lossy()),
            ),
            KeyError::Malformed(path) => write!(
                f,
                "{} is not a Linli key file (32 bytes, or 32 more for each phone-sealing key): \
                 restore it from the copy kept apart. 密钥文件已损坏，请从备份恢复。",
                path.display()
            ),
            KeyError::Io(error) => write!(f, "cannot read or write the key file: {error}"),
        }
    }
}

impl std::error::Error for KeyError {}

/// Whether the database holds anything that only its key can read or check: reports (their
/// phone numbers are sealed, their tracking links derived), voting codes, open polls' devices.
/// The sample data and committee accounts need no key, so a database that `add-user` or an
/// import created before the first `serve` still starts with a new one.
pub fn database_holds_keyed_data(db: &crate::Db) -> Result<bool, crate::AppError> {
    db.run_blocking(|c| {
        Ok(c.query_row(
            "SELECT EXISTS (SELECT 1 FROM service_requests)
                 OR EXISTS (SELECT 1 FROM voting_codes)
                 OR EXISTS (SELECT 1 FROM poll_devices)",
            [],
            |r| r.get(0),
        )?)
    })
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

impl Secrets {
    /// Reads the key file. When there is none, a fresh random key is written only if
    /// `when_missing` allows it: a new key cannot read what the lost one sealed, so over a
    /// database that already holds data a missing key is an error to mend, not to paper over.
    pub fn load_or_create(path: &Path, when_missing: MissingKey) -> Result<Secrets, KeyError> {
        match Secrets::load(path) {
            Err(KeyError::Missing(_)) => {}
            loaded => return loaded,
        }
        if when_missing == MissingKey::Refuse {
            return Err(KeyError::Missing(path.to_owned()));
        }
        let secrets = Secrets::random();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(KeyError::Io)?;
        }
        write_private(path, &secrets.master).map_err(KeyError::Io)?;
        Ok(secrets)
    }

    /// Reads the key file, which must be there: `Missing` when it is not.
    pub fn load(path: &Path) -> Result<Secrets, KeyError> {
        match std::fs::read(path) {
            Ok(bytes) => {
                Secrets::from_file_bytes(&bytes).ok_or_else(|| KeyError::Malformed(path.to_owned()))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Err(KeyError::Missing(path.to_owned()))
            }
            Err(error) => Err(KeyError::Io(error)),
        }
    }

    /// The master, then the sealing keys; the master alone seals with a key derived from it.
    fn from_file_bytes(bytes: &[u8]) -> Option<Secrets> {
        if bytes.is_empty() || !bytes.len().is_multiple_of(KEY_BYTES) {
            return None;
        }
        let mut keys = bytes
            .chunks_exact(KEY_BYTES)
            .map(|chunk| <[u8; KEY_BYTES]>::try_from(chunk).expect("chunks of KEY_BYTES"));
        let master = keys.next()?;
        let sealing: Vec<_> = keys.collect();
        Some(if sealing.is_empty() {
            Secrets::with_derived_sealing_key(master)
        } else {
            Secrets { master, sealing }
        })
    }

    /// What the key file holds: the master, then every sealing key, the one that seals first.
    pub(crate) fn file_bytes(&self) -> Vec<u8> {
        let mut bytes = self.master.to_vec();
        for key in &self.sealing {
            bytes.extend_from_slice(key);
        }
        bytes
    }

    fn with_derived_sealing_key(master: [u8; KEY_BYTES]) -> Secrets {
        let mut secrets = Secrets {
            master,
            sealing: Vec::new(),
        };
        secrets.sealing.push(secrets.derived("phone-encryption"));
        secrets
    }

    /// The same master and a new random sealing key that seals from now on, the current ones
    /// kept behind it for opening: step one of a rotation.
    pub(crate) fn with_new_sealing_key(&self) -> Secrets {
        let mut sealing = vec![random_key()];
        sealing.extend_from_slice(&self.sealing);
        Secrets {
            master: self.master,
            sealing,
        }
    }

    /// The same master with only the sealing key that seals: the last step of a rotation.
    pub(crate) fn without_old_sealing_keys(&self) -> Secrets {
        Secrets {
            master: self.master,
            sealing: self.sealing[..1].to_vec(),
        }
    }

    /// How many sealing keys are tried when opening.
    pub(crate) fn sealing_keys(&self) -> usize {
        self.sealing.len()
    }

    /// A key that lives only in memory: for tests and exports, which never decrypt old data.
    pub fn random() -> Secrets {
        Secrets::with_derived_sealing_key(random_key())
    }

    fn derived(&self, label: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.master).expect("any key length");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Encrypts `plain` under the first sealing key; the output is nonce followed by ciphertext.
    pub(crate) fn seal(&self, plain: &str) -> Vec<u8> {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.sealing[0]));
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let mut sealed = nonce.to_vec();
        sealed.extend(
            cipher
                .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
                .expect("encryption of a short text cannot fail"),
        );
        sealed
    }

    /// Decrypts what [`Secrets::seal`] produced under any of the sealing keys; `None` for
    /// anything else.
    pub fn open(&self, sealed: &[u8]) -> Option<String> {
        if sealed.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_BYTES);
        self.sealing.iter().find_map(|key| {
            let cipher = ChaCha20Poly1305::new(Key::from_slice(key));
            let plain = cipher.decrypt(Nonce::from_slice(nonce), ciphertext).ok()?;
            String::from_utf8(plain).ok()
        })
    }

    /// The private tracking secret of the request with this public token.
    pub(crate) fn tracking_secret(&self, token: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.derived("tracking"))
            .expect("any key length");
        mac.update(token.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    /// The keyed hash under which a voting code is stored: without the key file, a copy of the
    /// database cannot be searched for codes, not even by trying all of them.
    pub(crate) fn voting_code_hash(&self, code: &linli_core::voting_code::VotingCode) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.derived("voting-code"))
            .expect("any key length");
        mac.update(code.as_str().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The keyed hash under which an open poll remembers that a device has voted: per ballot, so
    /// the same browser cannot be followed from one poll to the next.
    pub(crate) fn poll_device_hash(&self, ballot_id: &str, device: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.derived("poll-device"))
            .expect("any key length");
        mac.update(ballot_id.as_bytes());
        mac.update(&[0]);
        mac.update(device.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The keyed hash under which a vote's idempotency key names its receipt: per ballot and per
    /// voter (the code, or an open poll's device id), so one key never answers for another code.
    pub(crate) fn vote_resend_hash(&self, ballot_id: &str, voter: &str, key: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.derived("vote-resend"))
            .expect("any key length");
        for part in [ballot_id, voter] {
            mac.update(part.as_bytes());
            mac.update(&[0]);
        }
        mac.update(key.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The keyed hash under which a kiosk's pairing code is stored while it waits: the codes
    /// are short, so a plain hash of one could be reversed by trying them all.
    pub(crate) fn kiosk_pairing_hash(&self, code: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.derived("kiosk-pairing"))
            .expect("any key length");
        mac.update(code.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Compares in constant time, so response timing reveals nothing about the secret.
    pub(crate) fn tracking_secret_matches(&self, token: &str, given: &str) -> bool {
        let expected = self.tracking_secret(token);
        expected.len() == given.len()
            && expected
                .bytes()
                .zip(given.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

fn random_key() -> [u8; KEY_BYTES] {
    let mut key = [0u8; KEY_BYTES];
    rand::rng().fill_bytes(&mut key);
    key
}

/// Replaces the key file with `secrets` so that a crash leaves the old file or the new one,
/// never a part: written beside it under a hidden name (mode 0600), synced, renamed over it,
/// and the rename synced.
pub(crate) fn replace_key_file(path: &Path, secrets: &Secrets) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.partial"));
    // A partial file left by a crash is only ever a copy of keys the real file also holds.
    let _ = std::fs::remove_file(&partial);
    write_private(&partial, &secrets.file_bytes())?;
    std::fs::File::open(&partial)?.sync_all()?;
    std::fs::rename(&partial, path)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // Not every platform can open a folder to sync it; the rename stands.
        let _ = std::fs::File::open(parent).and_then(|dir| dir.sync_all());
    }
    Ok(())
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_round_trip_and_do_not_appear_in_the_ciphertext() {
        let secrets = Secrets::random();
        let sealed = secrets.seal("13800138000");
        assert!(!String::from_utf8_lossy(&sealed).contains("13800138000"));
        assert_eq!(secrets.open(&sealed).as_deref(), Some("13800138000"));
        assert_eq!(
            Secrets::random().open(&sealed),
            None,
            "another key cannot read it"
        );
        assert_eq!(secrets.open(b"short"), None);
    }

    /// Issue #23: a missing key was silently replaced, so a database restored or moved without
    /// it lost every phone number, tracking link and unspent voting code without a word.
    #[test]
    fn a_missing_key_is_refused_unless_a_new_one_is_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("linli.key");
        let refused = Secrets::load_or_create(&path, MissingKey::Refuse).unwrap_err();
        assert!(matches!(refused, KeyError::Missing(_)));
        assert!(
            refused.to_string().contains("Restore linli.key"),
            "{refused}"
        );
        assert!(!path.exists(), "nothing is written when refused");
        let created = Secrets::load_or_create(&path, MissingKey::Create).unwrap();
        let read = Secrets::load_or_create(&path, MissingKey::Refuse).unwrap();
        assert_eq!(created.tracking_secret("t"), read.tracking_secret("t"));
    }

    /// Every key file written before `rotate-key` is the master alone, and its phones were
    /// sealed under the key derived from it: they must open exactly as before.
    #[test]
    fn a_master_alone_seals_with_the_key_derived_from_it_as_before() {
        let master = [7u8; KEY_BYTES];
        let legacy = Secrets::from_file_bytes(&master).unwrap();
        let derived = {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&master).unwrap();
            mac.update(b"phone-encryption");
            let key: [u8; 32] = mac.finalize().into_bytes().into();
            key
        };
        let sealed = legacy.seal("13800138000");
        let (nonce, ciphertext) = sealed.split_at(NONCE_BYTES);
        let plain = ChaCha20Poly1305::new(Key::from_slice(&derived))
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .unwrap();
        assert_eq!(plain, b"13800138000");
        // Written out, the derived key is spelled out after the master, and opens the same.
        let written = Secrets::from_file_bytes(&legacy.file_bytes()).unwrap();
        assert_eq!(written.open(&sealed).as_deref(), Some("13800138000"));
    }

    #[test]
    fn a_new_sealing_key_seals_and_the_old_ones_only_open() {
        let old = Secrets::random();
        let sealed_before = old.seal("13800138000");
        let both = old.with_new_sealing_key();
        let sealed_after = both.seal("13900139000");
        assert_eq!(both.open(&sealed_before).as_deref(), Some("13800138000"));
        assert_eq!(old.open(&sealed_after), None, "sealed under the new key");
        let new_only = both.without_old_sealing_keys();
        assert_eq!(new_only.open(&sealed_after).as_deref(), Some("13900139000"));
        assert_eq!(new_only.open(&sealed_before), None);
        assert_eq!((both.sealing_keys(), new_only.sealing_keys()), (2, 1));
        assert_eq!(
            new_only.tracking_secret("t"),
            old.tracking_secret("t"),
            "the master, and all it derives, stays"
        );
        let read_back = Secrets::from_file_bytes(&both.file_bytes()).unwrap();
        assert_eq!(
            read_back.open(&sealed_before).as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            read_back.open(&sealed_after).as_deref(),
            Some("13900139000")
        );
    }

    #[test]
    fn a_key_file_that_is_not_whole_keys_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("linli.key");
        for bytes in [&[][..], &[1u8; 31][..], &[1u8; 33][..], &[1u8; 65][..]] {
            std::fs::write(&path, bytes).unwrap();
            let refused = Secrets::load_or_create(&path, MissingKey::Create).unwrap_err();
            assert!(
                matches!(refused, KeyError::Malformed(_)),
                "{} bytes",
                bytes.len()
            );
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "left as it was");
        }
    }

    #[test]
    fn a_replaced_key_file_is_private_and_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("linli.key");
        let first = Secrets::load_or_create(&path, MissingKey::Create).unwrap();
        let rotated = first.with_new_sealing_key();
        replace_key_file(&path, &rotated).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), rotated.file_bytes());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only the key file");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn the_key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("linli.key");
        let first = Secrets::load_or_create(&path, MissingKey::Create).unwrap();
        let again = Secrets::load_or_create(&path, MissingKey::Create).unwrap();
        assert_eq!(first.tracking_secret("t"), again.tracking_secret("t"));
        assert!(again.tracking_secret_matches("t", &first.tracking_secret("t")));
        assert!(!again.tracking_secret_matches("t", "0000"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
