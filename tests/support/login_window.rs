//! Driving step 4's login window as a person would. WebKit's incognito (ephemeral) context cannot
//! be automated by WebKitWebDriver, so the window is found, focused and typed into with X
//! keyboard events (xdotool) on the test's own display, and captured from the screen.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::app::TestApp;
use super::wait;

/// The login window's title.
pub const TITLE: &str = "Flex login check";

pub fn xdotool(app: &TestApp, args: &[&str]) -> String {
    let out = Command::new("timeout")
        .arg("10")
        .arg("xdotool")
        .args(args)
        .env("DISPLAY", &app.display.name)
        .output()
        .expect("xdotool (Debian package xdotool) must be installed");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The X id of the open login window, if any.
pub fn find(app: &TestApp) -> Option<String> {
    xdotool(app, &["search", "--onlyvisible", "--name", TITLE]).lines().last().map(str::to_owned)
}

/// Waits until the login window is mapped and returns its X id.
pub fn wait_for(app: &TestApp) -> String {
    wait::until("the login window", Duration::from_secs(20), || find(app))
}

/// Types into the login window: user name (the IdP's form focuses it), Tab, password, Enter.
pub fn type_credentials(app: &TestApp, user: &str, password: &str) {
    let id = wait_for(app);
    xdotool(app, &["mousemove", "--window", &id, "200", "200"]);
    xdotool(app, &["windowfocus", "--sync", &id]);
    xdotool(app, &["type", "--delay", "15", user]);
    xdotool(app, &["key", "Tab"]);
    xdotool(app, &["type", "--delay", "15", password]);
    xdotool(app, &["key", "Return"]);
}

/// The window's on-screen rectangle as ImageMagick's `WxH+X+Y` (a capture of the screen shows
/// what WebKit painted; a capture of the window alone comes out blank under Xvfb).
pub fn geometry(app: &TestApp, id: &str) -> String {
    let out = xdotool(app, &["getwindowgeometry", "--shell", id]);
    let get = |key: &str| out.lines().find_map(|l| l.strip_prefix(&format!("{key}="))).unwrap_or("0").to_owned();
    format!("{}x{}+{}+{}", get("WIDTH"), get("HEIGHT"), get("X"), get("Y"))
}

/// Saves a PNG of the login window (when open) at `path`.
pub fn screenshot(app: &TestApp, path: &Path) {
    if let Some(id) = find(app) {
        let _ = Command::new("import")
            .args(["-window", "root", "-crop", &geometry(app, &id), path.to_str().unwrap()])
            .env("DISPLAY", &app.display.name)
            .output();
    }
}
