// The only module that touches window.__TAURI__. Screens call the functions below and get plain
// values back, or an Error with `.code` and `.message` (the backend's {code, message}), so the
// screens can be tested without Tauri and never depend on its API directly.

const tauri = () => {
  const api = window.__TAURI__;
  if (!api || !api.core) {
    throw Object.assign(new Error("The app's backend is not reachable. Restart Flex SSO Migrator."), {
      code: "backend_unreachable",
    });
  }
  return api.core;
};

/** A backend error as the UI uses it: `.code` to branch on, `.message` to show. */
export class BackendError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "BackendError";
    this.code = code;
  }
}

async function call(command, args) {
  try {
    return await tauri().invoke(command, args);
  } catch (raw) {
    if (raw && typeof raw === "object" && typeof raw.code === "string") {
      throw new BackendError(raw.code, String(raw.message ?? ""));
    }
    if (raw instanceof BackendError) throw raw;
    // Strings come from Tauri itself (for example a command the window may not call).
    throw new BackendError("backend_error", String(raw?.message ?? raw));
  }
}

// The app
export const appInfo = () => call("app_info");
export const keyringCheck = () => call("keyring_check");
/** Tells the backend the first screen is drawn (it logs the time since the process started). */
export const firstScreenReady = (page) => call("first_screen_ready", { page }).catch(() => {});
export const logUiError = (code, message, screen) =>
  call("log_ui_error", { report: { code, message, screen } }).catch(() => {});
/** Copies `value` to the clipboard; with a profile, the journal records which value was copied. */
export const copyText = (what, value, profileId = null) => call("copy_text", { what, value, profileId });

// About and updates
export const aboutInfo = () => call("about_info");
/** Opens the project page (and only that page) in the system's browser. */
export const openProjectPage = () => call("open_project_page");
/** → { current_version, configured, not_configured, sandbox, consent, last_checked, result, checked_now } */
export const updateStatus = () => call("update_status");
export const updateConsentSet = (allow) => call("update_consent_set", { allow });
/** At start: checks only when the admin agreed and the last check is a day old. */
export const updateCheckIfDue = () => call("update_check_if_due");
/** "Check now": asks the update server (never in the sandbox). */
export const updateCheck = () => call("update_check");
/** Downloads, verifies the signature, installs → { installed, version, message }. */
export const updateInstall = () => call("update_install");

// Preferences (last account, advisor answers)
export const preferenceGet = (key) => call("preference_get", { key });
export const preferenceSet = (key, value) => call("preference_set", { key, value }).catch(() => {});

// Profiles and credentials
export const profilesList = () => call("profiles_list");
export const profileCreate = (name, accountSid) => call("profile_create", { name, accountSid });
export const profileRename = (profileId, name) => call("profile_rename", { profileId, name });
export const profileDelete = (profileId) => call("profile_delete", { profileId });
export const profileSetSelfHosted = (profileId, selfHosted) =>
  call("profile_set_self_hosted", { profileId, selfHosted });
/** credentials: { kind: "auth_token", account_sid, auth_token } or { kind: "api_key", account_sid, api_key_sid, api_key_secret } */
export const credentialsSave = (profileId, credentials, sessionOnly) =>
  call("credentials_save", { profileId, credentials, sessionOnly });
export const credentialsForget = (profileId) => call("credentials_forget", { profileId });
export const preflightRun = (profileId) => call("preflight_run", { profileId });

// The migration
export const migrationGet = (profileId) => call("migration_get", { profileId });
export const migrationApply = (profileId, action) => call("migration_apply", { profileId, action });
export const journalExport = (profileId, format) => call("journal_export", { profileId, format });
// Files for someone else (saved through the system's save dialog: → {file_name} or null)
export const handoffPackText = (profileId, idpId, setup) => call("handoff_pack_text", { profileId, idpId, setup });
export const handoffPackSave = (profileId, idpId, setup) => call("handoff_pack_save", { profileId, idpId, setup });
/** source: {from: "login_check", attempt_id} or {from: "inspected", input, profile_id, manual}; → {text, kinds} */
export const tracePreview = (source, revealed) => call("trace_preview", { source, revealed });
export const traceSave = (source, revealed, format) => call("trace_save", { source, revealed, format });
export const journalSave = (profileId, format) => call("journal_save", { profileId, format });
export const reminderSave = (profileId) => call("reminder_save", { profileId });
export const migrationSetIdp = (profileId, idpId) => call("migration_set_idp", { profileId, idpId });
// Step 2's check of the IdP through its API
export const idpLinkStatus = (profileId) => call("idp_link_status", { profileId });
export const idpConnect = (profileId, idp, address, token) => call("idp_connect", { profileId, idp, address, token });
export const idpCheck = (profileId, app) => call("idp_check", { profileId, app });
export const idpApply = (profileId, baseVersion) => call("idp_apply", { profileId, baseVersion });
export const idpRestore = (profileId) => call("idp_restore", { profileId });
export const idpDisconnect = (profileId) => call("idp_disconnect", { profileId });
export const idpCertificates = (profileId) => call("idp_certificates", { profileId });
export const idpDeviceStart = (profileId, tenant, clientId, write) => call("idp_device_start", { profileId, tenant, clientId, write });
export const idpDeviceOpen = (profileId) => call("idp_device_open", { profileId });
export const idpDeviceWait = (profileId) => call("idp_device_wait", { profileId });
export const idpSignInLog = (profileId, minutes) => call("idp_sign_in_log", { profileId, minutes });
/** → { problems: [{code, message, field}], view } (saved only when there is no problem) */
export const migrationSetSelfHostedUrls = (profileId, trustedUrls, redirectUrl) =>
  call("migration_set_self_hosted_urls", { profileId, trustedUrls, redirectUrl });

