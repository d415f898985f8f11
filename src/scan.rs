//! 扫码即知 — scan to know: the page a QR plate opens, and typed entry of a code.

pub mod component_page;
pub mod home;
