//! The records built from the plans: each community, and each component, building and service
//! point with its position, address, maintainer or phone. What the plans leave open (which side
//! of the road, a shop's phone, a building's households) is drawn from the community's
//! generator, in a fixed order.

use linli_api::{Building, Community, Component, Maintainer, ServicePoint};
use linli_core::component_code::{ComponentCode, TONGZHOU_COUNTY_CODE};
use linli_core::rng::SplitMix64;

use super::geometry::RoadRef::{EastWest as Ew, NorthSouth as Ns};
use super::geometry::{BLOCK_M, Frame, ROADS_PER_DIRECTION, RoadRef, block_origin, gate_on_street};
use super::plans::{CommunityPlan, ComponentSpec, CompoundPlan, ServiceSpec};

/// Lamps, covers and signs stand on the pavement, shops a little further back.
const KERB_OFFSET_M: f64 = 6.0;
const SHOPFRONT_OFFSET_M: f64 = 10.0;
/// Lamp posts are numbered along their road at this spacing.
const LAMP_SPACING_M: f64 = 30.0;

pub(crate) fn community(plan: &CommunityPlan) -> Community {
    Community {
        id: plan.id.to_string(),
        name_zh: plan.name_zh.to_string(),
        name_en: plan.name_en.to_string(),
        street_id: plan.street_id.to_string(),
        street_zh: plan.street_zh.to_string(),
        street_en: plan.street_en.to_string(),
    }
}

pub(crate) fn component(
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
        retired_at: None,
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

/// A building of a compound's plan: its number and where it stands in the block.
pub(crate) struct BuildingSpot<'a> {
    pub(crate) compound: &'a CompoundPlan,
    pub(crate) number: u32,
    pub(crate) dx: f64,
    pub(crate) dy: f64,
}

pub(crate) fn building(
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

pub(crate) fn service_point(
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
