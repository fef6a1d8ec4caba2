//! The HTTP routes of the emulator and what each one does.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::authn_request::{authn_request_xml, idp_initiated_url, new_request_id, redirect_url};
use super::control;
use super::pages;
use super::received::{AcsKind, ReceivedResponse};
use super::rejection::Rejection;
use super::validate::{self, Expectations, SignedInUser, Verifier};
use super::Shared;
use crate::{legacy_acs_path, legacy_entity_id, new_entity_id, SandboxConnection, Variant};

type AppState = Arc<Shared>;

pub(crate) fn router(shared: AppState) -> Router {
    Router::new()
        .route("/login", get(login))
        .route("/login/callback", post(callback))
        .route("/agent-desktop", get(agent_desktop))
        .route("/self-hosted/flex", get(self_hosted_flex))
        .route("/__sandbox/received", get(received))
        .route("/__sandbox/idp-rotation", get(control::idp_rotation).post(control::set_idp_rotation))
        .route("/__sandbox/flex-certificate", get(control::flex_certificate).post(control::set_flex_certificate))
        .route("/v1/Accounts/{account}/saml2", post(legacy_acs))
        .route("/{runtime_domain}", get(hosted_login_link))
        .fallback(not_found)
        .with_state(shared)
}

fn error_response(rejection: &Rejection) -> Response {
    let status = StatusCode::from_u16(rejection.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Html(pages::error_page(rejection))).into_response()
}

fn now_text() -> String {
    OffsetDateTime::now_utc().format(&Rfc3339).unwrap_or_default()
}

fn connection<'a>(shared: &'a Shared, query: &HashMap<String, String>) -> Result<&'a SandboxConnection, Rejection> {
    let sid = query.get("connection").map(String::as_str).unwrap_or("");
    shared.options.account.connection(sid).ok_or_else(|| Rejection::UnknownConnection { sid: sid.to_owned() })
}

/// `GET {flex_ui}/{runtime_domain}`: the hosted login link sends the browser to the login host
/// for the account's active connection (`?connection=` picks another, for tests and practice).
async fn hosted_login_link(
    State(shared): State<AppState>,
    Path(runtime_domain): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    uri: Uri,
) -> Response {
    if runtime_domain != shared.options.account.runtime_domain {
        return (StatusCode::NOT_FOUND, Html(pages::not_found(uri.path()))).into_response();
    }
    let sid = match query.get("connection") {
        Some(requested) => match shared.options.account.connection(requested) {
            Some(c) => c.sid.clone(),
            None => return error_response(&Rejection::UnknownConnection { sid: requested.clone() }),
        },
        None => shared.active_connection.clone(),
    };
    Redirect::to(&shared.options.urls.connection_login_url(&sid)).into_response()
}

/// `GET {login}/login?connection=JQ…`: an HTTP-Redirect AuthnRequest to the IdP.
async fn login(State(shared): State<AppState>, Query(query): Query<HashMap<String, String>>) -> Response {
    let connection = match connection(&shared, &query) {
        Ok(c) => c,
        Err(rejection) => return error_response(&rejection),
    };
    let relay_state = new_request_id();
    // Only the sandbox's own self-hosted Flex may ask to be returned to (no open redirect).
    if query.get("return_to").is_some_and(|to| *to == shared.options.urls.self_hosted_flex_url()) {
        shared.lock().return_to.insert(relay_state.clone(), shared.options.urls.self_hosted_flex_url());
    }
    let sso_url = &shared.options.idp.sso_url;
    let target = if connection.variant == Variant::LegacyValues {
        // The IdP app still holds the legacy values: it answers as the legacy app whatever
        // Flex asks, which SimpleSAMLphp shows through an IdP-initiated sign-in of that entry.
        idp_initiated_url(sso_url, &legacy_entity_id(&shared.options.account.account_sid), &relay_state)
    } else {
        let id = new_request_id();
        let xml = authn_request_xml(
            &id,
            &new_entity_id(&connection.sid),
            &shared.options.urls.acs_url(&connection.sid),
            sso_url,
            OffsetDateTime::now_utc(),
        );
        shared.lock().issued_requests.insert(id);
        redirect_url(sso_url, &xml, &relay_state)
    };
    Redirect::to(&target).into_response()
}

