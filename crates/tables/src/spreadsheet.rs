//! XLSX: the first worksheet read as the clerk sees it (numbers without a stray `.0`, dates as
//! ISO text, formulas by their last computed value), and written back as text cells so that
//! Excel keeps codes as typed.

use std::io::Cursor;

use calamine::{Data, ExcelDateTime, Reader as _};
use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};

use crate::archive::{self, ArchiveError, Limits};
use crate::error::{Place, ReadError, WriteError};
use crate::format::Format;
use crate::grid::{self, GridRow};
use crate::number::number_text;
use crate::table::Table;

/// A workbook holds a few parts per sheet; a thousand is far past any inventory's.
const MAX_PARTS: usize = 1000;
/// Excel's own limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;

pub(crate) fn read(bytes: &[u8], max_uncompressed_bytes: u64) -> Result<Table, ReadError> {
    // calamine inflates the parts itself; checking them first bounds what it can be made to do.
    let limits = Limits {
        max_total_bytes: max_uncompressed_bytes,
        max_entries: MAX_PARTS,
    };
    archive::unpack(bytes, limits, |_| false).map_err(|error| match error {
        ArchiveError::Bomb => ReadError::ZipBomb {
            limit: max_uncompressed_bytes,
        },
        ArchiveError::TooManyEntries { count, limit } => ReadError::TooManyEntries { count, limit },
        ArchiveError::Unreadable(detail) => ReadError::UnreadableXlsx { detail },
    })?;

    let unreadable = |error: calamine::XlsxError| ReadError::UnreadableXlsx {
        detail: error.to_string(),
    };
    let mut workbook = calamine::Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ReadError::Empty)?
        .map_err(unreadable)?;
    let Some((first_row, first_column)) = range.start() else {
        return Err(ReadError::Empty);
    };
    let grid = range
        .rows()
        .enumerate()
        .map(|(index, cells)| GridRow {
            line: first_row as usize + index + 1,
            cells: cells.iter().map(cell_text).collect(),
        })
        .collect();
    let (columns, rows) = grid::into_columns_and_rows(grid, Place::Row, first_column as usize)?;
    Ok(Table {
        format: Format::Xlsx,
        encoding: None,
        columns,
        rows,
    })
}

/// A cell's value as text. Booleans are `TRUE`/`FALSE` and errors `#N/A` …, as Excel shows them.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(*number),
        Data::Bool(true) => "TRUE".to_owned(),
        Data::Bool(false) => "FALSE".to_owned(),
        Data::DateTime(date_time) => date_time_text(date_time),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(error) => error.to_string(),
    }
}

/// ISO 8601: `2024-03-05` for a date, `08:30:00` for a time of day, both joined by `T` for a
/// date and time; a duration (`[h]:mm:ss`) as its hours, minutes and seconds.
fn date_time_text(date_time: &ExcelDateTime) -> String {
    if date_time.is_duration() {
        let seconds = (date_time.as_f64() * 86_400.0).round() as i64;
        let sign = if seconds < 0 { "-" } else { "" };
        let seconds = seconds.abs();
        return format!(
            "{sign}{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
    }
    let (year, month, day, hour, minute, second, milli) = date_time.to_ymd_hms_milli();
    let date = format!("{year:04}-{month:02}-{day:02}");
    let mut time = format!("{hour:02}:{minute:02}:{second:02}");
    if milli > 0 {
        time.push_str(&format!(".{milli:03}"));
    }
    if (hour, minute, second, milli) == (0, 0, 0, 0) {
        date
    } else if date_time.as_f64() < 1.0 {
        time
    } else {
        format!("{date}T{time}")
    }
}

/// A header row in bold and frozen, then every cell as a string; every column is formatted as
/// text (`@`), so that what a clerk types into the export later stays text too.
pub(crate) fn write(table: &Table) -> Result<Vec<u8>, WriteError> {
    if let Some(row) = table.rows.iter().find(|row| row.geometry.is_some()) {
        return Err(WriteError::GeometryNotWritable {
            line: row.line,
            format: "XLSX",
        });
    }
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let text = CellFormat::new().set_num_format("@");
    let header = CellFormat::new().set_num_format("@").set_bold();
    for (column, name) in table.columns.iter().enumerate() {
        let column = column_number(column)?;
        sheet.set_column_format(column, &text).map_err(library)?;
        sheet
            .write_string_with_format(0, column, name, &header)
            .map_err(library)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(library)?;
    for (index, row) in table.rows.iter().enumerate() {
        let row_number = u32::try_from(index + 1).map_err(|_| too_many_rows())?;
        for (column, cell) in row.cells.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let length = cell.chars().count();
            if length > MAX_CELL_CHARS {
                return Err(WriteError::CellTooLong {
                    line: row.line,
                    column: table.columns.get(column).cloned().unwrap_or_default(),
                    length,
                    limit: MAX_CELL_CHARS,
                });
            }
            sheet
                .write_string_with_format(row_number, column_number(column)?, cell, &text)
                .map_err(library)?;
        }
    }
    workbook.save_to_buffer().map_err(library)
}

fn column_number(column: usize) -> Result<u16, WriteError> {
    u16::try_from(column).map_err(|_| WriteError::Library {
        detail: format!("{} columns are more than a worksheet holds", column + 1),
    })
}

fn too_many_rows() -> WriteError {
    WriteError::Library {
        detail: "more rows than a worksheet holds".to_owned(),
    }
}

fn library(error: XlsxError) -> WriteError {
    WriteError::Library {
        detail: error.to_string(),
    }
}
