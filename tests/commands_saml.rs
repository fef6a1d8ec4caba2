//! The SAML response commands through Tauri's mock runtime (real handlers, real ACL), over the
//! real SimpleSAMLphp responses in `tests/fixtures/idp/captured/`, with the clock at their
//! capture time.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{defaults, BedOptions, TestBed};
use flex_sso_migrator::records::with_record;
use flex_sso_migrator::AppState;
use flex_sso_model::clock::FixedClock;
use flex_sso_model::profiles::{IdentityProviderData, ProfileId};
use serde_json::{json, Value};
use tauri::Manager;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn idp_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/idp")
}

fn manifest() -> Value {
    serde_json::from_str(&std::fs::read_to_string(idp_dir().join("captured/manifest.json")).unwrap()).unwrap()
}

fn captured(file: &str) -> String {
    std::fs::read_to_string(idp_dir().join("captured").join(file)).unwrap()
}

fn idp_cert() -> String {
    std::fs::read_to_string(idp_dir().join("cert/idp.crt")).unwrap()
}

fn capture_time() -> OffsetDateTime {
    OffsetDateTime::parse(manifest()["captured_at"].as_str().unwrap(), &Rfc3339).unwrap()
}

/// The app with its clock stopped at the moment the fixtures were captured.
fn bed() -> TestBed {
    TestBed::start(BedOptions { clock: Arc::new(FixedClock(capture_time())), ..BedOptions::default() })
}

fn entry(file: &str) -> Value {
    manifest()["responses"].as_array().unwrap().iter().find(|r| r["file"] == file).unwrap().clone()
}

