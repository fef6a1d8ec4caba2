//! One login attempt: its timeline (each address the window went to, grouped by phase), what
//! the window captured, and its outcome in plain words. Fed by the window's callbacks, read by
//! the main window (a snapshot per poll) and written to the journal when it ends.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use url::Url;

use flex_sso_facts::twilio;
use flex_sso_model::steps::LoginOutcome;

use super::capture::PageReport;
use super::flow::{Landmarks, Phase};
use super::redact::display_url;

/// The longest timeline kept (a page that keeps reloading must not grow it without end).
const MAX_STEPS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Running,
    /// Flex loaded after the SAML response reached the ACS.
    Success,
    /// The ACS answered with a page instead of sending the browser on to Flex.
    ErrorPage,
    /// The admin closed the login window first.
    Cancelled,
    TimedOut,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub phase: Phase,
    /// Host and path, secrets hidden ([`display_url`]).
    pub shown: String,
    pub elapsed_ms: u64,
}

/// A known error page (FLEX-SSO-FACTS section 7, and the sandbox's markers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Symptom {
    pub code: &'static str,
    pub title: String,
    pub meaning: String,
}

/// What became of the SAML response of this attempt.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CaptureView {
    /// `none` (nothing posted yet), `diagnosed`, or `not_checkable` (see `note`).
    pub state: &'static str,
    /// The response went to the legacy ACS (the IdP still has the legacy values).
    pub legacy_acs: bool,
    /// The diagnosis (findings, verdict, what it was checked against), as the UI shows it.
    pub diagnosis: Option<Value>,
    pub note: Option<String>,
    /// Messages refused (not an ACS, too large, a second response...).
    pub refused: u32,
}

#[derive(Debug, Clone)]
pub struct Attempt {
    pub id: u32,
    pub window_label: String,
    pub start_url: Url,
    pub timeout: Duration,
    pub landmarks: Landmarks,
    pub status: Status,
    pub steps: Vec<Step>,
    acs_seen: bool,
    idp_loads: u32,
    pub capture: CaptureView,
    /// Whether a SAML response was taken (one per attempt).
    pub captured: bool,
    pub page: Option<PageReport>,
    pub page_url: Option<Url>,
    /// Where the attempt ended (for the outcome's words).
    last_phase: Option<Phase>,
}

/// The outcome in plain words.
#[derive(Debug, Clone, Serialize)]
pub struct Words {
    pub title: String,
    pub text: String,
    pub next: String,
}

/// What the main window gets on every poll.
#[derive(Debug, Clone, Serialize)]
pub struct AttemptView {
    pub attempt_id: u32,
    pub window_label: String,
    pub start_url: String,
    pub status: Status,
    pub finished: bool,
    pub current_phase: Option<Phase>,
    pub waiting_at_idp: bool,
    pub groups: Vec<GroupView>,
    pub reached: Vec<Phase>,
    pub outcome: Words,
    pub symptom: Option<Symptom>,
    pub capture: CaptureView,
    pub timeout_secs: u64,
    /// The title of the page the login window shows now (what the admin sees there).
    pub page_title: Option<String>,
    /// Ended, journaled, and its answer checked: nothing will change any more (the main
    /// window stops polling).
    pub settled: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub phase: Phase,
    pub label: &'static str,
    pub steps: Vec<Step>,
}

impl Attempt {
    pub fn new(id: u32, window_label: String, start_url: Url, landmarks: Landmarks, timeout: Duration) -> Self {
        Attempt {
            id,
            window_label,
            start_url,
            timeout,
            landmarks,
            status: Status::Running,
            steps: Vec::new(),
            acs_seen: false,
            idp_loads: 0,
            capture: CaptureView { state: "none", ..CaptureView::default() },
            captured: false,
            page: None,
            page_url: None,
            last_phase: None,
        }
    }

    pub fn finished(&self) -> bool {
        self.status != Status::Running
    }

    fn push(&mut self, url: &Url, elapsed: Duration) -> Phase {
        let phase = self.landmarks.phase_of(url);
        if self.steps.len() < MAX_STEPS {
            self.steps.push(Step { phase, shown: display_url(url), elapsed_ms: elapsed.as_millis() as u64 });
        }
        self.last_phase = Some(phase);
        phase
    }

