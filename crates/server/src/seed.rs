//! The generated Tongzhou sample data (示例数据): three communities with their city components,
//! buildings, everyday services, walking graphs and two micro-renewal ballots. Pure and
//! deterministic: no clock, no randomness from outside, so every run and every export agree.

use std::collections::BTreeMap;

use linli_api::{
    Ballot, BallotKind, BallotStatus, BallotSummary, Building, Community, Component,
    ComponentState, LatLon, Maintainer, Project, ServicePoint, WalkingGraph,
};
use linli_core::component_code::{ComponentCode, TONGZHOU_COUNTY_CODE};
use linli_core::rng::SplitMix64;

/// Everything the sample database starts with. Every record is sample data and is flagged so
/// wherever the wire type carries the flag.
#[derive(Debug, Clone)]
pub struct SampleData {
    pub communities: Vec<Community>,
    pub components: Vec<Component>,
    pub buildings: Vec<Building>,
    /// (community id, point)
    pub services: Vec<(String, ServicePoint)>,
    pub graphs: Vec<WalkingGraph>,
    pub ballots: Vec<Ballot>,
}

/// Deterministic: two calls return identical data.
pub fn sample_data() -> SampleData {
    let mut data = SampleData {
        communities: Vec::new(),
        components: Vec::new(),
        buildings: Vec::new(),
        services: Vec::new(),
        graphs: Vec::new(),
        ballots: vec![open_ballot(), closed_ballot()],
    };
    // Serials count per subclass across the district, as a real register numbers its plates.
    let mut component_serials: BTreeMap<&str, u32> = BTreeMap::new();
    let mut building_serial = 0;
    let mut service_serial = 0;
    for (index, plan) in PLANS.iter().enumerate() {
        // One generator per community, so editing one community's tables leaves the others'
        // generated details (positions, phones, households) exactly as they were.
        let mut rng = SplitMix64::new(SEED ^ (index as u64 + 1));
        let frame = Frame::new(plan.south_west);
        data.communities.push(community(plan));
        for spec in plan.components {
            let serial = component_serials.entry(spec.0).or_insert(0);
            *serial += 1;
            data.components
                .push(component(plan, &frame, spec, *serial, &mut rng));
        }
        for compound in plan.compounds {
            for &(number, dx, dy) in compound.buildings {
                building_serial += 1;
                let spot = BuildingSpot {
                    compound,
                    number,
                    dx,
                    dy,
                };
                data.buildings
                    .push(building(plan, &frame, &spot, building_serial, &mut rng));
            }
        }
        for spec in plan.services {
            service_serial += 1;
            let point = service_point(plan, &frame, spec, service_serial, &mut rng);
            data.services.push((plan.id.to_string(), point));
        }
        data.graphs.push(lay_out_community(plan).graph);
    }
    data
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/// "LINLI" and the plan year: any fixed value works, this one is recognisable in a debugger.
const SEED: u64 = 0x4C49_4E4C_4920_2026;

// ---------------------------------------------------------------------------------------------
// Geometry: each community is a 1 km square laid out in local metres, then mapped to WGS-84
// ---------------------------------------------------------------------------------------------

/// Roads run every 250 m, five each way, so a community is a 4 × 4 grid of blocks.
const BLOCK_M: f64 = 250.0;
const ROADS_PER_DIRECTION: usize = 5;
const BLOCKS_PER_DIRECTION: u32 = 4;
/// Street nodes every 62.5 m: close enough that a shop or a lamp is always near one.
const STREET_STEPS_PER_BLOCK: u32 = 4;
/// A compound's internal paths: five each way, 41.7 m apart, the middle one on the gate axis.
const COMPOUND_PATHS: u32 = 5;
/// Gates sit just inside the fence, between the street and the first internal path.
const GATE_INSET_M: f64 = 15.0;
/// Lamps, covers and signs stand on the pavement, shops a little further back.
const KERB_OFFSET_M: f64 = 6.0;
const SHOPFRONT_OFFSET_M: f64 = 10.0;
/// Lamp posts are numbered along their road at this spacing.
const LAMP_SPACING_M: f64 = 30.0;
/// Mean Earth radius (IUGG), the usual choice for haversine.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Maps local metres (x east, y north, from the community's south-west corner) to WGS-84.
struct Frame {
    origin: LatLon,
    metres_per_degree_lat: f64,
    metres_per_degree_lon: f64,
}

impl Frame {
    fn new((lat, lon): (f64, f64)) -> Frame {
        let metres_per_degree_lat = EARTH_RADIUS_M.to_radians();
        Frame {
            origin: LatLon { lat, lon },
            metres_per_degree_lat,
            metres_per_degree_lon: metres_per_degree_lat * lat.to_radians().cos(),
        }
    }

    /// Rounded to 6 decimals (about 10 cm): tidy JSON, and distances are measured afterwards.
    fn to_lat_lon(&self, x: f64, y: f64) -> LatLon {
        LatLon {
            lat: round_to(self.origin.lat + y / self.metres_per_degree_lat, 1e6),
            lon: round_to(self.origin.lon + x / self.metres_per_degree_lon, 1e6),
        }
    }
}

fn round_to(value: f64, per_unit: f64) -> f64 {
    (value * per_unit).round() / per_unit
}

/// Great-circle distance in metres.
fn haversine_m(a: LatLon, b: LatLon) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let d_lat = lat2 - lat1;
    let d_lon = (b.lon - a.lon).to_radians();
    let h = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().asin()
}

/// One of a community's ten roads: east–west ones are numbered south to north, north–south ones
/// west to east; road `i` lies `i × 250 m` from the south (or west) edge.
#[derive(Clone, Copy, Debug, PartialEq)]
enum RoadRef {
    EastWest(usize),
    NorthSouth(usize),
}

use RoadRef::{EastWest as Ew, NorthSouth as Ns};

impl RoadRef {
    /// The point `along` metres down the road (from its west or south end), moved `offset`
    /// metres across it: positive offsets are north of an east–west road, east of a north–south one.
    fn point(self, along: f64, offset: f64) -> (f64, f64) {
        match self {
            Ew(i) => (along, i as f64 * BLOCK_M + offset),
            Ns(i) => (i as f64 * BLOCK_M + offset, along),
        }
    }

