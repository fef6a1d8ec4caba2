//! `flex-sso-migrator check-certificates` end to end: the real binary, headless, on metadata in
//! the sandbox IdP's style (SimpleSAMLphp lists its certificate for signing and for encryption),
//! the sandbox's certificate and one of its captured responses, and certificates made here with
//! chosen dates for a rotation.

use std::process::{Command, Output, Stdio};

use flex_sso_facts::twilio;
use serde_json::Value;

/// Inside the sandbox certificate's validity (2026-11-28 to 2036-11-25).
const NOW: &str = "2027-03-01T12:00:00Z";

fn idp_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/idp")
}

fn sandbox_pem() -> String {
    std::fs::read_to_string(idp_dir().join("cert/idp.crt")).unwrap()
}

fn body(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

fn sha256(pem: &str) -> String {
    flex_sso_certificate::parse_text(pem).unwrap()[0].sha256_fingerprint().to_owned()
}

/// A new IdP certificate, valid for three years from 2027-02-01.
fn new_pem() -> String {
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(rcgen::DnType::CommonName, "Sandbox IdP, next key");
    params.not_before = time::macros::datetime!(2027-02-01 00:00 UTC);
    params.not_after = time::macros::datetime!(2030-02-01 00:00 UTC);
    params.self_signed(&rcgen::KeyPair::generate().unwrap()).unwrap().pem()
}

/// IdP metadata as the sandbox's SimpleSAMLphp writes it: each signing certificate also listed
/// for encryption (which the check must not count).
fn metadata(signing: &[&str]) -> String {
    let key = |usage: &str, pem: &str| {
        format!(
            "    <md:KeyDescriptor use=\"{usage}\">\n      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\n    </md:KeyDescriptor>\n",
            body(pem)
        )
    };
    let keys: String = signing.iter().map(|pem| key("signing", pem) + &key("encryption", pem)).collect();
    format!(
        r#"<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="http://127.0.0.1:45255/simplesaml/saml2/idp/metadata.php">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
{keys}    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="http://127.0.0.1:45255/simplesaml/saml2/idp/SSOService.php"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"#
    )
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

fn cli(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_flex-sso-migrator"))
        .arg("check-certificates")
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        // No display: the CLI must not need one.
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(output: &Output) -> (String, String) {
    (String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", text(output)))
}

fn response_path() -> String {
    idp_dir().join("captured/agent-ok.xml").display().to_string()
}

#[test]
fn healthy_exits_0_and_says_they_agree_first() {
    let files = Files::new();
    let meta = files.write("metadata.xml", &metadata(&[&sandbox_pem()]));
    let configured = files.write("flex.crt", &sandbox_pem());
    let output = cli(&["--metadata", &meta, "--configured", &configured, "--response", &response_path(), "--now", NOW]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    let first = stdout.lines().next().unwrap();
    assert!(first.starts_with("Flex and your IdP agree: your IdP signs with the certificate Flex has"), "{stdout}");
    assert!(first.contains(&sha256(&sandbox_pem())));
    // One row: the same certificate configured, in the metadata (twice, once for encryption) and signing.
    assert_eq!(stdout.matches("\nCertificate  ").count(), 1, "{stdout}");
    assert!(stdout.contains("Certificate  configured in Flex, signed the response, in the metadata"), "{stdout}");
}

#[test]
fn rotated_metadata_exits_1_and_the_headline_names_the_new_sha256() {
    let files = Files::new();
    let new = new_pem();
    let meta = files.write("metadata.xml", &metadata(&[&new]));
    let configured = files.write("flex.crt", &sandbox_pem());
    let output = cli(&["--metadata", &meta, "--configured", &configured, "--idp", "okta", "--now", NOW]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}\n{stderr}");
    let first = stdout.lines().next().unwrap();
    assert!(first.contains(&format!("SHA-256 {}", sha256(&new))), "{first}");
    assert!(first.contains(twilio::CONSOLE_SSO_PAGE.text), "{first}");
    assert!(stdout.contains("announced (in the metadata, not in Flex)"));
    // The walk-through quotes Okta's own rollover.
    assert!(stdout.contains("Actions > Activate"), "{stdout}");
}

#[test]
fn unreadable_metadata_exits_2() {
    let files = Files::new();
    let configured = files.write("flex.crt", &sandbox_pem());
    let output = cli(&["--metadata", "/nonexistent/folder/idp-metadata.xml", "--configured", &configured, "--now", NOW, "--json"]);
    assert_eq!(output.status.code(), Some(2), "{:?}", text(&output));
    let report = json_of(&output);
    assert_eq!(report["status"], "could_not_check");
    assert_eq!(report["metadata"]["state"], "unreadable");
    assert!(report["headline"].as_str().unwrap().contains("There is no file"), "{report}");
    let output = cli(&["--metadata", "/nonexistent/folder/idp-metadata.xml", "--configured", &configured, "--now", NOW]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).0.starts_with("Could not check: your IdP's metadata could not be read"));
}

#[test]
fn json_lists_every_certificate_with_fingerprint_dates_days_left_and_flags() {
    let files = Files::new();
    let new = new_pem();
    let meta = files.write("metadata.xml", &metadata(&[&sandbox_pem(), &new]));
    let configured = files.write("flex.crt", &sandbox_pem());
    let output = cli(&["--metadata", &meta, "--configured", &configured, "--response", &response_path(), "--now", NOW, "--json"]);
    assert_eq!(output.status.code(), Some(1), "{:?}", text(&output));
    let report = json_of(&output);
    assert_eq!(report["status"], "action_needed");
    assert_eq!(report["situations"][0], "new_certificate_announced");
    let certs = report["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 2, "{report}");
    for cert in certs {
        for key in ["sha256", "sha1", "subject", "not_before", "not_after", "days_left", "configured", "signing", "announced"] {
            assert!(cert.get(key).is_some(), "{key} missing: {cert}");
        }
    }
    let (current, next) = (&certs[0], &certs[1]);
    assert_eq!(current["sha256"], sha256(&sandbox_pem()));
    assert_eq!((&current["configured"], &current["signing"], &current["announced"]), (&Value::Bool(true), &Value::Bool(true), &Value::Bool(false)));
    assert_eq!(current["not_after"], "2036-11-25T04:15:27Z");
    assert_eq!(next["sha256"], sha256(&new));
    assert_eq!((&next["configured"], &next["signing"], &next["announced"]), (&Value::Bool(false), &Value::Bool(false), &Value::Bool(true)));
    assert_eq!(next["days_left"], 1067, "2027-03-01 12:00 to 2030-02-01 00:00");
    assert_eq!(report["rotation"]["signs_today"], sha256(&sandbox_pem()));
}

#[test]
fn unusable_arguments_exit_2_with_the_usage() {
    let output = cli(&["--metadata", "m.xml", "--configured", "/nonexistent/flex.crt"]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("could not be read") && stderr.contains("Usage: flex-sso-migrator check-certificates --metadata"), "{stderr}");
    let output = cli(&["--configured", "x.crt"]);
    assert_eq!(output.status.code(), Some(2), "--metadata is required");
    assert!(text(&output).1.contains("--metadata"));
    let output = cli(&["--metadata", "m.xml", "--idp", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    let output = cli(&["--metadata", "m.xml", "--now", "yesterday"]);
    assert_eq!(output.status.code(), Some(2));
}
