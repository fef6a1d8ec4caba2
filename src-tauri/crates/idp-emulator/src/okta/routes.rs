//! The Okta API routes the emulator serves, in one table: the router is built from it and the
//! contract test checks every entry against the excerpt's `paths` (so no invented endpoint).
//! Paths are written as in the spec; axum 0.8 uses the same `{param}` syntax.

use std::sync::Arc;

use axum::routing::{get, put, MethodRouter};
use axum::Router;

use super::{apps, credentials, system_log};
use crate::server::Shared;

fn table() -> Vec<(&'static str, &'static str, MethodRouter<Arc<Shared>>)> {
    vec![
        ("GET", "/api/v1/apps", get(apps::list)),
        ("GET", "/api/v1/apps/{appId}", get(apps::get_one)),
        ("PUT", "/api/v1/apps/{appId}", put(apps::put)),
        ("GET", "/api/v1/apps/{appId}/credentials/keys", get(credentials::list)),
        ("GET", "/api/v1/apps/{appId}/credentials/keys/{keyId}", get(credentials::get_one)),
        ("GET", "/api/v1/apps/{appId}/sso/saml/metadata", get(credentials::metadata)),
        ("GET", "/api/v1/logs", get(system_log::list)),
    ]
}

/// `(method, path template)` of every Okta operation served.
pub fn served_routes() -> Vec<(&'static str, &'static str)> {
    table().into_iter().map(|(method, path, _)| (method, path)).collect()
}

/// The template a concrete request path belongs to (`/api/v1/apps/0oa1` → `/api/v1/apps/{appId}`).
pub fn template_of(path: &str) -> Option<&'static str> {
    let path = path.split('?').next().unwrap_or_default();
    let parts: Vec<&str> = path.split('/').collect();
    served_routes().into_iter().map(|(_, template)| template).find(|template| {
        let pattern: Vec<&str> = template.split('/').collect();
        pattern.len() == parts.len()
            && pattern.iter().zip(&parts).all(|(p, s)| (p.starts_with('{') && !s.is_empty()) || p == s)
    })
}

pub(crate) fn router() -> Router<Arc<Shared>> {
    table().into_iter().fold(Router::new(), |router, (_, path, handler)| router.route(path, handler))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concrete_paths_map_to_their_templates() {
        assert_eq!(template_of("/api/v1/apps?q=x"), Some("/api/v1/apps"));
        assert_eq!(template_of("/api/v1/apps/0oa1/credentials/keys/abc"), Some("/api/v1/apps/{appId}/credentials/keys/{keyId}"));
        assert_eq!(template_of("/api/v1/apps/0oa1/sso/saml/metadata?kid=k"), Some("/api/v1/apps/{appId}/sso/saml/metadata"));
        assert_eq!(template_of("/api/v1/users"), None);
    }
}
