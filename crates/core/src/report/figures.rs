//! The figures a committee and the public read of a set of reports: the three 12345 rates, the
//! share finished on time, the medians of time to respond and to fix, and the places reports
//! pile up.

use std::collections::BTreeMap;

use super::{Rates, RequestFacts, Status};

/// What the figures need to know of one report, its times in hours from its filing.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseFacts {
    pub status: Status,
    pub hours_to_first_response: Option<f64>,
    /// To its first change to fixed or closed, if it had one.
    pub hours_to_finish: Option<f64>,
    /// To its due time (the service's time limit when it was filed).
    pub hours_allowed: f64,
    /// To now: how long an unfinished report has waited.
    pub hours_open: f64,
    pub rating: Option<u8>,
}

/// Whether a report was, or is being, handled within its time limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timeliness {
    OnTime,
    Late,
    /// Not finished and not yet due: it counts neither way.
    NotYetDue,
    /// A duplicate, or handed elsewhere: nothing to finish.
    NotCounted,
}

impl CaseFacts {
    /// Finished by its due time is on time, after it late; unfinished past its due time is late
    /// already, as a 12345 centre counts an overdue case the day it passes its limit.
    pub fn timeliness(&self) -> Timeliness {
        if matches!(
            self.status,
            Status::Duplicate | Status::NotCouncilsResponsibility
        ) {
            return Timeliness::NotCounted;
        }
        match self.hours_to_finish {
            Some(hours) if self.status.is_finished() => {
                if hours <= self.hours_allowed {
                    Timeliness::OnTime
                } else {
                    Timeliness::Late
                }
            }
            _ if self.hours_open > self.hours_allowed => Timeliness::Late,
            _ => Timeliness::NotYetDue,
        }
    }
}

/// The figures of a set of reports.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    pub rates: Rates,
    pub on_time: u32,
    pub late: u32,
    pub median_hours_to_respond: Option<f64>,
    pub median_hours_to_finish: Option<f64>,
}

impl Figures {
    pub fn of<'a>(cases: impl IntoIterator<Item = &'a CaseFacts>) -> Figures {
        let mut facts = Vec::new();
        let mut respond = Vec::new();
        let mut finish = Vec::new();
        let mut figures = Figures::default();
        for case in cases {
            facts.push(RequestFacts {
                status: case.status,
                hours_to_first_response: case.hours_to_first_response,
                rating: case.rating,
            });
            respond.extend(case.hours_to_first_response);
            if case.status.is_finished() {
                finish.extend(case.hours_to_finish);
            }
            match case.timeliness() {
                Timeliness::OnTime => figures.on_time += 1,
                Timeliness::Late => figures.late += 1,
                Timeliness::NotYetDue | Timeliness::NotCounted => {}
            }
        }
        figures.rates = Rates::of(&facts);
        figures.median_hours_to_respond = median(&mut respond);
        figures.median_hours_to_finish = median(&mut finish);
        figures
    }

    /// Of the reports that are finished or past due, the share finished on time, in whole per
    /// cent (rounded down); `None` when there are none.
    pub fn on_time_percent(&self) -> Option<u32> {
        Rates::percent(self.on_time, self.on_time + self.late)
    }
}

/// The middle value (the mean of the two middle ones for an even count); `None` for none.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    })
}

/// Where a report was made: its component, or else its position.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportPlace {
    pub component: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub finished: bool,
}

/// A place with many reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Hotspot {
    /// The component the reports name, or `None` for reports made at a position.
    pub component: Option<String>,
    /// The first report's position (for a component, where the reports were made).
    pub lat: f64,
    pub lon: f64,
    pub reports: u32,
    /// Of those, not finished.
    pub open: u32,
}

/// The side of the square, in degrees, that reports made at a position without a component are
/// gathered in: 0.0005° is about 55 m north–south and 43 m east–west in Beijing.
pub const PLACE_SQUARE_DEGREES: f64 = 0.0005;

