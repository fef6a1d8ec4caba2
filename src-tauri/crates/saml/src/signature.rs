//! Reading an enveloped XML Signature (`<ds:Signature>`) and checking it: structure, algorithms,
//! digest and RSA signature, against the configured certificates.
//!
//! Only the shape SAML uses is accepted: the Signature is a child of the element it signs, with
//! exactly one Reference whose URI is `#` + that element's `ID`. Anything else is reported, never
//! guessed at, which is what defeats signature-wrapping (a valid signature over one element
//! while the SP reads another).

use base64::Engine as _;
use roxmltree::{Node, NodeId};
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::c14n::{self, Method};
use crate::certificate::{Certificate, CertificateInfo};
use crate::xml::{child, children, text, NS_DS, NS_EXC_C14N};

const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/// A digest or signature algorithm, as far as this app knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn digest_from_uri(uri: &str) -> Option<Hash> {
        // xmldsig-core §6.2 and RFC 6931 §2.1.
        match uri {
            "http://www.w3.org/2000/09/xmldsig#sha1" => Some(Hash::Sha1),
            "http://www.w3.org/2001/04/xmlenc#sha256" => Some(Hash::Sha256),
            "http://www.w3.org/2001/04/xmldsig-more#sha384" => Some(Hash::Sha384),
            "http://www.w3.org/2001/04/xmlenc#sha512" => Some(Hash::Sha512),
            _ => None,
        }
    }

    fn rsa_from_uri(uri: &str) -> Option<Hash> {
        // xmldsig-core §6.4.2 and RFC 6931 §2.3.
        match uri {
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1" => Some(Hash::Sha1),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" => Some(Hash::Sha256),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384" => Some(Hash::Sha384),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512" => Some(Hash::Sha512),
            _ => None,
        }
    }

    /// The digest of the canonical form of `apex` without `exclude`, streamed: the octets go
    /// into the hash as they are written and are never held whole.
    fn digest_canonical(self, apex: Node<'_, '_>, method: &Method, exclude: Option<NodeId>) -> Result<Vec<u8>, c14n::C14nError> {
        fn streamed<D: Digest>(apex: Node<'_, '_>, method: &Method, exclude: Option<NodeId>) -> Result<Vec<u8>, c14n::C14nError> {
            let mut sink = DigestSink(D::new());
            c14n::canonicalize_into(apex, method, exclude, &mut sink)?;
            Ok(sink.0.finalize().to_vec())
        }
        match self {
            Hash::Sha1 => streamed::<Sha1>(apex, method, exclude),
            Hash::Sha256 => streamed::<Sha256>(apex, method, exclude),
            Hash::Sha384 => streamed::<Sha384>(apex, method, exclude),
            Hash::Sha512 => streamed::<Sha512>(apex, method, exclude),
        }
    }

    fn verify(self, key: &rsa::PublicKey, message: &[u8], signature: &[u8]) -> bool {
        match self {
            Hash::Sha1 => key.pkcs1v15_verify::<Sha1>(message, signature).is_ok(),
            Hash::Sha256 => key.pkcs1v15_verify::<Sha256>(message, signature).is_ok(),
            Hash::Sha384 => key.pkcs1v15_verify::<Sha384>(message, signature).is_ok(),
            Hash::Sha512 => key.pkcs1v15_verify::<Sha512>(message, signature).is_ok(),
        }
    }
}

/// Feeds canonical octets to a hash (the canonicalizer hands them over in pieces of kilobytes).
struct DigestSink<D>(D);

impl<D: Digest> c14n::Sink for DigestSink<D> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

/// The outcome of the cryptographic check of one signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Crypto {
    /// Verified with the key of a configured certificate.
    Verified { certificate_sha256: String },
    /// Only the certificate inside the response verifies it; it is not a configured one.
    VerifiedByUntrustedCertificate { certificate_sha256: String },
    /// The signed content differs from what was signed (digest mismatch).
    DigestMismatch,
    /// The signature value does not verify with any key at hand.
    SignatureMismatch,
    /// Not checked, and why.
    NotChecked { reason: String },
}

