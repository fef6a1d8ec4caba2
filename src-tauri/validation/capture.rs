//! The login window's one message to the app, parsed as hostile input: any page the window
//! shows can send anything. Two kinds: a SAML response a form is about to post (checked, then
//! diagnosed), and what a loaded page says (its title, a short text excerpt and an error marker,
//! used only to recognise known error pages). Everything is size-capped; nothing here is trusted
//! to decide success (that is the address rule in [`super::flow`]).

use serde::Deserialize;
use url::Url;

use super::flow::Landmarks;

/// The largest SAML response accepted (base64 text).
pub const MAX_SAML_RESPONSE: usize = 1024 * 1024;
/// The largest message as a whole: a response at its cap and the small fields beside it.
pub const MAX_MESSAGE: usize = MAX_SAML_RESPONSE + 64 * 1024;
const MAX_ACTION: usize = 8 * 1024;
const MAX_TITLE: usize = 300;
const MAX_TEXT: usize = 4000;
const MAX_MARKER: usize = 64;

/// What the script sends (every field optional: a page may send anything).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CaptureMessage {
    /// `saml_post` or `page`.
    pub kind: String,
    pub saml_response: Option<String>,
    /// `authn_request` only: Flex's own sign-in request, posted by a form.
    pub saml_request: Option<String>,
    pub relay_state: Option<String>,
    pub action: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
    pub marker: Option<String>,
    /// `hold` only: how long the script held the IdP's form post, in milliseconds.
    pub held_ms: Option<f64>,
}

/// The longest hold a `hold` message may report: anything longer is not a measurement.
const MAX_HOLD_MS: f64 = 60_000.0;

/// A SAML response that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SamlPost {
    pub saml_response: String,
    pub action: Url,
    pub legacy_acs: bool,
}

/// What a page said about itself (bounded, for recognising error pages only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageReport {
    pub title: String,
    pub text: String,
    pub marker: Option<String>,
}

/// Why a message was refused. The page only learns "not accepted".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("unknown message kind")]
    UnknownKind,
    #[error("the SAML response is missing or empty")]
    Empty,
    #[error("the SAML response is larger than 1 MB")]
    TooLarge,
    #[error("the SAML response is not base64 text")]
    NotBase64,
    #[error("the form's address is missing or not a web address")]
    BadAction,
    #[error("the form posts to {0}, which is not a Twilio SSO address (ACS)")]
    NotAnAcs(String),
    #[error("the message is larger than the largest the login check takes")]
    MessageTooLarge,
    #[error("the message is not one the login check understands")]
    Unreadable,
}

/// Bytes of text in a JSON value, counted without copying and stopping as soon as `cap` is
/// passed (so an oversized message costs no more than reading up to the cap).
fn text_size(value: &serde_json::Value, cap: usize) -> usize {
    use serde_json::Value;
    let mut total = 0usize;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        total = total.saturating_add(match v {
            Value::String(s) => s.len(),
            Value::Array(items) => {
                stack.extend(items.iter());
                items.len()
            }
            Value::Object(map) => {
                stack.extend(map.values());
                map.keys().map(String::len).sum()
            }
            _ => 8,
        });
        if total > cap {
            break;
        }
    }
    total
}

/// The command's arguments as the IPC delivered them (`{"message": {...}}`): refused whole when
/// over [`MAX_MESSAGE`], before any of it is turned into the message's own strings.
pub fn message_from_json(arguments: &serde_json::Value) -> Result<CaptureMessage, Refusal> {
    if text_size(arguments, MAX_MESSAGE) > MAX_MESSAGE {
        return Err(Refusal::MessageTooLarge);
    }
    let message = arguments.get("message").ok_or(Refusal::Unreadable)?;
    CaptureMessage::deserialize(message).map_err(|_| Refusal::Unreadable)
}

fn clip(text: Option<&str>, max: usize) -> String {
    text.unwrap_or("").chars().filter(|c| !c.is_control() || *c == '\n').take(max).collect()
}

/// Checks a `saml_post` message against the ACS addresses this login may post to.
pub fn check_saml_post(msg: &CaptureMessage, landmarks: &Landmarks) -> Result<SamlPost, Refusal> {
    let value = msg.saml_response.as_deref().unwrap_or("");
    if value.len() > MAX_SAML_RESPONSE {
        return Err(Refusal::TooLarge);
    }
    let value = value.trim();
    if value.is_empty() {
        return Err(Refusal::Empty);
    }
    if !value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\r' | b'\n' | b' ')) {
        return Err(Refusal::NotBase64);
    }
    let action = msg.action.as_deref().filter(|a| a.len() <= MAX_ACTION).ok_or(Refusal::BadAction)?;
    let action = Url::parse(action).map_err(|_| Refusal::BadAction)?;
    if !matches!(action.scheme(), "http" | "https") {
        return Err(Refusal::BadAction);
    }
    if !landmarks.is_acs(&action) {
        return Err(Refusal::NotAnAcs(super::redact::display_url(&action)));
    }
    Ok(SamlPost { saml_response: value.to_owned(), legacy_acs: landmarks.is_legacy_acs(&action), action })
}

/// Reads a `hold` message: the milliseconds the script held the form (submit seen → re-submit),
/// when it is a plausible number. Only logged, for the benchmark's `capture_hold_ms`: a page can
/// send any number, so nothing decides on it.
pub fn read_hold(msg: &CaptureMessage) -> Option<f64> {
    msg.held_ms.filter(|ms| ms.is_finite() && (0.0..=MAX_HOLD_MS).contains(ms))
}

