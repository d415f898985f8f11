//! The district a database serves, set once: by `linli-server init` for a deployment (the
//! district's account and nothing else), or by the labelled sample for a first look. Until then
//! the server refuses to start, so a deployment never fills itself with sample data by accident.
//! [`remove_sample`] takes every sample row out again, in one transaction.

use linli_core::district::{Bounds, DistrictCode, TONGZHOU_BOUNDS};
use rusqlite::{Connection, OptionalExtension, params};

use crate::accounts::{FirstRunAccount, create_district_account};
use crate::audit::{Actor, Entry};
use crate::{AppError, Db};

/// What a deployment says about its district.
#[derive(Clone, Debug, PartialEq)]
pub struct District {
    pub code: DistrictCode,
    pub name_zh: String,
    pub name_en: String,
    pub bounds: Bounds,
}

impl District {
    /// The sample's district, 通州区.
    pub fn tongzhou() -> District {
        District {
            code: DistrictCode::parse("110112").expect("a county code"),
            name_zh: "通州区".to_owned(),
            name_en: "Tongzhou District".to_owned(),
            bounds: TONGZHOU_BOUNDS,
        }
    }

    /// The district `init` was given; the bounds may be left out for 110112 only, whose box
    /// Linli knows.
    pub fn from_flags(
        code: &str,
        name_zh: &str,
        name_en: &str,
        bounds: Option<&str>,
    ) -> Result<District, String> {
        let code = DistrictCode::parse(code)?;
        let (name_zh, name_en) = (name_zh.trim(), name_en.trim());
        if name_zh.is_empty() || name_en.is_empty() || name_zh.chars().count() > 40 {
            return Err("区名（中文与英文）各为 1 到 40 个字。\
                 The district's names (Chinese and English) are 1 to 40 characters each."
                .to_owned());
        }
        let bounds = match bounds {
            Some(text) => Bounds::parse(text)?,
            None if code.as_str() == "110112" => TONGZHOU_BOUNDS,
            None => {
                return Err(format!(
                    "请用 --bounds 西,南,东,北 给出 {code} 的经纬度范围。\
                     Give {code}'s extent with --bounds west,south,east,north (WGS-84 degrees)."
                ));
            }
        };
        Ok(District {
            code,
            name_zh: name_zh.to_owned(),
            name_en: name_en.to_owned(),
            bounds,
        })
    }
}

/// One value of the `settings` table, if it was ever set.
pub(crate) fn setting(c: &Connection, key: &str) -> Result<Option<String>, AppError> {
    Ok(
        c.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?,
    )
}

/// The district this database serves, or `None` before `init` (or the sample) set it.
pub fn read(c: &Connection) -> Result<Option<District>, AppError> {
    let Some(code) = setting(c, "district_code")? else {
        return Ok(None);
    };
    let stored = |key: &str| -> Result<String, AppError> {
        setting(c, key)?.ok_or_else(|| AppError::internal(format!("settings lack {key}")))
    };
    Ok(Some(District {
        code: DistrictCode::parse(&code).map_err(AppError::internal)?,
        name_zh: stored("district_name_zh")?,
        name_en: stored("district_name_en")?,
        bounds: Bounds::parse(&stored("district_bounds")?).map_err(AppError::internal)?,
    }))
}

/// Whether the data is the generated sample, as recorded when it was loaded.
pub(crate) fn is_sample(c: &Connection) -> Result<bool, AppError> {
    Ok(setting(c, "sample_data")?.as_deref() == Some("true"))
}

/// [`read`] for the command line.
pub fn read_blocking(db: &Db) -> Result<Option<District>, AppError> {
    db.run_blocking(|c| read(c))
}

/// Whether the database holds the labelled sample.
pub fn holds_sample(db: &Db) -> Result<bool, AppError> {
    db.run_blocking(|c| is_sample(c))
}

/// The district, for the code that runs only once one is set (the server refuses to start
/// before).
pub(crate) fn current(c: &Connection) -> Result<District, AppError> {
    read(c)?.ok_or_else(|| AppError::internal("the database has no district: run init"))
}

