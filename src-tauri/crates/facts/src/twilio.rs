//! Facts about Twilio Flex: where things are in the Console, what its buttons and fields are
//! called, the rules a SAML response and a self-hosted Flex must follow, the roles, the dates.
//!
//! Code that states one of these uses the constant (`twilio::CONSOLE_SSO_PAGE.text`), the UI uses
//! its key (`fact("console.sso_page")`); neither writes the words again. [`ALL`] is the list the
//! UI receives and the tests walk.

use crate::sources::*;
use crate::{concatcp, Fact};

// ---- The Twilio Console -------------------------------------------------------------------

/// Where the migration starts. Twilio's current pages name the new menu; older copies of the
/// migration guide (and some admins' Consoles) still show the old one.
pub const CONSOLE_SSO_PAGE: Fact =
    Fact::stated("console.sso_page", concatcp!("Flex > Users and access > ", SSO_PAGE_NAME), &MIGRATION_GUIDE)
        .with_url("https://console.twilio.com/us1/develop/flex/users-and-access/single-sign-on")
        .also("Flex > Manage > Single sign-on", &MIGRATION_GUIDE_OLDER);

/// The name of that page on its own ("the … page"): the last part of its path.
pub const SSO_PAGE_NAME: &str = "Single sign-on (SSO)";

/// [`SSO_PAGE_NAME`], for format arguments.
pub fn sso_page_name() -> &'static str {
    SSO_PAGE_NAME
}

/// The guided workflow "Start setup" opens ("The Single sign-on set up workflow appears").
pub const SETUP_WORKFLOW: Fact = Fact::stated("console.setup_workflow", "Single sign-on setup", &MIGRATION_GUIDE);
/// The section of the SSO page where the migration starts, on Flex UI 2.7 or later.
pub const NEW_SSO_SECTION: Fact = Fact::stated("console.new_sso_section", "New SSO Solution Available", &MIGRATION_GUIDE);
pub const START_SETUP: Fact = Fact::stated("console.start_setup", "Start setup", &MIGRATION_GUIDE);
pub const SETUP_TYPE_MODIFY: Fact =
    Fact::stated("console.setup_type.modify", "Modify existing SSO connection", &MIGRATION_GUIDE);
pub const SETUP_TYPE_CREATE: Fact = Fact::stated("console.setup_type.create", "Create new SSO connection", &MIGRATION_GUIDE);
pub const SAVE_AND_CONTINUE: Fact = Fact::stated("console.save_and_continue", "Save and Continue", &MIGRATION_GUIDE);
pub const STEP_SELECT_TYPE: Fact = Fact::stated("console.step.select_type", "Select setup type", &MIGRATION_GUIDE);
pub const STEP_UPDATE_IDP: Fact = Fact::stated("console.step.update_idp", "Update your identity provider", &MIGRATION_GUIDE);
pub const STEP_ENTER_IDP_DATA: Fact =
    Fact::stated("console.step.enter_idp_data", "Enter identity provider data", &MIGRATION_GUIDE);
pub const STEP_VALIDATE: Fact =
    Fact::stated("console.step.validate", "Validate successful connection in Flex", &MIGRATION_GUIDE);
pub const FIELD_CERTIFICATE: Fact = Fact::stated("console.field.certificate", "X.509 certificate", &MIGRATION_GUIDE);
pub const FIELD_IDP_ISSUER: Fact = Fact::stated("console.field.idp_issuer", "Identity Provider Issuer", &MIGRATION_GUIDE);
pub const FIELD_SSO_URL: Fact = Fact::stated("console.field.sso_url", "Single Sign-On URL", &MIGRATION_GUIDE);
/// Self-hosted only. Twilio's pages use two names for the same list.
pub const FIELD_TRUSTED_DOMAINS: Fact = Fact::stated("console.field.trusted_domains", "Trusted domains", &SELF_HOSTED)
    .also("Trusted URLs", &GOOGLE);
/// Self-hosted only: where IdP-initiated logins land. Two names again.
pub const FIELD_DEFAULT_REDIRECT_URL: Fact =
    Fact::stated("console.field.default_redirect_url", "Default redirect URL", &GOOGLE)
        .also("Domain redirect URL", &SELF_HOSTED);
pub const LOG_IN_WITH_SSO: Fact = Fact::stated("console.log_in_with_sso", "Log in with SSO", &MIGRATION_GUIDE);
pub const FINISH: Fact = Fact::stated("console.finish", "Finish", &MIGRATION_GUIDE);
pub const NEW_CONNECTION_SAVED: Fact =
    Fact::stated("console.new_connection_saved", "New connection saved", &MIGRATION_GUIDE);
