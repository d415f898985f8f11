//! The generated Tongzhou sample data (示例数据): three communities with their city components,
//! buildings, everyday services, walking graphs and two micro-renewal ballots. Pure and
//! deterministic: no clock, no randomness from outside, so every run and every export agree.
//!
//! In reading order: where things stand on a community's grid (`geometry`), what each community
//! holds (`plans`, the tables to edit), the records built from them (`places`), the walking
//! graphs (`walking_graph`) and the ballots (`ballots`); `tests` checks the sample as a whole.

mod ballots;
mod geometry;
mod places;
mod plans;
#[cfg(test)]
mod tests;
mod walking_graph;

use std::collections::BTreeMap;

use linli_api::{Ballot, Building, Community, Component, ServicePoint, WalkingGraph};
use linli_core::rng::SplitMix64;

use ballots::{closed_ballot, open_ballot};
use geometry::Frame;
use places::{BuildingSpot, building, community, component, service_point};
use plans::PLANS;
use walking_graph::lay_out_community;

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

/// "LINLI" and the plan year: any fixed value works, this one is recognisable in a debugger.
const SEED: u64 = 0x4C49_4E4C_4920_2026;
