//! One login attempt: its timeline (each address the window went to, grouped by phase), what
//! the window captured, and its outcome in plain words. Fed by the window's callbacks, read by
//! the main window (a snapshot per poll) and written to the journal when it ends.
//!
//! Nothing a page says decides anything here. A SAML response a page hands over counts only when
//! it came from a page the Flex login led to (the IdP), names this migration's ACS exactly, and
//! the window then really went there ([`Attempt::navigated`]); until then it is pending, and a
//! pending one the window never sent is shown as ignored. Success needs the ACS to have answered
//! (its load redirected or committed, [`Attempt::load_stage`]) and then the landing page loaded.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use url::Url;

use flex_sso_facts::twilio;
use flex_sso_model::steps::{ConnectionKind, LoginOutcome};
use flex_sso_saml::{authn_request_issuer, requested_by, RequestedBy};

use super::capture::{PageReport, SamlPost};
use super::flow::{same_address, Landmarks, Phase};
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
    /// Set on a step that is not an address: a SAML response a page sent that did not count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<&'static str>,
}

/// A stage of the main frame's load, as WebKit reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadStage {
    /// The request was sent.
    Started,
    /// The server answered with a redirect.
    Redirected,
    /// The server answered and its page is being shown.
    Committed,
    Finished,
    /// The load was cancelled or failed (another navigation replaced it, for example).
    Failed,
}

/// The main frame's load in progress.
#[derive(Debug, Clone)]
struct Load {
    started_at: Url,
}

/// Why a SAML response a page sent did not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ignored {
    /// Sent by a page the Flex login did not lead to (not the IdP).
    NotFromIdp,
    /// Its form does not post to this migration's ACS.
    NotThisAcs,
    /// The window never went to its ACS (the page moved on, or the attempt ended).
    NotSent,
    /// A later response replaced it before it was sent.
    Replaced,
}

impl Ignored {
    pub fn words(self) -> &'static str {
        match self {
            Ignored::NotFromIdp => "a SAML response was ignored: it came from a page the Flex login did not lead to",
            Ignored::NotThisAcs => "a SAML response was ignored: its form does not post to this migration's ACS",
            Ignored::NotSent => "a SAML response was ignored: it was never sent to Twilio",
            Ignored::Replaced => "a SAML response was ignored: a later one replaced it",
        }
    }
}

/// A SAML response a page handed over, waiting for the window's POST to its ACS.
#[derive(Debug, Clone)]
struct Pending {
    post: SamlPost,
    /// The page that handed it over: its own load finishing later does not make it unsent.
    from: Url,
}

