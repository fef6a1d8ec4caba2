//! The tenant's application signing keys (`GET /api/v2/keys/signing`): Auth0 signs every
//! application's SAML responses with the tenant's current key and publishes the next one in
//! advance, so the list is the same for every client.

use flex_sso_certificate::parse_text;
use serde::Deserialize;

use super::answers::judged;
use super::Auth0Client;
use crate::certificates::{in_health_order, IdpCertificate};
use crate::error::{Action, IdpError};

#[derive(Deserialize)]
struct SigningKey {
    kid: Option<String>,
    cert: Option<String>,
    #[serde(default)]
    current: Option<bool>,
    #[serde(default)]
    revoked: Option<bool>,
}

impl Auth0Client {
    pub async fn signing_certificates(&self) -> Result<Vec<IdpCertificate>, IdpError> {
        let url = self.api.url("api/v2/keys/signing");
        let keys: Vec<SigningKey> = judged(self.api.get(url, "list signing keys").await?, Action::ReadApps, &self.api.host())?;
        let mut list = Vec::new();
        for key in keys.into_iter().filter(|k| k.revoked != Some(true)) {
            let (Some(kid), Some(pem)) = (key.kid, key.cert) else { continue };
            match parse_text(&pem).map(|certs| certs.into_iter().next()) {
                Ok(Some(certificate)) => list.push(IdpCertificate::new(kid, key.current == Some(true), &certificate)),
                Ok(None) => tracing::warn!(kid, "an Auth0 signing key has no certificate"),
                Err(error) => tracing::warn!(kid, code = error.code(), "an Auth0 signing key's certificate could not be read"),
            }
        }
        Ok(in_health_order(list))
    }
}
