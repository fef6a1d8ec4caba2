//! Parsing the response XML safely, and small helpers to walk it.

use roxmltree::{Document, Node, ParsingOptions};

use crate::limits::{
    MAX_NAMESPACE_DECLARATIONS, MAX_NAMESPACE_SCOPE_WORK, MAX_XML_ATTRIBUTES_PER_ELEMENT, MAX_XML_DEPTH, MAX_XML_NODES,
};

/// SAML 2.0 protocol namespace (saml-core-2.0-os §1.2).
pub(crate) const NS_SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
/// SAML 2.0 assertion namespace (saml-core-2.0-os §1.2).
pub(crate) const NS_SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
/// XML Signature namespace (xmldsig-core §4).
pub(crate) const NS_DS: &str = "http://www.w3.org/2000/09/xmldsig#";
/// Exclusive canonicalization namespace, for `InclusiveNamespaces` (xml-exc-c14n §3).
pub(crate) const NS_EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

/// Why the XML could not be read. `Display` is the message the admin reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    #[error("The response contains a document type declaration (DTD). SAML responses never do, and DTDs can be used for attacks, so it was not read.")]
    Dtd,
    #[error("The response has more than {MAX_XML_NODES} XML nodes, far more than a SAML response has.")]
    TooManyNodes,
    #[error("The response has more than {MAX_NAMESPACE_DECLARATIONS} XML namespace declarations (xmlns); a SAML response has a few dozen, so it was not read.")]
    TooManyNamespaces,
    #[error("The response declares XML namespaces on many elements that already have many in scope; a SAML response has a few in scope at a time, so it was not read.")]
    NamespacesTooTangled,
    #[error("An element of the response has {count} attributes; SAML elements have a handful (at most {MAX_XML_ATTRIBUTES_PER_ELEMENT} are read), so it was not read.")]
    TooManyAttributes { count: usize },
    #[error("The response nests elements {depth} levels deep; a SAML response nests about 8, so it was not read further.")]
    TooDeep { depth: usize },
    #[error("The response is not well-formed XML: {message} (line {line}, column {column}).")]
    Malformed { message: String, line: u32, column: u32 },
}

impl XmlError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            XmlError::Dtd => "xml_dtd",
            XmlError::TooManyNodes => "xml_too_many_nodes",
            XmlError::TooManyNamespaces => "xml_too_many_namespaces",
            XmlError::NamespacesTooTangled => "xml_namespaces_too_tangled",
            XmlError::TooManyAttributes { .. } => "xml_too_many_attributes",
            XmlError::TooDeep { .. } => "xml_too_deep",
            XmlError::Malformed { .. } => "xml_malformed",
        }
    }
}

/// Parses with DTDs refused and the node count capped, then refuses documents nested deeper
/// than [`MAX_XML_DEPTH`] so that every later walk may recurse.
pub(crate) fn parse(xml: &str) -> Result<Document<'_>, XmlError> {
    // Counted in the text, before the parser builds its per-element namespace lists.
    if xml.matches("xmlns").nth(MAX_NAMESPACE_DECLARATIONS).is_some() {
        return Err(XmlError::TooManyNamespaces);
    }
    if namespace_scope_work(xml) > MAX_NAMESPACE_SCOPE_WORK {
        return Err(XmlError::NamespacesTooTangled);
    }
    let count = flex_sso_xml_precheck::most_attributes_on_one_element(xml);
    if count > MAX_XML_ATTRIBUTES_PER_ELEMENT {
        return Err(XmlError::TooManyAttributes { count });
    }
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_XML_NODES, ..ParsingOptions::default() };
    let doc = Document::parse_with_options(xml, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => XmlError::Dtd,
        roxmltree::Error::NodesLimitReached => XmlError::TooManyNodes,
        other => {
            let pos = other.pos();
            let message = other.to_string();
            // roxmltree appends " at row:col"; the position is given separately.
            let message = message.split(" at ").next().unwrap_or(&message).to_owned();
            XmlError::Malformed { message, line: pos.row, column: pos.col }
        }
    })?;
    let depth = max_depth(&doc);
    if depth > MAX_XML_DEPTH {
        return Err(XmlError::TooDeep { depth });
    }
    Ok(doc)
}

