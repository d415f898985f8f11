//! The built SPA's files, the security headers every response carries, and request logging that
//! never records a query string or body (they can carry phone numbers or keys).

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::LatencyUnit;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::services::ServeDir;
use tower_http::trace::{DefaultOnRequest, DefaultOnResponse, TraceLayer};

use linli_bundles::{BUNDLES, Bundle};

use crate::{AppError, AppState};

/// The SPA as Trunk built it: each bundle's page (the bundle table, `linli_bundles::BUNDLES`,
/// says which paths each answers) and the hashed assets, served from disk, precompressed when a
/// `.br` or `.gz` sits beside them. A bundle that was not built has its pages answered by the
/// residents' `index.html`, whose own "not found" says where to go.
#[derive(Debug)]
pub struct Spa {
    dir: PathBuf,
    index_html: String,
    pages: Vec<BuiltPage>,
    content_security_policy: HeaderValue,
}

/// One built bundle's page, and the same page naming another bundle's files for the browser to
/// prefetch (the component page names the report form's, which it links to with a page load).
#[derive(Debug)]
struct BuiltPage {
    bundle: &'static Bundle,
    html: String,
    prefetching: Option<String>,
}

impl Spa {
    /// Whether the built SPA is still on disk: its scripts and styles are served from there.
    pub(crate) fn is_on_disk(&self) -> bool {
        self.dir.join("index.html").is_file()
    }

    /// Reads the built pages; `img_sources` are the origins of the map's licensed tiles, if any.
    pub fn load(dir: &Path, img_sources: &[String]) -> std::io::Result<Spa> {
        let index_html = std::fs::read_to_string(dir.join("index.html"))?;
        let built: Vec<(&'static Bundle, String)> = BUNDLES
            .iter()
            .filter_map(|bundle| {
                let html = std::fs::read_to_string(dir.join(bundle.built_page())).ok()?;
                Some((bundle, html))
            })
            .collect();
        let all: String = built.iter().map(|(_, html)| html.as_str()).collect();
        let content_security_policy =
            HeaderValue::from_str(&content_security_policy(&all, img_sources))
                .map_err(std::io::Error::other)?;
        let html_of = |dir: &str| {
            built
                .iter()
                .find(|(bundle, _)| bundle.dir == dir)
                .map(|(_, html)| html)
        };
        let pages = built
            .iter()
            .map(|(bundle, html)| BuiltPage {
                bundle,
                html: html.clone(),
                prefetching: bundle
                    .prefetch
                    .and_then(|prefetch| html_of(prefetch.bundle))
                    .map(|other| with_prefetch(html, other)),
            })
            .collect();
        Ok(Spa {
            dir: dir.to_owned(),
            index_html,
            pages,
            content_security_policy,
        })
    }

    /// The page a bundle answers `path` with, or `None` when no bundle has such a page.
    pub(crate) fn page_for(&self, path: &str) -> Option<&str> {
        let bundle = linli_bundles::bundle_for(path)?;
        let Some(page) = self.pages.iter().find(|page| page.bundle.dir == bundle.dir) else {
            return Some(&self.index_html);
        };
        match (&page.prefetching, bundle.prefetches_at(path)) {
            (Some(prefetching), Some(_)) => Some(prefetching),
            _ => Some(&page.html),
        }
    }

    pub(crate) fn index_html(&self) -> &str {
        &self.index_html
    }

    pub(crate) fn content_security_policy(&self) -> &HeaderValue {
        &self.content_security_policy
    }
}

/// `page` with the scripts, wasm and styles `bundle`'s page loads named in a
/// `<meta name=linli-prefetch>` before `</head>`. The component page turns them into
/// `<link rel=prefetch>` once it has drawn (`ui::prefetch`), so the report form opens from the
/// HTTP cache. As `<link rel=prefetch>` in the head itself they competed with the page's own
/// wasm and data on a weak network and delayed the plate page's largest paint (measured in
/// docs/benchmarks.md, "Measurements behind the code").
fn with_prefetch(page: &str, bundle: &str) -> String {
    let files: Vec<&str> = bundle
        .split("href=")
        .skip(1)
        .filter_map(|rest| {
            let rest = rest.trim_start_matches(['"', '\'']);
            let end = rest.find(['"', '\'', ' ', '>'])?;
            Some(&rest[..end])
        })
        .filter(|href| {
            href.starts_with('/')
                && [".js", ".wasm", ".css"]
                    .iter()
                    .any(|ext| href.ends_with(ext))
        })
        .collect();
    match page.find("</head>") {
        Some(at) if !files.is_empty() => format!(
            "{}<meta name=linli-prefetch content=\"{}\">{}",
            &page[..at],
            files.join(" "),
            &page[at..]
        ),
        _ => page.to_owned(),
    }
}

/// The CSP allows the page's own inline scripts by their hashes (Trunk writes one small module
/// script that starts the wasm), so no `'unsafe-inline'` is needed. Images come from this site
/// only, plus `img_sources`: the map's licensed tile hosts when the operator configured them.
pub(crate) fn content_security_policy(index_html: &str, img_sources: &[String]) -> String {
    let hashes: String = inline_scripts(index_html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(" 'sha256-{}'", BASE64_STANDARD.encode(digest))
        })
        .collect();
    let tiles: String = img_sources
        .iter()
        .map(|origin| format!(" {origin}"))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: blob:{tiles}; media-src 'self' blob: mediastream:; connect-src 'self'; \
         worker-src 'self' blob:; font-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The bodies of `<script>` elements without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, rest) = rest.split_once('>')?;
        if attributes.contains("src=") {
            return None;
        }
        rest.split_once("</script>").map(|(body, _)| body)
    })
}

