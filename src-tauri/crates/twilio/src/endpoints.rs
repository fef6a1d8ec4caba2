//! Where the Twilio services live.
//!
//! The defaults are Twilio's public hosts (FLEX-SSO-FACTS §1, §2, §7). Every one can be pointed
//! elsewhere through an environment variable, which is how the tests and the practice sandbox
//! reach the local emulator, and how a future region would be reached (only `us1` is documented).

use serde::Serialize;
use url::{Host, Url};

/// Environment variables that override the defaults.
pub mod env_vars {
    pub const API: &str = "FLEX_SSO_API_BASE_URL";
    pub const FLEX_API: &str = "FLEX_SSO_FLEX_API_BASE_URL";
    pub const SERVICES: &str = "FLEX_SSO_SERVICES_BASE_URL";
    pub const LOGIN: &str = "FLEX_SSO_LOGIN_BASE_URL";
    pub const FLEX_UI: &str = "FLEX_SSO_FLEX_UI_BASE_URL";
}

/// Base URLs of the services the app talks to or links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoints {
    /// REST API (Accounts): `https://api.twilio.com`.
    pub api: Url,
    /// Flex API (Configuration): `https://flex-api.twilio.com`.
    pub flex_api: Url,
    /// Public SSO connection list: `https://services.twilio.com`.
    pub services: Url,
    /// The new SSO's login host (ACS URLs): `https://login.flex.us1.twilio.com`.
    pub login: Url,
    /// Hosted Flex, for the login link `https://flex.twilio.com/{runtime-domain}`.
    pub flex_ui: Url,
}

/// Why an endpoint override was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("{variable} is not a valid web address ({reason}). Use a full address such as https://example.com, or unset it to use Twilio's.")]
    InvalidUrl { variable: &'static str, reason: String },
    #[error("{variable} must start with https:// (plain http:// is accepted only for this computer: localhost or 127.0.0.1).")]
    Insecure { variable: &'static str },
    #[error("{variable} must be a base address only, without a user name, password, query (?…) or fragment (#…).")]
    NotABase { variable: &'static str },
}

impl EndpointError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            EndpointError::InvalidUrl { .. } => "endpoint_invalid_url",
            EndpointError::Insecure { .. } => "endpoint_insecure",
            EndpointError::NotABase { .. } => "endpoint_not_a_base",
        }
    }
}

fn fixed(url: &'static str) -> Url {
    // These literals are valid URLs; a test below parses every one.
    Url::parse(url).unwrap_or_else(|_| unreachable!("built-in URL {url} is valid"))
}

impl Default for Endpoints {
    fn default() -> Self {
        Self::twilio()
    }
}

impl Endpoints {
    /// Twilio's public hosts.
    pub fn twilio() -> Self {
        Self {
            api: fixed("https://api.twilio.com"),
            flex_api: fixed("https://flex-api.twilio.com"),
            services: fixed("https://services.twilio.com"),
            login: fixed("https://login.flex.us1.twilio.com"),
            flex_ui: fixed("https://flex.twilio.com"),
        }
    }

    /// Every endpoint pointing at one base, as the emulator serves all of them on one port.
    /// The link hosts (`login`, `flex_ui`) keep their defaults: they are only shown, never called.
    pub fn all_at(base: &Url) -> Self {
        Self { api: base.clone(), flex_api: base.clone(), services: base.clone(), ..Self::twilio() }
    }

    /// `defaults`, with each endpoint replaced by its environment variable when set.
    pub fn from_env_over(defaults: Endpoints) -> Result<Self, EndpointError> {
        Self::from_lookup_over(defaults, |name| std::env::var(name).ok())
    }

    /// [`Endpoints::from_env_over`] over any lookup (tests pass a map). Empty values count as unset.
    pub fn from_lookup_over(
        defaults: Endpoints,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, EndpointError> {
        let pick = |variable: &'static str, default: Url| -> Result<Url, EndpointError> {
            match lookup(variable).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
                Some(value) => validate_base(variable, &value),
                None => Ok(default),
            }
        };
        Ok(Self {
            api: pick(env_vars::API, defaults.api)?,
            flex_api: pick(env_vars::FLEX_API, defaults.flex_api)?,
            services: pick(env_vars::SERVICES, defaults.services)?,
            login: pick(env_vars::LOGIN, defaults.login)?,
            flex_ui: pick(env_vars::FLEX_UI, defaults.flex_ui)?,
        })
    }
}

