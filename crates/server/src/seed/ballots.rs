//! The two micro-renewal ballots (微空间微更新): one open budget vote in 北苑家园 and one closed
//! budget vote in 上营, with their projects.

use linli_api::{Ballot, BallotKind, BallotStatus, BallotSummary, Project};

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

pub(crate) fn open_ballot() -> Ballot {
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

pub(crate) fn closed_ballot() -> Ballot {
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
