//! The operator's choice of licensed map tiles for the map page (`--map-tiles`, off by default):
//! resolved once at start-up into the `map-tiles.json` document and the extra `img-src` origins
//! the CSP must allow. Off, the document says `"tiles": null` and the CSP names no other host.

use axum::Json;
use axum::extract::State;
use linli_api::{MapTiles, TileSource};
use linli_core::tiles::{self, TileProvider};

use crate::{AppError, AppState};

/// The settings as given on the command line or in the environment.
#[derive(Clone, Debug, Default)]
pub struct TileOptions {
    /// `off` (or empty) or a provider's id: `tianditu`, `gaode`.
    pub provider: Option<String>,
    /// One URL template that replaces the provider's layers: a self-hosted tile server or cache
    /// (`https://tiles.example.cn/{z}/{x}/{y}.png`); the provider's notice and datum still apply.
    pub url: Option<String>,
    /// 天地图's key (`tk`), for templates with `{key}`.
    pub tianditu_key: Option<String>,
    /// The 审图号 to print under the map, as the provider publishes it for the current period.
    pub approval: Option<String>,
}

/// The resolved setting: the document the SPA reads and the origins the CSP allows.
#[derive(Clone, Debug, Default)]
pub struct MapTilesSetting {
    pub document: MapTiles,
    pub img_sources: Vec<String>,
}

impl MapTilesSetting {
    /// Checks the options: an unknown provider, a template that is not a URL, or a missing key is
    /// refused with a sentence for the operator, so a mistake shows at start-up and not as an
    /// empty map.
    pub fn resolve(options: &TileOptions) -> Result<MapTilesSetting, String> {
        let chosen = options
            .provider
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty() && *p != "off");
        let Some(id) = chosen else {
            return Ok(MapTilesSetting::default());
        };
        let provider: &TileProvider = tiles::provider(id).ok_or_else(|| {
            let known: Vec<&str> = tiles::PROVIDERS.iter().map(|p| p.id).collect();
            format!(
                "--map-tiles {id}: unknown provider; use off or one of {}",
                known.join(", ")
            )
        })?;
        let url = options
            .url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty());
        let templates: Vec<String> = match url {
            Some(url) => vec![url.to_owned()],
            None => provider.layers.iter().map(|l| (*l).to_owned()).collect(),
        };
        let key = options
            .tianditu_key
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty());
        let mut layers = Vec::new();
        let mut img_sources: Vec<String> = Vec::new();
        for template in templates {
            let template = if template.contains("{key}") {
                let key = key.ok_or_else(|| {
                    format!("--map-tiles {id} needs a key: set LINLI_TIANDITU_KEY")
                })?;
                if !key.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err("LINLI_TIANDITU_KEY may hold only letters and digits".to_owned());
                }
                template.replace("{key}", key)
            } else {
                template
            };
            for origin in
                tiles::origins(&template, provider.subdomains).map_err(|e| e.to_string())?
            {
                if !img_sources.contains(&origin) {
                    img_sources.push(origin);
                }
            }
            layers.push(template);
        }
        let approval = options
            .approval
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        let with_approval = |notice: &str, label: &str| match approval {
            Some(number) => format!("{notice} · {label}{number}"),
            None => notice.to_owned(),
        };
        Ok(MapTilesSetting {
            document: MapTiles {
                tiles: Some(TileSource {
                    provider: provider.id.to_owned(),
                    layers,
                    subdomains: provider
                        .subdomains
                        .iter()
                        .map(|s| (*s).to_owned())
                        .collect(),
                    gcj02: provider.gcj02,
                    max_zoom: provider.max_zoom,
                    notice_zh: with_approval(provider.notice_zh, "审图号："),
                    notice_en: with_approval(provider.notice_en, "map approval no. "),
                }),
            },
            img_sources,
        })
    }
}

#[utoipa::path(get, path = "/api/v1/map-tiles.json", tag = "map",
    responses((status = 200, body = MapTiles,
        description = "The licensed tiles the map page draws under its streets; `tiles` is null when off (the default)")))]
pub(crate) async fn map_tiles_get(
    State(state): State<AppState>,
) -> Result<Json<MapTiles>, AppError> {
    Ok(Json(state.map_tiles.document.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(provider: &str) -> TileOptions {
        TileOptions {
            provider: Some(provider.to_owned()),
            ..TileOptions::default()
        }
    }

    #[test]
    fn off_is_the_default_and_names_no_host() {
        for setting in [
            MapTilesSetting::resolve(&TileOptions::default()).unwrap(),
            MapTilesSetting::resolve(&options("off")).unwrap(),
        ] {
            assert_eq!(setting.document.tiles, None);
            assert!(setting.img_sources.is_empty());
        }
    }

    #[test]
    fn tianditu_needs_its_key_and_fills_it_into_both_layers() {
        let missing = MapTilesSetting::resolve(&options("tianditu")).unwrap_err();
        assert!(missing.contains("LINLI_TIANDITU_KEY"), "{missing}");
        let setting = MapTilesSetting::resolve(&TileOptions {
            tianditu_key: Some("abc123".into()),
            approval: Some("GS(2099)0001号".into()),
            ..options("tianditu")
        })
        .unwrap();
        let tiles = setting.document.tiles.unwrap();
        assert_eq!(tiles.layers.len(), 2);
        assert!(tiles.layers[0].contains("/vec_w/") && tiles.layers[1].contains("/cva_w/"));
        assert!(tiles.layers.iter().all(|l| l.ends_with("&tk=abc123")));
        assert!(!tiles.gcj02);
        assert!(
            tiles.notice_zh.ends_with("审图号：GS(2099)0001号"),
            "{}",
            tiles.notice_zh
        );
        assert_eq!(setting.img_sources.len(), 8);
        let bad_key = MapTilesSetting::resolve(&TileOptions {
            tianditu_key: Some("x; script-src *".into()),
            ..options("tianditu")
        });
        assert!(bad_key.is_err());
    }

    #[test]
    fn a_gcj02_provider_says_so_and_a_self_hosted_url_replaces_the_layers() {
        let gaode = MapTilesSetting::resolve(&options("gaode")).unwrap();
        assert!(gaode.document.tiles.as_ref().unwrap().gcj02);
        assert_eq!(gaode.img_sources[0], "https://webrd01.is.autonavi.com");
        let local = MapTilesSetting::resolve(&TileOptions {
            url: Some("http://127.0.0.1:18341/tile.png?z={z}&x={x}&y={y}".into()),
            ..options("tianditu")
        })
        .unwrap();
        assert_eq!(local.document.tiles.unwrap().layers.len(), 1);
        assert_eq!(local.img_sources, ["http://127.0.0.1:18341"]);
        assert!(MapTilesSetting::resolve(&options("google")).is_err());
        assert!(
            MapTilesSetting::resolve(&TileOptions {
                url: Some("javascript:alert(1)".into()),
                ..options("gaode")
            })
            .is_err()
        );
    }
}
