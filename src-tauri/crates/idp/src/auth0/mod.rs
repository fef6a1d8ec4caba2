//! Auth0: the Management API v2 clients (applications) with their SAML2 Web App add-on
//! (`addons.samlp`), the tenant's signing keys and the tenant log (`flex_sso_facts::sources`
//! `auth0_management_api`, `auth0_log_search_syntax`, `auth0_log_event_types`; the emulator in
//! `flex-sso-idp-emulator` is held to the same API description).
//!
//! The add-on's Application Callback URL is the client's FIRST Allowed Callback URL (Auth0's
//! docs), so the ACS URL lives in `callbacks[0]`, the Entity ID in `addons.samlp.audience`.
//! `PATCH /api/v2/clients/{id}` replaces each top-level property sent, and the API describes no
//! merge inside `addons` [inferred], so a change sends `callbacks` and `addons` whole, as read,
//! with only the Flex values changed. Auth0 has no version field on clients: "refuse when the
//! client changed since it was read" is a re-read and a comparison of `callbacks` and
//! `addons.samlp` as a whole right before the PATCH.

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
use crate::IdpKind;

pub use app::Auth0App;
pub use apply::Applied;
pub use compare::compare;
pub use plan::{base_version, plan_change, plan_restore};
/// How to look for the client: by its id or name, or automatically (the same choice as Okta's).
pub use crate::okta::Search;

/// The tenant's origin (`https://your-tenant.us.auth0.com`), from what the admin typed: a tenant
/// domain, or a URL (plain `http` only on loopback, for the emulator).
pub fn parse_tenant_url(text: &str) -> Result<Url, IdpError> {
    crate::address::origin_of(text, IdpKind::Auth0)
}

/// A connection to one Auth0 tenant's Management API. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Auth0Client {
    api: ApiClient,
    tenant: Url,
}

impl Auth0Client {
    /// `address` as the admin typed it (see [`parse_tenant_url`]); `token` a Management API
    /// access token, sent only as `Authorization: Bearer …`.
    pub fn new(address: &str, token: Secret, options: ClientOptions) -> Result<Self, IdpError> {
        let tenant = parse_tenant_url(address)?;
        let api = ApiClient::new(tenant.clone(), Secret::new(format!("Bearer {}", token.expose())), options)?;
        Ok(Self { api, tenant })
    }

    pub fn tenant_url(&self) -> &Url {
        &self.tenant
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_domains_and_urls_become_origins_and_unsafe_ones_are_refused() {
        assert_eq!(parse_tenant_url("your-tenant.us.auth0.com").unwrap().as_str(), "https://your-tenant.us.auth0.com/");
        assert_eq!(parse_tenant_url("https://your-tenant.us.auth0.com/api/v2/").unwrap().as_str(), "https://your-tenant.us.auth0.com/");
        assert_eq!(parse_tenant_url("http://127.0.0.1:4100").unwrap().as_str(), "http://127.0.0.1:4100/");
        match parse_tenant_url("http://your-tenant.us.auth0.com").unwrap_err() {
            IdpError::BadAddress { idp, reason } => {
                assert_eq!(idp, IdpKind::Auth0);
                assert!(reason.contains("unencrypted"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        let error = parse_tenant_url("").unwrap_err();
        assert!(error.to_string().contains("your-tenant.us.auth0.com"), "{error}");
    }

    #[test]
    fn the_token_never_shows_in_debug() {
        let client = Auth0Client::new("your-tenant.us.auth0.com", Secret::new("eyJ-secret-token"), ClientOptions::default()).unwrap();
        assert!(!format!("{client:?}").contains("eyJ-secret-token"));
    }
}
