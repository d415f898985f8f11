//! Reports of problems (Open311 service requests): their life cycle and what a new one must hold.
//!
//! The 数字城管 stages map onto Open311 statuses: 受理 received → `open`; 派遣 dispatched →
//! `action_scheduled`; 处置 in progress → `in_progress`; 结案 → `fixed` / `closed`; not ours →
//! `not_councils_responsibility`; merged → `duplicate`. One state machine decides every change,
//! on the server and in the committee's UI alike.

mod figures;
mod new_request;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use figures::{
    CaseFacts, Figures, Hotspot, PLACE_SQUARE_DEGREES, ReportPlace, Timeliness, hotspots, median,
};
pub use new_request::{NewRequestForm, ValidRequest};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    ActionScheduled,
    InProgress,
    Fixed,
    Closed,
    Duplicate,
    NotCouncilsResponsibility,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Open,
        Status::ActionScheduled,
        Status::InProgress,
        Status::Fixed,
        Status::Closed,
        Status::Duplicate,
        Status::NotCouncilsResponsibility,
    ];

    /// The Open311 / FixMyStreet name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::ActionScheduled => "action_scheduled",
            Status::InProgress => "in_progress",
            Status::Fixed => "fixed",
            Status::Closed => "closed",
            Status::Duplicate => "duplicate",
            Status::NotCouncilsResponsibility => "not_councils_responsibility",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the request still needs work (counts towards "overdue").
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Open | Status::ActionScheduled | Status::InProgress
        )
    }

    /// Whether the resident may now rate the outcome.
    pub fn is_finished(self) -> bool {
        matches!(self, Status::Fixed | Status::Closed)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Status::Open => "已受理",
            Status::ActionScheduled => "已派遣",
            Status::InProgress => "处置中",
            Status::Fixed => "已解决",
            Status::Closed => "已结案",
            Status::Duplicate => "已合并",
            Status::NotCouncilsResponsibility => "非本辖区职责",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Status::Open => "Received",
            Status::ActionScheduled => "Dispatched",
            Status::InProgress => "In progress",
            Status::Fixed => "Fixed",
            Status::Closed => "Closed",
            Status::Duplicate => "Merged with another report",
            Status::NotCouncilsResponsibility => "Not our responsibility",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who asks for a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Committee,
    /// The resident who filed the request (holding its private tracking token).
    Reporter,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransitionError {
    /// The change makes no sense from here (e.g. `fixed` → `action_scheduled`).
    NotAllowed { from: Status, to: Status },
    /// A resident may only reopen a finished request, and only once.
    ReporterMayOnlyReopenOnce,
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransitionError::NotAllowed { from, to } => {
                write!(f, "a request cannot go from {from} to {to}")
            }
            TransitionError::ReporterMayOnlyReopenOnce => {
                write!(
                    f,
                    "a finished request can be reopened once, by its reporter"
                )
            }
        }
    }
}

impl std::error::Error for TransitionError {}

/// Decides whether `actor` may move a request from `from` to `to`; `times_reopened` counts the
/// reporter's earlier reopenings.
pub fn check_transition(
    from: Status,
    to: Status,
    actor: Actor,
    times_reopened: u32,
) -> Result<(), TransitionError> {
    use Status::*;
    match actor {
        Actor::Reporter => {
            if from.is_finished() && to == Open && times_reopened == 0 {
                Ok(())
            } else {
                Err(TransitionError::ReporterMayOnlyReopenOnce)
            }
        }
        Actor::Committee => {
            let allowed = match from {
                Open => matches!(
                    to,
                    ActionScheduled | InProgress | Fixed | Duplicate | NotCouncilsResponsibility
                ),
                ActionScheduled => {
                    matches!(
                        to,
                        InProgress | Fixed | Duplicate | NotCouncilsResponsibility
                    )
                }
                InProgress => matches!(to, ActionScheduled | Fixed),
                Fixed => matches!(to, Closed | InProgress),
                Closed => false,
                // A mistaken merge or hand-off can be undone.
                Duplicate | NotCouncilsResponsibility => to == Open,
            };
            if allowed {
                Ok(())
            } else {
                Err(TransitionError::NotAllowed { from, to })
            }
        }
    }
}

