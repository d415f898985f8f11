//! The district's places as its administrators manage them: streets and towns (街道/乡镇), the
//! communities and villages (社区/村) under them, the maintainer units (养护单位) components name,
//! and a component's own record. Residents see only what is not archived.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::{ComponentState, LatLon};

/// A boundary as a GeoJSON geometry (RFC 7946), WGS-84 `[lon, lat]` positions: a Polygon's
/// rings (the first the outline, the rest holes) or a MultiPolygon's polygons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "type", content = "coordinates")]
pub enum Boundary {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl Boundary {
    /// Every polygon, as rings.
    pub fn polygons(&self) -> Vec<&Vec<Vec<[f64; 2]>>> {
        match self {
            Boundary::Polygon(rings) => vec![rings],
            Boundary::MultiPolygon(polygons) => polygons.iter().collect(),
        }
    }
}

/// `admin/places.json`: the district and its streets, each with its communities, archived ones
/// included (with the date they were archived).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Places {
    pub district_code: String,
    pub district_name_zh: String,
    pub district_name_en: String,
    pub streets: Vec<Street>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Street {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub boundary: Option<Boundary>,
    pub archived_at: Option<String>,
    pub sample_data: bool,
    pub communities: Vec<PlaceCommunity>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PlaceCommunity {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub boundary: Option<Boundary>,
    pub archived_at: Option<String>,
    pub sample_data: bool,
    pub components: u32,
    pub buildings: u32,
    pub households: u32,
}

/// What a district administrator sends to create (`POST admin/streets`, with `id`) or change
/// (`PUT admin/streets/{id}`, `id` ignored) a street or town.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StreetRecord {
    /// Its 9-digit township code (GB/T 10114, starting with the district's code) or an ASCII slug.
    #[serde(default)]
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    #[serde(default)]
    pub boundary: Option<Boundary>,
    /// Archived: kept with its history, gone from residents' lists.
    #[serde(default)]
    pub archived: bool,
}

/// The same for a community or village (`POST admin/communities`, `PUT admin/communities/{id}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommunityRecord {
    /// Its 12-digit code (统计用区划代码, starting with the district's code) or an ASCII slug.
    #[serde(default)]
    pub id: String,
    pub street_id: String,
    pub name_zh: String,
    pub name_en: String,
    #[serde(default)]
    pub boundary: Option<Boundary>,
    #[serde(default)]
    pub archived: bool,
}

/// A maintainer unit (养护单位 / 权属单位): components name it, so its phone changes in one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub phone: String,
    /// GB/T 30428 class keys it looks after: a major class (`"01"`) or a subclass (`"0110"`).
    pub classes: Vec<String>,
    /// The communities it looks after; empty for the whole district.
    pub communities: Vec<String>,
    pub archived_at: Option<String>,
    pub sample_data: bool,
    /// Components that name it.
    pub components: u32,
}

/// What a district administrator sends to create (`POST admin/units`, with `id`) or change
/// (`PUT admin/units/{id}`) a unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UnitRecord {
    #[serde(default)]
    pub id: String,
    pub name: String,
    pub phone: String,
    #[serde(default)]
    pub classes: Vec<String>,
    #[serde(default)]
    pub communities: Vec<String>,
    #[serde(default)]
    pub archived: bool,
}

/// `admin/components/{code}.json`: a component as the committee edits it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ComponentRecord {
    pub code: String,
    pub name: String,
    pub community_id: String,
    pub unit_id: String,
    pub address: String,
    pub location: LatLon,
    pub state: ComponentState,
    pub retired_at: Option<String>,
    pub sample_data: bool,
}

/// `PUT admin/components/{code}`: what a committee may change on a component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ComponentEdit {
    pub name: String,
    pub unit_id: String,
    pub address: String,
    pub location: LatLon,
    pub state: ComponentState,
}
