//! The time from the process's start to the first screen, which `./dev bench` compares with a bare
//! Tauri window's (benches/baseline-app).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static PROCESS_START: OnceLock<Instant> = OnceLock::new();
static REPORTED: AtomicBool = AtomicBool::new(false);

/// Called first thing in `main`. Later calls keep the first instant.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

/// The time since [`mark_process_start`] (or since this first call, when `main` did not mark it,
/// as in tests), the first time only: `None` afterwards.
pub fn first_screen_ready() -> Option<Duration> {
    let start = *PROCESS_START.get_or_init(Instant::now);
    (!REPORTED.swap(true, Ordering::SeqCst)).then(|| start.elapsed())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_first_report_counts() {
        super::mark_process_start();
        assert!(super::first_screen_ready().is_some());
        assert!(super::first_screen_ready().is_none());
    }
}
