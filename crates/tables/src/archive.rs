//! Unpacking an uploaded zip without trusting what it says about itself: the declared sizes are
//! checked first, then every entry is read through `Read::take`, so an archive that lies about
//! its sizes still cannot make the server inflate or allocate more than the limit.

use std::io::{Cursor, Read};

use encoding_rs::GB18030;

/// Past this size an entry must not be compressed more than `MAX_RATIO` times; below it any
/// ratio is harmless (a column of zeros compresses a thousandfold).
const RATIO_FLOOR_BYTES: u64 = 10 * 1000 * 1000;
const MAX_RATIO: u64 = 200;
const CHUNK_BYTES: usize = 64 * 1024;

/// How much an archive may hold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub max_total_bytes: u64,
    pub max_entries: usize,
}

/// An entry read into memory.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The path inside the archive, decoded as UTF-8 or, failing that, GB18030 (Windows'
    /// built-in zip on a Chinese system writes names in GBK without saying so).
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, PartialEq)]
pub(crate) enum ArchiveError {
    /// Not a zip, or a broken one (the detail says how).
    Unreadable(String),
    TooManyEntries {
        count: usize,
        limit: usize,
    },
    Bomb,
}

/// Reads the entries `keep` selects into memory and inflates every other one into nothing, so
/// that each entry's real size is checked whether kept or not. Directories are skipped.
pub(crate) fn unpack(
    bytes: &[u8],
    limits: Limits,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<Entry>, ArchiveError> {
    let unreadable = |error: zip::result::ZipError| ArchiveError::Unreadable(error.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if archive.len() > limits.max_entries {
        return Err(ArchiveError::TooManyEntries {
            count: archive.len(),
            limit: limits.max_entries,
        });
    }

    let mut declared_total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(unreadable)?;
        declared_total = declared_total.saturating_add(entry.size());
        if declared_total > limits.max_total_bytes
            || absurd_ratio(entry.size(), entry.compressed_size())
        {
            return Err(ArchiveError::Bomb);
        }
    }

    let mut kept = Vec::new();
    let mut actual_total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(unreadable)?;
        if entry.is_dir() {
            continue;
        }
        let path = decoded_name(entry.name_raw());
        let compressed = entry.compressed_size();
        let keeping = keep(&path);
        let budget = limits.max_total_bytes - actual_total;
        // One byte past the budget is enough to know the budget is exceeded.
        let mut limited = (&mut entry).take(budget.saturating_add(1));
        let mut content = Vec::new();
        let mut read_here: u64 = 0;
        let mut chunk = vec![0; CHUNK_BYTES];
        loop {
            let count = limited
                .read(&mut chunk)
                .map_err(|error| ArchiveError::Unreadable(error.to_string()))?;
            if count == 0 {
                break;
            }
            read_here += count as u64;
            if read_here > budget || absurd_ratio(read_here, compressed) {
                return Err(ArchiveError::Bomb);
            }
            if keeping {
                content.extend_from_slice(&chunk[..count]);
            }
        }
        actual_total += read_here;
        if keeping {
            kept.push(Entry {
                path,
                bytes: content,
            });
        }
    }
    Ok(kept)
}

fn absurd_ratio(uncompressed: u64, compressed: u64) -> bool {
    uncompressed > RATIO_FLOOR_BYTES && uncompressed > compressed.max(1).saturating_mul(MAX_RATIO)
}

fn decoded_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(name) => name.to_owned(),
        Err(_) => GB18030.decode_without_bom_handling(raw).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::{ArchiveError, Limits, unpack};

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    const ROOMY: Limits = Limits {
        max_total_bytes: 1 << 20,
        max_entries: 10,
    };

    #[test]
    fn kept_entries_come_back_and_others_are_only_checked() {
        let archive = zip_of(&[("a/b.dbf", b"dbf"), ("a/readme.txt", b"hello")]);
        let entries = unpack(&archive, ROOMY, |path| path.ends_with(".dbf")).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            (entries[0].path.as_str(), entries[0].bytes.as_slice()),
            ("a/b.dbf", b"dbf".as_slice())
        );
    }

    #[test]
    fn limits_are_kept() {
        let archive = zip_of(&[("a", &[0; 600]), ("b", &[0; 600])]);
        let small = Limits {
            max_total_bytes: 1000,
            max_entries: 10,
        };
        assert_eq!(
            unpack(&archive, small, |_| true).unwrap_err(),
            ArchiveError::Bomb
        );
        let few = Limits {
            max_total_bytes: 1 << 20,
            max_entries: 1,
        };
        assert_eq!(
            unpack(&archive, few, |_| true).unwrap_err(),
            ArchiveError::TooManyEntries { count: 2, limit: 1 }
        );
        assert!(matches!(
            unpack(b"PK\x03\x04 not really", ROOMY, |_| true),
            Err(ArchiveError::Unreadable(_))
        ));
    }
}
