//! `profile_parser saml|metadata [SIZE] [TIMES]`: the SAML diagnosis or the metadata import of the
//! benchmark's input (SIZE 10KB, 100KB or 1MB; TIMES 1 by default), for a profiler.
//!
//! Callgrind counts instructions, the same however busy the machine is (scripts/bench_instructions.py
//! uses that for the scaling figures); valgrind hides the CPU's SHA extensions, so SHA-256 shows its
//! software path there. perf samples wall time (`-e cpu-clock` where there are no hardware counters):
//!
//!     cargo build --release --example profile_parser
//!     valgrind --tool=callgrind --toggle-collect='flex_sso_saml::diagnose::diagnose' \
//!       --callgrind-out-file=target/callgrind.out ./target/release/examples/profile_parser saml 1MB
//!     callgrind_annotate --inclusive=yes target/callgrind.out | head -40
//!     perf record -e cpu-clock --call-graph dwarf -o target/perf.data ./target/release/examples/profile_parser saml 1MB 80
//!
//! (`flex_sso_metadata::inspect::inspect_bytes` for metadata.) The input is built (and signed)
//! first; with perf, use enough TIMES that the parser dominates.

use flex_sso_bench::{metadata_input, saml_expectations, saml_input, SIZES};
use flex_sso_metadata::{inspect_bytes, InspectOptions};
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let parser = args.next().unwrap_or_default();
    let wanted = args.next().unwrap_or_else(|| "1MB".to_owned());
    let times: usize = args.next().map_or(1, |n| n.parse().expect("TIMES is a number"));
    let (_, target) = SIZES.iter().find(|(name, _)| *name == wanted).expect("SIZE is 10KB, 100KB or 1MB");
    match parser.as_str() {
        "saml" => {
            let xml = saml_input::response(*target);
            let expectations = saml_expectations();
            for _ in 0..times {
                let report = black_box(flex_sso_saml::diagnose(black_box(&xml), &expectations));
                assert!(report.checked.signature_crypto);
            }
        }
        "metadata" => {
            let xml = metadata_input::federation(*target);
            let now = time::macros::datetime!(2026-12-01 00:00 UTC);
            let options = InspectOptions::default();
            for _ in 0..times {
                let report = black_box(inspect_bytes(black_box(xml.as_bytes()), now, &options));
                assert_eq!(report.certificates.len(), 1);
            }
        }
        _ => panic!("the first argument is saml or metadata"),
    }
}
