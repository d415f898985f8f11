//! Photos attached to a report. The browser already resizes them (≤ 1600 px, ≤ 500 KB JPEG, which
//! also drops EXIF); the server checks the same limits and removes every metadata segment again,
//! because other Open311 clients upload camera files whose EXIF holds the reporter's position,
//! phone model and time.

use std::fmt;

/// At most this many photos per report.
pub const MAX_PHOTOS: usize = 3;
/// Bytes per photo after the browser's resizing.
pub const MAX_PHOTO_BYTES: usize = 500 * 1024;
/// The longer side of a photo, in pixels.
pub const MAX_PHOTO_SIDE: u16 = 1600;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoProblem {
    TooManyPhotos,
    TooManyBytes {
        bytes: usize,
    },
    /// Not a JPEG, or a JPEG cut short or malformed.
    NotAJpeg,
    TooManyPixels {
        width: u16,
        height: u16,
    },
}

impl fmt::Display for PhotoProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhotoProblem::TooManyPhotos => write!(f, "at most {MAX_PHOTOS} photos per report"),
            PhotoProblem::TooManyBytes { bytes } => write!(
                f,
                "a photo is {bytes} bytes; the limit is {MAX_PHOTO_BYTES} bytes"
            ),
            PhotoProblem::NotAJpeg => write!(f, "a photo is not a JPEG image"),
            PhotoProblem::TooManyPixels { width, height } => write!(
                f,
                "a photo is {width}×{height} pixels; the longer side may be at most {MAX_PHOTO_SIDE}"
            ),
        }
    }
}

/// A JPEG with its metadata removed, and its size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanJpeg {
    pub bytes: Vec<u8>,
    pub width: u16,
    pub height: u16,
}

/// Segments kept: JFIF (APP0) and Adobe (APP14, which tells decoders the colour transform);
/// every other APPn (EXIF and XMP live in APP1) and comments are dropped.
fn is_metadata(marker: u8) -> bool {
    matches!(marker, 0xE1..=0xED | 0xEF | 0xFE)
}

/// Start-of-frame markers, which carry the image size; C4, C8 and CC share the range but are not.
fn is_start_of_frame(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// Where the entropy-coded data that starts at `from` ends: at the first marker, a 0xFF that is
/// neither stuffing (0xFF 0x00), a restart (0xFF 0xD0–D7) nor fill before another 0xFF.
fn entropy_data_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at += bytes.get(at..)?.iter().position(|&b| b == 0xFF)?;
        match *bytes.get(at + 1)? {
            0x00 | 0xD0..=0xD7 => at += 2,
            _ => return Some(at),
        }
    }
}

