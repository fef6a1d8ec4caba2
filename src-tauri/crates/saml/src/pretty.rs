//! An indented copy of the response XML for the UI, and where each element lands in it.
//!
//! Start tags are copied from the source (prefixes and namespace declarations as the IdP wrote
//! them), so the admin sees what was sent; only whitespace between elements changes. Text is
//! re-escaped from the parsed value.
//!
//! Written in one pass into one buffer sized from the input: start tags and text are copied in
//! runs between the characters that change, nothing is allocated per element.

#[cfg(test)]
mod reference;

use roxmltree::{Document, Node, NodeId};

use crate::finding::Location;
use crate::xml::{source_qname, xpath};

const INDENT: &str = "  ";

/// The pretty-printed text and the line range of every element in it.
pub(crate) struct Pretty {
    pub text: String,
    /// Indexed by `NodeId::get_usize()`: (first line, last line), 1-based.
    lines: Vec<Option<(u32, u32)>>,
}

impl Pretty {
    pub(crate) fn new(doc: &Document<'_>) -> Pretty {
        // Indentation and re-escaping add a little; collapsed whitespace takes a little away.
        let input = doc.input_text().len();
        let mut p = Pretty {
            text: String::with_capacity(input + input / 4 + 64),
            lines: Vec::new(),
        };
        let mut line = 1u32;
        p.element(doc.root_element(), 0, &mut line);
        p
    }

    /// Where `node` is, for a finding.
    pub(crate) fn locate(&self, node: Node<'_, '_>) -> Option<Location> {
        let (line_start, line_end) = self.lines.get(node.id().get_usize()).copied().flatten()?;
        Some(Location {
            xpath: xpath(node),
            line_start,
            line_end,
        })
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.text.push_str(INDENT);
        }
    }

    fn end_line(&mut self, line: &mut u32) {
        self.text.push('\n');
        *line += 1;
    }

    fn element(&mut self, node: Node<'_, '_>, depth: usize, line: &mut u32) {
        let first = *line;
        let qname = source_qname(node);
        let mut significant = node.children().filter(|c| is_significant(*c)).peekable();
        let empty = significant.peek().is_none();
        let only_text = significant.all(|c| c.is_text());
        self.indent(depth);
        push_start_tag(node, &mut self.text);
        if empty {
            self.push_end_tag(qname);
        } else if only_text {
            for c in node.children().filter(|c| is_significant(*c)) {
                escape(c.text().unwrap_or("").trim(), &mut self.text);
            }
            self.push_end_tag(qname);
        } else {
            self.end_line(line);
            for c in node.children().filter(|c| is_significant(*c)) {
                self.child(c, depth + 1, line);
            }
            self.indent(depth);
            self.push_end_tag(qname);
        }
        self.end_line(line);
        self.record(node.id(), first, *line - 1);
    }

    fn push_end_tag(&mut self, qname: &str) {
        self.text.push_str("</");
        self.text.push_str(qname);
        self.text.push('>');
    }

    fn child(&mut self, c: Node<'_, '_>, depth: usize, line: &mut u32) {
        if c.is_element() {
            self.element(c, depth, line);
            return;
        }
        if c.is_text() {
            self.indent(depth);
            escape(c.text().unwrap_or("").trim(), &mut self.text);
        } else if c.is_comment() {
            self.indent(depth);
            self.text.push_str("<!--");
            self.text.push_str(c.text().unwrap_or(""));
            self.text.push_str("-->");
        } else if let Some(pi) = c.pi() {
            self.indent(depth);
            self.text.push_str("<?");
            self.text.push_str(pi.target);
            if let Some(value) = pi.value {
                self.text.push(' ');
                self.text.push_str(value);
            }
            self.text.push_str("?>");
        } else {
            return;
        }
        self.end_line(line);
    }

    fn record(&mut self, id: NodeId, first: u32, last: u32) {
        let index = id.get_usize();
        if index >= self.lines.len() {
            self.lines.resize(index + 1, None);
        }
        self.lines[index] = Some((first, last));
    }
}

/// Whitespace-only text between elements is left out (the indentation replaces it).
fn is_significant(c: Node<'_, '_>) -> bool {
    !(c.is_text() && c.text().unwrap_or("").trim().is_empty())
}

/// Appends the start tag as written in the source, with runs of whitespace outside quotes
/// collapsed to one space, tabs and line breaks inside quotes made spaces, and a self-closing
/// `/>` turned into `>` (the end tag is written separately).
fn push_start_tag(node: Node<'_, '_>, out: &mut String) {
    let input = node.document().input_text();
    let source = input.get(node.range()).unwrap_or("");
    let bytes = source.as_bytes();
    let tag_start = out.len();
    let mut quote: Option<u8> = None;
    let mut last_space = false;
    // Source bytes from `copied` on are not yet in `out`.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            // Inside quotes: bytes of other characters never equal these ASCII ones.
            if b == b'\n' || b == b'\r' || b == b'\t' {
                out.push_str(&source[copied..i]);
                out.push(' ');
                copied = i + 1;
            } else if b == q {
                quote = None;
            }
            last_space = false;
            i += 1;
            continue;
        }
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            source[i..].chars().next().unwrap_or(' ')
        };
        if c == '"' || c == '\'' {
            quote = Some(b);
        } else if c.is_whitespace() {
            out.push_str(&source[copied..i]);
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            i += c.len_utf8();
            copied = i;
            continue;
        } else if c == '>' {
            out.push_str(&source[copied..i]);
            let tag = &out[tag_start..];
            let kept = tag.trim_end().trim_end_matches('/').trim_end().len();
            out.truncate(tag_start + kept);
            out.push('>');
            return;
        }
        last_space = false;
        i += c.len_utf8();
    }
    out.push_str(&source[copied..]);
}

/// Text re-escaped for display: `&`, `<` and `>`, copied in runs between them.
fn escape(text: &str, out: &mut String) {
    let mut copied = 0;
    for (i, b) in text.bytes().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(escaped);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_keeps_prefixes_and_maps_lines() {
        let xml = "<p:R xmlns:p=\"urn:p\"\n   ID=\"a>b\"><p:A><p:B>x &amp; y</p:B><p:C/></p:A><!--n--></p:R>";
        let doc = roxmltree::Document::parse(xml).unwrap();
        let pretty = Pretty::new(&doc);
        assert_eq!(
            pretty.text,
            "<p:R xmlns:p=\"urn:p\" ID=\"a>b\">\n  <p:A>\n    <p:B>x &amp; y</p:B>\n    <p:C></p:C>\n  </p:A>\n  <!--n-->\n</p:R>\n"
        );
        let c = doc.descendants().find(|n| n.has_tag_name(("urn:p", "C"))).unwrap();
        let loc = pretty.locate(c).unwrap();
        assert_eq!((loc.xpath.as_str(), loc.line_start, loc.line_end), ("/p:R/p:A/p:C", 4, 4));
        let a = doc.descendants().find(|n| n.has_tag_name(("urn:p", "A"))).unwrap();
        assert_eq!(pretty.locate(a).map(|l| (l.line_start, l.line_end)), Some((2, 5)));
    }
}
