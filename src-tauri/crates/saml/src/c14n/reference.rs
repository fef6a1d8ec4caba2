//! The canonicalizer as it was before it streamed into the digest (one `String` per subtree, a
//! SipHash map per scope, char-by-char helpers), kept for tests only: every optimisation of
//! [`super`] is checked to give the very same octets as this on generated and real documents.

use std::borrow::Cow;
use std::collections::HashMap;

use roxmltree::{Node, NodeId};

use super::{C14nError, Method, XML_NS};
use crate::limits::{MAX_CANONICAL_BYTES, MAX_INCLUSIVE_PREFIXES};

/// The canonical octets of `apex`'s subtree without `exclude`'s.
pub(crate) fn canonicalize(
    apex: Node<'_, '_>,
    method: &Method,
    exclude: Option<NodeId>,
) -> Result<Vec<u8>, C14nError> {
    if method.inclusive_prefixes.len() > MAX_INCLUSIVE_PREFIXES {
        return Err(C14nError::TooManyInclusivePrefixes {
            count: method.inclusive_prefixes.len(),
        });
    }
    let mut writer = Writer {
        method,
        exclude,
        apex: apex.id(),
        in_scope: Scope::default(),
        rendered: Scope::default(),
        out: String::new(),
        work: 0,
    };
    // The apex sees every namespace its ancestors declared: read them once, here. Below it only
    // each element's own declarations change the scope, so no element looks at more than that.
    for ns in apex.namespaces() {
        writer.work += 1;
        writer.in_scope.set(ns.name().unwrap_or(""), ns.uri());
    }
    for prefix in declared_prefixes(apex) {
        writer.work += 1;
        check_absolute(prefix, writer.in_scope.get(prefix).unwrap_or(""))?;
    }
    writer.element(apex, true)?;
    Ok(writer.out.into_bytes())
}

/// Prefix ("" for the default namespace) to namespace URI, with an undo log so that leaving an
/// element restores its parent's scope in time proportional to what the element changed.
#[derive(Default)]
struct Scope<'a> {
    map: HashMap<&'a str, &'a str>,
    undo: Vec<(&'a str, Option<&'a str>)>,
}

impl<'a> Scope<'a> {
    fn get(&self, prefix: &str) -> Option<&'a str> {
        self.map.get(prefix).copied()
    }

    fn set(&mut self, prefix: &'a str, uri: &'a str) {
        let old = self.map.insert(prefix, uri);
        self.undo.push((prefix, old));
    }

    fn mark(&self) -> usize {
        self.undo.len()
    }

    fn restore(&mut self, mark: usize) {
        while self.undo.len() > mark {
            let Some((prefix, old)) = self.undo.pop() else {
                break;
            };
            match old {
                Some(uri) => self.map.insert(prefix, uri),
                None => self.map.remove(prefix),
            };
        }
    }
}

struct Writer<'a, 'm> {
    method: &'m Method,
    exclude: Option<NodeId>,
    apex: NodeId,
    /// The namespaces in scope in the source at the element being written.
    in_scope: Scope<'a>,
    /// The namespaces the output has put in scope at the element being written (C14N's
    /// "nearest output ancestor"; every ancestor inside the apex is output).
    rendered: Scope<'a>,
    out: String,
    work: u64,
}

