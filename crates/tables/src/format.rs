//! Which format a file is in: from its name, and from its first bytes, which win where they can
//! tell (a clerk's `清单.csv` that is really an .xlsx is read as the .xlsx it is).

use std::io::Cursor;

/// A file format Linli reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    GeoJson,
    /// A zip holding one shapefile's `.shp`, `.shx`, `.dbf`, `.prj` (and `.cpg`).
    Shapefile,
}

/// The start of every zip (and so of every .xlsx).
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The start of an empty zip, which has only its end record.
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
/// The start of an OLE compound file: an old .xls, or an .xlsx with a password.
pub(crate) const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

impl Format {
    /// The format a file name's extension names, if any.
    pub fn from_file_name(file_name: &str) -> Option<Format> {
        let extension = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            // Excel saves "Unicode text" as .txt, and some tools write tab-separated .tsv.
            "csv" | "tsv" | "txt" => Some(Format::Csv),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "geojson" | "json" => Some(Format::GeoJson),
            "zip" | "shp" => Some(Format::Shapefile),
            _ => None,
        }
    }

    /// The format the bytes themselves show: a zip is an .xlsx if it holds a workbook and a
    /// shapefile if it holds a `.shp`; text starting with `{` is GeoJSON. CSV has no mark.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if is_zip(bytes) {
            return sniff_zip(bytes);
        }
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let first = text.iter().find(|byte| !byte.is_ascii_whitespace())?;
        (*first == b'{').then_some(Format::GeoJson)
    }

    /// The extension a file written in this format should carry.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::GeoJson => "geojson",
            Format::Shapefile => "zip",
        }
    }
}

pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC)
}

/// Looks only at the archive's directory of names, so it decompresses nothing.
fn sniff_zip(bytes: &[u8]) -> Option<Format> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|name| name.ok())
        .map(|name| name.to_ascii_lowercase())
        .collect();
    if names
        .iter()
        .any(|name| name == "[content_types].xml" || name.starts_with("xl/"))
    {
        Some(Format::Xlsx)
    } else if names.iter().any(|name| name.ends_with(".shp")) {
        Some(Format::Shapefile)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::Format;

    fn check(file_name: &str, expected: Option<Format>) {
        assert_eq!(Format::from_file_name(file_name), expected, "{file_name}");
    }

    #[test]
    fn extensions_name_formats_whatever_their_case() {
        check("部件清单.CSV", Some(Format::Csv));
        check("export.txt", Some(Format::Csv));
        check("a.b.xlsx", Some(Format::Xlsx));
        check("points.GeoJSON", Some(Format::GeoJson));
        check("roads.zip", Some(Format::Shapefile));
        check("roads.shp", Some(Format::Shapefile));
        check("notes.docx", None);
        check("no_extension", None);
    }

    #[test]
    fn json_text_is_sniffed_and_plain_text_is_not() {
        assert_eq!(
            Format::sniff(b"\xEF\xBB\xBF  {\"type\": 1}"),
            Some(Format::GeoJson)
        );
        assert_eq!(Format::sniff(b"name,code\n"), None);
        assert_eq!(Format::sniff(b""), None);
    }
}
