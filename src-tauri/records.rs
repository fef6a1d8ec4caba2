//! Reading and saving one profile's migration record, for the commands and for the login check
//! (which records its outcome from its own thread). One lock around load, change and save, so
//! two writers never interleave.

use flex_sso_model::clock::Clock;
use flex_sso_model::profiles::{MigrationRecord, Profile, ProfileId};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Loads (or starts) the profile's record, lets `change` modify it, and saves it atomically.
/// Returns the profile, the saved record and a recovery warning if the backup had to be used.
pub fn with_record<T>(
    state: &AppState,
    id: &ProfileId,
    change: impl FnOnce(&mut MigrationRecord, &dyn Clock) -> AppResult<T>,
) -> AppResult<(Profile, MigrationRecord, Option<String>, T)> {
    let _guard = state.migration_lock.lock().map_err(|_| AppError::Internal("a previous change failed midway".into()))?;
    let profile = state.accounts.profiles.get(id)?;
    let clock = state.clock.as_ref();
    let (mut record, warning) = match state.accounts.profiles.load_migration(id)? {
        Some(loaded) => (loaded.value, loaded.warning),
        None => (MigrationRecord::new(id.clone(), profile.self_hosted, clock), None),
    };
    let out = change(&mut record, clock)?;
    state.accounts.profiles.save_migration(&mut record, clock)?;
    Ok((profile, record, warning, out))
}

