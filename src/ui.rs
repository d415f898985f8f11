//! Small shared presentational pieces: navigation, banners, the error view, typed code entry.

pub mod address;
pub mod banners;
pub mod code_entry;
pub mod error_view;
pub mod focus;
pub mod geolocation;
pub mod listen;
pub mod load;
pub mod nav;
pub mod not_found;
pub mod prefetch;
pub mod random;
pub mod request;
pub mod shown;
pub mod stored;
pub mod time;
