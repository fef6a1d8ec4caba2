//! Safe XML parsing: refuses DTDs (so no entity expansion, no external entities), caps nodes and
//! nesting depth, and explains web pages and JSON that arrive where metadata was expected.

use roxmltree::{Document, Node, ParsingOptions};

use crate::error::InputError;
use crate::limits::Limits;

/// Parses `text` as XML under `limits`. `text` must already be size-checked and BOM-free.
pub fn parse_document<'a>(text: &'a str, limits: &Limits) -> Result<Document<'a>, InputError> {
    if looks_like_html(text) {
        // Checked before the DOCTYPE rule: `<!DOCTYPE html>` is a web page (a login page or an
        // error page at a wrong URL), not an attack, and the admin must be told so.
        return Err(InputError::NotMetadata {
            described: "This is a web page (HTML), probably a sign-in or error page rather than the metadata address".to_owned(),
        });
    }
    // roxmltree accepts an empty `<!DOCTYPE x>`; real metadata never has one, so any DOCTYPE is
    // refused. A literal "<!DOCTYPE" can only be markup, a comment or CDATA (in text it would be
    // escaped), none of which metadata needs.
    if contains_ignore_ascii_case(text, "<!DOCTYPE") {
        return Err(InputError::DtdForbidden);
    }
    let count = flex_sso_xml_precheck::most_attributes_on_one_element(text);
    if count > limits.max_attributes {
        return Err(InputError::TooManyAttributes { count, limit: limits.max_attributes });
    }
    let options = ParsingOptions { allow_dtd: false, nodes_limit: limits.max_nodes, ..ParsingOptions::default() };
    let document = Document::parse_with_options(text, options).map_err(|e| map_error(&e, limits))?;
    if deeper_than(document.root(), limits.max_depth) {
        return Err(InputError::TooDeep { limit: limits.max_depth });
    }
    Ok(document)
}

fn map_error(error: &roxmltree::Error, limits: &Limits) -> InputError {
    match error {
        roxmltree::Error::DtdDetected => InputError::DtdForbidden,
        roxmltree::Error::NodesLimitReached => InputError::TooManyNodes { limit: limits.max_nodes },
        other => {
            let pos = other.pos();
            let reason = other.to_string().replace(&format!(" at {pos}"), "");
            InputError::MalformedXml { line: pos.row, column: pos.col, reason }
        }
    }
}

/// Iterative walk (no recursion, so no stack overflow on hostile nesting).
fn deeper_than(root: Node<'_, '_>, limit: usize) -> bool {
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > limit {
            return true;
        }
        stack.extend(node.children().filter(Node::is_element).map(|child| (child, depth + 1)));
    }
    false
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    haystack.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(512).collect::<String>().to_ascii_lowercase();
    let head = head.trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || (head.starts_with("<!--") && head.contains("<html"))
}

/// Describes a root element that is not metadata, in words an admin recognizes.
pub fn describe_foreign_root(node: Node<'_, '_>) -> String {
    let name = node.tag_name().name();
    let ns = node.tag_name().namespace().unwrap_or("");
    match (name, ns) {
        ("Response", "urn:oasis:names:tc:SAML:2.0:protocol") => {
            "This is a SAML response (what the IdP sends at sign-in)".to_owned()
        }
        ("Assertion", "urn:oasis:names:tc:SAML:2.0:assertion") => "This is a SAML assertion".to_owned(),
        ("AuthnRequest", "urn:oasis:names:tc:SAML:2.0:protocol") => "This is a SAML sign-in request".to_owned(),
        ("html", _) => "This is a web page (HTML)".to_owned(),
        _ => format!("This is an XML document of another kind (it starts with <{name}>)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> InputError {
        parse_document(text, &Limits::default()).unwrap_err()
    }

    #[test]
    fn refuses_dangerous_and_foreign_xml() {
        let cases: &[(&str, &str)] = &[
            ("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "xml_dtd_forbidden"),
            ("<!DOCTYPE x><x/>", "xml_dtd_forbidden"),
            ("<?xml version=\"1.0\"?>\n<!doctype x><x/>", "xml_dtd_forbidden"),
            ("<!DOCTYPE html><html><body>Sign in</body></html>", "not_metadata"),
            ("  <html><head></head></html>", "not_metadata"),
            ("<a><b></a>", "xml_malformed"),
            ("<a>&unknown;</a>", "xml_malformed"),
        ];
        for (input, code) in cases {
            assert_eq!(err(input).code(), *code, "input {input:?}");
        }
        assert_eq!(err("<a>\n<b></a>").to_string(), "The XML is damaged at line 2, column 4: expected 'b' tag, not 'a'.");
    }

    #[test]
    fn depth_and_node_limits() {
        let limits = Limits { max_depth: 5, max_nodes: 50, ..Limits::default() };
        let deep = format!("{}{}", "<a>".repeat(7), "</a>".repeat(7));
        assert_eq!(parse_document(&deep, &limits).unwrap_err(), InputError::TooDeep { limit: 5 });
        let ok = format!("{}{}", "<a>".repeat(5), "</a>".repeat(5));
        assert!(parse_document(&ok, &limits).is_ok());
        let wide = format!("<r>{}</r>", "<a/>".repeat(60));
        assert_eq!(parse_document(&wide, &limits).unwrap_err(), InputError::TooManyNodes { limit: 50 });
    }
}
