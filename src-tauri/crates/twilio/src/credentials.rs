//! The credentials the app signs its Twilio calls with.
//!
//! Twilio accepts HTTP Basic auth with either `AccountSid:AuthToken` or `ApiKeySid:ApiKeySecret`
//! (FLEX-SSO-FACTS §2). The secret half lives in a [`Secret`], so `Debug` never shows it and no
//! struct holding it can be serialized by accident. What the UI may show is [`MaskedCredentials`].

use std::fmt;

use flex_sso_model::ids::{trim_pasted, AccountSid, ApiKeySid, SidError};
use flex_sso_secrets::Secret;
use serde::{Deserialize, Serialize};

use crate::error::CredentialKind;

/// How the calls are signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// The account's own Auth Token.
    AuthToken(Secret),
    /// An API key (`SK…`) and its secret. Standard and restricted keys cannot read the Account
    /// resource; Twilio answers 401/403 there (FLEX-SSO-FACTS §2).
    ApiKey { sid: ApiKeySid, secret: Secret },
}

/// An Account SID and the means to sign requests for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub account_sid: AccountSid,
    pub auth: Auth,
}

/// Names of the environment variables [`Credentials::from_env`] reads (the Twilio CLI's names).
pub mod env_vars {
    pub const ACCOUNT_SID: &str = "TWILIO_ACCOUNT_SID";
    pub const AUTH_TOKEN: &str = "TWILIO_AUTH_TOKEN";
    pub const API_KEY: &str = "TWILIO_API_KEY";
    pub const API_SECRET: &str = "TWILIO_API_SECRET";
}

/// Why credentials could not be put together. `Display` is the message the admin reads; none of
/// them ever contains a secret value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    #[error("{variable} is not set. Set it to your Account SID (it starts with AC), from the Twilio Console home page.")]
    MissingAccountSid { variable: &'static str },
    #[error("No secret to sign in with: set {auth_token}, or both {api_key} and {api_secret}.")]
    MissingAuth { auth_token: &'static str, api_key: &'static str, api_secret: &'static str },
    #[error("{present} is set but {missing} is not. An API key needs both its SID (SK…) and its secret.")]
    IncompleteApiKey { present: &'static str, missing: &'static str },
    #[error("{variable} does not hold a valid Account SID. {source}")]
    InvalidAccountSid { variable: &'static str, source: SidError },
    #[error("{variable} does not hold a valid API key SID. {source}")]
    InvalidApiKeySid { variable: &'static str, source: SidError },
    #[error("The saved Twilio credentials could not be read. Enter the Account SID and secret again.")]
    StoredUnreadable,
}

impl CredentialsError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            CredentialsError::MissingAccountSid { .. } => "credentials_missing_account_sid",
            CredentialsError::MissingAuth { .. } => "credentials_missing_auth",
            CredentialsError::IncompleteApiKey { .. } => "credentials_incomplete_api_key",
            CredentialsError::InvalidAccountSid { .. } => "credentials_invalid_account_sid",
            CredentialsError::InvalidApiKeySid { .. } => "credentials_invalid_api_key_sid",
            CredentialsError::StoredUnreadable => "credentials_stored_unreadable",
        }
    }
}

/// What the UI may show about the credentials: the SIDs shortened, and which kind of secret is in
/// use. Nothing of the secret itself, not even its length or last characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaskedCredentials {
    /// `AC…cdef`
    pub account_sid: String,
    pub kind: CredentialKind,
    /// `SK…1234` when an API key is in use.
    pub api_key_sid: Option<String>,
}

impl fmt::Display for MaskedCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.api_key_sid {
            Some(key) => write!(f, "{} with API key {}", self.account_sid, key),
            None => write!(f, "{} with its Auth Token", self.account_sid),
        }
    }
}

/// `AC0123…cdef` → `AC…cdef`: enough to tell accounts apart, short enough to read.
fn mask_sid(sid: &str) -> String {
    let head: String = sid.chars().take(2).collect();
    let count = sid.chars().count();
    let tail: String = sid.chars().skip(count.saturating_sub(4)).collect();
    format!("{head}…{tail}")
}

/// The keyring format, version 1. Borrowed so serializing copies no secret into a temporary.
#[derive(Serialize)]
struct StoredRef<'a> {
    v: u8,
    account_sid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_key_sid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_key_secret: Option<&'a str>,
}

#[derive(Deserialize)]
struct StoredOwned {
    v: u8,
    account_sid: String,
    auth_token: Option<String>,
    api_key_sid: Option<String>,
    api_key_secret: Option<String>,
}

impl Credentials {
    pub fn with_auth_token(account_sid: AccountSid, token: Secret) -> Self {
        Self { account_sid, auth: Auth::AuthToken(token) }
    }

    pub fn with_api_key(account_sid: AccountSid, key: ApiKeySid, secret: Secret) -> Self {
        Self { account_sid, auth: Auth::ApiKey { sid: key, secret } }
    }

    pub fn kind(&self) -> CredentialKind {
        match self.auth {
            Auth::AuthToken(_) => CredentialKind::AuthToken,
            Auth::ApiKey { .. } => CredentialKind::ApiKey,
        }
    }

