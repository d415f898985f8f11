//! `read(write(table))` gives the table back — columns, cells and geometries — in every format
//! and encoding; and `write` refuses what a format cannot hold instead of mangling it.

use linli_tables::{
    Format, Geometry, ReadOptions, Row, Table, TextEncoding, WriteError, read, write,
};

const ENCODINGS: [TextEncoding; 3] = [
    TextEncoding::Utf8,
    TextEncoding::Gb18030,
    TextEncoding::Utf16,
];

/// Text that trips careless writers: a 16-digit code, leading zeros, a separator, quotes, a
/// line break, formula starts, a negative number, a rare character GBK lacks, an empty cell.
fn inventory(geometry: impl Fn(usize) -> Option<Geometry>) -> Table {
    let rows: [[&str; 3]; 6] = [
        ["井盖", "1101120110000001", "东四北大街, 12号"],
        ["路灯", "0012", "说\"亮\"了\n第二行"],
        ["=HYPERLINK(\"x\")", "-5", "+86 10 1234"],
        ["@某人", "'=已转义", ""],
        ["𠀀字井", "3.50", "㐂"],
        ["消防栓", "", "a;b\tc"],
    ];
    Table {
        format: Format::Csv,
        encoding: None,
        columns: vec!["名称".to_owned(), "编码".to_owned(), "备注".to_owned()],
        rows: rows
            .iter()
            .enumerate()
            .map(|(index, cells)| Row {
                line: index + 1,
                cells: cells.iter().map(|cell| cell.to_string()).collect(),
                geometry: geometry(index),
            })
            .collect(),
    }
}

fn point(index: usize) -> Option<Geometry> {
    Some(Geometry::Point {
        lon: 116.397_128 + index as f64 / 1000.0,
        lat: 39.916_527,
    })
}

/// Counter-clockwise outer rings and clockwise holes, closed, as the readers give them.
fn polygon(index: usize) -> Option<Geometry> {
    let offset = index as f64;
    let square = |x: f64, y: f64, size: f64| {
        vec![
            [x, y],
            [x + size, y],
            [x + size, y + size],
            [x, y + size],
            [x, y],
        ]
    };
    let mut hole = square(116.02 + offset, 39.02, 0.02);
    hole.reverse();
    let outer = square(116.0 + offset, 39.0, 0.1);
    Some(if index.is_multiple_of(2) {
        Geometry::Polygon(vec![outer, hole])
    } else {
        Geometry::MultiPolygon(vec![vec![outer], vec![square(117.0 + offset, 40.0, 0.1)]])
    })
}

fn file_name(format: Format) -> String {
    format!("导出.{}", format.extension())
}

fn check_round_trip(table: &Table, format: Format, encoding: TextEncoding) {
    let bytes =
        write(table, format, encoding).unwrap_or_else(|error| panic!("{format:?}: {error}"));
    let back = read(&file_name(format), &bytes, &ReadOptions::default())
        .unwrap_or_else(|error| panic!("{format:?} {encoding:?}: {error}"));
    assert_eq!(back.format, format);
    assert_eq!(back.columns, table.columns, "{format:?} {encoding:?}");
    for (written, read) in table.rows.iter().zip(&back.rows) {
        assert_eq!(read.cells, written.cells, "{format:?} {encoding:?}");
        assert_eq!(read.geometry, written.geometry, "{format:?} {encoding:?}");
    }
    assert_eq!(back.rows.len(), table.rows.len());
}

#[test]
fn csv_comes_back_in_every_encoding() {
    for encoding in ENCODINGS {
        check_round_trip(&inventory(|_| None), Format::Csv, encoding);
        let bytes = write(&inventory(|_| None), Format::Csv, encoding).unwrap();
        let back = read("导出.csv", &bytes, &ReadOptions::default()).unwrap();
        assert_eq!(back.encoding, Some(encoding));
    }
}

#[test]
fn csv_in_utf8_has_a_byte_order_mark_for_excel_and_gb18030_none() {
    let table = inventory(|_| None);
    assert!(
        write(&table, Format::Csv, TextEncoding::Utf8)
            .unwrap()
            .starts_with(b"\xEF\xBB\xBF")
    );
    let gb = write(&table, Format::Csv, TextEncoding::Gb18030).unwrap();
    assert!(gb.starts_with(&encoding_rs::GBK.encode("名称").0));
}

