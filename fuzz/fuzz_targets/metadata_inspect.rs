//! Any bytes (a file, a paste, a download) through the whole metadata pipeline (BOM, UTF-8 and
//! UTF-16 decoding, XML under limits, entities, certificates, findings) must give a report that
//! serializes, never a panic. Small limits keep each run fast while still reaching every check.
#![no_main]

use flex_sso_metadata::{inspect_bytes, InspectOptions, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = time::OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("valid timestamp");
    let options = InspectOptions {
        limits: Limits { max_bytes: 64 * 1024, max_depth: 32, max_nodes: 5_000, ..Limits::default() },
        ..InspectOptions::default()
    };
    let report = inspect_bytes(data, now, &options);
    assert!((0..=2).contains(&report.exit_code()));
    assert_eq!(report.ok, report.exit_code() == 0);
    serde_json::to_string(&report).expect("a report always serializes");
});
