//! The rules every migration state obeys: together they describe exactly the states that the
//! guide's workflow can be in. [`MigrationState::apply`] and loading from a file both check them.

use std::fmt;

use super::kinds::{SetupType, Stage};
use super::state::MigrationState;

/// A rule that a state breaks. Only a bug or a hand-edited file can produce one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrokenInvariant(pub &'static str);

impl fmt::Display for BrokenInvariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

fn check(ok: bool, rule: &'static str) -> Result<(), BrokenInvariant> {
    if ok {
        Ok(())
    } else {
        Err(BrokenInvariant(rule))
    }
}

impl MigrationState {
    /// Checks every rule; returns the first one broken.
    pub fn invariants(&self) -> Result<(), BrokenInvariant> {
        let steps = self.steps();
        match self.setup_type {
            None => {
                check(self.stage == Stage::start(), "without a setup type only step 1 can be open")?;
                check(self.confirmed.is_empty(), "nothing can be confirmed before a setup type is chosen")?;
                check(self.connection_sid.is_none(), "no connection SID before a setup type is chosen")?;
                check(self.login_check.is_none(), "no login check before a setup type is chosen")?;
            }
            Some(setup) => {
                check(
                    self.confirmed.iter().all(|c| c.applies(setup, self.self_hosted)),
                    "a confirmation is recorded that this setup does not ask for",
                )?;
            }
        }
        match self.stage {
            Stage::InProgress { step } => {
                check(steps.contains(&step), "the current step is not one of this setup's steps")?;
                check(self.finished_at.is_none(), "a migration in progress has no finish time")?;
                check(self.last_switch_at.is_none(), "a migration in progress has no switch time")?;
                check(
                    steps.iter().take_while(|s| **s != step).all(|s| self.blockers_for(*s).is_empty()),
                    "a step before the current one is incomplete",
                )?;
            }
            ref finished => {
                check(self.setup_type.is_some(), "a finished migration has a setup type")?;
                check(self.finished_at.is_some(), "a finished migration has a finish time")?;
                check(
                    steps.iter().all(|s| self.blockers_for(*s).is_empty()),
                    "a finished migration has every step complete, with a successful login check",
                )?;
                let modify = self.setup_type == Some(SetupType::ModifyExisting);
                match finished {
                    Stage::RevertScreen { .. } | Stage::RevertedToLegacy => {
                        check(modify, "only a modified connection is reverted through the revert page")?
                    }
                    Stage::SwitchDialog { .. } | Stage::LegacyActive => {
                        check(!modify, "only a new connection switches with one click")?
                    }
                    _ => {}
                }
                if matches!(finished, Stage::RevertedToLegacy | Stage::LegacyActive) {
                    check(self.last_switch_at.is_some(), "a switched-back migration records when it switched")?;
                }
            }
        }
        Ok(())
    }
}
