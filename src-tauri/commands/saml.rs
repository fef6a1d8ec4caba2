//! Inspecting a SAML response: what the identity provider sent at a failed Flex login, checked
//! against what this migration expects (or against values the admin types), in plain words.
//!
//! The diagnosis is `flex_sso_saml`'s; this file only gathers the expectations (from the
//! profile's migration record, the IdP catalog and the admin's typing) and writes the plain-text
//! summaries that the screen's "Copy summary" button and the CLI print.

use flex_sso_facts::twilio;
use serde::{Deserialize, Serialize};
use tauri::State;

use flex_sso_model::catalog::{Catalog, IdpEntry};
use flex_sso_model::steps::SetupType;
use flex_sso_model::profiles::ProfileId;
use flex_sso_model::values::{self, Hosts};
use flex_sso_saml::{Certificate, CertificateInfo, Checked, Expectations, FindingCode, IdpLabels, Report, Severity, Summary, Verdict};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

const WORKFLOW: &str = twilio::SETUP_WORKFLOW.text;
const ISSUER: &str = twilio::FIELD_IDP_ISSUER.text;

/// What the admin typed on the screen when the profile does not know a value (or there is no
/// profile). Every field is optional; the profile's own values win where it has them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ManualExpectations {
    /// The Entity ID (audience) Flex expects; for the new connection `urn:flex:JQ…`. A bare
    /// connection SID or the new Entity ID alone also gives the ACS URL.
    #[serde(default)]
    pub entity_id: Option<String>,
    #[serde(default)]
    pub acs_url: Option<String>,
    #[serde(default)]
    pub idp_issuer: Option<String>,
    /// One or more PEM certificates (or a bare base64 body).
    #[serde(default)]
    pub certificate_pem: Option<String>,
}

/// Where an expected value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The profile's migration (connection SID, saved IdP data).
    Profile,
    /// Typed on the screen (or given on the command line).
    Typed,
    /// Worked out from a typed connection SID or new Entity ID.
    Derived,
}

/// One value the response is checked against.
#[derive(Debug, Clone, Serialize)]
pub struct ExpectedValue {
    pub value: String,
    pub origin: Origin,
}

/// Something the check would need and does not have, and what the admin can do about it.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    /// `entity_id`, `acs_url`, `idp_issuer` or `certificates`.
    pub what: &'static str,
    /// Whether the check cannot run without it (Entity ID, ACS URL) or only checks less.
    pub required: bool,
    pub message: String,
}

/// What a response is (or would be) checked against: the screen shows it as "Checked against".
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExpectedView {
    pub profile_id: Option<String>,
    pub profile_name: Option<String>,
    pub connection_sid: Option<String>,
    /// The catalog id of the admin's IdP (`okta`, ...) and its names for the two settings.
    pub idp_id: Option<String>,
    pub idp_name: Option<String>,
    pub entity_id_label: Option<String>,
    pub acs_url_label: Option<String>,
    pub entity_id: Option<ExpectedValue>,
    pub acs_url: Option<ExpectedValue>,
    pub idp_issuer: Option<ExpectedValue>,
    pub certificates: Vec<CertificateInfo>,
    pub certificates_origin: Option<Origin>,
    pub missing: Vec<Missing>,
}

/// One line of "what was checked and what was not", in plain words.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// The `checked` field it describes (`signature_crypto`, ...).
    pub part: &'static str,
    pub checked: bool,
    /// `pass`, `fail` (an error finding), `warn` (a warning) or `not_checked`.
    pub result: &'static str,
    /// The codes of the findings about this part, so the UI can link each check to its finding.
    pub findings: Vec<&'static str>,
    pub text: String,
}

/// Which check a finding is about.
fn part_of(code: FindingCode) -> Option<&'static str> {
    use FindingCode::*;
    Some(match code {
        StatusNotSuccess => "status",
        ResponseUnsigned | AssertionUnsigned | WeakSignatureAlgorithm | AssertionEncrypted => "signature_structure",
        SignatureInvalid | CertificateMismatch | SignatureNotVerified | CertificateNotConfigured | SigningKeyTooShort => "signature_crypto",
        IssuerMismatch => "issuer",
        AudienceMismatch | LegacyAudience => "audience",
        DestinationMismatch => "destination",
        NameidMissing | NameidSplitByComment => "subject",
        AttributeMissing | AttributeNameNamespaced | RolesInvalid | InsightsRoleWithoutSupervisor | TypedAttributeInvalid => "attributes",
        AssertionExpired | AssertionNotYetValid | SessionTooShort => "validity",
        InputInvalid => return None,
    })
}

