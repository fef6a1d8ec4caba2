//! The "Import IdP metadata" commands through Tauri's mock runtime and the real ACL: a paste, an
//! address served by a tiny HTTP server on loopback (downloaded in practice mode, refused
//! otherwise), a remembered file re-read for another entity, and saving the confirmed values into
//! a profile's migration record.

mod common;
mod support;

use std::sync::Arc;

use common::{defaults, BedOptions, TestBed};
use flex_sso_migrator::commands::metadata::PickedFile;
use flex_sso_model::clock::FixedClock;
use serde_json::{json, Value};
use tauri::Manager;
use time::macros::datetime;

/// Inside the validity of the fixture certificates (2026-11-28 to 2126-11-04).
const NOW: time::OffsetDateTime = datetime!(2027-03-01 12:00 UTC);

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/crates/metadata/tests/fixtures")
}

/// The base64 body of a fixture certificate (what sits inside `<X509Certificate>`).
fn cert_base64(name: &str) -> String {
    let pem = std::fs::read_to_string(fixtures().join("certs").join(name)).unwrap();
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

/// A metadata fixture with every certificate placeholder filled with the RSA-2048/SHA-1 fixture.
fn metadata(name: &str) -> String {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    let cert = cert_base64("rsa2048-sha1.pem");
    let mut out = text;
    for placeholder in ["SIGNING", "SIGNING_PRIMARY", "SIGNING_SECONDARY", "ENCRYPTION", "DECOY"] {
        out = out.replace(&format!("{{{{{placeholder}}}}}"), &cert);
    }
    assert!(!out.contains("{{"), "unfilled placeholder in {name}");
    out
}

fn bed() -> TestBed {
    TestBed::start(BedOptions { clock: Arc::new(FixedClock(NOW)), ..BedOptions::default() })
}

/// Practice mode: metadata on this computer may be downloaded.
fn sandbox_bed() -> TestBed {
    TestBed::start(BedOptions { clock: Arc::new(FixedClock(NOW)), sandbox: true, ..BedOptions::default() })
}

fn codes(report: &Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
}

fn serve(body: String, connections: usize) -> String {
    support::http::serve(body, "/app/flex/sso/saml/metadata", connections)
}

#[test]
fn pasted_metadata_gives_the_three_console_values_and_the_certificate() {
    let bed = bed();
    let inspected = bed.invoke("metadata_inspect_text", json!({ "text": metadata("okta.xml") })).unwrap();
    assert_eq!(inspected["source"], "pasted");
    assert_eq!(inspected["file_name"], Value::Null);
    let report = &inspected["report"];
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["entity_id"], "http://www.okta.com/exk9flexfixture0001");
    let sso_url = "https://example.okta.com/app/example_twilioflex_1/exk9flexfixture0001/sso/saml";
    assert_eq!(report["console"]["identity_provider_issuer"], "http://www.okta.com/exk9flexfixture0001");
    assert_eq!(report["console"]["single_sign_on_url"], sso_url);
    let fixture_pem = std::fs::read_to_string(fixtures().join("certs/rsa2048-sha1.pem")).unwrap();
    assert_eq!(report["console"]["x509_certificate"], fixture_pem.trim_end(), "the Console's PEM form, no trailing newline");
    let cert = &report["certificates"][0];
    assert_eq!(cert["subject"], "CN=Legacy IdP SHA-1, O=Fixture");
    assert_eq!(cert["use_for_flex"], true);
    // 2027-03-01 12:00 to 2126-11-04 04:06:57, whole days.
    let expected_days = (datetime!(2126-11-04 04:06:57 UTC) - NOW).whole_days();
    assert_eq!(cert["days_left"], expected_days);
    // The fixture is signed with SHA-1: a warning, not an error.
    assert_eq!(codes(report), ["weak_signature_algorithm"]);
}

#[test]
fn a_bare_certificate_and_rubbish_are_told_apart() {
    let bed = bed();
    let pem = std::fs::read_to_string(fixtures().join("certs/rsa1024-sha256.pem")).unwrap();
    let report = bed.invoke("metadata_inspect_text", json!({ "text": pem })).unwrap()["report"].clone();
    assert_eq!(report["input_kind"], "certificate");
    assert_eq!(report["ok"], false);
    assert_eq!(codes(&report), ["weak_key"]);
    let report = bed.invoke("metadata_inspect_text", json!({ "text": "hello there" })).unwrap()["report"].clone();
    assert_eq!(report["input_kind"], "unreadable");
    assert_eq!(codes(&report), ["input_invalid"]);
}

