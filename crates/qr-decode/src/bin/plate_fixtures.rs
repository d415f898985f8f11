//! `plate-fixtures OUT_DIR [URL]`: writes the scanner's end-to-end fixtures, generated at test
//! time rather than checked in: `plate.y4m`, a 640×480 YUV 4:2:0 clip that Chromium plays as a
//! fake camera, and `plate.png`, a larger still of the same scene for the photo fallback. Both
//! show a printed plate (white, a coloured band, the QR) held slightly askew against a wall.

use std::f64::consts::PI;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use qrcode::{Color, QrCode};

const DEFAULT_URL: &str = "http://127.0.0.1:18080/c/1101120110000001";
/// Askew, as a hand-held or pole-mounted plate is: the decoder must cope with rotation.
const TILT_DEGREES: f64 = 7.0;
const FRAMES: u32 = 10;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: plate-fixtures OUT_DIR [URL]");
        return ExitCode::from(2);
    };
    let url = args.next().unwrap_or_else(|| DEFAULT_URL.to_owned());
    let code = match QrCode::new(url.as_bytes()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("plate-fixtures: {error}");
            return ExitCode::FAILURE;
        }
    };
    let plate = Plate::new(&code);
    let written = std::fs::create_dir_all(&out)
        .and_then(|()| write_y4m(&plate, &out.join("plate.y4m")))
        .map_err(|e| e.to_string())
        .and_then(|()| write_png(&plate, &out.join("plate.png")));
    match written {
        Ok(()) => {
            println!("{}: plate.y4m, plate.png of {url}", out.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("plate-fixtures: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The plate in its own units: one unit is one QR module.
struct Plate {
    dark: Vec<bool>,
    modules: usize,
}

const QUIET: f64 = 4.0;
const BAND: f64 = 5.0;

impl Plate {
    fn new(code: &QrCode) -> Plate {
        Plate {
            dark: code.to_colors().iter().map(|c| *c == Color::Dark).collect(),
            modules: code.width(),
        }
    }

    fn width(&self) -> f64 {
        self.modules as f64 + 2.0 * QUIET
    }

    fn height(&self) -> f64 {
        self.width() + BAND
    }

    /// RGB at plate coordinates (u right, v down from the top-left corner), or None off the plate.
    fn colour(&self, u: f64, v: f64) -> Option<[f64; 3]> {
        if u < 0.0 || v < 0.0 || u >= self.width() || v >= self.height() {
            return None;
        }
        if v < BAND {
            return Some([11.0, 93.0, 87.0]);
        }
        let (x, y) = (u - QUIET, v - BAND - QUIET);
        let n = self.modules as f64;
        let on_code = x >= 0.0 && y >= 0.0 && x < n && y < n;
        let dark = on_code && self.dark[y as usize * self.modules + x as usize];
        Some(if dark {
            [25.0; 3]
        } else {
            [240.0, 240.0, 235.0]
        })
    }
}

/// Renders the scene at `width` × `height`, the plate `module` pixels a module, shifted by `dy`.
fn render(plate: &Plate, width: usize, height: usize, module: f64, dy: f64) -> Vec<[u8; 3]> {
    let (sin, cos) = (TILT_DEGREES * PI / 180.0).sin_cos();
    let (cx, cy) = (width as f64 / 2.0, height as f64 / 2.0 + dy);
    let mut pixels = Vec::with_capacity(width * height);
    for py in 0..height {
        for px in 0..width {
            // 2×2 samples a pixel, so edges are soft like a camera's.
            let mut sum = [0.0; 3];
            for (sx, sy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                let (x, y) = (px as f64 + sx - cx, py as f64 + sy - cy);
                let u = (cos * x + sin * y) / module + plate.width() / 2.0;
                let v = (-sin * x + cos * y) / module + plate.height() / 2.0;
                // A wall lit from the left: a gentle gradient, not a flat colour.
                let wall = 150.0 - 50.0 * px as f64 / width as f64;
                let rgb = plate
                    .colour(u, v)
                    .unwrap_or([wall, wall - 8.0, wall - 20.0]);
                for (total, channel) in sum.iter_mut().zip(rgb) {
                    *total += channel / 4.0;
                }
            }
            pixels.push(sum.map(|c| c.round().clamp(0.0, 255.0) as u8));
        }
    }
    pixels
}

fn write_y4m(plate: &Plate, path: &std::path::Path) -> std::io::Result<()> {
    let (width, height) = (640, 480);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg")?;
    for frame in 0..FRAMES {
        // A small up-and-down drift, as a hand holds a phone.
        let dy = 2.0 * (frame as f64 * 2.0 * PI / FRAMES as f64).sin();
        let rgb = render(plate, width, height, 6.0, dy);
        out.write_all(b"FRAME\n")?;
        let (y, u, v) = yuv420(&rgb, width, height);
        out.write_all(&y)?;
        out.write_all(&u)?;
        out.write_all(&v)?;
    }
    out.flush()
}

/// BT.601 studio-range YUV with chroma averaged over 2×2 blocks, as cameras deliver it.
fn yuv420(rgb: &[[u8; 3]], width: usize, height: usize) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let f = |p: [u8; 3]| p.map(f64::from);
    let y = rgb
        .iter()
        .map(|&p| {
            let [r, g, b] = f(p);
            (16.0 + 0.257 * r + 0.504 * g + 0.098 * b).round() as u8
        })
        .collect();
    let (mut u, mut v) = (Vec::new(), Vec::new());
    for by in (0..height).step_by(2) {
        for bx in (0..width).step_by(2) {
            let mut mean = [0.0; 3];
            for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                for (m, c) in mean.iter_mut().zip(f(rgb[(by + dy) * width + bx + dx])) {
                    *m += c / 4.0;
                }
            }
            let [r, g, b] = mean;
            u.push((128.0 - 0.148 * r - 0.291 * g + 0.439 * b).round() as u8);
            v.push((128.0 + 0.439 * r - 0.368 * g - 0.071 * b).round() as u8);
        }
    }
    (y, u, v)
}

fn write_png(plate: &Plate, path: &std::path::Path) -> Result<(), String> {
    let (width, height) = (1200, 900);
    let rgb: Vec<u8> = render(plate, width, height, 14.0, 0.0).concat();
    image::RgbImage::from_raw(width as u32, height as u32, rgb)
        .ok_or("image size")?
        .save(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}
