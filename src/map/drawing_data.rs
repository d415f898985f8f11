//! What the map draws, as plain data: the streets projected to local metres, and the walking
//! reach cut into 5-, 10- and 15-minute pieces, each band one SVG path. No Leptos here, so the
//! geometry is tested on the host and timed in Chromium (`./linli bench-reach`).

use linli_core::reach::{GeoPoint, Reach, WalkNetwork};

/// Metres per degree of latitude on the mean Earth sphere.
const METRES_PER_DEGREE: f64 = linli_core::reach::EARTH_RADIUS_M * std::f64::consts::PI / 180.0;

/// A flat projection around one point, good to centimetres over a community: x metres east,
/// y metres south (SVG's y grows downwards).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    origin: GeoPoint,
    metres_per_degree_lon: f64,
}

impl Projection {
    pub fn around(origin: GeoPoint) -> Projection {
        Projection {
            origin,
            metres_per_degree_lon: METRES_PER_DEGREE * origin.lat().to_radians().cos(),
        }
    }

    pub fn project(self, point: GeoPoint) -> (f64, f64) {
        (
            (point.lon() - self.origin.lon()) * self.metres_per_degree_lon,
            (self.origin.lat() - point.lat()) * METRES_PER_DEGREE,
        )
    }
}

/// The streets of one network, projected once: node positions and the path of every street.
#[derive(Clone, Debug)]
pub struct Streets {
    pub projection: Projection,
    pub points: Vec<(f64, f64)>,
    /// Every edge once, as one SVG path.
    pub path: String,
    /// `(min_x, min_y, max_x, max_y)` in projected metres.
    pub bounds: (f64, f64, f64, f64),
}

impl Streets {
    pub fn new(network: &WalkNetwork) -> Streets {
        let positions: Vec<GeoPoint> = network
            .nodes()
            .filter_map(|node| network.position(node))
            .collect();
        let (lat_sum, lon_sum) = positions
            .iter()
            .fold((0.0, 0.0), |(a, b), p| (a + p.lat(), b + p.lon()));
        let count = positions.len().max(1) as f64;
        // A network always has a node, and the mean of valid positions is valid.
        let origin =
            GeoPoint::new(lat_sum / count, lon_sum / count).unwrap_or_else(|_| positions[0]);
        let projection = Projection::around(origin);
        let points: Vec<(f64, f64)> = positions.iter().map(|p| projection.project(*p)).collect();
        let mut bounds = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in &points {
            bounds = (
                bounds.0.min(x),
                bounds.1.min(y),
                bounds.2.max(x),
                bounds.3.max(y),
            );
        }
        let mut path = String::new();
        for from in network.nodes() {
            for (to, _) in network.neighbours(from) {
                if to > from {
                    segment(&mut path, points[from.index()], points[to.index()]);
                }
            }
        }
        Streets {
            projection,
            points,
            path,
            bounds,
        }
    }
}

/// Appends one straight piece, in whole decimetres: finer than any screen shows, and integers
/// are much cheaper to write than floats.
fn segment(path: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) {
    let dm = |v: f64| (v * 10.0).round() as i64;
    path.push('M');
    push_integer(path, dm(x1));
    path.push(' ');
    push_integer(path, dm(y1));
    path.push('L');
    push_integer(path, dm(x2));
    path.push(' ');
    push_integer(path, dm(y2));
}

