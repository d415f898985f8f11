//! Why a file could not be read or written, said so that a district clerk knows what to do:
//! Chinese first, then English, with a stable machine code the UI branches on.

use std::fmt;

/// Where in a file a problem is, in the terms the clerk's own program shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A CSV or GeoJSON text line (1-based, the header is line 1).
    Line(usize),
    /// A spreadsheet row number as Excel shows it.
    Row(usize),
    /// A GeoJSON feature's 1-based position.
    Feature(usize),
    /// A shapefile record's 1-based number.
    Record(usize),
    /// The field names at the top of a `.dbf`.
    FieldNames,
}

impl Place {
    fn chinese(self) -> String {
        match self {
            Place::Line(n) | Place::Row(n) => format!("第 {n} 行"),
            Place::Feature(n) => format!("第 {n} 个要素"),
            Place::Record(n) => format!("第 {n} 条记录"),
            Place::FieldNames => "字段名".to_owned(),
        }
    }

    fn english(self) -> String {
        match self {
            Place::Line(n) => format!("line {n}"),
            Place::Row(n) => format!("row {n}"),
            Place::Feature(n) => format!("feature {n}"),
            Place::Record(n) => format!("record {n}"),
            Place::FieldNames => "the field names".to_owned(),
        }
    }

    /// A cell at this place in a 0-based column: `第 3 行第 2 列` / `line 3, column 2`, or in a
    /// spreadsheet `第 3 行 B 列` / `row 3, column B`.
    fn cell(self, column: usize) -> (String, String) {
        let (column_zh, column_en) = self.column(column);
        let separator = if matches!(self, Place::Row(_)) {
            " "
        } else {
            ""
        };
        (
            format!("{}{separator}{column_zh}", self.chinese()),
            format!("{}, {column_en}", self.english()),
        )
    }

    /// A 0-based column as the clerk's program labels it: letters in a spreadsheet, numbers
    /// elsewhere.
    fn column(self, index: usize) -> (String, String) {
        match self {
            Place::Row(_) => {
                let letters = column_letters(index);
                (format!("{letters} 列"), format!("column {letters}"))
            }
            _ => (
                format!("第 {} 列", index + 1),
                format!("column {}", index + 1),
            ),
        }
    }
}

/// Excel's name for a 0-based column: A … Z, AA, AB, …
fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Megabytes as a clerk's file manager shows them (Windows' "MB" are MiB).
fn megabytes(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    Empty,
    UnknownFormat {
        file_name: String,
    },
    OldExcel,
    NotUtf8 {
        place: Place,
    },
    LooksLikeUtf8 {
        place: Place,
    },
    BadEncoding {
        place: Place,
    },
    MalformedCsv {
        place: Place,
        detail: String,
    },
    /// A cell has a value in a column the header gives no name.
    NoHeader {
        place: Place,
        column: usize,
        header: Place,
    },
    DuplicateColumn {
        name: String,
        first: usize,
        second: usize,
        header: Place,
    },
    UnreadableXlsx {
        detail: String,
    },
    NotFeatureCollection {
        found: String,
    },
    BadJson {
        line: usize,
        column: usize,
        detail: String,
    },
    BadGeometry {
        place: Place,
        detail: String,
    },
    NotLonLat {
        place: Place,
        x: f64,
        y: f64,
    },
    ZipBomb {
        limit: u64,
    },
    TooManyEntries {
        count: usize,
        limit: usize,
    },
    ShapefileNotZipped,
    MissingPart {
        extension: &'static str,
    },
    SeveralShapefiles {
        names: Vec<String>,
    },
    NoPrj,
    ProjectedCrs {
        name: String,
    },
    UnknownCrs {
        start: String,
    },
    UnreadableShapefile {
        detail: String,
    },
}

