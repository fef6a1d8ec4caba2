//! The indented copy as it was built before it was written in one pass (a `String` per line
//! and per start tag), kept for tests only: the new one must give the same text and lines.

use roxmltree::{Document, Node, NodeId};

use crate::finding::Location;
use crate::xml::xpath;

/// The element's qualified name as the old `source_qname` read it (up to Unicode whitespace).
fn source_qname<'i>(node: Node<'_, 'i>) -> &'i str {
    let input = node.document().input_text();
    let start = node.range().start + 1;
    let rest = input.get(start..).unwrap_or("");
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(rest.len());
    &rest[..end]
}

const INDENT: &str = "  ";

/// The pretty-printed text and the line range of every element in it.
pub(super) struct Pretty {
    pub text: String,
    /// Indexed by `NodeId::get_usize()`: (first line, last line), 1-based.
    pub(super) lines: Vec<Option<(u32, u32)>>,
}

impl Pretty {
    pub(super) fn new(doc: &Document<'_>) -> Pretty {
        let mut p = Pretty {
            text: String::new(),
            lines: vec![None; doc.descendants().count() + 2],
        };
        let mut line = 1u32;
        p.element(doc.root_element(), 0, &mut line);
        p
    }

    /// Where `node` is, for a finding.
    pub(super) fn locate(&self, node: Node<'_, '_>) -> Option<Location> {
        let (line_start, line_end) = self.lines.get(node.id().get_usize()).copied().flatten()?;
        Some(Location {
            xpath: xpath(node),
            line_start,
            line_end,
        })
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
                out.push(if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                });
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
    use crate::generated_xml::{element, Rng};

    /// The same text, and the same lines for every element.
    fn assert_same_as_reference(xml: &str) {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let new = super::super::Pretty::new(&doc);
        let old = super::Pretty::new(&doc);
        assert_eq!(new.text, old.text, "{xml}");
        for node in doc.descendants() {
            let where_new = new.locate(node).map(|l| (l.line_start, l.line_end));
            let where_old = old.locate(node).map(|l| (l.line_start, l.line_end));
            assert_eq!(where_new, where_old, "{:?} in {xml}", node.range());
        }
    }

    #[test]
    fn the_one_pass_copy_is_the_old_copy_on_generated_documents() {
        let mut rng = Rng(0x9e77);
        let mut compared = 0;
        for _ in 0..600 {
            let mut xml = String::new();
            element(&mut rng, 0, &[], &mut xml);
            if roxmltree::Document::parse(&xml).is_ok() {
                assert_same_as_reference(&xml);
                compared += 1;
            }
        }
        assert!(compared > 300, "{compared} documents");
    }

    #[test]
    fn the_one_pass_copy_is_the_old_copy_on_the_captured_responses() {
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

    #[test]
    fn start_tags_with_odd_whitespace_are_copied_as_before() {
        for xml in [
            "<a\n\tb = 'x\ty'\r\n  c=\"1\"  /><!-- keep -->",
            "<r><a b='/'/><c d=\"a>b\"\n/><g h='\u{2028}'  ></g></r>",
            "<p:r xmlns:p='urn:p'>  text  <p:e/>  tail &amp; more  <?pi  v ?></p:r>",
            "<r>only &lt;text&gt; &amp; more</r>",
        ] {
            assert_same_as_reference(xml);
        }
    }
}
