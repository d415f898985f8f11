//! 扫码即知 — scan to know: the page a QR plate opens, the in-app scanner, and typed entry of a code.

pub mod component_page;
pub mod home;
pub mod scanner;

mod scanner_module;

// The residents' first load (`app`) shows these three pages.
pub use component_page::ComponentPage;
pub use home::ScanHome;
pub use scanner::ScannerPage;
