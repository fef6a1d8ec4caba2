//! The landmarks of a Flex login and the phase each address belongs to: Flex login → the
//! identity provider's sign-in page → the SAML response posted to the ACS → Flex loaded.
//! Every comparison parses the URL and compares scheme, host, port and path: never a
//! substring, because the same addresses often sit inside a query (RelayState, return URLs).

use serde::Serialize;
use url::Url;

/// A phase of the login, in the order a good login goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Flex's own pages before the identity provider (the login link, the login service).
    FlexLogin,
    /// Anything else before the ACS: the identity provider's sign-in pages.
    IdpSignIn,
    /// The SAML response arriving at an assertion consumer service (new or legacy).
    AcsPost,
    /// Flex itself, signed in.
    FlexLoaded,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::FlexLogin, Phase::IdpSignIn, Phase::AcsPost, Phase::FlexLoaded];

    /// The phase's name for the admin.
    pub fn label(self) -> &'static str {
        match self {
            Phase::FlexLogin => "1. Flex login",
            Phase::IdpSignIn => "2. Your identity provider's sign-in page",
            Phase::AcsPost => "3. The sign-in answer (SAML response) sent to Twilio",
            Phase::FlexLoaded => "4. Flex loaded",
        }
    }
}

/// Where a login starts, passes and should end.
#[derive(Debug, Clone)]
pub struct Landmarks {
    /// Hosted Flex (`https://flex.twilio.com`).
    pub flex_ui: Url,
    /// The new SSO's login host (`https://login.flex.us1.twilio.com`): its `/login/callback`
    /// is the new ACS.
    pub login: Url,
    /// Legacy ACS hosts: `https://iam.twilio.com` (`/v1/Accounts/{AC}/saml2`) and
    /// `https://preview.twilio.com` (`/iam/Accounts/{AC}/saml2`).
    pub legacy_iam: Url,
    pub older_legacy: Url,
    /// Self-hosted Flex: the address of the self-hosted Flex, where a good login lands.
    pub self_hosted_landing: Option<Url>,
    /// The exact ACS addresses this migration's SAML response may be posted to: the new
    /// connection's (`…/login/callback?connection=JQ…`) and this account's legacy ones. Empty
    /// when the connection is not known yet; then any ACS-shaped address counts.
    pub expected_acs: Vec<Url>,
}

/// Scheme, host and port (with the scheme's default) equal.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}

/// The same address: origin, path (a trailing slash aside) and the same query pairs in any order.
/// The fragment is ignored (it is never sent).
pub fn same_address(a: &Url, b: &Url) -> bool {
    let pairs = |u: &Url| {
        let mut p: Vec<(String, String)> = u.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        p.sort();
        p
    };
    same_origin(a, b) && trimmed_path(a) == trimmed_path(b) && pairs(a) == pairs(b)
}

fn trimmed_path(url: &Url) -> &str {
    let p = url.path();
    if p.len() > 1 { p.trim_end_matches('/') } else { p }
}

fn is_account_saml2(path: &str, prefix: &str) -> bool {
    // `{prefix}/AC…/saml2` exactly.
    let Some(rest) = path.strip_prefix(prefix) else { return false };
    let mut parts = rest.split('/');
    matches!((parts.next(), parts.next(), parts.next()), (Some(ac), Some("saml2"), None) if ac.starts_with("AC") && ac.len() == 34)
}

impl Landmarks {
    /// The new ACS (`{login}/login/callback`) or a legacy one.
    pub fn is_acs(&self, url: &Url) -> bool {
        let path = trimmed_path(url);
        (same_origin(url, &self.login) && path == "/login/callback")
            || (same_origin(url, &self.legacy_iam) && is_account_saml2(path, "/v1/Accounts/"))
            || (same_origin(url, &self.older_legacy) && is_account_saml2(path, "/iam/Accounts/"))
    }

    /// Whether a SAML response posted to `url` is one for this migration: exactly one of its ACS
    /// addresses (new or legacy), compared parsed. Without a known connection, any ACS.
    pub fn is_expected_acs(&self, url: &Url) -> bool {
        if self.expected_acs.is_empty() {
            return self.is_acs(url);
        }
        self.expected_acs.iter().any(|acs| same_address(acs, url))
    }

