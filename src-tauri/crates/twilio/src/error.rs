//! What can go wrong when talking to Twilio, in words an admin can act on.
//!
//! Every variant carries only what is safe to show: a host name, an HTTP status, Twilio's numeric
//! error code. Never a response body (the Account resource returns the account's Auth Token in
//! its body), never a header, never a credential.

use serde::Serialize;

/// Twilio error codes this crate recognises. Sources: the pages
/// `https://www.twilio.com/docs/api/errors/{code}`.
pub mod codes {
    /// "Authenticate": the Account SID / API key and secret pair was refused.
    pub const AUTHENTICATE: u32 = 20003;
    /// "Account not active" (ran out of funds, or trial not activated).
    pub const ACCOUNT_NOT_ACTIVE: u32 = 20005;
    /// "Account is not active": the account or its parent is suspended.
    pub const ACCOUNT_IS_NOT_ACTIVE: u32 = 10001;
    /// "Account is not active" as some newer products report it.
    pub const ACCOUNT_NOT_IN_ACTIVE_STATE: u32 = 90010;
    /// "The requested resource ... was not found".
    pub const NOT_FOUND: u32 = 20404;
    /// "Too Many Requests".
    pub const TOO_MANY_REQUESTS: u32 = 20429;
}

/// Which kind of secret the admin gave, so messages can name the right thing to re-copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    AuthToken,
    ApiKey,
}

impl CredentialKind {
    fn what_to_recopy(self) -> &'static str {
        match self {
            CredentialKind::AuthToken => "Copy the Account SID and Auth Token again from the Twilio Console (Account > API keys & tokens)",
            CredentialKind::ApiKey => "Copy the API key SID and its secret again (Twilio shows a key's secret only once, when the key is created; if you no longer have it, create a new API key in the Twilio Console under Account > API keys & tokens)",
        }
    }
}

fn seconds(n: u64) -> String {
    if n == 1 {
        "1 second".to_owned()
    } else {
        format!("{n} seconds")
    }
}

/// A failed call to Twilio. `Display` says what is wrong and then what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TwilioError {
    #[error("{} {}", self.message(), self.fix())]
    WrongCredentials { kind: CredentialKind },
    #[error("{} {}", self.message(), self.fix())]
    AccountSuspended,
    #[error("{} {}", self.message(), self.fix())]
    AccountClosed,
    #[error("{} {}", self.message(), self.fix())]
    FlexNotSetUp,
    #[error("{} {}", self.message(), self.fix())]
    PermissionDenied { kind: CredentialKind },
    #[error("{} {}", self.message(), self.fix())]
    RateLimited { retry_after_seconds: Option<u64> },
    #[error("{} {}", self.message(), self.fix())]
    TwilioUnavailable { host: String, status: u16 },
    #[error("{} {}", self.message(), self.fix())]
    Offline { host: String },
    #[error("{} {}", self.message(), self.fix())]
    DnsFailure { host: String },
    #[error("{} {}", self.message(), self.fix())]
    TlsFailure { host: String },
    #[error("{} {}", self.message(), self.fix())]
    CertificateNotTrusted { host: String },
    #[error("{} {}", self.message(), self.fix())]
    ConnectionCut { host: String },
    #[error("{} {}", self.message(), self.fix())]
    Timeout { host: String, seconds: u64 },
    #[error("{} {}", self.message(), self.fix())]
    UnexpectedResponse { host: String, status: u16, twilio_code: Option<u32> },
    #[error("{} {}", self.message(), self.fix())]
    ClientSetup,
}

