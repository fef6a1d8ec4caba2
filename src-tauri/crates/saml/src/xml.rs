//! Parsing the response XML safely, and small helpers to walk it.

use roxmltree::{Document, Node, ParsingOptions};

use crate::limits::{MAX_XML_ATTRIBUTES_PER_ELEMENT, MAX_XML_DEPTH, MAX_XML_NODES};

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
            XmlError::TooManyAttributes { .. } => "xml_too_many_attributes",
            XmlError::TooDeep { .. } => "xml_too_deep",
            XmlError::Malformed { .. } => "xml_malformed",
        }
    }
}

/// Parses with DTDs refused and the node count capped, then refuses documents nested deeper
/// than [`MAX_XML_DEPTH`] so that every later walk may recurse.
pub(crate) fn parse(xml: &str) -> Result<Document<'_>, XmlError> {
    let count = most_attributes_on_one_element(xml);
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

/// The most attributes on one element (namespace declarations aside), counted before parsing:
/// each `=` outside quotes inside a `<…>`. roxmltree checks every new attribute against all the
/// earlier ones of its element, so thousands on one element cost millions of comparisons (100,000
/// took minutes); counting first keeps that bounded. Comments and CDATA can only over-count.
pub(crate) fn most_attributes_on_one_element(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut most = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        let (mut count, mut quote) = (0, None);
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => break,
                None if b == b'=' => {
                    let before = text[..i].trim_end();
                    let name_start = before.rfind(|c: char| c.is_whitespace() || c == '<').map_or(0, |p| p + 1);
                    if !before[name_start..].starts_with("xmlns") {
                        count += 1;
                    }
                }
                None => {}
            }
            i += 1;
        }
        most = most.max(count);
    }
    most
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
/// does not keep: it is read back from the start tag.
pub(crate) fn source_qname<'i>(node: Node<'_, 'i>) -> &'i str {
    let input = node.document().input_text();
    let start = node.range().start + 1;
    let rest = input.get(start..).unwrap_or("");
    let end = rest.find(|c: char| c.is_whitespace() || c == '/' || c == '>').unwrap_or(rest.len());
    &rest[..end]
}

/// The prefix of the element as written in the source, if any.
pub(crate) fn source_prefix<'i>(node: Node<'_, 'i>) -> Option<&'i str> {
    source_qname(node).split_once(':').map(|(prefix, _)| prefix)
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
        assert_eq!(source_prefix(b), Some("q"));
        assert_eq!(xpath(b), "/p:R/q:A[2]/q:B");
    }
}
