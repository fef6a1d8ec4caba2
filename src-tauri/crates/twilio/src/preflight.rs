//! The preflight check: can this account migrate, and where does it stand?
//!
//! Three reads made at once (they do not depend on each other), then one report the UI shows and
//! the CLI prints as JSON. Every failure becomes a problem with a code, what is wrong and what
//! to do; nothing in the report can hold a secret (no field of it has a secret type).

use flex_sso_facts::twilio;
use flex_sso_model::ui_version::{assess_ui_version, Eligibility, WHERE_TO_CHECK};
use serde::Serialize;
use url::Url;

use crate::client::{AccountLookup, TwilioClient};
use crate::credentials::{Credentials, MaskedCredentials};
use crate::error::{Problem, TwilioError};
use crate::login_link::login_link;
use crate::resources::{AccountStatus, AccountType, FlexConfiguration, FlexStatus, SsoConnection};

/// Where the account stands with the new SSO, read from the public connection list.
///
/// The list shows only new (OAuth 2.0) connections; an empty list is read as "legacy only",
/// which also covers an account with no SSO at all: no public API tells them apart. Whether a
/// connection is active is known only when Twilio sends `active` (not confirmed to exist,
/// `twilio::SSO_CONNECTIONS`); without it the state is [`SsoState::NewExists`] and the app says
/// where to see the rest instead of guessing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SsoState {
    /// No new connection yet.
    LegacyOnly,
    /// A new connection exists; Twilio's list does not say whether logins use it.
    NewExists,
    /// A new connection is saved and Twilio says it is not active: logins still use the legacy one.
    NewSavedLegacyActive,
    /// Twilio says a new connection is active.
    NewActive,
    /// The list could not be read.
    Unknown,
}

impl SsoState {
    pub fn from_connections(connections: &[SsoConnection]) -> Self {
        if connections.iter().any(|c| c.active == Some(true)) {
            SsoState::NewActive
        } else if connections.is_empty() {
            SsoState::LegacyOnly
        } else if connections.iter().all(|c| c.active == Some(false)) {
            SsoState::NewSavedLegacyActive
        } else {
            SsoState::NewExists
        }
    }

    /// One or two sentences for the admin: what Twilio's list shows, and for what it does not
    /// show, where to look.
    pub fn describe(self, connections: &[SsoConnection]) -> String {
        let names = connections.iter().map(|c| c.connection_name.as_str()).collect::<Vec<_>>().join(", ");
        match self {
            SsoState::LegacyOnly => "Legacy connection only: the new SSO connection has not been set up yet.".to_owned(),
            SsoState::NewExists => format!(
                "A new SSO connection exists ({names}). Twilio's list does not say whether agents already sign in through it: the {} page in the Twilio Console shows it ({}), and the login check shows which connection Flex used.",
                twilio::SSO_PAGE_NAME,
                twilio::CONSOLE_SSO_PAGE
            ),
            SsoState::NewSavedLegacyActive => {
                format!("A new SSO connection is saved ({names}), but logins still use the legacy connection.")
            }
            SsoState::NewActive => "The new SSO connection is active.".to_owned(),
            SsoState::Unknown => "The SSO connections could not be read.".to_owned(),
        }
    }

    /// Whether Twilio's list shows that logins still go through the legacy connection.
    fn legacy_in_use(self) -> bool {
        matches!(self, SsoState::LegacyOnly | SsoState::NewSavedLegacyActive)
    }
}

/// Said once on the preflight when the account is still on the legacy connection after Twilio's
/// date: plainly, without alarm. `None` before the date or when the legacy connection is not in
/// use.
pub fn deadline_note(state: SsoState, today: time::Date) -> Option<String> {
    (state.legacy_in_use() && today > twilio::DEADLINE_DATE).then(|| {
        format!(
            "Twilio asked accounts to move to the new connection by {} (earlier copies of its guide said {}). This account still signs in through the legacy connection, so that date has passed: the migration this app guides you through is the way forward.",
            twilio::DEADLINE,
            twilio::DEADLINE.also.map_or("", |a| a.text)
        )
    })
}