    pub fn masked(&self) -> MaskedCredentials {
        MaskedCredentials {
            account_sid: mask_sid(self.account_sid.as_str()),
            kind: self.kind(),
            api_key_sid: match &self.auth {
                Auth::ApiKey { sid, .. } => Some(mask_sid(sid.as_str())),
                Auth::AuthToken(_) => None,
            },
        }
    }

    /// User name and password for HTTP Basic auth. Crate-private: only the HTTP client needs it.
    pub(crate) fn basic_auth(&self) -> (&str, &str) {
        match &self.auth {
            Auth::AuthToken(token) => (self.account_sid.as_str(), token.expose()),
            Auth::ApiKey { sid, secret } => (sid.as_str(), secret.expose()),
        }
    }

    /// Packs the credentials into one secret string for the OS keyring (JSON inside).
    pub fn to_keyring_secret(&self) -> Secret {
        let stored = match &self.auth {
            Auth::AuthToken(token) => StoredRef {
                v: 1,
                account_sid: self.account_sid.as_str(),
                auth_token: Some(token.expose()),
                api_key_sid: None,
                api_key_secret: None,
            },
            Auth::ApiKey { sid, secret } => StoredRef {
                v: 1,
                account_sid: self.account_sid.as_str(),
                auth_token: None,
                api_key_sid: Some(sid.as_str()),
                api_key_secret: Some(secret.expose()),
            },
        };
        // Serializing a struct of strings cannot fail; an empty secret would only make the next
        // decode fail cleanly with `StoredUnreadable`.
        Secret::new(serde_json::to_string(&stored).unwrap_or_default())
    }

    /// Reads what [`Credentials::to_keyring_secret`] wrote. Any damage gives `StoredUnreadable`,
    /// without detail: a parser's message could quote the stored text, which holds the secret.
    pub fn from_keyring_secret(stored: &Secret) -> Result<Self, CredentialsError> {
        let parsed: StoredOwned =
            serde_json::from_str(stored.expose()).map_err(|_| CredentialsError::StoredUnreadable)?;
        if parsed.v != 1 {
            return Err(CredentialsError::StoredUnreadable);
        }
        let account_sid = AccountSid::parse(&parsed.account_sid).map_err(|_| CredentialsError::StoredUnreadable)?;
        let auth = match (parsed.auth_token, parsed.api_key_sid, parsed.api_key_secret) {
            (Some(token), None, None) if !token.is_empty() => Auth::AuthToken(Secret::new(token)),
            (None, Some(key), Some(secret)) if !secret.is_empty() => Auth::ApiKey {
                sid: ApiKeySid::parse(&key).map_err(|_| CredentialsError::StoredUnreadable)?,
                secret: Secret::new(secret),
            },
            _ => return Err(CredentialsError::StoredUnreadable),
        };
        Ok(Self { account_sid, auth })
    }

