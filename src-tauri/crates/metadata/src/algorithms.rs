//! Names for the algorithm identifiers found in certificates, kept as data.
//!
//! IdP consoles (ADFS, Entra ID, Okta) and `openssl x509 -text` show these names, so the admin can
//! compare what we display with what their IdP displays. Unknown identifiers fall back to the
//! dotted OID so nothing is hidden. Which key a certificate has is read by `flex-sso-certificate`
//! (`KeyKind`); only the names shown for it live here.

/// How strong the hash inside a signature algorithm is, for the `weak_signature_algorithm` check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashStrength {
    /// SHA-256 or better.
    Strong,
    /// SHA-1: collisions shown in practice (SHAttered, 2017).
    Sha1,
    /// MD5 or MD2: broken for certificates since 2008.
    Md5,
}

/// Certificate signature algorithms: OID, the name OpenSSL and IdP consoles show, hash strength.
/// Sources: RFC 3279 section 2.2 (md2/md5/sha1 with RSA, DSA, ecdsa-with-SHA1), RFC 4055 section 5
/// (sha224..sha512WithRSAEncryption, RSASSA-PSS), RFC 5758 section 3 (ecdsa-with-SHA2, dsa-with-sha256),
/// RFC 8410 section 3 (Ed25519, Ed448).
const SIGNATURE_ALGORITHMS: &[(&str, &str, HashStrength)] = &[
    ("1.2.840.113549.1.1.2", "md2WithRSAEncryption", HashStrength::Md5),
    ("1.2.840.113549.1.1.4", "md5WithRSAEncryption", HashStrength::Md5),
    ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption", HashStrength::Sha1),
    ("1.3.14.3.2.29", "sha1WithRSAEncryption", HashStrength::Sha1),
    ("1.2.840.113549.1.1.14", "sha224WithRSAEncryption", HashStrength::Strong),
    ("1.2.840.113549.1.1.11", "sha256WithRSAEncryption", HashStrength::Strong),
    ("1.2.840.113549.1.1.12", "sha384WithRSAEncryption", HashStrength::Strong),
    ("1.2.840.113549.1.1.13", "sha512WithRSAEncryption", HashStrength::Strong),
    ("1.2.840.113549.1.1.10", "rsassaPss", HashStrength::Strong),
    ("1.2.840.10045.4.1", "ecdsa-with-SHA1", HashStrength::Sha1),
    ("1.2.840.10045.4.3.1", "ecdsa-with-SHA224", HashStrength::Strong),
    ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256", HashStrength::Strong),
    ("1.2.840.10045.4.3.3", "ecdsa-with-SHA384", HashStrength::Strong),
    ("1.2.840.10045.4.3.4", "ecdsa-with-SHA512", HashStrength::Strong),
    ("1.2.840.10040.4.3", "dsa-with-sha1", HashStrength::Sha1),
    ("2.16.840.1.101.3.4.3.2", "dsa-with-sha256", HashStrength::Strong),
    ("1.3.101.112", "Ed25519", HashStrength::Strong),
    ("1.3.101.113", "Ed448", HashStrength::Strong),
];

/// Named curves, with the names IdP consoles use. Source: RFC 5480 section 2.1.1.1.
const CURVES: &[(&str, &str)] = &[
    ("1.2.840.10045.3.1.7", "P-256"),
    ("1.3.132.0.34", "P-384"),
    ("1.3.132.0.35", "P-521"),
    ("1.3.132.0.10", "secp256k1"),
];

/// The display name and hash strength of a signature algorithm OID (dotted form).
pub fn signature_algorithm(oid: &str) -> (String, HashStrength) {
    SIGNATURE_ALGORITHMS
        .iter()
        .find(|(known, _, _)| *known == oid)
        .map(|(_, name, strength)| ((*name).to_owned(), *strength))
        .unwrap_or_else(|| (oid.to_owned(), HashStrength::Strong))
}

/// The display name of a named curve OID, or the OID itself.
pub fn curve_name(oid: &str) -> String {
    CURVES.iter().find(|(known, _)| *known == oid).map(|(_, name)| (*name).to_owned()).unwrap_or_else(|| oid.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_algorithms() {
        let cases: &[(&str, &str, HashStrength)] = &[
            ("1.2.840.113549.1.1.11", "sha256WithRSAEncryption", HashStrength::Strong),
            ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption", HashStrength::Sha1),
            ("1.2.840.113549.1.1.4", "md5WithRSAEncryption", HashStrength::Md5),
            ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256", HashStrength::Strong),
            ("1.2.3.4", "1.2.3.4", HashStrength::Strong),
        ];
        for (oid, name, strength) in cases {
            assert_eq!(signature_algorithm(oid), ((*name).to_owned(), *strength), "oid {oid}");
        }
        assert_eq!(curve_name("1.3.132.0.34"), "P-384");
        assert_eq!(curve_name("1.9.9"), "1.9.9");
    }
}
