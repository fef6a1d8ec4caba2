//! A value that must never be shown, logged or written anywhere by accident.

use std::fmt;

use zeroize::Zeroizing;

/// A secret string (an Auth Token, an API key secret).
///
/// `Debug` and `Display` print `<redacted>`; the type implements no `Serialize`, so putting it in
/// a struct that is serialized (the progress file, a JSON answer to the UI, a log field) does not
/// compile. The only way to the value is [`Secret::expose`], which is easy to search for in review.
/// The memory is wiped when the value is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The secret value itself. Call it only where the value leaves for its one destination
    /// (an HTTP Authorization header, the OS keyring).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_never_shows_the_value() {
        let secret = Secret::new("hunter2-token");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{secret}"), "<redacted>");
        assert_eq!(format!("{:#?}", Some(&secret)), "Some(\n    <redacted>,\n)");
        assert_eq!(secret.expose(), "hunter2-token");
    }
}
