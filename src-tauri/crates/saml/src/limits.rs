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
/// Attributes on one element (namespace declarations aside); SAML elements carry a handful.
/// Checked before parsing, because the parser's duplicate check grows with the square of this.
pub const MAX_XML_ATTRIBUTES_PER_ELEMENT: usize = 256;
