//! The handoff pack prints to PDF in a real browser: headless Chromium (Debian's
//! `chromium-headless-shell`, installed by `./dev setup`) opens the saved HTML file with every
//! network request refused, prints it, and poppler's `pdftotext` reads the values back from the
//! PDF. `pdftoppm` makes a PNG of page 1 in `target/reports/` for a person to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

use flex_sso_facts::catalog::Catalog;
use flex_sso_model::ids::{AccountSid, ConnectionSid};
use flex_sso_model::values::{new_values, Hosts};
use flex_sso_reports::{handoff_pack, html, HandoffInput, HandoffSetup};

fn chromium() -> PathBuf {
    ["/usr/bin/chromium-headless-shell", "/usr/lib/chromium/headless_shell", "/usr/bin/chromium"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .expect("headless Chromium is not installed: run ./dev setup (it installs chromium-headless-shell)")
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target/reports");
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

#[test]
fn the_pack_prints_to_pdf_with_its_values() {
    let account = AccountSid::parse("AC0123456789abcdef0123456789abcdef").unwrap();
    let connection = ConnectionSid::parse("JQ0123456789abcdef0123456789abcdef").unwrap();
    let hosts = Hosts::default();
    let catalog = Catalog::builtin();
    let idp = catalog.get("okta").expect("okta in the catalog");
    let doc = handoff_pack(&HandoffInput {
        idp,
        setup: HandoffSetup::Create,
        account: &account,
        connection: Some(&connection),
        hosts: &hosts,
        organisation: Some("Acme Support"),
        prepared_on: time::macros::date!(2026 - 12 - 01),
        app_version: "0.0.0-test",
    })
    .unwrap();
    let dir = out_dir();
    let html_path = dir.join("handoff-okta-create.html");
    let pdf_path = dir.join("handoff-okta-create.pdf");
    let _ = std::fs::remove_file(&pdf_path);
    std::fs::write(&html_path, html::render(&doc)).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // Any request the page made to anywhere would fail: the pack needs none.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf_path.display()))
        .arg(format!("file://{}", html_path.display()))
        .output()
        .expect("Chromium starts");
    assert!(pdf_path.is_file(), "Chromium printed no PDF: {}", String::from_utf8_lossy(&status.stderr));

    let text = Command::new("pdftotext").args(["-layout"]).arg(&pdf_path).arg("-").output().expect("pdftotext (poppler-utils) runs");
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    let values = new_values(&connection, &hosts);
    // Long values may wrap in print; compare without white space.
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for value in [&values.entity_id, &values.acs_url] {
        assert!(flat.contains(value.as_str()), "{value} is in the printed pack:\n{text}");
    }
    assert!(flat.contains(&idp.entity_id_label.text.replace(' ', "")), "Okta's own label is printed");
    assert!(text.contains("Agreed"), "the sign-off lines print");

    let info = Command::new("pdfinfo").arg(&pdf_path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: u32 = info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|p| p.trim().parse().unwrap()).unwrap();
    assert!((1..=6).contains(&pages), "{pages} pages");

    // Page 1 as a picture, for a person to open.
    let png = dir.join("handoff-okta-create-page");
    let made = Command::new("pdftoppm").args(["-png", "-r", "60", "-f", "1", "-l", "1"]).arg(&pdf_path).arg(&png).status().unwrap();
    assert!(made.success());
}
