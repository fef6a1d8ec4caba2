//! Metadata in the shapes real IdPs publish, with certificates generated at run time.

mod common;

use common::*;
use flex_sso_metadata::{InputKind, KeyUse, Severity};
use time::Duration;

const REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/// What each single-certificate IdP fixture must yield.
struct Expected {
    fixture: &'static str,
    entity_id: &'static str,
    sso_url: &'static str,
    bindings: &'static [&'static str],
    name_id_formats: usize,
    encryption_certificates: usize,
    entities: usize,
}

#[test]
fn every_idp_shape_yields_the_three_console_values() {
    let cases = [
        Expected { fixture: "okta.xml", entity_id: "http://www.okta.com/exk9flexfixture0001",
            sso_url: "https://example.okta.com/app/example_twilioflex_1/exk9flexfixture0001/sso/saml",
            bindings: &[POST, REDIRECT], name_id_formats: 2, encryption_certificates: 0, entities: 1 },
        Expected { fixture: "entra-id.xml", entity_id: "https://sts.windows.net/00000000-1111-2222-3333-444444444444/",
            sso_url: "https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/saml2",
            bindings: &[REDIRECT, POST], name_id_formats: 0, encryption_certificates: 0, entities: 1 },
        Expected { fixture: "google.xml", entity_id: "https://accounts.google.com/o/saml2?idpid=C0flexfx1",
            sso_url: "https://accounts.google.com/o/saml2/idp?idpid=C0flexfx1",
            bindings: &[REDIRECT, POST], name_id_formats: 1, encryption_certificates: 0, entities: 1 },
        Expected { fixture: "salesforce.xml", entity_id: "https://flexfixture.my.salesforce.com",
            sso_url: "https://flexfixture.my.salesforce.com/idp/endpoint/HttpRedirect",
            bindings: &[POST, REDIRECT], name_id_formats: 1, encryption_certificates: 0, entities: 1 },
        Expected { fixture: "auth0.xml", entity_id: "urn:dev-flexfixture.us.auth0.com",
            sso_url: "https://dev-flexfixture.us.auth0.com/samlp/FlexFixtureClientId0123456789ab",
            bindings: &[REDIRECT, POST], name_id_formats: 2, encryption_certificates: 1, entities: 1 },
        Expected { fixture: "keycloak.xml", entity_id: "https://keycloak.example.com/realms/flex",
            sso_url: "https://keycloak.example.com/realms/flex/protocol/saml",
            bindings: &[POST, REDIRECT, "urn:oasis:names:tc:SAML:2.0:bindings:SOAP", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"],
            name_id_formats: 4, encryption_certificates: 0, entities: 1 },
    ];
    let signing = rsa_expiring_in("Flex Fixture Signing", 400);
    let decoy = rsa_expiring_in("Decoy: metadata signature", 400);
    for case in &cases {
        // Google and Salesforce print the certificate wrapped and indented; the others on one line.
        let value = if matches!(case.fixture, "google.xml" | "salesforce.xml") { signing.base64_wrapped("            ") } else { signing.base64() };
        let xml = fill(&fixture(case.fixture), &[("SIGNING", &value), ("DECOY", &decoy.base64())]);
        let report = inspect(&xml);
        let name = case.fixture;
        assert_eq!(report.input_kind, InputKind::Metadata, "{name}");
        assert_eq!(report.findings, vec![], "{name}");
        assert_eq!((report.exit_code(), report.ok), (0, true), "{name}");
        assert_eq!(report.entity_id.as_deref(), Some(case.entity_id), "{name}");
        assert_eq!(report.entities, case.entities, "{name}");
        let bindings: Vec<&str> = report.sso.iter().map(|e| e.binding.as_str()).collect();
        assert_eq!(bindings, case.bindings, "{name}");
        // HTTP-Redirect is chosen wherever it exists, whatever its position.
        let chosen: Vec<_> = report.sso.iter().filter(|e| e.use_for_flex).collect();
        assert_eq!(chosen.len(), 1, "{name}");
        assert_eq!((chosen[0].binding.as_str(), chosen[0].url.as_str()), (REDIRECT, case.sso_url), "{name}");
        assert_eq!(report.certificates.len(), 1, "{name}: only the IdP's signing key, never the decoys");
        assert_eq!(report.certificates[0].pem, signing.pem.trim_end(), "{name}");
        assert_eq!(report.certificates[0].key_use, KeyUse::Signing, "{name}");
        assert!(report.certificates[0].use_for_flex, "{name}");
        assert_eq!(report.encryption_certificates.len(), case.encryption_certificates, "{name}");
        assert_eq!(report.name_id_formats.len(), case.name_id_formats, "{name}");
        assert_eq!(report.console.identity_provider_issuer.as_deref(), Some(case.entity_id), "{name}");
        assert_eq!(report.console.single_sign_on_url.as_deref(), Some(case.sso_url), "{name}");
        assert_eq!(report.console.x509_certificate.as_deref(), Some(signing.pem.trim_end()), "{name}");
    }
}

#[test]
fn adfs_rotation_picks_the_newest_valid_certificate_and_explains() {
    let primary = rsa_cert("ADFS Signing - adfs.example.com", NOW - Duration::days(700), NOW + Duration::days(10));
    let secondary = rsa_cert("ADFS Signing - adfs.example.com (new)", NOW - Duration::days(5), NOW + Duration::days(365));
    let encryption = rsa_expiring_in("ADFS Encryption - adfs.example.com", 300);
    let decoy = rsa_expiring_in("Decoy", 300);
    let xml = fill(&fixture("adfs.xml"), &[
        ("SIGNING_PRIMARY", &primary.base64()),
        ("SIGNING_SECONDARY", &secondary.base64()),
        ("ENCRYPTION", &encryption.base64()),
        ("DECOY", &decoy.base64()),
    ]);
    let report = inspect(&xml);
    assert_eq!(report.entity_id.as_deref(), Some("http://adfs.example.com/adfs/services/trust"));
    assert_eq!(report.console.single_sign_on_url.as_deref(), Some("https://adfs.example.com/adfs/ls/"));
    assert_eq!(report.certificates.len(), 2);
    assert_eq!(report.encryption_certificates.len(), 1);
    assert_eq!(report.encryption_certificates[0].key_use, KeyUse::Encryption);
    assert_eq!(report.encryption_certificates[0].pem, encryption.pem.trim_end());
    let chosen: Vec<bool> = report.certificates.iter().map(|c| c.use_for_flex).collect();
    assert_eq!(chosen, vec![false, true], "the new certificate is not about to expire");
    assert_eq!(report.console.x509_certificate.as_deref(), Some(secondary.pem.trim_end()));
    assert_eq!(codes(&report), vec!["multiple_signing_certificates"]);
    let finding = &report.findings[0];
    assert_eq!(finding.severity, Severity::Info);
    assert_eq!(finding.title, "2 signing certificates: paste only one");
    assert_eq!(
        finding.detail,
        format!("The Console's {} field takes one certificate. We picked \"CN=ADFS Signing - adfs.example.com (new), O=Flex Fixture IdP\" (valid until 2028-02-29) because it is the only one that is valid today and not about to expire. IdPs list two certificates while they move from an old one to a new one (certificate rotation), and they sign with only one at a time.", flex_sso_facts::twilio::FIELD_CERTIFICATE)
    );
    assert!(finding.fix.contains("When the IdP switches certificates, come back here"), "{}", finding.fix);
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.name_id_formats.len(), 3);
}

