//! Walking pace, and the 5-, 10- and 15-minute bands it turns distances into.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::service_category::WalkLevel;

/// How fast a resident walks. Kept in metres per minute, where both standard paces are whole
/// numbers, so a band's edge (360 m, 720 m, 1080 m) is exact and a node on it is inside.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    metres_per_minute: f64,
}

/// 1.2 m/s, an adult's ordinary walk: 15 minutes is 1080 m, near the top of GB 50180-2018's
/// 800–1000 m, whose figure is a straight-line planning radius rather than a walk along streets.
pub const STANDARD_PACE: Pace = Pace {
    metres_per_minute: 72.0,
};

/// 0.9 m/s, the pace of many older residents: 15 minutes is 810 m.
pub const ELDERLY_PACE: Pace = Pace {
    metres_per_minute: 54.0,
};

/// A pace that is not a positive, finite number of metres per second.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InvalidPace(pub f64);

impl fmt::Display for InvalidPace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} m/s is not a walking pace: it must be positive and finite",
            self.0
        )
    }
}

impl std::error::Error for InvalidPace {}

impl Pace {
    pub fn from_metres_per_second(metres_per_second: f64) -> Result<Pace, InvalidPace> {
        let metres_per_minute = metres_per_second * 60.0;
        if metres_per_minute.is_finite() && metres_per_minute > 0.0 {
            Ok(Pace { metres_per_minute })
        } else {
            Err(InvalidPace(metres_per_second))
        }
    }

    pub fn metres_per_second(self) -> f64 {
        self.metres_per_minute / 60.0
    }

    /// How far this pace goes in `minutes`.
    pub fn metres_in(self, minutes: u32) -> f64 {
        self.metres_per_minute * f64::from(minutes)
    }

    /// How long `metres` takes at this pace.
    pub fn minutes_for(self, metres: f64) -> f64 {
        metres / self.metres_per_minute
    }

    /// The band a walk of `metres` falls in; a band includes its upper edge.
    pub fn band(self, metres: f64) -> Band {
        [Band::FiveMinutes, Band::TenMinutes, Band::FifteenMinutes]
            .into_iter()
            .find(|band| band.minutes().is_some_and(|m| metres <= self.metres_in(m)))
            .unwrap_or(Band::Beyond)
    }
}

/// The life-circle rings a map colours a walk by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    FiveMinutes,
    TenMinutes,
    FifteenMinutes,
    /// Further than 15 minutes, or not reachable at all.
    Beyond,
}

impl Band {
    /// The band's upper edge in minutes; `None` for `Beyond`.
    pub fn minutes(self) -> Option<u32> {
        match self {
            Band::FiveMinutes => Some(5),
            Band::TenMinutes => Some(10),
            Band::FifteenMinutes => Some(15),
            Band::Beyond => None,
        }
    }

    /// Whether a walk in this band meets a category's walk level.
    pub fn meets(self, level: WalkLevel) -> bool {
        self.minutes().is_some_and(|m| m <= level.minutes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pace: Pace, metres: f64, expected: Band) {
        assert_eq!(pace.band(metres), expected, "{metres} m at {pace:?}");
    }

    #[test]
    fn bands_include_their_upper_edge() {
        check(STANDARD_PACE, 0.0, Band::FiveMinutes);
        check(STANDARD_PACE, 360.0, Band::FiveMinutes);
        check(STANDARD_PACE, 360.01, Band::TenMinutes);
        check(STANDARD_PACE, 720.0, Band::TenMinutes);
        check(STANDARD_PACE, 1080.0, Band::FifteenMinutes);
        check(STANDARD_PACE, 1080.01, Band::Beyond);
        check(STANDARD_PACE, f64::INFINITY, Band::Beyond);
        check(STANDARD_PACE, f64::NAN, Band::Beyond);
        check(ELDERLY_PACE, 270.0, Band::FiveMinutes);
        check(ELDERLY_PACE, 300.0, Band::TenMinutes);
        check(ELDERLY_PACE, 540.0, Band::TenMinutes);
        check(ELDERLY_PACE, 810.0, Band::FifteenMinutes);
        check(ELDERLY_PACE, 900.0, Band::Beyond);
    }

    #[test]
    fn fifteen_minutes_at_the_standard_pace_is_1080_metres() {
        assert_eq!(STANDARD_PACE.metres_in(15), 1080.0);
        assert_eq!(STANDARD_PACE.minutes_for(1080.0), 15.0);
        assert_eq!(ELDERLY_PACE.metres_in(15), 810.0);
        assert_eq!(Pace::from_metres_per_second(1.2), Ok(STANDARD_PACE));
        assert_eq!(Pace::from_metres_per_second(0.9), Ok(ELDERLY_PACE));
        assert!((STANDARD_PACE.metres_per_second() - 1.2).abs() < 1e-12);
        assert_eq!(Pace::from_metres_per_second(0.0), Err(InvalidPace(0.0)));
        assert_eq!(
            Pace::from_metres_per_second(f64::INFINITY),
            Err(InvalidPace(f64::INFINITY))
        );
        assert!(Pace::from_metres_per_second(f64::NAN).is_err());
    }

    #[test]
    fn a_band_meets_every_walk_level_at_least_as_far() {
        assert!(Band::FiveMinutes.meets(WalkLevel::FiveMinutes));
        assert!(Band::TenMinutes.meets(WalkLevel::FifteenMinutes));
        assert!(!Band::TenMinutes.meets(WalkLevel::FiveMinutes));
        assert!(!Band::Beyond.meets(WalkLevel::FifteenMinutes));
    }
}
