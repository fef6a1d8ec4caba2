//! One profile's migration: the step machine's state as the screens need it, actions applied and
//! saved after every change (with a journal entry), and the journal's export.

use serde::Serialize;
use tauri::State;
use time::OffsetDateTime;

use flex_sso_metadata::CertificateInfo;
use flex_sso_model::catalog::Catalog;
use flex_sso_model::journal::EntryKind;
use flex_sso_model::profiles::{IdentityProviderData, MigrationRecord, Profile, ProfileId, SelfHostedUrls};
use flex_sso_facts::twilio;
use flex_sso_model::self_hosted::{check_oauth_redirect, validate_self_hosted, SelfHostedError};
use flex_sso_model::steps::{Action, Blocker, Confirmation, MigrationState, Offers, RevertScreen, StepId};
use flex_sso_model::values::{legacy_values, new_values, SpValues};

use crate::error::{AppError, AppResult};
use crate::records::with_record;
use crate::state::AppState;

/// A confirmation the current step asks for, as a checkbox.
#[derive(Debug, Serialize)]
pub struct ConfirmationView {
    pub item: Confirmation,
    pub label: &'static str,
    pub confirmed: bool,
}

/// What the wizard shows of a migration.
#[derive(Debug, Serialize)]
pub struct MigrationView {
    pub profile_id: String,
    pub profile_name: String,
    pub account_sid: String,
    /// The values the IdP has today (legacy), and the new ones once the connection is known.
    pub legacy_values: SpValues,
    pub new_values: Option<SpValues>,
    pub confirmations: Vec<ConfirmationView>,
    pub idp_id: Option<String>,
    pub idp_data: Option<IdentityProviderData>,
    /// `idp_data`'s certificates described (same order), so a screen can show a name, an expiry
    /// and a fingerprint instead of base64.
    pub idp_certificates: Vec<CertificateInfo>,
    pub self_hosted_urls: Option<SelfHostedUrls>,
    pub state: MigrationState,
    pub stage: &'static str,
    pub steps: Vec<StepId>,
    pub current_step: Option<StepId>,
    pub step_number: Option<usize>,
    pub blockers: Vec<Blocker>,
    pub offers: Offers,
    pub revert_screen: Option<RevertScreen>,
    pub way_forward: Option<&'static str>,
    pub journal_entries: usize,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Set when the progress file was damaged and its backup was used.
    pub warning: Option<String>,
}

/// A line on the home screen: where the migration stands and its switch-back countdown.
#[derive(Debug, Serialize)]
pub struct MigrationSummary {
    pub stage: &'static str,
    pub current_step: Option<StepId>,
    pub step_number: Option<usize>,
    pub steps: usize,
    pub switch_back_days_left: Option<i64>,
    /// The health check of the certificate in Flex, from what is saved (no network), when the
    /// app knows that certificate.
    pub certificate: Option<CertificateSummary>,
    pub warning: Option<String>,
}

/// The home screen's line about the certificate in Flex: its headline when the admin must act
/// (a new certificate to paste, 60/30/7 days left, expired), otherwise how long it is valid.
#[derive(Debug, Serialize)]
pub struct CertificateSummary {
    pub status: flex_sso_health::Status,
    pub needs_admin: bool,
    pub headline: String,
    pub expiry_level: flex_sso_health::ExpiryLevel,
    pub days_left: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
}

/// `None` when the app knows no certificate in Flex (the check then has no expiry to report).
fn certificate_summary(record: &MigrationRecord, now: OffsetDateTime) -> Option<CertificateSummary> {
    let report = crate::health::assess(Some(record), now);
    let expiry = report.expiry.as_ref()?;
    Some(CertificateSummary {
        status: report.status,
        needs_admin: report.needs_admin(),
        expiry_level: expiry.level,
        days_left: expiry.days_left,
        not_after: expiry.not_after,
        headline: report.headline,
    })
}

