//! Licensed map tiles under the drawing of the streets, when the server's operator configured a
//! provider (`map-tiles.json`; off by default, and then nothing here draws or asks for anything).
//! The tiles are placed in the drawing's own projection: each tile's corners, converted from the
//! provider's datum (GCJ-02 for 高德) to WGS-84, are projected like the streets are, so the data
//! lands where the tiles draw it. The provider's notice (copyright, 审图号) is shown with the map.

use std::sync::Arc;

use leptos::prelude::*;
use linli_api::{MapTiles, TileSource};
use linli_core::gcj02::{gcj02_to_wgs84, wgs84_to_gcj02};
use linli_core::reach::GeoPoint;
use linli_core::tiles::{Tile, covering, zoom_for};

use super::drawing_data::Projection;
use super::page::CommunityData;
use super::street_map::MapView;
use crate::client;
use crate::i18n::{mtr, use_i18n};

/// The server's tile setting, loaded once per page. A failed load (an older export without the
/// document) counts as "off".
#[derive(Clone, Copy)]
pub struct TileSetting(ReadSignal<Option<Option<TileSource>>>);

impl TileSetting {
    fn source(self) -> Option<TileSource> {
        self.0.get().flatten()
    }
}

/// Loads `map-tiles.json` for the whole map bundle.
pub fn provide_tiles() {
    let resource = crate::ui::load::load_once(async {
        client::map_tiles()
            .await
            .ok()
            .and_then(|MapTiles { tiles }| tiles)
    });
    provide_context(TileSetting(resource));
}

fn source() -> Option<TileSource> {
    use_context::<TileSetting>().and_then(TileSetting::source)
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
    view: MapView,
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

/// The tiles, drawn first inside the street drawing's `<svg>` so everything else lies on top.
/// Nothing at all when tiles are off.
#[component]
pub fn TileLayer(data: Arc<CommunityData>, view: RwSignal<MapView>) -> impl IntoView {
    let projection = data.streets.projection;
    let anchor = data
        .network
        .nodes()
        .next()
        .and_then(|node| data.network.position(node));
    let tiles = Memo::new(move |_| match (source(), anchor) {
        (Some(source), Some(anchor)) => placed_tiles(&source, projection, anchor, view.get()),
        _ => Vec::new(),
    });
    move || {
        source().map(|_| {
            view! {
                <g class="map-tiles" data-testid="map-tiles" aria-hidden="true">
                    <For each=move || tiles.get() key=|tile| tile.href.clone() let:tile>
                        <image href=tile.href x=tile.x y=tile.y width=tile.width height=tile.height
                            preserveAspectRatio="none"/>
                    </For>
                </g>
            }
        })
    }
}

/// The provider's notice (copyright, 审图号), right under the drawing, as its licence asks.
#[component]
pub fn TileNotice() -> impl IntoView {
    let i18n = use_i18n();
    move || {
        source().map(|source| {
            // Each part (copyright, 审图号) kept on one line where the width allows.
            let parts = move || {
                let locale = i18n.locale.get();
                let notice = locale.pick(&source.notice_zh, &source.notice_en);
                notice
                    .split(" · ")
                    .enumerate()
                    .map(|(index, part)| {
                        let separator = (index > 0).then_some(" · ");
                        view! { {separator}<span class="tile-notice-part">{part.to_owned()}</span> }
                    })
                    .collect_view()
            };
            view! { <p class="tile-notice" data-testid="tile-notice">{parts}</p> }
        })
    }
}

/// The sentence at the end of the map: with tiles, that the provider sees which area is shown;
/// without, that no online map is used.
#[component]
pub fn MapNote() -> impl IntoView {
    move || match source() {
        None => view! { <p class="hint map-note">{mtr(|t| t.map_note)}</p> },
        Some(_) => view! { <p class="hint map-note">{mtr(|t| t.map_note_tiles)}</p> },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn each_tile_lies_where_the_drawing_puts_its_positions_and_covers_the_view() {
        let anchor = GeoPoint::new(39.9042, 116.6571).unwrap();
        let projection = Projection::around(anchor);
        let view = MapView {
            cx: 0.0,
            cy: 0.0,
            half_width: 480.0,
        };
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
        let view = MapView {
            cx: 0.0,
            cy: 0.0,
            half_width: 480.0,
        };
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
        let view = MapView {
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
}
