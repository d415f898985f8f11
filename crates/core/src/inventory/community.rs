//! A row of a communities file: the community's (or village's) id — its 12-digit code, or a slug
//! — the street or town it belongs to, its names, and optionally its boundary (a polygon geometry
//! in GeoJSON or a shapefile).

use super::{Field, Layout};
use crate::datum::Datum;
use crate::district::{Bounds, DistrictCode};
use crate::place::{PlaceKind, Polygons, check_boundary, check_id};

pub const FIELDS: &[Field] = &[
    Field {
        key: "id",
        headings: &[
            "code",
            "社区编码",
            "村编码",
            "区划代码",
            "统计用区划代码",
            "编码",
        ],
        required: true,
    },
    Field {
        key: "street",
        headings: &["street_id", "街道", "乡镇", "街道编码", "所属街道"],
        required: true,
    },
    Field {
        key: "name_zh",
        headings: &["名称", "社区名称", "中文名"],
        required: true,
    },
    Field {
        key: "name_en",
        headings: &["英文名", "english_name"],
        required: true,
    },
];

/// What a row's geometry says about its boundary.
#[derive(Clone, Debug, PartialEq)]
pub enum Outline {
    /// No geometry (a CSV or XLSX row, or a feature without one).
    Missing,
    /// Polygons, each as rings of `[lon, lat]` in the file's datum.
    Polygons(Polygons),
    /// A geometry that is no area (its type).
    NotAnArea(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct CommunityRow {
    pub id: String,
    pub street: String,
    pub name_zh: String,
    pub name_en: String,
    /// In WGS-84, checked against the district.
    pub boundary: Option<Polygons>,
}

pub fn check(
    layout: &Layout,
    cells: &[String],
    outline: Outline,
    district: &DistrictCode,
    bounds: &Bounds,
    datum: Datum,
) -> Result<CommunityRow, Vec<String>> {
    let mut problems = Vec::new();
    let id = layout.value(cells, 0).unwrap_or_default().to_owned();
    if let Err(p) = check_id(PlaceKind::Community, &id, district) {
        problems.push(p);
    }
    let mut text = |field: usize, zh: &str, en: &str| -> String {
        let value = layout.value(cells, field).unwrap_or_default();
        if value.is_empty() || value.chars().count() > 40 {
            problems.push(format!(
                "{zh}为 1 到 40 个字。The {en} is 1 to 40 characters."
            ));
        }
        value.to_owned()
    };
    let street = text(1, "所属街道/乡镇", "street or town");
    let name_zh = text(2, "中文名称", "Chinese name");
    let name_en = text(3, "英文名称", "English name");
    let boundary = boundary_in_wgs84(outline, datum, bounds)
        .map_err(|p| problems.push(p))
        .ok()
        .flatten();
    if problems.is_empty() {
        Ok(CommunityRow {
            id,
            street,
            name_zh,
            name_en,
            boundary,
        })
    } else {
        Err(problems)
    }
}

/// A row's boundary in WGS-84, checked against the district; `None` when it has none.
pub fn boundary_in_wgs84(
    outline: Outline,
    datum: Datum,
    bounds: &Bounds,
) -> Result<Option<Polygons>, String> {
    match outline {
        Outline::Missing => Ok(None),
        Outline::NotAnArea(kind) => Err(format!(
            "这一行的几何是 {kind}，边界应为多边形（Polygon/MultiPolygon）。\
             This row's geometry is a {kind}; a boundary is a Polygon or MultiPolygon."
        )),
        Outline::Polygons(polygons) => {
            let wgs84: Polygons = polygons
                .iter()
                .map(|rings| {
                    rings
                        .iter()
                        .map(|ring| {
                            ring.iter()
                                .map(|&[lon, lat]| {
                                    let (lat, lon) = datum.to_wgs84(lat, lon);
                                    [lon, lat]
                                })
                                .collect()
                        })
                        .collect()
                })
                .collect();
            let each: Vec<&Vec<Vec<[f64; 2]>>> = wgs84.iter().collect();
            check_boundary(&each, bounds)?;
            Ok(Some(wgs84))
        }
    }
}
