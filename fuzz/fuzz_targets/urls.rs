//! The URL checks: self-hosted Flex addresses (Trusted domains, redirect URLs, the OAuth
//! snippet's redirect) and the metadata address. Never a panic; an accepted address never has a
//! control character or a non-ASCII host, and an http one is always this computer.
#![no_main]

use flex_sso_model::self_hosted::{check_oauth_redirect, check_url, validate_self_hosted, UrlField};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let parts: Vec<String> = text.split('\u{1f}').map(str::to_owned).collect();
    if let Ok(url) = check_url(text, UrlField::DefaultRedirectUrl) {
        assert!(!flex_sso_model::ids::trim_pasted(text).chars().any(char::is_control), "a control character was accepted");
        let host = url.host().expect("a host").to_string();
        assert!(text.to_ascii_lowercase().contains(&host), "the host {host} is not as typed");
        assert!(url.host_str().is_some_and(|h| h.is_ascii() && !h.is_empty()));
        assert!(matches!(url.scheme(), "http" | "https"));
    }
    let redirect = parts.last().cloned().unwrap_or_default();
    for error in validate_self_hosted(&parts, &redirect).into_iter().chain(check_oauth_redirect(&parts, Some(&redirect), &redirect)) {
        assert!(!error.code().is_empty() && !error.to_string().is_empty());
    }
    match flex_sso_metadata::fetch::parse_url(text) {
        Ok(url) => {
            assert!(matches!(url.scheme(), "http" | "https"));
            assert!(url.host_str().is_some_and(|h| h.is_ascii()));
        }
        Err(error) => assert!(!error.code().is_empty() && !error.to_string().is_empty()),
    }
});
