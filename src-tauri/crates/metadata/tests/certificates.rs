//! Certificates on their own: every paste shape, every displayed field, every certificate finding.

mod common;

use common::*;
use flex_sso_metadata::{inspect_bytes, InputKind, InspectOptions, Severity};
use time::Duration;

#[test]
fn fields_match_what_openssl_reports() {
    // Expected values from `openssl x509` (see tests/fixtures/README.md), not from this crate.
    let report = inspect(fixture_bytes("certs/rsa2048-sha1.pem"));
    assert_eq!(report.input_kind, InputKind::Certificate);
    assert_eq!(report.entities, 0);
    assert_eq!(report.certificates.len(), 1);
    let c = &report.certificates[0];
    assert_eq!(c.subject, "CN=Legacy IdP SHA-1, O=Fixture");
    assert_eq!(c.issuer, "CN=Legacy IdP SHA-1, O=Fixture");
    assert_eq!(c.serial, "298CBA527C6B674F5696FE6DF1CE4A1FE3088005");
    assert_eq!(c.not_before, "2026-11-28T04:06:57Z");
    assert_eq!(c.not_after, "2126-11-04T04:06:57Z");
    assert_eq!(c.sha256, "9C:CC:24:01:98:81:A0:3F:F0:F4:17:FE:18:0C:AC:59:95:12:41:EF:A8:A4:BB:97:99:5B:02:7D:EF:66:41:A0");
    assert_eq!(c.sha1, "DF:89:BE:F0:E0:30:F5:88:C6:DE:2A:59:60:26:81:D2:1B:4C:9C:0B");
    assert_eq!(c.key, "RSA 2048");
    assert_eq!(c.signature_algorithm, "sha1WithRSAEncryption");
    // OpenSSL writes the same strict PEM the Console wants: 64-character lines.
    assert_eq!(c.pem, fixture("certs/rsa2048-sha1.pem").trim_end());
    assert!(c.use_for_flex);
}

#[test]
fn weak_algorithms_and_keys() {
    let cases: &[(&str, &[&str], &str, i32)] = &[
        ("certs/rsa2048-sha1.pem", &["weak_signature_algorithm"], "RSA 2048", 0),
        ("certs/rsa2048-md5.pem", &["weak_signature_algorithm"], "RSA 2048", 0),
        ("certs/rsa1024-sha256.pem", &["weak_key"], "RSA 1024", 1),
    ];
    for (file, expected, key, exit) in cases {
        let report = inspect(fixture_bytes(file));
        assert_eq!(codes(&report), *expected, "{file}");
        assert_eq!(report.certificates[0].key, *key, "{file}");
        assert_eq!(report.exit_code(), *exit, "{file}");
    }
    let md5 = inspect(fixture_bytes("certs/rsa2048-md5.pem"));
    assert_eq!(md5.findings[0].title, "The certificate uses an outdated algorithm (MD5)");
    assert_eq!(md5.findings[0].severity, Severity::Warning);
    let rsa1024 = inspect(fixture_bytes("certs/rsa1024-sha256.pem"));
    assert_eq!(rsa1024.findings[0].title, "The certificate's key is too short (RSA 1024)");
    assert_eq!(rsa1024.findings[0].severity, Severity::Error);
    assert_eq!(
        rsa1024.findings[0].detail,
        "The certificate \"CN=Legacy IdP RSA-1024, O=Fixture\" (valid until 2126-11-04) has a 1024-bit RSA key. Keys shorter than 2048 bits are considered breakable, and current SAML services refuse them."
    );
}

