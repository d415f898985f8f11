//! A row of a maintainer units file (养护单位 / 权属单位): id, name, phone, and the classes and
//! communities it looks after (each a list separated by `;`, `,` or `、`).

use super::{Field, Layout};
use crate::district::DistrictCode;
use crate::place::{PlaceKind, check_class, check_id, check_name, check_phone};

pub const FIELDS: &[Field] = &[
    Field {
        key: "id",
        headings: &["编号", "单位编号"],
        required: true,
    },
    Field {
        key: "name",
        headings: &["名称", "单位名称"],
        required: true,
    },
    Field {
        key: "phone",
        headings: &["电话", "联系电话"],
        required: true,
    },
    Field {
        key: "classes",
        headings: &["类别", "部件类别"],
        required: false,
    },
    Field {
        key: "communities",
        headings: &["社区", "负责社区"],
        required: false,
    },
];

#[derive(Clone, Debug, PartialEq)]
pub struct UnitRow {
    pub id: String,
    pub name: String,
    pub phone: String,
    pub classes: Vec<String>,
    /// As written (ids or names): the server matches them.
    pub communities: Vec<String>,
}

fn list(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .split([';', ',', '、', '；', '，'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn check(
    layout: &Layout,
    cells: &[String],
    district: &DistrictCode,
) -> Result<UnitRow, Vec<String>> {
    let mut problems = Vec::new();
    let id = layout.value(cells, 0).unwrap_or_default().to_owned();
    if let Err(p) = check_id(PlaceKind::Unit, &id, district) {
        problems.push(p);
    }
    let name = check_name(
        layout.value(cells, 1).unwrap_or_default(),
        "单位名称",
        "unit's name",
    )
    .map_err(|p| problems.push(p))
    .unwrap_or_default();
    let phone = check_phone(layout.value(cells, 2).unwrap_or_default())
        .map_err(|p| problems.push(p))
        .unwrap_or_default();
    let classes = list(layout.value(cells, 3));
    for class in &classes {
        if let Err(p) = check_class(class) {
            problems.push(p);
        }
    }
    let communities = list(layout.value(cells, 4));
    if problems.is_empty() {
        Ok(UnitRow {
            id,
            name,
            phone,
            classes,
            communities,
        })
    } else {
        Err(problems)
    }
}
