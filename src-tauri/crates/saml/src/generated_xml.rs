//! Random XML for the tests that compare a rewritten writer with the one it replaced: namespace
//! declarations (some relative), redeclarations and undeclared defaults, prefixed and `xml:`
//! attributes, whitespace inside and outside quotes, text with escapes, CDATA, comments, PIs.
//! Deterministic: a fixed seed gives the same documents on every run.

/// A small linear congruential generator: the same documents on every run.
pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

const PREFIXES: [&str; 4] = ["p", "q", "r", "xsi"];
const URIS: [&str; 4] = [
    "urn:x:1",
    "urn:x:2",
    "http://example.com/ns?a=1&amp;b=%20#f",
    "http://www.w3.org/2001/XMLSchema-instance",
];
const VALUES: [&str; 8] = [
    "plain",
    "a&amp;b",
    "&lt;x&gt;",
    "q&quot;t",
    "tab&#9;nl&#10;cr&#13;",
    "é ü ∑",
    "",
    "raw\ttab\nline  end ",
];
const TEXTS: [&str; 9] = [
    "t",
    "a&amp;b&lt;c&gt;d",
    "\n  ",
    "cr&#13;lf",
    "<![CDATA[<z>&]]>",
    "<!--c-->",
    "<?pi data?>",
    "∑ é",
    "  padded\ttext \n",
];

/// One element with random declarations (some relative, which C14N refuses), prefixed and
/// `xml:` attributes, text, comments, PIs and children.
pub(crate) fn element(rng: &mut Rng, depth: usize, scope: &[&'static str], out: &mut String) {
    let mut scope = scope.to_vec();
    let mut start = String::new();
    for prefix in PREFIXES {
        if rng.below(4) == 0 {
            let uri = if rng.below(40) == 0 {
                "relative"
            } else {
                URIS[rng.below(URIS.len())]
            };
            start.push_str(&format!(" xmlns:{prefix}=\"{uri}\""));
            if !scope.contains(&prefix) {
                scope.push(prefix);
            }
        }
    }
    match rng.below(6) {
        0 => start.push_str(" xmlns=\"urn:d:1\""),
        1 => start.push_str(" xmlns=\"\""),
        _ => {}
    }
    let name = match scope.get(rng.below(scope.len() + 1)) {
        Some(prefix) => format!("{prefix}:e{depth}"),
        None => format!("e{depth}"),
    };
    for i in 0..rng.below(4) {
        let value = VALUES[rng.below(VALUES.len())];
        match scope.get(rng.below(scope.len() + 3)) {
            Some(prefix) => start.push_str(&format!("\n\t{prefix}:k{i}='{value}'")),
            None if rng.below(3) == 0 => start.push_str(&format!(" xml:lang=\"{value}\"")),
            None => start.push_str(&format!(" k{i} = \"{value}\"")),
        }
    }
    // Declarations after the attributes too, where only the gaps between them are read.
    if rng.below(5) == 0 {
        start.push_str(" xmlns:late=\"urn:late\"");
    }
    if start.contains("xml:lang") && start.matches("xml:lang").count() > 1 {
        start = start.replacen(" xml:lang=", " xml:space=", 1);
    }
    out.push_str(&format!("<{name}{start}"));
    if depth >= 5 || rng.below(4) == 0 {
        out.push_str(["/>", " />", "\n  />"][rng.below(3)]);
        return;
    }
    out.push('>');
    for _ in 0..rng.below(5) {
        if rng.below(2) == 0 {
            out.push_str(TEXTS[rng.below(TEXTS.len())]);
        } else {
            element(rng, depth + 1, &scope, out);
        }
    }
    out.push_str(&format!("</{name}>"));
}
