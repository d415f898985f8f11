//! What the attract loop shows, fetched every minute and kept in local storage under the kiosk's
//! own key, so that when the network drops the screen goes on showing the last data (with the
//! offline banner) rather than an error. The server tags its public documents (`ETag`), so a
//! refresh in which nothing changed costs `304`s without bodies (see the server's `caching.rs`).

use leptos::prelude::*;
use linli_api::{
    BallotStatus, BallotSummary, KioskConfig, PublicRequest, Services, Turnout, WalkingGraph, paths,
};
use linli_core::reach::{GeoPoint, STANDARD_PACE, ServiceIndex, ServiceSite, WalkNetwork};
use linli_core::service_category::category;
use serde::{Deserialize, Serialize};

use crate::client::{self, ClientError};
use crate::kiosk::state::Kiosk;
use crate::kiosk::storage::{DATA_KEY, store, stored};

/// Reports fixed within this distance of the kiosk count as "in this community".
const NEARBY_METRES: f64 = 2000.0;
const REFRESH_MS: u64 = 60_000;

/// One line of the 15-minute circle: the nearest service of a category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct CircleLine {
    pub category_id: String,
    pub name: String,
    pub minutes: u32,
}

/// An open ballot of the kiosk's community, with its live turnout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct KioskBallot {
    pub summary: BallotSummary,
    pub turnout: Option<Turnout>,
    /// An open poll has no codes, so the keypad has nothing to take: residents answer it on
    /// their own phones, one vote per device, which a shared screen must not use up.
    pub open_poll: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct KioskData {
    pub config: Option<KioskConfig>,
    pub ballots: Vec<KioskBallot>,
    pub circle: Vec<CircleLine>,
    pub fixed: Vec<PublicRequest>,
}

/// The nearest service of each category within a 15-minute walk from `from`, by walking.
pub(crate) fn circle(
    graph: &WalkingGraph,
    services: &Services,
    from: (f64, f64),
) -> Vec<CircleLine> {
    let Ok(positions) = graph
        .nodes
        .iter()
        .map(|n| GeoPoint::new(n.lat, n.lon))
        .collect::<Result<Vec<_>, _>>()
    else {
        return Vec::new();
    };
    let (Ok(network), Ok(from)) = (
        WalkNetwork::new(positions, &graph.edges),
        GeoPoint::new(from.0, from.1),
    ) else {
        return Vec::new();
    };
    let located: Vec<_> = services
        .services
        .iter()
        .filter_map(|s| {
            let category = category(&s.category)?;
            let location = GeoPoint::new(s.location.lat, s.location.lon).ok()?;
            Some((s, category, location))
        })
        .collect();
    let sites: Vec<ServiceSite<'_>> = located
        .iter()
        .map(|(s, category, location)| ServiceSite {
            id: &s.id,
            category,
            location: *location,
        })
        .collect();
    let index = ServiceIndex::new(&network, &sites);
    let mut lines: Vec<CircleLine> = index
        .nearest_from(from, STANDARD_PACE, STANDARD_PACE.metres_in(15))
        .into_iter()
        .filter_map(|line| {
            let (service, _, _) = located
                .iter()
                .find(|(s, _, _)| s.id == line.nearest.service_id)?;
            Some(CircleLine {
                category_id: line.category_id,
                name: service.name.clone(),
                minutes: line.nearest.minutes.ceil().max(1.0) as u32,
            })
        })
        .collect();
    lines.sort_by_key(|l| l.minutes);
    lines
}

fn metres_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    match (GeoPoint::new(a.0, a.1), GeoPoint::new(b.0, b.1)) {
        (Ok(a), Ok(b)) => a.metres_to(b),
        _ => f64::INFINITY,
    }
}

