//! A row of a components file (部件普查): its 16-digit code after GB/T 30428 — whose county part
//! must be this district's — its name, community, maintainer unit, address, state and position.

use super::position::{Given, LAT, LON, position};
use super::{Field, Layout};
use crate::component_code::ComponentCode;
use crate::datum::Datum;
use crate::district::{Bounds, DistrictCode};

pub const FIELDS: &[Field] = &[
    Field {
        key: "code",
        headings: &["部件编码", "部件标识码", "标识码", "编码", "bsm", "bjbm"],
        required: true,
    },
    Field {
        key: "name",
        headings: &["名称", "部件名称", "bjmc"],
        required: true,
    },
    Field {
        key: "community",
        headings: &["community_id", "社区", "所属社区", "社区编码"],
        required: true,
    },
    Field {
        key: "unit",
        headings: &["unit_id", "养护单位", "权属单位", "养护单位编号"],
        required: true,
    },
    Field {
        key: "address",
        headings: &["地址", "位置", "位置描述"],
        required: false,
    },
    Field {
        key: "state",
        headings: &["状态", "部件状态"],
        required: false,
    },
    LAT,
    LON,
];

const CODE: usize = 0;
const NAME: usize = 1;
const COMMUNITY: usize = 2;
const UNIT: usize = 3;
const ADDRESS: usize = 4;
const STATE: usize = 5;
const LAT_FIELD: usize = 6;
const LON_FIELD: usize = 7;

/// A checked row. `community` and `unit` are as written (an id or a name): the server matches
/// them against its records.
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentRow {
    pub code: ComponentCode,
    pub name: String,
    pub community: String,
    pub unit: String,
    pub address: String,
    /// `None` when the file has no state: a stored component keeps its own.
    pub being_repaired: Option<bool>,
    pub lat: f64,
    pub lon: f64,
}

/// The checks of one row; every problem is listed, not only the first.
pub fn check(
    layout: &Layout,
    cells: &[String],
    geometry: Option<Given<'_>>,
    district: &DistrictCode,
    bounds: &Bounds,
    datum: Datum,
) -> Result<ComponentRow, Vec<String>> {
    let mut problems = Vec::new();
    let code = match layout.value(cells, CODE).map(ComponentCode::parse) {
        None => {
            problems.push("缺少部件编码。The component code is missing.".to_owned());
            None
        }
        Some(Err(e)) => {
            problems.push(format!(
                "部件编码“{}”有误：{e}。The component code “{}” is wrong: {e}.",
                layout.value(cells, CODE).unwrap_or_default(),
                layout.value(cells, CODE).unwrap_or_default()
            ));
            None
        }
        Some(Ok(code)) if code.county() != district.as_str() => {
            problems.push(format!(
                "部件编码 {code} 的区县代码是 {}，不是本区的 {district}。\
                 The code {code} is county {}'s, not this district's ({district}).",
                code.county(),
                code.county()
            ));
            None
        }
        Some(Ok(code)) => Some(code),
    };
    let mut text = |field: usize, zh: &str, en: &str, most: usize| -> Option<String> {
        match layout.value(cells, field) {
            None => {
                problems.push(format!("缺少{zh}。The {en} is missing."));
                None
            }
            Some(value) if value.chars().count() > most => {
                problems.push(format!(
                    "{zh}超过 {most} 个字。The {en} is over {most} characters."
                ));
                None
            }
            Some(value) => Some(value.to_owned()),
        }
    };
    let name = text(NAME, "部件名称", "name", 40);
    let community = text(COMMUNITY, "所属社区", "community", 64);
    let unit = text(UNIT, "养护单位", "maintainer unit", 64);
    let address = layout.value(cells, ADDRESS).unwrap_or_default().to_owned();
    if address.chars().count() > 120 {
        problems.push("地址超过 120 个字。The address is over 120 characters.".to_owned());
    }
    let being_repaired = match layout.value(cells, STATE) {
        None => None,
        Some(state) => match state.to_lowercase().as_str() {
            "normal" | "正常" | "完好" => Some(false),
            "being_repaired" | "维修中" | "维修" | "损坏" => Some(true),
            other => {
                problems.push(format!(
                    "状态“{other}”应为“正常”或“维修中”。The state “{other}” should be normal or being_repaired."
                ));
                None
            }
        },
    };
    let given = geometry.unwrap_or(Given::Columns {
        lat: layout.value(cells, LAT_FIELD),
        lon: layout.value(cells, LON_FIELD),
    });
    let place = position(given, datum, bounds)
        .map_err(|p| problems.push(p))
        .ok();
    match (code, name, community, unit, place) {
        (Some(code), Some(name), Some(community), Some(unit), Some((lat, lon)))
            if problems.is_empty() =>
        {
            Ok(ComponentRow {
                code,
                name,
                community,
                unit,
                address,
                being_repaired,
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

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    fn checked(cells: &[&str]) -> Result<ComponentRow, Vec<String>> {
        let headings = row(&[
            "部件编码",
            "名称",
            "社区",
            "养护单位",
            "地址",
            "状态",
            "纬度",
            "经度",
        ]);
        let layout = Layout::find(FIELDS, &headings).unwrap();
        let tongzhou = DistrictCode::parse("110112").unwrap();
        check(
            &layout,
            &row(cells),
            None,
            &tongzhou,
            &TONGZHOU_BOUNDS,
            Datum::Wgs84,
        )
    }

    #[test]
    fn a_good_row_is_a_component() {
        let component = checked(&[
            "110112 01 10 000001",
            "路灯",
            "上营社区",
            "照明所",
            "",
            "维修中",
            "39.9",
            "116.65",
        ])
        .unwrap();
        assert_eq!(component.code.as_str(), "1101120110000001");
        assert_eq!(component.being_repaired, Some(true));
        assert_eq!((component.lat, component.lon), (39.9, 116.65));
    }

    #[test]
    fn every_problem_of_a_row_is_said() {
        let problems = checked(&[
            "1101050110000001",
            "",
            "上营社区",
            "照明所",
            "",
            "坏了",
            "116.65",
            "39.9",
        ])
        .unwrap_err();
        let all = problems.join(" | ");
        for says in [
            "county 110105",
            "name is missing",
            "should be normal",
            "swapped",
        ] {
            assert!(all.contains(says), "{says}: {all}");
        }
        let bad_code = checked(&[
            "11011201100001",
            "路灯",
            "社区",
            "单位",
            "",
            "",
            "39.9",
            "116.65",
        ])
        .unwrap_err();
        assert!(bad_code[0].contains("16 digits"), "{bad_code:?}");
    }
}
