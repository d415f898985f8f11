//! Generated district-scale data (issue #25, `linli-server generate-district`): a whole
//! district's places, reports and votes, made up from a seed, for measuring what Linli costs at
//! Tongzhou's size. Deterministic: the same seed and scale write the same rows, byte for byte
//! (no clock, no randomness from outside; times count from a fixed day).
//!
//! Every row is labelled as the sample is: `sample_data = 1` where the table has the flag, the
//! `sample_data` setting (so the meta document and the SPA say 示例数据, and `remove-sample` takes
//! the places out again), every name starts with 【生成】, and a `generated_district` setting
//! records the seed, the scale and the counts it was made with.
//!
//! Rows go in as batched prepared inserts, one transaction per table, not through the import
//! files: going through CSV text would measure the CSV reader (`./linli bench-import` does) and
//! not the tables. What the imports check is checked the same way instead — each component code
//! through [`ComponentCode::parse`], each category and opening time against the lists the import
//! takes them from — and the API tests export the generated components and import them back as
//! a dry run (`tests/api/generate.rs`), which refuses nothing.

use std::time::Instant;

use linli_api::{Boundary, LatLon};
use linli_core::component_code::{ComponentCode, SUBCLASSES, TONGZHOU_COUNTY_CODE};
use linli_core::problem_type::{PROBLEM_TYPES, problem_types_for};
use linli_core::rng::SplitMix64;
use linli_core::service_category::CATEGORIES;
use linli_core::voting_code::{ALPHABET, grouped_by_four};
use rusqlite::{Connection, Transaction, params};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::accounts::FirstRunAccount;
use crate::district::{self, District};
use crate::{AppError, Db};

/// The marker every generated name begins with.
pub const MARK: &str = "【生成】";

/// How many of each thing to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    /// What was asked for, as the command line spells it (`1`, `10`, `district`).
    pub label: &'static str,
    pub streets: usize,
    pub communities: usize,
    pub components: usize,
    pub buildings: usize,
    pub services: usize,
    pub reports: usize,
    pub ballots: usize,
    pub votes: usize,
}

/// Tongzhou: 22 streets and towns, about 600 communities and villages, 700,000 households.
const DISTRICT: Scale = Scale {
    label: "district",
    streets: 22,
    communities: 600,
    components: 300_000,
    buildings: 30_000,
    services: 20_000,
    reports: 200_000,
    ballots: 100,
    votes: 300_000,
};

/// Households in a building: 10 to 36, 23 on average, so 30,000 buildings house about 700,000.
const HOUSEHOLDS_PER_BUILDING: (usize, usize) = (10, 36);

/// The first day of the generated year (2025-12-01 00:00 Beijing time), in Unix seconds.
const YEAR_BEGINS: i64 = 1_764_518_400;
const DAY: i64 = 24 * 3600;

/// Tongzhou's extent, west, south, east, north: the communities tile it as a grid.
const EXTENT: [f64; 4] = [116.5, 39.58, 116.97, 40.06];
const GRID_COLUMNS: usize = 25;
const GRID_ROWS: usize = 24;

/// A walking network per community: a lattice of this many nodes a side.
const LATTICE: usize = 6;

impl Scale {
    /// `1`, `10`, `100` (multiples of the sample: 3 communities, 48 components, 12 buildings,
    /// 91 service points), or `district`: the full size.
    pub fn parse(text: &str) -> Result<Scale, String> {
        let factor: usize = match text {
            "district" => return Ok(DISTRICT),
            "1" => 1,
            "10" => 10,
            "100" => 100,
            other => {
                return Err(format!("--scale is 1, 10, 100 or district (got {other:?})"));
            }
        };
        let label = match factor {
            1 => "1",
            10 => "10",
            _ => "100",
        };
        let communities = (3 * factor).min(DISTRICT.communities);
        let buildings = (12 * factor).min(DISTRICT.buildings);
        Ok(Scale {
            label,
            streets: communities.div_ceil(27).clamp(1, DISTRICT.streets),
            communities,
            components: (48 * factor).min(DISTRICT.components),
            buildings,
            services: (91 * factor).min(DISTRICT.services),
            // Two reports a year for every three components, as the district's figures have it.
            reports: 32 * factor,
            ballots: (communities / 6).clamp(1, DISTRICT.ballots),
            // Three households in seven vote, as 300,000 of 700,000 do.
            votes: buildings * 23 * 3 / 7,
        })
    }
}

