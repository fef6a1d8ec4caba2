//! The tenant's contents: the Flex SAML app and its neighbours as Graph returns them (every
//! property of the v1.0 schema the portal's SAML apps carry, `null` where Graph sends `null`),
//! real signing certificates, sign-in log entries.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use time::{Duration, OffsetDateTime};

use crate::defaults;

const SIGNING_CERTIFICATES: &str = include_str!("../../fixtures/graph/signing-certificates.json");
/// Microsoft's template for non-gallery ("your own") enterprise apps (Graph's SAML tutorial).
pub const NON_GALLERY_TEMPLATE_ID: &str = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";

/// One enterprise app: its service principal and its application, sharing `appId`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphApp {
    #[serde(rename = "servicePrincipal")]
    pub service_principal: Value,
    pub application: Value,
}

impl GraphApp {
    pub fn app_id(&self) -> &str {
        self.service_principal["appId"].as_str().unwrap_or_default()
    }
}

/// The Entity ID and Reply URL the Flex app holds.
#[derive(Debug, Clone)]
pub struct FlexValues {
    pub entity_id: String,
    pub acs_url: String,
}

impl FlexValues {
    pub fn legacy(account: &str) -> Self {
        let base = format!("https://iam.twilio.com/v1/Accounts/{account}/saml2");
        FlexValues { entity_id: format!("{base}/metadata"), acs_url: base }
    }

    pub fn migrated(connection: &str) -> Self {
        FlexValues {
            entity_id: format!("urn:flex:{connection}"),
            acs_url: format!("https://login.flex.us1.twilio.com/login/callback?connection={connection}"),
        }
    }
}

/// A certificate of the fixture: `key` (base64 DER), `thumbprint` (SHA-1, hex), dates, key ids.
pub(crate) fn certificate(name: &str) -> Value {
    let all: Map<String, Value> = serde_json::from_str(SIGNING_CERTIFICATES).expect("signing-certificates.json is JSON");
    all.get(name).cloned().unwrap_or_else(|| panic!("no certificate {name} in the fixture"))
}

fn hex_to_base64(hex: &str) -> String {
    let bytes: Vec<u8> = (0..hex.len() / 2).filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).collect();
    crate::graph::query::base64(&bytes)
}

/// The `Sign` + `Verify` key credentials and the PFX password credential Entra keeps per SAML
/// signing certificate (Graph's addTokenSigningCertificate page: all three share
/// `customKeyIdentifier`; the password and the private key share `keyId`).
fn credentials(names: &[&str], subject: &str) -> (Vec<Value>, Vec<Value>) {
    let mut keys = Vec::new();
    let mut passwords = Vec::new();
    for name in names {
        let c = certificate(name);
        let custom = hex_to_base64(c["thumbprint"].as_str().unwrap_or_default());
        let common = |usage: &str, key_id: &Value, key: Value| {
            json!({"customKeyIdentifier": custom, "displayName": subject, "endDateTime": c["endDateTime"], "key": key,
                "keyId": key_id, "startDateTime": c["startDateTime"], "type": "AsymmetricX509Cert", "usage": usage})
        };
        keys.push(common("Sign", &c["signKeyId"], Value::Null));
        keys.push(common("Verify", &c["verifyKeyId"], c["key"].clone()));
        passwords.push(json!({"customKeyIdentifier": custom, "displayName": subject, "endDateTime": c["endDateTime"], "hint": null,
            "keyId": c["signKeyId"], "secretText": null, "startDateTime": c["startDateTime"]}));
    }
    (keys, passwords)
}

fn role(id: &str, value: &str, description: &str) -> Value {
    json!({"allowedMemberTypes": ["User"], "description": description, "displayName": value, "id": id, "isEnabled": true,
        "origin": "Application", "value": value})
}

/// Every role a non-gallery SAML app gets by default.
fn default_roles() -> Vec<Value> {
    vec![
        json!({"allowedMemberTypes": ["User"], "description": "User", "displayName": "User", "id": "18d14569-c3bd-439b-9a66-3a2aee01d14f",
            "isEnabled": true, "origin": "Application", "value": null}),
        json!({"allowedMemberTypes": ["User"], "description": "msiam_access", "displayName": "msiam_access", "id": "b9632174-c057-4f7e-951b-be3adc52bfe6",
            "isEnabled": true, "origin": "Application", "value": null}),
    ]
}

struct Spec<'a> {
    app_id: &'a str,
    sp_id: &'a str,
    application_id: &'a str,
    name: &'a str,
    mode: Option<&'a str>,
    identifiers: Vec<String>,
    reply_urls: Vec<String>,
    roles: Vec<Value>,
    certificates: &'a [&'a str],
    created: &'a str,
}

