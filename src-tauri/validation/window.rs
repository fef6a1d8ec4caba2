//! The Tauri side of the login check: the attempts (managed state), the incognito window per
//! attempt, its runtime capability (the capture command only, for the exact origins the window
//! visits), the timeout, and recording the outcome in the migration's journal and step machine.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tauri::ipc::CapabilityBuilder;
use tauri::webview::{NewWindowResponse, PageLoadEvent};
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};
use url::Url;

use flex_sso_model::journal::EntryKind;
use flex_sso_model::profiles::ProfileId;
use flex_sso_model::steps::Action;

use time::format_description::well_known::Rfc3339;

use super::attempt::{Attempt, AttemptView, LoadStage, Status};
use super::capture::SamlPost;
use super::flow::{navigation_allowed, Landmarks};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Window labels of the login check: `login-check-<n>`.
pub const LABEL_PREFIX: &str = "login-check-";
/// The one permission the login window gets.
pub const CAPTURE_PERMISSION: &str = "allow-login-check-capture";

pub struct Entry {
    pub attempt: Attempt,
    pub profile_id: ProfileId,
    pub started: Instant,
    origins: HashSet<String>,
    /// The ended attempt is being written to the journal and the migration.
    saving: bool,
    /// Written: the journal entry and (when it counts) the outcome are saved. Only then is the
    /// attempt settled, so a screen that reloads the migration after it sees the outcome.
    saved: bool,
    /// When the outcome was recorded in the migration's step machine (its `login_check.at`).
    recorded_at: Option<String>,
    /// Page reports taken so far (capped).
    pub page_reports: u32,
    /// Form holds logged so far (capped: a page could send any number of them).
    pub holds_reported: u32,
    /// Taken into the role checklist (once per attempt).
    role_checked: bool,
    /// The outcome goes into the migration (step 4); otherwise only the journal records it.
    records_outcome: bool,
}

impl Entry {
    /// What the main window gets: settled only once ended, saved and its answer checked.
    fn view(&self) -> AttemptView {
        let mut view = self.attempt.view();
        view.settled = self.saved && view.finished && view.capture.state != "checking";
        view.recorded_at = self.recorded_at.clone();
        view
    }

    /// Whether the attempt ended and is being (or was) saved: nothing changes after that.
    pub fn closing(&self) -> bool {
        self.saving || self.saved
    }
}

/// Every attempt of this app run (managed state).
#[derive(Default)]
pub struct LoginChecks {
    next: AtomicU32,
    pub entries: Arc<Mutex<HashMap<u32, Entry>>>,
}

impl LoginChecks {
    pub fn view(&self, id: u32) -> AppResult<AttemptView> {
        let entries = self.entries.lock().map_err(|_| AppError::Internal("login check state".into()))?;
        entries.get(&id).map(Entry::view).ok_or_else(unknown)
    }

    /// Takes a settled attempt of `profile_id` into the role checklist, once: its view as the
    /// backend holds it (the page's word counts for nothing). Refused while it runs or saves,
    /// for another account's attempt, and a second time.
    pub fn take_for_role_check(&self, id: u32, profile_id: &ProfileId) -> AppResult<AttemptView> {
        let mut entries = self.entries.lock().map_err(|_| AppError::Internal("login check state".into()))?;
        let entry = entries.get_mut(&id).ok_or_else(unknown)?;
        let view = entry.view();
        super::role_check::check_attempt(&view, &entry.profile_id == profile_id, !entry.records_outcome, entry.role_checked)?;
        entry.role_checked = true;
        Ok(view)
    }

    /// Gives an attempt back when its role-check entry could not be saved (it may be tried again).
    pub fn release_role_check(&self, id: u32) {
        if let Some(entry) = self.entries.lock().ok().as_mut().and_then(|e| e.get_mut(&id)) {
            entry.role_checked = false;
        }
    }

    /// The attempt whose window has this label.
    pub fn id_for_label(label: &str) -> Option<u32> {
        label.strip_prefix(LABEL_PREFIX)?.parse().ok()
    }
}

fn unknown() -> AppError {
    AppError::Domain {
        code: "login_check_unknown",
        message: "This login check is no longer known (the app was restarted). Open the login window again.".into(),
    }
}

fn with_entry<R: Runtime, T>(app: &AppHandle<R>, id: u32, f: impl FnOnce(&mut Entry) -> T) -> Option<T> {
    let checks = app.try_state::<LoginChecks>()?;
    let mut entries = checks.entries.lock().ok()?;
    entries.get_mut(&id).map(f)
}

/// A remote-URL pattern for exactly this origin, or `None` for hosts a pattern cannot name
/// safely (IPv6 literals, odd characters): such pages get no IPC at all.
fn origin_pattern(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    if !host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') {
        return None;
    }
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let pattern = format!("{}://{host}{port}/*", url.scheme());
    tauri::utils::acl::RemoteUrlPattern::from_str(&pattern).ok()?;
    Some(pattern)
}

