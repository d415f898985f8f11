//! 扫码即诉 — scan to report: the report form (for a component or a free location, with photos,
//! "me too" and an autosaved draft), the outbox that sends it even after a reload, the reporter's
//! private tracking page, and the list of this browser's own reports.

pub mod form;
pub mod location;
pub mod my_reports;
pub mod outbox;
pub mod photo_picker;
pub mod photos;
pub mod store;
pub mod submission;
pub mod tracking;

use linli_core::problem_type::PROBLEM_TYPES;
use linli_core::report::Status;

use crate::i18n::Locale;

/// A problem type's name in the resident's language.
pub fn service_name(locale: Locale, service_code: &str) -> String {
    PROBLEM_TYPES
        .iter()
        .find(|p| p.service_code == service_code)
        .map_or_else(
            || service_code.to_owned(),
            |p| locale.pick(p.name_zh, p.name_en).to_owned(),
        )
}

/// A status's name in the resident's language.
pub fn status_name(locale: Locale, status: &str) -> String {
    Status::parse(status).map_or_else(
        || status.to_owned(),
        |s| locale.pick(s.name_zh(), s.name_en()).to_owned(),
    )
}
