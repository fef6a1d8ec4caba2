//! The signing-key fixture agrees with the real certificates it was made from: the served `x5c`
//! is the certificate's DER, `x5t#S256` its SHA-256, `n`/`e` its RSA key, `expiresAt` its end.

use base64::Engine;
use sha2::{Digest, Sha256};
use x509_parser::prelude::{parse_x509_pem, FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

const KEYS: &str = include_str!("../fixtures/okta/signing-keys.json");

fn pem_of(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/okta/signing-keys/{name}.pem", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read(&path).expect("the certificate is committed");
    let (_, pem) = parse_x509_pem(&text).expect("PEM");
    pem.contents
}

#[test]
fn each_served_key_is_its_certificate() {
    let keys: serde_json::Map<String, serde_json::Value> = serde_json::from_str(KEYS).unwrap();
    assert_eq!(keys.len(), 6);
    let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    for (name, key) in &keys {
        let der = pem_of(name);
        let x5c = base64::engine::general_purpose::STANDARD.decode(key["x5c"][0].as_str().unwrap()).unwrap();
        assert_eq!(x5c, der, "{name}: x5c is the certificate");
        assert_eq!(key["x5t#S256"], b64url.encode(Sha256::digest(&der)), "{name}");
        let (_, cert) = X509Certificate::from_der(&der).expect("a real X.509 certificate");
        let Ok(PublicKey::RSA(rsa)) = cert.public_key().parsed() else { panic!("{name}: RSA") };
        let modulus = rsa.modulus.iter().skip_while(|b| **b == 0).copied().collect::<Vec<_>>();
        assert_eq!(key["n"], b64url.encode(&modulus), "{name}: n");
        assert_eq!(key["e"], b64url.encode(rsa.exponent), "{name}: e");
        assert_eq!(modulus.len(), 256, "{name}: RSA-2048");
        let expires = ::time::OffsetDateTime::parse(key["expiresAt"].as_str().unwrap(), &::time::format_description::well_known::Rfc3339).unwrap();
        assert_eq!(expires.unix_timestamp(), cert.validity().not_after.timestamp(), "{name}: expiresAt");
        assert_eq!(key["kid"].as_str().unwrap().len(), 43, "{name}: an Okta-length kid");
    }
}

#[test]
fn each_graph_certificate_is_its_pem_with_its_sha1_thumbprint() {
    use sha1::Sha1;
    let certificates: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("../fixtures/graph/signing-certificates.json")).unwrap();
    assert_eq!(certificates.len(), 4);
    for (name, certificate) in &certificates {
        let der = pem_of(name);
        let key = base64::engine::general_purpose::STANDARD.decode(certificate["key"].as_str().unwrap()).unwrap();
        assert_eq!(key, der, "{name}: key is the certificate");
        let thumbprint: String = Sha1::digest(&der).iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(certificate["thumbprint"], thumbprint, "{name}");
        let (_, cert) = X509Certificate::from_der(&der).unwrap();
        let end = ::time::OffsetDateTime::parse(certificate["endDateTime"].as_str().unwrap(), &::time::format_description::well_known::Rfc3339).unwrap();
        assert_eq!(end.unix_timestamp(), cert.validity().not_after.timestamp(), "{name}: endDateTime");
    }
}
