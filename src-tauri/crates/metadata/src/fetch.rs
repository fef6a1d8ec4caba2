//! Downloading metadata from the address an IdP publishes it at.
//!
//! Metadata decides which certificate Flex trusts, so it must not be alterable on the way:
//! https only, except plain http to this computer (the practice sandbox's IdP, when the policy
//! allows this computer at all). Redirects are followed by hand, at most
//! `Limits::max_redirects`, and every target is checked like the first address.
//! The body is capped while it streams, and one deadline covers the whole download.
//!
//! Every connection goes through [`crate::address_guard`]: names are resolved by its resolver,
//! which refuses this computer and private networks, and literal IPs are checked before each hop.
//! No proxy is used, so the address checked is the address connected to.

use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, LOCATION};
use time::OffsetDateTime;
use url::{Host, Url};

use crate::address_guard::{check_literal_host, DownloadPolicy, GuardedResolver, NameNotFound, RefusedAddress};
use crate::findings::{Finding, FindingCode, Severity};
use crate::inspect::{inspect_bytes, InspectOptions};
use crate::limits::{human_size, Limits};
use crate::report::Report;

/// Why the metadata could not be downloaded. `Display` is the sentence the admin reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("\"{input}\" is not a complete web address{hint}.")]
    InvalidUrl { input: String, hint: String },
    #[error("Only https:// addresses are accepted; this one starts with {scheme}:.")]
    UnsupportedScheme { scheme: String },
    #[error("The address uses plain http:// to {host}. Metadata decides which certificate Flex trusts, so it must come over https:// (plain http:// is allowed only to this computer, for the practice sandbox's IdP).")]
    InsecureHttp { host: String },
    #[error("The server redirected to {location}, which is refused: {reason}")]
    RedirectRefused { location: String, reason: String },
    #[error("The server redirected more than {limit} times.")]
    TooManyRedirects { limit: usize },
    #[error("The server answered HTTP {status}{meaning}.")]
    HttpStatus { status: u16, meaning: String },
    #[error("The download is larger than {}; metadata for one IdP is much smaller.", human_size(*limit))]
    TooLarge { limit: usize },
    #[error("The server did not answer completely within {seconds} seconds.")]
    Timeout { seconds: String },
    #[error("{}This address points back to your own computer or a private network: {refused}. Metadata is downloaded only from the internet, so it is refused.", redirected_prefix(redirected_to))]
    PrivateAddress { refused: String, redirected_to: Option<String> },
    #[error("The server name {host} could not be found (the name does not exist in DNS, or no DNS server answered).")]
    NameNotFound { host: String },
    #[error("The connection to {host} is not secure: its certificate is not trusted by this computer ({reason}).")]
    CertificateNotTrusted { host: String, reason: String },
    #[error("The server could not be reached: {detail}.")]
    Network { detail: String },
}

fn redirected_prefix(redirected_to: &Option<String>) -> String {
    match redirected_to {
        Some(location) => format!("The server redirected to {location}. "),
        None => String::new(),
    }
}

