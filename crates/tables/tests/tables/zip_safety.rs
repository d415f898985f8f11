//! Uploads are untrusted: a zip bomb, a zip that lies about its sizes, too many entries and an
//! oversized input are refused without inflating or allocating past the limits.

use std::io::{Cursor, Write};

use linli_tables::{MAX_INPUT_BYTES, ReadOptions, read};

use super::fixtures::{WGS84_PRJ, refused, zip_of};

const MIB: usize = 1024 * 1024;

/// A zip of `entries` small files plus `name` holding `megabytes` of zeros, written a chunk at a
/// time so that the test never holds the inflated content (it deflates about a thousandfold).
fn zip_with_zeros(entries: &[(&str, &[u8])], name: &str, megabytes: usize) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(megabytes >= 4096);
    for (entry, bytes) in entries {
        writer.start_file(*entry, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.start_file(name, options).unwrap();
    let chunk = vec![0u8; MIB];
    for _ in 0..megabytes {
        writer.write_all(&chunk).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Rewrites every header's uncompressed size of the last entry to `claimed`, as a crafted zip
/// would, so that only the reading itself can find out the truth.
fn lying_about_sizes(mut zip: Vec<u8>, claimed: u32) -> Vec<u8> {
    let local = zip
        .windows(4)
        .rposition(|window| window == b"PK\x03\x04")
        .unwrap();
    zip[local + 22..local + 26].copy_from_slice(&claimed.to_le_bytes());
    let central = zip
        .windows(4)
        .rposition(|window| window == b"PK\x01\x02")
        .unwrap();
    zip[central + 24..central + 28].copy_from_slice(&claimed.to_le_bytes());
    zip
}

#[test]
fn a_zip_bomb_is_refused() {
    let bomb = zip_with_zeros(&[("a.prj", WGS84_PRJ.as_bytes())], "a.shp", 20);
    assert!(bomb.len() < MIB, "{} bytes", bomb.len());
    refused(
        "a.zip",
        &bomb,
        &ReadOptions::default(),
        "zip_bomb",
        &["压缩炸弹", "512 MB", "zip bomb"],
    );
}

#[test]
fn an_archive_past_the_unpacked_limit_is_refused() {
    // Not compressible, so only the total trips.
    let noise: Vec<u8> = (0..2 * MIB as u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let zip = zip_of(&[("a.shp", &noise), ("a.prj", WGS84_PRJ.as_bytes())]);
    let options = ReadOptions {
        max_uncompressed_bytes: MIB as u64,
        ..ReadOptions::default()
    };
    refused("a.zip", &zip, &options, "zip_bomb", &["1 MB"]);
}

#[test]
fn a_zip_lying_about_its_sizes_is_refused_while_reading() {
    let bomb = lying_about_sizes(
        zip_with_zeros(&[("a.prj", WGS84_PRJ.as_bytes())], "a.shp", 20),
        1000,
    );
    let error = read("a.zip", &bomb, &ReadOptions::default()).unwrap_err();
    // The zip library may notice the lie itself; either way nothing past the limits is read.
    assert!(
        ["zip_bomb", "unreadable_shapefile"].contains(&error.code()),
        "{error}"
    );
}

#[test]
fn a_workbook_bomb_is_refused_before_calamine_inflates_it() {
    let bomb = zip_with_zeros(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
        ],
        "xl/worksheets/sheet1.xml",
        20,
    );
    refused(
        "部件.xlsx",
        &bomb,
        &ReadOptions::default(),
        "zip_bomb",
        &["压缩炸弹"],
    );
}

#[test]
fn more_than_a_hundred_entries_are_refused() {
    let names: Vec<String> = (0..101)
        .map(|index| format!("photos/{index}.jpg"))
        .collect();
    let mut entries: Vec<(&str, &[u8])> = names
        .iter()
        .map(|name| (name.as_str(), b"x".as_slice()))
        .collect();
    entries.push(("a.shp", b"x"));
    refused(
        "a.zip",
        &zip_of(&entries),
        &ReadOptions::default(),
        "too_many_entries",
        &["102", "100"],
    );
}

#[test]
fn an_input_over_200_mb_is_refused_before_it_is_looked_at() {
    let bytes = vec![0u8; MAX_INPUT_BYTES as usize + 1];
    refused(
        "部件.csv",
        &bytes,
        &ReadOptions::default(),
        "too_large",
        &["200 MB", "201 MB"],
    );
}
