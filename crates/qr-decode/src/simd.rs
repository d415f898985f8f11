//! The per-pixel loops of a frame in wasm SIMD (16 bytes at a time), for engines that have it.
//! Built only into the `simd` build of the scanner's module; the page loads that build when the
//! engine validates a SIMD module, and the plain one otherwise (Safari before 16.4 has none).
//! Each function computes exactly what its scalar twin in `luma` or `binarizer` computes: the
//! test command runs this crate's unit tests in Chromium as the SIMD build, so the same
//! expectations (bit for bit rxing's `HybridBinarizer`, BT.601 luma) hold for both.

use core::arch::wasm32::*;

/// 16 bytes as a vector, without `unsafe`: two 64-bit loads that the compiler joins into one.
#[inline(always)]
fn load(bytes: &[u8; 16]) -> v128 {
    let (lo, hi) = bytes.split_at(8);
    u64x2(
        u64::from_le_bytes(lo.try_into().unwrap()),
        u64::from_le_bytes(hi.try_into().unwrap()),
    )
}

#[inline(always)]
fn store(out: &mut [u8; 16], v: v128) {
    out[..8].copy_from_slice(&u64x2_extract_lane::<0>(v).to_le_bytes());
    out[8..].copy_from_slice(&u64x2_extract_lane::<1>(v).to_le_bytes());
}

/// `luma::rgba_to_luma` for the first multiple of 16 pixels; returns how many it wrote.
#[target_feature(enable = "simd128")]
pub fn rgba_to_luma(rgba: &[u8], luma: &mut [u8]) -> usize {
    let weights = i16x8(306, 601, 117, 0, 306, 601, 117, 0);
    let round = i32x4_splat(512);
    // Four pixels' luma as 32-bit lanes: each pixel's R·306 + G·601 and B·117 come out of the
    // dot product side by side, and are added pairwise.
    let four = |v: v128| {
        let low = i32x4_dot_i16x8(u16x8_extend_low_u8x16(v), weights);
        let high = i32x4_dot_i16x8(u16x8_extend_high_u8x16(v), weights);
        let sum = i32x4_add(
            i32x4_shuffle::<0, 2, 4, 6>(low, high),
            i32x4_shuffle::<1, 3, 5, 7>(low, high),
        );
        u32x4_shr(i32x4_add(sum, round), 10)
    };
    let (blocks, _) = rgba.as_chunks::<64>();
    let (outs, _) = luma.as_chunks_mut::<16>();
    for (out, block) in outs.iter_mut().zip(blocks) {
        let (quads, _) = block.as_chunks::<16>();
        let a = i16x8_narrow_i32x4(four(load(&quads[0])), four(load(&quads[1])));
        let b = i16x8_narrow_i32x4(four(load(&quads[2])), four(load(&quads[3])));
        store(out, u8x16_narrow_i16x8(a, b));
    }
    16 * blocks.len().min(outs.len())
}

/// `binarizer::pack` for a whole word of 32 pixels: bit `i` set when pixel `i` is at most its
/// threshold.
#[target_feature(enable = "simd128")]
pub fn pack32(pixels: &[u8; 32], limits: &[u8; 32]) -> u32 {
    let half = |i: usize| {
        let at = |bytes: &[u8; 32]| load(bytes[16 * i..][..16].try_into().unwrap());
        u32::from(u8x16_bitmask(u8x16_le(at(pixels), at(limits))))
    };
    half(0) | half(1) << 16
}

/// Two side-by-side 8 × 8 blocks starting at column `x0` of row `y0`: each one's pixel sum,
/// minimum and maximum (the statistics `binarizer::black_points` needs).
#[target_feature(enable = "simd128")]
pub fn block_pair(luma: &[u8], width: usize, x0: usize, y0: usize) -> [(u32, u8, u8); 2] {
    let row = |r: usize| load(luma[(y0 + r) * width + x0..][..16].try_into().unwrap());
    let first = row(0);
    // Byte pairs summed into 16-bit lanes (at most 8 × 510 each): lanes 0–3 are the left block.
    let (mut sums, mut low, mut high) = (u16x8_extadd_pairwise_u8x16(first), first, first);
    for r in 1..8 {
        let v = row(r);
        sums = i16x8_add(sums, u16x8_extadd_pairwise_u8x16(v));
        low = u8x16_min(low, v);
        high = u8x16_max(high, v);
    }
    let quads = u32x4_extadd_pairwise_u16x8(sums);
    // Each half's eight bytes folded onto its first: by four, two and one bytes.
    macro_rules! fold {
        ($v:expr, $f:ident) => {{
            let v = $v;
            let v = $f(
                v,
                i8x16_shuffle::<4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11>(v, v),
            );
            let v = $f(
                v,
                i8x16_shuffle::<2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13>(v, v),
            );
            $f(
                v,
                i8x16_shuffle::<1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14>(v, v),
            )
        }};
    }
    let (low, high) = (fold!(low, u8x16_min), fold!(high, u8x16_max));
    [
        (
            u32x4_extract_lane::<0>(quads) + u32x4_extract_lane::<1>(quads),
            u8x16_extract_lane::<0>(low),
            u8x16_extract_lane::<0>(high),
        ),
        (
            u32x4_extract_lane::<2>(quads) + u32x4_extract_lane::<3>(quads),
            u8x16_extract_lane::<8>(low),
            u8x16_extract_lane::<8>(high),
        ),
    ]
}
