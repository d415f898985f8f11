//! Image files to luma frames, for the native tools only (the wasm build gets its pixels from a
//! canvas and never carries the `image` crate).

use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use image::error::{ImageError, ImageFormatHint, UnsupportedErrorKind};
use image::{ImageFormat, ImageReader};

use crate::luma::{Frame, rgba_to_luma};

/// The formats [`load_frame`] reads, as its messages name them.
pub const FORMATS: &str = "PNG, JPEG, WebP, GIF, BMP or TIFF";

/// Why a file gave no frame, in words for the person who named the file (who already knows its
/// path, so no message repeats it).
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be opened or its first bytes read.
    Read(std::io::Error),
    /// Its content is no image format that `image` recognises, whatever its name says.
    UnknownFormat,
    /// An image format recognised from the content but not one of [`FORMATS`].
    UnsupportedFormat(String),
    /// One of [`FORMATS`], but damaged, cut short or using a part of the format `image` lacks.
    Undecodable { format: String, detail: String },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read(error) => write!(f, "The file could not be read: {error}."),
            Self::UnknownFormat => write!(f, "The file is not a {FORMATS} image."),
            Self::UnsupportedFormat(format) => write!(
                f,
                "The file is a {format} image; qr-decode reads {FORMATS} images only."
            ),
            Self::Undecodable { format, detail } => write!(
                f,
                "The {format} image could not be decoded: it is damaged or cut short ({detail})."
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads an image into a greyscale frame, through RGBA so that every path converts colour the
/// same way. The format is found from the content, not the name: phones and WeChat save WebP
/// under `.jpg` as often as not. An animated GIF or WebP gives its first frame.
pub fn load_frame(path: &Path) -> Result<Frame, LoadError> {
    let file = File::open(path).map_err(LoadError::Read)?;
    let reader = ImageReader::new(BufReader::new(file))
        .with_guessed_format()
        .map_err(LoadError::Read)?;
    let Some(format) = reader.format() else {
        return Err(LoadError::UnknownFormat);
    };
    let image = reader.decode().map_err(|error| match error {
        ImageError::Unsupported(unsupported) => match unsupported.kind() {
            UnsupportedErrorKind::Format(hint) => LoadError::UnsupportedFormat(hint_name(&hint)),
            _ => undecodable(format, unsupported.to_string()),
        },
        other => undecodable(format, other.to_string()),
    })?;
    let rgba = image.to_rgba8();
    Ok(Frame {
        pixels: rgba_to_luma(rgba.as_raw()),
        width: rgba.width(),
        height: rgba.height(),
    })
}

fn undecodable(format: ImageFormat, detail: String) -> LoadError {
    LoadError::Undecodable {
        format: format_name(format),
        detail,
    }
}

/// The name people know a format by ("WebP", not `WebP`'s extension list).
fn format_name(format: ImageFormat) -> String {
    match format {
        ImageFormat::Png => "PNG".into(),
        ImageFormat::Jpeg => "JPEG".into(),
        ImageFormat::WebP => "WebP".into(),
        ImageFormat::Gif => "GIF".into(),
        ImageFormat::Bmp => "BMP".into(),
        ImageFormat::Tiff => "TIFF".into(),
        other => format!("{other:?}").to_uppercase(),
    }
}

fn hint_name(hint: &ImageFormatHint) -> String {
    match hint {
        ImageFormatHint::Exact(format) => format_name(*format),
        ImageFormatHint::Name(name) => name.clone(),
        other => other.to_string(),
    }
}
