//! The System Log (`GET /api/v1/logs`): what Okta recorded about the app in the minutes of a failed
//! login check, in Okta's words and in plain ones.

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::answers::judged;
use super::OktaClient;
use crate::error::{Action, IdpError};
use crate::IdpLogLine;

/// At most this many entries are read: the newest first, a login check's minutes hold few.
const LIMIT: usize = 50;

#[derive(Deserialize)]
struct LogEvent {
    published: Option<String>,
    #[serde(rename = "eventType")]
    event_type: Option<String>,
    #[serde(rename = "displayMessage")]
    display_message: Option<String>,
    outcome: Option<Outcome>,
    actor: Option<Actor>,
}

#[derive(Deserialize)]
struct Outcome {
    result: Option<String>,
    reason: Option<String>,
}

#[derive(Deserialize)]
struct Actor {
    #[serde(rename = "alternateId")]
    alternate_id: Option<String>,
}

impl OktaClient {
    /// Entries about the app between `since` and `until`, newest first; only the user's when a
    /// user is given (Okta's `actor.alternateId`, usually the e-mail address they sign in with).
    pub async fn sign_in_log(&self, app_id: &str, user: Option<&str>, since: OffsetDateTime, until: OffsetDateTime) -> Result<Vec<IdpLogLine>, IdpError> {
        let mut filter = format!("target.id eq \"{}\"", scim_escape(app_id));
        if let Some(user) = user {
            filter.push_str(&format!(" and actor.alternateId eq \"{}\"", scim_escape(user)));
        }
        let mut url = self.api.url("api/v1/logs");
        url.query_pairs_mut()
            .append_pair("since", &since.format(&Rfc3339).unwrap_or_default())
            .append_pair("until", &until.format(&Rfc3339).unwrap_or_default())
            .append_pair("filter", &filter)
            .append_pair("sortOrder", "DESCENDING")
            .append_pair("limit", &LIMIT.to_string());
        let events: Vec<LogEvent> = judged(self.api.get(url, "read the System Log").await?, Action::ReadLogs, &self.api.host())?;
        Ok(events.into_iter().map(explain).collect())
    }
}

/// SCIM filter strings are quoted: a quote or backslash in a value must not end it early.
fn scim_escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

fn explain(event: LogEvent) -> IdpLogLine {
    let event_type = event.event_type.unwrap_or_default();
    let result = event.outcome.as_ref().and_then(|o| o.result.clone()).unwrap_or_default();
    let reason = event.outcome.and_then(|o| o.reason).filter(|r| !r.is_empty());
    let message = event.display_message.unwrap_or_default();
    let idp_says = match &reason {
        Some(reason) if !message.is_empty() => format!("{message}: {reason}"),
        Some(reason) => reason.clone(),
        None => message,
    };
    let (meaning, fix) = meaning_of(&event_type, &result);
    IdpLogLine {
        when: event.published.unwrap_or_default(),
        user: event.actor.and_then(|a| a.alternate_id),
        event: event_type,
        outcome: match result.as_str() {
            "SUCCESS" | "ALLOW" => "success".to_owned(),
            "FAILURE" | "DENY" => "failure".to_owned(),
            other => other.to_lowercase(),
        },
        idp_says,
        meaning: meaning.to_owned(),
        fix: fix.to_owned(),
    }
}

/// What an Okta event means for the Flex login. Event names: Okta's event-type catalog
/// (`okta_system_log_api`); the explanations are the app's.
fn meaning_of(event_type: &str, result: &str) -> (&'static str, &'static str) {
    match (event_type, result) {
        ("app.generic.unauth_app_access_attempt", _) => (
            "Okta refused the sign-in because the user is not assigned to the Flex app.",
            "In Okta, open the Flex app's Assignments and assign the user, or a group they are in.",
        ),
        ("user.authentication.sso", "SUCCESS") => (
            "Okta signed the user in and sent its answer to Flex, so the login failed on the Flex side: what to change is shown above, from that answer.",
            "",
        ),
        ("user.authentication.sso", _) => (
            "Okta did not finish signing the user in to the Flex app.",
            "Okta's reason is quoted here. In step 2, \"Check it in Okta\" shows the app's settings next to what Flex needs.",
        ),
        ("policy.evaluate_sign_on", "DENY" | "FAILURE") => (
            "An Okta sign-on policy refused the user for this app.",
            "Ask your Okta administrator to check the app's sign-on policy for this user.",
        ),
        (_, "FAILURE" | "DENY") => ("Okta recorded a failure for this app.", "Okta's own words are quoted here."),
        _ => ("Okta recorded this about the app.", ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unassigned_user_is_said_plainly() {
        let event: LogEvent = serde_json::from_value(serde_json::json!({
            "published": "2026-12-03T06:00:00.000Z", "eventType": "app.generic.unauth_app_access_attempt",
            "displayMessage": "User attempted unauthorized access to app", "outcome": {"result": "FAILURE", "reason": null},
            "actor": {"alternateId": "agent@example.com"}
        }))
        .unwrap();
        let line = explain(event);
        assert!(line.failed());
        assert_eq!(line.user.as_deref(), Some("agent@example.com"));
        assert_eq!(line.idp_says, "User attempted unauthorized access to app");
        assert!(line.meaning.contains("not assigned"), "{}", line.meaning);
        assert!(line.fix.contains("Assignments"), "{}", line.fix);
    }

    #[test]
    fn filter_values_cannot_break_out_of_their_quotes() {
        assert_eq!(scim_escape(r#"a" or eventType eq "x"#), r#"a\" or eventType eq \"x"#);
    }
}
