//! The canonicalizer against libxml2's: generated fragments full of namespace redeclarations,
//! undeclared defaults, prefixed attributes, PIs, CDATA and escapes are put in an assertion,
//! signed by xmlsec1 (which canonicalizes with libxml2), and must verify here. A difference
//! of one byte in the canonical form would be a digest mismatch. Deterministic: a fixed seed.
//!
//! One known difference is kept out of the generated URIs: libxml2 writes namespace URIs
//! without escaping `&`, `<` or quotes, while C14N 1.0 §2.3 processes a namespace node "in the
//! same way as an attribute node" (escaped), as this crate does. No IdP namespace has them.

mod support;

use flex_sso_saml::{diagnose, Crypto};
use support::*;

/// A small linear congruential generator: the same cases on every run, no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const PREFIXES: [&str; 3] = ["p", "q", "r"];
const URIS: [&str; 3] = ["urn:x:1", "urn:x:2", "http://example.com/ns?a=1;b=%20#f"];

/// One element with random declarations, attributes and children. `scope` holds the prefixes
/// declared above (the only ones it may use).
fn element(rng: &mut Rng, depth: u32, scope: &[&'static str], out: &mut String) {
    let mut scope = scope.to_vec();
    let mut declarations = String::new();
    for prefix in PREFIXES {
        if rng.chance(25) {
            declarations.push_str(&format!(" xmlns:{prefix}=\"{}\"", URIS[rng.below(3) as usize]));
            if !scope.contains(&prefix) {
                scope.push(prefix);
            }
        }
    }
    match rng.below(6) {
        0 => declarations.push_str(" xmlns=\"urn:d:1\""),
        1 => declarations.push_str(" xmlns=\"\""),
        _ => {}
    }
    let name = match scope.get(rng.below(scope.len() as u64 + 1) as usize) {
        Some(prefix) => format!("{prefix}:e{depth}"),
        None => format!("e{depth}"),
    };
    let mut attributes = String::new();
    for i in 0..rng.below(3) {
        let value = ["plain", "a&amp;b", "&lt;x&gt;", "q&quot;t", "tab&#9;nl&#10;"][rng.below(5) as usize];
        match scope.get(rng.below(scope.len() as u64 + 2) as usize) {
            // Distinct local names: two prefixes may be bound to one URI.
            Some(prefix) => attributes.push_str(&format!(" {prefix}:k{i}=\"{value}\"")),
            None => attributes.push_str(&format!(" k{i}=\"{value}\"")),
        }
    }
    out.push_str(&format!("<{name}{declarations}{attributes}>"));
    for _ in 0..rng.below(4) {
        match rng.below(6) {
            0 | 1 if depth < 4 => element(rng, depth + 1, &scope, out),
            2 => out.push_str("text &amp; more"),
            3 => out.push_str("<![CDATA[a<b>&c]]>"),
            4 => out.push_str("<?pi some data?>"),
            _ => out.push_str("\n  "),
        }
    }
    out.push_str(&format!("</{name}>"));
}

#[test]
fn generated_namespace_tangles_verify_as_libxml2_canonicalized_them() {
    let mut rng = Rng(0x5eed_0015);
    let methods = [(EXC, Some("xs")), (EXC, None), (C14N, None)];
    let mut checked = 0;
    for case in 0..36 {
        let mut fragment = String::new();
        for _ in 0..3 {
            element(&mut rng, 0, &[], &mut fragment);
        }
        let (c14n, prefix_list) = methods[case % methods.len()];
        let xml = Template { c14n, prefix_list, assertion_extra: fragment.clone(), ..Template::default() }.signed();
        let report = diagnose(&xml, &expectations());
        let signatures = &report.summary.as_ref().unwrap_or_else(|| panic!("case {case}: {:#?}\n{fragment}", report.findings)).signatures;
        assert_eq!(signatures.len(), 2);
        for s in signatures {
            assert!(matches!(s.crypto, Crypto::Verified { .. }), "case {case} ({c14n}), {}: {:?}\n{fragment}", s.signs, s.crypto);
        }
        checked += 1;
    }
    assert_eq!(checked, 36);
}
