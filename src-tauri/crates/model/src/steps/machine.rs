//! The transitions: how each action changes a migration, or why it is refused.
//!
//! Rules worth knowing (each has a test):
//! - Back keeps everything entered; only Continue checks the current step.
//! - Confirmations and entries belong to one step and can be changed only on that step, so every
//!   step before the current one stays complete.
//! - Choosing a *different* setup type after having chosen one clears the connection SID, every
//!   confirmation and the login check: they describe the other IdP application (the existing one
//!   versus a new one), so none of them still holds. Choosing the same type again changes nothing.
//! - Changing "self-hosted" (step 1 only) removes the confirmations that no longer apply and the
//!   login check, which was made against the other kind of Flex login page.
//! - A different connection SID clears the self-hosted snippet confirmation (the snippet names
//!   the connection) and the login check (it proved another connection).

use super::action::{Action, Event};
use super::error::{StepError, SwitchScreen};
use super::kinds::{Confirmation, ConnectionKind, LoginCheck, SetupType, Stage, StepId};
use super::state::MigrationState;
use crate::clock::Clock;

impl MigrationState {
    /// Applies one action. On success returns what changed; on error the state is exactly as it
    /// was before the call.
    pub fn apply(&mut self, action: Action, clock: &dyn Clock) -> Result<Event, StepError> {
        let mut next = self.clone();
        let event = next.transition(action, clock)?;
        // Belt and braces: a transition bug must not leave the admin in a state the guide does
        // not have, so such a result is refused instead of kept.
        next.invariants().map_err(|broken| StepError::Inconsistent { detail: broken.to_string() })?;
        *self = next;
        Ok(event)
    }

    fn open_step(&self) -> Result<StepId, StepError> {
        match self.stage {
            Stage::InProgress { step } => Ok(step),
            ref other => Err(StepError::StepsClosed { stage: other.name() }),
        }
    }

    fn require_step(&self, needed: StepId) -> Result<(), StepError> {
        let current = self.open_step()?;
        if current == needed {
            Ok(())
        } else {
            Err(StepError::WrongStep { needed, current })
        }
    }

    fn transition(&mut self, action: Action, clock: &dyn Clock) -> Result<Event, StepError> {
        match action {
            Action::ChooseSetupType { setup_type } => self.choose_setup_type(setup_type),
            Action::SetSelfHosted { self_hosted } => self.set_self_hosted(self_hosted),
            Action::SetConnectionSid { connection_sid } => {
                self.require_step(StepId::UpdateIdp)?;
                if self.connection_sid.as_ref() == Some(&connection_sid) {
                    return Ok(Event::Unchanged);
                }
                let cleared = self.remove_confirmations(|c| c == Confirmation::OauthSnippetAdded);
                let login_check_cleared = self.login_check.take().is_some();
                self.connection_sid = Some(connection_sid.clone());
                Ok(Event::ConnectionSidSet { connection_sid, cleared, login_check_cleared })
            }
            Action::Confirm { item, value } => {
                let current = self.open_step()?;
                if let Some(setup) = self.setup_type {
                    if !item.applies(setup, self.self_hosted) {
                        return Err(StepError::DoesNotApply { item });
                    }
                }
                if current != item.step() {
                    return Err(StepError::WrongStep { needed: item.step(), current });
                }
                let changed = if value { self.confirmed.insert(item) } else { self.confirmed.remove(&item) };
                Ok(if changed { Event::Confirmed { item, value } } else { Event::Unchanged })
            }
            Action::RecordLoginCheck { outcome, via } => {
                self.require_step(StepId::Validate)?;
                self.login_check = Some(LoginCheck { at: clock.now(), outcome: outcome.clone(), via });
                Ok(Event::LoginCheckRecorded { outcome })
            }
            Action::Continue => {
                let from = self.open_step()?;
                let steps = self.steps();
                let next = steps.iter().skip_while(|s| **s != from).nth(1).copied();
                let Some(to) = next else {
                    return Err(StepError::UseFinish);
                };
                let reasons = self.blockers_for(from);
                if !reasons.is_empty() {
                    return Err(StepError::Blocked { reasons });
                }
                self.stage = Stage::InProgress { step: to };
                Ok(Event::StepChanged { from, to })
            }
            Action::Back => {
                let from = self.open_step()?;
                let previous = self.steps().into_iter().take_while(|s| *s != from).last();
                let Some(to) = previous else {
                    return Err(StepError::FirstStep);
                };
                self.stage = Stage::InProgress { step: to };
                Ok(Event::StepChanged { from, to })
            }
            Action::Finish => {
                if self.open_step()? != StepId::Validate {
                    return Err(StepError::FinishNotOnLastStep);
                }
                let reasons = self.blockers_for(StepId::Validate);
                if !reasons.is_empty() {
                    return Err(StepError::Blocked { reasons });
                }
                let at = clock.now();
                self.stage = Stage::Finished;
                self.finished_at = Some(at);
                let switch_back_until = self.switch_back_deadline().unwrap_or(at);
                Ok(Event::Finished { at, switch_back_until })
            }
            Action::StartSwitchBack => self.start_switch_back(clock),
            Action::ConfirmLegacyRestored { value } => match self.stage {
                Stage::RevertScreen { legacy_confirmed } => {
                    if legacy_confirmed == value {
                        return Ok(Event::Unchanged);
                    }
                    self.stage = Stage::RevertScreen { legacy_confirmed: value };
                    Ok(Event::LegacyRestoredConfirmed { value })
                }
                _ => Err(StepError::ScreenNotOpen { screen: SwitchScreen::RevertPage }),
            },
            Action::SwitchConnection => match self.stage {
                Stage::RevertScreen { legacy_confirmed } => {
                    if !legacy_confirmed {
                        return Err(StepError::Blocked { reasons: vec![super::Blocker::LegacyNotConfirmed] });
                    }
                    self.check_window(clock)?;
                    self.switch(ConnectionKind::Legacy, Stage::RevertedToLegacy, clock)
                }
                _ => Err(StepError::ScreenNotOpen { screen: SwitchScreen::RevertPage }),
            },
            Action::ConfirmSwitch => match self.stage {
                Stage::SwitchDialog { to: ConnectionKind::Legacy } => {
                    self.check_window(clock)?;
                    self.switch(ConnectionKind::Legacy, Stage::LegacyActive, clock)
                }
                Stage::SwitchDialog { to: ConnectionKind::Oauth } => {
                    self.switch(ConnectionKind::Oauth, Stage::Finished, clock)
                }
                _ => Err(StepError::ScreenNotOpen { screen: SwitchScreen::ConfirmDialog }),
            },
            Action::CancelSwitch => {
                self.stage = match self.stage {
                    Stage::RevertScreen { .. } | Stage::SwitchDialog { to: ConnectionKind::Legacy } => Stage::Finished,
                    Stage::SwitchDialog { to: ConnectionKind::Oauth } => Stage::LegacyActive,
                    _ => return Err(StepError::NothingToCancel),
                };
                Ok(Event::SwitchCancelled)
            }
            Action::StartSwitchToOauth => match self.stage {
                Stage::LegacyActive => {
                    self.stage = Stage::SwitchDialog { to: ConnectionKind::Oauth };
                    Ok(Event::SwitchScreenOpened { screen: SwitchScreen::ConfirmDialog, to: ConnectionKind::Oauth })
                }
                Stage::InProgress { .. } => Err(StepError::NotFinished),
                Stage::Finished => Err(StepError::AlreadyOnOauth),
                Stage::RevertScreen { .. } | Stage::SwitchDialog { .. } => Err(StepError::SwitchInProgress),
                Stage::RevertedToLegacy => Err(StepError::CompleteStepsAgain),
            },
            Action::StartAgain => match self.stage {
                Stage::RevertedToLegacy => {
                    // The guide: "complete the migration steps again". A fresh run of the same
                    // setup type; nothing from the first run is assumed to still hold.
                    *self = MigrationState::starting(Some(self.self_hosted).filter(|_| self.self_hosting_answered));
                    self.setup_type = Some(SetupType::ModifyExisting);
                    Ok(Event::StartedAgain)
                }
                _ => Err(StepError::NothingToStartAgain),
            },
        }
    }