/// Records the district, creates its first account and the SPA's API key: what every start,
/// sample or real, begins with. Runs inside the caller's transaction.
pub(crate) fn set_up(
    c: &Connection,
    district: &District,
    initial_password: Option<String>,
) -> Result<FirstRunAccount, AppError> {
    for (key, value) in [
        ("district_code", district.code.to_string()),
        ("district_name_zh", district.name_zh.clone()),
        ("district_name_en", district.name_en.clone()),
        ("district_bounds", district.bounds.to_text()),
    ] {
        c.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
    }
    let account =
        create_district_account(c, &format!("{}管理员", district.name_zh), initial_password)?;
    // The SPA's own Open311 key: public by nature (it ships to every browser), revocable.
    let spa_key = crate::accounts::create_api_key(c, "Linli SPA", linli_api::ApiKeyScope::Client)?;
    c.execute(
        "INSERT INTO settings (key, value) VALUES ('spa_api_key', ?1)",
        [&spa_key.key],
    )?;
    Ok(account)
}

/// `linli-server init`: an empty deployment for `district`, its account and nothing else.
/// Refuses a database that already serves a district (or holds the sample).
pub fn init(
    db: &Db,
    district: &District,
    initial_password: Option<String>,
) -> Result<FirstRunAccount, AppError> {
    db.run_blocking(|c| {
        let tx = crate::db::write_transaction(c)?;
        if let Some(existing) = read(&tx)? {
            return Err(AppError::Conflict(format!(
                "这个数据库已初始化为{}（{}），没有改动。\
                 This database is already set up for {} ({}); nothing was changed.",
                existing.name_zh, existing.code, existing.name_en, existing.code
            )));
        }
        let account = set_up(&tx, district, initial_password)?;
        Entry::new("district.init")
            .subject(district.code.to_string())
            .detail(serde_json::json!({
                "name_zh": district.name_zh,
                "name_en": district.name_en,
                "account": account.username,
            }))
            .append(&tx, &Actor::command_line())?;
        tx.commit()?;
        Ok(account)
    })
}

/// What [`remove_sample`] took out, table by table, for the command to print.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RemovedSample {
    pub tables: Vec<(&'static str, usize)>,
}

