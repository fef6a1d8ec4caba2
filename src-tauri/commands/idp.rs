//! Step 2's check of the IdP through its own API (Okta, Auth0): connect, find and read the Flex app,
//! compare, and, only when the admin asks, apply the previewed change (snapshot saved first) or
//! put the snapshot back. The logic is in `flex-sso-idp`; this file moves values between the UI,
//! the keyring and the progress file.

use serde::Serialize;
use tauri::State;

use flex_sso_idp::okta::Search;
use flex_sso_idp::plan::WriteRequest;
use flex_sso_idp::{App, AppRef, ClientOptions, Connection, FieldChange, FlexTarget, IdpError, IdpKind, Row, TokenEntry};
use flex_sso_model::idp_link::IdpApiLink;
use flex_sso_model::journal::EntryKind;
use flex_sso_model::profiles::{MigrationRecord, ProfileId};
use flex_sso_model::steps::{Action, Confirmation, StepId};
use flex_sso_model::values::{new_values, SpValues};
use flex_sso_secrets::{Secret, SecretStoreError};

use crate::error::{AppError, AppResult};
use crate::idp_tokens;
use crate::records::with_record;
use crate::state::AppState;

/// What step 2 shows of the IdP check.
#[derive(Debug, Serialize)]
pub struct IdpCheckView {
    pub idp: &'static str,
    pub idp_name: &'static str,
    pub address: String,
    /// The app compared (absent when the admin must pick one of `candidates`).
    pub app: Option<AppRef>,
    pub rows: Vec<Row>,
    pub needs_change: bool,
    /// What "Apply" would change, field by field, and the exact request.
    pub changes: Vec<FieldChange>,
    pub request: Option<WriteRequest>,
    /// The app's version when read: "Apply" sends it back and is refused if the app moved on.
    pub base_version: Option<String>,
    /// Apps that could be the Flex one, when there are several.
    pub candidates: Vec<AppRef>,
    /// When the snapshot taken before the app's change was read (the way back exists).
    pub snapshot_taken_at: Option<String>,
    /// Whether this check ticked step 2's "values updated" confirmation.
    pub confirmed_values: bool,
}

/// Whether a profile has an IdP connected, for the step to draw itself before any network call.
#[derive(Debug, Serialize)]
pub struct IdpLinkStatus {
    pub idp: Option<&'static str>,
    pub address: Option<String>,
    pub token_saved: bool,
    /// Entra ID: the Application (client) ID signed in through last time.
    pub client_id: Option<String>,
    pub app_label: Option<String>,
    pub snapshot_taken_at: Option<String>,
    /// Whether the chosen IdP can be checked through its API from this screen.
    pub api: bool,
    /// The chosen IdP's name, and what the card asks for (address and token).
    pub idp_name: Option<&'static str>,
    pub entry: Option<TokenEntry>,
    /// For IdPs that never can: why, in plain words, and the page that says so.
    pub no_api: Option<flex_sso_idp::NoApi>,
}

fn kind_of(catalog_id: &str) -> AppResult<IdpKind> {
    IdpKind::from_catalog_id(catalog_id).ok_or_else(|| AppError::Domain {
        code: "idp_no_api_check",
        message: format!("The app cannot check \"{catalog_id}\" through an API; confirm step 2 by hand."),
    })
}

fn target_of(state: &AppState, record: &MigrationRecord) -> AppResult<FlexTarget> {
    let sid = record.state.connection_sid().ok_or_else(|| AppError::Domain {
        code: "idp_check_needs_connection",
        message: "Paste the Entity ID or ACS URL from the Console first: the check compares the IdP app with those values.".into(),
    })?;
    let values: SpValues = new_values(sid, &state.hosts);
    Ok(FlexTarget::new(values, state.hosts.clone()))
}

fn connect_to(kind: IdpKind, address: &str, token: Secret) -> AppResult<Connection> {
    Ok(Connection::new(kind, address, token, ClientOptions::default())?)
}

