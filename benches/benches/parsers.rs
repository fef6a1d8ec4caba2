//! How much the app's reading of an IdP's documents costs compared with just parsing them.
//!
//! - `saml/*`: a real SimpleSAMLphp response (tests/fixtures/idp/captured/agent-ok.xml),
//!   baseline = roxmltree parse of the XML; measured = the full diagnosis with signature checks.
//! - `metadata/*`: Okta-shaped metadata (the metadata crate's fixture),
//!   baseline = roxmltree parse; measured = `inspect_bytes` with certificate parsing and findings.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use flex_sso_metadata::{inspect_bytes, InspectOptions};
use flex_sso_saml::{diagnose, Certificate, Expectations};
use time::macros::datetime;

const RESPONSE: &str = include_str!("../../tests/fixtures/idp/captured/agent-ok.xml");
const IDP_CERT: &str = include_str!("../../tests/fixtures/idp/cert/idp.crt");
const METADATA: &str = include_str!("../../src-tauri/crates/metadata/tests/fixtures/okta.xml");

fn saml(c: &mut Criterion) {
    let mut expectations = Expectations::new(
        "urn:flex:JQ5a4db0c5000000000000000000000001",
        "http://127.0.0.1:39399/login/callback?connection=JQ5a4db0c5000000000000000000000001",
        datetime!(2026-11-28 04:25:40 UTC),
    );
    expectations.certificates = Certificate::parse_text(IDP_CERT).expect("fixture certificate");
    let report = diagnose(RESPONSE, &expectations);
    assert!(report.checked.signature_crypto, "the benchmark must measure a verified signature");

    let mut group = c.benchmark_group("saml");
    group.bench_function("baseline_xml_parse", |b| b.iter(|| roxmltree::Document::parse(black_box(RESPONSE)).unwrap().root().children().count()));
    group.bench_function("diagnose", |b| b.iter(|| diagnose(black_box(RESPONSE), &expectations).findings.len()));
    group.finish();
}

fn metadata(c: &mut Criterion) {
    let now = datetime!(2026-11-28 00:00 UTC);
    let options = InspectOptions::default();
    let mut group = c.benchmark_group("metadata");
    group.bench_function("baseline_xml_parse", |b| b.iter(|| roxmltree::Document::parse(black_box(METADATA)).unwrap().root().children().count()));
    group.bench_function("inspect", |b| b.iter(|| inspect_bytes(black_box(METADATA.as_bytes()), now, &options).certificates.len()));
    group.finish();
}

criterion_group!(benches, saml, metadata);
criterion_main!(benches);
