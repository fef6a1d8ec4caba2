//! Self-hosted Flex: the Trusted URLs and Default redirect URL entered in step 3, and the
//! `appConfig.oauth` snippet the admin adds to `appConfig.js` after the Console migration.
//!
//! Rules (FLEX-SSO-FACTS §6, from Twilio's "Self-hosted Flex: additional SSO configuration"
//! page, www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/self-hosted-sso):
//! - Trusted URLs are absolute URLs such as `http://localhost:3000` or `https://example.com/flex`;
//!   the new SSO accepts **no wildcards**.
//! - https everywhere except on the admin's own computer: plain http only for `localhost`,
//!   `127.0.0.1` and `[::1]` [inferred: the docs only show `http://localhost:3000`].
//! - The Default redirect URL must be among the Trusted URLs. Matching rule used here
//!   [inferred, no source spells it out]: a Trusted URL covers the redirect URL when both have the
//!   same origin (scheme, host, port) and the redirect's path is the trusted path or lies under
//!   it on a `/` boundary (`/flex` covers `/flex`, `/flex/` and `/flex/agent`, not `/flexible`).
//!   Query and fragment of the redirect URL are ignored.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use url::{Host, Url};

use crate::ids::{trim_pasted, ConnectionSid};

/// Which field a problem is in, so the UI can put the message next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "field", content = "index")]
pub enum UrlField {
    /// The Trusted URLs list as a whole.
    TrustedUrls,
    /// One Trusted URL; the index counts from 0 (messages count from 1).
    TrustedUrl(usize),
    DefaultRedirectUrl,
}

impl fmt::Display for UrlField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlField::TrustedUrls => f.write_str("The Trusted URLs list"),
            UrlField::TrustedUrl(index) => write!(f, "Trusted URL {}", index + 1),
            UrlField::DefaultRedirectUrl => f.write_str("The Default redirect URL"),
        }
    }
}

/// One problem with a self-hosted URL. `Display` is the message the admin reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelfHostedError {
    #[error("{field} is empty. Enter the full address where your self-hosted Flex runs, for example https://flex.example.com.")]
    Empty { field: UrlField },
    #[error("{field} \"{value}\" contains a *. The new Flex SSO does not accept wildcards: list every address in full, for example https://flex.example.com.")]
    Wildcard { field: UrlField, value: String },
    #[error("{field} \"{value}\" is not a full web address. Write it with https:// and the host name, for example https://flex.example.com/flex.")]
    NotAbsolute { field: UrlField, value: String },
    #[error("{field} \"{value}\" starts with {scheme}:, but Flex is opened in a browser over https:// (or http:// on your own computer). Use the https:// address of your Flex page.")]
    NotHttp { field: UrlField, value: String, scheme: String },
    #[error("{field} \"{value}\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for {host}.")]
    HttpOffLocalhost { field: UrlField, value: String, host: String },
    #[error("{field} \"{value}\" is the same as Trusted URL {}. Remove one of them.", .first + 1)]
    Duplicate { field: UrlField, value: String, first: usize },
    #[error("The Default redirect URL \"{value}\" is not covered by any Trusted URL. Add its address to the Trusted URLs, or choose a redirect URL with the same scheme, host and port as a Trusted URL and a path under that URL's path.")]
    RedirectNotTrusted { value: String },
}

impl SelfHostedError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            SelfHostedError::Empty { .. } => "empty",
            SelfHostedError::Wildcard { .. } => "wildcard",
            SelfHostedError::NotAbsolute { .. } => "not_absolute",
            SelfHostedError::NotHttp { .. } => "not_http",
            SelfHostedError::HttpOffLocalhost { .. } => "http_off_localhost",
            SelfHostedError::Duplicate { .. } => "duplicate",
            SelfHostedError::RedirectNotTrusted { .. } => "redirect_not_trusted",
        }
    }

    /// The field the problem is in.
    pub fn field(&self) -> UrlField {
        match self {
            SelfHostedError::Empty { field }
            | SelfHostedError::Wildcard { field, .. }
            | SelfHostedError::NotAbsolute { field, .. }
            | SelfHostedError::NotHttp { field, .. }
            | SelfHostedError::HttpOffLocalhost { field, .. }
            | SelfHostedError::Duplicate { field, .. } => *field,
            SelfHostedError::RedirectNotTrusted { .. } => UrlField::DefaultRedirectUrl,
        }
    }
}