/// Grants the capture command to this attempt's window for `url`'s origin, once per origin.
fn allow_origin<R: Runtime>(app: &AppHandle<R>, id: u32, label: &str, url: &Url) {
    let Some(pattern) = origin_pattern(url) else { return };
    let fresh = with_entry(app, id, |e| {
        let n = e.origins.len();
        e.origins.insert(pattern.clone()).then_some(n)
    })
    .flatten();
    let Some(n) = fresh else { return };
    let capability = CapabilityBuilder::new(format!("{label}-origin-{n}"))
        .window(label)
        .local(false)
        .remote(pattern.clone())
        .permission(CAPTURE_PERMISSION);
    if let Err(error) = app.add_capability(capability) {
        tracing::warn!(%error, "could not allow the capture for an origin of the login window");
    }
}

/// Journals the ended attempt and records its outcome in the migration (after a short wait for
/// an error page's own words, which arrive over IPC just after the load, and for the check of
/// the SAML response).
fn finish<R: Runtime>(app: &AppHandle<R>, id: u32) {
    let app = app.clone();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_millis(3000);
        loop {
            let ready = with_entry(&app, id, |e| {
                (e.attempt.status != Status::ErrorPage || e.attempt.page_from_acs()) && e.attempt.capture.state != "checking"
            })
            .unwrap_or(true);
            if ready || Instant::now() >= deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let Some((profile_id, (detail, data, outcome), via, records_outcome)) = with_entry(&app, id, |e| {
            if e.closing() {
                return None;
            }
            e.saving = true;
            Some((e.profile_id.clone(), e.attempt.journal(), e.attempt.via(), e.records_outcome))
        })
        .flatten() else {
            return;
        };
        let recorded_at = app.try_state::<AppState>().and_then(|state| {
            let result = crate::records::with_record(&state, &profile_id, |record, clock| {
                let _ = record.journal.append_with(clock, EntryKind::LoginAttempt, detail, &data);
                let Some(outcome) = outcome.filter(|_| records_outcome) else { return Ok(None) };
                // Recorded only while the migration is on its validate step; elsewhere the
                // journal entry is the record.
                let Ok(event) = record.state.apply(Action::RecordLoginCheck { outcome, via }, clock) else { return Ok(None) };
                record.journal.record_event(clock, &event);
                Ok(record.state.login_check().and_then(|c| c.at.format(&Rfc3339).ok()))
            });
            match result {
                Ok((_, _, _, at)) => at,
                Err(error) => {
                    tracing::warn!(code = error.code(), "the login check could not be saved: {error}");
                    None
                }
            }
        });
        // Settled only now, after the save: the main window reloads the migration once it sees
        // this, and must find the outcome there.
        with_entry(&app, id, |e| {
            e.recorded_at = recorded_at;
            e.saved = true;
        });
    });
}

/// What to do with a SAML response once the window was seen sending it to the ACS (the caller
/// diagnoses it and stores the result in the attempt).
pub type OnConfirmed = Arc<dyn Fn(u32, SamlPost) + Send + Sync>;

pub struct StartRequest {
    pub profile_id: ProfileId,
    pub start_url: Url,
    pub landmarks: Landmarks,
    pub timeout: Duration,
    pub on_confirmed: OnConfirmed,
    /// Step 4's check: the outcome is recorded in the migration (the role checklist's are not).
    pub records_outcome: bool,
}

