//! Metadata-level findings, entity selection, and the exact JSON the CLI prints.

mod common;

use common::*;
use flex_sso_metadata::{inspect_bytes, EntitySelector, InputKind, InspectOptions, Severity};

fn idp(entity: &str, inner: &str) -> String {
    format!(
        r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"{entity}><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">{inner}</md:IDPSSODescriptor></md:EntityDescriptor>"#
    )
}

fn key(usage: &str, b64: &str) -> String {
    format!(r#"<md:KeyDescriptor{usage}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{b64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"#)
}

const SSO: &str = r#"<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>"#;
const SOAP: &str = r#"<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://idp.example.com/soap"/>"#;
const ID: &str = r#" entityID="https://idp.example.com""#;

#[test]
fn metadata_findings_with_exact_words() {
    let cert = rsa_expiring_in("Table", 300).base64();
    let sso_url = flex_sso_facts::twilio::FIELD_SSO_URL.text;
    let no_sso = format!("The IdP section of \"https://idp.example.com\" lists no SingleSignOnService, so there is no {sso_url} for Flex.");
    let sp_only = format!("The file describes \"https://iam.twilio.com/v1/Accounts/AC0123456789abcdef0123456789abcdef/saml2/metadata\" as a service provider (it has an SPSSODescriptor and no IDPSSODescriptor), so it contains no {sso_url}. It may be Twilio's own metadata or another app's.");
    // (case, xml, expected codes, exit code, (index of finding, expected detail))
    type Case<'a> = (&'a str, String, Vec<&'a str>, i32, Option<(usize, &'a str)>);
    let cases: Vec<Case> = vec![
        ("complete", idp(ID, &format!("{}{SSO}", key(r#" use="signing""#, &cert))), vec![], 0, None),
        ("unstated use counts as signing", idp(ID, &format!("{}{SSO}", key("", &cert))), vec![], 0, None),
        ("no sso service", idp(ID, &key("", &cert)), vec!["no_sso_service"], 1,
            Some((0, no_sso.as_str()))),
        ("only soap", idp(ID, &format!("{}{SOAP}", key("", &cert))), vec!["no_sso_service"], 1,
            Some((0, "The IdP section of \"https://idp.example.com\" lists sign-on addresses only for SOAP. Flex sends the user's browser to the IdP, which needs an HTTP-Redirect or HTTP-POST address."))),
        ("no certificate", idp(ID, SSO), vec!["no_signing_certificate"], 1,
            Some((0, "The IdP section contains no X.509 certificate."))),
        ("encryption only", idp(ID, &format!("{}{SSO}", key(r#" use="encryption""#, &cert))), vec!["no_signing_certificate"], 1,
            Some((0, "The IdP section lists only certificates marked for encryption; Flex needs the certificate the IdP signs with."))),
        ("unreadable certificate", idp(ID, &format!("{}{SSO}", key("", "bm90IGEgY2VydGlmaWNhdGU="))), vec!["input_invalid", "no_signing_certificate"], 1,
            Some((1, "The IdP section lists certificates, but none of them could be read."))),
        ("one good one bad", idp(ID, &format!("{}{}{SSO}", key("", "%%%"), key("", &cert))), vec!["input_invalid"], 0,
            Some((0, "Certificate #1 in the IdP section: The certificate could not be read: the certificate text is not valid base64."))),
        ("no entity id", idp("", &format!("{}{SSO}", key("", &cert))), vec!["no_entity_id"], 1, None),
        ("sp metadata", fixture("twilio-legacy-sp.xml"), vec!["no_sso_service"], 1,
            Some((0, sp_only.as_str()))),
    ];
    for (name, xml, expected, exit, detail) in cases {
        let report = inspect(&xml);
        assert_eq!(codes(&report), expected, "{name}");
        assert_eq!(report.exit_code(), exit, "{name}");
        assert_eq!(report.input_kind, InputKind::Metadata, "{name}");
        if let Some((index, text)) = detail {
            assert_eq!(report.findings[index].detail, text, "{name}");
        }
    }
}

#[test]
fn federation_file_reports_all_entities_and_lets_the_caller_pick() {
    let signing = rsa_expiring_in("Federation", 300);
    let xml = fill(&fixture("federation.xml"), &[("SIGNING", &signing.base64())]);
    let all = [
        Some("https://sp.example.org/shibboleth".to_owned()),
        Some("https://idp-one.example.org/idp/shibboleth".to_owned()),
        Some("https://idp-two.example.org/idp/shibboleth".to_owned()),
    ];
    // Default: the first entity that is an IdP (the SP comes first in the file).
    let report = inspect(&xml);
    assert_eq!(report.entities, 3);
    assert_eq!(report.entity_ids, all);
    assert_eq!(report.selected_entity, Some(1));
    assert_eq!(report.entity_id.as_deref(), Some("https://idp-one.example.org/idp/shibboleth"));
    assert_eq!(codes(&report), vec!["multiple_entities"]);
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert_eq!(report.findings[0].title, "The file describes 3 entities");
    assert_eq!(
        report.findings[0].detail,
        "It is a collection of metadata (EntitiesDescriptor). This report shows #2 \"https://idp-one.example.org/idp/shibboleth\". Flex needs the one IdP whose SAML app your Flex users sign in with."
    );
    assert_eq!(report.exit_code(), 0);

    let pick = |selector| inspect_bytes(xml.as_bytes(), NOW, &InspectOptions { entity: Some(selector), ..InspectOptions::default() });
    let by_id = pick(EntitySelector::EntityId(" https://idp-two.example.org/idp/shibboleth ".to_owned()));
    assert_eq!(by_id.selected_entity, Some(2));
    assert_eq!(by_id.console.single_sign_on_url.as_deref(), Some("https://idp-two.example.org/idp/profile/SAML2/POST/SSO"));
    let by_index = pick(EntitySelector::Index(2));
    assert_eq!(by_index.entity_id, by_id.entity_id);
    let sp = pick(EntitySelector::Index(0));
    assert_eq!(codes(&sp), vec!["multiple_entities", "no_sso_service"]);

    for (selector, wanted) in [
        (EntitySelector::Index(3), "The file has no entity number 4; it has 3."),
        (EntitySelector::EntityId("https://nope.example".into()), "The file has no entity \"https://nope.example\"; it has 3."),
    ] {
        let report = pick(selector);
        assert_eq!(codes(&report), vec!["entity_not_found"]);
        assert_eq!(report.findings[0].detail, wanted);
        assert_eq!(report.entity_ids, all);
        assert_eq!(report.exit_code(), 1);
    }
}

#[test]
fn foreign_xml_is_not_metadata() {
    let cases: &[(&str, &str)] = &[
        (r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1"/>"#,
            "This is a SAML response (what the IdP sends at sign-in), not SAML metadata."),
        ("<!DOCTYPE html>\n<html><body>Sign in to continue</body></html>",
            "This is a web page (HTML), probably a sign-in or error page rather than the metadata address, not SAML metadata."),
        ("<rss version=\"2.0\"><channel/></rss>", "This is an XML document of another kind (it starts with <rss>), not SAML metadata."),
    ];
    for (xml, detail) in cases {
        let report = inspect(xml);
        assert_eq!(codes(&report), vec!["not_metadata"], "{xml}");
        assert_eq!(report.findings[0].detail, *detail);
        assert_eq!(report.exit_code(), 2);
    }
}

#[test]
fn report_serializes_to_the_cli_contract() {
    let cert = rsa_expiring_in("Json", 10);
    let report = inspect(fill(&fixture("okta.xml"), &[("SIGNING", &cert.base64())]));
    let json = serde_json::to_value(&report).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(sorted, vec!["certificates", "console", "encryption_certificates", "entities", "entity_id", "entity_ids",
        "findings", "input_kind", "name_id_formats", "ok", "selected_entity", "sso"]);
    assert_eq!(json["ok"], true);
    assert_eq!(json["entities"], 1);
    assert_eq!(json["input_kind"], "metadata");
    assert_eq!(json["entity_id"], "http://www.okta.com/exk9flexfixture0001");
    assert_eq!(json["sso"][1], serde_json::json!({
        "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
        "url": "https://example.okta.com/app/example_twilioflex_1/exk9flexfixture0001/sso/saml",
        "binding_name": "HTTP-Redirect",
        "use_for_flex": true,
    }));
    let cert_keys: Vec<&str> = json["certificates"][0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(cert_keys.len(), 14);
    for k in ["use", "subject", "issuer", "serial", "not_before", "not_after", "days_left", "sha256", "sha1", "key", "signature_algorithm", "pem", "use_for_flex", "cautions"] {
        assert!(cert_keys.contains(&k), "{k}");
    }
    assert_eq!(json["certificates"][0]["use"], "signing");
    assert_eq!(json["certificates"][0]["days_left"], 10);
    assert_eq!(json["findings"][0], serde_json::json!({
        "code": "cert_expires_soon",
        "severity": "warning",
        "title": "The signing certificate expires in 10 days",
        "detail": "The certificate \"CN=Json, O=Flex Fixture IdP\" (valid until 2027-03-11) expires in 10 days. Before then the IdP will switch to a new certificate, and from that moment Flex refuses every login until the new certificate is in the Console.",
        "fix": format!("Ask the IdP admin when the new certificate will be activated. Right after the switch, come back here, read the metadata again and paste the new certificate into {} in the Twilio Console.", flex_sso_facts::twilio::CONSOLE_SSO_PAGE),
    }));
    assert_eq!(json["console"]["x509_certificate"], cert.pem.trim_end());
}