/// Writes an integer's decimal digits: the redraw writes some 100,000 of them, without going
/// through `core::fmt` for each. (Measured in `./linli bench-reach` on a loaded machine, the
/// fastest overlay build went from 10.7 ms with `write!` to 10.5 ms: most of the time is elsewhere.)
fn push_integer(out: &mut String, value: i64) {
    let mut digits = [0u8; 20];
    let mut rest = value.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if value < 0 {
        out.push('-');
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// The reach overlay: one path per band (within 5, within 10, within 15 minutes), each piece of
/// street in exactly one band, so the three line styles never sit on top of each other.
pub fn band_paths(
    network: &WalkNetwork,
    points: &[(f64, f64)],
    reach: &Reach,
    limits: [f64; 3],
) -> [String; 3] {
    let mut paths = [String::new(), String::new(), String::new()];
    for from in network.nodes() {
        let from_metres = reach.metres(from).unwrap_or(f64::INFINITY);
        for (to, length) in network.neighbours(from) {
            if to <= from {
                continue;
            }
            let to_metres = reach.metres(to).unwrap_or(f64::INFINITY);
            if from_metres.is_infinite() && to_metres.is_infinite() {
                continue;
            }
            let (a, b) = (points[from.index()], points[to.index()]);
            for (band, pieces) in band_pieces(from_metres, to_metres, length, limits)
                .into_iter()
                .enumerate()
            {
                for (start, end) in pieces.into_iter().flatten() {
                    segment(
                        &mut paths[band],
                        along(a, b, start, length),
                        along(a, b, end, length),
                    );
                }
            }
        }
    }
    paths
}

fn along((x1, y1): (f64, f64), (x2, y2): (f64, f64), metres: f64, length: f64) -> (f64, f64) {
    let t = if length > 0.0 { metres / length } else { 0.0 };
    (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
}

/// Up to two pieces of an edge, as metres from its first end.
type Pieces = [Option<(f64, f64)>; 2];

/// Which parts of an edge of `length` metres, whose ends are `du` and `dv` metres of walking from
/// the start, fall in each band. A point `t` metres along is reached in `min(du + t, dv + length
/// − t)`, so within `x` metres the walk covers `[0, x − du]` from one end and
/// `[length − (x − dv), length]` from the other.
pub fn band_pieces(du: f64, dv: f64, length: f64, limits: [f64; 3]) -> [Pieces; 3] {
    let within = |x: f64| -> Option<(f64, f64)> {
        let a = (x - du).clamp(0.0, length);
        let b = length - (x - dv).clamp(0.0, length);
        // `None`: the whole edge.
        (a < b).then_some((a, b))
    };
    let mut bands = [[None, None]; 3];
    // Before the first band nothing is covered: the empty pair `[0, 0] ∪ [length, length]`.
    let mut previous = Some((0.0, length));
    for (band, &limit) in limits.iter().enumerate() {
        let Some((prev_a, prev_b)) = previous else {
            break;
        };
        let current = within(limit);
        let pieces = match current {
            None => [Some((prev_a, prev_b)), None],
            Some((a, b)) => [Some((prev_a, a)), Some((b, prev_b))],
        };
        bands[band] = pieces.map(|piece| piece.filter(|(s, e)| e - s > 1e-6));
        previous = current;
    }
    bands
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: [f64; 3] = [360.0, 720.0, 1080.0];

    fn check(du: f64, dv: f64, length: f64, expected: [&[(f64, f64)]; 3]) {
        let got = band_pieces(du, dv, length, LIMITS);
        for (band, want) in expected.iter().enumerate() {
            let have: Vec<(f64, f64)> = got[band].iter().flatten().copied().collect();
            assert_eq!(have, *want, "band {band} of ({du}, {dv}, {length})");
        }
    }

    #[test]
    fn an_edge_is_cut_where_the_walk_crosses_a_band_edge() {
        // Wholly within five minutes.
        check(100.0, 200.0, 100.0, [&[(0.0, 100.0)], &[], &[]]);
        // Crosses 360 m a quarter of the way along.
        check(300.0, 540.0, 240.0, [&[(0.0, 60.0)], &[(60.0, 240.0)], &[]]);
        // Reached from both ends, the middle beyond 15 minutes: two pieces in the last band.
        check(
            1000.0,
            1050.0,
            200.0,
            [&[], &[], &[(0.0, 80.0), (170.0, 200.0)]],
        );
        // One end unreached: only the reached part is drawn.
        check(
            700.0,
            f64::INFINITY,
            500.0,
            [&[], &[(0.0, 20.0)], &[(20.0, 380.0)]],
        );
        // Both ends beyond every band: nothing.
        check(2000.0, f64::INFINITY, 50.0, [&[], &[], &[]]);
    }

    #[test]
    fn the_bands_of_an_edge_cover_exactly_its_reached_length() {
        // Sampled along each edge, a point is in the band of its own walking distance.
        for (du, dv, length) in [
            (0.0, 80.0, 80.0),
            (350.0, 370.0, 40.0),
            (200.0, 900.0, 700.0),
            (1070.0, 1075.0, 30.0),
            (10.0, 30.0, 2000.0),
        ] {
            let bands = band_pieces(du, dv, length, LIMITS);
            for step in 0..=200 {
                let t = length * (f64::from(step) + 0.5) / 201.0;
                let walk = (du + t).min(dv + length - t);
                let expected = LIMITS.iter().position(|&limit| walk <= limit);
                let found = bands
                    .iter()
                    .position(|pieces| pieces.iter().flatten().any(|&(s, e)| s <= t && t <= e));
                assert_eq!(found, expected, "t = {t} on ({du}, {dv}, {length})");
            }
        }
    }

    #[test]
    fn a_segment_is_written_in_whole_decimetres() {
        let mut path = String::new();
        segment(&mut path, (0.04, -12.34), (1234.56, 0.0));
        segment(&mut path, (-0.06, 7.0), (-98765.4, 10.05));
        assert_eq!(path, "M0 -123L12346 0M-1 70L-987654 101");
        let mut extremes = String::new();
        push_integer(&mut extremes, i64::MIN);
        assert_eq!(extremes, i64::MIN.to_string());
    }

    #[test]
    fn the_projection_keeps_distances_along_and_across() {
        let origin = GeoPoint::new(39.9, 116.65).unwrap();
        let projection = Projection::around(origin);
        assert_eq!(projection.project(origin), (0.0, 0.0));
        for other in [
            GeoPoint::new(39.905, 116.65).unwrap(),
            GeoPoint::new(39.9, 116.656).unwrap(),
            GeoPoint::new(39.896, 116.646).unwrap(),
        ] {
            let (x, y) = projection.project(other);
            let flat = (x * x + y * y).sqrt();
            assert!((flat - origin.metres_to(other)).abs() < 0.5, "{flat}");
        }
        // North is up: a point to the north has a smaller y.
        assert!(projection.project(GeoPoint::new(39.91, 116.65).unwrap()).1 < 0.0);
    }
}
