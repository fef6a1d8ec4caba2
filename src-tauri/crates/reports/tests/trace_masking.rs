//! The support trace of real responses (captured from the practice IdP, SimpleSAMLphp, for the
//! sandbox's test users): no NameID, e-mail or name of any test user appears in the HTML, the
//! text or the JSON; the roles do; certificates appear as fingerprints only; and a kind the admin
//! reveals on purpose does appear.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use flex_sso_reports::{html, text, trace, Personal, TimelineLine, TraceInput, TraceKind};
use flex_sso_saml::{diagnose, Certificate, Expectations};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/idp")
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

struct User {
    email: String,
    full_name: String,
    roles: Vec<String>,
}

fn users() -> Vec<User> {
    json(&fixtures().join("sandbox.json"))["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| User {
            email: u["email"].as_str().unwrap().to_owned(),
            full_name: u["full_name"].as_str().unwrap().to_owned(),
            roles: u["roles"].as_array().map(|r| r.iter().map(|v| v.as_str().unwrap().to_owned()).collect()).unwrap_or_default(),
        })
        .collect()
}

/// Every captured response, diagnosed as the app does (expected values from the manifest, the
/// practice IdP's certificate, the capture time).
fn captured() -> Vec<(String, String, flex_sso_saml::Report)> {
    let manifest = json(&fixtures().join("captured/manifest.json"));
    let cert_path = fixtures().join("captured").join(manifest["idp_certificate_file"].as_str().unwrap());
    let certificates = Certificate::parse_text(&std::fs::read_to_string(cert_path).unwrap()).unwrap();
    let now = OffsetDateTime::parse(manifest["captured_at"].as_str().unwrap(), &Rfc3339).unwrap();
    manifest["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let xml = std::fs::read_to_string(fixtures().join("captured").join(r["file"].as_str().unwrap())).unwrap();
            let mut exp = Expectations::new(r["expected_audience"].as_str().unwrap(), r["destination"].as_str().unwrap(), now);
            exp.idp_issuer = manifest["idp_entity_id"].as_str().map(str::to_owned);
            exp.certificates = certificates.clone();
            (r["file"].as_str().unwrap().to_owned(), r["user"].as_str().unwrap().to_owned(), diagnose(&xml, &exp))
        })
        .collect()
}

fn timeline() -> Vec<TimelineLine> {
    vec![
        TimelineLine { elapsed_ms: 0, stage: "Flex login page".into(), shown: "127.0.0.1:39399/login?connection=[hidden]".into() },
        // An IdP that puts the user's address in its own URL: the scrub still catches it.
        TimelineLine { elapsed_ms: 1200, stage: "Your identity provider".into(), shown: "idp.example/sso?hint=agent@sandbox.example".into() },
    ]
}

/// `outcome`: a sentence that quotes the user (a name is only known, and so maskable, when the
/// response could be read).
fn render_with(report: &flex_sso_saml::Report, revealed: &BTreeSet<Personal>, outcome: &str) -> (String, String, String) {
    let lines = timeline();
    let t = trace(&TraceInput {
        kind: TraceKind::LoginCheck,
        account_sid: Some("AC5a4db0c50000000000000000000000ac"),
        outcome: Some(("Success: Flex loaded".into(), outcome.into())),
        requested_by: Some("Flex used the new connection for this login.".into()),
        timeline: &lines,
        report: Some(report),
        no_report_reason: None,
        revealed,
        prepared_at: time::macros::datetime!(2026-12-02 10:00 UTC),
        app_version: "0.0.0-test",
    });
    (html::render(&t.document), text::render(&t.document), serde_json::to_string_pretty(&t.json).unwrap())
}

fn render_all(report: &flex_sso_saml::Report, revealed: &BTreeSet<Personal>) -> (String, String, String) {
    render_with(report, revealed, "Signed in as agent@sandbox.example (Ada Agent).")
}

