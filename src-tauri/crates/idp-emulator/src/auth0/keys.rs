//! `GET /api/v2/keys/signing[/{kid}]`: the tenant's application signing keys.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::fixtures::keys;
use super::{error, gate};
use crate::server::Shared;

const SCOPES: &[&str] = &["read:signing_keys"];

pub(crate) async fn list(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    match gate::check(&shared, &headers, SCOPES) {
        Ok(()) => Json(keys::all()).into_response(),
        Err(refusal) => refusal,
    }
}

pub(crate) async fn get_one(State(shared): State<Arc<Shared>>, Path(kid): Path<String>, headers: HeaderMap) -> Response {
    if let Err(refusal) = gate::check(&shared, &headers, SCOPES) {
        return refusal;
    }
    match keys::all().into_iter().find(|k| k["kid"] == kid.as_str()) {
        Some(key) => Json(key).into_response(),
        None => error::not_found("Signing key"),
    }
}