    /// Whether this is a legacy ACS (an IdP still on the legacy values posts there).
    pub fn is_legacy_acs(&self, url: &Url) -> bool {
        self.is_acs(url) && !same_origin(url, &self.login)
    }

    /// The success rule: where a signed-in Flex lives. Hosted: `/agent-desktop` on the Flex UI
    /// host. Self-hosted: the Default redirect URL's origin and path.
    pub fn is_landing(&self, url: &Url) -> bool {
        if let Some(landing) = &self.self_hosted_landing {
            return same_origin(url, landing) && trimmed_path(url) == trimmed_path(landing);
        }
        same_origin(url, &self.flex_ui)
            && (trimmed_path(url) == "/agent-desktop" || trimmed_path(url).starts_with("/agent-desktop/"))
    }

    /// Twilio's own pages (Flex UI, the login service, the legacy IAM hosts), or the
    /// self-hosted Flex app.
    pub fn is_flex_side(&self, url: &Url) -> bool {
        [&self.flex_ui, &self.login, &self.legacy_iam, &self.older_legacy].into_iter().any(|o| same_origin(url, o))
            || self.self_hosted_landing.as_ref().is_some_and(|l| same_origin(url, l))
    }

    /// The phase an address belongs to.
    pub fn phase_of(&self, url: &Url) -> Phase {
        if self.is_acs(url) {
            Phase::AcsPost
        } else if self.is_landing(url) {
            Phase::FlexLoaded
        } else if self.is_flex_side(url) {
            Phase::FlexLogin
        } else {
            Phase::IdpSignIn
        }
    }

    /// The origins a SAML response may be posted to (for checking a captured form's action).
    pub fn acs_origins(&self) -> Vec<&Url> {
        vec![&self.login, &self.legacy_iam, &self.older_legacy]
    }
}

/// Checks a start link: a full http(s) address with a host, no user name or password. `http`
/// is refused except for this computer (the practice sandbox), like the app's other endpoints.
pub fn check_start_url(text: &str) -> Result<Url, &'static str> {
    let url = Url::parse(text.trim()).map_err(|_| "This is not a web address. Paste the whole link, starting with https://.")?;
    match url.scheme() {
        "https" => {}
        "http" if matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")) => {}
        "http" => return Err("The link must start with https:// (plain http is accepted only for this computer)."),
        _ => return Err("Only web links (https://…) can be opened in the login window."),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("The link has no host name.");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("The link must not hold a user name or password.");
    }
    Ok(url)
}

