//! The time from the process's start to the first screen, which `./dev bench` compares with a bare
//! Tauri window's (benches/baseline-app), and where that time goes: the backend marks its phases
//! (setup, window built), the page reports when its script started and when the first screen was
//! painted. All of it goes to the log in one line, so a slow start can be read from a user's log.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

static PROCESS_START: OnceLock<Instant> = OnceLock::new();
static REPORTED: AtomicBool = AtomicBool::new(false);
static PHASES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Called first thing in `main`. Later calls keep the first instant.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

fn since_start() -> Duration {
    PROCESS_START.get_or_init(Instant::now).elapsed()
}

/// Notes that the backend reached `phase` now (kept until the first screen is reported).
pub fn mark(phase: &'static str) {
    let at = since_start();
    if let Ok(mut phases) = PHASES.lock() {
        phases.push((phase, at));
    }
}

/// What the first screen's report says: the time since the process started and the phases
/// marked on the way, the first time only (`None` afterwards).
pub fn first_screen_ready() -> Option<(Duration, Vec<(&'static str, Duration)>)> {
    let elapsed = since_start();
    if REPORTED.swap(true, Ordering::SeqCst) {
        return None;
    }
    let phases = PHASES
        .lock()
        .map(|mut phases| std::mem::take(&mut *phases))
        .unwrap_or_default();
    Some((elapsed, phases))
}

/// The phases as `setup 120 ms, window 180 ms`.
pub fn describe(phases: &[(&'static str, Duration)]) -> String {
    phases
        .iter()
        .map(|(name, at)| format!("{name} {} ms", at.as_millis()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn only_the_first_report_counts_and_it_carries_the_phases() {
        super::mark_process_start();
        super::mark("setup");
        let (_, phases) = super::first_screen_ready().expect("the first report");
        assert_eq!(
            phases.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
            ["setup"]
        );
        assert!(super::first_screen_ready().is_none());
        assert_eq!(
            super::describe(&[
                ("a", Duration::from_millis(5)),
                ("b", Duration::from_millis(12))
            ]),
            "a 5 ms, b 12 ms"
        );
    }
}
