//! `GET /api/v1/apps/{appId}/credentials/keys[/{keyId}]` and the app's SAML metadata.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::{error, gate, OktaApp};
use crate::server::Shared;

pub(crate) async fn list(State(shared): State<Arc<Shared>>, Path(app_id): Path<String>, headers: HeaderMap) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers)?;
        let live = shared.live();
        let app = live.okta.app(&app_id).ok_or_else(|| error::not_found(&app_id, "AppInstance"))?;
        Ok(Json(&app.signing_keys).into_response())
    };
    answer().unwrap_or_else(|refusal| refusal)
}

fn find_key<'a>(app: &'a OktaApp, kid: &str) -> Option<&'a Value> {
    app.signing_keys.iter().find(|k| k["kid"] == kid)
}

pub(crate) async fn get_one(
    State(shared): State<Arc<Shared>>,
    Path((app_id, key_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers)?;
        let live = shared.live();
        let app = live.okta.app(&app_id).ok_or_else(|| error::not_found(&app_id, "AppInstance"))?;
        let key = find_key(app, &key_id).ok_or_else(|| error::not_found(&key_id, "AppInstanceKeyCredential"))?;
        Ok(Json(key).into_response())
    };
    answer().unwrap_or_else(|refusal| refusal)
}

/// The IdP metadata Okta serves for a SAML app and one of its keys, shaped like the spec's
/// `previewSAML` example (both bindings, the app's NameID format first).
pub(crate) fn metadata_xml(base: &str, app: &OktaApp, sso_key: &str, certificate: &str) -> String {
    let name = app.app["name"].as_str().unwrap_or_default();
    let location = format!("{base}/app/{name}/{sso_key}/sso/saml");
    let format = app.app.pointer("/settings/signOn/subjectNameIdFormat").and_then(Value::as_str);
    let mut formats = Vec::new();
    formats.extend(format);
    for other in ["urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"] {
        if !formats.contains(&other) {
            formats.push(other);
        }
    }
    let formats: String = formats.iter().map(|f| format!("    <md:NameIDFormat>{f}</md:NameIDFormat>\n")).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/{sso_key}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data>
          <ds:X509Certificate>{certificate}</ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
{formats}    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{location}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{location}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"#
    )
}

pub(crate) async fn metadata(
    State(shared): State<Arc<Shared>>,
    Path(app_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers)?;
        let live = shared.live();
        let app = live.okta.app(&app_id).ok_or_else(|| error::not_found(&app_id, "AppInstance"))?;
        let Some(kid) = query.get("kid").filter(|k| !k.is_empty()) else {
            // [inferred] `kid` is required by the spec, which lists no 400 for its absence.
            return Err(error::validation("kid", &["kid: The field cannot be left blank".to_owned()]));
        };
        let Some(sso_key) = app.sso_key.as_deref() else {
            return Err(error::not_found(&app_id, "AppInstance SAML metadata"));
        };
        let key = find_key(app, kid).ok_or_else(|| error::not_found(kid, "AppInstanceKeyCredential"))?;
        let certificate = key["x5c"][0].as_str().unwrap_or_default();
        let mut response = metadata_xml(&shared.base_url, app, sso_key, certificate).into_response();
        response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/xml;charset=UTF-8"));
        Ok(response)
    };
    answer().unwrap_or_else(|refusal| refusal)
}
