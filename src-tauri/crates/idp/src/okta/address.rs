//! The Okta org URL the admin types: `acme.okta.com`, `https://acme.okta.com/`, a URL copied from
//! the browser with a path. The API lives at the org's origin.

use url::Url;

use crate::error::IdpError;
use crate::IdpKind;

/// The org's origin (`https://acme.okta.com`). Plain `http` only for loopback (the emulator):
/// the token must never cross a network in clear.
pub fn parse_org_url(text: &str) -> Result<Url, IdpError> {
    let bad = |reason: &str| IdpError::BadAddress { idp: IdpKind::Okta, reason: reason.to_owned() };
    let text = text.trim();
    if text.is_empty() {
        return Err(bad("it is empty"));
    }
    let with_scheme = if text.contains("://") { text.to_owned() } else { format!("https://{text}") };
    let url = Url::parse(&with_scheme).map_err(|_| bad("it is not a web address"))?;
    let Some(host) = url.host_str() else {
        return Err(bad("it has no host name"));
    };
    let loopback = matches!(url.host(), Some(url::Host::Ipv4(ip)) if ip.is_loopback())
        || matches!(url.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
        || host == "localhost";
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(bad("it starts with http://, and the token would travel unencrypted; use https://")),
        _ => return Err(bad("it must start with https://")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("it has a user name or password in it"));
    }
    let origin = url.origin().ascii_serialization();
    Url::parse(&origin).map_err(|_| bad("it is not a web address"))
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