/// What the report shows about one signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureSummary {
    /// `response` or `assertion`.
    pub signs: String,
    pub signature_algorithm: String,
    pub digest_algorithm: String,
    pub canonicalization: String,
    /// The certificate the signature carries (KeyInfo), if any.
    pub certificate: Option<CertificateInfo>,
    /// Whether that certificate is one of the configured ones (by SHA-256 fingerprint).
    pub certificate_configured: Option<bool>,
    /// `true` if SHA-1 is used anywhere in it (Flex requires SHA-256).
    pub weak_algorithm: bool,
    pub crypto: Crypto,
    /// Structural problems, in plain words (empty when the shape is right).
    pub problems: Vec<String>,
    /// What explains the cryptographic result more precisely, in plain words.
    pub remarks: Vec<String>,
    /// The length of the signing key when it is shorter than [`crate::certificate::MIN_RSA_BITS`].
    pub short_key_bits: Option<u32>,
}

/// Checks the Signature element `sig`, a child of `signed` (the Response or the Assertion).
/// `id_unique` says whether `signed`'s ID occurs once in the document (checked by the caller).
pub(crate) fn check(sig: Node<'_, '_>, signed: Node<'_, '_>, signs: &str, id_unique: bool, trusted: &[Certificate]) -> SignatureSummary {
    let mut summary = SignatureSummary {
        signs: signs.to_owned(),
        signature_algorithm: String::new(),
        digest_algorithm: String::new(),
        canonicalization: String::new(),
        certificate: None,
        certificate_configured: None,
        weak_algorithm: false,
        crypto: Crypto::NotChecked { reason: String::new() },
        problems: Vec::new(),
        remarks: Vec::new(),
        short_key_bits: None,
    };

    // The carried certificate, for display and comparison (KeyInfo/X509Data/X509Certificate).
    let embedded = child(sig, NS_DS, "KeyInfo")
        .and_then(|k| child(k, NS_DS, "X509Data"))
        .and_then(|d| child(d, NS_DS, "X509Certificate"))
        .and_then(|c| Certificate::from_base64(&text(c), 1).ok());
    if let Some(cert) = &embedded {
        summary.certificate = Some(cert.info().clone());
        summary.certificate_configured =
            Some(trusted.iter().any(|t| t.info().sha256_fingerprint == cert.info().sha256_fingerprint));
    }

    let not_checked = |summary: &mut SignatureSummary, reason: String| {
        summary.crypto = Crypto::NotChecked { reason };
    };

    let Some(signed_info) = child(sig, NS_DS, "SignedInfo") else {
        summary.problems.push("The signature has no SignedInfo element.".to_owned());
        not_checked(&mut summary, "the signature is incomplete".to_owned());
        return summary;
    };
    let c14n_node = child(signed_info, NS_DS, "CanonicalizationMethod");
    summary.canonicalization = c14n_node.and_then(|n| n.attribute("Algorithm")).unwrap_or("").to_owned();
    summary.signature_algorithm = child(signed_info, NS_DS, "SignatureMethod")
        .and_then(|n| n.attribute("Algorithm"))
        .unwrap_or("")
        .to_owned();
    let references: Vec<_> = children(signed_info, NS_DS, "Reference").collect();
    let Some(reference) = references.first().copied() else {
        summary.problems.push("The signature has no Reference, so it signs nothing.".to_owned());
        not_checked(&mut summary, "the signature signs nothing".to_owned());
        return summary;
    };
    summary.digest_algorithm = child(reference, NS_DS, "DigestMethod")
        .and_then(|n| n.attribute("Algorithm"))
        .unwrap_or("")
        .to_owned();
    let digest_hash = Hash::digest_from_uri(&summary.digest_algorithm);
    let signature_hash = Hash::rsa_from_uri(&summary.signature_algorithm);
    summary.weak_algorithm = digest_hash == Some(Hash::Sha1) || signature_hash == Some(Hash::Sha1);

    // Shape: one reference, pointing at the very element the signature sits in.
    if references.len() != 1 {
        summary.problems.push(format!(
            "The signature has {} references; a SAML signature has exactly one, to the element it sits in.",
            references.len()
        ));
    }
    let signed_id = signed.attribute("ID").unwrap_or("");
    let uri = reference.attribute("URI").unwrap_or("");
    if signed_id.is_empty() {
        summary.problems.push(format!("The signed {signs} has no ID attribute, so the signature cannot point to it."));
    } else if uri != format!("#{signed_id}") {
        summary.problems.push(format!(
            "The signature points to \"{uri}\" but sits in the {signs} with ID \"{signed_id}\": it signs something else than what Flex reads."
        ));
    }
    if !id_unique {
        summary.problems.push(format!(
            "The ID \"{signed_id}\" appears more than once in the response, a sign of a signature-wrapping attack."
        ));
    }
    if !summary.problems.is_empty() {
        not_checked(&mut summary, "the signature does not cover the element it sits in".to_owned());
        return summary;
    }

    // Algorithms this app can compute.
    let Some(digest_hash) = digest_hash else {
        let reason = format!("the digest algorithm {} is not supported here", or_none(&summary.digest_algorithm));
        not_checked(&mut summary, reason);
        return summary;
    };
    let Some(signature_hash) = signature_hash else {
        let reason = format!("the signature algorithm {} is not supported here", or_none(&summary.signature_algorithm));
        not_checked(&mut summary, reason);
        return summary;
    };
    let Some(signed_info_method) = Method::from_uri(&summary.canonicalization, inclusive_prefixes(c14n_node)) else {
        let reason = format!("the canonicalization {} is not supported here", or_none(&summary.canonicalization));
        not_checked(&mut summary, reason);
        return summary;
    };
    let (reference_method, repeated) = match reference_transforms(reference) {
        Ok(found) => found,
        Err(reason) => {
            not_checked(&mut summary, reason);
            return summary;
        }
    };
    let engine = base64::engine::general_purpose::STANDARD;
    let digest_value = child(reference, NS_DS, "DigestValue").map(|n| compact(&text(n))).filter(|v| !v.is_empty());
    let Some(Ok(expected_digest)) = digest_value.map(|v| engine.decode(v)) else {
        summary.problems.push("The signature's DigestValue is missing or not base64.".to_owned());
        not_checked(&mut summary, "the signature is incomplete".to_owned());
        return summary;
    };
    let signature_value = child(sig, NS_DS, "SignatureValue").map(|n| compact(&text(n))).filter(|v| !v.is_empty());
    let Some(Ok(signature_bytes)) = signature_value.map(|v| engine.decode(v)) else {
        summary.problems.push("The SignatureValue is missing or not base64.".to_owned());
        not_checked(&mut summary, "the signature is incomplete".to_owned());
        return summary;
    };

    // Digest of the signed element without this signature (enveloped-signature transform).
    // A same-document "#ID" reference never includes comments (xmldsig-core §4.4.3.3).
    let method = Method { with_comments: false, ..reference_method };
    let digest = match digest_hash.digest_canonical(signed, &method, Some(sig.id())) {
        Ok(digest) => digest,
        Err(e) => return refuse_canonicalization(summary, signs, e),
    };
    if digest != expected_digest {
        summary.crypto = Crypto::DigestMismatch;
        return summary;
    }

    let canonical_signed_info = match c14n::canonicalize(signed_info, &signed_info_method, None) {
        Ok(bytes) => bytes,
        Err(e) => return refuse_canonicalization(summary, "signature's SignedInfo", e),
    };
    let verifies = |cert: &Certificate| {
        cert.rsa_key().is_some_and(|key| signature_hash.verify(key, &canonical_signed_info, &signature_bytes))
    };
    // With no configured certificate, the carried one is the only key there is to judge.
    let judged: Vec<&Certificate> = if trusted.is_empty() { embedded.iter().collect() } else { trusted.iter().collect() };
    if let Some(cert) = trusted.iter().find(|c| verifies(c)) {
        summary.crypto = Crypto::Verified { certificate_sha256: cert.info().sha256_fingerprint.clone() };
        summary.short_key_bits = cert.short_rsa_bits();
    } else if let Some(cert) = embedded.as_ref().filter(|c| verifies(c)) {
        summary.crypto = Crypto::VerifiedByUntrustedCertificate { certificate_sha256: cert.info().sha256_fingerprint.clone() };
        if trusted.is_empty() {
            summary.short_key_bits = cert.short_rsa_bits();
        }
    } else if trusted.iter().any(|c| c.rsa_key().is_some()) || embedded.as_ref().is_some_and(|c| c.rsa_key().is_some()) {
        summary.crypto = Crypto::SignatureMismatch;
        if !repeated.is_empty() {
            // The references held (the digest matched): what changed is SignedInfo itself.
            summary.remarks.push(format!(
                "The signed content is unchanged (its digest matches), but the signature over SignedInfo does not verify, and SignedInfo lists the transform {} more than once, which no identity provider writes: SignedInfo was altered after it was signed.",
                repeated.join(", ")
            ));
        }
    } else if let Some(bits) = judged.iter().filter_map(|c| c.short_rsa_bits()).min() {
        summary.short_key_bits = Some(bits);
        not_checked(&mut summary, format!("the signing key is only {bits} bits long, too short for a signature to prove who made it"));
    } else {
        not_checked(&mut summary, "no RSA certificate is at hand to check it with".to_owned());
    }
    summary
}

