//! The sample as a whole, checked as a reader of the data would: communities, components,
//! buildings and services well formed and in their own squares, the deliberate gaps in each
//! community's everyday services, connected walking graphs whose compounds are entered only
//! through their gates, and the two ballots.

use std::collections::{BTreeSet, HashSet, VecDeque};

use linli_api::{BallotKind, BallotStatus, ComponentState, LatLon, WalkingGraph};
use linli_core::component_code::{ComponentCode, MajorClass, SUBCLASSES, TONGZHOU_COUNTY_CODE};
use linli_core::service_category::{CATEGORIES, category};

use super::geometry::{Frame, haversine_m};
use super::plans::PLANS;
use super::walking_graph::lay_out_community;
use super::{SampleData, sample_data};

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