/// Accepts an absolute http(s) base URL. Plain http only to the loopback interface, because the
/// Auth Token travels in every request. The value is not repeated in errors: a URL with a
/// password in it would otherwise end up on screen.
pub fn validate_base(variable: &'static str, value: &str) -> Result<Url, EndpointError> {
    let url = Url::parse(value).map_err(|e| EndpointError::InvalidUrl { variable, reason: e.to_string() })?;
    if !url.username().is_empty() || url.password().is_some() || url.query().is_some() || url.fragment().is_some() {
        return Err(EndpointError::NotABase { variable });
    }
    let host = url.host().ok_or(EndpointError::InvalidUrl { variable, reason: "no host name".to_owned() })?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&host) => Ok(url),
        "http" => Err(EndpointError::Insecure { variable }),
        other => Err(EndpointError::InvalidUrl { variable, reason: format!("{other}: is not a web address") }),
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// `base` + `path`, tolerating a base with or without a trailing slash or a path prefix.
pub(crate) fn join(base: &Url, path: &str) -> String {
    format!("{}/{}", base.as_str().trim_end_matches('/'), path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn defaults_are_twilios_hosts() {
        let e = Endpoints::from_lookup_over(Endpoints::twilio(), env(&[])).unwrap();
        assert_eq!(e.api.as_str(), "https://api.twilio.com/");
        assert_eq!(e.flex_api.as_str(), "https://flex-api.twilio.com/");
        assert_eq!(e.services.as_str(), "https://services.twilio.com/");
        assert_eq!(e.login.as_str(), "https://login.flex.us1.twilio.com/");
        assert_eq!(e.flex_ui.as_str(), "https://flex.twilio.com/");
    }

    #[test]
    fn overrides_apply_one_by_one() {
        let e = Endpoints::from_lookup_over(
            Endpoints::twilio(),
            env(&[("FLEX_SSO_FLEX_API_BASE_URL", " http://127.0.0.1:4010 "), ("FLEX_SSO_SERVICES_BASE_URL", "")]),
        )
        .unwrap();
        assert_eq!(e.flex_api.as_str(), "http://127.0.0.1:4010/");
        assert_eq!(e.services.as_str(), "https://services.twilio.com/");
        assert_eq!(join(&e.flex_api, "/v1/Configuration"), "http://127.0.0.1:4010/v1/Configuration");
    }

    #[test]
    fn bad_overrides_are_refused_with_the_variable_named() {
        let cases: &[(&str, &str, &str)] = &[
            ("example.com", "endpoint_invalid_url",
                "FLEX_SSO_API_BASE_URL is not a valid web address (relative URL without a base). Use a full address such as https://example.com, or unset it to use Twilio's."),
            ("http://api.example.com", "endpoint_insecure",
                "FLEX_SSO_API_BASE_URL must start with https:// (plain http:// is accepted only for this computer: localhost or 127.0.0.1)."),
            ("https://user:hunter2@example.com", "endpoint_not_a_base",
                "FLEX_SSO_API_BASE_URL must be a base address only, without a user name, password, query (?…) or fragment (#…)."),
            ("ftp://example.com", "endpoint_invalid_url",
                "FLEX_SSO_API_BASE_URL is not a valid web address (ftp: is not a web address). Use a full address such as https://example.com, or unset it to use Twilio's."),
        ];
        for (value, code, message) in cases {
            let err = Endpoints::from_lookup_over(Endpoints::twilio(), env(&[("FLEX_SSO_API_BASE_URL", value)])).unwrap_err();
            assert_eq!(err.code(), *code, "{value}");
            assert_eq!(err.to_string(), *message, "{value}");
        }
        for ok in ["http://localhost:8080", "http://[::1]:9", "https://eu.example.com/prefix/"] {
            assert!(validate_base("X", ok).is_ok(), "{ok}");
        }
    }
}
