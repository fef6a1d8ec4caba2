//! `flex-sso-migrator inspect-response` end to end: the real binary, headless, over the real
//! SimpleSAMLphp responses in `tests/fixtures/idp/captured/`, replayed at their capture time.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use base64::Engine as _;
use serde_json::Value;

fn idp_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/idp")
}

fn manifest() -> Value {
    serde_json::from_str(&std::fs::read_to_string(idp_dir().join("captured/manifest.json")).unwrap()).unwrap()
}

fn entry(file: &str) -> Value {
    manifest()["responses"].as_array().unwrap().iter().find(|r| r["file"] == file).unwrap_or_else(|| panic!("{file} not in the manifest")).clone()
}

fn cli(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_flex-sso-migrator"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", data.path())
        .env("XDG_DATA_HOME", data.path())
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
    })
}

fn codes(report: &Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
}

/// The new Entity ID and ACS URL for `file`'s connection, on the capture run's login host.
fn new_values(file: &str) -> (String, String) {
    let e = entry(file);
    let sid = e["connection_sid"].as_str().unwrap();
    let ok_destination = entry("agent-ok.xml")["destination"].as_str().unwrap().to_owned();
    let login = ok_destination.split("/login/callback").next().unwrap().to_owned();
    (format!("urn:flex:{sid}"), format!("{login}/login/callback?connection={sid}"))
}

/// Runs the CLI on a captured file with the new values, the IdP issuer and certificate, at the
/// capture time.
fn inspect_captured(file: &str, extra: &[&str]) -> Output {
    let m = manifest();
    let (entity_id, acs_url) = new_values(file);
    let path = idp_dir().join("captured").join(file);
    let cert = idp_dir().join("cert/idp.crt");
    let mut args = vec![
        "inspect-response",
        path.to_str().unwrap(),
        "--entity-id",
        &entity_id,
        "--acs-url",
        &acs_url,
        "--idp-issuer",
        m["idp_entity_id"].as_str().unwrap(),
        "--idp-cert",
        cert.to_str().unwrap(),
        "--now",
        m["captured_at"].as_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    cli(&args, None)
}

/// Each captured case and exactly the findings it must give (errors first, in the crate's order).
const CASES: &[(&str, &[&str])] = &[
    ("agent-ok.xml", &[]),
    ("legacy-audience.xml", &["legacy_audience", "destination_mismatch", "destination_mismatch"]),
    ("unsigned.xml", &["response_unsigned", "assertion_unsigned"]),
    ("assertion-unsigned.xml", &["assertion_unsigned"]),
    ("sha1.xml", &["weak_signature_algorithm", "weak_signature_algorithm"]),
    ("encrypted.xml", &["assertion_encrypted"]),
    (
        "namespaced-attributes.xml",
        &["attribute_missing", "attribute_missing", "attribute_missing", "attribute_name_namespaced", "attribute_name_namespaced", "attribute_name_namespaced"],
    ),
    ("bad-role.xml", &["roles_invalid"]),
    ("missing-attributes.xml", &["attribute_missing", "attribute_missing"]),
    ("no-roles.xml", &["attribute_missing"]),
    ("expired.xml", &["assertion_expired"]),
    ("short-session.xml", &["session_too_short"]),
];

#[test]
fn every_captured_response_gives_exactly_its_findings() {
    let listed: Vec<String> = manifest()["responses"].as_array().unwrap().iter().map(|r| r["file"].as_str().unwrap().to_owned()).collect();
    assert_eq!(listed.len(), CASES.len(), "a captured case has no expectation here: {listed:?}");
    for (file, expected) in CASES {
        let output = inspect_captured(file, &["--json"]);
        let report = json_of(&output);
        assert_eq!(codes(&report), *expected, "{file}: {report}");
        let pass = expected.is_empty();
        assert_eq!(report["verdict"], if pass { "pass" } else { "fail" }, "{file}");
        assert_eq!(output.status.code(), Some(if pass { 0 } else { 1 }), "{file}");
        for key in ["verdict", "findings", "summary", "checked"] {
            assert!(report.get(key).is_some(), "{file}: {key} missing");
        }
        // Signed cases were verified with the IdP's certificate; the unsigned one has nothing to verify.
        let signed = *file != "unsigned.xml";
        assert_eq!(report["checked"]["signature_crypto"], signed, "{file}: {}", report["checked"]);
        assert_eq!(report["checked"]["issuer"], true, "{file}");
    }
}

#[test]
fn findings_explain_and_point_at_their_lines() {
    let report = json_of(&inspect_captured("bad-role.xml", &["--json"]));
    let finding = &report["findings"][0];
    assert!(finding["detail"].as_str().unwrap().contains("Agent"), "{finding}");
    assert!(!finding["fix"].as_str().unwrap().is_empty());
    let (start, end) = (finding["location"]["line_start"].as_u64().unwrap(), finding["location"]["line_end"].as_u64().unwrap());
    let xml = report["xml_pretty"].as_str().unwrap();
    let lines: Vec<&str> = xml.lines().collect();
    let pointed = lines[(start - 1) as usize..end as usize].join("\n");
    assert!(pointed.contains("Agent"), "lines {start}-{end}: {pointed}");
}

/// With --idp the fixes use that IdP's own labels; an unknown IdP is refused with the list.
#[test]
fn the_idp_option_names_its_settings_in_the_fixes() {
    let report = json_of(&inspect_captured("bad-role.xml", &["--json", "--idp", "okta"]));
    assert!(report["findings"][0]["fix"].as_str().unwrap().starts_with("In Okta, "), "{report}");
    let output = inspect_captured("bad-role.xml", &["--json", "--idp", "onelogin"]);
    assert_eq!(output.status.code(), Some(2));
    let refused = json_of(&output);
    assert_eq!(refused["problems"][0]["code"], "idp_unknown");
    assert!(refused["problems"][0]["fix"].as_str().unwrap().contains("okta, salesforce, azure_ad"), "{refused}");
}

#[test]
fn without_a_certificate_signatures_are_not_checked_and_the_output_says_so() {
    let m = manifest();
    let (entity_id, acs_url) = new_values("agent-ok.xml");
    let path = idp_dir().join("captured/agent-ok.xml");
    let args = ["inspect-response", path.to_str().unwrap(), "--entity-id", &entity_id, "--acs-url", &acs_url, "--now", m["captured_at"].as_str().unwrap()];
    let output = cli(&args, None);
    assert_eq!(output.status.code(), Some(0), "a warning does not fail the verdict");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("PASS: Flex should accept this response."), "{text}");
    assert!(text.contains("NOT checked:"), "{text}");
    assert!(text.contains("Signatures: NOT verified, because no certificate of your identity provider was given."), "{text}");
    assert!(text.contains("Who sent it (the issuer): NOT compared"), "{text}");
    assert!(text.contains("(certificate_not_configured)"), "{text}");
    assert!(text.contains("Attribute roles"), "{text}");
    assert!(text.contains("agent@sandbox.example"), "{text}");

    let mut json_args = args.to_vec();
    json_args.push("--json");
    let report = json_of(&cli(&json_args, None));
    assert_eq!(codes(&report), ["certificate_not_configured"]);
    assert_eq!(report["checked"]["signature_crypto"], false);
}