/// The migration as saved, read without writing (a fresh one when it was never saved).
fn load_record(state: &AppState, id: &ProfileId) -> AppResult<MigrationRecord> {
    let profile = state.accounts.profiles.get(id)?;
    Ok(match state.accounts.profiles.load_migration(id)? {
        Some(loaded) => loaded.value,
        None => MigrationRecord::new(id.clone(), profile.self_hosted, state.clock.as_ref()),
    })
}

fn token_of(state: &AppState, id: &ProfileId, kind: IdpKind) -> AppResult<Secret> {
    idp_tokens::load(state.secrets.as_ref(), id, kind).map_err(|error| match error {
        SecretStoreError::NotFound => AppError::Domain {
            code: "idp_token_missing",
            message: format!("No {} token is saved for this migration. Connect again with a token.", kind.name()),
        },
        other => other.into(),
    })
}

/// The view of `app` compared with `target`; `confirmed_values` is for the caller to set once it
/// has recorded the check.
fn view_of(link: &IdpApiLink, kind: IdpKind, app: Option<&App>, target: &FlexTarget) -> IdpCheckView {
    let (rows, needs_change, changes, request, base_version, app_ref) = match app {
        Some(app) => {
            let comparison = app.compare(target);
            let plan = app.plan_change(target);
            let needs = comparison.needs_change();
            let request = (!plan.is_empty()).then_some(plan.request);
            (comparison.rows, needs, plan.changes, request, Some(plan.base_version), Some(app.to_ref("picked")))
        }
        None => (Vec::new(), false, Vec::new(), None, None, None),
    };
    IdpCheckView {
        idp: kind.catalog_id(),
        idp_name: kind.name(),
        address: link.address.clone(),
        app: app_ref,
        rows,
        needs_change,
        changes,
        request,
        base_version,
        candidates: Vec::new(),
        snapshot_taken_at: link.snapshot.as_ref().map(|s| s.taken_at.clone()),
        confirmed_values: false,
    }
}

/// Saves the link and, when the app matches and step 2 is open, ticks "values updated": the
/// check proves it, as Twilio's list proves "Save and Continue".
fn record_check(state: &AppState, id: &ProfileId, link: IdpApiLink, matches: Option<bool>, note: String) -> AppResult<bool> {
    let (_, _, _, ticked) = with_record(state, id, |record, clock| {
        record.idp_api = Some(link);
        record.journal.append(clock, EntryKind::Check, note);
        let open = record.state.current_step() == Some(StepId::UpdateIdp);
        if matches == Some(true) && open && !record.state.is_confirmed(Confirmation::IdpValuesUpdated) {
            let event = record.state.apply(Action::Confirm { item: Confirmation::IdpValuesUpdated, value: true }, clock)?;
            record.journal.record_event(clock, &event);
            return Ok(true);
        }
        Ok(false)
    })?;
    Ok(ticked)
}

async fn check_with(state: &AppState, id: &ProfileId, mut link: IdpApiLink, token: Secret, search: Search) -> AppResult<IdpCheckView> {
    let kind = kind_of(&link.idp)?;
    let record = load_record(state, id)?;
    let target = target_of(state, &record)?;
    let client = connect_to(kind, &link.address, token)?;
    link.address = client.address();
    match client.find_app(&search, &target).await {
        Ok(app) => {
            link.app_id = Some(app.id().to_owned());
            link.app_label = Some(app.label().to_owned());
            let mut view = view_of(&link, kind, Some(&app), &target);
            let matches = !view.needs_change;
            let note = format!("{} app \"{}\" read through the API: {}", kind.name(), app.label(), if matches { "it holds the new values" } else { "something must change" });
            tracing::info!(idp = kind.catalog_id(), app = app.id(), matches, "IdP check");
            view.confirmed_values = record_check(state, id, link, Some(matches), note)?;
            Ok(view)
        }
        Err(IdpError::SeveralApps { candidates, .. }) => {
            link.app_id = None;
            link.app_label = None;
            record_check(state, id, link.clone(), None, format!("{} has {} apps that could be the Flex one; the admin picks.", kind.name(), candidates.len()))?;
            let mut view = view_of(&link, kind, None, &target);
            view.candidates = candidates;
            Ok(view)
        }
        Err(error) => Err(error.into()),
    }
}

