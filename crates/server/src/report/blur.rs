//! Blurring a region of a report's photo: the region is cut into a few large blocks, each filled
//! with its mean colour. Large blocks leave no detail a face or a phone number could be read or
//! reconstructed from, which a soft Gaussian blur of small text can.

use image::codecs::jpeg::JpegEncoder;
use image::{ImageFormat, RgbImage};
use linli_api::BlurRegion;

use crate::AppError;

/// Blocks across the longer side of the region.
const BLOCKS_ACROSS: u32 = 6;
/// No block is smaller than this, however small the region.
const MIN_BLOCK_PIXELS: u32 = 8;
/// The smallest region, in pixels each way, worth blurring.
const MIN_REGION_PIXELS: u32 = 4;
const JPEG_QUALITY: u8 = 85;

/// The photo with `region` blurred, as a new JPEG of the same size.
pub(crate) fn blur_region(jpeg: &[u8], region: BlurRegion) -> Result<Vec<u8>, AppError> {
    let mut image = image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg)
        .map_err(AppError::internal)?
        .to_rgb8();
    let (x, y, width, height) = pixel_rect(region, image.width(), image.height())?;
    pixelate(&mut image, x, y, width, height);
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&image)
        .map_err(AppError::internal)?;
    Ok(out)
}

fn outside() -> AppError {
    AppError::Unprocessable {
        code: "bad_region",
        message: "打码区域要在照片之内，且不能太小。The region to blur must lie within the photo \
                  and not be too small."
            .into(),
    }
}

/// The region in whole pixels, clipped to the photo; refused when it lies outside or is tiny.
fn pixel_rect(
    region: BlurRegion,
    photo_width: u32,
    photo_height: u32,
) -> Result<(u32, u32, u32, u32), AppError> {
    let fractions = [region.x, region.y, region.width, region.height];
    if fractions
        .iter()
        .any(|f| !f.is_finite() || !(0.0..=1.0).contains(f))
    {
        return Err(outside());
    }
    let to_pixels = |fraction: f64, side: u32| (fraction * f64::from(side)).round() as u32;
    let x = to_pixels(region.x, photo_width).min(photo_width);
    let y = to_pixels(region.y, photo_height).min(photo_height);
    let width = to_pixels(region.width, photo_width).min(photo_width - x);
    let height = to_pixels(region.height, photo_height).min(photo_height - y);
    if width < MIN_REGION_PIXELS || height < MIN_REGION_PIXELS {
        return Err(outside());
    }
    Ok((x, y, width, height))
}

fn pixelate(image: &mut RgbImage, x: u32, y: u32, width: u32, height: u32) {
    let block = (width.max(height) / BLOCKS_ACROSS).max(MIN_BLOCK_PIXELS);
    for top in (y..y + height).step_by(block as usize) {
        for left in (x..x + width).step_by(block as usize) {
            let right = (left + block).min(x + width);
            let bottom = (top + block).min(y + height);
            let mut sum = [0u64; 3];
            for py in top..bottom {
                for px in left..right {
                    for (total, channel) in sum.iter_mut().zip(image.get_pixel(px, py).0) {
                        *total += u64::from(channel);
                    }
                }
            }
            let count = u64::from((right - left) * (bottom - top));
            let mean = image::Rgb(sum.map(|total| (total / count) as u8));
            for py in top..bottom {
                for px in left..right {
                    image.put_pixel(px, py, mean);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn striped(width: u32, height: u32) -> Vec<u8> {
        let image = RgbImage::from_fn(width, height, |x, _| {
            if x % 2 == 0 {
                image::Rgb([0, 0, 0])
            } else {
                image::Rgb([255, 255, 255])
            }
        });
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 95)
            .encode_image(&image)
            .unwrap();
        out
    }

    fn contrast(image: &RgbImage, x0: u32, x1: u32, y: u32) -> u8 {
        let values: Vec<u8> = (x0..x1).map(|x| image.get_pixel(x, y).0[0]).collect();
        values.iter().max().unwrap() - values.iter().min().unwrap()
    }

    #[test]
    fn the_region_loses_its_detail_and_the_rest_keeps_it() {
        let region = BlurRegion {
            x: 0.5,
            y: 0.0,
            width: 0.5,
            height: 1.0,
        };
        let blurred = blur_region(&striped(200, 100), region).unwrap();
        let image = image::load_from_memory(&blurred).unwrap().to_rgb8();
        assert_eq!((image.width(), image.height()), (200, 100));
        assert!(
            contrast(&image, 10, 90, 50) > 150,
            "left half still striped"
        );
        // Within one block of the blurred half, every pixel has the same grey (JPEG rounding aside).
        assert!(contrast(&image, 104, 114, 50) < 24, "right half flattened");
    }

    #[test]
    fn a_region_outside_the_photo_or_too_small_is_refused() {
        let photo = striped(100, 100);
        for (x, y, width, height) in [
            (1.2, 0.0, 0.1, 0.1),
            (0.0, 0.0, 0.01, 0.5),
            (-0.1, 0.0, 0.5, 0.5),
            (0.0, 0.0, f64::NAN, 0.5),
        ] {
            let region = BlurRegion {
                x,
                y,
                width,
                height,
            };
            assert!(
                matches!(
                    blur_region(&photo, region),
                    Err(AppError::Unprocessable {
                        code: "bad_region",
                        ..
                    })
                ),
                "{region:?}"
            );
        }
    }
}
