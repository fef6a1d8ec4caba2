//! `flex-sso-migrator inspect-metadata` end to end: the real binary, headless, on the metadata
//! crate's fixtures (files, standard input, and an address served on loopback).

mod support;

use std::io::Write;
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Inside the validity of the fixture certificates (2026-11-28 to 2126-11-04 04:06:57 UTC).
const NOW: &str = "2027-03-01T12:00:00Z";

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/crates/metadata/tests/fixtures")
}

fn cert_base64(name: &str) -> String {
    let pem = std::fs::read_to_string(fixtures().join("certs").join(name)).unwrap();
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

/// A metadata fixture with its certificate placeholders filled with the certificate `cert`.
fn metadata_with(name: &str, cert: &str) -> String {
    let mut out = std::fs::read_to_string(fixtures().join(name)).unwrap();
    let body = cert_base64(cert);
    for placeholder in ["SIGNING", "SIGNING_PRIMARY", "SIGNING_SECONDARY", "ENCRYPTION", "DECOY"] {
        out = out.replace(&format!("{{{{{placeholder}}}}}"), &body);
    }
    assert!(!out.contains("{{"), "unfilled placeholder in {name}");
    out
}

fn metadata(name: &str) -> String {
    metadata_with(name, "rsa2048-sha1.pem")
}

struct Files(tempfile::TempDir);

impl Files {
    fn new() -> Self {
        Files(tempfile::tempdir().unwrap())
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
}

fn cli_with_stdin(args: &[&str], stdin: Option<&str>) -> Output {
    cli_with(args, stdin, &[])
}

fn cli_with(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_flex-sso-migrator"))
        .arg("inspect-metadata")
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        // No display: the CLI must not need one.
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn cli(args: &[&str]) -> Output {
    cli_with_stdin(args, None)
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
    })
}

fn codes(report: &Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn usable_metadata_exits_0_with_every_json_key() {
    let files = Files::new();
    let path = files.write("okta.xml", &metadata("okta.xml"));
    let output = cli(&[&path, "--json", "--now", NOW]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report = json_of(&output);
    for key in ["ok", "entity_id", "sso", "certificates", "entities", "findings"] {
        assert!(report.get(key).is_some(), "{key} missing: {report}");
    }
    assert_eq!(report["ok"], true);
    assert_eq!(report["entity_id"], "http://www.okta.com/exk9flexfixture0001");
    assert_eq!(report["entities"], 1);
    let sso = &report["sso"][0];
    for key in ["binding", "url"] {
        assert!(sso.get(key).is_some(), "sso.{key} missing: {sso}");
    }
    let cert = &report["certificates"][0];
    for key in ["use", "subject", "issuer", "serial", "not_before", "not_after", "sha256", "sha1", "key", "signature_algorithm", "pem"] {
        assert!(cert.get(key).is_some(), "certificates[0].{key} missing: {cert}");
    }
    assert_eq!(cert["use"], "signing");
    assert_eq!(cert["key"], "RSA 2048");
    assert_eq!(cert["signature_algorithm"], "sha1WithRSAEncryption");
    assert!(cert["pem"].as_str().unwrap().starts_with("-----BEGIN CERTIFICATE-----\nMII"));
    assert_eq!(codes(&report), ["weak_signature_algorithm"], "a warning does not change the exit code");
}

#[test]
fn an_error_finding_exits_1() {
    let files = Files::new();
    let path = files.write("weak.xml", &metadata_with("okta.xml", "rsa1024-sha256.pem"));
    let output = cli(&[&path, "--json", "--now", NOW]);
    assert_eq!(output.status.code(), Some(1));
    let report = json_of(&output);
    assert_eq!(report["ok"], false);
    assert_eq!(codes(&report), ["weak_key"]);
}

#[test]
fn now_moves_the_expiry_verdict() {
    let files = Files::new();
    let path = files.write("google.xml", &metadata("google.xml"));
    let verdict = |now: &str| {
        let output = cli(&[&path, "--json", "--now", now]);
        let report = json_of(&output);
        (output.status.code(), codes(&report), report["certificates"][0]["days_left"].as_i64().unwrap())
    };
    let (code, found, days) = verdict(NOW);
    assert_eq!(code, Some(0));
    assert!(!found.iter().any(|c| c.starts_with("cert_")), "{found:?}");
    assert!(days > 36_000, "{days}");
    // Ten days before the certificate's end: still usable, with a warning.
    let (code, found, days) = verdict("2126-10-25T04:06:57Z");
    assert_eq!((code, days), (Some(0), 10));
    assert!(found.contains(&"cert_expires_soon".to_owned()), "{found:?}");
    // A day after: an error.
    let (code, found, days) = verdict("2126-11-05T12:00:00Z");
    assert_eq!(code, Some(1));
    assert!(days < 0, "{days}");
    assert!(found.contains(&"cert_expired".to_owned()), "{found:?}");
}

#[test]
fn a_missing_file_exits_2_and_says_so_as_json_and_as_text() {
    let output = cli(&["/nonexistent/folder/idp-metadata.xml", "--json"]);
    assert_eq!(output.status.code(), Some(2));
    let report = json_of(&output);
    assert_eq!(report["ok"], false);
    assert_eq!(report["input_kind"], "unreadable");
    let finding = &report["findings"][0];
    assert!(finding["detail"].as_str().unwrap().contains("There is no file \"/nonexistent/folder/idp-metadata.xml\""), "{finding}");
    assert!(!finding["fix"].as_str().unwrap().is_empty());

    let output = cli(&["/nonexistent/folder/idp-metadata.xml"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("There is no file"), "{stderr}");
    assert!(stderr.contains("https:// address"), "says what to do instead: {stderr}");
}

#[test]
fn input_that_is_not_metadata_exits_2() {
    let files = Files::new();
    let path = files.write("notes.txt", "Please find the SSO details in the attached PDF.");
    let output = cli(&[&path, "--json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(codes(&json_of(&output)), ["input_invalid"]);
}

#[test]
fn a_bad_now_cannot_run() {
    let output = cli(&["-", "--json", "--now", "next tuesday"]);
    assert_eq!(output.status.code(), Some(2));
    let answer = json_of(&output);
    assert_eq!(answer["problems"][0]["code"], "now_invalid");
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let output = cli_with_stdin(&["-", "--json", "--now", NOW], Some(&metadata("salesforce.xml")));
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report = json_of(&output);
    assert!(report["entity_id"].as_str().unwrap().contains("salesforce.com"), "{report}");
}

#[test]
fn an_entity_is_chosen_by_number_or_id() {
    let files = Files::new();
    let path = files.write("federation.xml", &metadata("federation.xml"));
    let by_number = json_of(&cli(&[&path, "--json", "--now", NOW, "--entity", "3"]));
    assert_eq!(by_number["entity_id"], "https://idp-two.example.org/idp/shibboleth");
    let by_id = json_of(&cli(&[&path, "--json", "--now", NOW, "--entity", "https://idp-two.example.org/idp/shibboleth"]));
    assert_eq!(by_id, by_number);
    let output = cli(&[&path, "--json", "--now", NOW, "--entity", "9"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(codes(&json_of(&output)), ["entity_not_found"]);
}

#[test]
fn an_address_on_loopback_is_downloaded_in_practice_mode_only() {
    let body = metadata("keycloak.xml");
    let url = support::http::serve(body, "/realms/flex/protocol/saml/descriptor", 1);
    // Outside practice mode this computer is refused, before any connection (the server above
    // answers one connection only, which the practice run below then gets).
    let refused = cli(&[&url, "--json", "--now", NOW]);
    assert_eq!(refused.status.code(), Some(2));
    let report = json_of(&refused);
    assert_eq!(codes(&report), ["fetch_failed"]);
    let detail = report["findings"][0]["detail"].as_str().unwrap();
    assert!(detail.starts_with("This address points back to your own computer or a private network: 127.0.0.1 is "), "{detail}");
    let output = cli_with(&[&url, "--json", "--now", NOW], None, &[("FLEX_SSO_SANDBOX", "1")]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    assert_eq!(json_of(&output)["entity_id"], "https://keycloak.example.com/realms/flex");
}

#[test]
fn an_unreachable_address_exits_2() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let output = cli_with(&[&format!("http://127.0.0.1:{port}/metadata"), "--json"], None, &[("FLEX_SSO_SANDBOX", "1")]);
    assert_eq!(output.status.code(), Some(2));
    let report = json_of(&output);
    assert_eq!(codes(&report), ["fetch_failed"]);
    assert!(report["findings"][0]["detail"].as_str().unwrap().starts_with("The server could not be reached: "), "{report}");
}

#[test]
fn the_human_output_reads_as_a_summary_with_fixes() {
    let files = Files::new();
    let path = files.write("adfs.xml", &metadata("adfs.xml"));
    let output = cli(&[&path, "--now", NOW]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    use flex_sso_model::facts::twilio;
    assert!(text.contains(&format!("For the Twilio Console ({}", twilio::CONSOLE_SSO_PAGE)), "{text}");
    for needle in [
        twilio::FIELD_IDP_ISSUER.text,
        twilio::FIELD_SSO_URL.text,
        twilio::FIELD_CERTIFICATE.text,
        "days left",
        "SHA-256",
        "<- use for Flex",
        "-----BEGIN CERTIFICATE-----",
        "What to do:",
        "Usable: these values can go into the Console.",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    let weak = files.write("weak.pem", &std::fs::read_to_string(fixtures().join("certs/rsa1024-sha256.pem")).unwrap());
    let output = cli(&[&weak, "--now", NOW]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("Must fix (weak_key)"), "{text}");
    assert!(text.contains("Not usable yet"), "{text}");
}