impl ReadError {
    /// A stable code for the UI and the API to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::TooLarge { .. } => "too_large",
            ReadError::Empty => "empty",
            ReadError::UnknownFormat { .. } => "unknown_format",
            ReadError::OldExcel => "old_excel",
            ReadError::NotUtf8 { .. } => "not_utf8",
            ReadError::LooksLikeUtf8 { .. } => "looks_like_utf8",
            ReadError::BadEncoding { .. } => "bad_encoding",
            ReadError::MalformedCsv { .. } => "malformed_csv",
            ReadError::NoHeader { .. } => "no_header",
            ReadError::DuplicateColumn { .. } => "duplicate_column",
            ReadError::UnreadableXlsx { .. } => "unreadable_xlsx",
            ReadError::NotFeatureCollection { .. } => "not_feature_collection",
            ReadError::BadJson { .. } => "bad_json",
            ReadError::BadGeometry { .. } => "bad_geometry",
            ReadError::NotLonLat { .. } => "not_lon_lat",
            ReadError::ZipBomb { .. } => "zip_bomb",
            ReadError::TooManyEntries { .. } => "too_many_entries",
            ReadError::ShapefileNotZipped => "shapefile_not_zipped",
            ReadError::MissingPart { .. } => "missing_part",
            ReadError::SeveralShapefiles { .. } => "several_shapefiles",
            ReadError::NoPrj => "no_prj",
            ReadError::ProjectedCrs { .. } => "projected_crs",
            ReadError::UnknownCrs { .. } => "unknown_crs",
            ReadError::UnreadableShapefile { .. } => "unreadable_shapefile",
        }
    }

    /// The message in Chinese alone, for a page that shows one language.
    pub fn chinese(&self) -> String {
        self.sentences().0
    }

    /// The message in English alone.
    pub fn english(&self) -> String {
        self.sentences().1
    }

    fn sentences(&self) -> (String, String) {
        match self {
            ReadError::TooLarge { bytes, limit } => (
                format!(
                    "文件有 {} MB，超过了 {} MB 的上限：请拆成几个较小的文件再上传。",
                    megabytes(*bytes),
                    megabytes(*limit)
                ),
                format!(
                    "The file is {} MB, over the {} MB limit: split it into smaller files.",
                    megabytes(*bytes),
                    megabytes(*limit)
                ),
            ),
            ReadError::Empty => (
                "文件是空的，既没有表头也没有数据。".to_owned(),
                "The file is empty: it has no header and no rows.".to_owned(),
            ),
            ReadError::UnknownFormat { file_name } => (
                format!(
                    "无法识别“{file_name}”的文件类型：请上传 CSV、XLSX、GeoJSON，或打包成 zip 的 Shapefile。"
                ),
                format!(
                    "Linli cannot tell what kind of file “{file_name}” is: upload CSV, XLSX, GeoJSON, or a shapefile in a zip."
                ),
            ),
            ReadError::OldExcel => (
                "这是旧版 Excel（.xls）或设了密码的 Excel 文件：请在 Excel 里另存为“Excel 工作簿（.xlsx）”，不设密码。".to_owned(),
                "This is an old Excel file (.xls) or a password-protected one: save it in Excel as “Excel Workbook (.xlsx)” without a password.".to_owned(),
            ),
            ReadError::NotUtf8 { place } => (
                format!("文件不是 UTF-8 编码（{}），看起来是 GBK：请选择 GBK。", place.chinese()),
                format!(
                    "The file is not UTF-8 ({}); it looks like GBK: choose GBK.",
                    place.english()
                ),
            ),
            ReadError::LooksLikeUtf8 { place } => (
                format!(
                    "文件是 UTF-8 编码，不是 GBK（{}有中文）：请选择 UTF-8，按 GBK 读会变成乱码。",
                    place.chinese()
                ),
                format!(
                    "The file is UTF-8, not GBK (see its Chinese text at {}): choose UTF-8; read as GBK it would be garbled.",
                    place.english()
                ),
            ),
            ReadError::BadEncoding { place } => (
                format!(
                    "文件既不是 UTF-8 也不是 GBK 编码（{}有无法识别的字符）：请把它另存为 UTF-8 编码后再上传。",
                    place.chinese()
                ),
                format!(
                    "The file is neither UTF-8 nor GBK ({} has characters that are neither): save it as UTF-8 and upload it again.",
                    place.english()
                ),
            ),
            ReadError::MalformedCsv { place, detail } => (
                format!(
                    "CSV 文件{}格式有误，无法读取：请确认上传的是 CSV 文件，或用 Excel 打开后重新另存为 CSV。",
                    place.chinese()
                ),
                format!(
                    "The CSV file cannot be read at {} ({detail}): check that it is a CSV file, or open it in Excel and save it as CSV again.",
                    place.english()
                ),
            ),
            ReadError::NoHeader {
                place,
                column,
                header,
            } => {
                let (cell_zh, cell_en) = place.cell(*column);
                (
                    format!(
                        "{cell_zh}有内容，但表头（{}）这一列没有列名：请给这一列加上列名或删掉它；如果{}是标题，请删掉那一行，让表头在最上面。",
                        header.chinese(),
                        header.chinese()
                    ),
                    format!(
                        "{} has a value, but the header ({}) gives that column no name: name the column or delete it; if {} is a title, delete it so that the header comes first.",
                        capitalised(&cell_en),
                        header.english(),
                        header.english()
                    ),
                )
            }
            ReadError::DuplicateColumn {
                name,
                first,
                second,
                header,
            } => {
                let (first_zh, first_en) = header.column(*first);
                let (second_zh, second_en) = header.column(*second);
                (
                    format!(
                        "表头（{}）里列名“{name}”出现了两次（{first_zh}和{second_zh}）：请把其中一个改成别的名字。",
                        header.chinese()
                    ),
                    format!(
                        "The header ({}) names two columns “{name}” ({first_en} and {second_en}): rename one of them.",
                        header.english()
                    ),
                )
            }
            ReadError::UnreadableXlsx { detail } => (
                "无法读取这个 Excel 文件，它可能已损坏或不完整：请在 Excel 里打开并重新保存后再上传。".to_owned(),
                format!(
                    "This Excel file cannot be read; it may be damaged or incomplete ({detail}): open it in Excel, save it again and upload that."
                ),
            ),
            ReadError::NotFeatureCollection { found } => (
                format!(
                    "GeoJSON 文件必须是一个 FeatureCollection（要素集合），这个文件是 {found}：请把所有要素导出为一个 FeatureCollection。"
                ),
                format!(
                    "The GeoJSON must be a FeatureCollection; this file is {found}: export all the features as one FeatureCollection."
                ),
            ),
            ReadError::BadJson {
                line,
                column,
                detail,
            } => (
                format!(
                    "GeoJSON 文件无法读取（第 {line} 行第 {column} 列）：文件可能不完整，请重新导出。"
                ),
                format!(
                    "The GeoJSON cannot be read at line {line}, column {column} ({detail}): the file may be incomplete; export it again."
                ),
            ),
            ReadError::BadGeometry { place, detail } => (
                format!(
                    "{}的几何图形无法读取：请在 GIS 软件里修复后重新导出。",
                    place.chinese()
                ),
                format!(
                    "The geometry of {} cannot be read ({detail}): repair it in your GIS software and export again.",
                    place.english()
                ),
            ),
            ReadError::NotLonLat { place, x, y } => (
                format!(
                    "{}的坐标（{x}, {y}）不是经纬度：请导出为地理坐标系（WGS 84 或 CGCS2000）。",
                    place.chinese()
                ),
                format!(
                    "The coordinates of {} ({x}, {y}) are not longitude and latitude: export in geographic coordinates (WGS 84 or CGCS2000).",
                    place.english()
                ),
            ),
            ReadError::ZipBomb { limit } => (
                format!(
                    "压缩包解压后会超过 {} MB，或压缩比异常（像是“压缩炸弹”），为安全起见拒绝读取：请只打包需要的文件。",
                    megabytes(*limit)
                ),
                format!(
                    "The archive would unpack to more than {} MB, or is compressed suspiciously well (like a zip bomb), so it was refused for safety: zip only the files needed.",
                    megabytes(*limit)
                ),
            ),
            ReadError::TooManyEntries { count, limit } => (
                format!(
                    "压缩包里有 {count} 个文件，超过了 {limit} 个的上限：请只打包这一个 Shapefile 的文件。"
                ),
                format!(
                    "The archive holds {count} files, more than the limit of {limit}: zip only this one shapefile's files."
                ),
            ),
            ReadError::ShapefileNotZipped => (
                "只上传了 .shp 文件：请把同名的 .shp、.shx、.dbf、.prj（和 .cpg）一起打包成 zip 再上传。".to_owned(),
                "Only the .shp file was uploaded: zip it with its .shx, .dbf, .prj (and .cpg) of the same name and upload the zip.".to_owned(),
            ),
            ReadError::MissingPart { extension } => (
                format!(
                    "压缩包里没有 .{extension} 文件：Shapefile 需要同名的 .shp、.shx、.dbf 和 .prj，请一起打包。"
                ),
                format!(
                    "The zip has no .{extension} file: a shapefile needs its .shp, .shx, .dbf and .prj of the same name zipped together."
                ),
            ),
            ReadError::SeveralShapefiles { names } => (
                format!(
                    "压缩包里有 {} 个 Shapefile（{}）：每个压缩包只放一个。",
                    names.len(),
                    names.join("、")
                ),
                format!(
                    "The zip holds {} shapefiles ({}): put one shapefile in each zip.",
                    names.len(),
                    names.join(", ")
                ),
            ),
            ReadError::NoPrj => (
                "Shapefile 没有 .prj 文件，所以不知道它的坐标系：请连同 .prj 一起重新导出。".to_owned(),
                "The shapefile has no .prj, so its coordinate system is unknown; export it again with its .prj.".to_owned(),
            ),
            ReadError::ProjectedCrs { name } => (
                format!(
                    "Shapefile 用的是投影坐标系（{name}）：请导出为地理坐标系（WGS 84 或 CGCS2000）。"
                ),
                format!(
                    "The shapefile is projected ({name}); export it in geographic coordinates (WGS 84 or CGCS2000)."
                ),
            ),
            ReadError::UnknownCrs { start } => (
                format!(
                    "无法识别 .prj 里的坐标系（“{start}”）：请导出为地理坐标系（WGS 84 或 CGCS2000），并附上 .prj。"
                ),
                format!(
                    "The coordinate system in the .prj (“{start}”) is not recognised: export in geographic coordinates (WGS 84 or CGCS2000) with its .prj."
                ),
            ),
            ReadError::UnreadableShapefile { detail } => (
                "无法读取这个 Shapefile，它可能已损坏：请重新导出后再上传。".to_owned(),
                format!(
                    "The shapefile cannot be read; it may be damaged ({detail}): export it again and upload that."
                ),
            ),
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (chinese, english) = self.sentences();
        write!(f, "{chinese}{english}")
    }
}

