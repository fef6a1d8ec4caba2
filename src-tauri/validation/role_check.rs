//! The role checklist of the Health screen ("Every role signs in"): the test users the admin
//! names, and one row per user checked, made from a settled login check.
//!
//! Nothing here trusts the page. The label is the admin's own words, checked here (length,
//! no control or invisible characters). The roles and the verdict are read from the attempt's
//! own state ([`AttemptView`] as the backend holds it): the roles from the diagnosis of the SAML
//! response the window was seen posting (`summary.attributes`, the attribute named exactly
//! `roles`, as Flex reads it), the verdict from the attempt's status and the known problem it
//! recognised. The journal entry holds the label, the roles and the verdict in the app's own
//! words: never a line of an IdP's or Twilio's page (`Symptom::page_line` is left out), never
//! a password (the app never asks for one).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use flex_sso_facts::twilio;

use super::attempt::{AttemptView, Status};
use super::flow::Phase;
use crate::error::AppError;

/// The longest label kept: an e-mail address or a user name, not a note.
pub const MAX_LABEL_CHARS: usize = 100;
/// The most test users one account keeps (one per kind of Flex user, with room to spare).
pub const MAX_USERS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleCheckError {
    #[error("Type the user name or e-mail address this test user signs in with at your identity provider.")]
    LabelEmpty,
    #[error("This name is {chars} characters long; keep it to {MAX_LABEL_CHARS} (a user name or an e-mail address).")]
    LabelTooLong { chars: usize },
    #[error("This name holds a line break, a tab or an invisible character. Type the user name or e-mail address as one plain line.")]
    LabelControlCharacter,
    #[error("\"{0}\" is already in the list.")]
    LabelDuplicate(String),
    #[error("The list holds {MAX_USERS} test users at most. Remove one before adding another.")]
    TooManyUsers,
    #[error("\"{0}\" is not in this account's list of test users. Add it to the list first.")]
    UserNotListed(String),
    #[error("This login check belongs to another account. Start the checklist again from this account's Health page.")]
    OtherAccount,
    #[error("This login check is still running. Wait until it has ended, then try again.")]
    NotSettled,
    #[error("This login check is already in the checklist.")]
    AlreadyRecorded,
    #[error("This login check was started for the migration's step 4, not for the checklist. Start the checklist from the Health page.")]
    NotForChecklist,
}

impl RoleCheckError {
    pub fn code(&self) -> &'static str {
        match self {
            RoleCheckError::LabelEmpty => "role_user_empty",
            RoleCheckError::LabelTooLong { .. } => "role_user_too_long",
            RoleCheckError::LabelControlCharacter => "role_user_control_character",
            RoleCheckError::LabelDuplicate(_) => "role_user_duplicate",
            RoleCheckError::TooManyUsers => "role_users_too_many",
            RoleCheckError::UserNotListed(_) => "role_user_not_listed",
            RoleCheckError::OtherAccount => "role_check_other_account",
            RoleCheckError::NotSettled => "role_check_not_settled",
            RoleCheckError::AlreadyRecorded => "role_check_already_recorded",
            RoleCheckError::NotForChecklist => "role_check_not_for_checklist",
        }
    }
}

impl From<RoleCheckError> for AppError {
    fn from(error: RoleCheckError) -> Self {
        AppError::Domain { code: error.code(), message: error.to_string() }
    }
}