    /// The road crossing this one nearest to `along`.
    fn nearest_crossing(self, along: f64) -> RoadRef {
        let index = ((along / BLOCK_M).round() as usize).min(ROADS_PER_DIRECTION - 1);
        match self {
            Ew(_) => Ns(index),
            Ns(_) => Ew(index),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Side {
    South,
    North,
    West,
    East,
}

// ---------------------------------------------------------------------------------------------
// The plans: what each community holds, written as tables a person can read and edit
// ---------------------------------------------------------------------------------------------

struct Road {
    name: &'static str,
    /// Pinyin initials painted on lamp posts and covers, e.g. `BYNL` for 北苑南路.
    abbr: &'static str,
}

const fn road(name: &'static str, abbr: &'static str) -> Road {
    Road { name, abbr }
}

/// A gated residential compound filling one block.
struct CompoundPlan {
    name: &'static str,
    /// (column west→east, row south→north), each 0..4.
    block: (u32, u32),
    /// The only ways in: one or two gates.
    gates: &'static [Side],
    /// (building number, metres east and north of the block's south-west corner).
    buildings: &'static [(u32, f64, f64)],
}

/// (subclass key, name template, road, metres along the road, state). The template may use
/// `{road}`, `{cross}` (the nearest crossing road), `{abbr}` and `{pole}` (the lamp-post number
/// at that point, which plates on covers and bins reuse).
type ComponentSpec = (&'static str, &'static str, RoadRef, f64, ComponentState);

/// (category id, shop name, OpenStreetMap opening_hours). Position, phone and step-free access
/// are drawn by the community's generator; a `{road}` in the name becomes the road it was put
/// on, so a branch named after its street is really on that street.
type ServiceSpec = (&'static str, &'static str, &'static str);

struct CommunityPlan {
    id: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    street_zh: &'static str,
    street_en: &'static str,
    /// South-west corner, WGS-84 (lat, lon).
    south_west: (f64, f64),
    /// South to north.
    east_west_roads: [Road; ROADS_PER_DIRECTION],
    /// West to east.
    north_south_roads: [Road; ROADS_PER_DIRECTION],
    compounds: &'static [CompoundPlan],
    components: &'static [ComponentSpec],
    services: &'static [ServiceSpec],
}

impl CommunityPlan {
    fn road(&self, road: RoadRef) -> &Road {
        match road {
            Ew(i) => &self.east_west_roads[i],
            Ns(i) => &self.north_south_roads[i],
        }
    }
}

use ComponentState::{BeingRepaired as Repairing, Normal};

const PLANS: [CommunityPlan; 3] = [BEIYUAN_JIAYUAN, BEIYUAN_XINHUA, ZHONGCANG_SHANGYING];

/// 北苑家园社区: the northernmost square. Has no laundry (洗染店).
const BEIYUAN_JIAYUAN: CommunityPlan = CommunityPlan {
    id: "beiyuan-jiayuan",
    name_zh: "北苑家园社区",
    name_en: "Beiyuan Jiayuan Community",
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

// ---------------------------------------------------------------------------------------------
// Records built from the plans
// ---------------------------------------------------------------------------------------------

fn community(plan: &CommunityPlan) -> Community {
    Community {
        id: plan.id.to_string(),
        name_zh: plan.name_zh.to_string(),
        name_en: plan.name_en.to_string(),
        street_zh: plan.street_zh.to_string(),
        street_en: plan.street_en.to_string(),
    }
}

fn component(
    plan: &CommunityPlan,
    frame: &Frame,
    &(key, template, road, along, state): &ComponentSpec,
    serial: u32,
    rng: &mut SplitMix64,
) -> Component {
    let code = ComponentCode::parse(&format!("{TONGZHOU_COUNTY_CODE}{key}{serial:06}"))
        .expect("seed codes are 16 digits with a nonzero class and subclass");
    let subclass = code
        .subclass()
        .expect("seed tables only use subclass keys from SUBCLASSES");
    let side = if rng.chance_percent(50) { 1.0 } else { -1.0 };
    let (x, y) = road.point(along, side * KERB_OFFSET_M);
    Component {
        name: component_name(plan, template, road, along),
        major_class: code.major_class(),
        subclass_zh: subclass.name_zh.to_string(),
        subclass_en: subclass.name_en.to_string(),
        location: frame.to_lat_lon(x, y),
        address: landmark_address(plan, road, along),
        community_id: plan.id.to_string(),
        maintainer: maintainer_for(key),
        state,
        sample_data: true,
        code,
    }
}

fn component_name(plan: &CommunityPlan, template: &str, road: RoadRef, along: f64) -> String {
    let pole = (along / LAMP_SPACING_M) as u32 + 1;
    template
        .replace("{road}", plan.road(road).name)
        .replace("{cross}", plan.road(road.nearest_crossing(along)).name)
        .replace("{abbr}", plan.road(road).abbr)
        .replace("{pole}", &format!("{pole:03}"))
}

/// Odd numbers on the north/east side, even on the other, one number per 20 m of frontage.
fn house_number(along: f64, side: f64) -> u32 {
    let lot = (along / 20.0) as u32;
    if side >= 0.0 {
        2 * lot + 1
    } else {
        2 * lot + 2
    }
}

fn street_address(plan: &CommunityPlan, road: RoadRef, along: f64, side: f64) -> String {
    format!(
        "北京市通州区{}{}号",
        plan.road(road).name,
        house_number(along, side)
    )
}

/// Street furniture is found by the nearest junction when there is one, else by house number.
fn landmark_address(plan: &CommunityPlan, road: RoadRef, along: f64) -> String {
    let distance_to_junction = (along - (along / BLOCK_M).round() * BLOCK_M).abs();
    if distance_to_junction <= 25.0 {
        let cross = plan.road(road.nearest_crossing(along)).name;
        format!("北京市通州区{}与{}交叉口", plan.road(road).name, cross)
    } else {
        format!("{}附近", street_address(plan, road, along, 1.0))
    }
}

/// Who answers for a component, by subclass; the phone is the unit's duty line.
fn maintainer_for(subclass_key: &str) -> Maintainer {
    let (unit, phone) = match subclass_key {
        "0101" | "0109" => ("北京市自来水集团通州供水分公司", "010-69541023"),
        "0102" | "0103" => ("通州区排水管理所", "010-89528630"),
        "0104" | "0111" => ("国网北京市电力公司通州供电公司", "010-81505367"),
        "0105" | "0110" => ("通州区城市照明管理所", "010-89521846"),
        "0106" | "0112" => ("中国电信北京通州分公司", "010-80582210"),
        "0107" => ("北京市热力集团通州分公司", "010-69546620"),
        "0108" => ("北京燃气集团通州分公司", "010-81509711"),
        "0201" => ("通州区停车管理中心", "010-89532750"),
        "0202" => ("北京公交集团通州客运分公司", "010-69522418"),
        "0203" | "0204" | "0206" => ("北京市公安局公安交通管理局通州交通支队", "010-69543402"),
        "0207" => ("通州区公路分局", "010-69558163"),
        "0301" | "0302" | "0305" => ("通州区环境卫生服务中心", "010-89522645"),
        "0401" | "0402" | "0403" | "0404" | "0405" => ("通州区园林绿化局", "010-69542351"),
        // Street name plates, bike parking, kiosks, signboards and anything not listed above.
        _ => ("通州区城市管理委员会", "010-69551298"),
    };
    Maintainer {
        unit: unit.to_string(),
        phone: phone.to_string(),
    }
}

struct BuildingSpot<'a> {
    compound: &'a CompoundPlan,
    number: u32,
    dx: f64,
    dy: f64,
}

fn building(
    plan: &CommunityPlan,
    frame: &Frame,
    spot: &BuildingSpot,
    serial: u32,
    rng: &mut SplitMix64,
) -> Building {
    let (x0, y0) = block_origin(spot.compound.block);
    let compound = spot.compound.name;
    // A compound's postal address is its main (first) gate's number on the street.
    let main_gate = spot.compound.gates[0];
    let (gate_road, gate_along) = gate_on_street(spot.compound.block, main_gate);
    Building {
        code: format!("{TONGZHOU_COUNTY_CODE}0501{serial:06}"),
        name: format!("{compound} {}号楼", spot.number),
        community_id: plan.id.to_string(),
        location: frame.to_lat_lon(x0 + spot.dx, y0 + spot.dy),
        address: format!(
            "{}院({compound}){}号楼",
            street_address(plan, gate_road, gate_along, 1.0),
            spot.number
        ),
        households: rng.between(60, 300) as u32,
    }
}

fn service_point(
    plan: &CommunityPlan,
    frame: &Frame,
    &(category, name, opening_hours): &ServiceSpec,
    serial: u32,
    rng: &mut SplitMix64,
) -> ServicePoint {
    let road_index = rng.between(0, 2 * ROADS_PER_DIRECTION - 1);
    let road = if road_index < ROADS_PER_DIRECTION {
        Ew(road_index)
    } else {
        Ns(road_index - ROADS_PER_DIRECTION)
    };
    // Keep shops off the community's corners, where they would face another community.
    let along = rng.between(20, 980) as f64;
    let side = if rng.chance_percent(50) { 1.0 } else { -1.0 };
    let (x, y) = road.point(along, side * SHOPFRONT_OFFSET_M);
    let phone = rng
        .chance_percent(75)
        .then(|| format!("010-{}", tongzhou_landline(rng)));
    ServicePoint {
        id: format!("svc-{serial:04}"),
        name: name.replace("{road}", plan.road(road).name),
        category: category.to_string(),
        location: frame.to_lat_lon(x, y),
        address: street_address(plan, road, along, side),
        phone,
        opening_hours: Some(opening_hours.to_string()),
        step_free: rng.chance_percent(60),
    }
}

/// Eight digits starting with one of Tongzhou's exchange prefixes.
fn tongzhou_landline(rng: &mut SplitMix64) -> String {
    const PREFIXES: [&str; 6] = ["8952", "8954", "6954", "8150", "8058", "6052"];
    let prefix = PREFIXES[rng.between(0, PREFIXES.len() - 1)];
    format!("{prefix}{:04}", rng.between(0, 9999))
}

// ---------------------------------------------------------------------------------------------
// Walking graphs
// ---------------------------------------------------------------------------------------------

/// A community's graph, with the node sets of its compounds (which the tests check are reached
/// only through their gates).
struct CommunityLayout {
    graph: WalkingGraph,
    // Only the tests read the fences back; the wire format has no notion of a compound.
    #[cfg_attr(not(test), allow(dead_code))]
    compounds: Vec<CompoundNodes>,
}

#[cfg_attr(not(test), allow(dead_code))]
struct CompoundNodes {
    /// Internal path nodes and gates.
    nodes: Vec<u32>,
    gates: Vec<u32>,
}

fn block_origin((column, row): (u32, u32)) -> (f64, f64) {
    (column as f64 * BLOCK_M, row as f64 * BLOCK_M)
}

/// The street a gate opens onto, and how far along that street it is.
fn gate_on_street(block: (u32, u32), side: Side) -> (RoadRef, f64) {
    let (x0, y0) = block_origin(block);
    let (column, row) = (block.0 as usize, block.1 as usize);
    let middle = BLOCK_M / 2.0;
    match side {
        Side::South => (Ew(row), x0 + middle),
        Side::North => (Ew(row + 1), x0 + middle),
        Side::West => (Ns(column), y0 + middle),
        Side::East => (Ns(column + 1), y0 + middle),
    }
}

/// Builds nodes from local metres, merging nodes at the same spot so roads share junctions.
struct GraphBuilder<'a> {
    frame: &'a Frame,
    nodes: Vec<LatLon>,
    edges: Vec<(u32, u32, f64)>,
    /// Keyed by position in decimetres: exact enough to merge, free of float equality.
    by_position: BTreeMap<(i64, i64), u32>,
}

impl GraphBuilder<'_> {
    fn node(&mut self, x: f64, y: f64) -> u32 {
        let key = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
        if let Some(&index) = self.by_position.get(&key) {
            return index;
        }
        let index = u32::try_from(self.nodes.len()).expect("a community has few nodes");
        self.nodes.push(self.frame.to_lat_lon(x, y));
        self.by_position.insert(key, index);
        index
    }

    /// Lengths are measured on the stored (rounded) coordinates, to the centimetre, so they
    /// agree with any haversine a client computes from the same nodes.
    fn link(&mut self, a: u32, b: u32) {
        let metres = haversine_m(self.nodes[a as usize], self.nodes[b as usize]);
        self.edges.push((a, b, round_to(metres, 100.0)));
    }

    /// A straight path from `start` to `end`, split into `steps` equal edges.
    fn straight_path(&mut self, start: (f64, f64), end: (f64, f64), steps: u32) {
        let mut previous = self.node(start.0, start.1);
        for step in 1..=steps {
            let t = f64::from(step) / f64::from(steps);
            let x = start.0 + (end.0 - start.0) * t;
            let y = start.1 + (end.1 - start.1) * t;
            let next = self.node(x, y);
            self.link(previous, next);
            previous = next;
        }
    }
}

fn lay_out_community(plan: &CommunityPlan) -> CommunityLayout {
    let frame = Frame::new(plan.south_west);
    let mut builder = GraphBuilder {
        frame: &frame,
        nodes: Vec::new(),
        edges: Vec::new(),
        by_position: BTreeMap::new(),
    };
    lay_out_streets(&mut builder);
    let compounds = plan
        .compounds
        .iter()
        .map(|compound| lay_out_compound(&mut builder, compound))
        .collect();
    lay_out_alleys(&mut builder, plan);
    CommunityLayout {
        graph: WalkingGraph {
            sample_data: true,
            community_id: plan.id.to_string(),
            nodes: builder.nodes,
            edges: builder.edges,
        },
        compounds,
    }
}

fn lay_out_streets(builder: &mut GraphBuilder) {
    let length = BLOCK_M * f64::from(BLOCKS_PER_DIRECTION);
    let steps = STREET_STEPS_PER_BLOCK * BLOCKS_PER_DIRECTION;
    for i in 0..ROADS_PER_DIRECTION {
        let offset = i as f64 * BLOCK_M;
        builder.straight_path((0.0, offset), (length, offset), steps);
        builder.straight_path((offset, 0.0), (offset, length), steps);
    }
}

/// A grid of internal paths, fenced: only the gate nodes touch the street.
fn lay_out_compound(builder: &mut GraphBuilder, compound: &CompoundPlan) -> CompoundNodes {
    let (x0, y0) = block_origin(compound.block);
    let spacing = BLOCK_M / f64::from(COMPOUND_PATHS + 1);
    let first = (x0 + spacing, y0 + spacing);
    let last_offset = spacing * f64::from(COMPOUND_PATHS - 1);
    let mut nodes = Vec::new();
    for k in 0..COMPOUND_PATHS {
        let offset = spacing * f64::from(k);
        let (x, y) = (first.0 + offset, first.1 + offset);
        builder.straight_path((x, first.1), (x, first.1 + last_offset), COMPOUND_PATHS - 1);
        builder.straight_path((first.0, y), (first.0 + last_offset, y), COMPOUND_PATHS - 1);
    }
    for i in 0..COMPOUND_PATHS {
        for j in 0..COMPOUND_PATHS {
            let (dx, dy) = (spacing * f64::from(i), spacing * f64::from(j));
            nodes.push(builder.node(first.0 + dx, first.1 + dy));
        }
    }
    let mut gates = Vec::new();
    for &side in compound.gates {
        let (road, along) = gate_on_street(compound.block, side);
        let street = road.point(along, 0.0);
        // Step from the street inwards: the gate, then the first internal path.
        let inward = match side {
            Side::South | Side::West => 1.0,
            Side::North | Side::East => -1.0,
        };
        let (gate, path) = match road {
            Ew(_) => (
                (street.0, street.1 + inward * GATE_INSET_M),
                (street.0, street.1 + inward * spacing),
            ),
            Ns(_) => (
                (street.0 + inward * GATE_INSET_M, street.1),
                (street.0 + inward * spacing, street.1),
            ),
        };
        let street_node = builder.node(street.0, street.1);
        let gate_node = builder.node(gate.0, gate.1);
        let path_node = builder.node(path.0, path.1);
        builder.link(street_node, gate_node);
        builder.link(gate_node, path_node);
        gates.push(gate_node);
        nodes.push(gate_node);
    }
    CompoundNodes { nodes, gates }
}

/// Open blocks on a checkerboard get a public alley through the middle, alternating direction,
/// so not every walk is forced round the block.
fn lay_out_alleys(builder: &mut GraphBuilder, plan: &CommunityPlan) {
    for column in 0..BLOCKS_PER_DIRECTION {
        for row in 0..BLOCKS_PER_DIRECTION {
            let gated = plan.compounds.iter().any(|c| c.block == (column, row));
            if gated || (column + row) % 2 != 0 {
                continue;
            }
            let (x0, y0) = block_origin((column, row));
            let middle = BLOCK_M / 2.0;
            if row % 2 == 0 {
                builder.straight_path(
                    (x0, y0 + middle),
                    (x0 + BLOCK_M, y0 + middle),
                    STREET_STEPS_PER_BLOCK,
                );
            } else {
                builder.straight_path(
                    (x0 + middle, y0),
                    (x0 + middle, y0 + BLOCK_M),
                    STREET_STEPS_PER_BLOCK,
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Ballots: one open budget vote in 北苑家园, one closed budget vote in 上营
// ---------------------------------------------------------------------------------------------

/// (title, summary, theme, cost in yuan); ids are `p1`, `p2`… in this order.
type ProjectSpec = (&'static str, &'static str, &'static str, u64);

const OPEN_PROJECTS: [ProjectSpec; 8] = [
    (
        "北苑三街口袋公园",
        "把北苑三街与北苑中路路口东北角约300平方米的闲置空地改成口袋公园：铺透水砖，种植乡土花灌木，增设6组座椅和夜间照明。",
        "绿色生态",
        180_000,
    ),
    (
        "社区活动中心音乐室",
        "将活动中心二层闲置的储物间做隔音改造，配置一台立式钢琴和一套音响，供社区合唱团、京剧票友和孩子们排练，按周预约使用。",
        "文化创意",
        120_000,
    ),
    (
        "北苑南路运动角",
        "在北苑南路沿街绿地旁设置运动角：两张室外乒乓球台、六件健身器材，铺设塑胶地面并加装遮阳棚。",
        "运动健康",
        95_000,
    ),
    (
        "北苑家园楼道花园",
        "在北苑家园3号楼、5号楼的楼道窗台和单元门口安装花架，社区提供花苗和土壤，由各单元居民认领养护。",
        "绿色生态",
        36_000,
    ),
    (
        "果园小区儿童游乐角",
        "更换果园小区中心绿地已经老化的滑梯和秋千，增设适合3至6岁孩子的攀爬架和沙池，地面铺设安全软垫。",
        "运动健康",
        150_000,
    ),
    (
        "天赐良园共享书屋",
        "利用天赐良园北门旁的物业用房开设共享书屋，配书架和阅读桌；居民捐书、自助借还，周末安排亲子阅读活动。",
        "文化创意",
        60_000,
    ),
    (
        "单元门口适老化扶手",
        "为北苑家园、果园小区共24个单元门口的台阶加装不锈钢扶手和防滑条，方便老人和推婴儿车的居民进出。",
        "邻里和谐",
        85_000,
    ),
    (
        "北苑南里自行车棚改造",
        "翻新北苑南里两处自行车棚：更换漏雨的棚顶，加装照明和电动自行车智能充电桩，让大家不再从楼道里拉线充电。",
        "邻里和谐",
        210_000,
    ),
];

const CLOSED_PROJECTS: [ProjectSpec; 6] = [
    (
        "上营中街口袋公园",
        "将上营中街西段几个废弃停车位改造为口袋公园，种植月季和海棠，设置休息座椅和垃圾箱。",
        "绿色生态",
        160_000,
    ),
    (
        "老年活动室适老化改造",
        "上营社区老年活动室地面做防滑处理，加装扶手和紧急呼叫按钮，更换适合老人起坐的桌椅。",
        "邻里和谐",
        90_000,
    ),
    (
        "上营小区篮球场翻新",
        "重新铺设篮球场的硅PU面层，更换篮球架和围网，增加夜间照明，晚上也能安全打球。",
        "运动健康",
        140_000,
    ),
    (
        "车站路运河文化墙",
        "在车站路沿线约80米的围墙上，以大运河漕运历史为主题进行彩绘，邀请社区居民和附近学校的学生一起创作。",
        "文化创意",
        45_000,
    ),
    (
        "垃圾分类驿站美化",
        "为上营小区3处垃圾分类驿站加装顶棚、洗手池和除味设备，周边补种绿篱，告别异味和积水。",
        "绿色生态",
        55_000,
    ),
    (
        "中心花园邻里议事亭",
        "在上营小区中心花园建一座木结构议事亭，平时供居民纳凉、下棋，也作为楼门长议事和居民协商的固定场所。",
        "邻里和谐",
        70_000,
    ),
];

fn projects(specs: &[ProjectSpec]) -> Vec<Project> {
    specs
        .iter()
        .enumerate()
        .map(|(index, &(title, summary, theme, cost_yuan))| Project {
            id: format!("p{}", index + 1),
            title: title.to_string(),
            summary: summary.to_string(),
            theme: theme.to_string(),
            cost_yuan,
            location: String::new(),
            photo_url: None,
            description: String::new(),
        })
        .collect()
}

/// Both votes are budget votes: a voter may tick any number of projects whose costs fit.
struct BallotPlan<'a> {
    id: &'a str,
    community_id: &'a str,
    title: &'a str,
    status: BallotStatus,
    opens_at: &'a str,
    closes_at: &'a str,
    explanation: &'a str,
    budget_yuan: u64,
    rule: &'a str,
    projects: &'a [ProjectSpec],
}

fn budget_ballot(plan: &BallotPlan) -> Ballot {
    let projects = projects(plan.projects);
    let project_count = u32::try_from(projects.len()).expect("a ballot has a handful of projects");
    Ballot {
        summary: BallotSummary {
            id: plan.id.to_string(),
            community_id: plan.community_id.to_string(),
            title: plan.title.to_string(),
            status: plan.status,
            kind: BallotKind::Budget,
            opens_at: plan.opens_at.to_string(),
            closes_at: plan.closes_at.to_string(),
            project_count,
        },
        explanation: plan.explanation.to_string(),
        budget_yuan: Some(plan.budget_yuan),
        // The budget is the real limit; a voter must back at least one project.
        min_choices: 1,
        max_choices: project_count,
        rule: plan.rule.to_string(),
        min_budget_share_percent: 0,
        min_project_score: None,
        open_poll: false,
        projects,
        sample_data: true,
    }
}

fn open_ballot() -> Ballot {
    budget_ballot(&BallotPlan {
        id: "2026-beiyuan-autumn",
        community_id: "beiyuan-jiayuan",
        title: "北苑家园社区2026年微空间微更新项目投票",
        status: BallotStatus::Open,
        opens_at: "2026-11-01T00:00:00+08:00",
        closes_at: "2027-06-30T20:00:00+08:00",
        explanation: "今年社区从区级项目库中选出8个微空间微更新项目，请您帮忙决定先做哪些。\
            每户一票，投票码由居委会发放到户，手机扫码或到社区服务站的自助屏都能投。\
            您可以勾选任意多个支持的项目，但所选项目的费用合计不能超过本次预算50万元。\
            投票结束后，按支持户数从多到少依次入选，放不进剩余预算的项目跳过，直到预算用完。\
            结果将在本页和社区公告栏同时公布，入选项目计划于2027年内完工。",
        budget_yuan: 500_000,
        rule: "greedy",
        projects: &OPEN_PROJECTS,
    })
}

fn closed_ballot() -> Ballot {
    budget_ballot(&BallotPlan {
        id: "2026-shangying-spring",
        community_id: "zhongcang-shangying",
        title: "上营社区2026年春季微空间微更新项目投票",
        status: BallotStatus::Closed,
        opens_at: "2026-03-01T00:00:00+08:00",
        closes_at: "2026-04-30T20:00:00+08:00",
        explanation: "本次投票已于2026年4月30日20:00结束，感谢每一户参与的居民。\
            投票规则：每户一票，可勾选任意多个支持的项目，所选项目费用合计不超过本次预算40万元。\
            入选项目按等额分配法确定：先把预算平均分给每一户，每个项目由支持它的住户用各自的份额共同承担，\
            这样只有部分居民支持的项目也有机会入选；预算还有剩余时，逐步提高每户份额重新计算，直到用足预算。",
        budget_yuan: 400_000,
        rule: "equalshares/add1",
        projects: &CLOSED_PROJECTS,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet, VecDeque};

    use linli_core::component_code::{MajorClass, SUBCLASSES};
    use linli_core::service_category::{CATEGORIES, category};

    use super::*;

    /// The Beijing basic types each community lacks on purpose (the 15-minute-circle gaps).
    const DELIBERATE_GAPS: [(&str, &[&str]); 3] = [
        ("beiyuan-jiayuan", &["laundry"]),
        ("beiyuan-xinhua", &["housekeeping", "recycling"]),
        ("zhongcang-shangying", &["greengrocer"]),
    ];

    fn community_ids(data: &SampleData) -> Vec<String> {
        data.communities.iter().map(|c| c.id.clone()).collect()
    }

    fn graph_of<'a>(data: &'a SampleData, community_id: &str) -> &'a WalkingGraph {
        data.graphs
            .iter()
            .find(|g| g.community_id == community_id)
            .unwrap()
    }

    fn nearest_node_m(graph: &WalkingGraph, point: LatLon) -> f64 {
        graph
            .nodes
            .iter()
            .map(|&node| haversine_m(node, point))
            .fold(f64::INFINITY, f64::min)
    }

    fn is_beijing_landline(phone: &str) -> bool {
        phone
            .strip_prefix("010-")
            .is_some_and(|rest| rest.len() == 8 && rest.chars().all(|c| c.is_ascii_digit()))
    }

    #[test]
    fn three_communities_in_two_streets_of_tongzhou_with_short_ascii_slugs() {
        let data = sample_data();
        assert_eq!(TONGZHOU_COUNTY_CODE, "110112");
        assert_eq!(data.communities.len(), 3);
        let streets: BTreeSet<_> = data.communities.iter().map(|c| &c.street_zh).collect();
        assert_eq!(streets.len(), 2);
        let ids: HashSet<_> = data.communities.iter().map(|c| &c.id).collect();
        assert_eq!(ids.len(), 3);
        for c in &data.communities {
            assert!(c.id.len() <= 24, "{}", c.id);
            assert!(
                c.id.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
                "{}",
                c.id
            );
            assert!(c.name_en.is_ascii() && c.street_en.is_ascii());
            assert!(!c.name_zh.is_ascii() && !c.street_zh.is_ascii());
        }
    }

    #[test]
    fn first_component_is_the_street_light_other_tests_use() {
        let data = sample_data();
        let first = &data.components[0];
        assert_eq!(first.code.as_str(), "1101120110000001");
        assert_eq!(first.subclass_zh, "路灯");
        assert_eq!(first.name, "北苑南路路灯 BYNL-005");
        assert_eq!(first.community_id, "beiyuan-jiayuan");
    }

    #[test]
    fn components_have_valid_known_codes_and_match_their_subclass() {
        let data = sample_data();
        assert!(data.components.len() >= 40, "{}", data.components.len());
        for c in &data.components {
            let code = ComponentCode::parse(c.code.as_str()).unwrap();
            assert_eq!(code.county(), TONGZHOU_COUNTY_CODE);
            let subclass = code.subclass().unwrap();
            assert_eq!(c.subclass_zh, subclass.name_zh);
            assert_eq!(c.subclass_en, subclass.name_en);
            assert_eq!(c.major_class, code.major_class());
            assert!(SUBCLASSES.iter().any(|s| s.key == code.class_key()));
            assert!(!c.name.is_ascii() && !c.name.contains('{'), "{}", c.name);
            assert!(c.address.starts_with("北京市通州区"), "{}", c.address);
            assert!(!c.maintainer.unit.is_empty());
            assert!(
                is_beijing_landline(&c.maintainer.phone),
                "{}",
                c.maintainer.phone
            );
            assert!(c.sample_data);
        }
    }

    #[test]
    fn components_spread_over_classes_one_to_four_and_every_community() {
        let data = sample_data();
        for class in [
            MajorClass::Utilities,
            MajorClass::RoadsAndTraffic,
            MajorClass::Streetscape,
            MajorClass::Greening,
        ] {
            let count = data
                .components
                .iter()
                .filter(|c| c.major_class == class)
                .count();
            assert!(count >= 6, "{class:?}: {count}");
        }
        for id in community_ids(&data) {
            let count = data
                .components
                .iter()
                .filter(|c| c.community_id == id)
                .count();
            assert!(count >= 10, "{id}: {count}");
        }
    }

    #[test]
    fn a_few_components_are_being_repaired() {
        let data = sample_data();
        let repairing = data
            .components
            .iter()
            .filter(|c| c.state == ComponentState::BeingRepaired)
            .count();
        assert!((3..=5).contains(&repairing), "{repairing}");
    }

    #[test]
    fn everything_lies_in_tongzhou_and_each_community_in_its_own_square() {
        let data = sample_data();
        let mut points: Vec<(&str, LatLon)> = Vec::new();
        points.extend(
            data.components
                .iter()
                .map(|c| (c.community_id.as_str(), c.location)),
        );
        points.extend(
            data.buildings
                .iter()
                .map(|b| (b.community_id.as_str(), b.location)),
        );
        points.extend(
            data.services
                .iter()
                .map(|(id, s)| (id.as_str(), s.location)),
        );
        for graph in &data.graphs {
            points.extend(
                graph
                    .nodes
                    .iter()
                    .map(|&n| (graph.community_id.as_str(), n)),
            );
        }
        for plan in &PLANS {
            let frame = Frame::new(plan.south_west);
            let centre = frame.to_lat_lon(500.0, 500.0);
            for &(id, point) in &points {
                assert!((39.88..=39.93).contains(&point.lat), "{point:?}");
                assert!((116.63..=116.71).contains(&point.lon), "{point:?}");
                let distance = haversine_m(centre, point);
                if id == plan.id {
                    // Half the diagonal of a 1 km square, plus the kerb.
                    assert!(distance <= 720.0, "{id}: {distance}");
                } else {
                    assert!(distance > 720.0, "{id} inside {}: {distance}", plan.id);
                }
            }
        }
    }

    #[test]
    fn buildings_are_residential_and_at_least_three_per_community() {
        let data = sample_data();
        assert!(data.buildings.len() >= 10, "{}", data.buildings.len());
        for b in &data.buildings {
            let code = ComponentCode::parse(&b.code).unwrap();
            assert_eq!(code.county(), TONGZHOU_COUNTY_CODE);
            assert_eq!(code.class_key(), "0501");
            assert_eq!(code.subclass().unwrap().name_zh, "住宅楼");
            assert!((60..=300).contains(&b.households), "{}", b.households);
            assert!(b.name.ends_with("号楼") && b.address.starts_with("北京市通州区"));
        }
        for id in community_ids(&data) {
            let count = data
                .buildings
                .iter()
                .filter(|b| b.community_id == id)
                .count();
            assert!(count >= 3, "{id}: {count}");
        }
    }

    #[test]
    fn codes_and_service_ids_are_unique() {
        let data = sample_data();
        let mut codes = HashSet::new();
        for code in data
            .components
            .iter()
            .map(|c| c.code.as_str())
            .chain(data.buildings.iter().map(|b| b.code.as_str()))
        {
            assert!(codes.insert(code), "duplicate code {code}");
        }
        let mut ids = HashSet::new();
        for (_, s) in &data.services {
            assert!(ids.insert(&s.id), "duplicate service {}", s.id);
            let digits = s.id.strip_prefix("svc-").unwrap();
            assert!(digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn services_cover_every_category_and_are_well_formed() {
        let data = sample_data();
        assert!(data.services.len() >= 80, "{}", data.services.len());
        let covered: HashSet<_> = data.services.iter().map(|(_, s)| &s.category[..]).collect();
        for c in CATEGORIES {
            assert!(covered.contains(c.id), "no {}", c.id);
        }
        let ids = community_ids(&data);
        let mut names = HashSet::new();
        for (community_id, s) in &data.services {
            assert!(ids.contains(community_id));
            assert!(category(&s.category).is_some(), "{}", s.category);
            assert!(!s.name.is_empty() && !s.name.contains('{'), "{}", s.name);
            assert!(names.insert((community_id, &s.name)), "two {}", s.name);
            assert!(s.address.starts_with("北京市通州区"), "{}", s.address);
            if let Some(phone) = &s.phone {
                assert!(is_beijing_landline(phone), "{phone}");
            }
            let hours = s.opening_hours.as_deref().unwrap();
            assert!(is_opening_hours(hours), "{}: {hours:?}", s.name);
        }
        assert!(data.services.iter().any(|(_, s)| s.phone.is_none()));
        assert!(data.services.iter().any(|(_, s)| !s.step_free));
        assert!(data.services.iter().any(|(_, s)| s.step_free));
    }

    #[test]
    fn each_community_misses_one_or_two_beijing_basic_types_on_purpose() {
        let data = sample_data();
        for (community_id, expected_gaps) in DELIBERATE_GAPS {
            let present: HashSet<_> = data
                .services
                .iter()
                .filter(|(id, _)| id == community_id)
                .map(|(_, s)| &s.category[..])
                .collect();
            let missing: Vec<_> = CATEGORIES
                .iter()
                .filter(|c| c.beijing_basic && !present.contains(c.id))
                .map(|c| c.id)
                .collect();
            assert_eq!(missing, expected_gaps, "{community_id}");
            assert!((1..=2).contains(&missing.len()));
        }
    }

    /// The subset of OpenStreetMap `opening_hours` the seed uses: `24/7`, or rules such as
    /// `Mo-Fr 08:00-20:00; Sa,Su 09:00-12:00,13:00-18:00`.
    fn is_opening_hours(text: &str) -> bool {
        const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
        let is_day_range = |part: &str| match part.split_once('-') {
            Some((from, to)) => DAYS.contains(&from) && DAYS.contains(&to),
            None => DAYS.contains(&part),
        };
        let is_time = |t: &str| {
            let Some((h, m)) = t.split_once(':') else {
                return false;
            };
            h.len() == 2
                && m.len() == 2
                && h.parse::<u32>().is_ok_and(|h| h <= 24)
                && m.parse::<u32>().is_ok_and(|m| m < 60)
        };
        let is_span = |span: &str| {
            span.split_once('-')
                .is_some_and(|(from, to)| is_time(from) && is_time(to) && from < to)
        };
        text == "24/7"
            || text.split("; ").all(|rule| {
                rule.split_once(' ').is_some_and(|(days, times)| {
                    days.split(',').all(is_day_range) && times.split(',').all(is_span)
                })
            })
    }

    #[test]
    fn the_opening_hours_checker_refuses_nonsense() {
        assert!(is_opening_hours("Mo-Fr 08:00-20:00; Sa,Su 09:00-18:00"));
        assert!(!is_opening_hours("Mon-Fri 8-20"));
        assert!(!is_opening_hours("Mo-Su 20:00-08:00"));
        assert!(!is_opening_hours(""));
    }

    #[test]
    fn walking_graphs_are_sized_connected_and_measured() {
        let data = sample_data();
        assert_eq!(data.graphs.len(), data.communities.len());
        for graph in &data.graphs {
            assert!(graph.sample_data);
            let n = graph.nodes.len();
            assert!(
                (150..=400).contains(&n),
                "{}: {n} nodes",
                graph.community_id
            );
            let mut neighbours = vec![Vec::new(); n];
            for &(a, b, metres) in &graph.edges {
                assert!(a != b && (a as usize) < n && (b as usize) < n);
                let expected = haversine_m(graph.nodes[a as usize], graph.nodes[b as usize]);
                assert!(
                    (metres - expected).abs() <= expected * 0.01,
                    "{metres} vs {expected}"
                );
                assert!((10.0..=110.0).contains(&metres), "{metres}");
                neighbours[a as usize].push(b as usize);
                neighbours[b as usize].push(a as usize);
            }
            let mut seen = vec![false; n];
            let mut queue = VecDeque::from([0]);
            seen[0] = true;
            while let Some(node) = queue.pop_front() {
                for &next in &neighbours[node] {
                    if !seen[next] {
                        seen[next] = true;
                        queue.push_back(next);
                    }
                }
            }
            assert!(seen.iter().all(|&s| s), "{} is split", graph.community_id);
        }
    }

    #[test]
    fn compounds_are_entered_only_through_one_or_two_gates() {
        for plan in &PLANS {
            let layout = lay_out_community(plan);
            assert_eq!(layout.compounds.len(), plan.compounds.len());
            for compound in &layout.compounds {
                assert!((1..=2).contains(&compound.gates.len()));
                let inside: HashSet<u32> = compound.nodes.iter().copied().collect();
                let mut gates_used = HashSet::new();
                for &(a, b, _) in &layout.graph.edges {
                    let crossing = match (inside.contains(&a), inside.contains(&b)) {
                        (true, false) => Some(a),
                        (false, true) => Some(b),
                        _ => None,
                    };
                    if let Some(inner) = crossing {
                        assert!(compound.gates.contains(&inner), "fence jumped at {inner}");
                        gates_used.insert(inner);
                    }
                }
                assert_eq!(gates_used.len(), compound.gates.len());
            }
        }
    }

    #[test]
    fn buildings_services_and_components_are_near_their_own_graph() {
        let data = sample_data();
        let located = data
            .buildings
            .iter()
            .map(|b| (&b.community_id, b.location, &b.name))
            .chain(
                data.services
                    .iter()
                    .map(|(id, s)| (id, s.location, &s.name)),
            )
            .chain(
                data.components
                    .iter()
                    .map(|c| (&c.community_id, c.location, &c.name)),
            );
        for (community_id, location, name) in located {
            let distance = nearest_node_m(graph_of(&data, community_id), location);
            assert!(distance <= 150.0, "{name}: {distance} m from the graph");
        }
    }

    #[test]
    fn one_open_and_one_closed_budget_ballot() {
        let data = sample_data();
        assert_eq!(data.ballots.len(), 2);
        let open: Vec<_> = data
            .ballots
            .iter()
            .filter(|b| b.summary.status == BallotStatus::Open)
            .collect();
        let closed: Vec<_> = data
            .ballots
            .iter()
            .filter(|b| b.summary.status == BallotStatus::Closed)
            .collect();
        assert_eq!((open.len(), closed.len()), (1, 1));
        let (open, closed) = (open[0], closed[0]);

        assert_eq!(open.projects.len(), 8);
        assert_eq!(open.rule, "greedy");
        assert_eq!(open.summary.opens_at, "2026-11-01T00:00:00+08:00");
        assert_eq!(open.summary.closes_at, "2027-06-30T20:00:00+08:00");
        assert!((5..=6).contains(&closed.projects.len()));
        assert!(["greedy", "equalshares/add1"].contains(&closed.rule.as_str()));
        assert_eq!(closed.summary.opens_at, "2026-03-01T00:00:00+08:00");
        assert_eq!(closed.summary.closes_at, "2026-04-30T20:00:00+08:00");

        let ids = community_ids(&data);
        for ballot in [open, closed] {
            let summary = &ballot.summary;
            assert!(ballot.sample_data);
            assert!(ids.contains(&summary.community_id));
            assert!(
                summary
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
            assert_eq!(summary.project_count as usize, ballot.projects.len());
            assert!(!summary.title.is_ascii() && !ballot.explanation.is_ascii());
            let project_ids: HashSet<_> = ballot.projects.iter().map(|p| &p.id).collect();
            assert_eq!(project_ids.len(), ballot.projects.len());
            for p in &ballot.projects {
                assert!((30_000..=300_000).contains(&p.cost_yuan), "{}", p.cost_yuan);
                assert!(["邻里和谐", "文化创意", "运动健康", "绿色生态"].contains(&&p.theme[..]));
                assert!(!p.title.is_ascii() && !p.summary.is_ascii());
            }
            assert!(1 <= ballot.min_choices && ballot.min_choices <= ballot.max_choices);
            assert!(ballot.max_choices as usize <= ballot.projects.len());
            match summary.kind {
                BallotKind::Budget => {
                    let budget = ballot.budget_yuan.unwrap();
                    let total: u64 = ballot.projects.iter().map(|p| p.cost_yuan).sum();
                    // Otherwise every project wins and the vote decides nothing.
                    assert!(total > budget, "{total} fits in {budget}");
                }
                BallotKind::Approval => assert!(ballot.budget_yuan.is_none()),
            }
        }
        assert_eq!(open.budget_yuan, Some(500_000));
    }

    #[test]
    fn two_calls_give_identical_data() {
        fn as_json(data: &SampleData) -> String {
            serde_json::to_string(&(
                &data.communities,
                &data.components,
                &data.buildings,
                &data.services,
                &data.graphs,
                &data.ballots,
            ))
            .unwrap()
        }
        assert_eq!(as_json(&sample_data()), as_json(&sample_data()));
    }
}
