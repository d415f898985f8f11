//! The properties the fuzz targets in `fuzz/` check, here so that a stable-Rust test can check
//! them too (`tests/fuzz_properties.rs`, on a generated corpus). Each function panics when a
//! property fails, which is what a fuzzer reports. Everything a resident scans, types or uploads
//! passes through these parsers, so none of them may panic on any input.

use crate::component_code::ComponentCode;
use crate::pabulib::Election;
use crate::payload::{Payload, parse_payload};
use crate::photo::{MAX_PHOTO_BYTES, MAX_PHOTO_SIDE, clean_jpeg};
use crate::problem_type::PROBLEM_TYPES;
use crate::report::{MAX_ADDRESS_CHARS, MAX_DESCRIPTION_CHARS, NewRequestForm};
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
        // Nothing is kept after the end of the image.
        assert!(clean.bytes.ends_with(&[0xFF, 0xD9]));
        assert_eq!(clean_jpeg(&clean.bytes).as_ref(), Ok(&clean));
    }
}

/// An uploaded Pabulib `.pb` file: reading never panics, and an election it accepts, written
/// back by [`Election::to_pb`], reads as the same election and writes as the same text.
pub fn check_pb(data: &[u8]) {
    if let Ok(election) = Election::from_bytes(data) {
        let written = election.to_pb();
        let again = Election::parse(&written)
            .unwrap_or_else(|error| panic!("the written file is refused: {error}\n{written}"));
        assert_eq!(again, election, "{written}");
        assert_eq!(again.to_pb(), written);
        // What a tally reads is consistent with the ballots.
        assert_eq!(election.ballot_positions().len(), election.votes().len());
        // Each ballot's projects, each once, in the order first named.
        for (positions, vote) in election.ballot_positions().zip(election.votes()) {
            let mut first_mentions: Vec<&String> = Vec::new();
            for id in &vote.projects {
                if !first_mentions.contains(&id) {
                    first_mentions.push(id);
                }
            }
            let ids: Vec<&String> = positions
                .iter()
                .map(|&position| &election.projects()[position as usize].id)
                .collect();
            assert_eq!(ids, first_mentions);
        }
    }
}

/// An Open311 `POST requests.json` body: the first byte picks the encoding (odd: JSON, even:
/// form-urlencoded), the rest is the body. Reading and checking never panic; a form that is read
/// reads the same from the other encoding; a request that is accepted keeps every limit
/// [`crate::report::ValidRequest`] states; a refused one says why in at least one sentence.
pub fn check_open311_form(data: &[u8]) {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let form = match NewRequestForm::from_body(body, first % 2 == 1) {
        Ok(form) => form,
        Err(message) => {
            assert!(
                message.starts_with("The request body is not valid "),
                "{message}"
            );
            return;
        }
    };
    let as_json = serde_json::to_vec(&form).expect("a form of strings serializes");
    assert_eq!(
        NewRequestForm::from_body(&as_json, true).as_ref(),
        Ok(&form)
    );
    let as_form = serde_urlencoded::to_string(&form).expect("a form of strings serializes");
    assert_eq!(
        NewRequestForm::from_body(as_form.as_bytes(), false).as_ref(),
        Ok(&form),
        "{as_form}"
    );
    let valid = match form.clone().validate(&[]) {
        Ok(valid) => valid,
        Err(errors) => {
            assert!(!errors.is_empty(), "{form:?} refused without a reason");
            assert!(errors.iter().all(|error| !error.trim().is_empty()));
            return;
        }
    };
    assert!(PROBLEM_TYPES.contains(valid.problem));
    let description = &valid.description;
    assert!(!description.is_empty() && description.trim() == description);
    assert!(description.chars().count() <= MAX_DESCRIPTION_CHARS);
    assert!(
        !description.as_bytes().windows(2).any(|pair| pair[0] == b'<'
            && (pair[1].is_ascii_alphabetic() || pair[1] == b'/' || pair[1] == b'!')),
        "markup in {description:?}"
    );
    assert!(valid.location.is_some() || valid.component.is_some());
    if let Some((lat, long)) = valid.location {
        assert!(
            lat.is_finite() && (-90.0..=90.0).contains(&lat),
            "lat {lat}"
        );
        assert!(
            long.is_finite() && (-180.0..=180.0).contains(&long),
            "long {long}"
        );
    }
    if let Some(code) = &valid.component {
        assert_eq!(code.as_str().len(), 16);
        assert!(code.as_str().bytes().all(|b| b.is_ascii_digit()));
    }
    if let Some(phone) = &valid.phone {
        assert!(phone.bytes().all(|b| b.is_ascii_digit()), "phone {phone:?}");
        assert!((10..=12).contains(&phone.len()), "phone {phone:?}");
    }
    assert_eq!(valid.address.trim(), valid.address);
    assert!(valid.address.chars().count() <= MAX_ADDRESS_CHARS);
    assert!(valid.photos.is_empty());
}
