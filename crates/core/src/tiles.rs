//! Licensed map tiles, optional and off by default: the providers Linli knows (as data), their
//! tile URLs, the origins a page must allow to show them, and the web-mercator tile math that
//! places them under the map page's own drawing of the streets.
//!
//! A provider's tiles are drawn either on WGS-84 (天地图 Tianditu's `_w` layers: web mercator on
//! CGCS2000, which agrees with WGS-84 to well under a metre) or on GCJ-02 (高德 AutoNavi and every
//! other commercial Chinese map). For a GCJ-02 provider the page converts WGS-84 to GCJ-02 before
//! it looks up which tiles lie under the data, and places each tile where its GCJ-02 corners fall
//! in WGS-84 (see [`crate::gcj02`]), so the data sits where the tiles draw it.

use crate::decimal::within;
use std::f64::consts::PI;

/// A tile provider: its layers (URL templates drawn in order, the base map first), the
/// subdomains that `{s}` takes, its datum and the notice its licence asks to show on the map.
///
/// Templates use `{s}` (a subdomain), `{z}`, `{x}`, `{y}` (the tile, XYZ numbering with y
/// growing southwards) and `{key}` (the operator's key, when the provider needs one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TileProvider {
    /// The name used in the server's setting (`--map-tiles tianditu`).
    pub id: &'static str,
    pub layers: &'static [&'static str],
    pub subdomains: &'static [&'static str],
    /// Whether the tiles are drawn in GCJ-02 rather than WGS-84.
    pub gcj02: bool,
    /// Whether the templates carry a `{key}` the operator must supply.
    pub needs_key: bool,
    pub max_zoom: u8,
    /// The copyright line; the 审图号 (map approval number) is the operator's setting, because a
    /// provider's number changes with each approval.
    pub notice_zh: &'static str,
    pub notice_en: &'static str,
}

/// 天地图 (the national platform of the Ministry of Natural Resources): the vector base map
/// `vec_w` and its Chinese labels `cva_w`, web mercator, CGCS2000 ≈ WGS-84. Needs a key
/// (`LINLI_TIANDITU_KEY`), issued for browser use at console.tianditu.gov.cn.
pub const TIANDITU: TileProvider = TileProvider {
    id: "tianditu",
    layers: &[
        "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
        "https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
    ],
    subdomains: &["0", "1", "2", "3", "4", "5", "6", "7"],
    gcj02: false,
    needs_key: true,
    max_zoom: 18,
    notice_zh: "底图 © 天地图（国家地理信息公共服务平台）",
    notice_en: "Base map © Tianditu (National Platform for Common Geospatial Information Services)",
};

/// 高德 AutoNavi's street map (style 8, labels included), drawn in GCJ-02.
pub const GAODE: TileProvider = TileProvider {
    id: "gaode",
    layers: &[
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
    ],
    subdomains: &["1", "2", "3", "4"],
    gcj02: true,
    needs_key: false,
    max_zoom: 18,
    notice_zh: "底图 © 高德软件",
    notice_en: "Base map © AutoNavi",
};

pub const PROVIDERS: &[TileProvider] = &[TIANDITU, GAODE];

/// The provider of that name, if Linli knows it.
pub fn provider(id: &str) -> Option<&'static TileProvider> {
    PROVIDERS.iter().find(|p| p.id == id)
}

/// One web-mercator tile, XYZ numbering: `x` from 180° W eastwards, `y` from 85.05° N southwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tile {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

/// The side of a tile in pixels, for every provider here.
pub const TILE_PIXELS: f64 = 256.0;
/// The equator's length on the web-mercator sphere, in metres.
const EQUATOR_M: f64 = 2.0 * PI * 6_378_137.0;
/// The most tiles one view asks for: enough for a kiosk's screen, few enough for a phone.
pub const MAX_TILES: usize = 48;

/// A position in tile units at zoom `z` (`x` east, `y` south; the tile is the integer part).
pub fn tile_position(lat: f64, lon: f64, z: u8) -> (f64, f64) {
    let n = f64::from(1u32 << z);
    let lat = within(lat, -85.051_128_78, 85.051_128_78).to_radians();
    let x = (lon + 180.0) / 360.0 * n;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * n;
    (x, y)
}

impl Tile {
    /// The latitude and longitude of the tile's north-west corner.
    pub fn north_west(self) -> (f64, f64) {
        corner(self.z, f64::from(self.x), f64::from(self.y))
    }

    /// The latitude and longitude of the tile's south-east corner.
    pub fn south_east(self) -> (f64, f64) {
        corner(self.z, f64::from(self.x) + 1.0, f64::from(self.y) + 1.0)
    }

