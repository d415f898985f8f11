//! What residents and committees read from reach: the nearest service of each category from a
//! point, and each building's gaps against the basic-guarantee categories (基本保障类).

use serde::{Deserialize, Serialize};

use super::geo::GeoPoint;
use super::network::WalkNetwork;
use super::pace::Pace;
use super::search::{Start, reach, reach_from_any};
use crate::service_category::{CATEGORIES, ServiceCategory, Tier, WalkLevel};

/// The 15-minute circle itself: the bound of every gap analysis, whatever the pace.
const CIRCLE_MINUTES: u32 = 15;

/// A service point as the analysis needs it. The category is resolved by the caller, so a point
/// with an unknown category id is refused where it is read, not silently skipped here.
#[derive(Clone, Copy, Debug)]
pub struct ServiceSite<'a> {
    pub id: &'a str,
    pub category: &'static ServiceCategory,
    pub location: GeoPoint,
}

#[derive(Clone, Copy, Debug)]
pub struct BuildingSite<'a> {
    pub id: &'a str,
    pub location: GeoPoint,
}

/// A service and the walk to it, the snap at both ends included.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceDistance {
    pub service_id: String,
    pub metres: f64,
    pub minutes: f64,
}

/// The nearest service of one category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryNearest {
    pub category_id: String,
    pub nearest: ServiceDistance,
}

/// How one basic category stands for one building.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// A service lies within the category's own walk level (5, 10 or 15 minutes).
    WithinWalkLevel,
    /// A service lies within 15 minutes, but not within the closer level the category
    /// belongs at (a convenience store should be 5 minutes away, a pharmacy 10).
    BeyondWalkLevel,
    /// No service of the category within 15 minutes: a gap in the circle.
    Missing,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryCoverage {
    pub category_id: String,
    pub walk_level: WalkLevel,
    pub coverage: Coverage,
    /// The nearest service within 15 minutes; `None` exactly when `coverage` is `Missing`.
    pub nearest: Option<ServiceDistance>,
}

/// One building's row of the gap analysis: every basic-tier category, in `CATEGORIES` order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuildingGaps {
    pub building_id: String,
    /// Straight-line metres from the building to the network, counted in every walk.
    pub snap_metres: f64,
    pub categories: Vec<CategoryCoverage>,
}

impl BuildingGaps {
    /// Basic categories with no service within 15 minutes.
    pub fn missing(&self) -> impl Iterator<Item = &str> {
        self.with(Coverage::Missing)
            .map(|line| line.category_id.as_str())
    }

    /// Basic categories within 15 minutes but beyond their closer walk level.
    pub fn beyond_walk_level(&self) -> impl Iterator<Item = &CategoryCoverage> {
        self.with(Coverage::BeyondWalkLevel)
    }

    fn with(&self, coverage: Coverage) -> impl Iterator<Item = &CategoryCoverage> {
        self.categories
            .iter()
            .filter(move |line| line.coverage == coverage)
    }
}

/// The service points of a community snapped onto its network once, ready to be asked from
/// any number of points.
#[derive(Clone, Debug)]
pub struct ServiceIndex<'n> {
    network: &'n WalkNetwork,
    services: Vec<SnappedService>,
}

#[derive(Clone, Debug)]
struct SnappedService {
    id: String,
    category: &'static ServiceCategory,
    start: Start,
}

impl<'n> ServiceIndex<'n> {
    pub fn new(network: &'n WalkNetwork, services: &[ServiceSite<'_>]) -> ServiceIndex<'n> {
        let services = services
            .iter()
            .map(|site| SnappedService {
                id: site.id.to_string(),
                category: site.category,
                start: network.snap(site.location).into(),
            })
            .collect();
        ServiceIndex { network, services }
    }

    /// The nearest service of each category within `max_metres` of `from`, in `CATEGORIES`
    /// order; categories with none that close are left out. Of equally near services the one
    /// listed first wins.
    pub fn nearest_from(
        &self,
        from: GeoPoint,
        pace: Pace,
        max_metres: f64,
    ) -> Vec<CategoryNearest> {
        let walk = reach(self.network, self.network.snap(from).into(), max_metres);
        let mut nearest: Vec<Option<(f64, &SnappedService)>> = vec![None; CATEGORIES.len()];
        for service in &self.services {
            let Some(to_node) = walk.metres(service.start.node) else {
                continue;
            };
            let metres = to_node + service.start.metres;
            let Some(slot) = category_slot(service.category) else {
                continue;
            };
            let closer = nearest[slot].is_none_or(|(best, _)| metres < best);
            if metres <= max_metres && closer {
                nearest[slot] = Some((metres, service));
            }
        }
        CATEGORIES
            .iter()
            .zip(nearest)
            .filter_map(|(category, found)| {
                found.map(|(metres, service)| CategoryNearest {
                    category_id: category.id.to_string(),
                    nearest: distance(service, metres, pace),
                })
            })
            .collect()
    }

    /// For each building, how every basic-tier category stands within 15 minutes at `pace`.
    /// One search per category from all of its services at once, however many buildings.
    pub fn gaps(&self, buildings: &[BuildingSite<'_>], pace: Pace) -> Vec<BuildingGaps> {
        let circle_metres = pace.metres_in(CIRCLE_MINUTES);
        let snaps: Vec<_> = buildings
            .iter()
            .map(|building| self.network.snap(building.location))
            .collect();
        let mut rows: Vec<BuildingGaps> = buildings
            .iter()
            .zip(&snaps)
            .map(|(building, snap)| BuildingGaps {
                building_id: building.id.to_string(),
                snap_metres: snap.metres,
                categories: Vec::new(),
            })
            .collect();

        for category in CATEGORIES.iter().filter(|c| c.tier == Tier::Basic) {
            let services: Vec<&SnappedService> = self
                .services
                .iter()
                .filter(|service| service.category == category)
                .collect();
            let starts: Vec<Start> = services.iter().map(|service| service.start).collect();
            let walk = reach_from_any(self.network, &starts, circle_metres);
            for (row, snap) in rows.iter_mut().zip(&snaps) {
                let nearest = walk
                    .metres(snap.node)
                    .zip(walk.origin(snap.node))
                    .map(|(metres, origin)| (metres + snap.metres, origin))
                    .filter(|&(metres, _)| metres <= circle_metres)
                    .and_then(|(metres, origin)| {
                        services
                            .get(origin)
                            .map(|service| distance(service, metres, pace))
                    });
                let coverage = match &nearest {
                    None => Coverage::Missing,
                    Some(found) if pace.band(found.metres).meets(category.walk_level) => {
                        Coverage::WithinWalkLevel
                    }
                    Some(_) => Coverage::BeyondWalkLevel,
                };
                row.categories.push(CategoryCoverage {
                    category_id: category.id.to_string(),
                    walk_level: category.walk_level,
                    coverage,
                    nearest,
                });
            }
        }
        rows
    }
}

/// Where `category` sits in `CATEGORIES`; a category built elsewhere has no slot.
fn category_slot(category: &ServiceCategory) -> Option<usize> {
    CATEGORIES.iter().position(|known| known == category)
}

fn distance(service: &SnappedService, metres: f64, pace: Pace) -> ServiceDistance {
    ServiceDistance {
        service_id: service.id.clone(),
        metres,
        minutes: pace.minutes_for(metres),
    }
}
