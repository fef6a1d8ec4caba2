//! Re-signs an enveloped XML signature (the shape SimpleSAMLphp writes: exclusive C14N, RSA-SHA256,
//! SHA-256 digest, `Reference URI="#ID"` on the signed element) after its element was changed.
//!
//! The canonical forms come from the SAML crate's own canonicalizer (its fuzzing entry point).
//! That would be circular in a test of canonicalization, but here it only makes benchmark
//! inputs, and it is checked independently: signing the unchanged fixture again gives
//! SimpleSAMLphp's own digests and signature values byte for byte (RSA PKCS#1 v1.5 is
//! deterministic; `saml_input`'s tests), and the benchmark asserts that the diagnosis verifies
//! both signatures of every input before timing it.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flex_sso_saml::fuzzing::canonicalize_root;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use sha2::{Digest, Sha256};

const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// The RSA key from a PKCS#8 PEM.
pub fn signing_key(pem: &str) -> SigningKey<Sha256> {
    let der = STANDARD.decode(crate::pem_body(pem)).expect("the key PEM is base64");
    SigningKey::new(rsa::PrivateKey::from_pkcs8_der(&der).expect("a PKCS#8 RSA key"))
}

/// Byte range of the first `<{prefix}:{local} ...>...</{prefix}:{local}>` in `text` from `from`.
pub fn element_range(text: &str, qname: &str, from: usize) -> std::ops::Range<usize> {
    let start = from + text[from..].find(&format!("<{qname}")).unwrap_or_else(|| panic!("no <{qname}>"));
    let close = format!("</{qname}>");
    let end = start + text[start..].find(&close).unwrap_or_else(|| panic!("no {close}")) + close.len();
    start..end
}

/// `element` (an element's whole text) with `declarations` added to its start tag, so it can be
/// canonicalized as a document of its own. Exclusive C14N renders a namespace only where it is
/// visibly used, so declarations the element inherited in place can be written on it instead
/// with the same canonical result.
fn standalone(element: &str, declarations: &str) -> String {
    let name_end = element.find([' ', '>']).expect("a start tag");
    format!("{} {declarations}{}", &element[..name_end], &element[name_end..])
}

fn canonical(element: &str, declarations: &str) -> Vec<u8> {
    canonicalize_root(&standalone(element, declarations), EXC_C14N, Vec::new()).expect("the element canonicalizes")
}

fn replace_text_of(text: &mut String, qname: &str, within: std::ops::Range<usize>, value: &str) {
    let range = element_range(text, qname, within.start);
    assert!(range.end <= within.end, "<{qname}> is outside the signature");
    let open_end = range.start + text[range.clone()].find('>').unwrap() + 1;
    let close_start = range.end - format!("</{qname}>").len();
    text.replace_range(open_end..close_start, value);
}

/// Signs `element` again: the element is the whole text of the signed element, holding its
/// `ds:Signature` (the first one inside it, as a direct child), and `inherited` the namespace
/// declarations it gets from its ancestors in place (written `xmlns:p="…"`).
pub fn resign(element: &str, inherited: &str, key: &SigningKey<Sha256>) -> String {
    let signature = element_range(element, "ds:Signature", 1);
    // Enveloped-signature transform: the digest is over the element without its signature.
    let unsigned = format!("{}{}", &element[..signature.start], &element[signature.end..]);
    let digest = STANDARD.encode(Sha256::digest(canonical(&unsigned, inherited)));

    let mut out = element.to_owned();
    replace_text_of(&mut out, "ds:DigestValue", signature.clone(), &digest);
    let signature = element_range(&out, "ds:Signature", 1);
    let signed_info = element_range(&out, "ds:SignedInfo", signature.start);
    let signed_info_text = out[signed_info].to_owned();
    let value = key.sign(&canonical(&signed_info_text, &format!("xmlns:ds=\"{DS_NS}\" {inherited}")));
    replace_text_of(&mut out, "ds:SignatureValue", signature, &STANDARD.encode(value.to_bytes()));
    out
}
