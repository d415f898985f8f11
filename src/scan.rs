//! 扫码即知 — scan to know: the page a QR plate opens, the in-app scanner, and typed entry of a code.

pub mod component_page;
pub(crate) mod home;
pub(crate) mod scanner;

mod scanner_module;

// The residents' first load (`app`) shows these three pages.
pub(crate) use component_page::ComponentPage;
pub(crate) use home::ScanHome;
pub(crate) use scanner::ScannerPage;