#[test]
fn metadata_at_an_address_is_downloaded_and_reads_like_the_paste() {
    let bed = sandbox_bed();
    let xml = metadata("entra-id.xml");
    let url = serve(xml.clone(), 1);
    let from_url = bed.invoke("metadata_inspect_url", json!({ "url": url })).unwrap();
    assert_eq!(from_url["source"], "metadata_url");
    let pasted = bed.invoke("metadata_inspect_text", json!({ "text": xml })).unwrap();
    assert_eq!(from_url["report"], pasted["report"]);
    assert!(from_url["report"]["entity_id"].as_str().unwrap().starts_with("https://sts.windows.net/"), "{from_url}");
}

#[test]
fn outside_practice_mode_this_computer_is_refused_by_name_and_address() {
    let bed = bed();
    let url = serve(metadata("entra-id.xml"), 1);
    let port = url.trim_start_matches("http://127.0.0.1:").split('/').next().unwrap().to_owned();
    for address in [url.clone(), format!("http://localhost:{port}/app/flex/sso/saml/metadata")] {
        let report = bed.invoke("metadata_inspect_url", json!({ "url": address })).unwrap()["report"].clone();
        assert_eq!(codes(&report), ["fetch_failed"], "{address}");
        let finding = &report["findings"][0];
        assert_eq!(finding["title"], "The metadata address leads to this computer or a private network");
        let detail = finding["detail"].as_str().unwrap();
        assert!(detail.starts_with("This address points back to your own computer or a private network: "), "{detail}");
    }
    // The server was never connected to: its one connection is still there for practice mode.
    let report = sandbox_bed().invoke("metadata_inspect_url", json!({ "url": url })).unwrap()["report"].clone();
    assert_eq!(report["ok"], true, "{report}");
}

#[test]
fn an_insecure_address_is_refused_with_what_to_do() {
    let bed = bed();
    let inspected = bed.invoke("metadata_inspect_url", json!({ "url": "http://idp.example.com/metadata" })).unwrap();
    let report = &inspected["report"];
    assert_eq!(report["input_kind"], "unreadable");
    assert_eq!(codes(report), ["fetch_failed"]);
    let finding = &report["findings"][0];
    assert!(finding["detail"].as_str().unwrap().contains("https://"), "{finding}");
    assert!(!finding["fix"].as_str().unwrap().is_empty());
}

#[test]
fn one_entity_of_several_can_be_chosen_by_number_or_id() {
    let bed = bed();
    let xml = metadata("federation.xml");
    let first = bed.invoke("metadata_inspect_text", json!({ "text": xml })).unwrap()["report"].clone();
    assert_eq!(first["entities"], 3);
    assert_eq!(first["selected_entity"], 1, "the first IdP, not the service provider");
    assert_eq!(first["entity_id"], "https://idp-one.example.org/idp/shibboleth");
    assert!(codes(&first).contains(&"multiple_entities".to_owned()));

    let by_index = bed.invoke("metadata_inspect_text", json!({ "text": xml, "entity": 2 })).unwrap()["report"].clone();
    assert_eq!(by_index["entity_id"], "https://idp-two.example.org/idp/shibboleth");
    assert_eq!(by_index["console"]["single_sign_on_url"], "https://idp-two.example.org/idp/profile/SAML2/POST/SSO");
    let by_id = bed
        .invoke("metadata_inspect_text", json!({ "text": xml, "entity": "https://idp-two.example.org/idp/shibboleth" }))
        .unwrap()["report"]
        .clone();
    assert_eq!(by_id, by_index);
    let missing = bed.invoke("metadata_inspect_text", json!({ "text": xml, "entity": 7 })).unwrap()["report"].clone();
    assert_eq!(codes(&missing), ["entity_not_found"]);
    assert_eq!(missing["ok"], false);
}

#[test]
fn the_chosen_file_is_read_again_for_another_entity_and_only_its_name_reaches_the_page() {
    let bed = bed();
    let refused = bed.invoke("metadata_inspect_file_again", json!({})).unwrap_err();
    assert_eq!(refused["code"], "metadata_no_file");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("federation-metadata.xml");
    std::fs::write(&path, metadata("federation.xml")).unwrap();
    // What the native dialog does once the admin picked the file.
    bed.app.state::<PickedFile>().set(Some(path.clone()));

    let again = bed.invoke("metadata_inspect_file_again", json!({ "entity": 2 })).unwrap();
    assert_eq!(again["source"], "metadata_file");
    assert_eq!(again["file_name"], "federation-metadata.xml");
    assert_eq!(again["report"]["entity_id"], "https://idp-two.example.org/idp/shibboleth");
    assert!(!again.to_string().contains(dir.path().to_str().unwrap()), "the folder must not reach the page: {again}");

    std::fs::remove_file(&path).unwrap();
    let gone = bed.invoke("metadata_inspect_file_again", json!({ "entity": 1 })).unwrap_err();
    assert_eq!(gone["code"], "metadata_file_unreadable");
    assert!(gone["message"].as_str().unwrap().contains("federation-metadata.xml"), "{gone}");
}

