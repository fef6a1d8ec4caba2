//! What can go wrong when talking to an IdP's management API, in words an admin can act on.
//!
//! Like the Twilio errors, a variant carries only what is safe to show: a host, an HTTP status,
//! the IdP's own error code, the app's label. Never a token, a header, or a response body (an
//! Okta error summary may quote a submitted value, so only its code is kept).

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::kind::IdpKind;
use crate::AppRef;

/// What the app wanted to do when the IdP said no: the message names the permission it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ReadApps,
    ChangeApp,
    ReadLogs,
}

/// A failed IdP call or a check that could not be made. `Display` says what is wrong, then what
/// to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdpError {
    /// The address the admin typed is not a usable base URL.
    #[error("{} {}", self.message(), self.fix())]
    BadAddress { idp: IdpKind, reason: String },
    /// 401: the token is wrong, expired or revoked.
    #[error("{} {}", self.message(), self.fix())]
    TokenRefused { idp: IdpKind, idp_code: Option<String> },
    /// 403: the token is good but may not do this.
    #[error("{} {}", self.message(), self.fix())]
    NoPermission { idp: IdpKind, action: Action, idp_code: Option<String> },
    /// 429 after the retries the policy allows.
    #[error("{} {}", self.message(), self.fix())]
    RateLimited { idp: IdpKind, retry_after_seconds: Option<u64> },
    /// The app the admin picked (by id) does not exist, or no longer does.
    #[error("{} {}", self.message(), self.fix())]
    AppNotFound { idp: IdpKind, app: String },
    /// No SAML app looks like the Flex one.
    #[error("{} {}", self.message(), self.fix())]
    NoFlexApp { idp: IdpKind, searched: String },
    /// Several apps could be the Flex one: the admin picks.
    #[error("{} {}", self.message(), self.fix())]
    SeveralApps { idp: IdpKind, candidates: Vec<AppRef> },
    /// Someone changed the app in the IdP after the app read it: nothing was written.
    #[error("{} {}", self.message(), self.fix())]
    ChangedSinceRead { idp: IdpKind, app_label: String },
    /// The IdP refused the update as invalid (400): nothing changed.
    #[error("{} {}", self.message(), self.fix())]
    UpdateRejected { idp: IdpKind, status: u16, idp_code: Option<String> },
    /// The update was accepted, but reading the app again shows other values.
    #[error("{} {}", self.message(), self.fix())]
    NotVerified { idp: IdpKind, fields: Vec<String> },
    #[error("{} {}", self.message(), self.fix())]
    Unreachable { host: String },
    #[error("{} {}", self.message(), self.fix())]
    Timeout { host: String, seconds: u64 },
    /// 5xx, or an answer this app cannot read.
    #[error("{} {}", self.message(), self.fix())]
    UnexpectedAnswer { host: String, status: u16, idp_code: Option<String> },
    #[error("{} {}", self.message(), self.fix())]
    ClientSetup,
    /// The sign-in in the browser (OAuth device code flow) ended without a token.
    #[error("{} {}", self.message(), self.fix())]
    SignInEnded { idp: IdpKind, why: SignInEnd },
}

/// How a device code sign-in ended without a token (RFC 8628 §3.5 error codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInEnd {
    /// `authorization_declined`: the user said no at the sign-in page.
    Declined,
    /// `expired_token`: the code was not entered in time.
    Expired,
    /// `bad_verification_code`: the IdP does not know the code.
    UnknownCode,
}