/// The `limit` places with most reports, at least two each: a component's reports together, and
/// reports without a component by the square of [`PLACE_SQUARE_DEGREES`] they fall in. Ties go
/// to more open reports, then to the component code or position.
pub fn hotspots(places: &[ReportPlace], limit: usize) -> Vec<Hotspot> {
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    enum Key {
        Component(String),
        Square(i64, i64),
    }
    let mut by_place: BTreeMap<Key, Hotspot> = BTreeMap::new();
    for place in places {
        let key = match &place.component {
            Some(code) => Key::Component(code.clone()),
            None => Key::Square(
                (place.lat / PLACE_SQUARE_DEGREES).floor() as i64,
                (place.lon / PLACE_SQUARE_DEGREES).floor() as i64,
            ),
        };
        let spot = by_place.entry(key).or_insert_with(|| Hotspot {
            component: place.component.clone(),
            lat: place.lat,
            lon: place.lon,
            reports: 0,
            open: 0,
        });
        spot.reports += 1;
        if !place.finished {
            spot.open += 1;
        }
    }
    let mut spots: Vec<Hotspot> = by_place
        .into_values()
        .filter(|spot| spot.reports >= 2)
        .collect();
    // Stable: places with equal counts keep the key's order.
    spots.sort_by_key(|spot| std::cmp::Reverse((spot.reports, spot.open)));
    spots.truncate(limit);
    spots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(status: Status, finish: Option<f64>, allowed: f64, open: f64) -> CaseFacts {
        CaseFacts {
            status,
            hours_to_first_response: Some(1.0),
            hours_to_finish: finish,
            hours_allowed: allowed,
            hours_open: open,
            rating: None,
        }
    }

    #[test]
    fn a_report_is_on_time_if_finished_by_its_due_time_and_late_once_past_it() {
        assert_eq!(
            case(Status::Fixed, Some(48.0), 72.0, 100.0).timeliness(),
            Timeliness::OnTime
        );
        assert_eq!(
            case(Status::Closed, Some(80.0), 72.0, 100.0).timeliness(),
            Timeliness::Late
        );
        assert_eq!(
            case(Status::InProgress, None, 72.0, 73.0).timeliness(),
            Timeliness::Late
        );
        assert_eq!(
            case(Status::Open, None, 72.0, 10.0).timeliness(),
            Timeliness::NotYetDue
        );
        // Reopened after a fix: its old fix does not count while it is open again.
        assert_eq!(
            case(Status::Open, Some(5.0), 72.0, 10.0).timeliness(),
            Timeliness::NotYetDue
        );
        assert_eq!(
            case(Status::Duplicate, None, 72.0, 500.0).timeliness(),
            Timeliness::NotCounted
        );
    }

    #[test]
    fn figures_count_the_on_time_share_and_the_medians() {
        let cases = [
            case(Status::Fixed, Some(10.0), 72.0, 200.0),
            case(Status::Fixed, Some(30.0), 72.0, 200.0),
            case(Status::Closed, Some(100.0), 72.0, 200.0),
            case(Status::Open, None, 72.0, 80.0),
            case(Status::Open, None, 72.0, 5.0),
        ];
        let figures = Figures::of(&cases);
        assert_eq!((figures.on_time, figures.late), (2, 2));
        assert_eq!(figures.on_time_percent(), Some(50));
        assert_eq!(figures.median_hours_to_finish, Some(30.0));
        assert_eq!(figures.median_hours_to_respond, Some(1.0));
        assert_eq!(figures.rates.filed, 5);
        assert_eq!(figures.rates.resolved, 3);
        assert_eq!(Figures::of(&[]).on_time_percent(), None);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn hotspots_gather_a_components_reports_and_those_made_close_together() {
        let at = |component: Option<&str>, lat: f64, lon: f64, finished: bool| ReportPlace {
            component: component.map(str::to_owned),
            lat,
            lon,
            finished,
        };
        let places = [
            at(Some("1101"), 39.9, 116.6, false),
            at(Some("1101"), 39.9, 116.6, true),
            at(Some("1101"), 39.9, 116.6, false),
            // Two reports some 10 m apart, one far away, and a component reported once.
            at(None, 39.90012, 116.65012, false),
            at(None, 39.90020, 116.65020, false),
            at(None, 39.95, 116.70, false),
            at(Some("2202"), 39.8, 116.5, false),
        ];
        let spots = hotspots(&places, 10);
        assert_eq!(spots.len(), 2, "{spots:?}");
        assert_eq!(spots[0].component.as_deref(), Some("1101"));
        assert_eq!((spots[0].reports, spots[0].open), (3, 2));
        assert_eq!(spots[1].component, None);
        assert_eq!((spots[1].reports, spots[1].open), (2, 2));
        assert_eq!(hotspots(&places, 1).len(), 1);
    }
}
