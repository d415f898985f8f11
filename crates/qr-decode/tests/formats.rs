//! The `qr-decode` command on the formats residents' phones and WeChat save (issue #22): a real
//! photograph from the ZXing set (`../shared/data/qr/`) re-encoded by the test as WebP, GIF, BMP
//! and TIFF, animated GIF and WebP (first frame read), and files that are no image or are cut
//! short, all in one run of the built command, whose lines must come back in order.
#![cfg(feature = "cli")]

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use image::codecs::gif::{GifDecoder, GifEncoder};
use image::codecs::webp::WebPDecoder;
use image::{AnimationDecoder, DynamicImage, ImageFormat, RgbImage, RgbaImage};
use serde_json::Value;

/// A photograph of a code on a screen, read at 0° by the decoder today.
const PHOTO: &str = "qrcode-1/1.png";

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/qr")
}

/// A folder of its own for each test under cargo's scratch directory, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, format).unwrap();
    bytes.into_inner()
}

/// Runs the built command on `files` (written into `dir` first) and returns its exit code and
/// its lines, checking that there is one line per file, for that file, in the order given.
fn run(dir: &Path, files: &[(&str, Vec<u8>)]) -> (Option<i32>, Vec<String>) {
    let paths: Vec<String> = files
        .iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            path.display().to_string()
        })
        .collect();
    let output = Command::new(env!("CARGO_BIN_EXE_qr-decode"))
        .args(&paths)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let said: Vec<String> = stdout
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["path"].to_string())
        .collect();
    let given: Vec<String> = paths
        .iter()
        .map(|p| Value::from(p.as_str()).to_string())
        .collect();
    assert_eq!(said, given, "one line per file, in order:\n{stdout}");
    (
        output.status.code(),
        stdout.lines().map(String::from).collect(),
    )
}

/// A line for a file read as an image: exactly `path` and `text`, in that order.
fn check_read(line: &str, expected: Option<&str>) {
    assert_eq!(keys(line), ["path", "text"], "{line}");
    let json: Value = serde_json::from_str(line).unwrap();
    assert_eq!(json["text"].as_str(), expected, "{line}");
}

/// A line for a file that could not be read: `path`, `text` null and an `error` saying `why`.
fn check_unreadable(line: &str, why: &str) {
    assert_eq!(keys(line), ["path", "text", "error"], "{line}");
    let json: Value = serde_json::from_str(line).unwrap();
    assert!(json["text"].is_null(), "{line}");
    let error = json["error"].as_str().unwrap();
    assert!(error.contains(why), "{error:?} should say {why:?}");
}

/// The keys of a JSON line in the order written (`Value`'s map sorts them).
fn keys(line: &str) -> Vec<&str> {
    let mut found: Vec<(usize, &str)> = ["path", "text", "error"]
        .into_iter()
        .filter_map(|key| Some((line.find(&format!("\"{key}\":"))?, key)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, key)| key).collect()
}

fn photo() -> (DynamicImage, String) {
    let image = image::open(data_dir().join(PHOTO)).unwrap();
    let expected = std::fs::read_to_string(data_dir().join(PHOTO).with_extension("txt")).unwrap();
    (DynamicImage::ImageRgb8(image.to_rgb8()), expected)
}

/// Noise that no format's signature matches (a fixed xorshift, so every run writes the same).
fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

#[test]
fn every_format_reads_the_photo_and_bad_files_say_why_without_stopping_the_run() {
    let dir = scratch("formats");
    let (photo, expected) = photo();
    let webp = encoded(&photo, ImageFormat::WebP);
    let cut_webp = webp[..webp.len() / 2].to_vec();
    let files = [
        ("photo.webp", webp.clone()),
        ("photo.gif", encoded(&photo, ImageFormat::Gif)),
        ("photo.bmp", encoded(&photo, ImageFormat::Bmp)),
        ("noise.webp", noise(4096)),
        ("photo.tiff", encoded(&photo, ImageFormat::Tiff)),
        ("cut.webp", cut_webp),
        // WeChat saves WebP under `.jpg`: the content decides, not the name.
        ("wechat.jpg", webp),
        ("photo.png", std::fs::read(data_dir().join(PHOTO)).unwrap()),
    ];
    let (status, lines) = run(&dir, &files);
    let expected = Some(expected.as_str());
    check_read(&lines[0], expected);
    check_read(&lines[1], expected);
    check_read(&lines[2], expected);
    check_unreadable(&lines[3], "not a PNG, JPEG, WebP, GIF, BMP or TIFF image");
    check_read(&lines[4], expected);
    check_unreadable(&lines[5], "WebP image could not be decoded");
    check_read(&lines[6], expected);
    check_read(&lines[7], expected);
    assert_eq!(
        status,
        Some(1),
        "a file that could not be read fails the run, at its end"
    );
}

#[test]
fn a_run_where_every_file_is_an_image_succeeds_even_when_one_holds_no_code() {
    let dir = scratch("no-code");
    let (photo, expected) = photo();
    let blank = DynamicImage::ImageRgb8(RgbImage::from_pixel(64, 48, image::Rgb([255; 3])));
    let files = [
        ("blank.bmp", encoded(&blank, ImageFormat::Bmp)),
        ("photo.bmp", encoded(&photo, ImageFormat::Bmp)),
    ];
    let (status, lines) = run(&dir, &files);
    check_read(&lines[0], None);
    check_read(&lines[1], Some(&expected));
    assert_eq!(status, Some(0));
}