/// Where the profile's IdP link stands, without calling the IdP.
#[tauri::command]
pub fn idp_link_status(state: State<'_, AppState>, profile_id: String) -> AppResult<IdpLinkStatus> {
    let id = ProfileId::parse(&profile_id)?;
    let record = load_record(&state, &id)?;
    let link = record.idp_api.as_ref();
    let kind = link.and_then(|l| IdpKind::from_catalog_id(&l.idp));
    let chosen = record.idp_id.as_deref().and_then(IdpKind::from_catalog_id);
    Ok(IdpLinkStatus {
        idp: kind.map(IdpKind::catalog_id),
        address: link.map(|l| l.address.clone()),
        token_saved: kind.is_some_and(|k| idp_tokens::load(state.secrets.as_ref(), &id, k).is_ok()),
        client_id: link.and_then(|l| l.client_id.clone()),
        app_label: link.and_then(|l| l.app_label.clone()),
        snapshot_taken_at: link.and_then(|l| l.snapshot.as_ref()).map(|s| s.taken_at.clone()),
        api: chosen.is_some(),
        idp_name: chosen.map(IdpKind::name),
        entry: chosen.and_then(IdpKind::token_entry),
        no_api: record.idp_id.as_deref().and_then(flex_sso_idp::why_no_api),
    })
}

/// Connects with an address and token: the token is tried first (finding the Flex app), and saved
/// in the keyring only when the IdP accepted it.
#[tauri::command]
pub async fn idp_connect(state: State<'_, AppState>, profile_id: String, idp: String, address: String, token: String) -> AppResult<IdpCheckView> {
    let id = ProfileId::parse(&profile_id)?;
    let kind = kind_of(&idp)?;
    if kind.token_entry().is_none() {
        return Err(AppError::Domain { code: "idp_sign_in_needed", message: format!("{} is connected by signing in to Microsoft, not with a pasted token.", kind.name()) });
    }
    let token = Secret::new(token.trim());
    if token.is_empty() {
        return Err(AppError::Domain { code: "idp_token_empty", message: format!("Paste the {} API token first.", kind.name()) });
    }
    let snapshot = load_record(&state, &id)?.idp_api.and_then(|l| l.snapshot);
    let link = IdpApiLink { idp: kind.catalog_id().to_owned(), address, app_id: None, app_label: None, client_id: None, snapshot };
    let view = check_with(&state, &id, link, token.clone(), Search::Automatic).await?;
    idp_tokens::save(state.secrets.as_ref(), &id, kind, &token)?;
    Ok(view)
}

/// Reads the app again (the one saved, or `app`: an id or name the admin picked) and compares.
#[tauri::command]
pub async fn idp_check(state: State<'_, AppState>, profile_id: String, app: Option<String>) -> AppResult<IdpCheckView> {
    let id = ProfileId::parse(&profile_id)?;
    let link = load_record(&state, &id)?.idp_api.ok_or_else(not_connected)?;
    let kind = kind_of(&link.idp)?;
    let token = token_of(&state, &id, kind)?;
    let search = match app.or_else(|| link.app_id.clone()) {
        Some(app) => Search::Named(app),
        None => Search::Automatic,
    };
    check_with(&state, &id, link, token, search).await
}

fn not_connected() -> AppError {
    AppError::Domain { code: "idp_not_connected", message: "No identity provider is connected to this migration.".into() }
}

