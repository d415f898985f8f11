//! A shapefile's `.dbf` attribute table, read in one text encoding at a time and written in
//! UTF-8.
//!
//! dbase decodes text itself. For UTF-8 its `Unicode` encoding is strict. For GB18030 it has
//! only `EncodingRs`, which replaces undecodable bytes with U+FFFD instead of failing; so a
//! U+FFFD in what it returns is taken as "not GB18030" (GB18030 can encode U+FFFD, but no
//! clerk's table holds one). Writing is always UTF-8, whatever the table came in: dbase writes
//! field names as their UTF-8 bytes whichever encoding it is given, so a GB18030 `.dbf` would
//! carry garbled column names.

use std::io::{Cursor, Read, Seek, Write};

use shapefile::dbase::{
    self, ErrorKind, FieldError, FieldIterator, FieldName, FieldValue, FieldWriter, ReadableRecord,
    ReaderBuilder, TableWriterBuilder, WritableRecord,
};

use crate::error::{Place, ReadError, WriteError};
use crate::number::number_text;
use crate::table::{Row, TextEncoding};
use crate::text::Failure;

/// The bytes of a `.dbf` field name: 11, the last of which is its terminating NUL.
const MAX_FIELD_NAME_BYTES: usize = 10;
/// The bytes of a character field.
const MAX_FIELD_BYTES: usize = 254;

/// The field names and the records, each as text.
#[derive(Debug)]
pub(crate) struct Attributes {
    pub columns: Vec<String>,
    /// Each record's cells, with its 1-based number in the file (deleted records are skipped).
    pub records: Vec<(usize, Vec<String>)>,
}

impl Attributes {
    /// Where the first non-ASCII text is, which tells a UTF-8 file from an ASCII one.
    pub fn first_non_ascii(&self) -> Option<Place> {
        if self.columns.iter().any(|name| !name.is_ascii()) {
            return Some(Place::FieldNames);
        }
        self.records
            .iter()
            .find(|(_, cells)| cells.iter().any(|cell| !cell.is_ascii()))
            .map(|(number, _)| Place::Record(*number))
    }
}

/// One record's fields in file order (dbase's own `Record` is a map, which loses the order).
struct Cells(Vec<String>);

impl ReadableRecord for Cells {
    fn read_using<Source: Read + Seek, MemoSource: Read + Seek>(
        fields: &mut FieldIterator<Source, MemoSource>,
    ) -> Result<Self, FieldError> {
        let mut cells = Vec::new();
        for field in fields {
            cells.push(field_text(field?.value));
        }
        Ok(Cells(cells))
    }
}

/// A field as text: numbers as typed (dBase stores them as text), dates as ISO dates.
fn field_text(value: FieldValue) -> String {
    match value {
        FieldValue::Character(text) => text.unwrap_or_default(),
        FieldValue::Memo(text) => text,
        FieldValue::Numeric(number) => number.map(number_text).unwrap_or_default(),
        FieldValue::Float(number) => number.map(|number| number.to_string()).unwrap_or_default(),
        FieldValue::Double(number) | FieldValue::Currency(number) => number_text(number),
        FieldValue::Integer(number) => number.to_string(),
        FieldValue::Logical(flag) => flag.map(|flag| flag.to_string()).unwrap_or_default(),
        FieldValue::Date(date) => date
            .map(|date| format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day()))
            .unwrap_or_default(),
        FieldValue::DateTime(moment) => {
            let (date, time) = (moment.date(), moment.time());
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                date.year(),
                date.month(),
                date.day(),
                time.hours(),
                time.minutes(),
                time.seconds()
            )
        }
    }
}

/// The attributes decoded in one encoding.
pub(crate) fn read(dbf: &[u8], encoding: TextEncoding) -> Result<Attributes, Failure> {
    let builder = ReaderBuilder::new();
    let builder = match encoding {
        TextEncoding::Gb18030 => {
            builder.with_encoding(dbase::encoding::EncodingRs::from(encoding_rs::GB18030))
        }
        TextEncoding::Utf8 | TextEncoding::Utf16 => builder.with_encoding(dbase::Unicode),
    };
    let lossy = encoding == TextEncoding::Gb18030;
    let replaced = |texts: &[String]| lossy && texts.iter().any(|text| text.contains('\u{FFFD}'));

    let mut reader = builder
        .build(Cursor::new(dbf))
        .map_err(|error| failure(&error, Place::FieldNames))?;
    let columns: Vec<String> = reader
        .fields()
        .iter()
        .map(|field| field.name().trim().to_owned())
        .collect();
    if replaced(&columns) {
        return Err(Failure::Undecodable(Place::FieldNames));
    }
    let mut records = Vec::new();
    let mut number = 0;
    for record in reader.iter_records_as::<Cells>() {
        let Cells(cells) = record.map_err(|error| {
            let number = error.record_index().map_or(number + 1, |index| index.0 + 1);
            failure(&error, Place::Record(number))
        })?;
        number += 1;
        if replaced(&cells) {
            return Err(Failure::Undecodable(Place::Record(number)));
        }
        records.push((
            number,
            cells.iter().map(|cell| cell.trim().to_owned()).collect(),
        ));
    }
    Ok(Attributes { columns, records })
}

