//! The public pages the app's facts come from, each with the date it was last read.
//!
//! `checked` is the day someone compared the app's facts with the page. When a page is read again,
//! update its date here (and the facts that changed); the tests refuse a date that is not a date.

use serde::Serialize;

/// A public page a fact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Stable id, used by the IdP catalog (`"source": {"page": "twilio_okta"}`) and the UI.
    pub id: &'static str,
    /// The page's title as the admin would recognise it.
    pub title: &'static str,
    pub url: &'static str,
    /// ISO date (YYYY-MM-DD) the page was last compared with the app.
    pub checked: &'static str,
}

const DOCS: &str = "https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration";

macro_rules! docs_page {
    ($slug:literal) => {
        concat!("https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration", $slug)
    };
}

pub const MIGRATION_GUIDE: Source = Source {
    id: "twilio_migration_guide",
    title: "Twilio: Flex SSO URL Migration Guide",
    url: docs_page!("/migration-guide"),
    checked: "2026-12-01",
};

/// The copy of the migration guide this project started from, which some admins' Consoles still
/// match (it names the older Console menu).
pub const MIGRATION_GUIDE_OLDER: Source = Source {
    id: "twilio_migration_guide_older",
    title: "Twilio: Flex SSO URL Migration Guide (an older copy of the page)",
    url: docs_page!("/migration-guide"),
    checked: "2026-12-01",
};

pub const SSO_CONFIGURATION: Source = Source {
    id: "twilio_sso_configuration",
    title: "Twilio: Configuring SSO and IdP in Flex",
    url: DOCS,
    checked: "2026-12-01",
};

pub const INSIGHTS_ROLES: Source = Source {
    id: "twilio_insights_roles",
    title: "Twilio: Flex Insights User Roles",
    url: docs_page!("/insights-user-roles"),
    checked: "2026-12-01",
};

pub const SELF_HOSTED: Source = Source {
    id: "twilio_self_hosted",
    title: "Twilio: Self-hosted Flex: additional SSO configuration",
    url: docs_page!("/self-hosted-sso"),
    checked: "2026-12-01",
};

pub const GOOGLE: Source = Source {
    id: "twilio_google",
    title: "Twilio: Configure Google Single Sign-On (SSO) with Twilio Flex",
    url: docs_page!("/google"),
    checked: "2026-12-01",
};

/// The same page before Twilio rewrote it (it said the reverse about IdP-initiated login).
pub const GOOGLE_OLDER: Source = Source {
    id: "twilio_google_older",
    title: "Twilio: Configure Google Single Sign-On (SSO) with Twilio Flex (an older version of the page)",
    url: docs_page!("/google"),
    checked: "2026-12-01",
};

pub const OKTA: Source = Source {
    id: "twilio_okta",
    title: "Twilio: Configure Okta IdP with Flex",
    url: docs_page!("/okta"),
    checked: "2026-12-01",
};

pub const SALESFORCE: Source = Source {
    id: "twilio_salesforce",
    title: "Twilio: Configure Salesforce SSO with Flex",
    url: docs_page!("/salesforce"),
    checked: "2026-12-01",
};

pub const AZURE_AD: Source = Source {
    id: "twilio_azure_ad",
    title: "Twilio: Configure Azure AD (Microsoft Entra ID) SSO with Flex",
    url: docs_page!("/azure-ad"),
    checked: "2026-12-01",
};

pub const AUTH0: Source = Source {
    id: "twilio_auth0",
    title: "Twilio: Configure Auth0 IdP with Twilio Flex",
    url: docs_page!("/auth0"),
    checked: "2026-12-01",
};

/// Where Twilio says the Flex UI version is changed (its link opens the Flex Admin UI's
/// Versioning page).
pub const FLEX_UI_VERSIONS: Source = Source {
    id: "twilio_flex_ui_versions",
    title: "Twilio: Enable Flex UI 2.x.x on your account",
    url: "https://www.twilio.com/docs/flex/developer/ui/migration-guide/migration-guide-enable-update",
    checked: "2026-12-01",
};