/// The answer of [`saml_inspect`]: the crate's report, what it was checked against, what was and
/// was not checked in words, and the text the "Copy summary for a support ticket" button copies.
#[derive(Debug, Serialize)]
pub struct Inspection {
    #[serde(flatten)]
    pub report: Report,
    pub expected: ExpectedView,
    pub coverage: Vec<Coverage>,
    pub support_text: String,
}

/// What a response would be checked against for this profile, and what is missing.
#[tauri::command]
pub fn saml_expectations(state: State<'_, AppState>, profile_id: Option<String>) -> AppResult<ExpectedView> {
    let (view, _) = gather(&state, profile_id.as_deref(), &ManualExpectations::default())?;
    Ok(view)
}

/// Diagnoses a pasted SAML response. Nothing leaves this computer.
///
/// Async, with the diagnosis on a blocking thread: parsing, canonicalizing and verifying a
/// pasted response (up to the crate's size limits) takes real time, and a sync command would
/// hold the window's event loop for all of it.
#[tauri::command]
pub async fn saml_inspect(
    state: State<'_, AppState>,
    input: String,
    profile_id: Option<String>,
    manual: Option<ManualExpectations>,
) -> AppResult<Inspection> {
    let manual = manual.unwrap_or_default();
    let (view, parts) = gather(&state, profile_id.as_deref(), &manual)?;
    // Whole seconds: the findings quote this time, and nanoseconds only make it harder to read.
    let now = state.clock.now();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    let mut expectations = parts.into_expectations(&view, now)?;
    // Pasted: from an earlier sign-in, so its having expired since is a note, not a problem.
    expectations.replayed = true;
    tauri::async_runtime::spawn_blocking(move || inspect(&input, &expectations, view))
        .await
        .map_err(|e| AppError::Internal(format!("the response check stopped ({e})")))?
}

/// Runs the diagnosis. Input that cannot be read at all is an `input_invalid` error.
pub fn inspect(input: &str, expectations: &Expectations, expected: ExpectedView) -> AppResult<Inspection> {
    let report = flex_sso_saml::diagnose(input, expectations);
    if report.summary.is_none() {
        return Err(unreadable_error(&report));
    }
    let coverage = coverage(&report.checked, &expected, &report);
    let support_text = support_text(&report, &expected, &coverage);
    Ok(Inspection { report, expected, coverage, support_text })
}

/// The `input_invalid` finding of an unreadable input as the one `{code, message}` error.
pub fn unreadable_error(report: &Report) -> AppError {
    let message = match report.findings.first() {
        Some(f) => format!("{} {} {}", f.title, f.detail, f.fix),
        None => "The input could not be read as a SAML response.".to_owned(),
    };
    AppError::Domain { code: "input_invalid", message }
}

/// The expectations without the time, before they are checked for completeness.
pub struct Parts {
    certificates: Vec<Certificate>,
    labels: IdpLabels,
    idp_id: Option<String>,
    /// The migration modifies its existing connection: the app never asks for a certificate.
    certificate_optional: bool,
}

impl Parts {
    /// Turns the gathered values into the crate's [`Expectations`], or says what to enter.
    pub fn into_expectations(self, view: &ExpectedView, now: time::OffsetDateTime) -> AppResult<Expectations> {
        let (Some(entity_id), Some(acs_url)) = (&view.entity_id, &view.acs_url) else {
            let what: Vec<&str> = view.missing.iter().filter(|m| m.required).map(|m| m.message.as_str()).collect();
            return Err(AppError::Domain {
                code: "saml_expected_values_missing",
                message: format!("The check needs the Entity ID and the ACS URL Flex expects. {}", what.join(" ")),
            });
        };
        let mut exp = Expectations::new(entity_id.value.clone(), acs_url.value.clone(), now);
        exp.idp_issuer = view.idp_issuer.as_ref().map(|v| v.value.clone());
        exp.certificates = self.certificates;
        exp.labels = self.labels;
        exp.idp_catalog_id = self.idp_id;
        exp.certificate_optional = self.certificate_optional;
        Ok(exp)
    }
}