#[test]
fn every_paste_shape_gives_the_same_certificate() {
    let cert = rsa_expiring_in("Paste Shapes", 200);
    let pem = cert.pem.clone();
    let b64 = cert.base64();
    let spaced: String = b64.chars().enumerate().map(|(i, c)| if i % 10 == 9 { format!("{c} ") } else { c.to_string() }).collect();
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(pem.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    let shapes: Vec<(&str, Vec<u8>)> = vec![
        ("pem", pem.clone().into_bytes()),
        ("pem with CRLF", pem.replace('\n', "\r\n").into_bytes()),
        ("der", cert.der.clone()),
        ("base64 one line", b64.clone().into_bytes()),
        ("base64 wrapped and indented", cert.base64_wrapped("      ").into_bytes()),
        ("base64 with spaces", spaced.into_bytes()),
        ("base64 without padding", b64.trim_end_matches('=').to_owned().into_bytes()),
        ("json escaped pem", pem.replace('\n', "\\n").into_bytes()),
        ("quoted", format!("\"{b64}\"").into_bytes()),
        ("utf-8 bom", [&[0xEF, 0xBB, 0xBF][..], pem.as_bytes()].concat()),
        ("utf-16 bom", utf16),
        ("openssl text before pem", format!("subject=CN=Paste Shapes\n{pem}").into_bytes()),
    ];
    for (name, bytes) in shapes {
        let report = inspect(&bytes);
        assert_eq!(report.input_kind, InputKind::Certificate, "{name}: {:?}", report.findings);
        assert_eq!(report.certificates.len(), 1, "{name}");
        assert_eq!(report.certificates[0].pem, pem.trim_end(), "{name}");
        assert_eq!(report.exit_code(), 0, "{name}");
        assert_eq!(report.console.x509_certificate.as_deref(), Some(pem.trim_end()), "{name}");
        assert_eq!(report.console.identity_provider_issuer, None, "{name}");
    }
}

#[test]
fn expiry_findings_with_default_and_custom_thresholds() {
    // (days until expiry, threshold, expected codes, expected title of the first finding)
    let cases: &[(i64, u32, &[&str], &str)] = &[
        (400, 30, &[], ""),
        (30, 30, &[], ""),
        (29, 30, &["cert_expires_soon"], "The signing certificate expires in 29 days"),
        (1, 30, &["cert_expires_soon"], "The signing certificate expires in 1 day"),
        (45, 60, &["cert_expires_soon"], "The signing certificate expires in 45 days"),
        (45, 30, &[], ""),
        (-2, 30, &["cert_expired"], "The signing certificate has expired"),
    ];
    for (days, threshold, expected, title) in cases {
        let cert = rsa_expiring_in("Expiry", *days);
        let options = InspectOptions { expires_soon_days: *threshold, ..InspectOptions::default() };
        let report = inspect_bytes(cert.pem.as_bytes(), NOW, &options);
        assert_eq!(codes(&report), *expected, "{days} days, threshold {threshold}");
        if let Some(first) = report.findings.first() {
            assert_eq!(first.title, *title, "{days} days");
        }
        assert_eq!(report.certificates[0].days_left, *days, "{days} days");
    }
}

#[test]
fn expired_and_not_yet_valid_are_errors_with_exact_words() {
    let expired = rsa_cert("Expired", NOW - Duration::days(400), NOW - Duration::days(3) - Duration::hours(1));
    let report = inspect(&expired.pem);
    assert_eq!(codes(&report), vec!["cert_expired"]);
    let f = &report.findings[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.detail,
        "The certificate \"CN=Expired, O=Flex Fixture IdP\" (valid until 2027-02-26) expired 3 days ago. The IdP has most likely moved to a newer certificate, and logins checked against an expired one fail."
    );
    assert_eq!(report.certificates[0].days_left, -4);
    assert_eq!((report.exit_code(), report.ok), (1, false));

    let expiring_today = rsa_cert("Today", NOW - Duration::days(10), NOW + Duration::hours(5));
    assert_eq!(inspect(&expiring_today.pem).findings[0].title, "The signing certificate expires today");

    let future = rsa_cert("Future", NOW + Duration::days(2), NOW + Duration::days(400));
    let report = inspect(&future.pem);
    assert_eq!(codes(&report), vec!["cert_not_yet_valid"]);
    assert_eq!(report.findings[0].detail, "The certificate \"CN=Future, O=Flex Fixture IdP\" (valid until 2028-04-04) only becomes valid on 2027-03-03.");
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn several_pasted_certificates_pick_one() {
    let older = rsa_cert("Older", NOW - Duration::days(300), NOW + Duration::days(100));
    let newer = rsa_cert("Newer", NOW - Duration::days(10), NOW + Duration::days(700));
    let report = inspect(format!("{}\n{}", newer.pem, older.pem));
    assert_eq!(codes(&report), vec!["multiple_signing_certificates"]);
    assert!(report.findings[0].detail.contains("because it is the newest of the certificates that are valid today"), "{}", report.findings[0].detail);
    assert_eq!(report.console.x509_certificate.as_deref(), Some(newer.pem.trim_end()));
    // All expired: the one that expired last is shown, and it is an error.
    let a = rsa_cert("A", NOW - Duration::days(300), NOW - Duration::days(10));
    let b = rsa_cert("B", NOW - Duration::days(300), NOW - Duration::days(20));
    let report = inspect(format!("{}\n{}", b.pem, a.pem));
    assert_eq!(codes(&report), vec!["cert_expired", "multiple_signing_certificates", "cert_expired"]);
    assert_eq!(report.console.x509_certificate.as_deref(), Some(a.pem.trim_end()));
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn unreadable_certificate_inputs() {
    let cert = rsa_expiring_in("Cut", 100);
    let cut = &cert.pem[..cert.pem.len() / 2];
    let mut damaged_der = cert.der.clone();
    damaged_der.truncate(damaged_der.len() - 10);
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("private key", fixture_bytes("certs/rsa2048-test-key.pem"), "input_invalid", "This is a private key, not a certificate"),
        ("cut pem", cut.as_bytes().to_vec(), "input_invalid", "The certificate is damaged"),
        ("damaged der", damaged_der, "input_invalid", "The certificate is damaged"),
        ("prose", b"please find attached".to_vec(), "input_invalid", "Unrecognized input"),
        ("json", b"{\"issuer\": \"https://example.okta.com\"}".to_vec(), "not_metadata", "This is not SAML metadata"),
        ("empty", b"  \n ".to_vec(), "input_invalid", "Nothing to read"),
    ];
    for (name, bytes, code, title) in cases {
        let report = inspect(&bytes);
        assert_eq!(codes(&report), vec![code], "{name}");
        assert_eq!(report.findings[0].title, title, "{name}");
        assert_eq!(report.input_kind, InputKind::Unreadable, "{name}");
        assert_eq!((report.exit_code(), report.ok), (2, false), "{name}");
    }
    // The private key's content is never echoed back.
    let report = inspect(fixture_bytes("certs/rsa2048-test-key.pem"));
    let json = serde_json::to_string(&report).unwrap();
    let key_body_line = fixture("certs/rsa2048-test-key.pem").lines().nth(1).unwrap().to_owned();
    assert!(!json.contains(&key_body_line));
}

#[test]
fn cautions_name_what_makes_a_valid_certificate_a_poor_one() {
    let codes_of = |report: &flex_sso_metadata::Report| -> Vec<&str> { report.certificates[0].cautions.iter().map(|c| c.code).collect() };
    // The fixtures are hand-made: a hundred years, like the certificates in the screenshots.
    let sha1 = inspect(fixture_bytes("certs/rsa2048-sha1.pem"));
    assert_eq!(codes_of(&sha1), ["weak_hash", "long_lived"]);
    assert!(sha1.certificates[0].cautions[0].text.contains("SHA-1"), "{:?}", sha1.certificates[0].cautions);
    assert!(sha1.certificates[0].cautions[1].text.contains("100 years"), "{:?}", sha1.certificates[0].cautions);
    let md5 = inspect(fixture_bytes("certs/rsa2048-md5.pem"));
    assert!(md5.certificates[0].cautions[0].text.contains("MD5"));
    let rsa1024 = inspect(fixture_bytes("certs/rsa1024-sha256.pem"));
    assert_eq!(codes_of(&rsa1024), ["weak_key", "long_lived"]);
    // An IdP's ordinary certificate has none.
    let ordinary = inspect(rsa_expiring_in("Ordinary", 200).pem.as_bytes());
    assert!(ordinary.certificates[0].cautions.is_empty(), "{:?}", ordinary.certificates[0].cautions);
    // Okta's ten years is ordinary; a year more is not.
    let ten_years = rsa_cert("Okta-like", NOW - Duration::days(365), NOW + Duration::days(9 * 365 + 2));
    assert!(inspect(ten_years.pem.as_bytes()).certificates[0].cautions.is_empty());
    let eleven = rsa_cert("Hand-made", NOW - Duration::days(365), NOW + Duration::days(flex_sso_metadata::LONG_LIVED_DAYS));
    assert_eq!(codes_of(&inspect(eleven.pem.as_bytes())), ["long_lived"]);
}