/// The Flex Admin UI's own Versioning page, where the version is seen and changed.
pub const FLEX_ADMIN_VERSIONING: Source = Source {
    id: "flex_admin_versioning",
    title: "Twilio Flex Admin UI: Versioning",
    url: "https://flex.twilio.com/admin/versioning",
    checked: "2026-12-01",
};

pub const FLEX_UI_UPGRADE: Source = Source {
    id: "twilio_flex_ui_upgrade",
    title: "Twilio: Flex UI migration guides",
    url: "https://www.twilio.com/docs/flex/developer/ui/migration-guides",
    checked: "2026-12-01",
};

/// Twilio's API definitions (twilio/twilio-oai) for the two documented endpoints the app reads.
pub const TWILIO_OPENAPI: Source = Source {
    id: "twilio_openapi",
    title: "Twilio's OpenAPI definitions (twilio/twilio-oai): Flex v1 Configuration, API 2010 Account",
    url: "https://github.com/twilio/twilio-oai",
    checked: "2026-12-01",
};

/// The SAML 2.0 standard, for what it defines rather than Twilio.
pub const SAML_CORE: Source = Source {
    id: "oasis_saml_core",
    title: "OASIS: Assertions and Protocols for SAML 2.0 (SAML core)",
    url: "https://docs.oasis-open.org/security/saml/v2.0/saml-core-2.0-os.pdf",
    checked: "2026-12-01",
};

// ---- The identity providers' own pages (certificate rotation) -------------------------------

pub const GOOGLE_SAML_CERTIFICATES: Source = Source {
    id: "google_saml_certificates",
    title: "Google Workspace Admin Help: Maintain SAML certificates",
    url: "https://support.google.com/a/answer/7394709",
    checked: "2026-12-02",
};

pub const OKTA_ROTATE_SIGNING_CERTIFICATE: Source = Source {
    id: "okta_rotate_signing_certificate",
    title: "Okta Help Center: How to Rotate Signing Certificate for custom SAML Applications",
    url: "https://support.okta.com/help/s/article/how-to-rotate-signing-certificate-for-custom-saml-applications",
    checked: "2026-12-02",
};

pub const SALESFORCE_IDENTITY_PROVIDER: Source = Source {
    id: "salesforce_identity_provider",
    title: "Salesforce Help: Enable Salesforce as a SAML Identity Provider",
    url: "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.identity_provider_enable.htm",
    checked: "2026-12-02",
};

/// The Certificate type of Salesforce's Metadata API: how long self-signed certificates last.
pub const SALESFORCE_CERTIFICATE_TYPE: Source = Source {
    id: "salesforce_certificate_type",
    title: "Salesforce Metadata API Developer Guide: Certificate",
    url: "https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_certificate.htm",
    checked: "2026-12-02",
};

pub const ENTRA_MANAGE_CERTIFICATES: Source = Source {
    id: "entra_manage_certificates",
    title: "Microsoft Learn: Tutorial: Manage certificates for federated single sign-on (Microsoft Entra ID)",
    url: "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on",
    checked: "2026-12-02",
};

pub const ENTRA_CERTIFICATES_FAQ: Source = Source {
    id: "entra_certificates_faq",
    title: "Microsoft Learn: Application Management certificates frequently asked questions (Microsoft Entra ID)",
    url: "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/application-management-certs-faq",
    checked: "2026-12-02",
};

pub const AUTH0_SIGNING_KEYS: Source = Source {
    id: "auth0_signing_keys",
    title: "Auth0 Docs: Signing Keys",
    url: "https://auth0.com/docs/get-started/tenant-settings/signing-keys",
    checked: "2026-12-02",
};

pub const AUTH0_ROTATE_SIGNING_KEYS: Source = Source {
    id: "auth0_rotate_signing_keys",
    title: "Auth0 Docs: Rotate Signing Keys",
    url: "https://auth0.com/docs/get-started/tenant-settings/signing-keys/rotate-signing-keys",
    checked: "2026-12-02",
};

pub const ADFS_SIGNING_CERTIFICATES: Source = Source {
    id: "adfs_signing_certificates",
    title: "Microsoft Learn: Obtain and configure TS and TD certificates for AD FS",
    url: "https://learn.microsoft.com/en-us/windows-server/identity/ad-fs/operations/configure-ts-td-certs-ad-fs",
    checked: "2026-12-02",
};

