//! rxing's `HybridBinarizer`, computed faster: the same black points and the same local
//! thresholds, bit for bit the same matrix (a test compares them), but thresholded a row at a time
//! into whole words instead of setting one bit per call with a branch per pixel, and with each
//! block's statistics taken eight pixels at a time. In the scanner's wasm those per-pixel loops
//! were the largest single cost of a frame.

use std::borrow::Cow;
use std::cell::OnceCell;

use rxing::common::{BitArray, BitMatrix, GlobalHistogramBinarizer, LineOrientation, Result};
use rxing::{Binarizer, LuminanceSource};

/// Blocks of 8 × 8 pixels, each thresholded against the 5 × 5 blocks around it.
const BLOCK: usize = 8;
/// Smaller images fall back to the global histogram, as in rxing.
const MIN_SIDE: usize = BLOCK * 5;
/// A block whose pixels span at most this many levels holds no edge (rxing's `MIN_DYNAMIC_RANGE`).
const MIN_DYNAMIC_RANGE: u8 = 24;
/// Bits in one word of a `BitMatrix` row (rxing stores rows as `usize` words, low bit first).
const WORD: usize = usize::BITS as usize;

/// A drop-in for `HybridBinarizer`: the QR readers only ask for the black matrix, which this
/// computes once; 1D rows and lines come from the global histogram, as in rxing.
pub struct LocalBinarizer<LS: LuminanceSource> {
    global: GlobalHistogramBinarizer<LS>,
    matrix: OnceCell<BitMatrix>,
}

impl<LS: LuminanceSource> LocalBinarizer<LS> {
    pub fn new(source: LS) -> Self {
        LocalBinarizer {
            global: GlobalHistogramBinarizer::new(source),
            matrix: OnceCell::new(),
        }
    }

    fn compute(&self) -> Result<BitMatrix> {
        let source = self.global.get_luminance_source();
        let (width, height) = (source.get_width(), source.get_height());
        if width < MIN_SIDE || height < MIN_SIDE {
            return self.global.get_black_matrix().cloned();
        }
        Ok(threshold(&source.get_matrix(), width, height))
    }
}

impl<LS: LuminanceSource> Binarizer for LocalBinarizer<LS> {
    type Source = LS;

    fn get_luminance_source(&self) -> &LS {
        self.global.get_luminance_source()
    }

    fn get_black_row(&self, y: usize) -> Result<Cow<'_, BitArray>> {
        self.global.get_black_row(y)
    }

    fn get_black_row_from_matrix(&self, y: usize) -> Result<Cow<'_, BitArray>> {
        match self.matrix.get() {
            Some(matrix) => Ok(Cow::Owned(matrix.getRow(y as u32))),
            None => self.get_black_row(y),
        }
    }

    fn get_black_matrix(&self) -> Result<&BitMatrix> {
        if let Some(matrix) = self.matrix.get() {
            return Ok(matrix);
        }
        let matrix = self.compute()?;
        Ok(self.matrix.get_or_init(|| matrix))
    }

    fn get_black_line(&self, l: usize, lt: LineOrientation) -> Result<Cow<'_, BitArray>> {
        self.global.get_black_line(l, lt)
    }

    fn create_binarizer(&self, source: LS) -> Self {
        Self::new(source)
    }

    fn get_width(&self) -> usize {
        self.global.get_width()
    }

    fn get_height(&self) -> usize {
        self.global.get_height()
    }
}

