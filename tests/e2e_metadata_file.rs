//! The metadata file chosen in the native file dialog (GTK's file chooser, opened by the backend):
//! WebDriver cannot reach that dialog, so the test uses it as a person would, with X keyboard
//! events: Ctrl+L, the file's path, Enter. The page only ever learns the file's name.

mod support;

use std::time::Duration;

use support::app::{Options, TestApp};
use support::login_window::{search, xdotool};
use support::wait;

const DIALOG_TITLE: &str = "Choose your identity provider's metadata file or certificate";

#[test]
fn a_metadata_file_chosen_in_the_native_dialog_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let cert: String = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/idp/cert/idp.crt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let metadata = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/crates/metadata/tests/fixtures/okta.xml"))
        .unwrap()
        .replace("{{SIGNING}}", &cert);
    let path = dir.path().join("okta-metadata.xml");
    std::fs::write(&path, metadata).unwrap();

    let mut app = TestApp::start("metadata-file", Options::default());
    app.session.click_on("#nav-import-metadata");
    app.session.click_on("#metadata-choose-file");
    let dialog = wait::until("the file dialog", Duration::from_secs(20), || {
        search(&app, DIALOG_TITLE)
    });
    // GTK takes keys only once the chooser has settled, which nothing outside it can observe: type
    // the path, and if the dialog is still open a few seconds later, type it again.
    wait::until("the dialog to take the file's path", Duration::from_secs(60), || {
        xdotool(&app, &["windowfocus", "--sync", &dialog]);
        xdotool(&app, &["key", "ctrl+l"]);
        xdotool(&app, &["key", "ctrl+a"]);
        xdotool(&app, &["type", "--delay", "10", path.to_str().unwrap()]);
        xdotool(&app, &["key", "Return"]);
        wait::poll_for(Duration::from_secs(5), || {
            search(&app, DIALOG_TITLE).is_none().then_some(())
        })
    });
    app.session.wait_for_text("#metadata-file-name", "okta-metadata.xml");
    let page = app.session.text(&app.session.wait_for("main")).unwrap();
    assert!(page.contains("http://www.okta.com/exk9flexfixture0001"), "the Issuer is shown");
    // Only the name reached the page, never the folder it is in.
    assert!(!page.contains(dir.path().to_str().unwrap()), "the page saw the full path");
    app.screenshot("read-from-file");
}
