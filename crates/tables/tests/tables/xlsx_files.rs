//! XLSX as an office's Excel saves it: the first worksheet, numbers typed as numbers, dates,
//! formulas, and the refusals for a broken workbook or a title row above the header.

use linli_tables::{Format, ReadOptions};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Formula};

use super::fixtures::{cells, lines, read_ok, refused, xlsx};

#[test]
fn the_first_sheet_is_read_as_excel_shows_it() {
    let bytes = xlsx(|workbook| {
        let sheet = workbook.add_worksheet();
        let date = CellFormat::new().set_num_format("yyyy-mm-dd");
        let moment = CellFormat::new().set_num_format("yyyy-mm-dd hh:mm");
        // Row 1 and 2 are empty; the header is on row 3, starting in column B.
        for (column, name) in [
            "名称",
            "编码",
            "高度",
            "数量",
            "安装日期",
            "巡查时间",
            "合计",
            "在用",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string(2, column as u16 + 1, *name).unwrap();
        }
        sheet.write_string(3, 1, " 井盖 ").unwrap();
        sheet.write_number(3, 2, 1_101_120_110_000_001.0).unwrap();
        sheet.write_number(3, 3, 2.5).unwrap();
        sheet.write_number(3, 4, 3.0).unwrap();
        let installed = ExcelDateTime::from_ymd(2024, 3, 5).unwrap();
        sheet
            .write_datetime_with_format(3, 5, &installed, &date)
            .unwrap();
        let checked = ExcelDateTime::from_ymd(2024, 3, 5)
            .unwrap()
            .and_hms(8, 30, 0)
            .unwrap();
        sheet
            .write_datetime_with_format(3, 6, &checked, &moment)
            .unwrap();
        sheet
            .write_formula(3, 7, Formula::new("=D4+E4").set_result("5.5"))
            .unwrap();
        sheet.write_boolean(3, 8, true).unwrap();
        // Row 5 is empty and skipped; row 6 has one cell.
        sheet.write_string(5, 1, "路灯").unwrap();
        workbook
            .add_worksheet()
            .write_string(0, 0, "第二张表不读")
            .unwrap();
    });
    let table = read_ok("部件.xlsx", &bytes);
    assert_eq!(table.format, Format::Xlsx);
    assert_eq!(table.encoding, None);
    assert_eq!(
        table.columns,
        [
            "名称",
            "编码",
            "高度",
            "数量",
            "安装日期",
            "巡查时间",
            "合计",
            "在用"
        ]
    );
    assert_eq!(
        cells(&table),
        [
            vec![
                "井盖",
                "1101120110000001",
                "2.5",
                "3",
                "2024-03-05",
                "2024-03-05T08:30:00",
                "5.5",
                "TRUE"
            ],
            vec!["路灯", "", "", "", "", "", "", ""],
        ]
    );
    assert_eq!(lines(&table), [4, 6]);
}

#[test]
fn an_xlsx_named_csv_is_read_as_the_workbook_it_is() {
    let bytes = xlsx(|workbook| {
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "名称").unwrap();
        sheet.write_string(1, 0, "井盖").unwrap();
    });
    let table = read_ok("部件.csv", &bytes);
    assert_eq!(table.format, Format::Xlsx);
    assert_eq!(cells(&table), [["井盖"]]);
}

#[test]
fn a_truncated_workbook_is_refused() {
    let bytes = xlsx(|workbook| {
        workbook.add_worksheet().write_string(0, 0, "名称").unwrap();
    });
    for broken in [
        &bytes[..bytes.len() / 2],
        b"PK\x03\x04 but nothing else".as_slice(),
    ] {
        refused(
            "部件.xlsx",
            broken,
            &ReadOptions::default(),
            "unreadable_xlsx",
            &["Excel", "重新保存"],
        );
    }
}

#[test]
fn a_title_row_above_the_header_is_refused_with_how_to_fix_it() {
    let bytes = xlsx(|workbook| {
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "东四街道部件清单").unwrap();
        sheet.write_string(1, 0, "名称").unwrap();
        sheet.write_string(1, 1, "编码").unwrap();
    });
    refused(
        "部件.xlsx",
        &bytes,
        &ReadOptions::default(),
        "no_header",
        &[
            "第 2 行 B 列有内容",
            "表头（第 1 行）",
            "标题",
            "Row 2, column B has a value",
        ],
    );
}

#[test]
fn an_empty_sheet_is_refused() {
    let bytes = xlsx(|workbook| {
        workbook.add_worksheet();
    });
    refused(
        "部件.xlsx",
        &bytes,
        &ReadOptions::default(),
        "empty",
        &["空"],
    );
}
