//! From a grid of cells (a CSV's records, a worksheet's rows) to columns and rows: the header
//! is the first row with any text, cells are trimmed, empty rows go, and a value in a column
//! without a name is refused rather than dropped.

use crate::error::{Place, ReadError};
use crate::table::Row;

/// One row of the grid as read, before trimming.
pub(crate) struct GridRow {
    /// The `Row::line` it becomes.
    pub line: usize,
    pub cells: Vec<String>,
}

/// The header's names and the data rows, each with one cell per name.
///
/// `place` says how a line is named in messages (`Place::Line` for CSV, `Place::Row` for a
/// worksheet); `first_column` is the 0-based column the grid's first cell sits in, so that a
/// message names the column the clerk sees.
pub(crate) fn into_columns_and_rows(
    grid: Vec<GridRow>,
    place: fn(usize) -> Place,
    first_column: usize,
) -> Result<(Vec<String>, Vec<Row>), ReadError> {
    let mut grid = grid.into_iter().map(|row| GridRow {
        line: row.line,
        cells: row
            .cells
            .iter()
            .map(|cell| cell.trim().to_owned())
            .collect(),
    });
    let header = grid
        .by_ref()
        .find(|row| row.cells.iter().any(|cell| !cell.is_empty()))
        .ok_or(ReadError::Empty)?;
    let data: Vec<GridRow> = grid
        .filter(|row| row.cells.iter().any(|cell| !cell.is_empty()))
        .collect();

    let width = data
        .iter()
        .map(|row| row.cells.len())
        .chain([header.cells.len()])
        .max()
        .unwrap_or(0);
    let mut kept = Vec::new();
    for column in 0..width {
        let name = header.cells.get(column).map(String::as_str).unwrap_or("");
        if !name.is_empty() {
            kept.push(column);
            continue;
        }
        // A nameless column is dropped only when it is empty all the way down.
        if let Some(row) = data
            .iter()
            .find(|row| row.cells.get(column).is_some_and(|cell| !cell.is_empty()))
        {
            return Err(ReadError::NoHeader {
                place: place(row.line),
                column: first_column + column,
                header: place(header.line),
            });
        }
    }

    let columns: Vec<String> = kept
        .iter()
        .map(|&column| header.cells[column].clone())
        .collect();
    let positions: Vec<usize> = kept.iter().map(|column| first_column + column).collect();
    check_unique(&columns, &positions, place(header.line))?;

    let rows = data
        .into_iter()
        .map(|row| Row {
            line: row.line,
            cells: kept
                .iter()
                .map(|&column| row.cells.get(column).cloned().unwrap_or_default())
                .collect(),
            geometry: None,
        })
        .collect();
    Ok((columns, rows))
}

/// Refuses two columns of the same (trimmed) name: which one an import maps would be a guess.
/// `positions` are the columns' 0-based positions as the clerk counts them.
pub(crate) fn check_unique(
    columns: &[String],
    positions: &[usize],
    header: Place,
) -> Result<(), ReadError> {
    for (second, name) in columns.iter().enumerate() {
        if let Some(first) = columns[..second].iter().position(|earlier| earlier == name) {
            return Err(ReadError::DuplicateColumn {
                name: name.clone(),
                first: positions[first],
                second: positions[second],
                header,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{GridRow, into_columns_and_rows};
    use crate::error::Place;

    fn grid(rows: &[&[&str]]) -> Vec<GridRow> {
        rows.iter()
            .enumerate()
            .map(|(index, cells)| GridRow {
                line: index + 1,
                cells: cells.iter().map(|cell| cell.to_string()).collect(),
            })
            .collect()
    }

    /// The columns, then each kept row's line and cells.
    type Shaped<'a> = (&'a [&'a str], &'a [(usize, &'a [&'a str])]);

    fn check(rows: &[&[&str]], expected: Result<Shaped, &str>) {
        let result = into_columns_and_rows(grid(rows), Place::Line, 0);
        match expected {
            Ok((columns, expected_rows)) => {
                let (got_columns, got_rows) = result.unwrap();
                assert_eq!(got_columns, columns);
                let got: Vec<(usize, Vec<&str>)> = got_rows
                    .iter()
                    .map(|row| (row.line, row.cells.iter().map(String::as_str).collect()))
                    .collect();
                let want: Vec<(usize, Vec<&str>)> = expected_rows
                    .iter()
                    .map(|(line, cells)| (*line, cells.to_vec()))
                    .collect();
                assert_eq!(got, want);
            }
            Err(code) => assert_eq!(result.map(|_| ()).map_err(|error| error.code()), Err(code)),
        }
    }

    #[test]
    fn the_header_is_the_first_row_with_text_and_empty_rows_go() {
        check(
            &[
                &["", ""],
                &[" 名称 ", "编码"],
                &["井盖", " 1 "],
                &["", " "],
                &["路灯"],
            ],
            Ok((
                &["名称", "编码"],
                &[(3, &["井盖", "1"]), (5, &["路灯", ""])],
            )),
        );
    }

    #[test]
    fn a_nameless_column_goes_when_empty_and_is_refused_when_not() {
        check(
            &[&["a", "", "b", ""], &["1", "", "2"]],
            Ok((&["a", "b"], &[(2, &["1", "2"])])),
        );
        check(&[&["a", "b"], &["1", "2", "3"]], Err("no_header"));
        check(&[&["a", "", "b"], &["1", "x", "2"]], Err("no_header"));
    }

    #[test]
    fn names_are_unique_after_trimming() {
        check(&[&["地址", "地址 "]], Err("duplicate_column"));
    }

    #[test]
    fn nothing_at_all_is_empty() {
        check(&[], Err("empty"));
        check(&[&["", " "]], Err("empty"));
    }
}
