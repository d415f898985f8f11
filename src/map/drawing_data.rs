//! What the map draws, as plain data: the streets projected to local metres, and the walking
//! reach cut into 5-, 10- and 15-minute pieces, each band one SVG path. No Leptos here, so the
//! geometry is tested on the host and timed in Chromium (`./linli bench-reach`).

use linli_core::decimal::within;
use linli_core::reach::{GeoPoint, NodeId, Reach, WalkNetwork};

pub(crate) use linli_core::projection::Projection;

/// The streets of one network, projected once: node positions, every street laid end to end in
/// long runs, and the path of the whole network.
#[derive(Clone, Debug)]
pub struct Streets {
    pub projection: Projection,
    pub points: Vec<(f64, f64)>,
    /// The same in whole decimetres, as the paths are written.
    decimetres: Vec<(i64, i64)>,
    /// Every edge once, ordered and turned so that most begin where the one before ends: a
    /// band's path then continues a run with one coordinate pair per edge instead of starting
    /// a new piece, which makes the path about a third as long for the browser to read.
    edges: Vec<StreetEdge>,
    /// Every edge once, as one SVG path.
    pub path: String,
    /// `(min_x, min_y, max_x, max_y)` in projected metres.
    pub bounds: (f64, f64, f64, f64),
}

/// An edge as drawn: from node `from` to node `to`, `metres` long.
#[derive(Clone, Copy, Debug, PartialEq)]
struct StreetEdge {
    from: NodeId,
    to: NodeId,
    metres: f64,
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
        let decimetres: Vec<(i64, i64)> = points.iter().map(|&p| decimetres(p)).collect();
        let edges = runs(network);
        let mut path = PathWriter::default();
        for edge in &edges {
            path.line(decimetres[edge.from.index()], decimetres[edge.to.index()]);
        }
        Streets {
            projection,
            points,
            decimetres,
            edges,
            path: path.finish(),
            bounds,
        }
    }
}

/// Every edge of `network` once (parallel edges each once, self-loops never), in runs: from each
/// node in turn, walk along edges not yet taken until none is left at the node reached.
fn runs(network: &WalkNetwork) -> Vec<StreetEdge> {
    let node_count = network.node_count();
    let mut edges = Vec::new();
    for from in network.nodes() {
        for (to, metres) in network.neighbours(from) {
            if to > from {
                edges.push((from, to, metres));
            }
        }
    }
    // Each node's edges, by index into `edges`.
    let mut offsets = vec![0usize; node_count + 1];
    for &(from, to, _) in &edges {
        offsets[from.index() + 1] += 1;
        offsets[to.index() + 1] += 1;
    }
    for node in 0..node_count {
        offsets[node + 1] += offsets[node];
    }
    let mut incident = vec![0u32; offsets[node_count]];
    let mut fill = offsets.clone();
    for (index, &(from, to, _)) in edges.iter().enumerate() {
        for end in [from.index(), to.index()] {
            incident[fill[end]] = index as u32;
            fill[end] += 1;
        }
    }
    // How far each node's list has been looked through: a taken edge is never looked at again.
    let mut next = offsets.clone();
    let mut taken = vec![false; edges.len()];
    let mut ordered = Vec::with_capacity(edges.len());
    for start in network.nodes() {
        let mut here = start;
        loop {
            let (at, list_end) = (&mut next[here.index()], offsets[here.index() + 1]);
            while *at < list_end && taken[incident[*at] as usize] {
                *at += 1;
            }
            if *at == list_end {
                break;
            }
            let index = incident[*at] as usize;
            taken[index] = true;
            let (from, to, metres) = edges[index];
            let there = if from == here { to } else { from };
            ordered.push(StreetEdge {
                from: here,
                to: there,
                metres,
            });
            here = there;
        }
    }
    ordered
}