fn failure(error: &dbase::Error, place: Place) -> Failure {
    match error.kind() {
        ErrorKind::StringDecodeError(_) => Failure::Undecodable(place),
        _ => Failure::Fatal(ReadError::UnreadableShapefile {
            detail: format!("the .dbf: {error}"),
        }),
    }
}

/// One character field per column, as wide as its longest cell.
pub(crate) fn write(columns: &[String], rows: &[Row]) -> Result<Vec<u8>, WriteError> {
    check_field_names(columns)?;
    let mut builder = TableWriterBuilder::with_encoding(dbase::Unicode);
    for (column, name) in columns.iter().enumerate() {
        let mut width = 1;
        for row in rows {
            let length = row.cells[column].len();
            if length > MAX_FIELD_BYTES {
                return Err(WriteError::CellTooLong {
                    line: row.line,
                    column: name.clone(),
                    length,
                    limit: MAX_FIELD_BYTES,
                });
            }
            width = width.max(length);
        }
        let field_name =
            FieldName::try_from(name.as_str()).map_err(|detail| WriteError::Library {
                detail: detail.to_owned(),
            })?;
        builder = builder.add_character_field(field_name, width as u8);
    }

    let mut dbf = Cursor::new(Vec::new());
    let mut writer = builder.build_with_dest(&mut dbf);
    let library = |error: dbase::Error| WriteError::Library {
        detail: error.to_string(),
    };
    for row in rows {
        writer
            .write_record(&CellsOut(&row.cells))
            .map_err(library)?;
    }
    writer.finalize().map_err(library)?;
    drop(writer);
    Ok(dbf.into_inner())
}

/// Refuses names a `.dbf` cannot hold as they are, rather than cutting them: a cut name would
/// import under a column nobody chose.
fn check_field_names(columns: &[String]) -> Result<(), WriteError> {
    for (column, name) in columns.iter().enumerate() {
        if name.is_empty() {
            return Err(WriteError::EmptyColumnName { column });
        }
        if name.len() > MAX_FIELD_NAME_BYTES {
            return Err(WriteError::FieldNameTooLong {
                name: name.clone(),
                bytes: name.len(),
            });
        }
        if let Some(first) = columns[..column]
            .iter()
            .find(|earlier| earlier.eq_ignore_ascii_case(name))
        {
            return Err(WriteError::DuplicateFieldName {
                first: first.clone(),
                second: name.clone(),
            });
        }
    }
    Ok(())
}

struct CellsOut<'a>(&'a [String]);

impl WritableRecord for CellsOut<'_> {
    fn write_using<W: Write>(&self, fields: &mut FieldWriter<'_, W>) -> Result<(), FieldError> {
        for cell in self.0 {
            fields.write_next_field_value(&cell.as_str())?;
        }
        Ok(())
    }
}

/// The encoding a `.cpg` names, if it is one Linli reads. Names are matched as encoding_rs's
/// labels (`UTF-8`, `utf8`, `GBK`, `GB2312`, `GB18030` …) and as Windows code pages (`65001`,
/// `936`, `CP936` …), the form ArcGIS writes.
pub(crate) fn cpg_encoding(cpg: &[u8]) -> Option<TextEncoding> {
    let text = String::from_utf8_lossy(cpg);
    let label = text
        .trim_start_matches('\u{FEFF}')
        .trim()
        .to_ascii_uppercase();
    let code_page = label
        .trim_start_matches("ANSI")
        .trim_start_matches("WINDOWS-")
        .trim_start_matches("CP")
        .trim_start_matches("MS")
        .trim();
    match code_page {
        "65001" => return Some(TextEncoding::Utf8),
        "936" | "54936" => return Some(TextEncoding::Gb18030),
        _ => {}
    }
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes())?;
    if encoding == encoding_rs::UTF_8 {
        Some(TextEncoding::Utf8)
    } else if encoding == encoding_rs::GBK || encoding == encoding_rs::GB18030 {
        Some(TextEncoding::Gb18030)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{check_field_names, cpg_encoding};
    use crate::table::TextEncoding;

    #[test]
    fn cpg_names_of_utf8_and_gbk_are_understood() {
        for name in ["UTF-8", "utf8", "65001", "\u{FEFF}UTF-8\r\n"] {
            assert_eq!(
                cpg_encoding(name.as_bytes()),
                Some(TextEncoding::Utf8),
                "{name}"
            );
        }
        for name in [
            "936", "GBK", "gb2312", "GB18030", "CP936", "ANSI 936", "54936",
        ] {
            assert_eq!(
                cpg_encoding(name.as_bytes()),
                Some(TextEncoding::Gb18030),
                "{name}"
            );
        }
        for name in ["1252", "Big5", ""] {
            assert_eq!(cpg_encoding(name.as_bytes()), None, "{name}");
        }
    }

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn field_names_are_refused_not_cut() {
        assert!(check_field_names(&names(&["名称", "CODE", "ten_chars_"])).is_ok());
        let code = |list: &[&str]| check_field_names(&names(list)).unwrap_err().code();
        assert_eq!(code(&["部件名称"]), "field_name_too_long");
        assert_eq!(code(&["eleven_char"]), "field_name_too_long");
        assert_eq!(code(&["Code", "CODE"]), "duplicate_field_name");
        assert_eq!(code(&[""]), "empty_column_name");
    }
}
