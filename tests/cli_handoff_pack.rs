//! `flex-sso-migrator handoff-pack` end to end: the real binary, headless, writes the same pack
//! the window saves (HTML to a file, text to standard output) and refuses bad arguments by name.

use std::process::{Command, Output};

const AC: &str = "AC0123456789abcdef0123456789abcdef";
const JQ: &str = "JQ0123456789abcdef0123456789abcdef";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flex-sso-migrator")).args(args).env("NO_AT_BRIDGE", "1").output().expect("the binary runs")
}

#[test]
fn writes_the_html_pack_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack.html");
    let o = run(&["handoff-pack", "--idp", "azure_ad", "--setup", "create", "--account", AC, "--connection", JQ, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80.min(html.len())]);
    assert!(html.contains(&format!("urn:flex:{JQ}")));
    assert!(html.contains(&format!("https://login.flex.us1.twilio.com/login/callback?connection={JQ}")));
    assert!(html.contains("Identifier (Entity ID)"), "Entra's own label");
    assert!(!html.contains("<script") && !html.contains(" src="), "the file loads nothing");
}

#[test]
fn revert_needs_no_connection_and_prints_text() {
    let o = run(&["handoff-pack", "--idp", "okta", "--setup", "revert", "--account", AC, "--text"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains(&format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2/metadata")), "{text}");
    assert!(!text.contains('<'), "plain text, not HTML");
}

#[test]
fn bad_arguments_are_refused_by_name() {
    let o = run(&["handoff-pack", "--idp", "nope", "--setup", "modify", "--account", AC, "--connection", JQ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--idp \"nope\"") && err.contains("okta"), "{err}");

    let o = run(&["handoff-pack", "--idp", "okta", "--setup", "modify", "--account", AC]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("JQ"), "a modify pack needs the connection");

    let o = run(&["handoff-pack", "--idp", "okta", "--setup", "sideways", "--account", AC, "--connection", JQ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("modify, create or revert"));

    let o = run(&["handoff-pack", "--idp", "okta", "--setup", "modify", "--account", "AC123", "--connection", JQ]);
    assert_eq!(o.status.code(), Some(2));
}