impl<'a> Writer<'a, '_> {
    fn element(&mut self, node: Node<'a, 'a>, is_apex: bool) -> Result<(), C14nError> {
        let scope_mark = self.in_scope.mark();
        let rendered_mark = self.rendered.mark();
        if !is_apex {
            self.enter_scope(node)?;
        }

        let qname = source_qname(node);
        self.out.push('<');
        self.out.push_str(qname);
        for (prefix, uri) in self.namespaces_to_render(node, is_apex) {
            if prefix.is_empty() {
                self.out.push_str(" xmlns=\"");
            } else {
                self.out.push_str(" xmlns:");
                self.out.push_str(prefix);
                self.out.push_str("=\"");
            }
            escape_attribute(uri, &mut self.out);
            self.out.push('"');
            self.rendered.set(prefix, uri);
        }
        for (_, _, qname, value) in self.attributes(node) {
            self.out.push(' ');
            self.out.push_str(&qname);
            self.out.push_str("=\"");
            escape_attribute(value, &mut self.out);
            self.out.push('"');
        }
        self.out.push('>');
        self.check_size()?;

        for child in node.children() {
            self.work += 1;
            if child.is_element() {
                if Some(child.id()) != self.exclude {
                    self.element(child, false)?;
                }
            } else if child.is_text() {
                escape_text(child.text().unwrap_or(""), &mut self.out);
            } else if child.is_comment() {
                if self.method.with_comments {
                    self.out.push_str("<!--");
                    self.out.push_str(child.text().unwrap_or(""));
                    self.out.push_str("-->");
                }
            } else if let Some(pi) = child.pi() {
                self.out.push_str("<?");
                self.out.push_str(pi.target);
                if let Some(value) = pi.value {
                    self.out.push(' ');
                    self.out.push_str(value);
                }
                self.out.push_str("?>");
            }
            self.check_size()?;
        }

        self.out.push_str("</");
        self.out.push_str(qname);
        self.out.push('>');
        self.in_scope.restore(scope_mark);
        self.rendered.restore(rendered_mark);
        Ok(())
    }

    fn check_size(&self) -> Result<(), C14nError> {
        if self.out.len() > MAX_CANONICAL_BYTES {
            return Err(C14nError::TooLarge);
        }
        Ok(())
    }

    /// Adds the element's own namespace declarations to the source scope. Only an element that
    /// declares something has its in-scope list read, so the cost is bounded by what the parser
    /// itself stored for it.
    fn enter_scope(&mut self, node: Node<'a, 'a>) -> Result<(), C14nError> {
        let declared = declared_prefixes(node);
        self.work += declared.len() as u64;
        if declared.is_empty() {
            return Ok(());
        }
        for ns in node.namespaces() {
            self.work += 1;
            let prefix = ns.name().unwrap_or("");
            if declared.contains(&prefix) {
                check_absolute(prefix, ns.uri())?;
                self.in_scope.set(prefix, ns.uri());
            }
        }
        Ok(())
    }

    /// The namespace declarations this element carries in the output, sorted by prefix.
    fn namespaces_to_render(
        &mut self,
        node: Node<'a, 'a>,
        is_apex: bool,
    ) -> Vec<(&'a str, &'a str)> {
        let mut candidates: Vec<(&'a str, &'a str)> = Vec::new();
        if self.method.exclusive {
            // Visibly utilized: the element's own prefix (or the default namespace) and the
            // prefixes of its attributes (unprefixed attributes use no namespace). Their URIs
            // come with the parsed names, so nothing is looked up.
            let element_prefix = source_prefix(node).unwrap_or("");
            candidates.push((element_prefix, node.tag_name().namespace().unwrap_or("")));
            for attr in node.attributes() {
                self.work += 1;
                if let Some((prefix, _)) = attribute_qname(node, &attr).split_once(':') {
                    if prefix != "xml" {
                        candidates.push((prefix, attr.namespace().unwrap_or("")));
                    }
                }
            }
            for prefix in &self.method.inclusive_prefixes {
                self.work += 1;
                if prefix == "#default" {
                    candidates.push(("", self.in_scope.get("").unwrap_or("")));
                } else if let Some((&declared, &uri)) =
                    self.in_scope.map.get_key_value(prefix.as_str())
                {
                    candidates.push((declared, uri));
                }
            }
        } else if is_apex {
            // Inclusive: the apex carries everything in scope.
            candidates.extend(self.in_scope.map.iter().map(|(p, u)| (*p, *u)));
        } else {
            // Inclusive, below the apex: the output parent carries everything in scope there, so
            // only what this element declares can differ.
            for prefix in declared_prefixes(node) {
                if let Some(uri) = self.in_scope.get(prefix) {
                    candidates.push((prefix, uri));
                }
            }
        }
        self.work += candidates.len() as u64;
        candidates.sort_unstable();
        candidates.dedup_by(|a, b| a.0 == b.0);
        candidates.retain(|(prefix, uri)| {
            if prefix.is_empty() {
                // `xmlns=""` only undoes a default namespace the output put in scope.
                *uri != self.rendered.get("").unwrap_or("")
            } else {
                self.rendered.get(prefix) != Some(*uri)
            }
        });
        candidates
    }

    /// The attributes in canonical order (namespace URI, then local name), with their source
    /// qualified names. For inclusive C14N the apex also inherits `xml:*` attributes from its
    /// ancestors (C14N 1.0 §2.4), since those are outside the node-set.
    fn attributes(&mut self, node: Node<'a, 'a>) -> Vec<(&'a str, &'a str, Cow<'a, str>, &'a str)> {
        let mut attrs: Vec<(&str, &str, Cow<'a, str>, &str)> = node
            .attributes()
            .map(|a| {
                (
                    a.namespace().unwrap_or(""),
                    a.name(),
                    Cow::Borrowed(attribute_qname(node, &a)),
                    a.value(),
                )
            })
            .collect();
        self.work += attrs.len() as u64;
        if !self.method.exclusive && node.id() == self.apex {
            for ancestor in node.ancestors().skip(1).filter(|n| n.is_element()) {
                for a in ancestor
                    .attributes()
                    .filter(|a| a.namespace() == Some(XML_NS))
                {
                    self.work += 1;
                    if !attrs
                        .iter()
                        .any(|(ns, local, _, _)| *ns == XML_NS && *local == a.name())
                    {
                        attrs.push((
                            XML_NS,
                            a.name(),
                            Cow::Owned(format!("xml:{}", a.name())),
                            a.value(),
                        ));
                    }
                }
            }
        }
        attrs.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        attrs
    }
}

