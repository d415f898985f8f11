//! Printable QR plates (二维码铭牌) for components: one plate as an SVG download, or A4 sheets of
//! six for the committee to print. The QR holds `<host>/c/<code>`, the URL WeChat's own scanner
//! opens; the code is printed under it in its structural groups so a resident can type it.
//! Sizes are in millimetres: a 56 mm code of a 29-module QR prints 1.5 mm modules, which a phone
//! reads at arm's length.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, HOST};
use axum::response::{IntoResponse, Response};
use linli_core::component_code::ComponentCode;
use rusqlite::OptionalExtension;
use serde::Deserialize;

use crate::admin::CommitteeSession;
use crate::{AppError, AppState, qr};

const PLATE_WIDTH: u32 = 80;
const PLATE_HEIGHT: u32 = 92;
const PLATES_PER_SHEET: usize = 6;

struct Plate {
    code: ComponentCode,
    name: String,
    maintainer: String,
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The address residents' phones open: the configured public URL, else this server as the
/// committee reached it (behind a proxy the proxy passes `Host` on; TLS is assumed when cookies
/// are marked secure).
pub(crate) fn site(state: &AppState, headers: &HeaderMap) -> String {
    known_site(state, headers).unwrap_or_else(|| format!("{}://localhost", scheme(state)))
}

/// [`site`], or `None` when there is no public URL and the request named no usable `Host`.
pub(crate) fn known_site(state: &AppState, headers: &HeaderMap) -> Option<String> {
    if let Some(public) = &state.public_url {
        return Some(public.clone());
    }
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })?;
    Some(format!("{}://{host}", scheme(state)))
}

fn scheme(state: &AppState) -> &'static str {
    if state.secure_cookies {
        "https"
    } else {
        "http"
    }
}

/// One plate's SVG group, its top-left corner at (`x`, `y`) mm.
fn plate_group(plate: &Plate, site: &str, x: u32, y: u32) -> Result<String, AppError> {
    let url = format!("{site}/c/{}", plate.code);
    let code_svg = qr::svg(&url, "56")
        .ok_or_else(|| AppError::internal("a plate URL is too long for a QR code"))?
        // Nested <svg> takes plain user units (mm here) for its size.
        .replacen("<svg ", "<svg x=\"12\" y=\"14\" ", 1);
    let class = plate
        .code
        .subclass()
        .map_or(String::new(), |s| format!("{} · {}", s.name_zh, s.name_en));
    Ok(format!(
        r##"<g transform="translate({x} {y})" font-family="sans-serif" text-anchor="middle">
<rect x="0.5" y="0.5" width="{w}" height="{h}" rx="4" fill="#fff" stroke="#0b5d57" stroke-width="1"/>
<rect x="0.5" y="0.5" width="{w}" height="11" rx="4" fill="#0b5d57"/>
<rect x="0.5" y="6" width="{w}" height="5.5" fill="#0b5d57"/>
<text x="{cx}" y="8" font-size="5" fill="#fff" font-weight="bold">邻里 · 扫码即知 扫码即诉</text>
{code_svg}
<text x="{cx}" y="75" font-size="5.2" font-family="monospace" font-weight="bold">{grouped}</text>
<text x="{cx}" y="81" font-size="3.6">{name}</text>
<text x="{cx}" y="86" font-size="3">{class}</text>
<text x="{cx}" y="90.5" font-size="2.8">养护：{maintainer} · 热线 12345</text>
</g>"##,
        w = PLATE_WIDTH - 1,
        h = PLATE_HEIGHT - 1,
        cx = PLATE_WIDTH / 2,
        grouped = plate.code.grouped(),
        name = escape(&plate.name),
        class = escape(&class),
        maintainer = escape(&plate.maintainer),
    ))
}

fn svg_document(width: u32, height: u32, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" viewBox="0 0 {width} {height}">
{body}
</svg>
"#
    )
}