#[test]
fn csv_cells_that_excel_would_run_are_written_as_text() {
    let bytes = write(&inventory(|_| None), Format::Csv, TextEncoding::Utf8).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"x\"\")\",'-5,'+86 10 1234"),
        "{text}"
    );
    assert!(text.contains("'@某人,''=已转义"), "{text}");
}

#[test]
fn xlsx_comes_back_with_codes_as_text() {
    for encoding in ENCODINGS {
        check_round_trip(&inventory(|_| None), Format::Xlsx, encoding);
    }
}

#[test]
fn geojson_comes_back_with_points_and_polygons() {
    for encoding in ENCODINGS {
        check_round_trip(&inventory(point), Format::GeoJson, encoding);
        check_round_trip(&inventory(polygon), Format::GeoJson, encoding);
        check_round_trip(&inventory(|_| None), Format::GeoJson, encoding);
    }
}

#[test]
fn a_shapefile_comes_back_with_points_and_polygons() {
    for encoding in ENCODINGS {
        check_round_trip(&inventory(point), Format::Shapefile, encoding);
        check_round_trip(&inventory(polygon), Format::Shapefile, encoding);
    }
    let empty = Table {
        rows: Vec::new(),
        ..inventory(point)
    };
    check_round_trip(&empty, Format::Shapefile, TextEncoding::Utf8);
}

fn refused(table: &Table, format: Format, code: &str, mentions: &[&str]) {
    let error: WriteError = write(table, format, TextEncoding::Utf8).unwrap_err();
    assert_eq!(error.code(), code, "{error}");
    for mention in mentions {
        assert!(
            error.to_string().contains(mention),
            "{error} does not say {mention:?}"
        );
    }
}

#[test]
fn geometries_are_not_dropped_silently_from_csv_or_xlsx() {
    refused(
        &inventory(point),
        Format::Csv,
        "geometry_not_writable",
        &["第 1 行", "GeoJSON"],
    );
    refused(
        &inventory(point),
        Format::Xlsx,
        "geometry_not_writable",
        &["XLSX"],
    );
    check_round_trip(
        &inventory(point).without_geometry(),
        Format::Xlsx,
        TextEncoding::Utf8,
    );
}

#[test]
fn dbf_field_names_are_refused_not_cut() {
    let mut long = inventory(point);
    long.columns[0] = "部件名称".to_owned();
    refused(
        &long,
        Format::Shapefile,
        "field_name_too_long",
        &["“部件名称”", "10", "12"],
    );
    let mut clash = inventory(point);
    clash.columns = vec!["code".to_owned(), "CODE".to_owned(), "备注".to_owned()];
    refused(
        &clash,
        Format::Shapefile,
        "duplicate_field_name",
        &["“code”", "“CODE”"],
    );
}

#[test]
fn a_shapefile_needs_one_kind_of_geometry_in_every_row() {
    refused(
        &inventory(|index| if index == 2 { None } else { point(index) }),
        Format::Shapefile,
        "missing_geometry",
        &["第 3 行"],
    );
    let mixed = inventory(|index| {
        if index == 4 {
            polygon(index)
        } else {
            point(index)
        }
    });
    refused(
        &mixed,
        Format::Shapefile,
        "mixed_geometry",
        &["第 5 行", "Point", "Polygon"],
    );
    let line = inventory(|_| Some(Geometry::Other("LineString".to_owned())));
    refused(
        &line,
        Format::Shapefile,
        "unsupported_geometry",
        &["LineString"],
    );
    refused(
        &line,
        Format::GeoJson,
        "unsupported_geometry",
        &["LineString"],
    );
}

#[test]
fn a_dbf_cell_past_254_bytes_is_refused() {
    let mut table = inventory(point);
    table.rows[1].cells[2] = "长".repeat(100);
    refused(
        &table,
        Format::Shapefile,
        "cell_too_long",
        &["第 2 行", "“备注”", "300", "254"],
    );
}

#[test]
fn a_row_that_does_not_fit_the_columns_is_refused() {
    let mut table = inventory(|_| None);
    table.rows[3].cells.pop();
    refused(&table, Format::Csv, "row_shape", &["第 4 行", "2", "3"]);
}
