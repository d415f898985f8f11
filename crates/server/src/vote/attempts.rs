//! Failed voting-code attempts, counted per client address and per ballot, so that nobody can try
//! codes by the thousand. Codes are 11 random characters of 31 (about 2.5 × 10¹⁶ of them), so
//! guessing is hopeless anyway; these limits make it slow as well, without stopping households:
//! a typo never counts (the check character catches it before the database is asked), and a
//! whole community behind one mobile carrier's address gets many tries.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a failed attempt counts.
pub(crate) const WINDOW: Duration = Duration::from_secs(10 * 60);
/// Failed attempts one address may make within [`WINDOW`], on any ballots.
pub const PER_ADDRESS: usize = 20;
/// Failed attempts on one ballot within [`WINDOW`], from all addresses together, after which an
/// address that has failed there before is refused (a first try from anyone else still goes).
pub(crate) const PER_BALLOT: usize = 200;

/// Where a request came from, as the server's socket saw it; `None` when it did not come over
/// one (a test calling the router directly).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<ClientAddress>()
            .copied()
            .unwrap_or(ClientAddress(None)))
    }
}

#[derive(Default)]
struct Failures {
    by_address: HashMap<Option<IpAddr>, VecDeque<Instant>>,
    by_ballot: HashMap<String, VecDeque<(Instant, Option<IpAddr>)>>,
}

/// The server's memory of recent failures. It is lost on restart, which only gives a guesser
/// back what a restart gives every voter: a fresh start.
#[derive(Default)]
pub struct FailedCodeAttempts {
    failures: Mutex<Failures>,
}

impl FailedCodeAttempts {
    /// How long `address` must wait before trying a code on `ballot`, if it must.
    pub(crate) fn wait_before_trying(
        &self,
        address: ClientAddress,
        ballot: &str,
    ) -> Option<Duration> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let Failures {
            by_address,
            by_ballot,
        } = &mut *failures;
        if let Some(times) = by_address.get_mut(&address.0) {
            forget_old(times, now, |t| *t);
            if times.len() >= PER_ADDRESS {
                return times
                    .front()
                    .map(|first| WINDOW.saturating_sub(now - *first));
            }
        }
        if let Some(times) = by_ballot.get_mut(ballot) {
            forget_old(times, now, |(t, _)| *t);
            let failed_here = times.iter().any(|(_, from)| *from == address.0);
            if times.len() >= PER_BALLOT && failed_here {
                return times
                    .front()
                    .map(|(first, _)| WINDOW.saturating_sub(now - *first));
            }
        }
        None
    }

    /// Counts a failed attempt: a well-formed code that this ballot never issued.
    pub(crate) fn failed(&self, address: ClientAddress, ballot: &str) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let by_address = failures.by_address.entry(address.0).or_default();
        forget_old(by_address, now, |t| *t);
        by_address.push_back(now);
        let by_ballot = failures.by_ballot.entry(ballot.to_owned()).or_default();
        forget_old(by_ballot, now, |(t, _)| *t);
        by_ballot.push_back((now, address.0));
    }
}

fn forget_old<T>(times: &mut VecDeque<T>, now: Instant, at: impl Fn(&T) -> Instant) {
    while times.front().is_some_and(|t| now - at(t) > WINDOW) {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(n: u8) -> ClientAddress {
        ClientAddress(Some(IpAddr::from([10, 0, 0, n])))
    }

    #[test]
    fn an_address_is_stopped_after_its_failures_and_others_are_not() {
        let attempts = FailedCodeAttempts::default();
        for _ in 0..PER_ADDRESS {
            assert_eq!(attempts.wait_before_trying(from(1), "b"), None);
            attempts.failed(from(1), "b");
        }
        let wait = attempts
            .wait_before_trying(from(1), "other-ballot")
            .unwrap();
        assert!(wait <= WINDOW && wait > WINDOW - Duration::from_secs(60));
        assert_eq!(attempts.wait_before_trying(from(2), "b"), None);
    }

    #[test]
    fn a_ballot_under_attack_still_takes_first_tries() {
        let attempts = FailedCodeAttempts::default();
        for n in 0..PER_BALLOT {
            attempts.failed(from((n % 250) as u8), "b");
        }
        // An address that failed on this ballot waits; a household trying for the first time does not.
        assert!(attempts.wait_before_trying(from(3), "b").is_some());
        assert_eq!(attempts.wait_before_trying(from(251), "b"), None);
        assert_eq!(attempts.wait_before_trying(from(3), "another"), None);
    }
}
