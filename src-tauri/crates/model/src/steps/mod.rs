//! The step machine: the Console's Single sign-on setup workflow and its switch-back flows,
//! modelled so that no sequence of clicks can reach a state the migration guide does not have.
//!
//! Source: Twilio, "Flex SSO URL Migration Guide" (a copy is in the project's shared reference
//! folder). Modified connection: steps 1, 2, 4; new connection: steps 1-4; self-hosted Flex adds
//! a step before validating. After Finish the legacy details stay for 30 days, during which the
//! admin can switch back: a modified connection through the revert page (and then runs the steps
//! again), a new connection with one click each way.

mod action;
mod blockers;
mod error;
mod invariants;
mod kinds;
mod machine;
mod state;
mod window;

#[cfg(test)]
pub(crate) mod tests;

pub use action::{Action, Event};
pub use blockers::Blocker;
pub use error::{StepError, SwitchScreen};
pub(crate) use error::format_day;
pub use invariants::BrokenInvariant;
pub use kinds::{
    steps_for, Confirmation, ConnectionKind, LoginCheck, LoginOutcome, SetupType, Stage, StepId,
    AFTER_MODIFIED_REVERT, AFTER_NEW_CONNECTION_SWITCH, LEGACY_CONFIRMATION_TEXT, SWITCH_BACK_DAYS,
};
pub use state::MigrationState;
pub use window::{days_until, Offers, RevertScreen};