fn view(state: &AppState, profile: &Profile, record: &MigrationRecord, warning: Option<String>) -> MigrationView {
    let clock = state.clock.as_ref();
    let m = &record.state;
    MigrationView {
        profile_id: profile.id.as_str().to_owned(),
        profile_name: profile.name.clone(),
        account_sid: profile.account_sid.to_string(),
        legacy_values: legacy_values(&profile.account_sid, &state.hosts),
        new_values: m.connection_sid().map(|sid| new_values(sid, &state.hosts)),
        confirmations: m
            .current_step()
            .map(|step| {
                m.confirmations_on(step)
                    .into_iter()
                    .map(|item| ConfirmationView { item, label: item.label(), confirmed: m.is_confirmed(item) })
                    .collect()
            })
            .unwrap_or_default(),
        idp_id: record.idp_id.clone(),
        idp_data: record.idp_data.clone(),
        idp_certificates: record
            .idp_data
            .as_ref()
            .map(|data| super::metadata::describe_saved_certificates(&data.certificates, clock.now()))
            .unwrap_or_default(),
        self_hosted_urls: record.self_hosted_urls.clone(),
        stage: m.stage().name(),
        steps: m.steps(),
        current_step: m.current_step(),
        step_number: m.step_number(),
        blockers: m.blockers(),
        offers: m.offers(clock),
        revert_screen: m.revert_screen(clock, &profile.account_sid, &state.hosts),
        way_forward: m.way_forward(),
        journal_entries: record.journal.len(),
        updated_at: record.updated_at,
        state: m.clone(),
        warning,
    }
}

pub fn summary_of(state: &AppState, profile: &Profile) -> Option<MigrationSummary> {
    let loaded = state.accounts.profiles.load_migration(&profile.id).ok()??;
    let m = &loaded.value.state;
    Some(MigrationSummary {
        stage: m.stage().name(),
        current_step: m.current_step(),
        step_number: m.step_number(),
        steps: m.steps().len(),
        switch_back_days_left: m.days_left(state.clock.as_ref()),
        certificate: certificate_summary(&loaded.value, state.clock.now()),
        warning: loaded.warning,
    })
}

#[tauri::command]
pub fn migration_get(state: State<'_, AppState>, profile_id: String) -> AppResult<MigrationView> {
    let id = ProfileId::parse(&profile_id)?;
    let profile = state.accounts.profiles.get(&id)?;
    let (record, warning) = match state.accounts.profiles.load_migration(&id)? {
        Some(loaded) => (loaded.value, loaded.warning),
        None => (MigrationRecord::new(id.clone(), profile.self_hosted, state.clock.as_ref()), None),
    };
    Ok(view(&state, &profile, &record, warning))
}

/// Applies one admin action. A refused action changes nothing and says why. Only the backend
/// may record a login check's outcome: the page can ask for a check, never declare its result.
#[tauri::command]
pub fn migration_apply(state: State<'_, AppState>, profile_id: String, action: Action) -> AppResult<MigrationView> {
    if action.backend_only() {
        return Err(AppError::Domain {
            code: "action_backend_only",
            message: "The outcome of a login check is recorded by the login check itself. Open the login window in step 4 and sign in there.".into(),
        });
    }
    let id = ProfileId::parse(&profile_id)?;
    let (profile, record, warning, _) = with_record(&state, &id, |record, clock| {
        let event = record.state.apply(action, clock)?;
        record.journal.record_event(clock, &event);
        Ok(())
    })?;
    Ok(view(&state, &profile, &record, warning))
}

/// Which identity provider the admin uses (an id of the IdP catalog), so every screen can use its
/// own labels. `None` clears the choice.
#[tauri::command]
pub fn migration_set_idp(state: State<'_, AppState>, profile_id: String, idp_id: Option<String>) -> AppResult<MigrationView> {
    let id = ProfileId::parse(&profile_id)?;
    if let Some(idp) = &idp_id {
        if Catalog::builtin().get(idp).is_none() {
            return Err(AppError::Domain { code: "idp_unknown", message: format!("\"{idp}\" is not an identity provider the app knows.") });
        }
    }
    let (profile, record, warning, _) = with_record(&state, &id, |record, clock| {
        if record.idp_id != idp_id {
            let name = idp_id.as_deref().and_then(|i| Catalog::builtin().get(i)).map(|e| e.display_name.clone());
            record.journal.append(clock, EntryKind::Note, format!("Identity provider: {}", name.as_deref().unwrap_or("not chosen")));
            record.idp_id = idp_id;
        }
        Ok(())
    })?;
    Ok(view(&state, &profile, &record, warning))
}

