//! Committee accounts and API keys: the district's first account, created once by `init` or the
//! sample and shown once, the members added for one community, and Open311 keys. Passwords are
//! stored only as argon2 hashes, keys only as SHA-256.

pub(crate) mod passwords;

use crate::audit::{Actor, Entry};
use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHasher};
use linli_api::{ApiKeyCreated, ApiKeyScope};
use rand::{Rng, RngCore};
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use crate::{AppError, Db};

/// The account created on first run; the password exists only in this value and on screen.
#[derive(Debug)]
pub struct FirstRunAccount {
    pub username: String,
    pub password: String,
}

/// A password of 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I), so it can
/// be read off a terminal and typed without mistakes.
fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..16)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

pub(crate) fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt_bytes = [0u8; 16];
    rand::rng().fill(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(AppError::internal)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(AppError::internal)
}

/// The district's first account (`admin`, district role, the shared account of a first run).
/// The password is generated unless the operator supplies one.
pub(crate) fn create_district_account(
    c: &Connection,
    display_name: &str,
    initial_password: Option<String>,
) -> Result<FirstRunAccount, AppError> {
    let account = FirstRunAccount {
        username: "admin".to_owned(),
        password: initial_password.unwrap_or_else(generate_password),
    };
    passwords::check(&account.username, &account.password)?;
    c.execute(
        "INSERT INTO users (username, display_name, password_hash, shared) VALUES (?1, ?2, ?3, 1)",
        params![
            account.username,
            display_name,
            hash_password(&account.password)?
        ],
    )?;
    c.execute(
        "INSERT INTO user_roles (username, community_id, role) VALUES (?1, '*', 'district_admin')",
        [&account.username],
    )?;
    Ok(account)
}

/// Adds a committee member for one community (used by `linli-server add-user`, operators'
/// scripts and tests). Refuses an empty username, a password under 10 characters, an unknown
/// community and a username already taken, storing nothing.
pub fn create_committee_account(
    db: &Db,
    username: &str,
    password: &str,
    community_id: &str,
) -> Result<(), AppError> {
    if username.trim().is_empty() || username.chars().count() > 64 {
        return Err(AppError::Unprocessable {
            code: "bad_username",
            message: "用户名为 1 到 64 个字符。A username is 1 to 64 characters.".into(),
        });
    }
    passwords::check(username, password)?;
    let hash = hash_password(password)?;
    db.run_blocking(|c| {
        let tx = crate::db::write_transaction(c)?;
        let (taken, known): (bool, bool) = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1),
                    EXISTS (SELECT 1 FROM communities WHERE id = ?2)",
            params![username, community_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if taken {
            return Err(AppError::Conflict(format!(
                "用户名 {username} 已被使用。The username {username} is taken."
            )));
        }
        if !known {
            return Err(AppError::Unprocessable {
                code: "unknown_community",
                message: format!(
                    "没有这个社区：{community_id}。No community has the id {community_id}."
                ),
            });
        }
        tx.execute(
            "INSERT INTO users (username, display_name, password_hash) VALUES (?1, ?1, ?2)",
            params![username, hash],
        )?;
        tx.execute(
            "INSERT INTO user_roles (username, community_id, role) VALUES (?1, ?2, 'committee')",
            params![username, community_id],
        )?;
        Entry::new("account.add")
            .community(Some(community_id))
            .subject(username)
            .detail(serde_json::json!({"role": "committee"}))
            .append(&tx, &Actor::command_line())?;
        tx.commit()?;
        Ok(())
    })
}

pub(crate) fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The short id a key is listed and revoked by: the start of its hash.
pub(crate) fn key_id(sha256: &str) -> String {
    sha256.chars().take(12).collect()
}

/// Creates an Open311 API key for what `scope` allows and stores its hash; returns the key
/// itself, shown once.
pub(crate) fn create_api_key(
    c: &Connection,
    label: &str,
    scope: ApiKeyScope,
) -> Result<ApiKeyCreated, AppError> {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    let key = hex::encode(bytes);
    let hash = sha256_hex(&key);
    c.execute(
        "INSERT INTO api_keys (key_sha256, label, created_at, scope)
         VALUES (?1, ?2, datetime('now'), ?3)",
        params![hash, label, scope.as_str()],
    )?;
    Ok(ApiKeyCreated {
        id: key_id(&hash),
        label: label.to_owned(),
        key,
        scope,
    })
}
