//! The property the `decoder` fuzz target in `fuzz/` checks, here so that a stable-Rust test can
//! check it too (`tests/fuzz_properties.rs`). The scanner hands [`crate::decode`] whatever the
//! camera or a chosen photo holds, in a Web Worker that a panic would kill, so it may not panic
//! on any frame; and a code drawn cleanly must read back as the text it holds.

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

use crate::decode;
use crate::luma::Frame;

/// xorshift64*: deterministic, so a failure in a test that draws from it reproduces.
#[derive(Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// Frames are at most this many pixels a side, so that each run stays fast.
pub const MAX_SIDE: usize = 256;

/// The longest text drawn, in bytes: a version 6 code (41 modules), 196 pixels at 4 a module.
pub const MAX_TEXT_BYTES: usize = 100;

/// The first byte picks the frame: even, raw pixels; odd, a drawn code.
///
/// Raw: byte 1 is the width less one, bit 0 of byte 2 asks for a height that does not match the
/// buffer (the decoder must then find nothing), the rest are the pixels, as many whole rows as
/// there are (at most [`MAX_SIDE`]).
///
/// Drawn: byte 1 is the module size (2 to 4 pixels), byte 2 turns the code by quarter turns
/// (bits 0–1) and prints it light on dark (bit 2), byte 3 is the noise amplitude, byte 4 seeds
/// the noise, and the rest is the text (read as UTF-8, at most [`MAX_TEXT_BYTES`]). Without
/// noise the decoder must read the text back exactly.
pub fn check_decoder(data: &[u8]) {
    match data {
        [mode, rest @ ..] if mode % 2 == 0 => check_raw(rest),
        [_, rest @ ..] => check_drawn(rest),
        [] => {}
    }
}

fn check_raw(data: &[u8]) {
    let [width, flags, pixels @ ..] = data else {
        return;
    };
    let width = usize::from(*width) + 1;
    let height = (pixels.len() / width).min(MAX_SIDE);
    let pixels = &pixels[..width * height];
    let wrong_size = flags & 1 == 1;
    let declared_height = height + usize::from(wrong_size);
    let found = decode(pixels, width as u32, declared_height as u32);
    if wrong_size || height == 0 {
        assert_eq!(
            found, None,
            "a {width}×{height} buffer read as a larger frame"
        );
    }
}

fn check_drawn(data: &[u8]) {
    let [module, turns, noise, seed, text @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(text);
    let mut end = text.len().min(MAX_TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let Some(code) = encoded(text) else {
        return;
    };
    let module = 2 + usize::from(module % 3);
    let frame = drawn(&code, module, turns & 4 == 4).rotated(u32::from(turns & 3));
    let frame = noisy(frame, *noise, *seed);
    let found = decode(&frame.pixels, frame.width, frame.height);
    if *noise == 0 {
        assert_eq!(
            found.as_deref(),
            Some(text),
            "a clean code ({module} px a module, turns {turns}) read wrong"
        );
    }
}

/// ASCII text as the `qrcode` crate encodes it by itself (numeric and alphanumeric segments where
/// they fit, which the decoder must read too); other text as one byte segment of UTF-8 without
/// an ECI designator, as phone apps write it. The crate's own choice would not do for such text:
/// it writes UTF-8 byte pairs that happen to be valid Shift_JIS as kanji segments, which any
/// reader then decodes as Japanese (found by this target: 北苑南路路灯 read as 蛹苓拒蜊苓ｷｯ霍ｯ轣ｯ).
fn encoded(text: &str) -> Option<QrCode> {
    if text.is_ascii() {
        return QrCode::new(text.as_bytes()).ok();
    }
    (1..=40).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_byte_data(text.as_bytes()).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        QrCode::with_bits(bits, EcLevel::M).ok()
    })
}

/// The code `module` pixels a module with the standard 4-module margin, dark on light or (when
/// `inverted`) light on dark: a clean frame of it, for this target and for tests that read codes
/// back (the decoder's own, the server's QR drawing).
pub fn drawn(code: &QrCode, module: usize, inverted: bool) -> Frame {
    let (n, side) = (code.width(), (code.width() + 8) * module);
    let colors = code.to_colors();
    let (dark, light) = if inverted { (255, 0) } else { (0, 255) };
    let mut pixels = vec![light; side * side];
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = ((x / module).wrapping_sub(4), (y / module).wrapping_sub(4));
            if mx < n && my < n && colors[my * n + mx] == Color::Dark {
                pixels[y * side + x] = dark;
            }
        }
    }
    Frame {
        pixels,
        width: side as u32,
        height: side as u32,
    }
}

/// Adds uniform noise of at most `amplitude` levels to each pixel, from a seeded xorshift so a
/// failure reproduces.
fn noisy(mut frame: Frame, amplitude: u8, seed: u8) -> Frame {
    if amplitude == 0 {
        return frame;
    }
    let span = 2 * u64::from(amplitude) + 1;
    let mut state = 0x9E37_79B9_7F4A_7C15_u64 ^ u64::from(seed);
    for pixel in &mut frame.pixels {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let offset = (state % span) as i32 - i32::from(amplitude);
        *pixel = (i32::from(*pixel) + offset).clamp(0, 255) as u8;
    }
    frame
}