impl FetchError {
    /// A stable machine code for logs and tests; the report's finding code is `fetch_failed`.
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::InvalidUrl { .. } => "fetch_url_invalid",
            FetchError::UnsupportedScheme { .. } => "fetch_url_scheme",
            FetchError::InsecureHttp { .. } => "fetch_url_insecure",
            FetchError::RedirectRefused { .. } => "fetch_redirect_refused",
            FetchError::TooManyRedirects { .. } => "fetch_too_many_redirects",
            FetchError::HttpStatus { .. } => "fetch_http_status",
            FetchError::TooLarge { .. } => "fetch_too_large",
            FetchError::Timeout { .. } => "fetch_timeout",
            FetchError::PrivateAddress { .. } => "fetch_address_private",
            FetchError::NameNotFound { .. } => "fetch_name_not_found",
            FetchError::CertificateNotTrusted { .. } => "fetch_certificate_untrusted",
            FetchError::Network { .. } => "fetch_network",
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            FetchError::InvalidUrl { .. } | FetchError::UnsupportedScheme { .. } => "The metadata address is not valid",
            FetchError::InsecureHttp { .. } => "The metadata address is not secure",
            FetchError::RedirectRefused { .. } | FetchError::TooManyRedirects { .. } => "The metadata address redirects somewhere unsafe",
            FetchError::HttpStatus { .. } => "The IdP did not return the metadata",
            FetchError::TooLarge { .. } => "The download is too large",
            FetchError::Timeout { .. } => "The IdP did not answer in time",
            FetchError::PrivateAddress { .. } => "The metadata address leads to this computer or a private network",
            FetchError::NameNotFound { .. } => "The IdP's server name was not found",
            FetchError::CertificateNotTrusted { .. } => "The IdP's certificate is not trusted",
            FetchError::Network { .. } => "The IdP could not be reached",
        }
    }

    pub fn fix(&self) -> &'static str {
        match self {
            FetchError::InvalidUrl { .. } | FetchError::UnsupportedScheme { .. } | FetchError::InsecureHttp { .. } => {
                "Copy the metadata URL again from the IdP's SAML app for Flex (it starts with https://), or download the metadata file and choose it instead."
            }
            FetchError::RedirectRefused { .. } | FetchError::TooManyRedirects { .. } => {
                "Open the address in a browser to see where it leads; use the final https:// address, or download the metadata file and choose it instead."
            }
            FetchError::HttpStatus { .. } => {
                "Check the address in the IdP's SAML app for Flex. If the metadata needs a sign-in, download it in the IdP's admin console and choose the file instead."
            }
            FetchError::TooLarge { .. } => "Check that the address is the metadata of your Flex app, not a federation-wide file.",
            FetchError::PrivateAddress { .. } => {
                "Use the public https:// metadata address from the IdP's SAML app for Flex. If your IdP is only reachable inside your network, download the metadata file in a browser and choose it instead."
            }
            FetchError::NameNotFound { .. } => {
                "Check the spelling of the address (copy it again from the IdP's SAML app for Flex) and this computer's internet connection, or download the metadata file in a browser and choose it instead."
            }
            FetchError::CertificateNotTrusted { .. } => {
                "Check that the address is your IdP's (a typo can lead to another server) and that no company proxy replaces certificates; or download the metadata file in a browser and choose it instead."
            }
            FetchError::Timeout { .. } | FetchError::Network { .. } => {
                "Check the address and this computer's internet connection (a company proxy or VPN may block it), or download the metadata file in a browser and choose it instead."
            }
        }
    }

    /// The finding a report shows for this error.
    pub fn to_finding(&self) -> Finding {
        Finding::new(FindingCode::FetchFailed, Severity::Error, self.title(), self.to_string(), self.fix())
    }
}

/// What was downloaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The address after redirects.
    pub final_url: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// Parses an address as pasted (surrounding spaces and quotes forgiven) and checks the rules.
pub fn parse_url(input: &str) -> Result<Url, FetchError> {
    let trimmed = flex_sso_model::ids::trim_pasted(input);
    let url = Url::parse(trimmed).map_err(|error| FetchError::InvalidUrl {
        input: trimmed.to_owned(),
        hint: if error == url::ParseError::RelativeUrlWithoutBase {
            " (it should start with https://)".to_owned()
        } else {
            String::new()
        },
    })?;
    check_url(&url)?;
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip == std::net::Ipv4Addr::LOCALHOST,
        Some(Host::Ipv6(ip)) => ip == std::net::Ipv6Addr::LOCALHOST,
        None => false,
    }
}

/// https anywhere; http only to `localhost`, `127.0.0.1` or `[::1]`; nothing else.
pub fn check_url(url: &Url) -> Result<(), FetchError> {
    let host = url.host_str().unwrap_or("").to_owned();
    match url.scheme() {
        "https" if !host.is_empty() => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(FetchError::InsecureHttp { host }),
        "https" => Err(FetchError::InvalidUrl { input: url.to_string(), hint: " (the server name is missing)".to_owned() }),
        other => Err(FetchError::UnsupportedScheme { scheme: other.to_owned() }),
    }
}

fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 { d.as_secs().to_string() } else { format!("{:.1}", d.as_secs_f64()) }
}

/// The innermost useful message of a reqwest error, e.g. "dns error: failed to lookup address".
fn describe(error: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(error);
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.iter().any(|p: &String| p.contains(&text)) {
            parts.push(text);
        }
        source = e.source();
    }
    if parts.is_empty() { error.to_string() } else { parts.join(": ") }
}