/// How much of the Account resource could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountDetails {
    Read,
    /// Normal for standard and restricted API keys (FLEX-SSO-FACTS §2); not a problem.
    NotAvailableWithApiKey,
    NotRead,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountSection {
    pub sid: String,
    pub credentials: MaskedCredentials,
    /// `true` once Twilio accepted them, `false` when it refused them, `null` when no call got
    /// far enough to tell (offline, for example).
    pub credentials_accepted: Option<bool>,
    pub details: AccountDetails,
    pub friendly_name: Option<String>,
    pub status: Option<AccountStatus>,
    #[serde(rename = "type")]
    pub account_type: Option<AccountType>,
    /// A plain sentence about the above.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlexSection {
    pub status: Option<FlexStatus>,
    pub ui_version: Option<String>,
    pub eligible: Eligibility,
    pub eligibility_reason: String,
    pub runtime_domain: Option<String>,
    /// `https://flex.twilio.com/{runtime-domain}` when it could be derived (see `login_link`).
    pub login_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SsoSection {
    pub state: SsoState,
    pub state_description: String,
    pub connections: Vec<SsoConnection>,
    /// Twilio's migration date, when the account is past it on the legacy connection.
    pub deadline_note: Option<String>,
}

/// The whole answer of the preflight check; serialized as the CLI's JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreflightReport {
    /// Eligible and no problem: the migration can start.
    pub ok: bool,
    pub account: AccountSection,
    pub flex: FlexSection,
    pub sso: SsoSection,
    pub problems: Vec<Problem>,
}

impl PreflightReport {
    /// The CLI's exit code: 0 when eligible with no problem, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        if self.ok {
            0
        } else {
            1
        }
    }
}

/// Runs the three reads concurrently and builds the report.
pub async fn preflight(client: &TwilioClient, credentials: &Credentials) -> PreflightReport {
    let (configuration, account, connections) = tokio::join!(
        client.fetch_flex_configuration(credentials),
        client.fetch_account(credentials),
        client.fetch_sso_connections(&credentials.account_sid),
    );
    let today = time::OffsetDateTime::now_utc().date();
    build_report(credentials, &client.endpoints().flex_ui, configuration, account, connections, today)
}

fn push_unique(problems: &mut Vec<Problem>, problem: Problem) {
    if !problems.iter().any(|p| p.code == problem.code) {
        problems.push(problem);
    }
}

/// The report for three outcomes (pure, so every combination is testable without a network).
pub fn build_report(
    credentials: &Credentials,
    flex_ui: &Url,
    configuration: Result<FlexConfiguration, TwilioError>,
    account: Result<AccountLookup, TwilioError>,
    connections: Result<Vec<SsoConnection>, TwilioError>,
    today: time::Date,
) -> PreflightReport {
    let mut problems = Vec::new();
    let account_section = account_section(credentials, &configuration, &account);

    // A closed account also fails the other calls as "not active"; say the precise thing once.
    let closed = account_section.status == Some(AccountStatus::Closed);
    if closed {
        push_unique(&mut problems, TwilioError::AccountClosed.to_problem());
    } else if account_section.status == Some(AccountStatus::Suspended) {
        push_unique(&mut problems, TwilioError::AccountSuspended.to_problem());
    }
    for error in [configuration.as_ref().err(), account.as_ref().err(), connections.as_ref().err()].into_iter().flatten() {
        if closed && *error == TwilioError::AccountSuspended {
            continue;
        }
        push_unique(&mut problems, error.to_problem());
    }

    let flex = flex_section(flex_ui, &configuration, &mut problems);

    let (state, connections) = match connections {
        Ok(list) => (SsoState::from_connections(&list), list),
        Err(_) => (SsoState::Unknown, Vec::new()),
    };
    let sso = SsoSection {
        state,
        state_description: state.describe(&connections),
        deadline_note: deadline_note(state, today),
        connections,
    };

    let ok = problems.is_empty() && flex.eligible == Eligibility::Eligible;
    PreflightReport { ok, account: account_section, flex, sso, problems }
}

