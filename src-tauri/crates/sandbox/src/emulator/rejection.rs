//! Why the emulated Flex login refused a SAML response.
//!
//! Each case has a stable `code()` (the page's `data-error-code`), the short text Twilio's own
//! page shows (`twilio_message()`, from FLEX-SSO-FACTS section 7 where known, marked
//! `[inferred]` where no source gives Twilio's wording) and a plain explanation with the fix
//! (`Display`).

use flex_sso_facts::twilio;
use serde::Serialize;

/// The attributes Flex requires, with their plain names (FLEX-SSO-FACTS section 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlexAttribute {
    Roles,
    FullName,
    Email,
}

impl FlexAttribute {
    pub fn name(self) -> &'static str {
        match self {
            FlexAttribute::Roles => "roles",
            FlexAttribute::FullName => "full_name",
            FlexAttribute::Email => "email",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("The sign-in reached Flex without a SAML response. Start again from the Flex login link.")]
    MissingSamlResponse,
    #[error("The sign-in came for connection \"{sid}\", which this sandbox account does not have. Check the connection in the login link and in the ACS URL your identity provider uses.")]
    UnknownConnection { sid: String },
    #[error("The SAML response could not be read ({detail}). The identity provider must post it base64-encoded, as the SAML HTTP-POST binding says.")]
    Unreadable { detail: String },
    #[error("The identity provider did not sign the user in: it answered with status {status}. Look at the identity provider's log for this sign-in.")]
    IdpStatus { status: String },
    #[error("The SAML response holds {found} assertions; Flex needs exactly one.")]
    AssertionCount { found: usize },
    #[error("The assertion is encrypted. Flex needs it unencrypted: turn off assertion encryption in the identity provider's Flex app.")]
    AssertionEncrypted,
    #[error("The SAML response is not signed. Flex needs both the response and the assertion signed: in the identity provider's Flex app, choose to sign both.")]
    ResponseNotSigned,
    #[error("The assertion is not signed. Flex needs both the response and the assertion signed: in the identity provider's Flex app, choose to sign both.")]
    AssertionNotSigned,
    #[error("The {part} is signed with {algorithm}. Flex needs SHA-256: choose RSA-SHA256 as the signature algorithm in the identity provider's Flex app.")]
    WeakSignature { part: &'static str, algorithm: String },
    #[error("The {part}'s signature does not match the identity provider's certificate known to Flex ({detail}). If the identity provider's certificate changed, enter the new X.509 certificate in the Flex single sign-on settings.")]
    SignatureInvalid { part: &'static str, detail: String },
    #[error("The assertion comes from issuer \"{found}\", but Flex expects \"{expected}\". Enter the identity provider's Issuer (entity ID) exactly as the identity provider shows it.")]
    IssuerMismatch { expected: String, found: String },
    #[error("The assertion has no NameID. Configure the identity provider to send a NameID (usually the user's e-mail address).")]
    NameIdMissing,
    #[error("The assertion is meant for \"{found}\", but this connection is \"{expected}\". In the identity provider's Flex app, set the Entity ID (audience) to {expected}.")]
    WrongAudience { expected: String, found: String },
    #[error("The SAML response was sent to \"{found}\", but this connection's ACS URL is \"{expected}\". In the identity provider's Flex app, set the ACS URL to {expected}.")]
    WrongDestination { expected: String, found: String },
    #[error("The assertion names \"{found}\" as its recipient, but this connection's ACS URL is \"{expected}\". In the identity provider's Flex app, set the ACS URL to {expected}.")]
    WrongRecipient { expected: String, found: String },
    #[error("The assertion is not valid before {not_before} and arrived at {now}. Check the clock of the identity provider's server.")]
    NotYetValid { not_before: String, now: String },
    #[error("The assertion expired at {not_on_or_after} and arrived at {now}. Sign in again; if it keeps happening, check the identity provider's clock and assertion lifetime.")]
    Expired { not_on_or_after: String, now: String },
    #[error("The SAML response answers a sign-in request Flex did not send (InResponseTo \"{in_response_to}\"). Start again from the Flex login link.")]
    UnknownRequest { in_response_to: String },
    #[error("The assertion has no \"{}\" attribute.{}", attribute.name(), uri_hint(uri_names))]
    MissingAttribute { attribute: FlexAttribute, uri_names: Vec<String> },
    #[error("The roles attribute holds \"{value}\", which is neither a Flex role nor a Flex Insights role. Flex accepts {} ({}), with Flex Insights roles beside them.", twilio::FLEX_ROLES, twilio::ROLES_FORMAT)]
    InvalidRole { value: String },
    #[error("The roles attribute holds only Flex Insights roles ({}). Flex also needs {} for the user.", .insights.join(", "), twilio::FLEX_ROLES)]
    NoFlexRole { insights: Vec<String> },
    #[error("This sign-in was sent to the legacy Flex SSO address ({path}), which is no longer active for this account. In the identity provider's Flex app, change the Entity ID to {entity_id} and the ACS URL to {acs_url}.")]
    LegacyConnectionInactive { path: String, entity_id: String, acs_url: String },
    #[error("The sandbox could not check the signature: {detail}. Install xmlsec1 (Debian package xmlsec1).")]
    VerifierUnavailable { detail: String },
}

fn uri_hint(uri_names: &[String]) -> String {
    if uri_names.is_empty() {
        " Add it in the identity provider's attribute mapping, with exactly this name.".to_owned()
    } else {
        format!(
            " The response has attributes named with URIs ({}); Flex ignores those and reads only plain names such as {}. Rename them in the identity provider's attribute mapping.",
            uri_names.join(", "),
            twilio::REQUIRED_ATTRIBUTES
        )
    }
}

impl Rejection {
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::MissingSamlResponse => "missing_saml_response",
            Rejection::UnknownConnection { .. } => "unknown_connection",
            Rejection::Unreadable { .. } => "unreadable_response",
            Rejection::IdpStatus { .. } => "idp_status",
            Rejection::AssertionCount { .. } => "assertion_count",
            Rejection::AssertionEncrypted => "assertion_encrypted",
            Rejection::ResponseNotSigned => "response_not_signed",
            Rejection::AssertionNotSigned => "assertion_not_signed",
            Rejection::WeakSignature { .. } => "weak_signature_algorithm",
            Rejection::SignatureInvalid { .. } => "signature_invalid",
            Rejection::IssuerMismatch { .. } => "issuer_mismatch",
            Rejection::NameIdMissing => "name_id_missing",
            Rejection::WrongAudience { .. } => "wrong_audience",
            Rejection::WrongDestination { .. } => "wrong_destination",
            Rejection::WrongRecipient { .. } => "wrong_recipient",
            Rejection::NotYetValid { .. } => "assertion_not_yet_valid",
            Rejection::Expired { .. } => "assertion_expired",
            Rejection::UnknownRequest { .. } => "unknown_request",
            Rejection::MissingAttribute { attribute: FlexAttribute::Roles, .. } => "missing_role_attribute",
            Rejection::MissingAttribute { attribute: FlexAttribute::FullName, .. } => "missing_full_name_attribute",
            Rejection::MissingAttribute { attribute: FlexAttribute::Email, .. } => "missing_email_attribute",
            Rejection::InvalidRole { .. } => "invalid_role",
            Rejection::NoFlexRole { .. } => "no_flex_role",
            Rejection::LegacyConnectionInactive { .. } => "legacy_connection_inactive",
            Rejection::VerifierUnavailable { .. } => "verifier_unavailable",
        }
    }