    fn choose_setup_type(&mut self, setup_type: SetupType) -> Result<Event, StepError> {
        self.require_step(StepId::SelectType)?;
        if self.setup_type == Some(setup_type) {
            return Ok(Event::Unchanged);
        }
        let reset = self.setup_type.is_some();
        if reset {
            self.confirmed.clear();
            self.connection_sid = None;
            self.login_check = None;
        }
        self.setup_type = Some(setup_type);
        Ok(Event::SetupTypeChosen { setup_type, reset })
    }

    fn set_self_hosted(&mut self, self_hosted: bool) -> Result<Event, StepError> {
        if self.open_step()? != StepId::SelectType {
            return Err(StepError::SelfHostedOnlyOnFirstStep);
        }
        if self.self_hosted == self_hosted && self.self_hosting_answered {
            return Ok(Event::Unchanged);
        }
        self.self_hosted = self_hosted;
        self.self_hosting_answered = true;
        let cleared = match self.setup_type {
            Some(setup) => self.remove_confirmations(|c| !c.applies(setup, self_hosted)),
            None => Vec::new(),
        };
        let login_check_cleared = self.login_check.take().is_some();
        Ok(Event::SelfHostedSet { self_hosted, cleared, login_check_cleared })
    }

    fn start_switch_back(&mut self, clock: &dyn Clock) -> Result<Event, StepError> {
        match self.stage {
            Stage::InProgress { .. } => Err(StepError::NotFinished),
            Stage::RevertScreen { .. } | Stage::SwitchDialog { .. } => Err(StepError::SwitchInProgress),
            Stage::RevertedToLegacy | Stage::LegacyActive => Err(StepError::AlreadyOnLegacy),
            Stage::Finished => {
                self.check_window(clock)?;
                let screen = match self.setup_type {
                    Some(SetupType::CreateNew) => {
                        self.stage = Stage::SwitchDialog { to: ConnectionKind::Legacy };
                        SwitchScreen::ConfirmDialog
                    }
                    _ => {
                        self.stage = Stage::RevertScreen { legacy_confirmed: false };
                        SwitchScreen::RevertPage
                    }
                };
                Ok(Event::SwitchScreenOpened { screen, to: ConnectionKind::Legacy })
            }
        }
    }

    fn check_window(&self, clock: &dyn Clock) -> Result<(), StepError> {
        match self.switch_back_deadline() {
            Some(deadline) if clock.now() >= deadline => Err(StepError::WindowClosed { deadline }),
            _ => Ok(()),
        }
    }

    fn switch(&mut self, to: ConnectionKind, stage: Stage, clock: &dyn Clock) -> Result<Event, StepError> {
        let at = clock.now();
        self.stage = stage;
        self.last_switch_at = Some(at);
        Ok(Event::Switched { to, at })
    }

    fn remove_confirmations(&mut self, remove: impl Fn(Confirmation) -> bool) -> Vec<Confirmation> {
        let cleared: Vec<Confirmation> = self.confirmed.iter().copied().filter(|c| remove(*c)).collect();
        for item in &cleared {
            self.confirmed.remove(item);
        }
        cleared
    }
}
