//! The state of one migration and the questions the UI asks about it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::blockers::Blocker;
use super::kinds::{steps_for, Confirmation, LoginCheck, LoginOutcome, SetupType, Stage, StepId};
use crate::ids::ConnectionSid;

/// Everything the wizard knows about one migration.
///
/// Fields are private: the only way to change a state is [`MigrationState::apply`], which keeps
/// it among the states the guide has. Loading from a file checks the same invariants, so a
/// hand-edited or damaged file cannot produce an impossible state either.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StateData", into = "StateData")]
pub struct MigrationState {
    pub(super) setup_type: Option<SetupType>,
    pub(super) self_hosted: bool,
    /// False while nobody has said where Flex runs ("not sure" before the migration started):
    /// step 1 then asks, instead of the app assuming Twilio-hosted.
    pub(super) self_hosting_answered: bool,
    pub(super) stage: Stage,
    pub(super) confirmed: BTreeSet<Confirmation>,
    pub(super) connection_sid: Option<ConnectionSid>,
    pub(super) login_check: Option<LoginCheck>,
    pub(super) finished_at: Option<OffsetDateTime>,
    /// When the admin last switched between the connections after Finish.
    pub(super) last_switch_at: Option<OffsetDateTime>,
}

/// The serialized form. Every field has a default so files written by older versions (which
/// may lack a field) still load.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct StateData {
    #[serde(default)]
    setup_type: Option<SetupType>,
    #[serde(default)]
    self_hosted: bool,
    /// Files written before this field existed had the answer assumed: keep them unblocked.
    #[serde(default = "answered")]
    self_hosting_answered: bool,
    #[serde(default)]
    stage: Stage,
    #[serde(default)]
    confirmed: BTreeSet<Confirmation>,
    #[serde(default)]
    connection_sid: Option<ConnectionSid>,
    #[serde(default)]
    login_check: Option<LoginCheck>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    finished_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    last_switch_at: Option<OffsetDateTime>,
}

fn answered() -> bool {
    true
}

impl From<MigrationState> for StateData {
    fn from(s: MigrationState) -> Self {
        StateData {
            setup_type: s.setup_type,
            self_hosted: s.self_hosted,
            self_hosting_answered: s.self_hosting_answered,
            stage: s.stage,
            confirmed: s.confirmed,
            connection_sid: s.connection_sid,
            login_check: s.login_check,
            finished_at: s.finished_at,
            last_switch_at: s.last_switch_at,
        }
    }
}

impl TryFrom<StateData> for MigrationState {
    type Error = String;

    fn try_from(d: StateData) -> Result<Self, Self::Error> {
        let state = MigrationState {
            setup_type: d.setup_type,
            self_hosted: d.self_hosted,
            self_hosting_answered: d.self_hosting_answered,
            stage: d.stage,
            confirmed: d.confirmed,
            connection_sid: d.connection_sid,
            login_check: d.login_check,
            finished_at: d.finished_at,
            last_switch_at: d.last_switch_at,
        };
        match state.invariants() {
            Ok(()) => Ok(state),
            Err(broken) => Err(format!("the saved migration state is impossible: {broken}")),
        }
    }
}

impl Default for MigrationState {
    fn default() -> Self {
        Self::new(false)
    }
}

impl MigrationState {
    /// A migration that has not started: step 1, no setup type, where Flex runs known.
    pub fn new(self_hosted: bool) -> Self {
        Self::starting(Some(self_hosted))
    }

    /// A migration that has not started, with the account's answer to "where does your Flex
    /// run?": `None` ("not sure") leaves step 1 blocked until it is answered there.
    pub fn starting(self_hosted: Option<bool>) -> Self {
        MigrationState {
            setup_type: None,
            self_hosted: self_hosted.unwrap_or(false),
            self_hosting_answered: self_hosted.is_some(),
            stage: Stage::start(),
            confirmed: BTreeSet::new(),
            connection_sid: None,
            login_check: None,
            finished_at: None,
            last_switch_at: None,
        }
    }

    pub fn setup_type(&self) -> Option<SetupType> {
        self.setup_type
    }

    pub fn self_hosted(&self) -> bool {
        self.self_hosted
    }

    /// Whether someone said where Flex runs (see [`MigrationState::starting`]).
    pub fn self_hosting_answered(&self) -> bool {
        self.self_hosting_answered
    }

    pub fn stage(&self) -> &Stage {
        &self.stage
    }

    pub fn connection_sid(&self) -> Option<&ConnectionSid> {
        self.connection_sid.as_ref()
    }

    pub fn login_check(&self) -> Option<&LoginCheck> {
        self.login_check.as_ref()
    }

    pub fn finished_at(&self) -> Option<OffsetDateTime> {
        self.finished_at
    }

    pub fn last_switch_at(&self) -> Option<OffsetDateTime> {
        self.last_switch_at
    }

    pub fn is_confirmed(&self, item: Confirmation) -> bool {
        self.confirmed.contains(&item)
    }

    /// The steps of this migration, in order.
    pub fn steps(&self) -> Vec<StepId> {
        steps_for(self.setup_type, self.self_hosted)
    }

    /// The step on screen while the steps are open; `None` once the migration is finished.
    pub fn current_step(&self) -> Option<StepId> {
        match self.stage {
            Stage::InProgress { step } => Some(step),
            _ => None,
        }
    }

    /// 1-based position of the current step, as the stepper shows it ("Step 2 of 4").
    pub fn step_number(&self) -> Option<usize> {
        let step = self.current_step()?;
        self.steps().iter().position(|s| *s == step).map(|i| i + 1)
    }

    /// The confirmations the given step asks for with this setup.
    pub fn confirmations_on(&self, step: StepId) -> Vec<Confirmation> {
        match self.setup_type {
            None => Vec::new(),
            Some(setup) => Confirmation::ALL
                .into_iter()
                .filter(|c| c.step() == step && c.applies(setup, self.self_hosted))
                .collect(),
        }
    }

    /// What is missing before the admin may leave `step` forward (Continue, or Finish on the
    /// validate step). Empty means the button is enabled.
    pub fn blockers_for(&self, step: StepId) -> Vec<Blocker> {
        let mut reasons = Vec::new();
        match step {
            StepId::SelectType => {
                if self.setup_type.is_none() {
                    reasons.push(Blocker::NoSetupType);
                }
                if !self.self_hosting_answered {
                    reasons.push(Blocker::SelfHostingUnanswered);
                }
            }
            StepId::UpdateIdp => {
                if self.connection_sid.is_none() {
                    reasons.push(Blocker::NoConnectionSid);
                }
            }
            StepId::Validate => match &self.login_check {
                None => reasons.push(Blocker::NoLoginCheck),
                Some(LoginCheck { outcome: LoginOutcome::Failed { .. }, .. }) => {
                    reasons.push(Blocker::LoginCheckFailed)
                }
                Some(_) => {}
            },
            StepId::EnterIdpData | StepId::SelfHostedConfig => {}
        }
        for item in self.confirmations_on(step) {
            if !self.confirmed.contains(&item) {
                reasons.push(Blocker::Unconfirmed(item));
            }
        }
        reasons
    }

    /// What keeps Continue (or Finish) disabled on the current step; empty when enabled or when
    /// no step is open.
    pub fn blockers(&self) -> Vec<Blocker> {
        self.current_step().map(|s| self.blockers_for(s)).unwrap_or_default()
    }
}