    /// The short line Twilio's page shows for this case.
    pub fn twilio_message(&self) -> String {
        match self {
            // Twilio's own wording for the role error.
            Rejection::MissingAttribute { attribute: FlexAttribute::Roles, .. } => twilio::SYMPTOM_NO_ROLE.text.to_owned(),
            // [inferred] the same sentence for the other required attributes.
            Rejection::MissingAttribute { attribute, .. } => {
                let article = if *attribute == FlexAttribute::Email { "an" } else { "a" };
                format!("SAML response doesn't have {article} {} attribute", attribute.name())
            }
            // FLEX-SSO-FACTS section 7: Twilio's login form shows InvalidNameIDPolicy for a wrong
            // NameID setup or IdP Issuer.
            Rejection::IssuerMismatch { .. } | Rejection::NameIdMissing => twilio::SYMPTOM_NAME_ID_POLICY.text.to_owned(),
            // [inferred] everything below: no source gives Twilio's wording.
            Rejection::InvalidRole { value } => format!("SAML response has an invalid role: {value}"),
            Rejection::NoFlexRole { .. } => "SAML response has no Flex role".to_owned(),
            Rejection::LegacyConnectionInactive { .. } => "This SSO connection is no longer active".to_owned(),
            Rejection::UnknownConnection { .. } => "Invalid SSO connection".to_owned(),
            Rejection::VerifierUnavailable { .. } => "Internal error".to_owned(),
            _ => "Invalid SAML response".to_owned(),
        }
    }

