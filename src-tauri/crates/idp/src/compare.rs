//! The IdP app's settings side by side with what Flex needs: one row per setting, in the IdP's own
//! labels, each one ✓ or what to change. The same shape for every IdP, so the step-2 screen, the
//! Health page and `idp-check` show any of them alike.

use serde::Serialize;

use crate::{AppRef, IdpKind};

/// How one setting compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Holds what Flex needs.
    Matches,
    /// Logins fail (or will after the switch) until this changes; the change plan fixes it.
    MustChange,
    /// Worth a look, but Twilio's pages do not make it a rule, or the app cannot change it.
    Advice,
    /// The API did not say (an absent field, a value the app cannot interpret).
    NotReadable,
}

/// One setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Stable id for the UI and the JSON (`entity_id`, `acs_url`, `recipient`, …).
    pub key: &'static str,
    /// The IdP's label for it, as its console shows it.
    pub label: String,
    /// Where the API keeps it (`settings.signOn.audience`), for the IdP admin.
    pub field: &'static str,
    /// What the IdP app holds now (`None`: absent).
    pub now: Option<String>,
    /// What Flex needs, when it is one value.
    pub needed: Option<String>,
    pub verdict: Verdict,
    /// What the current value is or what to do, in plain words; empty when it matches.
    pub note: String,
}

impl Row {
    /// A row for a value that must equal `needed` exactly (after trimming the ends, as a console
    /// would). `describe` names what a wrong value is ("the legacy Entity ID").
    pub fn exact(key: &'static str, label: &str, field: &'static str, now: Option<&str>, needed: &str, describe: Option<&'static str>) -> Row {
        let matches = now.map(str::trim) == Some(needed);
        let note = if matches {
            String::new()
        } else {
            match (now, describe) {
                (None, _) => format!("Empty. Set {label} to the value shown."),
                (Some(_), Some(what)) => format!("This is {what}. Change {label} to the value shown."),
                (Some(_), None) => format!("Change {label} to the value shown."),
            }
        };
        Row {
            key,
            label: label.to_owned(),
            field,
            now: now.map(str::to_owned),
            needed: Some(needed.to_owned()),
            verdict: if matches { Verdict::Matches } else { Verdict::MustChange },
            note,
        }
    }
}

/// The whole comparison for one app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub idp: IdpKind,
    pub app: AppRef,
    pub rows: Vec<Row>,
}

impl Comparison {
    /// Whether anything must change before logins work.
    pub fn needs_change(&self) -> bool {
        self.rows.iter().any(|r| r.verdict == Verdict::MustChange)
    }

    pub fn row(&self, key: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_row_names_what_the_wrong_value_is() {
        let ok = Row::exact("entity_id", "Audience URI (SP Entity ID)", "settings.signOn.audience", Some(" urn:flex:JQ1 "), "urn:flex:JQ1", None);
        assert_eq!(ok.verdict, Verdict::Matches);
        assert_eq!(ok.note, "");
        let legacy = Row::exact("entity_id", "Audience URI (SP Entity ID)", "settings.signOn.audience", Some("https://iam.twilio.com/x"), "urn:flex:JQ1", Some("the legacy Entity ID"));
        assert_eq!(legacy.verdict, Verdict::MustChange);
        assert_eq!(legacy.note, "This is the legacy Entity ID. Change Audience URI (SP Entity ID) to the value shown.");
        let empty = Row::exact("acs_url", "Single sign on URL", "settings.signOn.ssoAcsUrl", None, "https://x", None);
        assert_eq!(empty.note, "Empty. Set Single sign on URL to the value shown.");
    }
}
