//! The problem types a resident can report, per component class: Open311's "services".
//!
//! A service code is stable and ASCII (`streetlight_out`); `group` is the component's major class
//! so Open311 clients can group them the way 数字城管 does.

use crate::component_code::MajorClass;

#[derive(Debug, PartialEq, Eq)]
pub struct ProblemType {
    pub service_code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub group: MajorClass,
    /// Subclass keys (`"0110"`) this problem applies to; empty means every subclass of `group`.
    pub subclasses: &'static [&'static str],
    pub keywords: &'static str,
    /// Hours until a request is due, after 接诉即办 practice: urgent utilities a day, else a week.
    pub due_hours: u32,
}

const MANHOLES: &[&str] = &[
    "0101", "0102", "0103", "0104", "0105", "0106", "0107", "0108",
];

pub const PROBLEM_TYPES: &[ProblemType] = &[
    ProblemType {
        service_code: "streetlight_out",
        name_zh: "路灯不亮",
        name_en: "Street light out",
        group: MajorClass::Utilities,
        subclasses: &["0110"],
        keywords: "路灯,照明,light",
        due_hours: 72,
    },
    ProblemType {
        service_code: "manhole_cover",
        name_zh: "井盖缺失或破损",
        name_en: "Manhole cover missing or broken",
        group: MajorClass::Utilities,
        subclasses: MANHOLES,
        keywords: "井盖,manhole,危险",
        due_hours: 24,
    },
    ProblemType {
        service_code: "hydrant_damaged",
        name_zh: "消防栓损坏或漏水",
        name_en: "Fire hydrant damaged or leaking",
        group: MajorClass::Utilities,
        subclasses: &["0109"],
        keywords: "消防栓,漏水,hydrant",
        due_hours: 24,
    },
    ProblemType {
        service_code: "traffic_facility_damaged",
        name_zh: "交通设施损坏",
        name_en: "Traffic facility damaged",
        group: MajorClass::RoadsAndTraffic,
        subclasses: &[],
        keywords: "标志,信号灯,护栏,站亭,sign,signal",
        due_hours: 72,
    },
    ProblemType {
        service_code: "bin_overflowing",
        name_zh: "垃圾箱满溢",
        name_en: "Litter bin overflowing",
        group: MajorClass::Streetscape,
        subclasses: &["0302"],
        keywords: "垃圾,满溢,bin",
        due_hours: 24,
    },
    ProblemType {
        service_code: "bench_damaged",
        name_zh: "座椅损坏",
        name_en: "Bench damaged",
        group: MajorClass::Streetscape,
        subclasses: &["0305"],
        keywords: "座椅,长椅,bench",
        due_hours: 168,
    },
    ProblemType {
        service_code: "toilet_problem",
        name_zh: "公厕脏乱或设施损坏",
        name_en: "Public toilet dirty or broken",
        group: MajorClass::Streetscape,
        subclasses: &["0301"],
        keywords: "厕所,卫生,toilet",
        due_hours: 24,
    },
    ProblemType {
        service_code: "tree_problem",
        name_zh: "树木倒伏、枯死或需修剪",
        name_en: "Tree fallen, dead or needs pruning",
        group: MajorClass::Greening,
        subclasses: &[],
        keywords: "树,绿化,tree",
        due_hours: 72,
    },
    ProblemType {
        service_code: "other",
        name_zh: "其他问题",
        name_en: "Other problem",
        group: MajorClass::Other,
        subclasses: &[],
        keywords: "其他,other",
        due_hours: 168,
    },
];

/// The problem types offered for a component of subclass `key` (e.g. `"0110"`): those of its
/// class that list the subclass or list none, and always `other` last.
pub fn problem_types_for(key: &str) -> Vec<&'static ProblemType> {
    let class = crate::component_code::ComponentCode::parse(&format!("110112{key}000001"))
        .map(|c| c.major_class())
        .ok();
    PROBLEM_TYPES
        .iter()
        .filter(|p| {
            p.service_code == "other"
                || (Some(p.group) == class
                    && (p.subclasses.is_empty() || p.subclasses.contains(&key)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(key: &str, expected: &[&str]) {
        let got: Vec<_> = problem_types_for(key)
            .iter()
            .map(|p| p.service_code)
            .collect();
        assert_eq!(got, expected, "problem types for {key}");
    }

    #[test]
    fn each_component_gets_its_own_problems_and_other() {
        check("0110", &["streetlight_out", "other"]);
        check("0102", &["manhole_cover", "other"]);
        check("0305", &["bench_damaged", "other"]);
        check("0202", &["traffic_facility_damaged", "other"]);
        check("0402", &["tree_problem", "other"]);
        check("0601", &["other"]);
    }

    #[test]
    fn service_codes_are_unique() {
        let mut codes: Vec<_> = PROBLEM_TYPES.iter().map(|p| p.service_code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), PROBLEM_TYPES.len());
    }
}
