//! The native save dialog (GTK's file chooser in save mode, opened by the backend): WebDriver
//! cannot reach it, so the tests use it as a person would, with X keyboard events. The name
//! field has the focus and takes a whole path.

use std::path::Path;
use std::time::Duration;

use super::app::TestApp;
use super::login_window::{search, xdotool};
use super::wait;

/// Waits for the save dialog titled `title`, saves to `path` (which must not exist yet: GTK
/// would ask whether to replace it), and waits until the file is there.
pub fn save_as(app: &TestApp, title: &str, path: &Path) {
    assert!(!path.exists(), "{} exists already", path.display());
    let dialog = wait::until(&format!("the save dialog \"{title}\""), Duration::from_secs(20), || search(app, title));
    // GTK takes keys only once the chooser has settled, which nothing outside it can observe:
    // type the path, and if the dialog is still open a few seconds later, type it again.
    wait::until("the dialog to take the file's path", Duration::from_secs(60), || {
        if search(app, title).is_none() {
            return Some(());
        }
        xdotool(app, &["windowfocus", "--sync", &dialog]);
        xdotool(app, &["key", "ctrl+a"]);
        xdotool(app, &["type", "--delay", "10", path.to_str().unwrap()]);
        xdotool(app, &["key", "Return"]);
        wait::poll_for(Duration::from_secs(5), || search(app, title).is_none().then_some(()))
    });
    wait::until(&format!("{} to be written", path.display()), Duration::from_secs(20), || path.is_file().then_some(()));
}
