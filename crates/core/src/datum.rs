//! The datum a file's coordinates are in, as a district office's exports come: WGS-84 (GPS, OSM,
//! and CGCS2000, China's own, which agrees with WGS-84 to well under a metre), GCJ-02 (高德 Amap
//! and 腾讯 Tencent exports) or BD-09 (百度 Baidu, GCJ-02 offset once more). Linli stores WGS-84,
//! so every imported position goes through [`Datum::to_wgs84`].

use std::f64::consts::PI;

use crate::gcj02::{gcj02_to_wgs84, wgs84_to_gcj02};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Datum {
    Wgs84,
    Gcj02,
    Bd09,
}

/// Baidu's published constant: π × 3000 / 180.
const X_PI: f64 = PI * 3000.0 / 180.0;

impl Datum {
    /// The names a form or a command line may use, lower case: `wgs84` (also `cgcs2000`,
    /// `wgs-84`), `gcj02` (also `gcj-02`, `amap`, `gaode`, `tencent`), `bd09` (also `bd-09`,
    /// `baidu`).
    pub fn parse(name: &str) -> Option<Datum> {
        match name.trim().to_ascii_lowercase().as_str() {
            "wgs84" | "wgs-84" | "cgcs2000" | "epsg:4326" | "epsg:4490" => Some(Datum::Wgs84),
            "gcj02" | "gcj-02" | "amap" | "gaode" | "tencent" => Some(Datum::Gcj02),
            "bd09" | "bd-09" | "baidu" => Some(Datum::Bd09),
            _ => None,
        }
    }

    /// The name [`Datum::parse`] reads back.
    pub fn name(self) -> &'static str {
        match self {
            Datum::Wgs84 => "wgs84",
            Datum::Gcj02 => "gcj02",
            Datum::Bd09 => "bd09",
        }
    }

    /// A position in this datum, in WGS-84.
    pub fn to_wgs84(self, lat: f64, lon: f64) -> (f64, f64) {
        match self {
            Datum::Wgs84 => (lat, lon),
            Datum::Gcj02 => gcj02_to_wgs84(lat, lon),
            Datum::Bd09 => {
                let (lat, lon) = bd09_to_gcj02(lat, lon);
                gcj02_to_wgs84(lat, lon)
            }
        }
    }

    /// A WGS-84 position in this datum: exports write a file in the datum it was read in.
    pub fn from_wgs84(self, lat: f64, lon: f64) -> (f64, f64) {
        match self {
            Datum::Wgs84 => (lat, lon),
            Datum::Gcj02 => wgs84_to_gcj02(lat, lon),
            Datum::Bd09 => {
                let (lat, lon) = wgs84_to_gcj02(lat, lon);
                gcj02_to_bd09(lat, lon)
            }
        }
    }
}

/// BD-09 → GCJ-02: Baidu's published inverse (off by up to half a metre), then refined by
/// fixed-point iteration on the forward formula, as GCJ-02's own inverse is.
fn bd09_to_gcj02(lat: f64, lon: f64) -> (f64, f64) {
    let (x, y) = (lon - 0.0065, lat - 0.006);
    let z = (x * x + y * y).sqrt() - 0.000_02 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000_003 * (x * X_PI).cos();
    let (mut g_lat, mut g_lon) = (z * theta.sin(), z * theta.cos());
    for _ in 0..5 {
        let (b_lat, b_lon) = gcj02_to_bd09(g_lat, g_lon);
        g_lat -= b_lat - lat;
        g_lon -= b_lon - lon;
    }
    (g_lat, g_lon)
}

/// GCJ-02 → BD-09, the forward formula.
fn gcj02_to_bd09(lat: f64, lon: f64) -> (f64, f64) {
    let z = (lon * lon + lat * lat).sqrt() + 0.000_02 * (lat * X_PI).sin();
    let theta = lat.atan2(lon) + 0.000_003 * (lon * X_PI).cos();
    (z * theta.sin() + 0.006, z * theta.cos() + 0.0065)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Metres between two nearby positions (equirectangular: exact enough within a district).
    fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
        let d_lat = (a.0 - b.0).to_radians() * 6_371_000.0;
        let d_lon = (a.1 - b.1).to_radians() * 6_371_000.0 * a.0.to_radians().cos();
        (d_lat * d_lat + d_lon * d_lon).sqrt()
    }

    /// Tiananmen's flagpole as Baidu's coordinate picker gives it (116.404, 39.915 in BD-09 is
    /// about 116.3975, 39.9087 in GCJ-02): Baidu's offset is some 700 m east and north.
    #[test]
    fn a_baidu_position_is_moved_back_by_baidus_offset_and_then_gcj02s() {
        let (lat, lon) = bd09_to_gcj02(39.915, 116.404);
        assert!(
            (lat - 39.9087).abs() < 0.0005 && (lon - 116.3975).abs() < 0.0005,
            "{lat} {lon}"
        );
        let bd = (39.915, 116.404);
        let wgs = Datum::Bd09.to_wgs84(bd.0, bd.1);
        let gcj = bd09_to_gcj02(bd.0, bd.1);
        assert!(
            metres(wgs, gcj) > 100.0,
            "GCJ-02's own offset is applied too"
        );
    }

    #[test]
    fn every_datum_gives_back_the_position_it_was_given() {
        for datum in [Datum::Wgs84, Datum::Gcj02, Datum::Bd09] {
            for &(lat, lon) in &[(39.9087, 116.6572), (39.6, 116.53), (40.05, 116.95)] {
                let (a, b) = datum.from_wgs84(lat, lon);
                let back = datum.to_wgs84(a, b);
                assert!(metres(back, (lat, lon)) < 0.05, "{datum:?}: {back:?}");
            }
        }
    }

    #[test]
    fn names_a_clerk_types_are_understood() {
        assert_eq!(Datum::parse("CGCS2000"), Some(Datum::Wgs84));
        assert_eq!(Datum::parse(" Baidu "), Some(Datum::Bd09));
        assert_eq!(Datum::parse("gcj-02"), Some(Datum::Gcj02));
        assert_eq!(Datum::parse("mercator"), None);
        for datum in [Datum::Wgs84, Datum::Gcj02, Datum::Bd09] {
            assert_eq!(Datum::parse(datum.name()), Some(datum));
        }
    }
}