pub const ADFS_UPDATE_CERTIFICATE: Source = Source {
    id: "adfs_update_certificate",
    title: "Microsoft Learn: Update-AdfsCertificate (AD FS PowerShell)",
    url: "https://learn.microsoft.com/en-us/powershell/module/adfs/update-adfscertificate",
    checked: "2026-12-02",
};

/// Okta's Management API description (the Apps and Application Keys APIs): what the IdP check
/// reads and, when the admin asks, writes. The spec excerpt the emulator is held to comes from the
/// same description (`okta/okta-management-openapi-spec`, release 2026.06.3).
pub const OKTA_APPS_API: Source = Source {
    id: "okta_apps_api",
    title: "Okta Developer: Management API, Applications",
    url: "https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/",
    checked: "2026-12-01",
};

/// Okta's System Log API: the IdP's own side of a failed login.
pub const OKTA_SYSTEM_LOG_API: Source = Source {
    id: "okta_system_log_api",
    title: "Okta Developer: Management API, System Log",
    url: "https://developer.okta.com/docs/api/openapi/okta-management/management/tag/SystemLog/",
    checked: "2026-12-01",
};

/// Microsoft Graph v1.0: application and servicePrincipal (Entity ID, Reply URL, SSO mode,
/// signing keys), the objects the Entra ID check reads and, when the admin asks, patches. The
/// emulator's excerpt is Microsoft's own OpenAPI cut of the same API (PowerShell module docs).
pub const GRAPH_APPLICATIONS_API: Source = Source {
    id: "graph_applications_api",
    title: "Microsoft Graph v1.0: Update application (PATCH /applications/{id})",
    url: "https://learn.microsoft.com/graph/api/application-update?view=graph-rest-1.0",
    checked: "2026-12-01",
};

/// Microsoft Graph v1.0 sign-in log (`/auditLogs/signIns`): needs a P1/P2 licence.
pub const GRAPH_SIGN_INS_API: Source = Source {
    id: "graph_sign_ins_api",
    title: "Microsoft Graph v1.0: List signIns",
    url: "https://learn.microsoft.com/graph/api/signin-list?view=graph-rest-1.0",
    checked: "2026-12-01",
};

/// How the app signs in to Microsoft: the OAuth 2.0 device authorization grant.
pub const GRAPH_DEVICE_CODE_FLOW: Source = Source {
    id: "graph_device_code_flow",
    title: "Microsoft identity platform and the OAuth 2.0 device authorization grant flow",
    url: "https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code",
    checked: "2026-12-01",
};

/// The AADSTS codes a sign-in log entry carries, and what they mean.
pub const ENTRA_ERROR_CODES: Source = Source {
    id: "entra_error_codes",
    title: "Microsoft Entra authentication and authorization error codes",
    url: "https://learn.microsoft.com/entra/identity-platform/reference-error-codes",
    checked: "2026-12-01",
};

/// Auth0's Management API v2 description (Clients, Signing keys, Logs): what the IdP check reads
/// and, when the admin asks, writes. The spec excerpt the emulator is held to comes from the same
/// description (`auth0/docs-v2`, `management-api-oas.json` of 2026-06-25).
pub const AUTH0_MANAGEMENT_API: Source = Source {
    id: "auth0_management_api",
    title: "Auth0 Docs: Management API v2",
    url: "https://auth0.com/docs/api/management/v2/",
    checked: "2026-12-01",
};

/// Auth0's log search syntax, linked from the Management API's `GET /logs` description.
pub const AUTH0_LOG_SEARCH_SYNTAX: Source = Source {
    id: "auth0_log_search_syntax",
    title: "Auth0 Docs: Log Search Query Syntax",
    url: "https://auth0.com/docs/logs/log-search-query-syntax",
    checked: "2026-12-01",
};

/// Auth0's log event type codes (`f`, `fp`, `fu`, `w`, `s`, …), linked from the same description.
pub const AUTH0_LOG_EVENT_TYPES: Source = Source {
    id: "auth0_log_event_types",
    title: "Auth0 Docs: Log Event Type Codes",
    url: "https://auth0.com/docs/logs/log-event-type-codes",
    checked: "2026-12-01",
};

