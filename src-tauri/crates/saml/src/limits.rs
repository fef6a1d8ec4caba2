//! Size and shape caps for hostile input. A real SAML response is a few KB (Entra ID with a
//! hundred group claims stays under 100 KB), so these leave ample room while keeping a pasted
//! or captured monster from costing memory or time.

/// The pasted text (base64, form body, URL or XML).
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;
/// The XML after base64 decoding and inflating.
pub const MAX_XML_BYTES: usize = 2 * 1024 * 1024;
/// XML nodes (elements, texts, comments…); a large real response has a few hundred.
pub const MAX_XML_NODES: u32 = 100_000;
/// Element nesting; a SAML response nests about 8 deep. Also bounds every recursive walk here.
pub const MAX_XML_DEPTH: usize = 64;
/// Namespace declarations (`xmlns` written anywhere in the XML, counted before parsing). A real
/// response declares a few dozen (Okta repeats two on every attribute value); the parser copies
/// the in-scope list for each element that declares one, so many declarations under many others
/// would cost memory in proportion to their product.
pub const MAX_NAMESPACE_DECLARATIONS: usize = 4096;
/// What the parser spends on namespace scopes, estimated from the text before parsing: an
/// element that declares a namespace gets its own copy of the in-scope list, built in time
/// quadratic in the parent's list, so 2000 declarations on the root and 2000 declaring children
/// cost about 4·10^9 steps although both stay under [`MAX_NAMESPACE_DECLARATIONS`]. Okta's two
/// declarations on each of a hundred attribute values cost a few thousand.
pub const MAX_NAMESPACE_SCOPE_WORK: u64 = 1_000_000;
/// The canonical form of one signed element. Canonical XML is about as long as the source, but
/// Exclusive C14N repeats a namespace declaration on each element that uses it when its parent
/// does not, so a crafted response could multiply a long namespace URI by every sibling.
pub const MAX_CANONICAL_BYTES: usize = 4 * MAX_XML_BYTES;
/// Prefixes in an `InclusiveNamespaces PrefixList`; each is looked at on every element. IdPs
/// list one or two (Okta: `xs`).
pub const MAX_INCLUSIVE_PREFIXES: usize = 32;
/// Attributes on one element (namespace declarations aside); SAML elements carry a handful.
/// Checked before parsing, because the parser's duplicate check grows with the square of this.
pub const MAX_XML_ATTRIBUTES_PER_ELEMENT: usize = 256;