/// A known error page (FLEX-SSO-FACTS section 7, and the sandbox's markers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Symptom {
    pub code: &'static str,
    pub title: String,
    pub meaning: String,
    /// A line of the error page's own text, for the live view only: it never reaches the journal
    /// or the progress file (page text from the IdP or Twilio is not kept).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_line: Option<String>,
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
    /// Messages refused (not an ACS, too large, not from the page shown...).
    pub refused: u32,
    /// SAML responses that did not count, and why.
    pub ignored: Vec<Ignored>,
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
    /// The ACS answered (a redirect or a page): Twilio really received a SAML response.
    acs_answered: bool,
    idp_loads: u32,
    pub capture: CaptureView,
    /// The window has shown a Flex login page (the chain that leads to the IdP starts there).
    seen_flex_login: bool,
    /// Origins the Flex login led the window to: the pages a SAML response may come from.
    idp_origins: Vec<url::Origin>,
    pending: Option<Pending>,
    /// The SAML response seen going to the ACS: the one diagnosed.
    pub confirmed: Option<SamlPost>,
    /// Load stages come from WebKit itself (redirects included); otherwise only finished loads.
    precise: bool,
    load: Option<Load>,
    /// Which of Flex's connections sent the sign-in request (its Issuer), the last one seen.
    pub requested_by: Option<RequestedBy>,
    /// The address of the last navigation the window decided: what a load that starts now
    /// requests (WebKit still reports the previous page's address when a POST starts).
    last_navigation: Option<Url>,
    /// The page the window shows now, from the moment its load committed (page reports count
    /// only from it: a page reports itself before its load has quite finished).
    shown_page: Option<Url>,
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
    /// Ended, saved, and its answer checked: nothing will change any more (the main window
    /// stops polling).
    pub settled: bool,
    /// When the outcome was recorded in the migration (its `login_check.at`, RFC 3339), so the
    /// main window can wait until the migration it reads shows it. `None`: nothing recorded (a
    /// cancelled attempt, or the migration is not on its validate step).
    pub recorded_at: Option<String>,
    /// Which of Flex's connections sent the sign-in request of this login.
    pub requested_by: Option<RequestedBy>,
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
            acs_answered: false,
            idp_loads: 0,
            capture: CaptureView { state: "none", ..CaptureView::default() },
            seen_flex_login: false,
            idp_origins: Vec::new(),
            pending: None,
            confirmed: None,
            precise: false,
            load: None,
            last_navigation: None,
            requested_by: None,
            shown_page: None,
            page: None,
            page_url: None,
            last_phase: None,
        }
    }

    pub fn finished(&self) -> bool {
        self.status != Status::Running
    }

    /// The phase of an address in this attempt: Flex's own address before the ACS answered is
    /// still the way in (a self-hosted Flex starts and ends at the same address).
    fn phase_now(&self, url: &Url) -> Phase {
        match self.landmarks.phase_of(url) {
            Phase::FlexLoaded if !self.acs_answered => Phase::FlexLogin,
            phase => phase,
        }
    }

    fn push(&mut self, url: &Url, elapsed: Duration) -> Phase {
        let phase = self.phase_now(url);
        if self.steps.len() < MAX_STEPS {
            self.steps.push(Step { phase, shown: display_url(url), elapsed_ms: elapsed.as_millis() as u64, ignored: None });
        }
        self.last_phase = Some(phase);
        phase
    }

    /// A SAML response that does not count, in the timeline and the capture's list.
    fn ignore(&mut self, why: Ignored, elapsed: Duration) {
        self.capture.ignored.push(why);
        if self.steps.len() < MAX_STEPS {
            let phase = self.last_phase.unwrap_or(Phase::IdpSignIn);
            self.steps.push(Step { phase, shown: why.words().to_owned(), elapsed_ms: elapsed.as_millis() as u64, ignored: Some(why.words()) });
        }
    }

    /// From now on load stages come from WebKit itself ([`Attempt::load_stage`]).
    pub fn use_precise_loads(&mut self) {
        self.precise = true;
    }

    /// The window is about to go to `url` (already known to be http(s)). Returns the SAML
    /// response this navigation sends to Twilio, when it confirms a pending one (the caller
    /// diagnoses it).
    pub fn navigated(&mut self, url: &Url, elapsed: Duration) -> Option<SamlPost> {
        if self.finished() {
            return None;
        }
        // Flex's login sends the window to the IdP with its sign-in request in the address
        // (HTTP-Redirect binding): only a navigation straight from a Flex page counts.
        let from_flex = self.steps.last().is_some_and(|s| s.phase == Phase::FlexLogin && s.ignored.is_none());
        if from_flex && self.landmarks.phase_of(url) == Phase::IdpSignIn {
            self.read_request(url.query_pairs().find(|(k, _)| k == "SAMLRequest").map(|(_, v)| v.into_owned()).as_deref());
        }
        self.last_navigation = Some(url.clone());
        match self.push(url, elapsed) {
            Phase::FlexLogin => self.seen_flex_login = true,
            Phase::IdpSignIn if self.seen_flex_login => {
                let origin = url.origin();
                if !self.idp_origins.contains(&origin) {
                    self.idp_origins.push(origin);
                }
            }
            _ => {}
        }
        let sends = self.pending.as_ref().is_some_and(|p| same_address(&p.post.action, url));
        if !sends {
            return None;
        }
        let post = self.pending.take()?.post;
        self.capture.legacy_acs = post.legacy_acs;
        self.capture.state = "checking";
        self.capture.diagnosis = None;
        self.capture.note = None;
        self.confirmed = Some(post.clone());
        Some(post)
    }

    /// A sign-in request Flex sent (a redirect's `SAMLRequest`, or a form's): which connection it
    /// names, from its Issuer.
    fn read_request(&mut self, saml_request: Option<&str>) {
        if let Some(issuer) = saml_request.and_then(authn_request_issuer) {
            self.requested_by = Some(requested_by(&issuer));
        }
    }

    /// A Flex page posts its sign-in request to the IdP with a form (HTTP-POST binding). Counts
    /// only from a Flex page (the window's own address says so, not the page).
    pub fn request_posted(&mut self, saml_request: &str, sender: Option<&Url>) -> bool {
        let from_flex = sender.is_some_and(|s| self.phase_now(s) == Phase::FlexLogin);
        if from_flex && !self.finished() {
            self.read_request(Some(saml_request));
        }
        from_flex
    }

    /// Which connection Flex used, in the step machine's words.
    pub fn via(&self) -> Option<ConnectionKind> {
        match self.requested_by {
            Some(RequestedBy::New { .. }) => Some(ConnectionKind::Oauth),
            Some(RequestedBy::Legacy { .. }) => Some(ConnectionKind::Legacy),
            _ => None,
        }
    }

    /// A page handed over a SAML response its form is about to post. `sender` is the address
    /// of the page that sent it, as the window knows it (never what the page claims). It counts
    /// only once the window goes to its ACS; a later one replaces a pending one.
    pub fn offered(&mut self, post: SamlPost, sender: Option<&Url>, elapsed: Duration) -> Result<(), Ignored> {
        let from_idp = sender.is_some_and(|s| self.idp_origins.contains(&s.origin()));
        let why = if self.finished() {
            Some(Ignored::NotSent)
        } else if !from_idp {
            Some(Ignored::NotFromIdp)
        } else if !self.landmarks.is_expected_acs(&post.action) {
            Some(Ignored::NotThisAcs)
        } else {
            None
        };
        if let Some(why) = why {
            self.ignore(why, elapsed);
            return Err(why);
        }
        let from = sender.cloned().unwrap_or_else(|| post.action.clone());
        if self.pending.replace(Pending { post, from }).is_some() {
            self.ignore(Ignored::Replaced, elapsed);
        }
        Ok(())
    }

    /// A pending SAML response is dropped when the attempt ends, or when another page than the
    /// one that handed it over finishes loading: the window moved on without posting it. (The
    /// sender's own load may finish after it handed the response over: a page that posts at once
    /// does so before its load is complete.)
    fn drop_unsent(&mut self, elapsed: Duration, loaded: Option<&Url>) {
        let moved_on = match (&self.pending, loaded) {
            (Some(p), Some(url)) => !same_address(&p.from, url),
            (Some(_), None) => true,
            (None, _) => false,
        };
        if moved_on {
            self.pending = None;
            self.ignore(Ignored::NotSent, elapsed);
        }
    }

    /// A stage of the main frame's load (precise mode). Returns true when this ended the attempt.
    pub fn load_stage(&mut self, stage: LoadStage, url: &Url, elapsed: Duration) -> bool {
        if self.finished() {
            return false;
        }
        match stage {
            LoadStage::Started => {
                // The request is the navigation just decided; `url` may still be the old page.
                let started_at = self.last_navigation.clone().unwrap_or_else(|| url.clone());
                self.load = Some(Load { started_at });
                false
            }
            // The ACS answered: with a redirect (on to Flex, usually) or with a page of its own.
            LoadStage::Redirected | LoadStage::Committed => {
                let started_at_acs = self.load.as_ref().is_some_and(|l| self.landmarks.is_acs(&l.started_at));
                if started_at_acs || (stage == LoadStage::Committed && self.landmarks.is_acs(url)) {
                    self.acs_answered = true;
                }
                if stage == LoadStage::Committed {
                    self.shown_page = Some(url.clone());
                }
                false
            }
            LoadStage::Failed => {
                self.load = None;
                false
            }
            LoadStage::Finished => {
                self.load = None;
                self.finished_at(url, elapsed)
            }
        }
    }

    /// A page's load committed (Tauri's "started" page-load event): it is the page shown now.
    pub fn page_committed(&mut self, url: &Url) {
        if !self.precise {
            self.shown_page = Some(url.clone());
        }
    }

    /// A page finished loading at `url` (after any redirects), as Tauri reports it. Returns true
    /// when this ended the attempt. In precise mode [`Attempt::load_stage`] decides instead.
    pub fn loaded(&mut self, url: &Url, elapsed: Duration) -> bool {
        if self.finished() || self.precise {
            return false;
        }
        // Coarse mode: a confirmed SAML response went to the ACS, and the ACS can only be seen
        // answering when its own page loads.
        if self.confirmed.is_some() {
            self.acs_answered = true;
        }
        self.finished_at(url, elapsed)
    }

    fn finished_at(&mut self, url: &Url, elapsed: Duration) -> bool {
        // A redirect's end may not have come through `navigated`: add it once. One that did was
        // placed before the ACS had answered: its phase is known only now.
        let phase = self.phase_now(url);
        match self.steps.last_mut() {
            Some(last) if last.shown == display_url(url) && last.ignored.is_none() => last.phase = phase,
            _ => {
                self.push(url, elapsed);
            }
        }
        self.last_phase = Some(phase);
        self.shown_page = Some(url.clone());
        if phase != Phase::AcsPost {
            self.drop_unsent(elapsed, Some(url));
        }
        match phase {
            Phase::FlexLoaded if self.acs_answered => {
                self.status = Status::Success;
                true
            }
            Phase::AcsPost => {
                self.acs_answered = true;
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

    /// Whether a page report from `sender` counts: only the page the window shows, at the step
    /// the attempt is at (the ACS's answer, Flex's page, the IdP's page while waiting there).
    pub fn report_from_current_page(&self, sender: Option<&Url>) -> bool {
        match (sender, &self.shown_page) {
            (Some(sender), Some(last)) => same_address(sender, last),
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
        self.drop_unsent(Duration::ZERO, None);
        self.status = Status::Cancelled;
        true
    }

    pub fn timed_out(&mut self) -> bool {
        if self.finished() {
            return false;
        }
        self.drop_unsent(self.timeout, None);
        self.status = Status::TimedOut;
        true
    }

    /// Still at the identity provider and its page came back (a refused password or an
    /// unassigned user keep the sign-in there).
    pub fn waiting_at_idp(&self) -> bool {
        self.last_phase == Some(Phase::IdpSignIn)
    }

    /// The known problem the pages show. A page's words count only from the page the attempt is
    /// at: an error outcome is explained by the ACS's own answer, never by an earlier page.
    pub fn symptom(&self) -> Option<Symptom> {
        if self.capture.legacy_acs && self.status != Status::Success {
            return Some(legacy_symptom());
        }
        match self.status {
            Status::Success => None,
            Status::ErrorPage if !self.page_from_acs() => None,
            _ => self.page.as_ref().and_then(recognise),
        }
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
        let findings = self.findings();
        let errors: Vec<String> = findings.iter().filter(|(_, sev, _)| sev == "error").map(|(_, _, t)| t.clone()).collect();
        let warnings = findings.iter().filter(|(_, sev, _)| sev == "warning").count();
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
                next: if errors.is_empty() && warnings == 0 {
                    "Nothing to fix: click Finish.".into()
                } else {
                    "Flex works for this user. Fix what the check below asks first (it says what to change), then click Finish.".into()
                },
            },
            Status::ErrorPage => Words {
                title: "Flex refused the sign-in".into(),
                text: match &symptom {
                    Some(s) => format!("{} {}", s.title, s.meaning),
                    None => "The identity provider sent its answer to Twilio, and Twilio showed an error page instead of opening Flex.".into(),
                },
                next: "Make the change shown here, then open the login window again to check.".into(),
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
            recorded_at: None,
            requested_by: self.requested_by.clone(),
        }
    }

    /// The journal entry's sentence and data, and what the migration records (nothing for a
    /// cancelled attempt: the admin stopped it, it proves nothing either way).
    pub fn journal(&self) -> (String, Value, Option<LoginOutcome>) {
        let words = self.words();
        let via = match &self.requested_by {
            Some(RequestedBy::New { connection_sid }) => format!(" Flex used the new connection ({connection_sid}) for this login."),
            Some(RequestedBy::Legacy { .. }) => " Flex used the legacy connection for this login.".to_owned(),
            _ => String::new(),
        };
        let detail = format!("Login check #{}: {} {}{via}", self.id, words.title, words.text);
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
            "requested_by": self.requested_by,
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
        page_line: None,
    }
}

/// Recognises the error pages Twilio names (`twilio::SYMPTOM_*`) and the sandbox's markers.
pub fn recognise(page: &PageReport) -> Option<Symptom> {
    let text = format!("{}\n{}", page.title, page.text).to_lowercase();
    let says = |fact: &flex_sso_facts::Fact| text.contains(&fact.text.to_lowercase());
    let marker = page.marker.as_deref().unwrap_or("");
    let s = |code: &'static str, title: String, meaning: String| Some(Symptom { code, title, meaning, page_line: None });
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
            title: "Twilio showed an error page.".to_owned(),
            meaning: String::new(),
            page_line: (!line.is_empty()).then_some(line),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{u, ACS};
    use super::*;

    fn attempt() -> Attempt {
        super::super::test_support::attempt(1)
    }

    const MS: Duration = Duration::from_millis(1);
    const IDP_PAGE: &str = "https://idp.example.com/sso?SAMLRequest=abc";
    const LANDING: &str = "https://flex.twilio.com/agent-desktop";

    fn post(action: &str, value: &str) -> SamlPost {
        SamlPost { saml_response: value.into(), action: u(action), legacy_acs: false }
    }

    /// A real login from the IdP's page on: the form's response is handed over, the window posts
    /// it, the ACS answers with a redirect to Flex, Flex loads.
    fn post_and_land(a: &mut Attempt) -> bool {
        a.offered(post(ACS, "UkVBTA=="), Some(&u(IDP_PAGE)), MS).unwrap();
        assert_eq!(a.navigated(&u(ACS), MS).map(|p| p.saml_response), Some("UkVBTA==".into()));
        a.load_stage(LoadStage::Started, &u(ACS), MS);
        a.load_stage(LoadStage::Redirected, &u(LANDING), MS);
        a.navigated(&u(LANDING), MS);
        a.load_stage(LoadStage::Committed, &u(LANDING), MS);
        a.load_stage(LoadStage::Finished, &u(LANDING), MS)
    }

    fn walk_to_idp(a: &mut Attempt) {
        a.navigated(&u("https://flex.twilio.com/owl-1"), MS);
        a.navigated(&u("https://login.flex.us1.twilio.com/login?connection=JQ1"), MS);
        a.navigated(&u("https://idp.example.com/sso?SAMLRequest=abc"), MS);
        a.loaded(&u("https://idp.example.com/sso?SAMLRequest=abc"), MS);
    }

    #[test]
    fn a_good_login_ends_in_success_with_four_phases() {
        let mut a = attempt();
        a.use_precise_loads();
        walk_to_idp(&mut a);
        assert!(a.view().waiting_at_idp);
        assert!(post_and_land(&mut a));
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
        assert!(!a.loaded(&u(LANDING), MS));
        assert_eq!(a.status, Status::Running);
    }

    /// Issue 12: a page sets `location` to the ACS and at once to `/agent-desktop`: the ACS
    /// request is decided, then cancelled, and the landing page loads. Not a login.
    #[test]
    fn a_navigation_to_the_acs_that_was_cancelled_is_not_a_login() {
        // WebKit's own load stages: the ACS load started and failed, a new load went to Flex.
        let mut a = attempt();
        a.use_precise_loads();
        walk_to_idp(&mut a);
        a.navigated(&u(ACS), MS);
        a.load_stage(LoadStage::Started, &u(ACS), MS);
        a.navigated(&u(LANDING), MS);
        a.load_stage(LoadStage::Failed, &u(ACS), MS);
        a.load_stage(LoadStage::Started, &u(LANDING), MS);
        a.load_stage(LoadStage::Committed, &u(LANDING), MS);
        assert!(!a.load_stage(LoadStage::Finished, &u(LANDING), MS));
        assert_eq!(a.status, Status::Running);
        // Tauri's finished loads alone (other platforms): without a response seen going to the
        // ACS, the landing page proves nothing either.
        let mut coarse = attempt();
        walk_to_idp(&mut coarse);
        coarse.navigated(&u(ACS), MS);
        coarse.navigated(&u(LANDING), MS);
        assert!(!coarse.loaded(&u(LANDING), MS));
        assert_eq!(coarse.status, Status::Running);
        // With the response confirmed by its POST, the coarse rule accepts the landing.
        let mut confirmed = attempt();
        walk_to_idp(&mut confirmed);
        confirmed.offered(post(ACS, "UkVBTA=="), Some(&u(IDP_PAGE)), MS).unwrap();
        assert!(confirmed.navigated(&u(ACS), MS).is_some());
        assert!(confirmed.loaded(&u(LANDING), MS));
        assert_eq!(confirmed.status, Status::Success);
    }

    /// A response handed over that the window never posts is ignored, and says so.
    #[test]
    fn a_capture_with_no_post_after_it_is_ignored() {
        let mut a = attempt();
        a.use_precise_loads();
        walk_to_idp(&mut a);
        a.offered(post(ACS, "Rk9SR0VE"), Some(&u(IDP_PAGE)), MS).unwrap();
        // The page moves on to another page of the IdP instead.
        a.navigated(&u("https://idp.example.com/elsewhere"), MS);
        a.load_stage(LoadStage::Started, &u("https://idp.example.com/elsewhere"), MS);
        a.load_stage(LoadStage::Finished, &u("https://idp.example.com/elsewhere"), MS);
        assert_eq!(a.capture.ignored, vec![Ignored::NotSent]);
        assert!(a.confirmed.is_none());
        let v = a.view();
        let step = v.groups.iter().flat_map(|g| &g.steps).find(|s| s.ignored.is_some()).expect("shown in the timeline");
        assert_eq!(step.shown, "a SAML response was ignored: it was never sent to Twilio");
        // A real one afterwards counts.
        assert!(post_and_land(&mut a));
        assert_eq!(a.confirmed.as_ref().map(|p| p.saml_response.as_str()), Some("UkVBTA=="));
    }

    /// A page that posts at once hands the response over before its own load has finished: that
    /// finishing does not make the response unsent.
    #[test]
    fn the_senders_own_load_finishing_later_keeps_the_capture() {
        let mut a = attempt();
        a.use_precise_loads();
        walk_to_idp(&mut a);
        let post_page = "https://idp.example.com/post";
        a.navigated(&u(post_page), MS);
        a.load_stage(LoadStage::Started, &u(post_page), MS);
        a.load_stage(LoadStage::Committed, &u(post_page), MS);
        a.offered(post(ACS, "UkVBTA=="), Some(&u(post_page)), MS).unwrap();
        a.load_stage(LoadStage::Finished, &u(post_page), MS);
        assert_eq!(a.capture.ignored, vec![]);
        assert!(a.navigated(&u(ACS), MS).is_some(), "still pending, and now sent");
    }

    /// A later response replaces an earlier one; a second confirmed one replaces the first.
    #[test]
    fn a_second_confirmed_capture_replaces_the_first() {
        let mut a = attempt();
        a.use_precise_loads();
        walk_to_idp(&mut a);
        a.offered(post(ACS, "T05F"), Some(&u(IDP_PAGE)), MS).unwrap();
        a.offered(post(ACS, "VFdP"), Some(&u(IDP_PAGE)), MS).unwrap();
        assert_eq!(a.capture.ignored, vec![Ignored::Replaced]);
        assert_eq!(a.navigated(&u(ACS), MS).unwrap().saml_response, "VFdP");
        // The ACS answered with a page of its own (say the IdP posted again from it).
        a.offered(post(ACS, "VEhSRUU="), Some(&u(IDP_PAGE)), MS).unwrap();
        assert_eq!(a.navigated(&u(ACS), MS).unwrap().saml_response, "VEhSRUU=");
        assert_eq!(a.confirmed.as_ref().unwrap().saml_response, "VEhSRUU=");
    }

    /// Only a page the Flex login led to may hand over a response, and only for this ACS.
    #[test]
    fn captures_from_other_pages_or_for_other_acs_are_ignored() {
        let mut a = attempt();
        a.use_precise_loads();
        // A pasted start page (before any Flex login page) plants one.
        a.navigated(&u("https://evil.example/start"), MS);
        assert_eq!(a.offered(post(ACS, "Rk9SR0VE"), Some(&u("https://evil.example/start")), MS), Err(Ignored::NotFromIdp));
        walk_to_idp(&mut a);
        // The evil origin is still not trusted after the Flex login: the Flex login did not send us there.
        assert_eq!(a.offered(post(ACS, "Rk9SR0VE"), Some(&u("https://evil.example/start")), MS), Err(Ignored::NotFromIdp));
        assert_eq!(a.offered(post(ACS, "Rk9SR0VE"), None, MS), Err(Ignored::NotFromIdp));
        let other = "https://login.flex.us1.twilio.com/login/callback?connection=JQ2";
        assert_eq!(a.offered(post(other, "T1RIRVI="), Some(&u(IDP_PAGE)), MS), Err(Ignored::NotThisAcs));
        assert_eq!(a.capture.ignored, vec![Ignored::NotFromIdp, Ignored::NotFromIdp, Ignored::NotFromIdp, Ignored::NotThisAcs]);
        assert!(post_and_land(&mut a));
    }

    /// A self-hosted Flex starts and ends at the same address: at the start it is the way in.
    #[test]
    fn a_self_hosted_login_starts_and_lands_at_the_same_address() {
        let home = "https://flex.example.com/app";
        let mut a = attempt();
        a.landmarks.self_hosted_landing = Some(u(home));
        a.use_precise_loads();
        a.navigated(&u(home), MS);
        a.load_stage(LoadStage::Started, &u(home), MS);
        a.load_stage(LoadStage::Redirected, &u("https://login.flex.us1.twilio.com/login?connection=JQ1"), MS);
        a.navigated(&u("https://login.flex.us1.twilio.com/login?connection=JQ1"), MS);
        a.navigated(&u(IDP_PAGE), MS);
        a.load_stage(LoadStage::Committed, &u(IDP_PAGE), MS);
        a.load_stage(LoadStage::Finished, &u(IDP_PAGE), MS);
        assert_eq!(a.view().reached, vec![Phase::FlexLogin, Phase::IdpSignIn], "not landed yet");
        a.offered(post(ACS, "UkVBTA=="), Some(&u(IDP_PAGE)), MS).unwrap();
        a.navigated(&u(ACS), MS).unwrap();
        a.load_stage(LoadStage::Started, &u(ACS), MS);
        a.load_stage(LoadStage::Redirected, &u(home), MS);
        a.load_stage(LoadStage::Committed, &u(home), MS);
        assert!(a.load_stage(LoadStage::Finished, &u(home), MS));
        assert_eq!(a.status, Status::Success);
        assert_eq!(a.view().reached, Phase::ALL.to_vec());
    }

    /// The sign-in request Flex sends to the IdP names the connection (its Issuer).
    #[test]
    fn the_connection_flex_used_is_read_from_its_sign_in_request() {
        use base64::Engine as _;
        let request = |issuer: &str| {
            let xml = format!(r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0"><saml:Issuer>{issuer}</saml:Issuer></samlp:AuthnRequest>"#);
            base64::engine::general_purpose::STANDARD.encode(xml)
        };
        let idp_with = |issuer: &str| {
            let mut url = u("https://idp.example.com/sso");
            url.query_pairs_mut().append_pair("SAMLRequest", &request(issuer));
            url
        };
        // Straight from Flex's login: counts.
        let mut a = attempt();
        a.navigated(&u("https://login.flex.us1.twilio.com/login?connection=JQ1"), MS);
        a.navigated(&idp_with("urn:flex:JQ1"), MS);
        assert_eq!(a.requested_by, Some(RequestedBy::New { connection_sid: "JQ1".into() }));
        assert_eq!(a.via(), Some(ConnectionKind::Oauth));
        assert!(a.journal().0.contains("Flex used the new connection (JQ1) for this login."));
        // A page that is not Flex's sending the window to the IdP with a request: ignored.
        let mut b = attempt();
        b.navigated(&u("https://evil.example/start"), MS);
        b.navigated(&idp_with("urn:flex:JQ1"), MS);
        assert_eq!(b.requested_by, None);
        // The legacy connection, posted by a Flex page's form (HTTP-POST binding).
        let mut c = attempt();
        let legacy = "https://iam.twilio.com/v1/Accounts/AC0123456789abcdef0123456789abcdef/saml2/metadata";
        assert!(c.request_posted(&request(legacy), Some(&u("https://flex.twilio.com/owl-1"))));
        assert_eq!(c.via(), Some(ConnectionKind::Legacy));
        assert!(!c.request_posted(&request("urn:flex:JQ9"), Some(&u(IDP_PAGE))), "only from a Flex page");
        assert_eq!(c.via(), Some(ConnectionKind::Legacy));
    }

    /// Page reports count only from the page loaded last.
    #[test]
    fn page_reports_count_only_from_the_page_shown() {
        let mut a = attempt();
        walk_to_idp(&mut a);
        assert!(a.report_from_current_page(Some(&u(IDP_PAGE))));
        assert!(!a.report_from_current_page(Some(&u("https://evil.example/start"))));
        assert!(!a.report_from_current_page(None));
    }

    #[test]
    fn a_page_at_the_acs_is_an_error_page_recognised_by_its_words() {
        let mut a = attempt();
        walk_to_idp(&mut a);
        a.navigated(&u(ACS), MS);
        assert!(a.loaded(&u(ACS), MS));
        a.page_reported(PageReport { title: "Twilio Flex".into(), text: format!("Sign-in failed\n{}", twilio::SYMPTOM_NO_ROLE), marker: None }, Some(u(ACS)));
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
