//! The plans: what each of the three communities holds, written as tables a person can read
//! and edit. Only what a person would choose is here (names, roads, compounds, what stands
//! where); positions in degrees, phones and households are derived or drawn from them.

use linli_api::ComponentState;
use linli_api::ComponentState::{BeingRepaired as Repairing, Normal};

use super::geometry::RoadRef::{EastWest as Ew, NorthSouth as Ns};
use super::geometry::{ROADS_PER_DIRECTION, RoadRef, Side};

/// A road's name, and the initials its street furniture carries.
pub(crate) struct Road {
    pub(crate) name: &'static str,
    /// Pinyin initials painted on lamp posts and covers, e.g. `BYNL` for 北苑南路.
    pub(crate) abbr: &'static str,
}

const fn road(name: &'static str, abbr: &'static str) -> Road {
    Road { name, abbr }
}

/// A gated residential compound filling one block.
pub(crate) struct CompoundPlan {
    pub(crate) name: &'static str,
    /// (column west→east, row south→north), each 0..4.
    pub(crate) block: (u32, u32),
    /// The only ways in: one or two gates.
    pub(crate) gates: &'static [Side],
    /// (building number, metres east and north of the block's south-west corner).
    pub(crate) buildings: &'static [(u32, f64, f64)],
}

/// (subclass key, name template, road, metres along the road, state). The template may use
/// `{road}`, `{cross}` (the nearest crossing road), `{abbr}` and `{pole}` (the lamp-post number
/// at that point, which plates on covers and bins reuse).
pub(crate) type ComponentSpec = (&'static str, &'static str, RoadRef, f64, ComponentState);

