//! A row of a buildings file: its 16-digit code (this district's county part), name, community,
//! households (户数, what a vote's electorate and the circle's reach are counted in), address and
//! position.

use super::position::{Given, LAT, LON, position};
use super::{Field, Layout};
use crate::component_code::ComponentCode;
use crate::datum::Datum;
use crate::district::{Bounds, DistrictCode};

pub const FIELDS: &[Field] = &[
    Field {
        key: "code",
        headings: &["楼栋编码", "建筑编码", "编码", "bsm"],
        required: true,
    },
    Field {
        key: "name",
        headings: &["名称", "楼栋名称", "楼号"],
        required: true,
    },
    Field {
        key: "community",
        headings: &["community_id", "社区", "所属社区", "社区编码"],
        required: true,
    },
    Field {
        key: "households",
        headings: &["户数", "住户数", "households_count"],
        required: true,
    },
    Field {
        key: "address",
        headings: &["地址", "门牌地址"],
        required: false,
    },
    LAT,
    LON,
];

#[derive(Clone, Debug, PartialEq)]
pub struct BuildingRow {
    pub code: ComponentCode,
    pub name: String,
    pub community: String,
    pub households: u32,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
}

pub fn check(
    layout: &Layout,
    cells: &[String],
    geometry: Option<Given<'_>>,
    district: &DistrictCode,
    bounds: &Bounds,
    datum: Datum,
) -> Result<BuildingRow, Vec<String>> {
    let mut problems = Vec::new();
    let written = layout.value(cells, 0).unwrap_or_default();
    let code = match ComponentCode::parse(written) {
        Err(e) => {
            problems.push(format!(
                "楼栋编码“{written}”有误：{e}。The building code “{written}” is wrong: {e}."
            ));
            None
        }
        Ok(code) if code.county() != district.as_str() => {
            problems.push(format!(
                "楼栋编码 {code} 的区县代码是 {}，不是本区的 {district}。\
                 The code {code} is county {}'s, not this district's ({district}).",
                code.county(),
                code.county()
            ));
            None
        }
        Ok(code) => Some(code),
    };
    let mut text = |field: usize, zh: &str, en: &str| -> Option<String> {
        match layout.value(cells, field) {
            Some(value) if value.chars().count() <= 64 => Some(value.to_owned()),
            Some(_) => {
                problems.push(format!("{zh}超过 64 个字。The {en} is over 64 characters."));
                None
            }
            None => {
                problems.push(format!("缺少{zh}。The {en} is missing."));
                None
            }
        }
    };
    let name = text(1, "楼栋名称", "name");
    let community = text(2, "所属社区", "community");
    let households = match layout.value(cells, 3) {
        None => {
            problems.push("缺少户数。The number of households is missing.".to_owned());
            None
        }
        // Spreadsheets write whole numbers as 120 or 120.0.
        Some(text) => match text.strip_suffix(".0").unwrap_or(text).parse::<u32>() {
            Ok(n) if n <= 10_000 => Some(n),
            _ => {
                problems.push(format!(
                    "户数“{text}”应为 0 到 10000 的整数。The households “{text}” should be a whole number from 0 to 10000."
                ));
                None
            }
        },
    };
    let address = layout.value(cells, 4).unwrap_or_default().to_owned();
    let given = geometry.unwrap_or(Given::Columns {
        lat: layout.value(cells, 5),
        lon: layout.value(cells, 6),
    });
    let place = position(given, datum, bounds)
        .map_err(|p| problems.push(p))
        .ok();
    match (code, name, community, households, place) {
        (Some(code), Some(name), Some(community), Some(households), Some((lat, lon)))
            if problems.is_empty() =>
        {
            Ok(BuildingRow {
                code,
                name,
                community,
                households,
                address,
                lat,
                lon,
            })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::district::TONGZHOU_BOUNDS;

    fn checked(cells: &[&str], geometry: Option<Given<'_>>) -> Result<BuildingRow, Vec<String>> {
        let headings: Vec<String> = ["楼栋编码", "楼号", "社区", "户数", "地址"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        let layout = Layout::find(FIELDS, &headings).unwrap();
        let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let tongzhou = DistrictCode::parse("110112").unwrap();
        check(
            &layout,
            &cells,
            geometry,
            &tongzhou,
            &TONGZHOU_BOUNDS,
            Datum::Wgs84,
        )
    }

    #[test]
    fn a_building_has_whole_households_and_a_point() {
        let point = Some(Given::Point(116.65, 39.9));
        let building = checked(
            &[
                "1101120501000001",
                "1号楼",
                "上营社区",
                "120.0",
                "上营路1号",
            ],
            point,
        )
        .unwrap();
        assert_eq!(building.households, 120);
        for (households, says) in [
            ("十二", "whole number"),
            ("-3", "whole number"),
            ("", "missing"),
        ] {
            let problems = checked(
                &["1101120501000001", "1号楼", "上营社区", households, ""],
                point,
            )
            .unwrap_err();
            assert!(
                problems.join(" ").contains(says),
                "{households}: {problems:?}"
            );
        }
        let polygon = checked(
            &["1101120501000001", "1号楼", "上营社区", "12", ""],
            Some(Given::NotAPoint("Polygon")),
        )
        .unwrap_err();
        assert!(polygon[0].contains("a point is expected"), "{polygon:?}");
    }
}
