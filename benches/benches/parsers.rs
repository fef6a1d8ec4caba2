//! How much the app's reading of an IdP's documents costs, at about 10 KB, 100 KB and 1 MB, and
//! compared with just parsing the same XML (roxmltree alone) in the same run.
//!
//! - `saml/{baseline_xml_parse,diagnose}/SIZE`: the sandbox IdP's real response grown with group
//!   claims and signed again (src/saml_input.rs); measured = the full diagnosis, both signatures
//!   verified with the configured certificate.
//! - `metadata/{baseline_xml_parse,inspect}/SIZE`: a federation file of the metadata crate's IdP
//!   shapes (src/metadata_input.rs); measured = `inspect_bytes`, certificate parsing and
//!   findings included.
//!
//! Every input is checked before it is timed, so a generator that drifted into an error path
//! cannot make the figures look good. scripts/bench_summary.py reads Criterion's output.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput};
use flex_sso_bench::{metadata_input, saml_expectations, saml_input, SIZES};
use flex_sso_metadata::{inspect_bytes, InspectOptions};
use flex_sso_saml::{diagnose, Crypto};
use time::macros::datetime;

fn parse_only(xml: &str) -> usize {
    roxmltree::Document::parse(xml).expect("well-formed").root().children().count()
}

/// Large inputs take milliseconds each: flat sampling keeps a run to its measurement time.
fn configure(group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, bytes: usize) {
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sampling_mode(if bytes > 200 * 1024 { SamplingMode::Flat } else { SamplingMode::Auto });
}

fn saml(c: &mut Criterion) {
    let expectations = saml_expectations();
    let mut group = c.benchmark_group("saml");
    for (size, target) in SIZES {
        let xml = saml_input::response(target);
        let report = diagnose(&xml, &expectations);
        let signatures = &report.summary.as_ref().expect("a summary").signatures;
        assert!(
            report.checked.signature_crypto && signatures.len() == 2 && signatures.iter().all(|s| matches!(s.crypto, Crypto::Verified { .. })),
            "{size}: the benchmark must measure two verified signatures"
        );
        configure(&mut group, xml.len());
        group.bench_with_input(BenchmarkId::new("baseline_xml_parse", size), &xml, |b, xml| b.iter(|| parse_only(black_box(xml))));
        group.bench_with_input(BenchmarkId::new("diagnose", size), &xml, |b, xml| {
            b.iter(|| diagnose(black_box(xml), &expectations).findings.len())
        });
    }
    group.finish();
}

fn metadata(c: &mut Criterion) {
    // Inside the sandbox IdP certificate's validity, so the chosen certificate is simply good.
    let now = datetime!(2026-12-01 00:00 UTC);
    let options = InspectOptions::default();
    let mut group = c.benchmark_group("metadata");
    for (size, target) in SIZES {
        let xml = metadata_input::federation(target);
        let report = inspect_bytes(xml.as_bytes(), now, &options);
        assert!(report.entities > 2 && report.certificates.len() == 1, "{size}: a federation read, one certificate chosen");
        configure(&mut group, xml.len());
        group.bench_with_input(BenchmarkId::new("baseline_xml_parse", size), &xml, |b, xml| b.iter(|| parse_only(black_box(xml))));
        group.bench_with_input(BenchmarkId::new("inspect", size), &xml, |b, xml| {
            b.iter(|| inspect_bytes(black_box(xml.as_bytes()), now, &options).certificates.len())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // 2 s per function and size: even the slowest (diagnosis of 1 MB, about 20 ms) gets 30
    // samples of several runs each, and the twelve stay under a minute of `./dev bench`.
    config = Criterion::default().sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(2));
    targets = saml, metadata
}
criterion_main!(benches);
