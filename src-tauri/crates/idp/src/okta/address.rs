//! The Okta org URL the admin types: `acme.okta.com`, `https://acme.okta.com/`, a URL copied from
//! the browser with a path. The API lives at the org's origin.

use url::Url;

use crate::error::IdpError;
use crate::IdpKind;

/// The org's origin (`https://acme.okta.com`). Plain `http` only for loopback (the emulator):
/// the token must never cross a network in clear.
pub fn parse_org_url(text: &str) -> Result<Url, IdpError> {
    crate::address::origin_of(text, IdpKind::Okta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_is_kept_and_the_rest_dropped() {
        assert_eq!(parse_org_url(" acme.okta.com ").unwrap().as_str(), "https://acme.okta.com/");
        assert_eq!(parse_org_url("https://acme.okta.com/app/UserHome?x=1").unwrap().as_str(), "https://acme.okta.com/");
        assert_eq!(parse_org_url("http://127.0.0.1:4100").unwrap().as_str(), "http://127.0.0.1:4100/");
    }

    #[test]
    fn unsafe_or_broken_addresses_say_why() {
        let reason = |t: &str| match parse_org_url(t).unwrap_err() {
            IdpError::BadAddress { reason, .. } => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason(""), "it is empty");
        assert!(reason("http://acme.okta.com").contains("unencrypted"));
        assert_eq!(reason("ftp://acme.okta.com"), "it must start with https://");
        assert_eq!(reason("https://u:p@acme.okta.com"), "it has a user name or password in it");
    }
}
