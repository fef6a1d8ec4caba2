//! End-to-end logins against the real IdP (SimpleSAMLphp under `php -S`) and the emulator, on
//! loopback, driven by a cookie-keeping HTTP client the way a browser would.

mod support;

use std::net::TcpStream;

use base64::Engine as _;
use flex_sso_sandbox::emulator::AcsKind;
use flex_sso_sandbox::{
    legacy_entity_id, process_group_alive, Idp, IdpOptions, Sandbox, SandboxHandle, SandboxOptions, Variant,
};
use support::{error_code, saml_form, sign_in_at_idp, text, AfterLogin, Browser};

fn start() -> SandboxHandle {
    Sandbox::start(SandboxOptions::default()).unwrap_or_else(|e| panic!("sandbox did not start: {} ({})", e, e.code()))
}

/// The login URL of the first connection with `variant`.
fn login_url(sandbox: &SandboxHandle, variant: Variant) -> String {
    let sid = &sandbox.account.connection_with(variant).expect("a connection for the variant").sid;
    sandbox.login.urls().connection_login_url(sid)
}

#[test]
fn the_idp_serves_its_metadata_and_says_who_it_is() {
    let idp = Idp::start(IdpOptions::new("http://127.0.0.1:9", "http://127.0.0.1:9")).unwrap();
    let browser = Browser::new();
    let page = browser.get(&idp.metadata_url());
    assert_eq!(page.status, 200);
    assert!(page.body.contains("EntityDescriptor"));
    assert_eq!(idp.entity_id(), format!("{}/simplesaml/saml2/idp/metadata.php", idp.base_url()));
    assert!(page.body.contains(&format!("entityID=\"{}\"", idp.entity_id())));
    assert!(page.body.contains(&format!("Location=\"{}\"", idp.sso_url())));
    let fixture_cert = std::fs::read_to_string(flex_sso_sandbox::default_fixture_dir().join("cert/idp.crt")).unwrap();
    assert_eq!(idp.certificate_pem(), fixture_cert);
    // The metadata's certificate is the fixture's, without PEM armour and line breaks.
    let body: String = fixture_cert.lines().filter(|l| !l.starts_with("-----")).collect();
    assert!(page.body.contains(&body));
}

#[test]
fn dropping_the_idp_stops_php_and_all_its_workers() {
    let idp = Idp::start(IdpOptions::new("http://127.0.0.1:9", "http://127.0.0.1:9")).unwrap();
    let (port, group) = (idp.port(), idp.process_group());
    // Several requests so that more than one worker has been used.
    let browser = Browser::new();
    for _ in 0..4 {
        assert_eq!(browser.get(&idp.metadata_url()).status, 200);
    }
    assert!(process_group_alive(group));
    drop(idp);
    assert!(!process_group_alive(group), "processes of group {group} are still running");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "something still listens on port {port}");
}

#[test]
fn agent_signs_in_through_the_hosted_link_and_lands_on_the_agent_desktop() {
    let sandbox = start();
    let browser = Browser::new();
    let form = saml_form(&browser, &sandbox.login.login_link(), "agent");
    let sid = sandbox.login.active_connection();
    assert_eq!(form.action, sandbox.login.urls().acs_url(sid));
    assert!(form.field("RelayState").is_some_and(|r| !r.is_empty()));

    let landed = browser.submit(&form);
    assert_eq!(landed.status, 200, "{}", text(&landed.body));
    assert_eq!(landed.url, format!("{}/agent-desktop", sandbox.login.urls().flex_ui_base_url));
    assert!(landed.body.contains("<title>Flex agent desktop (sandbox)</title>"));
    assert!(landed.body.contains("<span id=\"user-full-name\">Ada Agent</span>"));
    assert!(landed.body.contains("<span id=\"user-roles\">agent</span>"));

    let received = sandbox.login.received();
    assert_eq!(received.count, 1);
    let last = received.last.unwrap();
    assert!(last.accepted);
    assert_eq!(last.acs, AcsKind::New);
    assert_eq!(last.audience.as_deref(), Some(format!("urn:flex:{sid}").as_str()));
    assert_eq!(Some(last.saml_response.as_str()), form.field("SAMLResponse"));

    // The same log as JSON, for tests that only have a URL.
    let json: serde_json::Value =
        serde_json::from_str(&browser.get(&format!("{}/__sandbox/received", sandbox.login.urls().login_base_url)).body)
            .unwrap();
    assert_eq!(json["count"], 1);
    assert_eq!(json["last"]["accepted"], true);

    // A replay of the same response is refused: its request was answered already.
    let replay = browser.submit(&form);
    assert_eq!((replay.status, error_code(&replay.body).as_deref()), (400, Some("unknown_request")));
}