    /// This tile's URL from a template: the subdomain chosen by the tile, so a tile always comes
    /// from the same host and the browser's cache keeps it.
    pub fn url(self, template: &str, subdomains: &[&str]) -> String {
        let subdomain = if subdomains.is_empty() {
            ""
        } else {
            subdomains[(self.x as usize + self.y as usize) % subdomains.len()]
        };
        template
            .replace("{s}", subdomain)
            .replace("{z}", &self.z.to_string())
            .replace("{x}", &self.x.to_string())
            .replace("{y}", &self.y.to_string())
    }
}

fn corner(z: u8, x: f64, y: f64) -> (f64, f64) {
    let n = f64::from(1u32 << z);
    let lon = x / n * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * y / n)).sinh().atan().to_degrees();
    (lat, lon)
}

/// The zoom whose pixels come closest to `metres_per_pixel` at latitude `lat`, within
/// `1..=max_zoom`.
pub fn zoom_for(metres_per_pixel: f64, lat: f64, max_zoom: u8) -> u8 {
    let tile_metres_at_zoom_0 = EQUATOR_M * lat.to_radians().cos();
    let zoom = (tile_metres_at_zoom_0 / (TILE_PIXELS * metres_per_pixel)).log2();
    if zoom.is_finite() {
        within(zoom.round(), 1.0, f64::from(max_zoom)) as u8
    } else {
        max_zoom
    }
}

/// The tiles at zoom `z` that cover the box from (`south`, `west`) to (`north`, `east`), rows
/// from north to south; empty when it would take more than [`MAX_TILES`].
pub fn covering(z: u8, south: f64, west: f64, north: f64, east: f64) -> Vec<Tile> {
    let last = (1u32 << z) - 1;
    let (x0, y0) = tile_position(north, west, z);
    let (x1, y1) = tile_position(south, east, z);
    let index = |v: f64| (v.floor().max(0.0) as u32).min(last);
    let (x0, x1, y0, y1) = (index(x0), index(x1), index(y0), index(y1));
    let count = (u64::from(x1 - x0) + 1) * (u64::from(y1 - y0) + 1);
    if x1 < x0 || y1 < y0 || count > MAX_TILES as u64 {
        return Vec::new();
    }
    (y0..=y1)
        .flat_map(|y| (x0..=x1).map(move |x| Tile { z, x, y }))
        .collect()
}

/// Why a tile URL template cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError(pub String);

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TemplateError {}

