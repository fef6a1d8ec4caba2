//! The two values an admin copies into the IdP (Entity ID and ACS URL), for the legacy and the
//! new connection, and the parsing of what the admin pastes back from the Console.
//!
//! Values (FLEX-SSO-FACTS §1, from Twilio's per-IdP setup pages and the migration guide):
//! - legacy: Entity ID `https://iam.twilio.com/v1/Accounts/{AC}/saml2/metadata`,
//!   ACS `https://iam.twilio.com/v1/Accounts/{AC}/saml2`;
//! - older legacy (deprecated): `https://preview.twilio.com/iam/Accounts/{AC}/saml2` for both;
//! - new (OAuth 2.0): Entity ID `urn:flex:{JQ}`,
//!   ACS `https://login.flex.us1.twilio.com/login/callback?connection={JQ}`.
//!
//! The hosts are settings ([`Hosts`]), not code: the test sandbox runs on `http://127.0.0.1:PORT`
//! and only `us1` is documented today, so another region must not need a new build.
//! Every URL is taken apart with the `url` crate; nothing here matches substrings of URLs.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};
use url::Url;

use flex_sso_facts::twilio;

use crate::ids::{trim_pasted, AccountSid, ConnectionSid, SidError};

/// Where Twilio's SSO endpoints live. `Default` is Twilio's production (us1) hosts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Hosts {
    /// Base of the legacy IAM endpoints. Twilio: `https://iam.twilio.com` (FACTS §1).
    pub legacy_iam_base: Url,
    /// Base of the older, deprecated legacy endpoints. Twilio: `https://preview.twilio.com`
    /// (FACTS §1; the path `/iam/Accounts/{AC}/saml2` is added to it).
    pub older_legacy_base: Url,
    /// Base of the new OAuth 2.0 login service. Twilio: `https://login.flex.us1.twilio.com`
    /// (FACTS §1; only us1 is documented).
    pub login_base: Url,
}

impl Default for Hosts {
    fn default() -> Self {
        // These literals are constant and valid; the unit test `default_hosts_are_twilio_us1`
        // pins them, so the fallbacks below can never be reached.
        Self {
            legacy_iam_base: fixed_url("https://iam.twilio.com"),
            older_legacy_base: fixed_url("https://preview.twilio.com"),
            login_base: fixed_url("https://login.flex.us1.twilio.com"),
        }
    }
}

fn fixed_url(literal: &str) -> Url {
    match Url::parse(literal) {
        Ok(url) => url,
        Err(_) => unreachable!("built-in URL literal {literal} is valid"),
    }
}

/// A base URL as text without its trailing slash, so paths can be appended to it.
fn base_text(base: &Url) -> &str {
    base.as_str().trim_end_matches('/')
}

/// The two values an IdP needs from Flex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpValues {
    pub entity_id: String,
    pub acs_url: String,
}

/// The legacy values for an account (what the IdP holds before the migration).
pub fn legacy_values(account: &AccountSid, hosts: &Hosts) -> SpValues {
    let base = base_text(&hosts.legacy_iam_base);
    SpValues {
        entity_id: format!("{base}/v1/Accounts/{account}/saml2/metadata"),
        acs_url: format!("{base}/v1/Accounts/{account}/saml2"),
    }
}

/// The older, deprecated legacy values: Entity ID and ACS URL are the same URL (FACTS §1).
pub fn older_legacy_values(account: &AccountSid, hosts: &Hosts) -> SpValues {
    let value = format!("{}/iam/Accounts/{account}/saml2", base_text(&hosts.older_legacy_base));
    SpValues { entity_id: value.clone(), acs_url: value }
}

/// The new values for a connection, exactly as the Console shows them in step 2.
pub fn new_values(connection: &ConnectionSid, hosts: &Hosts) -> SpValues {
    SpValues {
        entity_id: format!("urn:flex:{connection}"),
        acs_url: format!("{}/login/callback?connection={connection}", base_text(&hosts.login_base)),
    }
}

/// What kind of Flex SP value a string is. The SAML diagnosis uses it to say, for example,
/// "the audience is the legacy Entity ID: the IdP still has the old values".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpValueKind {
    NewEntityId,
    NewAcs,
    LegacyEntityId,
    LegacyAcs,
    /// `https://preview.twilio.com/iam/Accounts/{AC}/saml2`, used as both Entity ID and ACS.
    OlderLegacy,
    Unknown,
}

/// A classified value with the SIDs found in it (when they are valid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpValueIdentity {
    pub kind: SpValueKind,
    pub account_sid: Option<AccountSid>,
    pub connection_sid: Option<ConnectionSid>,
}

impl SpValueIdentity {
    fn unknown() -> Self {
        Self { kind: SpValueKind::Unknown, account_sid: None, connection_sid: None }
    }
}

/// Classifies a value by its shape. Hosts must match the configured ones (scheme may be http or
/// https); a SID that is present but malformed still classifies by shape, with the SID left out.
pub fn classify_sp_value(input: &str, hosts: &Hosts) -> SpValueKind {
    identify_sp_value(input, hosts).kind
}

