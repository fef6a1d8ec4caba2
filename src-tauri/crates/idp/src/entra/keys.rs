//! The app's signing certificates: `GET /servicePrincipals/{id}?$select=keyCredentials` (the
//! certificate bytes come back only with that `$select` on one object). Each certificate is a
//! `Sign` (private key) and a `Verify` (public key) entry; the `Verify` ones carry the
//! certificate. The one whose thumbprint is the service principal's
//! `preferredTokenSigningKeyThumbprint` signs now.

use flex_sso_certificate::Certificate;
use serde::Deserialize;

use super::answers::judged;
use super::{EntraApp, EntraClient};
use crate::certificates::{in_health_order, IdpCertificate};
use crate::error::{Action, IdpError};

#[derive(Deserialize)]
struct KeyCredentials {
    #[serde(rename = "keyCredentials", default)]
    key_credentials: Option<Vec<KeyCredential>>,
}

#[derive(Deserialize)]
struct KeyCredential {
    #[serde(rename = "keyId")]
    key_id: Option<String>,
    usage: Option<String>,
    #[serde(rename = "customKeyIdentifier")]
    custom_key_identifier: Option<String>,
    key: Option<String>,
}

impl EntraClient {
    pub async fn signing_certificates(&self, app: &EntraApp) -> Result<Vec<IdpCertificate>, IdpError> {
        let mut url = self.api.url(&format!("servicePrincipals/{}", app.service_principal_id()));
        url.set_query(Some("$select=keyCredentials"));
        let answer = self.api.get(url, "read signing certificates").await?;
        let keys: KeyCredentials = judged(answer, Action::ReadApps, &self.api.host())?;
        let thumbprint = app.signing_thumbprint().unwrap_or_default();
        let mut list = Vec::new();
        for (index, key) in keys.key_credentials.unwrap_or_default().into_iter().enumerate() {
            if !key.usage.as_deref().is_some_and(|u| u.eq_ignore_ascii_case("Verify")) {
                continue;
            }
            let (Some(id), Some(body)) = (key.key_id, key.key) else { continue };
            match Certificate::from_base64(&body, index + 1) {
                Ok(certificate) => {
                    let sha1 = certificate.sha1_fingerprint().replace(':', "");
                    // The thumbprint is the certificate's SHA-1; customKeyIdentifier holds it too
                    // when Entra made the certificate. Either identifies the signing one.
                    let signs_now = !thumbprint.is_empty()
                        && (sha1.eq_ignore_ascii_case(thumbprint) || key.custom_key_identifier.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(thumbprint)));
                    list.push(IdpCertificate::new(id, signs_now, &certificate));
                }
                Err(error) => tracing::warn!(key_id = %id, code = error.code(), "an Entra signing certificate could not be read"),
            }
        }
        Ok(in_health_order(list))
    }
}
