//! The checks of a parsed response against Flex's rules (FLEX-SSO-FACTS §5 and §7). Each
//! module checks one concern and adds findings to the shared [`Ctx`].

use roxmltree::Node;

use crate::expectations::Expectations;
use crate::finding::Finding;
use crate::pretty::Pretty;
use crate::report::Checked;
use crate::signature::SignatureSummary;
use crate::wording::Wording;

pub(crate) mod attributes;
pub(crate) mod audience;
pub(crate) mod destination;
pub(crate) mod issuer;
pub(crate) mod legacy;
pub(crate) mod signatures;
pub(crate) mod status;
pub(crate) mod structure;
pub(crate) mod subject;
pub(crate) mod validity;

/// What every check reads and writes.
pub(crate) struct Ctx<'a, 'i> {
    pub response: Node<'a, 'i>,
    /// The single assertion, once [`structure`] has found exactly one.
    pub assertion: Option<Node<'a, 'i>>,
    pub exp: &'a Expectations,
    pub wording: Wording<'a>,
    pub pretty: &'a Pretty,
    pub findings: Vec<Finding>,
    pub checked: Checked,
    pub signatures: Vec<SignatureSummary>,
}

impl<'a, 'i> Ctx<'a, 'i> {
    /// Adds `finding`, pointing at `node` when given.
    pub(crate) fn add(&mut self, finding: Finding, node: Option<Node<'_, '_>>) {
        let location = node.and_then(|n| self.pretty.locate(n));
        self.findings.push(finding.at(location));
    }
}

/// Runs every check in order; later checks rely on what [`structure`] found.
pub(crate) fn run_all(ctx: &mut Ctx<'_, '_>) {
    structure::check(ctx);
    status::check(ctx);
    signatures::check(ctx);
    issuer::check(ctx);
    audience::check(ctx);
    destination::check(ctx);
    subject::check(ctx);
    attributes::check(ctx);
    validity::check(ctx);
}

/// Describes how `received` differs from `expected` when the difference is easy to miss.
pub(crate) fn subtle_difference(expected: &str, received: &str) -> Option<&'static str> {
    if expected == received {
        None
    } else if expected.trim() == received.trim() {
        Some("They differ only in spaces at the start or end.")
    } else if expected.eq_ignore_ascii_case(received) {
        Some("They differ only in upper and lower case, which matters here.")
    } else if expected.trim_end_matches('/') == received.trim_end_matches('/') {
        Some("They differ only in a trailing slash (/), which matters here.")
    } else {
        None
    }
}

/// "expected X, received Y", with a remark when the difference is subtle.
pub(crate) fn expected_received(what: &str, expected: &str, received: &str) -> String {
    let mut s = format!("Flex expects the {what} \"{expected}\"; the response has \"{received}\".");
    if let Some(remark) = subtle_difference(expected, received) {
        s.push(' ');
        s.push_str(remark);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_out_differences_that_are_easy_to_miss() {
        let cases = [
            ("urn:flex:JQ1", "urn:flex:JQ1", None),
            ("urn:flex:JQ1", "urn:flex:JQ1 ", Some("They differ only in spaces at the start or end.")),
            ("urn:flex:JQ1", "URN:flex:jq1", Some("They differ only in upper and lower case, which matters here.")),
            ("https://a/b", "https://a/b/", Some("They differ only in a trailing slash (/), which matters here.")),
            ("https://a/b", "https://c", None),
        ];
        for (expected, received, remark) in cases {
            assert_eq!(subtle_difference(expected, received), remark, "{expected} vs {received}");
        }
    }
}