fn build(spec: Spec<'_>) -> GraphApp {
    let subject = "CN=Microsoft Azure Federated SSO Certificate".to_owned();
    let (keys, passwords) = credentials(spec.certificates, &subject);
    let thumbprint = spec.certificates.first().map(|n| certificate(n)["thumbprint"].clone()).unwrap_or(Value::Null);
    let mut names = vec![spec.app_id.to_owned()];
    names.extend(spec.identifiers.iter().cloned());
    let info = json!({"logoUrl": null, "marketingUrl": null, "privacyStatementUrl": null, "supportUrl": null, "termsOfServiceUrl": null});
    let publisher = json!({"addedDateTime": null, "displayName": null, "verifiedPublisherId": null});
    let settings: Vec<Value> = spec.reply_urls.iter().map(|u| json!({"uri": u, "index": null})).collect();
    let service_principal = json!({
        "id": spec.sp_id, "deletedDateTime": null, "accountEnabled": true, "alternativeNames": [], "appDescription": null,
        "appDisplayName": spec.name, "appId": spec.app_id, "applicationTemplateId": NON_GALLERY_TEMPLATE_ID,
        "appOwnerOrganizationId": defaults::ENTRA_TENANT_ID, "appRoleAssignmentRequired": true, "appRoles": spec.roles,
        "description": null, "disabledByMicrosoftStatus": null, "displayName": spec.name, "homepage": null, "info": info,
        "keyCredentials": keys, "loginUrl": null, "logoutUrl": null, "notes": null,
        "notificationEmailAddresses": ["identity-admins@flexemulator.example"], "passwordCredentials": passwords,
        "preferredSingleSignOnMode": spec.mode, "preferredTokenSigningKeyThumbprint": if spec.mode == Some("saml") { thumbprint } else { Value::Null },
        "replyUrls": spec.reply_urls, "resourceSpecificApplicationPermissions": [],
        // Null on a fresh service principal, as in Graph's SAML tutorial (SOURCE.md).
        "samlSingleSignOnSettings": null,
        "servicePrincipalNames": names, "servicePrincipalType": "Application", "signInAudience": "AzureADMyOrg",
        "tags": ["WindowsAzureActiveDirectoryCustomSingleSignOnApplication", "WindowsAzureActiveDirectoryIntegratedApp"],
        "tokenEncryptionKeyId": null, "verifiedPublisher": publisher,
    });
    let application = json!({
        "id": spec.application_id, "deletedDateTime": null, "addIns": [],
        "api": {"acceptMappedClaims": null, "knownClientApplications": [], "oauth2PermissionScopes": [], "preAuthorizedApplications": [], "requestedAccessTokenVersion": null},
        "appId": spec.app_id, "applicationTemplateId": NON_GALLERY_TEMPLATE_ID, "appRoles": spec.roles,
        "createdDateTime": spec.created, "defaultRedirectUri": null, "description": null, "disabledByMicrosoftStatus": null,
        "displayName": spec.name, "groupMembershipClaims": null, "identifierUris": spec.identifiers, "info": info,
        "isDeviceOnlyAuthSupported": null, "isFallbackPublicClient": false, "keyCredentials": [], "notes": null,
        // Graph sends null for complex properties its schema does not mark nullable (SOURCE.md).
        "optionalClaims": null,
        "parentalControlSettings": {"countriesBlockedForMinors": [], "legalAgeGroupRule": "Allow"}, "passwordCredentials": [],
        "publicClient": {"redirectUris": []}, "publisherDomain": defaults::ENTRA_TENANT_DOMAIN, "requiredResourceAccess": [],
        "samlMetadataUrl": null, "serviceManagementReference": null, "signInAudience": "AzureADMyOrg", "spa": {"redirectUris": []},
        "tags": [], "tokenEncryptionKeyId": null, "uniqueName": null, "verifiedPublisher": publisher,
        "web": {"homePageUrl": null, "implicitGrantSettings": {"enableAccessTokenIssuance": false, "enableIdTokenIssuance": false},
            "logoutUrl": null, "redirectUris": settings.iter().map(|s| s["uri"].clone()).collect::<Vec<_>>(), "redirectUriSettings": settings},
    });
    GraphApp { service_principal, application }
}

fn flex_roles() -> Vec<Value> {
    let mut roles = default_roles();
    roles.push(role("f1e1a000-0000-4000-8000-00000000000a", "admin", "Flex administrators"));
    roles.push(role("f1e1a000-0000-4000-8000-00000000000b", "supervisor", "Flex supervisors"));
    roles.push(role("f1e1a000-0000-4000-8000-00000000000c", "agent", "Flex agents"));
    roles
}

/// The Flex app, with the values given.
pub fn flex(values: &FlexValues) -> GraphApp {
    build(Spec {
        app_id: defaults::ENTRA_FLEX_APP_ID,
        sp_id: defaults::ENTRA_FLEX_SP_ID,
        application_id: defaults::ENTRA_FLEX_APPLICATION_ID,
        name: "Twilio Flex",
        mode: Some("saml"),
        identifiers: vec![values.entity_id.clone()],
        reply_urls: vec![values.acs_url.clone()],
        roles: flex_roles(),
        certificates: &["flex-current", "flex-next"],
        created: "2023-04-12T09:30:00Z",
    })
}