#[test]
fn a_user_without_roles_gets_twilios_role_error() {
    let sandbox = start();
    let browser = Browser::new();
    let form = saml_form(&browser, &sandbox.login.login_link(), "noroles");
    let page = browser.submit(&form);
    assert_eq!(page.status, 400);
    assert_eq!(error_code(&page.body).as_deref(), Some("missing_role_attribute"));
    assert!(
        page.body.contains(&format!(
            "<p class=\"twilio-message\">{}</p>",
            flex_sso_facts::twilio::SYMPTOM_NO_ROLE.text.replace('\'', "&#39;")
        )),
        "{}",
        page.body
    );
    assert_eq!(sandbox.login.received().last.map(|l| l.accepted), Some(false));
}

/// The practice self-hosted Flex: signed out it starts the login, and the ACS sends the browser
/// back to it (what appConfig.oauth's redirectUrl does).
#[test]
fn the_self_hosted_flex_starts_the_login_and_gets_the_user_back() {
    let sandbox = start();
    let browser = Browser::new();
    let home = sandbox.login.urls().self_hosted_flex_url();
    let form = saml_form(&browser, &home, "supervisor");
    let landed = browser.submit(&form);
    assert_eq!(landed.status, 200, "{}", text(&landed.body));
    assert_eq!(landed.url, home);
    assert!(landed.body.contains("<span id=\"user-full-name\">Sam Supervisor</span>"), "{}", landed.body);
    // Nobody else can ask to be sent back somewhere (no open redirect).
    let other = format!("{}&return_to=https%3A%2F%2Fevil.example%2F", sandbox.login.urls().connection_login_url(sandbox.login.active_connection()));
    let fresh = Browser::new();
    let form = saml_form(&fresh, &other, "agent");
    let landed = fresh.submit(&form);
    assert_eq!(landed.url, format!("{}/agent-desktop", sandbox.login.urls().flex_ui_base_url));
}

/// A Flex Insights role beside the Flex role is valid (Twilio's "Flex Insights User Roles").
#[test]
fn a_supervisor_with_an_insights_role_signs_in_through_the_real_idp() {
    let sandbox = start();
    let browser = Browser::new();
    let form = saml_form(&browser, &sandbox.login.login_link(), "insights");
    let landed = browser.submit(&form);
    assert_eq!(landed.status, 200, "{}", text(&landed.body));
    assert_eq!(landed.url, format!("{}/agent-desktop", sandbox.login.urls().flex_ui_base_url));
    assert!(landed.body.contains("<span id=\"user-roles\">supervisor, wfo.team_leader</span>"), "{}", landed.body);
}

#[test]
fn a_made_up_role_is_refused_and_named() {
    let sandbox = start();
    let browser = Browser::new();
    let form = saml_form(&browser, &sandbox.login.login_link(), "madeup");
    let page = browser.submit(&form);
    assert_eq!(page.status, 400);
    assert_eq!(error_code(&page.body).as_deref(), Some("invalid_role"));
    assert!(page.body.contains("team_captain"), "{}", page.body);
    assert_eq!(sandbox.login.received().last.map(|l| l.accepted), Some(false));
}

#[test]
fn an_idp_still_on_legacy_values_posts_to_the_legacy_acs_and_fails_visibly() {
    let sandbox = start();
    let browser = Browser::new();
    let form = saml_form(&browser, &login_url(&sandbox, Variant::LegacyValues), "agent");
    let account = &sandbox.account.account_sid;
    assert_eq!(form.action, format!("{}/v1/Accounts/{account}/saml2", sandbox.login.urls().iam_base_url));
    assert!(support::decoded(&form).contains(&format!("<saml:Audience>{}</saml:Audience>", legacy_entity_id(account))));

    let page = browser.submit(&form);
    assert_eq!(page.status, 403);
    assert_eq!(error_code(&page.body).as_deref(), Some("legacy_connection_inactive"));
    let active = sandbox.login.active_connection();
    assert!(text(&page.body).contains(&format!("change the Entity ID to urn:flex:{active}")), "{}", text(&page.body));

    let last = sandbox.login.received().last.unwrap();
    assert_eq!(last.acs, AcsKind::Legacy);
    assert_eq!(last.audience, Some(legacy_entity_id(account)));
    assert!(!last.accepted);
}

