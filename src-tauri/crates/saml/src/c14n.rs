//! XML canonicalization of one element subtree, as XML Signature needs it.
//!
//! Supports Exclusive XML Canonicalization 1.0 (with and without comments, with an
//! `InclusiveNamespaces PrefixList`; <http://www.w3.org/TR/xml-exc-c14n/>) and, because a few IdPs
//! still use it, Canonical XML 1.0 (<http://www.w3.org/TR/2001/REC-xml-c14n-20010315>).
//! The input is a parsed roxmltree document: entities, character references, attribute-value
//! normalization and line endings are already resolved by the parser, as C14N requires; prefixes
//! are read back from the source text because roxmltree keeps only namespace URIs.
//!
//! Cost: linear in the subtree. A hostile response can put thousands of namespaces in scope of
//! every element; rebuilding that scope per element is quadratic. So the scope in the source and
//! the scope the output has rendered are carried down the walk (with an undo log for the way
//! back up), the apex reads its in-scope list once, and below it an element looks only at the
//! prefixes it uses and the declarations in its own start tag. What stays costly by the rules
//! themselves is capped (see [`C14nError`]).
//!
//! The octets go to a [`Sink`]: a digest streams them (a 1 MB assertion is hashed without being
//! held), SignedInfo is collected to be verified. Per element the writer allocates nothing: the
//! namespace and attribute lists are buffers it reuses, text is copied in runs between the
//! characters to escape, and small scopes need no hashing (see [`scope`]).

#[cfg(test)]
mod reference;
mod scope;

use roxmltree::{Node, NodeId};

use crate::limits::{MAX_CANONICAL_BYTES, MAX_INCLUSIVE_PREFIXES};
use crate::xml::{attribute_qname, declared_prefixes, source_qname};
use scope::Scope;

pub(crate) const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
pub(crate) const EXC_C14N_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
pub(crate) const C14N_10: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
pub(crate) const C14N_10_COMMENTS: &str =
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

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
        let inclusive_prefixes = if exclusive {
            inclusive_prefixes
        } else {
            Vec::new()
        };
        Some(Method {
            exclusive,
            with_comments,
            inclusive_prefixes,
        })
    }
}

/// Why a subtree was not canonicalized. Each is a shape no identity provider writes, built to
/// make canonicalization cost far more than reading the response did.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum C14nError {
    /// Exclusive canonicalization repeats a namespace declaration on every element that uses it
    /// when its parent does not, so a long namespace URI used by many siblings multiplies.
    #[error("its canonical form would be larger than {} MiB (the response itself is at most {} MiB), so it is a crafted response, not one an identity provider signed", MAX_CANONICAL_BYTES / (1024 * 1024), crate::limits::MAX_XML_BYTES / (1024 * 1024))]
    TooLarge,
    /// C14N 1.0 §2 (and Exclusive C14N with it) requires an operation failure on a document
    /// with relative namespace URIs; libxml2 (so xmlsec1) refuses them, and so does this.
    #[error("it declares the namespace {declaration} as \"{uri}\", which is not an absolute URI, and Canonical XML refuses documents with such namespaces")]
    RelativeNamespace { declaration: String, uri: String },
    /// Every listed prefix is looked at on every element.
    #[error("its InclusiveNamespaces PrefixList names {count} prefixes; identity providers list one or two, and more than {MAX_INCLUSIVE_PREFIXES} are not accepted")]
    TooManyInclusivePrefixes { count: usize },
}

