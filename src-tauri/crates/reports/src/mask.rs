//! Personal data in a SAML response, found and masked for a support trace.
//!
//! What is personal: the NameID, every attribute value except the Flex `roles` (emails, names,
//! anything else an IdP sends: employee numbers, phone numbers, groups), and the user's network
//! address (`SubjectConfirmationData/@Address`). Each distinct value gets one stable token
//! ("[email 1]", "[name 2]"), so support still sees that the NameID *is* the email address, or
//! that two attributes carry the same value, without seeing the value.
//!
//! Masking is done twice: by structure (the XML is re-written node by node, the summary field by
//! field), and then by value in every other string of the trace (findings quote the NameID, an
//! IdP's status message may name the user). A last pass masks anything shaped like an e-mail
//! address that neither pass knew.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// The kinds of personal data a trace masks, each of which the admin can reveal on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Personal {
    /// The Subject's NameID (often the e-mail address).
    NameId,
    /// E-mail addresses (the `email` attribute, or any attribute whose name mentions mail).
    Email,
    /// People's names (`full_name`, given name, surname, display name).
    Name,
    /// Any other attribute value except `roles`.
    OtherAttribute,
    /// The user's network address, when the IdP puts it in the response.
    Address,
}

impl Personal {
    pub const ALL: [Personal; 5] = [Personal::NameId, Personal::Email, Personal::Name, Personal::OtherAttribute, Personal::Address];

    /// The word in a token: "[email 1]".
    fn token_word(self) -> &'static str {
        match self {
            Personal::NameId => "NameID",
            Personal::Email => "email",
            Personal::Name => "name",
            Personal::OtherAttribute => "value",
            Personal::Address => "address",
        }
    }

    /// What the admin ticks to reveal it.
    pub fn label(self) -> &'static str {
        match self {
            Personal::NameId => "the NameID (who signed in)",
            Personal::Email => "e-mail addresses",
            Personal::Name => "people's names",
            Personal::OtherAttribute => "other attribute values (not roles)",
            Personal::Address => "the network address the user signed in from",
        }
    }
}

/// The attribute Flex reads roles from: never masked (support needs to see them).
pub const ROLES_ATTRIBUTE: &str = "roles";

