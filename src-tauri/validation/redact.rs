//! How a URL is shown in the timeline and the journal: host and path, with every query value
//! that could carry a code, a token or SAML data hidden. Only a few known-harmless keys keep
//! their value; anything else is hidden (an allow-list, so an IdP's new parameter name never
//! leaks). Fragments, user names and passwords never show.

use url::Url;

/// Query keys whose values are safe to show (compared case-insensitively).
const SHOWN_KEYS: &[&str] = &["connection", "lang", "language", "locale", "ui_locales"];

/// What a hidden value is replaced with.
pub const HIDDEN: &str = "[hidden]";

/// Path segments longer than this look like opaque tokens and are hidden too.
const LONG_SEGMENT: usize = 48;

/// `host[:port]/path?key=value` with sensitive parts hidden. Non-http(s) URLs show only their
/// scheme (they never load in the login window).
pub fn display_url(url: &Url) -> String {
    if !matches!(url.scheme(), "http" | "https") {
        return format!("{}: (blocked address)", url.scheme());
    }
    let mut out = String::new();
    out.push_str(url.host_str().unwrap_or(""));
    if let Some(port) = url.port() {
        out.push_str(&format!(":{port}"));
    }
    let path: Vec<String> = url
        .path()
        .split('/')
        .map(|segment| if segment.len() > LONG_SEGMENT { HIDDEN.to_owned() } else { segment.to_owned() })
        .collect();
    out.push_str(&path.join("/"));
    let pairs: Vec<String> = url
        .query_pairs()
        .map(|(key, value)| {
            let shown = SHOWN_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&key)) && value.len() <= 64;
            let key: String = key.chars().take(40).collect();
            if shown { format!("{key}={value}") } else { format!("{key}={HIDDEN}") }
        })
        .collect();
    if !pairs.is_empty() {
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    if url.fragment().is_some_and(|f| !f.is_empty()) {
        out.push('#');
        out.push_str(HIDDEN);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(url: &str) -> String {
        display_url(&Url::parse(url).unwrap())
    }

    #[test]
    fn secrets_in_queries_fragments_and_user_info_are_hidden() {
        let cases = [
            ("https://flex.twilio.com/agent-desktop", "flex.twilio.com/agent-desktop"),
            (
                "https://login.flex.us1.twilio.com/login/callback?connection=JQ0123456789abcdef0123456789abcdef",
                "login.flex.us1.twilio.com/login/callback?connection=JQ0123456789abcdef0123456789abcdef",
            ),
            (
                "http://127.0.0.1:8080/simplesaml/saml2/idp/SSOService.php?SAMLRequest=fZJdb4IwFIb%2F&RelayState=abc",
                "127.0.0.1:8080/simplesaml/saml2/idp/SSOService.php?SAMLRequest=[hidden]&RelayState=[hidden]",
            ),
            ("https://flex.twilio.com/cb?code=s3cret&state=xyz#access_token=tok", "flex.twilio.com/cb?code=[hidden]&state=[hidden]#[hidden]"),
            ("https://user:pass@idp.example.com/x?Connection=JQ1", "idp.example.com/x?Connection=JQ1"),
            ("https://idp.example.com/sso/saml?AuthState=_abc%3Ahttp", "idp.example.com/sso/saml?AuthState=[hidden]"),
        ];
        for (url, expected) in cases {
            assert_eq!(shown(url), expected, "{url}");
            for secret in ["s3cret", "tok", "pass", "fZJd", "_abc"] {
                assert!(!shown(url).contains(secret), "{url} leaks {secret}");
            }
        }
    }

    #[test]
    fn long_opaque_path_segments_are_hidden() {
        let token = "a".repeat(60);
        assert_eq!(shown(&format!("https://idp.example.com/app/{token}/sso")), "idp.example.com/app/[hidden]/sso");
    }

    #[test]
    fn other_schemes_show_only_the_scheme() {
        assert_eq!(shown("tauri://localhost/index.html"), "tauri: (blocked address)");
    }
}