pub const SWITCH_TO_LEGACY_LINK: Fact =
    Fact::stated("console.switch_to_legacy", "switch back to legacy connection", &MIGRATION_GUIDE);
pub const SWITCH_TO_OAUTH_LINK: Fact =
    Fact::stated("console.switch_to_oauth", "switch back to OAuth 2.0 connection", &MIGRATION_GUIDE);
pub const REVERT_PAGE: Fact = Fact::stated("console.revert_page", "Revert SSO connection", &MIGRATION_GUIDE);
pub const LEGACY_SECTION: Fact = Fact::stated("console.legacy_section", "Legacy Flex SSO", &MIGRATION_GUIDE);
/// The checkbox of the "Revert SSO connection" page, word for word.
pub const LEGACY_CONFIRMATION: Fact = Fact::stated(
    "console.legacy_confirmation",
    "I confirm that my Flex application reflects the Legacy Flex SSO connection",
    &MIGRATION_GUIDE,
);
pub const SWITCH_CONNECTION: Fact = Fact::stated("console.switch_connection", "Switch connection", &MIGRATION_GUIDE);
pub const SWITCH_DIALOG: Fact =
    Fact::stated("console.switch_dialog", "Switch to OAuth 2.0 SSO Connection", &MIGRATION_GUIDE);
pub const CONFIRM: Fact = Fact::stated("console.confirm", "Confirm", &MIGRATION_GUIDE);

// ---- Flex UI ------------------------------------------------------------------------------

/// Where the Flex UI version is seen and changed.
pub const FLEX_UI_VERSIONING: Fact =
    Fact::stated("flex_ui.versioning", "the Flex Admin UI, Versioning", &FLEX_ADMIN_VERSIONING)
        .with_url(FLEX_ADMIN_VERSIONING.url)
        .also("the Flex UI versions page of the Twilio Console", &FLEX_UI_VERSIONS);
/// The first Flex UI line that can migrate (the number itself is `MINIMUM_UI_VERSION`).
pub const FLEX_UI_MINIMUM: Fact = Fact::stated("flex_ui.minimum", "2.7.x", &MIGRATION_GUIDE);
/// (major, minor) of [`FLEX_UI_MINIMUM`].
pub const MINIMUM_UI_VERSION: (u64, u64) = (2, 7);
pub const FLEX_UI_UPGRADE_GUIDE: Fact =
    Fact::stated("flex_ui.upgrade_guide", "Twilio's guides to upgrading Flex UI", &FLEX_UI_UPGRADE)
        .with_url(FLEX_UI_UPGRADE.url);

// ---- The migration ------------------------------------------------------------------------

/// The date Twilio asked accounts to migrate by. It moved twice; the current guide's is shown.
pub const DEADLINE: Fact = Fact::stated("migration.deadline", "31 March 2026", &MIGRATION_GUIDE)
    .also("the end of 2024", &MIGRATION_GUIDE_OLDER);
/// [`DEADLINE`] as a date.
pub const DEADLINE_DATE: time::Date = time::macros::date!(2026 - 03 - 31);
/// How long Flex keeps the legacy details after Finish.
pub const SWITCH_BACK_WINDOW: Fact = Fact::stated("migration.switch_back_window", "30 days", &MIGRATION_GUIDE);
/// [`SWITCH_BACK_WINDOW`] in days.
pub const SWITCH_BACK_DAYS: i64 = 30;
/// Who is still on the legacy connection.
pub const WHO_IS_LEGACY: Fact = Fact::stated(
    "migration.who_is_legacy",
    "Accounts whose SSO was set up before 29 January 2024, or on Flex UI 2.4.x or earlier, use the legacy connection.",
    &SSO_CONFIGURATION,
);

/// The risk of the modify path (the guide's "Considerations" for modifying the existing connection).
pub const MODIFY_RISK: Fact = Fact::stated(
    "migration.modify_risk",
    "If a configuration error occurs during the migration, new agent logins are denied until the connection is reverted to the legacy one.",
    &MIGRATION_GUIDE,
);
/// What the create-new path asks of the IdP administrator first.
pub const CREATE_ASSIGN_USERS: Fact = Fact::stated(
    "migration.create_assign_users",
    "The IdP administrator has to give every current Flex user access to the new IdP application for Flex before login traffic is sent to it.",
    &MIGRATION_GUIDE,
);
/// Why the create-new path is the safer one.
pub const CREATE_LEGACY_UNCHANGED: Fact = Fact::stated(
    "migration.create_legacy_unchanged",
    "The legacy SSO connection remains unchanged, and Flex can switch back to it if a configuration error occurs.",
    &MIGRATION_GUIDE,
);

