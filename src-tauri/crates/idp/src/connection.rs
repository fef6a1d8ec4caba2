//! One IdP API, whichever IdP it is: what the app's commands and the CLI call, so they hold no
//! per-IdP branches of their own. Each arm forwards to that IdP's module.

use flex_sso_secrets::Secret;
use time::OffsetDateTime;

use crate::auth0::{self, Auth0App, Auth0Client};
use crate::entra::{self, EntraApp, EntraClient};
use crate::okta::{self, OktaApp, OktaClient, OktaToken, Search};
use crate::{AppRef, ChangePlan, ClientOptions, Comparison, FlexTarget, IdpCertificate, IdpError, IdpKind, IdpLogLine, Snapshot};

/// A client for one IdP's API.
#[derive(Debug, Clone)]
pub enum Connection {
    Okta(OktaClient),
    Entra(EntraClient),
    Auth0(Auth0Client),
}

/// An app as one IdP returned it.
#[derive(Debug, Clone, PartialEq)]
pub enum App {
    Okta(OktaApp),
    Entra(EntraApp),
    Auth0(Auth0App),
}

impl Connection {
    /// `address` as the admin typed it (for Entra ID, the tenant: its domain name or id);
    /// `token` as the IdP issued it (Okta: an API token; Entra ID: a delegated Microsoft Graph
    /// access token; Auth0: a Management API token).
    ///
    /// Entra ID's API is always Microsoft Graph, not an address of the tenant's own: it is
    /// [`entra::GRAPH_BASE_URL`] unless `FLEX_SSO_GRAPH_BASE_URL` names another (the emulator's).
    pub fn new(kind: IdpKind, address: &str, token: Secret, options: ClientOptions) -> Result<Connection, IdpError> {
        Ok(match kind {
            IdpKind::Okta => Connection::Okta(OktaClient::new(address, OktaToken::ApiToken(token), options)?),
            IdpKind::Entra => {
                let graph_base = std::env::var("FLEX_SSO_GRAPH_BASE_URL").ok().filter(|b| !b.trim().is_empty());
                Connection::entra(graph_base.as_deref().unwrap_or(entra::GRAPH_BASE_URL), address, token, options)?
            }
            IdpKind::Auth0 => Connection::Auth0(Auth0Client::new(address, token, options)?),
        })
    }

    /// Entra ID with an explicit Graph base URL (tests and the emulator), not the environment's.
    pub fn entra(graph_base: &str, tenant: &str, token: Secret, options: ClientOptions) -> Result<Connection, IdpError> {
        Ok(Connection::Entra(EntraClient::new(graph_base, tenant, token, options)?))
    }

    pub fn kind(&self) -> IdpKind {
        match self {
            Connection::Okta(_) => IdpKind::Okta,
            Connection::Entra(_) => IdpKind::Entra,
            Connection::Auth0(_) => IdpKind::Auth0,
        }
    }

    /// What identifies the IdP, as the admin would type it again: the API's origin without a
    /// trailing slash (Okta, Auth0), or the tenant (Entra ID, whose API is Graph's for everyone).
    pub fn address(&self) -> String {
        let url = match self {
            Connection::Okta(c) => c.org_url(),
            Connection::Entra(c) => return c.tenant().to_owned(),
            Connection::Auth0(c) => c.tenant_url(),
        };
        url.as_str().trim_end_matches('/').to_owned()
    }

    pub async fn find_app(&self, search: &Search, target: &FlexTarget) -> Result<App, IdpError> {
        Ok(match self {
            Connection::Okta(c) => App::Okta(c.find_app(search, target).await?),
            Connection::Entra(c) => App::Entra(c.find_app(&entra_search(search), target).await?),
            Connection::Auth0(c) => App::Auth0(c.find_app(search, target).await?),
        })
    }

    pub async fn read_app(&self, id: &str) -> Result<App, IdpError> {
        Ok(match self {
            Connection::Okta(c) => App::Okta(c.read_app(id).await?),
            Connection::Entra(c) => App::Entra(c.read_app(id).await?),
            Connection::Auth0(c) => App::Auth0(c.read_app(id).await?),
        })
    }

