//! Okta: the Apps API (`/api/v1/apps`), the app's signing keys and the System Log
//! (`flex_sso_facts::sources` `okta_apps_api`, `okta_system_log_api`; the emulator in
//! `flex-sso-idp-emulator` is held to the same API description).
//!
//! Okta's `PUT /api/v1/apps/{id}` replaces the whole app, so a change is: read the app, change
//! only the Flex fields in that object, send it all back. Okta has no conditional write
//! (no ETag on apps), so "refuse when the app changed since it was read" is a re-read and a
//! comparison of `lastUpdated` and the whole object right before the PUT.

mod address;
mod answers;
mod app;
mod apply;
mod compare;
mod find;
mod keys;
mod labels;
mod logs;
mod plan;

use flex_sso_secrets::Secret;
use url::Url;

use crate::error::IdpError;
use crate::http::{ApiClient, ClientOptions};

pub use address::parse_org_url;
pub use app::OktaApp;
pub use apply::Applied;
pub use compare::compare;
pub use find::Search;
pub use plan::{plan_change, plan_restore};

/// How the app signs in to Okta's API.
#[derive(Clone)]
pub enum OktaToken {
    /// An API token (`Authorization: SSWS …`): it acts with its creator's admin role.
    ApiToken(Secret),
    /// An OAuth 2.0 access token from the org authorization server (`Bearer …`), with `okta.*`
    /// scopes.
    AccessToken(Secret),
}

impl std::fmt::Debug for OktaToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OktaToken::ApiToken(_) => f.write_str("OktaToken::ApiToken(<redacted>)"),
            OktaToken::AccessToken(_) => f.write_str("OktaToken::AccessToken(<redacted>)"),
        }
    }
}

impl OktaToken {
    fn authorization(&self) -> Secret {
        match self {
            OktaToken::ApiToken(token) => Secret::new(format!("SSWS {}", token.expose())),
            OktaToken::AccessToken(token) => Secret::new(format!("Bearer {}", token.expose())),
        }
    }
}

/// A connection to one Okta org. Cheap to clone.
#[derive(Clone, Debug)]
pub struct OktaClient {
    api: ApiClient,
    org: Url,
}

impl OktaClient {
    /// `org_url` as the admin typed it (see [`parse_org_url`]).
    pub fn new(org_url: &str, token: OktaToken, options: ClientOptions) -> Result<Self, IdpError> {
        let org = parse_org_url(org_url)?;
        let api = ApiClient::new(org.clone(), token.authorization(), options)?;
        Ok(Self { api, org })
    }

    pub fn org_url(&self) -> &Url {
        &self.org
    }
}
