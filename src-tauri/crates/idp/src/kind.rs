//! Which IdPs have a management API the app can use, and the words the app says about each.
//!
//! The IdP's own field labels come from the IdP catalog (`flex_sso_facts::Catalog`, FACTS §4);
//! what the API needs (scopes, permissions) is from the API descriptions listed in
//! `flex_sso_facts::sources` (`okta_apps_api`, …), read 2026-12-01.

use serde::{Deserialize, Serialize};

/// An IdP the app can read and change through its API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdpKind {
    Okta,
    /// Microsoft Entra ID, through Microsoft Graph v1.0.
    Entra,
    Auth0,
}

impl IdpKind {
    /// Every IdP with an API check.
    pub const ALL: &'static [IdpKind] = &[IdpKind::Okta, IdpKind::Entra, IdpKind::Auth0];

    /// The IdP's name as the admin knows it.
    pub fn name(self) -> &'static str {
        match self {
            IdpKind::Okta => "Okta",
            IdpKind::Entra => "Microsoft Entra ID",
            IdpKind::Auth0 => "Auth0",
        }
    }

    /// The id of this IdP in the IdP catalog (`flex_sso_facts::Catalog`).
    pub fn catalog_id(self) -> &'static str {
        match self {
            IdpKind::Okta => "okta",
            IdpKind::Entra => "azure_ad",
            IdpKind::Auth0 => "auth0",
        }
    }

    /// The IdP for a catalog id, when it has an API the app uses.
    pub fn from_catalog_id(id: &str) -> Option<IdpKind> {
        match id {
            "okta" => Some(IdpKind::Okta),
            "azure_ad" => Some(IdpKind::Entra),
            "auth0" => Some(IdpKind::Auth0),
            _ => None,
        }
    }

    pub fn example_address(self) -> &'static str {
        match self {
            IdpKind::Okta => "https://your-company.okta.com",
            // What is typed for Entra is the tenant: its domain name or its id.
            IdpKind::Entra => "your-company.onmicrosoft.com",
            IdpKind::Auth0 => "your-tenant.us.auth0.com",
        }
    }

    /// The source page of this IdP's API facts (`flex_sso_facts::sources`).
    pub fn api_source(self) -> &'static str {
        match self {
            IdpKind::Okta => "okta_apps_api",
            IdpKind::Entra => "graph_applications_api",
            IdpKind::Auth0 => "auth0_management_api",
        }
    }

    pub(crate) fn how_to_get_a_token(self) -> &'static str {
        match self {
            // Okta's API description names the two schemes (SSWS API token, OAuth 2.0 bearer
            // token from the org authorization server); where in the Admin Console a token is
            // made is not in it, so the text does not name a menu.
            IdpKind::Okta => "Check that the whole token was copied and that it has not expired or been revoked, then enter it again. An Okta administrator can create a new API token in the Okta Admin Console.",
            // Graph access tokens are short-lived and come from the Microsoft sign-in (device
            // code flow, `graph_device_code_flow`); Microsoft's pages name no Console menu for
            // making one by hand, so none is named here.
            IdpKind::Entra => "Microsoft access tokens expire after a while. Sign in to Microsoft again from this app (it shows a code to enter at Microsoft's sign-in page), or, if you gave a token yourself, get a new one.",
            // Auth0's API description names one scheme (a bearer token, from the client
            // credentials grant of an application authorised for the Management API); it names
            // no dashboard menu, so neither does the text.
            IdpKind::Auth0 => "Check that the whole token was copied and that it has not expired, then enter it again or get a new one. The token comes from an Auth0 machine-to-machine application that is authorised for the Auth0 Management API.",
        }
    }

    pub(crate) fn permission_needed(self, action: crate::error::Action) -> &'static str {
        use crate::error::Action;
        match (self, action) {
            (IdpKind::Okta, Action::ReadApps) => "The token needs the okta.apps.read scope (OAuth 2.0), or must belong to an administrator who may view apps.",
            (IdpKind::Okta, Action::ChangeApp) => "To let this app make the change, use a token with the okta.apps.manage scope (OAuth 2.0) or of an administrator who may edit apps. Or make the change by hand in Okta with the values shown.",
            (IdpKind::Okta, Action::ReadLogs) => "The token needs the okta.logs.read scope (OAuth 2.0), or must belong to an administrator who may view the System Log.",
            (IdpKind::Entra, Action::ReadApps) => "Sign in as a user who may read applications and consent to the Application.Read.All permission (Microsoft Graph).",
            (IdpKind::Entra, Action::ChangeApp) => "To let this app make the change, sign in again and consent to Application.ReadWrite.All (Microsoft Graph), as a user allowed to edit the Flex application. Or make the change by hand in Entra ID with the values shown.",
            (IdpKind::Entra, Action::ReadLogs) => "Reading sign-in logs through Microsoft Graph needs a Microsoft Entra ID P1 or P2 licence in the tenant, consent to AuditLog.Read.All, and a user with a role that may read reports (for example Reports Reader, Security Reader or Global Reader). Without them, read the sign-in log in the Entra admin center.",
            (IdpKind::Auth0, Action::ReadApps) => "The token needs the read:clients scope to read applications, and read:signing_keys to read the signing certificates.",
            (IdpKind::Auth0, Action::ChangeApp) => "To let this app make the change, use a token with the update:clients scope. Or make the change by hand in Auth0 with the values shown.",
            (IdpKind::Auth0, Action::ReadLogs) => "The token needs the read:logs scope.",
        }
    }
}

