//! XML canonicalization of one element subtree, as XML Signature needs it.
//!
//! Supports Exclusive XML Canonicalization 1.0 (with and without comments, with an
//! `InclusiveNamespaces PrefixList`; <http://www.w3.org/TR/xml-exc-c14n/>) and, because a few IdPs
//! still use it, Canonical XML 1.0 (<http://www.w3.org/TR/2001/REC-xml-c14n-20010315>).
//! The input is a parsed roxmltree document: entities, character references, attribute-value
//! normalization and line endings are already resolved by the parser, as C14N requires; prefixes
//! are read back from the source text because roxmltree keeps only namespace URIs.

use std::collections::BTreeMap;

use roxmltree::{Node, NodeId};

use crate::xml::{attribute_qname, source_prefix};

pub(crate) const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
pub(crate) const EXC_C14N_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
pub(crate) const C14N_10: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
pub(crate) const C14N_10_COMMENTS: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// A canonicalization method this module implements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Method {
    pub exclusive: bool,
    pub with_comments: bool,
    /// Exclusive only: prefixes treated the inclusive way; `#default` means the default namespace.
    pub inclusive_prefixes: Vec<String>,
}

impl Method {
    /// The method named by an `Algorithm` URI, or `None` if it is not supported.
    pub(crate) fn from_uri(uri: &str, inclusive_prefixes: Vec<String>) -> Option<Method> {
        let (exclusive, with_comments) = match uri {
            EXC_C14N => (true, false),
            EXC_C14N_COMMENTS => (true, true),
            C14N_10 => (false, false),
            C14N_10_COMMENTS => (false, true),
            _ => return None,
        };
        let inclusive_prefixes = if exclusive { inclusive_prefixes } else { Vec::new() };
        Some(Method { exclusive, with_comments, inclusive_prefixes })
    }
}

/// Canonicalizes the subtree of `apex`, leaving out the subtree of `exclude` (the enveloped
/// signature), and returns the octets to digest or verify.
pub(crate) fn canonicalize(apex: Node<'_, '_>, method: &Method, exclude: Option<NodeId>) -> Vec<u8> {
    let mut out = String::new();
    let writer = Writer { method, exclude, apex: apex.id() };
    writer.element(apex, &BTreeMap::new(), &mut out);
    out.into_bytes()
}

struct Writer<'m> {
    method: &'m Method,
    exclude: Option<NodeId>,
    apex: NodeId,
}

impl Writer<'_> {
    /// `rendered` maps each prefix ("" for the default namespace) to the namespace the nearest
    /// output ancestor put in scope in the output.
    fn element(&self, node: Node<'_, '_>, rendered: &BTreeMap<String, String>, out: &mut String) {
        let qname = crate::xml::source_qname(node);
        out.push('<');
        out.push_str(qname);

        let declared = self.namespaces_to_render(node, rendered);
        let mut context = rendered.clone();
        for (prefix, uri) in &declared {
            if prefix.is_empty() {
                out.push_str(" xmlns=\"");
            } else {
                out.push_str(" xmlns:");
                out.push_str(prefix);
                out.push_str("=\"");
            }
            escape_attribute(uri, out);
            out.push('"');
            context.insert(prefix.clone(), uri.clone());
        }

        for (_, _, qname, value) in self.attributes(node) {
            out.push(' ');
            out.push_str(&qname);
            out.push_str("=\"");
            escape_attribute(&value, out);
            out.push('"');
        }
        out.push('>');

        for child in node.children() {
            if child.is_element() {
                if Some(child.id()) != self.exclude {
                    self.element(child, &context, out);
                }
            } else if child.is_text() {
                escape_text(child.text().unwrap_or(""), out);
            } else if child.is_comment() {
                if self.method.with_comments {
                    out.push_str("<!--");
                    out.push_str(child.text().unwrap_or(""));
                    out.push_str("-->");
                }
            } else if let Some(pi) = child.pi() {
                out.push_str("<?");
                out.push_str(pi.target);
                if let Some(value) = pi.value {
                    out.push(' ');
                    out.push_str(value);
                }
                out.push_str("?>");
            }
        }

        out.push_str("</");
        out.push_str(qname);
        out.push('>');
    }

    /// The namespace declarations this element carries in the output, sorted by prefix.
    fn namespaces_to_render(&self, node: Node<'_, '_>, rendered: &BTreeMap<String, String>) -> Vec<(String, String)> {
        let mut in_scope: BTreeMap<String, String> = BTreeMap::new();
        for ns in node.namespaces() {
            match ns.name() {
                Some("xml") => {}
                Some(prefix) => {
                    in_scope.insert(prefix.to_owned(), ns.uri().to_owned());
                }
                None => {
                    in_scope.insert(String::new(), ns.uri().to_owned());
                }
            }
        }
        let default_uri = in_scope.get("").cloned().unwrap_or_default();

        let mut candidates: Vec<String> = Vec::new();
        if self.method.exclusive {
            // Visibly utilized: the element's own prefix (or the default namespace) and the
            // prefixes of its attributes (unprefixed attributes use no namespace).
            candidates.push(source_prefix(node).unwrap_or("").to_owned());
            for attr in node.attributes() {
                let qname = attribute_qname(node, &attr);
                if let Some((prefix, _)) = qname.split_once(':') {
                    if prefix != "xml" {
                        candidates.push(prefix.to_owned());
                    }
                }
            }
            for prefix in &self.method.inclusive_prefixes {
                let prefix = if prefix == "#default" { "" } else { prefix.as_str() };
                if prefix.is_empty() || in_scope.contains_key(prefix) {
                    candidates.push(prefix.to_owned());
                }
            }
        } else {
            candidates.push(String::new());
            candidates.extend(in_scope.keys().filter(|k| !k.is_empty()).cloned());
        }
        candidates.sort();
        candidates.dedup();

        let mut result = Vec::new();
        for prefix in candidates {
            if prefix.is_empty() {
                let output_default = rendered.get("").map(String::as_str).unwrap_or("");
                if default_uri != output_default {
                    result.push((String::new(), default_uri.clone()));
                }
            } else if let Some(uri) = in_scope.get(&prefix) {
                if rendered.get(&prefix) != Some(uri) {
                    result.push((prefix, uri.clone()));
                }
            }
        }
        result
    }

    /// The attributes in canonical order (namespace URI, then local name), with their source
    /// qualified names. For inclusive C14N the apex also inherits `xml:*` attributes from its
    /// ancestors (C14N 1.0 §2.4), since those are outside the node-set.
    fn attributes(&self, node: Node<'_, '_>) -> Vec<(String, String, String, String)> {
        let mut attrs: Vec<(String, String, String, String)> = node
            .attributes()
            .map(|a| {
                (
                    a.namespace().unwrap_or("").to_owned(),
                    a.name().to_owned(),
                    attribute_qname(node, &a).to_owned(),
                    a.value().to_owned(),
                )
            })
            .collect();
        if !self.method.exclusive && node.id() == self.apex {
            for ancestor in node.ancestors().skip(1).filter(|n| n.is_element()) {
                for a in ancestor.attributes().filter(|a| a.namespace() == Some(XML_NS)) {
                    if !attrs.iter().any(|(ns, local, _, _)| ns == XML_NS && local == a.name()) {
                        attrs.push((XML_NS.to_owned(), a.name().to_owned(), format!("xml:{}", a.name()), a.value().to_owned()));
                    }
                }
            }
        }
        attrs.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        attrs
    }
}

fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            _ => out.push(c),
        }
    }
}

fn escape_attribute(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exc(xml: &str, with_comments: bool, prefixes: &[&str]) -> String {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let apex = doc.descendants().find(|n| n.is_element() && n.attribute("ID") == Some("x")).unwrap();
        let method = Method { exclusive: true, with_comments, inclusive_prefixes: prefixes.iter().map(|s| s.to_string()).collect() };
        String::from_utf8(canonicalize(apex, &method, None)).unwrap()
    }

    fn inc(xml: &str) -> String {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let apex = doc.descendants().find(|n| n.is_element() && n.attribute("ID") == Some("x")).unwrap();
        String::from_utf8(canonicalize(apex, &Method::from_uri(C14N_10, vec![]).unwrap(), None)).unwrap()
    }

    #[test]
    fn exclusive_renders_only_visibly_used_namespaces_once() {
        let cases: &[(&str, bool, &[&str], &str)] = &[
            // Unused ancestor namespace dropped, used one pulled down to the apex.
            ("<r xmlns:a='urn:a' xmlns:u='urn:u'><a:e ID='x'><a:f/></a:e></r>", false, &[],
                "<a:e xmlns:a=\"urn:a\" ID=\"x\"><a:f></a:f></a:e>"),
            // Namespaces before attributes; attributes sorted, no-namespace first; empty element expanded.
            ("<e ID='x' b='2' xmlns:z='urn:a' z:c='3' a='1'/>", false, &[],
                "<e xmlns:z=\"urn:a\" ID=\"x\" a=\"1\" b=\"2\" z:c=\"3\"></e>"),
            // Default namespace undeclared below a default-namespaced output ancestor.
            ("<e ID='x' xmlns='urn:d'><f xmlns=''/></e>", false, &[],
                "<e xmlns=\"urn:d\" ID=\"x\"><f xmlns=\"\"></f></e>"),
            // Comments only with the WithComments variant; text escaped.
            ("<e ID='x'><!--c-->a&amp;b&lt;&gt;<![CDATA[<z>]]></e>", false, &[], "<e ID=\"x\">a&amp;b&lt;&gt;&lt;z&gt;</e>"),
            ("<e ID='x'><!--c-->t</e>", true, &[], "<e ID=\"x\"><!--c-->t</e>"),
            // InclusiveNamespaces PrefixList keeps an unused prefix.
            ("<r xmlns:xs='urn:xs' xmlns:q='urn:q'><e ID='x'/></r>", false, &["xs"],
                "<e xmlns:xs=\"urn:xs\" ID=\"x\"></e>"),
            // Attribute values: quotes, tabs and newlines escaped (character references survive parsing).
            ("<e ID='x' v='a\"b&#9;c&#10;'/>", false, &[], "<e ID=\"x\" v=\"a&quot;b&#x9;c&#xA;\"></e>"),
        ];
        for (xml, comments, prefixes, expected) in cases {
            assert_eq!(exc(xml, *comments, prefixes), *expected, "input {xml}");
        }
    }

    #[test]
    fn inclusive_renders_all_in_scope_namespaces_and_inherited_xml_attributes() {
        assert_eq!(
            inc("<r xmlns:a='urn:a' xml:lang='en'><e ID='x'><f xmlns:a='urn:a'/></e></r>"),
            "<e xmlns:a=\"urn:a\" ID=\"x\" xml:lang=\"en\"><f></f></e>"
        );
    }

    #[test]
    fn leaves_out_the_excluded_subtree() {
        let doc = roxmltree::Document::parse("<e ID='x'><s><t/></s><k/></e>").unwrap();
        let s = doc.descendants().find(|n| n.has_tag_name("s")).unwrap();
        let out = canonicalize(doc.root_element(), &Method::from_uri(EXC_C14N, vec![]).unwrap(), Some(s.id()));
        assert_eq!(String::from_utf8(out).unwrap(), "<e ID=\"x\"><k></k></e>");
    }
}