fn account_section(
    credentials: &Credentials,
    configuration: &Result<FlexConfiguration, TwilioError>,
    account: &Result<AccountLookup, TwilioError>,
) -> AccountSection {
    let refused = |r: Option<&TwilioError>| matches!(r, Some(TwilioError::WrongCredentials { .. }));
    // A 404 or 403 on Configuration comes after Twilio checked the credentials.
    let passed_auth = |r: Option<&TwilioError>| {
        matches!(r, Some(TwilioError::FlexNotSetUp | TwilioError::PermissionDenied { .. }))
    };
    let config_error = configuration.as_ref().err();
    let account_error = account.as_ref().err();
    let credentials_accepted = if refused(config_error) || refused(account_error) {
        Some(false)
    } else if configuration.is_ok() || matches!(account, Ok(AccountLookup::Read(_))) || passed_auth(config_error) {
        Some(true)
    } else {
        None
    };

    let mut section = AccountSection {
        sid: credentials.account_sid.to_string(),
        credentials: credentials.masked(),
        credentials_accepted,
        details: AccountDetails::NotRead,
        friendly_name: None,
        status: None,
        account_type: None,
        note: String::new(),
    };
    match account {
        Ok(AccountLookup::Read(a)) => {
            section.details = AccountDetails::Read;
            section.friendly_name = a.friendly_name.clone();
            section.status = a.status;
            section.account_type = a.account_type;
            section.note = "Account details read from Twilio.".to_owned();
        }
        Ok(AccountLookup::NotAvailableWithApiKey) => {
            section.details = AccountDetails::NotAvailableWithApiKey;
            section.note = "Account name, status and type are not available with an API key. This is normal and does not affect the migration.".to_owned();
        }
        Err(_) => {
            section.note = "Not checked: the account details could not be read.".to_owned();
        }
    }
    section
}