/// (category id, shop name, OpenStreetMap opening_hours). Position, phone and step-free access
/// are drawn by the community's generator; a `{road}` in the name becomes the road it was put
/// on, so a branch named after its street is really on that street.
pub(crate) type ServiceSpec = (&'static str, &'static str, &'static str);

/// One community: its names, where it lies, its roads and compounds, and what stands on its
/// streets.
pub(crate) struct CommunityPlan {
    pub(crate) id: &'static str,
    pub(crate) name_zh: &'static str,
    pub(crate) name_en: &'static str,
    /// The street's (街道's) id: the sample's own slug, where a district uses its 9-digit code.
    pub(crate) street_id: &'static str,
    pub(crate) street_zh: &'static str,
    pub(crate) street_en: &'static str,
    /// South-west corner, WGS-84 (lat, lon).
    pub(crate) south_west: (f64, f64),
    /// South to north.
    east_west_roads: [Road; ROADS_PER_DIRECTION],
    /// West to east.
    north_south_roads: [Road; ROADS_PER_DIRECTION],
    pub(crate) compounds: &'static [CompoundPlan],
    pub(crate) components: &'static [ComponentSpec],
    pub(crate) services: &'static [ServiceSpec],
}

impl CommunityPlan {
    pub(crate) fn road(&self, road: RoadRef) -> &Road {
        match road {
            Ew(i) => &self.east_west_roads[i],
            Ns(i) => &self.north_south_roads[i],
        }
    }
}

pub(crate) const PLANS: [CommunityPlan; 3] = [BEIYUAN_JIAYUAN, BEIYUAN_XINHUA, ZHONGCANG_SHANGYING];

/// 北苑家园社区: the northernmost square. Has no laundry (洗染店).
const BEIYUAN_JIAYUAN: CommunityPlan = CommunityPlan {
    id: "beiyuan-jiayuan",
    name_zh: "北苑家园社区",
    name_en: "Beiyuan Jiayuan Community",
    street_id: "beiyuan",
    street_zh: "北苑街道",
    street_en: "Beiyuan Subdistrict",
    south_west: (39.9120, 116.6360),
    east_west_roads: [
        road("北苑南路", "BYNL"),
        road("北苑一街", "BYYJ"),
        road("北苑二街", "BYEJ"),
        road("北苑三街", "BYSJ"),
        road("通惠北路", "THBL"),
    ],
    north_south_roads: [
        road("新华北路", "XHBL"),
        road("果园西路", "GYXL"),
        road("北苑中路", "BYZL"),
        road("北苑东路", "BYDL"),
        road("西海子路", "XHZL"),
    ],
    compounds: &[
        CompoundPlan {
            name: "北苑家园",
            block: (1, 1),
            gates: &[Side::South, Side::East],
            buildings: &[(3, 70.0, 100.0), (5, 180.0, 150.0)],
        },
        CompoundPlan {
            name: "果园小区",
            block: (0, 2),
            gates: &[Side::West],
            buildings: &[(2, 105.0, 60.0)],
        },
        CompoundPlan {
            name: "天赐良园",
            block: (2, 3),
            gates: &[Side::North, Side::South],
            buildings: &[(11, 145.0, 190.0)],
        },
        CompoundPlan {
            name: "北苑南里",
            block: (3, 0),
            gates: &[Side::South],
            buildings: &[],
        },
    ],
    components: BEIYUAN_JIAYUAN_COMPONENTS,
    services: BEIYUAN_JIAYUAN_SERVICES,
};

#[rustfmt::skip]
const BEIYUAN_JIAYUAN_COMPONENTS: &[ComponentSpec] = &[
    // Tests elsewhere use this exact lamp (1101120110000001): keep it first.
    ("0110", "{road}路灯 {abbr}-{pole}", Ew(0), 130.0, Normal),
    ("0110", "{road}路灯 {abbr}-{pole}", Ns(2), 410.0, Normal),
    ("0110", "{road}路灯 {abbr}-{pole}", Ew(3), 760.0, Repairing),
    ("0102", "北苑家园南门外污水井盖", Ew(1), 380.0, Normal),
    ("0103", "{road}与{cross}路口雨水井盖", Ew(2), 495.0, Normal),
    ("0104", "{road}电力井盖 DL-{pole}", Ns(1), 600.0, Normal),
    ("0109", "北苑家园东门消防栓", Ns(2), 370.0, Normal),
    ("0111", "果园小区西门变电箱", Ns(0), 620.0, Normal),
    ("0202", "北苑家园公交站站亭", Ew(0), 260.0, Normal),
    ("0204", "{road}与{cross}交叉口信号灯", Ew(0), 502.0, Repairing),
    ("0205", "{road}路名牌", Ns(3), 120.0, Normal),
    ("0208", "北苑家园南门非机动车停放点", Ew(1), 350.0, Normal),
    ("0301", "{road}公共厕所", Ew(2), 870.0, Normal),
    ("0302", "{road}分类垃圾箱 LJ-{pole}", Ns(1), 300.0, Normal),
    ("0402", "{road}行道树 国槐 {pole}号", Ew(4), 220.0, Normal),
    ("0403", "{road}街旁绿地", Ns(4), 450.0, Normal),
];

#[rustfmt::skip]
const BEIYUAN_JIAYUAN_SERVICES: &[ServiceSpec] = &[
    ("convenience_store", "物美便利店(北苑店)", "Mo-Su 07:00-23:00"),
    ("convenience_store", "便利蜂({road}店)", "24/7"),
    ("convenience_store", "好邻居便利店({road}店)", "Mo-Su 07:00-22:00"),
    ("supermarket", "华联超市(北苑店)", "Mo-Su 08:30-21:30"),
    ("wet_market", "北苑农贸市场", "Mo-Su 06:00-18:00"),
    ("greengrocer", "北苑家园便民菜站", "Mo-Su 06:30-19:30"),
    ("greengrocer", "鲜丰果蔬", "Mo-Su 08:00-21:00"),
    ("breakfast", "庆丰包子铺(北苑店)", "Mo-Su 06:00-21:00"),
    ("breakfast", "老街坊早点", "Mo-Su 05:30-10:00"),
    ("breakfast", "京味早餐车", "Mo-Fr 06:30-09:30"),
    ("hairdresser", "老街坊理发", "Mo-Su 08:30-19:00"),
    ("hairdresser", "丝艺美发", "Mo-Su 10:00-21:00"),
    ("hairdresser", "快剪理发(华联店)", "Mo-Su 09:00-21:00"),
    ("print_shop", "北苑图文快印", "Mo-Fr 08:30-19:00; Sa,Su 09:00-17:00"),
    ("housekeeping", "北苑家政服务站", "Mo-Sa 08:00-18:00"),
    ("repair", "老王修鞋配钥匙", "Mo-Su 08:00-18:00"),
    ("repair", "北苑家电维修部", "Mo-Sa 09:00-18:00"),
    ("pharmacy", "金象大药房(北苑店)", "Mo-Su 08:00-22:00"),
    ("pharmacy", "嘉事堂药店({road}店)", "24/7"),
    ("parcels", "菜鸟驿站(北苑家园店)", "Mo-Su 08:00-21:00"),
    ("parcels", "中国邮政北苑营业所", "Mo-Fr 08:30-17:00; Sa 09:00-16:00"),
    ("recycling", "北苑再生资源回收站", "Tu,Th,Sa 08:00-16:00"),
    ("restaurant", "小楼饭店(北苑店)", "Mo-Su 10:30-14:00,17:00-21:30"),
    ("restaurant", "运河人家家常菜", "Mo-Su 11:00-22:00"),
    ("restaurant", "大顺斋糕点(北苑店)", "Mo-Su 07:30-20:00"),
    ("fitness", "北苑全民健身中心", "Mo-Su 06:00-22:00"),
    ("fitness", "北苑羽毛球馆", "Mo-Fr 14:00-22:00; Sa,Su 08:00-22:00"),
    ("bookshop", "运河书房(北苑店)", "Tu-Su 09:30-20:30"),
    ("childcare", "小橡树托育园", "Mo-Fr 07:30-18:30"),
    ("elderly_care", "北苑街道养老服务驿站", "Mo-Su 08:00-20:00"),
];

/// 新华西街社区: the old-town square south-east of it. Has no housekeeping point (家政) and no
/// recycling point (再生资源回收).
const BEIYUAN_XINHUA: CommunityPlan = CommunityPlan {
    id: "beiyuan-xinhua",
    name_zh: "新华西街社区",
    name_en: "Xinhua Xijie Community",
    street_id: "beiyuan",
    street_zh: "北苑街道",
    street_en: "Beiyuan Subdistrict",
    south_west: (39.9000, 116.6500),
    east_west_roads: [
        road("新华大街", "XHDJ"),
        road("新华西街", "XHXJ"),
        road("西关大街", "XGDJ"),
        road("西关北巷", "XGBX"),
        road("西顺城街", "XSCJ"),
    ],
    north_south_roads: [
        road("北小园路", "BXYL"),
        road("西关路", "XGL"),
        road("新华西路", "XHXL"),
        road("司空胡同", "SKHT"),
        road("北大街", "BDJ"),
    ],
    compounds: &[
        CompoundPlan {
            name: "新华西街小区",
            block: (1, 2),
            gates: &[Side::North],
            buildings: &[(1, 60.0, 70.0), (4, 190.0, 110.0)],
        },
        CompoundPlan {
            name: "西关南里",
            block: (2, 0),
            gates: &[Side::South, Side::West],
            buildings: &[(6, 150.0, 145.0)],
        },
        CompoundPlan {
            name: "司空小区",
            block: (3, 3),
            gates: &[Side::East],
            buildings: &[(2, 100.0, 185.0)],
        },
    ],
    components: BEIYUAN_XINHUA_COMPONENTS,
    services: BEIYUAN_XINHUA_SERVICES,
};

#[rustfmt::skip]
const BEIYUAN_XINHUA_COMPONENTS: &[ComponentSpec] = &[
    ("0110", "{road}路灯 {abbr}-{pole}", Ew(0), 640.0, Normal),
    ("0110", "{road}路灯 {abbr}-{pole}", Ns(2), 200.0, Normal),
    ("0101", "{road}上水井盖 SS-{pole}", Ew(1), 150.0, Normal),
    ("0106", "{road}通信井盖 TX-{pole}", Ns(3), 830.0, Repairing),
    ("0107", "{road}热力井盖 RL-{pole}", Ew(2), 410.0, Normal),
    ("0203", "{road}限速30标志牌", Ns(1), 700.0, Normal),
    ("0206", "{road}人行道护栏", Ew(0), 300.0, Normal),
    ("0202", "新华西街公交站站亭", Ew(0), 880.0, Normal),
    ("0205", "{road}路名牌", Ns(4), 60.0, Normal),
    ("0301", "{road}公共厕所", Ns(2), 560.0, Normal),
    ("0302", "{road}分类垃圾箱 LJ-{pole}", Ew(3), 540.0, Normal),
    ("0305", "{road}公共座椅 ZY-{pole}", Ew(1), 720.0, Normal),
    ("0303", "{road}报刊亭", Ew(0), 760.0, Normal),
    ("0401", "西关古槐(二级古树)", Ns(1), 380.0, Normal),
    ("0402", "{road}行道树 银杏 {pole}号", Ns(3), 470.0, Normal),
    ("0405", "{road}花坛", Ew(2), 130.0, Normal),
];

#[rustfmt::skip]
const BEIYUAN_XINHUA_SERVICES: &[ServiceSpec] = &[
    ("convenience_store", "便利蜂({road}店)", "24/7"),
    ("convenience_store", "7-ELEVEn(新华西街店)", "24/7"),
    ("convenience_store", "超市发便利店(西关店)", "Mo-Su 07:00-22:30"),
    ("supermarket", "超市发(新华西街店)", "Mo-Su 08:00-22:00"),
    ("supermarket", "物美超市(西关店)", "Mo-Su 08:00-21:30"),
    ("greengrocer", "西关蔬菜直营店", "Mo-Su 06:00-20:00"),
    ("greengrocer", "钱大妈(新华西街店)", "Mo-Su 07:30-22:00"),
    ("breakfast", "庆丰包子铺({road}店)", "Mo-Su 06:00-21:00"),
    ("breakfast", "西关豆腐脑", "Mo-Su 05:30-10:30"),
    ("breakfast", "宏状元粥店(西关店)", "Mo-Su 06:00-22:00"),
    ("laundry", "福奈特洗衣(新华西街店)", "Mo-Su 09:00-20:00"),
    ("laundry", "荣昌洗衣(西关店)", "Mo-Su 08:30-20:00"),
    ("hairdresser", "西关理发馆", "Mo-Su 08:00-18:00"),
    ("hairdresser", "名剪坊美发", "Mo-Su 09:30-21:30"),
    ("print_shop", "新华照相文印", "Mo-Sa 08:30-18:30"),
    ("repair", "小李家电维修", "Mo-Sa 09:00-19:00"),
    ("repair", "西关自行车修理", "Mo-Su 07:30-18:30"),
    ("pharmacy", "同仁堂药店({road}店)", "Mo-Su 08:30-21:00"),
    ("pharmacy", "老百姓大药房(西关店)", "Mo-Su 08:00-22:00"),
    ("parcels", "菜鸟驿站(新华西街店)", "Mo-Su 08:30-21:00"),
    ("parcels", "京东快递服务站(西关店)", "Mo-Su 09:00-20:00"),
    ("parcels", "中国邮政{road}营业所", "Mo-Fr 08:30-17:30; Sa,Su 09:00-16:00"),
    ("restaurant", "紫光园({road}店)", "Mo-Su 06:30-21:00"),
    ("restaurant", "大顺斋({road}店)", "Mo-Su 07:00-20:00"),
    ("restaurant", "西关涮肉", "Mo-Su 11:00-14:00,17:00-22:00"),
    ("fitness", "新华西街社区健身房", "Mo-Su 06:00-21:00"),
    ("fitness", "乐动瑜伽馆", "Mo-Fr 10:00-21:30; Sa,Su 09:00-20:00"),
    ("bookshop", "大运河书局(新华店)", "Mo-Su 09:00-21:00"),
    ("childcare", "新华西街托育中心", "Mo-Fr 07:30-18:00"),
    ("elderly_care", "新华西街养老服务驿站", "Mo-Su 08:00-19:00"),
    ("elderly_care", "西关社区老年餐桌", "Mo-Su 10:30-13:00,16:30-18:30"),
];

/// 上营社区 of 中仓街道: the southern square. Has no greengrocer (蔬菜零售) and no wet market.
const ZHONGCANG_SHANGYING: CommunityPlan = CommunityPlan {
    id: "zhongcang-shangying",
    name_zh: "上营社区",
    name_en: "Shangying Community",
    street_id: "zhongcang",
    street_zh: "中仓街道",
    street_en: "Zhongcang Subdistrict",
    south_west: (39.8880, 116.6700),
    east_west_roads: [
        road("中仓路", "ZCL"),
        road("上营前街", "SYQJ"),
        road("上营中街", "SYZJ"),
        road("上营后街", "SYHJ"),
        road("车站路", "CZL"),
    ],
    north_south_roads: [
        road("西营路", "XYL"),
        road("上营西巷", "SYXX"),
        road("上营路", "SYL"),
        road("玉带河西街", "YDHX"),
        road("运河西大街", "YHXD"),
    ],
    compounds: &[
        CompoundPlan {
            name: "上营小区",
            block: (1, 1),
            gates: &[Side::South, Side::North],
            buildings: &[(7, 65.0, 150.0), (9, 190.0, 65.0)],
        },
        CompoundPlan {
            name: "中仓小区",
            block: (3, 1),
            gates: &[Side::West],
            buildings: &[(3, 145.0, 105.0)],
        },
        CompoundPlan {
            name: "西营里",
            block: (0, 3),
            gates: &[Side::East, Side::South],
            buildings: &[],
        },
        CompoundPlan {
            name: "运河花园",
            block: (2, 3),
            gates: &[Side::North],
            buildings: &[(12, 105.0, 190.0)],
        },
    ],
    components: ZHONGCANG_SHANGYING_COMPONENTS,
    services: ZHONGCANG_SHANGYING_SERVICES,
};

#[rustfmt::skip]
const ZHONGCANG_SHANGYING_COMPONENTS: &[ComponentSpec] = &[
    ("0110", "{road}路灯 {abbr}-{pole}", Ew(1), 450.0, Normal),
    ("0110", "{road}路灯 {abbr}-{pole}", Ns(4), 720.0, Repairing),
    ("0108", "{road}燃气井盖 RQ-{pole}", Ew(2), 600.0, Normal),
    ("0103", "{road}与{cross}路口雨水井盖", Ew(3), 748.0, Normal),
    ("0112", "上营小区南门通信交接箱", Ew(1), 390.0, Normal),
    ("0201", "上营小区北门停车场", Ew(2), 360.0, Normal),
    ("0204", "{road}与{cross}交叉口信号灯", Ew(0), 748.0, Normal),
    ("0208", "{road}共享单车停放点", Ns(2), 150.0, Normal),
    ("0301", "{road}公共厕所", Ew(4), 320.0, Repairing),
    ("0302", "{road}分类垃圾箱 LJ-{pole}", Ns(1), 840.0, Normal),
    ("0304", "{road}公益广告牌", Ew(1), 900.0, Normal),
    ("0305", "{road}公共座椅 ZY-{pole}", Ns(3), 270.0, Normal),
    ("0401", "上营古枣树(一级古树)", Ew(3), 180.0, Normal),
    ("0403", "{road}街心绿地", Ns(2), 620.0, Normal),
    ("0404", "运河漕运文化雕塑", Ns(4), 250.0, Normal),
    ("0405", "{road}花坛", Ew(0), 90.0, Normal),
];

#[rustfmt::skip]
const ZHONGCANG_SHANGYING_SERVICES: &[ServiceSpec] = &[
    ("convenience_store", "物美便利店(上营店)", "Mo-Su 07:00-23:00"),
    ("convenience_store", "便利蜂({road}店)", "24/7"),
    ("convenience_store", "京客隆便利店({road}店)", "Mo-Su 07:00-22:00"),
    ("supermarket", "京客隆超市(中仓店)", "Mo-Su 08:00-21:30"),
    ("supermarket", "华冠超市(上营店)", "Mo-Su 08:30-21:00"),
    ("breakfast", "庆丰包子铺({road}店)", "Mo-Su 06:00-21:00"),
    ("breakfast", "上营早点铺", "Mo-Su 05:30-10:00"),
    ("breakfast", "老北京炸糕豆浆", "Mo-Su 06:00-11:00"),
    ("laundry", "荣昌洗衣(上营店)", "Mo-Su 08:30-20:00"),
    ("hairdresser", "上营理发店", "Mo-Su 08:00-19:00"),
    ("hairdresser", "剪艺造型", "Mo-Su 10:00-22:00"),
    ("print_shop", "中仓图文打印社", "Mo-Fr 08:00-20:00; Sa,Su 09:00-18:00"),
    ("housekeeping", "中仓家政服务中心", "Mo-Sa 08:30-17:30"),
    ("housekeeping", "好帮手保洁", "Mo-Su 08:00-20:00"),
    ("repair", "上营修鞋修伞", "Mo-Su 08:00-17:00"),
    ("repair", "{road}手机维修", "Mo-Su 09:30-21:00"),
    ("pharmacy", "金象大药房(中仓店)", "24/7"),
    ("parcels", "菜鸟驿站(上营小区店)", "Mo-Su 08:00-21:30"),
    ("parcels", "顺丰速运({road}店)", "Mo-Su 08:00-20:00"),
    ("recycling", "上营再生资源回收站", "Mo,We,Fr,Sa 08:00-16:30"),
    ("recycling", "上营智能回收箱", "24/7"),
    ("restaurant", "小楼饭店(中仓店)", "Mo-Su 10:30-14:00,17:00-21:30"),
    ("restaurant", "运河鱼馆", "Mo-Su 11:00-21:00"),
    ("restaurant", "上营卤煮", "Mo-Su 10:00-20:00"),
    ("fitness", "中仓全民健身站", "Mo-Su 06:00-21:00"),
    ("fitness", "上营乒乓球馆", "Tu-Su 09:00-21:00"),
    ("bookshop", "运河书房(中仓店)", "Tu-Su 09:30-20:30"),
    ("childcare", "中仓社区托育点", "Mo-Fr 08:00-18:00"),
    ("elderly_care", "中仓街道养老照料中心", "24/7"),
    ("elderly_care", "上营养老服务驿站", "Mo-Su 08:00-20:00"),
];