/// Serialized as `{code, message, field}` (`field` as `{field, index}`), for the UI.
impl Serialize for SelfHostedError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("SelfHostedError", 3)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("field", &self.field())?;
        s.end()
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.octets() == [127, 0, 0, 1],
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// Checks one URL on its own (everything but duplicates and the redirect rule).
pub fn check_url(input: &str, field: UrlField) -> Result<Url, SelfHostedError> {
    let value = trim_pasted(input);
    if value.is_empty() {
        return Err(SelfHostedError::Empty { field });
    }
    let value_owned = || value.to_owned();
    if value.contains('*') {
        return Err(SelfHostedError::Wildcard { field, value: value_owned() });
    }
    // `localhost:3000` parses as scheme "localhost"; without "//" there is no host, so it is
    // reported as not absolute rather than as a strange scheme.
    let url = match Url::parse(value) {
        Ok(url) if url.has_authority() => url,
        _ => return Err(SelfHostedError::NotAbsolute { field, value: value_owned() }),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(SelfHostedError::NotHttp { field, value: value_owned(), scheme: url.scheme().to_owned() });
    }
    let Some(host) = url.host().filter(|h| !matches!(h, Host::Domain(""))) else {
        return Err(SelfHostedError::NotAbsolute { field, value: value_owned() });
    };
    if url.scheme() == "http" && !is_loopback(&host) {
        return Err(SelfHostedError::HttpOffLocalhost { field, value: value_owned(), host: host.to_string() });
    }
    Ok(url)
}

/// The path's segments without empty ones, so `/flex` and `/flex/` compare equal.
fn path_segments(url: &Url) -> Vec<&str> {
    url.path_segments().map(|s| s.filter(|p| !p.is_empty()).collect()).unwrap_or_default()
}

/// True when `trusted` covers `redirect` (see the module documentation for the rule).
pub fn is_covered(trusted: &Url, redirect: &Url) -> bool {
    trusted.origin() == redirect.origin() && path_segments(redirect).starts_with(&path_segments(trusted))
}

/// Validates the Trusted URLs and the Default redirect URL together. Returns every problem, in
/// field order; an empty list means step 3 can use them as they are.
pub fn validate_self_hosted(trusted: &[String], redirect: &str) -> Vec<SelfHostedError> {
    let mut errors = Vec::new();
    let mut accepted: Vec<(usize, Url)> = Vec::new();
    if trusted.iter().all(|t| trim_pasted(t).is_empty()) {
        errors.push(SelfHostedError::Empty { field: UrlField::TrustedUrls });
    } else {
        for (index, input) in trusted.iter().enumerate() {
            let field = UrlField::TrustedUrl(index);
            match check_url(input, field) {
                Err(error) => errors.push(error),
                Ok(url) => {
                    let same = accepted
                        .iter()
                        .find(|(_, seen)| seen.origin() == url.origin() && path_segments(seen) == path_segments(&url));
                    match same {
                        Some((first, _)) => errors.push(SelfHostedError::Duplicate {
                            field,
                            value: trim_pasted(input).to_owned(),
                            first: *first,
                        }),
                        None => accepted.push((index, url)),
                    }
                }
            }
        }
    }
    match check_url(redirect, UrlField::DefaultRedirectUrl) {
        Err(error) => errors.push(error),
        // Only judged against a list without problems, so one mistake gives one message.
        Ok(url) if errors.is_empty() && !accepted.iter().any(|(_, t)| is_covered(t, &url)) => {
            errors.push(SelfHostedError::RedirectNotTrusted { value: trim_pasted(redirect).to_owned() });
        }
        Ok(_) => {}
    }
    errors
}