/// Gathers the expected values: the profile's first, then what was typed.
pub fn gather(state: &AppState, profile_id: Option<&str>, manual: &ManualExpectations) -> AppResult<(ExpectedView, Parts)> {
    let mut view = ExpectedView::default();
    let mut parts = Parts { certificates: Vec::new(), labels: IdpLabels::default(), idp_id: None, certificate_optional: false };

    if let Some(profile_id) = profile_id.map(str::trim).filter(|s| !s.is_empty()) {
        let id = ProfileId::parse(profile_id)?;
        let profile = state.accounts.profiles.get(&id)?;
        view.profile_id = Some(profile.id.as_str().to_owned());
        view.profile_name = Some(profile.name.clone());
        let record = state.accounts.profiles.load_migration(&id)?.map(|loaded| loaded.value);
        if let Some(record) = record {
            parts.certificate_optional = record.state.setup_type() == Some(SetupType::ModifyExisting);
            if let Some(sid) = record.state.connection_sid() {
                let sp = values::new_values(sid, &state.hosts);
                view.connection_sid = Some(sid.to_string());
                view.entity_id = Some(ExpectedValue { value: sp.entity_id, origin: Origin::Profile });
                view.acs_url = Some(ExpectedValue { value: sp.acs_url, origin: Origin::Profile });
            }
            if let Some(entry) = record.idp_id.as_deref().and_then(|idp| Catalog::builtin().get(idp)) {
                view.idp_id = Some(entry.id.clone());
                view.idp_name = Some(entry.display_name.clone());
                view.entity_id_label = Some(entry.entity_id_label.text.clone());
                view.acs_url_label = Some(entry.acs_url_label.text.clone());
                parts.labels = idp_labels(entry);
                parts.idp_id = Some(entry.id.clone());
            }
            if let Some(data) = &record.idp_data {
                if !data.issuer.trim().is_empty() {
                    view.idp_issuer = Some(ExpectedValue { value: data.issuer.trim().to_owned(), origin: Origin::Profile });
                }
                for pem in &data.certificates {
                    let certs = Certificate::parse_text(pem).map_err(|e| AppError::Domain {
                        code: e.code(),
                        message: format!("A certificate saved for this migration cannot be used: {e} Enter the identity provider's data again."),
                    })?;
                    parts.certificates.extend(certs);
                }
                if !parts.certificates.is_empty() {
                    view.certificates_origin = Some(Origin::Profile);
                }
            }
        }
    }

    fill_typed(state, &mut view, &mut parts, manual)?;
    view.certificates = parts.certificates.iter().map(|c| c.info().clone()).collect();
    view.missing = missing(&view);
    Ok((view, parts))
}