fn codes(inspection: &Value) -> Vec<String> {
    inspection["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
}

/// A profile whose migration has reached step 2 with `connection_sid`.
fn profile_with_connection(bed: &TestBed, connection_sid: &str) -> String {
    let profile = bed.invoke("profile_create", json!({ "name": "Acme", "accountSid": defaults::ACCOUNT_SID })).unwrap();
    let id = profile["id"].as_str().unwrap().to_owned();
    for action in [
        json!({ "action": "set_self_hosted", "self_hosted": false }),
        json!({ "action": "choose_setup_type", "setup_type": "create_new" }),
        json!({ "action": "continue" }),
        json!({ "action": "set_connection_sid", "connection_sid": connection_sid }),
    ] {
        bed.invoke("migration_apply", json!({ "profileId": id, "action": action })).unwrap_or_else(|e| panic!("{action}: {e}"));
    }
    id
}

/// Saves the IdP (catalog id) and its confirmed data in the profile's migration record, as
/// step 3 / the metadata import does.
fn save_idp(bed: &TestBed, id: &str, idp_id: &str, issuer: &str, certificates: Vec<String>) {
    let state = bed.app.state::<AppState>();
    with_record(state.inner(), &ProfileId::parse(id).unwrap(), |record, clock| {
        record.idp_id = Some(idp_id.to_owned());
        record.idp_data = Some(IdentityProviderData {
            issuer: issuer.to_owned(),
            sso_url: "http://127.0.0.1:45255/simplesaml/saml2/idp/SSOService.php".to_owned(),
            certificates,
            source: "pasted".to_owned(),
            metadata_url: None,
            confirmed_at: clock.now(),
        });
        Ok(())
    })
    .unwrap();
}

#[test]
fn a_profile_with_a_connection_and_idp_data_supplies_every_expectation() {
    let bed = bed();
    let ok = entry("agent-ok.xml");
    let id = profile_with_connection(&bed, ok["connection_sid"].as_str().unwrap());
    let issuer = manifest()["idp_entity_id"].as_str().unwrap().to_owned();
    save_idp(&bed, &id, "okta", &issuer, vec![idp_cert()]);

    let login = bed.emulator.base_url().trim_end_matches('/').to_owned();
    let expected_acs = format!("{login}/login/callback?connection={}", ok["connection_sid"].as_str().unwrap());

    let view = bed.invoke("saml_expectations", json!({ "profileId": id })).unwrap();
    assert_eq!(view["entity_id"], json!({ "value": ok["expected_audience"], "origin": "profile" }), "{view}");
    assert_eq!(view["acs_url"], json!({ "value": expected_acs, "origin": "profile" }), "{view}");
    assert_eq!(view["idp_issuer"]["value"], issuer.as_str());
    assert_eq!(view["idp_name"], "Okta");
    assert_eq!(view["acs_url_label"], "Single sign on URL");
    assert_eq!(view["certificates"][0]["subject"], "CN=Flex SSO Migrator sandbox IdP (test only)", "{view}");
    assert_eq!(view["missing"], json!([]), "{view}");

    // The captured response went to the capture run's login host, not to the emulator's: the
    // only findings are that (Destination and Recipient), which proves the profile's ACS URL was
    // used, and they speak Okta's words. Audience, issuer and both signatures match.
    let inspection = bed
        .invoke("saml_inspect", json!({ "input": captured("agent-ok.xml"), "profileId": id, "manual": null }))
        .unwrap();
    assert_eq!(codes(&inspection), ["destination_mismatch", "destination_mismatch"], "{inspection}");
    let finding = &inspection["findings"][0];
    assert!(finding["detail"].as_str().unwrap().contains(&expected_acs), "{finding}");
    assert!(finding["fix"].as_str().unwrap().contains("\"Single sign on URL\""), "{finding}");
    assert!(finding["fix"].as_str().unwrap().contains("In Okta"), "{finding}");
    for part in ["signature_crypto", "issuer", "audience", "destination", "validity", "attributes"] {
        assert_eq!(inspection["checked"][part], true, "checked.{part}: {inspection}");
    }
    assert_eq!(inspection["summary"]["signatures"][0]["crypto"]["result"], "verified");
    assert_eq!(inspection["expected"]["profile_name"], "Acme");
    assert!(inspection["coverage"].as_array().unwrap().iter().all(|c| c["checked"] == true), "{inspection}");

    // Typed values never override the profile's.
    let typed = bed
        .invoke("saml_inspect", json!({
            "input": captured("agent-ok.xml"),
            "profileId": id,
            "manual": { "entity_id": "urn:flex:JQ00000000000000000000000000000000", "acs_url": ok["destination"] },
        }))
        .unwrap();
    assert_eq!(codes(&typed), ["destination_mismatch", "destination_mismatch"], "{typed}");
}

#[test]
fn a_profile_without_a_connection_sid_says_what_to_type_and_uses_the_typed_values() {
    let bed = bed();
    let profile = bed.invoke("profile_create", json!({ "name": "Beta", "accountSid": defaults::ACCOUNT_SID })).unwrap();
    let id = profile["id"].as_str().unwrap().to_owned();
    let view = bed.invoke("saml_expectations", json!({ "profileId": id })).unwrap();
    assert_eq!(view["entity_id"], Value::Null);
    let missing: Vec<&str> = view["missing"].as_array().unwrap().iter().map(|m| m["what"].as_str().unwrap()).collect();
    assert_eq!(missing, ["entity_id", "acs_url", "idp_issuer", "certificates"], "{view}");
    assert!(view["missing"][0]["message"].as_str().unwrap().contains("no connection SID yet"), "{view}");

    // Without typed values the check cannot run, and says what to enter.
    let error = bed.invoke("saml_inspect", json!({ "input": captured("agent-ok.xml"), "profileId": id })).unwrap_err();
    assert_eq!(error["code"], "saml_expected_values_missing", "{error}");
    assert!(error["message"].as_str().unwrap().contains("Entity ID"), "{error}");

    let ok = entry("agent-ok.xml");
    let inspection = bed
        .invoke("saml_inspect", json!({
            "input": captured("agent-ok.xml"),
            "profileId": id,
            "manual": { "entity_id": ok["expected_audience"], "acs_url": ok["destination"], "idp_issuer": "", "certificate_pem": idp_cert() },
        }))
        .unwrap();
    assert_eq!(inspection["verdict"], "pass", "{inspection}");
    assert_eq!(codes(&inspection), Vec::<String>::new());
    assert_eq!(inspection["expected"]["entity_id"]["origin"], "typed");
    assert_eq!(inspection["expected"]["certificates_origin"], "typed");
    assert_eq!(inspection["checked"]["signature_crypto"], true);
    assert_eq!(inspection["checked"]["issuer"], false, "no issuer given: not compared");
    let not_checked: Vec<&str> =
        inspection["coverage"].as_array().unwrap().iter().filter(|c| c["checked"] == false).map(|c| c["part"].as_str().unwrap()).collect();
    assert_eq!(not_checked, ["issuer"], "{inspection}");
}

#[test]
fn without_a_profile_the_typed_values_are_the_expectations() {
    let bed = bed();
    let view = bed.invoke("saml_expectations", json!({ "profileId": null })).unwrap();
    assert_eq!(view["profile_id"], Value::Null);
    assert_eq!(view["missing"].as_array().unwrap().len(), 4);

    let unsigned = entry("unsigned.xml");
    let inspection = bed
        .invoke("saml_inspect", json!({
            "input": captured("unsigned.xml"),
            "manual": { "entity_id": unsigned["expected_audience"], "acs_url": unsigned["destination"] },
        }))
        .unwrap();
    assert_eq!(inspection["verdict"], "fail");
    assert_eq!(codes(&inspection), ["response_unsigned", "assertion_unsigned"], "{inspection}");
    assert_eq!(inspection["checked"]["signature_crypto"], false);
    let text = inspection["support_text"].as_str().unwrap();
    assert!(text.contains("Verdict: FAIL"), "{text}");
    assert!(text.contains("response_unsigned: The response is not signed."), "{text}");
    assert!(text.contains("NameID: agent@sandbox.example"), "{text}");
    assert!(!text.contains("<samlp:Response"), "the support text never carries the XML: {text}");
}

#[test]
fn a_typed_connection_sid_alone_gives_both_new_values() {
    let bed = bed();
    let ok = entry("agent-ok.xml");
    let sid = ok["connection_sid"].as_str().unwrap();
    let inspection = bed
        .invoke("saml_inspect", json!({ "input": captured("agent-ok.xml"), "manual": { "entity_id": sid } }))
        .unwrap();
    let login = bed.emulator.base_url().trim_end_matches('/').to_owned();
    assert_eq!(inspection["expected"]["entity_id"], json!({ "value": format!("urn:flex:{sid}"), "origin": "derived" }));
    assert_eq!(inspection["expected"]["acs_url"]["value"], format!("{login}/login/callback?connection={sid}"));
    assert_eq!(inspection["expected"]["connection_sid"], sid);
}

#[test]
fn unreadable_input_is_input_invalid_with_what_to_do() {
    let bed = bed();
    let manual = json!({ "entity_id": "urn:flex:JQ5a4db0c5000000000000000000000001", "acs_url": "https://example.test/acs" });
    for input in ["this is not a SAML response!", "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\"/>", "   "] {
        let error = bed.invoke("saml_inspect", json!({ "input": input, "manual": manual })).unwrap_err();
        assert_eq!(error["code"], "input_invalid", "{input}: {error}");
        assert!(!error["message"].as_str().unwrap().is_empty());
    }
    let error = bed.invoke("saml_inspect", json!({ "input": "<x/>", "manual": { "entity_id": "a", "acs_url": "b", "certificate_pem": "-----BEGIN CERTIFICATE-----\nMIIB" } })).unwrap_err();
    assert_eq!(error["code"], "certificate_unterminated_pem", "{error}");
}

/// The command runs the diagnosis on a blocking thread (it is async); the answers through it are
/// the crate's, including the caps that keep a crafted response cheap and the comment finding.
#[test]
fn crafted_responses_get_their_specific_answers_through_the_async_command() {
    let bed = bed();
    let ok = entry("agent-ok.xml");
    let manual = json!({ "entity_id": ok["expected_audience"], "acs_url": ok["destination"], "certificate_pem": idp_cert() });

    let declarations: String = (0..20_000).map(|i| format!(" xmlns:n{i}=\"urn:n:{i}\"")).collect();
    let costly = captured("agent-ok.xml").replacen("<samlp:Response ", &format!("<samlp:Response{declarations} "), 1);
    let error = bed.invoke("saml_inspect", json!({ "input": costly, "manual": manual })).unwrap_err();
    assert_eq!(error["code"], "input_invalid", "{error}");
    assert!(error["message"].as_str().unwrap().contains("more than 4096 XML namespace declarations"), "{error}");

    // A comment inside the NameID: the signatures still hold (comments are not signed), the
    // full text is what counts, and the admin is told.
    let split = captured("agent-ok.xml").replacen("agent@sandbox.example</saml:NameID>", "agent@sandbox<!---->.example</saml:NameID>", 1);
    let inspection = bed.invoke("saml_inspect", json!({ "input": split, "manual": manual })).unwrap();
    assert_eq!(codes(&inspection), ["nameid_split_by_comment"], "{inspection}");
    assert_eq!(inspection["summary"]["name_id"], "agent@sandbox.example");
    assert_eq!(inspection["checked"]["signature_crypto"], true, "{inspection}");
    let subject = inspection["coverage"].as_array().unwrap().iter().find(|c| c["part"] == "subject").unwrap().clone();
    assert_eq!((subject["result"].as_str(), subject["findings"].clone()), (Some("warn"), json!(["nameid_split_by_comment"])), "{subject}");
}