/// Which kind of personal data the values of attribute `name` are.
pub fn attribute_kind(name: &str) -> Option<Personal> {
    if name == ROLES_ATTRIBUTE {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    // The last part of a claim URI ("http://schemas.xmlsoap.org/.../emailaddress").
    let last = lower.rsplit(['/', ':', '#']).next().unwrap_or(&lower);
    if last.contains("mail") || last == "upn" {
        Some(Personal::Email)
    } else if last.contains("name") && !last.contains("username") || last == "cn" || last == "sn" {
        Some(Personal::Name)
    } else {
        Some(Personal::OtherAttribute)
    }
}

/// The personal values of one trace and their tokens.
#[derive(Debug, Clone, Default)]
pub struct Masker {
    /// (value, kind, token), in the order first seen.
    values: Vec<(String, Personal, String)>,
    /// The kinds the admin chose to show.
    revealed: BTreeSet<Personal>,
}

impl Masker {
    pub fn new(revealed: &BTreeSet<Personal>) -> Self {
        Self { values: Vec::new(), revealed: revealed.clone() }
    }

    /// Registers a personal value; returns what to show in its place (the value itself when
    /// its kind is revealed). A value seen before keeps its first token.
    pub fn note(&mut self, value: &str, kind: Personal) -> String {
        let value = value.trim();
        if value.is_empty() {
            return String::new();
        }
        if let Some((_, first_kind, token)) = self.values.iter().find(|(v, _, _)| v == value) {
            return if self.revealed.contains(first_kind) { value.to_owned() } else { token.clone() };
        }
        let number = self.values.iter().filter(|(_, k, _)| *k == kind).count() + 1;
        let token = if kind == Personal::NameId { "[NameID]".to_owned() } else { format!("[{} {number}]", kind.token_word()) };
        self.values.push((value.to_owned(), kind, token.clone()));
        if self.revealed.contains(&kind) {
            value.to_owned()
        } else {
            token
        }
    }

    /// `text` with every known personal value (longest first, so a value inside another is not
    /// split) and every e-mail-shaped word replaced, unless its kind is revealed.
    pub fn scrub(&mut self, text: &str) -> String {
        let mut out = text.to_owned();
        let mut known: Vec<(String, String)> = self
            .values
            .iter()
            .filter(|(_, kind, _)| !self.revealed.contains(kind))
            // Very short values ("1", "no") would mangle unrelated words; they are masked where
            // they stand (the XML, the summary) and left alone in running text.
            .filter(|(value, _, _)| value.chars().count() >= 3)
            .map(|(value, _, token)| (value.clone(), token.clone()))
            .collect();
        known.sort_by_key(|(value, _)| std::cmp::Reverse(value.len()));
        for (value, token) in &known {
            out = out.replace(value.as_str(), token);
            let escaped = xml_escaped(value);
            if escaped != *value {
                out = out.replace(&escaped, token);
            }
        }
        if self.revealed.contains(&Personal::Email) {
            return out;
        }
        let emails = email_like(&out);
        for email in emails {
            let token = self.note(&email, Personal::Email);
            out = out.replace(&email, &token);
        }
        out
    }

    /// The kinds found in this trace, and how many distinct values of each.
    pub fn found(&self) -> Vec<(Personal, usize)> {
        Personal::ALL
            .iter()
            .map(|kind| (*kind, self.values.iter().filter(|(_, k, _)| k == kind).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

fn xml_escaped(value: &str) -> String {
    value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// Every word of `text` shaped like an e-mail address (local@domain.tld).
fn email_like(text: &str) -> Vec<String> {
    let local = |c: char| c.is_alphanumeric() || "._%+-'".contains(c);
    let domain = |c: char| c.is_alphanumeric() || ".-".contains(c);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if c != '@' {
            continue;
        }
        let mut start = i;
        while start > 0 && local(chars[start - 1].1) {
            start -= 1;
        }
        let mut end = i + 1;
        while end < chars.len() && domain(chars[end].1) {
            end += 1;
        }
        // Trailing dots end a sentence, not the domain.
        while end > i + 1 && chars[end - 1].1 == '.' {
            end -= 1;
        }
        if start == i || end == i + 1 {
            continue;
        }
        let from = chars[start].0;
        let to = chars.get(end).map(|(p, _)| *p).unwrap_or(text.len());
        let domain_part = &text[at + 1..to];
        if domain_part.contains('.') && !domain_part.starts_with('.') {
            found.push(text[from..to].to_owned());
        }
    }
    found.sort();
    found.dedup();
    found.sort_by_key(|e| std::cmp::Reverse(e.len()));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_names_map_to_kinds() {
        assert_eq!(attribute_kind("roles"), None);
        assert_eq!(attribute_kind("email"), Some(Personal::Email));
        assert_eq!(attribute_kind("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"), Some(Personal::Email));
        assert_eq!(attribute_kind("full_name"), Some(Personal::Name));
        assert_eq!(attribute_kind("urn:oid:2.5.4.42:givenName"), Some(Personal::Name));
        assert_eq!(attribute_kind("employeeNumber"), Some(Personal::OtherAttribute));
        // Not Flex's roles attribute (case matters to Flex): masked like any other value.
        assert_eq!(attribute_kind("Roles"), Some(Personal::OtherAttribute));
    }

    #[test]
    fn one_value_one_token_everywhere() {
        let mut m = Masker::new(&BTreeSet::new());
        assert_eq!(m.note("ada@example.com", Personal::NameId), "[NameID]");
        // The same address as the email attribute keeps the NameID's token: support sees they match.
        assert_eq!(m.note("ada@example.com", Personal::Email), "[NameID]");
        assert_eq!(m.note("Ada Lovelace", Personal::Name), "[name 1]");
        assert_eq!(m.note("Grace Hopper", Personal::Name), "[name 2]");
        let s = m.scrub("User ada@example.com (Ada Lovelace) is not assigned; ask bob@corp.example.org.");
        assert_eq!(s, "User [NameID] ([name 1]) is not assigned; ask [email 1].");
        assert!(!s.contains("example"));
    }

    #[test]
    fn revealed_kinds_stay() {
        let revealed: BTreeSet<Personal> = [Personal::Name].into_iter().collect();
        let mut m = Masker::new(&revealed);
        assert_eq!(m.note("Ada Lovelace", Personal::Name), "Ada Lovelace");
        assert_eq!(m.note("ada@example.com", Personal::Email), "[email 1]");
        assert_eq!(m.scrub("Ada Lovelace <ada@example.com>"), "Ada Lovelace <[email 1]>");
    }

    #[test]
    fn escaped_forms_are_masked_too() {
        let mut m = Masker::new(&BTreeSet::new());
        m.note("O'Brien & Sons", Personal::Name);
        assert_eq!(m.scrub("<v>O&apos;Brien &amp; Sons</v>"), "<v>[name 1]</v>");
    }

    #[test]
    fn email_shapes_are_found_in_running_text() {
        assert_eq!(email_like("mail a.b+c@x-y.example.com."), vec!["a.b+c@x-y.example.com"]);
        assert!(email_like("@ alone, x@y, @example.com").is_empty());
    }
}