/// Every path the API does not claim: a file of the build, or the SPA's `index.html`.
pub(crate) async fn spa_get(State(state): State<AppState>, request: Request) -> Response {
    let Some(spa) = state.spa.clone() else {
        return AppError::not_found("这里没有页面。No page here.").into_response();
    };
    let path = request.uri().path().to_owned();
    let last_segment = path.rsplit('/').next().unwrap_or("");
    if last_segment.contains('.') {
        let immutable = is_hashed_asset(last_segment);
        let served = ServeDir::new(&spa.dir)
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(request)
            .await;
        let mut response = match served {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        };
        if response.status() == StatusCode::NOT_FOUND {
            return AppError::not_found("没有这个文件。No such file.").into_response();
        }
        let cache = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(cache));
        return response;
    }
    // A path that is no page still gets the residents' page, whose not-found view tells a person
    // where to go, but with a 404 so that monitors, crawlers and scripts are not misled.
    let (status, page) = match spa.page_for(&path) {
        Some(page) => (StatusCode::OK, page),
        None => (StatusCode::NOT_FOUND, spa.index_html()),
    };
    (
        status,
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        page.to_owned(),
    )
        .into_response()
}

/// Trunk names built assets `name-<hash>.ext`; those never change and can be cached for good.
/// The hash is a 64-bit number in hex without leading zeros, so one build in sixteen names a file
/// with 15 digits (`linli-report-6076dd31a235dba.js`); fewer than 10 happens
/// once in 16⁶ builds, and such a file is merely revalidated.
fn is_hashed_asset(file: &str) -> bool {
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (10..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// Headers on every response, pages and API alike.
pub(crate) async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let csp = state
        .spa
        .as_ref()
        .map(|spa| spa.content_security_policy.clone())
        .unwrap_or_else(|| {
            HeaderValue::from_str(&content_security_policy("", &state.map_tiles.img_sources))
                .expect("ASCII policy")
        });
    headers.insert(CONTENT_SECURITY_POLICY, csp);
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        // Voting codes live in URL fragments, which are never sent; no referrer at all is stricter.
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
        (
            "permissions-policy",
            "camera=(self), geolocation=(self), microphone=(), payment=()",
        ),
    ] {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    if state.secure_cookies {
        headers.insert(
            HeaderName::from_static("strict-transport-security"),
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// Logs method, path, status and time of every request at the default level (`info`): never
/// the query string or the body, where codes, receipts and phone numbers can travel.
pub(crate) fn trace_layer() -> TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    impl Fn(&Request) -> tracing::Span + Clone,
    DefaultOnRequest,
    DefaultOnResponse,
> {
    TraceLayer::new_for_http()
        .make_span_with(|request: &Request| {
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
        })
        .on_response(
            DefaultOnResponse::new()
                .level(tracing::Level::INFO)
                .latency_unit(LatencyUnit::Micros),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_each_inline_script_by_hash_and_skips_external_ones() {
        let html = r#"<script src="/a.js"></script><script type="module">alert(1)</script>"#;
        let policy = content_security_policy(html, &[]);
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert!(policy.contains("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"));
        assert_eq!(policy.matches("'sha256-").count(), 1);
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn each_bundle_answers_its_own_pages() {
        let page = |dir: &str, html: &str, prefetching: Option<&str>| BuiltPage {
            bundle: linli_bundles::by_dir(dir).unwrap(),
            html: html.into(),
            prefetching: prefetching.map(str::to_owned),
        };
        let spa = Spa {
            dir: PathBuf::new(),
            index_html: "residents".into(),
            pages: vec![
                page(
                    "",
                    "residents",
                    Some("residents, fetching the report bundle"),
                ),
                page("admin", "committee", None),
                page("v", "vote", None),
                page("report", "report", None),
                page("track", "track", None),
                page("map", "map", None),
                page("circles", "circles", None),
            ],
            content_security_policy: HeaderValue::from_static("default-src 'self'"),
        };
        for (path, page) in [
            ("/", "residents"),
            ("/scan", "residents"),
            (
                "/c/1101120110000001",
                "residents, fetching the report bundle",
            ),
            ("/c/1101120110000001/report", "report"),
            ("/report", "report"),
            ("/r/42", "track"),
            ("/me", "track"),
            ("/vote", "circles"),
            ("/v/3", "vote"),
            ("/map", "circles"),
            ("/map/", "circles"),
            ("/map/beiyuan-jiayuan", "map"),
            ("/map/beiyuan-jiayuan/", "map"),
            ("/admin/reports", "committee"),
            // Not built: the residents' bundle answers, and shows its own "not found".
            ("/kiosk", "residents"),
        ] {
            assert_eq!(spa.page_for(path), Some(page), "{path}");
        }
        for no_page in ["/reports-of-old", "/merit", "/healthz", "/metrics"] {
            assert_eq!(spa.page_for(no_page), None, "{no_page}");
        }
    }

    #[test]
    fn a_component_page_names_the_report_bundle_it_links_to() {
        let report = "<head><link href=/report/base-0123456789abcdef.css rel=stylesheet><script type=module>import init from '/report/linli-report-0123456789abcdef.js';</script><link crossorigin href=/report/linli-report-0123456789abcdef.js rel=modulepreload><link as=fetch crossorigin href=/report/linli-report-0123456789abcdef_bg.wasm rel=preload type=application/wasm><link href=/favicon.svg rel=icon></head>";
        let page = with_prefetch(
            "<html><head><title>邻里</title></head><body></body></html>",
            report,
        );
        assert_eq!(
            page,
            "<html><head><title>邻里</title>\
             <meta name=linli-prefetch content=\"/report/base-0123456789abcdef.css \
             /report/linli-report-0123456789abcdef.js \
             /report/linli-report-0123456789abcdef_bg.wasm\">\
             </head><body></body></html>"
        );
    }

    #[test]
    fn only_trunk_hashed_names_are_cached_for_good() {
        assert!(is_hashed_asset("linli-3f2a9c0d1e2b4a5c_bg.wasm"));
        assert!(is_hashed_asset("style-0123456789abcdef.css"));
        assert!(is_hashed_asset("linli-report-6076dd31a235dba.js"));
        assert!(!is_hashed_asset("linli-report.js"));
        assert!(!is_hashed_asset("plate-1234.svg"));
        assert!(!is_hashed_asset("manifest.json"));
        assert!(!is_hashed_asset("index.html"));
    }
}
