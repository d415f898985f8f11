//! The 16-digit city-component code (部件标识码) after GB/T 30428.2: county, class, subclass, serial.
//!
//! `110112 01 10 000123` reads: Tongzhou (GB/T 2260 110112), major class 01 公用设施, subclass 10
//! 路灯, serial 000123. Parsing returns a checked [`ComponentCode`] or says exactly which part is
//! wrong, so a resident who typed a code by hand can be told what to fix.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Tongzhou District, Beijing, in GB/T 2260.
pub const TONGZHOU_COUNTY_CODE: &str = "110112";

/// A structurally valid 16-digit component code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ComponentCode(String);

/// What is wrong with a text that was meant to be a component code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// Nothing was entered.
    Empty,
    /// Something other than digits (spaces and dashes are already removed).
    NotDigits,
    /// Digits, but not sixteen of them.
    WrongLength { digits: usize },
    /// The first six digits are not a county-level code (province 11–82, county part not 00).
    BadCounty,
    /// Major class 00: no such class exists.
    BadMajorClass,
    /// Subclass 00: no such subclass exists.
    BadSubclass,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Empty => write!(f, "no code entered"),
            CodeError::NotDigits => write!(f, "a component code has digits only"),
            CodeError::WrongLength { digits } => {
                write!(f, "a component code has 16 digits, this one has {digits}")
            }
            CodeError::BadCounty => write!(f, "the first 6 digits are not a county code"),
            CodeError::BadMajorClass => write!(f, "digits 7–8 (major class) cannot be 00"),
            CodeError::BadSubclass => write!(f, "digits 9–10 (subclass) cannot be 00"),
        }
    }
}

impl std::error::Error for CodeError {}

impl ComponentCode {
    /// Parses a code as a person might type or print it: spaces and dashes between groups are
    /// allowed (`110112-01-10-000123`), everything else must be digits.
    pub fn parse(text: &str) -> Result<ComponentCode, CodeError> {
        let digits: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if digits.is_empty() {
            return Err(CodeError::Empty);
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(CodeError::NotDigits);
        }
        if digits.len() != 16 {
            return Err(CodeError::WrongLength {
                digits: digits.len(),
            });
        }
        let province: u8 = digits[0..2].parse().expect("checked digits");
        if !(11..=82).contains(&province) || &digits[4..6] == "00" {
            return Err(CodeError::BadCounty);
        }
        if &digits[6..8] == "00" {
            return Err(CodeError::BadMajorClass);
        }
        if &digits[8..10] == "00" {
            return Err(CodeError::BadSubclass);
        }
        Ok(ComponentCode(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn county(&self) -> &str {
        &self.0[0..6]
    }

    pub fn major_class(&self) -> MajorClass {
        MajorClass::from_digits(&self.0[6..8])
    }

    /// Major class and subclass together, e.g. `"0110"`.
    pub fn class_key(&self) -> &str {
        &self.0[6..10]
    }

    pub fn serial(&self) -> &str {
        &self.0[10..16]
    }

    /// The code in the groups printed under a QR plate: `110112 01 10 000123`.
    pub fn grouped(&self) -> String {
        format!(
            "{} {} {} {}",
            &self.0[0..6],
            &self.0[6..8],
            &self.0[8..10],
            &self.0[10..16]
        )
    }

    /// The subclass's name, when the subclass is in the table Linli knows.
    pub fn subclass(&self) -> Option<&'static Subclass> {
        SUBCLASSES.iter().find(|s| s.key == self.class_key())
    }
}

impl fmt::Display for ComponentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ComponentCode {
    type Error = CodeError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        ComponentCode::parse(&text)
    }
}

impl From<ComponentCode> for String {
    fn from(code: ComponentCode) -> String {
        code.0
    }
}

/// The major classes of GB/T 30428.2; codes 07–99 are local extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MajorClass {
    Utilities,
    RoadsAndTraffic,
    Streetscape,
    Greening,
    HousingAndLand,
    Other,
    LocalExtension,
}

impl MajorClass {
    pub const ALL: [MajorClass; 6] = [
        MajorClass::Utilities,
        MajorClass::RoadsAndTraffic,
        MajorClass::Streetscape,
        MajorClass::Greening,
        MajorClass::HousingAndLand,
        MajorClass::Other,
    ];

    fn from_digits(digits: &str) -> MajorClass {
        match digits {
            "01" => MajorClass::Utilities,
            "02" => MajorClass::RoadsAndTraffic,
            "03" => MajorClass::Streetscape,
            "04" => MajorClass::Greening,
            "05" => MajorClass::HousingAndLand,
            "06" => MajorClass::Other,
            _ => MajorClass::LocalExtension,
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            MajorClass::Utilities => "公用设施",
            MajorClass::RoadsAndTraffic => "道路交通",
            MajorClass::Streetscape => "市容环境",
            MajorClass::Greening => "园林绿化",
            MajorClass::HousingAndLand => "房屋土地",
            MajorClass::Other => "其他设施",
            MajorClass::LocalExtension => "本地扩展类",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            MajorClass::Utilities => "Utilities",
            MajorClass::RoadsAndTraffic => "Roads and traffic",
            MajorClass::Streetscape => "Streetscape",
            MajorClass::Greening => "Parks and greening",
            MajorClass::HousingAndLand => "Housing and land",
            MajorClass::Other => "Other facilities",
            MajorClass::LocalExtension => "Local class",
        }
    }
}

