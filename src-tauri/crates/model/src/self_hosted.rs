//! Self-hosted Flex: the Trusted domains and Default redirect URL entered in the Console, and the
//! `appConfig.oauth` snippet the admin adds to `appConfig.js` before the test login.
//!
//! Rules (the facts in `flex_sso_facts::twilio`, from Twilio's "Self-hosted Flex: additional SSO
//! configuration" page and its SSO configuration page):
//! - Trusted addresses are absolute URLs such as `http://localhost:3000` or
//!   `https://example.com/flex`; the new SSO accepts **no wildcards** (`NO_WILDCARDS`).
//! - https everywhere except on the admin's own computer: plain http only for `localhost`,
//!   `127.0.0.1` and `[::1]` (`HTTPS_ONLY`, inferred, and the app says so).
//! - The Console adds the Default redirect URL to the trusted list by itself
//!   (`DEFAULT_REDIRECT_AUTO_TRUSTED`), so it need not be among them.
//! - What must be in Trusted domains is the address used as `appConfig.oauth.redirectUrl`
//!   (`REDIRECT_DOMAINS_TRUSTED`). Matching rule used here (inferred; Twilio says "domains"): a
//!   trusted entry covers the redirect URL when both have the same origin (scheme, host, port).

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use url::{Host, Url};

use flex_sso_facts::twilio;

use crate::ids::{trim_pasted, ConnectionSid};

/// Which field a problem is in, so the UI can put the message next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "field", content = "index")]
pub enum UrlField {
    /// The Trusted domains list as a whole.
    TrustedUrls,
    /// One entry of Trusted domains; the index counts from 0 (messages count from 1).
    TrustedUrl(usize),
    DefaultRedirectUrl,
    /// `appConfig.oauth.redirectUrl` of the snippet.
    OauthRedirectUrl,
}

impl fmt::Display for UrlField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlField::TrustedUrls => write!(f, "The {} list", twilio::FIELD_TRUSTED_DOMAINS),
            UrlField::TrustedUrl(index) => write!(f, "Entry {} of {}", index + 1, twilio::FIELD_TRUSTED_DOMAINS),
            UrlField::DefaultRedirectUrl => write!(f, "The {}", twilio::FIELD_DEFAULT_REDIRECT_URL),
            UrlField::OauthRedirectUrl => f.write_str("The redirectUrl of appConfig.oauth"),
        }
    }
}

/// One problem with a self-hosted URL. `Display` is the message the admin reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelfHostedError {
    #[error("{field} is empty. Enter the full address where your self-hosted Flex runs, for example https://flex.example.com.")]
    Empty { field: UrlField },
    #[error("{field} has an invisible control character ({code_point}) at character {position}. Type the address again, or paste it into a plain text editor first and copy it from there.")]
    ControlCharacter { field: UrlField, position: usize, code_point: String },
    #[error("{field} \"{value}\" writes its host name in a form browsers rewrite (letters outside plain ASCII, % escapes or a numeric address): they go to {ascii}. If that is your Flex address, enter it as {ascii}; if not, the address may imitate another one (a Cyrillic \"а\" looks like a Latin \"a\").")]
    HostRewritten { field: UrlField, value: String, ascii: String },
    #[error("{field} \"{value}\" contains a *. The new Flex SSO does not accept wildcards: list every address in full, for example https://flex.example.com.")]
    Wildcard { field: UrlField, value: String },
    #[error("{field} \"{value}\" is not a full web address. Write it with https:// and the host name, for example https://flex.example.com/flex.")]
    NotAbsolute { field: UrlField, value: String },
    #[error("{field} \"{value}\" starts with {scheme}:, but Flex is opened in a browser over https:// (or http:// on your own computer). Use the https:// address of your Flex page.")]
    NotHttp { field: UrlField, value: String, scheme: String },
    #[error("{field} \"{value}\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for {host}.")]
    HttpOffLocalhost { field: UrlField, value: String, host: String },
    #[error("{field} \"{value}\" is the same as entry {} of {}. Remove one of them.", .first + 1, twilio::FIELD_TRUSTED_DOMAINS)]
    Duplicate { field: UrlField, value: String, first: usize },
    #[error("The redirectUrl \"{value}\" is not in {trusted}. Add {origin} to {trusted} on the {page} page of the Twilio Console ({path}) and save, or use an address that is already there.", trusted = twilio::FIELD_TRUSTED_DOMAINS, page = twilio::sso_page_name(), path = twilio::CONSOLE_SSO_PAGE)]
    RedirectNotTrusted { value: String, origin: String },
}