fn typed(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

fn fill_typed(state: &AppState, view: &mut ExpectedView, parts: &mut Parts, manual: &ManualExpectations) -> AppResult<()> {
    let hosts: &Hosts = &state.hosts;
    let entity = typed(&manual.entity_id);
    let acs = typed(&manual.acs_url);
    if view.entity_id.is_none() {
        match (&entity, &acs) {
            // Only one of the new values (or the bare connection SID): the other follows from it.
            (Some(one), None) | (None, Some(one)) => match values::parse_new_value(one, hosts) {
                Ok(parsed) => {
                    let typed_entity = entity.is_some() && parsed.values.entity_id == *one;
                    let typed_acs = acs.is_some() && parsed.values.acs_url == *one;
                    let origin = |was_typed: bool| if was_typed { Origin::Typed } else { Origin::Derived };
                    view.connection_sid.get_or_insert_with(|| parsed.connection_sid.to_string());
                    view.entity_id = Some(ExpectedValue { value: parsed.values.entity_id, origin: origin(typed_entity) });
                    view.acs_url = Some(ExpectedValue { value: parsed.values.acs_url, origin: origin(typed_acs) });
                }
                Err(_) => {
                    if let Some(e) = entity {
                        view.entity_id = Some(ExpectedValue { value: e, origin: Origin::Typed });
                    }
                    if let Some(a) = acs {
                        view.acs_url = Some(ExpectedValue { value: a, origin: Origin::Typed });
                    }
                }
            },
            (Some(e), Some(a)) => {
                view.entity_id = Some(ExpectedValue { value: e.clone(), origin: Origin::Typed });
                view.acs_url = Some(ExpectedValue { value: a.clone(), origin: Origin::Typed });
            }
            (None, None) => {}
        }
    }
    if view.idp_issuer.is_none() {
        if let Some(issuer) = typed(&manual.idp_issuer) {
            view.idp_issuer = Some(ExpectedValue { value: issuer, origin: Origin::Typed });
        }
    }
    if parts.certificates.is_empty() {
        if let Some(pem) = typed(&manual.certificate_pem) {
            parts.certificates = Certificate::parse_text(&pem).map_err(|e| AppError::Domain { code: e.code(), message: e.to_string() })?;
            view.certificates_origin = Some(Origin::Typed);
        }
    }
    Ok(())
}

/// How an IdP of the catalog names the settings the diagnosis's fixes point to.
pub fn idp_labels(entry: &IdpEntry) -> IdpLabels {
    IdpLabels {
        idp_name: Some(entry.display_name.clone()),
        entity_id_label: Some(entry.entity_id_label.text.clone()),
        acs_url_label: Some(entry.acs_url_label.text.clone()),
        // An unconfirmed NameID hint would read as a rule: then the general one is used.
        name_id_setting: (!entry.name_id.is_inferred()).then(|| entry.name_id.text.clone()),
    }
}

fn missing(view: &ExpectedView) -> Vec<Missing> {
    let mut out = Vec::new();
    let no_sid = match &view.profile_id {
        Some(_) => format!("This migration has no connection SID yet (it comes in step 2 of the {WORKFLOW} in Console), so the app does not know the new values."),
        None => "No account is open, so the app does not know the values.".to_owned(),
    };
    if view.entity_id.is_none() {
        out.push(Missing {
            what: "entity_id",
            required: true,
            message: format!("{no_sid} Enter the Entity ID Flex expects (for the new connection: urn:flex: followed by the connection SID, JQ…)."),
        });
    }
    if view.acs_url.is_none() {
        out.push(Missing {
            what: "acs_url",
            required: true,
            message: "Enter the ACS URL Flex expects (the address the identity provider sends the login to).".to_owned(),
        });
    }
    if view.idp_issuer.is_none() {
        out.push(Missing {
            what: "idp_issuer",
            required: false,
            message: format!("No identity provider issuer is known, so who sent the response is not compared. Optional: enter the {ISSUER} from Flex's SSO settings."),
        });
    }
    if view.certificates.is_empty() {
        out.push(Missing {
            what: "certificates",
            required: false,
            message: "No certificate of your identity provider is known, so the signatures cannot be proven genuine. Optional: paste the X.509 certificate from Flex's SSO settings or your identity provider.".to_owned(),
        });
    }
    out
}

/// What was checked and what was not, in plain words, for the verdict's neighbourhood.
pub fn coverage(checked: &Checked, expected: &ExpectedView, report: &Report) -> Vec<Coverage> {
    let signatures_present = report.summary.as_ref().is_some_and(|s| !s.signatures.is_empty());
    let line = |part: &'static str, checked: bool, yes: &str, no: String| {
        let about: Vec<&flex_sso_saml::Finding> = report.findings.iter().filter(|f| part_of(f.code) == Some(part)).collect();
        let result = if !checked {
            "not_checked"
        } else if about.iter().any(|f| f.severity == Severity::Error) {
            "fail"
        } else if about.iter().any(|f| f.severity == Severity::Warning) {
            "warn"
        } else {
            "pass"
        };
        Coverage {
            part,
            checked,
            result,
            findings: about.iter().map(|f| f.code.as_str()).collect(),
            text: if checked { yes.to_owned() } else { no },
        }
    };
    let signature_no = if !signatures_present {
        "Signatures: not verified, because the response carries none.".to_owned()
    } else if expected.certificates.is_empty() {
        "Signatures: NOT verified, because no certificate of your identity provider was given. Add it to prove the response is genuine.".to_owned()
    } else {
        "Signatures: NOT fully verified (see the findings for why).".to_owned()
    };
    vec![
        line("status", checked.status, "The identity provider's status (did it report success).", "The identity provider's status: not checked.".to_owned()),
        line("signature_structure", checked.signature_structure, "Which parts are signed (response and assertion) and how.", "Which parts are signed: not checked.".to_owned()),
        line("signature_crypto", checked.signature_crypto, "Signatures: verified with your identity provider's certificate.", signature_no),
        line(
            "issuer",
            checked.issuer,
            flex_sso_facts::concatcp!("Who sent it (the issuer), against the ", ISSUER, "."),
            format!("Who sent it (the issuer): NOT compared, because no {ISSUER} was given."),
        ),
        line("audience", checked.audience, "Who it is for (the audience), against the Entity ID.", "Who it is for (the audience): not checked.".to_owned()),
        line("destination", checked.destination, "Where it was sent (destination and recipient), against the ACS URL.", "Where it was sent: not checked.".to_owned()),
        line("subject", checked.subject, "The user's ID (NameID).", "The user's ID (NameID): not checked, because the assertion could not be read.".to_owned()),
        line("attributes", checked.attributes, "The user's details Flex needs (roles, full_name, email).", "The user's details: not checked, because the assertion could not be read.".to_owned()),
        line("validity", checked.validity, "Time limits (valid from, valid until, session length), against the time of the check.", "Time limits: not checked, because the assertion could not be read.".to_owned()),
    ]
}

