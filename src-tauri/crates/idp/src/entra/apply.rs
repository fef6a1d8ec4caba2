//! Making a planned change: compare, then write, then read again.
//!
//! The caller saves the [`Snapshot`](crate::Snapshot) (in the migration's progress) before calling
//! [`EntraClient::apply`]. Here: both objects are read again and the application must still hold
//! what the plan was made from (its `identifierUris` and whole `web`), else nothing is written;
//! the PATCH is sent once (Graph answers 204 No Content); the app is read a third time and every
//! planned value must be there.

use reqwest::Method;
use serde_json::json;

use super::answers::refusal;
use super::plan::managed_value;
use super::{EntraApp, EntraClient};
use crate::error::{Action, IdpError};
use crate::{ChangePlan, IdpKind};

/// A change that was made and proven by a re-read.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The app as read after the change.
    pub app: EntraApp,
}

impl EntraClient {
    pub async fn apply(&self, plan: &ChangePlan) -> Result<Applied, IdpError> {
        let current = self.read_app(&plan.app.id).await?;
        let unchanged = current.version() == plan.base_version
            && plan.changes.iter().all(|c| managed_value(&current, &c.key) == c.before);
        if !unchanged {
            tracing::info!(app = %plan.app.id, "the Entra application changed since it was read; nothing written");
            return Err(IdpError::ChangedSinceRead { idp: IdpKind::Entra, app_label: current.display_name().to_owned() });
        }
        if plan.changes.is_empty() {
            return Ok(Applied { app: current });
        }
        let answer = self.api.write(Method::PATCH, self.api.url(&plan.request.path), &plan.request.body).await?;
        if !(200..300).contains(&answer.status) {
            return Err(refusal(&answer, Action::ChangeApp, &self.api.host()));
        }
        tracing::info!(app = %plan.app.id, fields = plan.changes.len(), "Graph accepted the change");
        let after = self.read_app(&plan.app.id).await?;
        let wrong: Vec<String> =
            plan.changes.iter().filter(|c| managed_value(&after, &c.key) != c.after).map(|c| c.label.clone()).collect();
        if !wrong.is_empty() {
            return Err(IdpError::NotVerified { idp: IdpKind::Entra, fields: wrong });
        }
        Ok(Applied { app: after })
    }

    /// A snapshot of the app as read now, to save before applying a plan made from it: both
    /// objects whole (`{"servicePrincipal": …, "application": …}`).
    pub fn snapshot(app: &EntraApp, taken_at: time::OffsetDateTime) -> crate::Snapshot {
        crate::Snapshot {
            idp: IdpKind::Entra.catalog_id().to_owned(),
            app_id: app.app_id().to_owned(),
            app_label: app.display_name().to_owned(),
            taken_at: flex_sso_certificate::rfc3339(taken_at),
            version: app.version(),
            settings: json!({"servicePrincipal": app.service_principal(), "application": app.application()}),
        }
    }
}