/// Writes an SVG path of straight pieces in whole decimetres (finer than any screen shows, and
/// integers are much cheaper to write than floats), all relative: a piece that begins where the
/// pen is continues the run with one pair of numbers; any other begins with a move.
#[derive(Debug, Default)]
struct PathWriter {
    /// Only ASCII digits, signs, spaces and `m`.
    out: Vec<u8>,
    /// Where the pen is, in decimetres.
    pen: (i64, i64),
    /// Whether a pair written now would continue a run: after a move, further pairs are lines.
    drawing: bool,
}

impl PathWriter {
    /// A straight piece between two points in decimetres.
    #[inline(always)]
    fn line(&mut self, from: (i64, i64), to: (i64, i64)) {
        if !self.drawing || from != self.pen {
            self.out.push(b'm');
            self.pair(from, false);
            self.drawing = true;
        }
        self.pair(to, true);
    }

    /// Writes `point` relative to the pen and moves the pen there; `after_number` when a number
    /// was written just before, which a space must separate from the next unless its minus sign
    /// does.
    #[inline(always)]
    fn pair(&mut self, point: (i64, i64), after_number: bool) {
        let (dx, dy) = (point.0 - self.pen.0, point.1 - self.pen.1);
        if after_number && dx >= 0 {
            self.out.push(b' ');
        }
        push_integer(&mut self.out, dx);
        if dy >= 0 {
            self.out.push(b' ');
        }
        push_integer(&mut self.out, dy);
        self.pen = point;
    }

    fn finish(self) -> String {
        String::from_utf8(self.out).expect("a path is ASCII")
    }
}

/// A projected point in whole decimetres.
#[inline(always)]
fn decimetres((x, y): (f64, f64)) -> (i64, i64) {
    ((x * 10.0).round() as i64, (y * 10.0).round() as i64)
}

