//! A row of a streets file (街道/乡镇): its id — the 9-digit township code, or a slug — its names,
//! and optionally its boundary.

use super::community::{Outline, boundary_in_wgs84};
use super::{Field, Layout};
use crate::datum::Datum;
use crate::district::{Bounds, DistrictCode};
use crate::place::{PlaceKind, Polygons, check_id};

pub const FIELDS: &[Field] = &[
    Field {
        key: "id",
        headings: &["code", "街道编码", "乡镇编码", "区划代码", "编码"],
        required: true,
    },
    Field {
        key: "name_zh",
        headings: &["名称", "街道名称", "中文名"],
        required: true,
    },
    Field {
        key: "name_en",
        headings: &["英文名", "english_name"],
        required: true,
    },
];

#[derive(Clone, Debug, PartialEq)]
pub struct StreetRow {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub boundary: Option<Polygons>,
}

pub fn check(
    layout: &Layout,
    cells: &[String],
    outline: Outline,
    district: &DistrictCode,
    bounds: &Bounds,
    datum: Datum,
) -> Result<StreetRow, Vec<String>> {
    let mut problems = Vec::new();
    let id = layout.value(cells, 0).unwrap_or_default().to_owned();
    if let Err(p) = check_id(PlaceKind::Street, &id, district) {
        problems.push(p);
    }
    let mut name = |field: usize, zh: &str, en: &str| -> String {
        let value = layout.value(cells, field).unwrap_or_default();
        if value.is_empty() || value.chars().count() > 40 {
            problems.push(format!(
                "{zh}为 1 到 40 个字。The {en} is 1 to 40 characters."
            ));
        }
        value.to_owned()
    };
    let name_zh = name(1, "中文名称", "Chinese name");
    let name_en = name(2, "英文名称", "English name");
    let boundary = boundary_in_wgs84(outline, datum, bounds)
        .map_err(|p| problems.push(p))
        .ok()
        .flatten();
    if problems.is_empty() {
        Ok(StreetRow {
            id,
            name_zh,
            name_en,
            boundary,
        })
    } else {
        Err(problems)
    }
}
