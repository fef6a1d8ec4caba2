//! A [`Document`] as plain text, for an email body or a ticket: the same sections, values and
//! lists as the HTML file, in the same order.

use crate::document::{Block, Document, Tone};

pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str(&doc.title);
    out.push('\n');
    out.push_str(&"=".repeat(doc.title.chars().count()));
    out.push('\n');
    if let Some(subtitle) = &doc.subtitle {
        out.push_str(subtitle);
        out.push('\n');
    }
    for section in &doc.sections {
        // One blank line before a heading (each block already ends with one).
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&section.heading);
        out.push('\n');
        out.push_str(&"-".repeat(section.heading.chars().count()));
        out.push('\n');
        for block in &section.blocks {
            block_text(block, &mut out);
        }
    }
    if !doc.sources.is_empty() {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str("Sources\n-------\n");
        for source in &doc.sources {
            out.push_str(&format!("- {}, {} (checked {})\n", source.title, source.url, source.checked));
        }
    }
    out.push('\n');
    out.push_str(&doc.footer);
    out.push('\n');
    out
}

fn block_text(block: &Block, out: &mut String) {
    match block {
        Block::Paragraph(text) => {
            out.push_str(text);
            out.push('\n');
        }
        Block::Note { tone, text } => {
            let mark = match tone {
                Tone::Caution => "IMPORTANT: ",
                Tone::Info => "Note: ",
            };
            out.push_str(mark);
            out.push_str(text);
            out.push('\n');
        }
        Block::Values(values) => {
            for v in values {
                out.push_str(&format!("{}:\n    {}\n", v.label, v.value.replace('\n', "\n    ")));
                if let Some(hint) = &v.hint {
                    out.push_str(&format!("    ({hint})\n"));
                }
            }
        }
        Block::Steps(items) => {
            for (i, item) in items.iter().enumerate() {
                out.push_str(&format!("{}. {item}\n", i + 1));
            }
        }
        Block::Bullets(items) => {
            for item in items {
                out.push_str(&format!("- {item}\n"));
            }
        }
        Block::FillIn(labels) => {
            for label in labels {
                out.push_str(&format!("{label} ______________________\n"));
            }
        }
        Block::Code(text) => {
            for line in text.lines() {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
            }
        }
        Block::Table { head, rows } => {
            out.push_str(&head.join(" | "));
            out.push('\n');
            for row in rows {
                out.push_str(&row.join(" | "));
                out.push('\n');
            }
        }
    }
    out.push('\n');
}
