//! Which encoding a file's text is in, and its decoding, shared by CSV, GeoJSON and `.dbf`
//! fields. Every decode is strict: a byte that does not belong to the encoding is an error
//! naming its line, never a replacement character, because a garbled import is worse than a
//! refusal the clerk can act on.

use encoding_rs::{Encoding, GB18030, UTF_8};

use crate::error::{Place, ReadError};
use crate::table::{EncodingChoice, TextEncoding};

/// Why an attempt to read content in one encoding failed.
pub(crate) enum Failure {
    /// Bytes at this place are not in the encoding: another one may do.
    Undecodable(Place),
    /// The content is broken whatever its encoding.
    Fatal(ReadError),
}

/// Reads content in `wanted` (or, for `None`, detects it), where `attempt` decodes the whole
/// content in one encoding.
///
/// - UTF-8 wanted: UTF-8, or `not_utf8` if GB18030 would have worked, else `bad_encoding`.
/// - GB18030 wanted: refused with `looks_like_utf8` when the content is valid UTF-8 with
///   non-ASCII text (UTF-8 Chinese read as GB18030 usually decodes, garbled).
/// - Detected: UTF-8 if it decodes, else GB18030, else `bad_encoding`.
pub(crate) fn choose<T>(
    wanted: Option<TextEncoding>,
    mut attempt: impl FnMut(TextEncoding) -> Result<T, Failure>,
    first_non_ascii: impl Fn(&T) -> Option<Place>,
) -> Result<(T, TextEncoding), ReadError> {
    let mut attempt = |encoding| match attempt(encoding) {
        Ok(content) => Ok(Ok(content)),
        Err(Failure::Undecodable(place)) => Ok(Err(place)),
        Err(Failure::Fatal(error)) => Err(error),
    };
    match wanted {
        Some(TextEncoding::Gb18030) => {
            if let Ok(content) = attempt(TextEncoding::Utf8)?
                && let Some(place) = first_non_ascii(&content)
            {
                return Err(ReadError::LooksLikeUtf8 { place });
            }
            let content = attempt(TextEncoding::Gb18030)?
                .map_err(|place| ReadError::BadEncoding { place })?;
            Ok((content, TextEncoding::Gb18030))
        }
        Some(TextEncoding::Utf8) => match attempt(TextEncoding::Utf8)? {
            Ok(content) => Ok((content, TextEncoding::Utf8)),
            Err(place) => Err(match attempt(TextEncoding::Gb18030)? {
                Ok(_) => ReadError::NotUtf8 { place },
                Err(_) => ReadError::BadEncoding { place },
            }),
        },
        // UTF-16 comes only from a byte-order mark, which `decode` handles before choosing.
        Some(TextEncoding::Utf16) | None => match attempt(TextEncoding::Utf8)? {
            Ok(content) => Ok((content, TextEncoding::Utf8)),
            Err(_) => match attempt(TextEncoding::Gb18030)? {
                Ok(content) => Ok((content, TextEncoding::Gb18030)),
                Err(place) => Err(ReadError::BadEncoding { place }),
            },
        },
    }
}

/// The encoding a clerk's choice asks for; `None` is "detect".
pub(crate) fn wanted(choice: EncodingChoice) -> Option<TextEncoding> {
    match choice {
        EncodingChoice::Detect => None,
        EncodingChoice::Utf8 => Some(TextEncoding::Utf8),
        EncodingChoice::Gb18030 => Some(TextEncoding::Gb18030),
    }
}

/// A whole text file decoded. A byte-order mark is proof of its encoding and beats the
/// clerk's choice; without one, `choose` decides.
pub(crate) fn decode(
    bytes: &[u8],
    choice: EncodingChoice,
) -> Result<(String, TextEncoding), ReadError> {
    if let Some((encoding, mark_length)) = Encoding::for_bom(bytes) {
        let body = &bytes[mark_length..];
        let found = if encoding == UTF_8 {
            TextEncoding::Utf8
        } else {
            TextEncoding::Utf16
        };
        return match encoding.decode_without_bom_handling_and_without_replacement(body) {
            Some(text) => Ok((text.into_owned(), found)),
            None => Err(ReadError::BadEncoding {
                place: Place::Line(first_bad_line(encoding, body)),
            }),
        };
    }
    choose(
        wanted(choice),
        |encoding| {
            decode_strictly(bytes, encoding).map_err(|line| Failure::Undecodable(Place::Line(line)))
        },
        |text| first_non_ascii_line(text).map(Place::Line),
    )
}

/// Bytes in one encoding, or the 1-based line of the first bytes that are not.
pub(crate) fn decode_strictly(bytes: &[u8], encoding: TextEncoding) -> Result<String, usize> {
    let encoding = encoding_rs_of(encoding);
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(text.into_owned()),
        None => Err(first_bad_line(encoding, bytes)),
    }
}

fn encoding_rs_of(encoding: TextEncoding) -> &'static Encoding {
    match encoding {
        TextEncoding::Utf8 => UTF_8,
        TextEncoding::Gb18030 => GB18030,
        TextEncoding::Utf16 => encoding_rs::UTF_16LE,
    }
}

/// The line where a lenient decode first puts a replacement character: only for the message,
/// so a literal U+FFFD earlier in the file merely points the clerk a little early.
fn first_bad_line(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let bad = text.find('\u{FFFD}').unwrap_or(text.len());
    line_of(&text, bad)
}

/// The 1-based line of a byte offset in a text.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset]
        .iter()
        .filter(|byte| **byte == b'\n')
        .count()
}

fn first_non_ascii_line(text: &str) -> Option<usize> {
    let offset = text.bytes().position(|byte| !byte.is_ascii())?;
    Some(line_of(text, offset))
}

#[cfg(test)]
mod tests {
    use super::decode;
    use crate::table::{EncodingChoice, TextEncoding};

    fn check(bytes: &[u8], choice: EncodingChoice, expected: Result<(&str, TextEncoding), &str>) {
        let result = decode(bytes, choice);
        match expected {
            Ok((text, encoding)) => assert_eq!(result, Ok((text.to_owned(), encoding))),
            Err(code) => assert_eq!(result.map_err(|error| error.code()), Err(code)),
        }
    }

    #[test]
    fn detection_prefers_utf8_then_gb18030() {
        let gbk = encoding_rs::GBK.encode("名称\n井盖").0.into_owned();
        check(
            b"a,b",
            EncodingChoice::Detect,
            Ok(("a,b", TextEncoding::Utf8)),
        );
        check(
            "名称".as_bytes(),
            EncodingChoice::Detect,
            Ok(("名称", TextEncoding::Utf8)),
        );
        check(
            &gbk,
            EncodingChoice::Detect,
            Ok(("名称\n井盖", TextEncoding::Gb18030)),
        );
        check(
            &[b'a', 0xFF, b'b'],
            EncodingChoice::Detect,
            Err("bad_encoding"),
        );
    }

    #[test]
    fn a_byte_order_mark_beats_the_choice() {
        check(
            b"\xEF\xBB\xBFa",
            EncodingChoice::Gb18030,
            Ok(("a", TextEncoding::Utf8)),
        );
        check(
            b"\xFF\xFEa\x00",
            EncodingChoice::Utf8,
            Ok(("a", TextEncoding::Utf16)),
        );
    }

    #[test]
    fn ascii_is_the_same_in_both_so_either_choice_reads_it() {
        check(
            b"code",
            EncodingChoice::Gb18030,
            Ok(("code", TextEncoding::Gb18030)),
        );
        check(
            b"code",
            EncodingChoice::Utf8,
            Ok(("code", TextEncoding::Utf8)),
        );
    }
}
