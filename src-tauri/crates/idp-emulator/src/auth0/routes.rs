//! The Auth0 Management API routes the emulator serves, in one table: the router is built from
//! it and the contract test checks every entry against the excerpt's `paths` (which are written
//! under the server URL `https://{tenantDomain}/api/v2`, so without the prefix).

use std::sync::Arc;

use axum::routing::{get, MethodRouter};
use axum::Router;

use super::{clients, keys, logs};
use crate::server::Shared;

/// Where the excerpt's server URL puts the API under the tenant's origin.
pub const PREFIX: &str = "/api/v2";

/// One path as in the excerpt, its methods, and their handlers.
type Route = (&'static str, &'static [&'static str], MethodRouter<Arc<Shared>>);

fn table() -> Vec<Route> {
    vec![
        ("/clients", &["GET"], get(clients::list)),
        ("/clients/{id}", &["GET", "PATCH"], get(clients::get_one).patch(clients::patch)),
        ("/keys/signing", &["GET"], get(keys::list)),
        ("/keys/signing/{kid}", &["GET"], get(keys::get_one)),
        ("/logs", &["GET"], get(logs::list)),
        ("/logs/{id}", &["GET"], get(logs::get_one)),
    ]
}

/// `(method, path template as in the excerpt)` of every Auth0 operation served.
pub fn served_routes() -> Vec<(&'static str, &'static str)> {
    table().into_iter().flat_map(|(path, methods, _)| methods.iter().map(move |m| (*m, path))).collect()
}

/// The excerpt's template a concrete request path belongs to (`/api/v2/clients/abc?fields=x` →
/// `/clients/{id}`).
pub fn template_of(path: &str) -> Option<&'static str> {
    let path = path.split('?').next().unwrap_or_default().strip_prefix(PREFIX)?;
    let parts: Vec<&str> = path.split('/').collect();
    table().into_iter().map(|(template, _, _)| template).find(|template| {
        let pattern: Vec<&str> = template.split('/').collect();
        pattern.len() == parts.len() && pattern.iter().zip(&parts).all(|(p, s)| (p.starts_with('{') && !s.is_empty()) || p == s)
    })
}

pub(crate) fn router() -> Router<Arc<Shared>> {
    table().into_iter().fold(Router::new(), |router, (path, _, handler)| router.route(&format!("{PREFIX}{path}"), handler))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concrete_paths_map_to_their_templates() {
        assert_eq!(template_of("/api/v2/clients?fields=name"), Some("/clients"));
        assert_eq!(template_of("/api/v2/clients/FlexSaml0Legacy0Client0000000001"), Some("/clients/{id}"));
        assert_eq!(template_of("/api/v2/keys/signing/abc"), Some("/keys/signing/{kid}"));
        assert_eq!(template_of("/api/v1/apps"), None);
        assert_eq!(served_routes().len(), 7);
    }
}