    /// Reads `TWILIO_ACCOUNT_SID` and either `TWILIO_API_KEY` + `TWILIO_API_SECRET` or
    /// `TWILIO_AUTH_TOKEN`. When both kinds are complete the API key wins, as in the Twilio CLI:
    /// a key can be revoked on its own, the Auth Token cannot.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any lookup (tests pass a map). Empty values count as unset;
    /// what a paste drags along (spaces, quotes, a newline) is trimmed.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        use env_vars::*;
        let get = |name: &str| {
            lookup(name).map(|v| trim_pasted(&v).to_owned()).filter(|v| !v.is_empty())
        };
        let account_sid = get(ACCOUNT_SID).ok_or(CredentialsError::MissingAccountSid { variable: ACCOUNT_SID })?;
        let account_sid = AccountSid::parse(&account_sid)
            .map_err(|source| CredentialsError::InvalidAccountSid { variable: ACCOUNT_SID, source })?;
        match (get(API_KEY), get(API_SECRET)) {
            (Some(key), Some(secret)) => {
                let key = ApiKeySid::parse(&key)
                    .map_err(|source| CredentialsError::InvalidApiKeySid { variable: API_KEY, source })?;
                Ok(Self::with_api_key(account_sid, key, Secret::new(secret)))
            }
            (Some(_), None) => Err(CredentialsError::IncompleteApiKey { present: API_KEY, missing: API_SECRET }),
            (None, Some(_)) => Err(CredentialsError::IncompleteApiKey { present: API_SECRET, missing: API_KEY }),
            (None, None) => match get(AUTH_TOKEN) {
                Some(token) => Ok(Self::with_auth_token(account_sid, Secret::new(token))),
                None => Err(CredentialsError::MissingAuth { auth_token: AUTH_TOKEN, api_key: API_KEY, api_secret: API_SECRET }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";
    const SK: &str = "SKfedcba9876543210fedcba9876543210";
    const TOKEN: &str = "tok-7e57-very-secret";

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn env_gives_auth_token_or_api_key() {
        let creds = Credentials::from_lookup(env(&[("TWILIO_ACCOUNT_SID", AC), ("TWILIO_AUTH_TOKEN", " tok\n")])).unwrap();
        assert_eq!(creds.kind(), CredentialKind::AuthToken);
        assert_eq!(creds.basic_auth(), (AC, "tok"));

        let creds = Credentials::from_lookup(env(&[
            ("TWILIO_ACCOUNT_SID", AC), ("TWILIO_AUTH_TOKEN", TOKEN), ("TWILIO_API_KEY", SK), ("TWILIO_API_SECRET", "s3"),
        ]))
        .unwrap();
        assert_eq!(creds.kind(), CredentialKind::ApiKey);
        assert_eq!(creds.basic_auth(), (SK, "s3"));
    }

    #[test]
    fn env_errors_name_the_missing_or_bad_variable() {
        type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
        let cases: Vec<Case> = vec![
            (vec![], "credentials_missing_account_sid",
                "TWILIO_ACCOUNT_SID is not set. Set it to your Account SID (it starts with AC), from the Twilio Console home page."),
            (vec![("TWILIO_ACCOUNT_SID", AC), ("TWILIO_AUTH_TOKEN", "  ")], "credentials_missing_auth",
                "No secret to sign in with: set TWILIO_AUTH_TOKEN, or both TWILIO_API_KEY and TWILIO_API_SECRET."),
            (vec![("TWILIO_ACCOUNT_SID", AC), ("TWILIO_API_KEY", SK), ("TWILIO_AUTH_TOKEN", TOKEN)], "credentials_incomplete_api_key",
                "TWILIO_API_KEY is set but TWILIO_API_SECRET is not. An API key needs both its SID (SK…) and its secret."),
            (vec![("TWILIO_ACCOUNT_SID", AC), ("TWILIO_API_SECRET", "x")], "credentials_incomplete_api_key",
                "TWILIO_API_SECRET is set but TWILIO_API_KEY is not. An API key needs both its SID (SK…) and its secret."),
            (vec![("TWILIO_ACCOUNT_SID", "AC12"), ("TWILIO_AUTH_TOKEN", TOKEN)], "credentials_invalid_account_sid",
                "TWILIO_ACCOUNT_SID does not hold a valid Account SID. An Account SID has 34 characters; this has 4. Copy it again in one piece."),
            (vec![("TWILIO_ACCOUNT_SID", AC), ("TWILIO_API_KEY", AC), ("TWILIO_API_SECRET", "x")], "credentials_invalid_api_key_sid",
                "TWILIO_API_KEY does not hold a valid API key SID. The API key SID starts with SK; this one starts with \"AC\". Check that you copied the right value."),
        ];
        for (pairs, code, message) in cases {
            let err = Credentials::from_lookup(env(&pairs)).unwrap_err();
            assert_eq!(err.code(), code, "{pairs:?}");
            assert_eq!(err.to_string(), message, "{pairs:?}");
        }
    }

    #[test]
    fn masked_and_debug_forms_hide_the_secret() {
        let creds = Credentials::with_auth_token(AccountSid::parse(AC).unwrap(), Secret::new(TOKEN));
        let masked = creds.masked();
        assert_eq!(masked.to_string(), "AC…cdef with its Auth Token");
        assert_eq!(serde_json::to_string(&masked).unwrap(), r#"{"account_sid":"AC…cdef","kind":"auth_token","api_key_sid":null}"#);
        assert!(!format!("{creds:?}").contains(TOKEN));

        let creds = Credentials::with_api_key(AccountSid::parse(AC).unwrap(), ApiKeySid::parse(SK).unwrap(), Secret::new(TOKEN));
        assert_eq!(creds.masked().to_string(), "AC…cdef with API key SK…3210");
        assert!(!format!("{creds:?} {:?}", creds.masked()).contains(TOKEN));
    }

    #[test]
    fn keyring_form_round_trips() {
        let sid = AccountSid::parse(AC).unwrap();
        for creds in [
            Credentials::with_auth_token(sid.clone(), Secret::new(TOKEN)),
            Credentials::with_api_key(sid.clone(), ApiKeySid::parse(SK).unwrap(), Secret::new(TOKEN)),
        ] {
            let stored = creds.to_keyring_secret();
            assert_eq!(Credentials::from_keyring_secret(&stored).unwrap(), creds);
        }
    }

    #[test]
    fn damaged_keyring_entries_are_refused_without_echoing_them() {
        for text in [
            "", "not json", "{\"v\":2,\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"auth_token\":\"tok-7e57-very-secret\"}",
            "{\"v\":1,\"account_sid\":\"AC0123456789abcdef0123456789abcdef\"}",
            "{\"v\":1,\"account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"auth_token\":\"\"}",
            "{\"v\":1,\"account_sid\":\"ACx\",\"auth_token\":\"tok-7e57-very-secret\"}",
            "{\"v\":\"tok-7e57-very-secret\"}",
        ] {
            let err = Credentials::from_keyring_secret(&Secret::new(text)).unwrap_err();
            assert_eq!(err, CredentialsError::StoredUnreadable, "{text}");
            assert!(!format!("{err} {err:?}").contains(TOKEN));
        }
    }
}