/// An upper bound of the parser's work on namespace scopes, from one pass over the text. For
/// an element declaring `k` namespaces under `s` in scope, roxmltree 0.21 copies the parent's
/// list and checks each entry against the ones already copied: about s²/2 + k·s steps. The
/// in-scope count is over-estimated (a redeclared prefix counts twice), never under-estimated,
/// for a well-formed document; for anything else the parser's error comes next anyway.
fn namespace_scope_work(xml: &str) -> u64 {
    let bytes = xml.as_bytes();
    let mut in_scope: Vec<u64> = vec![0];
    let mut work: u64 = 0;
    let mut i = 0;
    let skip_past = |from: usize, end: &str| xml[from..].find(end).map_or(bytes.len(), |at| from + at + end.len());
    while let Some(at) = xml[i..].find('<') {
        let start = i + at;
        let rest = &xml[start..];
        if rest.starts_with("<!--") {
            i = skip_past(start + 4, "-->");
        } else if rest.starts_with("<![CDATA[") {
            i = skip_past(start + 9, "]]>");
        } else if rest.starts_with("<?") {
            i = skip_past(start + 2, "?>");
        } else if rest.starts_with("<!") {
            i = skip_past(start + 2, ">");
        } else if rest.starts_with("</") {
            if in_scope.len() > 1 {
                in_scope.pop();
            }
            i = skip_past(start + 2, ">");
        } else {
            // A start tag: up to the '>' outside quotes.
            let (mut j, mut quote, mut declared) = (start + 1, None, 0u64);
            while j < bytes.len() {
                match (bytes[j], quote) {
                    (b'"' | b'\'', None) => quote = Some(bytes[j]),
                    (c, Some(q)) if c == q => quote = None,
                    (b'>', None) => break,
                    (b'x', None) if xml[j..].starts_with("xmlns") && bytes[j - 1].is_ascii_whitespace() => declared += 1,
                    _ => {}
                }
                j += 1;
            }
            let parent = in_scope.last().copied().unwrap_or(0);
            if declared > 0 {
                work = work.saturating_add(parent.saturating_mul(parent) / 2 + declared.saturating_mul(parent));
            }
            if bytes.get(j.wrapping_sub(1)) != Some(&b'/') {
                in_scope.push(parent + declared);
            }
            i = (j + 1).min(bytes.len());
        }
        if i >= bytes.len() {
            break;
        }
    }
    work
}

/// The deepest element nesting, computed without recursion (nodes come in document order, so a
/// parent's depth is known before its children's).
fn max_depth(doc: &Document<'_>) -> usize {
    let mut depth = vec![0usize; doc.descendants().count() + 2];
    let mut max = 0;
    for node in doc.descendants() {
        let d = node.parent().map_or(0, |p| depth.get(p.id().get_usize()).copied().unwrap_or(0) + 1);
        if let Some(slot) = depth.get_mut(node.id().get_usize()) {
            *slot = d;
        }
        max = max.max(d);
    }
    max
}

/// Whether `node` is the element `{ns}local`.
pub(crate) fn is(node: Node<'_, '_>, ns: &str, local: &str) -> bool {
    node.is_element() && node.tag_name().name() == local && node.tag_name().namespace() == Some(ns)
}

/// The child elements named `{ns}local`.
pub(crate) fn children<'a, 'i>(node: Node<'a, 'i>, ns: &'static str, local: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(move |c| is(*c, ns, local))
}

/// The first child element named `{ns}local`.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, ns: &'static str, local: &'static str) -> Option<Node<'a, 'i>> {
    children(node, ns, local).next()
}

/// All text inside an element, trimmed (SAML values are whitespace-insensitive at their ends).
pub(crate) fn text(node: Node<'_, '_>) -> String {
    node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect::<String>().trim().to_owned()
}