/// Writes an integer's decimal digits: the redraw writes some 100,000 of them, without going
/// through `core::fmt` for each.
#[inline(always)]
fn push_integer(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    let mut wide = value.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    // Nearly every number is a step along one street, well within 32 bits, and 32-bit division
    // is much quicker in wasm: 64-bit division only for the digits above that.
    while wide > u64::from(u32::MAX) {
        at -= 1;
        digits[at] = b'0' + (wide % 10) as u8;
        wide /= 10;
    }
    let mut rest = wide as u32;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The reach overlay: one path per band (within 5, within 10, within 15 minutes), each piece of
/// street in exactly one band, so the three line styles never sit on top of each other. Built
/// once per search: zoom and pan change the drawing's `viewBox`, never these.
pub fn band_paths(streets: &Streets, reach: &Reach, limits: [f64; 3]) -> [String; 3] {
    let mut paths: [PathWriter; 3] = Default::default();
    let (points, decimetres_of) = (&streets.points, &streets.decimetres);
    let metres = reach.all_metres();
    for edge in &streets.edges {
        let (from, to) = (edge.from.index(), edge.to.index());
        let (from_metres, to_metres) = (metres[from], metres[to]);
        if from_metres.is_infinite() && to_metres.is_infinite() {
            continue;
        }
        if let Some(band) = whole_band(from_metres, to_metres, edge.metres, limits) {
            paths[band].line(decimetres_of[from], decimetres_of[to]);
            continue;
        }
        let (a, b) = (points[from], points[to]);
        let length = edge.metres;
        for (band, pieces) in band_pieces(from_metres, to_metres, length, limits)
            .into_iter()
            .enumerate()
        {
            for (start, end) in pieces.into_iter().flatten() {
                paths[band].line(
                    decimetres(along(a, b, start, length)),
                    decimetres(along(a, b, end, length)),
                );
            }
        }
    }
    paths.map(PathWriter::finish)
}

/// The band an edge lies in wholly, as the one piece `band_pieces` would give, `(0, length)`;
/// `None` when it is cut, unreached or too short to draw. Most edges of a walk lie wholly in one
/// band, and this is much quicker to ask: the nearer end is past every earlier band's limit (so
/// nothing of the edge is in those) and the walk covers the whole edge within this band's.
#[inline(always)]
fn whole_band(du: f64, dv: f64, length: f64, limits: [f64; 3]) -> Option<usize> {
    let near = du.min(dv);
    let band = limits.iter().position(|&limit| near < limit)?;
    let covered =
        within(limits[band] - du, 0.0, length) >= length - within(limits[band] - dv, 0.0, length);
    (covered && length > 1e-6).then_some(band)
}

#[inline(always)]
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
pub(crate) fn band_pieces(du: f64, dv: f64, length: f64, limits: [f64; 3]) -> [Pieces; 3] {
    let within = |x: f64| -> Option<(f64, f64)> {
        let a = within(x - du, 0.0, length);
        let b = length - within(x - dv, 0.0, length);
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
    fn the_whole_edge_shortcut_agrees_with_the_pieces() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut unit = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut wholes = 0;
        for case in 0..20_000 {
            let length = match case % 4 {
                0 => 0.0,
                1 => 1e-7,
                _ => 200.0 * unit(),
            };
            let du = if case % 7 == 0 { 0.0 } else { 1200.0 * unit() };
            // Mostly what a search gives (the far end at most an edge farther), sometimes
            // unreached, sometimes exactly on a limit.
            let dv = match case % 5 {
                0 => f64::INFINITY,
                1 => LIMITS[case % 3],
                _ => du + length * (2.0 * unit() - 1.0),
            }
            .max(0.0);
            let pieces = band_pieces(du, dv, length, LIMITS);
            let as_whole = (0..3).find(|&band| pieces[band] == [Some((0.0, length)), None]);
            let only_piece = pieces.iter().flatten().flatten().count() == 1;
            let expected = as_whole.filter(|_| only_piece);
            assert_eq!(
                whole_band(du, dv, length, LIMITS),
                expected,
                "({du}, {dv}, {length}): {pieces:?}"
            );
            wholes += usize::from(expected.is_some());
        }
        assert!(wholes > 5_000, "{wholes}");
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
    fn pieces_are_written_relative_in_whole_decimetres_and_runs_continue() {
        let mut path = PathWriter::default();
        let mut line = |a, b| path.line(decimetres(a), decimetres(b));
        line((0.04, -12.34), (1234.56, 0.0));
        // Begins where the last ended (to the decimetre): one more pair, no move.
        line((1234.58, 0.01), (1234.56, 10.05));
        // Begins elsewhere: a move relative to the pen, then the piece.
        line((-0.06, 7.0), (-98765.4, 10.05));
        line((-98765.4, 10.05), (-98765.4, 10.05));
        let written = path.finish();
        assert_eq!(written, "m0-123 12346 123 0 101m-12347-31-987653 31 0 0");
        // Read back as absolute points, the same decimetres as written one by one.
        assert_eq!(
            absolute_points(&written),
            [
                vec![(0, -123), (12346, 0), (12346, 101)],
                vec![(-1, 70), (-987654, 101), (-987654, 101)],
            ]
        );
        for extreme in [
            i64::MIN,
            i64::MAX,
            0,
            i64::from(u32::MAX),
            i64::from(u32::MAX) + 1,
            -10_000_000_000,
        ] {
            let mut written = Vec::new();
            push_integer(&mut written, extreme);
            assert_eq!(written, extreme.to_string().as_bytes());
        }
    }

    /// The runs of a path written by `PathWriter`, as absolute points: each `m` starts a run.
    fn absolute_points(path: &str) -> Vec<Vec<(i64, i64)>> {
        let mut runs: Vec<Vec<(i64, i64)>> = Vec::new();
        let mut pen = (0, 0);
        for run in path.split('m').filter(|run| !run.is_empty()) {
            // A minus sign also separates numbers.
            let numbers: Vec<i64> = run
                .replace('-', " -")
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect();
            let mut points = Vec::new();
            for pair in numbers.chunks(2) {
                pen = (pen.0 + pair[0], pen.1 + pair[1]);
                points.push(pen);
            }
            runs.push(points);
        }
        runs
    }

    /// A square with a tail and a parallel edge.
    fn small_network() -> WalkNetwork {
        let origin = (39.9, 116.65);
        let positions = [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0), (2.0, 0.0)]
            .iter()
            .map(|&(north, east)| {
                GeoPoint::new(origin.0 + north * 0.001, origin.1 + east * 0.001).unwrap()
            })
            .collect();
        let edges = [
            (0, 1, 85.0),
            (1, 2, 111.0),
            (2, 3, 85.0),
            (3, 0, 111.0),
            (3, 4, 111.0),
            (0, 1, 90.0),
            (4, 4, 5.0),
        ];
        WalkNetwork::new(positions, &edges).unwrap()
    }

    #[test]
    fn runs_hold_every_edge_once_and_mostly_continue() {
        let network = small_network();
        let streets = Streets::new(&network);
        let mut drawn: Vec<(u32, u32, f64)> = streets
            .edges
            .iter()
            .map(|e| {
                let (a, b) = (e.from.index() as u32, e.to.index() as u32);
                (a.min(b), a.max(b), e.metres)
            })
            .collect();
        drawn.sort_by(|x, y| x.partial_cmp(y).unwrap());
        assert_eq!(
            drawn,
            [
                (0, 1, 85.0),
                (0, 1, 90.0),
                (0, 3, 111.0),
                (1, 2, 111.0),
                (2, 3, 85.0),
                (3, 4, 111.0)
            ]
        );
        let breaks = streets
            .edges
            .windows(2)
            .filter(|pair| pair[0].to != pair[1].from)
            .count();
        // Two nodes of odd degree (3 and 4): one run would do; the greedy walk needs at most two.
        assert!(breaks <= 1, "{:?}", streets.edges);
        assert_eq!(streets.path.matches('m').count(), breaks + 1);
    }

    #[test]
    fn the_band_paths_draw_the_same_pieces_as_edge_by_edge() {
        let network = small_network();
        let streets = Streets::new(&network);
        let start = network.node(0).unwrap();
        let walk = linli_core::reach::reach(
            &network,
            linli_core::reach::Start {
                node: start,
                metres: 0.0,
            },
            300.0,
        );
        let limits = [90.0, 150.0, 300.0];
        let paths = band_paths(&streets, &walk, limits);
        for (band, path) in paths.iter().enumerate() {
            // Every piece, as a pair of decimetre points in either direction.
            let mut drawn: Vec<[(i64, i64); 2]> = absolute_points(path)
                .iter()
                .flat_map(|run| {
                    run.windows(2)
                        .map(|w| sorted([w[0], w[1]]))
                        .collect::<Vec<_>>()
                })
                .collect();
            drawn.sort();
            let mut expected = Vec::new();
            for from in network.nodes() {
                for (to, length) in network.neighbours(from) {
                    if to <= from {
                        continue;
                    }
                    let metres = |n| walk.metres(n).unwrap_or(f64::INFINITY);
                    let (a, b) = (streets.points[from.index()], streets.points[to.index()]);
                    for (s, e) in band_pieces(metres(from), metres(to), length, limits)[band]
                        .iter()
                        .flatten()
                    {
                        expected.push(sorted([
                            decimetres(along(a, b, *s, length)),
                            decimetres(along(a, b, *e, length)),
                        ]));
                    }
                }
            }
            expected.sort();
            assert!(!expected.is_empty());
            assert_eq!(drawn, expected, "band {band}: {path}");
        }
    }

    fn sorted(mut pair: [(i64, i64); 2]) -> [(i64, i64); 2] {
        pair.sort();
        pair
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