/// Applies the change the admin previewed: refused when the app is no longer at `base_version`.
/// The snapshot is saved (atomically, with the progress) before anything is written, unless one
/// from an earlier change exists: that one is the state before the app first touched the IdP.
#[tauri::command]
pub async fn idp_apply(state: State<'_, AppState>, profile_id: String, base_version: String) -> AppResult<IdpCheckView> {
    let id = ProfileId::parse(&profile_id)?;
    let record = load_record(&state, &id)?;
    let mut link = record.idp_api.clone().ok_or_else(not_connected)?;
    let kind = kind_of(&link.idp)?;
    let app_id = link.app_id.clone().ok_or_else(|| AppError::Domain { code: "idp_no_app_picked", message: "Pick the Flex app first.".into() })?;
    let target = target_of(&state, &record)?;
    let client = connect_to(kind, &link.address, token_of(&state, &id, kind)?)?;
    let app = client.read_app(&app_id).await?;
    if app.version() != base_version {
        return Err(IdpError::ChangedSinceRead { idp: kind, app_label: app.label().to_owned() }.into());
    }
    let plan = app.plan_change(&target);
    if link.snapshot.as_ref().is_none_or(|s| s.app_id != app_id) {
        link.snapshot = Some(app.snapshot(state.clock.now()));
        let saved = link.clone();
        with_record(&state, &id, |record, clock| {
            record.idp_api = Some(saved);
            record.journal.append(clock, EntryKind::Note, format!("Saved a copy of the {} app \"{}\" settings before changing them.", kind.name(), app.label()));
            Ok(())
        })?;
    }
    let applied = client.apply(&plan).await?;
    let fields: Vec<&str> = plan.changes.iter().map(|c| c.label.as_str()).collect();
    tracing::info!(idp = kind.catalog_id(), app = %app_id, fields = fields.len(), "IdP app changed");
    let mut view = view_of(&link, kind, Some(&applied), &target);
    let note = format!("Changed in {} app \"{}\", and read back: {}.", kind.name(), app.label(), fields.join(", "));
    view.confirmed_values = record_check(&state, &id, link, Some(!view.needs_change), note)?;
    Ok(view)
}

/// Puts back the settings the snapshot holds (only the ones the app manages), the same careful
/// way: compare, write, read again.
#[tauri::command]
pub async fn idp_restore(state: State<'_, AppState>, profile_id: String) -> AppResult<IdpCheckView> {
    let id = ProfileId::parse(&profile_id)?;
    let record = load_record(&state, &id)?;
    let link = record.idp_api.clone().ok_or_else(not_connected)?;
    let kind = kind_of(&link.idp)?;
    let snapshot = link.snapshot.clone().ok_or_else(|| AppError::Domain {
        code: "idp_no_snapshot",
        message: "The app has not changed this IdP app, so there is nothing to switch back.".into(),
    })?;
    let target = target_of(&state, &record)?;
    let client = connect_to(kind, &link.address, token_of(&state, &id, kind)?)?;
    let current = client.read_app(&snapshot.app_id).await?;
    let plan = current.plan_restore(&snapshot);
    let applied = client.apply(&plan).await?;
    let fields: Vec<&str> = plan.changes.iter().map(|c| c.label.as_str()).collect();
    let view = view_of(&link, kind, Some(&applied), &target);
    record_check(&state, &id, link, None, format!("Switched {} app \"{}\" back to the copy of {}: {}.", kind.name(), current.label(), snapshot.taken_at, fields.join(", ")))?;
    Ok(view)
}

/// Forgets the token (the keyring entry) and the link; the snapshot stays, so the way back is
/// kept for a later connection.
#[tauri::command]
pub fn idp_disconnect(state: State<'_, AppState>, profile_id: String) -> AppResult<IdpLinkStatus> {
    let id = ProfileId::parse(&profile_id)?;
    idp_tokens::forget_all(state.secrets.as_ref(), &id)?;
    with_record(&state, &id, |record, clock| {
        if let Some(link) = record.idp_api.as_mut() {
            link.app_id = None;
            link.app_label = None;
            record.journal.append(clock, EntryKind::Note, "Disconnected the identity provider's API (its token was removed from the keyring).");
        }
        Ok(())
    })?;
    idp_link_status(state, profile_id)
}

/// A profile's IdP connection with an app picked and its token in the keyring.
struct Connected {
    link: IdpApiLink,
    kind: IdpKind,
    app_id: String,
    client: Connection,
}