/// The element's qualified name as written in the source (`saml:Assertion`), which roxmltree
/// does not keep: it is read back from the start tag, where it ends at XML whitespace, `/` or
/// `>` (all ASCII, so the bytes are scanned; a name may hold non-ASCII characters, such as
/// U+1680, that Unicode calls whitespace and XML does not).
pub(crate) fn source_qname<'i>(node: Node<'_, 'i>) -> &'i str {
    let input = node.document().input_text();
    let start = node.range().start + 1;
    let rest = input.get(start..).unwrap_or("");
    let end = rest.bytes().position(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>')).unwrap_or(rest.len());
    &rest[..end]
}

/// The namespace prefixes the element declares in its own start tag (`""` for the default
/// namespace), read from the source because roxmltree only keeps the resulting in-scope list.
/// `xmlns:xml` is left out: the parser does not record it. Declarations sit between the
/// attributes, whose positions the parser kept, so only those gaps are read: an element without
/// declarations costs one look per attribute.
pub(crate) fn declared_prefixes<'i>(node: Node<'_, 'i>) -> Vec<&'i str> {
    let input = node.document().input_text();
    let mut cursor = node.range().start + 1 + source_qname(node).len();
    let mut declared = Vec::new();
    for attr in node.attributes() {
        let range = attr.range();
        declarations_in(input.get(cursor..range.start).unwrap_or(""), &mut declared);
        cursor = range.end;
    }
    declarations_in(input.get(cursor..).unwrap_or(""), &mut declared);
    declared
}

/// The prefixes declared in `rest`, a part of a start tag holding only whitespace and namespace
/// declarations, up to its end or to the `/>` or `>` that closes the tag.
fn declarations_in<'i>(mut rest: &'i str, declared: &mut Vec<&'i str>) {
    // The document is already well-formed: names, `=`, then a quoted value, up to `/>` or `>`.
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('/') || rest.starts_with('>') {
            break;
        }
        let name_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start().strip_prefix('=').unwrap_or("").trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else { break };
        let Some(value_end) = rest[1..].find(quote) else { break };
        rest = &rest[value_end + 2..];
        if name == "xmlns" {
            declared.push("");
        } else if let Some(prefix) = name.strip_prefix("xmlns:").filter(|p| *p != "xml") {
            declared.push(prefix);
        }
    }
}

/// The attribute's qualified name as written in the source (`xml:lang`).
pub(crate) fn attribute_qname<'i>(node: Node<'_, 'i>, attr: &roxmltree::Attribute<'_, 'i>) -> &'i str {
    node.document().input_text().get(attr.range_qname()).unwrap_or(attr.name())
}