/// A signed part whose canonical form this app refuses to build: a crafted response.
fn refuse_canonicalization(mut summary: SignatureSummary, what: &str, e: c14n::C14nError) -> SignatureSummary {
    summary.problems.push(format!("The {what} was not canonicalized: {e}."));
    summary.crypto = Crypto::NotChecked { reason: "its signed part cannot be canonicalized".to_owned() };
    summary
}

/// The canonicalization a Reference's transforms ask for, and the transforms listed more than
/// once. Allowed: enveloped-signature and at most one canonicalization; with none, XML
/// Signature falls back to Canonical XML 1.0 (xmldsig-core §4.4.3.2). A transform repeated
/// with the same parameters changes nothing (both are idempotent: the signature is already
/// gone, the octets already canonical), so it is computed like a single one and reported, as
/// xmlsec1 does; a second, different canonicalization is not supported.
fn reference_transforms(reference: Node<'_, '_>) -> Result<(Method, Vec<String>), String> {
    let mut method: Option<Method> = None;
    let mut enveloped = false;
    let mut repeated = Vec::new();
    for transform in child(reference, NS_DS, "Transforms").into_iter().flat_map(|t| children(t, NS_DS, "Transform")) {
        let algorithm = transform.attribute("Algorithm").unwrap_or("");
        if algorithm == ENVELOPED {
            if enveloped {
                repeated.push(format!("\"{algorithm}\""));
            }
            enveloped = true;
            continue;
        }
        match (Method::from_uri(algorithm, inclusive_prefixes(Some(transform))), &method) {
            (Some(m), None) => method = Some(m),
            (Some(m), Some(first)) if m == *first => repeated.push(format!("\"{algorithm}\"")),
            _ => return Err(format!("the transform {} is not supported here", or_none(algorithm))),
        }
    }
    if !enveloped {
        return Err("the signature lacks the enveloped-signature transform that SAML signatures use".to_owned());
    }
    repeated.dedup();
    Ok((method.unwrap_or(Method { exclusive: false, with_comments: false, inclusive_prefixes: Vec::new() }), repeated))
}

