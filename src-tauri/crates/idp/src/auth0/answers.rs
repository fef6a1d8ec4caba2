//! Auth0's answers judged: the status and Auth0's error body (`{statusCode, error, message,
//! errorCode}`) turned into an [`IdpError`]. Only `errorCode` is kept: `message` can quote
//! submitted values.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Action, IdpError};
use crate::http::Answer;
use crate::IdpKind;

#[derive(Deserialize)]
struct Auth0ErrorBody {
    #[serde(rename = "errorCode")]
    error_code: Option<String>,
}

/// Auth0's error code of an answer (`insufficient_scope`, …), when its body has a plausible one.
pub(crate) fn error_code(answer: &Answer) -> Option<String> {
    serde_json::from_slice::<Auth0ErrorBody>(&answer.body)
        .ok()
        .and_then(|b| b.error_code)
        .filter(|c| c.len() <= 40 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'))
}

/// The error for a non-2xx answer. `action` names what was refused on a 403.
pub(crate) fn refusal(answer: &Answer, action: Action, host: &str) -> IdpError {
    crate::answers::refusal(IdpKind::Auth0, answer, error_code(answer), action, host)
}

/// The body of a 2xx answer as `T`, or the error the answer stands for.
pub(crate) fn judged<T: DeserializeOwned>(answer: Answer, action: Action, host: &str) -> Result<T, IdpError> {
    crate::answers::judged(IdpKind::Auth0, answer, host, |a| refusal(a, action, host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer { status, retry_after: None, next: None, body: body.as_bytes().to_vec() }
    }

    #[test]
    fn only_the_error_code_is_kept() {
        let refused = answer(403, r#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: update:clients","errorCode":"insufficient_scope"}"#);
        match refusal(&refused, Action::ChangeApp, "t.example") {
            IdpError::NoPermission { idp, action, idp_code } => {
                assert_eq!((idp, action, idp_code.as_deref()), (IdpKind::Auth0, Action::ChangeApp, Some("insufficient_scope")));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(error_code(&answer(400, r#"{"errorCode":"a value with spaces that quotes input"}"#)), None);
        assert_eq!(refusal(&answer(400, "{}"), Action::ChangeApp, "t").code(), "idp_update_rejected");
        assert_eq!(refusal(&answer(400, "{}"), Action::ReadApps, "t").code(), "idp_unexpected_answer");
    }
}