/// Reads a `page` message, cutting every field to its size.
pub fn read_page_report(msg: &CaptureMessage) -> PageReport {
    let marker = msg
        .marker
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty() && m.len() <= MAX_MARKER && m.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()))
        .map(str::to_owned);
    PageReport { title: clip(msg.title.as_deref(), MAX_TITLE), text: clip(msg.text.as_deref(), MAX_TEXT), marker }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn landmarks() -> Landmarks {
        Landmarks {
            flex_ui: Url::parse("http://127.0.0.1:9001").unwrap(),
            login: Url::parse("http://127.0.0.1:9002").unwrap(),
            legacy_iam: Url::parse("http://127.0.0.1:9003").unwrap(),
            older_legacy: Url::parse("https://preview.twilio.com").unwrap(),
            self_hosted_landing: None,
            expected_acs: vec![],
        }
    }

    fn post(value: &str, action: &str) -> CaptureMessage {
        CaptureMessage { kind: "saml_post".into(), saml_response: Some(value.into()), action: Some(action.into()), ..Default::default() }
    }

    #[test]
    fn a_post_to_the_new_or_legacy_acs_is_taken() {
        let l = landmarks();
        let new = check_saml_post(&post("PHNhbWw+\r\nPC9zYW1sPg==", "http://127.0.0.1:9002/login/callback?connection=JQ1"), &l).unwrap();
        assert!(!new.legacy_acs);
        let legacy = check_saml_post(&post("PHg+", "http://127.0.0.1:9003/v1/Accounts/AC0123456789abcdef0123456789abcdef/saml2"), &l).unwrap();
        assert!(legacy.legacy_acs);
    }

    #[test]
    fn hostile_posts_are_refused() {
        let l = landmarks();
        let acs = "http://127.0.0.1:9002/login/callback?connection=JQ1";
        let cases = [
            (post("", acs), Refusal::Empty),
            (post("<xml/>", acs), Refusal::NotBase64),
            (post(&"A".repeat(MAX_SAML_RESPONSE + 1), acs), Refusal::TooLarge),
            (post("PHg+", "javascript:alert(1)"), Refusal::BadAction),
            (post("PHg+", "/login/callback"), Refusal::BadAction),
            (post("PHg+", "http://127.0.0.1:9001/agent-desktop"), Refusal::NotAnAcs("127.0.0.1:9001/agent-desktop".into())),
            (post("PHg+", "https://evil.example/login/callback?x=http://127.0.0.1:9002/login/callback"), Refusal::NotAnAcs("evil.example/login/callback?x=[hidden]".into())),
            (CaptureMessage { saml_response: Some("PHg+".into()), ..Default::default() }, Refusal::BadAction),
        ];
        for (msg, refusal) in cases {
            assert_eq!(check_saml_post(&msg, &l).unwrap_err(), refusal);
        }
        assert!(check_saml_post(&post(&"A".repeat(MAX_SAML_RESPONSE), acs), &l).is_ok(), "exactly 1 MB is fine");
    }

    #[test]
    fn oversized_messages_are_refused_before_they_are_read() {
        let big = serde_json::json!({ "message": { "kind": "page", "text": "x".repeat(MAX_MESSAGE + 1) } });
        assert_eq!(message_from_json(&big).unwrap_err(), Refusal::MessageTooLarge);
        let nested = serde_json::json!({ "message": { "kind": "page", "extra": vec!["y".repeat(1024); 2000] } });
        assert_eq!(message_from_json(&nested).unwrap_err(), Refusal::MessageTooLarge);
        let fine = serde_json::json!({ "message": { "kind": "saml_post", "saml_response": "A".repeat(MAX_SAML_RESPONSE) } });
        assert_eq!(message_from_json(&fine).unwrap().kind, "saml_post");
        assert_eq!(message_from_json(&serde_json::json!({ "other": 1 })).unwrap_err(), Refusal::Unreadable);
        assert_eq!(message_from_json(&serde_json::json!({ "message": { "kind": 5 } })).unwrap_err(), Refusal::Unreadable);
    }

    #[test]
    fn holds_are_read_only_when_plausible() {
        let hold = |ms: Option<f64>| CaptureMessage { kind: "hold".into(), held_ms: ms, ..Default::default() };
        assert_eq!(read_hold(&hold(Some(12.5))), Some(12.5));
        assert_eq!(read_hold(&hold(Some(0.0))), Some(0.0));
        for bad in [None, Some(-1.0), Some(f64::NAN), Some(f64::INFINITY), Some(60_000.5)] {
            assert_eq!(read_hold(&hold(bad)), None, "{bad:?}");
        }
        let parsed = message_from_json(&serde_json::json!({"message": {"kind": "hold", "held_ms": 3.2}})).unwrap();
        assert_eq!(read_hold(&parsed), Some(3.2));
    }

    #[test]
    fn page_reports_are_cut_and_markers_checked() {
        let msg = CaptureMessage {
            kind: "page".into(),
            title: Some("t".repeat(1000)),
            text: Some(format!("a\u{0}b{}", "x".repeat(10_000))),
            marker: Some("missing_role_attribute".into()),
            ..Default::default()
        };
        let r = read_page_report(&msg);
        assert_eq!(r.title.len(), MAX_TITLE);
        assert!(r.text.starts_with("ab"));
        assert_eq!(r.text.chars().count(), MAX_TEXT);
        assert_eq!(r.marker.as_deref(), Some("missing_role_attribute"));
        let bad = read_page_report(&CaptureMessage { marker: Some("<script>".into()), ..Default::default() });
        assert_eq!(bad.marker, None);
    }
}
