//! Making a planned change: compare, then write, then read again.
//!
//! The caller saves the [`Snapshot`](crate::Snapshot) (in the migration's progress) before calling
//! [`Auth0Client::apply`]. Here: the client is read again and must still hold, as a whole, the
//! `callbacks` and `addons.samlp` the plan was made from (a client has no version field), and the
//! plan's "before" values, else nothing is written; the PATCH is sent once (never retried); the
//! client is read a third time and every planned value must be there.

use reqwest::Method;
use serde_json::Value;

use super::answers::refusal;
use super::plan::{base_version, managed_value};
use super::{Auth0App, Auth0Client};
use crate::error::{Action, IdpError};
use crate::{ChangePlan, IdpKind};

/// A change that was made and proven by a re-read.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The client as read after the change.
    pub app: Auth0App,
}

impl Auth0Client {
    pub async fn apply(&self, plan: &ChangePlan) -> Result<Applied, IdpError> {
        let current = self.read_app(&plan.app.id).await?;
        let base: Option<Value> = serde_json::from_str(&plan.base_version).ok();
        let unchanged = base.as_ref() == Some(&current.guarded())
            && plan.changes.iter().all(|c| managed_value(&current, &c.key) == c.before);
        if !unchanged {
            tracing::info!(client = %plan.app.id, "the Auth0 client changed since it was read; nothing written");
            return Err(IdpError::ChangedSinceRead { idp: IdpKind::Auth0, app_label: current.name().to_owned() });
        }
        if plan.changes.is_empty() {
            return Ok(Applied { app: current });
        }
        let answer = self.api.write(Method::PATCH, self.api.url(&plan.request.path), &plan.request.body).await?;
        if answer.status == 404 {
            return Err(IdpError::AppNotFound { idp: IdpKind::Auth0, app: plan.app.id.clone() });
        }
        if !(200..300).contains(&answer.status) {
            return Err(refusal(&answer, Action::ChangeApp, &self.api.host()));
        }
        tracing::info!(client = %plan.app.id, fields = plan.changes.len(), "Auth0 accepted the change");
        let after = self.read_app(&plan.app.id).await?;
        let wrong: Vec<String> =
            plan.changes.iter().filter(|c| managed_value(&after, &c.key) != c.after).map(|c| c.label.clone()).collect();
        if !wrong.is_empty() {
            return Err(IdpError::NotVerified { idp: IdpKind::Auth0, fields: wrong });
        }
        Ok(Applied { app: after })
    }

    /// A snapshot of the client as read now (only the fields the check reads: never a secret), to
    /// save before applying a plan made from it.
    pub fn snapshot(app: &Auth0App, taken_at: time::OffsetDateTime) -> crate::Snapshot {
        crate::Snapshot {
            idp: IdpKind::Auth0.catalog_id().to_owned(),
            app_id: app.id().to_owned(),
            app_label: app.name().to_owned(),
            taken_at: flex_sso_certificate::rfc3339(taken_at),
            version: base_version(app),
            settings: Value::clone(app.raw()),
        }
    }
}
