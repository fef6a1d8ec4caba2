//! Signing in to Microsoft with the OAuth 2.0 device authorization grant (`graph_device_code_flow`):
//! the app asks `{login}/{tenant}/oauth2/v2.0/devicecode` for a code, shows the user the code and
//! the page to enter it at, then asks `…/oauth2/v2.0/token` every `interval` seconds until the
//! user has signed in (`authorization_pending` means not yet; `slow_down` asks for 5 s more
//! between polls). Waits go through the [`ClientOptions`] sleeper, so tests spend no time.
//!
//! `client_id` is an app registration in the admin's tenant that allows public client flows:
//! this project has no registered Microsoft app of its own, so the admin provides it.

use std::fmt;
use std::time::Duration;

use flex_sso_secrets::Secret;
use serde::Deserialize;

use super::address::{parse_base_url, parse_tenant};
use crate::error::{IdpError, SignInEnd};
use crate::http::{ApiClient, ClientOptions};
use crate::IdpKind;

const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 8628 §3.5: on `slow_down` the interval grows by 5 seconds.
const SLOW_DOWN_STEP: u64 = 5;
/// When the answer names no interval (RFC 8628 §3.2 default).
const DEFAULT_INTERVAL: u64 = 5;

/// The code to show the user. The device code itself stays inside.
#[derive(Clone)]
pub struct DeviceCode {
    pub user_code: String,
    pub verification_uri: String,
    /// Microsoft's own sentence telling the user what to do, to show as is.
    pub message: Option<String>,
    pub expires_in: u64,
    pub interval: u64,
    device_code: Secret,
}

impl fmt::Debug for DeviceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceCode")
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri)
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

/// What a finished sign-in gives.
#[derive(Clone)]
pub struct EntraTokens {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    pub expires_in: Option<u64>,
    /// The scopes granted, space-separated, as Microsoft returned them.
    pub scope: Option<String>,
}

impl fmt::Debug for EntraTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntraTokens").field("expires_in", &self.expires_in).field("scope", &self.scope).finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct CodeAnswer {
    device_code: String,
    user_code: String,
    verification_uri: String,
    expires_in: Option<u64>,
    interval: Option<u64>,
    message: Option<String>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    refresh_token: Option<String>,
    expires_in: Option<u64>,
    scope: Option<String>,
    error: Option<String>,
}

/// The device code sign-in for one tenant and client id.
#[derive(Clone, Debug)]
pub struct DeviceSignIn {
    api: ApiClient,
    tenant: String,
    client_id: String,
}

impl DeviceSignIn {
    /// `login_base` is [`super::LOGIN_BASE_URL`] (or the emulator's `{base}/login`).
    pub fn new(login_base: &str, tenant: &str, client_id: &str, options: ClientOptions) -> Result<Self, IdpError> {
        let base = parse_base_url(login_base)?;
        let tenant = parse_tenant(tenant)?;
        let client_id = client_id.trim().to_ascii_lowercase();
        if !super::address::is_guid(&client_id) {
            return Err(IdpError::BadAddress { idp: IdpKind::Entra, reason: "the client id must be an Application (client) ID".to_owned() });
        }
        Ok(Self { api: ApiClient::anonymous(base, options)?, tenant, client_id })
    }

    /// Asks for a code for `scopes` ([`super::READ_SCOPES`] or [`super::WRITE_SCOPES`]).
    pub async fn start(&self, scopes: &str) -> Result<DeviceCode, IdpError> {
        let url = self.api.url(&format!("{}/oauth2/v2.0/devicecode", self.tenant));
        let answer = self.api.post_form(url, &[("client_id", &self.client_id), ("scope", scopes)]).await?;
        if answer.status != 200 {
            return Err(self.oauth_error(answer.status, &answer.body));
        }
        let code: CodeAnswer = serde_json::from_slice(&answer.body).map_err(|_| self.unreadable(answer.status))?;
        Ok(DeviceCode {
            user_code: code.user_code,
            verification_uri: code.verification_uri,
            message: code.message,
            expires_in: code.expires_in.unwrap_or(900),
            interval: code.interval.unwrap_or(DEFAULT_INTERVAL).max(1),
            device_code: Secret::new(code.device_code),
        })
    }

    /// Polls until the user signs in, declines, or the code expires.
    pub async fn wait_for_token(&self, code: &DeviceCode) -> Result<EntraTokens, IdpError> {
        let url = self.api.url(&format!("{}/oauth2/v2.0/token", self.tenant));
        let mut interval = code.interval;
        let mut waited = 0u64;
        loop {
            if waited >= code.expires_in {
                return Err(IdpError::SignInEnded { idp: IdpKind::Entra, why: SignInEnd::Expired });
            }
            (self.api.options().sleeper)(Duration::from_secs(interval)).await;
            waited += interval;
            let fields = [("grant_type", DEVICE_CODE_GRANT), ("client_id", self.client_id.as_str()), ("device_code", code.device_code.expose())];
            let answer = self.api.post_form(url.clone(), &fields).await?;
            let parsed: TokenAnswer = serde_json::from_slice(&answer.body).map_err(|_| self.unreadable(answer.status))?;
            if answer.status == 200 {
                let Some(access_token) = parsed.access_token else { return Err(self.unreadable(200)) };
                tracing::info!(scope = parsed.scope.as_deref().unwrap_or(""), "signed in to Microsoft");
                return Ok(EntraTokens {
                    access_token: Secret::new(access_token),
                    refresh_token: parsed.refresh_token.map(Secret::new),
                    expires_in: parsed.expires_in,
                    scope: parsed.scope,
                });
            }
            match parsed.error.as_deref() {
                Some("authorization_pending") => {}
                Some("slow_down") => interval += SLOW_DOWN_STEP,
                Some("authorization_declined") => return Err(IdpError::SignInEnded { idp: IdpKind::Entra, why: SignInEnd::Declined }),
                Some("expired_token") => return Err(IdpError::SignInEnded { idp: IdpKind::Entra, why: SignInEnd::Expired }),
                Some("bad_verification_code") => return Err(IdpError::SignInEnded { idp: IdpKind::Entra, why: SignInEnd::UnknownCode }),
                _ => return Err(self.oauth_error(answer.status, &answer.body)),
            }
        }
    }

    /// An OAuth error answer (`{"error": "invalid_client", "error_description": …}`): only the
    /// error word is kept (the description may quote the request).
    fn oauth_error(&self, status: u16, body: &[u8]) -> IdpError {
        let code = serde_json::from_slice::<TokenAnswer>(body).ok().and_then(|t| t.error).filter(|e| e.len() <= 40 && e.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        tracing::debug!(status, code = code.as_deref().unwrap_or(""), "Microsoft's sign-in service refused");
        IdpError::UnexpectedAnswer { host: self.api.host(), status, idp_code: code }
    }

    fn unreadable(&self, status: u16) -> IdpError {
        IdpError::UnexpectedAnswer { host: self.api.host(), status, idp_code: None }
    }
}
