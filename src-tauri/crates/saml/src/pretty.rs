//! An indented copy of the response XML for the UI, and where each element lands in it.
//!
//! Start tags are copied from the source (prefixes and namespace declarations as the IdP wrote
//! them), so the admin sees what was sent; only whitespace between elements changes. Text is
//! re-escaped from the parsed value.

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
        let mut p = Pretty { text: String::new(), lines: vec![None; doc.descendants().count() + 2] };
        let mut line = 1u32;
        p.element(doc.root_element(), 0, &mut line);
        p
    }

    /// Where `node` is, for a finding.
    pub(crate) fn locate(&self, node: Node<'_, '_>) -> Option<Location> {
        let (line_start, line_end) = self.lines.get(node.id().get_usize()).copied().flatten()?;
        Some(Location { xpath: xpath(node), line_start, line_end })
    }

    fn push_line(&mut self, depth: usize, content: &str, line: &mut u32) {
        for _ in 0..depth {
            self.text.push_str(INDENT);
        }
        self.text.push_str(content);
        self.text.push('\n');
        *line += 1;
    }

    fn element(&mut self, node: Node<'_, '_>, depth: usize, line: &mut u32) {
        let first = *line;
        let start_tag = start_tag(node);
        let qname = source_qname(node);
        let significant: Vec<Node<'_, '_>> = node
            .children()
            .filter(|c| !(c.is_text() && c.text().unwrap_or("").trim().is_empty()))
            .collect();
        let only_text = significant.iter().all(|c| c.is_text());
        if significant.is_empty() {
            self.push_line(depth, &format!("{start_tag}</{qname}>"), line);
        } else if only_text {
            let mut content = String::new();
            for c in &significant {
                escape(c.text().unwrap_or("").trim(), &mut content);
            }
            self.push_line(depth, &format!("{start_tag}{content}</{qname}>"), line);
        } else {
            self.push_line(depth, &start_tag, line);
            for c in significant {
                self.child(c, depth + 1, line);
            }
            self.push_line(depth, &format!("</{qname}>"), line);
        }
        self.record(node.id(), first, *line - 1);
    }

    fn child(&mut self, c: Node<'_, '_>, depth: usize, line: &mut u32) {
        if c.is_element() {
            self.element(c, depth, line);
        } else if c.is_text() {
            let mut content = String::new();
            escape(c.text().unwrap_or("").trim(), &mut content);
            self.push_line(depth, &content, line);
        } else if c.is_comment() {
            self.push_line(depth, &format!("<!--{}-->", c.text().unwrap_or("")), line);
        } else if let Some(pi) = c.pi() {
            let value = pi.value.map(|v| format!(" {v}")).unwrap_or_default();
            self.push_line(depth, &format!("<?{}{value}?>", pi.target), line);
        }
    }

    fn record(&mut self, id: NodeId, first: u32, last: u32) {
        if let Some(slot) = self.lines.get_mut(id.get_usize()) {
            *slot = Some((first, last));
        }
    }
}

/// The start tag as written in the source, with runs of whitespace outside quotes collapsed and
/// a self-closing `/>` turned into `>` (the end tag is written separately).
fn start_tag(node: Node<'_, '_>) -> String {
    let input = node.document().input_text();
    let source = input.get(node.range()).unwrap_or("");
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut last_space = false;
    for c in source.chars() {
        match quote {
            Some(q) => {
                out.push(if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c });
                if c == q {
                    quote = None;
                }
            }
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                } else if c.is_whitespace() {
                    if !last_space {
                        out.push(' ');
                    }
                    last_space = true;
                    continue;
                } else if c == '>' {
                    let trimmed = out.trim_end().trim_end_matches('/').trim_end().len();
                    out.truncate(trimmed);
                    out.push('>');
                    return out;
                }
                out.push(c);
            }
        }
        last_space = false;
    }
    out
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
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