fn svg_response(svg: String, download: Option<String>) -> Response {
    let mut response = (
        [
            (CONTENT_TYPE, "image/svg+xml; charset=utf-8".to_owned()),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        svg,
    )
        .into_response();
    if let Some(name) = download
        && let Ok(value) = format!("attachment; filename=\"{name}\"").parse()
    {
        response.headers_mut().insert(CONTENT_DISPOSITION, value);
    }
    response
}

/// Loads the plates for `codes`, checking each is well formed, known and the session's.
async fn load(
    state: &AppState,
    session: CommitteeSession,
    codes: Vec<String>,
) -> Result<Vec<Plate>, AppError> {
    let parsed = codes
        .iter()
        .map(|c| {
            ComponentCode::parse(c.trim()).map_err(|e| AppError::BadRequest {
                code: "bad_component_code",
                message: format!(
                    "部件编码 {c} 不正确：{e}。The component code {c} is malformed: {e}."
                ),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    state
        .db
        .run(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT k.name, k.community_id, u.name FROM components k
                 JOIN maintainer_units u ON u.id = k.unit_id WHERE k.code = ?1",
            )?;
            let mut plates = Vec::with_capacity(parsed.len());
            for code in parsed {
                let found = stmt
                    .query_row([code.as_str()], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
                    })
                    .optional()?;
                let Some((name, community_id, maintainer)) = found else {
                    return Err(AppError::NotFound(format!(
                        "没有编码为 {code} 的部件。No component has the code {code}."
                    )));
                };
                if !session.covers(&community_id) {
                    return Err(AppError::Forbidden(format!(
                        "部件 {code} 不属于您负责的社区。Component {code} belongs to another community."
                    )));
                }
                plates.push(Plate {
                    code,
                    name,
                    maintainer,
                });
            }
            Ok(plates)
        })
        .await
}

#[utoipa::path(get, path = "/api/v1/admin/plates/{code}.svg", tag = "admin",
    params(("code" = String, Path, description = "16-digit component code")),
    responses((status = 200, content_type = "image/svg+xml", body = String),
        (status = 400, body = linli_api::ApiError), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn plate_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let code = file
        .strip_suffix(".svg")
        .ok_or_else(|| AppError::not_found("这里没有这个文件。No file at this path."))?;
    let plates = load(&state, session, vec![code.to_owned()]).await?;
    let plate = &plates[0];
    let group = plate_group(plate, &site(&state, &headers), 0, 0)?;
    Ok(svg_response(
        svg_document(PLATE_WIDTH, PLATE_HEIGHT, &group),
        Some(format!("linli-plate-{}.svg", plate.code)),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SheetQuery {
    /// Comma-separated component codes, at most six (one A4 sheet).
    pub codes: String,
}

#[utoipa::path(get, path = "/api/v1/admin/plate-sheet.svg", tag = "admin", params(SheetQuery),
    responses((status = 200, content_type = "image/svg+xml", body = String),
        (status = 400, body = linli_api::ApiError), (status = 401, body = linli_api::ApiError),
        (status = 403, body = linli_api::ApiError), (status = 404, body = linli_api::ApiError)))]
pub(crate) async fn sheet_get(
    State(state): State<AppState>,
    session: CommitteeSession,
    headers: HeaderMap,
    query: Result<Query<SheetQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query?;
    let codes: Vec<String> = query
        .codes
        .split(',')
        .filter(|c| !c.trim().is_empty())
        .map(str::to_owned)
        .collect();
    if codes.is_empty() || codes.len() > PLATES_PER_SHEET {
        return Err(AppError::BadRequest {
            code: "bad_sheet",
            message: format!(
                "一张 A4 纸放 1 到 {PLATES_PER_SHEET} 个铭牌。An A4 sheet holds 1 to {PLATES_PER_SHEET} plates."
            ),
        });
    }
    let plates = load(&state, session, codes).await?;
    let site = site(&state, &headers);
    // Two columns and three rows on A4 (210 × 297 mm), centred, with room to cut between them.
    let (gap_x, gap_y) = (10, 6);
    let left = (210 - 2 * PLATE_WIDTH - gap_x) / 2;
    let top = (297 - 3 * PLATE_HEIGHT - 2 * gap_y) / 2;
    let mut body = String::new();
    for (index, plate) in plates.iter().enumerate() {
        let (column, row) = ((index % 2) as u32, (index / 2) as u32);
        body.push_str(&plate_group(
            plate,
            &site,
            left + column * (PLATE_WIDTH + gap_x),
            top + row * (PLATE_HEIGHT + gap_y),
        )?);
    }
    Ok(svg_response(svg_document(210, 297, &body), None))
}
