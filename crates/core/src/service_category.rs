//! The everyday-service categories of the 15-minute convenience circle (一刻钟便民生活圈).
//!
//! Sources: the 2021 national guide (《城市一刻钟便民生活圈建设指南》) for the basic-guarantee and
//! quality-improvement types; Beijing's eight basic types (蔬菜零售, 便利店, 早餐, 洗染, 美容美发,
//! 家政, 末端配送, 再生资源回收); GB 50180-2018 for walking levels where a type belongs closer
//! than 15 minutes (5 min ≈ 300 m, 10 min ≈ 500 m, 15 min ≈ 800–1000 m).

use serde::{Deserialize, Serialize};

/// How far a resident should have to walk to a category, per GB 50180-2018's life circles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WalkLevel {
    FiveMinutes,
    TenMinutes,
    FifteenMinutes,
}

impl WalkLevel {
    pub fn minutes(self) -> u32 {
        match self {
            WalkLevel::FiveMinutes => 5,
            WalkLevel::TenMinutes => 10,
            WalkLevel::FifteenMinutes => 15,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tier {
    /// 基本保障类: every circle should have it.
    Basic,
    /// 品质提升类: makes a circle better.
    Quality,
}

#[derive(Debug, PartialEq, Eq)]
pub struct ServiceCategory {
    /// A stable ASCII id used in URLs and data files.
    pub id: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub tier: Tier,
    /// One of Beijing's eight basic types.
    pub beijing_basic: bool,
    pub walk_level: WalkLevel,
}

const fn cat(
    id: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    tier: Tier,
    beijing_basic: bool,
    walk_level: WalkLevel,
) -> ServiceCategory {
    ServiceCategory {
        id,
        name_zh,
        name_en,
        tier,
        beijing_basic,
        walk_level,
    }
}

use Tier::{Basic, Quality};
use WalkLevel::{FifteenMinutes, FiveMinutes, TenMinutes};

pub const CATEGORIES: &[ServiceCategory] = &[
    cat(
        "convenience_store",
        "便利店",
        "Convenience store",
        Basic,
        true,
        FiveMinutes,
    ),
    cat(
        "supermarket",
        "综合超市",
        "Supermarket",
        Basic,
        false,
        FifteenMinutes,
    ),
    cat(
        "wet_market",
        "菜市场",
        "Wet market",
        Basic,
        false,
        FifteenMinutes,
    ),
    cat(
        "greengrocer",
        "生鲜超市/菜店",
        "Greengrocer",
        Basic,
        true,
        TenMinutes,
    ),
    cat("breakfast", "早餐店", "Breakfast", Basic, true, FiveMinutes),
    cat(
        "laundry",
        "洗染店",
        "Laundry and dry cleaning",
        Basic,
        true,
        FifteenMinutes,
    ),
    cat(
        "hairdresser",
        "美容美发店",
        "Hairdresser",
        Basic,
        true,
        FifteenMinutes,
    ),
    cat(
        "print_shop",
        "照相文印店",
        "Photo and print shop",
        Basic,
        false,
        FifteenMinutes,
    ),
    cat(
        "housekeeping",
        "家政服务点",
        "Housekeeping services",
        Basic,
        true,
        FifteenMinutes,
    ),
    cat(
        "repair",
        "维修点",
        "Repair shop",
        Basic,
        false,
        FifteenMinutes,
    ),
    cat("pharmacy", "药店", "Pharmacy", Basic, false, TenMinutes),
    cat(
        "parcels",
        "邮政快递综合服务点",
        "Post and parcel point",
        Basic,
        true,
        TenMinutes,
    ),
    cat(
        "recycling",
        "再生资源回收点",
        "Recycling point",
        Basic,
        true,
        FifteenMinutes,
    ),
    cat(
        "restaurant",
        "特色餐饮",
        "Restaurant",
        Quality,
        false,
        FifteenMinutes,
    ),
    cat(
        "fitness",
        "运动健身",
        "Sport and fitness",
        Quality,
        false,
        FifteenMinutes,
    ),
    cat(
        "bookshop",
        "新式书店",
        "Bookshop",
        Quality,
        false,
        FifteenMinutes,
    ),
    cat(
        "childcare",
        "托育",
        "Childcare",
        Quality,
        false,
        FifteenMinutes,
    ),
    cat(
        "elderly_care",
        "养老服务",
        "Elderly care",
        Quality,
        false,
        FifteenMinutes,
    ),
];

/// Looks a category up by its id.
pub fn category(id: &str) -> Option<&'static ServiceCategory> {
    CATEGORIES.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_names_exactly_eight_basic_types_all_of_them_basic_tier() {
        let beijing: Vec<_> = CATEGORIES.iter().filter(|c| c.beijing_basic).collect();
        // 蔬菜零售 is served by the greengrocer type; 末端配送 by the parcel point.
        assert_eq!(beijing.len(), 8);
        assert!(beijing.iter().all(|c| c.tier == Tier::Basic));
    }

    #[test]
    fn ids_are_unique_and_found() {
        for c in CATEGORIES {
            assert_eq!(category(c.id), Some(c));
        }
        assert_eq!(category("no_such_thing"), None);
    }
}
