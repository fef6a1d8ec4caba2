//! Table-driven checks of the structure and content rules on hand-written responses. Signature
//! verification itself runs against real IdP output in tests/login_flow.rs.

use super::*;
use time::macros::datetime;

const ACS: &str = "http://127.0.0.1:9/login/callback?connection=JQ5a4db0c5000000000000000000000001";
const AUDIENCE: &str = "urn:flex:JQ5a4db0c5000000000000000000000001";
const IDP: &str = "http://127.0.0.1:8/simplesaml/saml2/idp/metadata.php";

/// A correct response as SimpleSAMLphp writes it, minus the signatures.
const GOOD: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2026-11-28T04:17:19Z" Destination="http://127.0.0.1:9/login/callback?connection=JQ5a4db0c5000000000000000000000001" InResponseTo="_req1"><saml:Issuer>http://127.0.0.1:8/simplesaml/saml2/idp/metadata.php</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="_a1" Version="2.0" IssueInstant="2026-11-28T04:17:19Z"><saml:Issuer>http://127.0.0.1:8/simplesaml/saml2/idp/metadata.php</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">agent@sandbox.example</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="2026-11-28T04:22:19Z" Recipient="http://127.0.0.1:9/login/callback?connection=JQ5a4db0c5000000000000000000000001" InResponseTo="_req1"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="2026-11-28T04:16:49Z" NotOnOrAfter="2026-11-28T04:22:19Z"><saml:AudienceRestriction><saml:Audience>urn:flex:JQ5a4db0c5000000000000000000000001</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="2026-11-28T04:17:19Z" SessionNotOnOrAfter="2026-11-28T12:17:19Z"/><saml:AttributeStatement><saml:Attribute Name="full_name"><saml:AttributeValue>Ada Agent</saml:AttributeValue></saml:Attribute><saml:Attribute Name="email"><saml:AttributeValue>agent@sandbox.example</saml:AttributeValue></saml:Attribute><saml:Attribute Name="roles"><saml:AttributeValue>agent</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>"#;

fn expect(now: OffsetDateTime) -> Expectations<'static> {
    Expectations { audience: AUDIENCE, acs_url: ACS, idp_entity_id: IDP, now, clock_skew: Duration::from_secs(60) }
}

fn run(xml: &str, now: OffsetDateTime) -> Result<SignedInUser, Rejection> {
    let document = parse(xml)?;
    let (response, assertion) = structure(&document)?;
    content(response, assertion, &expect(now), &|id| id == "_req1")
}

const NOW: OffsetDateTime = datetime!(2026-11-28 04:17:20 UTC);

#[test]
fn a_correct_response_signs_the_user_in() {
    let user = run(GOOD, NOW).unwrap();
    assert_eq!(
        user,
        SignedInUser {
            name_id: "agent@sandbox.example".into(),
            full_name: "Ada Agent".into(),
            email: "agent@sandbox.example".into(),
            roles: vec!["agent".into()],
            session_not_on_or_after: Some("2026-11-28T12:17:19Z".into()),
            warnings: vec![],
        }
    );
}