/// What the step-2 card asks for, for IdPs whose API the app reaches with a pasted token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TokenEntry {
    pub address_label: &'static str,
    pub address_example: &'static str,
    pub token_label: &'static str,
    pub token_help: &'static str,
}

impl IdpKind {
    /// `None` for Entra ID: its API takes a Microsoft sign-in (the device code flow), which the
    /// desktop app does not offer yet; `idp-check --idp entra` takes a token from
    /// `ENTRA_ACCESS_TOKEN` meanwhile. The scopes named are from the API descriptions.
    pub fn token_entry(self) -> Option<TokenEntry> {
        match self {
            IdpKind::Okta => Some(TokenEntry {
                address_label: "Okta address",
                address_example: self.example_address(),
                token_label: "Okta API token",
                token_help: "Kept in this computer's keyring, never in a file. A token of an administrator who may only view apps is enough to check; changing the app needs one who may edit apps.",
            }),
            IdpKind::Auth0 => Some(TokenEntry {
                address_label: "Auth0 tenant domain",
                address_example: self.example_address(),
                token_label: "Auth0 Management API token",
                token_help: "Kept in this computer's keyring, never in a file. read:clients is enough to check (read:logs and read:signing_keys add the log and the certificates); changing the application needs update:clients.",
            }),
            IdpKind::Entra => None,
        }
    }
}

/// Why an IdP of the catalog has no API check, for the ones that never will: the UI shows it
/// beside the "I confirm" step. `None` for IdPs the app checks through their API, and for the
/// ones not looked into (the UI then says nothing rather than guess).
pub fn why_no_api(catalog_id: &str) -> Option<NoApi> {
    match catalog_id {
        "google" => Some(NoApi {
            reason: "Google publishes no API that reads or changes custom SAML apps: they are managed only in the Google Admin console. Check the values there by hand.",
            source: "google_no_saml_app_api",
        }),
        "salesforce" => Some(NoApi {
            reason: "Salesforce keeps these settings in its Metadata API, which needs a description made for each organization, so this app does not read them. Check the values in Salesforce Setup by hand.",
            source: "salesforce_connected_app_metadata",
        }),
        _ => None,
    }
}

/// See [`why_no_api`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NoApi {
    pub reason: &'static str,
    /// A page id of `flex_sso_facts::sources`.
    pub source: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_in_the_catalog_and_cites_a_known_page() {
        let catalog = flex_sso_facts::catalog::Catalog::builtin();
        for &kind in IdpKind::ALL {
            assert!(catalog.get(kind.catalog_id()).is_some(), "{kind:?}");
            assert_eq!(IdpKind::from_catalog_id(kind.catalog_id()), Some(kind));
            assert!(flex_sso_facts::sources::by_id(kind.api_source()).is_some(), "{kind:?}");
        }
    }

    #[test]
    fn google_and_salesforce_say_why_and_cite_a_page() {
        for id in ["google", "salesforce"] {
            let no_api = why_no_api(id).unwrap();
            assert!(flex_sso_facts::sources::by_id(no_api.source).is_some(), "{id}");
            assert!(flex_sso_facts::catalog::Catalog::builtin().get(id).is_some(), "{id}");
        }
        assert_eq!(why_no_api("okta"), None);
        assert_eq!(why_no_api("auth0"), None);
    }
}
