//! Making a planned change: compare, then write, then read again.
//!
//! The caller saves the [`Snapshot`](crate::Snapshot) (in the migration's progress) before calling
//! [`OktaClient::apply`]. Here: the app is read again and must still be at the plan's version with
//! the plan's "before" values, else nothing is written; the PUT is sent once; the app is read a
//! third time and every planned value must be there.

use reqwest::Method;
use serde_json::Value;

use super::answers::refusal;
use super::plan::managed_value;
use super::{OktaApp, OktaClient};
use crate::error::{Action, IdpError};
use crate::{ChangePlan, IdpKind};

/// A change that was made and proven by a re-read.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The app as read after the change.
    pub app: OktaApp,
}

impl OktaClient {
    pub async fn apply(&self, plan: &ChangePlan) -> Result<Applied, IdpError> {
        let current = self.read_app(&plan.app.id).await?;
        let unchanged = current.last_updated() == plan.base_version
            && plan.changes.iter().all(|c| managed_value(&current, &c.key) == c.before);
        if !unchanged {
            tracing::info!(app = %plan.app.id, "the Okta app changed since it was read; nothing written");
            return Err(IdpError::ChangedSinceRead { idp: IdpKind::Okta, app_label: current.label().to_owned() });
        }
        if plan.changes.is_empty() {
            return Ok(Applied { app: current });
        }
        let answer = self.api.write(Method::PUT, self.api.url(&plan.request.path), &plan.request.body).await?;
        if !(200..300).contains(&answer.status) {
            return Err(refusal(&answer, Action::ChangeApp, &self.api.host()));
        }
        tracing::info!(app = %plan.app.id, fields = plan.changes.len(), "Okta accepted the change");
        let after = self.read_app(&plan.app.id).await?;
        let wrong: Vec<String> =
            plan.changes.iter().filter(|c| managed_value(&after, &c.key) != c.after).map(|c| c.label.clone()).collect();
        if !wrong.is_empty() {
            return Err(IdpError::NotVerified { idp: IdpKind::Okta, fields: wrong });
        }
        Ok(Applied { app: after })
    }

    /// A snapshot of the app as read now, to save before applying a plan made from it.
    pub fn snapshot(app: &OktaApp, taken_at: time::OffsetDateTime) -> crate::Snapshot {
        crate::Snapshot {
            idp: IdpKind::Okta.catalog_id().to_owned(),
            app_id: app.id().to_owned(),
            app_label: app.label().to_owned(),
            taken_at: flex_sso_certificate::rfc3339(taken_at),
            version: app.last_updated().to_owned(),
            settings: Value::clone(app.raw()),
        }
    }
}