/// Like [`classify_sp_value`], also returning the SIDs the value holds.
pub fn identify_sp_value(input: &str, hosts: &Hosts) -> SpValueIdentity {
    let text = trim_pasted(input);
    let Ok(url) = Url::parse(text) else {
        return SpValueIdentity::unknown();
    };
    if let Some(urn) = flex_urn(&url) {
        return SpValueIdentity {
            kind: SpValueKind::NewEntityId,
            account_sid: None,
            connection_sid: ConnectionSid::parse(urn.nss.trim_end_matches('/')).ok(),
        };
    }
    if let Some(legacy) = legacy_shape(&url, hosts) {
        return legacy;
    }
    if let Some(rest) = segments_after_base(&url, &hosts.login_base) {
        if rest == ["login", "callback"] {
            let connection = connection_params(&url).into_iter().next().and_then(|c| ConnectionSid::parse(&c).ok());
            return SpValueIdentity { kind: SpValueKind::NewAcs, account_sid: None, connection_sid: connection };
        }
    }
    SpValueIdentity::unknown()
}

/// The parts of a `urn:flex:...` value.
struct FlexUrn<'a> {
    /// The namespace identifier exactly as written (`flex`, or `FLEX` if the case was changed).
    nid: &'a str,
    /// Everything after `urn:flex:`, before any query or fragment.
    nss: &'a str,
}

fn flex_urn(url: &Url) -> Option<FlexUrn<'_>> {
    if url.scheme() != "urn" {
        return None;
    }
    let (nid, nss) = url.path().split_once(':')?;
    nid.eq_ignore_ascii_case("flex").then_some(FlexUrn { nid, nss })
}

/// Same host, and the same explicit port. The url crate drops a port that is the scheme's
/// default, so `http://h` and `https://h:443` count as the same place: a scheme slip is noted
/// separately and must not read as "another host".
fn same_authority(a: &Url, b: &Url) -> bool {
    a.host_str() == b.host_str() && a.port() == b.port()
}

/// Path segments of `url` after those of `base`, if it is an http(s) URL on the same authority.
/// Empty segments (from a trailing or doubled slash) are dropped so the comparison is about the
/// path's shape.
fn segments_after_base(url: &Url, base: &Url) -> Option<Vec<String>> {
    if !matches!(url.scheme(), "http" | "https") || !same_authority(url, base) {
        return None;
    }
    let segments = |u: &Url| -> Vec<String> {
        u.path_segments().map(|s| s.filter(|p| !p.is_empty()).map(str::to_owned).collect()).unwrap_or_default()
    };
    let all = segments(url);
    let prefix = segments(base);
    all.starts_with(&prefix).then(|| all[prefix.len()..].to_vec())
}

fn legacy_shape(url: &Url, hosts: &Hosts) -> Option<SpValueIdentity> {
    let found =
        |kind, ac: &str| SpValueIdentity { kind, account_sid: AccountSid::parse(ac).ok(), connection_sid: None };
    if let Some(rest) = segments_after_base(url, &hosts.legacy_iam_base) {
        let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
        match rest.as_slice() {
            ["v1", "Accounts", ac, "saml2", "metadata"] => return Some(found(SpValueKind::LegacyEntityId, ac)),
            ["v1", "Accounts", ac, "saml2"] => return Some(found(SpValueKind::LegacyAcs, ac)),
            _ => {}
        }
    }
    if let Some(rest) = segments_after_base(url, &hosts.older_legacy_base) {
        let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
        if let ["iam", "Accounts", ac, "saml2"] = rest.as_slice() {
            return Some(found(SpValueKind::OlderLegacy, ac));
        }
    }
    None
}

/// All values of the `connection` query parameter, in order.
fn connection_params(url: &Url) -> Vec<String> {
    url.query_pairs().filter(|(k, _)| k == "connection").map(|(_, v)| v.into_owned()).collect()
}

/// Which of the Console's values the admin pasted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PastedField {
    EntityId,
    AcsUrl,
    /// Only the `JQ...` connection ID, without the rest of either value.
    ConnectionSid,
}

impl fmt::Display for PastedField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PastedField::EntityId => "Entity ID",
            PastedField::AcsUrl => "ACS URL",
            PastedField::ConnectionSid => "connection ID",
        })
    }
}

/// Something about an accepted paste that differs from what the Console shows. The derived
/// values are still right; the note tells the admin what to watch for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasteNote {
    #[error("This ACS URL points to {found}, but this app is set up for {expected}. If the Console really shows {found}, change the login host in Settings; otherwise copy the ACS URL again. The values below use {expected}.")]
    DifferentHost { found: String, expected: String },
    #[error("This ACS URL starts with http://, but the Console shows {expected}://. Give your IdP the value below, not the one you pasted.")]
    PlainHttp { expected: String },
    #[error("This value has extra parts that the Console value does not have ({names}). Give your IdP the value below, without them.")]
    ExtraParameters { names: String },
    #[error(
        "This value ends with a slash that the Console value does not have. Give your IdP the value below, without it."
    )]
    TrailingSlash,
    #[error("This ACS URL has a #-part at the end that the Console value does not have. Give your IdP the value below, without it.")]
    Fragment,
    #[error("This Entity ID has capital letters where the Console shows small ones. IdPs compare it letter by letter, so give your IdP the value below.")]
    DifferentCase,
    #[error(
        "This ACS URL names the same connection ID more than once. Give your IdP the value below, which names it once."
    )]
    RepeatedConnection,
}

