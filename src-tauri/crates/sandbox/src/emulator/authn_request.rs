//! The AuthnRequest Flex sends to the IdP, in the HTTP-Redirect binding (SAML 2.0 bindings,
//! section 3.4.4.1: raw DEFLATE, then base64, then URL-encoding of the query parameter).

use std::io::Write;

use base64::Engine as _;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A request ID as SAML wants it: starts with a letter or underscore.
pub fn new_request_id() -> String {
    let mut id = String::from("_flexsandbox");
    for _ in 0..32 {
        id.push(fastrand::alphanumeric());
    }
    id
}

/// The AuthnRequest XML. Issuer is the connection's entity ID (`urn:flex:JQ…`); the ACS is the
/// connection's callback URL.
pub fn authn_request_xml(id: &str, issuer: &str, acs_url: &str, destination: &str, now: OffsetDateTime) -> String {
    let instant = now.replace_nanosecond(0).unwrap_or(now).format(&Rfc3339).unwrap_or_default();
    format!(
        concat!(
            r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" "#,
            r#"ID="{id}" Version="2.0" IssueInstant="{instant}" Destination="{destination}" "#,
            r#"ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" AssertionConsumerServiceURL="{acs}">"#,
            r#"<saml:Issuer>{issuer}</saml:Issuer></samlp:AuthnRequest>"#
        ),
        id = escape_attr(id),
        instant = instant,
        destination = escape_attr(destination),
        acs = escape_attr(acs_url),
        issuer = escape_attr(issuer),
    )
}

/// `{sso_url}?SAMLRequest=…&RelayState=…` (keeps any query the SSO URL already has).
pub fn redirect_url(sso_url: &str, request_xml: &str, relay_state: &str) -> String {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::default());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(request_xml.as_bytes());
    let deflated = encoder.finish().unwrap_or_default();
    let encoded = base64::engine::general_purpose::STANDARD.encode(deflated);
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("SAMLRequest", &encoded)
        .append_pair("RelayState", relay_state)
        .finish();
    let separator = if sso_url.contains('?') { '&' } else { '?' };
    format!("{sso_url}{separator}{query}")
}

/// An IdP-initiated sign-in at SimpleSAMLphp for the SP entry `sp_entity_id` (used for an IdP
/// app that still holds the legacy values and answers as that app whatever Flex asks).
pub fn idp_initiated_url(sso_url: &str, sp_entity_id: &str, relay_state: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("spentityid", sp_entity_id)
        .append_pair("RelayState", relay_state)
        .finish();
    let separator = if sso_url.contains('?') { '&' } else { '?' };
    format!("{sso_url}{separator}{query}")
}

pub(crate) fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::DeflateDecoder;
    use std::io::Read;
    use time::macros::datetime;

    #[test]
    fn the_redirect_carries_a_deflated_request_that_round_trips() {
        let xml = authn_request_xml(
            "_id1",
            "urn:flex:JQ5a4db0c5000000000000000000000001",
            "http://127.0.0.1:9/login/callback?connection=JQ5a4db0c5000000000000000000000001&x=1",
            "http://127.0.0.1:8/simplesaml/saml2/idp/SSOService.php",
            datetime!(2026-11-28 04:00:00.5 UTC),
        );
        assert!(xml.contains(r#"IssueInstant="2026-11-28T04:00:00Z""#), "{xml}");
        assert!(xml.contains(r#"AssertionConsumerServiceURL="http://127.0.0.1:9/login/callback?connection=JQ5a4db0c5000000000000000000000001&amp;x=1""#));
        assert!(xml.contains("<saml:Issuer>urn:flex:JQ5a4db0c5000000000000000000000001</saml:Issuer>"));

        let url = redirect_url("http://127.0.0.1:8/sso", &xml, "relay 1");
        let parsed = url::Url::parse(&url).unwrap();
        let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
        assert_eq!(pairs[1], ("RelayState".to_owned(), "relay 1".to_owned()));
        let bytes = base64::engine::general_purpose::STANDARD.decode(&pairs[0].1).unwrap();
        let mut inflated = String::new();
        DeflateDecoder::new(bytes.as_slice()).read_to_string(&mut inflated).unwrap();
        assert_eq!(inflated, xml);
    }

    #[test]
    fn an_existing_query_is_kept() {
        assert!(redirect_url("http://idp/sso?app=1", "<x/>", "r").starts_with("http://idp/sso?app=1&SAMLRequest="));
        assert_eq!(
            idp_initiated_url("http://idp/sso", "https://iam.twilio.com/v1/Accounts/AC1/saml2/metadata", "r"),
            "http://idp/sso?spentityid=https%3A%2F%2Fiam.twilio.com%2Fv1%2FAccounts%2FAC1%2Fsaml2%2Fmetadata&RelayState=r"
        );
    }

    #[test]
    fn request_ids_are_unique_and_start_with_an_underscore() {
        let a = new_request_id();
        assert!(a.starts_with('_') && a.len() == 44);
        assert_ne!(a, new_request_id());
    }
}