#[test]
fn a_missing_file_says_it_could_not_be_read() {
    let dir = scratch("missing");
    let output = Command::new(env!("CARGO_BIN_EXE_qr-decode"))
        .arg(dir.join("gone.webp"))
        .output()
        .unwrap();
    let line = String::from_utf8(output.stdout).unwrap();
    check_unreadable(line.trim_end(), "The file could not be read");
    assert_eq!(output.status.code(), Some(1));
}

/// The photo and a blank frame of its size, in both orders: the command must read the code from
/// the first and find nothing in the second, so it is the first frame it reads, not any frame.
fn two_frames() -> ((DynamicImage, DynamicImage), String) {
    let (photo, expected) = photo();
    let blank = RgbImage::from_pixel(photo.width(), photo.height(), image::Rgb([255; 3]));
    ((photo, DynamicImage::ImageRgb8(blank)), expected)
}

fn animated_gif(frames: [&DynamicImage; 2]) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        // Speed 10 of 30: the colour quantiser at its slowest takes seconds unoptimised.
        let mut encoder = GifEncoder::new_with_speed(&mut bytes, 10);
        let frames = frames.map(|f| image::Frame::new(RgbaImage::from(f.to_rgba8())));
        encoder.encode_frames(frames).unwrap();
    }
    bytes
}

/// An animated WebP: the `image` crate writes only stills, so each frame is written as a lossless
/// still and its `VP8L` chunk wrapped in an `ANMF` frame, after the `VP8X` and `ANIM` headers
/// (the container as Google's "WebP Container Specification" lays it out).
fn animated_webp(frames: [&DynamicImage; 2]) -> Vec<u8> {
    fn chunk(fourcc: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut out = fourcc.to_vec();
        out.extend_from_slice(&u32::try_from(payload.len()).unwrap().to_le_bytes());
        out.extend_from_slice(payload);
        if payload.len() % 2 == 1 {
            out.push(0);
        }
        out
    }
    fn u24(value: u32) -> [u8; 3] {
        let [a, b, c, _] = value.to_le_bytes();
        [a, b, c]
    }
    /// The `VP8L` chunk of a still lossless WebP, header and padding included.
    fn vp8l_chunk(still: &[u8]) -> Vec<u8> {
        let mut at = 12;
        while at + 8 <= still.len() {
            let size = u32::from_le_bytes(still[at + 4..at + 8].try_into().unwrap()) as usize;
            let end = at + 8 + size + size % 2;
            if &still[at..at + 4] == b"VP8L" {
                return still[at..end].to_vec();
            }
            at = end;
        }
        panic!("the still WebP has no VP8L chunk");
    }
    let (width, height) = (frames[0].width(), frames[0].height());
    let mut vp8x = vec![0x02, 0, 0, 0]; // the animation flag, then reserved bytes
    vp8x.extend_from_slice(&u24(width - 1));
    vp8x.extend_from_slice(&u24(height - 1));
    // A white opaque background (BGRA), looping forever.
    let mut body = b"WEBP".to_vec();
    body.extend(chunk(b"VP8X", &vp8x));
    body.extend(chunk(b"ANIM", &[0xff, 0xff, 0xff, 0xff, 0, 0]));
    for frame in frames {
        // At the origin, the canvas's size, 100 ms, not blended with the frame before.
        let mut anmf = [u24(0), u24(0), u24(width - 1), u24(height - 1), u24(100)].concat();
        anmf.push(0x02);
        anmf.extend(vp8l_chunk(&encoded(frame, ImageFormat::WebP)));
        body.extend(chunk(b"ANMF", &anmf));
    }
    chunk(b"RIFF", &body)
}

#[test]
fn an_animated_gif_or_webp_is_read_from_its_first_frame() {
    let dir = scratch("animated");
    let ((photo, blank), expected) = two_frames();
    let files = [
        ("code-first.gif", animated_gif([&photo, &blank])),
        ("blank-first.gif", animated_gif([&blank, &photo])),
        ("code-first.webp", animated_webp([&photo, &blank])),
        ("blank-first.webp", animated_webp([&blank, &photo])),
    ];
    // What the test wrote really has two frames, as the `image` crate's own readers see it.
    for (name, bytes) in &files {
        let frames = if name.ends_with(".gif") {
            GifDecoder::new(Cursor::new(bytes)).unwrap().into_frames()
        } else {
            let decoder = WebPDecoder::new(Cursor::new(bytes)).unwrap();
            assert!(decoder.has_animation(), "{name}");
            decoder.into_frames()
        };
        assert_eq!(frames.count(), 2, "{name}");
    }
    let (status, lines) = run(&dir, &files);
    check_read(&lines[0], Some(&expected));
    check_read(&lines[1], None);
    check_read(&lines[2], Some(&expected));
    check_read(&lines[3], None);
    assert_eq!(status, Some(0));
}