/// Characters that would hide or rearrange text in the journal: control characters (line
/// breaks, tabs, NUL...), and the invisible format characters (zero-width spaces and joiners,
/// bidirectional overrides, the byte-order mark, soft hyphen).
fn hidden_character(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// A test user's label as the admin typed it, trimmed; refused when empty, too long or holding
/// a control or invisible character (refused, not cleaned: the admin sees what is kept).
pub fn check_label(raw: &str) -> Result<String, RoleCheckError> {
    let label = raw.trim();
    if label.is_empty() {
        return Err(RoleCheckError::LabelEmpty);
    }
    if label.chars().any(hidden_character) {
        return Err(RoleCheckError::LabelControlCharacter);
    }
    let chars = label.chars().count();
    if chars > MAX_LABEL_CHARS {
        return Err(RoleCheckError::LabelTooLong { chars });
    }
    Ok(label.to_owned())
}

/// The whole list, each label checked, no two the same (ignoring case: IdPs mostly do), at most
/// [`MAX_USERS`]. The first problem found is the answer.
pub fn check_users(raw: &[String]) -> Result<Vec<String>, RoleCheckError> {
    if raw.len() > MAX_USERS {
        return Err(RoleCheckError::TooManyUsers);
    }
    let mut users: Vec<String> = Vec::with_capacity(raw.len());
    for label in raw {
        let label = check_label(label)?;
        if users.iter().any(|u| u.to_lowercase() == label.to_lowercase()) {
            return Err(RoleCheckError::LabelDuplicate(label));
        }
        users.push(label);
    }
    Ok(users)
}

/// Whether a login check may go into the checklist: this account's, ended and saved (its
/// `settled`, which does not depend on an outcome being recorded in the migration: after Finish
/// nothing is), and not already in it.
pub fn check_attempt(view: &AttemptView, same_account: bool, for_checklist: bool, already_recorded: bool) -> Result<(), RoleCheckError> {
    if !same_account {
        return Err(RoleCheckError::OtherAccount);
    }
    if !for_checklist {
        return Err(RoleCheckError::NotForChecklist);
    }
    if !view.settled {
        return Err(RoleCheckError::NotSettled);
    }
    if already_recorded {
        return Err(RoleCheckError::AlreadyRecorded);
    }
    Ok(())
}

/// What a role value is to Flex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    /// `agent`, `supervisor` or `admin`.
    Flex,
    /// A Flex Insights role (`wfo.*`).
    Insights,
    /// Neither: Flex does not accept it.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    pub value: String,
    pub kind: RoleKind,
}

fn role(value: &str) -> Role {
    let kind = if twilio::is_flex_role(value) {
        RoleKind::Flex
    } else if twilio::is_insights_role(value) {
        RoleKind::Insights
    } else {
        RoleKind::Unknown
    };
    Role { value: value.to_owned(), kind }
}

/// The roles the identity provider sent in its answer: `None` when no answer was read (none was
/// sent, or it could not be decoded), `Some(empty)` when the answer has no `roles` attribute
/// (or only empty values). Values are split at commas, as Flex reads them.
pub fn roles(view: &AttemptView) -> Option<Vec<Role>> {
    let summary = view.capture.diagnosis.as_ref()?.get("summary").filter(|s| !s.is_null())?;
    let attributes = summary.get("attributes").and_then(Value::as_array).cloned().unwrap_or_default();
    let values = attributes
        .iter()
        .filter(|a| a.get("name").and_then(Value::as_str) == Some("roles"))
        .flat_map(|a| a.get("values").and_then(Value::as_array).cloned().unwrap_or_default())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .flat_map(|v| v.split(',').map(|r| r.trim().to_owned()).collect::<Vec<_>>())
        .filter(|r| !r.is_empty());
    let mut out: Vec<Role> = Vec::new();
    for value in values {
        if out.iter().any(|r| r.value == value) {
            continue;
        }
        out.push(role(&value));
    }
    Some(out)
}

/// The verdict, in a word the page and tests branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    /// Flex opened for this user.
    SignedIn,
    /// The sign-in reached Twilio, and Twilio refused it.
    Refused,
    /// The sign-in never got through (it stayed at the IdP, or took too long).
    NotSignedIn,
    /// The login window was closed first: nothing was proven.
    Stopped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// A few words: "Signed in", "Refused"...
    pub title: String,
    /// Why, in plain words (the app's own: never a page's text).
    pub text: String,
    /// The known problem or finding behind a refusal (`no_roles`, `roles_invalid`...).
    pub reason: Option<String>,
}

/// The first error the diagnosis of the answer found: (code, title).
fn first_error(view: &AttemptView) -> Option<(String, String)> {
    let findings = view.capture.diagnosis.as_ref()?.get("findings")?.as_array()?;
    findings.iter().find(|f| f.get("severity").and_then(Value::as_str) == Some("error")).map(|f| {
        let s = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        (s("code"), s("title"))
    })
}