/// The rows written to one table and how long it took.
#[derive(Clone, Debug, PartialEq)]
pub struct TableWritten {
    pub table: &'static str,
    pub rows: usize,
    pub seconds: f64,
}

/// What [`generate`] wrote.
#[derive(Debug)]
pub struct Generated {
    pub tables: Vec<TableWritten>,
    pub account: FirstRunAccount,
}

/// Sets up the Tongzhou district in an empty database and fills it at `scale` from `seed`.
/// Refuses a database that already serves a district.
pub fn generate(
    db: &Db,
    seed: u64,
    scale: Scale,
    initial_password: Option<String>,
) -> Result<Generated, AppError> {
    db.run_blocking(|c| {
        if district::read(c)?.is_some() {
            return Err(AppError::Conflict(
                "这个数据库已服务于一个区。This database already serves a district: generate \
                 into a new file."
                    .into(),
            ));
        }
        let mut tables = Vec::new();
        let account = table(c, &mut tables, "settings", |tx| {
            let account = district::set_up(tx, &District::tongzhou(), initial_password)?;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('sample_data', 'true')",
                [],
            )?;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('generated_district', ?1)",
                [provenance(seed, &scale)],
            )?;
            Ok((account, 7))
        })?;
        let plan = Plan::new(seed, scale);
        table(c, &mut tables, "streets", |tx| plan.streets(tx))?;
        table(c, &mut tables, "communities", |tx| plan.communities(tx))?;
        table(c, &mut tables, "maintainer_units", |tx| plan.units(tx))?;
        table(c, &mut tables, "components", |tx| plan.components(tx))?;
        table(c, &mut tables, "buildings", |tx| plan.buildings(tx))?;
        table(c, &mut tables, "service_points", |tx| plan.services(tx))?;
        table(c, &mut tables, "walking_graphs", |tx| {
            plan.walking_graphs(tx)
        })?;
        table(c, &mut tables, "service_requests", |tx| plan.reports(tx))?;
        table(c, &mut tables, "ballots", |tx| plan.ballots(tx))?;
        table(c, &mut tables, "votes", |tx| plan.votes(tx))?;
        c.execute_batch("ANALYZE")?;
        Ok(Generated { tables, account })
    })
}

