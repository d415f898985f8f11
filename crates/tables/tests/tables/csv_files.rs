//! CSV as district offices' Excel and WPS save it, and the refusals that keep a wrong encoding
//! or a broken header from importing.

use linli_tables::{EncodingChoice, Format, ReadOptions, TextEncoding};

use super::fixtures::{cells, gbk, lines, read_ok, refused, utf16_with_bom, with};

const INVENTORY: &str = "名称,编码,地址\n井盖,1101120110000001,东四北大街\n路灯,1101120110000002,\"朝阳门内, 南小街\"\n";

#[test]
fn utf8_reads_the_same_with_or_without_a_byte_order_mark() {
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), INVENTORY.as_bytes()].concat();
    for bytes in [INVENTORY.as_bytes(), &with_bom] {
        let table = read_ok("部件.csv", bytes);
        assert_eq!(table.format, Format::Csv);
        assert_eq!(table.encoding, Some(TextEncoding::Utf8));
        assert_eq!(table.columns, ["名称", "编码", "地址"]);
        assert_eq!(
            cells(&table),
            [
                ["井盖", "1101120110000001", "东四北大街"],
                ["路灯", "1101120110000002", "朝阳门内, 南小街"]
            ]
        );
        assert_eq!(lines(&table), [2, 3]);
    }
}

#[test]
fn gbk_is_detected_and_read_as_gb18030() {
    let bytes = gbk(INVENTORY);
    for choice in [EncodingChoice::Detect, EncodingChoice::Gb18030] {
        let table = linli_tables::read("部件.csv", &bytes, &with(choice)).unwrap();
        assert_eq!(table.encoding, Some(TextEncoding::Gb18030));
        assert_eq!(table.columns, ["名称", "编码", "地址"]);
        assert_eq!(
            cells(&table)[1],
            ["路灯", "1101120110000002", "朝阳门内, 南小街"]
        );
    }
}

#[test]
fn excels_unicode_text_is_utf16_and_tab_separated() {
    let table = read_ok(
        "部件.txt",
        &utf16_with_bom("名称\t编码\r\n井盖\t1101120110000001\r\n"),
    );
    assert_eq!(table.encoding, Some(TextEncoding::Utf16));
    assert_eq!(table.columns, ["名称", "编码"]);
    assert_eq!(cells(&table), [["井盖", "1101120110000001"]]);

    let comma = read_ok("部件.csv", &utf16_with_bom("名称,编码\n井盖,1\n"));
    assert_eq!(cells(&comma), [["井盖", "1"]]);
}

#[test]
fn semicolons_are_found_from_the_header_line() {
    let table = read_ok("export.csv", "名称;编码\n井盖;1,5\n".as_bytes());
    assert_eq!(cells(&table), [["井盖", "1,5"]]);
}

/// A quoted cell's line breaks count as lines, so the rows after it keep the numbers a text
/// editor shows; `\r\n` and `\n` mix as files edited on two systems do.
#[test]
fn line_numbers_count_physical_lines_across_quoted_breaks_and_mixed_endings() {
    let text = "名称,备注\r\n\r\n井盖,\"两\n行\"\r\n,\n路灯,\"含\"\"引号\"\"\"\n 消防栓 , x \r\n";
    let table = read_ok("部件.csv", text.as_bytes());
    assert_eq!(
        cells(&table),
        [["井盖", "两\n行"], ["路灯", "含\"引号\""], ["消防栓", "x"]]
    );
    assert_eq!(lines(&table), [3, 6, 7]);
}

#[test]
fn a_short_row_is_padded_and_the_header_may_follow_blank_lines() {
    let table = read_ok("部件.csv", b",,\n\nname,code,note\nA,1\n");
    assert_eq!(table.columns, ["name", "code", "note"]);
    assert_eq!(cells(&table), [["A", "1", ""]]);
    assert_eq!(lines(&table), [4]);
}

#[test]
fn utf8_chosen_for_a_gbk_file_is_refused_naming_the_line() {
    let bytes = gbk("name,code\nA,1\n井盖,2\n");
    refused(
        "部件.csv",
        &bytes,
        &with(EncodingChoice::Utf8),
        "not_utf8",
        &["第 3 行", "请选择 GBK", "line 3", "choose GBK"],
    );
}

#[test]
fn gbk_chosen_for_a_utf8_file_is_refused_rather_than_garbled() {
    refused(
        "部件.csv",
        "name,code\n井盖,1\n".as_bytes(),
        &with(EncodingChoice::Gb18030),
        "looks_like_utf8",
        &["请选择 UTF-8", "第 2 行", "choose UTF-8"],
    );
}

#[test]
fn bytes_neither_utf8_nor_gb18030_are_refused_naming_the_line() {
    let mut bytes = b"name,code\nA,1\nB,".to_vec();
    bytes.extend([0xFF, 0xFE, 0xFD, b'\n']);
    for choice in [
        EncodingChoice::Detect,
        EncodingChoice::Gb18030,
        EncodingChoice::Utf8,
    ] {
        refused(
            "部件.csv",
            &bytes,
            &with(choice),
            "bad_encoding",
            &["第 3 行", "line 3", "UTF-8"],
        );
    }
}

#[test]
fn binary_content_is_not_a_csv() {
    refused(
        "部件.csv",
        b"name\nA\x00\x00\x01\n",
        &ReadOptions::default(),
        "malformed_csv",
        &["第 2 行", "NUL"],
    );
}

#[test]
fn a_value_under_a_nameless_column_is_refused() {
    refused(
        "部件.csv",
        "名称,编码\n井盖,1\n路灯,2,多出来的\n".as_bytes(),
        &ReadOptions::default(),
        "no_header",
        &[
            "第 3 行第 3 列",
            "表头（第 1 行）",
            "Line 3, column 3 has a value",
        ],
    );
}

#[test]
fn two_columns_of_one_name_are_refused() {
    refused(
        "部件.csv",
        "名称,地址,名称 \n井盖,东四,x\n".as_bytes(),
        &ReadOptions::default(),
        "duplicate_column",
        &["“名称”", "第 1 列和第 3 列", "column 1 and column 3"],
    );
}

#[test]
fn an_empty_file_is_refused() {
    for bytes in [b"".as_slice(), b"\n\n , \n", b"\xEF\xBB\xBF"] {
        refused(
            "部件.csv",
            bytes,
            &ReadOptions::default(),
            "empty",
            &["空", "empty"],
        );
    }
}

#[test]
fn a_header_without_rows_is_an_empty_table() {
    let table = read_ok("部件.csv", "名称,编码\r\n".as_bytes());
    assert_eq!(table.columns, ["名称", "编码"]);
    assert!(table.rows.is_empty());
}

#[test]
fn an_unknown_kind_of_file_is_refused_naming_it() {
    refused(
        "说明.docx",
        b"some words",
        &ReadOptions::default(),
        "unknown_format",
        &["“说明.docx”", "CSV、XLSX、GeoJSON"],
    );
}

#[test]
fn an_old_excel_file_is_refused_with_how_to_save_it() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    for name in ["部件.xls", "部件.csv"] {
        refused(
            name,
            &bytes,
            &ReadOptions::default(),
            "old_excel",
            &[".xlsx", "另存为"],
        );
    }
}
