//! One cell of a CSV file the committee opens in a spreadsheet: quoted when it must be, and never
//! a formula. Names come from residents, imports and committees; a building called
//! `=HYPERLINK("http://…")` must show as text, not run when Excel or WPS opens the file.

/// `text` as a CSV cell. A cell that a spreadsheet would read as a formula (it starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, which spreadsheets hide and
/// which keeps the rest as text, as OWASP's advice on CSV injection has it.
pub(crate) fn csv_cell(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    fn check(text: &str, expected: &str) {
        assert_eq!(csv_cell(text), expected, "{text:?}");
    }

    #[test]
    fn formulas_become_text_and_separators_are_quoted() {
        check("3号楼", "3号楼");
        check("=1+1", "'=1+1");
        check("+86 138", "'+86 138");
        check("-2", "'-2");
        check("@SUM(A1)", "'@SUM(A1)");
        check("\tx", "'\tx");
        check(
            "=HYPERLINK(\"http://x\",\"点我\")",
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\"",
        );
        check("a,b", "\"a,b\"");
        check("一\n二", "\"一\n二\"");
        check("", "");
    }
}
