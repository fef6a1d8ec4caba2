//! Every fact Flex SSO Migrator states about Twilio Flex or an identity provider, in one place.
//!
//! A Console path, a button label, a value format, a rule: each is written here once, with the
//! public page it comes from and the date that page was last checked, and the rest of the app
//! refers to it. When Twilio changes a page, the fix is one edit here, and the tests of this crate
//! say which facts still point at a page nobody has checked.
//!
//! - [`sources`]: the pages (title, address, date checked).
//! - [`twilio`]: the facts about Twilio: Console paths and labels, rules, roles, dates.
//! - [`catalog`]: the facts about each identity provider, as data (`catalog/idps.json`).
//!
//! A fact that no page states outright carries `inferred`: the reason, written for the admin,
//! which the app shows beside the fact ("Twilio's docs don't say; check in your IdP"). When two
//! of Twilio's pages disagree, the fact holds the current one and `also` names the other.
//!
//! The crate has no Tauri type and no I/O, so every other crate (and the sandbox) can use it.

pub mod catalog;
pub mod sources;
pub mod twilio;

use serde::Serialize;

pub use sources::Source;
/// Compile-time joining of facts into sentences, so a `&'static str` can quote a fact without
/// writing it again: `concatcp!("Open ", twilio::CONSOLE_SSO_PAGE.text, ".")`.
pub use const_format::concatcp;

/// What another page says where Twilio's pages disagree (the fact itself holds the current one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Also {
    pub text: &'static str,
    pub source: &'static Source,
}

/// One fact about Twilio, with where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// Stable name, used by the UI (`fact("console.sso_page")`) and in tests.
    pub key: &'static str,
    /// The fact as the admin reads it.
    pub text: &'static str,
    /// A web address that belongs to the fact itself (a Console page), when there is one.
    pub url: Option<&'static str>,
    pub source: &'static Source,
    /// Why this is not confirmed by the source, in words for the admin; `None` when the source
    /// states it outright.
    pub inferred: Option<&'static str>,
    /// Where a second page of Twilio's says something else.
    pub also: Option<Also>,
}

impl Fact {
    /// A fact its source states outright.
    pub const fn stated(key: &'static str, text: &'static str, source: &'static Source) -> Fact {
        Fact { key, text, url: None, source, inferred: None, also: None }
    }

    pub const fn with_url(self, url: &'static str) -> Fact {
        Fact { url: Some(url), ..self }
    }

    pub const fn inferred(self, reason: &'static str) -> Fact {
        Fact { inferred: Some(reason), ..self }
    }

    pub const fn also(self, text: &'static str, source: &'static Source) -> Fact {
        Fact { also: Some(Also { text, source }), ..self }
    }
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text)
    }
}

/// Everything the UI needs to show facts and their sources: Twilio's facts by key and the pages.
#[derive(Debug, Clone, Serialize)]
pub struct FactSheet {
    pub facts: Vec<&'static Fact>,
    pub sources: &'static [&'static Source],
}

/// The whole sheet, for the UI (which fetches it once) and for the "Sources" screen.
pub fn sheet() -> FactSheet {
    FactSheet { facts: twilio::ALL.to_vec(), sources: sources::ALL }
}
