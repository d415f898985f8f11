//! The fuzz targets' properties (`linli_core::fuzzing`) on stable Rust: valid seeds, every
//! prefix of them, and 20,000 deterministic mutations each (byte flips, insertions, deletions,
//! splices). `cargo fuzz run <target>` in `fuzz/` explores further with coverage guidance.

use linli_core::fuzzing::{
    check_open311_form, check_payload, check_pb, check_photo, check_voting_code,
};

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INTERESTING: &[&[u8]] = &[
    b"/",
    b"#",
    b"?",
    b"://",
    b"\xFF",
    b"\xFF\xD8",
    b"\xFF\xDA",
    b"\xFF\xD9",
    b"\xFF\xE1",
    b"%",
    b"@",
    b" ",
    b"-",
    b"\0",
    "码".as_bytes(),
    b"0",
    b"9",
    b"\xC0\x00\x11",
    b";",
    b"\"",
    b",",
    b"\r\n",
    b".",
    b"&",
    b"=",
    b"+",
    b"%3C",
    b"<a",
    b"{",
    b"}",
    b"\\u0000",
    b"e9",
    b"NaN",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(5) {
            0 if !data.is_empty() => {
                let at = rng.below(data.len());
                data[at] ^= 1 << rng.below(8);
            }
            1 => {
                let at = rng.below(data.len() + 1);
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                data.splice(at..at, piece.iter().copied());
            }
            2 if !data.is_empty() => {
                let start = rng.below(data.len());
                let end = (start + 1 + rng.below(8)).min(data.len());
                data.drain(start..end);
            }
            3 if !data.is_empty() => {
                let at = rng.below(data.len());
                data[at] = rng.next() as u8;
            }
            _ => {
                let cut = rng.below(data.len() + 1);
                data.truncate(cut);
            }
        }
    }
    data
}

fn explore(seeds: &[Vec<u8>], check: fn(&[u8]), rounds: usize) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for seed in seeds {
        check(seed);
        for end in 0..seed.len() {
            check(&seed[..end]);
        }
        for _ in 0..rounds {
            check(&mutate(&mut rng, seed));
        }
    }
}

#[test]
fn payload_parsing_holds_its_properties_on_mutated_payloads() {
    let seeds: Vec<Vec<u8>> = [
        "https://linli.example/c/1101120110000001",
        "http://linli.example/c/1101120110000001?from=plate#top",
        "https://linli.example/b/1101120410000012",
        "https://linli.example/v/2026-beiyuan-autumn#ABCD-EFGH-JKM7",
        "1101 1201 1000 0001",
        "https://evil.example/c/1101120110000001",
        "https://user@linli.example:8080/c/123",
        "weixin://dl/business/?t=abc",
        "北苑南路路灯",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    explore(&seeds, check_payload, 20_000);
}

#[test]
fn voting_codes_hold_their_properties_on_mutated_codes() {
    let code = linli_core::voting_code::VotingCode::from_payload("ABCDEFGHJKM")
        .unwrap()
        .grouped();
    let seeds = vec![code.clone().into_bytes(), code.to_lowercase().into_bytes()];
    explore(&seeds, check_voting_code, 20_000);
}

/// A structurally complete baseline JPEG with an EXIF segment.
fn jpeg_seed() -> Vec<u8> {
    let segment = |marker: u8, payload: &[u8]| {
        let length = u16::try_from(payload.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, marker][..], &length, payload].concat()
    };
    let mut out = vec![0xFF, 0xD8];
    out.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
    out.extend(segment(0xE1, b"Exif\0\0GPS"));
    out.extend(segment(0xC0, &[8, 0x02, 0x58, 0x03, 0x20, 1, 1, 0x11, 0]));
    out.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
    out.extend([0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]);
    out
}

#[test]
fn photo_cleaning_holds_its_properties_on_mutated_jpegs() {
    explore(&[jpeg_seed()], check_photo, 50_000);
}

/// A small election with what real files hold: quotes, CRLF, extra columns, a cost written as a
/// float; and a cumulative one with points.
const PB_SEEDS: &[&str] = &[
    "META\r\nkey;value\r\nnum_projects;3\r\nnum_votes;2\r\nbudget;1000.0\r\nvote_type;approval\r\n\
     rule;greedy\r\nPROJECTS\r\nproject_id;cost;name;votes;selected\r\n\
     1;500.0;\"Park; \"\"green\"\" benches\";2;1\r\n2;600;Library;1;0\r\n10;250.50;;0;1\r\n\r\n\
     VOTES\r\nvoter_id;vote;age\r\nv1;1,2;34\r\nv2; 1 , 10 ;\r\n",
    "META\nkey;value\nbudget;10\nvote_type;cumulative\nmin_project_score_threshold;0.5\n\
     PROJECTS\nproject_id;cost\na;3\nb;4.25\nVOTES\nvoter_id;vote;points\nx;a,b;2,3\ny;;\n",
];

#[test]
fn pb_reading_holds_its_properties_on_mutated_files() {
    let seeds: Vec<Vec<u8>> = PB_SEEDS.iter().map(|s| s.as_bytes().to_vec()).collect();
    for seed in PB_SEEDS {
        // The round trip is only checked on what is read, so the seeds themselves must be.
        linli_core::pabulib::Election::parse(seed).expect("a valid seed");
    }
    explore(&seeds, check_pb, 20_000);
}

#[test]
fn open311_forms_hold_their_properties_on_mutated_bodies() {
    // The first byte picks the encoding: odd is JSON, even is form-urlencoded.
    let seeds: Vec<Vec<u8>> = [
        "0service_code=streetlight_out&lat=39.9&long=116.6&description=%E7%81%AF%E4%B8%8D%E4%BA%AE&phone=138%200013%208000",
        "0service_code=manhole_cover&attribute%5Bcomponent_code%5D=1101120110000001&description=lid+gone&address_string=+x+",
        r#"1{"service_code":"streetlight_out","lat":39.9,"long":"116.6","description":"灯不亮","phone":"010-89521846"}"#,
        r#"1{"service_code":"manhole_cover","attribute":{"component_code":"1101120110000001"},"description":"x<5"}"#,
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    for seed in &seeds {
        // The limits are only checked on what is accepted, so the seeds themselves must be.
        let form = linli_core::report::NewRequestForm::from_body(&seed[1..], seed[0] == b'1');
        form.expect("a readable seed")
            .validate(&[])
            .expect("a valid seed");
    }
    explore(&seeds, check_open311_form, 20_000);
}
