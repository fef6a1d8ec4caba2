//! The 30-day switch-back window and what the Single sign-on page offers at a given time.

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use super::kinds::{Stage, AFTER_MODIFIED_REVERT, AFTER_NEW_CONNECTION_SWITCH, LEGACY_CONFIRMATION_TEXT, SWITCH_BACK_DAYS};
use super::state::MigrationState;
use crate::clock::Clock;
use crate::ids::AccountSid;
use crate::values::{legacy_values, Hosts, SpValues};

/// What the "Revert SSO connection" page (modified connection) shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevertScreen {
    /// The legacy Entity ID and ACS URL to hand to the IdP administrator (guide, "Revert modified
    /// connection", item 2). These are the standard legacy values (FLEX-SSO-FACTS §1); an IdP
    /// that used the older `preview.twilio.com` values may need those instead, and the Console's
    /// own revert page stays the authority. [inferred]
    pub legacy: SpValues,
    /// The checkbox text, exactly as in the Console.
    pub confirmation_text: &'static str,
    pub confirmed: bool,
    /// Whether "Switch connection" is enabled.
    pub can_switch: bool,
}

/// Which buttons and links are live right now. The UI shows only these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offers {
    pub can_continue: bool,
    pub can_go_back: bool,
    pub can_finish: bool,
    /// "switch back to legacy connection" (both setup types, within 30 days of Finish).
    pub switch_back_to_legacy: bool,
    /// "switch back to OAuth 2.0 connection" (new connection, legacy active).
    pub switch_back_to_oauth: bool,
    /// Complete the steps again (modified connection, after a revert).
    pub start_again: bool,
    /// Whole days left to switch back, counted up (a partial day counts as a day); `None` when
    /// no window applies.
    pub switch_back_days_left: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub switch_back_deadline: Option<OffsetDateTime>,
}

impl MigrationState {
    /// When Flex stops keeping the legacy details: 30 days after Finish. `None` before Finish
    /// and after a modified connection was reverted (the legacy connection is active again and
    /// a later Finish starts a new window).
    ///
    /// Switching between the two connections of a new connection does not restart the window:
    /// the guide counts the 30 days from completing the migration. [inferred]
    pub fn switch_back_deadline(&self) -> Option<OffsetDateTime> {
        if matches!(self.stage, Stage::RevertedToLegacy) {
            return None;
        }
        self.finished_at.map(|at| at.saturating_add(Duration::days(SWITCH_BACK_DAYS)))
    }

    /// Whole days left in the switch-back window, counting a started day as a day (so on the day
    /// of Finish it is 30, and 0 once the deadline has passed).
    pub fn days_left(&self, clock: &dyn Clock) -> Option<i64> {
        Some(days_until(self.switch_back_deadline()?, clock.now()))
    }

    /// Whether Flex still keeps the legacy details. The exact second Flex drops them is not
    /// documented; the app treats the deadline itself as closed. [inferred]
    pub fn switch_back_window_open(&self, clock: &dyn Clock) -> bool {
        self.switch_back_deadline().is_some_and(|deadline| clock.now() < deadline)
    }

    /// The revert page, while it is open, with the account's legacy values.
    pub fn revert_screen(&self, clock: &dyn Clock, account: &AccountSid, hosts: &Hosts) -> Option<RevertScreen> {
        match self.stage {
            Stage::RevertScreen { legacy_confirmed } => Some(RevertScreen {
                legacy: legacy_values(account, hosts),
                confirmation_text: LEGACY_CONFIRMATION_TEXT,
                confirmed: legacy_confirmed,
                can_switch: legacy_confirmed && self.switch_back_window_open(clock),
            }),
            _ => None,
        }
    }

    /// Which buttons and links are live at the clock's time.
    pub fn offers(&self, clock: &dyn Clock) -> Offers {
        let in_steps = self.current_step();
        let window_open = self.switch_back_window_open(clock);
        let on_last = in_steps.is_some_and(|s| self.steps().last() == Some(&s));
        Offers {
            can_continue: in_steps.is_some() && !on_last && self.blockers().is_empty(),
            can_go_back: in_steps.is_some_and(|s| self.steps().first() != Some(&s)),
            can_finish: on_last && self.blockers().is_empty(),
            switch_back_to_legacy: matches!(self.stage, Stage::Finished) && window_open,
            switch_back_to_oauth: matches!(self.stage, Stage::LegacyActive),
            start_again: matches!(self.stage, Stage::RevertedToLegacy),
            switch_back_days_left: self.days_left(clock),
            switch_back_deadline: self.switch_back_deadline(),
        }
    }

    /// After switching back: how to return to the new connection, as the guide says it.
    pub fn way_forward(&self) -> Option<&'static str> {
        match self.stage {
            Stage::RevertedToLegacy => Some(AFTER_MODIFIED_REVERT),
            Stage::LegacyActive => Some(AFTER_NEW_CONNECTION_SWITCH),
            _ => None,
        }
    }
}

/// Whole days from `now` until `deadline`, a started day counting as a day (0 once it has
/// passed): the switch-back window's count, also used by the reminder.
pub fn days_until(deadline: OffsetDateTime, now: OffsetDateTime) -> i64 {
    let left = deadline - now;
    if left <= Duration::ZERO {
        return 0;
    }
    let whole = left.whole_days();
    if left > Duration::days(whole) {
        whole + 1
    } else {
        whole
    }
}
