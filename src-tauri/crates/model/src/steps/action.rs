//! What the admin can do (actions) and what happened when an action was accepted (events).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::error::SwitchScreen;
use super::kinds::{Confirmation, ConnectionKind, LoginOutcome, SetupType, StepId};
use crate::ids::ConnectionSid;

/// One click or entry of the admin. Applied with [`super::MigrationState::apply`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Step 1: pick a setup type. Picking a different type than before resets the later steps.
    ChooseSetupType { setup_type: SetupType },
    /// Step 1: whether Flex is self-hosted (usually detected, the admin can correct it).
    SetSelfHosted { self_hosted: bool },
    /// Step 2: the new connection's SID, read from the Console.
    SetConnectionSid { connection_sid: ConnectionSid },
    /// Tick or untick a confirmation of the current step.
    Confirm { item: Confirmation, value: bool },
    /// Validate step: the outcome of a fresh login check, and which connection Flex used for it
    /// (read from the sign-in request Flex sent to the IdP), when the check could see it.
    RecordLoginCheck {
        outcome: LoginOutcome,
        #[serde(default)]
        via: Option<ConnectionKind>,
    },
    Continue,
    Back,
    Finish,
    /// "switch back to legacy connection" on the Single sign-on page.
    StartSwitchBack,
    /// The revert page's "I confirm that my Flex application reflects the Legacy Flex SSO
    /// connection" checkbox.
    ConfirmLegacyRestored { value: bool },
    /// The revert page's "Switch connection" button (modified connection).
    SwitchConnection,
    /// The dialog's "Confirm" button (new connection).
    ConfirmSwitch,
    /// Closes the revert page or the dialog without switching.
    CancelSwitch,
    /// "switch back to OAuth 2.0 connection" (new connection, legacy active).
    StartSwitchToOauth,
    /// After a modified connection was reverted: run the steps again.
    StartAgain,
}

impl Action {
    /// Actions only the backend may take: the outcome of a login check comes from the check
    /// itself (the login window, watched by the app), never from a page.
    pub fn backend_only(&self) -> bool {
        matches!(self, Action::RecordLoginCheck { .. })
    }
}

/// What an accepted action changed; the journal records these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    SetupTypeChosen {
        setup_type: SetupType,
        /// True when a different type was chosen before and the later steps were reset.
        reset: bool,
    },
    SelfHostedSet {
        self_hosted: bool,
        /// Confirmations that no longer apply and were removed.
        cleared: Vec<Confirmation>,
        login_check_cleared: bool,
    },
    ConnectionSidSet {
        connection_sid: ConnectionSid,
        /// A different SID makes the self-hosted snippet and the login check stale.
        cleared: Vec<Confirmation>,
        login_check_cleared: bool,
    },
    Confirmed { item: Confirmation, value: bool },
    LoginCheckRecorded { outcome: LoginOutcome },
    StepChanged { from: StepId, to: StepId },
    Finished {
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
        #[serde(with = "time::serde::rfc3339")]
        switch_back_until: OffsetDateTime,
    },
    SwitchScreenOpened { screen: SwitchScreen, to: ConnectionKind },
    LegacyRestoredConfirmed { value: bool },
    SwitchCancelled,
    Switched {
        to: ConnectionKind,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    StartedAgain,
    /// The action was valid but changed nothing (for example ticking a box that was ticked).
    Unchanged,
}
