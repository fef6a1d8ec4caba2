//! The Health page's role checklist ("Every role signs in"): the account's test users, and one
//! journal entry per user checked, made from the login check's own state.
//!
//! The page runs the ordinary login check (`login_check_start` / `_status` / `_close`) once per
//! user; when an attempt has settled it names the attempt and the user, and
//! `role_check_record` reads everything else from the backend: the attempt from
//! [`LoginChecks`], the roles and verdict from it ([`crate::validation::role_check`]). The list
//! of users is kept in the account's migration record, so it survives a restart.

use serde::Serialize;
use tauri::State;
use time::format_description::well_known::Rfc3339;

use flex_sso_model::journal::EntryKind;
use flex_sso_model::profiles::ProfileId;

use crate::error::{AppError, AppResult};
use crate::records::with_record;
use crate::state::AppState;
use crate::validation::role_check::{self, RoleCheckError, RoleCheckRow};
use crate::validation::window::LoginChecks;

/// The checklist as the page draws it: the users, and each one's last result (from the journal).
#[derive(Debug, Serialize)]
pub struct RoleChecklist {
    pub users: Vec<String>,
    /// The last recorded row of each listed user, if any (in the order of `users`).
    pub last: Vec<RoleCheckRow>,
    pub max_users: usize,
    pub max_label_chars: usize,
}

fn checklist(users: Vec<String>, journal: &flex_sso_model::journal::Journal) -> RoleChecklist {
    let rows: Vec<RoleCheckRow> = journal
        .entries()
        .iter()
        .filter(|e| e.kind == EntryKind::RoleCheck)
        .filter_map(|e| role_check::row_from_journal(e.data.as_ref()?, e.at.format(&Rfc3339).ok()?))
        .collect();
    let last = users.iter().filter_map(|u| rows.iter().rev().find(|r| &r.user == u).cloned()).collect();
    RoleChecklist { users, last, max_users: role_check::MAX_USERS, max_label_chars: role_check::MAX_LABEL_CHARS }
}

/// The account's test users and their last results.
#[tauri::command]
pub fn role_checklist_get(state: State<'_, AppState>, profile_id: String) -> AppResult<RoleChecklist> {
    let id = ProfileId::parse(&profile_id)?;
    state.accounts.profiles.get(&id)?;
    let record = state.accounts.profiles.load_migration(&id)?.map(|l| l.value);
    Ok(match record {
        Some(record) => checklist(record.role_check_users.clone(), &record.journal),
        None => checklist(Vec::new(), &Default::default()),
    })
}

/// Replaces the account's test users (the page adds and removes one at a time); each label is
/// checked here, and the first problem is the answer.
#[tauri::command]
pub fn role_checklist_set_users(state: State<'_, AppState>, profile_id: String, users: Vec<String>) -> AppResult<RoleChecklist> {
    let id = ProfileId::parse(&profile_id)?;
    let users = role_check::check_users(&users)?;
    let (_, record, _, ()) = with_record(&state, &id, |record, _| {
        record.role_check_users = users;
        Ok(())
    })?;
    Ok(checklist(record.role_check_users.clone(), &record.journal))
}

/// Records one test user's settled login check in the journal and returns its row. The attempt
/// must be this account's, settled, and not recorded before; the user must be in the list.
#[tauri::command]
pub fn role_check_record(
    state: State<'_, AppState>,
    checks: State<'_, LoginChecks>,
    profile_id: String,
    attempt_id: u32,
    user_label: String,
) -> AppResult<RoleCheckRow> {
    let id = ProfileId::parse(&profile_id)?;
    let user = role_check::check_label(&user_label)?;
    let view = checks.take_for_role_check(attempt_id, &id)?;
    let result = with_record(&state, &id, |record, clock| {
        if !record.role_check_users.contains(&user) {
            return Err(RoleCheckError::UserNotListed(user.clone()).into());
        }
        let mut row = role_check::row(&user, &view);
        let (detail, data) = role_check::journal(&row);
        record.journal.append_with(clock, EntryKind::RoleCheck, detail, &data).map_err(|e| AppError::Internal(e.to_string()))?;
        // The entry's own time (a full journal keeps no more entries: then the time now).
        let at = record.journal.entries().last().filter(|e| e.kind == EntryKind::RoleCheck).map_or_else(|| clock.now(), |e| e.at);
        row.at = at.format(&Rfc3339).unwrap_or_default();
        Ok(row)
    });
    match result {
        Ok((_, _, _, row)) => Ok(row),
        Err(error) => {
            checks.release_role_check(attempt_id);
            Err(error)
        }
    }
}
