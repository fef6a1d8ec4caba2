//! The one error type every command returns to the UI.
//!
//! It serializes as `{ "code": "...", "message": "..." }`: the UI branches on the stable code and
//! shows the message, which is written for the admin and never holds a secret (secrets are
//! [`flex_sso_secrets::Secret`], whose `Display` prints `<redacted>`).

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use flex_sso_secrets::SecretStoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    SecretStore(#[from] SecretStoreError),
    /// An error from a domain crate, carried as its own code and message (the domain crates
    /// write messages for the admin already).
    #[error("{message}")]
    Domain { code: &'static str, message: String },
    #[error("Something went wrong inside the app: {0}. Please restart it; if it happens again, send the log file to support.")]
    Internal(String),
}

impl AppError {
    /// A stable, machine-readable code: the UI and the CLI's JSON branch on it.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::SecretStore(e) => e.code(),
            AppError::Domain { code, .. } => code,
            AppError::Internal(_) => "internal",
        }
    }
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("AppError", 2)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Domain errors become [`AppError::Domain`] with their stable code and plain message.
macro_rules! domain_errors {
    ($($ty:ty),* $(,)?) => {$(
        impl From<$ty> for AppError {
            fn from(error: $ty) -> Self {
                AppError::Domain { code: error.code(), message: error.to_string() }
            }
        }
    )*};
}

domain_errors!(
    flex_sso_model::ids::SidError,
    flex_sso_model::values::ValueError,
    flex_sso_model::self_hosted::SnippetError,
    flex_sso_model::steps::StepError,
    flex_sso_model::store::StoreError,
    flex_sso_idp::IdpError,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let error = AppError::SecretStore(SecretStoreError::NotFound);
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["code"], "keyring_not_found");
        assert_eq!(json["message"], "Nothing is stored under this name in the secure storage.");
        assert_eq!(json.as_object().unwrap().len(), 2);
    }
}
