//! When and how long to wait before asking Twilio again.
//!
//! Only GETs are retried, and only for failures that may pass (timeouts, 429, 5xx). Waits grow
//! exponentially with random jitter, so many clients hit by the same incident do not come back in
//! lock-step; a `Retry-After` from Twilio is honoured as long as it is reasonable. The sleep
//! function is injectable so tests see every wait without spending it.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Sleeps for the given duration. The default is `tokio::time::sleep`.
pub type Sleeper = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// The default [`Sleeper`].
pub fn tokio_sleeper() -> Sleeper {
    Arc::new(|d| Box::pin(tokio::time::sleep(d)))
}

/// How often and how patiently to retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included. 1 disables retrying.
    pub max_attempts: u32,
    /// The wait after the first failure; it doubles after each further one.
    pub base_delay: Duration,
    /// No computed wait is longer than this.
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is not waited for: the admin gets the error instead of a
    /// frozen screen.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `failed_attempts + 1`, or `None` to give up.
    ///
    /// `jitter` is a number in `[0, 1)`: the wait is picked in `[d/2, d]` ("equal jitter"), where
    /// `d` is the exponential delay. A `retry_after` replaces the computed wait.
    pub fn delay_after(&self, failed_attempts: u32, retry_after: Option<Duration>, jitter: f64) -> Option<Duration> {
        if failed_attempts == 0 || failed_attempts >= self.max_attempts {
            return None;
        }
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let exponent = (failed_attempts - 1).min(16);
        let full = self.base_delay.saturating_mul(1u32 << exponent).min(self.max_delay);
        let jitter = jitter.clamp(0.0, 1.0);
        Some(full / 2 + full.mul_f64(0.5 * jitter))
    }
}

/// Reads `Retry-After`: either seconds (`"7"`) or an HTTP date, measured from `now`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            max_retry_after: Duration::from_secs(10),
        }
    }

    #[test]
    fn waits_grow_exponentially_within_jitter_and_cap() {
        let p = policy();
        let cases: &[(u32, f64, Option<u64>)] = &[
            (1, 0.0, Some(50)),
            (1, 1.0, Some(100)),
            (2, 0.0, Some(100)),
            (2, 0.5, Some(150)),
            (3, 1.0, Some(300)), // 400 capped at 300
            (4, 0.0, None),      // the fourth attempt was the last
            (0, 0.0, None),
        ];
        for (failed, jitter, expected) in cases {
            assert_eq!(p.delay_after(*failed, None, *jitter).map(|d| d.as_millis() as u64), *expected, "{failed} {jitter}");
        }
    }

    #[test]
    fn retry_after_is_honoured_when_reasonable() {
        let p = policy();
        assert_eq!(p.delay_after(1, Some(Duration::from_secs(2)), 0.3), Some(Duration::from_secs(2)));
        assert_eq!(p.delay_after(1, Some(Duration::from_secs(11)), 0.3), None);
        assert_eq!(p.delay_after(4, Some(Duration::from_secs(1)), 0.3), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now), Some(Duration::from_secs(5)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }
}