#[test]
fn each_idp_variant_is_refused_or_accepted_for_its_own_reason() {
    let sandbox = start();
    // (variant, user, expected error code or None when the login succeeds)
    let cases = [
        (Variant::Ok, "supervisor", None),
        (Variant::Ok, "admin", None),
        (Variant::Unsigned, "agent", Some("response_not_signed")),
        (Variant::AssertionUnsigned, "agent", Some("assertion_not_signed")),
        (Variant::Expired, "agent", Some("assertion_expired")),
        (Variant::Sha1, "agent", Some("weak_signature_algorithm")),
        (Variant::Encrypted, "agent", Some("assertion_encrypted")),
        (Variant::NamespacedAttributes, "agent", Some("missing_role_attribute")),
        (Variant::MissingAttributes, "agent", Some("missing_full_name_attribute")),
        (Variant::BadRole, "agent", Some("invalid_role")),
        (Variant::ShortSession, "agent", None),
    ];
    for (variant, user, expected) in cases {
        let browser = Browser::new();
        let form = saml_form(&browser, &login_url(&sandbox, variant), user);
        let page = browser.submit(&form);
        let outcome =
            if page.url.ends_with("/agent-desktop") && page.status == 200 { None } else { error_code(&page.body) };
        assert_eq!(outcome.as_deref(), expected, "{variant:?} as {user}: {} {}", page.status, text(&page.body));
        if variant == Variant::ShortSession {
            assert!(page.body.contains("data-warning=\"short_session\""), "{}", page.body);
        }
    }
}

#[test]
fn a_tampered_response_fails_the_xmlsec1_signature_check() {
    let sandbox = start();
    let browser = Browser::new();
    let mut form = saml_form(&browser, &sandbox.login.login_link(), "agent");
    let xml = support::decoded(&form).replace(">agent</saml:AttributeValue>", ">admin</saml:AttributeValue>");
    let tampered = base64::engine::general_purpose::STANDARD.encode(xml);
    for (name, value) in form.fields.iter_mut() {
        if name == "SAMLResponse" {
            *value = tampered.clone();
        }
    }
    let page = browser.submit(&form);
    assert_eq!(page.status, 400);
    assert_eq!(error_code(&page.body).as_deref(), Some("signature_invalid"), "{}", text(&page.body));
}

#[test]
fn a_wrong_password_stays_on_the_idp_login_page() {
    let sandbox = start();
    let browser = Browser::new();
    let (login_page, after) = sign_in_at_idp(&browser, &sandbox.login.login_link(), "agent", "not-the-password");
    match after {
        AfterLogin::StayedAtIdp(page) => {
            assert_eq!(page.url, login_page.url);
            assert!(page.body.contains("name=\"password\""));
            assert!(!page.body.contains("SAMLResponse"));
        }
        AfterLogin::Posting(_) => panic!("a wrong password must not produce a SAML response"),
    }
    assert_eq!(sandbox.login.received().count, 0);
}

#[test]
fn an_unassigned_user_is_refused_by_the_idp() {
    let sandbox = start();
    let browser = Browser::new();
    let (_, after) = sign_in_at_idp(&browser, &sandbox.login.login_link(), "unassigned", "unassigned-pass");
    match after {
        AfterLogin::StayedAtIdp(page) => {
            assert_eq!(page.status, 403, "{}", text(&page.body));
            assert!(page.url.contains("/simplesaml/module.php/authorize/authorize_403.php"), "{}", page.url);
        }
        AfterLogin::Posting(_) => panic!("the unassigned user must not get a SAML response"),
    }
    assert_eq!(sandbox.login.received().count, 0);
}

#[test]
fn unknown_runtime_domains_and_connections_get_plain_errors() {
    let sandbox = start();
    let browser = Browser::new();
    let urls = sandbox.login.urls();
    let page = browser.get(&format!("{}/someone-else-9999", urls.flex_ui_base_url));
    assert_eq!((page.status, error_code(&page.body).as_deref()), (404, Some("not_found")));
    let page = browser.get(&format!("{}/login?connection=JQ0000", urls.login_base_url));
    assert_eq!((page.status, error_code(&page.body).as_deref()), (404, Some("unknown_connection")));
    let page = browser.get(&format!("{}/agent-desktop", urls.flex_ui_base_url));
    assert_eq!((page.status, error_code(&page.body).as_deref()), (401, Some("not_signed_in")));
}