/// Checks a photo against the limits and returns it without metadata: only the segments a
/// decoder needs, the image data, and the end-of-image marker. Whatever a camera or an app put
/// after the end of the image (a second picture, a video, text) is dropped with the metadata.
pub fn clean_jpeg(bytes: &[u8]) -> Result<CleanJpeg, PhotoProblem> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoProblem::TooManyBytes { bytes: bytes.len() });
    }
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(PhotoProblem::NotAJpeg);
    }
    let mut clean = Vec::with_capacity(bytes.len());
    clean.extend_from_slice(&[0xFF, 0xD8]);
    let mut size: Option<(u16, u16)> = None;
    let mut scanned = false;
    let mut at = 2;
    loop {
        // A marker is 0xFF followed by its code; extra 0xFF bytes are fill.
        if bytes.get(at) != Some(&0xFF) {
            return Err(PhotoProblem::NotAJpeg);
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let marker = *bytes.get(at).ok_or(PhotoProblem::NotAJpeg)?;
        at += 1;
        if marker == 0xD9 && scanned {
            // End of image: the photo is complete, and nothing after it is kept.
            let (width, height) = size.ok_or(PhotoProblem::NotAJpeg)?;
            if width.max(height) > MAX_PHOTO_SIDE {
                return Err(PhotoProblem::TooManyPixels { width, height });
            }
            clean.extend_from_slice(&[0xFF, 0xD9]);
            return Ok(CleanJpeg {
                bytes: clean,
                width,
                height,
            });
        }
        if marker == 0xD9 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            // Stand-alone markers out of place: end of image before any scan, restarts, TEM.
            return Err(PhotoProblem::NotAJpeg);
        }
        let length_bytes = bytes.get(at..at + 2).ok_or(PhotoProblem::NotAJpeg)?;
        let length = usize::from(u16::from_be_bytes([length_bytes[0], length_bytes[1]]));
        let segment = bytes.get(at..at + length).ok_or(PhotoProblem::NotAJpeg)?;
        if length < 2 {
            return Err(PhotoProblem::NotAJpeg);
        }
        if is_start_of_frame(marker) {
            let frame = segment.get(3..7).ok_or(PhotoProblem::NotAJpeg)?;
            let height = u16::from_be_bytes([frame[0], frame[1]]);
            let width = u16::from_be_bytes([frame[2], frame[3]]);
            if width == 0 || height == 0 {
                return Err(PhotoProblem::NotAJpeg);
            }
            size = Some((width, height));
        }
        if !is_metadata(marker) {
            clean.extend_from_slice(&[0xFF, marker]);
            clean.extend_from_slice(segment);
        }
        at += length;
        if marker == 0xDA {
            // Start of scan: its entropy-coded data is image, kept as is up to the next marker
            // (a progressive photo has several scans, with tables between them).
            size.ok_or(PhotoProblem::NotAJpeg)?;
            let end = entropy_data_end(bytes, at).ok_or(PhotoProblem::NotAJpeg)?;
            clean.extend_from_slice(&bytes[at..end]);
            at = end;
            scanned = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let length = u16::try_from(payload.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, marker][..], &length, payload].concat()
    }

    /// The structure of a baseline JPEG: SOI, the given segments, a frame header, a scan with a
    /// few bytes of "image data", EOI. Decoders are not involved; only the structure matters.
    fn jpeg(width: u16, height: u16, extra: &[Vec<u8>]) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        out.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        for s in extra {
            out.extend(s);
        }
        let [h1, h2] = height.to_be_bytes();
        let [w1, w2] = width.to_be_bytes();
        out.extend(segment(0xC0, &[8, h1, h2, w1, w2, 1, 1, 0x11, 0]));
        out.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
        out.extend([0x12, 0x34, 0xFF, 0x00, 0x56]);
        out.extend([0xFF, 0xD9]);
        out
    }

    #[test]
    fn exif_xmp_and_comments_are_removed_and_the_image_kept() {
        let exif = segment(0xE1, b"Exif\0\0GPS 39.9087N 116.6570E");
        let comment = segment(0xFE, b"taken by Zhang San");
        let adobe = segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01");
        let photo = jpeg(1200, 900, &[exif, comment, adobe.clone()]);
        let clean = clean_jpeg(&photo).unwrap();
        assert_eq!((clean.width, clean.height), (1200, 900));
        let text = String::from_utf8_lossy(&clean.bytes);
        assert!(!text.contains("GPS"), "EXIF left in");
        assert!(!text.contains("Zhang San"), "comment left in");
        assert!(
            clean.bytes.windows(adobe.len()).any(|w| w == adobe),
            "Adobe segment is needed to decode colours"
        );
        assert_eq!(clean.bytes, jpeg(1200, 900, &[adobe]));
    }

    #[test]
    fn a_clean_photo_is_unchanged() {
        let photo = jpeg(1600, 1200, &[]);
        assert_eq!(clean_jpeg(&photo).unwrap().bytes, photo);
    }

    #[test]
    fn refusals_name_the_limit() {
        let cases: &[(Vec<u8>, PhotoProblem)] = &[
            (b"\x89PNG\r\n\x1a\n....".to_vec(), PhotoProblem::NotAJpeg),
            (b"GIF89a".to_vec(), PhotoProblem::NotAJpeg),
            (Vec::new(), PhotoProblem::NotAJpeg),
            (jpeg(1200, 900, &[])[..40].to_vec(), PhotoProblem::NotAJpeg),
            (
                jpeg(2000, 1500, &[]),
                PhotoProblem::TooManyPixels {
                    width: 2000,
                    height: 1500,
                },
            ),
            (
                vec![0xFF; MAX_PHOTO_BYTES + 1],
                PhotoProblem::TooManyBytes {
                    bytes: MAX_PHOTO_BYTES + 1,
                },
            ),
        ];
        for (bytes, problem) in cases {
            assert_eq!(clean_jpeg(bytes).unwrap_err(), *problem);
        }
    }

    /// Issue #23: everything after the image data was kept, so text, a second picture or a
    /// video that an app appended after the end-of-image marker was stored and served.
    #[test]
    fn whatever_follows_the_end_of_the_image_is_dropped() {
        let photo = jpeg(1200, 900, &[]);
        let mut appended = photo.clone();
        appended.extend(b"GPS 39.9087N 116.6570E, Zhang San, 13800138000");
        appended.extend([0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x04, 0xAB, 0xCD, 0xFF, 0xD9]);
        let clean = clean_jpeg(&appended).unwrap();
        assert_eq!(clean.bytes, photo);
        assert!(!String::from_utf8_lossy(&clean.bytes).contains("GPS"));
    }

    #[test]
    fn a_progressive_photo_keeps_every_scan_and_the_tables_between_them() {
        let mut photo = jpeg(640, 480, &[]);
        photo.truncate(photo.len() - 2);
        let tables = segment(
            0xC4,
            &[0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7],
        );
        photo.extend(&tables);
        photo.extend(segment(0xE1, b"Exif\0\0between scans"));
        photo.extend(segment(0xDA, &[1, 1, 0, 1, 5, 0]));
        photo.extend([0xAA, 0xFF, 0x00, 0xFF, 0xD3, 0xBB]);
        photo.extend([0xFF, 0xD9]);
        let clean = clean_jpeg(&photo).unwrap();
        assert!(!String::from_utf8_lossy(&clean.bytes).contains("between scans"));
        assert!(clean.bytes.windows(tables.len()).any(|w| w == tables));
        assert!(
            clean
                .bytes
                .ends_with(&[0xAA, 0xFF, 0x00, 0xFF, 0xD3, 0xBB, 0xFF, 0xD9])
        );
        assert_eq!(clean_jpeg(&clean.bytes).unwrap(), clean);
    }

    #[test]
    fn a_scan_before_any_frame_is_refused() {
        let mut photo = vec![0xFF, 0xD8];
        photo.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
        photo.extend([0xFF, 0xD9]);
        assert_eq!(clean_jpeg(&photo).unwrap_err(), PhotoProblem::NotAJpeg);
    }

    #[test]
    fn any_prefix_of_a_photo_is_refused_without_panicking() {
        let photo = jpeg(800, 600, &[segment(0xE1, b"Exif\0\0")]);
        for end in 0..photo.len() {
            assert!(clean_jpeg(&photo[..end]).is_err(), "prefix of {end} bytes");
        }
    }
}
