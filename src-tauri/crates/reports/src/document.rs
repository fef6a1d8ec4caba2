//! One content, two renderings. A report is built once as a [`Document`] (sections of
//! paragraphs, notes, values, lists and blank lines to fill in) and then written as a
//! self-contained HTML file ([`crate::html`]) or as plain text ([`crate::text`]); so "Copy as
//! email text" can never say something the file does not.

use flex_sso_facts::catalog::Sourced;
use flex_sso_facts::sources::Source;
use flex_sso_facts::Fact;

/// A whole report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The file's title (the HTML `<title>` and the first line of the text).
    pub title: String,
    /// One line under the title: who it is for, or what it is about.
    pub subtitle: Option<String>,
    pub sections: Vec<Section>,
    /// The pages the facts in this document come from, in the order first used.
    pub sources: Vec<&'static Source>,
    /// "Prepared with Flex SSO Migrator 0.1.0 on 1 December 2026".
    pub footer: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// How a note reads: something to be careful about, or plain information.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Caution,
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    Note { tone: Tone, text: String },
    /// Values to type or paste somewhere: the field's name there, the value, and a hint.
    Values(Vec<ValueLine>),
    /// Steps in order.
    Steps(Vec<String>),
    Bullets(Vec<String>),
    /// Blank lines someone fills in by hand ("Date of the change: ______").
    FillIn(Vec<String>),
    /// Preformatted text (an XML document), shown as it is.
    Code(String),
    /// A table: the header row and the rows.
    Table { head: Vec<String>, rows: Vec<Vec<String>> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueLine {
    pub label: String,
    pub value: String,
    pub hint: Option<String>,
}

impl ValueLine {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Self { label: label.into(), value: value.into(), hint: None }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl Document {
    pub fn new(title: impl Into<String>, footer: impl Into<String>) -> Self {
        Self { title: title.into(), subtitle: None, sections: Vec::new(), sources: Vec::new(), footer: footer.into() }
    }

    pub fn section(&mut self, heading: impl Into<String>, blocks: Vec<Block>) {
        self.sections.push(Section { heading: heading.into(), blocks });
    }

    /// Notes that `source` backs something in this document (listed once, at the end).
    pub fn cite(&mut self, source: &'static Source) {
        if !self.sources.iter().any(|s| s.id == source.id) {
            self.sources.push(source);
        }
    }

    /// A Twilio fact's text, its page cited.
    pub fn fact(&mut self, fact: &Fact) -> String {
        self.cite(fact.source);
        fact.text.to_owned()
    }

    /// A catalog fact's text, its page cited, with the reason when no page states it outright
    /// and what another page says where Twilio's pages disagree.
    pub fn sourced(&mut self, sourced: &Sourced) -> String {
        let (text, note) = self.sourced_parts(sourced);
        text + &note
    }

    /// [`Document::sourced`] in two parts: the text, and the note to put after it (empty, or
    /// starting with a space), for when the text is quoted inside a sentence.
    pub fn sourced_parts(&mut self, sourced: &Sourced) -> (String, String) {
        if let Some(page) = sourced.source.source() {
            self.cite(page);
        }
        let mut note = String::new();
        if let Some(also) = &sourced.also {
            if let Some(page) = also.source.source() {
                self.cite(page);
            }
            note.push_str(&format!(" (another of Twilio's pages says: \"{}\")", also.text));
        }
        if let Some(reason) = &sourced.source.inferred {
            note.push_str(&format!(" [Not confirmed by Twilio: {reason}]"));
        }
        (sourced.text.clone(), note)
    }
}
