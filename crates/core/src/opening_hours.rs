//! "Open now" from OpenStreetMap `opening_hours` values, for the subset that describes almost
//! every shop and service point: `24/7`; rules separated by `;` whose later rules override
//! earlier ones for the days they name; weekday lists and ranges (`Mo-Fr`, `Sa,Su`, `Su-Tu`
//! wrapping); comma-separated time spans, including spans past midnight (`18:00-02:00`); `off` /
//! `closed`. Anything else (public holidays, months, week numbers, sunrise, comments) makes the
//! value "unknown" rather than a guess: the page then says the hours without claiming open or
//! closed. A full parser (the `opening-hours` crate) would add a grammar engine to every
//! resident's download for cases the sample and OSM data of Tongzhou barely use.

/// Monday = 0 … Sunday = 6.
pub type Weekday = u8;

const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

#[derive(Clone, Debug, PartialEq, Eq)]
struct Rule {
    days: [bool; 7],
    /// Minutes from midnight; `end` may exceed 24 × 60 for a span past midnight.
    spans: Vec<(u16, u16)>,
}

fn day(text: &str) -> Option<Weekday> {
    DAYS.iter().position(|d| *d == text).map(|i| i as Weekday)
}

fn days(text: &str) -> Option<[bool; 7]> {
    let mut set = [false; 7];
    for part in text.split(',') {
        match part.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (day(from)?, day(to)?);
                let mut d = from;
                loop {
                    set[usize::from(d)] = true;
                    if d == to {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => set[usize::from(day(part)?)] = true,
        }
    }
    Some(set)
}

fn minutes(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

fn spans(text: &str) -> Option<Vec<(u16, u16)>> {
    if text == "off" || text == "closed" {
        return Some(Vec::new());
    }
    text.split(',')
        .map(|span| {
            let (start, end) = span.trim().split_once('-')?;
            let (start, end) = (minutes(start)?, minutes(end)?);
            // 18:00-02:00 runs into the next day.
            Some((start, if end <= start { end + 24 * 60 } else { end }))
        })
        .collect()
}

fn rule(text: &str) -> Option<Rule> {
    let text = text.trim();
    if text == "24/7" {
        return Some(Rule {
            days: [true; 7],
            spans: vec![(0, 24 * 60)],
        });
    }
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    match days(first) {
        Some(days) => Some(Rule {
            days,
            spans: spans(rest.trim())?,
        }),
        // No weekday selector: the times hold every day.
        None => Some(Rule {
            days: [true; 7],
            spans: spans(text)?,
        }),
    }
}

/// Whether the value is within the understood subset (an import checks this).
pub fn understood(value: &str) -> bool {
    is_open(value, 0, 0).is_some()
}

/// Whether a service with these hours is open on `weekday` at `minute` (0–1439) of local time;
/// `None` when the value is outside the understood subset.
pub fn is_open(value: &str, weekday: Weekday, minute: u16) -> Option<bool> {
    if weekday > 6 || minute >= 24 * 60 {
        return None;
    }
    let rules: Vec<Rule> = value
        .split(';')
        .filter(|r| !r.trim().is_empty())
        .map(rule)
        .collect::<Option<_>>()?;
    if rules.is_empty() {
        return None;
    }
    // The rule that decides a day is the last one naming it (OSM's override semantics).
    let spans_on = |day: Weekday| {
        rules
            .iter()
            .rev()
            .find(|r| r.days[usize::from(day)])
            .map(|r| r.spans.as_slice())
            .unwrap_or(&[])
    };
    let today = spans_on(weekday)
        .iter()
        .any(|&(start, end)| start <= minute && minute < end);
    // Yesterday's spans past midnight still run this morning.
    let yesterday = spans_on((weekday + 6) % 7)
        .iter()
        .any(|&(_, end)| end > 24 * 60 && minute + 24 * 60 < end);
    Some(today || yesterday)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MON: Weekday = 0;
    const FRI: Weekday = 4;
    const SAT: Weekday = 5;
    const SUN: Weekday = 6;

    fn at(h: u16, m: u16) -> u16 {
        h * 60 + m
    }

    #[test]
    fn the_common_forms_answer_open_or_closed() {
        let cases: &[(&str, Weekday, u16, bool)] = &[
            ("24/7", SUN, at(3, 0), true),
            ("Mo-Su 06:30-20:00", MON, at(6, 29), false),
            ("Mo-Su 06:30-20:00", MON, at(6, 30), true),
            ("Mo-Su 06:30-20:00", MON, at(20, 0), false),
            ("Mo-Fr 08:00-17:00; Sa 09:00-12:00", SAT, at(11, 59), true),
            ("Mo-Fr 08:00-17:00; Sa 09:00-12:00", SUN, at(10, 0), false),
            ("Mo-Fr 08:00-12:00,13:30-17:30", FRI, at(12, 30), false),
            ("Mo-Fr 08:00-12:00,13:30-17:30", FRI, at(14, 0), true),
            ("Mo-Su 08:00-20:00; Tu off", 1, at(10, 0), false),
            ("Mo-Su 08:00-20:00; Tu off", 2, at(10, 0), true),
            ("Fr-Mo 10:00-14:00", SUN, at(11, 0), true),
            ("Fr-Mo 10:00-14:00", 2, at(11, 0), false),
            ("Sa,Su 07:00-09:00", SUN, at(8, 0), true),
            ("07:00-22:00", 3, at(21, 59), true),
            // A bar open past midnight: Friday night runs into Saturday morning.
            ("Fr 18:00-02:00", SAT, at(1, 30), true),
            ("Fr 18:00-02:00", SAT, at(2, 0), false),
            ("Fr 18:00-02:00", FRI, at(1, 30), false),
            ("Mo-Su 00:00-24:00", SUN, at(23, 59), true),
        ];
        for &(value, weekday, minute, open) in cases {
            assert_eq!(
                is_open(value, weekday, minute),
                Some(open),
                "{value} on day {weekday} at minute {minute}"
            );
        }
    }

    #[test]
    fn what_is_not_understood_is_unknown_not_guessed() {
        for value in [
            "",
            "Mo-Fr 08:00-17:00; PH off",
            "sunrise-sunset",
            "Jan-Mar Mo-Fr 08:00-12:00",
            "Mo-Fr 8-17",
            "Mo-Fr 25:00-26:00",
            "by appointment",
            "Xx 08:00-09:00",
        ] {
            assert_eq!(is_open(value, MON, at(10, 0)), None, "{value:?}");
        }
        assert_eq!(is_open("24/7", 7, 0), None);
        assert_eq!(is_open("24/7", 0, 24 * 60), None);
    }
}