/// `None` (logged, naming `what` is not read) when the profile has no such connection: the
/// screens that read through it then show nothing rather than an error.
fn connected(state: &AppState, id: &ProfileId, what: &str) -> AppResult<Option<Connected>> {
    let Some(link) = load_record(state, id)?.idp_api else {
        tracing::debug!("no IdP connected: {what} not read");
        return Ok(None);
    };
    let (Some(kind), Some(app_id)) = (IdpKind::from_catalog_id(&link.idp), link.app_id.clone()) else {
        tracing::debug!("no IdP app picked: {what} not read");
        return Ok(None);
    };
    let token = match idp_tokens::load(state.secrets.as_ref(), id, kind) {
        Ok(token) => token,
        Err(error) => {
            tracing::info!(code = error.code(), "no IdP token: {what} not read");
            return Ok(None);
        }
    };
    let client = connect_to(kind, &link.address, token)?;
    Ok(Some(Connected { link, kind, app_id, client }))
}

/// The IdP's own log lines about the Flex app in the last minutes, for the login check's
/// failure screen. `None` when no IdP API is connected (the screen then shows nothing).
#[derive(Debug, Serialize)]
pub struct IdpLogView {
    pub idp_name: &'static str,
    pub app_label: String,
    pub minutes: u32,
    pub lines: Vec<flex_sso_idp::IdpLogLine>,
}

/// At most this far back: a login check lasts minutes, and the System Log's default window is
/// 7 days (a wider read would only add noise).
const MAX_LOG_MINUTES: u32 = 120;

#[tauri::command]
pub async fn idp_sign_in_log(state: State<'_, AppState>, profile_id: String, minutes: u32) -> AppResult<Option<IdpLogView>> {
    let id = ProfileId::parse(&profile_id)?;
    let Some(Connected { link, kind, app_id, client }) = connected(&state, &id, "the IdP log")? else { return Ok(None) };
    let minutes = minutes.clamp(1, MAX_LOG_MINUTES);
    let until = state.clock.now();
    let since = until - time::Duration::minutes(i64::from(minutes));
    // A minute of slack after now: the IdP's clock may run a little ahead of this computer's.
    let lines = client.sign_in_log(&app_id, None, since, until + time::Duration::minutes(1)).await?;
    tracing::info!(idp = kind.catalog_id(), lines = lines.len(), "IdP log read for a failed login check");
    Ok(Some(IdpLogView { idp_name: kind.name(), app_label: link.app_label.unwrap_or_default(), minutes, lines }))
}

/// The Flex app's signing certificates as the IdP's API lists them, for the Health page.
#[derive(Debug, Serialize)]
pub struct IdpCertificatesView {
    pub idp_name: &'static str,
    pub app_label: String,
    pub certificates: Vec<flex_sso_idp::IdpCertificate>,
}

/// `None` when no IdP API is connected (the page then shows only what it knew before).
#[tauri::command]
pub async fn idp_certificates(state: State<'_, AppState>, profile_id: String) -> AppResult<Option<IdpCertificatesView>> {
    let id = ProfileId::parse(&profile_id)?;
    let Some(Connected { kind, app_id, client, .. }) = connected(&state, &id, "the IdP's certificates")? else { return Ok(None) };
    let app = client.read_app(&app_id).await?;
    let certificates = client.signing_certificates(&app).await?;
    Ok(Some(IdpCertificatesView { idp_name: kind.name(), app_label: app.label().to_owned(), certificates }))
}

/// What step 2 shows while the admin signs in to Microsoft: the code to enter and where.
#[derive(Debug, Serialize)]
pub struct DeviceCodeView {
    pub user_code: String,
    pub verification_uri: String,
    /// Microsoft's own sentence, shown as it is.
    pub message: Option<String>,
    pub expires_in: u64,
}

