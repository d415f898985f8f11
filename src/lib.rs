//! Linli's single-page app, in reading order: the shell and its route table, the one module that
//! talks HTTP, the strings, shared pieces, then one module per feature.

pub mod app;
pub mod client;
pub mod i18n;
pub mod settings;
pub mod ui;

pub mod admin;
pub mod kiosk;
pub mod map;
pub mod me;
pub mod report;
pub mod scan;
pub mod vote;
