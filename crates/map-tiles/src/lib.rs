//! Licensed map tiles under the map page's drawing of the streets, placed off the page: the map
//! bundle starts this worker only when the operator configured a provider (`map-tiles.json`),
//! so residents of a site without tiles (the default) download none of this. The tiles are
//! placed in the drawing's own projection: each tile's corners, converted from the provider's
//! datum (GCJ-02 for 高德) to WGS-84, are projected like the streets are, so the data lands where
//! the tiles draw it.

use linli_api::{MapTiles, TileSource};
use linli_core::gcj02::{gcj02_to_wgs84, wgs84_to_gcj02};
use linli_core::projection::Projection;
use linli_core::reach::GeoPoint;
use linli_core::tiles::{Tile, covering, zoom_for};

/// What part of the drawing is shown: a centre and half the width, in projected metres (the
/// page's `MapView`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub cx: f64,
    pub cy: f64,
    pub half_width: f64,
}

/// The worker's answer to one request: the tiles' SVG markup for the server's tile `setting` as
/// it came (`map-tiles.json`), the drawing's projection `origin` and any point of the community
/// (`anchor`, both `[lat, lon]`) and the `view` (`[cx, cy, half_width]` in the drawing's metres).
/// Nothing for a setting it cannot read, one without tiles, or an impossible position.
pub fn answer(setting: &str, origin: [f64; 2], anchor: [f64; 2], view: [f64; 3]) -> String {
    let Ok(MapTiles {
        tiles: Some(source),
    }) = serde_json::from_str::<MapTiles>(setting)
    else {
        return String::new();
    };
    let point = |[lat, lon]: [f64; 2]| GeoPoint::new(lat, lon).ok();
    let (Some(origin), Some(anchor)) = (point(origin), point(anchor)) else {
        return String::new();
    };
    let [cx, cy, half_width] = view;
    let view = View { cx, cy, half_width };
    markup(&placed_tiles(
        &source,
        Projection::around(origin),
        anchor,
        view,
    ))
}

/// The tiles as SVG `<image>` elements, in drawing order.
pub fn markup(tiles: &[PlacedTile]) -> String {
    tiles
        .iter()
        .map(|tile| {
            format!(
                r#"<image href="{}" x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none"/>"#,
                escape_attribute(&tile.href),
                tile.x,
                tile.y,
                tile.width,
                tile.height
            )
        })
        .collect()
}

/// A value for a double-quoted attribute: a tile URL's `&` and anything that could end the
/// attribute or start markup is written as an entity.
fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The drawing's assumed width in pixels when choosing a zoom: a phone's drawing is some 340 CSS
/// pixels at two or three device pixels each, a kiosk's about 600 at one.
const DRAWING_PIXELS: f64 = 640.0;

/// One tile image, placed in the drawing's decimetres.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedTile {
    pub href: String,
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
}