/// Starts the Microsoft sign-in (OAuth 2.0 device code flow, as a public client): read-only
/// scopes first, `write` only when the admin asks the app to make the change.
#[tauri::command]
pub async fn idp_device_start(state: State<'_, AppState>, profile_id: String, tenant: String, client_id: String, write: bool) -> AppResult<DeviceCodeView> {
    // Validated, so the map holds only real profiles' sign-ins.
    let id = ProfileId::parse(&profile_id)?;
    let sign_in = flex_sso_idp::entra::DeviceSignIn::new(&idp_tokens::entra_login_base(), &tenant, &client_id, ClientOptions::default())?;
    let scopes = if write { flex_sso_idp::entra::WRITE_SCOPES } else { flex_sso_idp::entra::READ_SCOPES };
    let code = sign_in.start(scopes).await?;
    tracing::info!(write, "Microsoft sign-in started");
    let view = DeviceCodeView { user_code: code.user_code.clone(), verification_uri: code.verification_uri.clone(), message: code.message.clone(), expires_in: code.expires_in };
    let pending = idp_tokens::PendingSignIn { sign_in, code, tenant: tenant.trim().to_owned(), client_id: client_id.trim().to_owned() };
    state.device_sign_ins.lock().map_err(|_| AppError::Internal("a sign-in failed midway".into()))?.insert(id.as_str().to_owned(), pending);
    Ok(view)
}

/// Opens the page of the sign-in under way in the system browser: the address Microsoft gave,
/// never one from the page.
#[tauri::command]
pub fn idp_device_open(state: State<'_, AppState>, profile_id: String) -> AppResult<String> {
    let uri = state
        .device_sign_ins
        .lock()
        .map_err(|_| AppError::Internal("a sign-in failed midway".into()))?
        .get(&profile_id)
        .map(|p| p.code.verification_uri.clone())
        .ok_or_else(|| AppError::Domain { code: "idp_no_sign_in", message: "No Microsoft sign-in is under way. Start it again.".into() })?;
    let parsed = url::Url::parse(&uri).map_err(|_| AppError::Domain { code: "idp_sign_in_page_invalid", message: format!("Microsoft gave a sign-in address the app cannot open: {uri}") })?;
    if !matches!(parsed.scheme(), "https" | "http") {
        return Err(AppError::Domain { code: "idp_sign_in_page_invalid", message: format!("Microsoft gave a sign-in address the app cannot open: {uri}") });
    }
    tauri_plugin_opener::open_url(parsed.as_str(), None::<&str>).map_err(|error| {
        tracing::warn!("could not open the sign-in page: {error}");
        AppError::Domain { code: "browser_not_opened", message: format!("The app could not open your web browser. Open this address in it instead: {uri}") }
    })?;
    Ok(uri)
}

/// Waits until the admin has signed in (or declined, or the code ran out), keeps the token in
/// the keyring, and checks the app as `idp_connect` does.
#[tauri::command]
pub async fn idp_device_wait(state: State<'_, AppState>, profile_id: String) -> AppResult<IdpCheckView> {
    let id = ProfileId::parse(&profile_id)?;
    let pending = state
        .device_sign_ins
        .lock()
        .map_err(|_| AppError::Internal("a sign-in failed midway".into()))?
        .get(&profile_id)
        .cloned()
        .ok_or_else(|| AppError::Domain { code: "idp_no_sign_in", message: "No Microsoft sign-in is under way. Start it again.".into() })?;
    let tokens = pending.sign_in.wait_for_token(&pending.code).await;
    if let Ok(mut map) = state.device_sign_ins.lock() {
        map.remove(&profile_id);
    }
    let token = tokens?.access_token;
    let earlier = load_record(&state, &id)?.idp_api;
    let snapshot = earlier.as_ref().and_then(|l| l.snapshot.clone());
    let app_id = earlier.filter(|l| l.idp == IdpKind::Entra.catalog_id()).and_then(|l| l.app_id);
    let link = IdpApiLink {
        idp: IdpKind::Entra.catalog_id().to_owned(),
        address: pending.tenant,
        app_id: app_id.clone(),
        app_label: None,
        client_id: Some(pending.client_id),
        snapshot,
    };
    let search = app_id.map(Search::Named).unwrap_or(Search::Automatic);
    let view = check_with(&state, &id, link, token.clone(), search).await?;
    idp_tokens::save(state.secrets.as_ref(), &id, IdpKind::Entra, &token)?;
    Ok(view)
}