#[test]
fn no_test_users_personal_data_appears_and_roles_do() {
    let users = users();
    let mut checked = 0;
    for (file, user, report) in captured() {
        assert!(report.summary.is_some() || file == "encrypted.xml", "{file} was read");
        let (html, text, json) = render_with(&report, &BTreeSet::new(), "Signed in as agent@sandbox.example.");
        for (form, content) in [("html", &html), ("text", &text), ("json", &json)] {
            for u in &users {
                assert!(!content.contains(&u.email), "{file} ({form}) shows {}", u.email);
                assert!(!content.contains(&u.full_name), "{file} ({form}) shows {}", u.full_name);
                let local = u.email.split('@').next().unwrap();
                assert!(!content.contains(&format!("{local}@")), "{file} ({form}) shows the e-mail's local part");
            }
            // Signature values and certificate bodies are left out; fingerprints are in.
            assert!(!content.contains("MII"), "{file} ({form}) has a certificate or base64 body");
        }
        let summary = report.summary.as_ref();
        if let Some(roles) = summary.and_then(|s| s.attributes.iter().find(|a| a.name == "roles")) {
            let row = format!("roles | {}", roles.values.join(", "));
            assert!(text.contains(&row), "{file}: the roles row {row:?} is in the text:\n{text}");
            let u = users.iter().find(|u| u.email.starts_with(&format!("{user}@"))).unwrap();
            if file == "agent-ok.xml" {
                assert_eq!(roles.values, u.roles);
            }
        }
        if summary.is_some_and(|s| s.name_id.is_some()) {
            assert!(text.contains("[NameID]"), "{file}: the NameID is shown as its marker");
            assert!(json.contains("\"name_id\": \"[NameID]\""), "{file}: {json}");
        }
        if summary.is_some_and(|s| !s.signatures.is_empty()) && file != "encrypted.xml" {
            assert!(text.contains("SHA-256 "), "{file}: fingerprints are in the trace");
            assert!(text.contains("[signature value left out]"), "{file}");
        }
        checked += 1;
    }
    assert!(checked >= 10, "every captured response ({checked})");
}

#[test]
fn the_same_value_keeps_one_marker_so_support_sees_matches() {
    let (_, _, report) = captured().into_iter().find(|(f, _, _)| f == "agent-ok.xml").unwrap();
    let (_, text, _) = render_all(&report, &BTreeSet::new());
    // SimpleSAMLphp sends the e-mail as NameID and as the email attribute: both are [NameID].
    assert!(text.contains("email | [NameID]"), "{text}");
    assert!(text.contains("full_name | [name 1]"), "{text}");
    // The outcome sentence and the IdP's URL in the timeline are scrubbed by value.
    assert!(text.contains("Signed in as [NameID] ([name 1])."), "{text}");
    assert!(text.contains("hint=[NameID]"), "{text}");
}

#[test]
fn a_kind_revealed_on_purpose_is_shown_and_said() {
    let (_, _, report) = captured().into_iter().find(|(f, _, _)| f == "agent-ok.xml").unwrap();
    let revealed: BTreeSet<Personal> = [Personal::Name].into_iter().collect();
    let (html, text, json) = render_all(&report, &revealed);
    assert!(text.contains("full_name | Ada Agent"), "{text}");
    assert!(text.contains("Shown on purpose in this file: people's names"), "{text}");
    assert!(!text.contains("agent@sandbox.example") && !html.contains("agent@sandbox.example"));
    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["revealed"], serde_json::json!(["name"]));
    assert!(value["masked"].as_array().unwrap().contains(&Value::from("email")));
    assert_eq!(value["format"], "flex-sso-migrator/trace");
}

#[test]
fn a_comment_split_name_id_is_masked_whole() {
    let (_, _, report) = captured().into_iter().find(|(f, _, _)| f == "agent-ok.xml").unwrap();
    let mut report = report;
    let xml = report.xml_pretty.clone().unwrap().replace("agent@sandbox.example</saml:NameID>", "agent@sandbox.example<!---->.evil</saml:NameID>");
    report.xml_pretty = Some(xml);
    let (_, text, _) = render_all(&report, &BTreeSet::new());
    assert!(!text.contains(".evil") && !text.contains("agent@"), "{text}");
}
