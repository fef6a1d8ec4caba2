//! The sentences of the report. Console paths and field names are quoted from `flex-sso-facts`,
//! never written here (`tests/fact_literals.rs` checks that).

use flex_sso_certificate::{date_only, Certificate};
use flex_sso_facts::twilio;
use time::OffsetDateTime;

use crate::report::Situation;

/// Where the certificate is pasted in the Twilio Console, as the admin reads it.
pub(crate) fn flex_field() -> String {
    format!("the {} field of {}", twilio::FIELD_CERTIFICATE.text, twilio::CONSOLE_SSO_PAGE.text)
}

/// "in 12 days", "in 1 day", "within a day".
fn in_days(days: i64) -> String {
    match days {
        d if d <= 0 => "within a day".to_owned(),
        1 => "in 1 day".to_owned(),
        d => format!("in {d} days"),
    }
}

/// What the check knows, for the sentences.
pub(crate) struct Known<'a> {
    pub now: OffsetDateTime,
    /// The certificate configured in Flex that matters (see `HealthReport::expiry`).
    pub configured: Option<&'a Certificate>,
    /// The IdP's next certificate, when one is in view.
    pub new_cert: Option<&'a Certificate>,
    pub signer: Option<&'a Certificate>,
    pub metadata_reason: Option<&'a str>,
}

/// The headline for the most urgent situation.
pub(crate) fn headline(situation: Situation, k: &Known<'_>) -> String {
    let sso_page = twilio::CONSOLE_SSO_PAGE.text;
    let new_fp = k.new_cert.map_or("unknown", |c| c.sha256_fingerprint());
    match situation {
        Situation::SignedByUnconfigured => format!(
            "Your IdP now signs with a new certificate (SHA-256 {new_fp}). Paste it into {sso_page} now, or agents cannot sign in."
        ),
        Situation::MetadataRotated => format!(
            "Your IdP's metadata no longer lists the certificate Flex has; it lists a new one (SHA-256 {new_fp}). Paste it into {sso_page} now, or agents cannot sign in."
        ),
        Situation::ConfiguredExpired => {
            let ended = k.configured.map_or(String::new(), |c| format!(" on {}", date_only(c.not_after())));
            match k.new_cert {
                Some(new) => format!(
                    "The certificate in Flex expired{ended}, so agents cannot sign in. Paste your IdP's current certificate (SHA-256 {}) into {sso_page} now.",
                    new.sha256_fingerprint()
                ),
                None => format!(
                    "The certificate in Flex expired{ended}, so agents cannot sign in. Get your IdP's new signing certificate and paste it into {sso_page} now."
                ),
            }
        }
        Situation::NewCertificateAnnounced => {
            let until = k.configured.map_or(String::new(), |c| format!(" before the one in Flex expires on {}", date_only(c.not_after())));
            format!(
                "Your IdP announces a new signing certificate (SHA-256 {new_fp}) beside the one Flex has. Plan the switch now and follow the rotation steps{until}."
            )
        }
        Situation::ConfiguredExpiring => match k.configured {
            Some(c) => format!(
                "The certificate in Flex expires {}, on {}. Ask your IdP administrator for the new one and plan the switch before then.",
                in_days(c.days_left(k.now)),
                date_only(c.not_after())
            ),
            None => "The certificate in Flex expires soon. Ask your IdP administrator for the new one.".to_owned(),
        },
        Situation::MetadataUnreadable => {
            let reason = k.metadata_reason.unwrap_or("no reason given");
            let known = match (k.signer, k.configured) {
                (Some(s), Some(c)) if s.same_as(c) => " The last login check was signed with the certificate Flex has.",
                _ => "",
            };
            format!("Could not check: your IdP's metadata could not be read ({}).{known}", reason.trim_end_matches('.'))
        }
        Situation::MetadataWithoutSigningCertificate => {
            "Could not check: your IdP's metadata lists no signing certificate, so it cannot be compared with the one in Flex.".to_owned()
        }
        Situation::NoConfiguredCertificate => format!(
            "Could not check: this app does not know the certificate configured in Flex. Add the certificate from {} to compare it with your IdP.",
            flex_field()
        ),
        Situation::NothingToCompare => {
            "Could not check whether Flex and your IdP agree: give your IdP's metadata (its address or a file) or run a login check.".to_owned()
        }
        Situation::Agree => match k.configured {
            Some(c) => {
                let basis = if k.signer.is_some() { "your IdP signs with" } else { "your IdP's metadata lists" };
                format!(
                    "Flex and your IdP agree: {basis} the certificate Flex has (SHA-256 {}), valid until {} ({} days left).",
                    c.sha256_fingerprint(),
                    date_only(c.not_after()),
                    c.days_left(k.now)
                )
            }
            None => "Flex and your IdP agree.".to_owned(),
        },
    }
}

/// The next steps one situation asks for.
pub(crate) fn steps(situation: Situation, k: &Known<'_>) -> Vec<String> {
    let new_fp = k.new_cert.map_or("unknown", |c| c.sha256_fingerprint());
    match situation {
        Situation::SignedByUnconfigured | Situation::MetadataRotated => vec![
            format!("Paste the new certificate (SHA-256 {new_fp}) into {}, replacing the old one, and save.", flex_field()),
            "Run the login check to prove agents can sign in again.".to_owned(),
        ],
        Situation::ConfiguredExpired => vec![
            format!("Paste your IdP's current signing certificate into {}, and save.", flex_field()),
            "Run the login check to prove agents can sign in again.".to_owned(),
        ],
        Situation::NewCertificateAnnounced => vec![
            "Agree a time with your IdP administrator and follow the rotation steps: make the new certificate active in the IdP and paste it into Flex right after.".to_owned(),
        ],
        Situation::ConfiguredExpiring => vec![
            "Ask your IdP administrator to create the new signing certificate. Once your IdP's metadata lists it (or a login check shows it), this check shows the rotation steps.".to_owned(),
            "Give the people who must act the calendar reminders (the Health page saves them).".to_owned(),
        ],
        Situation::MetadataUnreadable => vec![
            "Check the metadata address or file (or the network), then run the check again.".to_owned(),
            "Or run a login check: it shows which certificate your IdP signs with.".to_owned(),
        ],
        Situation::MetadataWithoutSigningCertificate => {
            vec!["Check that the address or file is your IdP's metadata for the Flex application.".to_owned()]
        }
        Situation::NoConfiguredCertificate => {
            vec![format!("Add the certificate that is in {} (paste it, or import it from the migration).", flex_field())]
        }
        Situation::NothingToCompare => vec![
            "Give your IdP's metadata address or file.".to_owned(),
            "Or run a login check: it shows which certificate your IdP signs with.".to_owned(),
        ],
        Situation::Agree => Vec::new(),
    }
}