/// Where canonical octets go, in order.
pub(crate) trait Sink {
    fn write(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn write(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// The canonical octets and the work it took (one unit per node, attribute and namespace looked
/// at), so tests can prove the cost stays linear without timing anything.
#[derive(Debug)]
pub(crate) struct Canonical {
    pub bytes: Vec<u8>,
    #[cfg_attr(not(test), allow(dead_code))] // read by the cost tests
    pub work: u64,
}

/// Canonicalizes the subtree of `apex`, leaving out the subtree of `exclude` (the enveloped
/// signature), and returns the octets to digest or verify.
pub(crate) fn canonicalize(
    apex: Node<'_, '_>,
    method: &Method,
    exclude: Option<NodeId>,
) -> Result<Vec<u8>, C14nError> {
    canonicalize_counted(apex, method, exclude).map(|c| c.bytes)
}

/// [`canonicalize`], also returning the work units spent.
pub(crate) fn canonicalize_counted(
    apex: Node<'_, '_>,
    method: &Method,
    exclude: Option<NodeId>,
) -> Result<Canonical, C14nError> {
    let mut bytes = Vec::new();
    let work = canonicalize_into(apex, method, exclude, &mut bytes)?;
    Ok(Canonical { bytes, work })
}

/// [`canonicalize`] into `sink`, returning the work units spent. On an error the sink holds a
/// part of the octets, to be thrown away.
pub(crate) fn canonicalize_into<S: Sink>(
    apex: Node<'_, '_>,
    method: &Method,
    exclude: Option<NodeId>,
    sink: &mut S,
) -> Result<u64, C14nError> {
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
        out: Vec::with_capacity(FLUSH_AT + 4096),
        flushed: 0,
        sink,
        work: 0,
        namespaces: Vec::new(),
        attributes: Vec::new(),
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
    writer.flush();
    Ok(writer.work)
}

/// The writer hands its octets to the sink in pieces of about this size: big enough that a
/// digest runs over whole runs of blocks, small enough to stay in cache.
const FLUSH_AT: usize = 16 * 1024;

/// An attribute as it is written: `qname_prefix` (`xml:` for an inherited `xml:*` attribute of
/// Canonical XML's apex, else empty) and `qname` as in the source, sorted by (`ns`, `local`).
struct Attribute<'a> {
    ns: &'a str,
    local: &'a str,
    qname_prefix: &'static str,
    qname: &'a str,
    value: &'a str,
}

struct Writer<'a, 'm, 's, S: Sink> {
    method: &'m Method,
    exclude: Option<NodeId>,
    apex: NodeId,
    /// The namespaces in scope in the source at the element being written.
    in_scope: Scope<'a>,
    /// The namespaces the output has put in scope at the element being written (C14N's
    /// "nearest output ancestor"; every ancestor inside the apex is output).
    rendered: Scope<'a>,
    /// Octets not yet handed to the sink.
    out: Vec<u8>,
    /// Octets already handed to the sink.
    flushed: usize,
    sink: &'s mut S,
    work: u64,
    /// Reused for each start tag (emptied before the children are written).
    namespaces: Vec<(&'a str, &'a str)>,
    attributes: Vec<Attribute<'a>>,
}

impl<'a, S: Sink> Writer<'a, '_, '_, S> {
    fn element(&mut self, node: Node<'a, 'a>, is_apex: bool) -> Result<(), C14nError> {
        let scope_mark = self.in_scope.mark();
        let rendered_mark = self.rendered.mark();
        if !is_apex {
            self.enter_scope(node)?;
        }

        let qname = source_qname(node);
        self.out.push(b'<');
        self.out.extend_from_slice(qname.as_bytes());
        self.write_namespaces(node, qname, is_apex);
        self.write_attributes(node);
        self.out.push(b'>');
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
                    self.out.extend_from_slice(b"<!--");
                    self.out
                        .extend_from_slice(child.text().unwrap_or("").as_bytes());
                    self.out.extend_from_slice(b"-->");
                }
            } else if let Some(pi) = child.pi() {
                self.out.extend_from_slice(b"<?");
                self.out.extend_from_slice(pi.target.as_bytes());
                if let Some(value) = pi.value {
                    self.out.push(b' ');
                    self.out.extend_from_slice(value.as_bytes());
                }
                self.out.extend_from_slice(b"?>");
            }
            self.check_size()?;
        }

        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(qname.as_bytes());
        self.out.push(b'>');
        self.in_scope.restore(scope_mark);
        self.rendered.restore(rendered_mark);
        Ok(())
    }

    /// Refuses an output past the cap, and hands what is written so far to the sink.
    fn check_size(&mut self) -> Result<(), C14nError> {
        if self.flushed + self.out.len() > MAX_CANONICAL_BYTES {
            return Err(C14nError::TooLarge);
        }
        if self.out.len() >= FLUSH_AT {
            self.flush();
        }
        Ok(())
    }

    fn flush(&mut self) {
        self.sink.write(&self.out);
        self.flushed += self.out.len();
        self.out.clear();
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

    /// Writes the namespace declarations this element carries in the output, sorted by prefix,
    /// and records them as rendered.
    fn write_namespaces(&mut self, node: Node<'a, 'a>, qname: &'a str, is_apex: bool) {
        let mut candidates = std::mem::take(&mut self.namespaces);
        if self.method.exclusive {
            // Visibly utilized: the element's own prefix (or the default namespace) and the
            // prefixes of its attributes (unprefixed attributes use no namespace). Their URIs
            // come with the parsed names, so nothing is looked up.
            let element_prefix = qname.split_once(':').map_or("", |(prefix, _)| prefix);
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
                } else if let Some(binding) = self.in_scope.get_entry(prefix) {
                    candidates.push(binding);
                }
            }
        } else if is_apex {
            // Inclusive: the apex carries everything in scope.
            self.in_scope.bindings(&mut candidates);
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
        if candidates.len() > 1 {
            candidates.sort_unstable();
            candidates.dedup_by(|a, b| a.0 == b.0);
        }
        for &(prefix, uri) in &candidates {
            let already = if prefix.is_empty() {
                // `xmlns=""` only undoes a default namespace the output put in scope.
                uri == self.rendered.get("").unwrap_or("")
            } else {
                self.rendered.get(prefix) == Some(uri)
            };
            if already {
                continue;
            }
            if prefix.is_empty() {
                self.out.extend_from_slice(b" xmlns=\"");
            } else {
                self.out.extend_from_slice(b" xmlns:");
                self.out.extend_from_slice(prefix.as_bytes());
                self.out.extend_from_slice(b"=\"");
            }
            escape_attribute(uri, &mut self.out);
            self.out.push(b'"');
            self.rendered.set(prefix, uri);
        }
        candidates.clear();
        self.namespaces = candidates;
    }

    /// Writes the attributes in canonical order (namespace URI, then local name), with their
    /// source qualified names. For inclusive C14N the apex also inherits `xml:*` attributes from
    /// its ancestors (C14N 1.0 §2.4), since those are outside the node-set.
    fn write_attributes(&mut self, node: Node<'a, 'a>) {
        let mut attrs = std::mem::take(&mut self.attributes);
        attrs.extend(node.attributes().map(|a| Attribute {
            ns: a.namespace().unwrap_or(""),
            local: a.name(),
            qname_prefix: "",
            qname: attribute_qname(node, &a),
            value: a.value(),
        }));
        self.work += attrs.len() as u64;
        if !self.method.exclusive && node.id() == self.apex {
            for ancestor in node.ancestors().skip(1).filter(|n| n.is_element()) {
                for a in ancestor
                    .attributes()
                    .filter(|a| a.namespace() == Some(XML_NS))
                {
                    self.work += 1;
                    if !attrs.iter().any(|b| b.ns == XML_NS && b.local == a.name()) {
                        attrs.push(Attribute {
                            ns: XML_NS,
                            local: a.name(),
                            qname_prefix: "xml:",
                            qname: a.name(),
                            value: a.value(),
                        });
                    }
                }
            }
        }
        if attrs.len() > 1 {
            attrs.sort_unstable_by(|a, b| (a.ns, a.local).cmp(&(b.ns, b.local)));
        }
        for attr in &attrs {
            self.out.push(b' ');
            self.out.extend_from_slice(attr.qname_prefix.as_bytes());
            self.out.extend_from_slice(attr.qname.as_bytes());
            self.out.extend_from_slice(b"=\"");
            escape_attribute(attr.value, &mut self.out);
            self.out.push(b'"');
        }
        attrs.clear();
        self.attributes = attrs;
    }
}