impl SelfHostedError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            SelfHostedError::Empty { .. } => "empty",
            SelfHostedError::ControlCharacter { .. } => "control_character",
            SelfHostedError::HostRewritten { .. } => "host_rewritten",
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
            | SelfHostedError::ControlCharacter { field, .. }
            | SelfHostedError::HostRewritten { field, .. }
            | SelfHostedError::Wildcard { field, .. }
            | SelfHostedError::NotAbsolute { field, .. }
            | SelfHostedError::NotHttp { field, .. }
            | SelfHostedError::HttpOffLocalhost { field, .. }
            | SelfHostedError::Duplicate { field, .. } => *field,
            SelfHostedError::RedirectNotTrusted { .. } => UrlField::OauthRedirectUrl,
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
    // The URL parser silently drops tabs and newlines inside an address and percent-encodes
    // other control characters, so what is saved would differ from what the admin sees.
    if let Some((index, c)) = value.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(SelfHostedError::ControlCharacter { field, position: index + 1, code_point: format!("U+{:04X}", u32::from(c)) });
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
    // The parser rewrites a host it reads: a non-ASCII one into punycode (xn--), % escapes and
    // full-width dots into plain letters, 0x7f.1 into 127.0.0.1. Say so rather than save an
    // address that looks like one site and is another: the host must appear as typed.
    let host_text = host.to_string();
    if !value.to_ascii_lowercase().contains(&host_text) {
        return Err(SelfHostedError::HostRewritten { field, value: value_owned(), ascii: host_text });
    }
    if url.scheme() == "http" && !is_loopback(&host) {
        return Err(SelfHostedError::HttpOffLocalhost { field, value: value_owned(), host: host.to_string() });
    }
    Ok(url)
}

/// The path's segments without empty ones, so `/flex` and `/flex/` compare equal.
fn path_segments(url: &Url) -> Vec<&str> {
    url.path_segments().map(|s| s.filter(|p| !p.is_empty()).collect()).unwrap_or_default()
}

/// Checks every entry of the trusted list: each a valid address, none twice. Returns the
/// problems and the entries that passed.
fn check_trusted(trusted: &[String]) -> (Vec<SelfHostedError>, Vec<(usize, Url)>) {
    let mut errors = Vec::new();
    let mut accepted: Vec<(usize, Url)> = Vec::new();
    if trusted.iter().all(|t| trim_pasted(t).is_empty()) {
        errors.push(SelfHostedError::Empty { field: UrlField::TrustedUrls });
        return (errors, accepted);
    }
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
    (errors, accepted)
}

/// Validates what the Console's step 3 asks of a self-hosted Flex: the Trusted domains and the
/// Default redirect URL. Returns every problem, in field order; an empty list means step 3 can
/// use them as they are. The Default redirect URL need not be among the trusted entries: the
/// Console adds it by itself (`twilio::DEFAULT_REDIRECT_AUTO_TRUSTED`).
pub fn validate_self_hosted(trusted: &[String], redirect: &str) -> Vec<SelfHostedError> {
    let (mut errors, _) = check_trusted(trusted);
    if let Err(error) = check_url(redirect, UrlField::DefaultRedirectUrl) {
        errors.push(error);
    }
    errors
}

