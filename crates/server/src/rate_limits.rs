//! Abuse limits: how fast one client address (or one account) may sign in, report, upload
//! photos, add "me too", rate or reopen, pair kiosks, and post a city system's case updates. Each limit is a GCRA bucket from the
//! `governor` crate: `N/period` lets N at once and one more every period ÷ N. A refusal is 429
//! with `Retry-After` and a sentence in Chinese and English (Open311's error array on Open311
//! paths). Failed voting codes have their own count (`vote::attempts`), since only failures count
//! there.
//!
//! The defaults are set so that one mobile carrier's NAT address, behind which a whole community
//! may sit, does not meet them on a busy day (docs/operations.md, "Abuse limits", says why each
//! is what it is); `--limit-*` flags and `LINLI_LIMIT_*` variables change them.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::str::FromStr;
use std::time::Duration;

use axum::extract::{OriginalUri, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::Open311Errors;
use crate::open311::format::Format;
use crate::vote::attempts::ClientAddress;
use crate::{AppError, AppState};

/// At most `count` in a burst, refilled evenly over `per`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub per: Duration,
}

impl Rate {
    const fn new(count: u32, per_secs: u64) -> Rate {
        Rate {
            count,
            per: Duration::from_secs(per_secs),
        }
    }

    fn quota(self) -> Quota {
        let count = NonZeroU32::new(self.count).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(self.per / count.get())
            .unwrap_or_else(|| Quota::per_second(count))
            .allow_burst(count)
    }
}

/// `30/10m`, `300/h`, `20/60s`: a count, a slash, and a period in s, m or h (a bare unit is 1).
impl FromStr for Rate {
    type Err = String;

    fn from_str(text: &str) -> Result<Rate, String> {
        let bad = || {
            format!(
                "“{text}” is not a rate: write a count and a period, e.g. 30/10m, 300/h or 20/60s"
            )
        };
        let (count, period) = text.trim().split_once('/').ok_or_else(bad)?;
        let count: u32 = count.trim().parse().map_err(|_| bad())?;
        let period = period.trim();
        let unit_at = period.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let (amount, unit) = period.split_at(unit_at);
        let amount: u64 = if amount.is_empty() {
            1
        } else {
            amount.parse().map_err(|_| bad())?
        };
        let seconds = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            _ => return Err(bad()),
        };
        if count == 0 || amount == 0 {
            return Err(bad());
        }
        Ok(Rate {
            count,
            per: Duration::from_secs(amount * seconds),
        })
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.per.as_secs();
        if secs.is_multiple_of(3600) {
            write!(f, "{}/{}h", self.count, secs / 3600)
        } else if secs.is_multiple_of(60) {
            write!(f, "{}/{}m", self.count, secs / 60)
        } else {
            write!(f, "{}/{secs}s", self.count)
        }
    }
}

/// Every limit's rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateSettings {
    /// Sign-in attempts from one address, right or wrong.
    pub sign_in_per_address: Rate,
    /// Sign-in attempts for one username, from anywhere: a temporary lock after repeated tries.
    pub sign_in_per_account: Rate,
    /// Reports (Open311 POST requests.json) from one address.
    pub reports: Rate,
    /// Photos attached to reports from one address, each photo one.
    pub photos: Rate,
    /// "Me too", ratings, reopenings and phone erasures from one address.
    pub support: Rate,
    /// Kiosk pairing: screens asking for a code, and committee members entering one.
    pub pairing: Rate,
    /// Updates a city system posts to reports (Open311 POST servicerequestupdates) from one
    /// address.
    pub case_updates: Rate,
}

impl Default for RateSettings {
    fn default() -> RateSettings {
        RateSettings {
            sign_in_per_address: Rate::new(30, 10 * 60),
            sign_in_per_account: Rate::new(10, 10 * 60),
            reports: Rate::new(300, 3600),
            photos: Rate::new(900, 3600),
            support: Rate::new(600, 3600),
            pairing: Rate::new(30, 10 * 60),
            case_updates: Rate::new(3600, 3600),
        }
    }
}

