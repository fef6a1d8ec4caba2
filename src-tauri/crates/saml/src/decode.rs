//! From what the admin pasted (or the login window captured) to the XML text.
//!
//! Accepted forms: raw XML; the base64 `SAMLResponse` of the HTTP-POST binding; the base64 of raw
//! DEFLATE of the HTTP-Redirect binding (SAML bindings spec §3.4.4.1); either of those
//! percent-encoded as copied out of a URL; and a whole form body or URL carrying
//! `SAMLResponse=…&RelayState=…`.

use base64::Engine as _;
use serde::Serialize;

use crate::limits::{MAX_INPUT_BYTES, MAX_XML_BYTES};

/// Which form the input had, shown to the admin so they know what was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputForm {
    /// XML text as is.
    Xml,
    /// Base64 of the XML (HTTP-POST binding).
    Base64,
    /// Base64 of raw DEFLATE of the XML (HTTP-Redirect binding).
    Base64Deflate,
    /// A form body or URL with a `SAMLResponse` field; the field was then one of the above.
    FormBody,
}

/// The decoded input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedInput {
    pub xml: String,
    pub form: InputForm,
    /// The `RelayState` field of a pasted form body, if any (shown, never interpreted).
    pub relay_state: Option<String>,
}

/// Why the input could not be read at all. `Display` is the message the admin reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("Nothing was pasted. Paste the SAMLResponse value, the form data that carries it, or the response XML.")]
    Empty,
    #[error("The pasted text is {found} bytes long, more than the {limit} bytes a SAML response can reasonably be.")]
    TooLarge { found: usize, limit: usize },
    #[error("The form data has no SAMLResponse field.")]
    NoSamlResponseField,
    #[error("The text is not XML and not valid base64 (character {position} is \"{found}\").")]
    NotBase64 { position: usize, found: char },
    #[error("The base64 text decodes to data that is neither XML nor a compressed SAML message.")]
    NotSaml,
    #[error("The decoded response is more than {limit} bytes long.")]
    XmlTooLarge { limit: usize },
    #[error("The decoded response is not UTF-8 text.")]
    NotUtf8,
    #[error("The decoded response is UTF-16 text. Identity providers send SAML responses in UTF-8, so this one was re-saved by an editor or another tool on the way.")]
    Utf16,
}

impl InputError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::Empty => "input_empty",
            InputError::TooLarge { .. } => "input_too_large",
            InputError::NoSamlResponseField => "input_no_saml_response_field",
            InputError::NotBase64 { .. } => "input_not_base64",
            InputError::NotSaml => "input_not_saml",
            InputError::XmlTooLarge { .. } => "input_xml_too_large",
            InputError::NotUtf8 => "input_not_utf8",
            InputError::Utf16 => "input_utf16",
        }
    }

    /// What the admin can do about it.
    pub fn fix(&self) -> &'static str {
        match self {
            InputError::Empty | InputError::NoSamlResponseField => {
                "Copy the SAMLResponse value from your browser's developer tools (Network tab, the POST to the ACS URL, its form data) or let the app capture a login, then try again."
            }
            InputError::TooLarge { .. } | InputError::XmlTooLarge { .. } => {
                "Paste only the SAMLResponse value of one login, not a whole log or HAR file."
            }
            InputError::NotBase64 { .. } | InputError::NotSaml | InputError::NotUtf8 | InputError::Utf16 => {
                "Copy the SAMLResponse value again in one piece, without adding or cutting characters."
            }
        }
    }
}

/// Decodes pasted or captured input into the response XML.
pub fn decode_input(input: &str) -> Result<DecodedInput, InputError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { found: input.len(), limit: MAX_INPUT_BYTES });
    }
    let text = strip_bom(input).trim();
    if text.is_empty() {
        return Err(InputError::Empty);
    }
    if text.starts_with('<') {
        return xml_text(text.to_owned(), InputForm::Xml, None);
    }
    if let Some(fields) = form_fields(text) {
        let value = fields.saml_response.ok_or(InputError::NoSamlResponseField)?;
        // Form decoding turns an unescaped '+' into a space; base64 has no spaces, so put it back.
        let value = value.replace(' ', "+");
        let decoded = decode_value(value.trim())?;
        return Ok(DecodedInput { form: InputForm::FormBody, relay_state: fields.relay_state, ..decoded });
    }
    decode_value(text)
}