/// The verdict of a settled attempt, from its status and what it recognised.
pub fn verdict(view: &AttemptView) -> Verdict {
    let make = |kind, title: &str, text: String, reason: Option<String>| Verdict { kind, title: title.to_owned(), text, reason };
    match view.status {
        Status::Success => {
            let text = match first_error(view) {
                Some((_, title)) => format!("Flex opened for this user. The check of the answer still found: {title}"),
                None => "Flex opened for this user.".to_owned(),
            };
            make(VerdictKind::SignedIn, "Signed in", text, None)
        }
        Status::ErrorPage => {
            // The known problem first (its title and meaning are the app's words; the page's
            // own line is not used), else what the check of the answer found.
            if let Some(symptom) = &view.symptom {
                let text = format!("Flex refused the sign-in. {} {}", symptom.title, symptom.meaning).trim_end().to_owned();
                return make(VerdictKind::Refused, "Refused", text, Some(symptom.code.to_owned()));
            }
            match first_error(view) {
                Some((code, title)) => make(VerdictKind::Refused, "Refused", format!("Flex refused the sign-in. {title}"), Some(code)),
                None => make(
                    VerdictKind::Refused,
                    "Refused",
                    "Flex refused the sign-in: Twilio showed an error page instead of opening Flex.".to_owned(),
                    None,
                ),
            }
        }
        Status::TimedOut => {
            let text = if view.current_phase == Some(Phase::IdpSignIn) {
                "The sign-in stayed at your identity provider's page until the time was up: the password was not accepted, or this user is not assigned to the Flex app there."
            } else {
                "Flex did not open in time."
            };
            make(VerdictKind::NotSignedIn, "Did not sign in", text.to_owned(), None)
        }
        Status::Cancelled | Status::Running => {
            make(VerdictKind::Stopped, "Not checked", "The login window was closed before Flex opened, so nothing was proven for this user.".to_owned(), None)
        }
    }
}

/// One row of the checklist, as the page shows it and the journal keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleCheckRow {
    /// The admin's label for the test user.
    pub user: String,
    /// The login check it comes from (this app run's number).
    pub attempt_id: u32,
    /// See [`roles`].
    pub roles: Option<Vec<Role>>,
    pub verdict: Verdict,
    /// When it was recorded (RFC 3339), set by the journal.
    pub at: String,
}

/// The row for `user` from a settled attempt (`at` left for the caller).
pub fn row(user: &str, view: &AttemptView) -> RoleCheckRow {
    RoleCheckRow { user: user.to_owned(), attempt_id: view.attempt_id, roles: roles(view), verdict: verdict(view), at: String::new() }
}

/// The roles in words, for the journal's sentence.
pub fn roles_words(roles: &Option<Vec<Role>>) -> String {
    match roles {
        None => "no answer from the identity provider was read, so its roles are unknown".to_owned(),
        Some(list) if list.is_empty() => "the identity provider sent no roles".to_owned(),
        Some(list) => format!("Flex received the roles {}", list.iter().map(|r| r.value.as_str()).collect::<Vec<_>>().join(", ")),
    }
}

/// The journal entry's sentence and data: the label, the roles (their values, `null` when no
/// answer was read) and the verdict.
pub fn journal(row: &RoleCheckRow) -> (String, Value) {
    let detail = format!(
        "Role checklist, test user \"{}\": {}. {} ({}; login check #{}.)",
        row.user,
        row.verdict.title,
        row.verdict.text,
        roles_words(&row.roles),
        row.attempt_id
    );
    let data = serde_json::json!({
        "user": row.user,
        "attempt": row.attempt_id,
        "roles": row.roles.as_ref().map(|list| list.iter().map(|r| r.value.clone()).collect::<Vec<_>>()),
        "verdict": row.verdict,
    });
    (detail, data)
}

