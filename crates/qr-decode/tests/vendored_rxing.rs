//! The speed patches in `vendor/rxing` (see its PATCHED.md) must not change what rxing computes:
//! each patched function is checked here against the plain definition of its result.
#![cfg(feature = "cli")]

use qr_decode::fuzzing::Rng;
use rxing::common::BitMatrix;
use rxing::common::cpp_essentials::{
    EdgeTracer, FastEdgeToEdgeCounter, GetPatternRowTP, PatternRow,
};
use rxing::common::reedsolomon::{
    GenericGFRef, PredefinedGenericGF, ReedSolomonDecoder, ReedSolomonEncoder,
};
use rxing::point;

/// A row's runs as `PatternRow` defines them: alternating white and black run lengths, white
/// first (0 when the row starts black), and a closing 0 when the row ends black.
fn runs_bit_by_bit(matrix: &BitMatrix, y: u32) -> Vec<u16> {
    let mut runs = Vec::new();
    let (mut black, mut count) = (false, 0u16);
    for x in 0..matrix.width() {
        if matrix.get(x, y) != black {
            runs.push(count);
            count = 0;
            black = !black;
        }
        count += 1;
    }
    if count != 0 {
        runs.push(count);
    }
    if black {
        runs.push(0);
    }
    runs
}

fn runs_of(row: &PatternRow) -> Vec<u16> {
    (0..row.len()).map(|i| row[i]).collect()
}

#[test]
fn pattern_rows_are_the_runs_of_the_row() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut row = PatternRow::default();
    // Widths around word boundaries, runs from single pixels to longer than a word, and rows
    // that are all white or all black.
    for width in [1, 2, 31, 32, 33, 63, 64, 65, 100, 240, 641] {
        for style in 0..6u64 {
            let mut matrix = BitMatrix::new(width, 4).unwrap();
            let mut black = style % 2 == 1;
            let mut x = 0;
            while x < width {
                let run = match style {
                    0 | 1 => 1 + rng.next_u64() % 3,
                    2 | 3 => 1 + rng.next_u64() % 90,
                    _ => u64::from(width),
                } as u32;
                for x in x..(x + run).min(width) {
                    for y in 0..4 {
                        if black {
                            matrix.set(x, y);
                        }
                    }
                }
                x += run;
                black = !black;
            }
            for y in 0..4 {
                GetPatternRowTP(&matrix, y, &mut row, false);
                assert_eq!(
                    runs_of(&row),
                    runs_bit_by_bit(&matrix, y),
                    "width {width}, style {style}"
                );
            }
        }
    }
}

/// Reed–Solomon blocks in the fields rxing's readers use: the decoder (whose syndromes and error
/// search are patched) must find every error up to half the check words, put each codeword back
/// exactly, and report how many it corrected; a clean block is returned untouched.
#[test]
fn reed_solomon_corrects_every_error_it_can() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let fields = [
        PredefinedGenericGF::QrCodeField256,
        PredefinedGenericGF::DataMatrixField256,
        PredefinedGenericGF::AztecData12,
    ];
    for field in fields {
        let field: GenericGFRef = field.into();
        let size = field.getSize() as u64;
        let mut encoder = ReedSolomonEncoder::new(field).unwrap();
        let decoder = ReedSolomonDecoder::new(field);
        for round in 0..300 {
            // QR blocks run from 7 to 30 check words and up to 153 data words.
            let check = 2 + (rng.next_u64() % 29) as usize;
            let data = 1 + (rng.next_u64() % 120) as usize;
            let mut block: Vec<i32> = (0..data + check)
                .map(|_| (rng.next_u64() % size) as i32)
                .collect();
            encoder.encode(&mut block, check).unwrap();
            let sent = block.clone();
            assert_eq!(decoder.decode(&mut block, check as i32).unwrap(), 0);
            assert_eq!(block, sent, "a clean block is left as it is");

            let errors = if round % 10 == 0 {
                1
            } else {
                1 + (rng.next_u64() as usize % (check / 2)).min(data + check - 1)
            };
            let mut hit = Vec::new();
            while hit.len() < errors {
                let at = (rng.next_u64() % (data + check) as u64) as usize;
                if !hit.contains(&at) {
                    hit.push(at);
                    block[at] ^= 1 + (rng.next_u64() % (size - 1)) as i32;
                }
            }
            assert_eq!(
                decoder.decode(&mut block, check as i32).unwrap(),
                errors,
                "{errors} errors in {} words with {check} check words",
                data + check
            );
            assert_eq!(block, sent);
        }
    }
}

/// `FastEdgeToEdgeCounter::stepToNextEdge` as rxing wrote it: the position as a linear index
/// into the matrix, each pixel found by dividing the index by the width.
struct StepsByIndex {
    p: isize,
    stride: isize,
    to_border: i32,
}

impl StepsByIndex {
    fn new(matrix: &BitMatrix, (x, y): (isize, isize), (dx, dy): (isize, isize)) -> Self {
        let (width, height) = (matrix.width() as isize, matrix.height() as isize);
        let toward = |d: isize, at: isize, size: isize| match d.signum() {
            1 => (size - 1 - at) as i32,
            -1 => at as i32,
            _ => i32::MAX,
        };
        StepsByIndex {
            p: (y * width).abs() + x,
            stride: dy * width + dx,
            to_border: toward(dx, x, width).min(toward(dy, y, height)),
        }
    }

    fn step(&mut self, matrix: &BitMatrix, range: u32) -> u32 {
        let max = self.to_border.min(range as i32);
        let mut steps = 0;
        loop {
            steps += 1;
            if steps > max {
                if max == self.to_border {
                    break;
                }
                return 0;
            }
            let ahead = (self.p + steps as isize * self.stride) as usize;
            if matrix.get_index(ahead) != matrix.get_index(self.p as usize) {
                break;
            }
        }
        self.p = (self.p + steps as isize * self.stride).abs();
        self.to_border -= steps;
        steps as u32
    }
}

#[test]
fn edge_to_edge_steps_are_the_same_as_by_linear_index() {
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    for (width, height) in [(21, 21), (33, 40), (64, 64), (100, 37)] {
        let mut matrix = BitMatrix::new(width, height).unwrap();
        // Runs of a few pixels, like modules, so that walks cross several edges.
        for y in 0..height {
            for x in 0..width {
                let noise = u32::from(rng.next_u64().is_multiple_of(4));
                if (x / (1 + (y % 3)) + y / 2 + noise).is_multiple_of(2) {
                    matrix.set(x, y);
                }
            }
        }
        for _ in 0..400 {
            let at = (
                (rng.next_u64() % u64::from(width)) as isize,
                (rng.next_u64() % u64::from(height)) as isize,
            );
            let d = (
                (rng.next_u64() % 3) as isize - 1,
                (rng.next_u64() % 3) as isize - 1,
            );
            if d == (0, 0) {
                continue;
            }
            let tracer = EdgeTracer::new(
                &matrix,
                point(at.0 as f32, at.1 as f32),
                point(d.0 as f32, d.1 as f32),
            );
            let mut fast = FastEdgeToEdgeCounter::new(&tracer);
            let mut reference = StepsByIndex::new(&matrix, at, d);
            for _ in 0..8 {
                let range = 1 + (rng.next_u64() % 12) as u32;
                assert_eq!(
                    fast.stepToNextEdge(range),
                    reference.step(&matrix, range),
                    "{width}×{height} from {at:?} towards {d:?}"
                );
            }
        }
    }
}