/// Opens a new incognito window for a new attempt and starts watching it.
pub fn start<R: Runtime>(app: &AppHandle<R>, request: StartRequest) -> AppResult<AttemptView> {
    let checks = app.state::<LoginChecks>();
    // One attempt at a time: an older window still open is closed (and counts as cancelled).
    let running: Vec<(u32, String)> = {
        let entries = checks.entries.lock().map_err(|_| AppError::Internal("login check state".into()))?;
        entries.values().filter(|e| !e.attempt.finished()).map(|e| (e.attempt.id, e.attempt.window_label.clone())).collect()
    };
    for (id, label) in running {
        if let Some(window) = app.get_webview_window(&label) {
            let _ = window.close();
        }
        if with_entry(app, id, |e| e.attempt.closed()).unwrap_or(false) {
            finish(app, id);
        }
    }

    let id = checks.next.fetch_add(1, Ordering::SeqCst) + 1;
    let label = format!("{LABEL_PREFIX}{id}");
    let attempt = Attempt::new(id, label.clone(), request.start_url.clone(), request.landmarks, request.timeout);
    let view = attempt.view();
    let started = Instant::now();
    checks.entries.lock().map_err(|_| AppError::Internal("login check state".into()))?.insert(
        id,
        Entry {
            attempt,
            profile_id: request.profile_id,
            started,
            origins: HashSet::new(),
            saving: false,
            saved: false,
            recorded_at: None,
            page_reports: 0,
            holds_reported: 0,
            role_checked: false,
            records_outcome: request.records_outcome,
        },
    );
    allow_origin(app, id, &label, &request.start_url);

    let nav_app = app.clone();
    let nav_label = label.clone();
    let load_app = app.clone();
    let on_confirmed = request.on_confirmed.clone();
    let window = WebviewWindowBuilder::new(app, &label, WebviewUrl::External(request.start_url.clone()))
        .title("Flex login check (private window)")
        .inner_size(900.0, 720.0)
        .incognito(true)
        .initialization_script(super::CAPTURE_SCRIPT)
        .on_navigation(move |url| {
            if !navigation_allowed(url) {
                tracing::warn!(scheme = url.scheme(), "the login window tried to leave the web; refused");
                return false;
            }
            allow_origin(&nav_app, id, &nav_label, url);
            let sent = with_entry(&nav_app, id, |e| {
                let elapsed = e.started.elapsed();
                e.attempt.navigated(url, elapsed)
            })
            .flatten();
            // The window is posting a captured SAML response to its ACS: now it counts.
            if let Some(post) = sent {
                on_confirmed(id, post);
            }
            true
        })
        .on_new_window(|_, _| NewWindowResponse::Deny)
        .on_page_load(move |_, payload| {
            let url = payload.url().clone();
            if payload.event() != PageLoadEvent::Finished {
                with_entry(&load_app, id, |e| e.attempt.page_committed(&url));
                return;
            }
            let ended = with_entry(&load_app, id, |e| {
                let elapsed = e.started.elapsed();
                e.attempt.loaded(&url, elapsed)
            })
            .unwrap_or(false);
            if ended {
                finish(&load_app, id);
            }
        })
        .build()
        .map_err(|e| AppError::Domain {
            code: "login_window_failed",
            message: format!("The login window could not be opened ({e}). Try again; if it keeps failing, restart the app."),
        })?;

    watch_load_stages(app, &window, id);

    let close_app = app.clone();
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Destroyed) && with_entry(&close_app, id, |e| e.attempt.closed()).unwrap_or(false) {
            finish(&close_app, id);
        }
    });

    // The timeout: stop the attempt (and close its window) when it runs too long.
    let timer_app = app.clone();
    let timer_label = label.clone();
    let timeout = request.timeout;
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(200));
        let Some((finished, elapsed)) = with_entry(&timer_app, id, |e| (e.attempt.finished(), e.started.elapsed())) else { return };
        if finished {
            return;
        }
        if elapsed >= timeout {
            if with_entry(&timer_app, id, |e| e.attempt.timed_out()).unwrap_or(false) {
                finish(&timer_app, id);
            }
            if let Some(window) = timer_app.get_webview_window(&timer_label) {
                let _ = window.close();
            }
            return;
        }
    });
    Ok(view)
}

/// Feeds the main frame's load stages, straight from WebKitGTK, into the attempt: redirects
/// included, which Tauri's page-load events do not report. With them "the ACS answered" is a
/// fact the window saw, not an inference. Other platforms keep Tauri's finished loads (see
/// [`Attempt::loaded`]).
#[cfg(target_os = "linux")]
fn watch_load_stages<R: Runtime>(app: &AppHandle<R>, window: &tauri::WebviewWindow<R>, id: u32) {
    use webkit2gtk::{LoadEvent, WebViewExt};
    let app = app.clone();
    let result = window.with_webview(move |platform| {
        let webview = platform.inner();
        with_entry(&app, id, |e| e.attempt.use_precise_loads());
        let failed_app = app.clone();
        webview.connect_load_failed(move |_, _, uri, _| {
            if let Ok(url) = Url::parse(uri) {
                with_entry(&failed_app, id, |e| {
                    let elapsed = e.started.elapsed();
                    e.attempt.load_stage(LoadStage::Failed, &url, elapsed)
                });
            }
            false
        });
        webview.connect_load_changed(move |view, event| {
            let stage = match event {
                LoadEvent::Started => LoadStage::Started,
                LoadEvent::Redirected => LoadStage::Redirected,
                LoadEvent::Committed => LoadStage::Committed,
                LoadEvent::Finished => LoadStage::Finished,
                _ => return,
            };
            let Some(url) = view.uri().and_then(|u| Url::parse(&u).ok()) else { return };
            let ended = with_entry(&app, id, |e| {
                let elapsed = e.started.elapsed();
                e.attempt.load_stage(stage, &url, elapsed)
            })
            .unwrap_or(false);
            if ended {
                finish(&app, id);
            }
        });
    });
    if let Err(error) = result {
        tracing::warn!(%error, "could not watch the login window's loads; finished loads are used instead");
    }
}

#[cfg(not(target_os = "linux"))]
fn watch_load_stages<R: Runtime>(_: &AppHandle<R>, _: &tauri::WebviewWindow<R>, _: u32) {}

/// Closes an attempt's window (the admin pressed "Close the login window").
pub fn close<R: Runtime>(app: &AppHandle<R>, id: u32) -> AppResult<AttemptView> {
    let label = format!("{LABEL_PREFIX}{id}");
    if let Some(window) = app.get_webview_window(&label) {
        let _ = window.close();
    }
    if with_entry(app, id, |e| e.attempt.closed()).unwrap_or(false) {
        finish(app, id);
    }
    app.state::<LoginChecks>().view(id)
}
