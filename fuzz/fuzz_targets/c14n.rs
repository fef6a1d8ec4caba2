//! Canonicalization under every algorithm the crate implements: never a panic, the output is
//! well-formed XML, and canonicalizing the output again changes nothing (a canonical form is
//! its own canonical form).
#![no_main]

use flex_sso_saml::fuzzing::{canonicalize_root, ALGORITHMS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &str)| {
    let (choice, xml) = input;
    let algorithm = ALGORITHMS[usize::from(choice) % ALGORITHMS.len()];
    // The PrefixList Okta sends, or none.
    let prefixes = if choice & 0x80 != 0 { vec!["xs".to_owned()] } else { Vec::new() };
    let Some(once) = canonicalize_root(xml, algorithm, prefixes.clone()) else { return };
    let once = String::from_utf8(once).expect("canonical XML is UTF-8");
    if let Err(error) = roxmltree::Document::parse(&once) {
        panic!("canonical output is not well-formed ({error}):\n{once}");
    }
    let twice = canonicalize_root(&once, algorithm, prefixes).expect("canonical output parses under the same limits");
    assert_eq!(String::from_utf8(twice).unwrap(), once, "canonicalizing twice changed the output");
});