/// A report's number as a person types it: `12`, `#12` or `＃12`, spaces around allowed.
pub fn report_number(text: &str) -> Option<i64> {
    let digits = text.trim().trim_start_matches(['#', '＃']).trim_start();
    digits
        .parse()
        .ok()
        .filter(|n: &i64| *n > 0 && !digits.starts_with('+'))
}

/// Why a report cannot be merged into the original a committee member named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MergeRefusal {
    /// The original is the report itself, or a chain of merges leads back to it.
    Itself,
    /// The original no longer needs work (fixed, closed, or not ours): its supporters would
    /// follow a report nobody works on any more, and "me too" is refused there too. A report of
    /// a problem fixed before is a new occurrence, not a duplicate.
    OriginalFinished(Status),
}

impl fmt::Display for MergeRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeRefusal::Itself => f.write_str("a report cannot be merged into itself"),
            MergeRefusal::OriginalFinished(status) => {
                write!(f, "the original is {status} and no longer needs work")
            }
        }
    }
}

impl std::error::Error for MergeRefusal {}

/// Decides whether report `duplicate` may be merged into `original`, the root of the chain of
/// merges the member's choice leads to (a duplicate of a duplicate names the first original),
/// which is `original_status` now.
pub fn check_merge(
    duplicate: i64,
    original: i64,
    original_status: Status,
) -> Result<(), MergeRefusal> {
    if duplicate == original {
        Err(MergeRefusal::Itself)
    } else if !original_status.is_open() {
        Err(MergeRefusal::OriginalFinished(original_status))
    } else {
        Ok(())
    }
}

/// The longest description a report may carry, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 4000;

/// Why a report's field was refused; `field` is the Open311 parameter name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: FieldProblem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Missing,
    TooLong { max_chars: usize },
    ContainsMarkup,
    NotAPhoneNumber,
    OutOfRange,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.field;
        match self.problem {
            FieldProblem::Missing => write!(f, "{field} is required"),
            FieldProblem::TooLong { max_chars } => {
                write!(f, "{field} is longer than {max_chars} characters")
            }
            FieldProblem::ContainsMarkup => write!(f, "{field} may not contain HTML"),
            FieldProblem::NotAPhoneNumber => {
                write!(f, "{field} is not a mainland China phone number")
            }
            FieldProblem::OutOfRange => write!(f, "{field} is not a valid coordinate"),
        }
    }
}

/// Checks a report's description: present, at most [`MAX_DESCRIPTION_CHARS`], no HTML.
pub fn check_description(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    let error = |problem| FieldError {
        field: "description",
        problem,
    };
    if text.is_empty() {
        return Err(error(FieldProblem::Missing));
    }
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(error(FieldProblem::TooLong {
            max_chars: MAX_DESCRIPTION_CHARS,
        }));
    }
    if looks_like_markup(text) {
        return Err(error(FieldProblem::ContainsMarkup));
    }
    Ok(text.to_owned())
}

/// The longest `address_string` (a place described in words, "3号楼东侧路口").
pub const MAX_ADDRESS_CHARS: usize = 200;

/// Checks a report's optional address: trimmed, at most [`MAX_ADDRESS_CHARS`], no HTML. Every
/// report on a component is listed on its plate's public page, so one long address would make
/// that list long for every resident who scans the plate.
pub fn check_address(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    let error = |problem| FieldError {
        field: "address_string",
        problem,
    };
    if text.chars().count() > MAX_ADDRESS_CHARS {
        return Err(error(FieldProblem::TooLong {
            max_chars: MAX_ADDRESS_CHARS,
        }));
    }
    if looks_like_markup(text) {
        return Err(error(FieldProblem::ContainsMarkup));
    }
    Ok(text.to_owned())
}

