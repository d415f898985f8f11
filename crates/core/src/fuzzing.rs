//! The properties the fuzz targets in `fuzz/` check, here so that a stable-Rust test can check
//! them too (`tests/fuzz_properties.rs`, on a generated corpus). Each function panics when a
//! property fails, which is what a fuzzer reports. Everything a resident scans, types or uploads
//! passes through these parsers, so none of them may panic on any input.

use crate::component_code::ComponentCode;
use crate::payload::{Payload, parse_payload};
use crate::photo::{MAX_PHOTO_BYTES, MAX_PHOTO_SIDE, clean_jpeg};
use crate::voting_code::VotingCode;

const OWN_HOST: &str = "linli.example";

/// A scanned QR payload (any bytes, read as UTF-8 with replacement, as a decoder would hand it).
pub fn check_payload(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match parse_payload(&text, &[OWN_HOST]) {
        Payload::Component(code) | Payload::Building(code) => {
            // A code the app accepts reads back as itself and is 16 ASCII digits.
            assert_eq!(code.as_str().len(), 16);
            assert!(code.as_str().bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(ComponentCode::parse(code.as_str()).as_ref(), Ok(&code));
        }
        Payload::ForeignUrl(url) => {
            // A foreign URL is shown exactly as scanned (trimmed), never rewritten.
            assert_eq!(url, text.trim());
        }
        Payload::VotingCode { ballot, code } => {
            // The ballot becomes a path segment of the vote page: a plain slug from the text.
            assert!(!ballot.is_empty() && !code.is_empty());
            assert!(
                ballot
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                "{text:?}"
            );
            assert!(text.contains(&ballot), "{text:?}");
        }
        Payload::MalformedCode { .. } | Payload::Text(_) => {}
    }
}

/// A typed voting code: parsing never panics, and an accepted code parses back from its print
/// form.
pub fn check_voting_code(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(code) = VotingCode::parse(&text) {
        assert_eq!(VotingCode::parse(&code.grouped()).as_ref(), Ok(&code));
        assert_eq!(VotingCode::parse(code.as_str()).as_ref(), Ok(&code));
    }
}

/// An uploaded photo: cleaning never panics, respects the limits, and is idempotent.
pub fn check_photo(data: &[u8]) {
    if let Ok(clean) = clean_jpeg(data) {
        assert!(clean.bytes.len() <= data.len());
        assert!(data.len() <= MAX_PHOTO_BYTES);
        assert!(clean.width.max(clean.height) <= MAX_PHOTO_SIDE);
        assert!(clean.bytes.starts_with(&[0xFF, 0xD8]));
        assert_eq!(clean_jpeg(&clean.bytes).as_ref(), Ok(&clean));
    }
}
