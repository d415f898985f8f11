//! The server's own secret: encrypts reporters' phone numbers at rest, derives private
//! tracking secrets and hashes voting codes. It lives in a key file beside the database (mode
//! 0600), so a copy of the database alone reveals none of them.

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
    /// The key file is missing beside a database that holds data.
    Missing(std::path::PathBuf),
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
        match std::fs::read(path) {
            Ok(bytes) => {
                let master: [u8; KEY_BYTES] = bytes.as_slice().try_into().map_err(|_| {
                    KeyError::Io(std::io::Error::other(format!(
                        "{} is not a {KEY_BYTES}-byte key",
                        path.display()
                    )))
                })?;
                return Ok(Secrets { master });
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(KeyError::Io(error)),
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

    /// A key that lives only in memory: for tests and exports, which never decrypt old data.
    pub fn random() -> Secrets {
        let mut master = [0u8; KEY_BYTES];
        rand::rng().fill_bytes(&mut master);
        Secrets { master }
    }

    fn derived(&self, label: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.master).expect("any key length");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Encrypts `plain`; the output is nonce followed by ciphertext.
    pub(crate) fn seal(&self, plain: &str) -> Vec<u8> {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.derived("phone-encryption")));
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

    /// Decrypts what [`Secrets::seal`] produced with the same key; `None` for anything else.
    pub fn open(&self, sealed: &[u8]) -> Option<String> {
        if sealed.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_BYTES);
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.derived("phone-encryption")));
        let plain = cipher.decrypt(Nonce::from_slice(nonce), ciphertext).ok()?;
        String::from_utf8(plain).ok()
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
