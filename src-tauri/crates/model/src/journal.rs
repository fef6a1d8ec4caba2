//! The journal: an append-only record of what happened during one migration, for the admin's
//! own memory and for a support ticket.
//!
//! **Callers must never pass a secret** (Auth Token, API key secret, password, a whole SAML
//! response). The types help: entries take only a `String` detail and optional serde data, and
//! `flex_sso_secrets::Secret` converts to neither (it has no `Serialize` and no `Into<String>`),
//! so putting one in takes a deliberate `.expose()`. As a second line of defence every detail
//! and data string is scrubbed of anything shaped like an Auth Token or API key secret (a run
//! of exactly 32 letters and digits) before it is stored.

use serde::{Deserialize, Serialize};
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

use crate::clock::Clock;
use crate::steps::{ConnectionKind, Event, LoginOutcome, SwitchScreen, LEGACY_CONFIRMATION_TEXT};

/// What an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Moving between steps, choosing the setup, Finish, starting again.
    Step,
    /// A ticked or unticked confirmation.
    Confirmation,
    /// A value copied to the clipboard (to paste into the IdP or the Console).
    ValueCopied,
    /// An automatic check (preflight, metadata, SAML response) and its result.
    Check,
    /// A login attempt in the validation window and its outcome.
    LoginAttempt,
    /// One test user of the Health page's role checklist: the roles Flex received, the verdict.
    RoleCheck,
    /// Switching between the legacy and the new connection.
    Switch,
    /// Anything else worth remembering.
    Note,
}

impl EntryKind {
    fn label(self) -> &'static str {
        match self {
            EntryKind::Step => "step",
            EntryKind::Confirmation => "confirmation",
            EntryKind::ValueCopied => "copied",
            EntryKind::Check => "check",
            EntryKind::LoginAttempt => "login",
            EntryKind::RoleCheck => "role check",
            EntryKind::Switch => "switch",
            EntryKind::Note => "note",
        }
    }
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub kind: EntryKind,
    /// A plain sentence saying what happened.
    pub detail: String,
    /// Structured facts for support (codes, step names), never a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
}

/// Why the journal could not take or export an entry.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("The journal could not be written as JSON ({0}). Please report this to support.")]
    Json(#[from] serde_json::Error),
}

impl JournalError {
    pub fn code(&self) -> &'static str {
        match self {
            JournalError::Json(_) => "journal_json",
        }
    }
}

/// The most entries one journal keeps. A whole migration journals a few dozen events and a long
/// troubleshooting session a few hundred; without a cap a stuck loop (or a hostile progress
/// file) would grow the journal, the progress file and every save without end. The last slot
/// holds [`JOURNAL_FULL`], so the journal itself says that later events are missing.
pub const MAX_ENTRIES: usize = 5_000;

/// The note that takes the journal's last slot.
pub const JOURNAL_FULL: &str = "The journal is full (it keeps 5000 entries); what happened after this was not recorded. Export the journal now if support needs it.";

/// The entries of one migration, oldest first. There is no way to change or remove an entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Journal {
    #[serde(deserialize_with = "bounded_entries")]
    entries: Vec<JournalEntry>,
}

/// Reads at most [`MAX_ENTRIES`] entries; a longer list is refused as soon as the entry after
/// the limit is reached, so a damaged or hostile file costs no more than the limit.
fn bounded_entries<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<JournalEntry>, D::Error> {
    struct Bounded;
    impl<'de> serde::de::Visitor<'de> for Bounded {
        type Value = Vec<JournalEntry>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "a list of at most {MAX_ENTRIES} journal entries")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut entries = Vec::new();
            while let Some(entry) = seq.next_element()? {
                if entries.len() == MAX_ENTRIES {
                    return Err(serde::de::Error::custom(format!(
                        "the journal has more than {MAX_ENTRIES} entries, which this app never writes"
                    )));
                }
                entries.push(entry);
            }
            Ok(entries)
        }
    }
    deserializer.deserialize_seq(Bounded)
}