/// Refuses a declaration whose URI is relative or not a URI at all. `xmlns=""` (undeclaring
/// the default namespace) is allowed.
fn check_absolute(prefix: &str, uri: &str) -> Result<(), C14nError> {
    if uri.is_empty() || is_absolute_uri(uri) {
        return Ok(());
    }
    let declaration = if prefix.is_empty() { "xmlns".to_owned() } else { format!("xmlns:{prefix}") };
    Err(C14nError::RelativeNamespace { declaration, uri: uri.to_owned() })
}

/// RFC 3986: a scheme (a letter, then letters, digits, `+`, `-`, `.`), a colon, and only URI
/// characters (unreserved, reserved, or `%` with two hex digits).
fn is_absolute_uri(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else { return false };
    let mut scheme_chars = scheme.bytes();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c));
    let bytes = uri.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'%' {
            if !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)) {
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

/// Text as C14N writes it. Only ASCII characters are replaced, so the text is copied in runs
/// between them (a UTF-8 continuation byte never equals an ASCII one).
fn escape_text(text: &str, out: &mut Vec<u8>) {
    escape(text, out, |b| match b {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'>' => Some(b"&gt;"),
        b'\r' => Some(b"&#xD;"),
        _ => None,
    });
}

/// An attribute value (or namespace URI) as C14N writes it.
fn escape_attribute(value: &str, out: &mut Vec<u8>) {
    escape(value, out, |b| match b {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'"' => Some(b"&quot;"),
        b'\t' => Some(b"&#x9;"),
        b'\n' => Some(b"&#xA;"),
        b'\r' => Some(b"&#xD;"),
        _ => None,
    });
}

fn escape(text: &str, out: &mut Vec<u8>, replacement: impl Fn(u8) -> Option<&'static [u8]>) {
    let bytes = text.as_bytes();
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(escaped) = replacement(b) {
            out.extend_from_slice(&bytes[run_start..i]);
            out.extend_from_slice(escaped);
            run_start = i + 1;
        }
    }
    out.extend_from_slice(&bytes[run_start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exc(xml: &str, with_comments: bool, prefixes: &[&str]) -> String {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let apex = doc.descendants().find(|n| n.is_element() && n.attribute("ID") == Some("x")).unwrap();
        let method = Method { exclusive: true, with_comments, inclusive_prefixes: prefixes.iter().map(|s| s.to_string()).collect() };
        String::from_utf8(canonicalize(apex, &method, None).unwrap()).unwrap()
    }

    fn inc(xml: &str) -> String {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let apex = doc.descendants().find(|n| n.is_element() && n.attribute("ID") == Some("x")).unwrap();
        String::from_utf8(canonicalize(apex, &Method::from_uri(C14N_10, vec![]).unwrap(), None).unwrap()).unwrap()
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
            // A namespace URI is escaped like an attribute value (C14N 1.0 §2.3; libxml2 does not).
            ("<e ID='x' xmlns:a='urn:a?b=1&amp;c=2'><a:f/></e>", false, &[], "<e ID=\"x\"><a:f xmlns:a=\"urn:a?b=1&amp;c=2\"></a:f></e>"),
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
        let out = canonicalize(doc.root_element(), &Method::from_uri(EXC_C14N, vec![]).unwrap(), Some(s.id())).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "<e ID=\"x\"><k></k></e>");
    }

    #[test]
    fn a_redeclared_prefix_holds_only_inside_the_element_that_redeclares_it() {
        let xml = "<r xmlns:a='urn:1' xmlns='urn:d'><e ID='x'><a:f xmlns:a='urn:2'><a:g/></a:f><a:h/><k xmlns=''><m/></k><n/></e></r>";
        assert_eq!(
            exc(xml, false, &[]),
            "<e xmlns=\"urn:d\" ID=\"x\"><a:f xmlns:a=\"urn:2\"><a:g></a:g></a:f><a:h xmlns:a=\"urn:1\"></a:h><k xmlns=\"\"><m></m></k><n></n></e>"
        );
        assert_eq!(
            inc(xml),
            "<e xmlns=\"urn:d\" xmlns:a=\"urn:1\" ID=\"x\"><a:f xmlns:a=\"urn:2\"><a:g></a:g></a:f><a:h></a:h><k xmlns=\"\"><m></m></k><n></n></e>"
        );
        // A PrefixList prefix is rendered where it comes into scope and again where it changes.
        assert_eq!(
            exc("<e ID='x'><f xmlns:xs='urn:1'><g/><h xmlns:xs='urn:2'/></f></e>", false, &["xs"]),
            "<e ID=\"x\"><f xmlns:xs=\"urn:1\"><g></g><h xmlns:xs=\"urn:2\"></h></f></e>"
        );
    }

    /// 20 000 namespaces declared on the root and 99 990 empty elements (about 1.3 MB): the old
    /// writer built a map of all 20 000 for each element (2·10^9 entries); this one looks at each
    /// namespace once at the apex and then only at what each element itself uses or declares.
    #[test]
    fn many_namespaces_in_scope_cost_linear_work() {
        let declarations: String = (0..20_000).map(|i| format!(" xmlns:n{i}='urn:n:{i}'")).collect();
        let elements = "<n7:a/>".repeat(99_990);
        let xml = format!("<r{declarations}><e ID='x'>{elements}</e></r>");
        assert!(xml.len() < 2 * 1024 * 1024);
        let doc = roxmltree::Document::parse_with_options(&xml, roxmltree::ParsingOptions { nodes_limit: 200_000, ..Default::default() }).unwrap();
        let apex = doc.root_element().first_element_child().unwrap();
        let size_of_input = (20_000 + 99_990) as u64;
        for uri in [EXC_C14N, C14N_10] {
            let out = canonicalize_counted(apex, &Method::from_uri(uri, vec![]).unwrap(), None).unwrap();
            assert!(out.work <= 8 * size_of_input, "{uri}: {} work units for {size_of_input} declarations and elements", out.work);
            assert!(out.work >= size_of_input, "{uri}: the counter counts ({})", out.work);
            eprintln!("{uri}: {} work units for 20 000 declarations and 99 990 elements (the old writer: about 2·10^9 map entries)", out.work);
            let text = String::from_utf8(out.bytes).unwrap();
            let expected_children = if uri == EXC_C14N {
                "<n7:a xmlns:n7=\"urn:n:7\"></n7:a>".repeat(99_990)
            } else {
                "<n7:a></n7:a>".repeat(99_990)
            };
            assert!(text.ends_with(&format!("{expected_children}</e>")), "{uri}");
            assert_eq!(text.matches("xmlns:").count(), if uri == EXC_C14N { 99_990 } else { 20_000 }, "{uri}");
        }
    }

    /// The one cost that is not linear: an element that declares a namespace has its in-scope
    /// list read (the parser built that list for it, at a higher cost still). Under N
    /// declarations, M declaring elements cost N·M here; `xml::parse` refuses documents whose
    /// parser cost would pass `MAX_NAMESPACE_SCOPE_WORK`, which bounds this too.
    #[test]
    fn declaring_elements_under_many_namespaces_cost_in_scope_times_declaring() {
        let declarations: String = (0..300).map(|i| format!(" xmlns:n{i}='urn:n:{i}'")).collect();
        let children: String = (0..300).map(|i| format!("<m{i}:c xmlns:m{i}='urn:m:{i}'/>")).collect();
        let xml = format!("<r{declarations}><e ID='x'>{children}</e></r>");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let apex = doc.root_element().first_element_child().unwrap();
        let out = canonicalize_counted(apex, &Method::from_uri(EXC_C14N, vec![]).unwrap(), None).unwrap();
        assert!(out.work <= 301 * 300 + 8 * 600, "{} work units", out.work);
        assert!(out.work >= 300 * 300, "the counter counts the in-scope lists read ({})", out.work);
        assert!(String::from_utf8(out.bytes).unwrap().ends_with("<m299:c xmlns:m299=\"urn:m:299\"></m299:c></e>"));
    }

    #[test]
    fn a_canonical_form_that_would_multiply_a_long_namespace_is_refused() {
        // Exclusive C14N repeats xmlns:a on every child (their parent does not use it): 1 MiB
        // times 100 children would be 100 MiB of output from a 1 MiB input.
        let uri = format!("urn:{}", "a".repeat(1024 * 1024));
        let xml = format!("<r xmlns:a='{uri}'><e ID='x'>{}</e></r>", "<a:x/>".repeat(100));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let apex = doc.root_element().first_element_child().unwrap();
        let err = canonicalize(apex, &Method::from_uri(EXC_C14N, vec![]).unwrap(), None).unwrap_err();
        assert_eq!(err, C14nError::TooLarge);
        assert_eq!(err.to_string(), "its canonical form would be larger than 8 MiB (the response itself is at most 2 MiB), so it is a crafted response, not one an identity provider signed");
        // Inclusive C14N declares it once, at the apex: fine.
        assert!(canonicalize(apex, &Method::from_uri(C14N_10, vec![]).unwrap(), None).is_ok());
    }

    #[test]
    fn relative_namespace_uris_are_an_operation_failure_as_c14n_requires() {
        let method = Method::from_uri(EXC_C14N, vec![]).unwrap();
        let cases = [
            ("<e ID='x'><f xmlns:xs='http;//www.w3.org/2001/XMLSchema'/></e>", "xmlns:xs", "http;//www.w3.org/2001/XMLSchema"),
            ("<e ID='x' xmlns='relative/path'/>", "xmlns", "relative/path"),
            ("<e ID='x'><f xmlns:a='urn:a`b'/></e>", "xmlns:a", "urn:a`b"),
        ];
        for (xml, declaration, uri) in cases {
            let doc = roxmltree::Document::parse(xml).unwrap();
            let err = canonicalize(doc.root_element(), &method, None).unwrap_err();
            assert_eq!(err, C14nError::RelativeNamespace { declaration: declaration.into(), uri: uri.into() }, "{xml}");
        }
        // Absolute URIs, percent escapes and an undeclared default are fine; an ancestor's
        // declarations outside the subtree are not this subtree's (libxml2 does the same).
        let xml = "<e ID='x' xmlns:a='urn:oasis:names:tc:SAML:2.0:assertion' xmlns:b='http://h/%20?q#f'><f xmlns=''/></e>";
        let doc = roxmltree::Document::parse(xml).unwrap();
        assert!(canonicalize(doc.root_element(), &method, None).is_ok(), "{xml}");
        let doc = roxmltree::Document::parse("<r xmlns:z='rel'><e ID='x'/></r>").unwrap();
        assert!(canonicalize(doc.root_element().first_element_child().unwrap(), &method, None).is_ok());
    }

    #[test]
    fn a_prefix_list_longer_than_any_idp_writes_is_refused() {
        let doc = roxmltree::Document::parse("<e ID='x'/>").unwrap();
        let prefixes: Vec<String> = (0..=MAX_INCLUSIVE_PREFIXES).map(|i| format!("p{i}")).collect();
        let err = canonicalize(doc.root_element(), &Method::from_uri(EXC_C14N, prefixes).unwrap(), None).unwrap_err();
        assert_eq!(err, C14nError::TooManyInclusivePrefixes { count: MAX_INCLUSIVE_PREFIXES + 1 });
    }
}