#[test]
fn the_page_gets_no_dialog_or_file_permission() {
    let bed = bed();
    let error = bed.invoke("plugin:dialog|open", json!({ "options": {} })).unwrap_err();
    assert!(error.as_str().unwrap().contains("not allowed"), "{error}");
}

#[test]
fn confirmed_values_are_saved_into_the_profile_with_a_journal_entry() {
    let bed = bed();
    let profile = bed.invoke("profile_create", json!({ "name": "Acme Support", "accountSid": defaults::ACCOUNT_SID })).unwrap();
    let id = profile["id"].as_str().unwrap().to_owned();
    let before = bed.invoke("metadata_saved", json!({ "profileId": id })).unwrap();
    assert_eq!(before["profile_name"], "Acme Support");
    assert_eq!(before["idp_data"], Value::Null);

    let report = bed.invoke("metadata_inspect_text", json!({ "text": metadata("okta.xml") })).unwrap()["report"].clone();
    let console = &report["console"];
    // A certificate with Windows line ends and spaces, as a copy from some consoles gives it.
    let messy_pem = format!("  {}\r\n", console["x509_certificate"].as_str().unwrap().replace('\n', "\r\n"));
    let saved = bed
        .invoke("metadata_save", json!({
            "profileId": id,
            "values": {
                "issuer": console["identity_provider_issuer"],
                "sso_url": console["single_sign_on_url"],
                "certificates": [messy_pem],
                "source": "pasted",
            },
        }))
        .unwrap();
    let data = &saved["idp_data"];
    assert_eq!(data["issuer"], console["identity_provider_issuer"]);
    assert_eq!(data["sso_url"], console["single_sign_on_url"]);
    assert_eq!(data["certificates"], json!([console["x509_certificate"]]), "stored in the Console's PEM form");
    assert_eq!(data["source"], "pasted");
    assert_eq!(data["confirmed_at"], "2027-03-01T12:00:00Z");

    // A fresh read sees it, and the journal says what was confirmed.
    let after = bed.invoke("metadata_saved", json!({ "profileId": id })).unwrap();
    assert_eq!(after["idp_data"], *data);
    let journal: Value =
        serde_json::from_str(bed.invoke("journal_export", json!({ "profileId": id, "format": "json" })).unwrap().as_str().unwrap()).unwrap();
    let entry = journal.as_array().unwrap().last().unwrap().clone();
    assert_eq!(entry["kind"], "confirmation");
    assert_eq!(entry["data"]["certificates_sha256"][0], report["certificates"][0]["sha256"]);
    assert!(entry["detail"].as_str().unwrap().contains("http://www.okta.com/exk9flexfixture0001"), "{entry}");
    let view = bed.invoke("migration_get", json!({ "profileId": id })).unwrap();
    assert_eq!(view["journal_entries"], after["journal_entries"]);
}

#[test]
fn values_that_are_not_usable_are_refused_and_nothing_is_saved() {
    let bed = bed();
    let profile = bed.invoke("profile_create", json!({ "name": "Acme", "accountSid": defaults::ACCOUNT_SID })).unwrap();
    let id = profile["id"].as_str().unwrap().to_owned();
    let pem = std::fs::read_to_string(fixtures().join("certs/rsa2048-sha1.pem")).unwrap();
    let cases = [
        json!({ "issuer": " ", "sso_url": "https://idp.example.com/sso", "certificates": [pem], "source": "pasted" }),
        json!({ "issuer": "urn:idp", "sso_url": "http://idp.example.com/sso", "certificates": [pem], "source": "pasted" }),
        json!({ "issuer": "urn:idp", "sso_url": "https://idp.example.com/sso", "certificates": [], "source": "pasted" }),
        json!({ "issuer": "urn:idp", "sso_url": "https://idp.example.com/sso", "certificates": ["MIInotacert"], "source": "pasted" }),
        json!({ "issuer": "urn:idp", "sso_url": "https://idp.example.com/sso", "certificates": [pem], "source": "somewhere" }),
    ];
    for values in cases {
        let error = bed.invoke("metadata_save", json!({ "profileId": id, "values": values })).unwrap_err();
        assert_eq!(error["code"], "idp_data_invalid", "{values}: {error}");
        assert!(error["message"].as_str().unwrap().len() > 20);
    }
    assert_eq!(bed.invoke("metadata_saved", json!({ "profileId": id })).unwrap()["idp_data"], Value::Null);
    let unknown = bed
        .invoke("metadata_save", json!({ "profileId": "nobody", "values": {
            "issuer": "urn:idp", "sso_url": "https://idp.example.com/sso", "certificates": [pem], "source": "pasted" } }))
        .unwrap_err();
    assert_ne!(unknown["code"], "idp_data_invalid");
}