/// The tiles under `view`, every layer's (base map first, then labels), placed with the drawing's
/// `projection`. `anchor` is any point of the community: the projection is linear in latitude and
/// longitude around it, which turns the view's corners back into positions.
pub fn placed_tiles(
    source: &TileSource,
    projection: Projection,
    anchor: GeoPoint,
    view: View,
) -> Vec<PlacedTile> {
    let (ax, ay) = projection.project(anchor);
    let step = 0.01;
    let (Ok(east), Ok(north)) = (
        GeoPoint::new(anchor.lat(), anchor.lon() + step),
        GeoPoint::new(anchor.lat() + step, anchor.lon()),
    ) else {
        return Vec::new();
    };
    let metres_per_lon = (projection.project(east).0 - ax) / step;
    let metres_per_lat = (projection.project(north).1 - ay) / step;
    let position = |x: f64, y: f64| {
        (
            anchor.lat() + (y - ay) / metres_per_lat,
            anchor.lon() + (x - ax) / metres_per_lon,
        )
    };
    let to_tiles = |(lat, lon): (f64, f64)| {
        if source.gcj02 {
            wgs84_to_gcj02(lat, lon)
        } else {
            (lat, lon)
        }
    };
    let from_tiles = |(lat, lon): (f64, f64)| {
        if source.gcj02 {
            gcj02_to_wgs84(lat, lon)
        } else {
            (lat, lon)
        }
    };
    // A square around the centre covers the drawing at any shape the page gives it.
    let reach = view.half_width;
    let (north_lat, west_lon) = to_tiles(position(view.cx - reach, view.cy - reach));
    let (south_lat, east_lon) = to_tiles(position(view.cx + reach, view.cy + reach));
    let zoom = zoom_for(
        2.0 * view.half_width / DRAWING_PIXELS,
        anchor.lat(),
        source.max_zoom,
    );
    let subdomains: Vec<&str> = source.subdomains.iter().map(String::as_str).collect();
    let place = |corner: (f64, f64)| {
        let (lat, lon) = from_tiles(corner);
        GeoPoint::new(lat, lon).ok().map(|p| {
            let (x, y) = projection.project(p);
            ((x * 10.0).round() as i64, (y * 10.0).round() as i64)
        })
    };
    // Each tile with its north-west and south-east corners on the drawing.
    type Corner = (i64, i64);
    let tiles: Vec<(Tile, Corner, Corner)> =
        covering(zoom, south_lat, west_lon, north_lat, east_lon)
            .into_iter()
            .filter_map(|tile| Some((tile, place(tile.north_west())?, place(tile.south_east())?)))
            .collect();
    source
        .layers
        .iter()
        .flat_map(|template| {
            let subdomains = &subdomains;
            tiles
                .iter()
                .map(move |&(tile, (x0, y0), (x1, y1))| PlacedTile {
                    href: tile.url(template, subdomains),
                    x: x0,
                    y: y0,
                    width: x1 - x0,
                    height: y1 - y0,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_core::projection::Projection;
    use linli_core::tiles::tile_position;

    fn source(gcj02: bool) -> TileSource {
        TileSource {
            provider: "test".into(),
            layers: vec!["/t/{z}/{x}/{y}.png".into(), "/l/{z}/{x}/{y}.png".into()],
            subdomains: vec![],
            gcj02,
            max_zoom: 18,
            notice_zh: String::new(),
            notice_en: String::new(),
        }
    }

    /// The placed tile that holds the drawing point `(x, y)` (decimetres), in the first layer.
    fn tile_at(tiles: &[PlacedTile], x: i64, y: i64) -> &PlacedTile {
        tiles
            .iter()
            .find(|t| {
                t.href.starts_with("/t/")
                    && (t.x..t.x + t.width).contains(&x)
                    && (t.y..t.y + t.height).contains(&y)
            })
            .expect("a tile under the point")
    }

    /// A view 960 m wide around the projection's origin.
    const NEAR: View = View {
        cx: 0.0,
        cy: 0.0,
        half_width: 480.0,
    };

    #[test]
    fn each_tile_lies_where_the_drawing_puts_its_positions_and_covers_the_view() {
        let anchor = GeoPoint::new(39.9042, 116.6571).unwrap();
        let projection = Projection::around(anchor);
        let view = NEAR;
        let tiles = placed_tiles(&source(false), projection, anchor, view);
        // 960 m over 640 pixels at 40° N: zoom 16, tiles of about 470 m, two layers.
        assert!(tiles.iter().all(|t| t.href.contains("/16/")));
        assert!((4000..5000).contains(&tiles[0].width), "{}", tiles[0].width);
        assert_eq!(tiles.len() % 2, 0);
        // A position falls in the tile the tile math names for it.
        let point = GeoPoint::new(39.9061, 116.6602).unwrap();
        let (px, py) = projection.project(point);
        let (tx, ty) = tile_position(point.lat(), point.lon(), 16);
        let under = tile_at(&tiles, (px * 10.0) as i64, (py * 10.0) as i64);
        assert_eq!(under.href, format!("/t/16/{}/{}.png", tx as u32, ty as u32));
        // Every corner of the view is under some tile; neighbours meet without a gap.
        for (x, y) in [(-4800, -4800), (4799, -4800), (-4800, 4799), (4799, 4799)] {
            tile_at(&tiles, x, y);
        }
        let first = &tiles[0];
        assert!(
            tiles
                .iter()
                .any(|t| t.x == first.x + first.width && t.y == first.y)
        );
    }

    #[test]
    fn gcj02_tiles_are_moved_by_the_offset_so_the_data_sits_where_they_draw_it() {
        let anchor = GeoPoint::new(39.9042, 116.6571).unwrap();
        let projection = Projection::around(anchor);
        let view = NEAR;
        let point = GeoPoint::new(39.9061, 116.6602).unwrap();
        let (px, py) = projection.project(point);
        let tiles = placed_tiles(&source(true), projection, anchor, view);
        // On GCJ-02 tiles the WGS-84 position is in the tile that holds its GCJ-02 position.
        let (glat, glon) = wgs84_to_gcj02(point.lat(), point.lon());
        let (tx, ty) = tile_position(glat, glon, 16);
        let under = tile_at(&tiles, (px * 10.0) as i64, (py * 10.0) as i64);
        assert_eq!(under.href, format!("/t/16/{}/{}.png", tx as u32, ty as u32));
        // And the grid is shifted against the WGS-84 one by the offset (some hundreds of metres
        // in Beijing), not by a whole tile.
        let plain = placed_tiles(&source(false), projection, anchor, view);
        let (moved, same) = tiles
            .iter()
            .find_map(|t| Some((t, plain.iter().find(|p| p.href == t.href)?)))
            .expect("a tile in both views");
        let shift = (((same.x - moved.x).pow(2) + (same.y - moved.y).pow(2)) as f64).sqrt();
        assert!((1000.0..8000.0).contains(&shift), "{shift} dm");
    }

    #[test]
    fn a_far_view_takes_a_lower_zoom_and_few_tiles() {
        let anchor = GeoPoint::new(39.9042, 116.6571).unwrap();
        let view = View {
            cx: 0.0,
            cy: 0.0,
            half_width: 5000.0,
        };
        let tiles = placed_tiles(&source(false), Projection::around(anchor), anchor, view);
        assert!(
            tiles.iter().all(|t| t.href.contains("/13/")),
            "{:?}",
            tiles[0]
        );
        // 10 km square, tiles of 3.75 km: at most 4 × 4 per layer.
        assert!(tiles.len() <= 2 * 16, "{}", tiles.len());
    }

    #[test]
    fn a_request_from_the_page_is_answered_with_the_tiles_markup() {
        let setting = serde_json::json!({ "tiles": {
            "provider": "test",
            "layers": ["/t/{z}/{x}/{y}.png?a=1&b=\"2\"", "/l/{z}/{x}/{y}.png"],
            "subdomains": [],
            "gcj02": false,
            "max_zoom": 18,
            "notice_zh": "底图",
            "notice_en": "Base map"
        }});
        let (origin, anchor) = ([39.9042, 116.6571], [39.9050, 116.6580]);
        let answer = answer(&setting.to_string(), origin, anchor, [0.0, 0.0, 480.0]);
        let mut tiles = placed_tiles(
            &serde_json::from_value::<MapTiles>(setting)
                .unwrap()
                .tiles
                .unwrap(),
            Projection::around(GeoPoint::new(origin[0], origin[1]).unwrap()),
            GeoPoint::new(anchor[0], anchor[1]).unwrap(),
            NEAR,
        );
        assert!(!tiles.is_empty());
        assert_eq!(answer.matches("<image ").count(), tiles.len());
        // The URL's ampersand and quotes are entities, so the attribute holds the whole URL.
        let first = tiles.remove(0);
        assert!(first.href.contains("&b=\"2\""));
        let expected = format!(
            r#"<image href="{}" x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none"/>"#,
            first.href.replace('&', "&amp;").replace('"', "&quot;"),
            first.x,
            first.y,
            first.width,
            first.height
        );
        assert!(answer.starts_with(&expected), "{answer}");
    }

    #[test]
    fn no_tiles_and_unreadable_requests_are_answered_with_nothing() {
        let here = [39.9, 116.6];
        let view = [0.0, 0.0, 480.0];
        assert_eq!(answer(r#"{"tiles":null}"#, here, here, view), "");
        assert_eq!(answer("not json", here, here, view), "");
        // With tiles on, a request is still answered with nothing when a position is impossible.
        let on = r#"{"tiles":{"provider":"t","layers":["/t/{z}/{x}/{y}.png"],"subdomains":[],"gcj02":false,"max_zoom":18,"notice_zh":"","notice_en":""}}"#;
        assert!(answer(on, here, here, view).starts_with("<image "));
        assert_eq!(answer(on, [99.0, 116.6], here, view), "");
    }
}
