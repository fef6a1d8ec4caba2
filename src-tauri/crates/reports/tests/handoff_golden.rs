//! The handoff pack for every IdP in the catalog and every setup, compared with the reviewed
//! text in `tests/golden/` (rewrite them with `FLEX_SSO_UPDATE_GOLDEN=1` after a deliberate
//! change, and read the diff), plus the exact values and labels, and an HTML file that loads
//! nothing from anywhere.

use flex_sso_facts::catalog::Catalog;
use flex_sso_model::ids::{AccountSid, ConnectionSid};
use flex_sso_model::values::{legacy_values, new_values, Hosts};
use flex_sso_reports::{handoff_pack, html, text, HandoffError, HandoffInput, HandoffSetup};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const CONNECTION: &str = "JQ0123456789abcdef0123456789abcdef";
const SETUPS: [HandoffSetup; 3] = [HandoffSetup::Modify, HandoffSetup::Create, HandoffSetup::Revert];

fn input<'a>(idp: &'a flex_sso_facts::catalog::IdpEntry, setup: HandoffSetup, account: &'a AccountSid, connection: &'a ConnectionSid, hosts: &'a Hosts) -> HandoffInput<'a> {
    HandoffInput {
        idp,
        setup,
        account,
        connection: Some(connection),
        hosts,
        organisation: Some("Acme Support"),
        prepared_on: time::macros::date!(2026 - 12 - 01),
        app_version: "0.0.0-test",
    }
}

fn golden_path(idp: &str, setup: HandoffSetup) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(format!("handoff-{idp}-{}.txt", setup.word()))
}

#[test]
fn every_idp_and_setup_matches_its_reviewed_text() {
    let account = AccountSid::parse(ACCOUNT).unwrap();
    let connection = ConnectionSid::parse(CONNECTION).unwrap();
    let hosts = Hosts::default();
    let update = std::env::var_os("FLEX_SSO_UPDATE_GOLDEN").is_some();
    let mut compared = 0;
    for idp in Catalog::builtin().all() {
        for setup in SETUPS {
            let doc = handoff_pack(&input(idp, setup, &account, &connection, &hosts)).unwrap();
            let got = text::render(&doc);
            let path = golden_path(&idp.id, setup);
            if update {
                std::fs::write(&path, &got).unwrap();
            }
            let want = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (write it with FLEX_SSO_UPDATE_GOLDEN=1, then review it)", path.display()));
            assert_eq!(got, want, "{} differs from the reviewed text", path.display());
            compared += 1;
        }
    }
    assert_eq!(compared, Catalog::builtin().all().len() * 3);
    assert!(compared >= 18, "all six IdPs, three setups each");
}

#[test]
fn values_sit_under_the_idps_own_labels() {
    let account = AccountSid::parse(ACCOUNT).unwrap();
    let connection = ConnectionSid::parse(CONNECTION).unwrap();
    let hosts = Hosts::default();
    let new = new_values(&connection, &hosts);
    let legacy = legacy_values(&account, &hosts);
    for idp in Catalog::builtin().all() {
        for setup in SETUPS {
            let doc = handoff_pack(&input(idp, setup, &account, &connection, &hosts)).unwrap();
            let text = text::render(&doc);
            let (put, old) = match setup {
                HandoffSetup::Revert => (&legacy, Some(&new)),
                HandoffSetup::Modify => (&new, Some(&legacy)),
                HandoffSetup::Create => (&new, None),
            };
            let entity = format!("{}:\n    {}\n", idp.entity_id_label.text, put.entity_id);
            let acs = format!("{}:\n    {}\n", idp.acs_url_label.text, put.acs_url);
            // A label may carry a note after it ("[Not confirmed by Twilio: …]"), so look for the
            // label's start and the value on the next line.
            for (label, value, whole) in [(&idp.entity_id_label.text, &put.entity_id, &entity), (&idp.acs_url_label.text, &put.acs_url, &acs)] {
                let at = text.find(&format!("\n{label}")).map(|i| i + 1).unwrap_or_else(|| panic!("{} {setup:?}: no label {label}", idp.id));
                let after = &text[at..];
                let line_end = after.find('\n').unwrap();
                let next = after[line_end + 1..].lines().next().unwrap();
                assert_eq!(next.trim(), value.as_str(), "{} {setup:?}: {label} (expected {whole:?})", idp.id);
            }
            if let Some(old) = old {
                assert!(text.contains(&format!("It replaces {}", old.entity_id)), "{} {setup:?}", idp.id);
            }
            assert_eq!(text.contains("Before the switch: give every Flex user"), setup == HandoffSetup::Create, "{} {setup:?}", idp.id);
            assert_eq!(text.contains(flex_sso_facts::twilio::FIELD_CERTIFICATE.text), setup == HandoffSetup::Create, "{} {setup:?}", idp.id);
            for attribute in ["email", "full_name", "roles"] {
                assert!(text.contains(&format!("\n{attribute} | ")), "{} {setup:?}: {attribute}", idp.id);
            }
            assert!(text.contains(flex_sso_facts::twilio::INSIGHTS_ROLES.text));
            assert!(text.contains(&idp.name_id.text), "{} {setup:?}: NameID", idp.id);
            assert!(text.contains("Date and time of the change: ____"));
            let guide = idp.setup_guide.source().unwrap();
            assert!(text.contains(guide.url), "{}: Twilio's page for the IdP", idp.id);
        }
    }
}

#[test]
fn the_html_file_loads_nothing_and_says_the_same() {
    let account = AccountSid::parse(ACCOUNT).unwrap();
    let connection = ConnectionSid::parse(CONNECTION).unwrap();
    let hosts = Hosts::default();
    for idp in Catalog::builtin().all() {
        for setup in SETUPS {
            let doc = handoff_pack(&input(idp, setup, &account, &connection, &hosts)).unwrap();
            let page = html::render(&doc);
            for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import"] {
                assert!(!page.contains(forbidden), "{} {setup:?}: {forbidden}", idp.id);
            }
            assert!(page.contains("default-src 'none'"), "a CSP that refuses every load");
            // Every value and label of the text is in the file too (escaped where needed).
            for section in &doc.sections {
                assert!(page.contains(&escape(&section.heading)), "{}: {}", idp.id, section.heading);
            }
            assert!(page.contains(&escape(&new_values(&connection, &hosts).acs_url)));
        }
    }
}

#[test]
fn a_pack_with_the_new_values_needs_the_connection() {
    let account = AccountSid::parse(ACCOUNT).unwrap();
    let hosts = Hosts::default();
    let catalog = Catalog::builtin();
    let okta = catalog.all().iter().find(|e| e.id == "okta").unwrap();
    let connection = ConnectionSid::parse(CONNECTION).unwrap();
    for setup in [HandoffSetup::Modify, HandoffSetup::Create] {
        let mut i = input(okta, setup, &account, &connection, &hosts);
        i.connection = None;
        assert_eq!(handoff_pack(&i).unwrap_err(), HandoffError::NoConnection);
    }
    let mut revert = input(okta, HandoffSetup::Revert, &account, &connection, &hosts);
    revert.connection = None;
    let text = text::render(&handoff_pack(&revert).unwrap());
    assert!(text.contains(&legacy_values(&account, &hosts).acs_url));
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