/// A readable path to the element with the source prefixes, and a position where siblings
/// share the name: `/samlp:Response/saml:Assertion/saml:AttributeStatement/saml:Attribute[2]`.
pub(crate) fn xpath(node: Node<'_, '_>) -> String {
    let mut steps = Vec::new();
    for n in node.ancestors().filter(|n| n.is_element()) {
        let name = source_qname(n);
        let same: Vec<_> = n
            .parent()
            .map(|p| p.children().filter(|c| c.is_element() && c.tag_name() == n.tag_name()).collect())
            .unwrap_or_default();
        if same.len() > 1 {
            let pos = same.iter().position(|c| c.id() == n.id()).map_or(1, |p| p + 1);
            steps.push(format!("{name}[{pos}]"));
        } else {
            steps.push(name.to_owned());
        }
    }
    steps.reverse();
    format!("/{}", steps.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dtds_and_deep_documents_with_codes() {
        let dtd = "<!DOCTYPE r [<!ENTITY a \"x\">]><r>&a;</r>";
        assert_eq!(parse(dtd).unwrap_err().code(), "xml_dtd");
        let deep = format!("{}{}", "<a>".repeat(MAX_XML_DEPTH + 5), "</a>".repeat(MAX_XML_DEPTH + 5));
        let err = parse(&deep).unwrap_err();
        assert_eq!(err, XmlError::TooDeep { depth: MAX_XML_DEPTH + 5 });
        let bad = parse("<a><b></a>").unwrap_err();
        assert_eq!(bad.code(), "xml_malformed");
        assert!(bad.to_string().starts_with("The response is not well-formed XML: "), "{bad}");
    }

    #[test]
    fn reads_source_prefixes_and_builds_paths() {
        let doc = parse("<p:R xmlns:p='urn:x' xmlns:q='urn:y'><q:A/><q:A><q:B x='1'/></q:A></p:R>").unwrap();
        let b = doc.descendants().find(|n| n.tag_name().name() == "B").unwrap();
        assert_eq!(source_qname(b), "q:B");
        assert_eq!(xpath(b), "/p:R/q:A[2]/q:B");
    }

    #[test]
    fn a_name_ends_at_xml_whitespace_only() {
        // U+1680 is a name character in XML although Unicode calls it whitespace.
        let doc = parse("<p:a\u{1680}b xmlns:p='urn:p'\n x='1'><c\t/></p:a\u{1680}b>").unwrap();
        let names: Vec<&str> = doc.descendants().filter(|n| n.is_element()).map(source_qname).collect();
        assert_eq!(names, ["p:a\u{1680}b", "c"]);
    }

    #[test]
    fn reads_the_namespaces_an_element_declares_itself() {
        let doc = parse("<r xmlns='urn:d' xmlns:a=\"urn:a\" b='x>y' xmlns:xml='http://www.w3.org/XML/1998/namespace'><a:e a:v=\"1\" xmlns:c = 'urn:\"c'/><f/></r>").unwrap();
        let by_name = |name: &str| doc.descendants().find(|n| n.tag_name().name() == name).unwrap();
        assert_eq!(declared_prefixes(by_name("r")), ["", "a"]);
        assert_eq!(declared_prefixes(by_name("e")), ["c"]);
        assert_eq!(declared_prefixes(by_name("f")), Vec::<&str>::new());
        // Before, between and after attributes, with any spacing.
        let doc = parse("<r xmlns:a='urn:a' a:x='1'\n  xmlns='urn:d' y = \"2\" xmlns:b=\"urn:b\"\t/>").unwrap();
        assert_eq!(declared_prefixes(doc.root_element()), ["a", "", "b"]);
    }

    #[test]
    fn refuses_namespaces_declared_under_many_others_before_the_parser_copies_them() {
        // 2000 on the root, then 2000 children declaring one each: both under the count cap.
        let root: String = (0..2000).map(|i| format!(" xmlns:n{i}='urn:n:{i}'")).collect();
        let children: String = (0..2000).map(|i| format!("<m{i}:c xmlns:m{i}='urn:m:{i}'/>")).collect();
        let err = parse(&format!("<r{root}>{children}</r>")).unwrap_err();
        assert_eq!((err.code(), err.to_string().as_str()), ("xml_namespaces_too_tangled", "The response declares XML namespaces on many elements that already have many in scope; a SAML response has a few in scope at a time, so it was not read."));
        // The estimate follows nesting, quotes, comments and CDATA: siblings do not add up.
        assert_eq!(namespace_scope_work("<r xmlns:a='1' xmlns:b='2'><c xmlns:d='>'/><!-- <e xmlns:f='3'> --><g xmlns:h='4'></g></r>"), 2 * (2 + 2));
        assert_eq!(namespace_scope_work("<r xmlns:a='1'><c><![CDATA[<x xmlns:y='2'>]]><d xmlns:e='3'/></c></r>"), 1);
        // Okta's shape: two declarations on each of 200 attribute values, a few in scope.
        let okta: String = (0..200).map(|_| "<v xmlns:xs='urn:xs' xmlns:xsi='urn:xsi' xsi:type='xs:string'>g</v>").collect();
        let okta = format!("<r xmlns:a='urn:a' xmlns:b='urn:b' xmlns:c='urn:c'><s>{okta}</s></r>");
        assert!(namespace_scope_work(&okta) < 10_000);
        assert!(parse(&okta).is_ok());
    }

    #[test]
    fn refuses_more_namespace_declarations_than_a_response_has() {
        let decls: String = (0..MAX_NAMESPACE_DECLARATIONS).map(|i| format!(" xmlns:n{i}='urn:n{i}'")).collect();
        assert!(parse(&format!("<r{decls}/>")).is_ok());
        let err = parse(&format!("<r{decls} xmlns:one-more='urn:x'/>")).unwrap_err();
        assert_eq!((err.code(), err.to_string().as_str()), ("xml_too_many_namespaces", "The response has more than 4096 XML namespace declarations (xmlns); a SAML response has a few dozen, so it was not read."));
    }
}
