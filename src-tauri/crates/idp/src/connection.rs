//! One IdP API, whichever IdP it is: what the app's commands and the CLI call, so they hold no
//! per-IdP branches of their own. Each arm forwards to that IdP's module.

use flex_sso_secrets::Secret;
use time::OffsetDateTime;

use crate::auth0::{self, Auth0App, Auth0Client};
use crate::okta::{self, OktaApp, OktaClient, OktaToken, Search};
use crate::{AppRef, ChangePlan, ClientOptions, Comparison, FlexTarget, IdpCertificate, IdpError, IdpKind, IdpLogLine, Snapshot};

/// A client for one IdP's API.
#[derive(Debug, Clone)]
pub enum Connection {
    Okta(OktaClient),
    Auth0(Auth0Client),
}

/// An app as one IdP returned it.
#[derive(Debug, Clone, PartialEq)]
pub enum App {
    Okta(OktaApp),
    Auth0(Auth0App),
}

impl Connection {
    /// `address` as the admin typed it; `token` as the IdP issued it (Okta: an API token;
    /// Auth0: a Management API token).
    pub fn new(kind: IdpKind, address: &str, token: Secret, options: ClientOptions) -> Result<Connection, IdpError> {
        Ok(match kind {
            IdpKind::Okta => Connection::Okta(OktaClient::new(address, OktaToken::ApiToken(token), options)?),
            IdpKind::Auth0 => Connection::Auth0(Auth0Client::new(address, token, options)?),
        })
    }

    pub fn kind(&self) -> IdpKind {
        match self {
            Connection::Okta(_) => IdpKind::Okta,
            Connection::Auth0(_) => IdpKind::Auth0,
        }
    }

    /// The API's origin, without a trailing slash.
    pub fn address(&self) -> String {
        let url = match self {
            Connection::Okta(c) => c.org_url(),
            Connection::Auth0(c) => c.tenant_url(),
        };
        url.as_str().trim_end_matches('/').to_owned()
    }

    pub async fn find_app(&self, search: &Search, target: &FlexTarget) -> Result<App, IdpError> {
        Ok(match self {
            Connection::Okta(c) => App::Okta(c.find_app(search, target).await?),
            Connection::Auth0(c) => App::Auth0(c.find_app(search, target).await?),
        })
    }

    pub async fn read_app(&self, id: &str) -> Result<App, IdpError> {
        Ok(match self {
            Connection::Okta(c) => App::Okta(c.read_app(id).await?),
            Connection::Auth0(c) => App::Auth0(c.read_app(id).await?),
        })
    }

    /// Compare, write once, read again (see each IdP's `apply`); the app as read afterwards.
    pub async fn apply(&self, plan: &ChangePlan) -> Result<App, IdpError> {
        Ok(match self {
            Connection::Okta(c) => App::Okta(c.apply(plan).await?.app),
            Connection::Auth0(c) => App::Auth0(c.apply(plan).await?.app),
        })
    }

    pub async fn signing_certificates(&self, app: &App) -> Result<Vec<IdpCertificate>, IdpError> {
        match (self, app) {
            (Connection::Okta(c), App::Okta(a)) => c.signing_certificates(a).await,
            // Auth0 signs with the tenant's keys, the same for every client.
            (Connection::Auth0(c), _) => c.signing_certificates().await,
            (Connection::Okta(_), _) => Ok(Vec::new()),
        }
    }

    pub async fn sign_in_log(&self, app_id: &str, user: Option<&str>, since: OffsetDateTime, until: OffsetDateTime) -> Result<Vec<IdpLogLine>, IdpError> {
        match self {
            Connection::Okta(c) => c.sign_in_log(app_id, user, since, until).await,
            Connection::Auth0(c) => c.sign_in_log(app_id, user, since, until).await,
        }
    }
}

impl App {
    pub fn id(&self) -> &str {
        match self {
            App::Okta(a) => a.id(),
            App::Auth0(a) => a.id(),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            App::Okta(a) => a.label(),
            App::Auth0(a) => a.name(),
        }
    }

    pub fn to_ref(&self, why: &str) -> AppRef {
        match self {
            App::Okta(a) => a.to_ref(why),
            App::Auth0(a) => a.to_ref(why),
        }
    }

    pub fn compare(&self, target: &FlexTarget) -> Comparison {
        match self {
            App::Okta(a) => okta::compare(a, target),
            App::Auth0(a) => auth0::compare(a, target),
        }
    }

    pub fn plan_change(&self, target: &FlexTarget) -> ChangePlan {
        match self {
            App::Okta(a) => okta::plan_change(a, target),
            App::Auth0(a) => auth0::plan_change(a, target),
        }
    }

    pub fn plan_restore(&self, snapshot: &Snapshot) -> ChangePlan {
        match self {
            App::Okta(a) => okta::plan_restore(a, snapshot),
            App::Auth0(a) => auth0::plan_restore(a, snapshot),
        }
    }

    /// The version a plan made now would carry (what `apply` checks the app still has).
    pub fn version(&self) -> String {
        self.plan_change_base()
    }

    fn plan_change_base(&self) -> String {
        match self {
            App::Okta(a) => a.last_updated().to_owned(),
            App::Auth0(a) => auth0::base_version(a),
        }
    }

    pub fn snapshot(&self, taken_at: OffsetDateTime) -> Snapshot {
        match self {
            App::Okta(a) => OktaClient::snapshot(a, taken_at),
            App::Auth0(a) => Auth0Client::snapshot(a, taken_at),
        }
    }
}