/// Whether the login window may go to this address at all: web pages only (never the app's own
/// `tauri://` pages, files, data: or javascript: URLs).
pub fn navigation_allowed(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

#[cfg(test)]
mod tests {
    use super::*;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn hosted() -> Landmarks {
        Landmarks {
            flex_ui: u("https://flex.twilio.com"),
            login: u("https://login.flex.us1.twilio.com"),
            legacy_iam: u("https://iam.twilio.com"),
            older_legacy: u("https://preview.twilio.com"),
            self_hosted_landing: None,
            expected_acs: vec![
                u("https://login.flex.us1.twilio.com/login/callback?connection=JQ1"),
                u(&format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2")),
            ],
        }
    }

    #[test]
    fn a_capture_counts_only_for_this_migrations_acs_exactly() {
        let l = hosted();
        for yes in [
            "https://login.flex.us1.twilio.com/login/callback?connection=JQ1",
            "https://login.flex.us1.twilio.com:443/login/callback/?connection=JQ1#x",
            &format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2"),
        ] {
            assert!(l.is_expected_acs(&u(yes)), "{yes}");
        }
        for no in [
            "https://login.flex.us1.twilio.com/login/callback?connection=JQ2",
            "https://login.flex.us1.twilio.com/login/callback",
            "https://login.flex.us1.twilio.com/login/callback?connection=JQ1&x=1",
            "http://login.flex.us1.twilio.com/login/callback?connection=JQ1",
            "https://iam.twilio.com/v1/Accounts/AC0000000000000000000000000000dead/saml2",
        ] {
            assert!(!l.is_expected_acs(&u(no)), "{no}");
        }
        let unknown = Landmarks { expected_acs: vec![], ..hosted() };
        assert!(unknown.is_expected_acs(&u("https://login.flex.us1.twilio.com/login/callback?connection=JQ9")));
    }

    #[test]
    fn each_address_of_a_login_falls_in_its_phase() {
        let l = hosted();
        let cases = [
            ("https://flex.twilio.com/dancing-owl-1234", Phase::FlexLogin),
            ("https://login.flex.us1.twilio.com/login?connection=JQ1", Phase::FlexLogin),
            ("https://acme.okta.com/app/acme_flex/exk1/sso/saml?SAMLRequest=x", Phase::IdpSignIn),
            ("https://login.flex.us1.twilio.com/login/callback?connection=JQ1", Phase::AcsPost),
            (&format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2"), Phase::AcsPost),
            (&format!("https://preview.twilio.com/iam/Accounts/{AC}/saml2"), Phase::AcsPost),
            (&format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2/metadata"), Phase::FlexLogin),
            ("https://flex.twilio.com/agent-desktop", Phase::FlexLoaded),
            ("https://flex.twilio.com/agent-desktop/", Phase::FlexLoaded),
        ];
        for (url, phase) in cases {
            assert_eq!(l.phase_of(&u(url)), phase, "{url}");
        }
    }

    #[test]
    fn success_is_decided_by_origin_and_path_never_by_substring() {
        let l = hosted();
        let yes = ["https://flex.twilio.com/agent-desktop", "https://flex.twilio.com/agent-desktop?x=1", "https://flex.twilio.com:443/agent-desktop"];
        let no = [
            "https://idp.example.com/login?return=https://flex.twilio.com/agent-desktop",
            "https://idp.example.com/agent-desktop",
            "http://flex.twilio.com/agent-desktop",
            "https://flex.twilio.com.evil.example/agent-desktop",
            "https://flex.twilio.com:8443/agent-desktop",
            "https://flex.twilio.com/agent-desktopX",
            "https://flex.twilio.com/login?next=/agent-desktop",
        ];
        for url in yes {
            assert!(l.is_landing(&u(url)), "{url}");
        }
        for url in no {
            assert!(!l.is_landing(&u(url)), "{url}");
        }
    }

    #[test]
    fn self_hosted_lands_on_the_default_redirect_url() {
        let mut l = hosted();
        l.self_hosted_landing = Some(u("https://flex.example.com/app/"));
        assert!(l.is_landing(&u("https://flex.example.com/app")));
        assert!(l.is_landing(&u("https://flex.example.com/app/?code=1")));
        assert!(!l.is_landing(&u("https://flex.twilio.com/agent-desktop")));
        assert!(!l.is_landing(&u("https://flex.example.com/other")));
        assert_eq!(l.phase_of(&u("https://flex.example.com/")), Phase::FlexLogin);
    }

    #[test]
    fn legacy_acs_is_told_apart() {
        let l = hosted();
        assert!(l.is_legacy_acs(&u(&format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2"))));
        assert!(!l.is_legacy_acs(&u("https://login.flex.us1.twilio.com/login/callback?connection=JQ1")));
        assert!(!l.is_acs(&u("https://iam.twilio.com/v1/Accounts/nope/saml2")));
    }

    #[test]
    fn start_links_are_checked() {
        assert!(check_start_url("https://flex.twilio.com/owl-1").is_ok());
        assert!(check_start_url(" http://127.0.0.1:9000/owl ").is_ok());
        for bad in ["javascript:alert(1)", "tauri://localhost/", "file:///etc/passwd", "http://example.com/", "flex.twilio.com", "https://u:p@x.com/"] {
            assert!(check_start_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_web_navigations_are_allowed() {
        assert!(navigation_allowed(&u("https://x.example/")));
        for bad in ["tauri://localhost/index.html", "file:///etc/hosts", "data:text/html,hi", "javascript:void(0)", "ipc://localhost/x"] {
            assert!(!navigation_allowed(&u(bad)), "{bad}");
        }
    }
}
