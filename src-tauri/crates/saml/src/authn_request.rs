//! The sign-in request Flex sends to the identity provider (an AuthnRequest, SAML core §3.4),
//! read for one thing: its Issuer, which is Flex's Entity ID for the connection that sent it.
//! `urn:flex:JQ…` means the login went through the new connection; the `iam.twilio.com`
//! metadata address means the legacy one. It is the only place the app can see which connection
//! Flex really used (Twilio's public API does not confirm which is active).

use serde::Serialize;

use crate::decode::decode_value_of_message;
use crate::xml::{child, parse, text, NS_SAML, NS_SAMLP};

/// Which of Flex's connections sent a sign-in request, from its Issuer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "connection", rename_all = "snake_case")]
pub enum RequestedBy {
    /// The new (OAuth 2.0) connection: `urn:flex:JQ…`.
    New { connection_sid: String },
    /// The legacy connection (`…/v1/Accounts/AC…/saml2/metadata`, or the older preview address).
    Legacy { issuer: String },
    /// An Issuer that is neither.
    Other { issuer: String },
}

/// The Issuer of an AuthnRequest given as the `SAMLRequest` value of the HTTP-Redirect binding
/// (base64 of DEFLATE) or of the HTTP-POST binding (base64), possibly percent-encoded.
pub fn authn_request_issuer(saml_request: &str) -> Option<String> {
    let xml = decode_value_of_message(saml_request).ok()?;
    let document = parse(&xml).ok()?;
    let root = document.root_element();
    if !root.has_tag_name((NS_SAMLP, "AuthnRequest")) {
        return None;
    }
    let issuer = text(child(root, NS_SAML, "Issuer")?);
    let issuer = issuer.trim();
    (!issuer.is_empty()).then(|| issuer.to_owned())
}

/// Which connection an Issuer names.
pub fn requested_by(issuer: &str) -> RequestedBy {
    if let Some(sid) = issuer.strip_prefix("urn:flex:") {
        return RequestedBy::New { connection_sid: sid.to_owned() };
    }
    let legacy = url::Url::parse(issuer).ok().is_some_and(|u| {
        let path = u.path().trim_end_matches('/');
        let parts: Vec<&str> = path.split('/').collect();
        // /v1/Accounts/AC…/saml2/metadata, or the older /iam/Accounts/AC…/saml2
        matches!(parts.as_slice(), ["", "v1", "Accounts", ac, "saml2", "metadata"] | ["", "iam", "Accounts", ac, "saml2"] if ac.starts_with("AC"))
    });
    if legacy {
        RequestedBy::Legacy { issuer: issuer.to_owned() }
    } else {
        RequestedBy::Other { issuer: issuer.to_owned() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";

    fn request(issuer: &str) -> String {
        format!(r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0" IssueInstant="2026-12-01T10:00:00Z"><saml:Issuer>{issuer}</saml:Issuer></samlp:AuthnRequest>"#)
    }

    fn redirect_binding(xml: &str) -> String {
        let deflated = miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 6);
        let b64 = base64::engine::general_purpose::STANDARD.encode(deflated);
        form_urlencoded::byte_serialize(b64.as_bytes()).collect()
    }

    #[test]
    fn the_issuer_is_read_from_either_binding() {
        let xml = request("urn:flex:JQ1");
        assert_eq!(authn_request_issuer(&redirect_binding(&xml)).as_deref(), Some("urn:flex:JQ1"));
        let post = base64::engine::general_purpose::STANDARD.encode(xml.as_bytes());
        assert_eq!(authn_request_issuer(&post).as_deref(), Some("urn:flex:JQ1"));
    }

    #[test]
    fn other_messages_and_garbage_give_nothing() {
        let response = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>"#;
        assert_eq!(authn_request_issuer(&base64::engine::general_purpose::STANDARD.encode(response)), None);
        assert_eq!(authn_request_issuer("not base64 at all!"), None);
        assert_eq!(authn_request_issuer(&redirect_binding(&request("  "))), None);
    }

    #[test]
    fn the_issuer_names_the_connection() {
        assert_eq!(requested_by("urn:flex:JQ1"), RequestedBy::New { connection_sid: "JQ1".into() });
        let legacy = format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2/metadata");
        assert_eq!(requested_by(&legacy), RequestedBy::Legacy { issuer: legacy.clone() });
        let older = format!("https://preview.twilio.com/iam/Accounts/{AC}/saml2");
        assert!(matches!(requested_by(&older), RequestedBy::Legacy { .. }));
        assert!(matches!(requested_by("https://example.com/sp"), RequestedBy::Other { .. }));
    }
}
