//! `profile_diagnosis [SIZE] [TIMES]`: SAML diagnoses of the benchmark's input (SIZE 10KB, 100KB
//! or 1MB; TIMES 1 by default), for a profiler. Callgrind counts instructions however busy the
//! machine is (but valgrind hides the CPU's SHA extensions, so SHA-256 shows its software path);
//! perf samples wall time (`-e cpu-clock` where the machine has no hardware counters):
//!
//!     cargo build --release --example profile_diagnosis
//!     valgrind --tool=callgrind --toggle-collect='flex_sso_saml::diagnose::diagnose' \
//!       --callgrind-out-file=target/callgrind.out ./target/release/examples/profile_diagnosis 1MB
//!     callgrind_annotate --inclusive=yes target/callgrind.out | head -40
//!     perf record -e cpu-clock -g -o target/perf.data ./target/release/examples/profile_diagnosis 1MB 200
//!
//! The input is built (and signed) first; use enough TIMES that the diagnoses dominate.

use flex_sso_bench::{saml_expectations, saml_input, SIZES};

fn main() {
    let mut args = std::env::args().skip(1);
    let wanted = args.next().unwrap_or_else(|| "1MB".to_owned());
    let times: usize = args.next().map_or(1, |n| n.parse().expect("TIMES is a number"));
    let (_, target) = SIZES.iter().find(|(name, _)| *name == wanted).expect("SIZE is 10KB, 100KB or 1MB");
    let xml = saml_input::response(*target);
    let expectations = saml_expectations();
    eprintln!("diagnosing {} bytes {times} times", xml.len());
    for _ in 0..times {
        let report = std::hint::black_box(flex_sso_saml::diagnose(std::hint::black_box(&xml), &expectations));
        assert!(report.checked.signature_crypto);
    }
}