#[test]
fn human_output_has_verdict_findings_with_fixes_and_summary() {
    let output = inspect_captured("short-session.xml", &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("FAIL: Flex will refuse this response."), "{text}");
    assert!(text.contains("[MUST FIX] The identity provider ends the session within an hour. (session_too_short)"), "{text}");
    assert!(text.contains("What to do: "), "{text}");
    assert!(text.contains("Session ends"), "{text}");
    assert!(!text.contains("NOT checked:"), "everything was checked: {text}");
}

#[test]
fn standard_input_takes_the_base64_a_browser_posts() {
    let m = manifest();
    let xml = std::fs::read(idp_dir().join("captured/sha1.xml")).unwrap();
    let posted = base64::engine::general_purpose::STANDARD.encode(xml);
    let (entity_id, acs_url) = new_values("sha1.xml");
    let output = cli(
        &["inspect-response", "-", "--entity-id", &entity_id, "--acs-url", &acs_url, "--now", m["captured_at"].as_str().unwrap(), "--json"],
        Some(format!("SAMLResponse={}&RelayState=x", urlencode(&posted)).as_bytes()),
    );
    let report = json_of(&output);
    assert_eq!(report["input_form"], "form_body");
    assert_eq!(codes(&report), ["weak_signature_algorithm", "weak_signature_algorithm", "certificate_not_configured"]);
    assert_eq!(output.status.code(), Some(1));
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn unreadable_input_exits_2_and_says_why() {
    // Input that is read but is no SAML response: the report, with the reason.
    let output = cli(&["inspect-response", "-", "--entity-id", "a", "--acs-url", "b", "--json"], Some(b"hello, not saml!"));
    assert_eq!(output.status.code(), Some(2));
    let report = json_of(&output);
    assert_eq!(codes(&report), ["input_invalid"]);
    assert_eq!(report["summary"], Value::Null);
    assert!(!report["findings"][0]["fix"].as_str().unwrap().is_empty());

    let human = cli(&["inspect-response", "-", "--entity-id", "a", "--acs-url", "b"], Some(b"<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"/>"));
    assert_eq!(human.status.code(), Some(2));
    let err = String::from_utf8_lossy(&human.stderr);
    assert!(err.contains("This is not a SAML response.") && err.contains("SAML metadata"), "{err}");

    // A file that is not there: the common "cannot run" JSON.
    let missing = cli(&["inspect-response", "/nonexistent/response.xml", "--entity-id", "a", "--acs-url", "b", "--json"], None);
    assert_eq!(missing.status.code(), Some(2));
    let json = json_of(&missing);
    assert_eq!(json["ok"], false);
    assert_eq!(json["problems"][0]["code"], "input_unreadable", "{json}");

    let bad_cert = idp_dir().join("captured/manifest.json");
    let path = idp_dir().join("captured/agent-ok.xml");
    let output = cli(&["inspect-response", path.to_str().unwrap(), "--entity-id", "a", "--acs-url", "b", "--idp-cert", bad_cert.to_str().unwrap(), "--json"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(json_of(&output)["problems"][0]["code"].as_str().unwrap().starts_with("certificate_"));

    let output = cli(&["inspect-response", path.to_str().unwrap(), "--entity-id", "a", "--acs-url", "b", "--now", "yesterday", "--json"], None);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json_of(&output)["problems"][0]["code"], "now_invalid");

    // Missing required arguments: clap's usage error, exit 2.
    assert_eq!(cli(&["inspect-response", path.to_str().unwrap()], None).status.code(), Some(2));
}