/// One limit over keys of one kind.
struct Limiter<K: Hash + Eq + Clone> {
    rate: Rate,
    buckets: DefaultKeyedRateLimiter<K>,
}

/// Buckets kept before the idle ones are dropped (an idle bucket is a full one: nothing is lost).
const BUCKETS_BEFORE_CLEANING: usize = 10_000;

impl<K: Hash + Eq + Clone> Limiter<K> {
    fn new(rate: Rate) -> Limiter<K> {
        Limiter {
            rate,
            buckets: RateLimiter::keyed(rate.quota()),
        }
    }

    /// Takes `n` from `key`'s bucket, or says how long to wait. More than the whole burst at once
    /// waits as long as a full refill.
    fn take(&self, key: &K, n: u32) -> Result<(), Duration> {
        if self.buckets.len() > BUCKETS_BEFORE_CLEANING {
            self.buckets.retain_recent();
        }
        let Some(n) = NonZeroU32::new(n) else {
            return Ok(());
        };
        match self.buckets.check_key_n(key, n) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(not_until)) => Err(not_until.wait_time_from(DefaultClock::default().now())),
            Err(_) => Err(self.rate.per),
        }
    }
}

/// What one server remembers of its clients. Lost on restart, which gives a flooder back only
/// what it gives everyone: a full bucket.
pub struct RateLimits {
    sign_in_per_address: Limiter<Option<IpAddr>>,
    sign_in_per_account: Limiter<String>,
    reports: Limiter<Option<IpAddr>>,
    photos: Limiter<Option<IpAddr>>,
    support: Limiter<Option<IpAddr>>,
    pairing: Limiter<Option<IpAddr>>,
    case_updates: Limiter<Option<IpAddr>>,
}

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits::new(&RateSettings::default())
    }
}

/// The kinds of request limited per address, one per route (see `app()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Limited {
    SignIn,
    Reports,
    Support,
    Pairing,
    CaseUpdates,
}

impl RateLimits {
    pub fn new(settings: &RateSettings) -> RateLimits {
        RateLimits {
            sign_in_per_address: Limiter::new(settings.sign_in_per_address),
            sign_in_per_account: Limiter::new(settings.sign_in_per_account),
            reports: Limiter::new(settings.reports),
            photos: Limiter::new(settings.photos),
            support: Limiter::new(settings.support),
            pairing: Limiter::new(settings.pairing),
            case_updates: Limiter::new(settings.case_updates),
        }
    }

    fn per_address(&self, kind: Limited) -> &Limiter<Option<IpAddr>> {
        match kind {
            Limited::SignIn => &self.sign_in_per_address,
            Limited::Reports => &self.reports,
            Limited::Support => &self.support,
            Limited::Pairing => &self.pairing,
            Limited::CaseUpdates => &self.case_updates,
        }
    }

    /// One more sign-in for `username` (as typed, whether or not it is an account, so that the
    /// answer says nothing about which accounts exist).
    pub(crate) fn sign_in_for_account(&self, username: &str) -> Result<(), AppError> {
        self.sign_in_per_account
            .take(&username.to_lowercase(), 1)
            .map_err(|wait| too_many(Limited::SignIn, wait))
    }

    /// `photos` more photos from `address`.
    pub(crate) fn photos(&self, address: ClientAddress, photos: u32) -> Result<(), AppError> {
        self.photos
            .take(&address.0, photos)
            .map_err(|wait| too_many(Limited::Reports, wait))
    }
}

