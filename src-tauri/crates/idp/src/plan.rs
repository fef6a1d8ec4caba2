//! A change the app would make in the IdP, shown before it is made: field by field (before →
//! after) and the exact request that carries it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{AppRef, IdpKind};

/// One setting that changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The row key of the comparison (`entity_id`, …).
    pub key: String,
    /// The IdP's label.
    pub label: String,
    /// Where the API keeps it.
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The request that makes the change, exactly as it will be sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WriteRequest {
    /// `PUT` (Okta replaces the whole app) or `PATCH`.
    pub method: String,
    /// Path under the IdP's base URL.
    pub path: String,
    pub body: Value,
}

/// What applying would do. `base_version` is the app's version when it was read (Okta's
/// `lastUpdated`): applying first checks the app still has it, and refuses otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangePlan {
    pub idp: IdpKind,
    pub app: AppRef,
    pub changes: Vec<FieldChange>,
    pub request: WriteRequest,
    pub base_version: String,
}

impl ChangePlan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}