impl std::error::Error for ReadError {}

/// Why a table could not be written in a format.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteError {
    /// A row whose cell count is not the column count: a caller's mistake, reported not padded.
    RowShape {
        line: usize,
        cells: usize,
        columns: usize,
    },
    /// CSV and XLSX have no place for a geometry; `Table::without_geometry` drops them.
    GeometryNotWritable {
        line: usize,
        format: &'static str,
    },
    /// Only points, polygons and multipolygons are written; `Other` kept no coordinates.
    UnsupportedGeometry {
        line: usize,
        kind: String,
    },
    MissingGeometry {
        line: usize,
    },
    MixedGeometry {
        line: usize,
        first: String,
        this: String,
    },
    EmptyColumnName {
        column: usize,
    },
    /// A `.dbf` field name holds at most 10 bytes (about 3 Chinese characters in UTF-8).
    FieldNameTooLong {
        name: String,
        bytes: usize,
    },
    /// Two names a `.dbf` reader cannot tell apart (they differ only in ASCII case).
    DuplicateFieldName {
        first: String,
        second: String,
    },
    CellTooLong {
        line: usize,
        column: String,
        length: usize,
        limit: usize,
    },
    /// The library writing the file failed (it should not; the detail says why).
    Library {
        detail: String,
    },
}