fn flex_section(
    flex_ui: &Url,
    configuration: &Result<FlexConfiguration, TwilioError>,
    problems: &mut Vec<Problem>,
) -> FlexSection {
    let Ok(config) = configuration else {
        let assessed = assess_ui_version(None);
        return FlexSection {
            status: None,
            ui_version: None,
            eligible: assessed.eligibility,
            eligibility_reason: "Not checked: the Flex UI version could not be read.".to_owned(),
            runtime_domain: None,
            login_url: None,
        };
    };
    match config.status {
        Some(FlexStatus::NotStarted) => push_unique(problems, TwilioError::FlexNotSetUp.to_problem()),
        Some(FlexStatus::InProgress) => push_unique(
            problems,
            Problem {
                code: "flex_setup_in_progress".to_owned(),
                message: "Twilio is still setting up Flex on this account.".to_owned(),
                fix: "Wait until Flex has finished setting up (Console > Flex), then run this check again.".to_owned(),
            },
        ),
        _ => {}
    }
    let assessed = assess_ui_version(config.ui_version.as_deref());
    match assessed.eligibility {
        Eligibility::Eligible => {}
        Eligibility::NotEligible => push_unique(
            problems,
            Problem {
                code: "flex_ui_not_eligible".to_owned(),
                message: assessed.reason.clone(),
                fix: format!("Upgrade Flex UI to {} or later {WHERE_TO_CHECK}, then run this check again.", twilio::FLEX_UI_MINIMUM),
            },
        ),
        Eligibility::Unknown => push_unique(
            problems,
            Problem {
                code: "flex_ui_version_unknown".to_owned(),
                message: assessed.reason.clone(),
                fix: format!("Look up the Flex UI version {WHERE_TO_CHECK}: the migration needs {} or later.", twilio::FLEX_UI_MINIMUM),
            },
        ),
    }
    let link = config.runtime_domain.as_deref().and_then(|d| login_link(d, flex_ui));
    FlexSection {
        status: config.status,
        ui_version: config.ui_version.clone(),
        eligible: assessed.eligibility,
        eligibility_reason: assessed.reason,
        runtime_domain: config.runtime_domain.clone(),
        login_url: link.map(|l| l.url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;
    use crate::error::CredentialKind;
    use crate::resources::Account;
    use flex_sso_model::ids::{AccountSid, ApiKeySid};
    use flex_sso_secrets::Secret;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";

    fn token() -> Credentials {
        Credentials::with_auth_token(AccountSid::parse(AC).unwrap(), Secret::new("t"))
    }

    fn api_key() -> Credentials {
        Credentials::with_api_key(
            AccountSid::parse(AC).unwrap(),
            ApiKeySid::parse("SK0123456789abcdef0123456789abcdef").unwrap(),
            Secret::new("s"),
        )
    }

    fn config(ui: Option<&str>, status: FlexStatus) -> Result<FlexConfiguration, TwilioError> {
        Ok(FlexConfiguration {
            account_sid: Some(AC.into()),
            status: Some(status),
            ui_version: ui.map(Into::into),
            service_version: None,
            runtime_domain: Some("dancing-owl-1234.twil.io".into()),
            flex_url: None,
        })
    }

    fn account(status: AccountStatus) -> Result<AccountLookup, TwilioError> {
        Ok(AccountLookup::Read(Account {
            sid: Some(AC.into()),
            friendly_name: Some("Owl".into()),
            status: Some(status),
            account_type: Some(AccountType::Full),
        }))
    }

    fn connection(active: Option<bool>) -> SsoConnection {
        SsoConnection { connection_name: "JQ0123456789abcdef0123456789abcdef".into(), client_id: Some("c".into()), active }
    }

    /// A day after Twilio's date, and one before it.
    const AFTER: time::Date = time::macros::date!(2026 - 12 - 01);
    const BEFORE: time::Date = time::macros::date!(2026 - 03 - 30);

    fn flex_ui() -> Url {
        Url::parse("https://flex.twilio.com").unwrap()
    }

    fn codes(report: &PreflightReport) -> Vec<&str> {
        report.problems.iter().map(|p| p.code.as_str()).collect()
    }

    #[test]
    fn outcomes_combine_into_the_right_verdict() {
        let wrong = || TwilioError::WrongCredentials { kind: CredentialKind::AuthToken };
        let offline = || TwilioError::Offline { host: "h".into() };
        struct Case {
            name: &'static str,
            credentials: Credentials,
            configuration: Result<FlexConfiguration, TwilioError>,
            account: Result<AccountLookup, TwilioError>,
            connections: Result<Vec<SsoConnection>, TwilioError>,
            problems: Vec<&'static str>,
            eligible: Eligibility,
            accepted: Option<bool>,
            state: SsoState,
        }
        let cases = vec![
            Case { name: "all good", credentials: token(), configuration: config(Some("2.8.3"), FlexStatus::Ok),
                account: account(AccountStatus::Active), connections: Ok(vec![]), problems: vec![],
                eligible: Eligibility::Eligible, accepted: Some(true), state: SsoState::LegacyOnly },
            Case { name: "api key, no account access", credentials: api_key(), configuration: config(Some("2.8.3"), FlexStatus::Ok),
                account: Ok(AccountLookup::NotAvailableWithApiKey), connections: Ok(vec![connection(Some(false))]), problems: vec![],
                eligible: Eligibility::Eligible, accepted: Some(true), state: SsoState::NewSavedLegacyActive },
            Case { name: "wrong credentials", credentials: token(), configuration: Err(wrong()), account: Err(wrong()),
                connections: Ok(vec![connection(Some(true))]), problems: vec!["wrong_credentials"],
                eligible: Eligibility::Unknown, accepted: Some(false), state: SsoState::NewActive },
            Case { name: "too old", credentials: token(), configuration: config(Some("2.6.4"), FlexStatus::Ok),
                account: account(AccountStatus::Active), connections: Ok(vec![]), problems: vec!["flex_ui_not_eligible"],
                eligible: Eligibility::NotEligible, accepted: Some(true), state: SsoState::LegacyOnly },
            Case { name: "no version", credentials: token(), configuration: config(None, FlexStatus::Ok),
                account: account(AccountStatus::Active), connections: Ok(vec![]), problems: vec!["flex_ui_version_unknown"],
                eligible: Eligibility::Unknown, accepted: Some(true), state: SsoState::LegacyOnly },
            Case { name: "closed", credentials: token(), configuration: Err(TwilioError::AccountSuspended),
                account: account(AccountStatus::Closed), connections: Ok(vec![]), problems: vec!["account_closed"],
                eligible: Eligibility::Unknown, accepted: Some(true), state: SsoState::LegacyOnly },
            Case { name: "suspended", credentials: token(), configuration: Err(TwilioError::AccountSuspended),
                account: account(AccountStatus::Suspended), connections: Ok(vec![]), problems: vec!["account_suspended"],
                eligible: Eligibility::Unknown, accepted: Some(true), state: SsoState::LegacyOnly },
            Case { name: "flex not started", credentials: token(), configuration: config(Some("2.8.3"), FlexStatus::NotStarted),
                account: account(AccountStatus::Active), connections: Ok(vec![]), problems: vec!["flex_not_set_up"],
                eligible: Eligibility::Eligible, accepted: Some(true), state: SsoState::LegacyOnly },
            Case { name: "flex absent", credentials: token(), configuration: Err(TwilioError::FlexNotSetUp),
                account: account(AccountStatus::Active), connections: Ok(vec![]), problems: vec!["flex_not_set_up"],
                eligible: Eligibility::Unknown, accepted: Some(true), state: SsoState::LegacyOnly },
            Case { name: "offline everywhere, said once", credentials: token(), configuration: Err(offline()),
                account: Err(offline()), connections: Err(offline()), problems: vec!["offline"],
                eligible: Eligibility::Unknown, accepted: None, state: SsoState::Unknown },
        ];
        for case in cases {
            let report = build_report(&case.credentials, &flex_ui(), case.configuration, case.account, case.connections, AFTER);
            assert_eq!(codes(&report), case.problems, "{}", case.name);
            assert_eq!(report.flex.eligible, case.eligible, "{}", case.name);
            assert_eq!(report.account.credentials_accepted, case.accepted, "{}", case.name);
            assert_eq!(report.sso.state, case.state, "{}", case.name);
            let expect_ok = case.problems.is_empty() && case.eligible == Eligibility::Eligible;
            assert_eq!(report.ok, expect_ok, "{}", case.name);
            assert_eq!(report.exit_code(), if expect_ok { 0 } else { 1 }, "{}", case.name);
        }
    }

    #[test]
    fn the_json_has_the_shape_the_cli_prints() {
        let report = build_report(&token(), &flex_ui(), config(Some("2.8.3"), FlexStatus::Ok),
            account(AccountStatus::Active), Ok(vec![connection(Some(false))]), AFTER);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["ok"], true);
        assert_eq!(json["account"]["sid"], AC);
        assert_eq!(json["account"]["credentials"]["account_sid"], "AC…cdef");
        assert_eq!(json["account"]["type"], "full");
        assert_eq!(json["account"]["status"], "active");
        assert_eq!(json["account"]["details"], "read");
        assert_eq!(json["flex"]["status"], "ok");
        assert_eq!(json["flex"]["ui_version"], "2.8.3");
        assert_eq!(json["flex"]["eligible"], "eligible");
        assert_eq!(json["flex"]["eligibility_reason"], "Flex UI 2.8.3 is 2.7.x or later, so this account can move to the new SSO.");
        assert_eq!(json["flex"]["runtime_domain"], "dancing-owl-1234.twil.io");
        assert_eq!(json["flex"]["login_url"], "https://flex.twilio.com/dancing-owl-1234");
        assert_eq!(json["sso"]["state"], "new_saved_legacy_active");
        assert_eq!(json["sso"]["connections"][0]["connection_name"], "JQ0123456789abcdef0123456789abcdef");
        assert_eq!(json["sso"]["connections"][0]["active"], false);
        assert_eq!(json["problems"], serde_json::json!([]));
    }

    #[test]
    fn problems_carry_code_message_and_fix() {
        let report = build_report(&token(), &flex_ui(), config(Some("2.6.4"), FlexStatus::Ok),
            account(AccountStatus::Active), Ok(vec![]), AFTER);
        let json = serde_json::to_value(&report.problems).unwrap();
        assert_eq!(json, serde_json::json!([{
            "code": "flex_ui_not_eligible",
            "message": format!("Flex UI 2.6.4 is older than 2.7.x. Upgrade Flex UI to 2.7.x or later ({WHERE_TO_CHECK}) before you migrate SSO."),
            "fix": format!("Upgrade Flex UI to 2.7.x or later {WHERE_TO_CHECK}, then run this check again."),
        }]));
    }

    /// Twilio's list is known to hold connection_name and client_id only: a missing `active` is
    /// "not reported", and the app says what it knows and where to see the rest.
    #[test]
    fn a_connection_without_active_is_reported_as_existing_not_as_inactive() {
        let report = build_report(&token(), &flex_ui(), config(Some("2.8.3"), FlexStatus::Ok),
            account(AccountStatus::Active), Ok(vec![connection(None)]), AFTER);
        assert_eq!(report.sso.state, SsoState::NewExists);
        let said = &report.sso.state_description;
        assert!(said.starts_with("A new SSO connection exists (JQ0123456789abcdef0123456789abcdef)."), "{said}");
        assert!(!said.contains("still use the legacy"), "{said}");
        assert!(said.contains(twilio::CONSOLE_SSO_PAGE.text) && said.contains("login check"), "{said}");
        assert_eq!(report.sso.deadline_note, None, "it may already be migrated: no deadline words");
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["sso"]["state"], "new_exists");
        assert_eq!(json["sso"]["connections"][0]["active"], serde_json::Value::Null);

        let mixed = SsoState::from_connections(&[connection(None), connection(Some(false))]);
        assert_eq!(mixed, SsoState::NewExists);
        assert_eq!(SsoState::from_connections(&[connection(None), connection(Some(true))]), SsoState::NewActive);
    }

    /// Past 31 March 2026 on the legacy connection: said once, plainly; not before the date, and
    /// not once the new connection is in use.
    #[test]
    fn the_deadline_is_mentioned_once_when_it_has_passed_on_the_legacy_connection() {
        let legacy = |today| build_report(&token(), &flex_ui(), config(Some("2.8.3"), FlexStatus::Ok),
            account(AccountStatus::Active), Ok(vec![]), today);
        let note = legacy(AFTER).sso.deadline_note.expect("past the date on legacy");
        assert!(note.starts_with(&format!("Twilio asked accounts to move to the new connection by {}", twilio::DEADLINE)), "{note}");
        assert!(!note.contains('!') && !note.to_lowercase().contains("urgent"), "without alarm: {note}");
        assert_eq!(legacy(BEFORE).sso.deadline_note, None);
        let active = build_report(&token(), &flex_ui(), config(Some("2.8.3"), FlexStatus::Ok),
            account(AccountStatus::Active), Ok(vec![connection(Some(true))]), AFTER);
        assert_eq!(active.sso.deadline_note, None);
        assert!(active.problems.is_empty(), "a note, never a problem");
    }
}
