//! What an IdP's answer means, the same way for every IdP: the status decides the error, the
//! IdP's own error code (each module reads it from its own error body) rides along.

use serde::de::DeserializeOwned;

use crate::error::{Action, IdpError};
use crate::http::Answer;
use crate::IdpKind;

/// The error for a non-2xx answer. `action` names what was refused on a 403.
pub(crate) fn refusal(idp: IdpKind, answer: &Answer, idp_code: Option<String>, action: Action, host: &str) -> IdpError {
    match answer.status {
        401 => IdpError::TokenRefused { idp, idp_code },
        403 => IdpError::NoPermission { idp, action, idp_code },
        429 => IdpError::RateLimited { idp, retry_after_seconds: answer.retry_after.map(|d| d.as_secs()) },
        400 if action == Action::ChangeApp => IdpError::UpdateRejected { idp, status: 400, idp_code },
        status => IdpError::UnexpectedAnswer { host: host.to_owned(), status, idp_code },
    }
}

/// The body of a 2xx answer as `T`; otherwise `refuse(&answer)`, the IdP module's own reading.
pub(crate) fn judged<T: DeserializeOwned>(idp: IdpKind, answer: Answer, host: &str, refuse: impl FnOnce(&Answer) -> IdpError) -> Result<T, IdpError> {
    if !(200..300).contains(&answer.status) {
        let error = refuse(&answer);
        tracing::debug!(idp = idp.name(), host, status = answer.status, code = error.code(), "the IdP refused the request");
        return Err(error);
    }
    serde_json::from_slice(&answer.body).map_err(|e| {
        // The serde message may quote the body: log only where it failed.
        tracing::warn!(idp = idp.name(), host, line = e.line(), column = e.column(), "unreadable answer from the IdP");
        IdpError::UnexpectedAnswer { host: host.to_owned(), status: answer.status, idp_code: None }
    })
}
