//! A migration's link to the IdP's management API (step 2's "Check it in Okta"): which IdP, the
//! address, the app found, and the snapshot of that app's settings taken before the app changed
//! them. The token is not here: it lives in the OS keyring. Nothing here is secret (an IdP app's
//! settings hold no key material), so it is saved with the migration's progress, atomically.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The link, saved per migration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdpApiLink {
    /// The IdP catalog id (`okta`).
    pub idp: String,
    /// The address the API is called at (Okta: the org URL).
    pub address: String,
    /// The app the admin's check found or picked.
    #[serde(default)]
    pub app_id: Option<String>,
    #[serde(default)]
    pub app_label: Option<String>,
    /// Entra ID: the Application (client) ID the admin signs in to Microsoft through (an app
    /// registration of their tenant that allows public client flows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The app as it was before the first change the app made: "Switch back" puts it back. Kept
    /// when the link is removed, so the way back survives a disconnect.
    #[serde(default)]
    pub snapshot: Option<IdpSnapshot>,
}

/// The app object exactly as the IdP returned it, with when and at which version it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdpSnapshot {
    /// The IdP catalog id.
    pub idp: String,
    pub app_id: String,
    pub app_label: String,
    /// RFC 3339, when the app read it.
    pub taken_at: String,
    /// The IdP's version of the object then (Okta `lastUpdated`).
    pub version: String,
    pub settings: Value,
}
