//! A row of a service points file (the 15-minute circle's shops, clinics, canteens…), for a
//! district-wide file: the same checks as a community's own import (`service_point`), plus the
//! community it belongs to, and its position in the declared datum inside the district.

use super::position::{Given, LAT, LON, position};
use super::{Field, Layout};
use crate::datum::Datum;
use crate::district::Bounds;
use crate::service_point::{CheckedService, ServiceRecord, check_service};

pub const FIELDS: &[Field] = &[
    Field {
        key: "id",
        headings: &["编号", "服务点编号"],
        required: true,
    },
    Field {
        key: "name",
        headings: &["名称", "服务点名称"],
        required: true,
    },
    Field {
        key: "category",
        headings: &["类别", "服务类别"],
        required: true,
    },
    Field {
        key: "community",
        headings: &["community_id", "社区", "所属社区", "社区编码"],
        required: true,
    },
    Field {
        key: "address",
        headings: &["地址"],
        required: false,
    },
    Field {
        key: "phone",
        headings: &["电话", "联系电话"],
        required: false,
    },
    Field {
        key: "opening_hours",
        headings: &["hours", "营业时间", "开放时间"],
        required: false,
    },
    Field {
        key: "step_free",
        headings: &["wheelchair", "无障碍"],
        required: false,
    },
    LAT,
    LON,
];

fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "true" | "1" | "是" => Some(true),
        "no" | "false" | "0" | "limited" | "否" => Some(false),
        _ => None,
    }
}

/// A checked service point and the community it names (an id or a name, as written), if the
/// file has a community column: a community's own import needs none.
pub fn check(
    layout: &Layout,
    cells: &[String],
    geometry: Option<Given<'_>>,
    bounds: &Bounds,
    datum: Datum,
) -> Result<(CheckedService, Option<String>), Vec<String>> {
    let value = |field: usize| layout.value(cells, field).map(str::to_owned);
    let given = geometry.unwrap_or(Given::Columns {
        lat: layout.value(cells, 8),
        lon: layout.value(cells, 9),
    });
    let mut problems = Vec::new();
    let place = position(given, datum, bounds)
        .map_err(|p| problems.push(p))
        .ok();
    let step_free = match layout.value(cells, 7) {
        None => None,
        Some(text) => {
            let read = yes_no(text);
            if read.is_none() {
                problems.push(format!(
                    "无障碍“{text}”应为“是”或“否”。step_free “{text}” should be yes or no."
                ));
            }
            read
        }
    };
    let record = ServiceRecord {
        id: value(0),
        name: value(1),
        category: value(2),
        lat: place.map(|p| p.0),
        lon: place.map(|p| p.1),
        address: value(4),
        phone: value(5),
        opening_hours: value(6),
        step_free,
    };
    let community = value(3);
    match check_service(&record) {
        // The position's own sentence is already said.
        Err(more) => problems.extend(
            more.into_iter()
                .filter(|p| place.is_some() || !p.contains("WGS-84")),
        ),
        Ok(service) if problems.is_empty() => {
            return Ok((service, community));
        }
        Ok(_) => {}
    }
    Err(problems)
}