// ---- What Flex demands of a SAML response -------------------------------------------------

/// The Flex roles, lower case.
pub const FLEX_ROLE_VALUES: [&str; 3] = ["admin", "supervisor", "agent"];
pub const FLEX_ROLES: Fact = Fact::stated("saml.flex_roles", "admin, supervisor or agent", &SSO_CONFIGURATION);
/// Flex Insights roles, which may sit in `roles` beside the Flex role.
pub const INSIGHTS_ROLE_VALUES: [&str; 7] = [
    "wfo.full_access",
    "wfo.team_leader",
    "wfo.data_analyst",
    "wfo.data_auditor",
    "wfo.quality_manager",
    "wfo.quality_process_manager",
    "wfo.dashboard_viewer",
];
pub const INSIGHTS_ROLES: Fact = Fact::stated(
    "saml.insights_roles",
    "wfo.full_access (the default), wfo.team_leader, wfo.data_analyst, wfo.data_auditor, wfo.quality_manager, wfo.quality_process_manager, wfo.dashboard_viewer",
    &crate::sources::INSIGHTS_ROLES,
);
/// Insights opens only for supervisors and admins.
pub const INSIGHTS_NEEDS_SUPERVISOR: Fact = Fact::stated(
    "saml.insights_needs_supervisor",
    "Flex Insights opens only for users who also have the supervisor or admin role.",
    &crate::sources::INSIGHTS_ROLES,
);
/// Roles in the `roles` attribute: the ways to send several.
pub const ROLES_FORMAT: Fact = Fact::stated(
    "saml.roles_format",
    "lower case, as several values or separated by commas",
    &SSO_CONFIGURATION,
);
/// The three attributes every login must carry.
pub const REQUIRED_ATTRIBUTE_NAMES: [&str; 3] = ["roles", "full_name", "email"];
pub const REQUIRED_ATTRIBUTES: Fact =
    Fact::stated("saml.required_attributes", "roles, full_name and email", &SSO_CONFIGURATION);
pub const PLAIN_NAMES: Fact = Fact::stated(
    "saml.plain_names",
    "Attribute names are plain words such as email, full_name and roles; names that are web addresses (http://schemas.xmlsoap.org/...) are ignored.",
    &SSO_CONFIGURATION,
);
/// The types of typed attribute names (`name.type`).
pub const TYPED_ATTRIBUTE_TYPES: [&str; 6] = ["string", "int", "boolean", "stringarray", "intarray", "booleanarray"];
pub const SIGNING: Fact = Fact::stated(
    "saml.signing",
    "Both the response and the assertion are signed, with SHA-256, and the assertion is not encrypted.",
    &SSO_CONFIGURATION,
);
/// `SessionNotOnOrAfter`, when set, must be further away than this.
pub const MIN_SESSION_HOURS: i64 = 1;
pub const SESSION_LENGTH: Fact = Fact::stated(
    "saml.session_length",
    "If the identity provider sets SessionNotOnOrAfter, it must be more than 1 hour away (8 to 10 hours is recommended).",
    &SSO_CONFIGURATION,
);

// ---- What users see when something is wrong ----------------------------------------------

pub const SYMPTOM_NO_ROLE: Fact =
    Fact::stated("symptom.no_role_attribute", "SAML response doesn't have a role attribute", &SSO_CONFIGURATION);
pub const SYMPTOM_ATTRIBUTE_FORMAT: Fact =
    Fact::stated("symptom.invalid_attribute_format", "400 Error invalid attribute format", &SSO_CONFIGURATION);
/// The code on Twilio's login form for a wrong NameID setup or IdP Issuer.
pub const SYMPTOM_NAME_ID_POLICY: Fact =
    Fact::stated("symptom.invalid_name_id_policy", "InvalidNameIDPolicy", &SSO_CONFIGURATION);
/// A self-hosted page whose address is not trusted.
pub const SYMPTOM_INVALID_SSO_SETTINGS: Fact =
    Fact::stated("symptom.invalid_sso_settings", "Invalid SSO Settings", &SSO_CONFIGURATION);

// ---- Self-hosted Flex ---------------------------------------------------------------------

