//! The exact words the admin reads: expected against received, and the fix named by the IdP's
//! own label when the caller knows it (FLEX-SSO-FACTS §4), generic otherwise. These responses
//! are unsigned (no xmlsec1 needed); only the finding under test is looked at.

mod support;

use flex_sso_facts::twilio;
use flex_sso_saml::{diagnose, Expectations, Finding, IdpLabels};
use support::*;

/// What Flex's setup workflow is called in the fixes.
const WORKFLOW: &str = twilio::SETUP_WORKFLOW.text;

fn okta() -> IdpLabels {
    IdpLabels {
        idp_name: Some("Okta".into()),
        entity_id_label: Some("Audience URI (SP Entity ID)".into()),
        acs_url_label: Some("Single sign on URL".into()),
        name_id_setting: Some("Name ID format: Unspecified.".into()),
    }
}

fn with_roles(roles: &[&str]) -> Template {
    Template {
        attributes: vec![
            ("roles".into(), roles.iter().map(|r| (*r).to_owned()).collect()),
            ("full_name".into(), vec!["A".into()]),
            ("email".into(), vec!["a@b.c".into()]),
        ],
        ..Template::default()
    }
}

fn codes(t: Template) -> Vec<String> {
    let report = diagnose(&Template { sign_response: false, sign_assertion: false, ..t }.render(), &expectations());
    report.findings.iter().map(|f| f.code.as_str().to_owned()).filter(|c| !c.ends_with("unsigned")).collect()
}

fn finding(t: Template, labels: IdpLabels, code: &str) -> Finding {
    let mut exp: Expectations = expectations();
    exp.labels = labels;
    let report = diagnose(&Template { sign_response: false, sign_assertion: false, ..t }.render(), &exp);
    report.findings.into_iter().find(|f| f.code.as_str() == code).unwrap_or_else(|| panic!("no {code}"))
}

