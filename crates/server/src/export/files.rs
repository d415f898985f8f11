//! Writing an export incrementally: a manifest in the output folder holds each file's SHA-256
//! from the last export, so an export writes only the files whose content changed and removes
//! the ones no longer exported. One new vote rewrites its ballot's turnout, not a district's
//! hundreds of thousands of component pages, and a static host syncing the folder by date
//! uploads only those.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::AppError;

/// The manifest's name in the output folder. It is not served: a static host may publish it,
/// but it holds only paths and hashes of public files.
pub(crate) const MANIFEST: &str = ".linli-export.json";

/// What an export did to the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FileCounts {
    /// Files written: new, or their content changed.
    pub written: usize,
    /// Files left as they were: the same content as the last export wrote.
    pub unchanged: usize,
    /// Files the last export wrote that this one does not, removed.
    pub removed: usize,
}

pub(crate) struct ExportFiles {
    out: PathBuf,
    before: BTreeMap<String, String>,
    now: BTreeMap<String, String>,
    pub(crate) counts: FileCounts,
}

fn digest(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

impl ExportFiles {
    /// Opens `out`, reading the last export's manifest if there is one (a folder without one is
    /// exported whole).
    pub(crate) fn open(out: &Path) -> Result<ExportFiles, AppError> {
        std::fs::create_dir_all(out)?;
        let before = match std::fs::read(out.join(MANIFEST)) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(error) => return Err(error.into()),
        };
        Ok(ExportFiles {
            out: out.to_owned(),
            before,
            now: BTreeMap::new(),
            counts: FileCounts::default(),
        })
    }

    fn target(&self, url_path: &str) -> PathBuf {
        self.out.join(url_path.trim_start_matches('/'))
    }

    /// Writes `body` at `url_path` unless the last export wrote the same bytes there and the file
    /// is still in place.
    pub(crate) fn write(&mut self, url_path: &str, body: &[u8]) -> Result<(), AppError> {
        let key = url_path.trim_start_matches('/').to_owned();
        let hash = digest(body);
        let target = self.target(url_path);
        if self.before.get(&key) == Some(&hash) && target.is_file() {
            self.counts.unchanged += 1;
        } else {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, body)?;
            self.counts.written += 1;
        }
        self.now.insert(key, hash);
        Ok(())
    }

    /// [`ExportFiles::write`], unless this export has already written `url_path`: the SPA's own
    /// files come last, and a page written for a path the bundle table names wins.
    pub(crate) fn write_unless_written(
        &mut self,
        url_path: &str,
        body: &[u8],
    ) -> Result<(), AppError> {
        if self.now.contains_key(url_path.trim_start_matches('/')) {
            return Ok(());
        }
        self.write(url_path, body)
    }

    /// Saves the manifest. With `remove_unwritten`, what the last export wrote and this one did
    /// not is removed; without (a refresh of part of the export), it is kept, and stays in the
    /// manifest.
    pub(crate) fn finish(mut self, remove_unwritten: bool) -> Result<FileCounts, AppError> {
        if !remove_unwritten {
            for (key, hash) in std::mem::take(&mut self.before) {
                self.now.entry(key).or_insert(hash);
            }
        }
        let gone: Vec<String> = self
            .before
            .keys()
            .filter(|key| !self.now.contains_key(*key))
            .cloned()
            .collect();
        for key in gone {
            let target = self.target(&key);
            match std::fs::remove_file(&target) {
                Ok(()) => {
                    self.counts.removed += 1;
                    self.remove_empty_folders_above(&target);
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(error.into()),
            }
        }
        let manifest = serde_json::to_vec(&self.now).map_err(AppError::internal)?;
        std::fs::write(self.out.join(MANIFEST), manifest)?;
        Ok(self.counts)
    }

    /// The folders above a removed file that are now empty (a retired component's), up to the
    /// output folder: a host listing folders would show them, and a district has many.
    fn remove_empty_folders_above(&self, removed: &Path) {
        let mut folder = removed.parent();
        while let Some(dir) = folder.filter(|dir| *dir != self.out && dir.starts_with(&self.out)) {
            // Fails, and stops, at the first folder that still holds something.
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
            folder = dir.parent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_export_writes_only_what_changed_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = ExportFiles::open(dir.path()).unwrap();
        first.write("/a.json", b"1").unwrap();
        first.write("/b/c.json", b"2").unwrap();
        first.write("/gone.json", b"3").unwrap();
        first.write("/c/1101/index.html", b"4").unwrap();
        assert_eq!(first.finish(true).unwrap().written, 4);

        let mut second = ExportFiles::open(dir.path()).unwrap();
        second.write("/a.json", b"1").unwrap();
        second.write("/b/c.json", b"changed").unwrap();
        let counts = second.finish(true).unwrap();
        assert_eq!(
            counts,
            FileCounts {
                written: 1,
                unchanged: 1,
                removed: 2
            }
        );
        // The folders left empty go with their file; the output folder stays.
        assert!(!dir.path().join("c").exists());
        assert!(dir.path().join("b").is_dir());
        assert_eq!(
            std::fs::read(dir.path().join("b/c.json")).unwrap(),
            b"changed"
        );
        assert!(!dir.path().join("gone.json").exists());

        // A file deleted by hand behind the export's back is written again.
        std::fs::remove_file(dir.path().join("a.json")).unwrap();
        let mut third = ExportFiles::open(dir.path()).unwrap();
        third.write("/a.json", b"1").unwrap();
        third.write("/b/c.json", b"changed").unwrap();
        assert_eq!(third.finish(true).unwrap().written, 1);
        assert!(dir.path().join("a.json").exists());
    }
}
