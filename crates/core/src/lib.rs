//! Linli's domain rules, free of any web, browser or database code, so that the SPA and the
//! server apply exactly the same rules and tests run on the host in milliseconds.

pub mod component_code;
pub mod datum;
pub mod decimal;
pub mod district;
#[doc(hidden)]
pub mod fuzzing;
pub mod gcj02;
pub mod inventory;
pub mod opening_hours;
pub mod pabulib;
pub mod payload;
pub mod photo;
pub mod place;
pub mod problem_type;
pub mod projection;
pub mod reach;
pub mod report;
pub mod rng;
pub mod selection;
pub mod service_category;
pub mod service_point;
pub mod tally;
pub mod tiles;
pub mod voting_code;
