//! Print sheets of voting codes: the committee page, which has just been shown the codes once,
//! asks for their QR codes as SVG and lays out an A4 sheet. The server keeps nothing of the texts.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use linli_api::{QrRequest, QrSvgs};

use super::ballot::malformed;
use crate::admin::CommitteeSession;
use crate::{AppError, qr};

/// At most this many QR codes in one request; a large batch of codes is drawn in several.
pub(crate) const MAX_QR_PER_REQUEST: usize = 500;
/// A voting-code URL is under 100 characters; this leaves room for any plate URL.
const MAX_TEXT_LEN: usize = 512;

/// A size goes into the SVG's attributes, so only a plain CSS length is accepted: `40mm`.
fn css_length(size: &str) -> bool {
    let digits = size.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let unit = &size[digits.len()..];
    ["mm", "cm", "px"].contains(&unit)
        && !digits.is_empty()
        && digits.len() <= 5
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

#[utoipa::path(post, path = "/api/v1/admin/qr", tag = "admin", request_body = QrRequest,
    responses((status = 200, body = QrSvgs), (status = 400, body = linli_api::ApiError),
        (status = 401, body = linli_api::ApiError), (status = 422, body = linli_api::ApiError)))]
pub(crate) async fn qr_post(
    _session: CommitteeSession,
    body: Result<Json<QrRequest>, JsonRejection>,
) -> Result<Json<QrSvgs>, AppError> {
    let Json(request) = body.map_err(|_| {
        malformed("请给出要画成二维码的文字和尺寸。Please give the texts and a size.")
    })?;
    if request.texts.is_empty() || request.texts.len() > MAX_QR_PER_REQUEST {
        return Err(AppError::Unprocessable {
            code: "bad_count",
            message: format!(
                "每次 1 到 {MAX_QR_PER_REQUEST} 个二维码。Draw 1 to {MAX_QR_PER_REQUEST} QR codes at a time."
            ),
        });
    }
    if !css_length(&request.size) {
        return Err(AppError::Unprocessable {
            code: "bad_size",
            message: "尺寸写作 40mm、4cm 或 160px。A size is written like 40mm, 4cm or 160px."
                .into(),
        });
    }
    let svgs = request
        .texts
        .iter()
        .map(|text| {
            (text.len() <= MAX_TEXT_LEN)
                .then(|| qr::svg(text, &request.size))
                .flatten()
                .ok_or_else(|| AppError::Unprocessable {
                    code: "text_too_long",
                    message: format!(
                        "文字太长，画不成二维码（最多 {MAX_TEXT_LEN} 字节）。A text is too long for a QR code (at most {MAX_TEXT_LEN} bytes)."
                    ),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(QrSvgs { svgs }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_css_lengths_are_sizes() {
        for (size, ok) in [
            ("40mm", true),
            ("4.5cm", true),
            ("160px", true),
            ("mm", false),
            ("40", false),
            ("40vw", false),
            ("40mm\" onload=\"x", false),
            ("123456mm", false),
        ] {
            assert_eq!(css_length(size), ok, "{size}");
        }
    }
}
