//! The captured SAML responses stay usable as fixtures: the manifest names every file, and the
//! signed ones still verify against the committed IdP certificate (so regenerating the
//! certificate without capturing again fails here, not in the diagnosis tests).

use std::process::Command;

use flex_sso_sandbox::default_fixture_dir;

fn verifies(file: &std::path::Path, xpath: &str) -> bool {
    let cert = default_fixture_dir().join("cert/idp.crt");
    Command::new("xmlsec1")
        .arg("--verify")
        .args(["--enabled-key-data", "key-name", "--pubkey-cert-pem"])
        .arg(&cert)
        .args(["--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response"])
        .args(["--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion"])
        .args(["--node-xpath", xpath])
        .arg(file)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn manifest_lists_every_capture_and_signatures_still_verify() {
    let dir = default_fixture_dir().join("captured");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let entries = manifest["responses"].as_array().unwrap();
    let mut listed: Vec<String> = entries.iter().map(|e| e["file"].as_str().unwrap().to_owned()).collect();
    listed.sort();
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    on_disk.sort();
    assert_eq!(listed, on_disk);

    let response_sig = "/*[local-name()='Response']/*[local-name()='Signature']";
    let assertion_sig = "/*[local-name()='Response']/*[local-name()='Assertion']/*[local-name()='Signature']";
    for entry in entries {
        let file = dir.join(entry["file"].as_str().unwrap());
        let (response, assertion) = match entry["variant"].as_str().unwrap() {
            "unsigned" => (false, false),
            "assertion_unsigned" => (true, false),
            // The assertion is inside EncryptedAssertion: only the response signature is visible.
            "encrypted" => (true, false),
            _ => (true, true),
        };
        assert_eq!(verifies(&file, response_sig), response, "response signature of {}", file.display());
        assert_eq!(verifies(&file, assertion_sig), assertion, "assertion signature of {}", file.display());
    }
}