    /// The window is about to go to `url` (already known to be http(s)).
    pub fn navigated(&mut self, url: &Url, elapsed: Duration) {
        if self.finished() {
            return;
        }
        if self.push(url, elapsed) == Phase::AcsPost {
            self.acs_seen = true;
        }
    }

    /// A page finished loading at `url` (after any redirects). Returns true when this ended
    /// the attempt.
    pub fn loaded(&mut self, url: &Url, elapsed: Duration) -> bool {
        if self.finished() {
            return false;
        }
        // A redirect's end may not have come through `navigated`: add it once.
        if self.steps.last().is_none_or(|s| s.shown != display_url(url)) {
            self.push(url, elapsed);
        }
        let phase = self.landmarks.phase_of(url);
        self.last_phase = Some(phase);
        match phase {
            Phase::FlexLoaded if self.acs_seen => {
                self.status = Status::Success;
                true
            }
            Phase::AcsPost => {
                self.acs_seen = true;
                self.status = Status::ErrorPage;
                true
            }
            Phase::IdpSignIn => {
                self.idp_loads += 1;
                false
            }
            _ => false,
        }
    }

    /// What a page said about itself: kept (the latest) for recognising known error pages.
    pub fn page_reported(&mut self, report: PageReport, url: Option<Url>) {
        self.page = Some(report);
        self.page_url = url;
    }

    /// Whether the latest page report came from an ACS page (an error page's own words).
    pub fn page_from_acs(&self) -> bool {
        self.page.is_some() && self.page_url.as_ref().is_some_and(|u| self.landmarks.is_acs(u))
    }

    pub fn closed(&mut self) -> bool {
        if self.finished() {
            return false;
        }
        self.status = Status::Cancelled;
        true
    }

    pub fn timed_out(&mut self) -> bool {
        if self.finished() {
            return false;
        }
        self.status = Status::TimedOut;
        true
    }

    /// Still at the identity provider and its page came back (a refused password or an
    /// unassigned user keep the sign-in there).
    pub fn waiting_at_idp(&self) -> bool {
        self.last_phase == Some(Phase::IdpSignIn)
    }

    pub fn symptom(&self) -> Option<Symptom> {
        if self.capture.legacy_acs && self.status != Status::Success {
            return Some(legacy_symptom());
        }
        self.page.as_ref().and_then(recognise)
    }

    fn findings(&self) -> Vec<(String, String, String)> {
        self.capture
            .diagnosis
            .as_ref()
            .and_then(|d| d["findings"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
                (s("code"), s("severity"), s("title"))
            })
            .collect()
    }

    pub fn words(&self) -> Words {
        let symptom = self.symptom();
        let errors: Vec<String> = self.findings().into_iter().filter(|(_, sev, _)| sev == "error").map(|(_, _, t)| t).collect();
        let see_cards = if self.capture.diagnosis.is_some() {
            " The check of the identity provider's answer (beside the timeline) says what to change."
        } else {
            ""
        };
        let minutes = self.timeout.as_secs().div_ceil(60);
        match self.status {
            Status::Running if self.waiting_at_idp() && self.idp_loads >= 2 => Words {
                title: "Waiting at your identity provider's sign-in page".into(),
                text: format!(
                    "The sign-in page came back instead of moving on. That usually means the password was not accepted, or that this user is not assigned to the Flex app in your identity provider.{}",
                    symptom.as_ref().map(|s| format!(" The page says: {}", s.title)).unwrap_or_default()
                ),
                next: "Check the user name and password and try again in the login window, or sign in as another Flex user. Close the login window to stop.".into(),
            },
            Status::Running if self.waiting_at_idp() => Words {
                title: "Waiting for you to sign in".into(),
                text: "The login window shows your identity provider's sign-in page (IdP: the service where your users sign in, such as Okta or Microsoft Entra ID).".into(),
                next: "Sign in there as a Flex user (an agent, for example). This window shows each step as it happens.".into(),
            },
            Status::Running => Words {
                title: "The login is under way".into(),
                text: "The app is watching the login window and shows each address it goes to below.".into(),
                next: format!("Sign in in the login window. The check stops by itself after {minutes} minute{}.", if minutes == 1 { "" } else { "s" }),
            },
            Status::Success => Words {
                title: "Success: Flex loaded".into(),
                text: format!(
                    "The login went through your identity provider and Flex opened. The new single sign-on works for this user.{}",
                    if errors.is_empty() { String::new() } else { format!(" The check of the answer still found: {}.", errors.join("; ")) }
                ),
                next: "You can finish the migration. Read the notes beside the timeline first (for example a short session length) and fix what they ask.".into(),
            },
            Status::ErrorPage => Words {
                title: "Flex refused the sign-in".into(),
                text: match &symptom {
                    Some(s) => format!("{} {}", s.title, s.meaning),
                    None => "The identity provider sent its answer to Twilio, and Twilio showed an error page instead of opening Flex.".into(),
                } + see_cards,
                next: "Change the setting in your identity provider as described, then open the login window again to check.".into(),
            },
            Status::Cancelled => Words {
                title: "Stopped: the login window was closed".into(),
                text: match self.last_phase {
                    Some(Phase::IdpSignIn) => "The window was closed at your identity provider's sign-in page. If the password was refused, or the page said the user is not assigned to the Flex app, fix that first.".into(),
                    None | Some(Phase::FlexLogin) => "The window was closed before the sign-in reached your identity provider.".into(),
                    _ => "The window was closed before Flex had loaded.".into(),
                },
                next: "Open the login window again when you are ready.".into(),
            },
            Status::TimedOut => Words {
                title: format!("Stopped after {minutes} minute{}", if minutes == 1 { "" } else { "s" }),
                text: match self.last_phase {
                    Some(Phase::IdpSignIn) => "The sign-in stayed at your identity provider's page. That usually means the password was not accepted, or that this user is not assigned to the Flex app.".into(),
                    _ => "Flex did not load in time.".into(),
                },
                next: "Open the login window again and sign in; if it stops at the same place, look at the timeline for where it stayed.".into(),
            },
        }
    }