    /// The HTTP status of the error page.
    pub fn http_status(&self) -> u16 {
        match self {
            Rejection::UnknownConnection { .. } => 404,
            Rejection::LegacyConnectionInactive { .. } => 403,
            Rejection::VerifierUnavailable { .. } => 500,
            _ => 400,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_twilio_lines_and_explanations() {
        let cases: Vec<(Rejection, &str, &str, String)> = vec![
            (
                Rejection::MissingAttribute { attribute: FlexAttribute::Roles, uri_names: vec![] },
                "missing_role_attribute",
                twilio::SYMPTOM_NO_ROLE.text,
                "The assertion has no \"roles\" attribute. Add it in the identity provider's attribute mapping, with exactly this name.".to_owned(),
            ),
            (
                Rejection::MissingAttribute {
                    attribute: FlexAttribute::Email,
                    uri_names: vec!["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress".into()],
                },
                "missing_email_attribute",
                "SAML response doesn't have an email attribute",
                format!("The assertion has no \"email\" attribute. The response has attributes named with URIs (http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress); Flex ignores those and reads only plain names such as {}. Rename them in the identity provider's attribute mapping.", twilio::REQUIRED_ATTRIBUTES),
            ),
            (
                Rejection::IssuerMismatch { expected: "https://idp/a".into(), found: "https://idp/b".into() },
                "issuer_mismatch",
                twilio::SYMPTOM_NAME_ID_POLICY.text,
                "The assertion comes from issuer \"https://idp/b\", but Flex expects \"https://idp/a\". Enter the identity provider's Issuer (entity ID) exactly as the identity provider shows it.".to_owned(),
            ),
            (
                Rejection::InvalidRole { value: "Agent".into() },
                "invalid_role",
                "SAML response has an invalid role: Agent",
                format!("The roles attribute holds \"Agent\", which is neither a Flex role nor a Flex Insights role. Flex accepts {} ({}), with Flex Insights roles beside them.", twilio::FLEX_ROLES, twilio::ROLES_FORMAT),
            ),
            (
                Rejection::WeakSignature { part: "response", algorithm: "http://www.w3.org/2000/09/xmldsig#rsa-sha1".into() },
                "weak_signature_algorithm",
                "Invalid SAML response",
                "The response is signed with http://www.w3.org/2000/09/xmldsig#rsa-sha1. Flex needs SHA-256: choose RSA-SHA256 as the signature algorithm in the identity provider's Flex app.".to_owned(),
            ),
            (
                Rejection::AssertionEncrypted,
                "assertion_encrypted",
                "Invalid SAML response",
                "The assertion is encrypted. Flex needs it unencrypted: turn off assertion encryption in the identity provider's Flex app.".to_owned(),
            ),
        ];
        for (rejection, code, twilio, explanation) in cases {
            assert_eq!(rejection.code(), code);
            assert_eq!(rejection.twilio_message(), twilio);
            assert_eq!(rejection.to_string(), explanation);
            assert_eq!(rejection.http_status(), 400);
        }
    }

    #[test]
    fn statuses_distinguish_unknown_and_inactive() {
        assert_eq!(Rejection::UnknownConnection { sid: "JQx".into() }.http_status(), 404);
        let legacy = Rejection::LegacyConnectionInactive {
            path: "/v1/Accounts/AC1/saml2".into(),
            entity_id: "urn:flex:JQ1".into(),
            acs_url: "http://l/login/callback?connection=JQ1".into(),
        };
        assert_eq!(legacy.http_status(), 403);
        assert_eq!(legacy.code(), "legacy_connection_inactive");
        assert_eq!(legacy.twilio_message(), "This SSO connection is no longer active");
    }
}
