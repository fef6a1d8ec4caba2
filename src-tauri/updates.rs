//! Updates, the parts with no Tauri type: where this build looks for a new version, whether its
//! release key is a real one, and when a check is due. The network side (Tauri's updater, which
//! verifies every package against the release key before installing it) is in
//! `commands/updates.rs`.
//!
//! The rules: the app checks only with the admin's consent, at most once a day, never in the
//! practice sandbox, and not at all in a build whose release key is still the placeholder.

use base64::Engine;
use time::{Duration, OffsetDateTime};
use url::Url;

/// Where the release workflow publishes the updater's manifest: the newest published release of
/// the project (Cargo.toml's `repository`).
pub fn release_manifest_url() -> Url {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    Url::parse(&format!("{repository}/releases/latest/download/latest.json")).expect("the repository in Cargo.toml is a URL")
}

/// How often the app looks for a new version at start, at most.
pub const CHECK_INTERVAL: Duration = Duration::hours(24);

/// What this build checks against: the manifest's address and the release public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateSource {
    pub endpoint: Url,
    /// As in `tauri.conf.json`: base64 of the minisign public key file.
    pub pubkey: String,
}

/// Why a build cannot update itself, in words for the About page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotConfigured(pub String);

/// The update source of this build, from the release key in `tauri.conf.json`
/// (`plugins.updater.pubkey`).
///
/// Debug builds (the tests) may point it elsewhere with `FLEX_SSO_UPDATE_ENDPOINT` and
/// `FLEX_SSO_UPDATE_PUBKEY`, so a test can serve a signed test update from loopback with a key
/// made for the test. Release builds ignore both: what an installed copy trusts is fixed when it
/// is built.
pub fn source(config_pubkey: Option<&str>) -> Result<UpdateSource, NotConfigured> {
    let (mut endpoint, mut pubkey) = (release_manifest_url(), config_pubkey.unwrap_or_default().to_owned());
    if cfg!(debug_assertions) {
        if let Ok(value) = std::env::var("FLEX_SSO_UPDATE_ENDPOINT") {
            endpoint = Url::parse(&value).map_err(|_| NotConfigured(format!("FLEX_SSO_UPDATE_ENDPOINT \"{value}\" is not an address.")))?;
        }
        if let Ok(value) = std::env::var("FLEX_SSO_UPDATE_PUBKEY") {
            pubkey = value;
        }
    }
    check_release_key(&pubkey)?;
    Ok(UpdateSource { endpoint, pubkey })
}

/// A release key is base64 of a minisign public key file (`untrusted comment: …` and the key).
/// Anything else, such as the placeholder committed before the maintainer made the real key,
/// means the build cannot verify updates and so must not look for any.
pub fn check_release_key(pubkey: &str) -> Result<(), NotConfigured> {
    let not_configured = || {
        NotConfigured(
            "This copy of the app was built without the project's release key, so it cannot check for new versions. \
             Get new versions from the project page."
                .to_owned(),
        )
    };
    let decoded = base64::engine::general_purpose::STANDARD.decode(pubkey.trim()).map_err(|_| not_configured())?;
    let text = String::from_utf8(decoded).map_err(|_| not_configured())?;
    minisign_verify::PublicKey::decode(&text).map_err(|_| not_configured())?;
    Ok(())
}

/// Whether a check at start is due, given when the last one was. A last check in the future
/// (the clock was set back) does not block checks for good.
pub fn check_due(last: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    match last {
        None => true,
        Some(last) => now - last >= CHECK_INTERVAL || last - now > Duration::minutes(5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    // A minisign public key file (made for this test only), base64 as tauri.conf.json holds it.
    const A_KEY_FILE: &str = "untrusted comment: minisign public key 8A6C2E3D1F0B4A59\nRWRZSgsfPS5sin+f6ooi91kZ2UgOyTXVFW0xbcImJ9jZL6JBxEFjnZyb\n";

    fn b64(text: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    #[test]
    fn a_minisign_public_key_is_a_release_key() {
        assert_eq!(check_release_key(&b64(A_KEY_FILE)), Ok(()));
    }

    #[test]
    fn the_placeholder_and_other_strings_are_not() {
        for pubkey in [
            "",
            "RELEASE-KEY-PLACEHOLDER",
            &b64("untrusted comment: minisign public key\nnot a key\n"),
            &b64("RWRZSgsfPS5sigbyJXNVh1qJxWA8xl+YOLjuwl2vBygVszbg"),
        ] {
            let error = check_release_key(pubkey).unwrap_err();
            assert!(error.0.contains("without the project's release key"), "{pubkey}: {error:?}");
        }
    }

    #[test]
    fn the_manifest_is_the_latest_release_of_the_project() {
        let url = release_manifest_url();
        assert_eq!(url.scheme(), "https");
        assert!(url.as_str().starts_with(env!("CARGO_PKG_REPOSITORY")), "{url}");
        assert!(url.as_str().ends_with("/releases/latest/download/latest.json"), "{url}");
    }

    #[test]
    fn a_check_is_due_once_a_day() {
        let now = datetime!(2026-12-01 12:00 UTC);
        assert!(check_due(None, now));
        assert!(!check_due(Some(datetime!(2026-12-01 09:00 UTC)), now));
        assert!(!check_due(Some(datetime!(2026-11-30 12:00:01 UTC)), now));
        assert!(check_due(Some(datetime!(2026-11-30 12:00 UTC)), now));
        // A clock set back by a day does not stop checks until it catches up.
        assert!(check_due(Some(datetime!(2026-12-02 12:00 UTC)), now));
        assert!(!check_due(Some(datetime!(2026-12-01 12:03 UTC)), now));
    }
}
