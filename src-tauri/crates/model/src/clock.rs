//! Where the model gets the time from.
//!
//! Every rule that depends on the time (the 30-day switch-back window, "saved at" stamps, journal
//! entries) takes a [`Clock`] as an argument instead of reading the system time itself, so tests
//! can put the model on any day they like and nothing in the model ever needs a sleep.

use std::sync::Mutex;

use time::{Duration, OffsetDateTime};

/// A source of the current time (always UTC).
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// The real time of the computer, in UTC.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that shows whatever time it was set to, until it is set or advanced again. For tests
/// and for the CLI's "what if it were this date" checks.
#[derive(Debug)]
pub struct ManualClock(Mutex<OffsetDateTime>);

impl ManualClock {
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(at))
    }

    /// Moves the clock to `at` (backwards too: some tests need a clock that was wrong).
    pub fn set(&self, at: OffsetDateTime) {
        *self.lock() = at;
    }

    /// Moves the clock forward (or back, for a negative `by`).
    pub fn advance(&self, by: Duration) {
        let mut guard = self.lock();
        *guard = guard.saturating_add(by);
    }

    // A panic while the lock was held cannot leave a half-written time behind, so a poisoned
    // lock is still safe to use; taking it over avoids a panic cascade in tests.
    fn lock(&self) -> std::sync::MutexGuard<'_, OffsetDateTime> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.lock()
    }
}

/// A clock stopped at one instant. Cheaper to write in tests than a [`ManualClock`] when the time
/// never moves.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// Whether a "once a day" notice may be shown at `now`: never shown, or last shown on an earlier
/// UTC day. The one rule for every system notification the app repeats (the switch-back window,
/// the certificate health check), so a notice never comes twice on the same day.
pub fn not_shown_today(last_shown: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    match last_shown {
        Some(last) => last.to_offset(time::UtcOffset::UTC).date() < now.to_offset(time::UtcOffset::UTC).date(),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(datetime!(2024-05-01 09:00 UTC));
        assert_eq!(clock.now(), datetime!(2024-05-01 09:00 UTC));
        clock.advance(Duration::days(30));
        assert_eq!(clock.now(), datetime!(2024-05-31 09:00 UTC));
        clock.set(datetime!(2023-01-01 00:00 UTC));
        assert_eq!(clock.now(), datetime!(2023-01-01 00:00 UTC));
    }

    #[test]
    fn once_a_day_counts_utc_days() {
        let now = datetime!(2026-12-02 00:30 UTC);
        assert!(not_shown_today(None, now));
        assert!(not_shown_today(Some(datetime!(2026-12-01 23:59 UTC)), now), "yesterday, UTC");
        assert!(!not_shown_today(Some(datetime!(2026-12-02 00:10 UTC)), now));
        // 23:10 on 1 December at UTC-1 is 00:10 on 2 December in UTC: the same UTC day.
        assert!(!not_shown_today(Some(datetime!(2026-12-01 23:10 -01:00)), now));
    }

    #[test]
    fn fixed_clock_is_fixed_and_system_clock_is_utc() {
        let fixed = FixedClock(datetime!(2024-05-01 09:00 UTC));
        assert_eq!(fixed.now(), fixed.now());
        assert!(SystemClock.now().offset().is_utc());
    }
}
