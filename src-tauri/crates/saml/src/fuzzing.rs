//! Entry points for the fuzz targets (`fuzz/` at the repository root), not for the app: the
//! canonicalizer is internal to signature checking, and fuzzing it directly reaches inputs a
//! whole diagnosis would stop earlier (a response without signatures never canonicalizes).

use crate::c14n::{self, Method};

/// The canonicalization algorithms the crate implements, by URI.
pub const ALGORITHMS: [&str; 4] = [c14n::EXC_C14N, c14n::EXC_C14N_COMMENTS, c14n::C14N_10, c14n::C14N_10_COMMENTS];

/// The canonical form of `xml`'s root element under `algorithm` (one of [`ALGORITHMS`]), or
/// `None` when the XML is refused (the same limits as a response), the algorithm unknown, or
/// the canonical form over its caps.
pub fn canonicalize_root(xml: &str, algorithm: &str, inclusive_prefixes: Vec<String>) -> Option<Vec<u8>> {
    let document = crate::xml::parse(xml).ok()?;
    let method = Method::from_uri(algorithm, inclusive_prefixes)?;
    c14n::canonicalize(document.root_element(), &method, None).ok()
}
