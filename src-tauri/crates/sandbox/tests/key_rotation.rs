//! The sandbox IdP's signing-key rotation (current → announced → rotated) against the real
//! SimpleSAMLphp and the Flex login emulator, driven through the `/__sandbox/` control routes the
//! way a separate test process drives the `flex-sso-sandbox` binary, plus the in-process API.

mod support;

use flex_sso_sandbox::{RotationStage, Sandbox, SandboxHandle, SandboxOptions};
use support::{error_code, saml_form, text, Browser, Form, Page};

const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
const MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";

fn start() -> SandboxHandle {
    Sandbox::start(SandboxOptions::default()).unwrap_or_else(|e| panic!("sandbox did not start: {} ({})", e, e.code()))
}

fn control_url(sandbox: &SandboxHandle) -> String {
    let env = sandbox.environment();
    env.iter().find(|(k, _)| *k == "FLEX_SSO_SANDBOX_CONTROL_URL").expect("the control URL is exported").1.clone()
}

/// The SHA-256 fingerprint of the one certificate in `pem`, read as the app reads certificates.
fn fingerprint(pem: &str) -> String {
    let certificates = flex_sso_certificate::parse_text(pem).unwrap_or_else(|e| panic!("{e}: {pem}"));
    assert_eq!(certificates.len(), 1, "{pem}");
    certificates[0].sha256_fingerprint().to_owned()
}

/// Fingerprints of the distinct certificates the metadata offers for signing (a KeyDescriptor
/// with `use="signing"` or without `use`), in document order.
fn signing_fingerprints(metadata: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(metadata).unwrap_or_else(|e| panic!("{e}: {metadata}"));
    let mut found = Vec::new();
    for descriptor in document.descendants().filter(|n| n.has_tag_name((MD, "KeyDescriptor"))) {
        if descriptor.attribute("use").is_some_and(|u| u != "signing") {
            continue;
        }
        for cert in descriptor.descendants().filter(|n| n.has_tag_name((DSIG, "X509Certificate"))) {
            let print = fingerprint(cert.text().unwrap_or_default());
            if !found.contains(&print) {
                found.push(print);
            }
        }
    }
    found
}

/// Fingerprints of the certificates in the signatures' KeyInfo of a posted response: which key
/// SimpleSAMLphp says it signed with (the emulator never trusts KeyInfo; see xmlsec.rs).
fn signature_fingerprints(form: &Form) -> Vec<String> {
    let xml = support::decoded(form);
    let document = roxmltree::Document::parse(&xml).unwrap();
    let mut found: Vec<String> = document
        .descendants()
        .filter(|n| n.has_tag_name((DSIG, "X509Certificate")))
        .filter(|n| n.ancestors().any(|a| a.has_tag_name((DSIG, "Signature"))))
        .map(|n| fingerprint(n.text().unwrap_or_default()))
        .collect();
    found.dedup();
    found
}

fn set_stage(browser: &Browser, control: &str, stage: &str) -> serde_json::Value {
    let page = browser.post_text(&format!("{control}/idp-rotation"), stage);
    assert_eq!(page.status, 200, "{}", page.body);
    let status: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(status["stage"], stage);
    status
}

fn landed_on_agent_desktop(sandbox: &SandboxHandle, page: &Page) -> bool {
    page.status == 200 && page.url == format!("{}/agent-desktop", sandbox.login.urls().flex_ui_base_url)
}