/// A second Flex app, for another Twilio account.
pub fn flex_test() -> GraphApp {
    let values = FlexValues::legacy("AC00000000000000000000000000e2e2e2");
    build(Spec {
        app_id: "f1e10000-0000-4000-8000-00000000f2e2",
        sp_id: "5e710000-0000-4000-8000-00000000f2e2",
        application_id: "a9910000-0000-4000-8000-00000000f2e2",
        name: "Twilio Flex (test)",
        mode: Some("saml"),
        identifiers: vec![values.entity_id],
        reply_urls: vec![values.acs_url],
        roles: flex_roles(),
        certificates: &["flextest-current"],
        created: "2024-02-01T10:00:00Z",
    })
}

pub fn salesforce() -> GraphApp {
    build(Spec {
        app_id: "5a1e0000-0000-4000-8000-000000005a1e",
        sp_id: "5e710000-0000-4000-8000-000000005a1e",
        application_id: "a9910000-0000-4000-8000-000000005a1e",
        name: "Salesforce",
        mode: Some("saml"),
        identifiers: vec!["https://flexemulator.my.salesforce.com".to_owned()],
        reply_urls: vec!["https://flexemulator.my.salesforce.com?so=00D000000000001".to_owned()],
        roles: default_roles(),
        certificates: &["salesforce-current"],
        created: "2022-06-01T08:00:00Z",
    })
}

/// An OpenID Connect app: not SAML, never a candidate.
pub fn oidc_app() -> GraphApp {
    build(Spec {
        app_id: "01dc0000-0000-4000-8000-0000000001dc",
        sp_id: "5e710000-0000-4000-8000-0000000001dc",
        application_id: "a9910000-0000-4000-8000-0000000001dc",
        name: "Flex reporting portal",
        mode: Some("oidc"),
        identifiers: vec![],
        reply_urls: vec!["https://reports.flexemulator.example/signin-oidc".to_owned()],
        roles: vec![],
        certificates: &[],
        created: "2025-01-20T12:00:00Z",
    })
}

fn sign_in(id: &str, at: OffsetDateTime, user: &str, app_id: &str, app_name: &str, code: i64, reason: Option<&str>) -> Value {
    json!({
        "id": id, "createdDateTime": crate::graph::query::graph_time(at), "userDisplayName": user.split('@').next(), "userPrincipalName": user,
        "userId": "0e5e0000-0000-4000-8000-000000000001", "appId": app_id, "appDisplayName": app_name, "ipAddress": "203.0.113.7",
        "clientAppUsed": "Browser", "correlationId": "c0de0000-0000-4000-8000-000000000001", "conditionalAccessStatus": "notApplied",
        "isInteractive": true, "riskDetail": "none", "riskLevelAggregated": "none", "riskLevelDuringSignIn": "none", "riskState": "none",
        "riskEventTypes": [], "resourceDisplayName": app_name, "resourceId": app_id, "appliedConditionalAccessPolicies": [],
        "status": {"errorCode": code, "failureReason": reason, "additionalDetails": null},
        "deviceDetail": {"browser": "Edge 131.0.0", "deviceId": "", "displayName": null, "isCompliant": null, "isManaged": null,
            "operatingSystem": "Windows10", "trustType": null},
        "location": {"city": "Dublin", "countryOrRegion": "IE", "state": "Dublin",
            "geoCoordinates": {"altitude": null, "latitude": 53.35, "longitude": -6.26}},
    })
}

/// Sign-ins to the Flex app in the last half hour (a user not assigned, a Reply URL mismatch, a
/// success) and one to another app.
pub fn sign_ins(now: OffsetDateTime) -> Vec<Value> {
    let flex = defaults::ENTRA_FLEX_APP_ID;
    vec![
        sign_in("51910000-0000-4000-8000-000000000001", now - Duration::minutes(25), "admin@flexemulator.example", flex, "Twilio Flex", 0, None),
        sign_in("51910000-0000-4000-8000-000000000002", now - Duration::minutes(12), "agent@flexemulator.example", flex, "Twilio Flex", 50105,
            Some("The signed in user is not assigned to a role for the application.")),
        sign_in("51910000-0000-4000-8000-000000000003", now - Duration::minutes(5), "supervisor@flexemulator.example", flex, "Twilio Flex", 50011,
            Some("The reply URL specified in the request does not match the reply URLs configured for the application.")),
        sign_in("51910000-0000-4000-8000-000000000004", now - Duration::minutes(3), "agent@flexemulator.example", "5a1e0000-0000-4000-8000-000000005a1e", "Salesforce", 0, None),
    ]
}