impl TwilioError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            TwilioError::WrongCredentials { .. } => "wrong_credentials",
            TwilioError::AccountSuspended => "account_suspended",
            TwilioError::AccountClosed => "account_closed",
            TwilioError::FlexNotSetUp => "flex_not_set_up",
            TwilioError::PermissionDenied { .. } => "permission_denied",
            TwilioError::RateLimited { .. } => "rate_limited",
            TwilioError::TwilioUnavailable { .. } => "twilio_unavailable",
            TwilioError::Offline { .. } => "offline",
            TwilioError::DnsFailure { .. } => "dns_failure",
            TwilioError::TlsFailure { .. } => "tls_failure",
            TwilioError::CertificateNotTrusted { .. } => "tls_certificate_untrusted",
            TwilioError::ConnectionCut { .. } => "connection_cut",
            TwilioError::Timeout { .. } => "timeout",
            TwilioError::UnexpectedResponse { .. } => "unexpected_response",
            TwilioError::ClientSetup => "client_setup_failed",
        }
    }

    /// What is wrong, in one or two plain sentences.
    pub fn message(&self) -> String {
        match self {
            TwilioError::WrongCredentials { kind: CredentialKind::AuthToken } => {
                "Twilio did not accept the Account SID and Auth Token.".to_owned()
            }
            TwilioError::WrongCredentials { kind: CredentialKind::ApiKey } => {
                "Twilio did not accept the API key and secret for this Account SID.".to_owned()
            }
            TwilioError::AccountSuspended => "This Twilio account is suspended, so Twilio refuses its requests.".to_owned(),
            TwilioError::AccountClosed => "This Twilio account is closed.".to_owned(),
            TwilioError::FlexNotSetUp => "Flex is not set up on this Twilio account.".to_owned(),
            TwilioError::PermissionDenied { .. } => {
                "Twilio accepted the credentials but they may not read the Flex configuration.".to_owned()
            }
            TwilioError::RateLimited { retry_after_seconds: Some(s) } => {
                format!("Twilio is limiting how fast this account may call it and asked to wait {}.", seconds(*s))
            }
            TwilioError::RateLimited { retry_after_seconds: None } => {
                "Twilio is limiting how fast this account may call it.".to_owned()
            }
            TwilioError::TwilioUnavailable { host, status } => {
                format!("Twilio ({host}) is having trouble right now (HTTP {status}).")
            }
            TwilioError::Offline { host } => format!("Could not connect to {host}: this computer seems to be offline."),
            TwilioError::DnsFailure { host } => format!("Could not find {host}: the name lookup failed."),
            TwilioError::TlsFailure { host } => {
                format!("Could not open a secure connection to {host}: the secure connection (TLS) failed.")
            }
            TwilioError::CertificateNotTrusted { host } => format!(
                "The server at {host} showed a certificate this computer does not trust, so the app stopped before sending your credentials."
            ),
            TwilioError::ConnectionCut { host } => format!("The connection to {host} was cut off before an answer arrived."),
            TwilioError::Timeout { host, seconds: s } => format!("{host} did not answer within {}.", seconds(*s)),
            TwilioError::UnexpectedResponse { host, status, twilio_code: Some(code) } => {
                format!("{host} gave an answer this app does not understand (HTTP {status}, Twilio error {code}).")
            }
            TwilioError::UnexpectedResponse { host, status, twilio_code: None } => {
                format!("{host} gave an answer this app does not understand (HTTP {status}).")
            }
            TwilioError::ClientSetup => "This app could not prepare its secure connection to Twilio.".to_owned(),
        }
    }

    /// What the admin can do about it.
    pub fn fix(&self) -> String {
        match self {
            TwilioError::WrongCredentials { kind } => format!("{} and enter them in this app again (Enter new credentials).", kind.what_to_recopy()),
            TwilioError::AccountSuspended => "Check the account's balance and e-mails from Twilio in the Console, settle what is due, then try again; if it stays suspended, contact Twilio Support.".to_owned(),
            TwilioError::AccountClosed => "Use the credentials of the account that runs your Flex contact center.".to_owned(),
            TwilioError::FlexNotSetUp => "Check that this is the account that runs your Flex contact center (Console > Flex). If it is a subaccount, use the credentials of the account where Flex is.".to_owned(),
            TwilioError::PermissionDenied { kind: CredentialKind::ApiKey } => "Use an API key of type Main, or the Account SID with its Auth Token.".to_owned(),
            TwilioError::PermissionDenied { kind: CredentialKind::AuthToken } => "Check that the Account SID is the one that runs Flex, or ask Twilio Support why access is refused.".to_owned(),
            TwilioError::RateLimited { .. } => "Wait a minute, then run the check again.".to_owned(),
            TwilioError::TwilioUnavailable { .. } => "Wait a few minutes and try again; https://status.twilio.com shows known incidents.".to_owned(),
            TwilioError::Offline { .. } => "Check the network connection (Wi-Fi, cable, VPN), then try again.".to_owned(),
            TwilioError::DnsFailure { .. } => "Check the network connection; on a company network, ask IT whether Twilio's addresses are blocked.".to_owned(),
            TwilioError::TlsFailure { .. } => "A proxy or security software on this network may be intercepting secure connections; ask IT to allow Twilio's addresses, or try another network.".to_owned(),
            TwilioError::CertificateNotTrusted { .. } => "Something on this network (a company proxy, security software, a captive Wi-Fi page) is answering in Twilio's place. Ask IT to let the app reach Twilio directly, or try another network.".to_owned(),
            TwilioError::ConnectionCut { .. } => "Try again. If it keeps happening, a proxy, firewall or VPN on this network may be closing connections to Twilio.".to_owned(),
            TwilioError::Timeout { .. } => "Check the network connection and try again; a slow VPN or proxy can cause this.".to_owned(),
            TwilioError::UnexpectedResponse { .. } => "Try again later. If it keeps happening, report it together with the code shown.".to_owned(),
            TwilioError::ClientSetup => "Restart the app. If it keeps happening, report it.".to_owned(),
        }
    }

    /// Whether trying the same GET again may help: timeouts, cut connections, rate limits and
    /// Twilio-side errors. (Retrying is safe only because every call here is a GET: a request
    /// that changes something must never be repeated on these grounds, since a cut connection
    /// or a timeout does not say whether Twilio acted on it.)
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            TwilioError::Timeout { .. }
                | TwilioError::ConnectionCut { .. }
                | TwilioError::RateLimited { .. }
                | TwilioError::TwilioUnavailable { .. }
        )
    }

    /// The serializable form the UI and the CLI show.
    pub fn to_problem(&self) -> Problem {
        Problem { code: self.code().to_owned(), message: self.message(), fix: self.fix() }
    }
}

