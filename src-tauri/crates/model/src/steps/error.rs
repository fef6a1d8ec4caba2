//! Why an action was refused. A refused action never changes the state.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use time::OffsetDateTime;

use super::blockers::{sentences, Blocker};
use super::kinds::{Confirmation, StepId};

/// A screen of the switch-back flow that a button belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SwitchScreen {
    /// The "Revert SSO connection" page (modified connection).
    RevertPage,
    /// The confirmation dialog of a one-click switch (new connection).
    ConfirmDialog,
}

impl SwitchScreen {
    fn name(self) -> &'static str {
        match self {
            SwitchScreen::RevertPage => flex_sso_facts::concatcp!("the ", flex_sso_facts::twilio::REVERT_PAGE.text, " page"),
            SwitchScreen::ConfirmDialog => "the switch confirmation dialog",
        }
    }
}

/// An action the step machine refused. `Display` is the message for the admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("You can't go on yet. {}", sentences(.reasons))]
    Blocked { reasons: Vec<Blocker> },
    #[error("That is done on the step \"{}\", and you are on \"{}\". Use Back or Continue to get there first.", .needed.title(), .current.title())]
    WrongStep { needed: StepId, current: StepId },
    #[error("\"{}\" is only asked when {}.", .item.label(), .item.asked_when())]
    DoesNotApply { item: Confirmation },
    #[error("Whether Flex is self-hosted can only be changed on the first step (\"{}\"). Use Back to get there first.", StepId::SelectType.title())]
    SelfHostedOnlyOnFirstStep,
    #[error("This is the first step; there is nothing to go back to.")]
    FirstStep,
    #[error("This is the last step: click Finish once the login check has succeeded.")]
    UseFinish,
    #[error("Finish is on the last step (\"{}\"). Complete the steps before it first.", StepId::Validate.title())]
    FinishNotOnLastStep,
    #[error("{}", steps_closed_message(.stage))]
    StepsClosed { stage: &'static str },
    #[error("Switching back is offered only after the migration is finished (Finish on the last step).")]
    NotFinished,
    #[error("Flex kept the legacy connection details for {} after you finished the migration, until {}. That time is over, so switching back is no longer possible: fix the new connection instead.", flex_sso_facts::twilio::SWITCH_BACK_WINDOW, format_day(.deadline))]
    WindowClosed { deadline: OffsetDateTime },
    #[error("Finish or cancel the switch that is open first.")]
    SwitchInProgress,
    #[error("The legacy connection is already the active one.")]
    AlreadyOnLegacy,
    #[error("The new OAuth 2.0 connection is already the active one.")]
    AlreadyOnOauth,
    #[error("That button is on {}, which is not open.", .screen.name())]
    ScreenNotOpen { screen: SwitchScreen },
    #[error("No switch page or dialog is open, so there is nothing to cancel.")]
    NothingToCancel,
    #[error("The app refused this action because it would lead to a state the migration guide does not have ({detail}). Nothing was changed. Please report this to support with the journal.")]
    Inconsistent { detail: String },
    #[error("A modified connection that was switched back can't return with one click: to use the new connection again, complete the migration steps again (Start again).")]
    CompleteStepsAgain,
    #[error("Starting the steps again is only needed after a modified connection was switched back to the legacy connection.")]
    NothingToStartAgain,
}

impl StepError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            StepError::Blocked { .. } => "step_blocked",
            StepError::WrongStep { .. } => "wrong_step",
            StepError::DoesNotApply { .. } => "does_not_apply",
            StepError::SelfHostedOnlyOnFirstStep => "self_hosted_only_on_first_step",
            StepError::FirstStep => "first_step",
            StepError::UseFinish => "use_finish",
            StepError::FinishNotOnLastStep => "finish_not_on_last_step",
            StepError::StepsClosed { .. } => "steps_closed",
            StepError::NotFinished => "not_finished",
            StepError::WindowClosed { .. } => "switch_back_window_closed",
            StepError::SwitchInProgress => "switch_in_progress",
            StepError::AlreadyOnLegacy => "already_on_legacy",
            StepError::AlreadyOnOauth => "already_on_oauth",
            StepError::ScreenNotOpen { .. } => "screen_not_open",
            StepError::NothingToCancel => "nothing_to_cancel",
            StepError::Inconsistent { .. } => "internal_inconsistency",
            StepError::CompleteStepsAgain => "complete_steps_again",
            StepError::NothingToStartAgain => "nothing_to_start_again",
        }
    }
}

/// Serialized as `{ code, message }` (plus `reasons` when blocked) for the UI.
impl Serialize for StepError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let reasons: &[Blocker] = match self {
            StepError::Blocked { reasons } => reasons,
            _ => &[],
        };
        let mut s = serializer.serialize_struct("StepError", 3)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("reasons", reasons)?;
        s.end()
    }
}

fn steps_closed_message(stage: &str) -> &'static str {
    match stage {
        "reverted_to_legacy" => "The legacy connection is active again. To use the new connection, click Start again \
            and complete the migration steps again.",
        "revert_screen" | "switch_dialog" => "A switch between connections is open; finish or cancel it first.",
        "legacy_active" => flex_sso_facts::concatcp!(
            "The migration is finished and the legacy connection is active; the steps can't be changed any more. \
             Use \"",
            flex_sso_facts::twilio::SWITCH_TO_OAUTH_LINK.text,
            "\" to use the new connection again."
        ),
        _ => "The migration is finished, so its steps can't be changed any more. To undo it, switch back to the \
            legacy connection.",
    }
}

/// A date as the admin reads it, e.g. "31 May 2024 (UTC)".
pub(crate) fn format_day(at: &OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    let month = match u8::from(at.month()) {
        1 => "January",
        2 => "February",
        3 => "March",
        4 => "April",
        5 => "May",
        6 => "June",
        7 => "July",
        8 => "August",
        9 => "September",
        10 => "October",
        11 => "November",
        _ => "December",
    };
    format!("{} {} {} (UTC)", at.day(), month, at.year())
}