/// Google publishes no API for custom SAML apps; the evidence is an open request for one.
pub const GOOGLE_NO_SAML_APP_API: Source = Source {
    id: "google_no_saml_app_api",
    title: "hashicorp/terraform-provider-googleworkspace issue 425: a resource for SAML apps (open; no public API)",
    url: "https://github.com/hashicorp/terraform-provider-googleworkspace/issues/425",
    checked: "2026-12-01",
};

/// Salesforce's SAML settings of a connected app are in the Metadata API (SOAP, a WSDL per org).
pub const SALESFORCE_CONNECTED_APP_METADATA: Source = Source {
    id: "salesforce_connected_app_metadata",
    title: "Salesforce Metadata API Developer Guide: ConnectedApp",
    url: "https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm",
    checked: "2026-12-01",
};

/// Every page, in the order the "Sources" screen lists them.
pub const ALL: &[&Source] = &[
    &MIGRATION_GUIDE,
    &MIGRATION_GUIDE_OLDER,
    &SSO_CONFIGURATION,
    &INSIGHTS_ROLES,
    &SELF_HOSTED,
    &GOOGLE,
    &GOOGLE_OLDER,
    &OKTA,
    &SALESFORCE,
    &AZURE_AD,
    &AUTH0,
    &FLEX_ADMIN_VERSIONING,
    &FLEX_UI_VERSIONS,
    &FLEX_UI_UPGRADE,
    &TWILIO_OPENAPI,
    &SAML_CORE,
    &GOOGLE_SAML_CERTIFICATES,
    &OKTA_ROTATE_SIGNING_CERTIFICATE,
    &SALESFORCE_IDENTITY_PROVIDER,
    &SALESFORCE_CERTIFICATE_TYPE,
    &ENTRA_MANAGE_CERTIFICATES,
    &ENTRA_CERTIFICATES_FAQ,
    &AUTH0_SIGNING_KEYS,
    &AUTH0_ROTATE_SIGNING_KEYS,
    &ADFS_SIGNING_CERTIFICATES,
    &ADFS_UPDATE_CERTIFICATE,
    &OKTA_APPS_API,
    &OKTA_SYSTEM_LOG_API,
    &GRAPH_APPLICATIONS_API,
    &GRAPH_SIGN_INS_API,
    &GRAPH_DEVICE_CODE_FLOW,
    &ENTRA_ERROR_CODES,
    &AUTH0_MANAGEMENT_API,
    &AUTH0_LOG_SEARCH_SYNTAX,
    &AUTH0_LOG_EVENT_TYPES,
    &GOOGLE_NO_SAML_APP_API,
    &SALESFORCE_CONNECTED_APP_METADATA,
];

/// The page with this id.
pub fn by_id(id: &str) -> Option<&'static Source> {
    ALL.iter().copied().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::format_description;

    #[test]
    fn every_page_has_an_id_a_title_an_https_address_and_a_real_date() {
        let format = format_description!("[year]-[month]-[day]");
        let mut ids = Vec::new();
        for source in ALL {
            assert!(!ids.contains(&source.id), "{} twice", source.id);
            ids.push(source.id);
            assert!(source.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{}", source.id);
            assert!(!source.title.trim().is_empty(), "{}", source.id);
            assert!(source.url.starts_with("https://"), "{}: {}", source.id, source.url);
            assert!(time::Date::parse(source.checked, format).is_ok(), "{}: {}", source.id, source.checked);
            assert_eq!(by_id(source.id), Some(*source));
        }
        assert_eq!(by_id("nope"), None);
    }

    #[test]
    fn twilio_pages_live_under_the_current_docs_tree() {
        for source in [&MIGRATION_GUIDE, &OKTA, &GOOGLE, &AZURE_AD, &SALESFORCE, &AUTH0, &SELF_HOSTED, &INSIGHTS_ROLES] {
            assert!(source.url.starts_with(DOCS), "{}", source.url);
        }
        assert_eq!(AZURE_AD.url, "https://www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/azure-ad");
    }
}