/// The verdict in plain words.
pub fn verdict_words(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "PASS: Flex should accept this response.",
        Verdict::Fail => "FAIL: Flex will refuse this response.",
    }
}

/// The summary's facts as `label: value` lines (shared by the support text and the CLI).
pub fn summary_lines(s: &Summary) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |label: &str, value: Option<&String>| {
        if let Some(v) = value {
            out.push((label.to_owned(), v.clone()));
        }
    };
    push("Issuer", s.issuer.as_ref());
    push("Status", s.status_code.as_ref().map(|c| c.rsplit(':').next().unwrap_or(c).to_owned()).as_ref());
    push("Status message", s.status_message.as_ref());
    let audiences = (!s.audiences.is_empty()).then(|| s.audiences.join(", "));
    push("Audience", audiences.as_ref());
    push("Destination", s.destination.as_ref());
    push("Recipient", s.recipient.as_ref());
    push("NameID", s.name_id.as_ref());
    push("NameID format", s.name_id_format.as_ref());
    push("Issued at", s.issue_instant.as_ref());
    push("Valid from", s.valid_from.as_ref());
    push("Valid until", s.valid_until.as_ref());
    push("Session ends", s.session_ends.as_ref());
    if s.assertion_encrypted {
        out.push(("Assertion".to_owned(), "encrypted".to_owned()));
    }
    for a in &s.attributes {
        out.push((format!("Attribute {}", a.name), a.values.join(", ")));
    }
    for sig in &s.signatures {
        let algo = sig.signature_algorithm.rsplit(['#', '-']).next().unwrap_or(&sig.signature_algorithm).to_owned();
        let result = match &sig.crypto {
            flex_sso_saml::Crypto::Verified { .. } => "verified".to_owned(),
            flex_sso_saml::Crypto::VerifiedByUntrustedCertificate { .. } => "matches only the certificate inside the response (not verified against a configured one)".to_owned(),
            flex_sso_saml::Crypto::DigestMismatch => "INVALID (content changed after signing)".to_owned(),
            flex_sso_saml::Crypto::SignatureMismatch => "INVALID (does not match the certificate)".to_owned(),
            flex_sso_saml::Crypto::NotChecked { reason } => format!("not checked ({reason})"),
        };
        out.push((format!("Signature on the {}", sig.signs), format!("{algo}, {result}")));
    }
    out
}

/// Plain text for a support ticket: verdict, what was checked, findings (codes and titles),
/// the summary. Never the whole XML.
pub fn support_text(report: &Report, expected: &ExpectedView, coverage: &[Coverage]) -> String {
    let mut t = String::new();
    t.push_str("SAML response check (Flex SSO Migrator)\n");
    t.push_str(&format!("Verdict: {}\n", verdict_words(report.verdict)));
    t.push_str("\nChecked against:\n");
    if let Some(name) = &expected.profile_name {
        t.push_str(&format!("  Account profile: {name}\n"));
    }
    if let Some(idp) = &expected.idp_name {
        t.push_str(&format!("  Identity provider: {idp}\n"));
    }
    for (label, value) in [("Entity ID", &expected.entity_id), ("ACS URL", &expected.acs_url), ("IdP issuer", &expected.idp_issuer)] {
        t.push_str(&format!("  {label}: {}\n", value.as_ref().map_or("(not given)", |v| v.value.as_str())));
    }
    if expected.certificates.is_empty() {
        t.push_str("  Certificates: (not given)\n");
    }
    for c in &expected.certificates {
        t.push_str(&format!("  Certificate: {} (SHA-256 {})\n", c.subject, c.sha256_fingerprint));
    }
    let not_checked: Vec<&Coverage> = coverage.iter().filter(|c| !c.checked).collect();
    if !not_checked.is_empty() {
        t.push_str("\nNot checked:\n");
        for c in not_checked {
            t.push_str(&format!("  - {}\n", c.text));
        }
    }
    t.push_str("\nFindings:\n");
    if report.findings.is_empty() {
        t.push_str("  none\n");
    }
    for f in &report.findings {
        let severity = serde_json::to_value(f.severity).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        t.push_str(&format!("  - [{severity}] {}: {}\n", f.code, f.title));
    }
    if let Some(s) = &report.summary {
        t.push_str("\nWhat the response says:\n");
        for (label, value) in summary_lines(s) {
            t.push_str(&format!("  {label}: {value}\n"));
        }
    }
    t.push_str("\n(The response itself is not included.)\n");
    t
}