impl PasteNote {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            PasteNote::DifferentHost { .. } => "acs_different_host",
            PasteNote::PlainHttp { .. } => "acs_plain_http",
            PasteNote::ExtraParameters { .. } => "extra_parameters",
            PasteNote::TrailingSlash => "trailing_slash",
            PasteNote::Fragment => "acs_fragment",
            PasteNote::DifferentCase => "entity_id_case",
            PasteNote::RepeatedConnection => "acs_repeated_connection",
        }
    }
}

impl Serialize for PasteNote {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        coded(self.code(), &self.to_string(), serializer)
    }
}

/// Serializes a coded message as `{code, message}`, the shape the UI renders.
fn coded<S: Serializer>(code: &str, message: &str, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut s = serializer.serialize_struct("Coded", 2)?;
    s.serialize_field("code", code)?;
    s.serialize_field("message", message)?;
    s.end()
}

/// Why a pasted value cannot be used as the new Entity ID or ACS URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("Nothing was pasted. Copy the Entity ID (it starts with urn:flex:JQ) or the ACS URL from step 2 of the {workflow} in Console, and paste it here.", workflow = twilio::SETUP_WORKFLOW)]
    Empty,
    #[error("This contains spaces or line breaks inside it, so it is probably more than one value. Paste only the Entity ID or only the ACS URL.")]
    InnerWhitespace,
    #[error("This is the legacy {which}, the value the IdP holds for the old connection. Paste the new one the Console shows in step 2 of the {workflow}: it starts with {starts_with}.", workflow = twilio::SETUP_WORKFLOW)]
    Legacy { which: &'static str, starts_with: String },
    #[error("The {field} you pasted does not hold a valid connection ID: {}. Copy the whole {field} again from step 2 in Console.", sid_detail(.source))]
    BadConnectionSid { field: PastedField, source: SidError },
    #[error("This ACS URL has no connection ID. The ACS URL the Console shows ends with ?connection=JQ followed by 32 letters and digits; copy it again in one piece.")]
    AcsMissingConnection,
    #[error("This ACS URL names two different connection IDs. Copy the ACS URL again from step 2 in Console.")]
    AcsConflictingConnections,
    #[error("This address is on the right host but is not the login callback (it should end with /login/callback?connection=JQ...). Copy the ACS URL again from step 2 in Console.")]
    AcsWrongPath,
    #[error("This starts with urn: but not with urn:flex:. The new Entity ID looks like urn:flex:JQ followed by 32 letters and digits; copy it again from step 2 in Console.")]
    NotFlexUrn,
    #[error("This is neither of the new values. The Entity ID starts with urn:flex:JQ and the ACS URL with {login}/login/callback; copy one of them from step 2 of the {workflow} in Console.", workflow = twilio::SETUP_WORKFLOW)]
    Unrecognised { login: String },
}

/// The connection-ID problem in words that fit inside [`ValueError::BadConnectionSid`].
fn sid_detail(error: &SidError) -> String {
    match error {
        SidError::Empty { .. } => "the connection ID is missing".to_owned(),
        SidError::WrongPrefix { found, .. } => format!("it should start with JQ, not \"{found}\""),
        SidError::WrongLength { found, .. } => format!("a connection ID has 34 characters, this one has {found}"),
        SidError::BadCharacter { position, found, .. } => {
            format!("character {position} is \"{found}\", but after JQ only the digits 0-9 and the letters a-f appear")
        }
    }
}

impl ValueError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            ValueError::Empty => "value_empty",
            ValueError::InnerWhitespace => "value_inner_whitespace",
            ValueError::Legacy { .. } => "value_is_legacy",
            ValueError::BadConnectionSid { .. } => "value_bad_connection_sid",
            ValueError::AcsMissingConnection => "acs_missing_connection",
            ValueError::AcsConflictingConnections => "acs_conflicting_connections",
            ValueError::AcsWrongPath => "acs_wrong_path",
            ValueError::NotFlexUrn => "entity_id_not_flex_urn",
            ValueError::Unrecognised { .. } => "value_unrecognised",
        }
    }
}

impl Serialize for ValueError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        coded(self.code(), &self.to_string(), serializer)
    }
}

/// A pasted new value, understood: the connection, what was pasted, both values derived from
/// the connection with the configured hosts, and notes on anything that differed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedNewValue {
    pub connection_sid: ConnectionSid,
    pub pasted: PastedField,
    pub values: SpValues,
    pub notes: Vec<PasteNote>,
}