/// Validates the snippet's `redirectUrl` against the Trusted domains: the address itself, the
/// list, and that the list covers the address's origin (`twilio::REDIRECT_DOMAINS_TRUSTED`). The
/// Default redirect URL counts as trusted too, since the Console adds it to the list by itself
/// (`twilio::DEFAULT_REDIRECT_AUTO_TRUSTED`). Returns every problem; empty means the snippet's
/// redirect is one Flex trusts.
pub fn check_oauth_redirect(trusted: &[String], default_redirect: Option<&str>, redirect: &str) -> Vec<SelfHostedError> {
    let (mut errors, accepted) = check_trusted(trusted);
    let default = default_redirect.and_then(|d| check_url(d, UrlField::DefaultRedirectUrl).ok());
    let is_trusted = |url: &Url| {
        accepted.iter().any(|(_, t)| t.origin() == url.origin()) || default.as_ref().is_some_and(|d| d.origin() == url.origin())
    };
    match check_url(redirect, UrlField::OauthRedirectUrl) {
        Err(error) => errors.push(error),
        // Judged only against a list without problems, so one mistake gives one message.
        Ok(url) if errors.is_empty() && !is_trusted(&url) => {
            errors.push(SelfHostedError::RedirectNotTrusted {
                value: trim_pasted(redirect).to_owned(),
                origin: url.origin().ascii_serialization(),
            });
        }
        Ok(_) => {}
    }
    errors
}

/// Why the `appConfig.oauth` snippet cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnippetError {
    #[error("The client ID is empty. It comes with the connection from Twilio's list of SSO connections; load it again.")]
    MissingClientId,
    #[error("The client ID \"{0}\" contains spaces or quotes, which a client ID never has. Load it again from Twilio's list of SSO connections.")]
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

