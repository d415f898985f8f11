//! Loads the generated Tongzhou sample data into an empty database, and creates the first
//! committee account, whose password is shown once and stored only as an argon2 hash.

use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHasher};
use linli_api::{BallotKind, BallotStatus, ComponentState};
use rand::Rng;
use rusqlite::{Connection, params};

use crate::seed::SampleData;
use crate::{AppError, Db};

/// The account created on first run; the password exists only in this value and on screen.
#[derive(Debug)]
pub struct FirstRunAccount {
    pub username: String,
    pub password: String,
}

/// If the database has no communities yet, loads `data` and creates the district account, all
/// in one transaction. Returns the account when it was created (first run only). The password is
/// generated unless the operator supplies one (`LINLI_ADMIN_PASSWORD`, for scripted set-ups).
pub fn load_sample_if_empty(
    db: &Db,
    data: &SampleData,
    initial_password: Option<String>,
) -> Result<Option<FirstRunAccount>, AppError> {
    db.run_blocking(|conn| {
        let count: i64 = conn.query_row("SELECT count(*) FROM communities", [], |r| r.get(0))?;
        if count > 0 {
            return Ok(None);
        }
        let tx = conn.transaction()?;
        insert_sample(&tx, data)?;
        let account = create_district_account(&tx, initial_password)?;
        // The SPA's own Open311 key: public by nature (it ships to every browser), revocable.
        let spa_key = crate::admin::create_api_key(&tx, "Linli SPA")?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('spa_api_key', ?1)",
            [&spa_key.key],
        )?;
        tx.commit()?;
        Ok(Some(account))
    })
}

fn insert_sample(c: &Connection, data: &SampleData) -> Result<(), AppError> {
    c.execute(
        "INSERT INTO settings (key, value) VALUES ('sample_data', 'true')",
        [],
    )?;
    for m in &data.communities {
        c.execute(
            "INSERT INTO communities (id, name_zh, name_en, street_zh, street_en)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![m.id, m.name_zh, m.name_en, m.street_zh, m.street_en],
        )?;
    }
    for k in &data.components {
        let state = match k.state {
            ComponentState::Normal => "normal",
            ComponentState::BeingRepaired => "being_repaired",
        };
        c.execute(
            "INSERT INTO components (code, name, community_id, lat, lon, address,
                maintainer_unit, maintainer_phone, state, sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1)",
            params![
                k.code.as_str(),
                k.name,
                k.community_id,
                k.location.lat,
                k.location.lon,
                k.address,
                k.maintainer.unit,
                k.maintainer.phone,
                state
            ],
        )?;
    }
    for b in &data.buildings {
        c.execute(
            "INSERT INTO buildings (code, name, community_id, lat, lon, address, households)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                b.code,
                b.name,
                b.community_id,
                b.location.lat,
                b.location.lon,
                b.address,
                b.households
            ],
        )?;
    }
    for (community_id, s) in &data.services {
        c.execute(
            "INSERT INTO service_points (id, community_id, name, category, lat, lon, address,
                phone, opening_hours, step_free)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                s.id,
                community_id,
                s.name,
                s.category,
                s.location.lat,
                s.location.lon,
                s.address,
                s.phone,
                s.opening_hours,
                s.step_free
            ],
        )?;
    }
    for g in &data.graphs {
        c.execute(
            "INSERT INTO walking_graphs (community_id, nodes_json, edges_json) VALUES (?1, ?2, ?3)",
            params![
                g.community_id,
                serde_json::to_string(&g.nodes).map_err(AppError::internal)?,
                serde_json::to_string(&g.edges).map_err(AppError::internal)?
            ],
        )?;
    }
    for ballot in &data.ballots {
        let s = &ballot.summary;
        let status = match s.status {
            BallotStatus::Draft => "draft",
            BallotStatus::Open => "open",
            BallotStatus::Closed => "closed",
        };
        let kind = match s.kind {
            BallotKind::Approval => "approval",
            BallotKind::Budget => "budget",
        };
        c.execute(
            "INSERT INTO ballots (id, community_id, title, explanation, status, kind, opens_at,
                closes_at, budget_yuan, min_choices, max_choices, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                s.id,
                s.community_id,
                s.title,
                ballot.explanation,
                status,
                kind,
                s.opens_at,
                s.closes_at,
                ballot.budget_yuan,
                ballot.min_choices,
                ballot.max_choices,
                ballot.rule
            ],
        )?;
        for (position, p) in ballot.projects.iter().enumerate() {
            c.execute(
                "INSERT INTO projects (ballot_id, id, position, title, summary, theme, cost_yuan)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    s.id,
                    p.id,
                    position,
                    p.title,
                    p.summary,
                    p.theme,
                    p.cost_yuan
                ],
            )?;
        }
    }
    Ok(())
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

fn create_district_account(
    c: &Connection,
    initial_password: Option<String>,
) -> Result<FirstRunAccount, AppError> {
    let account = FirstRunAccount {
        username: "admin".to_owned(),
        password: initial_password.unwrap_or_else(generate_password),
    };
    c.execute(
        "INSERT INTO users (username, display_name, password_hash, shared) VALUES (?1, ?2, ?3, 1)",
        params![
            account.username,
            "通州区管理员",
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
    if password.chars().count() < 10 {
        return Err(AppError::Unprocessable {
            code: "weak_password",
            message: "密码至少 10 个字符。A password needs at least 10 characters.".into(),
        });
    }
    let hash = hash_password(password)?;
    db.run_blocking(|c| {
        let tx = c.transaction()?;
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
        tx.commit()?;
        Ok(())
    })
}