/// One transaction, timed; `fill` returns what it made and how many rows.
fn table<T>(
    c: &mut Connection,
    tables: &mut Vec<TableWritten>,
    name: &'static str,
    fill: impl FnOnce(&Transaction<'_>) -> Result<(T, usize), AppError>,
) -> Result<T, AppError> {
    let started = Instant::now();
    let tx = crate::db::write_transaction(c)?;
    let (made, rows) = fill(&tx)?;
    tx.commit()?;
    tables.push(TableWritten {
        table: name,
        rows,
        seconds: started.elapsed().as_secs_f64(),
    });
    Ok(made)
}

fn provenance(seed: u64, scale: &Scale) -> String {
    serde_json::json!({
        "generator": "linli-server generate-district",
        "seed": seed,
        "scale": scale.label,
        "note": "生成的示例数据，不是真实数据。Generated sample data, not real data.",
        "streets": scale.streets,
        "communities": scale.communities,
        "components": scale.components,
        "buildings": scale.buildings,
        "service_points": scale.services,
        "reports": scale.reports,
        "ballots": scale.ballots,
        "votes": scale.votes,
    })
    .to_string()
}

/// Where each community lies, and a generator per table so that each table's rows depend only
/// on the seed (adding a table never changes another's).
struct Plan {
    seed: u64,
    scale: Scale,
    cells: Vec<Cell>,
}

/// A community's rectangle of the district grid.
#[derive(Clone, Copy)]
struct Cell {
    west: f64,
    south: f64,
    width: f64,
    height: f64,
}

impl Cell {
    /// A point inside, `fx` and `fy` in `[0, 1)` across and up, kept off the edges.
    fn at(&self, fx: f64, fy: f64) -> LatLon {
        LatLon {
            lat: round6(self.south + self.height * (0.05 + 0.9 * fy)),
            lon: round6(self.west + self.width * (0.05 + 0.9 * fx)),
        }
    }

    fn random_point(&self, rng: &mut SplitMix64) -> LatLon {
        let (fx, fy) = (rng.unit(), rng.unit());
        self.at(fx, fy)
    }
}

/// Stored positions to a decimetre, as a census gives them.
fn round6(degrees: f64) -> f64 {
    (degrees * 1e6).round() / 1e6
}

fn community_id(index: usize) -> String {
    format!("gen-c{:03}", index + 1)
}

fn street_id(index: usize) -> String {
    format!("gen-s{:02}", index + 1)
}

/// A street's maintainer units: one per major class (01–06), `gen-u{street}-{class}`.
const UNITS_PER_STREET: usize = 6;

fn unit_id(street: usize, major: usize) -> String {
    format!("gen-u{:02}-{}", street + 1, major + 1)
}

const OPENING_HOURS: &[&str] = &[
    "Mo-Su 07:00-23:00",
    "Mo-Su 06:00-18:00",
    "Mo-Fr 08:30-17:30; Sa 09:00-12:00",
    "Mo-Su 06:30-10:00",
    "Mo-Sa 09:00-21:00",
    "24/7",
    "Mo-Su 08:00-20:00; PH off",
];

const THEMES: [&str; 4] = ["邻里和谐", "文化创意", "运动健康", "绿色生态"];

/// The status a year-old report ends in, and the stages it went through on the way.
const STATUS_PATHS: &[(u64, &[&str])] = &[
    (8, &["open"]),
    (8, &["open", "action_scheduled"]),
    (9, &["open", "action_scheduled", "in_progress"]),
    (55, &["open", "action_scheduled", "in_progress", "fixed"]),
    (15, &["open", "action_scheduled", "fixed", "closed"]),
    (5, &["open", "not_councils_responsibility"]),
];

impl Plan {
    fn new(seed: u64, scale: Scale) -> Plan {
        let width = (EXTENT[2] - EXTENT[0]) / GRID_COLUMNS as f64;
        let height = (EXTENT[3] - EXTENT[1]) / GRID_ROWS as f64;
        let cells = (0..scale.communities)
            .map(|i| Cell {
                west: EXTENT[0] + width * (i % GRID_COLUMNS) as f64,
                south: EXTENT[1] + height * (i / GRID_COLUMNS % GRID_ROWS) as f64,
                width,
                height,
            })
            .collect();
        Plan { seed, scale, cells }
    }

    fn rng(&self, table: u64) -> SplitMix64 {
        SplitMix64::new(self.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ table)
    }

    /// Communities are numbered street by street.
    fn street_of(&self, community: usize) -> usize {
        community * self.scale.streets / self.scale.communities
    }

    fn streets(&self, tx: &Transaction<'_>) -> Result<((), usize), AppError> {
        let mut insert = tx.prepare(
            "INSERT INTO streets (id, name_zh, name_en, sample_data) VALUES (?1, ?2, ?3, 1)",
        )?;
        for s in 0..self.scale.streets {
            insert.execute(params![
                street_id(s),
                format!("{MARK}第{}街道", s + 1),
                format!("[generated] Street {}", s + 1)
            ])?;
        }
        Ok(((), self.scale.streets))
    }

    /// With their boundaries: the grid cell, as a GeoJSON polygon.
    fn communities(&self, tx: &Transaction<'_>) -> Result<((), usize), AppError> {
        let mut insert = tx.prepare(
            "INSERT INTO communities (id, name_zh, name_en, street_id, boundary, sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, 1)",
        )?;
        for (i, cell) in self.cells.iter().enumerate() {
            let (w, s) = (cell.west, cell.south);
            let (e, n) = (w + cell.width * 0.98, s + cell.height * 0.98);
            let ring = [[w, s], [e, s], [e, n], [w, n], [w, s]]
                .map(|[lon, lat]| [round6(lon), round6(lat)])
                .to_vec();
            let boundary = serde_json::to_string(&Boundary::Polygon(vec![ring]))
                .map_err(AppError::internal)?;
            insert.execute(params![
                community_id(i),
                format!("{MARK}第{}社区", i + 1),
                format!("[generated] Community {}", i + 1),
                street_id(self.street_of(i)),
                boundary
            ])?;
        }
        Ok(((), self.cells.len()))
    }

    fn units(&self, tx: &Transaction<'_>) -> Result<((), usize), AppError> {
        let mut insert = tx.prepare(
            "INSERT INTO maintainer_units (id, name, phone, classes, sample_data)
             VALUES (?1, ?2, ?3, ?4, 1)",
        )?;
        for s in 0..self.scale.streets {
            for major in 0..UNITS_PER_STREET {
                let prefix = format!("{:02}", major + 1);
                let classes: Vec<&str> = SUBCLASSES
                    .iter()
                    .map(|sub| sub.key)
                    .filter(|key| key.starts_with(&prefix))
                    .collect();
                insert.execute(params![
                    unit_id(s, major),
                    format!("{MARK}第{}街道{}类设施养护队", s + 1, prefix),
                    format!("010-6{:03}{:04}", s + 1, major + 1),
                    serde_json::to_string(&classes).map_err(AppError::internal)?
                ])?;
            }
        }
        Ok(((), self.scale.streets * UNITS_PER_STREET))
    }

    /// The code of component `serial` (1-based): its subclass goes round the list, and serials
    /// count per subclass across the district, as a census numbers its plates.
    fn component_code(&self, serial: usize) -> ComponentCode {
        let sub = &SUBCLASSES[(serial - 1) % SUBCLASSES.len()];
        let number = (serial - 1) / SUBCLASSES.len() + 1;
        ComponentCode::parse(&format!("{TONGZHOU_COUNTY_CODE}{}{number:06}", sub.key))
            .expect("a listed subclass and a serial under a million make a valid code")
    }

    /// Spread evenly: component `serial` lies in community `serial % communities`.
    fn component_community(&self, serial: usize) -> usize {
        (serial - 1) % self.scale.communities
    }

    fn components(&self, tx: &Transaction<'_>) -> Result<((), usize), AppError> {
        let mut rng = self.rng(1);
        let mut insert = tx.prepare(
            "INSERT INTO components (code, name, community_id, lat, lon, address, unit_id, state,
                sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
        )?;
        for serial in 1..=self.scale.components {
            let code = self.component_code(serial);
            let sub = code.subclass().expect("generated from the list");
            let community = self.component_community(serial);
            let at = self.cells[community].random_point(&mut rng);
            let major = code.as_str()[6..8].parse::<usize>().expect("digits") - 1;
            let state = if rng.chance_percent(3) {
                "being_repaired"
            } else {
                "normal"
            };
            insert.execute(params![
                code.as_str(),
                format!("{MARK}{} {}", sub.name_zh, code.serial()),
                community_id(community),
                at.lat,
                at.lon,
                format!("{MARK}第{}社区 {}号旁", community + 1, rng.between(1, 300)),
                unit_id(self.street_of(community), major),
                state
            ])?;
        }
        Ok(((), self.scale.components))
    }

    /// Buildings, with their households: the electorate a ballot counts against.
    fn buildings(&self, tx: &Transaction<'_>) -> Result<((), usize), AppError> {
        let mut rng = self.rng(2);
        let mut insert = tx.prepare(
            "INSERT INTO buildings (code, name, community_id, lat, lon, address, households,
                sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
        )?;
        for serial in 1..=self.scale.buildings {
            let community = (serial - 1) % self.scale.communities;
            let at = self.cells[community].random_point(&mut rng);
            let number = (serial - 1) / self.scale.communities + 1;
            insert.execute(params![
                format!("{TONGZHOU_COUNTY_CODE}0501{serial:06}"),
                format!("{MARK}第{}社区 {number}号楼", community + 1),
                community_id(community),
                at.lat,
                at.lon,
                format!("{MARK}第{}社区{number}号楼", community + 1),
                rng.between(HOUSEHOLDS_PER_BUILDING.0, HOUSEHOLDS_PER_BUILDING.1)
            ])?;
        }
        Ok(((), self.scale.buildings))
    }

    fn services(&self, tx: &Transaction<'_>) -> Result<((), usize), AppError> {
        let mut rng = self.rng(3);
        let mut insert = tx.prepare(
            "INSERT INTO service_points (id, community_id, name, category, lat, lon, address,
                phone, opening_hours, step_free, sample_data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)",
        )?;
        for serial in 1..=self.scale.services {
            let community = (serial - 1) % self.scale.communities;
            let category = &CATEGORIES[rng.between(0, CATEGORIES.len() - 1)];
            let at = self.cells[community].random_point(&mut rng);
            let phone = rng
                .chance_percent(70)
                .then(|| format!("010-8{:07}", rng.between(0, 9_999_999)));
            insert.execute(params![
                format!("gen-svc-{serial:05}"),
                community_id(community),
                format!("{MARK}{}({serial})", category.name_zh),
                category.id,
                at.lat,
                at.lon,
                format!("{MARK}第{}社区 {}号", community + 1, rng.between(1, 300)),
                phone,
                OPENING_HOURS[rng.between(0, OPENING_HOURS.len() - 1)],
                rng.chance_percent(60)
            ])?;
        }
        Ok(((), self.scale.services))
    }

    /// A lattice of [`LATTICE`]² nodes over each community, joined to their east and north
    /// neighbours: small, but the shape the reach computation walks.
    fn walking_graphs(&self, tx: &Transaction<'_>) -> Result<((), usize), AppError> {
        let mut insert = tx.prepare(
            "INSERT INTO walking_graphs (community_id, nodes_json, edges_json) VALUES (?1, ?2, ?3)",
        )?;
        for (i, cell) in self.cells.iter().enumerate() {
            let step = 1.0 / (LATTICE - 1) as f64;
            let nodes: Vec<LatLon> = (0..LATTICE * LATTICE)
                .map(|n| cell.at((n % LATTICE) as f64 * step, (n / LATTICE) as f64 * step))
                .collect();
            let metres = |a: &LatLon, b: &LatLon| {
                let dy = (a.lat - b.lat) * 111_320.0;
                let dx = (a.lon - b.lon) * 111_320.0 * a.lat.to_radians().cos();
                (dx.hypot(dy) * 10.0).round() / 10.0
            };
            let mut edges = Vec::new();
            for n in 0..nodes.len() {
                if n % LATTICE + 1 < LATTICE {
                    edges.push((n as u32, n as u32 + 1, metres(&nodes[n], &nodes[n + 1])));
                }
                if n + LATTICE < nodes.len() {
                    let up = n + LATTICE;
                    edges.push((n as u32, up as u32, metres(&nodes[n], &nodes[up])));
                }
            }
            insert.execute(params![
                community_id(i),
                serde_json::to_string(&nodes).map_err(AppError::internal)?,
                serde_json::to_string(&edges).map_err(AppError::internal)?
            ])?;
        }
        Ok(((), self.cells.len()))
    }

    /// A year of reports on components, each with its status history and, for one in four, a
    /// photo's row. The photo row holds no image (an empty `jpeg`): the bench measures the
    /// documents, and a year of JPEGs would only measure the disk.
    fn reports(&self, tx: &Transaction<'_>) -> Result<((), usize), AppError> {
        let mut rng = self.rng(4);
        let mut report = tx.prepare(
            "INSERT INTO service_requests (id, token, service_code, component_code, community_id,
                status, description, lat, lon, address, phone_masked, requested_at, updated_at,
                expected_at, supporters, rating)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?;
        let mut update = tx.prepare(
            "INSERT INTO request_updates (request_id, status, description, public, actor,
                updated_at)
             VALUES (?1, ?2, ?3, 1, ?4, ?5)",
        )?;
        let mut photo = tx.prepare(
            "INSERT INTO request_photos (request_id, token, position, width, height, jpeg)
             VALUES (?1, ?2, 0, 1280, 960, X'')",
        )?;
        let mut rows = 0;
        for id in 1..=self.scale.reports {
            let serial = rng.between(1, self.scale.components.max(1));
            let code = self.component_code(serial);
            let problems = problem_types_for(code.class_key());
            let problem = problems
                .first()
                .copied()
                .unwrap_or(&PROBLEM_TYPES[PROBLEM_TYPES.len() - 1]);
            let community = self.component_community(serial);
            let at = self.cells[community].random_point(&mut rng);
            let requested = YEAR_BEGINS + rng.between(0, 364 * DAY as usize) as i64;
            let path = status_path(&mut rng);
            let mut when = requested;
            let mut times = Vec::with_capacity(path.len());
            for _ in path {
                times.push(when);
                when += rng.between(600, 3 * DAY as usize) as i64;
            }
            let finished = matches!(*path.last().expect("a path"), "fixed" | "closed");
            let rating = (finished && rng.chance_percent(40)).then(|| rng.between(3, 5));
            report.execute(params![
                id as i64,
                hex_of(self.seed, "report", id),
                problem.service_code,
                code.as_str(),
                community_id(community),
                path.last().expect("a path"),
                format!("{MARK}{}：第{id}号反映", problem.name_zh),
                at.lat,
                at.lon,
                format!("{MARK}第{}社区", community + 1),
                format!("138****{:04}", rng.between(0, 9999)),
                utc(requested),
                utc(*times.last().expect("a path")),
                utc(requested + i64::from(problem.due_hours) * 3600),
                rng.between(1, 3),
                rating
            ])?;
            rows += 1;
            for (status, at) in path.iter().zip(&times) {
                let actor = if *status == "open" {
                    "resident"
                } else {
                    "committee"
                };
                update.execute(params![
                    id as i64,
                    status,
                    format!("{MARK}{status}"),
                    actor,
                    utc(*at)
                ])?;
                rows += 1;
            }
            if rng.chance_percent(25) {
                photo.execute(params![id as i64, hex_of(self.seed, "photo", id)])?;
                rows += 1;
            }
        }
        Ok(((), rows))
    }

    /// One ballot for every six communities, on the first of them; the first in ten is still
    /// open, the others closed. Five projects each, chosen up to two.
    fn ballots(&self, tx: &Transaction<'_>) -> Result<((), usize), AppError> {
        let mut rng = self.rng(5);
        let mut ballot = tx.prepare(
            "INSERT INTO ballots (id, community_id, title, explanation, status, kind, opens_at,
                closes_at, budget_yuan, min_choices, max_choices, rule, closed_at, electorate)
             VALUES (?1, ?2, ?3, ?4, ?5, 'approval', ?6, ?7, NULL, 1, 2, 'greedy', ?8,
                (SELECT sum(households) FROM buildings WHERE community_id = ?2))",
        )?;
        let mut project = tx.prepare(
            "INSERT INTO projects (ballot_id, id, position, title, summary, theme, cost_yuan)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut rows = 0;
        for b in 0..self.scale.ballots {
            let open = b % 10 == 0;
            let opens = YEAR_BEGINS + (b as i64 % 300) * DAY;
            let closes = if open {
                YEAR_BEGINS + 400 * DAY
            } else {
                opens + 14 * DAY
            };
            ballot.execute(params![
                ballot_id(b),
                community_id(self.ballot_community(b)),
                format!("{MARK}微空间更新投票 {}", b + 1),
                format!("{MARK}从五个项目中选出最多两个。"),
                if open { "open" } else { "closed" },
                beijing(opens),
                beijing(closes),
                (!open).then(|| beijing(closes))
            ])?;
            rows += 1;
            for p in 0..5 {
                project.execute(params![
                    ballot_id(b),
                    format!("p{}", p + 1),
                    p,
                    format!("{MARK}项目 {}", p + 1),
                    format!("{MARK}一个微更新项目"),
                    THEMES[p % THEMES.len()],
                    rng.between(20, 200) * 1000
                ])?;
                rows += 1;
            }
        }
        Ok(((), rows))
    }

    fn ballot_community(&self, ballot: usize) -> usize {
        (ballot * 6) % self.scale.communities
    }

    /// The cast votes, each with its spent voting code. The codes themselves are never made:
    /// only hashes are stored, so these are hashes of nothing, and no one can vote with them.
    fn votes(&self, tx: &Transaction<'_>) -> Result<((), usize), AppError> {
        let mut rng = self.rng(6);
        let mut code = tx.prepare(
            "INSERT INTO voting_codes (code_hash, ballot_id, issued_at, spent_at, spent_channel)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut vote = tx.prepare(
            "INSERT INTO votes (receipt, ballot_id, channel, selections) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for v in 0..self.scale.votes {
            let b = v % self.scale.ballots;
            let opens = YEAR_BEGINS + (b as i64 % 300) * DAY;
            let channel = match rng.between(0, 9) {
                0..=6 => "phone",
                7..=8 => "kiosk",
                _ => "paper",
            };
            let first = rng.between(1, 5);
            let second = rng.between(1, 5);
            let selections = if first == second {
                format!("p{first}")
            } else {
                format!("p{},p{}", first.min(second), first.max(second))
            };
            code.execute(params![
                hex_of(self.seed, "code", v),
                ballot_id(b),
                beijing(opens - DAY),
                beijing(opens + rng.between(0, 13 * DAY as usize) as i64),
                channel
            ])?;
            vote.execute(params![
                receipt(self.seed, v),
                ballot_id(b),
                channel,
                selections
            ])?;
        }
        Ok(((), self.scale.votes * 2))
    }
}