fn form_fields(body: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

/// `POST {login}/login/callback?connection=JQ…`: the ACS.
async fn callback(
    State(shared): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let fields = form_fields(&body);
    let posted = fields.get("SAMLResponse").cloned().unwrap_or_default();
    let connection = connection(&shared, &query).cloned();
    let worker = shared.clone();
    let posted_for_check = posted.clone();
    // xmlsec1 runs as a child process: keep it off the async workers.
    let outcome = tokio::task::spawn_blocking(move || -> Result<SignedInUser, Rejection> {
        let connection = connection?;
        // Held until xmlsec1 is done, even if the trusted certificate is replaced meanwhile.
        let trusted = worker.trust.current();
        let xml = validate::decode(&posted_for_check)?;
        let expect = Expectations {
            audience: &new_entity_id(&connection.sid),
            acs_url: &worker.options.urls.acs_url(&connection.sid),
            idp_entity_id: &worker.options.idp.entity_id,
            now: OffsetDateTime::now_utc(),
            clock_skew: worker.options.clock_skew,
        };
        let verifier = Verifier {
            xmlsec1: &worker.options.xmlsec1,
            trusted_cert: trusted.path(),
            scratch: worker.scratch.path(),
        };
        // Each request ID is good for one response.
        let known = |id: &str| worker.lock().issued_requests.remove(id);
        validate::check(&xml, &expect, verifier, &known)
    })
    .await
    .unwrap_or_else(|e| Err(Rejection::VerifierUnavailable { detail: format!("the check stopped unexpectedly: {e}") }));

    let audience = validate::decode(&posted).ok().and_then(|xml| validate::audience_of(&xml));
    let mut entry = ReceivedResponse {
        acs: AcsKind::New,
        connection: query.get("connection").cloned(),
        saml_response: posted,
        relay_state: fields.get("RelayState").cloned(),
        audience,
        accepted: outcome.is_ok(),
        error_code: outcome.as_ref().err().map(|r| r.code().to_owned()),
        warnings: outcome.as_ref().map(|u| u.warnings.clone()).unwrap_or_default(),
        received_at: now_text(),
    };
    match outcome {
        Ok(user) => {
            let token = new_request_id();
            let mut inner = shared.lock();
            inner.sessions.insert(token.clone(), user);
            inner.received.record(entry);
            drop(inner);
            let cookie = format!("{}={token}; Path=/; HttpOnly; SameSite=Lax", shared.session_cookie);
            let back = fields.get("RelayState").and_then(|r| shared.lock().return_to.remove(r));
            let location = back.unwrap_or_else(|| format!("{}/agent-desktop", shared.options.urls.flex_ui_base_url));
            (StatusCode::FOUND, [(header::LOCATION, location), (header::SET_COOKIE, cookie)]).into_response()
        }
        Err(rejection) => {
            entry.accepted = false;
            shared.lock().received.record(entry);
            error_response(&rejection)
        }
    }
}

/// `POST {iam}/v1/Accounts/{AC}/saml2`: the legacy ACS, no longer active for the sandbox account.
async fn legacy_acs(State(shared): State<AppState>, Path(account): Path<String>, body: Bytes) -> Response {
    let fields = form_fields(&body);
    let posted = fields.get("SAMLResponse").cloned().unwrap_or_default();
    let audience = validate::decode(&posted).ok().and_then(|xml| validate::audience_of(&xml));
    let sid = &shared.active_connection;
    let rejection = Rejection::LegacyConnectionInactive {
        path: if account == shared.options.account.account_sid.as_str() {
            legacy_acs_path(&shared.options.account.account_sid)
        } else {
            format!("/v1/Accounts/{account}/saml2")
        },
        entity_id: new_entity_id(sid),
        acs_url: shared.options.urls.acs_url(sid),
    };
    shared.lock().received.record(ReceivedResponse {
        acs: AcsKind::Legacy,
        connection: None,
        saml_response: posted,
        relay_state: fields.get("RelayState").cloned(),
        audience,
        accepted: false,
        error_code: Some(rejection.code().to_owned()),
        warnings: Vec::new(),
        received_at: now_text(),
    });
    error_response(&rejection)
}

/// `GET {flex_ui}/self-hosted/flex`: a self-hosted Flex. Signed in, Flex; signed out, the login
/// for the active connection, which comes back here.
async fn self_hosted_flex(State(shared): State<AppState>, headers: HeaderMap) -> Response {
    match signed_in_user(&shared, &headers) {
        Some(user) => Html(pages::agent_desktop(&user)).into_response(),
        None => {
            let back = url::form_urlencoded::byte_serialize(shared.options.urls.self_hosted_flex_url().as_bytes()).collect::<String>();
            let login = shared.options.urls.connection_login_url(&shared.active_connection);
            Redirect::to(&format!("{login}&return_to={back}")).into_response()
        }
    }
}

/// `GET {flex_ui}/agent-desktop`: the signed-in user's page.
async fn agent_desktop(State(shared): State<AppState>, headers: HeaderMap) -> Response {
    match signed_in_user(&shared, &headers) {
        Some(user) => Html(pages::agent_desktop(&user)).into_response(),
        None => (StatusCode::UNAUTHORIZED, Html(pages::not_signed_in())).into_response(),
    }
}

/// The user of the session cookie, if it names a session of this sandbox.
fn signed_in_user(shared: &Shared, headers: &HeaderMap) -> Option<SignedInUser> {
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == shared.session_cookie)
        .map(|(_, value)| value.to_owned());
    token.and_then(|t| shared.lock().sessions.get(&t).cloned())
}

async fn received(State(shared): State<AppState>) -> Response {
    Json(shared.lock().received.clone()).into_response()
}

async fn not_found(uri: Uri) -> Response {
    (StatusCode::NOT_FOUND, Html(pages::not_found(uri.path()))).into_response()
}