/// Parses what the admin pasted as the new Entity ID or ACS URL (or the bare connection ID).
/// Forgives paste noise (spaces, quotes); refuses legacy values with a message that says which
/// one it is; accepts small alterations with a [`PasteNote`] each.
pub fn parse_new_value(input: &str, hosts: &Hosts) -> Result<ParsedNewValue, ValueError> {
    let text = trim_pasted(input);
    if text.is_empty() {
        return Err(ValueError::Empty);
    }
    if text.chars().any(char::is_whitespace) {
        return Err(ValueError::InnerWhitespace);
    }
    let finish = |connection_sid: ConnectionSid, pasted, notes| {
        let values = new_values(&connection_sid, hosts);
        Ok(ParsedNewValue { connection_sid, pasted, values, notes })
    };
    // A bare connection ID: no scheme at all.
    if text.starts_with(ConnectionSid::PREFIX) && Url::parse(text).is_err() {
        let sid = ConnectionSid::parse(text)
            .map_err(|source| ValueError::BadConnectionSid { field: PastedField::ConnectionSid, source })?;
        return finish(sid, PastedField::ConnectionSid, Vec::new());
    }
    let unrecognised = || ValueError::Unrecognised { login: base_text(&hosts.login_base).to_owned() };
    let url = Url::parse(text).map_err(|_| unrecognised())?;
    if url.scheme() == "urn" {
        let (sid, notes) = parse_entity_id(text, &url)?;
        return finish(sid, PastedField::EntityId, notes);
    }
    let new_acs_start = format!("{}/login/callback?connection=JQ", base_text(&hosts.login_base));
    let legacy = |which| Err(ValueError::Legacy { which, starts_with: new_acs_start.clone() });
    match identify_sp_value(text, hosts).kind {
        SpValueKind::LegacyEntityId => {
            return Err(ValueError::Legacy { which: "Entity ID", starts_with: "urn:flex:JQ".to_owned() })
        }
        SpValueKind::LegacyAcs => return legacy("ACS URL"),
        SpValueKind::OlderLegacy => {
            return Err(ValueError::Legacy {
                which: "value (the older preview.twilio.com one)",
                starts_with: format!("urn:flex:JQ (the Entity ID) or with {new_acs_start} (the ACS URL)"),
            })
        }
        _ => {}
    }
    let (sid, notes) = parse_acs(&url, hosts)?;
    finish(sid, PastedField::AcsUrl, notes)
}

fn parse_entity_id(text: &str, url: &Url) -> Result<(ConnectionSid, Vec<PasteNote>), ValueError> {
    let urn = flex_urn(url).ok_or(ValueError::NotFlexUrn)?;
    let mut notes = Vec::new();
    // The url crate lower-cases the scheme, so the written case is read from the input itself.
    if urn.nid != "flex" || text.get(..4) != Some("urn:") {
        notes.push(PasteNote::DifferentCase);
    }
    let mut nss = urn.nss;
    if let Some(stripped) = nss.strip_suffix('/') {
        nss = stripped;
        notes.push(PasteNote::TrailingSlash);
    }
    if url.query().is_some() || url.fragment().is_some() {
        notes.push(PasteNote::ExtraParameters { names: extra_names(url, false) });
    }
    let sid = ConnectionSid::parse(nss)
        .map_err(|source| ValueError::BadConnectionSid { field: PastedField::EntityId, source })?;
    Ok((sid, notes))
}

fn parse_acs(url: &Url, hosts: &Hosts) -> Result<(ConnectionSid, Vec<PasteNote>), ValueError> {
    let unrecognised = || ValueError::Unrecognised { login: base_text(&hosts.login_base).to_owned() };
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(unrecognised());
    }
    let login = &hosts.login_base;
    let mut notes = Vec::new();
    let on_configured_host = same_authority(url, login);
    let path_ok = if on_configured_host {
        match segments_after_base(url, login) {
            Some(rest) if rest == ["login", "callback"] => true,
            _ => return Err(ValueError::AcsWrongPath),
        }
    } else {
        let segments: Vec<&str> =
            url.path_segments().map(|s| s.filter(|p| !p.is_empty()).collect()).unwrap_or_default();
        segments == ["login", "callback"]
    };
    if !path_ok {
        return Err(unrecognised());
    }
    if !on_configured_host {
        notes.push(PasteNote::DifferentHost { found: host_and_port(url), expected: host_and_port(login) });
    }
    if url.scheme() != login.scheme() {
        notes.push(PasteNote::PlainHttp { expected: login.scheme().to_owned() });
    }
    if url.path().ends_with('/') {
        notes.push(PasteNote::TrailingSlash);
    }
    let connections = connection_params(url);
    let first = connections.first().ok_or(ValueError::AcsMissingConnection)?;
    if connections.iter().any(|c| c != first) {
        return Err(ValueError::AcsConflictingConnections);
    }
    if connections.len() > 1 {
        notes.push(PasteNote::RepeatedConnection);
    }
    let extras = extra_names(url, true);
    if !extras.is_empty() {
        notes.push(PasteNote::ExtraParameters { names: extras });
    }
    if url.fragment().is_some() {
        notes.push(PasteNote::Fragment);
    }
    let sid = ConnectionSid::parse(first)
        .map_err(|source| ValueError::BadConnectionSid { field: PastedField::AcsUrl, source })?;
    Ok((sid, notes))
}

