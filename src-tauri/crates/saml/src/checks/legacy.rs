//! Recognising the legacy Flex SSO values (FLEX-SSO-FACTS §1), so a response still carrying
//! them is explained as "the IdP still has the old values", not as a random mismatch.

/// Which legacy value a string is, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Legacy {
    /// `https://iam.twilio.com/v1/Accounts/{AccountSid}/saml2/metadata`
    EntityId,
    /// `https://iam.twilio.com/v1/Accounts/{AccountSid}/saml2`
    AcsUrl,
    /// `https://preview.twilio.com/iam/Accounts/{AccountSid}/saml2` (older; Entity ID and ACS URL alike)
    Preview,
}

/// Recognises a legacy Entity ID or ACS URL; the Account SID must be `AC` + 32 lower-case hex.
pub(crate) fn legacy_value(value: &str) -> Option<Legacy> {
    let value = value.trim();
    if let Some(rest) = value.strip_prefix("https://iam.twilio.com/v1/Accounts/") {
        let (sid, tail) = rest.split_at_checked(34)?;
        if !is_account_sid(sid) {
            return None;
        }
        return match tail {
            "/saml2/metadata" => Some(Legacy::EntityId),
            "/saml2" => Some(Legacy::AcsUrl),
            _ => None,
        };
    }
    let rest = value.strip_prefix("https://preview.twilio.com/iam/Accounts/")?;
    let (sid, tail) = rest.split_at_checked(34)?;
    (is_account_sid(sid) && tail == "/saml2").then_some(Legacy::Preview)
}

fn is_account_sid(s: &str) -> bool {
    s.len() == 34 && s.starts_with("AC") && s[2..].chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_exactly_the_legacy_forms() {
        let ac = "AC0123456789abcdef0123456789abcdef";
        let cases = [
            (format!("https://iam.twilio.com/v1/Accounts/{ac}/saml2/metadata"), Some(Legacy::EntityId)),
            (format!("https://iam.twilio.com/v1/Accounts/{ac}/saml2"), Some(Legacy::AcsUrl)),
            (format!("https://preview.twilio.com/iam/Accounts/{ac}/saml2"), Some(Legacy::Preview)),
            (format!("https://iam.twilio.com/v1/Accounts/{}/saml2", ac.to_uppercase()), None),
            ("https://iam.twilio.com/v1/Accounts/AC12/saml2".to_owned(), None),
            ("urn:flex:JQ0123456789abcdef0123456789abcdef".to_owned(), None),
            ("https://iam.twilio.com/v1/Accounts/€".to_owned(), None),
        ];
        for (value, expected) in cases {
            assert_eq!(legacy_value(&value), expected, "{value}");
        }
    }
}
