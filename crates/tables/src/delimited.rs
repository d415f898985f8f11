//! CSV (and Excel's tab-separated "Unicode text"): read in whatever encoding the office's Excel
//! or WPS saved, written so that Excel opens it without an import dialog.

use crate::error::{Place, ReadError, WriteError};
use crate::format::Format;
use crate::grid::{self, GridRow};
use crate::table::{EncodingChoice, Table, TextEncoding};
use crate::text;

/// The delimiters a header line is searched for, most likely first.
const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

/// The starts that make a spreadsheet read a cell as a formula (OWASP's CSV-injection list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

pub(crate) fn read(bytes: &[u8], choice: EncodingChoice) -> Result<Table, ReadError> {
    let (text, encoding) = text::decode(bytes, choice)?;
    if let Some(offset) = text.find('\0') {
        return Err(ReadError::MalformedCsv {
            place: Place::Line(text::line_of(&text, offset)),
            detail: "it contains NUL bytes, so it is not text".to_owned(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter_of(&text))
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    let mut lines = LineCounter::default();
    for record in reader.records() {
        let record = record.map_err(|error| ReadError::MalformedCsv {
            place: Place::Line(
                error
                    .position()
                    .map_or(1, |position| text::line_of(&text, position.byte() as usize)),
            ),
            detail: error.to_string(),
        })?;
        let offset = record
            .position()
            .map_or(0, |position| position.byte() as usize);
        let line = lines.line_of_record_at(&text, offset);
        grid.push(GridRow {
            line,
            cells: record.iter().map(unneutralised).collect(),
        });
    }
    let (columns, rows) = grid::into_columns_and_rows(grid, Place::Line, 0)?;
    Ok(Table {
        format: Format::Csv,
        encoding: Some(encoding),
        columns,
        rows,
    })
}

/// The line a record starts on, counted from its byte offset: csv's own `Position::line` is
/// where its reader stood before skipping the `\n` of the previous record's `\r\n` and any
/// blank lines, so it is one or more lines early in most Windows files.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    /// 0-based, the line `offset` is on.
    line: usize,
}

impl LineCounter {
    /// The 1-based line of the record whose reading started at `offset`; offsets only grow.
    fn line_of_record_at(&mut self, text: &str, offset: usize) -> usize {
        let bytes = text.as_bytes();
        let skipped = bytes[offset..]
            .iter()
            .take_while(|byte| matches!(byte, b'\r' | b'\n'))
            .count();
        let start = offset + skipped;
        let newlines = bytes[self.offset..start]
            .iter()
            .filter(|byte| **byte == b'\n')
            .count();
        self.line += newlines;
        self.offset = start;
        self.line + 1
    }
}

/// The delimiter the first non-empty line uses most: Excel's CSV has commas, its "Unicode
/// text" tabs, and a European-locale Excel semicolons.
fn delimiter_of(text: &str) -> u8 {
    let header = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    let count = |delimiter: u8| header.bytes().filter(|byte| *byte == delimiter).count();
    // `max_by_key` keeps the last of equals, so search from the least likely.
    DELIMITERS
        .iter()
        .rev()
        .copied()
        .max_by_key(|delimiter| count(*delimiter))
        .filter(|delimiter| count(*delimiter) > 0)
        .unwrap_or(b',')
}

/// A cell as its writer meant it: the `'` that `neutralised` (ours, or the server's exports)
/// put before a formula-like cell is taken off again.
fn unneutralised(cell: &str) -> String {
    let cell = cell.trim();
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// A cell that a spreadsheet would run as a formula gets a leading `'`, which spreadsheets hide
/// and which keeps the rest text: imported names reach committee members' Excel.
fn neutralised(cell: &str) -> String {
    if looks_like_formula(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Whether a cell, or a cell already behind `'`s, starts as a formula: `'=x` is written `''=x`
/// so that reading takes one `'` off and gets `'=x` back.
fn looks_like_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// UTF-8 gets a byte-order mark, without which Excel reads it as the system's GBK; GB18030 has
/// none (Excel on a Chinese Windows reads it as is); UTF-16 is tab-separated as Excel's
/// "Unicode text".
pub(crate) fn write(table: &Table, encoding: TextEncoding) -> Result<Vec<u8>, WriteError> {
    if let Some(row) = table.rows.iter().find(|row| row.geometry.is_some()) {
        return Err(WriteError::GeometryNotWritable {
            line: row.line,
            format: "CSV",
        });
    }
    let delimiter = if encoding == TextEncoding::Utf16 {
        b'\t'
    } else {
        b','
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let library = |error: csv::Error| WriteError::Library {
        detail: error.to_string(),
    };
    writer
        .write_record(table.columns.iter().map(|name| neutralised(name)))
        .map_err(library)?;
    for row in &table.rows {
        writer
            .write_record(row.cells.iter().map(|cell| neutralised(cell)))
            .map_err(library)?;
    }
    let bytes = writer.into_inner().map_err(|error| WriteError::Library {
        detail: error.to_string(),
    })?;
    let text = String::from_utf8(bytes).map_err(|error| WriteError::Library {
        detail: error.to_string(),
    })?;
    Ok(match encoding {
        TextEncoding::Utf8 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        // GB18030 encodes every Unicode character, so nothing is lost or replaced.
        TextEncoding::Gb18030 => encoding_rs::GB18030.encode(&text).0.into_owned(),
        TextEncoding::Utf16 => {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{delimiter_of, neutralised, unneutralised};

    #[test]
    fn the_delimiter_is_the_header_lines_commonest() {
        assert_eq!(delimiter_of("\n名称\t编码\t地址\n"), b'\t');
        assert_eq!(delimiter_of("a;b;c\n1,5;2;3"), b';');
        assert_eq!(delimiter_of("a,b\tc,d"), b',');
        assert_eq!(delimiter_of("名称"), b',');
    }

    #[test]
    fn formula_cells_are_neutralised_and_read_back_as_they_were() {
        for cell in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-5",
            "@SUM(A1)",
            "plain",
            "'quoted'",
            "'=x",
            "''+y",
        ] {
            assert_eq!(unneutralised(&neutralised(cell)), cell);
        }
        assert_eq!(neutralised("=1+1"), "'=1+1");
        assert_eq!(neutralised("1101120110000001"), "1101120110000001");
    }
}