/// The fields of interest of a form body (`a=b&c=d`) or of a URL's query.
struct FormFields {
    saml_response: Option<String>,
    relay_state: Option<String>,
}

/// Reads `text` as a form body or URL if it is one. Plain base64 never holds '&', '?' or a
/// `SAMLResponse=` key, so these cannot be mistaken for each other.
fn form_fields(text: &str) -> Option<FormFields> {
    let is_url = text.starts_with("http://") || text.starts_with("https://");
    let has_key = text.to_ascii_lowercase().contains("samlresponse=");
    if !is_url && !has_key && !text.contains('&') {
        return None;
    }
    let query = match text.find('?') {
        Some(q) => &text[q + 1..],
        None if is_url => "",
        None => text,
    };
    let query = query.split('#').next().unwrap_or(query);
    let mut fields = FormFields { saml_response: None, relay_state: None };
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        if key.eq_ignore_ascii_case("SAMLResponse") && fields.saml_response.is_none() {
            fields.saml_response = Some(value.into_owned());
        } else if key.eq_ignore_ascii_case("RelayState") && fields.relay_state.is_none() {
            fields.relay_state = Some(value.into_owned());
        }
    }
    Some(fields)
}

/// Decodes one SAML message value (a `SAMLRequest` as well as a `SAMLResponse`) into XML text.
pub(crate) fn decode_value_of_message(value: &str) -> Result<String, InputError> {
    decode_value(value.trim()).map(|d| d.xml)
}

/// Decodes one SAMLResponse value: base64, possibly percent-encoded, possibly deflated.
fn decode_value(value: &str) -> Result<DecodedInput, InputError> {
    if value.starts_with('<') {
        return xml_text(value.to_owned(), InputForm::Xml, None);
    }
    let unescaped;
    let value = if value.contains('%') {
        unescaped = percent_decode(value);
        unescaped.as_str()
    } else {
        value
    };
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((position, found)) = compact
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')))
    {
        return Err(InputError::NotBase64 { position: position + 1, found });
    }
    let bytes = decode_base64(&compact)?;
    if looks_like_utf16(&bytes) {
        return Err(InputError::Utf16);
    }
    if looks_like_xml(&bytes) {
        return xml_bytes(bytes, InputForm::Base64);
    }
    match miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_XML_BYTES) {
        Ok(inflated) if looks_like_xml(&inflated) => xml_bytes(inflated, InputForm::Base64Deflate),
        Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
            Err(InputError::XmlTooLarge { limit: MAX_XML_BYTES })
        }
        _ => Err(InputError::NotSaml),
    }
}

fn decode_base64(compact: &str) -> Result<Vec<u8>, InputError> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let trimmed = compact.trim_end_matches('=');
    for engine in [&STANDARD, &URL_SAFE] {
        if let Ok(bytes) = engine.decode(compact) {
            return Ok(bytes);
        }
    }
    for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
        if let Ok(bytes) = engine.decode(trimmed) {
            return Ok(bytes);
        }
    }
    // Valid characters in an impossible arrangement: most often a value cut short.
    Err(InputError::NotSaml)
}

fn percent_decode(value: &str) -> String {
    // '+' stays '+' here: in a copied base64 value it is data, not a space.
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex_val(bytes[i + 1]), hex_val(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// A UTF-16 byte-order mark, or `<` as two bytes with a zero (XML 1.0 appendix F).
fn looks_like_utf16(bytes: &[u8]) -> bool {
    matches!(bytes, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] | [b'<', 0, ..] | [0, b'<', ..])
}

fn looks_like_xml(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

fn xml_bytes(bytes: Vec<u8>, form: InputForm) -> Result<DecodedInput, InputError> {
    if bytes.len() > MAX_XML_BYTES {
        return Err(InputError::XmlTooLarge { limit: MAX_XML_BYTES });
    }
    let text = String::from_utf8(bytes).map_err(|_| InputError::NotUtf8)?;
    xml_text(text, form, None)
}

fn xml_text(text: String, form: InputForm, relay_state: Option<String>) -> Result<DecodedInput, InputError> {
    if text.len() > MAX_XML_BYTES {
        return Err(InputError::XmlTooLarge { limit: MAX_XML_BYTES });
    }
    // Copied again only when there is something to cut (a megabyte costs a copy's time).
    let kept = strip_bom(&text).trim();
    let xml = if kept.len() == text.len() { text } else { kept.to_owned() };
    Ok(DecodedInput { xml, form, relay_state })
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}
