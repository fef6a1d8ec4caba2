//! The sign-in log (`GET /auditLogs/signIns`): what Entra ID recorded about the app in the minutes
//! of a failed login check, in Entra's words (the AADSTS code and reason) and in plain ones.
//! Reading it through Graph needs a P1 or P2 licence: without one Graph answers 403, which is
//! said as a permission the tenant lacks.

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::answers::{is_no_premium_licence, judged, refusal};
use super::find::query;
use super::EntraClient;
use crate::error::{Action, IdpError};
use crate::{IdpKind, IdpLogLine};

/// At most this many entries are read: the newest first, a login check's minutes hold few.
const LIMIT: usize = 50;

#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    value: Vec<SignIn>,
}

#[derive(Deserialize)]
struct SignIn {
    #[serde(rename = "createdDateTime")]
    created: Option<String>,
    #[serde(rename = "userPrincipalName")]
    user_principal_name: Option<String>,
    status: Option<Status>,
}

#[derive(Deserialize)]
struct Status {
    #[serde(rename = "errorCode")]
    error_code: Option<i64>,
    #[serde(rename = "failureReason")]
    failure_reason: Option<String>,
    #[serde(rename = "additionalDetails")]
    additional_details: Option<String>,
}

fn iso(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC).replace_nanosecond(0).unwrap_or(at).format(&Rfc3339).unwrap_or_default()
}

impl EntraClient {
    /// Entries for the app (its Application (client) ID) between `since` and `until`, newest
    /// first; only the user's when a user is given (their user principal name, compared here).
    pub async fn sign_in_log(&self, app_id: &str, user: Option<&str>, since: OffsetDateTime, until: OffsetDateTime) -> Result<Vec<IdpLogLine>, IdpError> {
        if !super::address::is_guid(app_id) {
            return Err(IdpError::AppNotFound { idp: IdpKind::Entra, app: app_id.to_owned() });
        }
        let filter = format!("appId eq '{app_id}' and createdDateTime ge {} and createdDateTime le {}", iso(since), iso(until));
        let mut url = self.api.url("auditLogs/signIns");
        url.set_query(Some(&query(&[("$filter", &filter), ("$top", &LIMIT.to_string())])));
        let answer = self.api.get(url, "read the sign-in log").await?;
        if answer.status == 403 {
            let error = refusal(&answer, Action::ReadLogs, &self.api.host());
            if is_no_premium_licence(&answer) {
                tracing::info!("the tenant has no licence for reading sign-in logs through Graph");
            }
            return Err(error);
        }
        let page: Page = judged(answer, Action::ReadLogs, &self.api.host())?;
        let mut entries: Vec<SignIn> = page
            .value
            .into_iter()
            .filter(|s| user.is_none_or(|u| s.user_principal_name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(u))))
            .collect();
        entries.sort_by(|a, b| b.created.cmp(&a.created));
        Ok(entries.into_iter().map(explain).collect())
    }
}

fn explain(entry: SignIn) -> IdpLogLine {
    let status = entry.status.unwrap_or(Status { error_code: None, failure_reason: None, additional_details: None });
    let code = status.error_code.unwrap_or(0);
    let (meaning, fix) = explain_error_code(code);
    let mut says = if code == 0 { "Success".to_owned() } else { format!("AADSTS{code}") };
    for part in [status.failure_reason, status.additional_details].into_iter().flatten().filter(|p| !p.trim().is_empty()) {
        says.push_str(": ");
        says.push_str(part.trim());
    }
    IdpLogLine {
        when: entry.created.unwrap_or_default(),
        user: entry.user_principal_name,
        event: "signIn".to_owned(),
        outcome: if code == 0 { "success" } else { "failure" }.to_owned(),
        idp_says: says,
        meaning: meaning.to_owned(),
        fix: fix.to_owned(),
    }
}