impl RemovedSample {
    pub fn rows(&self) -> usize {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// Every statement that removes the sample, in an order the foreign keys accept: what was done
/// on the sample (reports, votes, kiosk pairings) goes with it. `{S}` stands for the sample's communities.
const REMOVE_SAMPLE: &[(&str, &str)] = &[
    (
        "ballot_events",
        "DELETE FROM ballot_events WHERE ballot_id IN (SELECT id FROM ballots WHERE community_id IN {S})",
    ),
    (
        "paper_keyings",
        "DELETE FROM paper_keyings WHERE paper_id IN (SELECT id FROM paper_ballots WHERE ballot_id IN (SELECT id FROM ballots WHERE community_id IN {S}))",
    ),
    (
        "paper_ballots",
        "DELETE FROM paper_ballots WHERE ballot_id IN (SELECT id FROM ballots WHERE community_id IN {S})",
    ),
    (
        "code_requests",
        "DELETE FROM code_requests WHERE ballot_id IN (SELECT id FROM ballots WHERE community_id IN {S})",
    ),
    (
        "vote_resends",
        "DELETE FROM vote_resends WHERE ballot_id IN (SELECT id FROM ballots WHERE community_id IN {S})",
    ),
    (
        "votes",
        "DELETE FROM votes WHERE ballot_id IN (SELECT id FROM ballots WHERE community_id IN {S})",
    ),
    (
        "poll_devices",
        "DELETE FROM poll_devices WHERE ballot_id IN (SELECT id FROM ballots WHERE community_id IN {S})",
    ),
    (
        "voting_codes",
        "DELETE FROM voting_codes WHERE ballot_id IN (SELECT id FROM ballots WHERE community_id IN {S})",
    ),
    (
        "projects",
        "DELETE FROM projects WHERE ballot_id IN (SELECT id FROM ballots WHERE community_id IN {S})",
    ),
    ("ballots", "DELETE FROM ballots WHERE community_id IN {S}"),
    (
        "library_projects",
        "DELETE FROM library_projects WHERE community_id IN {S}",
    ),
    (
        "case_outbox",
        "DELETE FROM case_outbox WHERE request_id IN (SELECT id FROM service_requests WHERE community_id IN {S} OR component_code IN (SELECT code FROM components WHERE sample_data = 1))",
    ),
    (
        "message_outbox",
        "DELETE FROM message_outbox WHERE request_id IN (SELECT id FROM service_requests WHERE community_id IN {S} OR component_code IN (SELECT code FROM components WHERE sample_data = 1))",
    ),
    (
        "request_updates",
        "DELETE FROM request_updates WHERE request_id IN (SELECT id FROM service_requests WHERE community_id IN {S} OR component_code IN (SELECT code FROM components WHERE sample_data = 1))",
    ),
    (
        "request_photos",
        "DELETE FROM request_photos WHERE request_id IN (SELECT id FROM service_requests WHERE community_id IN {S} OR component_code IN (SELECT code FROM components WHERE sample_data = 1))",
    ),
    (
        "request_supporters",
        "DELETE FROM request_supporters WHERE request_id IN (SELECT id FROM service_requests WHERE community_id IN {S} OR component_code IN (SELECT code FROM components WHERE sample_data = 1))",
    ),
    (
        "service_requests",
        "DELETE FROM service_requests WHERE community_id IN {S} OR component_code IN (SELECT code FROM components WHERE sample_data = 1)",
    ),
    ("kiosks", "DELETE FROM kiosks WHERE community_id IN {S}"),
    (
        "user_roles",
        "DELETE FROM user_roles WHERE community_id IN {S}",
    ),
    // A member whose only community was the sample's can do nothing any more.
    (
        "sessions",
        "DELETE FROM sessions WHERE username NOT IN (SELECT username FROM user_roles)",
    ),
    (
        "users",
        "DELETE FROM users WHERE username NOT IN (SELECT username FROM user_roles)",
    ),
    (
        "walking_graphs",
        "DELETE FROM walking_graphs WHERE community_id IN {S}",
    ),
    (
        "service_points",
        "DELETE FROM service_points WHERE sample_data = 1",
    ),
    ("buildings", "DELETE FROM buildings WHERE sample_data = 1"),
    ("components", "DELETE FROM components WHERE sample_data = 1"),
    (
        "maintainer_units",
        "DELETE FROM maintainer_units WHERE sample_data = 1",
    ),
    (
        "communities",
        "DELETE FROM communities WHERE sample_data = 1",
    ),
    ("streets", "DELETE FROM streets WHERE sample_data = 1"),
    ("settings", "DELETE FROM settings WHERE key = 'sample_data'"),
];

/// A district's own rows that lean on a sample row: removing the sample would orphan them, so
/// [`remove_sample`] refuses while any is there and says which.
const OWN_ROWS_ON_SAMPLE: &[(&str, &str)] = &[
    (
        "components",
        "SELECT count(*) FROM components WHERE sample_data = 0 AND (community_id IN {S} OR unit_id IN (SELECT id FROM maintainer_units WHERE sample_data = 1))",
    ),
    (
        "buildings",
        "SELECT count(*) FROM buildings WHERE sample_data = 0 AND community_id IN {S}",
    ),
    (
        "service_points",
        "SELECT count(*) FROM service_points WHERE sample_data = 0 AND community_id IN {S}",
    ),
    (
        "communities",
        "SELECT count(*) FROM communities WHERE sample_data = 0 AND street_id IN (SELECT id FROM streets WHERE sample_data = 1)",
    ),
];

const SAMPLE_COMMUNITIES: &str = "(SELECT id FROM communities WHERE sample_data = 1)";

/// `linli-server remove-sample`: every sample row and everything done on them, all or nothing.
/// The district, its accounts and API keys stay.
pub fn remove_sample(db: &Db) -> Result<RemovedSample, AppError> {
    db.run_blocking(|c| {
        let tx = crate::db::write_transaction(c)?;
        let mut leaning = Vec::new();
        for (table, query) in OWN_ROWS_ON_SAMPLE {
            let sql = query.replace("{S}", SAMPLE_COMMUNITIES);
            let count: usize = tx.query_row(&sql, [], |r| r.get(0))?;
            if count > 0 {
                leaning.push(format!("{table} {count}"));
            }
        }
        if !leaning.is_empty() {
            let list = leaning.join(", ");
            return Err(AppError::Conflict(format!(
                "区里自己的数据挂在示例数据上（{list}），示例数据未删除：请先把它们移到自己的社区或养护单位。\
                 The district's own rows lean on the sample ({list}); nothing was removed: move them to \
                 the district's own communities or units first."
            )));
        }
        let mut removed = RemovedSample::default();
        for (table, statement) in REMOVE_SAMPLE {
            let sql = statement.replace("{S}", SAMPLE_COMMUNITIES);
            let count = tx.execute(&sql, [])?;
            if count > 0 {
                removed.tables.push((table, count));
            }
        }
        let tables: serde_json::Map<String, serde_json::Value> = removed
            .tables
            .iter()
            .map(|(table, n)| ((*table).to_owned(), (*n).into()))
            .collect();
        Entry::new("district.remove_sample")
            .detail(serde_json::json!({ "rows": tables }))
            .append(&tx, &Actor::command_line())?;
        tx.commit()?;
        Ok(removed)
    })
}
