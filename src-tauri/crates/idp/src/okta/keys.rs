//! The app's signing certificates (`GET /api/v1/apps/{id}/credentials/keys`): Okta lists every key
//! of the app; the one in the app's `credentials.signing.kid` signs now.

use flex_sso_certificate::Certificate;
use serde::Deserialize;

use super::answers::judged;
use super::{OktaApp, OktaClient};
use crate::certificates::{in_health_order, IdpCertificate};
use crate::error::{Action, IdpError};

#[derive(Deserialize)]
struct Key {
    kid: Option<String>,
    #[serde(default)]
    x5c: Option<Vec<String>>,
}

impl OktaClient {
    pub async fn signing_certificates(&self, app: &OktaApp) -> Result<Vec<IdpCertificate>, IdpError> {
        let url = self.api.url(&format!("api/v1/apps/{}/credentials/keys", app.id()));
        let keys: Vec<Key> = judged(self.api.get(url, "list signing keys").await?, Action::ReadApps, &self.api.host())?;
        let signing = app.signing_kid();
        let mut list = Vec::new();
        for (index, key) in keys.into_iter().enumerate() {
            let (Some(kid), Some(first)) = (key.kid, key.x5c.and_then(|c| c.into_iter().next())) else { continue };
            match Certificate::from_base64(&first, index + 1) {
                Ok(certificate) => list.push(IdpCertificate::new(kid.clone(), Some(kid.as_str()) == signing, &certificate)),
                Err(error) => tracing::warn!(kid, code = error.code(), "an Okta signing key's certificate could not be read"),
            }
        }
        Ok(in_health_order(list))
    }
}