/// One subclass: `key` is major class + subclass digits, e.g. `"0110"` for street lights.
#[derive(Debug, PartialEq, Eq)]
pub struct Subclass {
    pub key: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
}

const fn sub(key: &'static str, name_zh: &'static str, name_en: &'static str) -> Subclass {
    Subclass {
        key,
        name_zh,
        name_en,
    }
}

/// The subclasses Linli names, after GB/T 30428.2's lists for classes 01–06.
pub const SUBCLASSES: &[Subclass] = &[
    sub("0101", "上水井盖", "Water main manhole cover"),
    sub("0102", "污水井盖", "Sewer manhole cover"),
    sub("0103", "雨水井盖", "Storm drain manhole cover"),
    sub("0104", "电力井盖", "Power manhole cover"),
    sub("0105", "路灯井盖", "Street-light manhole cover"),
    sub("0106", "通信井盖", "Telecom manhole cover"),
    sub("0107", "热力井盖", "Heating manhole cover"),
    sub("0108", "燃气井盖", "Gas manhole cover"),
    sub("0109", "消防栓", "Fire hydrant"),
    sub("0110", "路灯", "Street light"),
    sub("0111", "变电箱", "Transformer box"),
    sub("0112", "通信交接箱", "Telecom cabinet"),
    sub("0201", "停车场", "Car park"),
    sub("0202", "公交站亭", "Bus shelter"),
    sub("0203", "交通标志牌", "Traffic sign"),
    sub("0204", "交通信号灯", "Traffic signal"),
    sub("0205", "路名牌", "Street name plate"),
    sub("0206", "护栏", "Railing"),
    sub("0207", "过街天桥", "Footbridge"),
    sub("0208", "非机动车停放点", "Bicycle parking"),
    sub("0301", "公共厕所", "Public toilet"),
    sub("0302", "垃圾箱", "Litter bin"),
    sub("0303", "报刊亭", "News kiosk"),
    sub("0304", "广告牌", "Signboard"),
    sub("0305", "公共座椅", "Public bench"),
    sub("0401", "古树名木", "Old and famous tree"),
    sub("0402", "行道树", "Street tree"),
    sub("0403", "绿地", "Green space"),
    sub("0404", "雕塑", "Sculpture"),
    sub("0405", "花坛", "Flower bed"),
    sub("0501", "住宅楼", "Residential building"),
    sub("0502", "公共建筑", "Public building"),
    sub("0601", "健身设施", "Fitness equipment"),
    sub("0602", "儿童游乐设施", "Playground equipment"),
    sub("0603", "信息亭", "Information kiosk"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<&str, CodeError>) {
        let got = ComponentCode::parse(input);
        assert_eq!(
            got.as_ref().map(|c| c.as_str()),
            expected.as_ref().map(|s| *s),
            "parsing {input:?}"
        );
    }

    #[test]
    fn parses_codes_as_people_write_them() {
        check("1101120110000123", Ok("1101120110000123"));
        check("110112 01 10 000123", Ok("1101120110000123"));
        check("110112-01-10-000123", Ok("1101120110000123"));
        check(" 1101120110000123\n", Ok("1101120110000123"));
    }

    #[test]
    fn names_the_part_that_is_wrong() {
        check("", Err(CodeError::Empty));
        check("   ", Err(CodeError::Empty));
        check(
            "11011201100001234",
            Err(CodeError::WrongLength { digits: 17 }),
        );
        check(
            "110112011000012",
            Err(CodeError::WrongLength { digits: 15 }),
        );
        check("11011201100001A3", Err(CodeError::NotDigits));
        check(
            "１１０１１２０１１０００００１２",
            Err(CodeError::NotDigits),
        );
        check("0901120110000123", Err(CodeError::BadCounty));
        check("1101000110000123", Err(CodeError::BadCounty));
        check("1101120010000123", Err(CodeError::BadMajorClass));
        check("1101120100000123", Err(CodeError::BadSubclass));
    }

    #[test]
    fn splits_into_its_parts() {
        let code = ComponentCode::parse("1101120110000123").unwrap();
        assert_eq!(code.county(), TONGZHOU_COUNTY_CODE);
        assert_eq!(code.major_class(), MajorClass::Utilities);
        assert_eq!(code.class_key(), "0110");
        assert_eq!(code.serial(), "000123");
        assert_eq!(code.grouped(), "110112 01 10 000123");
        assert_eq!(code.subclass().unwrap().name_zh, "路灯");
    }

    #[test]
    fn classes_beyond_06_are_local_extensions_not_errors() {
        let code = ComponentCode::parse("1101120901000001").unwrap();
        assert_eq!(code.major_class(), MajorClass::LocalExtension);
        assert!(code.subclass().is_none());
    }

    #[test]
    fn every_subclass_key_is_four_digits_of_a_known_class_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for s in SUBCLASSES {
            assert_eq!(s.key.len(), 4, "{}", s.key);
            assert!(("01"..="06").contains(&&s.key[0..2]), "{}", s.key);
            assert!(seen.insert(s.key), "duplicate subclass {}", s.key);
        }
    }

    #[test]
    fn serde_refuses_a_malformed_code() {
        let parsed: Result<ComponentCode, _> = serde_json::from_str("\"12345\"");
        assert!(parsed.is_err());
    }
}
