//! Twilio identifiers as validated types.
//!
//! Admins paste these from the Console, e-mails and tickets, so parsing forgives what a paste
//! drags along (surrounding spaces, quotes, a trailing newline) but nothing else: a SID with one
//! character missing is refused with a message that says exactly what is wrong.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a pasted identifier is not a valid SID. `Display` is the message the admin reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SidError {
    #[error("The {kind} is empty. Paste the value that starts with {prefix}.")]
    Empty { kind: &'static str, prefix: &'static str },
    #[error("The {kind} starts with {prefix}; this one starts with \"{found}\". Check that you copied the right value.")]
    WrongPrefix { kind: &'static str, prefix: &'static str, found: String },
    #[error("An {kind} has 34 characters; this has {found}. Copy it again in one piece.")]
    WrongLength { kind: &'static str, found: usize },
    #[error("After {prefix}, an {kind} holds only the digits 0-9 and the letters a-f; character {position} is \"{found}\".")]
    BadCharacter { kind: &'static str, prefix: &'static str, position: usize, found: char },
}

impl SidError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            SidError::Empty { .. } => "sid_empty",
            SidError::WrongPrefix { .. } => "sid_wrong_prefix",
            SidError::WrongLength { .. } => "sid_wrong_length",
            SidError::BadCharacter { .. } => "sid_bad_character",
        }
    }
}

/// Removes what a copy-paste typically adds around a value: whitespace, newlines and one pair of
/// matching quotes (straight or typographic), repeated while something changes.
pub fn trim_pasted(input: &str) -> &str {
    let mut s = input.trim();
    loop {
        let before = s;
        for (open, close) in [('"', '"'), ('\'', '\''), ('\u{201c}', '\u{201d}'), ('\u{2018}', '\u{2019}'), ('`', '`')] {
            if s.len() >= open.len_utf8() + close.len_utf8() && s.starts_with(open) && s.ends_with(close) {
                s = s[open.len_utf8()..s.len() - close.len_utf8()].trim();
            }
        }
        if s == before {
            return s;
        }
    }
}

/// Checks `input` (already trimmed) against a two-letter prefix and 32 lowercase hex digits.
fn validate(input: &str, kind: &'static str, prefix: &'static str) -> Result<(), SidError> {
    if input.is_empty() {
        return Err(SidError::Empty { kind, prefix });
    }
    let head: String = input.chars().take(2).collect();
    if head != prefix {
        return Err(SidError::WrongPrefix { kind, prefix, found: head });
    }
    let count = input.chars().count();
    if count != 34 {
        return Err(SidError::WrongLength { kind, found: count });
    }
    for (index, c) in input.chars().enumerate().skip(2) {
        if !matches!(c, '0'..='9' | 'a'..='f') {
            return Err(SidError::BadCharacter { kind, prefix, position: index + 1, found: c });
        }
    }
    Ok(())
}

macro_rules! sid_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// What the admin calls this identifier, for messages.
            pub const KIND: &'static str = $kind;
            /// The two letters every such SID starts with.
            pub const PREFIX: &'static str = $prefix;

            /// Parses a pasted value, forgiving surrounding whitespace and quotes.
            pub fn parse(input: &str) -> Result<Self, SidError> {
                let s = trim_pasted(input);
                validate(s, $kind, $prefix)?;
                Ok(Self(s.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = SidError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        // Deserializing validates too, so a hand-edited or damaged progress file cannot smuggle
        // an invalid SID into the model.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

sid_type!(
    /// A Twilio Account SID: `AC` and 32 lowercase hex digits.
    AccountSid, "Account SID", "AC"
);
sid_type!(
    /// The SID of a new (OAuth 2.0) Flex SSO connection: `JQ` and 32 lowercase hex digits.
    ConnectionSid, "SSO connection ID", "JQ"
);
sid_type!(
    /// A Twilio API key SID: `SK` and 32 lowercase hex digits.
    ApiKeySid, "API key SID", "SK"
);

#[cfg(test)]
mod tests {
    use super::*;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";

    #[test]
    fn accepts_a_clean_sid_and_what_a_paste_adds() {
        for input in [AC, " AC0123456789abcdef0123456789abcdef\n", "\"AC0123456789abcdef0123456789abcdef\"",
            "\u{201c}AC0123456789abcdef0123456789abcdef\u{201d}", "'AC0123456789abcdef0123456789abcdef' \r\n"]
        {
            assert_eq!(AccountSid::parse(input).unwrap().as_str(), AC, "input {input:?}");
        }
    }

    #[test]
    fn messages_say_exactly_what_is_wrong() {
        let cases: &[(&str, &str, &str)] = &[
            ("", "sid_empty", "The Account SID is empty. Paste the value that starts with AC."),
            ("   ", "sid_empty", "The Account SID is empty. Paste the value that starts with AC."),
            ("SK0123456789abcdef0123456789abcdef", "sid_wrong_prefix",
                "The Account SID starts with AC; this one starts with \"SK\". Check that you copied the right value."),
            ("AC0123456789abcdef0123456789abcde", "sid_wrong_length",
                "An Account SID has 34 characters; this has 33. Copy it again in one piece."),
            ("AC0123456789ABCDEF0123456789abcdef", "sid_bad_character",
                "After AC, an Account SID holds only the digits 0-9 and the letters a-f; character 13 is \"A\"."),
        ];
        for (input, code, message) in cases {
            let err = AccountSid::parse(input).unwrap_err();
            assert_eq!(err.code(), *code, "input {input:?}");
            assert_eq!(err.to_string(), *message, "input {input:?}");
        }
    }

    #[test]
    fn each_kind_checks_its_own_prefix() {
        assert!(ConnectionSid::parse("JQ0123456789abcdef0123456789abcdef").is_ok());
        assert!(ApiKeySid::parse("SK0123456789abcdef0123456789abcdef").is_ok());
        assert_eq!(ConnectionSid::parse(AC).unwrap_err().code(), "sid_wrong_prefix");
    }

    #[test]
    fn serde_round_trips_and_validates() {
        let sid = AccountSid::parse(AC).unwrap();
        let json = serde_json::to_string(&sid).unwrap();
        assert_eq!(json, format!("\"{AC}\""));
        assert_eq!(serde_json::from_str::<AccountSid>(&json).unwrap(), sid);
        assert!(serde_json::from_str::<AccountSid>("\"AC12\"").is_err());
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_valid_sid_parses_with_any_paste_noise(hex in "[0-9a-f]{32}", pad in "[ \t\n]{0,3}", quoted: bool) {
                let sid = format!("AC{hex}");
                let pasted = if quoted { format!("{pad}\"{sid}\"{pad}") } else { format!("{pad}{sid}{pad}") };
                let parsed = AccountSid::parse(&pasted).unwrap();
                prop_assert_eq!(parsed.as_str(), sid.as_str());
            }

            #[test]
            fn parse_never_panics_and_accepts_only_valid_sids(input in "\\PC{0,40}") {
                if let Ok(sid) = AccountSid::parse(&input) {
                    let s = sid.as_str();
                    prop_assert!(s.len() == 34 && s.starts_with("AC"));
                    prop_assert!(s[2..].chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
                }
            }
        }
    }
}