/// A reqwest failure in words. The guard's own refusals come back through reqwest's error chain
/// (the resolver's error is the source of the connect error), so they are looked for first.
fn map_reqwest(error: &reqwest::Error, current: &Url, redirected: bool, limits: &Limits) -> FetchError {
    let host = current.host_str().unwrap_or("").to_owned();
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(refused) = e.downcast_ref::<RefusedAddress>() {
            return FetchError::PrivateAddress { refused: refused.to_string(), redirected_to: redirected.then(|| current.to_string()) };
        }
        if e.downcast_ref::<NameNotFound>().is_some() {
            return FetchError::NameNotFound { host };
        }
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return match tls {
                rustls::Error::InvalidCertificate(reason) => FetchError::CertificateNotTrusted { host, reason: certificate_reason(reason) },
                other => FetchError::Network { detail: format!("the secure connection failed ({other})") },
            };
        }
        // rustls reports through an io::Error wrapping its own error, and an io::Error's
        // `source()` skips what it wraps: step inside instead.
        let wrapped = e.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()).map(|inner| inner as &(dyn std::error::Error + 'static));
        source = wrapped.or_else(|| e.source());
    }
    if error.is_timeout() {
        FetchError::Timeout { seconds: seconds(limits.timeout) }
    } else {
        FetchError::Network { detail: describe(error) }
    }
}

/// What is wrong with the server's certificate, in words.
fn certificate_reason(error: &rustls::CertificateError) -> String {
    use rustls::CertificateError as C;
    match error {
        C::UnknownIssuer => "it is not signed by an authority this computer trusts, for example a self-signed certificate".to_owned(),
        C::Expired | C::ExpiredContext { .. } => "it has expired".to_owned(),
        C::NotValidYet | C::NotValidYetContext { .. } => "it is not valid yet".to_owned(),
        C::NotValidForName | C::NotValidForNameContext { .. } => "it was issued for another server name".to_owned(),
        C::Revoked => "it has been revoked".to_owned(),
        _ => "it cannot be used for this server".to_owned(),
    }
}

fn status_meaning(status: u16) -> String {
    match status {
        401 | 403 => " (the address needs a sign-in; metadata addresses are normally public)".to_owned(),
        404 | 410 => " (there is nothing at this address)".to_owned(),
        500..=599 => " (the IdP's server has a problem; try again later)".to_owned(),
        _ => String::new(),
    }
}

/// Downloads the metadata at `url` under `limits`, connecting only where `policy` allows. Needs
/// a tokio runtime (reqwest's).
pub async fn fetch_metadata_url(url: &str, limits: &Limits, policy: DownloadPolicy) -> Result<Fetched, FetchError> {
    let mut current = parse_url(url)?;
    let client = reqwest::Client::builder()
        // Redirects are followed by hand below, so each hop's literal IP is checked before it is
        // connected to (names are checked by the resolver as they are resolved).
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(std::sync::Arc::new(GuardedResolver { policy }))
        // Through a proxy the proxy would resolve and connect, out of the guard's sight.
        .no_proxy()
        .connect_timeout(limits.timeout)
        .user_agent(concat!("FlexSSOMigrator/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| FetchError::Network { detail: describe(&e) })?;
    let deadline = Instant::now() + limits.timeout;
    let mut redirects = 0usize;
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(FetchError::Timeout { seconds: seconds(limits.timeout) });
        }
        check_literal_host(&current, policy).map_err(|refused| FetchError::PrivateAddress {
            refused: refused.to_string(),
            redirected_to: (redirects > 0).then(|| current.to_string()),
        })?;
        let mut response = client
            .get(current.clone())
            .header(ACCEPT, "application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
            .timeout(remaining)
            .send()
            .await
            .map_err(|e| map_reqwest(&e, &current, redirects > 0, limits))?;
        let status = response.status().as_u16();
        tracing::debug!(url = %current, status, "metadata download answered");
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            if redirects >= limits.max_redirects {
                return Err(FetchError::TooManyRedirects { limit: limits.max_redirects });
            }
            redirects += 1;
            current = next_location(&current, response.headers().get(LOCATION).and_then(|v| v.to_str().ok()))?;
            continue;
        }
        if !response.status().is_success() {
            return Err(FetchError::HttpStatus { status, meaning: status_meaning(status) });
        }
        if response.content_length().is_some_and(|len| len > limits.max_bytes as u64) {
            return Err(FetchError::TooLarge { limit: limits.max_bytes });
        }
        let content_type = response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| map_reqwest(&e, &current, redirects > 0, limits))? {
            if bytes.len() + chunk.len() > limits.max_bytes {
                return Err(FetchError::TooLarge { limit: limits.max_bytes });
            }
            bytes.extend_from_slice(&chunk);
        }
        tracing::debug!(url = %current, bytes = bytes.len(), redirects, "metadata downloaded");
        return Ok(Fetched { final_url: current.to_string(), content_type, bytes });
    }
}