#[test]
fn a_key_rotation_is_announced_then_made_and_flex_follows_once_the_new_certificate_is_pasted() {
    let sandbox = start();
    let control = control_url(&sandbox);
    let admin = Browser::new();
    let metadata = || signing_fingerprints(&admin.get(&sandbox.idp.metadata_url()).body);

    // What an admin can download from the IdP: both certificates, and where the rotation is.
    let status: serde_json::Value = serde_json::from_str(&admin.get(&format!("{control}/idp-rotation")).body).unwrap();
    assert_eq!(status["stage"], "current");
    let current_pem = status["current_certificate_pem"].as_str().unwrap().to_owned();
    let next_pem = status["next_certificate_pem"].as_str().unwrap().to_owned();
    assert_eq!(current_pem, sandbox.idp.certificate_pem());
    let (current, next) = (fingerprint(&current_pem), fingerprint(&next_pem));
    assert_eq!(current, "72:34:0B:51:0D:B8:31:27:01:A1:09:33:17:BA:A8:FF:D2:7A:84:07:03:15:1F:24:E2:15:55:51:AC:34:D4:12");
    assert_ne!(current, next);
    assert_eq!(fingerprint(&admin.get(&format!("{control}/flex-certificate")).body), current);

    // current: one signing certificate, today's.
    assert_eq!(metadata(), vec![current.clone()]);

    // announced: both published (SimpleSAMLphp lists the new one first), still signed by the old
    // key, and Flex, still trusting the old certificate, signs the user in.
    set_stage(&admin, &control, "announced");
    assert_eq!(metadata(), vec![next.clone(), current.clone()]);
    let browser = Browser::new();
    let form = saml_form(&browser, &sandbox.login.login_link(), "agent");
    assert_eq!(signature_fingerprints(&form), vec![current.clone()]);
    let page = browser.submit(&form);
    assert!(landed_on_agent_desktop(&sandbox, &page), "{} {} {}", page.status, page.url, text(&page.body));

    // rotated: only the new certificate, the new key signs, and Flex refuses the login because
    // the signature does not verify against the certificate it was given.
    set_stage(&admin, &control, "rotated");
    assert_eq!(metadata(), vec![next.clone()]);
    let browser = Browser::new();
    let form = saml_form(&browser, &sandbox.login.login_link(), "agent");
    assert_eq!(signature_fingerprints(&form), vec![next.clone()]);
    let refused = browser.submit(&form);
    assert_eq!(
        (refused.status, error_code(&refused.body).as_deref()),
        (400, Some("signature_invalid")),
        "{}",
        text(&refused.body)
    );
    let last = sandbox.login.received().last.unwrap();
    assert_eq!((last.accepted, last.error_code.as_deref()), (false, Some("signature_invalid")));

    // The admin pastes the new certificate into Flex: the same response now verifies, which
    // also proves it was signed by the next key.
    let pasted = admin.post_text(&format!("{control}/flex-certificate"), &next_pem);
    assert_eq!(pasted.status, 200, "{}", pasted.body);
    assert_eq!(fingerprint(&admin.get(&format!("{control}/flex-certificate")).body), next);
    assert_eq!(fingerprint(&sandbox.login.trusted_certificate_pem()), next);
    let page = browser.submit(&form);
    assert!(landed_on_agent_desktop(&sandbox, &page), "{} {} {}", page.status, page.url, text(&page.body));
    assert!(sandbox.login.received().last.unwrap().accepted);
}

#[test]
fn a_bad_certificate_for_flex_is_refused_and_the_old_trust_stays() {
    let sandbox = start();
    let control = control_url(&sandbox);
    let admin = Browser::new();
    let before = admin.get(&format!("{control}/flex-certificate")).body;
    let current = fingerprint(sandbox.idp.certificate_pem());
    assert_eq!(fingerprint(&before), current);

    let cut_off: String = sandbox.idp.next_certificate_pem().lines().take(5).collect::<Vec<_>>().join("\n");
    for (bad, says) in [
        ("not a certificate", "not valid base64"),
        (cut_off.as_str(), "no matching END line"),
        ("", "The certificate is empty"),
    ] {
        let page = admin.post_text(&format!("{control}/flex-certificate"), bad);
        assert_eq!(page.status, 400, "{bad:?}: {}", page.body);
        assert!(page.body.starts_with("Flex would not take this as the IdP certificate: "), "{}", page.body);
        assert!(page.body.contains(says), "{bad:?}: {}", page.body);
    }
    assert_eq!(admin.get(&format!("{control}/flex-certificate")).body, before);
    // The in-process API refuses the same way.
    assert_eq!(sandbox.login.trust_certificate("not a certificate").unwrap_err().code(), "flex_certificate_refused");
    assert_eq!(sandbox.login.trusted_certificate_pem(), before);

    // And logins are still checked against the old certificate.
    let browser = Browser::new();
    let page = browser.submit(&saml_form(&browser, &sandbox.login.login_link(), "agent"));
    assert!(landed_on_agent_desktop(&sandbox, &page), "{} {} {}", page.status, page.url, text(&page.body));
}

#[test]
fn the_in_process_api_moves_the_same_stage_and_unknown_stages_are_refused() {
    let sandbox = start();
    let control = control_url(&sandbox);
    let admin = Browser::new();
    let (current, next) = (fingerprint(sandbox.idp.certificate_pem()), fingerprint(sandbox.idp.next_certificate_pem()));

    sandbox.idp.set_rotation(RotationStage::Rotated).unwrap();
    assert_eq!(sandbox.idp.rotation_stage().unwrap(), RotationStage::Rotated);
    let status: serde_json::Value = serde_json::from_str(&admin.get(&format!("{control}/idp-rotation")).body).unwrap();
    assert_eq!(status["stage"], "rotated");
    assert_eq!(signing_fingerprints(&admin.get(&sandbox.idp.metadata_url()).body), vec![next.clone()]);

    let refused = admin.post_text(&format!("{control}/idp-rotation"), "rolled-over");
    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.body,
        "\"rolled-over\" is not a rotation stage of the sandbox IdP. Send current, announced or rotated."
    );
    assert_eq!(sandbox.idp.rotation_stage().unwrap(), RotationStage::Rotated);

    sandbox.login.trust_certificate(sandbox.idp.next_certificate_pem()).unwrap();
    assert_eq!(fingerprint(&admin.get(&format!("{control}/flex-certificate")).body), next);

    // Back to the start: today's metadata again.
    sandbox.idp.set_rotation(RotationStage::Current).unwrap();
    assert_eq!(signing_fingerprints(&admin.get(&sandbox.idp.metadata_url()).body), vec![current]);
}