    /// Compare, write once, read again (see each IdP's `apply`); the app as read afterwards.
    pub async fn apply(&self, plan: &ChangePlan) -> Result<App, IdpError> {
        Ok(match self {
            Connection::Okta(c) => App::Okta(c.apply(plan).await?.app),
            Connection::Entra(c) => App::Entra(c.apply(plan).await?.app),
            Connection::Auth0(c) => App::Auth0(c.apply(plan).await?.app),
        })
    }

    pub async fn signing_certificates(&self, app: &App) -> Result<Vec<IdpCertificate>, IdpError> {
        match (self, app) {
            (Connection::Okta(c), App::Okta(a)) => c.signing_certificates(a).await,
            (Connection::Entra(c), App::Entra(a)) => c.signing_certificates(a).await,
            // Auth0 signs with the tenant's keys, the same for every client.
            (Connection::Auth0(c), _) => c.signing_certificates().await,
            (Connection::Okta(_) | Connection::Entra(_), _) => Ok(Vec::new()),
        }
    }

    pub async fn sign_in_log(&self, app_id: &str, user: Option<&str>, since: OffsetDateTime, until: OffsetDateTime) -> Result<Vec<IdpLogLine>, IdpError> {
        match self {
            Connection::Okta(c) => c.sign_in_log(app_id, user, since, until).await,
            Connection::Entra(c) => c.sign_in_log(app_id, user, since, until).await,
            Connection::Auth0(c) => c.sign_in_log(app_id, user, since, until).await,
        }
    }
}

impl App {
    pub fn id(&self) -> &str {
        match self {
            App::Okta(a) => a.id(),
            App::Entra(a) => a.app_id(),
            App::Auth0(a) => a.id(),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            App::Okta(a) => a.label(),
            App::Entra(a) => a.display_name(),
            App::Auth0(a) => a.name(),
        }
    }

    pub fn to_ref(&self, why: &str) -> AppRef {
        match self {
            App::Okta(a) => a.to_ref(why),
            App::Entra(a) => a.to_ref(why),
            App::Auth0(a) => a.to_ref(why),
        }
    }

    pub fn compare(&self, target: &FlexTarget) -> Comparison {
        match self {
            App::Okta(a) => okta::compare(a, target),
            App::Entra(a) => entra::compare(a, target),
            App::Auth0(a) => auth0::compare(a, target),
        }
    }

    pub fn plan_change(&self, target: &FlexTarget) -> ChangePlan {
        match self {
            App::Okta(a) => okta::plan_change(a, target),
            App::Entra(a) => entra::plan_change(a, target),
            App::Auth0(a) => auth0::plan_change(a, target),
        }
    }

    pub fn plan_restore(&self, snapshot: &Snapshot) -> ChangePlan {
        match self {
            App::Okta(a) => okta::plan_restore(a, snapshot),
            App::Entra(a) => entra::plan_restore(a, snapshot),
            App::Auth0(a) => auth0::plan_restore(a, snapshot),
        }
    }

    /// The version a plan made now would carry (what `apply` checks the app still has).
    pub fn version(&self) -> String {
        match self {
            App::Okta(a) => a.last_updated().to_owned(),
            // What entra's plan_change puts in `base_version`.
            App::Entra(a) => a.version(),
            App::Auth0(a) => auth0::base_version(a),
        }
    }

    pub fn snapshot(&self, taken_at: OffsetDateTime) -> Snapshot {
        match self {
            App::Okta(a) => OktaClient::snapshot(a, taken_at),
            App::Entra(a) => EntraClient::snapshot(a, taken_at),
            App::Auth0(a) => Auth0Client::snapshot(a, taken_at),
        }
    }
}

/// Entra has its own `Search` (its ids are GUIDs, not Okta's `0oa…`), of the same two cases.
fn entra_search(search: &Search) -> entra::Search {
    match search {
        Search::Named(text) => entra::Search::Named(text.clone()),
        Search::Automatic => entra::Search::Automatic,
    }
}