/// The PrefixList of an `ec:InclusiveNamespaces` child, split on whitespace.
fn inclusive_prefixes(node: Option<Node<'_, '_>>) -> Vec<String> {
    node.and_then(|n| child(n, NS_EXC_C14N, "InclusiveNamespaces"))
        .and_then(|n| n.attribute("PrefixList"))
        .map(|list| list.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn or_none(s: &str) -> String {
    if s.is_empty() { "(none given)".to_owned() } else { format!("\"{s}\"") }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed digest is the digest of the collected canonical form, for every signed
    /// element of the captured responses and of one grown past the writer's piece size.
    #[test]
    fn the_streamed_digest_equals_the_digest_of_the_collected_octets() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/fixtures/idp/captured"
        );
        let mut documents: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "xml"))
            .map(|path| std::fs::read_to_string(path).unwrap())
            .collect();
        let values: String = (0..3000)
            .map(|i| {
                format!(
                    "<saml:AttributeValue xsi:type=\"xs:string\">g&amp;{i}</saml:AttributeValue>"
                )
            })
            .collect();
        let grown = documents[0].replacen("</saml:AttributeStatement>", &format!("<saml:Attribute Name=\"groups\">{values}</saml:Attribute></saml:AttributeStatement>"), 1);
        assert!(grown.len() > 10 * 16 * 1024, "{} bytes", grown.len());
        documents.push(grown);
        let mut compared = 0;
        for xml in &documents {
            let doc = roxmltree::Document::parse(xml).unwrap();
            for sig in doc
                .descendants()
                .filter(|n| n.has_tag_name((NS_DS, "Signature")))
            {
                let signed = sig.parent_element().unwrap();
                for uri in [c14n::EXC_C14N, c14n::C14N_10] {
                    let method = Method::from_uri(uri, vec!["xs".to_owned()]).unwrap();
                    let collected = c14n::canonicalize(signed, &method, Some(sig.id())).unwrap();
                    for (hash, expected) in [
                        (Hash::Sha1, Sha1::digest(&collected).to_vec()),
                        (Hash::Sha256, Sha256::digest(&collected).to_vec()),
                        (Hash::Sha384, Sha384::digest(&collected).to_vec()),
                        (Hash::Sha512, Sha512::digest(&collected).to_vec()),
                    ] {
                        assert_eq!(
                            hash.digest_canonical(signed, &method, Some(sig.id()))
                                .unwrap(),
                            expected,
                            "{hash:?}, {uri}"
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared >= 8 * 6, "{compared} digests compared");
    }
}