/// What saving the self-hosted URLs answered: the problems (none when saved) and the view.
#[derive(Debug, Serialize)]
pub struct SelfHostedSaved {
    pub problems: Vec<SelfHostedError>,
    pub view: MigrationView,
}

/// Saves the self-hosted Trusted domains and Default redirect URL when they pass every rule; with
/// a problem nothing is saved and each problem is named.
#[tauri::command]
pub fn migration_set_self_hosted_urls(
    state: State<'_, AppState>,
    profile_id: String,
    trusted_urls: Vec<String>,
    redirect_url: String,
) -> AppResult<SelfHostedSaved> {
    let id = ProfileId::parse(&profile_id)?;
    let trusted: Vec<String> = trusted_urls.iter().map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()).collect();
    let problems = validate_self_hosted(&trusted, redirect_url.trim());
    let (profile, record, warning, _) = with_record(&state, &id, |record, clock| {
        if problems.is_empty() {
            let before = record.self_hosted_urls.clone().unwrap_or_default();
            let urls = SelfHostedUrls { trusted_urls: trusted.clone(), redirect_url: redirect_url.trim().to_owned(), ..before.clone() };
            if before != urls {
                record.journal.append(clock, EntryKind::Note, format!(
                    "Self-hosted addresses: {} {}; {} {}",
                    twilio::FIELD_TRUSTED_DOMAINS, urls.trusted_urls.join(", "),
                    twilio::FIELD_DEFAULT_REDIRECT_URL, urls.redirect_url));
                record.self_hosted_urls = Some(urls);
            }
        }
        Ok(())
    })?;
    Ok(SelfHostedSaved { problems, view: view(&state, &profile, &record, warning) })
}

/// Saves the snippet's redirectUrl (where the self-hosted Flex runs) with the Trusted domains it
/// is checked against, when the redirect is among them; with a problem nothing is saved.
#[tauri::command]
pub fn migration_set_oauth_redirect(
    state: State<'_, AppState>,
    profile_id: String,
    trusted_urls: Vec<String>,
    redirect_url: String,
) -> AppResult<SelfHostedSaved> {
    let id = ProfileId::parse(&profile_id)?;
    let trusted: Vec<String> = trusted_urls.iter().map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()).collect();
    let redirect = redirect_url.trim().to_owned();
    let (profile, record, warning, problems) = with_record(&state, &id, |record, clock| {
        // The Default redirect URL entered in step 3 is trusted by the Console itself.
        let default = record.self_hosted_urls.as_ref().map(|u| u.redirect_url.clone()).filter(|d| !d.is_empty());
        let problems = check_oauth_redirect(&trusted, default.as_deref(), &redirect);
        if problems.is_empty() {
            let before = record.self_hosted_urls.clone().unwrap_or_default();
            let urls = SelfHostedUrls { trusted_urls: trusted.clone(), oauth_redirect_url: Some(redirect.clone()), ..before.clone() };
            if before != urls {
                record.journal.append(clock, EntryKind::Note, format!(
                    "Self-hosted appConfig.oauth redirectUrl {redirect}, in {} {}",
                    twilio::FIELD_TRUSTED_DOMAINS, urls.trusted_urls.join(", ")));
                record.self_hosted_urls = Some(urls);
            }
        }
        Ok(problems)
    })?;
    Ok(SelfHostedSaved { problems, view: view(&state, &profile, &record, warning) })
}

/// The journal as JSON or as plain text for a support ticket.
#[tauri::command]
pub fn journal_export(state: State<'_, AppState>, profile_id: String, format: String) -> AppResult<String> {
    let id = ProfileId::parse(&profile_id)?;
    let profile = state.accounts.profiles.get(&id)?;
    let Some(loaded) = state.accounts.profiles.load_migration(&id)? else {
        return Ok(String::new());
    };
    match format.as_str() {
        "text" => Ok(loaded.value.journal.to_text(&format!("{} ({})", profile.name, profile.account_sid))),
        _ => loaded.value.journal.to_json().map_err(|e| AppError::Domain { code: e.code(), message: e.to_string() }),
    }
}