fn ballot_id(index: usize) -> String {
    format!("gen-b{:03}", index + 1)
}

fn status_path(rng: &mut SplitMix64) -> &'static [&'static str] {
    let mut roll = rng.next_u64() % 100;
    for (percent, path) in STATUS_PATHS {
        if roll < *percent {
            return path;
        }
        roll -= percent;
    }
    STATUS_PATHS[STATUS_PATHS.len() - 1].1
}

/// A 32-digit hex token for `what` number `n`: unique, and the same for the same seed.
fn hex_of(seed: u64, what: &str, n: usize) -> String {
    let digest = Sha256::digest(format!("{seed}/{what}/{n}"));
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A receipt in the server's own shape (three groups of four, `ABCD-EFGH-JKLM`).
fn receipt(seed: u64, n: usize) -> String {
    let digest = Sha256::digest(format!("{seed}/receipt/{n}"));
    let characters: Vec<u8> = digest[..12]
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()])
        .collect();
    grouped_by_four(&characters)
}

fn utc(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .expect("a time in the generated year")
        .format(&Rfc3339)
        .expect("RFC 3339 formats any UTC time")
}

fn beijing(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .expect("a time in the generated year")
        .to_offset(time::macros::offset!(+8))
        .format(&Rfc3339)
        .expect("RFC 3339 formats any time")
}
