//! Walking reach over a street graph: who gets where within 5, 10 and 15 minutes.
//!
//! Distances are walked along streets and paths, never drawn as circles, so a building inside a
//! gated compound walks out through its gate. In the order a caller uses them: positions
//! ([`GeoPoint`]) and the community nearest to one, looked up by its square ([`NearTile`]); the compact, validated form of a `WalkingGraph` document and snapping onto it
//! ([`WalkNetwork`]); walking pace and the 5/10/15-minute bands ([`Pace`], [`Band`]); the bounded
//! search itself ([`reach`], [`reach_from_any`]); and what the map and the committee read from
//! it, the nearest service of each category and each building's gaps ([`ServiceIndex`]).
//!
//! Pure and quick enough for the browser: the SPA computes a resident's reach on the phone.

mod geo;
mod near_tiles;
mod nearest;
mod network;
mod pace;
mod search;
mod services;

#[cfg(test)]
mod tests;

pub use geo::{EARTH_RADIUS_M, GeoPoint, PositionError};
pub use near_tiles::{NearTile, SearchBounds, TILE_DEGREES};
pub use nearest::{NEAREST_LIMIT_M, Nearest, nearest_community};
pub use network::{GraphError, NodeId, Snap, WalkNetwork};
pub use pace::{Band, ELDERLY_PACE, InvalidPace, Pace, STANDARD_PACE};
pub use search::{Reach, Start, reach, reach_from_any};
pub use services::{
    BuildingGaps, BuildingSite, CategoryCoverage, CategoryNearest, Coverage, ServiceDistance,
    ServiceIndex, ServiceSite,
};
