//! Greyscale frames: conversion from RGBA, quarter turns and halving, shared by the worker, the
//! native tools and the bench so that every path sees the same pixels.

/// A greyscale frame, one byte per pixel, rows top to bottom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// ITU-R BT.601 luma in integer arithmetic, as ZXing's own image sources compute it. Runs on
/// every camera frame: two pixels at a time in one `u64`, each in its own 32-bit lane (the
/// weighted sum stays below 2^18, so the lanes never carry into each other).
pub fn rgba_to_luma(rgba: &[u8]) -> Vec<u8> {
    let mut luma = vec![0; rgba.len() / 4];
    #[cfg(all(target_arch = "wasm32", feature = "simd"))]
    let done = crate::simd::rgba_to_luma(rgba, &mut luma);
    #[cfg(not(all(target_arch = "wasm32", feature = "simd")))]
    let done = 0;
    scalar_luma(&rgba[4 * done..], &mut luma[done..]);
    luma
}

/// [`rgba_to_luma`] into `luma` (one byte per four of `rgba`), two pixels at a time.
fn scalar_luma(rgba: &[u8], luma: &mut [u8]) {
    const LANES: u64 = 0x0000_00ff_0000_00ff;
    let (pairs, rest) = rgba.as_chunks::<8>();
    let (out_pairs, out_rest) = luma.as_chunks_mut::<2>();
    for (out, pair) in out_pairs.iter_mut().zip(pairs) {
        let v = u64::from_le_bytes(*pair);
        let sum = (v & LANES) * 306
            + ((v >> 8) & LANES) * 601
            + ((v >> 16) & LANES) * 117
            + 0x0000_0200_0000_0200;
        let y = (sum >> 10) & LANES;
        *out = [y as u8, (y >> 32) as u8];
    }
    if let (Some(out), Some(p)) = (out_rest.first_mut(), rest.as_chunks::<4>().0.first()) {
        *out = ((306 * u32::from(p[0]) + 601 * u32::from(p[1]) + 117 * u32::from(p[2]) + 512) >> 10)
            as u8;
    }
}

impl Frame {
    /// The frame turned clockwise by `quarter_turns` × 90°.
    pub fn rotated(&self, quarter_turns: u32) -> Frame {
        let (w, h) = (self.width as usize, self.height as usize);
        let at = |x: usize, y: usize| self.pixels[y * w + x];
        match quarter_turns % 4 {
            0 => self.clone(),
            2 => Frame {
                pixels: self.pixels.iter().rev().copied().collect(),
                ..*self
            },
            turns => {
                let mut pixels = Vec::with_capacity(w * h);
                // The new frame is h wide and w high.
                for y in 0..w {
                    for x in 0..h {
                        pixels.push(if turns == 1 {
                            at(y, h - 1 - x)
                        } else {
                            at(w - 1 - y, x)
                        });
                    }
                }
                Frame {
                    pixels,
                    width: self.height,
                    height: self.width,
                }
            }
        }
    }

    /// Half the size, each pixel the mean of a 2×2 block.
    pub fn half(&self) -> Frame {
        half(&self.pixels, self.width, self.height)
    }
}

/// A `width` × `height` frame at half the size, each pixel the mean of a 2×2 block (an odd last
/// row or column is dropped).
pub fn half(pixels: &[u8], width: u32, height: u32) -> Frame {
    let (w, h) = (width as usize / 2, height as usize / 2);
    let stride = width as usize;
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let top = &pixels[2 * y * stride..][..2 * w];
        let bottom = &pixels[(2 * y + 1) * stride..][..2 * w];
        for (t, b) in top.chunks_exact(2).zip(bottom.chunks_exact(2)) {
            let sum = u32::from(t[0]) + u32::from(t[1]) + u32::from(b[0]) + u32::from(b[1]);
            out.push(((sum + 2) / 4) as u8);
        }
    }
    Frame {
        pixels: out,
        width: w as u32,
        height: h as u32,
    }
}

#[cfg(test)]
mod tests {
    // In wasm (the SIMD build's check) the same tests run in headless Chromium.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn frame(width: u32, height: u32, pixels: &[u8]) -> Frame {
        Frame {
            pixels: pixels.to_vec(),
            width,
            height,
        }
    }

    #[test]
    fn quarter_turns_move_the_top_left_corner_clockwise() {
        // 1 2 3
        // 4 5 6
        let original = frame(3, 2, &[1, 2, 3, 4, 5, 6]);
        assert_eq!(original.rotated(1), frame(2, 3, &[4, 1, 5, 2, 6, 3]));
        assert_eq!(original.rotated(2), frame(3, 2, &[6, 5, 4, 3, 2, 1]));
        assert_eq!(original.rotated(3), frame(2, 3, &[3, 6, 2, 5, 1, 4]));
        assert_eq!(original.rotated(4), original);
    }

    #[test]
    fn halving_averages_blocks_and_drops_an_odd_edge() {
        let original = frame(3, 2, &[0, 100, 7, 200, 100, 7]);
        assert_eq!(original.half(), frame(1, 1, &[100]));
    }

    #[test]
    fn luma_is_the_bt601_formula_for_every_pixel() {
        // Every red and green pair with a blue that varies, so that sums land on the rounding
        // boundary too, and an odd count so that every path's tail is covered.
        let rgba: Vec<u8> = (0..65_537u32)
            .flat_map(|i| [i as u8, (i >> 8) as u8, (i * 37 % 251) as u8, 255])
            .collect();
        let expected: Vec<u8> = rgba
            .chunks_exact(4)
            .map(|p| {
                ((306 * u32::from(p[0]) + 601 * u32::from(p[1]) + 117 * u32::from(p[2]) + 512)
                    >> 10) as u8
            })
            .collect();
        assert!(
            rgba.chunks_exact(4).any(|p| (306 * u32::from(p[0])
                + 601 * u32::from(p[1])
                + 117 * u32::from(p[2]))
                % 1024
                == 512),
            "no pixel on a rounding boundary"
        );
        assert_eq!(rgba_to_luma(&rgba), expected);
        assert_eq!(rgba_to_luma(&rgba[..4 * 1000]), expected[..1000]);
        assert_eq!(rgba_to_luma(&[255, 255, 255, 255]), [255]);
    }

    #[test]
    fn luma_weights_green_most() {
        assert_eq!(rgba_to_luma(&[255, 255, 255, 255, 0, 0, 0, 255]), [255, 0]);
        assert_eq!(rgba_to_luma(&[0, 255, 0, 255, 255, 0, 0, 255]), [150, 76]);
    }
}
