//! Graph's answers judged: the status and Graph's error body (`{"error": {"code", "message"}}`)
//! turned into an [`IdpError`]. Only `code` is kept: `message` can quote submitted values.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Action, IdpError};
use crate::http::Answer;
use crate::IdpKind;

#[derive(Deserialize)]
struct ErrorBody {
    error: Option<MainError>,
}

#[derive(Deserialize)]
struct MainError {
    code: Option<String>,
    message: Option<String>,
}

/// Graph's error code, when the body has a plausible one (a word, not a sentence).
pub(crate) fn error_code(answer: &Answer) -> Option<String> {
    main_error(answer)?.code.filter(|c| c.len() <= 80 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.'))
}

fn main_error(answer: &Answer) -> Option<MainError> {
    serde_json::from_slice::<ErrorBody>(&answer.body).ok()?.error
}

/// Whether a 403 is Graph's "no premium licence" refusal of the sign-in log (the README's
/// "Neither tenant is B2C or tenant doesn't have premium license"). Read, never shown.
pub(crate) fn is_no_premium_licence(answer: &Answer) -> bool {
    let Some(error) = main_error(answer) else { return false };
    error.code.as_deref() == Some("Authentication_RequestFromNonPremiumTenantOrB2CTenant")
        || error.message.is_some_and(|m| m.to_ascii_lowercase().contains("premium license"))
}

/// The error for a non-2xx answer. `action` names what was refused on a 403.
pub(crate) fn refusal(answer: &Answer, action: Action, host: &str) -> IdpError {
    crate::answers::refusal(IdpKind::Entra, answer, error_code(answer), action, host)
}

/// The body of a 2xx answer as `T`, or the error the answer stands for.
pub(crate) fn judged<T: DeserializeOwned>(answer: Answer, action: Action, host: &str) -> Result<T, IdpError> {
    crate::answers::judged(IdpKind::Entra, answer, host, |a| refusal(a, action, host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer { status, retry_after: None, next: None, body: body.as_bytes().to_vec() }
    }

    #[test]
    fn only_the_code_is_kept_and_the_licence_refusal_is_recognised() {
        let denied = answer(403, r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}"#);
        assert_eq!(refusal(&denied, Action::ChangeApp, "h").code(), "idp_read_only");
        assert_eq!(error_code(&denied).as_deref(), Some("Authorization_RequestDenied"));
        assert!(!is_no_premium_licence(&denied));
        let premium = answer(403, r#"{"error":{"code":"Authentication_RequestFromNonPremiumTenantOrB2CTenant","message":"Neither tenant is B2C or tenant doesn't have premium license"}}"#);
        assert!(is_no_premium_licence(&premium));
        let sentence = answer(400, r#"{"error":{"code":"a value with spaces 'urn:x'","message":"m"}}"#);
        assert_eq!(error_code(&sentence), None);
    }
}
