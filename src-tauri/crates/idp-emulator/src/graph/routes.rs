//! The Graph routes the emulator serves, in one table: the router is built from it and the
//! contract test checks every entry against the excerpts' `paths` (so no invented endpoint).
//! Templates are written as in the excerpts (`{application-id}`, `(appId='{appId}')`), under
//! [`GRAPH_PATH`]. The two `appId` alternate-key forms are one path segment, which one handler
//! reads. The sign-in endpoints are not Graph's and are listed apart ([`login_routes`]).

use std::sync::Arc;

use axum::routing::{get, post, MethodRouter};
use axum::Router;

use super::{applications, device, service_principals, sign_ins};
use crate::defaults::{GRAPH_PATH, LOGIN_PATH};
use crate::server::Shared;

type Handler = MethodRouter<Arc<Shared>>;
/// An axum route and its handler.
type Route = (&'static str, Handler);

/// `(method, template in the excerpt, axum route and handler)`. Entries sharing an axum route
/// name it once.
fn table() -> Vec<(&'static str, &'static str, Option<Route>)> {
    vec![
        ("GET", "/servicePrincipals", Some(("/servicePrincipals", get(service_principals::list)))),
        ("GET", "/servicePrincipals/{servicePrincipal-id}", Some(("/servicePrincipals/{id}", get(service_principals::get_one)))),
        ("GET", "/servicePrincipals(appId='{appId}')", Some(("/{segment}", get(service_principals::by_alternate_key)))),
        ("GET", "/applications(appId='{appId}')", None),
        ("GET", "/applications", Some(("/applications", get(applications::list)))),
        ("GET", "/applications/{application-id}", Some(("/applications/{id}", get(applications::get_one).patch(applications::patch)))),
        ("PATCH", "/applications/{application-id}", None),
        ("GET", "/auditLogs/signIns", Some(("/auditLogs/signIns", get(sign_ins::list)))),
    ]
}

/// `(method, template)` of every Graph operation served (templates without [`GRAPH_PATH`]).
pub fn served_routes() -> Vec<(&'static str, &'static str)> {
    table().into_iter().map(|(method, template, _)| (method, template)).collect()
}

/// `(method, path)` of the sign-in endpoints, under [`LOGIN_PATH`] (RFC 8628, as the Microsoft
/// identity platform serves it; no OpenAPI description exists for them).
pub fn login_routes() -> Vec<(&'static str, &'static str)> {
    vec![("POST", "/{tenant}/oauth2/v2.0/devicecode"), ("POST", "/{tenant}/oauth2/v2.0/token")]
}

fn segment_matches(pattern: &str, segment: &str) -> bool {
    match pattern.split_once('{') {
        None => pattern == segment,
        Some((prefix, rest)) => {
            let suffix = rest.split_once('}').map(|(_, s)| s).unwrap_or_default();
            segment.len() > prefix.len() + suffix.len() && segment.starts_with(prefix) && segment.ends_with(suffix)
        }
    }
}

/// The template a concrete request path belongs to (`/v1.0/applications/a1…` →
/// `/applications/{application-id}`).
pub fn template_of(path: &str) -> Option<&'static str> {
    let path = path.split('?').next().unwrap_or_default();
    let path = path.strip_prefix(GRAPH_PATH)?;
    let parts: Vec<&str> = path.split('/').collect();
    // Static templates first: `/applications` must not be read as an alternate key.
    let mut templates: Vec<&'static str> = served_routes().into_iter().map(|(_, t)| t).collect();
    templates.sort_by_key(|t| t.contains('{'));
    templates.into_iter().find(|template| {
        let pattern: Vec<&str> = template.split('/').collect();
        pattern.len() == parts.len() && pattern.iter().zip(&parts).all(|(p, s)| segment_matches(p, s))
    })
}

pub(crate) fn router() -> Router<Arc<Shared>> {
    let graph = table()
        .into_iter()
        .filter_map(|(_, _, route)| route)
        .fold(Router::new(), |router, (path, handler)| router.route(&format!("{GRAPH_PATH}{path}"), handler));
    graph
        .route(&format!("{LOGIN_PATH}/{{tenant}}/oauth2/v2.0/devicecode"), post(device::device_code))
        .route(&format!("{LOGIN_PATH}/{{tenant}}/oauth2/v2.0/token"), post(device::token))
}

pub(crate) fn control() -> Router<Arc<Shared>> {
    Router::new().route("/__emulator/graph/device/approve", post(device::post_decide))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concrete_paths_map_to_their_templates() {
        assert_eq!(template_of("/v1.0/servicePrincipals?$top=2"), Some("/servicePrincipals"));
        assert_eq!(template_of("/v1.0/servicePrincipals(appId='f1e1')"), Some("/servicePrincipals(appId='{appId}')"));
        assert_eq!(template_of("/v1.0/applications(appId='f1e1')"), Some("/applications(appId='{appId}')"));
        assert_eq!(template_of("/v1.0/applications/a991"), Some("/applications/{application-id}"));
        assert_eq!(template_of("/v1.0/applications"), Some("/applications"));
        assert_eq!(template_of("/v1.0/users"), None);
        assert_eq!(template_of("/api/v1/apps"), None);
    }
}