#[test]
fn adfs_after_rotation_the_old_expired_certificate_is_a_warning_only() {
    let old = rsa_cert("Old signing", NOW - Duration::days(800), NOW - Duration::days(3));
    let new = rsa_cert("New signing", NOW - Duration::days(20), NOW + Duration::days(345));
    let xml = fill(&fixture("adfs.xml"), &[
        ("SIGNING_PRIMARY", &new.base64()),
        ("SIGNING_SECONDARY", &old.base64()),
        ("ENCRYPTION", &new.base64()),
        ("DECOY", &new.base64()),
    ]);
    let report = inspect(&xml);
    assert_eq!(codes(&report), vec!["multiple_signing_certificates", "cert_expired"]);
    assert_eq!(report.findings[1].severity, Severity::Warning);
    assert_eq!(report.findings[1].title, "An older certificate in the metadata has expired");
    assert_eq!(report.console.x509_certificate.as_deref(), Some(new.pem.trim_end()));
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn entra_ignores_signature_and_ws_federation_certificates() {
    let signing = ec_cert("Microsoft Azure Federated SSO Certificate", NOW - Duration::days(30), NOW + Duration::days(1000));
    let decoy = rsa_expiring_in("Decoy", 100);
    let report = inspect(fill(&fixture("entra-id.xml"), &[("SIGNING", &signing.base64()), ("DECOY", &decoy.base64())]));
    assert_eq!(report.certificates.len(), 1);
    assert_eq!(report.certificates[0].key, "EC P-256");
    assert_eq!(report.certificates[0].signature_algorithm, "ecdsa-with-SHA256");
    assert!(report.certificates.iter().all(|c| c.sha256 != inspect(&decoy.pem).certificates[0].sha256));
}