    pub fn view(&self) -> AttemptView {
        let mut groups: Vec<GroupView> = Vec::new();
        for step in &self.steps {
            match groups.last_mut() {
                Some(g) if g.phase == step.phase => g.steps.push(step.clone()),
                _ => groups.push(GroupView { phase: step.phase, label: step.phase.label(), steps: vec![step.clone()] }),
            }
        }
        let reached = Phase::ALL.into_iter().filter(|p| self.steps.iter().any(|s| s.phase == *p)).collect();
        AttemptView {
            attempt_id: self.id,
            window_label: self.window_label.clone(),
            start_url: display_url(&self.start_url),
            status: self.status,
            finished: self.finished(),
            current_phase: self.last_phase,
            waiting_at_idp: self.status == Status::Running && self.waiting_at_idp(),
            groups,
            reached,
            outcome: self.words(),
            symptom: self.symptom(),
            capture: self.capture.clone(),
            timeout_secs: self.timeout.as_secs(),
            page_title: self.page.as_ref().map(|p| p.title.clone()).filter(|t| !t.is_empty()),
            settled: false,
        }
    }

    /// The journal entry's sentence and data, and what the migration records (nothing for a
    /// cancelled attempt: the admin stopped it, it proves nothing either way).
    pub fn journal(&self) -> (String, Value, Option<LoginOutcome>) {
        let words = self.words();
        let detail = format!("Login check #{}: {} {}", self.id, words.title, words.text);
        let findings: Vec<Value> = self
            .findings()
            .into_iter()
            .map(|(code, severity, title)| serde_json::json!({ "code": code, "severity": severity, "title": title }))
            .collect();
        let data = serde_json::json!({
            "attempt": self.id,
            "start_url": display_url(&self.start_url),
            "status": self.status,
            "symptom": self.symptom().map(|s| s.code),
            "legacy_acs": self.capture.legacy_acs,
            "timeline": self.steps,
            "findings": findings,
        });
        let outcome = match self.status {
            Status::Success => Some(LoginOutcome::Succeeded),
            Status::ErrorPage | Status::TimedOut => Some(LoginOutcome::Failed { reason: format!("{} {}", words.title, words.text) }),
            Status::Cancelled | Status::Running => None,
        };
        (detail, data, outcome)
    }
}

fn legacy_symptom() -> Symptom {
    Symptom {
        code: "legacy_acs",
        title: "The sign-in went to the legacy SSO address.".into(),
        meaning: "Your identity provider's Flex app still holds the legacy Entity ID and ACS URL, so it sent the user to the old address, which no longer signs anyone in. In the identity provider, replace them with the new values from step 2.".into(),
    }
}

