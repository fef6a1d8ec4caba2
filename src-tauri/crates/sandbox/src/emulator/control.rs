//! The sandbox's control routes for a signing-key rotation, so end-to-end tests that run the
//! `flex-sso-sandbox` binary as a separate process can drive one (in-process tests use
//! `IdpHandle::set_rotation` and `FlexLoginHandle::trust_certificate`). They exist only in the
//! sandbox: Twilio has nothing like them. Answers are JSON or plain text; a refusal is a plain
//! sentence saying why.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::Shared;
use crate::{RotationStage, SandboxError};

type AppState = Arc<Shared>;

fn plain(status: StatusCode, text: impl Into<String>) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text.into()).into_response()
}

/// What was wrong with the caller's request answers 400; anything else is the sandbox's fault.
fn refusal(error: &SandboxError) -> Response {
    let status = match error {
        SandboxError::RotationStageUnknown { .. } | SandboxError::FlexCertificateRefused { .. } => {
            StatusCode::BAD_REQUEST
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    plain(status, error.to_string())
}

fn body_text(body: &Bytes) -> Result<&str, Response> {
    std::str::from_utf8(body).map_err(|_| plain(StatusCode::BAD_REQUEST, "The body is not UTF-8 text."))
}

/// `GET /__sandbox/idp-rotation`: `{stage, current_certificate_pem, next_certificate_pem}`.
pub(crate) async fn idp_rotation(State(shared): State<AppState>) -> Response {
    let Some(rotation) = &shared.options.idp_rotation else { return no_idp() };
    match rotation.status() {
        Ok(status) => Json(status).into_response(),
        Err(error) => refusal(&error),
    }
}

/// `POST /__sandbox/idp-rotation` with `current`, `announced` or `rotated`: the IdP's next
/// request uses that stage. Answers the new status, as the GET does.
pub(crate) async fn set_idp_rotation(State(shared): State<AppState>, body: Bytes) -> Response {
    let Some(rotation) = &shared.options.idp_rotation else { return no_idp() };
    let text = match body_text(&body) {
        Ok(text) => text,
        Err(response) => return response,
    };
    let result = RotationStage::parse(text).and_then(|stage| rotation.set(stage)).and_then(|()| rotation.status());
    match result {
        Ok(status) => Json(status).into_response(),
        Err(error) => refusal(&error),
    }
}

fn no_idp() -> Response {
    plain(StatusCode::NOT_FOUND, "This Flex login emulator was started without the sandbox IdP, so it has no key rotation to control.")
}

/// `GET /__sandbox/flex-certificate`: the PEM Flex trusts now.
pub(crate) async fn flex_certificate(State(shared): State<AppState>) -> Response {
    plain(StatusCode::OK, shared.trust.current().pem())
}

/// `POST /__sandbox/flex-certificate` with the certificate (PEM, or any shape an admin might
/// paste): Flex trusts it from the next login on. Answers the PEM now trusted; a text that is
/// not one certificate answers 400 with the reason and changes nothing.
pub(crate) async fn set_flex_certificate(State(shared): State<AppState>, body: Bytes) -> Response {
    let text = match body_text(&body) {
        Ok(text) => text,
        Err(response) => return response,
    };
    match shared.trust.replace(text) {
        Ok(trusted) => plain(StatusCode::OK, trusted.pem()),
        Err(error) => refusal(&error),
    }
}
