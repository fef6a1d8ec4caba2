//! The app's settings as they were before the app changed them: saved (in the migration's
//! progress, atomically) before any write, and the way back ("Switch back") afterwards.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::IdpKind;

/// The app object exactly as the IdP returned it, with when and at which version it was read.
/// App settings hold no secret (Okta returns no key material in an app object; signing keys are
/// separate resources), so the snapshot may be written to the progress file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub idp: IdpKind,
    pub app_id: String,
    pub app_label: String,
    /// RFC 3339, when the app read it.
    pub taken_at: String,
    /// The IdP's version of the object at that time (Okta `lastUpdated`).
    pub version: String,
    pub settings: Value,
}
