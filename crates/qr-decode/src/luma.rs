//! Greyscale frames: conversion from RGBA, quarter turns and halving, shared by the worker, the
//! native tools and the bench so that every path sees the same pixels.

/// A greyscale frame, one byte per pixel, rows top to bottom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// ITU-R BT.601 luma in integer arithmetic, as ZXing's own image sources compute it.
pub fn rgba_to_luma(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| ((306 * p[0] as u32 + 601 * p[1] as u32 + 117 * p[2] as u32 + 512) >> 10) as u8)
        .collect()
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
        let (w, h) = (self.width as usize / 2, self.height as usize / 2);
        let stride = self.width as usize;
        let mut pixels = Vec::with_capacity(w * h);
        for y in 0..h {
            let top = &self.pixels[2 * y * stride..];
            let bottom = &self.pixels[(2 * y + 1) * stride..];
            for x in 0..w {
                let sum = top[2 * x] as u32
                    + top[2 * x + 1] as u32
                    + bottom[2 * x] as u32
                    + bottom[2 * x + 1] as u32;
                pixels.push(((sum + 2) / 4) as u8);
            }
        }
        Frame {
            pixels,
            width: w as u32,
            height: h as u32,
        }
    }
}

#[cfg(test)]
mod tests {
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
    fn luma_weights_green_most() {
        assert_eq!(rgba_to_luma(&[255, 255, 255, 255, 0, 0, 0, 255]), [255, 0]);
        assert_eq!(rgba_to_luma(&[0, 255, 0, 255, 255, 0, 0, 255]), [150, 76]);
    }
}
