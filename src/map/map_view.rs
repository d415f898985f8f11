//! What part of the street drawing is shown: a centre and a width, fitted to the walk at first,
//! then moved by the zoom and pan buttons within fixed limits. Plain data, so the drawing
//! (`street_map.rs`), the licensed tiles beneath it (`tiles.rs`) and the list that centres it
//! on a service (`reach_list.rs`) share one view without naming each other.

use linli_core::decimal::within;

/// What part of the drawing is shown: a centre and half the width, in projected metres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct MapView {
    pub cx: f64,
    pub cy: f64,
    pub half_width: f64,
}

/// Height over width of the drawing.
const ASPECT: f64 = 0.75;
pub(crate) const ZOOM_STEP: f64 = 1.5;
const MIN_HALF_WIDTH: f64 = 60.0;
const MAX_HALF_WIDTH: f64 = 5000.0;
/// A pan moves by this share of the half width.
const PAN_SHARE: f64 = 0.5;

impl MapView {
    /// The smallest view that shows every one of `points` with a margin; a view of the minimum
    /// width around the origin when there are none.
    pub(crate) fn fitting(points: impl IntoIterator<Item = (f64, f64)>) -> MapView {
        let mut bounds: Option<(f64, f64, f64, f64)> = None;
        for (x, y) in points {
            let (x0, y0, x1, y1) = bounds.unwrap_or((x, y, x, y));
            bounds = Some((x0.min(x), y0.min(y), x1.max(x), y1.max(y)));
        }
        let (x0, y0, x1, y1) = bounds.unwrap_or_default();
        let half_width = ((x1 - x0) / 2.0).max((y1 - y0) / 2.0 / ASPECT) * 1.2;
        MapView {
            cx: (x0 + x1) / 2.0,
            cy: (y0 + y1) / 2.0,
            half_width: within(half_width, MIN_HALF_WIDTH, MAX_HALF_WIDTH),
        }
    }

    pub(crate) fn zoomed(self, factor: f64) -> MapView {
        MapView {
            half_width: within(self.half_width * factor, MIN_HALF_WIDTH, MAX_HALF_WIDTH),
            ..self
        }
    }

    pub(crate) fn panned(self, east: f64, south: f64) -> MapView {
        let step = self.half_width * PAN_SHARE;
        MapView {
            cx: self.cx + east * step,
            cy: self.cy + south * step,
            ..self
        }
    }

    /// The SVG `viewBox`, in the drawing's decimetres.
    pub(crate) fn view_box(self) -> String {
        let half_height = self.half_width * ASPECT;
        let dm = |v: f64| (v * 10.0).round() as i64;
        format!(
            "{} {} {} {}",
            dm(self.cx - self.half_width),
            dm(self.cy - half_height),
            dm(2.0 * self.half_width),
            dm(2.0 * half_height)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_view_fits_the_walk_and_zoom_and_pan_move_it_within_limits() {
        let start = MapView::fitting([(0.0, 0.0), (800.0, -100.0), (200.0, 500.0)]);
        assert_eq!((start.cx, start.cy), (400.0, 200.0));
        // 800 m wide, or 600 m high at 3:4: the width decides, plus a fifth for the markers.
        assert!((start.half_width - 480.0).abs() < 1e-9);
        assert_eq!(start.view_box(), "-800 -1600 9600 7200");
        let tall = MapView::fitting([(0.0, 0.0), (0.0, 1200.0)]);
        assert!((tall.half_width - 960.0).abs() < 1e-9);
        assert_eq!(MapView::fitting([]).half_width, MIN_HALF_WIDTH);

        let closer = start.zoomed(1.0 / ZOOM_STEP);
        assert!((closer.half_width - 480.0 / 1.5).abs() < 1e-9);
        let east = closer.panned(1.0, 0.0);
        assert!((east.cx - (400.0 + 480.0 / 3.0)).abs() < 1e-9);
        assert_eq!(east.cy, 200.0);
        let mut far = start;
        for _ in 0..20 {
            far = far.zoomed(ZOOM_STEP);
        }
        assert_eq!(far.half_width, MAX_HALF_WIDTH);
        let mut near = start;
        for _ in 0..20 {
            near = near.zoomed(1.0 / ZOOM_STEP);
        }
        assert_eq!(near.half_width, MIN_HALF_WIDTH);
    }
}
