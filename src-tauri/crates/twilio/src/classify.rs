//! Turns what went wrong on the wire into a [`TwilioError`].
//!
//! Two sources: an HTTP answer that is not a success (decided by Twilio's error `code` first,
//! then by the HTTP status and which call it was), and a transport failure (decided by walking
//! reqwest's error chain down to the I/O, DNS or TLS error underneath).

use std::error::Error as StdError;
use std::io;
use std::time::Duration;

use crate::error::{codes, CredentialKind, TwilioError};
use crate::resources::TwilioErrorBody;

/// Which of the three calls an answer belongs to: the same status means different things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Configuration,
    Account,
    SsoConnections,
}

/// The error for a non-success answer. `body` is the raw body; only its `code` is read.
pub fn classify_status(
    call: Call,
    kind: CredentialKind,
    host: &str,
    status: u16,
    body: &[u8],
    retry_after: Option<Duration>,
) -> TwilioError {
    let twilio_code = serde_json::from_slice::<TwilioErrorBody>(body).ok().and_then(|b| b.code);
    let host = host.to_owned();
    match (twilio_code, status) {
        (Some(codes::ACCOUNT_IS_NOT_ACTIVE | codes::ACCOUNT_NOT_ACTIVE | codes::ACCOUNT_NOT_IN_ACTIVE_STATE), _) => {
            TwilioError::AccountSuspended
        }
        (Some(codes::TOO_MANY_REQUESTS), _) | (_, 429) => {
            TwilioError::RateLimited { retry_after_seconds: retry_after.map(|d| d.as_secs()) }
        }
        (_, 500..=599) => TwilioError::TwilioUnavailable { host, status },
        _ if call == Call::SsoConnections => TwilioError::UnexpectedResponse { host, status, twilio_code },
        (Some(codes::AUTHENTICATE), _) | (_, 401) => TwilioError::WrongCredentials { kind },
        (_, 404) | (Some(codes::NOT_FOUND), _) if call == Call::Configuration => TwilioError::FlexNotSetUp,
        (_, 403) => TwilioError::PermissionDenied { kind },
        _ => TwilioError::UnexpectedResponse { host, status, twilio_code },
    }
}

/// The error for a request that got no HTTP answer. `timeout` is the configured total timeout,
/// for the message.
pub fn classify_transport(error: &reqwest::Error, host: &str, timeout: Duration) -> TwilioError {
    let host = host.to_owned();
    if error.is_timeout() {
        return TwilioError::Timeout { host, seconds: timeout.as_secs().max(1) };
    }
    let mut source: Option<&(dyn StdError + 'static)> = Some(error);
    let mut dns = false;
    let mut offline = false;
    let mut cut = false;
    while let Some(current) = source {
        match current.downcast_ref::<rustls::Error>() {
            Some(rustls::Error::InvalidCertificate(_)) => return TwilioError::CertificateNotTrusted { host },
            Some(_) => return TwilioError::TlsFailure { host },
            None => {}
        }
        // hyper's "connection closed before message completed": the server hung up mid-answer.
        if current.downcast_ref::<hyper::Error>().is_some_and(hyper::Error::is_incomplete_message) {
            cut = true;
        }
        if let Some(io_error) = current.downcast_ref::<io::Error>() {
            if matches!(
                io_error.kind(),
                io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted | io::ErrorKind::BrokenPipe | io::ErrorKind::UnexpectedEof
            ) {
                cut = true;
            }
            if matches!(
                io_error.kind(),
                io::ErrorKind::ConnectionRefused
                    | io::ErrorKind::NetworkUnreachable
                    | io::ErrorKind::HostUnreachable
                    | io::ErrorKind::NetworkDown
                    | io::ErrorKind::AddrNotAvailable
            ) {
                offline = true;
            }
            if io_error.kind() == io::ErrorKind::TimedOut {
                return TwilioError::Timeout { host, seconds: timeout.as_secs().max(1) };
            }
        }
        // hyper-util names a failed lookup "dns error"; the system resolver says "failed to
        // lookup address". There is no typed error to match on.
        let text = current.to_string();
        if text.contains("dns error") || text.contains("failed to lookup address") {
            dns = true;
        }
        // rustls reports through io::Errors wrapping its own error (sometimes twice), and an
        // io::Error's `source()` skips what it wraps: step inside instead.
        let wrapped = current
            .downcast_ref::<io::Error>()
            .and_then(|io_error| io_error.get_ref())
            .map(|inner| inner as &(dyn StdError + 'static));
        source = wrapped.or_else(|| current.source());
    }
    if dns {
        TwilioError::DnsFailure { host }
    } else if cut && !error.is_connect() {
        // Reset after the connection was made (a reset while connecting is "offline" below).
        TwilioError::ConnectionCut { host }
    } else if offline || error.is_connect() {
        TwilioError::Offline { host }
    } else {
        TwilioError::UnexpectedResponse { host, status: error.status().map_or(0, |s| s.as_u16()), twilio_code: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(code: u32, status: u16) -> Vec<u8> {
        format!(r#"{{"code":{code},"message":"m","more_info":"https://www.twilio.com/docs/errors/{code}","status":{status}}}"#)
            .into_bytes()
    }

    #[test]
    fn answers_map_to_the_right_error() {
        use Call::*;
        use CredentialKind::*;
        let cases: Vec<(Call, CredentialKind, u16, Vec<u8>, &str)> = vec![
            (Configuration, AuthToken, 401, err(20003, 401), "wrong_credentials"),
            (Configuration, ApiKey, 401, b"not json".to_vec(), "wrong_credentials"),
            (Account, AuthToken, 401, err(20003, 401), "wrong_credentials"),
            (Configuration, AuthToken, 401, err(20005, 401), "account_suspended"),
            (Configuration, AuthToken, 403, err(10001, 403), "account_suspended"),
            (Configuration, AuthToken, 404, err(20404, 404), "flex_not_set_up"),
            (Configuration, AuthToken, 404, Vec::new(), "flex_not_set_up"),
            (Account, AuthToken, 404, err(20404, 404), "unexpected_response"),
            (Configuration, ApiKey, 403, err(20003, 403), "wrong_credentials"),
            (Configuration, ApiKey, 403, Vec::new(), "permission_denied"),
            (Configuration, AuthToken, 429, err(20429, 429), "rate_limited"),
            (SsoConnections, AuthToken, 429, Vec::new(), "rate_limited"),
            (Configuration, AuthToken, 503, err(20503, 503), "twilio_unavailable"),
            (SsoConnections, AuthToken, 500, Vec::new(), "twilio_unavailable"),
            (SsoConnections, AuthToken, 401, err(20003, 401), "unexpected_response"),
            (Configuration, AuthToken, 400, err(21000, 400), "unexpected_response"),
        ];
        for (call, kind, status, body, code) in cases {
            let error = classify_status(call, kind, "h", status, &body, None);
            assert_eq!(error.code(), code, "{call:?} {kind:?} {status} {}", String::from_utf8_lossy(&body));
        }
    }

    #[test]
    fn details_carried_are_the_safe_ones() {
        let e = classify_status(Call::Configuration, CredentialKind::AuthToken, "h", 429, b"", Some(Duration::from_secs(3)));
        assert_eq!(e, TwilioError::RateLimited { retry_after_seconds: Some(3) });
        let e = classify_status(Call::Account, CredentialKind::AuthToken, "api.twilio.com", 400, &err(21000, 400), None);
        assert_eq!(e, TwilioError::UnexpectedResponse { host: "api.twilio.com".into(), status: 400, twilio_code: Some(21000) });
    }
}
