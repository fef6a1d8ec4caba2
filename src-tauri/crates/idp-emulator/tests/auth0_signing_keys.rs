//! The Auth0 signing-key fixture agrees with the real certificates it was made from: `cert` is
//! the PEM file (with Auth0's CRLF line ends), `thumbprint` / `fingerprint` its SHA-1, and the
//! dates its validity.

use sha1::Digest;
use x509_parser::prelude::{parse_x509_pem, FromDer, X509Certificate};

const KEYS: &str = include_str!("../fixtures/auth0/signing-keys.json");

fn der_of_pem(text: &[u8]) -> Vec<u8> {
    let (_, pem) = parse_x509_pem(text).expect("PEM");
    pem.contents
}

#[test]
fn each_served_key_is_its_certificate() {
    let keys: serde_json::Map<String, serde_json::Value> = serde_json::from_str(KEYS).unwrap();
    assert_eq!(keys.keys().map(String::as_str).collect::<Vec<_>>(), ["current", "next", "previous"]);
    for (name, key) in &keys {
        let path = format!("{}/fixtures/auth0/signing-keys/{name}.pem", env!("CARGO_MANIFEST_DIR"));
        let der = der_of_pem(&std::fs::read(&path).expect("the certificate is committed"));
        let cert = key["cert"].as_str().unwrap();
        assert!(cert.contains("\r\n") && !cert.replace("\r\n", "").contains('\n'), "{name}: CRLF line ends");
        assert_eq!(der_of_pem(cert.as_bytes()), der, "{name}: cert is the certificate");
        let sha1 = sha1_hex(&der);
        assert_eq!(key["thumbprint"], sha1, "{name}");
        let colons: Vec<String> = sha1.as_bytes().chunks(2).map(|c| String::from_utf8(c.to_vec()).unwrap()).collect();
        assert_eq!(key["fingerprint"], colons.join(":"), "{name}");
        let (_, parsed) = X509Certificate::from_der(&der).expect("a real X.509 certificate");
        assert_eq!(parsed.subject().to_string(), "CN=dev-flexsso.us.auth0.com", "{name}");
        let at = |field: &str| {
            ::time::OffsetDateTime::parse(key[field].as_str().unwrap(), &::time::format_description::well_known::Rfc3339).unwrap().unix_timestamp()
        };
        assert_eq!(at("notBefore"), parsed.validity().not_before.timestamp(), "{name}");
        assert_eq!(at("notAfter"), parsed.validity().not_after.timestamp(), "{name}");
        assert!(key["pkcs7"].as_str().unwrap().starts_with("-----BEGIN PKCS7-----\r\n"), "{name}");
    }
}

fn sha1_hex(der: &[u8]) -> String {
    sha1::Sha1::digest(der).iter().map(|b| format!("{b:02X}")).collect()
}