/// Names of query parameters other than `connection`, for a note. For a URN, the whole query
/// and fragment are extra.
fn extra_names(url: &Url, skip_connection: bool) -> String {
    let mut names: Vec<String> =
        url.query_pairs().map(|(k, _)| k.into_owned()).filter(|k| !(skip_connection && k == "connection")).collect();
    if !skip_connection && url.fragment().is_some() {
        names.push("#".to_owned());
    }
    names.dedup();
    names.join(", ")
}

fn host_and_port(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    const WORKFLOW: &str = flex_sso_facts::twilio::SETUP_WORKFLOW.text;
    use super::*;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";
    const JQ: &str = "JQ00112233445566778899aabbccddeeff";

    fn hosts() -> Hosts {
        Hosts::default()
    }

    fn sandbox() -> Hosts {
        Hosts {
            legacy_iam_base: Url::parse("http://127.0.0.1:8401/iam").unwrap(),
            older_legacy_base: Url::parse("http://127.0.0.1:8401/preview").unwrap(),
            login_base: Url::parse("http://127.0.0.1:8402").unwrap(),
        }
    }

    #[test]
    fn default_hosts_are_twilio_us1() {
        let h = hosts();
        assert_eq!(h.legacy_iam_base.as_str(), "https://iam.twilio.com/");
        assert_eq!(h.older_legacy_base.as_str(), "https://preview.twilio.com/");
        assert_eq!(h.login_base.as_str(), "https://login.flex.us1.twilio.com/");
    }

    #[test]
    fn hosts_serde_uses_snake_case_and_fills_defaults() {
        let json = serde_json::to_value(hosts()).unwrap();
        assert_eq!(json["login_base"], "https://login.flex.us1.twilio.com/");
        let partial: Hosts = serde_json::from_str(r#"{"login_base":"http://127.0.0.1:9000"}"#).unwrap();
        assert_eq!(partial.login_base.as_str(), "http://127.0.0.1:9000/");
        assert_eq!(partial.legacy_iam_base, hosts().legacy_iam_base);
        assert!(serde_json::from_str::<Hosts>(r#"{"login_base":"not a url"}"#).is_err());
    }

    #[test]
    fn derives_the_values_of_each_connection_kind() {
        let ac = AccountSid::parse(AC).unwrap();
        let jq = ConnectionSid::parse(JQ).unwrap();
        let cases = [
            (
                legacy_values(&ac, &hosts()),
                format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2/metadata"),
                format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2"),
            ),
            (
                older_legacy_values(&ac, &hosts()),
                format!("https://preview.twilio.com/iam/Accounts/{AC}/saml2"),
                format!("https://preview.twilio.com/iam/Accounts/{AC}/saml2"),
            ),
            (
                new_values(&jq, &hosts()),
                format!("urn:flex:{JQ}"),
                format!("https://login.flex.us1.twilio.com/login/callback?connection={JQ}"),
            ),
            (
                legacy_values(&ac, &sandbox()),
                format!("http://127.0.0.1:8401/iam/v1/Accounts/{AC}/saml2/metadata"),
                format!("http://127.0.0.1:8401/iam/v1/Accounts/{AC}/saml2"),
            ),
            (
                new_values(&jq, &sandbox()),
                format!("urn:flex:{JQ}"),
                format!("http://127.0.0.1:8402/login/callback?connection={JQ}"),
            ),
        ];
        for (values, entity, acs) in cases {
            assert_eq!(values, SpValues { entity_id: entity, acs_url: acs });
        }
    }

    #[test]
    fn classifies_every_kind_of_value() {
        let cases: Vec<(String, SpValueKind, bool)> = vec![
            (format!("urn:flex:{JQ}"), SpValueKind::NewEntityId, true),
            (format!("https://login.flex.us1.twilio.com/login/callback?connection={JQ}"), SpValueKind::NewAcs, true),
            (format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2/metadata"), SpValueKind::LegacyEntityId, true),
            (format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2"), SpValueKind::LegacyAcs, true),
            (format!(" \"https://iam.twilio.com/v1/Accounts/{AC}/saml2/\" "), SpValueKind::LegacyAcs, true),
            (format!("https://preview.twilio.com/iam/Accounts/{AC}/saml2"), SpValueKind::OlderLegacy, true),
            ("https://iam.twilio.com/v1/Accounts/AC12/saml2".to_owned(), SpValueKind::LegacyAcs, false),
            (format!("https://example.com/v1/Accounts/{AC}/saml2"), SpValueKind::Unknown, false),
            (format!("https://iam.twilio.com/v2/Accounts/{AC}/saml2"), SpValueKind::Unknown, false),
            ("https://login.flex.us1.twilio.com/login/other".to_owned(), SpValueKind::Unknown, false),
            ("urn:other:thing".to_owned(), SpValueKind::Unknown, false),
            ("".to_owned(), SpValueKind::Unknown, false),
            ("just words".to_owned(), SpValueKind::Unknown, false),
        ];
        for (input, kind, has_sid) in cases {
            let identity = identify_sp_value(&input, &hosts());
            assert_eq!(identity.kind, kind, "input {input:?}");
            assert_eq!(classify_sp_value(&input, &hosts()), kind, "input {input:?}");
            assert_eq!(identity.account_sid.is_some() || identity.connection_sid.is_some(), has_sid, "input {input:?}");
        }
    }

    #[test]
    fn classification_follows_the_configured_hosts() {
        let legacy = format!("http://127.0.0.1:8401/iam/v1/Accounts/{AC}/saml2/metadata");
        assert_eq!(classify_sp_value(&legacy, &sandbox()), SpValueKind::LegacyEntityId);
        assert_eq!(classify_sp_value(&legacy, &hosts()), SpValueKind::Unknown);
        let acs = format!("http://127.0.0.1:8402/login/callback?connection={JQ}");
        assert_eq!(classify_sp_value(&acs, &sandbox()), SpValueKind::NewAcs);
        // Same host, another port: not the configured service.
        let other_port = format!("http://127.0.0.1:8403/login/callback?connection={JQ}");
        assert_eq!(classify_sp_value(&other_port, &sandbox()), SpValueKind::Unknown);
    }

    #[test]
    fn accepts_clean_and_noisy_pastes_of_both_values() {
        let expected = new_values(&ConnectionSid::parse(JQ).unwrap(), &hosts());
        let cases: Vec<(String, PastedField)> = vec![
            (format!("urn:flex:{JQ}"), PastedField::EntityId),
            (format!("  \"urn:flex:{JQ}\"\n"), PastedField::EntityId),
            (format!("https://login.flex.us1.twilio.com/login/callback?connection={JQ}"), PastedField::AcsUrl),
            (
                format!("\u{201c}https://login.flex.us1.twilio.com/login/callback?connection={JQ}\u{201d}"),
                PastedField::AcsUrl,
            ),
            (format!("HTTPS://LOGIN.flex.us1.twilio.com/login/callback?connection={JQ}"), PastedField::AcsUrl),
            (format!("https://login.flex.us1.twilio.com:443/login/callback?connection={JQ}"), PastedField::AcsUrl),
            (format!(" {JQ} "), PastedField::ConnectionSid),
        ];
        for (input, field) in cases {
            let parsed = parse_new_value(&input, &hosts()).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(parsed.connection_sid.as_str(), JQ, "input {input:?}");
            assert_eq!(parsed.pasted, field, "input {input:?}");
            assert_eq!(parsed.values, expected, "input {input:?}");
            assert!(parsed.notes.is_empty(), "input {input:?}: {:?}", parsed.notes);
        }
    }

    #[test]
    fn notes_say_what_differs_from_the_console_value() {
        let base = "https://login.flex.us1.twilio.com/login/callback";
        let cases: Vec<(String, Vec<(&str, String)>)> = vec![
            (
                format!("https://login.flex.ie1.twilio.com/login/callback?connection={JQ}"),
                vec![("acs_different_host", "This ACS URL points to login.flex.ie1.twilio.com, but this app is set up for login.flex.us1.twilio.com. If the Console really shows login.flex.ie1.twilio.com, change the login host in Settings; otherwise copy the ACS URL again. The values below use login.flex.us1.twilio.com.".to_owned())],
            ),
            (
                format!("http://login.flex.us1.twilio.com/login/callback?connection={JQ}"),
                vec![("acs_plain_http", "This ACS URL starts with http://, but the Console shows https://. Give your IdP the value below, not the one you pasted.".to_owned())],
            ),
            (
                format!("{base}?connection={JQ}&utm_source=mail&x=1"),
                vec![("extra_parameters", "This value has extra parts that the Console value does not have (utm_source, x). Give your IdP the value below, without them.".to_owned())],
            ),
            (
                format!("{base}/?connection={JQ}"),
                vec![("trailing_slash", "This value ends with a slash that the Console value does not have. Give your IdP the value below, without it.".to_owned())],
            ),
            (
                format!("urn:flex:{JQ}/"),
                vec![("trailing_slash", "This value ends with a slash that the Console value does not have. Give your IdP the value below, without it.".to_owned())],
            ),
            (
                format!("{base}?connection={JQ}#top"),
                vec![("acs_fragment", "This ACS URL has a #-part at the end that the Console value does not have. Give your IdP the value below, without it.".to_owned())],
            ),
            (
                format!("URN:FLEX:{JQ}"),
                vec![("entity_id_case", "This Entity ID has capital letters where the Console shows small ones. IdPs compare it letter by letter, so give your IdP the value below.".to_owned())],
            ),
            (
                format!("urn:flex:{JQ}?x=1"),
                vec![("extra_parameters", "This value has extra parts that the Console value does not have (x). Give your IdP the value below, without them.".to_owned())],
            ),
            (
                format!("{base}?connection={JQ}&connection={JQ}"),
                vec![("acs_repeated_connection", "This ACS URL names the same connection ID more than once. Give your IdP the value below, which names it once.".to_owned())],
            ),
        ];
        for (input, expected) in cases {
            let parsed = parse_new_value(&input, &hosts()).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            let got: Vec<(&str, String)> = parsed.notes.iter().map(|n| (n.code(), n.to_string())).collect();
            assert_eq!(got, expected, "input {input:?}");
            assert_eq!(parsed.values, new_values(&parsed.connection_sid, &hosts()), "input {input:?}");
        }
    }

    #[test]
    fn several_alterations_give_several_notes() {
        let input = format!("http://login.flex.us1.twilio.com/login/callback/?connection={JQ}&a=b#c");
        let parsed = parse_new_value(&input, &hosts()).unwrap();
        let codes: Vec<&str> = parsed.notes.iter().map(PasteNote::code).collect();
        assert_eq!(codes, ["acs_plain_http", "trailing_slash", "extra_parameters", "acs_fragment"]);
    }

    #[test]
    fn the_sandbox_host_is_not_flagged() {
        let input = format!("http://127.0.0.1:8402/login/callback?connection={JQ}");
        let parsed = parse_new_value(&input, &sandbox()).unwrap();
        assert!(parsed.notes.is_empty());
        assert_eq!(parsed.values.acs_url, input);
    }

    #[test]
    fn errors_say_exactly_what_is_wrong() {
        let acs_start = "https://login.flex.us1.twilio.com/login/callback?connection=JQ";
        let cases: Vec<(String, &str, String)> = vec![
            ("".to_owned(), "value_empty", format!("Nothing was pasted. Copy the Entity ID (it starts with urn:flex:JQ) or the ACS URL from step 2 of the {WORKFLOW} in Console, and paste it here.")),
            (" \"\" ".to_owned(), "value_empty", format!("Nothing was pasted. Copy the Entity ID (it starts with urn:flex:JQ) or the ACS URL from step 2 of the {WORKFLOW} in Console, and paste it here.")),
            (format!("urn:flex:{JQ} {acs_start}"), "value_inner_whitespace", "This contains spaces or line breaks inside it, so it is probably more than one value. Paste only the Entity ID or only the ACS URL.".to_owned()),
            (format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2/metadata"), "value_is_legacy", format!("This is the legacy Entity ID, the value the IdP holds for the old connection. Paste the new one the Console shows in step 2 of the {WORKFLOW}: it starts with urn:flex:JQ.")),
            (format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2"), "value_is_legacy", format!("This is the legacy ACS URL, the value the IdP holds for the old connection. Paste the new one the Console shows in step 2 of the {WORKFLOW}: it starts with {acs_start}.")),
            (format!("https://preview.twilio.com/iam/Accounts/{AC}/saml2"), "value_is_legacy", format!("This is the legacy value (the older preview.twilio.com one), the value the IdP holds for the old connection. Paste the new one the Console shows in step 2 of the {WORKFLOW}: it starts with urn:flex:JQ (the Entity ID) or with {acs_start} (the ACS URL).")),
            ("urn:flex:JQ00112233445566778899aabbccddee".to_owned(), "value_bad_connection_sid", "The Entity ID you pasted does not hold a valid connection ID: a connection ID has 34 characters, this one has 32. Copy the whole Entity ID again from step 2 in Console.".to_owned()),
            ("urn:flex:JQ00112233445566778899AABBCCDDEEFF".to_owned(), "value_bad_connection_sid", "The Entity ID you pasted does not hold a valid connection ID: character 23 is \"A\", but after JQ only the digits 0-9 and the letters a-f appear. Copy the whole Entity ID again from step 2 in Console.".to_owned()),
            (format!("urn:flex:{AC}"), "value_bad_connection_sid", "The Entity ID you pasted does not hold a valid connection ID: it should start with JQ, not \"AC\". Copy the whole Entity ID again from step 2 in Console.".to_owned()),
            ("https://login.flex.us1.twilio.com/login/callback?connection=JQ0011".to_owned(), "value_bad_connection_sid", "The ACS URL you pasted does not hold a valid connection ID: a connection ID has 34 characters, this one has 6. Copy the whole ACS URL again from step 2 in Console.".to_owned()),
            ("https://login.flex.us1.twilio.com/login/callback?connection=".to_owned(), "value_bad_connection_sid", "The ACS URL you pasted does not hold a valid connection ID: the connection ID is missing. Copy the whole ACS URL again from step 2 in Console.".to_owned()),
            ("JQ0011".to_owned(), "value_bad_connection_sid", "The connection ID you pasted does not hold a valid connection ID: a connection ID has 34 characters, this one has 6. Copy the whole connection ID again from step 2 in Console.".to_owned()),
            ("https://login.flex.us1.twilio.com/login/callback".to_owned(), "acs_missing_connection", "This ACS URL has no connection ID. The ACS URL the Console shows ends with ?connection=JQ followed by 32 letters and digits; copy it again in one piece.".to_owned()),
            (format!("https://login.flex.us1.twilio.com/login/callback?connection={JQ}&connection=JQ99112233445566778899aabbccddeeff"), "acs_conflicting_connections", "This ACS URL names two different connection IDs. Copy the ACS URL again from step 2 in Console.".to_owned()),
            (format!("https://login.flex.us1.twilio.com/login?connection={JQ}"), "acs_wrong_path", "This address is on the right host but is not the login callback (it should end with /login/callback?connection=JQ...). Copy the ACS URL again from step 2 in Console.".to_owned()),
            (format!("urn:twilio:{JQ}"), "entity_id_not_flex_urn", "This starts with urn: but not with urn:flex:. The new Entity ID looks like urn:flex:JQ followed by 32 letters and digits; copy it again from step 2 in Console.".to_owned()),
            ("https://example.com/sso".to_owned(), "value_unrecognised", format!("This is neither of the new values. The Entity ID starts with urn:flex:JQ and the ACS URL with https://login.flex.us1.twilio.com/login/callback; copy one of them from step 2 of the {WORKFLOW} in Console.")),
            ("flex:JQ".to_owned(), "value_unrecognised", format!("This is neither of the new values. The Entity ID starts with urn:flex:JQ and the ACS URL with https://login.flex.us1.twilio.com/login/callback; copy one of them from step 2 of the {WORKFLOW} in Console.")),
            (format!("ftp://login.flex.us1.twilio.com/login/callback?connection={JQ}"), "value_unrecognised", format!("This is neither of the new values. The Entity ID starts with urn:flex:JQ and the ACS URL with https://login.flex.us1.twilio.com/login/callback; copy one of them from step 2 of the {WORKFLOW} in Console.")),
        ];
        for (input, code, message) in cases {
            let err = parse_new_value(&input, &hosts()).unwrap_err();
            assert_eq!(err.code(), code, "input {input:?}");
            assert_eq!(err.to_string(), message, "input {input:?}");
        }
    }

    #[test]
    fn errors_and_notes_serialize_as_code_and_message() {
        let err = parse_new_value("", &hosts()).unwrap_err();
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "value_empty");
        assert_eq!(json["message"], err.to_string());
        let parsed = parse_new_value(&format!("urn:flex:{JQ}/"), &hosts()).unwrap();
        let json = serde_json::to_value(&parsed).unwrap();
        assert_eq!(json["connection_sid"], JQ);
        assert_eq!(json["pasted"], "entity_id");
        assert_eq!(json["values"]["entity_id"], format!("urn:flex:{JQ}"));
        assert_eq!(json["notes"][0]["code"], "trailing_slash");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_valid_connection_round_trips_through_both_values(hex in "[0-9a-f]{32}", quoted: bool) {
                let sid = ConnectionSid::parse(&format!("JQ{hex}")).unwrap();
                let values = new_values(&sid, &hosts());
                for (value, field, kind) in [
                    (&values.entity_id, PastedField::EntityId, SpValueKind::NewEntityId),
                    (&values.acs_url, PastedField::AcsUrl, SpValueKind::NewAcs),
                ] {
                    let pasted = if quoted { format!(" \"{value}\"\n") } else { value.clone() };
                    let parsed = parse_new_value(&pasted, &hosts()).unwrap();
                    prop_assert_eq!(&parsed.connection_sid, &sid);
                    prop_assert_eq!(parsed.pasted, field);
                    prop_assert_eq!(&parsed.values, &values);
                    prop_assert!(parsed.notes.is_empty());
                    let identity = identify_sp_value(value, &hosts());
                    prop_assert_eq!(identity.kind, kind);
                    prop_assert_eq!(identity.connection_sid.as_ref(), Some(&sid));
                }
            }

            #[test]
            fn random_input_never_panics(input in "\\PC{0,120}") {
                let _ = classify_sp_value(&input, &hosts());
                if let Ok(parsed) = parse_new_value(&input, &hosts()) {
                    prop_assert_eq!(parsed.values.entity_id, format!("urn:flex:{}", parsed.connection_sid));
                }
            }

            #[test]
            fn url_like_input_never_panics(tail in "[a-zA-Z0-9/?=&#%:.@\\[\\]-]{0,80}") {
                for head in ["urn:flex:", "https://login.flex.us1.twilio.com/", "https://iam.twilio.com/v1/Accounts/", "http://"] {
                    let input = format!("{head}{tail}");
                    let _ = classify_sp_value(&input, &hosts());
                    let _ = parse_new_value(&input, &hosts());
                }
            }
        }
    }
}