/// What an AADSTS code (`status.errorCode`, 0 for success) means for the Flex login, and what to
/// do, in Entra's labels. Codes and names: Entra's error code reference (`entra_error_codes`);
/// the explanations are the app's.
pub fn explain_error_code(code: i64) -> (&'static str, &'static str) {
    match code {
        0 => ("Entra ID signed the user in and sent its answer to Flex: if the login still failed, the reason is in that answer (see the diagnosis beside this).", ""),
        50011 => (
            "The ACS URL in Flex's sign-in request is not one of the Flex app's Reply URLs in Entra ID.",
            "In the Flex app's Basic SAML Configuration, set Reply URL (Assertion Consumer Service URL) to the value the check shows, as the default.",
        ),
        700016 => (
            "Entra ID has no app with the Entity ID Flex sent: the Flex app's Identifier does not match.",
            "In the Flex app's Basic SAML Configuration, set Identifier (Entity ID) to the value the check shows, as the default.",
        ),
        50105 => (
            "The user is not assigned to the Flex app in Entra ID.",
            "Assign the user, or a group they are in, to the Flex app in Entra ID.",
        ),
        501241 => (
            "The attribute Entra ID builds the Name ID from is empty for this user.",
            "Give the user a value in that attribute (Twilio's page uses user.mail for the Unique User Identifier (Name ID)), or choose another source for the Name ID.",
        ),
        75011 => (
            "The user had signed in to Microsoft in a way other than the one the sign-in request asked for.",
            "Sign out of Microsoft, then sign in to Flex again. If it keeps happening, report it to Twilio with this code.",
        ),
        75016 => (
            "Entra ID cannot give the Name ID in the format Flex's sign-in request asks for.",
            "Check the Unique User Identifier (Name ID) claim of the Flex app (Twilio's page: user.mail).",
        ),
        76021 => (
            "The Flex app in Entra ID requires signed sign-in requests, and Flex's request was not signed.",
            "Turn off the requirement for signed sign-in requests on the Flex app in Entra ID.",
        ),
        76026 => (
            "Flex's sign-in request was too old when it reached Entra ID (a clock that is off can cause it).",
            "Check the computer's date, time and time zone, then sign in to Flex again.",
        ),
        750054 => (
            "The sign-in request reached Entra ID without its SAML message.",
            "Start the sign-in from the Flex login page again, not from a saved Microsoft address.",
        ),
        50146 => (
            "The Flex app needs its own signing certificate in Entra ID and has none that is valid.",
            "In the app's SAML Certificates, add a new certificate and make it active, then give Flex the new certificate.",
        ),
        _ => ("Entra ID recorded a failure for this app.", "Read Entra's words beside this."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_url_mismatch_is_said_plainly_in_entras_labels() {
        let entry: SignIn = serde_json::from_value(serde_json::json!({
            "createdDateTime": "2026-12-03T06:00:00Z", "userPrincipalName": "agent@contoso.example",
            "status": {"errorCode": 50011, "failureReason": "The reply URL specified in the request does not match.", "additionalDetails": null}
        }))
        .unwrap();
        let line = explain(entry);
        assert!(line.failed());
        assert_eq!(line.idp_says, "AADSTS50011: The reply URL specified in the request does not match.");
        assert!(line.fix.contains("Reply URL (Assertion Consumer Service URL)"), "{}", line.fix);
        for code in [50011, 700016, 50105, 501241, 75011, 75016, 76021, 76026, 750054, 50146] {
            assert_ne!(explain_error_code(code), explain_error_code(1), "{code} has its own words");
        }
        let ok: SignIn = serde_json::from_value(serde_json::json!({"status": {"errorCode": 0}})).unwrap();
        assert_eq!(explain(ok).outcome, "success");
    }

    #[test]
    fn times_are_whole_seconds_in_utc() {
        let at = time::macros::datetime!(2026-12-03 07:00:00.123 +01:00);
        assert_eq!(iso(at), "2026-12-03T06:00:00Z");
    }
}
