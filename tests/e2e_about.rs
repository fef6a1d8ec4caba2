//! The About page in the real window: what it says, and its one link, which the app opens in the
//! system's browser itself (the page has no permission to open anything).

mod support;

use std::os::unix::fs::PermissionsExt;

use support::app::{Options, TestApp};
use support::wait;

#[test]
fn about_shows_the_version_and_opens_only_the_project_page() {
    // A stand-in for the desktop's browser launcher, first on PATH: it writes down what it was
    // asked to open.
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    let launcher = bin.path().join("xdg-open");
    std::fs::write(&launcher, format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n", opened.display())).unwrap();
    std::fs::set_permissions(&launcher, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    let mut app = TestApp::start("about", Options { env: vec![("PATH".into(), path)], ..Options::default() });

    app.session.click_on("#nav-about");
    app.session.wait_for_text("#about-version", env!("CARGO_PKG_VERSION"));
    app.session.wait_for_text("#about-license", "MIT");
    app.session.wait_for_text("#about-project", env!("CARGO_PKG_REPOSITORY"));
    app.session.wait_for_text("#about-tauri", "Tauri 2.");
    app.session.wait_for_text("#about-webview", "WebKitGTK 2.");
    // The header's version and About's are the same one.
    app.session.wait_for_text(".app-version", env!("CARGO_PKG_VERSION"));
    app.screenshot("about");

    app.session.click_on("#open-project");
    let asked = wait::until("the browser launcher to be called", std::time::Duration::from_secs(15), || {
        std::fs::read_to_string(&opened).ok().filter(|text| text.ends_with('\n'))
    });
    assert_eq!(asked, format!("{}\n", env!("CARGO_PKG_REPOSITORY")), "opened exactly the project page");
}