impl IdpError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            IdpError::BadAddress { .. } => "idp_bad_address",
            IdpError::TokenRefused { .. } => "idp_token_refused",
            IdpError::NoPermission { action: Action::ChangeApp, .. } => "idp_read_only",
            IdpError::NoPermission { .. } => "idp_no_permission",
            IdpError::RateLimited { .. } => "idp_rate_limited",
            IdpError::AppNotFound { .. } => "idp_app_not_found",
            IdpError::NoFlexApp { .. } => "idp_no_flex_app",
            IdpError::SeveralApps { .. } => "idp_several_apps",
            IdpError::ChangedSinceRead { .. } => "idp_changed_since_read",
            IdpError::UpdateRejected { .. } => "idp_update_rejected",
            IdpError::NotVerified { .. } => "idp_not_verified",
            IdpError::Unreachable { .. } => "idp_unreachable",
            IdpError::Timeout { .. } => "idp_timeout",
            IdpError::UnexpectedAnswer { .. } => "idp_unexpected_answer",
            IdpError::ClientSetup => "idp_client_setup_failed",
            IdpError::SignInEnded { why: SignInEnd::Declined, .. } => "idp_sign_in_declined",
            IdpError::SignInEnded { why: SignInEnd::Expired, .. } => "idp_sign_in_expired",
            IdpError::SignInEnded { why: SignInEnd::UnknownCode, .. } => "idp_sign_in_unknown_code",
        }
    }

    /// Whether asking again may help (only ever used for GETs).
    pub fn is_transient(&self) -> bool {
        matches!(self, IdpError::Timeout { .. } | IdpError::RateLimited { .. } | IdpError::UnexpectedAnswer { status: 500..=599, .. })
    }

    /// What is wrong, in one or two plain sentences.
    pub fn message(&self) -> String {
        match self {
            IdpError::BadAddress { idp, reason } => format!("That {} address cannot be used: {reason}.", idp.name()),
            IdpError::TokenRefused { idp, idp_code } => {
                format!("{} did not accept the token{}.", idp.name(), code_note(idp_code))
            }
            IdpError::NoPermission { idp, action, idp_code } => {
                let what = match action {
                    Action::ReadApps => "read its apps",
                    Action::ChangeApp => "change apps",
                    Action::ReadLogs => "read its sign-in log",
                };
                format!("{} accepted the token, but the token may not {what}{}.", idp.name(), code_note(idp_code))
            }
            IdpError::RateLimited { idp, retry_after_seconds: Some(s) } => {
                format!("{} is limiting how fast this token may call it and asked to wait {s} s.", idp.name())
            }
            IdpError::RateLimited { idp, retry_after_seconds: None } => {
                format!("{} is limiting how fast this token may call it.", idp.name())
            }
            IdpError::AppNotFound { idp, app } => format!("{} has no app {app} (any more).", idp.name()),
            IdpError::NoFlexApp { idp, searched } => {
                format!("No SAML app in {} looks like the Flex one ({searched}).", idp.name())
            }
            IdpError::SeveralApps { idp, candidates } => {
                let names: Vec<String> = candidates.iter().map(|c| format!("\"{}\" ({})", c.label, c.id)).collect();
                format!("{} has {} apps that could be the Flex one: {}.", idp.name(), candidates.len(), names.join(", "))
            }
            IdpError::ChangedSinceRead { idp, app_label } => format!(
                "Someone changed \"{app_label}\" in {} after this app read it, so nothing was written.",
                idp.name()
            ),
            IdpError::UpdateRejected { idp, status, idp_code } => {
                format!("{} refused the change (HTTP {status}{}); nothing was changed.", idp.name(), code_note(idp_code).replace(" (", ", ").replace(')', ""))
            }
            IdpError::NotVerified { idp, fields } => format!(
                "{} accepted the change, but reading the app again shows other values in: {}.",
                idp.name(),
                fields.join(", ")
            ),
            IdpError::Unreachable { host } => format!("Could not connect to {host}."),
            IdpError::Timeout { host, seconds } => format!("{host} did not answer within {seconds} s."),
            IdpError::UnexpectedAnswer { host, status, idp_code } => {
                format!("{host} gave an answer this app does not understand (HTTP {status}{}).", code_note(idp_code).replace(" (", ", ").replace(')', ""))
            }
            IdpError::ClientSetup => "This app could not prepare its secure connection.".to_owned(),
            IdpError::SignInEnded { idp, why: SignInEnd::Declined } => format!("The sign-in to {} was declined.", idp.name()),
            IdpError::SignInEnded { idp, why: SignInEnd::Expired } => format!("The code was not entered at {}'s sign-in page in time.", idp.name()),
            IdpError::SignInEnded { idp, why: SignInEnd::UnknownCode } => format!("{} did not recognise the sign-in code.", idp.name()),
        }
    }

    /// What the admin can do about it.
    pub fn fix(&self) -> String {
        match self {
            IdpError::BadAddress { idp: IdpKind::Entra, .. } => format!("Enter your tenant's domain name or its tenant id, for example {}.", IdpKind::Entra.example_address()),
            IdpError::BadAddress { idp, .. } => format!("Enter the address you open {} at, for example {}.", idp.name(), idp.example_address()),
            IdpError::TokenRefused { idp, .. } => idp.how_to_get_a_token().to_owned(),
            IdpError::NoPermission { idp, action, .. } => idp.permission_needed(*action).to_owned(),
            IdpError::RateLimited { .. } => "Wait a minute, then check again.".to_owned(),
            IdpError::AppNotFound { .. } => "Search again and pick the Flex app from the list.".to_owned(),
            IdpError::NoFlexApp { idp, .. } => format!(
                "Enter the app's name as {} shows it, or its id, and search again; or confirm step 2 by hand.",
                idp.name()
            ),
            IdpError::SeveralApps { .. } => "Pick the one your Flex users sign in with (the app's id or its exact name).".to_owned(),
            IdpError::ChangedSinceRead { .. } => "Read the app again, look at the new preview, and apply it if it is still right.".to_owned(),
            IdpError::UpdateRejected { idp, .. } => format!("Make the change by hand in {} with the values shown, or report this.", idp.name()),
            IdpError::NotVerified { idp, .. } => format!("Open the app in {} and check the values by hand.", idp.name()),
            IdpError::Unreachable { .. } => "Check the address and the network connection (Wi-Fi, VPN, proxy), then try again.".to_owned(),
            IdpError::Timeout { .. } => "Check the network connection and try again.".to_owned(),
            IdpError::UnexpectedAnswer { .. } => "Try again later. If it keeps happening, report it with the code shown.".to_owned(),
            IdpError::ClientSetup => "Restart the app. If it keeps happening, report it.".to_owned(),
            IdpError::SignInEnded { .. } => "Start the sign-in again and enter the new code shown, as a user who may approve it.".to_owned(),
        }
    }
}

fn code_note(idp_code: &Option<String>) -> String {
    match idp_code {
        Some(code) => format!(" ({code})"),
        None => String::new(),
    }
}

/// `{code, message}`, the shape every error takes on its way to the UI and the CLI's JSON.
impl Serialize for IdpError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("IdpError", 2)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let error = IdpError::NoPermission { idp: IdpKind::Okta, action: Action::ChangeApp, idp_code: Some("E0000006".into()) };
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["code"], "idp_read_only");
        let message = json["message"].as_str().unwrap();
        assert!(message.starts_with("Okta accepted the token, but the token may not change apps (E0000006)."), "{message}");
        assert!(message.contains("okta.apps.manage"), "{message}");
        assert_eq!(json.as_object().unwrap().len(), 2);
    }

    #[test]
    fn rejected_update_names_the_status_and_code_once() {
        let error = IdpError::UpdateRejected { idp: IdpKind::Okta, status: 400, idp_code: Some("E0000001".into()) };
        assert!(error.to_string().starts_with("Okta refused the change (HTTP 400, E0000001); nothing was changed."), "{error}");
    }
}
