//! Linli's wire contract: every JSON document the server answers and the SPA reads, and the
//! paths they live at. Reads are plain documents at stable `.json` paths, so the same files can
//! be exported onto a static host.

pub mod paths;

mod audit;
mod documents;
mod figures;
mod imports;
mod kiosks;
mod places;
mod reports;
mod votes;
pub use audit::*;
pub use documents::*;
pub use figures::*;
pub use imports::*;
pub use kiosks::*;
pub use places::*;
pub use reports::*;
pub use votes::*;