/// One thing the admin must look at: a stable code, what is wrong, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: String,
    pub message: String,
    pub fix: String,
}

impl From<&TwilioError> for Problem {
    fn from(error: &TwilioError) -> Self {
        error.to_problem()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_messages_are_exact() {
        let host = || "flex-api.twilio.com".to_owned();
        let cases: Vec<(TwilioError, &str, &str)> = vec![
            (TwilioError::WrongCredentials { kind: CredentialKind::AuthToken }, "wrong_credentials",
                "Twilio did not accept the Account SID and Auth Token. Copy the Account SID and Auth Token again from the Twilio Console (Account > API keys & tokens) and enter them in this app again (Enter new credentials)."),
            (TwilioError::AccountSuspended, "account_suspended",
                "This Twilio account is suspended, so Twilio refuses its requests. Check the account's balance and e-mails from Twilio in the Console, settle what is due, then try again; if it stays suspended, contact Twilio Support."),
            (TwilioError::FlexNotSetUp, "flex_not_set_up",
                "Flex is not set up on this Twilio account. Check that this is the account that runs your Flex contact center (Console > Flex). If it is a subaccount, use the credentials of the account where Flex is."),
            (TwilioError::RateLimited { retry_after_seconds: Some(7) }, "rate_limited",
                "Twilio is limiting how fast this account may call it and asked to wait 7 seconds. Wait a minute, then run the check again."),
            (TwilioError::RateLimited { retry_after_seconds: Some(1) }, "rate_limited",
                "Twilio is limiting how fast this account may call it and asked to wait 1 second. Wait a minute, then run the check again."),
            (TwilioError::TwilioUnavailable { host: host(), status: 503 }, "twilio_unavailable",
                "Twilio (flex-api.twilio.com) is having trouble right now (HTTP 503). Wait a few minutes and try again; https://status.twilio.com shows known incidents."),
            (TwilioError::Offline { host: host() }, "offline",
                "Could not connect to flex-api.twilio.com: this computer seems to be offline. Check the network connection (Wi-Fi, cable, VPN), then try again."),
            (TwilioError::ConnectionCut { host: host() }, "connection_cut",
                "The connection to flex-api.twilio.com was cut off before an answer arrived. Try again. If it keeps happening, a proxy, firewall or VPN on this network may be closing connections to Twilio."),
            (TwilioError::CertificateNotTrusted { host: host() }, "tls_certificate_untrusted",
                "The server at flex-api.twilio.com showed a certificate this computer does not trust, so the app stopped before sending your credentials. Something on this network (a company proxy, security software, a captive Wi-Fi page) is answering in Twilio's place. Ask IT to let the app reach Twilio directly, or try another network."),
            (TwilioError::Timeout { host: host(), seconds: 15 }, "timeout",
                "flex-api.twilio.com did not answer within 15 seconds. Check the network connection and try again; a slow VPN or proxy can cause this."),
            (TwilioError::UnexpectedResponse { host: host(), status: 418, twilio_code: Some(12345) }, "unexpected_response",
                "flex-api.twilio.com gave an answer this app does not understand (HTTP 418, Twilio error 12345). Try again later. If it keeps happening, report it together with the code shown."),
        ];
        for (error, code, display) in cases {
            assert_eq!(error.code(), code);
            assert_eq!(error.to_string(), display);
            let problem = error.to_problem();
            assert_eq!(format!("{} {}", problem.message, problem.fix), display);
        }
    }

    #[test]
    fn only_transient_failures_are_retried() {
        assert!(TwilioError::Timeout { host: "h".into(), seconds: 1 }.is_transient());
        assert!(TwilioError::RateLimited { retry_after_seconds: None }.is_transient());
        assert!(TwilioError::TwilioUnavailable { host: "h".into(), status: 500 }.is_transient());
        assert!(!TwilioError::WrongCredentials { kind: CredentialKind::ApiKey }.is_transient());
        assert!(!TwilioError::Offline { host: "h".into() }.is_transient());
        assert!(TwilioError::ConnectionCut { host: "h".into() }.is_transient());
        assert!(!TwilioError::CertificateNotTrusted { host: "h".into() }.is_transient());
        assert!(!TwilioError::DnsFailure { host: "h".into() }.is_transient());
    }
}