impl Journal {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn entries(&self) -> &[JournalEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds an entry with a plain detail. Never pass a secret (see the module docs).
    pub fn append(&mut self, clock: &dyn Clock, kind: EntryKind, detail: impl Into<String>) {
        self.push(clock.now(), kind, detail.into(), None);
    }

    /// Adds an entry with structured data. Never pass a secret (see the module docs).
    pub fn append_with<T: Serialize + ?Sized>(
        &mut self,
        clock: &dyn Clock,
        kind: EntryKind,
        detail: impl Into<String>,
        data: &T,
    ) -> Result<(), JournalError> {
        let value = serde_json::to_value(data)?;
        self.push(clock.now(), kind, detail.into(), Some(value));
        Ok(())
    }

    /// Records that the admin copied a value (which one, and the value itself: the values
    /// copied are public URLs and IDs).
    pub fn record_copy(&mut self, clock: &dyn Clock, what: &str, value: &str) {
        let data = serde_json::json!({ "what": what, "value": value });
        self.push(clock.now(), EntryKind::ValueCopied, format!("Copied the {what}: {value}"), Some(data));
    }

    /// Records an automatic check and its result.
    pub fn record_check(&mut self, clock: &dyn Clock, check: &str, passed: bool, finding: &str) {
        let detail = if passed {
            format!("Check \"{check}\" passed. {finding}")
        } else {
            format!("Check \"{check}\" found a problem. {finding}")
        };
        let data = serde_json::json!({ "check": check, "passed": passed });
        self.push(clock.now(), EntryKind::Check, detail.trim_end().to_owned(), Some(data));
    }

    /// Records what a step-machine event changed. Returns false (and records nothing) for
    /// [`Event::Unchanged`].
    pub fn record_event(&mut self, clock: &dyn Clock, event: &Event) -> bool {
        let Some((kind, detail)) = describe(event) else {
            return false;
        };
        // An event is plain data without secrets; if it somehow fails to serialize the
        // sentence alone still goes in.
        let data = serde_json::to_value(event).ok();
        self.push(clock.now(), kind, detail, data);
        true
    }

    /// The whole journal as pretty JSON (an array of entries).
    pub fn to_json(&self) -> Result<String, JournalError> {
        Ok(serde_json::to_string_pretty(&self.entries)?)
    }

    /// The journal as plain text to paste into a support ticket, one entry a line, times in UTC.
    pub fn to_text(&self, heading: &str) -> String {
        let mut out = format!("Flex SSO Migrator journal: {}\n{} entries, times in UTC\n\n", scrub(heading), self.len());
        for entry in &self.entries {
            out.push_str(&format!("{}  {:<12} {}", stamp(entry.at), entry.kind.label(), entry.detail));
            if let Some(data) = &entry.data {
                out.push_str(&format!("\n{:34}{data}", ""));
            }
            out.push('\n');
        }
        out
    }

    /// Whether the journal has reached [`MAX_ENTRIES`] and records nothing more.
    pub fn is_full(&self) -> bool {
        self.entries.len() >= MAX_ENTRIES
    }

    fn push(&mut self, at: OffsetDateTime, kind: EntryKind, detail: String, data: Option<serde_json::Value>) {
        if self.is_full() {
            return;
        }
        if self.entries.len() == MAX_ENTRIES - 1 {
            let data = serde_json::json!({ "journal_full": true, "limit": MAX_ENTRIES });
            self.entries.push(JournalEntry { at, kind: EntryKind::Note, detail: JOURNAL_FULL.to_owned(), data: Some(data) });
            return;
        }
        let detail = scrub(&detail);
        let data = data.map(scrub_value);
        self.entries.push(JournalEntry { at, kind, detail, data });
    }
}

fn stamp(at: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    at.to_offset(UtcOffset::UTC).format(&format).unwrap_or_else(|_| at.to_string())
}

fn describe(event: &Event) -> Option<(EntryKind, String)> {
    let connection = |to: &ConnectionKind| match to {
        ConnectionKind::Legacy => "the legacy connection",
        ConnectionKind::Oauth => "the new OAuth 2.0 connection",
    };
    let tick = |value: bool| if value { "Ticked" } else { "Unticked" };
    Some(match event {
        Event::SetupTypeChosen { setup_type, reset } => {
            let mut s = format!("Chose \"{}\".", setup_type.label());
            if *reset {
                s.push_str(" The later steps were reset because the setup type changed.");
            }
            (EntryKind::Step, s)
        }
        Event::SelfHostedSet { self_hosted, cleared, login_check_cleared } => {
            let mut s = if *self_hosted {
                "Marked Flex as self-hosted.".to_owned()
            } else {
                "Marked Flex as hosted by Twilio (not self-hosted).".to_owned()
            };
            if !cleared.is_empty() || *login_check_cleared {
                s.push_str(" Answers that no longer apply were removed.");
            }
            (EntryKind::Step, s)
        }
        Event::ConnectionSidSet { connection_sid, login_check_cleared, .. } => {
            let mut s = format!("Entered the SSO connection ID {connection_sid}.");
            if *login_check_cleared {
                s.push_str(" The earlier login check no longer counts.");
            }
            (EntryKind::Step, s)
        }
        Event::Confirmed { item, value } => (EntryKind::Confirmation, format!("{}: {}", tick(*value), item.label())),
        Event::LoginCheckRecorded { outcome } => match outcome {
            LoginOutcome::Succeeded => (EntryKind::LoginAttempt, "Login check succeeded: Flex loaded.".to_owned()),
            LoginOutcome::Failed { reason } => (EntryKind::LoginAttempt, format!("Login check failed: {reason}")),
        },
        Event::StepChanged { from, to } => {
            (EntryKind::Step, format!("Moved from \"{}\" to \"{}\".", from.title(), to.title()))
        }
        Event::Finished { switch_back_until, .. } => (
            EntryKind::Step,
            format!(
                "Finished the migration. Switching back is possible until {}.",
                crate::steps::format_day(switch_back_until)
            ),
        ),
        Event::SwitchScreenOpened { screen, to } => match screen {
            SwitchScreen::RevertPage => (EntryKind::Switch, format!("Opened the {} page.", flex_sso_facts::twilio::REVERT_PAGE)),
            SwitchScreen::ConfirmDialog => {
                (EntryKind::Switch, format!("Opened the dialog to switch to {}.", connection(to)))
            }
        },
        Event::LegacyRestoredConfirmed { value } => {
            (EntryKind::Confirmation, format!("{}: {LEGACY_CONFIRMATION_TEXT}", tick(*value)))
        }
        Event::SwitchCancelled => (EntryKind::Switch, "Closed the switch without switching.".to_owned()),
        Event::Switched { to, .. } => (EntryKind::Switch, format!("Switched to {}.", connection(to))),
        Event::StartedAgain => (EntryKind::Step, "Started the migration steps again.".to_owned()),
        Event::Unchanged => return None,
    })
}

/// Replaces every run of exactly 32 ASCII letters and digits that mixes both (the shape of an
/// Auth Token or an API key secret) with `[redacted]`. SIDs are 34 characters long and stay.
fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let looks_secret = run.len() == 32
            && run.chars().any(|c| c.is_ascii_digit())
            && run.chars().any(|c| c.is_ascii_alphabetic());
        out.push_str(if looks_secret { "[redacted]" } else { run.as_str() });
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn scrub_value(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(scrub(&s)),
        Value::Array(items) => Value::Array(items.into_iter().map(scrub_value).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, scrub_value(v))).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use flex_sso_facts::twilio;
    const CREATE: &str = twilio::SETUP_TYPE_CREATE.text;
    const MODIFY: &str = twilio::SETUP_TYPE_MODIFY.text;
    const STEP1: &str = twilio::STEP_SELECT_TYPE.text;
    const STEP2: &str = twilio::STEP_UPDATE_IDP.text;
    const LEGACY_CONFIRMATION: &str = twilio::LEGACY_CONFIRMATION.text;
    use super::*;
    use crate::clock::ManualClock;
    use crate::steps::{Action, Confirmation, MigrationState, SetupType, StepId};
    use time::macros::datetime;
    use time::Duration;

