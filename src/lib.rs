//! Linli's single-page app, in reading order: the residents' bundle root; the shared modules
//! (the one module that talks HTTP, the strings, the settings, the shell every bundle provides,
//! small UI pieces); then one module per feature. Which may use which is the module rule atop
//! tests/tidy.rs.

pub mod app;

pub mod client;
pub mod i18n;
pub mod settings;
pub mod shell;
pub mod ui;

pub mod admin;
pub mod kiosk;
pub mod map;
pub mod me;
pub mod report;
pub mod scan;
pub mod vote;