/// Refuses a declaration whose URI is relative or not a URI at all. `xmlns=""` (undeclaring
/// the default namespace) is allowed.
fn check_absolute(prefix: &str, uri: &str) -> Result<(), C14nError> {
    if uri.is_empty() || is_absolute_uri(uri) {
        return Ok(());
    }
    let declaration = if prefix.is_empty() {
        "xmlns".to_owned()
    } else {
        format!("xmlns:{prefix}")
    };
    Err(C14nError::RelativeNamespace {
        declaration,
        uri: uri.to_owned(),
    })
}

/// RFC 3986: a scheme (a letter, then letters, digits, `+`, `-`, `.`), a colon, and only URI
/// characters (unreserved, reserved, or `%` with two hex digits).
fn is_absolute_uri(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.bytes();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c));
    let bytes = uri.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'%' {
            if !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c)) {
            return false;
        }
        i += 1;
    }
    scheme_ok
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

// The helpers of crate::xml as they were.

/// The element's qualified name as written in the source (`saml:Assertion`), which roxmltree
/// does not keep: it is read back from the start tag.
fn source_qname<'i>(node: Node<'_, 'i>) -> &'i str {
    let input = node.document().input_text();
    let start = node.range().start + 1;
    let rest = input.get(start..).unwrap_or("");
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The prefix of the element as written in the source, if any.
fn source_prefix<'i>(node: Node<'_, 'i>) -> Option<&'i str> {
    source_qname(node).split_once(':').map(|(prefix, _)| prefix)
}

/// The namespace prefixes the element declares in its own start tag (`""` for the default
/// namespace), read from the source because roxmltree only keeps the resulting in-scope list.
/// Costs the length of the start tag. `xmlns:xml` is left out: the parser does not record it.
fn declared_prefixes<'i>(node: Node<'_, 'i>) -> Vec<&'i str> {
    let input = node.document().input_text();
    let tag = input.get(node.range().start..).unwrap_or("");
    let mut rest = tag.get(1 + source_qname(node).len()..).unwrap_or("");
    let mut declared = Vec::new();
    // The document is already well-formed: names, `=`, then a quoted value, up to `/>` or `>`.
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('/') || rest.starts_with('>') {
            break;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..]
            .trim_start()
            .strip_prefix('=')
            .unwrap_or("")
            .trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(value_end) = rest[1..].find(quote) else {
            break;
        };
        rest = &rest[value_end + 2..];
        if name == "xmlns" {
            declared.push("");
        } else if let Some(prefix) = name.strip_prefix("xmlns:").filter(|p| *p != "xml") {
            declared.push(prefix);
        }
    }
    declared
}

