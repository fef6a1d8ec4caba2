//! Test helpers shared by the unit tests of the pure login-check modules: one attempt on
//! Twilio's real hosts, with the ACS of connection `JQ1`.

use std::time::Duration;

use url::Url;

use super::attempt::Attempt;
use super::flow::Landmarks;

pub const ACS: &str = "https://login.flex.us1.twilio.com/login/callback?connection=JQ1";

pub fn u(s: &str) -> Url {
    Url::parse(s).unwrap()
}

/// A new attempt `id` (window `login-check-{id}`) started at a Flex login link.
pub fn attempt(id: u32) -> Attempt {
    let landmarks = Landmarks {
        flex_ui: u("https://flex.twilio.com"),
        login: u("https://login.flex.us1.twilio.com"),
        legacy_iam: u("https://iam.twilio.com"),
        older_legacy: u("https://preview.twilio.com"),
        self_hosted_landing: None,
        expected_acs: vec![u(ACS)],
    };
    Attempt::new(id, format!("login-check-{id}"), u("https://flex.twilio.com/owl-1"), landmarks, Duration::from_secs(300))
}