/// The refusal: whole seconds to wait (at least 1), and what to tell the person.
fn too_many(kind: Limited, wait: Duration) -> AppError {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    let limit = match kind {
        Limited::SignIn => "sign_in",
        Limited::Reports => "reports",
        Limited::Support => "support",
        Limited::Pairing => "pairing",
        Limited::CaseUpdates => "case_updates",
    };
    crate::metrics::count_with(crate::metrics::RATE_LIMIT_REFUSALS, &[("limit", limit)]);
    let (zh, en) = match kind {
        Limited::SignIn => ("登录尝试太频繁", "Too many sign-in attempts"),
        Limited::Reports => ("提交太频繁", "Too many reports from this connection"),
        Limited::Support => ("操作太频繁", "Too many of these from this connection"),
        Limited::Pairing => ("配对尝试太频繁", "Too many pairing attempts"),
        Limited::CaseUpdates => (
            "更新提交太频繁",
            "Too many case updates from this connection",
        ),
    };
    let wait_text = if seconds >= 120 {
        format!("{} 分钟", seconds.div_ceil(60))
    } else {
        format!("{seconds} 秒")
    };
    let wait_en = if seconds >= 120 {
        format!("{} minutes", seconds.div_ceil(60))
    } else {
        format!("{seconds} seconds")
    };
    AppError::TooManyAttempts {
        retry_after_secs: seconds,
        message: format!("{zh}，请 {wait_text}后再试。{en}: please try again in {wait_en}."),
    }
}

/// The per-address limit of one route's writes (reads are never limited here). Open311 paths
/// answer in Open311's error array.
pub(crate) async fn limit(
    State((state, kind)): State<(AppState, Limited)>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let address = request
        .extensions()
        .get::<ClientAddress>()
        .copied()
        .unwrap_or(ClientAddress(None));
    match state.rate_limits.per_address(kind).take(&address.0, 1) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let refusal = too_many(kind, wait);
            // Inside a nested router the path has lost its prefix; the original has it.
            let path = request
                .extensions()
                .get::<OriginalUri>()
                .map_or_else(|| request.uri().path(), |original| original.path());
            match Format::of_open311_path(path) {
                Some(format) => Open311Errors::from(refusal).answer(format),
                None => refusal.into_response(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_written() {
        assert_eq!("30/10m".parse(), Ok(Rate::new(30, 600)));
        assert_eq!("300/h".parse(), Ok(Rate::new(300, 3600)));
        assert_eq!(" 20 / 60s ".parse(), Ok(Rate::new(20, 60)));
        for bad in [
            "", "30", "/10m", "30/", "30/10", "30/10d", "0/1m", "30/0m", "x/1m",
        ] {
            assert!(bad.parse::<Rate>().is_err(), "{bad:?}");
        }
        assert_eq!(Rate::new(30, 600).to_string(), "30/10m");
        assert_eq!(Rate::new(300, 3600).to_string(), "300/1h");
        assert_eq!(Rate::new(5, 45).to_string(), "5/45s");
    }

    #[test]
    fn a_bucket_lets_its_burst_through_then_says_how_long_to_wait() {
        let limiter: Limiter<u8> = Limiter::new(Rate::new(3, 60));
        for _ in 0..3 {
            assert_eq!(limiter.take(&1, 1), Ok(()));
        }
        let wait = limiter.take(&1, 1).unwrap_err();
        // One more comes back every 20 seconds.
        assert!(
            wait <= Duration::from_secs(20) && wait > Duration::from_secs(19),
            "{wait:?}"
        );
        assert_eq!(
            limiter.take(&2, 1),
            Ok(()),
            "another key has its own bucket"
        );
        assert_eq!(
            limiter.take(&3, 4),
            Err(Duration::from_secs(60)),
            "more than a burst"
        );
    }

    #[test]
    fn the_refusal_says_when_in_both_languages() {
        let AppError::TooManyAttempts {
            retry_after_secs,
            message,
        } = too_many(Limited::SignIn, Duration::from_millis(19_500))
        else {
            panic!("not a 429");
        };
        assert_eq!(retry_after_secs, 20);
        assert!(
            message.contains("20 秒") && message.contains("20 seconds"),
            "{message}"
        );
        let AppError::TooManyAttempts { message, .. } =
            too_many(Limited::Reports, Duration::from_secs(600))
        else {
            panic!("not a 429");
        };
        assert!(
            message.contains("10 分钟") && message.contains("10 minutes"),
            "{message}"
        );
    }
}