/// Why the `appConfig.oauth` snippet cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnippetError {
    #[error("The client ID is empty. It comes with the connection from Twilio's SSO connections list; load it again or paste it from there.")]
    MissingClientId,
    #[error("The client ID \"{0}\" contains spaces or quotes, which a client ID never has. Copy it again from Twilio's SSO connections list.")]
    BadClientId(String),
    #[error(transparent)]
    RedirectUrl(SelfHostedError),
}

impl SnippetError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            SnippetError::MissingClientId => "client_id_empty",
            SnippetError::BadClientId(_) => "client_id_invalid",
            SnippetError::RedirectUrl(inner) => inner.code(),
        }
    }
}

/// The snippet for `appConfig.js` and the warning that must be shown with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OAuthSnippet {
    pub code: String,
    pub warning: String,
}

/// Shown with every snippet. Source: Twilio's self-hosted SSO page: "As soon as the oauth object
/// exists in your appconfig.js file, Flex UI will try to use enhanced SSO ... configure the oauth
/// object after completing the SSO setup or migration steps in Console." (FACTS §6)
pub const SNIPPET_WARNING: &str = "Add this to appConfig.js only after you have clicked Finish in the Console migration. As soon as appConfig.oauth is in the file, Flex UI logs everyone in through the new SSO, so adding it earlier stops your agents from logging in. Keep your existing appConfig.sso settings; appConfig.oauth goes next to them.";