pub const OAUTH_OBJECT: Fact =
    Fact::stated("self_hosted.oauth_object", "appConfig.oauth = { connection, clientId, redirectUrl }", &SELF_HOSTED);
/// When the object goes in. The self-hosted page: after the Console setup; the migration guide:
/// "an additional step before validating".
pub const OAUTH_WHEN: Fact = Fact::stated(
    "self_hosted.oauth_when",
    "Add appConfig.oauth after the Console setup is saved and before the test login: as soon as it is deployed, your Flex signs everyone in through the new SSO.",
    &SELF_HOSTED,
);
/// The way back for a self-hosted Flex.
pub const OAUTH_WAY_BACK: Fact = Fact::stated(
    "self_hosted.oauth_way_back",
    "Removing appConfig.oauth again (and deploying) takes your self-hosted Flex back to the legacy sign-in, which appConfig.sso describes.",
    &SELF_HOSTED,
);
/// What must be in the trusted list.
pub const REDIRECT_DOMAINS_TRUSTED: Fact = Fact::stated(
    "self_hosted.redirect_domains_trusted",
    "Every address used as appConfig.oauth's redirectUrl must be registered in the Trusted domains of the Single sign-on (SSO) page.",
    &SELF_HOSTED,
)
.inferred("Twilio's page speaks of domains; the app compares the address's https://, host name and port. If your Console accepts a wider entry, trust the Console.");
/// The Console trusts the Default redirect URL by itself.
pub const DEFAULT_REDIRECT_AUTO_TRUSTED: Fact = Fact::stated(
    "self_hosted.default_redirect_auto_trusted",
    "The Console adds the Default redirect URL to the trusted addresses by itself; it need not be typed among them. It is where logins started from the identity provider land.",
    &GOOGLE,
);
pub const NO_WILDCARDS: Fact = Fact::stated(
    "self_hosted.no_wildcards",
    "The new SSO accepts no wildcards (*): list every address in full, such as https://example.com/flex or http://localhost:3000.",
    &SSO_CONFIGURATION,
);
pub const HTTPS_ONLY: Fact = Fact::stated(
    "self_hosted.https",
    "Addresses use https://, except on your own computer (http://localhost).",
    &SSO_CONFIGURATION,
)
.inferred("Twilio's docs show only http://localhost:3000 as a plain-http address; the app allows plain http only for localhost, 127.0.0.1 and [::1].");

// ---- Twilio's public SSO connection list --------------------------------------------------

/// What the public connection list is known to hold.
pub const SSO_CONNECTIONS: Fact = Fact::stated(
    "api.sso_connections",
    "Twilio's public list of SSO connections shows each new connection's name (JQ…) and client ID.",
    &SELF_HOSTED,
)
.inferred("Whether it also says which connection is active is not documented: the app uses an \"active\" field only when Twilio sends one.");

/// Every fact above, in the order the "Sources" screen lists them.
pub const ALL: &[&Fact] = &[
    &CONSOLE_SSO_PAGE,
    &SETUP_WORKFLOW,
    &NEW_SSO_SECTION,
    &START_SETUP,
    &SETUP_TYPE_MODIFY,
    &SETUP_TYPE_CREATE,
    &SAVE_AND_CONTINUE,
    &STEP_SELECT_TYPE,
    &STEP_UPDATE_IDP,
    &STEP_ENTER_IDP_DATA,
    &STEP_VALIDATE,
    &FIELD_CERTIFICATE,
    &FIELD_IDP_ISSUER,
    &FIELD_SSO_URL,
    &FIELD_TRUSTED_DOMAINS,
    &FIELD_DEFAULT_REDIRECT_URL,
    &LOG_IN_WITH_SSO,
    &FINISH,
    &NEW_CONNECTION_SAVED,
    &SWITCH_TO_LEGACY_LINK,
    &SWITCH_TO_OAUTH_LINK,
    &REVERT_PAGE,
    &LEGACY_SECTION,
    &LEGACY_CONFIRMATION,
    &SWITCH_CONNECTION,
    &SWITCH_DIALOG,
    &CONFIRM,
    &FLEX_UI_VERSIONING,
    &FLEX_UI_MINIMUM,
    &FLEX_UI_UPGRADE_GUIDE,
    &DEADLINE,
    &SWITCH_BACK_WINDOW,
    &WHO_IS_LEGACY,
    &MODIFY_RISK,
    &CREATE_ASSIGN_USERS,
    &CREATE_LEGACY_UNCHANGED,
    &FLEX_ROLES,
    &INSIGHTS_ROLES,
    &INSIGHTS_NEEDS_SUPERVISOR,
    &ROLES_FORMAT,
    &REQUIRED_ATTRIBUTES,
    &PLAIN_NAMES,
    &SIGNING,
    &SESSION_LENGTH,
    &SYMPTOM_NO_ROLE,
    &SYMPTOM_ATTRIBUTE_FORMAT,
    &SYMPTOM_NAME_ID_POLICY,
    &SYMPTOM_INVALID_SSO_SETTINGS,
    &OAUTH_OBJECT,
    &OAUTH_WHEN,
    &OAUTH_WAY_BACK,
    &REDIRECT_DOMAINS_TRUSTED,
    &DEFAULT_REDIRECT_AUTO_TRUSTED,
    &NO_WILDCARDS,
    &HTTPS_ONLY,
    &SSO_CONNECTIONS,
];

