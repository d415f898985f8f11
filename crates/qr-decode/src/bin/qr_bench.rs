//! `qr-bench [--misses] [DIR]`: scores the decoder the way ZXing scores its own, on the ZXing QR blackbox
//! photographs (default `../shared/data/qr` beside the project): every image at 0°, 90°, 180°
//! and 270°, counting exact matches with `N.txt`. Prints a table per folder and rotation, the
//! total, and the time per frame; `--misses` lists every failed decode on stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use qr_decode::files::load_frame;

const ROTATIONS: [u32; 4] = [0, 1, 2, 3];

/// One photograph and the text its code holds.
struct Case {
    image: PathBuf,
    expected: String,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/qr"));
    let folders = match folders(&dir) {
        Ok(folders) if !folders.is_empty() => folders,
        Ok(_) => return fail(&format!("{}: no qrcode-* folders", dir.display())),
        Err(error) => return fail(&error),
    };
    println!(
        "{:<10} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "folder", "0°", "90°", "180°", "270°", "all"
    );
    let (mut found, mut total) = (0, 0);
    let mut times = Vec::new();
    for (name, cases) in &folders {
        let mut per_rotation = [0usize; 4];
        for case in cases {
            let frame = match load_frame(&case.image) {
                Ok(frame) => frame,
                Err(error) => return fail(&format!("{}: {error}", case.image.display())),
            };
            for turns in ROTATIONS {
                let frame = frame.rotated(turns);
                let started = Instant::now();
                let text = qr_decode::decode(&frame.pixels, frame.width, frame.height);
                times.push(started.elapsed().as_secs_f64() * 1000.0);
                if text.as_deref() == Some(case.expected.as_str()) {
                    per_rotation[turns as usize] += 1;
                } else if misses {
                    eprintln!(
                        "miss: {} at {}°, read {text:?}",
                        case.image.display(),
                        90 * turns
                    );
                }
            }
        }
        let n = cases.len();
        let all: usize = per_rotation.iter().sum();
        found += all;
        total += 4 * n;
        let cells: Vec<String> = per_rotation.iter().map(|k| format!("{k}/{n}")).collect();
        println!(
            "{name:<10} {:>8} {:>8} {:>8} {:>8} {:>9}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            format!("{all}/{}", 4 * n)
        );
    }
    println!(
        "total: {found}/{total} decodes ({:.1}%)",
        100.0 * found as f64 / total as f64
    );
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "native time per frame: mean {mean:.1} ms, median {:.1} ms",
        times[times.len() / 2]
    );
    ExitCode::SUCCESS
}

/// `qrcode-*` folders in order, each with its images and expected texts.
fn folders(dir: &Path) -> Result<Vec<(String, Vec<Case>)>, String> {
    let read_dir = |d: &Path| std::fs::read_dir(d).map_err(|e| format!("{}: {e}", d.display()));
    let mut folders = Vec::new();
    for entry in read_dir(dir)? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !path.is_dir() || !name.starts_with("qrcode-") {
            continue;
        }
        let mut cases = Vec::new();
        for entry in read_dir(&path)? {
            let image = entry.map_err(|e| e.to_string())?.path();
            let is_image = matches!(
                image.extension().and_then(|e| e.to_str()),
                Some("png" | "jpg" | "jpeg" | "webp" | "gif" | "bmp" | "tif" | "tiff")
            );
            if is_image {
                cases.push(Case {
                    expected: expected_text(&image)?,
                    image,
                });
            }
        }
        cases.sort_by_key(|c| number(&c.image));
        folders.push((name, cases));
    }
    folders.sort_by_key(|(name, _)| number(Path::new(name)));
    Ok(folders)
}

/// `N.txt` as UTF-8 text, or `N.bin` as raw bytes read one char per byte (ISO-8859-1), which is
/// what a decoder returns for a binary payload.
fn expected_text(image: &Path) -> Result<String, String> {
    let txt = image.with_extension("txt");
    if let Ok(text) = std::fs::read_to_string(&txt) {
        return Ok(text);
    }
    let bin = image.with_extension("bin");
    std::fs::read(&bin)
        .map(|bytes| bytes.into_iter().map(char::from).collect())
        .map_err(|e| format!("{}: no expected text ({e})", image.display()))
}

/// The number in `N.png` or `qrcode-N`, so that 10 sorts after 9.
fn number(path: &Path) -> u32 {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let digits: String = stem.chars().filter(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("qr-bench: {message}");
    ExitCode::FAILURE
}
