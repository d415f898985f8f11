//! How browsers may keep the API's answers. A public document (a ballot, a community's walking
//! graph, the services, Open311's lists) carries an `ETag` and `Cache-Control: no-cache`: the
//! browser asks again every time, and when nothing changed the answer is a `304` without a body.
//! A kiosk refreshes its data every minute and a resident's phone fetches `meta.json` on every
//! page; on a weak network, sending only what changed is what matters (a community's walking
//! graph alone is most of what a kiosk fetches). What belongs to one person or one device (the
//! committee's pages, a tracking page read with its secret, a kiosk's own settings, a vote's
//! receipt) is `no-store`: no browser keeps it, so nothing of it stays on a shared screen.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::prelude::BASE64_URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::AppError;

/// The largest answer given an `ETag`; every document the API writes is far smaller, and a larger
/// one is sent as it is.
const MAX_TAGGED_BYTES: usize = 64 * 1024 * 1024;

/// Adds the caching headers above to every answer under `/api/` and `/open311/` that does not set
/// its own (photos and published results do: they never change).
pub(crate) async fn api_caching(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_api = path.starts_with("/api/") || path.starts_with("/open311/");
    if !is_api || request.method() != Method::GET {
        return next.run(request).await;
    }
    let private = is_private(path, request.headers());
    let asked = request.headers().get(IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    if response.headers().contains_key(CACHE_CONTROL) {
        return response;
    }
    if private || response.status() != StatusCode::OK {
        return with_cache_control(response, if private { "no-store" } else { "no-cache" });
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_TAGGED_BYTES).await else {
        return AppError::internal("answer too large to tag").into_response();
    };
    let tag = entity_tag(&bytes);
    parts
        .headers
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    parts.headers.insert(ETAG, tag.clone());
    if asked.is_some_and(|asked| matches(&asked, &tag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(CONTENT_TYPE);
        parts.headers.remove(CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// An answer for one person or device: asked with a session, a tracking secret, a kiosk's token
/// or a key, or at a path that is never public (the committee's, the session's, a receipt's).
fn is_private(path: &str, headers: &HeaderMap) -> bool {
    let credentials = [
        AUTHORIZATION.as_str(),
        linli_api::TRACKING_SECRET_HEADER,
        linli_api::KIOSK_TOKEN_HEADER,
    ];
    crate::admin::session_token(headers).is_some()
        || credentials.iter().any(|name| headers.contains_key(*name))
        || path.starts_with("/api/v1/admin/")
        || path.starts_with("/api/v1/session")
        || path.contains("/receipts/")
}

fn with_cache_control(mut response: Response, value: &'static str) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// A weak tag (`W/"…"`): the same JSON, byte for byte, but a proxy that compresses it may
/// change the bytes on the wire, and weak tags are what `If-None-Match` compares anyway.
fn entity_tag(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let tag = format!("W/\"{}\"", BASE64_URL_SAFE_NO_PAD.encode(&digest[..18]));
    HeaderValue::from_str(&tag).expect("base64 is ASCII")
}

/// Whether `If-None-Match` (a list of tags, or `*`) names `tag`, comparing weakly.
fn matches(asked: &HeaderValue, tag: &HeaderValue) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let Ok(asked) = asked.to_str() else {
        return false;
    };
    let tag = opaque(tag.to_str().unwrap_or(""));
    asked.trim() == "*" || asked.split(',').any(|t| opaque(t) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_matches_itself_weakly_in_a_list_or_as_a_star_and_nothing_else() {
        let tag = entity_tag(b"{\"a\":1}");
        let text = tag.to_str().unwrap().to_owned();
        assert!(text.starts_with("W/\"") && text.ends_with('"'));
        let strong = text.trim_start_matches("W/").to_owned();
        for asked in [
            text.clone(),
            strong,
            format!("W/\"other\", {text}"),
            "*".to_owned(),
        ] {
            assert!(
                matches(&HeaderValue::from_str(&asked).unwrap(), &tag),
                "{asked}"
            );
        }
        assert!(!matches(&entity_tag(b"{\"a\":2}"), &tag));
        assert!(!matches(&HeaderValue::from_static("W/\"\""), &tag));
    }

    #[test]
    fn what_belongs_to_one_person_or_device_is_private() {
        let none = HeaderMap::new();
        assert!(!is_private("/api/v1/ballots/3.json", &none));
        assert!(!is_private("/open311/v2/requests.json", &none));
        assert!(is_private("/api/v1/admin/requests.json", &none));
        assert!(is_private("/api/v1/session.json", &none));
        assert!(is_private("/api/v1/ballots/3/receipts/ABCD.json", &none));
        for (name, value) in [
            ("cookie", "lang=zh; linli_session=abc"),
            ("cookie", "linli_session=abc; lang=zh"),
            ("x-tracking-secret", "0123"),
            ("x-linli-kiosk", "token"),
            ("authorization", "Bearer x"),
        ] {
            let mut headers = HeaderMap::new();
            headers.insert(
                axum::http::HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
            assert!(is_private("/api/v1/meta.json", &headers), "{name}");
        }
        // Another site's cookie whose name only ends the same way is not a session.
        let mut other = HeaderMap::new();
        other.insert("cookie", HeaderValue::from_static("old_linli_session=abc"));
        assert!(!is_private("/api/v1/meta.json", &other));
    }
}