    const AT: OffsetDateTime = datetime!(2024-05-01 09:00 UTC);

    #[test]
    fn events_become_plain_sentences() {
        let until = datetime!(2024-05-31 09:00 UTC);
        let cases: Vec<(Event, EntryKind, &str)> = vec![
            (Event::SetupTypeChosen { setup_type: SetupType::CreateNew, reset: false }, EntryKind::Step,
                format!("Chose \"{CREATE}\".").leak()),
            (Event::SetupTypeChosen { setup_type: SetupType::ModifyExisting, reset: true }, EntryKind::Step,
                format!("Chose \"{MODIFY}\". The later steps were reset because the setup type changed.").leak()),
            (Event::SelfHostedSet { self_hosted: true, cleared: vec![], login_check_cleared: false }, EntryKind::Step,
                "Marked Flex as self-hosted."),
            (Event::Confirmed { item: Confirmation::UsersAssigned, value: true }, EntryKind::Confirmation,
                "Ticked: Every Flex user is assigned to the new IdP application."),
            (Event::LoginCheckRecorded { outcome: LoginOutcome::Failed { reason: "The SAML response has no roles attribute.".into() } },
                EntryKind::LoginAttempt, "Login check failed: The SAML response has no roles attribute."),
            (Event::StepChanged { from: StepId::SelectType, to: StepId::UpdateIdp }, EntryKind::Step,
                format!("Moved from \"{STEP1}\" to \"{STEP2}\".").leak()),
            (Event::Finished { at: AT, switch_back_until: until }, EntryKind::Step,
                "Finished the migration. Switching back is possible until 31 May 2024 (UTC)."),
            (Event::SwitchScreenOpened { screen: SwitchScreen::ConfirmDialog, to: ConnectionKind::Oauth }, EntryKind::Switch,
                "Opened the dialog to switch to the new OAuth 2.0 connection."),
            (Event::LegacyRestoredConfirmed { value: true }, EntryKind::Confirmation,
                format!("Ticked: {LEGACY_CONFIRMATION}").leak()),
            (Event::Switched { to: ConnectionKind::Legacy, at: AT }, EntryKind::Switch, "Switched to the legacy connection."),
            (Event::StartedAgain, EntryKind::Step, "Started the migration steps again."),
        ];
        let clock = ManualClock::new(AT);
        for (event, kind, detail) in cases {
            let mut journal = Journal::new();
            assert!(journal.record_event(&clock, &event));
            let entry = &journal.entries()[0];
            assert_eq!((entry.kind, entry.detail.as_str()), (kind, detail));
            assert_eq!(entry.data.as_ref().unwrap(), &serde_json::to_value(&event).unwrap());
        }
        let mut journal = Journal::new();
        assert!(!journal.record_event(&clock, &Event::Unchanged));
        assert!(journal.is_empty());
    }