/// Resolves and checks a redirect target. A remote server may not send us to this computer:
/// that would let any web page make the app read local services.
fn next_location(current: &Url, location: Option<&str>) -> Result<Url, FetchError> {
    let Some(location) = location else {
        return Err(FetchError::RedirectRefused {
            location: "(nowhere)".to_owned(),
            reason: "the answer does not say where to go.".to_owned(),
        });
    };
    let next = current.join(location).map_err(|_| FetchError::RedirectRefused {
        location: location.to_owned(),
        reason: "it is not a valid address.".to_owned(),
    })?;
    check_url(&next).map_err(|e| FetchError::RedirectRefused { location: next.to_string(), reason: e.to_string() })?;
    if is_loopback(&next) && !is_loopback(current) {
        return Err(FetchError::RedirectRefused {
            location: next.to_string(),
            reason: "a server on the internet may not send the app to this computer.".to_owned(),
        });
    }
    Ok(next)
}

/// Downloads and inspects in one step; a download failure becomes an unreadable report
/// (exit code 2) with a `fetch_failed` finding.
pub async fn inspect_url(url: &str, now: OffsetDateTime, options: &InspectOptions) -> Report {
    match fetch_metadata_url(url, &options.limits, options.download).await {
        Ok(fetched) => inspect_bytes(&fetched.bytes, now, options),
        Err(error) => Report::unreadable(error.to_finding()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_rules() {
        let cases: &[(&str, Option<&str>)] = &[
            ("https://login.microsoftonline.com/t/federationmetadata/2007-06/federationmetadata.xml", None),
            ("  \"https://idp.example.com/metadata\"\n", None),
            ("http://localhost:8080/metadata", None),
            ("http://127.0.0.1/m", None),
            ("http://[::1]:9/m", None),
            ("http://LOCALHOST/m", None),
            ("http://idp.example.com/metadata", Some("fetch_url_insecure")),
            ("http://127.0.0.2/m", Some("fetch_url_insecure")),
            ("http://localhost.evil.example/m", Some("fetch_url_insecure")),
            ("ftp://idp.example.com/m", Some("fetch_url_scheme")),
            ("file:///etc/passwd", Some("fetch_url_scheme")),
            ("idp.example.com/metadata", Some("fetch_url_invalid")),
            ("", Some("fetch_url_invalid")),
        ];
        for (input, code) in cases {
            assert_eq!(parse_url(input).err().map(|e| e.code()), *code, "input {input:?}");
        }
        assert_eq!(
            parse_url("idp.example.com/metadata").unwrap_err().to_string(),
            "\"idp.example.com/metadata\" is not a complete web address (it should start with https://)."
        );
    }

    #[test]
    fn redirect_rules() {
        let remote = Url::parse("https://idp.example.com/a").unwrap();
        let local = Url::parse("http://127.0.0.1:9/a").unwrap();
        assert_eq!(next_location(&remote, Some("/b")).unwrap().as_str(), "https://idp.example.com/b");
        assert_eq!(next_location(&local, Some("http://localhost:9/b")).unwrap().as_str(), "http://localhost:9/b");
        let refused: &[(&Url, Option<&str>)] = &[
            (&remote, Some("http://idp.example.com/b")),
            (&remote, Some("http://127.0.0.1/admin")),
            (&remote, Some("https://localhost/admin")),
            (&remote, None),
            (&local, Some("javascript:alert(1)")),
        ];
        for (from, to) in refused {
            assert_eq!(next_location(from, *to).unwrap_err().code(), "fetch_redirect_refused", "{from} -> {to:?}");
        }
    }

    #[test]
    fn every_error_has_words() {
        let error = FetchError::HttpStatus { status: 404, meaning: status_meaning(404) };
        assert_eq!(error.to_string(), "The server answered HTTP 404 (there is nothing at this address).");
        let finding = error.to_finding();
        assert_eq!((finding.code, finding.severity), (FindingCode::FetchFailed, Severity::Error));
        assert_eq!(seconds(Duration::from_millis(300)), "0.3");
        assert_eq!(seconds(Duration::from_secs(20)), "20");
    }
}
