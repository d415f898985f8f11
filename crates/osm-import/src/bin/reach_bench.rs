//! `reach-bench`: times 15-minute reach on a 20,000-node street grid, the size of a large
//! community's walking graph, and prints the median microseconds per search on this machine.

use std::hint::black_box;
use std::time::Instant;

use linli_core::reach::{GeoPoint, STANDARD_PACE, Start, WalkNetwork, reach};
use linli_core::rng::SplitMix64;

/// 125 × 160 nodes: 20,000.
const COLUMNS: u32 = 125;
const ROWS: u32 = 160;
/// Street nodes about every 50 m, as on a city block with its side entrances mapped.
const SPACING_M: f64 = 50.0;
const STARTS: usize = 100;
/// Tongzhou, near the sample data.
const ORIGIN: (f64, f64) = (39.90, 116.65);

/// A grid with its nodes jittered by up to ±10 m, about one street segment in six missing
/// (blocks, fences, dead ends), a diagonal path through one cell in twenty, and every edge
/// 0–10% longer than the straight line, as real streets bend.
fn street_grid(rng: &mut SplitMix64) -> Result<WalkNetwork, Box<dyn std::error::Error>> {
    let metres_per_degree = linli_core::reach::EARTH_RADIUS_M.to_radians();
    let metres_per_degree_lon = metres_per_degree * ORIGIN.0.to_radians().cos();
    let mut positions = Vec::with_capacity((COLUMNS * ROWS) as usize);
    for row in 0..ROWS {
        for column in 0..COLUMNS {
            let x = f64::from(column) * SPACING_M + 20.0 * (rng.unit() - 0.5);
            let y = f64::from(row) * SPACING_M + 20.0 * (rng.unit() - 0.5);
            positions.push(GeoPoint::new(
                ORIGIN.0 + y / metres_per_degree,
                ORIGIN.1 + x / metres_per_degree_lon,
            )?);
        }
    }
    let id = |column: u32, row: u32| row * COLUMNS + column;
    let mut edges = Vec::new();
    let mut link = |from: u32, to: u32, rng: &mut SplitMix64| {
        let straight = positions[from as usize].metres_to(positions[to as usize]);
        edges.push((from, to, straight * (1.0 + 0.1 * rng.unit())));
    };
    for row in 0..ROWS {
        for column in 0..COLUMNS {
            if column + 1 < COLUMNS && rng.unit() > 1.0 / 6.0 {
                link(id(column, row), id(column + 1, row), rng);
            }
            if row + 1 < ROWS && rng.unit() > 1.0 / 6.0 {
                link(id(column, row), id(column, row + 1), rng);
            }
            if column + 1 < COLUMNS && row + 1 < ROWS && rng.unit() < 0.05 {
                link(id(column, row), id(column + 1, row + 1), rng);
            }
        }
    }
    Ok(WalkNetwork::new(positions, &edges)?)
}

/// The middle of an ascending list; zero for an empty one.
fn median(sorted: &[f64]) -> f64 {
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => 0.0,
        len if len.is_multiple_of(2) => (sorted[middle - 1] + sorted[middle]) / 2.0,
        _ => sorted[middle],
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Seeded, so the graph and the starts are the same on every run.
    let mut rng = SplitMix64::new(0x4C49_4E4C_4920_2026);
    let network = street_grid(&mut rng)?;
    let bound = STANDARD_PACE.metres_in(15);
    let starts: Vec<Start> = (0..STARTS)
        .filter_map(|_| {
            let index = (rng.next_u64() % network.node_count() as u64) as u32;
            network.node(index)
        })
        .map(|node| Start { node, metres: 0.0 })
        .collect();

    // One untimed round first, so the timings do not include the first page faults.
    for &start in &starts {
        black_box(reach(&network, start, bound).reached_count());
    }
    let mut micros = Vec::with_capacity(starts.len());
    let mut reached = 0;
    for &start in &starts {
        let clock = Instant::now();
        let walk = reach(&network, black_box(start), bound);
        micros.push(clock.elapsed().as_secs_f64() * 1e6);
        reached += walk.reached_count();
    }
    micros.sort_by(f64::total_cmp);

    let snap_points: Vec<GeoPoint> = starts
        .iter()
        .filter_map(|start| network.position(start.node))
        .collect();
    let mut snap_micros = Vec::with_capacity(snap_points.len());
    for &point in &snap_points {
        let clock = Instant::now();
        black_box(network.snap(black_box(point)));
        snap_micros.push(clock.elapsed().as_secs_f64() * 1e6);
    }
    snap_micros.sort_by(f64::total_cmp);

    println!(
        "grid: {} nodes, {} edges; {} starts, bound {bound} m (15 min at 1.2 m/s)",
        network.node_count(),
        network.edge_count(),
        starts.len()
    );
    println!(
        "reach: median {:.1} µs per search (fastest {:.1}, slowest {:.1}), {:.0} nodes reached on average",
        median(&micros),
        micros.first().copied().unwrap_or(0.0),
        micros.last().copied().unwrap_or(0.0),
        reached as f64 / starts.len().max(1) as f64
    );
    println!(
        "snap: median {:.1} µs per point (plain scan of every node)",
        median(&snap_micros)
    );
    Ok(())
}
