//! Loads the generated Tongzhou sample data (示例数据) into a database that serves no district
//! yet: a newcomer's first look (`./linli run`, `linli-server init --sample`).

use linli_api::{BallotKind, BallotStatus, ComponentState};
use rusqlite::{Connection, params};

use crate::accounts::FirstRunAccount;
use crate::district::{self, District};
use crate::seed::SampleData;
use crate::{AppError, Db};

/// If the database serves no district yet, sets it up for 通州区 with `data`, all in one
/// transaction, and returns the district account (shown once). A database that already serves
/// a district, sample or real, is left as it is (`None`). The password is generated unless the
/// operator supplies one (`LINLI_ADMIN_PASSWORD`, for scripted set-ups).
pub fn load_sample_if_empty(
    db: &Db,
    data: &SampleData,
    initial_password: Option<String>,
) -> Result<Option<FirstRunAccount>, AppError> {
    db.run_blocking(|conn| {
        if district::read(conn)?.is_some() {
            return Ok(None);
        }
        let tx = crate::db::write_transaction(conn)?;
        let account = district::set_up(&tx, &District::tongzhou(), initial_password)?;
        insert_sample(&tx, data)?;
        tx.commit()?;
        Ok(Some(account))
    })
}

/// Every row is flagged `sample_data`, so `remove-sample` finds it again.
fn insert_sample(c: &Connection, data: &SampleData) -> Result<(), AppError> {
    c.execute(
        "INSERT INTO settings (key, value) VALUES ('sample_data', 'true')",
        [],
    )?;
    for m in &data.communities {
        c.execute(
            "INSERT INTO streets (id, name_zh, name_en, sample_data) VALUES (?1, ?2, ?3, 1)
             ON CONFLICT (id) DO NOTHING",
            params![m.street_id, m.street_zh, m.street_en],
        )?;
        c.execute(
            "INSERT INTO communities (id, name_zh, name_en, street_id, sample_data)
             VALUES (?1, ?2, ?3, ?4, 1)",
            params![m.id, m.name_zh, m.name_en, m.street_id],
        )?;
    }
    // One unit per distinct maintainer, numbered in order of first appearance.
    let mut units: Vec<(&str, &str)> = Vec::new();
    for k in &data.components {
        let unit = (k.maintainer.unit.as_str(), k.maintainer.phone.as_str());
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    for (index, (name, phone)) in units.iter().enumerate() {
        let classes: std::collections::BTreeSet<&str> = data
            .components
            .iter()
            .filter(|k| {
                (k.maintainer.unit.as_str(), k.maintainer.phone.as_str()) == (*name, *phone)
            })
            .map(|k| k.code.class_key())
            .collect();
        c.execute(
            "INSERT INTO maintainer_units (id, name, phone, classes, sample_data)
             VALUES (?1, ?2, ?3, ?4, 1)",
            params![
                unit_id(index),
                name,
                phone,
                serde_json::to_string(&classes).map_err(AppError::internal)?
            ],
        )?;
    }
    for k in &data.components {
        let state = match k.state {
            ComponentState::Normal => "normal",
            ComponentState::BeingRepaired => "being_repaired",
        };
        let unit = units
            .iter()
            .position(|u| *u == (k.maintainer.unit.as_str(), k.maintainer.phone.as_str()))
            .map(unit_id);
        c.execute(
            "INSERT INTO components (code, name, community_id, lat, lon, address, unit_id,
                state, sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
            params![
                k.code.as_str(),
                k.name,
                k.community_id,
                k.location.lat,
                k.location.lon,
                k.address,
                unit,
                state
            ],
        )?;
    }
    for b in &data.buildings {
        c.execute(
            "INSERT INTO buildings (code, name, community_id, lat, lon, address, households,
                sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
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
                phone, opening_hours, step_free, sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)",
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

fn unit_id(index: usize) -> String {
    format!("unit-{}", index + 1)
}
