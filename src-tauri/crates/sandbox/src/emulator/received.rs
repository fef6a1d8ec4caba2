//! What the emulator's ACS endpoints received, for tests (`GET /__sandbox/received`).

use serde::Serialize;

/// Which ACS a response was posted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AcsKind {
    /// `{login}/login/callback?connection=JQ…`
    New,
    /// `{iam}/v1/Accounts/{AC}/saml2`
    Legacy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceivedResponse {
    pub acs: AcsKind,
    /// The `connection` query parameter (new ACS only).
    pub connection: Option<String>,
    /// The `SAMLResponse` form value exactly as posted (base64).
    pub saml_response: String,
    pub relay_state: Option<String>,
    /// The first Audience found in the response, read without any check.
    pub audience: Option<String>,
    pub accepted: bool,
    /// The refusal's code when `accepted` is false.
    pub error_code: Option<String>,
    pub warnings: Vec<String>,
    pub received_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReceivedLog {
    pub count: usize,
    pub last: Option<ReceivedResponse>,
}

impl ReceivedLog {
    pub fn record(&mut self, response: ReceivedResponse) {
        self.count += 1;
        self.last = Some(response);
    }
}
