//! A [`Document`] as one self-contained HTML file: no script, no image, no font, no style sheet
//! from anywhere else (the style is inside the file), so it opens the same from an email, a USB
//! stick or a ticket, fetches nothing, and prints cleanly to PDF from any browser.
//!
//! Every text goes through maud, which escapes it: a value from a paste or an IdP can never
//! become markup.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::document::{Block, Document, Tone};

/// The file's own style. Print rules: A4/Letter margins, values never split across pages, links
/// shown with their address (a printout cannot be clicked).
const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1f24; max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
.subtitle { color: #4a5361; margin: 0 0 1.5rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 1px solid #d5dae1; }
p { margin: 0.4rem 0; }
.note { border-left: 4px solid #2f5fb3; background: #eef3fb; padding: 0.5rem 0.75rem; margin: 0.6rem 0; border-radius: 4px; }
.note.caution { border-left-color: #8a5a00; background: #fff4dc; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { text-align: left; vertical-align: top; border: 1px solid #d5dae1; padding: 0.35rem 0.5rem; }
th { background: #f3f5f8; }
.values th { width: 34%; }
.value { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; overflow-wrap: anywhere; word-break: break-all; }
.hint { color: #4a5361; font-size: 0.9em; margin-top: 0.2rem; }
pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.8em; white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; border: 1px solid #d5dae1; padding: 0.6rem; border-radius: 4px; }
.fill { display: flex; gap: 0.5rem; margin: 0.9rem 0; }
.fill .line { flex: 1; border-bottom: 1px solid #1b1f24; min-height: 1.2em; }
.sources { font-size: 0.9em; color: #4a5361; }
.sources li { overflow-wrap: anywhere; }
footer { margin-top: 2rem; color: #4a5361; font-size: 0.85em; border-top: 1px solid #d5dae1; padding-top: 0.5rem; }
@page { margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr, .note, .fill, pre { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The document as HTML text.
pub fn render(doc: &Document) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // Nothing may load from anywhere: not even from the folder the file is in.
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'";
                title { (doc.title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { (doc.title) }
                @if let Some(subtitle) = &doc.subtitle { p.subtitle { (subtitle) } }
                @for section in &doc.sections {
                    section {
                        h2 { (section.heading) }
                        @for block in &section.blocks { (block_html(block)) }
                    }
                }
                @if !doc.sources.is_empty() {
                    section.sources {
                        h2 { "Sources" }
                        ul {
                            @for source in &doc.sources {
                                li { (source.title) ", " span.value { (source.url) } " (checked " (source.checked) ")" }
                            }
                        }
                    }
                }
                footer { (doc.footer) }
            }
        }
    };
    page.into_string()
}

fn block_html(block: &Block) -> Markup {
    html! {
        @match block {
            Block::Paragraph(text) => p { (text) },
            Block::Note { tone, text } => p class=(match tone { Tone::Caution => "note caution", Tone::Info => "note" }) { (text) },
            Block::Values(values) => table.values {
                @for v in values {
                    tr {
                        th scope="row" { (v.label) }
                        td {
                            div.value { (v.value) }
                            @if let Some(hint) = &v.hint { div.hint { (hint) } }
                        }
                    }
                }
            },
            Block::Steps(items) => ol { @for item in items { li { (item) } } },
            Block::Bullets(items) => ul { @for item in items { li { (item) } } },
            Block::FillIn(labels) => div {
                @for label in labels { div.fill { span { (label) } span.line {} } }
            },
            Block::Code(text) => pre { (text) },
            Block::Table { head, rows } => table {
                thead { tr { @for h in head { th scope="col" { (h) } } } }
                tbody { @for row in rows { tr { @for cell in row { td { (cell) } } } } }
            },
        }
    }
}
