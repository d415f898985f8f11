//! Small shared presentational pieces: navigation, banners, the error view, typed code entry.

pub(crate) mod address;
pub(crate) mod banners;
pub(crate) mod code_entry;
pub(crate) mod community_picker;
pub(crate) mod error_view;
pub(crate) mod focus;
pub(crate) mod geolocation;
pub(crate) mod listen;
pub(crate) mod load;
pub(crate) mod nav;
pub(crate) mod not_found;
pub(crate) mod prefetch;
pub(crate) mod random;
pub(crate) mod request;
pub(crate) mod shown;
pub(crate) mod stored;
pub(crate) mod time;
