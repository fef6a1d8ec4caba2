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
    let idp_code = error_code(answer);
    match answer.status {
        401 => IdpError::TokenRefused { idp: IdpKind::Okta, idp_code },
        403 => IdpError::NoPermission { idp: IdpKind::Okta, action, idp_code },
        429 => IdpError::RateLimited { idp: IdpKind::Okta, retry_after_seconds: answer.retry_after.map(|d| d.as_secs()) },
        400 if action == Action::ChangeApp => IdpError::UpdateRejected { idp: IdpKind::Okta, status: 400, idp_code },
        status => IdpError::UnexpectedAnswer { host: host.to_owned(), status, idp_code },
    }
}

/// The body of a 2xx answer as `T`, or the error the answer stands for.
pub(crate) fn judged<T: DeserializeOwned>(answer: Answer, action: Action, host: &str) -> Result<T, IdpError> {
    if !(200..300).contains(&answer.status) {
        let error = refusal(&answer, action, host);
        tracing::debug!(host, status = answer.status, code = error.code(), "Okta refused the request");
        return Err(error);
    }
    serde_json::from_slice(&answer.body).map_err(|e| {
        // The serde message may quote the body: log only where it failed.
        tracing::warn!(host, line = e.line(), column = e.column(), "unreadable answer from Okta");
        IdpError::UnexpectedAnswer { host: host.to_owned(), status: answer.status, idp_code: None }
    })
}
