//! The tenant log (`GET /api/v2/logs`): what Auth0 recorded about the Flex client in the minutes of
//! a failed login check, in Auth0's words and in plain ones.
//!
//! The search is Auth0's Lucene syntax (`auth0_log_search_syntax`), sent as `q` (the name the
//! operation's description and Auth0's docs use; the spec's parameter list says `search`). Event
//! codes and their names: `auth0_log_event_types`; the explanations are the app's.

use serde::Deserialize;
use time::macros::format_description;
use time::OffsetDateTime;

use super::answers::judged;
use super::Auth0Client;
use crate::error::{Action, IdpError};
use crate::IdpLogLine;

/// At most this many entries are read: the newest first, a login check's minutes hold few.
const PER_PAGE: usize = 50;

/// Failed login (`f`), wrong password (`fp`), wrong user name (`fu`), warning (`w`), success (`s`).
const TYPES: [&str; 5] = ["f", "fp", "fu", "w", "s"];

#[derive(Deserialize)]
struct LogEvent {
    date: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    description: Option<String>,
    user_name: Option<String>,
}

impl Auth0Client {
    /// Entries about the client between `since` and `until`, newest first; only the user's when a
    /// user is given (Auth0's `user_name`, usually the e-mail address they sign in with).
    pub async fn sign_in_log(&self, client_id: &str, user: Option<&str>, since: OffsetDateTime, until: OffsetDateTime) -> Result<Vec<IdpLogLine>, IdpError> {
        let mut url = self.api.url("api/v2/logs");
        url.query_pairs_mut()
            .append_pair("q", &search(client_id, user, since, until))
            .append_pair("sort", "date:-1")
            .append_pair("per_page", &PER_PAGE.to_string());
        let events: Vec<LogEvent> = judged(self.api.get(url, "read the tenant log").await?, Action::ReadLogs, &self.api.host())?;
        Ok(events.into_iter().map(explain).collect())
    }
}

/// `(type:f OR …) AND client_id:"…" AND date:["…" TO "…"]`, with `AND user_name:"…"` for a user.
/// The range's ends are quoted because the times hold colons [inferred: Auth0's syntax page shows
/// ranges of plain dates; Lucene reads quoted range ends].
fn search(client_id: &str, user: Option<&str>, since: OffsetDateTime, until: OffsetDateTime) -> String {
    let types: Vec<String> = TYPES.iter().map(|t| format!("type:{t}")).collect();
    let mut q = format!(
        "({}) AND client_id:\"{}\" AND date:[\"{}\" TO \"{}\"]",
        types.join(" OR "),
        lucene_escape(client_id),
        auth0_time(since),
        auth0_time(until)
    );
    if let Some(user) = user {
        q.push_str(&format!(" AND user_name:\"{}\"", lucene_escape(user)));
    }
    q
}

/// Auth0's timestamps: UTC with milliseconds (`2016-02-23T19:57:29.532Z`), so they compare as text.
fn auth0_time(at: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    at.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_default()
}

/// Quoted Lucene terms: a quote or backslash in a value must not end the term early.
fn lucene_escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

fn explain(event: LogEvent) -> IdpLogLine {
    let kind = event.kind.unwrap_or_default();
    let idp_says = event.description.unwrap_or_default();
    let (meaning, fix) = meaning_of(&kind, &idp_says);
    IdpLogLine {
        when: event.date.unwrap_or_default(),
        user: event.user_name,
        outcome: match kind.as_str() {
            "s" => "success",
            "f" | "fp" | "fu" => "failure",
            "w" => "warning",
            _ => "other",
        }
        .to_owned(),
        event: kind,
        idp_says,
        meaning: meaning.to_owned(),
        fix: fix.to_owned(),
    }
}

/// What an Auth0 event means for the Flex login.
fn meaning_of(kind: &str, description: &str) -> (&'static str, &'static str) {
    match kind {
        "f" if description.to_lowercase().contains("callback url mismatch") => (
            "Auth0 refused the sign-in because the ACS URL Flex sent is not in the Flex application's Allowed Callback URLs.",
            "In Auth0, put the new ACS URL first in the Flex application's Allowed Callback URLs (the first one is the Application Callback URL); the change shown above does it.",
        ),
        "f" => ("Auth0 did not finish signing the user in to the Flex application.", "Read Auth0's words beside this; the application's settings are checked above."),
        "fp" => (
            "The user typed a wrong password at Auth0: this is not a Flex SSO setting.",
            "The user signs in again with the right password, or resets it.",
        ),
        "fu" => (
            "Auth0 does not know the user name or e-mail address the user typed.",
            "Check that the user exists in the Auth0 connection the Flex application uses, and that they typed the right address.",
        ),
        "w" => ("Auth0 noted a warning while signing the user in; on its own it does not stop the sign-in.", "Read Auth0's words beside this."),
        "s" => (
            "Auth0 signed the user in and sent its answer to Flex: if the login still failed, the reason is in that answer (see the diagnosis beside this).",
            "",
        ),
        _ => ("Auth0 recorded this about the Flex application.", ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_callback_mismatch_is_said_plainly() {
        let event: LogEvent = serde_json::from_value(serde_json::json!({
            "date": "2026-12-03T05:40:00.000Z", "type": "f", "user_name": "agent@example.com",
            "description": "Callback URL mismatch. https://login.flex.us1.twilio.com/login/callback?connection=JQ1 is not in the list of allowed callback URLs",
            "details": {"error": {"message": "x", "oauthError": "invalid_request"}}
        }))
        .unwrap();
        let line = explain(event);
        assert!(line.failed());
        assert_eq!((line.event.as_str(), line.user.as_deref()), ("f", Some("agent@example.com")));
        assert!(line.idp_says.starts_with("Callback URL mismatch."));
        assert!(line.meaning.contains("Allowed Callback URLs"), "{}", line.meaning);
        assert!(line.fix.contains("first"), "{}", line.fix);
    }

    #[test]
    fn the_search_names_the_types_the_client_and_the_window_and_cannot_be_broken_out_of() {
        let since = time::macros::datetime!(2026-12-03 05:00 UTC);
        let until = time::macros::datetime!(2026-12-03 06:00:00.5 UTC);
        let q = search("FlexSaml0Legacy0Client0000000001", Some(r#"a" OR type:s"#), since, until);
        assert_eq!(
            q,
            r#"(type:f OR type:fp OR type:fu OR type:w OR type:s) AND client_id:"FlexSaml0Legacy0Client0000000001" AND date:["2026-12-03T05:00:00.000Z" TO "2026-12-03T06:00:00.500Z"] AND user_name:"a\" OR type:s""#
        );
        for (kind, outcome) in [("fp", "failure"), ("fu", "failure"), ("w", "warning"), ("s", "success")] {
            let line = explain(LogEvent { date: None, kind: Some(kind.into()), description: None, user_name: None });
            assert_eq!(line.outcome, outcome, "{kind}");
            assert!(!line.meaning.is_empty());
        }
    }
}
