//! The two things the admin (or the app's settings) give for Entra: a base URL (Graph's or the
//! sign-in service's, or the emulator's) and the tenant (`contoso.onmicrosoft.com`, a verified
//! domain, or the tenant id).

use url::Url;

use crate::error::IdpError;
use crate::IdpKind;

fn bad(reason: &str) -> IdpError {
    IdpError::BadAddress { idp: IdpKind::Entra, reason: reason.to_owned() }
}

/// A base URL, path kept (`https://graph.microsoft.com/v1.0`). Plain `http` only for loopback
/// (the emulator): the token must never cross a network in clear.
pub fn parse_base_url(text: &str) -> Result<Url, IdpError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(bad("it is empty"));
    }
    let url = Url::parse(text).map_err(|_| bad("it is not a web address"))?;
    let loopback = matches!(url.host(), Some(url::Host::Ipv4(ip)) if ip.is_loopback())
        || matches!(url.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
        || url.host_str() == Some("localhost");
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(bad("it starts with http://, and the token would travel unencrypted; use https://")),
        _ => return Err(bad("it must start with https://")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("it has a user name or password in it"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("it has a query or fragment in it"));
    }
    Ok(url)
}

/// The tenant as the sign-in URLs take it: a tenant id (GUID) or a domain name. It becomes a
/// path segment, so nothing else gets through.
pub fn parse_tenant(text: &str) -> Result<String, IdpError> {
    let text = text.trim().trim_end_matches('.').to_ascii_lowercase();
    if text.is_empty() {
        return Err(bad("the tenant is empty"));
    }
    if is_guid(&text) {
        return Ok(text);
    }
    let labels: Vec<&str> = text.split('.').collect();
    let domain = labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if domain {
        Ok(text)
    } else {
        Err(bad("the tenant must be its domain name (your-company.onmicrosoft.com) or its tenant id"))
    }
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hex digits.
pub(crate) fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_keep_their_path_and_refuse_clear_text() {
        assert_eq!(parse_base_url("https://graph.microsoft.com/v1.0").unwrap().path(), "/v1.0");
        assert!(parse_base_url("http://127.0.0.1:4100/v1.0").is_ok());
        let reason = |t: &str| match parse_base_url(t).unwrap_err() {
            IdpError::BadAddress { reason, .. } => reason,
            other => panic!("{other:?}"),
        };
        assert!(reason("http://graph.microsoft.com/v1.0").contains("unencrypted"));
        assert_eq!(reason("https://u:p@graph.microsoft.com"), "it has a user name or password in it");
        assert_eq!(reason(""), "it is empty");
    }

    #[test]
    fn tenants_are_ids_or_domain_names_only() {
        assert_eq!(parse_tenant(" Contoso.onmicrosoft.com ").unwrap(), "contoso.onmicrosoft.com");
        assert_eq!(parse_tenant("72F988BF-86F1-41AF-91AB-2D7CD011DB47").unwrap(), "72f988bf-86f1-41af-91ab-2d7cd011db47");
        for bad in ["", "contoso", "../common", "a b.com", "x.com/oauth2", "-x.com"] {
            assert!(parse_tenant(bad).is_err(), "{bad}");
        }
    }
}