/// The fact with this key.
pub fn by_key(key: &str) -> Option<&'static Fact> {
    ALL.iter().copied().find(|f| f.key == key)
}

/// `admin`, `supervisor` or `agent`.
pub fn is_flex_role(value: &str) -> bool {
    FLEX_ROLE_VALUES.contains(&value)
}

/// One of the Flex Insights roles (`wfo.*`).
pub fn is_insights_role(value: &str) -> bool {
    INSIGHTS_ROLE_VALUES.contains(&value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_has_a_key_a_text_and_a_known_source() {
        let mut keys = Vec::new();
        for fact in ALL {
            assert!(!keys.contains(&fact.key), "{} twice", fact.key);
            keys.push(fact.key);
            assert!(
                fact.key.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.') && fact.key.contains('.'),
                "{}",
                fact.key
            );
            assert!(!fact.text.trim().is_empty(), "{}", fact.key);
            assert!(ALL_SOURCES.contains(&fact.source), "{}: source {} is not in sources::ALL", fact.key, fact.source.id);
            if let Some(url) = fact.url {
                assert!(url.starts_with("https://"), "{}: {url}", fact.key);
            }
            assert_eq!(by_key(fact.key), Some(*fact));
        }
        assert_eq!(by_key("no.such"), None);
    }

    const ALL_SOURCES: &[&crate::Source] = crate::sources::ALL;

    #[test]
    fn an_inferred_fact_says_why_in_a_sentence_for_the_admin() {
        for fact in ALL {
            if let Some(reason) = fact.inferred {
                assert!(reason.len() > 30 && reason.ends_with('.'), "{}: {reason:?}", fact.key);
                assert!(!reason.contains("[inferred]"), "{}: the tag is for developers, the reason is for admins", fact.key);
            }
            assert!(!fact.text.contains("[inferred]"), "{}", fact.key);
        }
    }

    #[test]
    fn where_pages_disagree_the_other_page_is_named() {
        for fact in ALL {
            if let Some(also) = fact.also {
                assert!(ALL_SOURCES.contains(&also.source), "{}", fact.key);
                assert_ne!(also.text, fact.text, "{}", fact.key);
                assert!(!also.text.trim().is_empty(), "{}", fact.key);
            }
        }
        assert_eq!(CONSOLE_SSO_PAGE.also.map(|a| a.text), Some("Flex > Manage > Single sign-on"));
    }

    #[test]
    fn the_corrected_facts_of_december_2026() {
        assert!(CONSOLE_SSO_PAGE.text.starts_with("Flex > Users and access > "));
        assert!(CONSOLE_SSO_PAGE.text.ends_with(sso_page_name()));
        assert!(CONSOLE_SSO_PAGE.url.unwrap().ends_with("/flex/users-and-access/single-sign-on"));
        assert_eq!(FLEX_UI_VERSIONING.url, Some("https://flex.twilio.com/admin/versioning"));
        assert!(!FLEX_UI_VERSIONING.text.contains("Manage > Versions"));
        assert_eq!(DEADLINE_DATE.to_string(), "2026-03-31");
        assert_eq!(MINIMUM_UI_VERSION, (2, 7));
        assert!(OAUTH_WHEN.text.contains("before the test login"));
        assert!(is_insights_role("wfo.team_leader") && !is_insights_role("wfo.boss") && !is_insights_role("agent"));
        assert!(is_flex_role("agent") && !is_flex_role("Agent"));
        let listed: Vec<&str> = INSIGHTS_ROLES.text.split(", ").map(|r| r.split(' ').next().unwrap()).collect();
        assert_eq!(listed, INSIGHTS_ROLE_VALUES, "the text lists exactly the values");
    }
}
