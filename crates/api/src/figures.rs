//! The figures of reports: the committee's by period, type, community and unit with the places
//! reports pile up (`admin/figures.json`), and the public performance of a community or street
//! (`performance/…`), as 12345 publishes its own.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The figures of a set of reports. Rates and the on-time share are whole per cent, absent when
/// nothing was counted; medians are hours.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReportFigures {
    pub filed: u32,
    /// Fixed or closed.
    pub resolved: u32,
    pub response_rate: Option<u32>,
    pub resolution_rate: Option<u32>,
    pub satisfaction_rate: Option<u32>,
    /// Finished by the due time, of those finished or past it.
    pub on_time_rate: Option<u32>,
    pub on_time: u32,
    pub late: u32,
    pub median_hours_to_respond: Option<f64>,
    pub median_hours_to_fix: Option<f64>,
}

/// One row of a breakdown: a period (`2026-11`, `2026-W47`), a problem type, a community or a
/// maintainer unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FiguresRow {
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub figures: ReportFigures,
}

/// A place with many reports: a component, or a spot of about 50 m where reports without one
/// were made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HotspotRow {
    pub component_code: Option<String>,
    /// The component's name, or the first report's address.
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub reports: u32,
    pub open: u32,
}

/// `admin/figures.json`: the reports filed from `from` to `to` (Beijing dates, both included) in
/// the communities the session covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommitteeFigures {
    pub from: String,
    pub to: String,
    /// `week` or `month`.
    pub period: String,
    pub whole: ReportFigures,
    pub by_period: Vec<FiguresRow>,
    pub by_type: Vec<FiguresRow>,
    pub by_community: Vec<FiguresRow>,
    /// Units by the component a report names; reports without one are under the key `""`.
    pub by_unit: Vec<FiguresRow>,
    pub hotspots: Vec<HotspotRow>,
}

/// `performance/community/{id}.json`, `performance/street/{id}.json`: the last twelve months of a
/// community's or street's reports, month by month, and a street's by community.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Performance {
    pub sample_data: bool,
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// The first and last month counted (`YYYY-MM`).
    pub from: String,
    pub to: String,
    pub whole: ReportFigures,
    pub by_month: Vec<FiguresRow>,
    /// A street's communities; empty for a community.
    pub by_community: Vec<FiguresRow>,
}
