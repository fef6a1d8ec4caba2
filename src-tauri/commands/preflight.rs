//! The preflight check of a profile's account.

use tauri::State;

use flex_sso_model::profiles::ProfileId;
use flex_sso_twilio::{preflight, PreflightReport};

use crate::records::with_record;
use crate::error::AppResult;
use crate::state::AppState;

#[tauri::command]
pub async fn preflight_run(state: State<'_, AppState>, profile_id: String) -> AppResult<PreflightReport> {
    let id = ProfileId::parse(&profile_id)?;
    let (credentials, _) = state.accounts.credentials(&id)?;
    let report = preflight(&state.twilio, &credentials).await;
    if let (Some(accepted), Ok(mut checks)) = (report.account.credentials_accepted, state.credential_checks.lock()) {
        checks.insert(id.as_str().to_owned(), accepted);
    }
    tracing::info!(profile = %id.as_str(), ok = report.ok, problems = report.problems.len(), "preflight");
    let codes: Vec<&str> = report.problems.iter().map(|p| p.code.as_str()).collect();
    let finding = if report.ok { "Ready to migrate.".to_owned() } else { format!("Problems: {}.", codes.join(", ")) };
    with_record(&state, &id, |record, clock| {
        record.journal.record_check(clock, "preflight", report.ok, &finding);
        Ok(())
    })?;
    Ok(report)
}
