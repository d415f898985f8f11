//! Which column holds which field: each field goes by its English key or by the Chinese headings
//! district exports use (`部件编码`, `纬度`…), compared without case, spaces or a unit in brackets
//! (`经度(°)`).

/// One field an import reads.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The English heading, also how problems name the field.
    pub key: &'static str,
    /// Other headings that mean the same.
    pub headings: &'static [&'static str],
    pub required: bool,
}

/// Where each of a kind's fields sits in a file's rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    columns: Vec<Option<usize>>,
}

/// A heading as compared: lower case, no spaces or underscores, no trailing unit in brackets.
fn normalised(heading: &str) -> String {
    let heading = heading.trim().trim_start_matches('\u{feff}');
    let heading = match heading.find(['(', '（']) {
        Some(at) if at > 0 => &heading[..at],
        _ => heading,
    };
    heading
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

impl Layout {
    /// Finds every field among `headings`. A required field without a column, or a field with
    /// two, is a problem of the whole file.
    pub fn find(fields: &[Field], headings: &[String]) -> Result<Layout, Vec<String>> {
        let headings: Vec<String> = headings.iter().map(|h| normalised(h)).collect();
        let mut problems = Vec::new();
        let mut columns = Vec::with_capacity(fields.len());
        for field in fields {
            let names: Vec<String> = std::iter::once(field.key)
                .chain(field.headings.iter().copied())
                .map(normalised)
                .collect();
            let found: Vec<usize> = headings
                .iter()
                .enumerate()
                .filter(|(_, h)| names.contains(h))
                .map(|(i, _)| i)
                .collect();
            match found[..] {
                [] if field.required => problems.push(format!(
                    "缺少“{}”列（也可写作：{}）。The file has no {} column.",
                    field.key,
                    field.headings.join("、"),
                    field.key
                )),
                [] => columns.push(None),
                [one] => columns.push(Some(one)),
                _ => problems.push(format!(
                    "“{}”有 {} 列，只能有一列。The file has {} columns for {}; keep one.",
                    field.key,
                    found.len(),
                    found.len(),
                    field.key
                )),
            }
        }
        if problems.is_empty() {
            Ok(Layout { columns })
        } else {
            Err(problems)
        }
    }

    /// Whether the file has a column for field number `field`.
    pub fn has(&self, field: usize) -> bool {
        self.columns.get(field).copied().flatten().is_some()
    }

    /// Field number `field` of a row: trimmed, `None` when the file has no such column or the
    /// cell is empty.
    pub fn value<'a>(&self, cells: &'a [String], field: usize) -> Option<&'a str> {
        self.columns
            .get(field)
            .copied()
            .flatten()
            .and_then(|i| cells.get(i))
            .map(|cell| cell.trim())
            .filter(|cell| !cell.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[Field] = &[
        Field {
            key: "code",
            headings: &["部件编码", "标识码"],
            required: true,
        },
        Field {
            key: "lat",
            headings: &["纬度", "y"],
            required: false,
        },
        Field {
            key: "name",
            headings: &["名称"],
            required: true,
        },
    ];

    fn headings(names: &[&str]) -> Vec<String> {
        names.iter().map(|h| h.to_string()).collect()
    }

    #[test]
    fn a_field_is_found_by_any_of_its_headings_in_any_case_and_with_a_unit() {
        let layout = Layout::find(
            FIELDS,
            &headings(&["\u{feff}部件编码", "纬度（°）", " Name "]),
        )
        .unwrap();
        let row = headings(&["1101120110000001", " 39.9 ", ""]);
        assert_eq!(layout.value(&row, 0), Some("1101120110000001"));
        assert_eq!(layout.value(&row, 1), Some("39.9"));
        assert_eq!(layout.value(&row, 2), None, "an empty cell is no value");
    }

    #[test]
    fn a_missing_required_column_and_a_doubled_one_are_said_by_name() {
        let problems = Layout::find(FIELDS, &headings(&["纬度", "y"])).unwrap_err();
        assert!(
            problems.iter().any(|p| p.contains("no code column")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("2 columns for lat")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("no name column")),
            "{problems:?}"
        );
    }
}
