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

use super::attempt::{Attempt, AttemptView, Status};
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
    journaled: bool,
    /// Page reports taken so far (capped).
    pub page_reports: u32,
}

impl Entry {
    /// Whether the attempt was written to the journal (nothing changes after that).
    pub fn journaled(&self) -> bool {
        self.journaled
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
        entries.get(&id).map(|e| {
            let mut view = e.attempt.view();
            view.settled = e.journaled && view.finished && view.capture.state != "checking";
            view
        }).ok_or_else(|| AppError::Domain {
            code: "login_check_unknown",
            message: "This login check is no longer known (the app was restarted). Open the login window again.".into(),
        })
    }

    /// The attempt whose window has this label.
    pub fn id_for_label(label: &str) -> Option<u32> {
        label.strip_prefix(LABEL_PREFIX)?.parse().ok()
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
        let Some((profile_id, (detail, data, outcome))) = with_entry(&app, id, |e| {
            if e.journaled {
                return None;
            }
            e.journaled = true;
            Some((e.profile_id.clone(), e.attempt.journal()))
        })
        .flatten() else {
            return;
        };
        let Some(state) = app.try_state::<AppState>() else { return };
        let result = crate::commands::migration::with_record(&state, &profile_id, |record, clock| {
            let _ = record.journal.append_with(clock, EntryKind::LoginAttempt, detail, &data);
            if let Some(outcome) = outcome {
                // Recorded only while the migration is on its validate step; elsewhere the
                // journal entry is the record.
                if let Ok(event) = record.state.apply(Action::RecordLoginCheck { outcome }, clock) {
                    record.journal.record_event(clock, &event);
                }
            }
            Ok(())
        });
        if let Err(error) = result {
            tracing::warn!(code = error.code(), "the login check could not be saved: {error}");
        }
    });
}

pub struct StartRequest {
    pub profile_id: ProfileId,
    pub start_url: Url,
    pub landmarks: Landmarks,
    pub timeout: Duration,
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
        Entry { attempt, profile_id: request.profile_id, started, origins: HashSet::new(), journaled: false, page_reports: 0 },
    );
    allow_origin(app, id, &label, &request.start_url);

    let nav_app = app.clone();
    let nav_label = label.clone();
    let load_app = app.clone();
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
            with_entry(&nav_app, id, |e| {
                let elapsed = e.started.elapsed();
                e.attempt.navigated(url, elapsed)
            });
            true
        })
        .on_new_window(|_, _| NewWindowResponse::Deny)
        .on_page_load(move |_, payload| {
            if payload.event() != PageLoadEvent::Finished {
                return;
            }
            let url = payload.url().clone();
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