impl WriteError {
    /// A stable code for the UI and the API to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            WriteError::RowShape { .. } => "row_shape",
            WriteError::GeometryNotWritable { .. } => "geometry_not_writable",
            WriteError::UnsupportedGeometry { .. } => "unsupported_geometry",
            WriteError::MissingGeometry { .. } => "missing_geometry",
            WriteError::MixedGeometry { .. } => "mixed_geometry",
            WriteError::EmptyColumnName { .. } => "empty_column_name",
            WriteError::FieldNameTooLong { .. } => "field_name_too_long",
            WriteError::DuplicateFieldName { .. } => "duplicate_field_name",
            WriteError::CellTooLong { .. } => "cell_too_long",
            WriteError::Library { .. } => "library",
        }
    }

    /// The message in Chinese alone.
    pub fn chinese(&self) -> String {
        self.sentences().0
    }

    /// The message in English alone.
    pub fn english(&self) -> String {
        self.sentences().1
    }

    fn sentences(&self) -> (String, String) {
        match self {
            WriteError::RowShape {
                line,
                cells,
                columns,
            } => (
                format!("第 {line} 行有 {cells} 个单元格，但表格有 {columns} 列。"),
                format!("Row {line} has {cells} cells but the table has {columns} columns."),
            ),
            WriteError::GeometryNotWritable { line, format } => (
                format!(
                    "{format} 文件不能保存几何图形（第 {line} 行有）：请导出为 GeoJSON 或 Shapefile。"
                ),
                format!(
                    "A {format} file cannot hold geometries (row {line} has one): export GeoJSON or a shapefile."
                ),
            ),
            WriteError::UnsupportedGeometry { line, kind } => (
                format!("第 {line} 行的几何图形是 {kind}，只能导出点、面和多面。"),
                format!(
                    "Row {line}'s geometry is a {kind}; only points, polygons and multipolygons can be exported."
                ),
            ),
            WriteError::MissingGeometry { line } => (
                format!("第 {line} 行没有几何图形，Shapefile 的每一行都需要一个。"),
                format!("Row {line} has no geometry; every row of a shapefile needs one."),
            ),
            WriteError::MixedGeometry { line, first, this } => (
                format!(
                    "一个 Shapefile 只能放一种几何图形：前面是 {first}，第 {line} 行是 {this}。"
                ),
                format!(
                    "A shapefile holds one kind of geometry: the rows before are {first}, row {line} is a {this}."
                ),
            ),
            WriteError::EmptyColumnName { column } => (
                format!("第 {} 列没有列名。", column + 1),
                format!("Column {} has no name.", column + 1),
            ),
            WriteError::FieldNameTooLong { name, bytes } => (
                format!(
                    "列名“{name}”在 Shapefile 里太长：dbf 字段名最多 10 个字节（约 3 个汉字），它有 {bytes} 个。请先改短列名。"
                ),
                format!(
                    "The column name “{name}” is too long for a shapefile: a dbf field name holds 10 bytes (about 3 Chinese characters) and it has {bytes}. Shorten it first."
                ),
            ),
            WriteError::DuplicateFieldName { first, second } => (
                format!(
                    "列名“{first}”和“{second}”在 Shapefile 里无法区分（dbf 字段名不分大小写）：请改成不同的名字。"
                ),
                format!(
                    "The column names “{first}” and “{second}” cannot be told apart in a shapefile (dbf field names ignore case): rename one."
                ),
            ),
            WriteError::CellTooLong {
                line,
                column,
                length,
                limit,
            } => (
                format!("第 {line} 行“{column}”列的内容太长（{length}，上限 {limit}）。"),
                format!(
                    "Row {line}'s “{column}” cell is too long ({length}, the limit is {limit})."
                ),
            ),
            WriteError::Library { detail } => (
                "导出失败。".to_owned(),
                format!("The export failed: {detail}."),
            ),
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (chinese, english) = self.sentences();
        write!(f, "{chinese}{english}")
    }
}

impl std::error::Error for WriteError {}

#[cfg(test)]
mod tests {
    use super::{Place, ReadError, column_letters};

    #[test]
    fn columns_are_lettered_as_excel_does() {
        for (index, letters) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letters(index), letters);
        }
    }

    #[test]
    fn the_message_is_chinese_then_english() {
        let error = ReadError::NotUtf8 {
            place: Place::Line(3),
        };
        assert_eq!(
            error.to_string(),
            "文件不是 UTF-8 编码（第 3 行），看起来是 GBK：请选择 GBK。The file is not UTF-8 (line 3); it looks like GBK: choose GBK."
        );
        assert_eq!(error.code(), "not_utf8");
    }
}