async fn fetch(token: String) -> Result<KioskData, ClientError> {
    let config: KioskConfig = client::kiosk_get(paths::KIOSK_CONFIG, &token).await?;
    let here = (config.lat, config.lon);
    let list = client::community_ballots(&config.community_id).await?;
    let mut ballots = Vec::new();
    for ballot in list
        .ballots
        .into_iter()
        .filter(|b| b.status == BallotStatus::Open)
    {
        // Only the full document says whether it is an open poll; a ballot that cannot be read
        // is left off the loop rather than offered with a keypad that may not apply.
        let Ok(document) = client::ballot(&ballot.id).await else {
            continue;
        };
        let turnout = client::turnout(&ballot.id).await.ok();
        ballots.push(KioskBallot {
            summary: ballot,
            turnout,
            open_poll: document.open_poll,
        });
    }
    let graph: Result<WalkingGraph, _> =
        client::get(&paths::walking_graph(&config.community_id)).await;
    let services = client::services(&config.community_id).await;
    let circle = match (graph, services) {
        (Ok(graph), Ok(services)) => circle(&graph, &services, here),
        _ => Vec::new(),
    };
    let fixed: Vec<PublicRequest> = client::get::<Vec<PublicRequest>>(&format!(
        "{}?status=fixed,closed&page_size=50",
        paths::OPEN311_REQUESTS
    ))
    .await
    .unwrap_or_default()
    .into_iter()
    .filter(|r| metres_between(here, (r.lat, r.lon)) <= NEARBY_METRES)
    .take(4)
    .collect();
    Ok(KioskData {
        config: Some(config),
        ballots,
        circle,
        fixed,
    })
}

/// Loads the cached data at once, then fetches fresh data now and every minute. A 401 means the
/// kiosk was revoked: back to pairing.
pub(crate) fn provide_data(kiosk: Kiosk) -> RwSignal<KioskData> {
    let cached: KioskData = stored(DATA_KEY)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    if let Some(config) = &cached.config {
        kiosk.config.set(Some(config.clone()));
    }
    let data = RwSignal::new(cached);
    let refresh = move || {
        let Some(token) = kiosk.token.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match fetch(token).await {
                Ok(fresh) => {
                    if let Ok(text) = serde_json::to_string(&fresh) {
                        store(DATA_KEY, &text);
                    }
                    kiosk.config.set(fresh.config.clone());
                    kiosk.offline.set(false);
                    data.set(fresh);
                }
                Err(ClientError::Api { status: 401, .. }) => kiosk.unpair(),
                Err(ClientError::Network(_)) => kiosk.offline.set(true),
                Err(_) => {}
            }
        });
    };
    refresh();
    let interval = leptos_use::use_interval_fn(refresh, REFRESH_MS);
    on_cleanup(move || (interval.pause)());
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_api::{LatLon, ServicePoint};

    fn service(id: &str, category: &str, lat: f64, lon: f64) -> ServicePoint {
        ServicePoint {
            id: id.into(),
            name: format!("店{id}"),
            category: category.into(),
            location: LatLon { lat, lon },
            address: String::new(),
            phone: None,
            opening_hours: None,
            step_free: true,
        }
    }

    #[test]
    fn the_circle_lists_the_nearest_of_each_category_by_walking_time() {
        // A straight street of three nodes, 400 m apart.
        let graph = WalkingGraph {
            sample_data: true,
            community_id: "c".into(),
            nodes: vec![
                LatLon {
                    lat: 39.9,
                    lon: 116.6,
                },
                LatLon {
                    lat: 39.9036,
                    lon: 116.6,
                },
                LatLon {
                    lat: 39.9072,
                    lon: 116.6,
                },
            ],
            edges: vec![(0, 1, 400.0), (1, 2, 400.0)],
        };
        let services = Services {
            sample_data: true,
            community_id: "c".into(),
            services: vec![
                service("far", "pharmacy", 39.9072, 116.6),
                service("near", "pharmacy", 39.9036, 116.6),
                service("shop", "convenience_store", 39.9072, 116.6),
            ],
        };
        let lines = circle(&graph, &services, (39.9, 116.6));
        let pharmacy = lines.iter().find(|l| l.category_id == "pharmacy").unwrap();
        assert_eq!(pharmacy.name, "店near");
        assert!(lines.iter().any(|l| l.category_id == "convenience_store"));
        assert!(lines.windows(2).all(|w| w[0].minutes <= w[1].minutes));
    }
}
