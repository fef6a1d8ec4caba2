//! Saves real SAML responses from the sandbox IdP as fixtures for the SAML diagnosis tests.
//! Ignored by default (it writes files); run it on purpose:
//!
//! `FLEX_SSO_CAPTURE_DIR=tests/fixtures/idp/captured cargo test -p flex-sso-sandbox --test capture -- --ignored`
//!
//! (without the variable it writes into the repository's tests/fixtures/idp/captured).

mod support;

use flex_sso_sandbox::{default_fixture_dir, Sandbox, SandboxOptions, Variant};
use serde::Serialize;
use support::{decoded, saml_form, Browser};

#[derive(Serialize)]
struct Captured {
    file: String,
    variant: Variant,
    user: String,
    connection_sid: String,
    /// Where the IdP posted it (the ACS), and the Audience the IdP wrote.
    destination: String,
    expected_audience: String,
    what_is_wrong: String,
}

#[derive(Serialize)]
struct Manifest {
    captured_at: String,
    idp_entity_id: String,
    idp_certificate_file: String,
    account_sid: String,
    responses: Vec<Captured>,
}

#[test]
#[ignore = "writes fixture files; run on purpose with --ignored"]
fn capture_fixtures() {
    let dir = std::env::var_os("FLEX_SSO_CAPTURE_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| default_fixture_dir().join("captured"));
    std::fs::create_dir_all(&dir).unwrap();
    let sandbox = Sandbox::start(SandboxOptions::default()).unwrap();
    let cases = [
        ("agent-ok", Variant::Ok, "agent", "nothing: Flex accepts it"),
        ("legacy-audience", Variant::LegacyValues, "agent", "audience and destination are the legacy values"),
        ("unsigned", Variant::Unsigned, "agent", "neither response nor assertion is signed"),
        ("assertion-unsigned", Variant::AssertionUnsigned, "agent", "the assertion is not signed"),
        ("sha1", Variant::Sha1, "agent", "signed with RSA-SHA1 / SHA-1 digests"),
        (
            "encrypted",
            Variant::Encrypted,
            "agent",
            "the assertion is encrypted (EncryptedAssertion, key cert/sp-encryption.key)",
        ),
        (
            "namespaced-attributes",
            Variant::NamespacedAttributes,
            "agent",
            "attribute names are claim URIs, not roles/full_name/email",
        ),
        ("bad-role", Variant::BadRole, "agent", "role value Agent (capitalised)"),
        ("missing-attributes", Variant::MissingAttributes, "agent", "full_name and email attributes are missing"),
        ("no-roles", Variant::Ok, "noroles", "no roles attribute"),
        ("expired", Variant::Expired, "agent", "NotOnOrAfter is an hour before IssueInstant"),
        ("short-session", Variant::ShortSession, "agent", "SessionNotOnOrAfter 30 minutes after AuthnInstant"),
    ];
    let mut responses = Vec::new();
    for (name, variant, user, what) in cases {
        let connection = sandbox.account.connection_with(variant).unwrap();
        let browser = Browser::new();
        let form = saml_form(&browser, &sandbox.login.urls().connection_login_url(&connection.sid), user);
        let file = format!("{name}.xml");
        std::fs::write(dir.join(&file), decoded(&form)).unwrap();
        let expected_audience = if variant == Variant::LegacyValues {
            flex_sso_sandbox::legacy_entity_id(&sandbox.account.account_sid)
        } else {
            flex_sso_sandbox::new_entity_id(&connection.sid)
        };
        responses.push(Captured {
            file,
            variant,
            user: user.to_owned(),
            connection_sid: connection.sid.to_string(),
            destination: form.action.clone(),
            expected_audience,
            what_is_wrong: what.to_owned(),
        });
    }
    let manifest = Manifest {
        captured_at: time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap(),
        idp_entity_id: sandbox.idp.entity_id().to_owned(),
        idp_certificate_file: "../cert/idp.crt".to_owned(),
        account_sid: sandbox.account.account_sid.to_string(),
        responses,
    };
    std::fs::write(dir.join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap() + "\n").unwrap();
}
