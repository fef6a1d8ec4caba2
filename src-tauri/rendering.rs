//! How WebKitGTK draws the app's windows on Linux: without its accelerated compositing mode.
//!
//! In that mode WebKitGTK draws every page through OpenGL (in software where there is no usable
//! GPU: virtual machines, remote desktops, Xvfb). For this app's pages (text, forms, a spinner)
//! and the IdPs' sign-in pages it buys nothing, and it costs: measured with `./dev bench`'s
//! start-up benchmark (scripts/bench_startup.py, Xvfb), the first screen was painted about 350 ms
//! after its code ran with compositing and about 50 ms without, and the window's web process held
//! about 85 MB less (see BENCHMARKS.md, which also gives the ratio against a bare Tauri window
//! drawn the same way). It is also the mode behind the blank windows some GPU drivers give
//! WebKitGTK apps. An admin who wants WebKit's default back sets
//! `FLEX_SSO_GPU_COMPOSITING=1`; a `WEBKIT_DISABLE_COMPOSITING_MODE` already set is left alone.

/// WebKitGTK's own switch, read when its first web view is made.
pub const WEBKIT_SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// The app's switch to keep WebKit's default.
pub const KEEP_DEFAULT: &str = "FLEX_SSO_GPU_COMPOSITING";

/// Whether to turn the compositing mode off, given the two variables as the environment holds them.
pub fn turn_compositing_off(
    webkit_switch: Option<&std::ffi::OsStr>,
    keep_default: Option<&std::ffi::OsStr>,
) -> bool {
    webkit_switch.is_none() && !keep_default.is_some_and(|v| v == "1" || v == "true")
}

/// Called first in `main`, while the process has one thread (changing the environment later
/// would race with threads that read it). Only the windowed app calls it: the CLI draws nothing.
pub fn choose_before_any_thread() {
    if cfg!(target_os = "linux")
        && turn_compositing_off(
            std::env::var_os(WEBKIT_SWITCH).as_deref(),
            std::env::var_os(KEEP_DEFAULT).as_deref(),
        )
    {
        std::env::set_var(WEBKIT_SWITCH, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::turn_compositing_off;
    use std::ffi::OsStr;

    #[test]
    fn off_unless_someone_chose_already() {
        assert!(turn_compositing_off(None, None));
        assert!(turn_compositing_off(None, Some(OsStr::new("0"))));
        assert!(!turn_compositing_off(None, Some(OsStr::new("1"))));
        assert!(
            !turn_compositing_off(Some(OsStr::new("0")), None),
            "a WebKit switch already set is kept"
        );
    }
}
