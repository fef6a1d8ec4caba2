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

/// Fails at once, saying what to install, when xdotool is not there.
fn require_xdotool() {
    static PRESENT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    // Looked up on PATH: xdotool's own commands all need a display, even `version`.
    let present = *PRESENT.get_or_init(|| {
        std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("xdotool").is_file()))
    });
    assert!(present, "xdotool is missing: install the Debian package xdotool (./dev test installs it)");
}

/// Runs xdotool on the test's display (at most 10 s) and returns its exit status and output.
fn run(app: &TestApp, args: &[&str]) -> (std::process::ExitStatus, String, String) {
    require_xdotool();
    let out = Command::new("timeout")
        .arg("10")
        .arg("xdotool")
        .args(args)
        .env("DISPLAY", &app.display.name)
        .output()
        .expect("timeout (coreutils) runs xdotool");
    (out.status, String::from_utf8_lossy(&out.stdout).trim().to_owned(), String::from_utf8_lossy(&out.stderr).trim().to_owned())
}

/// Runs an xdotool command that must succeed; fails the test with xdotool's own words if not.
pub fn xdotool(app: &TestApp, args: &[&str]) -> String {
    let (status, stdout, stderr) = run(app, args);
    assert!(status.success(), "xdotool {args:?} failed ({status}): {stderr}");
    stdout
}

/// The X id of the open login window, if any.
pub fn find(app: &TestApp) -> Option<String> {
    search(app, TITLE)
}

/// The X id of the last visible window whose name matches `name`, if any (xdotool's search exits
/// 1 when nothing matches; anything else is a failure).
pub fn search(app: &TestApp, name: &str) -> Option<String> {
    let (status, stdout, stderr) = run(app, &["search", "--onlyvisible", "--name", name]);
    match status.code() {
        Some(0) => stdout.lines().last().map(str::to_owned),
        Some(1) if stdout.is_empty() => None,
        _ => panic!("xdotool search failed ({status}): {stderr}"),
    }
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

/// Saves a PNG of the login window (when open) at `path`, with ImageMagick's `import` (./dev
/// installs it): a screenshot nobody can look at is a failure, not a silent gap.
pub fn screenshot(app: &TestApp, path: &Path) {
    if let Some(id) = find(app) {
        let out = Command::new("import")
            .args(["-window", "root", "-crop", &geometry(app, &id), path.to_str().unwrap()])
            .env("DISPLAY", &app.display.name)
            .output()
            .unwrap_or_else(|e| panic!("ImageMagick's import could not run ({e}): install imagemagick (./dev test does)"));
        assert!(out.status.success(), "import failed: {}", String::from_utf8_lossy(&out.stderr));
    }
}