#[test]
fn each_broken_rule_gives_its_own_code() {
    let role_attr = r#"<saml:Attribute Name="roles"><saml:AttributeValue>agent</saml:AttributeValue></saml:Attribute>"#;
    let cases: Vec<(&str, String, &str)> = vec![
        ("not xml", "<samlp:Response".into(), "unreadable_response"),
        ("not a response", "<x/>".into(), "unreadable_response"),
        ("a DTD", format!("<!DOCTYPE r [<!ENTITY e \"x\">]>{GOOD}"), "unreadable_response"),
        ("idp failure", GOOD.replace("status:Success", "status:Responder"), "idp_status"),
        (
            "encrypted",
            GOOD.replace("</samlp:Status>", "</samlp:Status><saml:EncryptedAssertion/>"),
            "assertion_encrypted",
        ),
        (
            "two assertions",
            GOOD.replace("</samlp:Response>", "<saml:Assertion ID=\"_a2\"/></samlp:Response>"),
            "assertion_count",
        ),
        (
            "other issuer",
            GOOD.replace(
                "<saml:Issuer>http://127.0.0.1:8/simplesaml/saml2/idp/metadata.php</saml:Issuer><saml:Subject>",
                "<saml:Issuer>https://other.example/idp</saml:Issuer><saml:Subject>",
            ),
            "issuer_mismatch",
        ),
        ("no nameid", GOOD.replace(">agent@sandbox.example</saml:NameID>", "></saml:NameID>"), "name_id_missing"),
        (
            "legacy audience",
            GOOD.replace(
                &format!("<saml:Audience>{AUDIENCE}"),
                "<saml:Audience>https://iam.twilio.com/v1/Accounts/AC5a4db0c50000000000000000000000ac/saml2/metadata",
            ),
            "wrong_audience",
        ),
        (
            "destination",
            GOOD.replace(
                "Destination=\"http://127.0.0.1:9/login/callback",
                "Destination=\"https://iam.twilio.com/login/callback",
            ),
            "wrong_destination",
        ),
        (
            "recipient",
            GOOD.replace("Recipient=\"http://127.0.0.1:9/", "Recipient=\"http://127.0.0.1:7/"),
            "wrong_recipient",
        ),
        ("unknown request", GOOD.replace("_req1", "_req2"), "unknown_request"),
        ("no roles", GOOD.replace(role_attr, ""), "missing_role_attribute"),
        ("capital role", GOOD.replace(">agent</saml:AttributeValue>", ">Agent</saml:AttributeValue>"), "invalid_role"),
        ("no full_name", GOOD.replace("Name=\"full_name\"", "Name=\"displayName\""), "missing_full_name_attribute"),
        (
            "no email",
            GOOD.replace(
                "Name=\"email\"",
                "Name=\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress\"",
            ),
            "missing_email_attribute",
        ),
        (
            "bad time",
            GOOD.replace("NotBefore=\"2026-11-28T04:16:49Z\"", "NotBefore=\"yesterday\""),
            "unreadable_response",
        ),
    ];
    for (name, xml, code) in cases {
        let err = run(&xml, NOW).expect_err(name);
        assert_eq!(err.code(), code, "{name}: {err}");
    }
}

#[test]
fn times_allow_the_clock_skew_and_no_more() {
    // NotBefore 04:16:49 and NotOnOrAfter 04:22:19, with 60 s of skew either way.
    let cases = [
        (datetime!(2026-11-28 04:15:48 UTC), Some("assertion_not_yet_valid")),
        (datetime!(2026-11-28 04:15:49 UTC), None),
        (datetime!(2026-11-28 04:23:18 UTC), None),
        (datetime!(2026-11-28 04:23:19 UTC), Some("assertion_expired")),
    ];
    for (now, code) in cases {
        assert_eq!(run(GOOD, now).err().map(|e| e.code()), code, "now {now}");
    }
    let err = run(GOOD, datetime!(2026-11-28 05:00:00 UTC)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The assertion expired at 2026-11-28T04:22:19Z and arrived at 2026-11-28T05:00:00Z. Sign in again; if it keeps happening, check the identity provider's clock and assertion lifetime."
    );
}

/// The same reading as the app's diagnosis: all text nodes, so a comment cannot shorten a value.
#[test]
fn a_comment_inside_the_name_id_does_not_cut_it_short() {
    let split = GOOD.replace(">agent@sandbox.example</saml:NameID>", ">agent@sandbox.example<!---->.evil</saml:NameID>");
    assert_eq!(run(&split, NOW).unwrap().name_id, "agent@sandbox.example.evil");
    let split_role = GOOD.replace(">agent</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>", ">ag<!-- -->ent</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>");
    assert_eq!(run(&split_role, NOW).unwrap().roles, ["agent"]);
    let split_audience = GOOD.replace(&format!("<saml:Audience>{AUDIENCE}"), &format!("<saml:Audience>{AUDIENCE}<!---->.evil"));
    assert_eq!(run(&split_audience, NOW).unwrap_err().code(), "wrong_audience");
}

#[test]
fn roles_may_be_comma_separated_or_repeated() {
    let many = GOOD.replace(
        "<saml:AttributeValue>agent</saml:AttributeValue>",
        "<saml:AttributeValue>agent, supervisor</saml:AttributeValue><saml:AttributeValue>admin</saml:AttributeValue>",
    );
    assert_eq!(run(&many, NOW).unwrap().roles, ["agent", "supervisor", "admin"]);
}