// Facts about Twilio, with their sources (fetched once; ui/facts.js), and opening a known page
/** → { facts: [{ key, text, url, source, inferred, also }], sources: [{ id, title, url, checked }] } */
export const factsSheet = () => call("facts_sheet");
/** link: { kind: "source" | "fact", id } → the address opened in the system browser */
export const openLink = (link) => call("open_link", { link });

// Reference values and rules
export const idpCatalog = () => call("idp_catalog");
export const checkSid = (kind, input) => call("check_sid", { kind, input });
export const legacyValues = (accountSid) => call("legacy_values", { accountSid });
export const parseNewValue = (input) => call("parse_new_value", { input });
export const assessUiVersion = (raw) => call("assess_ui_version", { raw });
export const adviseSetupType = (answers) => call("advise_setup_type", { answers });
export const checkSelfHosted = (trustedUrls, redirectUrl) => call("check_self_hosted", { trustedUrls, redirectUrl });
export const checkOauthRedirect = (trustedUrls, defaultRedirectUrl, redirectUrl) =>
  call("check_oauth_redirect", { trustedUrls, defaultRedirectUrl: defaultRedirectUrl || null, redirectUrl });
/** → { problems: [{code, message, field}], view } (saved only when there is no problem) */
export const migrationSetOauthRedirect = (profileId, trustedUrls, redirectUrl) =>
  call("migration_set_oauth_redirect", { profileId, trustedUrls, redirectUrl });
export const oauthSnippet = (connectionSid, clientId, redirectUrl) =>
  call("oauth_snippet", { connectionSid, clientId, redirectUrl });

// SAML response inspection
/** What a response would be checked against for this profile (null: no profile), and what is missing. */
export const samlExpectations = (profileId) => call("saml_expectations", { profileId: profileId ?? null });
/** manual: { entity_id, acs_url, idp_issuer, certificate_pem } typed on the screen (each optional). */
export const samlInspect = (input, profileId, manual) =>
  call("saml_inspect", { input, profileId: profileId ?? null, manual: manual ?? null });

// IdP metadata import
/** entity: null, a zero-based number, or an entity ID. Each returns { report, source, file_name }. */
export const metadataInspectText = (text, entity = null) => call("metadata_inspect_text", { text, entity });
export const metadataInspectUrl = (url, entity = null) => call("metadata_inspect_url", { url, entity });
/** Opens the native file dialog; null when the admin closed it without choosing. */
export const metadataPickFile = () => call("metadata_pick_file");
/** Reads the file chosen last again (for another entity of the same file). */
export const metadataInspectFileAgain = (entity = null) => call("metadata_inspect_file_again", { entity });
/** values: { issuer, sso_url, certificates: [pem], source } → { profile_id, profile_name, idp_data, journal_entries } */
export const metadataSave = (profileId, values) => call("metadata_save", { profileId, values });
export const metadataSaved = (profileId) => call("metadata_saved", { profileId });

// Step 4's login check (the incognito login window, watched and explained)
/** What the check opens and compares. loginUrl: the preflight's hosted login link (optional). */
export const loginCheckPlan = (profileId, loginUrl = null) => call("login_check_plan", { profileId, loginUrl });
/** Opens a new private login window at startUrl; returns the attempt's first snapshot.
 * purpose: "migration" (step 4: the outcome is recorded in the migration) or "role_checklist"
 * (the Health page's test users: only the journal records it). */
export const loginCheckStart = (profileId, startUrl, timeoutSecs = null, purpose = "migration") =>
  call("login_check_start", { profileId, startUrl, timeoutSecs, purpose });
/** The attempt as it stands (poll while it runs). */
export const loginCheckStatus = (attemptId) => call("login_check_status", { attemptId });
export const loginCheckClose = (attemptId) => call("login_check_close", { attemptId });

// Health after the switch (certificates, expiry, metadata)
/** → { profile_id, profile_name, checked_at, report, metadata: { url, read_at, error } }; readAgain reads the metadata now. */
export const healthCheck = (profileId, readAgain = false) => call("health_check", { profileId, readAgain });
/** The certificate the admin has just pasted into Flex's SSO settings. */
export const healthConfiguredSet = (profileId, certificate) => call("health_configured_set", { profileId, certificate });
export const healthMetadataUrlSet = (profileId, url) => call("health_metadata_url_set", { profileId, url });
/** Native save dialog for the expiry reminders (.ics) → { file_name } or null when cancelled. */
export const healthRemindersSave = (profileId) => call("health_reminders_save", { profileId });
// The Health page's role checklist (the login check once per test user)
/** → { users: [label], last: [row], max_users, max_label_chars } */
export const roleChecklistGet = (profileId) => call("role_checklist_get", { profileId });
/** Replaces the account's test users (each label checked by the backend); → the checklist. */
export const roleChecklistSetUsers = (profileId, users) => call("role_checklist_set_users", { profileId, users });
/**
 * Journals a settled attempt for one test user; the backend reads the roles and verdict from the
 * attempt itself. → { user, attempt_id, roles: [{ value, kind }] | null, verdict: { kind, title, text, reason }, at }
 */
export const roleCheckRecord = (profileId, attemptId, userLabel) => call("role_check_record", { profileId, attemptId, userLabel });
