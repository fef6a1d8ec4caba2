//! SAML bindings of `SingleSignOnService` endpoints, and which one Flex should be given.
//!
//! Why HTTP-Redirect first: Flex starts the login itself (SP-initiated) and sends the browser to
//! the IdP with an AuthnRequest. Twilio's own Salesforce instructions give
//! `https://{sub}.salesforce.com/idp/endpoint/HttpRedirect` as the Single Sign-On URL
//! (FLEX-SSO-FACTS section 4), i.e. the HTTP-Redirect endpoint, and the SAML web browser SSO
//! profile names HTTP-Redirect as the usual binding for that request (saml-profiles-2.0-os,
//! section 4.1.3.1 and saml-bindings-2.0-os, section 3.4). HTTP-POST comes second: Okta, Google
//! and Entra ID serve both bindings at the same URL, so the POST address usually works too
//! `[inferred]`. SOAP and Artifact endpoints cannot receive a browser redirect and are never offered.

use serde::Serialize;

/// saml-bindings-2.0-os, section 3.4.
pub const HTTP_REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
/// saml-bindings-2.0-os, section 3.5.
pub const HTTP_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/// One `SingleSignOnService` as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SsoEndpoint {
    /// The binding URN exactly as in the metadata.
    pub binding: String,
    /// The `Location`: the Single Sign-On URL.
    pub url: String,
    /// Short name for display, e.g. `HTTP-Redirect`.
    pub binding_name: String,
    /// True for the one endpoint to paste as the Console's Single Sign-On URL.
    pub use_for_flex: bool,
}

impl SsoEndpoint {
    pub fn new(binding: &str, url: &str) -> Self {
        Self { binding: binding.to_owned(), url: url.to_owned(), binding_name: short_name(binding), use_for_flex: false }
    }
}

/// `urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST` -> `HTTP-POST`; other URNs unchanged.
pub fn short_name(binding: &str) -> String {
    binding.rsplit_once(":bindings:").map(|(_, name)| name.to_owned()).unwrap_or_else(|| binding.to_owned())
}

/// Marks the endpoint Flex should use (the first HTTP-Redirect, else the first HTTP-POST) and
/// returns its index, or `None` if no endpoint has a browser binding.
pub fn mark_flex_choice(endpoints: &mut [SsoEndpoint]) -> Option<usize> {
    let index = [HTTP_REDIRECT, HTTP_POST]
        .iter()
        .find_map(|wanted| endpoints.iter().position(|e| e.binding == *wanted && !e.url.is_empty()))?;
    endpoints[index].use_for_flex = true;
    Some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_redirect_then_post_and_never_soap() {
        const SOAP: &str = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP";
        let cases: &[(&[&str], Option<usize>)] = &[
            (&[HTTP_POST, HTTP_REDIRECT], Some(1)),
            (&[HTTP_REDIRECT, HTTP_POST], Some(0)),
            (&[SOAP, HTTP_POST], Some(1)),
            (&[SOAP], None),
            (&[], None),
        ];
        for (bindings, expected) in cases {
            let mut endpoints: Vec<SsoEndpoint> = bindings.iter().map(|b| SsoEndpoint::new(b, "https://idp.example/sso")).collect();
            assert_eq!(mark_flex_choice(&mut endpoints), *expected, "{bindings:?}");
            assert_eq!(endpoints.iter().filter(|e| e.use_for_flex).count(), usize::from(expected.is_some()));
        }
        assert_eq!(short_name(HTTP_POST), "HTTP-POST");
        assert_eq!(short_name("urn:mace:shibboleth:1.0:profiles:AuthnRequest"), "urn:mace:shibboleth:1.0:profiles:AuthnRequest");
    }
}