/// Recognises the error pages Twilio names (`twilio::SYMPTOM_*`) and the sandbox's markers.
pub fn recognise(page: &PageReport) -> Option<Symptom> {
    let text = format!("{}\n{}", page.title, page.text).to_lowercase();
    let says = |fact: &flex_sso_facts::Fact| text.contains(&fact.text.to_lowercase());
    let marker = page.marker.as_deref().unwrap_or("");
    let s = |code: &'static str, title: String, meaning: String| Some(Symptom { code, title, meaning });
    if marker == "missing_role_attribute" || says(&twilio::SYMPTOM_NO_ROLE) {
        return s("no_roles", format!("Twilio says: \"{}\".", twilio::SYMPTOM_NO_ROLE),
            format!("Your identity provider did not send this user's roles. Flex needs an attribute named exactly roles, with {}. Add it to the Flex app in your identity provider, or give this user a role.", twilio::FLEX_ROLES));
    }
    if matches!(marker, "issuer_mismatch" | "name_id_missing") || says(&twilio::SYMPTOM_NAME_ID_POLICY) {
        return s("invalid_name_id_policy", format!("Twilio says: \"{}\".", twilio::SYMPTOM_NAME_ID_POLICY),
            format!("The user's ID (NameID) setup or the {} entered in Flex is wrong. Check that the identity provider sends a NameID (usually the e-mail address) and that the Issuer in Flex matches the identity provider's exactly.", twilio::FIELD_IDP_ISSUER));
    }
    if marker == "legacy_connection_inactive" || text.contains("no longer active") {
        return Some(legacy_symptom());
    }
    if text.contains("not assigned") {
        return s("not_assigned", "The identity provider says the user is not assigned to the Flex app.".into(),
            "Assign this user (or a group they are in) to the Flex app in your identity provider, then sign in again.".into());
    }
    if says(&twilio::SYMPTOM_INVALID_SSO_SETTINGS) {
        return s("invalid_sso_settings", format!("Flex says: \"{}\".", twilio::SYMPTOM_INVALID_SSO_SETTINGS),
            format!("For self-hosted Flex this means the page's address is not in {}. Add the exact address (no wildcards) on the {} page of the Twilio Console ({}).", twilio::FIELD_TRUSTED_DOMAINS, twilio::SSO_PAGE_NAME, twilio::CONSOLE_SSO_PAGE));
    }
    if text.contains("does not appear to have any style information") {
        return s("raw_xml", "The identity provider showed raw XML.".into(),
            format!("The {} entered in Flex is wrong. Copy the identity provider's SSO URL (Login URL) again into Flex's single sign-on settings.", twilio::FIELD_SSO_URL));
    }
    if !marker.is_empty() && marker != "not_found" || text.contains("sign-in failed") {
        let line = page.text.lines().map(str::trim).filter(|l| !l.is_empty()).nth(1).unwrap_or("").chars().take(200).collect::<String>();
        return Some(Symptom {
            code: "flex_error_page",
            title: format!("Twilio showed an error page{}", if line.is_empty() { ".".to_owned() } else { format!(": \"{line}\".") }),
            meaning: String::new(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn attempt() -> Attempt {
        let landmarks = Landmarks {
            flex_ui: u("https://flex.twilio.com"),
            login: u("https://login.flex.us1.twilio.com"),
            legacy_iam: u("https://iam.twilio.com"),
            older_legacy: u("https://preview.twilio.com"),
            self_hosted_landing: None,
        };
        Attempt::new(1, "login-check-1".into(), u("https://flex.twilio.com/owl-1"), landmarks, Duration::from_secs(300))
    }

    const MS: Duration = Duration::from_millis(1);

    fn walk_to_idp(a: &mut Attempt) {
        a.navigated(&u("https://flex.twilio.com/owl-1"), MS);
        a.navigated(&u("https://login.flex.us1.twilio.com/login?connection=JQ1"), MS);
        a.navigated(&u("https://idp.example.com/sso?SAMLRequest=abc"), MS);
        a.loaded(&u("https://idp.example.com/sso?SAMLRequest=abc"), MS);
    }

    #[test]
    fn a_good_login_ends_in_success_with_four_phases() {
        let mut a = attempt();
        walk_to_idp(&mut a);
        assert!(a.view().waiting_at_idp);
        a.navigated(&u("https://login.flex.us1.twilio.com/login/callback?connection=JQ1"), MS);
        assert!(!a.loaded(&u("https://flex.twilio.com/owl-1"), MS) || a.status == Status::Running);
        assert!(a.loaded(&u("https://flex.twilio.com/agent-desktop"), MS));
        let v = a.view();
        assert_eq!(v.status, Status::Success);
        assert_eq!(v.reached, Phase::ALL.to_vec());
        assert_eq!(v.outcome.title, "Success: Flex loaded");
        assert!(!serde_json::to_string(&v).unwrap().contains("abc"), "the SAMLRequest value is hidden");
        let (_, data, outcome) = a.journal();
        assert_eq!(outcome, Some(LoginOutcome::Succeeded));
        assert_eq!(data["timeline"].as_array().unwrap().len(), v.groups.iter().map(|g| g.steps.len()).sum::<usize>());
        // Nothing changes once it is over.
        assert!(!a.closed());
        assert_eq!(a.status, Status::Success);
    }

    #[test]
    fn the_landing_page_without_a_login_is_not_success() {
        let mut a = attempt();
        assert!(!a.loaded(&u("https://flex.twilio.com/agent-desktop"), MS));
        assert_eq!(a.status, Status::Running);
    }

    #[test]
    fn a_page_at_the_acs_is_an_error_page_recognised_by_its_words() {
        let mut a = attempt();
        walk_to_idp(&mut a);
        a.navigated(&u("https://login.flex.us1.twilio.com/login/callback?connection=JQ1"), MS);
        a.page_reported(PageReport { title: "Twilio Flex".into(), text: format!("Sign-in failed\n{}", twilio::SYMPTOM_NO_ROLE), marker: None }, None);
        assert!(a.loaded(&u("https://login.flex.us1.twilio.com/login/callback?connection=JQ1"), MS));
        let v = a.view();
        assert_eq!(v.status, Status::ErrorPage);
        assert_eq!(v.symptom.unwrap().code, "no_roles");
        assert!(v.outcome.text.contains("roles"), "{}", v.outcome.text);
        assert!(matches!(a.journal().2, Some(LoginOutcome::Failed { .. })));
    }

    #[test]
    fn a_password_refused_keeps_it_waiting_at_the_idp() {
        let mut a = attempt();
        walk_to_idp(&mut a);
        a.navigated(&u("https://idp.example.com/loginuserpass?AuthState=x"), MS);
        a.loaded(&u("https://idp.example.com/loginuserpass?AuthState=x"), MS);
        let v = a.view();
        assert!(v.waiting_at_idp);
        assert!(v.outcome.text.contains("password"), "{}", v.outcome.text);
        assert!(a.timed_out());
        assert!(a.words().text.contains("not assigned"));
        assert!(matches!(a.journal().2, Some(LoginOutcome::Failed { .. })));
    }

    #[test]
    fn closing_the_window_cancels_and_records_no_outcome() {
        let mut a = attempt();
        walk_to_idp(&mut a);
        assert!(a.closed());
        assert_eq!(a.view().outcome.title, "Stopped: the login window was closed");
        assert_eq!(a.journal().2, None);
    }

    #[test]
    fn known_error_pages_are_recognised() {
        let page = |title: &str, text: &str, marker: Option<&str>| PageReport { title: title.into(), text: text.into(), marker: marker.map(str::to_owned) };
        let cases = [
            (page("", "", Some("missing_role_attribute")), Some("no_roles")),
            (page("Error", twilio::SYMPTOM_NAME_ID_POLICY.text, None), Some("invalid_name_id_policy")),
            (page("", "This SSO connection is no longer active", None), Some("legacy_acs")),
            (page("Okta", "Sorry, you are not assigned this app", None), Some("not_assigned")),
            (page("Flex", twilio::SYMPTOM_INVALID_SSO_SETTINGS.text, None), Some("invalid_sso_settings")),
            (page("", "This XML file does not appear to have any style information", None), Some("raw_xml")),
            (page("Twilio Flex - sign-in failed", "Sign-in failed\nInvalid SAML response\nmore", Some("assertion_not_signed")), Some("flex_error_page")),
            (page("Sign in", "Username Password", None), None),
        ];
        for (report, code) in cases {
            assert_eq!(recognise(&report).map(|s| s.code), code, "{report:?}");
        }
    }
}