/// The hybrid binarizer's matrix of a `width` × `height` image (both at least [`MIN_SIDE`]).
fn threshold(luma: &[u8], width: usize, height: usize) -> BitMatrix {
    let (sub_width, sub_height) = (width.div_ceil(BLOCK), height.div_ceil(BLOCK));
    let black = black_points(luma, sub_width, sub_height, width, height);
    let words = width.div_ceil(WORD);
    let mut bits = vec![0usize; words * height];
    let mut limits = vec![0u8; width];
    // The black points of each column of blocks summed over the five block rows around `top`.
    let mut columns = vec![0u32; sub_width];
    for by in 0..sub_height {
        // Each block's threshold is the mean black point of the 5 × 5 blocks around it (the
        // window is moved inwards at the borders); it applies to the block's 8 × 8 pixels. The
        // last block of a row or column is moved back to end at the image's edge, so it can
        // overlap the one before: there a pixel is black if either block says so, which is the
        // larger of the two thresholds.
        let top = by.clamp(2, sub_height - 3);
        for (bx, column) in columns.iter_mut().enumerate() {
            *column = (top - 2..=top + 2)
                .map(|row| black[row * sub_width + bx])
                .sum();
        }
        limits.fill(0);
        for bx in 0..sub_width {
            let left = bx.clamp(2, sub_width - 3);
            let sum: u32 = columns[left - 2..=left + 2].iter().sum();
            // At most 255: every black point is a mean or half a minimum of 8-bit values.
            let limit = (sum / 25) as u8;
            let x0 = (bx * BLOCK).min(width - BLOCK);
            for slot in &mut limits[x0..x0 + BLOCK] {
                *slot = (*slot).max(limit);
            }
        }
        let y0 = (by * BLOCK).min(height - BLOCK);
        for y in y0..y0 + BLOCK {
            let row = &luma[y * width..(y + 1) * width];
            let out = &mut bits[y * words..(y + 1) * words];
            for ((word, pixels), limits) in out
                .iter_mut()
                .zip(row.chunks(WORD))
                .zip(limits.chunks(WORD))
            {
                *word |= pack(pixels, limits);
            }
        }
    }
    BitMatrix::from_words(width as u32, height as u32, bits).expect("whole rows of words")
}

/// One word of a row: bit `i` set when pixel `i` is at most its threshold (black). Eight pixels
/// at a time in one `u64` (wasm has 64-bit integers, not always SIMD): a bytewise `≤` and a
/// multiply that gathers the eight answers into a byte.
#[inline(always)]
fn pack(pixels: &[u8], limits: &[u8]) -> usize {
    #[cfg(all(target_arch = "wasm32", feature = "simd"))]
    if let (Ok(pixels), Ok(limits)) = (pixels.try_into(), limits.try_into()) {
        return crate::simd::pack32(pixels, limits) as usize;
    }
    let mut word = 0;
    let (eights, rest) = pixels.as_chunks::<8>();
    let (limit_eights, limit_rest) = limits.as_chunks::<8>();
    let mut shift = 0;
    for (p, t) in eights.iter().zip(limit_eights) {
        let byte = at_most(u64::from_le_bytes(*p), u64::from_le_bytes(*t));
        word |= (byte as usize) << shift;
        shift += 8;
    }
    for (i, (&p, &t)) in rest.iter().zip(limit_rest).enumerate() {
        word |= usize::from(p <= t) << (shift + i);
    }
    word
}

/// The bytewise minimum and maximum of `a` and `b`.
#[inline(always)]
fn min_max(a: u64, b: u64) -> (u64, u64) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // 0xff in each byte where a ≤ b (the same borrow-free compare as `at_most`).
    let low = (b | HIGH) - (a & !HIGH);
    let le = ((b & !a) | (!(b ^ a) & low)) & HIGH;
    let mask = (le >> 7) * 0xff;
    let differ = (a ^ b) & mask;
    (b ^ differ, a ^ differ)
}

