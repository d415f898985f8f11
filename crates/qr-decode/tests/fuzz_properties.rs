//! The decoder fuzz target's property (`qr_decode::fuzzing`) on stable Rust: frames of noise,
//! flat frames and wrongly sized buffers must find nothing without panicking, and clean codes
//! drawn in every orientation, both polarities and every module size must read back exactly.
//! Fewer cases than the core parsers' tests: each decode of a frame without a code tries every
//! binarizer and reader. `cargo fuzz run decoder` in `fuzz/` explores further.
#![cfg(feature = "cli")]

use qr_decode::fuzzing::{Rng, check_decoder};

/// Raw frames: the mode byte (even), width less one, flags, then pixels.
fn raw(width: u8, wrong_size: bool, pixels: impl IntoIterator<Item = u8>) -> Vec<u8> {
    [0, width, u8::from(wrong_size)]
        .into_iter()
        .chain(pixels)
        .collect()
}

#[test]
fn frames_without_a_code_find_nothing_and_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..40u32 {
        let width = (rng.next_u64() % 256) as u8;
        let rows = 1 + (rng.next_u64() % 200) as usize;
        let pixels: Vec<u8> = (0..(usize::from(width) + 1) * rows)
            .map(|_| rng.next_u64() as u8)
            .collect();
        check_decoder(&raw(width, round % 2 == 1, pixels));
    }
    for (width, rows, level) in [(0, 1, 0), (255, 255, 255), (199, 199, 0), (1, 255, 128)] {
        let pixels = vec![level; (usize::from(width) + 1) * rows];
        check_decoder(&raw(width, false, pixels.clone()));
        check_decoder(&raw(width, true, pixels));
    }
    check_decoder(&[]);
    check_decoder(&[0]);
    check_decoder(&raw(10, false, []));
}

#[test]
fn clean_codes_read_back_in_every_orientation_and_size() {
    let texts = [
        "https://linli.example/c/1101120110000001",
        "1101120110000001",
        "https://linli.example/v/2026-beiyuan-autumn#ABCD-EFGH-JKM7",
        "北苑南路路灯",
        "x",
        "",
        &"A;b\"c\u{0}".repeat(20),
    ];
    for (n, text) in texts.iter().enumerate() {
        for module in 0..3u8 {
            for turns in 0..8u8 {
                if (n + usize::from(module) + usize::from(turns)) % 3 != 0 {
                    continue;
                }
                let data: Vec<u8> = [1, module, turns, 0, 0]
                    .into_iter()
                    .chain(text.bytes())
                    .collect();
                check_decoder(&data);
            }
        }
    }
}

#[test]
fn noisy_codes_never_panic() {
    for (noise, seed) in [(10, 1), (60, 2), (128, 3), (255, 4)] {
        let data: Vec<u8> = [1, 2, 5, noise, seed]
            .into_iter()
            .chain(*b"https://linli.example/c/1101120110000001")
            .collect();
        check_decoder(&data);
    }
}
