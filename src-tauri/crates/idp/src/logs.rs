//! The IdP's own record of a sign-in, shown beside the app's diagnosis of a failed login check.

use serde::Serialize;

/// One entry of the IdP's sign-in log, with the IdP's words and the app's plain ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdpLogLine {
    /// RFC 3339, as the IdP recorded it.
    pub when: String,
    /// The user the entry is about, as the IdP names them (an e-mail address, usually).
    pub user: Option<String>,
    /// The IdP's name for the event (Okta `eventType`).
    pub event: String,
    /// `success`, `failure`, or the IdP's own word.
    pub outcome: String,
    /// The IdP's own reason or message, quoted.
    pub idp_says: String,
    /// What it means for the Flex login, in plain words.
    pub meaning: String,
    /// What to do, in the IdP's labels; empty when nothing is to be done.
    pub fix: String,
}

impl IdpLogLine {
    pub fn failed(&self) -> bool {
        self.outcome == "failure"
    }
}
