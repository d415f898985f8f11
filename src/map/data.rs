//! What the circle's page and its pieces share: a community's documents, loaded once, with the
//! walking network built from them; the start a walk begins at; and the hooks that read and
//! write the page's state in the URL. The page and every piece it draws use these, so they sit
//! apart from the page (`page.rs`), which names its pieces.

use std::sync::Arc;

use leptos::prelude::*;
use linli_api::{Building, ServicePoint};
use linli_core::reach::{GeoPoint, Snap, WalkNetwork};

use super::drawing_data::Streets;
use super::query::MapQuery;
use crate::client::{self, ClientError};
use crate::ui::address::Address;

/// A community's documents, with its walking network built and its services snapped onto it.
#[derive(Debug)]
pub(crate) struct CommunityData {
    pub id: String,
    pub services: Vec<ServicePoint>,
    pub buildings: Vec<Building>,
    pub network: WalkNetwork,
    pub service_snaps: Vec<Snap>,
    pub streets: Streets,
}

/// A position as the documents give it, as a point of the walk; `None` for an impossible one.
pub(crate) fn geo(location: &linli_api::LatLon) -> Option<GeoPoint> {
    GeoPoint::new(location.lat, location.lon).ok()
}

/// A community's services, buildings and walking graph, loaded side by side, with the network
/// built and every service snapped onto it.
pub(crate) async fn load(community: String) -> Result<Arc<CommunityData>, ClientError> {
    // Side by side: on a phone's network each is a round trip of its own.
    let (services, buildings, graph) = futures::join!(
        client::services(&community),
        client::buildings(&community),
        client::walking_graph(&community)
    );
    let (services, buildings, graph) = (services?.services, buildings?.buildings, graph?);
    // Said without the numbers: their Display would bring float formatting into the bundle for
    // a message the resident never reads (the page says the data could not be read).
    let invalid = |what: &str| ClientError::Decode(what.to_owned());
    let positions = graph
        .nodes
        .iter()
        .map(|p| {
            GeoPoint::new(p.lat, p.lon)
                .map_err(|_| invalid("a walking graph node is not a WGS-84 position"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let network = WalkNetwork::new(positions, &graph.edges)
        .map_err(|_| invalid("the walking graph is not a network"))?;
    let first = network.nodes().next().ok_or_else(|| invalid("no nodes"))?;
    // A service with an impossible position is in no walk.
    let service_snaps = services
        .iter()
        .map(|s| {
            geo(&s.location)
                .map(|point| network.snap(point))
                .unwrap_or(Snap {
                    node: first,
                    metres: f64::INFINITY,
                })
        })
        .collect();
    let streets = Streets::new(&network);
    Ok(Arc::new(CommunityData {
        id: community,
        services,
        buildings,
        network,
        service_snaps,
        streets,
    }))
}

/// The page's URL state, parsed once per change.
pub(crate) fn use_map_query() -> Memo<MapQuery> {
    let address = Address::use_context();
    Memo::new(move |_| address.with_query(|get| MapQuery::parse(get)))
}

/// Writes a new state into the URL: a new start is a step the back button returns from; a filter
/// or pace change replaces the entry. Every start, a scanned plate's too, is at
/// `/map/<community>?…`.
pub(crate) fn use_set_query(community: String) -> impl Fn(MapQuery, bool) + Clone + 'static {
    let address = Address::use_context();
    move |next: MapQuery, push: bool| {
        address.go(&format!("/map/{community}{}", next.to_query_string()), push);
    }
}

/// Where the walk starts, resolved against the community's buildings or the scanned plate.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StartPoint {
    /// A building's or plate's name; `None` for the phone's position.
    pub name: Option<String>,
    pub point: GeoPoint,
}