#[test]
fn fixes_name_the_setting_by_the_idps_label() {
    let aud = audience();
    #[allow(non_snake_case)]
    let ACCEPTED = format!("Flex accepts {} ({}), and beside them the Flex Insights roles {}.", twilio::FLEX_ROLES, twilio::ROLES_FORMAT, twilio::INSIGHTS_ROLES);
    let acs = acs_url();
    let cases: Vec<(Template, IdpLabels, &str, String, String)> = vec![
        (
            Template { audience: "urn:flex:JQffffffffffffffffffffffffffffffff".into(), ..Template::default() },
            okta(),
            "audience_mismatch",
            format!("Flex expects the audience (Entity ID) \"{aud}\"; the response has \"urn:flex:JQffffffffffffffffffffffffffffffff\". The response is meant for another Flex SSO connection: check that you signed in through the right application."),
            format!("In Okta, open the Flex application's SAML settings, set the \"Audience URI (SP Entity ID)\" setting to \"{aud}\" (copy it from Flex's {WORKFLOW}), save, and sign in again."),
        ),
        (
            Template { audience: format!("{aud}/"), ..Template::default() },
            IdpLabels::default(),
            "audience_mismatch",
            format!("Flex expects the audience (Entity ID) \"{aud}\"; the response has \"{aud}/\". They differ only in a trailing slash (/), which matters here."),
            format!("In your identity provider (IdP), open the Flex application's SAML settings, set the Entity ID setting (some identity providers call it Audience URI or Identifier) to \"{aud}\" (copy it from Flex's {WORKFLOW}), save, and sign in again."),
        ),
        (
            Template { recipient: format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2"), ..Template::default() },
            okta(),
            "destination_mismatch",
            format!("Flex expects the Recipient (the ACS URL) \"{acs}\"; the response has \"https://iam.twilio.com/v1/Accounts/{AC}/saml2\". That is the ACS URL of the legacy Flex SSO connection: the identity provider still has the old value."),
            format!("In Okta, open the Flex application's SAML settings, set the \"Single sign on URL\" setting to \"{acs}\" (copy it from Flex's {WORKFLOW}), save, and sign in again."),
        ),
        (
            Template { attributes: vec![("roles".into(), vec!["Agent,supervisor".into()]), ("full_name".into(), vec!["A".into()]), ("email".into(), vec!["a@b.c".into()])], ..Template::default() },
            okta(),
            "roles_invalid",
            format!("The roles attribute has the value \"Agent\", which Flex does not know. {} Upper-case letters are not accepted.", ACCEPTED.as_str()),
            format!("In Okta, change what the \"roles\" attribute sends for this user to {} (lower case), with any Flex Insights roles beside it. Save, and sign in again.", twilio::FLEX_ROLES),
        ),
        (
            Template { attributes: vec![("Roles".into(), vec!["agent".into()]), ("full_name".into(), vec!["A".into()]), ("email".into(), vec!["a@b.c".into()])], ..Template::default() },
            okta(),
            "attribute_missing",
            format!("Flex needs an attribute named \"roles\" with the user's Flex roles ({}); the assertion has none. There is one named \"Roles\": names must be written exactly, in lower case. Flex reports this as \"{}\".", twilio::FLEX_ROLES, twilio::SYMPTOM_NO_ROLE),
            format!("In Okta, open the Flex application's SAML settings, add an attribute named \"roles\" that carries the user's Flex roles ({}). Save, and sign in again.", twilio::FLEX_ROLES),
        ),
        (
            Template { session_not_on_or_after: Some("2026-01-15T10:30:00Z".into()), ..Template::default() },
            okta(),
            "session_too_short",
            "SessionNotOnOrAfter is 2026-01-15T10:30:00Z, 30 minutes after the sign-in at 2026-01-15T10:00:00Z. Flex needs more than one hour; users would be logged out within the hour.".to_owned(),
            "In Okta, set the session length (lifetime) of the Flex application to 8-10 hours, or remove the limit. Save, and sign in again.".to_owned(),
        ),
        (
            Template { attributes: vec![("roles".into(), vec!["agent".into()]), ("full_name".into(), vec!["A".into()]), ("email".into(), vec!["a@b.c".into()]), ("capacity.int".into(), vec!["1".into(), "2".into()])], ..Template::default() },
            okta(),
            "typed_attribute_invalid",
            format!("The name ends in \".int\", so Flex reads its value as a whole number; a \"int\" attribute holds exactly one value; this one has 2. Flex answers such a login with \"{}\".", twilio::SYMPTOM_ATTRIBUTE_FORMAT),
            "In Okta, open the Flex application's SAML settings, make \"capacity.int\" send a whole number, or rename it to \"capacity.string\".".to_owned(),
        ),
        (
            Template { not_on_or_after: "2026-01-15T09:00:00Z".into(), not_before: "2026-01-15T08:55:00Z".into(), ..Template::default() },
            IdpLabels::default(),
            "assertion_expired",
            "The assertion was valid until 2026-01-15T09:00:00Z; it is now 2026-01-15T10:01:00Z (1 hour 1 minute later).".to_owned(),
            "If you pasted a response from an earlier sign-in, that is expected: sign in again and check the new response right away. If it is fresh, check the clocks of this computer and of your identity provider (IdP).".to_owned(),
        ),
    ];
    for (template, labels, code, detail, fix) in cases {
        let f = finding(template, labels, code);
        assert_eq!(f.detail, detail, "{code}");
        assert_eq!(f.fix, fix, "{code}");
    }
}

#[test]
fn a_not_yet_valid_assertion_far_ahead_is_not_called_clock_skew() {
    let near = finding(Template { not_before: "2026-01-15T10:04:00Z".into(), ..Template::default() }, okta(), "assertion_not_yet_valid");
    assert!(near.detail.ends_with("(3 minutes earlier). A gap this small usually means the clocks of this computer and of the identity provider differ."), "{}", near.detail);
    let far = finding(Template { not_before: "2026-01-15T12:00:00Z".into(), not_on_or_after: "2026-01-15T13:00:00Z".into(), ..Template::default() }, okta(), "assertion_not_yet_valid");
    assert_eq!(far.detail, "The assertion is valid from 2026-01-15T12:00:00Z but it is now 2026-01-15T10:01:00Z (1 hour 59 minutes earlier).");
}

#[test]
fn findings_point_at_the_element_in_the_pretty_xml() {
    let mut exp = expectations();
    exp.audience = "urn:flex:JQffffffffffffffffffffffffffffffff".into();
    let report = diagnose(&Template { sign_response: false, sign_assertion: false, ..Template::default() }.render(), &exp);
    let f = report.findings.iter().find(|f| f.code.as_str() == "audience_mismatch").unwrap();
    let loc = f.location.as_ref().unwrap();
    assert_eq!(loc.xpath, "/samlp:Response/saml:Assertion/saml:Conditions/saml:AudienceRestriction/saml:Audience");
    let pretty = report.xml_pretty.as_deref().unwrap();
    let line = pretty.lines().nth(loc.line_start as usize - 1).unwrap();
    assert_eq!(line.trim(), format!("<saml:Audience>{}</saml:Audience>", audience()));
    assert_eq!(loc.line_start, loc.line_end);
}

#[test]
fn the_report_serializes_to_the_documented_shape() {
    let report = diagnose(&Template { sign_response: false, ..Template::default() }.signed(), &expectations());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["verdict"], "fail");
    // One of two signatures present and verified: the crypto check covered all that was there.
    assert_eq!(json["checked"]["signature_crypto"], true);
    assert_eq!(json["summary"]["signatures"][0]["signs"], "assertion");
    assert_eq!(json["summary"]["signatures"][0]["crypto"]["result"], "verified");
    assert_eq!(json["summary"]["name_id"], "ada@example.com");
    assert_eq!(json["findings"][0]["code"], "response_unsigned");
    for key in ["code", "severity", "title", "detail", "fix", "location"] {
        assert!(json["findings"][0].get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["input_form"], "xml");
}

/// Twilio's "Flex Insights User Roles": the wfo.* roles sit in `roles` beside the Flex role and are
/// valid; only values that are neither are wrong; Insights needs supervisor or admin.
#[test]
fn insights_roles_are_accepted_and_only_unknown_values_reported() {
    for roles in [&["supervisor", "wfo.team_leader"][..], &["admin,wfo.full_access,wfo.data_analyst"], &["agent"]] {
        assert_eq!(codes(with_roles(roles)), Vec::<String>::new(), "{roles:?}");
    }
    for insights in twilio::INSIGHTS_ROLE_VALUES {
        assert_eq!(codes(with_roles(&["supervisor", insights])), Vec::<String>::new(), "{insights}");
    }

    let f = finding(with_roles(&["agent", "wfo.team_leader", "wfo.boss"]), okta(), "roles_invalid");
    assert!(f.detail.starts_with("The roles attribute has the value \"wfo.boss\", which Flex does not know."), "{}", f.detail);
    assert!(!f.detail.contains("\"wfo.team_leader\""), "known Insights roles are not reported: {}", f.detail);
    assert!(f.detail.ends_with("Values starting with wfo. must be one of the Flex Insights roles, written exactly."), "{}", f.detail);

    let f = finding(with_roles(&["wfo.full_access"]), okta(), "roles_invalid");
    assert_eq!(f.title, "The roles attribute has no Flex role.");
    assert!(f.detail.starts_with("The roles attribute has only Flex Insights roles (\"wfo.full_access\")."), "{}", f.detail);
}

#[test]
fn an_insights_role_without_supervisor_or_admin_is_a_warning_not_a_failure() {
    let t = with_roles(&["agent", "wfo.dashboard_viewer"]);
    assert_eq!(codes(t.clone()), ["insights_role_without_supervisor"]);
    let f = finding(t, okta(), "insights_role_without_supervisor");
    assert_eq!(f.severity, flex_sso_saml::Severity::Warning);
    assert_eq!(
        f.detail,
        format!("The user has the Flex Insights role \"wfo.dashboard_viewer\" but the Flex role \"agent\". {}", twilio::INSIGHTS_NEEDS_SUPERVISOR)
    );
}

/// A refused NameID points at the IdP's own NameID setting (Twilio's IdP pages).
#[test]
fn invalid_name_id_policy_names_the_idps_name_id_setting() {
    let t = Template {
        status: format!("<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Responder\"><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:{}\"/></samlp:StatusCode>", twilio::SYMPTOM_NAME_ID_POLICY),
        ..Template::default()
    };
    let f = finding(t.clone(), okta(), "status_not_success");
    assert_eq!(
        f.fix,
        format!("In Okta, check the Name ID (NameID) setting of the Flex application. Flex needs: Name ID format: Unspecified. Also check that the {} entered in Flex matches Okta's issuer.", twilio::FIELD_IDP_ISSUER)
    );
    let generic = finding(t, IdpLabels::default(), "status_not_success");
    assert!(generic.fix.contains("Flex needs a unique, stable identifier for each user (the email address is usual)."), "{}", generic.fix);
}

/// A fix that is one value in one setting carries both, for the UI's Copy button.
#[test]
fn a_one_value_fix_names_the_setting_and_the_value() {
    let aud = audience();
    let f = finding(Template { audience: "urn:flex:JQffffffffffffffffffffffffffffffff".into(), ..Template::default() }, okta(), "audience_mismatch");
    let set = f.set.expect("a setting and its value");
    assert_eq!((set.place, set.setting.as_str(), set.value.as_str()), ("idp", "Audience URI (SP Entity ID)", aud.as_str()));
    let generic = finding(Template { recipient: "https://example.com/acs".into(), ..Template::default() }, IdpLabels::default(), "destination_mismatch");
    assert_eq!(generic.set.map(|s| (s.setting, s.value)), Some(("ACS URL".to_owned(), acs_url())));
    let not_one_value = finding(with_roles(&["Agent"]), okta(), "roles_invalid");
    assert!(not_one_value.set.is_none());
}
