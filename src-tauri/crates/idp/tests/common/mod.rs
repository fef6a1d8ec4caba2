//! What the tests against the IdP emulators share.
#![allow(dead_code)] // each test file uses its own part of it

use std::sync::{Arc, Mutex};
use std::time::Duration;

use flex_sso_idp::FlexTarget;
use flex_sso_model::ids::ConnectionSid;
use flex_sso_model::values::{new_values, Hosts};
use flex_sso_twilio::retry::Sleeper;

/// A sleeper whose waits are recorded, never spent.
pub fn recording_sleeper() -> (Sleeper, Arc<Mutex<Vec<Duration>>>) {
    let waits = Arc::new(Mutex::new(Vec::new()));
    let seen = waits.clone();
    let sleeper: Sleeper = Arc::new(move |d| {
        seen.lock().unwrap().push(d);
        Box::pin(async {})
    });
    (sleeper, waits)
}

/// What Flex needs for the new connection `connection_sid`, on Twilio's production hosts.
pub fn target(connection_sid: &str) -> FlexTarget {
    FlexTarget::new(new_values(&ConnectionSid::parse(connection_sid).unwrap(), &Hosts::default()), Hosts::default())
}
