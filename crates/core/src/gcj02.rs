//! GCJ-02, the obfuscated datum every map licensed in China draws in (高德, 腾讯, 天地图's Chinese
//! layers, WeChat's `wx.getLocation` with `type: 'gcj02'`). Linli stores WGS-84; a position is
//! converted to GCJ-02 only to be drawn on such tiles, and a position picked on them (or reported
//! in GCJ-02) is converted back before it is stored. Outside China the two datums coincide.
//!
//! The forward transform is the published one; the inverse has no closed form and is found by
//! fixed-point iteration, which converges to well under a centimetre in a few steps.

const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;

/// The rough box in which GCJ-02 differs from WGS-84 (the published rule).
fn in_china(lat: f64, lon: f64) -> bool {
    (72.004..=137.8347).contains(&lon) && (0.8293..=55.8271).contains(&lat)
}

fn transform_lat(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    ret
}

fn transform_lon(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    ret
}

/// The GCJ-02 offset (degrees of latitude, longitude) at a WGS-84 position.
fn offset(lat: f64, lon: f64) -> (f64, f64) {
    use std::f64::consts::PI;
    let d_lat = transform_lat(lon - 105.0, lat - 35.0);
    let d_lon = transform_lon(lon - 105.0, lat - 35.0);
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    (
        (d_lat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI),
        (d_lon * 180.0) / (A / sqrt_magic * rad_lat.cos() * PI),
    )
}

/// WGS-84 → GCJ-02 (to draw on Chinese tiles).
pub fn wgs84_to_gcj02(lat: f64, lon: f64) -> (f64, f64) {
    if !in_china(lat, lon) {
        return (lat, lon);
    }
    let (d_lat, d_lon) = offset(lat, lon);
    (lat + d_lat, lon + d_lon)
}

/// GCJ-02 → WGS-84 (to store a position picked on Chinese tiles or reported in GCJ-02).
pub fn gcj02_to_wgs84(lat: f64, lon: f64) -> (f64, f64) {
    if !in_china(lat, lon) {
        return (lat, lon);
    }
    let (mut wgs_lat, mut wgs_lon) = (lat, lon);
    for _ in 0..10 {
        let (g_lat, g_lon) = wgs84_to_gcj02(wgs_lat, wgs_lon);
        let (e_lat, e_lon) = (g_lat - lat, g_lon - lon);
        wgs_lat -= e_lat;
        wgs_lon -= e_lon;
        if e_lat.abs() < 1e-10 && e_lon.abs() < 1e-10 {
            break;
        }
    }
    (wgs_lat, wgs_lon)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference pairs from the eviltransform project's tests (WGS-84 → GCJ-02).
    const REFERENCE: [(f64, f64, f64, f64); 3] = [
        (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
        (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
        (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
    ];

    #[test]
    fn the_forward_transform_matches_the_reference() {
        for (lat, lon, g_lat, g_lon) in REFERENCE {
            let (got_lat, got_lon) = wgs84_to_gcj02(lat, lon);
            assert!(
                (got_lat - g_lat).abs() < 1e-9,
                "{lat},{lon}: lat {got_lat} vs {g_lat}"
            );
            assert!(
                (got_lon - g_lon).abs() < 1e-9,
                "{lat},{lon}: lon {got_lon} vs {g_lon}"
            );
        }
    }

    #[test]
    fn the_inverse_returns_to_within_a_centimetre_across_tongzhou() {
        let metres_per_degree = 111_320.0;
        for i in 0..20 {
            for j in 0..20 {
                let (lat, lon) = (39.80 + f64::from(i) * 0.01, 116.55 + f64::from(j) * 0.01);
                let (g_lat, g_lon) = wgs84_to_gcj02(lat, lon);
                // Beijing's offset is a few hundred metres; drawing without it would mislead.
                let shift =
                    ((g_lat - lat).powi(2) + (g_lon - lon).powi(2)).sqrt() * metres_per_degree;
                assert!((300.0..800.0).contains(&shift), "offset {shift} m");
                let (back_lat, back_lon) = gcj02_to_wgs84(g_lat, g_lon);
                let error = ((back_lat - lat).powi(2) + (back_lon - lon).powi(2)).sqrt()
                    * metres_per_degree;
                assert!(error < 0.01, "round trip off by {error} m at {lat},{lon}");
            }
        }
    }

    #[test]
    fn outside_china_nothing_moves() {
        for (lat, lon) in [(60.1699, 24.9384), (51.5, -0.12), (-33.86, 151.2)] {
            assert_eq!(wgs84_to_gcj02(lat, lon), (lat, lon));
            assert_eq!(gcj02_to_wgs84(lat, lon), (lat, lon));
        }
    }
}