/// A row read back from a journal entry's data (the last result per user, after a restart).
/// `None` for data this app did not write.
pub fn row_from_journal(data: &Value, at: String) -> Option<RoleCheckRow> {
    let user = data.get("user")?.as_str()?.to_owned();
    let attempt_id = data.get("attempt").and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
    let roles = match data.get("roles") {
        Some(Value::Array(values)) => Some(values.iter().filter_map(Value::as_str).map(role).collect()),
        _ => None,
    };
    let verdict: Verdict = serde_json::from_value(data.get("verdict")?.clone()).ok()?;
    Some(RoleCheckRow { user, attempt_id, roles, verdict, at })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::super::attempt::Attempt;
    use super::super::capture::PageReport;
    use super::super::test_support::{u, ACS};
    use super::*;

    fn attempt() -> Attempt {
        super::super::test_support::attempt(7)
    }

    /// The diagnosis the attempt carries for a real response of the sandbox IdP, as
    /// `diagnose_confirmed` stores it (the report flattened, without the indented XML).
    fn diagnosis_of(fixture: &str) -> Value {
        let dir = format!("{}/tests/fixtures/idp/captured", env!("CARGO_MANIFEST_DIR"));
        let xml = std::fs::read_to_string(format!("{dir}/{fixture}")).unwrap();
        // Checked against what the capture was made for (its manifest), at the capture time.
        let manifest: Value = serde_json::from_str(&std::fs::read_to_string(format!("{dir}/manifest.json")).unwrap()).unwrap();
        let captured = manifest["responses"].as_array().unwrap().iter().find(|r| r["file"] == fixture).unwrap();
        let at = time::OffsetDateTime::parse(manifest["captured_at"].as_str().unwrap(), &time::format_description::well_known::Rfc3339).unwrap();
        let mut exp = flex_sso_saml::Expectations::new(captured["expected_audience"].as_str().unwrap(), captured["destination"].as_str().unwrap(), at);
        exp.certificate_optional = true;
        let mut value = serde_json::to_value(flex_sso_saml::diagnose_xml(&xml, &exp)).unwrap();
        value.as_object_mut().unwrap().remove("xml_pretty");
        value
    }

    /// A settled view of an attempt that ended with `status`, with `diagnosis` as its answer.
    fn settled(status: Status, diagnosis: Option<Value>) -> AttemptView {
        let mut a = attempt();
        a.status = status;
        a.capture.state = if diagnosis.is_some() { "diagnosed" } else { "none" };
        a.capture.diagnosis = diagnosis;
        let mut view = a.view();
        view.settled = true;
        view
    }

    fn values(roles: &Option<Vec<Role>>) -> Option<Vec<(&str, RoleKind)>> {
        roles.as_ref().map(|list| list.iter().map(|r| (r.value.as_str(), r.kind)).collect())
    }

    #[test]
    fn labels_are_trimmed_and_plain_words_pass() {
        assert_eq!(check_label("  supervisor@example.com \n").unwrap(), "supervisor@example.com");
        assert_eq!(check_label("Jürgen Müller (Insights)").unwrap(), "Jürgen Müller (Insights)");
        assert_eq!(check_label("田中@例え.jp").unwrap(), "田中@例え.jp");
        assert_eq!(check_label(&"a".repeat(MAX_LABEL_CHARS)).unwrap().chars().count(), MAX_LABEL_CHARS);
        // Counted in characters, not bytes.
        assert!(check_label(&"é".repeat(MAX_LABEL_CHARS)).is_ok());
    }

    #[test]
    fn labels_that_are_empty_long_or_hide_characters_are_refused() {
        assert_eq!(check_label("   "), Err(RoleCheckError::LabelEmpty));
        assert_eq!(check_label(&"a".repeat(MAX_LABEL_CHARS + 1)), Err(RoleCheckError::LabelTooLong { chars: MAX_LABEL_CHARS + 1 }));
        for hidden in ["agent\nadmin", "agent\tx", "agent\u{0}", "agent\u{7f}", "a\u{200B}gent", "agent\u{202E}moc", "\u{FEFF}agent", "ag\u{00AD}ent", "a\u{2028}b"] {
            assert_eq!(check_label(hidden), Err(RoleCheckError::LabelControlCharacter), "{hidden:?}");
        }
        let error = check_label("a\nb").unwrap_err();
        assert_eq!(error.code(), "role_user_control_character");
        assert!(error.to_string().contains("one plain line"), "{error}");
        let long = check_label(&"x".repeat(150)).unwrap_err();
        assert!(long.to_string().contains("150 characters") && long.to_string().contains("100"), "{long}");
    }

    #[test]
    fn a_list_has_no_twice_the_same_user_and_a_limit() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(check_users(&list(&[" agent ", "supervisor"])).unwrap(), vec!["agent", "supervisor"]);
        assert_eq!(check_users(&list(&["agent", "Agent "])), Err(RoleCheckError::LabelDuplicate("Agent".into())));
        assert_eq!(check_users(&list(&["agent", ""])), Err(RoleCheckError::LabelEmpty));
        let many: Vec<String> = (0..=MAX_USERS).map(|n| format!("user{n}")).collect();
        assert_eq!(check_users(&many), Err(RoleCheckError::TooManyUsers));
        assert_eq!(check_users(&many[..MAX_USERS]).unwrap().len(), MAX_USERS);
        assert_eq!(check_users(&[]).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn only_a_settled_attempt_of_this_account_counts_once() {
        let mut running = settled(Status::Running, None);
        running.settled = false;
        assert_eq!(check_attempt(&running, true, true, false), Err(RoleCheckError::NotSettled));
        let done = settled(Status::Success, None);
        assert_eq!(check_attempt(&done, false, true, false), Err(RoleCheckError::OtherAccount));
        assert_eq!(check_attempt(&done, true, true, true), Err(RoleCheckError::AlreadyRecorded));
        // After Finish nothing is recorded in the migration (`recorded_at` stays None): it
        // still counts, being settled.
        assert_eq!(done.recorded_at, None);
        assert_eq!(check_attempt(&done, true, false, false), Err(RoleCheckError::NotForChecklist));
        assert_eq!(check_attempt(&done, true, true, false), Ok(()));
    }

    #[test]
    fn roles_are_read_from_the_diagnosis_of_the_real_answer() {
        let agent = settled(Status::Success, Some(diagnosis_of("agent-ok.xml")));
        assert_eq!(values(&roles(&agent)), Some(vec![("agent", RoleKind::Flex)]));
        // No roles attribute at all: known to be empty, not unknown.
        let none = settled(Status::ErrorPage, Some(diagnosis_of("no-roles.xml")));
        assert_eq!(values(&roles(&none)), Some(vec![]));
        // A value in the wrong case is not a Flex role.
        let bad = settled(Status::ErrorPage, Some(diagnosis_of("bad-role.xml")));
        assert_eq!(values(&roles(&bad)), Some(vec![("Agent", RoleKind::Unknown)]));
        // No answer read: unknown.
        assert_eq!(roles(&settled(Status::TimedOut, None)), None);
        let unreadable = settled(Status::ErrorPage, Some(json!({ "summary": null, "findings": [] })));
        assert_eq!(roles(&unreadable), None);
    }

    #[test]
    fn insights_roles_and_comma_lists_are_split_as_flex_reads_them() {
        let mut d = diagnosis_of("agent-ok.xml");
        let attributes = d["summary"]["attributes"].as_array_mut().unwrap();
        let roles_attr = attributes.iter_mut().find(|a| a["name"] == "roles").unwrap();
        roles_attr["values"] = json!(["supervisor, wfo.team_leader", "team_captain", "supervisor", " "]);
        // A role claim under another name is not what Flex reads.
        attributes.push(json!({ "name": "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", "friendly_name": null, "values": ["admin"] }));
        let view = settled(Status::Success, Some(d));
        assert_eq!(
            values(&roles(&view)),
            Some(vec![("supervisor", RoleKind::Flex), ("wfo.team_leader", RoleKind::Insights), ("team_captain", RoleKind::Unknown)])
        );
    }

    #[test]
    fn a_login_that_opened_flex_is_signed_in() {
        let v = verdict(&settled(Status::Success, Some(diagnosis_of("agent-ok.xml"))));
        assert_eq!(v.kind, VerdictKind::SignedIn);
        assert_eq!(v.title, "Signed in");
        assert_eq!(v.text, "Flex opened for this user.");
        assert_eq!(v.reason, None);
    }

    /// Twilio's error page for a user without roles: refused, with the known problem as reason,
    /// and the page's own line never used.
    #[test]
    fn a_refusal_says_why_in_the_apps_words() {
        let mut a = attempt();
        a.status = Status::ErrorPage;
        a.capture.diagnosis = Some(diagnosis_of("no-roles.xml"));
        a.page_reported(PageReport { title: "Twilio Flex".into(), text: format!("Sign-in failed\n{}", twilio::SYMPTOM_NO_ROLE), marker: None }, Some(u(ACS)));
        let mut view = a.view();
        view.settled = true;
        let v = verdict(&view);
        assert_eq!(v.kind, VerdictKind::Refused);
        assert_eq!(v.reason.as_deref(), Some("no_roles"));
        assert!(v.text.starts_with("Flex refused the sign-in."), "{}", v.text);
        assert!(v.text.contains("did not send this user's roles"), "{}", v.text);

        // An error page the app does not know: its own line stays out of the verdict and the
        // journal (page text is shown live only); the diagnosis's finding says why.
        let mut b = attempt();
        b.status = Status::ErrorPage;
        b.capture.diagnosis = Some(diagnosis_of("bad-role.xml"));
        b.page_reported(PageReport { title: "Error".into(), text: "Sign-in failed\nPAGE-WORDS hunter2".into(), marker: Some("x".into()) }, Some(u(ACS)));
        let mut view = b.view();
        view.settled = true;
        assert_eq!(view.symptom.as_ref().and_then(|s| s.page_line.as_deref()), Some("PAGE-WORDS hunter2"));
        let row = row("madeup@example.com", &view);
        let (detail, data) = journal(&row);
        for text in [detail.as_str(), &data.to_string(), &row.verdict.text] {
            assert!(!text.contains("PAGE-WORDS") && !text.contains("hunter2"), "{text}");
        }
        assert_eq!(row.verdict.reason.as_deref(), Some("flex_error_page"));

        // No page recognised, the diagnosis found an error: that is the reason.
        let c = settled(Status::ErrorPage, Some(diagnosis_of("bad-role.xml")));
        let v = verdict(&c);
        assert_eq!(v.reason.as_deref(), Some("roles_invalid"));
        assert!(v.text.contains("roles attribute"), "{}", v.text);
        // Nothing known at all.
        let d = verdict(&settled(Status::ErrorPage, None));
        assert_eq!((d.kind, d.reason), (VerdictKind::Refused, None));
    }

    #[test]
    fn a_sign_in_that_never_got_through_or_was_closed_says_so() {
        let mut at_idp = attempt();
        at_idp.navigated(&u("https://login.flex.us1.twilio.com/login?connection=JQ1"), Duration::ZERO);
        at_idp.navigated(&u("https://idp.example.com/sso"), Duration::ZERO);
        assert!(at_idp.timed_out());
        let mut view = at_idp.view();
        view.settled = true;
        let v = verdict(&view);
        assert_eq!((v.kind, v.title.as_str()), (VerdictKind::NotSignedIn, "Did not sign in"));
        assert!(v.text.contains("password was not accepted"), "{}", v.text);
        assert_eq!(verdict(&settled(Status::TimedOut, None)).text, "Flex did not open in time.");
        let closed = verdict(&settled(Status::Cancelled, None));
        assert_eq!((closed.kind, closed.title.as_str()), (VerdictKind::Stopped, "Not checked"));
    }

    #[test]
    fn the_journal_entry_holds_label_roles_and_verdict_and_reads_back() {
        let mut d = diagnosis_of("agent-ok.xml");
        let roles_attr = d["summary"]["attributes"].as_array_mut().unwrap().iter_mut().find(|a| a["name"] == "roles").unwrap();
        roles_attr["values"] = json!(["supervisor", "wfo.team_leader"]);
        let mut r = row("insights@example.com", &settled(Status::Success, Some(d)));
        let (detail, data) = journal(&r);
        assert_eq!(
            detail,
            "Role checklist, test user \"insights@example.com\": Signed in. Flex opened for this user. (Flex received the roles supervisor, wfo.team_leader; login check #7.)"
        );
        assert_eq!(data["user"], "insights@example.com");
        assert_eq!(data["roles"], json!(["supervisor", "wfo.team_leader"]));
        assert_eq!(data["verdict"]["kind"], "signed_in");
        assert_eq!(data["attempt"], 7);
        r.at = "2026-12-02T10:00:00Z".into();
        assert_eq!(row_from_journal(&data, r.at.clone()), Some(r));
        // No answer read: roles are null, and read back as unknown.
        let none = row("agent", &settled(Status::TimedOut, None));
        let (detail, data) = journal(&none);
        assert!(detail.contains("roles are unknown"), "{detail}");
        assert_eq!(data["roles"], Value::Null);
        assert_eq!(row_from_journal(&data, String::new()).unwrap().roles, None);
        // Data this app did not write.
        assert_eq!(row_from_journal(&json!({ "attempt": 1 }), String::new()), None);
        assert_eq!(row_from_journal(&json!({ "user": "x", "verdict": { "kind": "maybe" } }), String::new()), None);
    }
}