/// The attribute's qualified name as written in the source (`xml:lang`).
fn attribute_qname<'i>(node: Node<'_, 'i>, attr: &roxmltree::Attribute<'_, 'i>) -> &'i str {
    node.document()
        .input_text()
        .get(attr.range_qname())
        .unwrap_or(attr.name())
}

#[cfg(test)]
mod tests {
    use super::super::{
        canonicalize, Method, C14N_10, C14N_10_COMMENTS, EXC_C14N, EXC_C14N_COMMENTS,
    };
    use crate::generated_xml::{element, Rng};

    fn methods() -> Vec<Method> {
        let mut methods = Vec::new();
        for uri in [EXC_C14N, EXC_C14N_COMMENTS, C14N_10, C14N_10_COMMENTS] {
            methods.push(Method::from_uri(uri, vec![]).unwrap());
        }
        for prefixes in [vec!["p"], vec!["#default", "q", "xsi"], vec!["absent"]] {
            methods.push(
                Method::from_uri(EXC_C14N, prefixes.into_iter().map(String::from).collect())
                    .unwrap(),
            );
        }
        methods
    }

    /// Every element of `xml` as apex, with no exclusion and with one of its element
    /// descendants left out, under every method: the same octets (or the same refusal).
    fn assert_same_as_reference(xml: &str) -> usize {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let mut compared = 0;
        for apex in doc.descendants().filter(|n| n.is_element()) {
            let excluded = apex
                .descendants()
                .skip(1)
                .filter(|n| n.is_element())
                .nth(1)
                .map(|n| n.id());
            for method in methods() {
                for exclude in [None, excluded] {
                    let new = canonicalize(apex, &method, exclude);
                    let old = super::canonicalize(apex, &method, exclude);
                    assert_eq!(
                        new,
                        old,
                        "{method:?}, exclude {exclude:?}, apex {:?} of {xml}",
                        apex.range()
                    );
                    compared += 1;
                }
            }
        }
        compared
    }

    #[test]
    fn the_streaming_canonicalizer_writes_what_the_string_one_wrote_on_generated_documents() {
        let mut rng = Rng(0x5eed);
        let (mut compared, mut refused) = (0, 0);
        for _ in 0..400 {
            let mut xml = String::new();
            element(&mut rng, 0, &[], &mut xml);
            let Ok(doc) = roxmltree::Document::parse(&xml) else {
                continue;
            };
            refused += usize::from(canonicalize(doc.root_element(), &methods()[0], None).is_err());
            compared += assert_same_as_reference(&xml);
        }
        assert!(compared > 10_000, "{compared} comparisons");
        assert!(
            refused > 5,
            "relative namespaces refused in {refused} documents"
        );
    }

    #[test]
    fn the_streaming_canonicalizer_writes_what_the_string_one_wrote_on_the_captured_responses() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/fixtures/idp/captured"
        );
        let mut files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "xml") {
                assert_same_as_reference(&std::fs::read_to_string(&path).unwrap());
                files += 1;
            }
        }
        assert!(files >= 5, "{files} captured responses");
    }

    /// Scopes past the size where they switch from a list to a hash map: thirty namespaces in
    /// scope, elements using twenty of them at once, redeclarations below.
    #[test]
    fn the_streaming_canonicalizer_writes_what_the_string_one_wrote_with_large_scopes() {
        let declarations: String = (0..30)
            .map(|i| format!(" xmlns:n{i}='urn:n:{i}'"))
            .collect();
        let many_attributes: String = (0..20).map(|i| format!(" n{i}:a='{i}'")).collect();
        let inner: String = (0..30)
            .map(|i| format!("<n{i}:c{many_attributes}><n{}:d xmlns:n{i}='urn:other:{i}' n{i}:b='x'><n{i}:e/></n{}:d></n{i}:c>", (i + 7) % 30, (i + 7) % 30))
            .collect();
        let xml = format!("<n0:r{declarations}><n1:s{many_attributes}>{inner}</n1:s></n0:r>");
        assert!(assert_same_as_reference(&xml) > 1000);
    }
}
