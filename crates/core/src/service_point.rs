//! What an imported service point must hold (GeoJSON or CSV, see the server's `map/import.rs`):
//! checked here so the committee's import and any future editor apply the same rules. Every
//! problem of a row is reported at once, in both languages.

use crate::opening_hours;
use crate::report::check_phone;
use crate::service_category::category;

/// A row as read from the file, every field still text (or absent).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceRecord {
    pub id: Option<String>,
    pub name: Option<String>,
    pub category: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub opening_hours: Option<String>,
    pub step_free: Option<bool>,
}

/// A row that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedService {
    pub id: String,
    pub name: String,
    pub category: &'static str,
    pub lat: f64,
    pub lon: f64,
    pub address: String,
    pub phone: Option<String>,
    pub opening_hours: Option<String>,
    pub step_free: bool,
}

fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Checks one row; `Err` lists every problem.
pub fn check_service(record: &ServiceRecord) -> Result<CheckedService, Vec<String>> {
    let mut problems = Vec::new();
    let id = text(&record.id).filter(|id| {
        id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c))
    });
    if id.is_none() {
        problems.push(
            "id 缺少或含有不允许的字符（字母、数字、- _ . :）。id is missing or has characters other than letters, digits and - _ . :".to_owned(),
        );
    }
    let name = text(&record.name).filter(|n| n.chars().count() <= 100);
    if name.is_none() {
        problems.push(
            "name 缺少或超过100字。name is missing or longer than 100 characters.".to_owned(),
        );
    }
    let found_category = text(&record.category).and_then(category);
    if found_category.is_none() {
        problems.push(format!(
            "category {:?} 不是已知的服务类别。category {:?} is not a known service category.",
            text(&record.category).unwrap_or(""),
            text(&record.category).unwrap_or("")
        ));
    }
    let location = match (record.lat, record.lon) {
        (Some(lat), Some(lon))
            if lat.is_finite()
                && lon.is_finite()
                && (-90.0..=90.0).contains(&lat)
                && (-180.0..=180.0).contains(&lon) =>
        {
            Some((lat, lon))
        }
        _ => {
            problems.push(
                "位置缺少或不是有效的 WGS-84 坐标。The location is missing or not a WGS-84 position.".to_owned(),
            );
            None
        }
    };
    let phone = match text(&record.phone) {
        None => None,
        Some(p) => match check_phone(p) {
            Ok(digits) => Some(digits),
            Err(_) => {
                problems.push(format!(
                    "phone {p} 不是有效的电话号码。phone {p} is not a valid phone number."
                ));
                None
            }
        },
    };
    let hours = text(&record.opening_hours).map(str::to_owned);
    if let Some(h) = &hours
        && !opening_hours::understood(h)
    {
        problems.push(format!(
            "opening_hours {h:?} 无法识别（例：Mo-Su 06:30-20:00）。opening_hours {h:?} is not understood (e.g. Mo-Su 06:30-20:00)."
        ));
    }
    match (id, name, found_category, location) {
        (Some(id), Some(name), Some(category), Some((lat, lon))) if problems.is_empty() => {
            Ok(CheckedService {
                id: id.to_owned(),
                name: name.to_owned(),
                category: category.id,
                lat,
                lon,
                address: text(&record.address).unwrap_or("").to_owned(),
                phone,
                opening_hours: hours,
                step_free: record.step_free.unwrap_or(false),
            })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ServiceRecord {
        ServiceRecord {
            id: Some("osm-node-123".into()),
            name: Some("物美便利店".into()),
            category: Some("convenience_store".into()),
            lat: Some(39.9087),
            lon: Some(116.657),
            address: Some("北苑南路 12 号".into()),
            phone: Some("010-8952 1846".into()),
            opening_hours: Some("Mo-Su 07:00-23:00".into()),
            step_free: Some(true),
        }
    }

    #[test]
    fn a_complete_row_passes_with_its_phone_normalised() {
        let checked = check_service(&good()).unwrap();
        assert_eq!(checked.category, "convenience_store");
        assert_eq!(checked.phone.as_deref(), Some("01089521846"));
        assert!(checked.step_free);
    }

    #[test]
    fn every_problem_of_a_row_is_reported_at_once() {
        let bad = ServiceRecord {
            id: Some("has space".into()),
            name: None,
            category: Some("spaceport".into()),
            lat: Some(91.0),
            lon: Some(116.0),
            phone: Some("12".into()),
            opening_hours: Some("whenever".into()),
            ..good()
        };
        let problems = check_service(&bad).unwrap_err();
        assert_eq!(problems.len(), 6, "{problems:#?}");
        for needle in ["id", "name", "spaceport", "WGS-84", "phone 12", "whenever"] {
            assert!(problems.iter().any(|p| p.contains(needle)), "{needle}");
        }
    }
}
