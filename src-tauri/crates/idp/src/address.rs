//! The address the admin types for an IdP (`acme.okta.com`, `https://your-tenant.us.auth0.com/`,
//! a URL copied from the browser with a path), reduced to the origin the API lives at.

use url::Url;

use crate::error::IdpError;
use crate::IdpKind;

/// The origin (`https://acme.okta.com`). Plain `http` only for loopback (the emulator): the token
/// must never cross a network in clear.
pub(crate) fn origin_of(text: &str, idp: IdpKind) -> Result<Url, IdpError> {
    let bad = |reason: &str| IdpError::BadAddress { idp, reason: reason.to_owned() };
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