/// Bit `i` of the result is `p[i] <= t[i]` for the eight bytes of `p` and `t` (byte 0 lowest).
#[inline(always)]
fn at_most(p: u64, t: u64) -> u8 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte, the high bit of `low` is t's low seven bits ≥ p's (no borrow crosses bytes);
    // t ≥ p when t's high bit is set and p's is not, or both are equal and `low` says so.
    let low = (t | HIGH) - (p & !HIGH);
    let ge = ((t & !p) | (!(t ^ p) & low)) & HIGH;
    // Moves the high bit of byte i to bit 56 + i.
    ((ge >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// rxing's `calculateBlackPoints`: one black point per block, the block's mean, or for a flat
/// block (no edge in it) half its minimum, raised to its neighbours' black point when the block
/// is darker than they are.
///
/// Each block row is read as one `u64` (wasm has 64-bit integers, not always SIMD): the sum comes
/// from two-byte lanes, and most blocks are shown to hold an edge by five of their pixels, so only
/// the rest pay for the exact minimum and maximum. The SIMD build reads the rows of two blocks
/// side by side as one vector instead (`simd::block_pair`).
fn black_points(
    luma: &[u8],
    sub_width: usize,
    sub_height: usize,
    width: usize,
    height: usize,
) -> Vec<u32> {
    let mut points = vec![0u32; sub_width * sub_height];
    for y in 0..sub_height {
        let y0 = (y * BLOCK).min(height - BLOCK);
        let mut x = 0;
        while x < sub_width {
            // With SIMD, two blocks at once while both lie whole inside the row.
            #[cfg(all(target_arch = "wasm32", feature = "simd"))]
            if (x + 2) * BLOCK <= width {
                for (i, (sum, min, max)) in crate::simd::block_pair(luma, width, x * BLOCK, y0)
                    .into_iter()
                    .enumerate()
                {
                    let flat = (max - min <= MIN_DYNAMIC_RANGE).then_some(min);
                    points[y * sub_width + x + i] =
                        black_point(&points, sub_width, x + i, y, sum >> 6, flat);
                }
                x += 2;
                continue;
            }
            let x0 = (x * BLOCK).min(width - BLOCK);
            let rows: [u64; BLOCK] = std::array::from_fn(|row| {
                let start = (y0 + row) * width + x0;
                u64::from_le_bytes(luma[start..start + BLOCK].try_into().unwrap())
            });
            points[y * sub_width + x] = black_point(
                &points,
                sub_width,
                x,
                y,
                block_sum(&rows) >> 6,
                flat_minimum(&rows),
            );
            x += 1;
        }
    }
    points
}

/// Block (`x`, `y`)'s black point from its mean and, for a flat block, its minimum (the blocks
/// above and to the left already have theirs).
#[inline(always)]
fn black_point(
    points: &[u32],
    sub_width: usize,
    x: usize,
    y: usize,
    mean: u32,
    flat_minimum: Option<u8>,
) -> u32 {
    let Some(min) = flat_minimum else {
        return mean;
    };
    let mut average = u32::from(min) / 2;
    if y > 0 && x > 0 {
        let neighbours = (points[(y - 1) * sub_width + x]
            + 2 * points[y * sub_width + x - 1]
            + points[(y - 1) * sub_width + x - 1])
            / 4;
        if u32::from(min) < neighbours {
            average = neighbours;
        }
    }
    average
}

/// The sum of a block's 64 pixels, its rows added in four 16-bit lanes of byte pairs (at most
/// 8 × 2 × 255 in a lane, so no lane carries into the next).
#[inline(always)]
fn block_sum(rows: &[u64; BLOCK]) -> u32 {
    const LANES: u64 = 0x00ff_00ff_00ff_00ff;
    let lanes: u64 = rows.iter().map(|&v| (v & LANES) + ((v >> 8) & LANES)).sum();
    // The four lanes' total (at most 16,320) lands in the top lane.
    (lanes.wrapping_mul(0x0001_0001_0001_0001) >> 48) as u32
}

/// The block's minimum when its pixels span at most [`MIN_DYNAMIC_RANGE`] levels (no edge in it),
/// else `None`. Four corners and a middle pixel already span more in most blocks that hold an
/// edge; only the others are read in full.
#[inline(always)]
fn flat_minimum(rows: &[u64; BLOCK]) -> Option<u8> {
    let byte = |row: usize, column: usize| (rows[row] >> (8 * column)) as u8;
    let probes = [byte(0, 0), byte(0, 7), byte(7, 0), byte(7, 7), byte(3, 4)];
    let (low, high) = probes
        .iter()
        .fold((u8::MAX, u8::MIN), |(l, h), &p| (l.min(p), h.max(p)));
    if high - low > MIN_DYNAMIC_RANGE {
        return None;
    }
    // The rows' minimum and maximum, byte by byte, pairwise; then the eight bytes of each folded
    // into the lowest (the upper bytes fill with garbage no one reads).
    let pairs: [(u64, u64); 4] = std::array::from_fn(|i| min_max(rows[2 * i], rows[2 * i + 1]));
    let join = |a: (u64, u64), b: (u64, u64)| (min_max(a.0, b.0).0, min_max(a.1, b.1).1);
    let (mut low, mut high) = join(join(pairs[0], pairs[1]), join(pairs[2], pairs[3]));
    for shift in [32, 16, 8] {
        low = min_max(low, low >> shift).0;
        high = min_max(high, high >> shift).1;
    }
    let (min, max) = (low as u8, high as u8);
    (max - min <= MIN_DYNAMIC_RANGE).then_some(min)
}

#[cfg(test)]
mod tests {
    // In wasm (the SIMD build's check) the same tests run in headless Chromium.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use rxing::Luma8Source;
    use rxing::common::HybridBinarizer;

    use super::*;

    /// A deterministic mix of what photographs hold: smooth light, hard edges, flat dark and
    /// light areas (rxing's flat-block rule) and noise.
    fn picture(width: usize, height: usize, seed: u32) -> Vec<u8> {
        let mut state = seed.wrapping_mul(2_654_435_761).max(1);
        let mut noise = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        (0..width * height)
            .map(|i| {
                let (x, y) = (i % width, i / width);
                let light = (x * 255 / width + y * 64 / height) as i32;
                let square = ((x / 7 + y / 5) % 2) as i32 * 90;
                let flat = x > width / 2 && y > height / 2;
                let jitter = (noise() % 41) as i32 - 20;
                if flat {
                    (30 + (noise() % 8) as i32) as u8
                } else {
                    (light / 2 + square + jitter).clamp(0, 255) as u8
                }
            })
            .collect()
    }

    #[test]
    fn compares_eight_bytes_at_once() {
        let values = [0u8, 1, 23, 127, 128, 129, 200, 254, 255];
        for &a in &values {
            for &b in &values {
                let p = u64::from_le_bytes([a, b, 0, 255, a, 128, 127, b]);
                let t = u64::from_le_bytes([b, a, 255, 0, a, 127, 128, 0]);
                let want = [a <= b, b <= a, true, false, true, false, true, b == 0]
                    .iter()
                    .enumerate()
                    .fold(0u8, |bits, (i, &le)| bits | (u8::from(le) << i));
                assert_eq!(at_most(p, t), want, "{a} {b}");
            }
        }
    }

    #[test]
    fn takes_the_minimum_and_maximum_of_eight_bytes_at_once() {
        let values = [0u8, 1, 23, 24, 25, 127, 128, 129, 200, 254, 255];
        for &a in &values {
            for &b in &values {
                let x = u64::from_le_bytes([a, b, 0, 255, a, 128, 127, b]);
                let y = u64::from_le_bytes([b, a, 255, 0, a, 127, 128, 0]);
                let (min, max) = min_max(x, y);
                let pairs = x.to_le_bytes().into_iter().zip(y.to_le_bytes());
                let want_min: Vec<u8> = pairs.clone().map(|(p, q)| p.min(q)).collect();
                let want_max: Vec<u8> = pairs.map(|(p, q)| p.max(q)).collect();
                assert_eq!(min.to_le_bytes().to_vec(), want_min, "{a} {b}");
                assert_eq!(max.to_le_bytes().to_vec(), want_max, "{a} {b}");
            }
        }
    }

    #[test]
    fn a_block_is_flat_only_when_all_its_pixels_are_within_the_range() {
        let block = |pixels: [u8; 64]| -> [u64; BLOCK] {
            std::array::from_fn(|row| {
                u64::from_le_bytes(pixels[8 * row..][..8].try_into().unwrap())
            })
        };
        let mut pixels = [110u8; 64];
        assert_eq!(flat_minimum(&block(pixels)), Some(110));
        // Pixels the five probes miss (rows 5 and 6) decide: a range of 24 levels is flat, and
        // the minimum is the block's, not the probes'.
        pixels[5 * 8 + 2] = 124;
        pixels[6 * 8 + 1] = 100;
        assert_eq!(flat_minimum(&block(pixels)), Some(100));
        pixels[6 * 8 + 1] = 99;
        assert_eq!(flat_minimum(&block(pixels)), None);
        assert_eq!(block_sum(&block(pixels)), 62 * 110 + 124 + 99);
        assert_eq!(block_sum(&block([255; 64])), 64 * 255);
    }

    #[test]
    fn gives_the_hybrid_binarizers_matrix_bit_for_bit() {
        let sizes = [
            (40, 40),
            (41, 47),
            (63, 64),
            (64, 65),
            (99, 99),
            (240, 240),
            (257, 131),
            (131, 257),
            (640, 480),
            (12, 300),
            (300, 12),
        ];
        for (seed, &(width, height)) in sizes.iter().enumerate() {
            let pixels = picture(width, height, seed as u32 + 1);
            let source = || Luma8Source::new_with_slice(&pixels, width as u32, height as u32);
            let ours = LocalBinarizer::new(source().unwrap());
            let theirs = HybridBinarizer::new(source().unwrap());
            assert_eq!(
                ours.get_black_matrix().unwrap(),
                theirs.get_black_matrix().unwrap(),
                "{width}×{height}"
            );
        }
    }
}
