//! `./linli bench-reach`: times, in headless Chromium, the walking search of the map page on a
//! synthetic 20,000-node street grid and the redraw of its 5/10/15-minute overlay (the three band
//! paths built and set on an SVG in the document, then measured by the browser). Prints median
//! and 95th percentile; it asserts no time, because a shared machine's timings are not a test.
//! Built only with `--features bench` (see `scripts/bench-reach.sh`).
#![cfg(target_arch = "wasm32")]

use linli::map::circle::{CIRCLE_MINUTES, Circle};
use linli::map::drawing_data::{Streets, band_paths};
use linli_core::reach::{GeoPoint, STANDARD_PACE, Snap, WalkNetwork};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance)]
    fn now() -> f64;
}

/// Nodes per side: 142 × 142 = 20,164 nodes and 40,044 edges.
const SIDE: u32 = 142;
/// Metres between neighbouring nodes, about the spacing of OSM's footway nodes in a compound; at
/// this spacing a 15-minute walk from the centre reaches most of the grid, the search's worst case.
const SPACING: f64 = 12.0;
const SAMPLES: usize = 60;

/// A street grid with slightly uneven edge lengths (a fixed pseudo-random jitter), so the search
/// meets few ties, as on real streets.
fn grid() -> WalkNetwork {
    let origin: (f64, f64) = (39.90, 116.65);
    let metres_per_degree = linli_core::reach::EARTH_RADIUS_M.to_radians();
    let lon_scale = metres_per_degree * origin.0.to_radians().cos();
    let mut positions = Vec::new();
    for row in 0..SIDE {
        for column in 0..SIDE {
            let point = GeoPoint::new(
                origin.0 + f64::from(row) * SPACING / metres_per_degree,
                origin.1 + f64::from(column) * SPACING / lon_scale,
            )
            .unwrap();
            positions.push(point);
        }
    }
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut jitter = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        SPACING * (0.9 + 0.2 * (state % 1000) as f64 / 1000.0)
    };
    let mut edges = Vec::new();
    for row in 0..SIDE {
        for column in 0..SIDE {
            let node = row * SIDE + column;
            if column + 1 < SIDE {
                edges.push((node, node + 1, jitter()));
            }
            if row + 1 < SIDE {
                edges.push((node, node + SIDE, jitter()));
            }
        }
    }
    WalkNetwork::new(positions, &edges).unwrap()
}

fn summary(name: &str, mut millis: Vec<f64>) -> String {
    millis.sort_by(f64::total_cmp);
    let at = |q: f64| millis[((millis.len() - 1) as f64 * q).round() as usize];
    format!(
        "{name}: median {:.3} ms, p95 {:.3} ms, min {:.3} ms, max {:.3} ms ({} runs)",
        at(0.5),
        at(0.95),
        millis[0],
        millis[millis.len() - 1],
        millis.len()
    )
}

#[wasm_bindgen_test]
fn reach_and_redraw_on_a_20k_node_grid() {
    let network = grid();
    let centre = network.node(SIDE * (SIDE / 2) + SIDE / 2).unwrap();
    let centre_point = network.position(centre).unwrap();
    // 400 service points spread over the grid, snapped once as the page does on load.
    let services: Vec<Snap> = (0..400u32)
        .map(|i| network.snap(network.position(network.node(i * 50).unwrap()).unwrap()))
        .collect();
    let start = network.snap(centre_point);
    let limits = [5, 10, CIRCLE_MINUTES].map(|m| STANDARD_PACE.metres_in(m));

    // The search as the page runs it: from the start to 15 minutes, then every service's walk.
    // performance.now() is coarsened to 0.1 ms in a page that is not cross-origin isolated, so
    // each sample times ten searches.
    let mut search = Vec::new();
    let mut circle = Circle::search(&network, &services, start, STANDARD_PACE);
    for _ in 0..SAMPLES {
        let begun = now();
        for _ in 0..10 {
            circle = Circle::search(&network, &services, start, STANDARD_PACE);
        }
        search.push((now() - begun) / 10.0);
    }
    // Snapping a position (a scan over every node), done once per start.
    let mut snap = Vec::new();
    for _ in 0..SAMPLES {
        let begun = now();
        for _ in 0..10 {
            std::hint::black_box(network.snap(centre_point));
        }
        snap.push((now() - begun) / 10.0);
    }

    // The redraw: the three band paths built from the search and set on an SVG in the page,
    // then the browser asked for each path's box, which makes it parse the new geometry.
    let streets = Streets::new(&network);
    let document = web_sys::window().unwrap().document().unwrap();
    let svg_ns = Some("http://www.w3.org/2000/svg");
    let svg = document.create_element_ns(svg_ns, "svg").unwrap();
    svg.set_attribute("viewBox", "-20000 -20000 40000 40000")
        .unwrap();
    svg.set_attribute("width", "375").unwrap();
    svg.set_attribute("height", "281").unwrap();
    let base = document.create_element_ns(svg_ns, "path").unwrap();
    base.set_attribute("d", &streets.path).unwrap();
    svg.append_child(&base).unwrap();
    let bands: Vec<web_sys::Element> = (0..3)
        .map(|_| {
            let path = document.create_element_ns(svg_ns, "path").unwrap();
            svg.append_child(&path).unwrap();
            path
        })
        .collect();
    document.body().unwrap().append_child(&svg).unwrap();
    let get_bbox = |element: &web_sys::Element| {
        let function: js_sys::Function = js_sys::Reflect::get(element, &"getBBox".into())
            .unwrap()
            .unchecked_into();
        function.call0(element).unwrap();
    };
    let mut redraw = Vec::new();
    let mut build_only = Vec::new();
    for _ in 0..SAMPLES {
        let begun = now();
        let paths = band_paths(&streets, &circle.reach, limits);
        build_only.push(now() - begun);
        for (element, d) in bands.iter().zip(&paths) {
            element.set_attribute("d", d).unwrap();
        }
        for element in &bands {
            get_bbox(element);
        }
        redraw.push(now() - begun);
    }

    let reached = circle.reach.reached_count();
    let lines = [
        format!(
            "synthetic grid: {} nodes, {} edges, {SPACING} m spacing; 15-minute walk at 1.2 m/s reaches {reached} nodes and {} of {} services",
            network.node_count(),
            network.edge_count(),
            circle.reached.len(),
            services.len()
        ),
        summary("reach (search to 15 min + services)", search),
        summary("snap a position to the nearest node", snap),
        summary("overlay paths built (wasm)", build_only),
        summary("redraw (paths built + set + parsed by the browser)", redraw),
    ];
    for line in lines {
        console_log!("BENCH {line}");
    }
    assert!(reached > 10_000, "the search covers most of the grid");
}
