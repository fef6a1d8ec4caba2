//! What the diagnosis tells the admin: one [`Finding`] per problem, in plain words.

use serde::Serialize;

/// How much a finding matters. Only [`Severity::Error`] makes the verdict `fail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Flex will refuse this login (or the response could not be read).
    Error,
    /// Flex may accept the login, but something is off or could not be checked.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

/// The stable machine codes of the findings. The UI and the CLI's JSON key on these, so a code
/// never changes meaning once shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    InputInvalid,
    StatusNotSuccess,
    AudienceMismatch,
    LegacyAudience,
    DestinationMismatch,
    IssuerMismatch,
    ResponseUnsigned,
    AssertionUnsigned,
    SignatureInvalid,
    CertificateMismatch,
    WeakSignatureAlgorithm,
    /// The IdP's RSA signing key is shorter than 2048 bits: a signature made with it proves
    /// nothing, because such keys can be factored.
    SigningKeyTooShort,
    AssertionEncrypted,
    NameidMissing,
    /// An XML comment sits inside the NameID's text. Comments are outside what the signature
    /// covers, so a valid signature survives one; software that reads only the first text piece
    /// then sees a different user than software that reads it all.
    NameidSplitByComment,
    AttributeMissing,
    AttributeNameNamespaced,
    RolesInvalid,
    /// A Flex Insights role (`wfo.*`) without `supervisor` or `admin`: Flex signs the user in, but
    /// Insights will not open for them.
    InsightsRoleWithoutSupervisor,
    TypedAttributeInvalid,
    AssertionExpired,
    AssertionNotYetValid,
    SessionTooShort,
    /// A signature is present but this app could not check it (an algorithm or form it does not
    /// support). Never an error: not knowing is not the same as being wrong.
    SignatureNotVerified,
    /// No certificate was configured, so the signatures could only be checked against the
    /// certificate the response itself carries, which proves nothing about who sent it.
    CertificateNotConfigured,
}

impl FindingCode {
    /// The snake_case code, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::InputInvalid => "input_invalid",
            FindingCode::StatusNotSuccess => "status_not_success",
            FindingCode::AudienceMismatch => "audience_mismatch",
            FindingCode::LegacyAudience => "legacy_audience",
            FindingCode::DestinationMismatch => "destination_mismatch",
            FindingCode::IssuerMismatch => "issuer_mismatch",
            FindingCode::ResponseUnsigned => "response_unsigned",
            FindingCode::AssertionUnsigned => "assertion_unsigned",
            FindingCode::SignatureInvalid => "signature_invalid",
            FindingCode::CertificateMismatch => "certificate_mismatch",
            FindingCode::WeakSignatureAlgorithm => "weak_signature_algorithm",
            FindingCode::SigningKeyTooShort => "signing_key_too_short",
            FindingCode::AssertionEncrypted => "assertion_encrypted",
            FindingCode::NameidMissing => "nameid_missing",
            FindingCode::NameidSplitByComment => "nameid_split_by_comment",
            FindingCode::AttributeMissing => "attribute_missing",
            FindingCode::AttributeNameNamespaced => "attribute_name_namespaced",
            FindingCode::RolesInvalid => "roles_invalid",
            FindingCode::InsightsRoleWithoutSupervisor => "insights_role_without_supervisor",
            FindingCode::TypedAttributeInvalid => "typed_attribute_invalid",
            FindingCode::AssertionExpired => "assertion_expired",
            FindingCode::AssertionNotYetValid => "assertion_not_yet_valid",
            FindingCode::SessionTooShort => "session_too_short",
            FindingCode::SignatureNotVerified => "signature_not_verified",
            FindingCode::CertificateNotConfigured => "certificate_not_configured",
        }
    }
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in the response the finding points, so the UI can highlight it.
///
/// Lines are 1-based and refer to [`crate::Report::xml_pretty`] (the text the UI shows), not to
/// the input, which is often a single base64 line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// A readable path with the prefixes as they appear in the response, e.g.
    /// `/samlp:Response/saml:Assertion/saml:Conditions`.
    pub xpath: String,
    pub line_start: u32,
    pub line_end: u32,
}

/// One problem (or remark) about the response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    /// One short sentence: what is wrong.
    pub title: String,
    /// What was expected against what arrived.
    pub detail: String,
    /// What to change, and where (named by the IdP's own label when known).
    pub fix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// When the fix is one value to put in one setting: which, and the value (so the UI can show
    /// it with a Copy button instead of inside a sentence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<SetValue>,
}

/// One setting to change and the value it must get.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetValue {
    /// Where the setting is: the identity provider (`idp`) or Flex's SSO settings (`flex`).
    pub place: &'static str,
    /// The setting's name, in the IdP's own words when known (e.g. "Audience URI (SP Entity ID)").
    pub setting: String,
    pub value: String,
}

impl Finding {
    pub fn new(
        code: FindingCode,
        severity: Severity,
        title: impl Into<String>,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Finding { code, severity, title: title.into(), detail: detail.into(), fix: fix.into(), location: None, set: None }
    }

    pub fn error(code: FindingCode, title: impl Into<String>, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, title, detail, fix)
    }

    pub fn warning(code: FindingCode, title: impl Into<String>, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, title, detail, fix)
    }

    /// The fix is this one value in this one setting.
    pub fn set(mut self, place: &'static str, setting: impl Into<String>, value: impl Into<String>) -> Self {
        self.set = Some(SetValue { place, setting: setting.into(), value: value.into() });
        self
    }

    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_names() {
        let all = [
            FindingCode::InputInvalid, FindingCode::StatusNotSuccess, FindingCode::AudienceMismatch,
            FindingCode::LegacyAudience, FindingCode::DestinationMismatch, FindingCode::IssuerMismatch,
            FindingCode::ResponseUnsigned, FindingCode::AssertionUnsigned, FindingCode::SignatureInvalid,
            FindingCode::CertificateMismatch, FindingCode::WeakSignatureAlgorithm, FindingCode::AssertionEncrypted,
            FindingCode::NameidMissing, FindingCode::AttributeMissing, FindingCode::AttributeNameNamespaced,
            FindingCode::RolesInvalid, FindingCode::InsightsRoleWithoutSupervisor, FindingCode::TypedAttributeInvalid, FindingCode::AssertionExpired,
            FindingCode::AssertionNotYetValid, FindingCode::SessionTooShort, FindingCode::SignatureNotVerified,
            FindingCode::CertificateNotConfigured, FindingCode::NameidSplitByComment, FindingCode::SigningKeyTooShort,
        ];
        for code in all {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::Value::String(code.as_str().to_owned()));
        }
    }

    #[test]
    fn a_finding_without_location_omits_it() {
        let f = Finding::error(FindingCode::NameidMissing, "t", "d", "f");
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json, serde_json::json!({"code": "nameid_missing", "severity": "error", "title": "t", "detail": "d", "fix": "f"}));
    }
}