/// `<` followed by a letter, `/` or `!` opens a tag; a lone `<` as in "温度<5度" is fine.
fn looks_like_markup(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

/// Normalises a mainland phone number: an 11-digit mobile (1[3-9]…), or a landline with area code
/// (010-89521846, 01089521846). Spaces, dashes and a +86 prefix are allowed.
pub fn check_phone(text: &str) -> Result<String, FieldError> {
    let error = FieldError {
        field: "phone",
        problem: FieldProblem::NotAPhoneNumber,
    };
    let mut digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    if let Some(rest) = digits.strip_prefix("+86") {
        digits = rest.to_owned();
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(error);
    }
    let mobile = digits.len() == 11 && digits.starts_with('1') && digits.as_bytes()[1] >= b'3';
    let landline = digits.starts_with('0') && (10..=12).contains(&digits.len());
    if mobile || landline {
        Ok(digits)
    } else {
        Err(error)
    }
}

/// A phone number as every public view shows it: `138****5678`.
pub fn mask_phone(digits: &str) -> String {
    let chars: Vec<char> = digits.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// A WGS-84 coordinate pair in range.
pub fn check_location(lat: f64, lon: f64) -> Result<(f64, f64), FieldError> {
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(FieldError {
            field: "lat",
            problem: FieldProblem::OutOfRange,
        });
    }
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(FieldError {
            field: "long",
            problem: FieldProblem::OutOfRange,
        });
    }
    Ok((lat, lon))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    fn check(from: Status, to: Status, actor: Actor, reopened: u32, ok: bool) {
        assert_eq!(
            check_transition(from, to, actor, reopened).is_ok(),
            ok,
            "{actor:?}: {from} → {to} (reopened {reopened})"
        );
    }

    #[test]
    fn the_committee_moves_a_request_through_its_stages() {
        check(Open, ActionScheduled, Actor::Committee, 0, true);
        check(ActionScheduled, InProgress, Actor::Committee, 0, true);
        check(InProgress, Fixed, Actor::Committee, 0, true);
        check(Fixed, Closed, Actor::Committee, 0, true);
        check(Open, Duplicate, Actor::Committee, 0, true);
        check(Open, NotCouncilsResponsibility, Actor::Committee, 0, true);
        check(Duplicate, Open, Actor::Committee, 0, true);
    }

    #[test]
    fn a_report_number_is_read_as_people_type_it() {
        for (text, expected) in [
            ("12", Some(12)),
            (" #12 ", Some(12)),
            ("＃7", Some(7)),
            ("# 7", Some(7)),
            ("", None),
            ("#", None),
            ("0", None),
            ("-3", None),
            ("+3", None),
            ("12a", None),
        ] {
            assert_eq!(report_number(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_report_merges_only_into_another_that_still_needs_work() {
        for status in [Open, ActionScheduled, InProgress] {
            assert_eq!(check_merge(2, 1, status), Ok(()), "{status}");
        }
        for status in [Fixed, Closed, NotCouncilsResponsibility, Duplicate] {
            assert_eq!(
                check_merge(2, 1, status),
                Err(MergeRefusal::OriginalFinished(status)),
                "{status}"
            );
        }
        assert_eq!(check_merge(1, 1, Open), Err(MergeRefusal::Itself));
    }

    #[test]
    fn nonsense_changes_are_refused() {
        check(Fixed, ActionScheduled, Actor::Committee, 0, false);
        check(Closed, Open, Actor::Committee, 0, false);
        check(InProgress, Duplicate, Actor::Committee, 0, false);
        for s in Status::ALL {
            check(s, s, Actor::Committee, 0, false);
        }
    }

    #[test]
    fn a_reporter_may_reopen_a_finished_request_once_and_do_nothing_else() {
        check(Fixed, Open, Actor::Reporter, 0, true);
        check(Closed, Open, Actor::Reporter, 0, true);
        check(Closed, Open, Actor::Reporter, 1, false);
        check(Open, Fixed, Actor::Reporter, 0, false);
        check(InProgress, Open, Actor::Reporter, 0, false);
    }

    #[test]
    fn statuses_round_trip_their_open311_names() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("resolved"), None);
    }

    #[test]
    fn descriptions_are_required_bounded_and_plain_text() {
        assert_eq!(check_description("  路灯不亮了  ").unwrap(), "路灯不亮了");
        assert_eq!(
            check_description(" ").unwrap_err().problem,
            FieldProblem::Missing
        );
        let long = "灯".repeat(MAX_DESCRIPTION_CHARS + 1);
        assert_eq!(
            check_description(&long).unwrap_err().problem,
            FieldProblem::TooLong {
                max_chars: MAX_DESCRIPTION_CHARS
            }
        );
        assert!(check_description(&"灯".repeat(MAX_DESCRIPTION_CHARS)).is_ok());
        for markup in [
            "<script>alert(1)</script>",
            "看<b>这里</b>",
            "<!-- x -->",
            "</p>",
        ] {
            assert_eq!(
                check_description(markup).unwrap_err().problem,
                FieldProblem::ContainsMarkup
            );
        }
        assert!(check_description("温度<5度，井盖 3<4").is_ok());
    }

    #[test]
    fn phones_are_normalised_and_masked() {
        assert_eq!(check_phone("138 0013 8000").unwrap(), "13800138000");
        assert_eq!(check_phone("+86 138-0013-8000").unwrap(), "13800138000");
        assert_eq!(check_phone("010-89521846").unwrap(), "01089521846");
        for bad in ["12345", "12800138000", "abc", "1380013800x", ""] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone("01089521846"), "010****1846");
        assert_eq!(mask_phone("123"), "***");
    }

    #[test]
    fn coordinates_must_be_on_earth() {
        assert!(check_location(39.9, 116.6).is_ok());
        assert!(check_location(91.0, 116.6).is_err());
        assert!(check_location(39.9, f64::NAN).is_err());
    }
}

/// What the 接诉即办 rates need to know of one request.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestFacts {
    pub status: Status,
    /// Hours from filing to the first change made by the committee, if there was one.
    pub hours_to_first_response: Option<f64>,
    pub rating: Option<u8>,
}

