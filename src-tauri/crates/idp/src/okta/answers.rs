//! Okta's answers judged: the status and Okta's error body (`{errorCode, errorSummary, …}`) turned
//! into an [`IdpError`]. Only `errorCode` is kept: `errorSummary` can quote submitted values.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Action, IdpError};
use crate::http::Answer;
use crate::IdpKind;

#[derive(Deserialize)]
struct OktaErrorBody {
    #[serde(rename = "errorCode")]
    error_code: Option<String>,
}

/// Okta's error code of an answer, when its body has one.
pub(crate) fn error_code(answer: &Answer) -> Option<String> {
    serde_json::from_slice::<OktaErrorBody>(&answer.body).ok().and_then(|b| b.error_code).filter(|c| c.len() <= 16)
}

/// The error for a non-2xx answer. `action` names what was refused on a 403.
pub(crate) fn refusal(answer: &Answer, action: Action, host: &str) -> IdpError {
    crate::answers::refusal(IdpKind::Okta, answer, error_code(answer), action, host)
}

/// The body of a 2xx answer as `T`, or the error the answer stands for.
pub(crate) fn judged<T: DeserializeOwned>(answer: Answer, action: Action, host: &str) -> Result<T, IdpError> {
    crate::answers::judged(IdpKind::Okta, answer, host, |a| refusal(a, action, host))
}