/// Builds `appConfig.oauth = { connection, clientId, redirectUrl }` (FACTS §6). Values are
/// written as JSON string literals, which are valid JavaScript, so no value can break the code.
pub fn oauth_snippet(
    connection: &ConnectionSid,
    client_id: &str,
    redirect_url: &str,
) -> Result<OAuthSnippet, SnippetError> {
    let client_id = trim_pasted(client_id);
    if client_id.is_empty() {
        return Err(SnippetError::MissingClientId);
    }
    if client_id.chars().any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '\\')) {
        return Err(SnippetError::BadClientId(client_id.to_owned()));
    }
    check_url(redirect_url, UrlField::DefaultRedirectUrl).map_err(SnippetError::RedirectUrl)?;
    let literal = |s: &str| serde_json::Value::String(s.to_owned()).to_string();
    let code = format!(
        "appConfig.oauth = {{\n  connection: {},\n  clientId: {},\n  redirectUrl: {},\n}};\n",
        literal(connection.as_str()),
        literal(client_id),
        literal(trim_pasted(redirect_url)),
    );
    Ok(OAuthSnippet { code, warning: SNIPPET_WARNING.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JQ: &str = "JQ00112233445566778899aabbccddeeff";

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn single_urls_are_checked_with_exact_codes_and_messages() {
        let f = UrlField::TrustedUrl(0);
        let cases: &[(&str, &str, &str)] = &[
            ("", "empty", "Trusted URL 1 is empty. Enter the full address where your self-hosted Flex runs, for example https://flex.example.com."),
            ("https://*.example.com", "wildcard", "Trusted URL 1 \"https://*.example.com\" contains a *. The new Flex SSO does not accept wildcards: list every address in full, for example https://flex.example.com."),
            ("https://example.com/*", "wildcard", "Trusted URL 1 \"https://example.com/*\" contains a *. The new Flex SSO does not accept wildcards: list every address in full, for example https://flex.example.com."),
            ("flex.example.com", "not_absolute", "Trusted URL 1 \"flex.example.com\" is not a full web address. Write it with https:// and the host name, for example https://flex.example.com/flex."),
            ("localhost:3000", "not_absolute", "Trusted URL 1 \"localhost:3000\" is not a full web address. Write it with https:// and the host name, for example https://flex.example.com/flex."),
            ("/flex", "not_absolute", "Trusted URL 1 \"/flex\" is not a full web address. Write it with https:// and the host name, for example https://flex.example.com/flex."),
            ("ftp://example.com", "not_http", "Trusted URL 1 \"ftp://example.com\" starts with ftp:, but Flex is opened in a browser over https:// (or http:// on your own computer). Use the https:// address of your Flex page."),
            ("file:///home/flex", "not_http", "Trusted URL 1 \"file:///home/flex\" starts with file:, but Flex is opened in a browser over https:// (or http:// on your own computer). Use the https:// address of your Flex page."),
            ("http://example.com/flex", "http_off_localhost", "Trusted URL 1 \"http://example.com/flex\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for example.com."),
            ("http://10.0.0.5:3000", "http_off_localhost", "Trusted URL 1 \"http://10.0.0.5:3000\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for 10.0.0.5."),
            ("http://127.0.0.2", "http_off_localhost", "Trusted URL 1 \"http://127.0.0.2\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for 127.0.0.2."),
        ];
        for (input, code, message) in cases {
            let err = check_url(input, f).unwrap_err();
            assert_eq!(err.code(), *code, "input {input:?}");
            assert_eq!(err.to_string(), *message, "input {input:?}");
            assert_eq!(err.field(), f, "input {input:?}");
        }
    }

    #[test]
    fn accepts_https_and_local_http() {
        for input in [
            "https://example.com/flex",
            "https://flex.example.com",
            " \"https://flex.example.com:8443/agent\" ",
            "http://localhost:3000",
            "http://LOCALHOST:3000/flex",
            "http://127.0.0.1:8080",
            "http://[::1]:3000",
        ] {
            assert!(check_url(input, UrlField::TrustedUrl(0)).is_ok(), "input {input:?}");
        }
    }

    #[test]
    fn the_redirect_must_be_covered_by_a_trusted_url() {
        let trusted = list(&["https://example.com/flex", "http://localhost:3000"]);
        let covered = [
            "https://example.com/flex",
            "https://example.com/flex/",
            "https://example.com/flex/agent-desktop",
            "https://example.com:443/flex?x=1#y",
            "http://localhost:3000/",
            "http://localhost:3000/anything/deep",
        ];
        for redirect in covered {
            assert_eq!(validate_self_hosted(&trusted, redirect), vec![], "redirect {redirect:?}");
        }
        let not_covered = [
            "https://example.com/flexible",
            "https://example.com/",
            "https://www.example.com/flex",
            "https://example.com:8443/flex",
            "http://localhost:3001",
            "http://127.0.0.1:3000",
        ];
        for redirect in not_covered {
            let errors = validate_self_hosted(&trusted, redirect);
            assert_eq!(errors.len(), 1, "redirect {redirect:?}");
            assert_eq!(errors[0].code(), "redirect_not_trusted");
            assert_eq!(
                errors[0].to_string(),
                format!("The Default redirect URL \"{redirect}\" is not covered by any Trusted URL. Add its address to the Trusted URLs, or choose a redirect URL with the same scheme, host and port as a Trusted URL and a path under that URL's path.")
            );
        }
    }

    #[test]
    fn list_problems_are_reported_per_field() {
        type Expected = Vec<(&'static str, UrlField, String)>;
        let cases: Vec<(Vec<String>, &str, Expected)> = vec![
            (
                list(&[]),
                "https://example.com",
                vec![("empty", UrlField::TrustedUrls, "The Trusted URLs list is empty. Enter the full address where your self-hosted Flex runs, for example https://flex.example.com.".into())],
            ),
            (
                list(&["  "]),
                "",
                vec![
                    ("empty", UrlField::TrustedUrls, "The Trusted URLs list is empty. Enter the full address where your self-hosted Flex runs, for example https://flex.example.com.".into()),
                    ("empty", UrlField::DefaultRedirectUrl, "The Default redirect URL is empty. Enter the full address where your self-hosted Flex runs, for example https://flex.example.com.".into()),
                ],
            ),
            (
                list(&["https://example.com/flex", "", "https://example.com/flex/"]),
                "https://example.com/flex",
                vec![
                    ("empty", UrlField::TrustedUrl(1), "Trusted URL 2 is empty. Enter the full address where your self-hosted Flex runs, for example https://flex.example.com.".into()),
                    ("duplicate", UrlField::TrustedUrl(2), "Trusted URL 3 \"https://example.com/flex/\" is the same as Trusted URL 1. Remove one of them.".into()),
                ],
            ),
            (
                list(&["https://*.example.com", "http://example.com"]),
                "http://flex.example.com",
                vec![
                    ("wildcard", UrlField::TrustedUrl(0), "Trusted URL 1 \"https://*.example.com\" contains a *. The new Flex SSO does not accept wildcards: list every address in full, for example https://flex.example.com.".into()),
                    ("http_off_localhost", UrlField::TrustedUrl(1), "Trusted URL 2 \"http://example.com\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for example.com.".into()),
                    ("http_off_localhost", UrlField::DefaultRedirectUrl, "The Default redirect URL \"http://flex.example.com\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for flex.example.com.".into()),
                ],
            ),
        ];
        for (trusted, redirect, expected) in cases {
            let got: Vec<(&str, UrlField, String)> =
                validate_self_hosted(&trusted, redirect).iter().map(|e| (e.code(), e.field(), e.to_string())).collect();
            assert_eq!(got, expected, "trusted {trusted:?} redirect {redirect:?}");
        }
    }

    #[test]
    fn errors_serialize_with_code_message_and_field() {
        let errors = validate_self_hosted(&list(&["https://a.example", "https://a.example/"]), "https://a.example");
        let json = serde_json::to_value(&errors).unwrap();
        assert_eq!(json[0]["code"], "duplicate");
        assert_eq!(json[0]["field"]["field"], "trusted_url");
        assert_eq!(json[0]["field"]["index"], 1);
        assert_eq!(
            json[0]["message"],
            "Trusted URL 2 \"https://a.example/\" is the same as Trusted URL 1. Remove one of them."
        );
    }

    #[test]
    fn builds_the_snippet_flex_expects() {
        let jq = ConnectionSid::parse(JQ).unwrap();
        let snippet = oauth_snippet(&jq, " abcDEF123 ", "https://example.com/flex").unwrap();
        assert_eq!(
            snippet.code,
            format!("appConfig.oauth = {{\n  connection: \"{JQ}\",\n  clientId: \"abcDEF123\",\n  redirectUrl: \"https://example.com/flex\",\n}};\n")
        );
        assert_eq!(snippet.warning, SNIPPET_WARNING);
        assert!(snippet.warning.contains("only after"));
    }

    #[test]
    fn snippet_refuses_bad_inputs() {
        let jq = ConnectionSid::parse(JQ).unwrap();
        let cases: &[(&str, &str, &str, &str)] = &[
            ("", "https://example.com", "client_id_empty", "The client ID is empty. It comes with the connection from Twilio's SSO connections list; load it again or paste it from there."),
            ("abc\"def", "https://example.com", "client_id_invalid", "The client ID \"abc\"def\" contains spaces or quotes, which a client ID never has. Copy it again from Twilio's SSO connections list."),
            ("abc", "http://example.com", "http_off_localhost", "The Default redirect URL \"http://example.com\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for example.com."),
            ("abc", "https://*.example.com", "wildcard", "The Default redirect URL \"https://*.example.com\" contains a *. The new Flex SSO does not accept wildcards: list every address in full, for example https://flex.example.com."),
        ];
        for (client, redirect, code, message) in cases {
            let err = oauth_snippet(&jq, client, redirect).unwrap_err();
            assert_eq!(err.code(), *code, "client {client:?} redirect {redirect:?}");
            assert_eq!(err.to_string(), *message, "client {client:?} redirect {redirect:?}");
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn validation_never_panics(a in "\\PC{0,40}", b in "\\PC{0,40}", r in "\\PC{0,40}") {
                let _ = validate_self_hosted(&[a, b], &r);
            }
        }
    }
}
