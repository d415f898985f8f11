//! The rows of a district's inventory files — communities, components (部件普查), buildings with
//! their households, service points — checked one by one, the same way for the command line and the committee's
//! upload page. A file's columns are found by any of the headings a district office uses
//! (`columns`); each row becomes a checked record or a list of sentences a clerk can act on.
//! Matching rows against what is stored, and storing them, is the server's.

pub mod building;
pub mod columns;
pub mod community;
pub mod component;
pub mod position;
pub mod service;
pub mod street;
pub mod unit;

pub use columns::{Field, Layout};