/// Twilio's "Flex Insights User Roles": wfo.* roles beside the Flex role sign in; only values
/// that are neither are refused; Insights without supervisor or admin is a warning.
#[test]
fn insights_roles_sign_in_and_made_up_roles_are_refused() {
    let with = |roles: &str| GOOD.replace(">agent</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>", &format!(">{roles}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>"));
    let user = run(&with("supervisor, wfo.team_leader"), NOW).unwrap();
    assert_eq!(user.roles, ["supervisor", "wfo.team_leader"]);
    assert_eq!(user.warnings, Vec::<String>::new());
    let user = run(&with("agent,wfo.dashboard_viewer"), NOW).unwrap();
    assert_eq!(user.warnings, ["insights_without_supervisor"]);
    match run(&with("agent, team_captain"), NOW).unwrap_err() {
        Rejection::InvalidRole { value } => assert_eq!(value, "team_captain"),
        other => panic!("{other:?}"),
    }
    assert_eq!(run(&with("wfo.full_access"), NOW).unwrap_err().code(), "no_flex_role");
    assert_eq!(run(&with("wfo.boss,agent"), NOW).unwrap_err().code(), "invalid_role");
}

#[test]
fn uri_named_attributes_are_named_in_the_hint() {
    let xml = GOOD.replace("Name=\"roles\"", "Name=\"http://schemas.microsoft.com/ws/2008/06/identity/claims/role\"");
    match run(&xml, NOW).unwrap_err() {
        Rejection::MissingAttribute { attribute: FlexAttribute::Roles, uri_names } => {
            assert_eq!(uri_names, ["http://schemas.microsoft.com/ws/2008/06/identity/claims/role"])
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_session_ending_within_the_hour_is_a_warning_not_a_refusal() {
    let xml =
        GOOD.replace("SessionNotOnOrAfter=\"2026-11-28T12:17:19Z\"", "SessionNotOnOrAfter=\"2026-11-28T04:47:19Z\"");
    assert_eq!(run(&xml, NOW).unwrap().warnings, ["short_session"]);
}

fn signed(element_id: &str, method: &str, digest: &str) -> String {
    format!(
        r##"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:SignatureMethod Algorithm="{method}"/><ds:Reference URI="#{element_id}"><ds:DigestMethod Algorithm="{digest}"/></ds:Reference></ds:SignedInfo></ds:Signature>"##
    )
}

#[test]
fn signature_shape_rules() {
    let sha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    let digest256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    let with = |response_sig: String, assertion_sig: String| {
        GOOD.replacen("</saml:Issuer>", &format!("</saml:Issuer>{response_sig}"), 1).replacen(
            "<saml:Subject>",
            &format!("{assertion_sig}<saml:Subject>"),
            1,
        )
    };
    let cases: Vec<(&str, String, Option<&str>)> = vec![
        ("both fine", with(signed("_r1", sha256, digest256), signed("_a1", sha256, digest256)), None),
        ("no response signature", with(String::new(), signed("_a1", sha256, digest256)), Some("response_not_signed")),
        ("no assertion signature", with(signed("_r1", sha256, digest256), String::new()), Some("assertion_not_signed")),
        (
            "sha1 method",
            with(
                signed("_r1", "http://www.w3.org/2000/09/xmldsig#rsa-sha1", digest256),
                signed("_a1", sha256, digest256),
            ),
            Some("weak_signature_algorithm"),
        ),
        (
            "sha1 digest",
            with(signed("_r1", sha256, digest256), signed("_a1", sha256, "http://www.w3.org/2000/09/xmldsig#sha1")),
            Some("weak_signature_algorithm"),
        ),
        (
            "covers another element",
            with(signed("_a1", sha256, digest256), signed("_a1", sha256, digest256)),
            Some("signature_invalid"),
        ),
        (
            "two signatures",
            with(signed("_r1", sha256, digest256).repeat(2), signed("_a1", sha256, digest256)),
            Some("signature_invalid"),
        ),
    ];
    for (name, xml, code) in cases {
        let document = parse(&xml).unwrap();
        let (response, assertion) = structure(&document).unwrap();
        let result = signature_shape(SignedPart::Response, response)
            .and_then(|_| signature_shape(SignedPart::Assertion, assertion));
        assert_eq!(result.err().map(|e| e.code()), code, "{name}");
    }
}

#[test]
fn decoding_tolerates_line_breaks_and_names_bad_input() {
    let encoded = base64::engine::general_purpose::STANDARD.encode("<x/>");
    let wrapped = format!("{}\r\n{}", &encoded[..4], &encoded[4..]);
    assert_eq!(decode(&wrapped).unwrap(), "<x/>");
    assert_eq!(decode("  ").unwrap_err().code(), "missing_saml_response");
    assert_eq!(decode("%%%").unwrap_err().code(), "unreadable_response");
    assert_eq!(audience_of(GOOD).as_deref(), Some(AUDIENCE));
}