/// The origins (`scheme://host[:port]`) a page must allow in its CSP `img-src` to show tiles
/// from `template`, one per subdomain; none for a path on the page's own host (`/tiles/…`).
/// A template that is not an `http(s)` URL or a path, or whose host could smuggle anything into
/// the policy, is refused.
pub fn origins(template: &str, subdomains: &[&str]) -> Result<Vec<String>, TemplateError> {
    if template.starts_with('/') && !template.starts_with("//") {
        return Ok(Vec::new());
    }
    let Some((scheme, rest)) = template.split_once("://") else {
        return Err(TemplateError(format!(
            "a tile URL must start with https://, http:// or /: {template}"
        )));
    };
    if scheme != "https" && scheme != "http" {
        return Err(TemplateError(format!(
            "a tile URL must start with https://, http:// or /: {template}"
        )));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let hosts: Vec<String> = if host.contains("{s}") {
        subdomains.iter().map(|s| host.replace("{s}", s)).collect()
    } else {
        vec![host.to_owned()]
    };
    let mut origins = Vec::new();
    for host in hosts {
        let allowed =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
        if host.is_empty() || !host.chars().all(allowed) {
            return Err(TemplateError(format!(
                "a tile URL's host may hold only letters, digits, '.', '-' and a port: {host}"
            )));
        }
        let origin = format!("{scheme}://{host}");
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Ok(origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tile holding a point, at a zoom, against values from the OSM wiki's slippy-map formulas.
    fn check(lat: f64, lon: f64, z: u8, expected: (u32, u32)) {
        let (x, y) = tile_position(lat, lon, z);
        assert_eq!(
            (x.floor() as u32, y.floor() as u32),
            expected,
            "{lat},{lon} at {z}"
        );
    }

    #[test]
    fn a_position_falls_in_the_tile_the_slippy_map_formulas_give() {
        check(0.0, 0.0, 1, (1, 1));
        check(85.0, -179.9, 3, (0, 0));
        // Tongzhou (北苑) at zoom 16 and 18, as an independent Python version of the formulas gives.
        check(39.9042, 116.6571, 16, (54004, 24833));
        check(39.9042, 116.6571, 18, (216019, 99333));
    }

    #[test]
    fn a_tiles_corners_are_its_neighbours_corners() {
        let tile = Tile {
            z: 16,
            x: 54004,
            y: 24833,
        };
        let (north, west) = tile.north_west();
        let (south, east) = tile.south_east();
        assert!(north > 39.9042 && south < 39.9042, "{north} {south}");
        assert!(west < 116.6571 && east > 116.6571, "{west} {east}");
        // 360° / 2^16 of longitude, and the same again for the next tile east.
        assert!((east - west - 360.0 / 65536.0).abs() < 1e-12);
        let next = Tile { x: 54005, ..tile };
        assert_eq!(next.north_west(), (north, east));
        // Back and forth: a corner lies exactly on the tile grid.
        let (x, y) = tile_position(north, west, 16);
        assert!((x - 54004.0).abs() < 1e-6 && (y - 24833.0).abs() < 1e-6);
    }

    #[test]
    fn the_zoom_matches_the_pixels_and_stays_within_the_providers_range() {
        // At 40° N a zoom-16 pixel is 1.83 m; 1.5 m a pixel picks 16, 0.2 m is beyond 18.
        assert_eq!(zoom_for(1.5, 40.0, 18), 16);
        assert_eq!(zoom_for(3.6, 40.0, 18), 15);
        assert_eq!(zoom_for(0.2, 40.0, 18), 18);
        assert_eq!(zoom_for(1e9, 40.0, 18), 1);
        assert_eq!(zoom_for(0.0, 40.0, 18), 18);
    }

    #[test]
    fn covering_lists_the_tiles_under_a_box_row_by_row_and_refuses_too_many() {
        // About 1 km × 750 m around 北苑 at zoom 16 (tiles of about 470 m): 3 × 3 at most.
        let tiles = covering(16, 39.9008, 116.6513, 39.9076, 116.6630);
        assert!(!tiles.is_empty() && tiles.len() <= 9, "{}", tiles.len());
        assert!(tiles.contains(&Tile {
            z: 16,
            x: 54004,
            y: 24833
        }));
        assert!(
            tiles
                .windows(2)
                .all(|w| (w[0].y, w[0].x) < (w[1].y, w[1].x))
        );
        // The whole district at zoom 18 would be thousands of tiles: none.
        assert!(covering(18, 39.6, 116.5, 40.0, 117.0).is_empty());
    }

    #[test]
    fn a_url_fills_the_template_with_a_stable_subdomain() {
        let tile = Tile { z: 16, x: 3, y: 2 };
        assert_eq!(
            tile.url(
                "https://t{s}.example.cn/{z}/{x}/{y}.png",
                &["0", "1", "2", "3"]
            ),
            "https://t1.example.cn/16/3/2.png"
        );
        assert_eq!(tile.url("/tiles/{z}/{x}/{y}.png", &[]), "/tiles/16/3/2.png");
        let tianditu = tile.url(TIANDITU.layers[0], TIANDITU.subdomains);
        assert!(tianditu.starts_with("https://t5.tianditu.gov.cn/vec_w/wmts?"));
        assert!(tianditu.contains("TILEMATRIX=16&TILEROW=2&TILECOL=3&tk={key}"));
    }

    #[test]
    fn the_origins_to_allow_are_each_subdomains_host_and_nothing_else() {
        let tianditu = origins(TIANDITU.layers[0], TIANDITU.subdomains).unwrap();
        assert_eq!(tianditu.len(), 8);
        assert_eq!(tianditu[0], "https://t0.tianditu.gov.cn");
        assert_eq!(
            origins(GAODE.layers[0], GAODE.subdomains).unwrap()[3],
            "https://webrd04.is.autonavi.com"
        );
        assert_eq!(
            origins("http://127.0.0.1:18341/tile.png?z={z}", &[]).unwrap(),
            ["http://127.0.0.1:18341"]
        );
        assert_eq!(
            origins("/tiles/{z}/{x}/{y}.png", &[]).unwrap(),
            Vec::<String>::new()
        );
        for bad in [
            "ftp://x.cn/{z}",
            "tiles.example.cn/{z}",
            "https://evil.cn; script-src *//{z}",
            "//cdn.example.cn/{z}",
        ] {
            assert!(origins(bad, &[]).is_err(), "{bad}");
        }
        assert!(provider("tianditu").is_some_and(|p| !p.gcj02 && p.needs_key));
        assert!(provider("gaode").is_some_and(|p| p.gcj02));
        assert!(provider("google").is_none());
    }
}