/// The three figures Beijing's 12345 hotline measures itself by, for a set of requests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rates {
    pub filed: u32,
    /// Answered by the committee within [`RESPONSE_HOURS`].
    pub responded: u32,
    /// Requests that count towards resolution: all but duplicates and those handed elsewhere.
    pub resolvable: u32,
    /// Of those, fixed or closed.
    pub resolved: u32,
    pub rated: u32,
    /// Rated 4 or 5.
    pub satisfied: u32,
}

/// A request counts as responded to when the committee acted on it within a working day.
pub const RESPONSE_HOURS: f64 = 24.0;

impl Rates {
    pub fn of(requests: &[RequestFacts]) -> Rates {
        let mut rates = Rates::default();
        for r in requests {
            rates.filed += 1;
            if r.hours_to_first_response
                .is_some_and(|h| h <= RESPONSE_HOURS)
            {
                rates.responded += 1;
            }
            if !matches!(
                r.status,
                Status::Duplicate | Status::NotCouncilsResponsibility
            ) {
                rates.resolvable += 1;
                if r.status.is_finished() {
                    rates.resolved += 1;
                }
            }
            if let Some(rating) = r.rating {
                rates.rated += 1;
                if rating >= 4 {
                    rates.satisfied += 1;
                }
            }
        }
        rates
    }

    /// Per cent, rounded down to a whole number; `None` when nothing was counted.
    pub fn percent(part: u32, whole: u32) -> Option<u32> {
        (whole > 0).then(|| part * 100 / whole)
    }
}

#[cfg(test)]
mod rate_tests {
    use super::*;

    fn facts(status: Status, hours: Option<f64>, rating: Option<u8>) -> RequestFacts {
        RequestFacts {
            status,
            hours_to_first_response: hours,
            rating,
        }
    }

    #[test]
    fn the_three_rates_count_what_12345_counts() {
        let rates = Rates::of(&[
            facts(Status::Fixed, Some(2.0), Some(5)),
            facts(Status::Closed, Some(30.0), Some(3)),
            facts(Status::Open, None, None),
            facts(Status::Duplicate, Some(1.0), None),
            facts(Status::InProgress, Some(24.0), None),
        ]);
        assert_eq!(
            rates,
            Rates {
                filed: 5,
                responded: 3,
                resolvable: 4,
                resolved: 2,
                rated: 2,
                satisfied: 1
            }
        );
        assert_eq!(Rates::percent(rates.responded, rates.filed), Some(60));
        assert_eq!(Rates::percent(rates.resolved, rates.resolvable), Some(50));
        assert_eq!(Rates::percent(0, 0), None);
        assert_eq!(Rates::of(&[]), Rates::default());
    }
}
