//! The hosted Flex login link, `https://flex.twilio.com/{runtime-domain}` (FLEX-SSO-FACTS §7,
//! example `https://flex.twilio.com/dancing-owl-1234`).
//!
//! What the Configuration resource's `runtime_domain` holds in practice is unconfirmed: the
//! OpenAPI example is a full URL, runtime domains elsewhere look like `dancing-owl-1234.twil.io`.
//! The choice made here, in order:
//! 1. a full http(s) URL on a `*.twil.io` host: the first label of the host
//!    (`https://dancing-owl-1234.twil.io` → `dancing-owl-1234`);
//! 2. a full URL on the hosted Flex host itself: its first path segment
//!    (`https://flex.twilio.com/dancing-owl-1234` → `dancing-owl-1234`); with no path (the spec's
//!    example `https://flex.twilio.com`) nothing can be derived;
//! 3. a bare host `dancing-owl-1234.twil.io` → `dancing-owl-1234`;
//! 4. a bare name of letters, digits and dashes → itself.
//!
//! Anything else gives no link, and the UI lets the admin type the name (see [`login_url_for`]).

use serde::Serialize;
use url::Url;

const TWIL_IO: &str = ".twil.io";

/// Which form `runtime_domain` had, so the UI can say how the link was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuntimeDomainForm {
    TwilIoUrl,
    FlexUiUrl,
    TwilIoHost,
    BareName,
}

/// The derived login link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoginLink {
    /// The runtime name, e.g. `dancing-owl-1234`.
    pub name: String,
    pub url: String,
    pub derived_from: RuntimeDomainForm,
}

fn is_bare_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn twil_io_name(host: &str) -> Option<String> {
    let host = host.to_ascii_lowercase();
    let name = host.strip_suffix(TWIL_IO)?;
    // `a.b.twil.io`: the runtime name is the first label.
    let first = name.split('.').next()?;
    is_bare_name(first).then(|| first.to_owned())
}

/// Derives the runtime name from `runtime_domain` (see the module docs for the rules).
pub fn runtime_name(runtime_domain: &str, flex_ui: &Url) -> Option<(String, RuntimeDomainForm)> {
    let value = runtime_domain.trim().trim_end_matches('/');
    if value.is_empty() {
        return None;
    }
    if value.contains("://") {
        let url = Url::parse(value).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let host = url.host_str()?;
        if let Some(name) = twil_io_name(host) {
            return Some((name, RuntimeDomainForm::TwilIoUrl));
        }
        if Some(host) == flex_ui.host_str() {
            let segment = url.path_segments()?.find(|s| !s.is_empty())?;
            return is_bare_name(segment).then(|| (segment.to_owned(), RuntimeDomainForm::FlexUiUrl));
        }
        return None;
    }
    if let Some(name) = twil_io_name(value) {
        return Some((name, RuntimeDomainForm::TwilIoHost));
    }
    is_bare_name(value).then(|| (value.to_owned(), RuntimeDomainForm::BareName))
}

/// `{flex_ui}/{name}`, for a name the admin typed or corrected. `None` when the name is not a
/// plain runtime name.
pub fn login_url_for(flex_ui: &Url, name: &str) -> Option<String> {
    let name = name.trim();
    is_bare_name(name).then(|| format!("{}/{}", flex_ui.as_str().trim_end_matches('/'), name))
}

/// The login link for a Configuration's `runtime_domain`, if one can be derived.
pub fn login_link(runtime_domain: &str, flex_ui: &Url) -> Option<LoginLink> {
    let (name, derived_from) = runtime_name(runtime_domain, flex_ui)?;
    let url = login_url_for(flex_ui, &name)?;
    Some(LoginLink { name, url, derived_from })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_form_gives_the_link() {
        let flex = Url::parse("https://flex.twilio.com").unwrap();
        let cases: &[(&str, Option<(&str, RuntimeDomainForm)>)] = &[
            ("dancing-owl-1234.twil.io", Some(("dancing-owl-1234", RuntimeDomainForm::TwilIoHost))),
            ("Dancing-Owl-1234.TWIL.IO", Some(("dancing-owl-1234", RuntimeDomainForm::TwilIoHost))),
            ("https://dancing-owl-1234.twil.io/", Some(("dancing-owl-1234", RuntimeDomainForm::TwilIoUrl))),
            ("https://flex.twilio.com/dancing-owl-1234", Some(("dancing-owl-1234", RuntimeDomainForm::FlexUiUrl))),
            (" dancing-owl-1234\n", Some(("dancing-owl-1234", RuntimeDomainForm::BareName))),
            ("https://flex.twilio.com", None),
            ("https://example.com/dancing-owl-1234", None),
            ("ftp://dancing-owl-1234.twil.io", None),
            ("dancing owl", None),
            ("", None),
            ("-owl", None),
        ];
        for (input, expected) in cases {
            let got = login_link(input, &flex);
            match expected {
                Some((name, form)) => {
                    let link = got.unwrap_or_else(|| panic!("no link for {input:?}"));
                    assert_eq!(link.name, *name);
                    assert_eq!(link.url, format!("https://flex.twilio.com/{name}"));
                    assert_eq!(link.derived_from, *form);
                }
                None => assert_eq!(got, None, "{input:?}"),
            }
        }
    }

    #[test]
    fn corrected_names_use_the_configured_host() {
        let local = Url::parse("http://127.0.0.1:9000/").unwrap();
        assert_eq!(login_url_for(&local, "quiet-fox-1"), Some("http://127.0.0.1:9000/quiet-fox-1".to_owned()));
        assert_eq!(login_url_for(&local, "a/b"), None);
    }
}
