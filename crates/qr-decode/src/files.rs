//! Image files to luma frames, for the native tools only (the wasm build gets its pixels from a
//! canvas and never carries the `image` crate).

use std::path::Path;

use crate::luma::{Frame, rgba_to_luma};

/// Reads a PNG or JPEG into a greyscale frame, through RGBA so that every path converts colour
/// the same way.
pub fn load_frame(path: &Path) -> Result<Frame, String> {
    let image = image::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let rgba = image.to_rgba8();
    Ok(Frame {
        pixels: rgba_to_luma(rgba.as_raw()),
        width: rgba.width(),
        height: rgba.height(),
    })
}