/// Shown with every snippet: when it goes in, what happens the moment it is deployed, and the way
/// back (`twilio::OAUTH_WHEN`, `twilio::OAUTH_WAY_BACK`).
pub const SNIPPET_WARNING: &str = flex_sso_facts::concatcp!(
    twilio::OAUTH_WHEN.text,
    " ",
    twilio::OAUTH_WAY_BACK.text,
    " Keep your existing appConfig.sso settings; appConfig.oauth goes next to them."
);

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
    check_url(redirect_url, UrlField::OauthRedirectUrl).map_err(SnippetError::RedirectUrl)?;
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
    /// The Console's name for the list, as every message uses it.
    const TD: &str = twilio::FIELD_TRUSTED_DOMAINS.text;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn single_urls_are_checked_with_exact_codes_and_messages() {
        let f = UrlField::TrustedUrl(0);
        let cases: &[(&str, &str, &str)] = &[
            ("", "empty", "is empty. Enter the full address where your self-hosted Flex runs, for example https://flex.example.com."),
            ("https://*.example.com", "wildcard", "\"https://*.example.com\" contains a *. The new Flex SSO does not accept wildcards: list every address in full, for example https://flex.example.com."),
            ("https://example.com/*", "wildcard", "\"https://example.com/*\" contains a *. The new Flex SSO does not accept wildcards: list every address in full, for example https://flex.example.com."),
            ("flex.example.com", "not_absolute", "\"flex.example.com\" is not a full web address. Write it with https:// and the host name, for example https://flex.example.com/flex."),
            ("localhost:3000", "not_absolute", "\"localhost:3000\" is not a full web address. Write it with https:// and the host name, for example https://flex.example.com/flex."),
            ("/flex", "not_absolute", "\"/flex\" is not a full web address. Write it with https:// and the host name, for example https://flex.example.com/flex."),
            ("ftp://example.com", "not_http", "\"ftp://example.com\" starts with ftp:, but Flex is opened in a browser over https:// (or http:// on your own computer). Use the https:// address of your Flex page."),
            ("file:///home/flex", "not_http", "\"file:///home/flex\" starts with file:, but Flex is opened in a browser over https:// (or http:// on your own computer). Use the https:// address of your Flex page."),
            ("http://example.com/flex", "http_off_localhost", "\"http://example.com/flex\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for example.com."),
            ("http://10.0.0.5:3000", "http_off_localhost", "\"http://10.0.0.5:3000\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for 10.0.0.5."),
            ("http://127.0.0.2", "http_off_localhost", "\"http://127.0.0.2\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for 127.0.0.2."),
        ];
        for (input, code, message) in cases {
            let err = check_url(input, f).unwrap_err();
            assert_eq!(err.code(), *code, "input {input:?}");
            assert_eq!(err.to_string(), format!("Entry 1 of {TD} {message}"), "input {input:?}");
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

    /// Twilio, December 2026: the Console adds the Default redirect URL to the trusted list by
    /// itself, so step 3 must not demand that it be typed there.
    #[test]
    fn the_default_redirect_url_need_not_be_among_the_trusted_entries() {
        let trusted = list(&["https://example.com/flex"]);
        for redirect in ["https://other.example.org/landing", "https://example.com/flexible", "http://localhost:3001"] {
            assert_eq!(validate_self_hosted(&trusted, redirect), vec![], "redirect {redirect:?}");
        }
        // Its own form is still checked.
        let errors = validate_self_hosted(&trusted, "http://flex.example.com");
        assert_eq!(errors.iter().map(SelfHostedError::code).collect::<Vec<_>>(), ["http_off_localhost"]);
        assert_eq!(errors[0].field(), UrlField::DefaultRedirectUrl);
    }

    /// What must be trusted is the snippet's redirectUrl, by its origin.
    #[test]
    fn the_snippet_redirect_must_be_in_trusted_domains() {
        let trusted = list(&["https://example.com/flex", "http://localhost:3000"]);
        let covered = [
            "https://example.com/flex",
            "https://example.com/",
            "https://example.com/other/page",
            "https://example.com:443/flex?x=1#y",
            "http://localhost:3000/anything/deep",
        ];
        for redirect in covered {
            assert_eq!(check_oauth_redirect(&trusted, None, redirect), vec![], "redirect {redirect:?}");
        }
        let not_covered = [
            ("https://www.example.com/flex", "https://www.example.com"),
            ("https://example.com:8443/flex", "https://example.com:8443"),
            ("http://localhost:3001", "http://localhost:3001"),
            ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
        ];
        for (redirect, origin) in not_covered {
            let errors = check_oauth_redirect(&trusted, None, redirect);
            assert_eq!(errors.len(), 1, "redirect {redirect:?}");
            assert_eq!(errors[0].code(), "redirect_not_trusted");
            assert_eq!(errors[0].field(), UrlField::OauthRedirectUrl);
            assert_eq!(
                errors[0].to_string(),
                format!(
                    "The redirectUrl \"{redirect}\" is not in {TD}. Add {origin} to {TD} on the {} page of the Twilio Console ({}) and save, or use an address that is already there.",
                    twilio::sso_page_name(),
                    twilio::CONSOLE_SSO_PAGE.text
                )
            );
        }
        // The Default redirect URL is trusted without being typed in the list (the Console adds it).
        assert_eq!(check_oauth_redirect(&trusted, Some("https://agents.example.com/landing"), "https://agents.example.com/desk"), vec![]);
        assert_eq!(check_oauth_redirect(&trusted, Some("not a url"), "https://agents.example.com/desk").len(), 1);
        // A broken list is reported first, and the redirect is not judged against it.
        let errors = check_oauth_redirect(&list(&["https://*.example.com"]), None, "https://flex.example.com");
        assert_eq!(errors.iter().map(SelfHostedError::code).collect::<Vec<_>>(), ["wildcard"]);
        let errors = check_oauth_redirect(&[], None, "https://flex.example.com");
        assert_eq!(errors.iter().map(SelfHostedError::code).collect::<Vec<_>>(), ["empty"]);
    }

    #[test]
    fn list_problems_are_reported_per_field() {
        type Expected = Vec<(&'static str, UrlField, String)>;
        let empty = "Enter the full address where your self-hosted Flex runs, for example https://flex.example.com.";
        let redirect = twilio::FIELD_DEFAULT_REDIRECT_URL.text;
        let cases: Vec<(Vec<String>, &str, Expected)> = vec![
            (list(&[]), "https://example.com", vec![("empty", UrlField::TrustedUrls, format!("The {TD} list is empty. {empty}"))]),
            (
                list(&["  "]),
                "",
                vec![
                    ("empty", UrlField::TrustedUrls, format!("The {TD} list is empty. {empty}")),
                    ("empty", UrlField::DefaultRedirectUrl, format!("The {redirect} is empty. {empty}")),
                ],
            ),
            (
                list(&["https://example.com/flex", "", "https://example.com/flex/"]),
                "https://example.com/flex",
                vec![
                    ("empty", UrlField::TrustedUrl(1), format!("Entry 2 of {TD} is empty. {empty}")),
                    ("duplicate", UrlField::TrustedUrl(2), format!("Entry 3 of {TD} \"https://example.com/flex/\" is the same as entry 1 of {TD}. Remove one of them.")),
                ],
            ),
            (
                list(&["https://*.example.com", "http://example.com"]),
                "http://flex.example.com",
                vec![
                    ("wildcard", UrlField::TrustedUrl(0), format!("Entry 1 of {TD} \"https://*.example.com\" contains a *. The new Flex SSO does not accept wildcards: list every address in full, for example https://flex.example.com.")),
                    ("http_off_localhost", UrlField::TrustedUrl(1), format!("Entry 2 of {TD} \"http://example.com\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for example.com.")),
                    ("http_off_localhost", UrlField::DefaultRedirectUrl, format!("The {redirect} \"http://flex.example.com\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for flex.example.com.")),
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
        assert_eq!(json[0]["message"], format!("Entry 2 of {TD} \"https://a.example/\" is the same as entry 1 of {TD}. Remove one of them."));
        let json = serde_json::to_value(check_oauth_redirect(&list(&["https://a.example"]), None, "https://b.example")).unwrap();
        assert_eq!(json[0]["field"]["field"], "oauth_redirect_url");
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
    }

    /// Twilio: "an additional step before validating"; the self-hosted page: after the Console
    /// setup. Not after Finish. And the way back is said.
    #[test]
    fn the_warning_puts_the_snippet_before_the_test_login_and_says_the_way_back() {
        assert!(SNIPPET_WARNING.contains("after the Console setup is saved and before the test login"));
        assert!(SNIPPET_WARNING.contains("as soon as it is deployed"));
        assert!(SNIPPET_WARNING.contains("Removing appConfig.oauth"));
        assert!(!SNIPPET_WARNING.contains("Finish"));
    }

    #[test]
    fn snippet_refuses_bad_inputs() {
        let jq = ConnectionSid::parse(JQ).unwrap();
        let cases: &[(&str, &str, &str, &str)] = &[
            ("", "https://example.com", "client_id_empty", "The client ID is empty. It comes with the connection from Twilio's list of SSO connections; load it again."),
            ("abc\"def", "https://example.com", "client_id_invalid", "The client ID \"abc\"def\" contains spaces or quotes, which a client ID never has. Load it again from Twilio's list of SSO connections."),
            ("abc", "http://example.com", "http_off_localhost", "The redirectUrl of appConfig.oauth \"http://example.com\" uses http://. Plain http is allowed only for localhost, 127.0.0.1 and [::1]; use https:// for example.com."),
            ("abc", "https://*.example.com", "wildcard", "The redirectUrl of appConfig.oauth \"https://*.example.com\" contains a *. The new Flex SSO does not accept wildcards: list every address in full, for example https://flex.example.com."),
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
                let _ = validate_self_hosted(&[a.clone(), b.clone()], &r);
                let _ = check_oauth_redirect(&[a, b.clone()], Some(&b), &r);
            }
        }
    }
}