    #[test]
    fn a_real_run_is_journalled_in_order() {
        let clock = ManualClock::new(AT);
        let mut state = MigrationState::default();
        let mut journal = Journal::new();
        for action in [Action::ChooseSetupType { setup_type: SetupType::ModifyExisting }, Action::Continue] {
            clock.advance(Duration::minutes(1));
            let event = state.apply(action, &clock).unwrap();
            journal.record_event(&clock, &event);
        }
        let got: Vec<_> = journal.entries().iter().map(|e| (e.at, e.detail.as_str())).collect();
        assert_eq!(got, vec![
            (AT + Duration::minutes(1), format!("Chose \"{MODIFY}\".").leak() as &str),
            (AT + Duration::minutes(2), format!("Moved from \"{STEP1}\" to \"{STEP2}\".").leak() as &str),
        ]);
    }

    #[test]
    fn token_shaped_text_is_redacted_but_sids_and_urls_stay() {
        let cases = [
            ("token 0123456789abcdef0123456789abcdef here", "token [redacted] here"),
            ("secret=Ab3dEf7hIj9kLm1nOp2qRs4tUv5wXy6z;", "secret=[redacted];"),
            ("AC0123456789abcdef0123456789abcdef", "AC0123456789abcdef0123456789abcdef"),
            ("urn:flex:JQ0123456789abcdef0123456789abcdef", "urn:flex:JQ0123456789abcdef0123456789abcdef"),
            ("abcdefghijklmnopqrstuvwxyzabcdef", "abcdefghijklmnopqrstuvwxyzabcdef"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(scrub(input), expected, "{input}");
        }
        let clock = ManualClock::new(AT);
        let mut journal = Journal::new();
        journal
            .append_with(&clock, EntryKind::Check, "Preflight", &serde_json::json!({"auth": ["0123456789abcdef0123456789abcdef"]}))
            .unwrap();
        assert_eq!(journal.entries()[0].data.as_ref().unwrap(), &serde_json::json!({"auth": ["[redacted]"]}));
    }

    #[test]
    fn exports_as_json_and_as_text() {
        let clock = ManualClock::new(AT);
        let mut journal = Journal::new();
        journal.record_copy(&clock, "ACS URL", "https://login.flex.us1.twilio.com/login/callback?connection=JQ0123456789abcdef0123456789abcdef");
        clock.advance(Duration::seconds(90));
        journal.record_check(&clock, "Flex UI version", true, "Flex UI 2.8.1 supports the new SSO.");
        journal.append(&clock, EntryKind::Note, "Talked to the IdP admin.");

        let text = journal.to_text("Acme (AC0123456789abcdef0123456789abcdef)");
        let pad = " ".repeat(34);
        let acs = "https://login.flex.us1.twilio.com/login/callback?connection=JQ0123456789abcdef0123456789abcdef";
        let expected = [
            "Flex SSO Migrator journal: Acme (AC0123456789abcdef0123456789abcdef)".to_owned(),
            "3 entries, times in UTC".to_owned(),
            String::new(),
            format!("2024-05-01 09:00:00  copied       Copied the ACS URL: {acs}"),
            format!("{pad}{{\"value\":\"{acs}\",\"what\":\"ACS URL\"}}"),
            "2024-05-01 09:01:30  check        Check \"Flex UI version\" passed. Flex UI 2.8.1 supports the new SSO.".to_owned(),
            format!("{pad}{{\"check\":\"Flex UI version\",\"passed\":true}}"),
            "2024-05-01 09:01:30  note         Talked to the IdP admin.".to_owned(),
        ]
        .join("\n")
            + "\n";
        assert_eq!(text, expected);

        let json = journal.to_json().unwrap();
        let back: Vec<JournalEntry> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, journal.entries());
        assert!(json.contains("\"at\": \"2024-05-01T09:01:30Z\""));
        assert!(json.contains("\"kind\": \"value_copied\""));
        let round: Journal = serde_json::from_str(&serde_json::to_string(&journal).unwrap()).unwrap();
        assert_eq!(round, journal);
    }
}
