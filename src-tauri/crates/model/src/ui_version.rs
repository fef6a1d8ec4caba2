//! Is this account's Flex UI recent enough to migrate SSO?
//!
//! The migration needs Flex UI 2.7.x or later (FLEX-SSO-FACTS §3; Twilio's migration guide:
//! "If your Flex instance is running Flex UI 2.7.x or later, migrate ..."). The Configuration
//! resource's `ui_version` may hold an exact version (`2.8.3`) or a range (`~2.7.x`, `^2.8.0`,
//! `2.x.x`) (FACTS §2). A range is read as the set of versions it allows:
//!
//! - every allowed version is 2.7 or later: eligible;
//! - no allowed version is 2.7 or later: not eligible;
//! - some are and some are not (`2.x.x`, `^2.6.0`): unknown, and the admin is told to check.
//!
//! Anything unreadable is unknown too: the app asks, it never guesses silently.

use flex_sso_facts::{concatcp, twilio};
use serde::{Deserialize, Serialize};

/// Whether the migration is open to this account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    Eligible,
    NotEligible,
    Unknown,
}

/// The verdict with a full sentence for the admin and the raw value it was based on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EligibilityReport {
    pub eligibility: Eligibility,
    pub reason: String,
    pub raw: Option<String>,
}

/// The first Flex UI version (major, minor) that can migrate.
pub use flex_sso_facts::twilio::MINIMUM_UI_VERSION;

/// The first Flex UI line that can migrate, as the admin reads it ("2.7.x").
const MIN: &str = twilio::FLEX_UI_MINIMUM.text;

/// Where the admin sees (and changes) the Flex UI version: the Flex Admin UI's Versioning page.
pub const WHERE_TO_CHECK: &str = concatcp!("in ", twilio::FLEX_UI_VERSIONING.text, " (", VERSIONING_URL, ")");
const VERSIONING_URL: &str = match twilio::FLEX_UI_VERSIONING.url {
    Some(url) => url,
    None => "",
};

/// A (major, minor) pair; the patch never matters for a 2.7 threshold.
type MajorMinor = (u64, u64);

/// The versions a `ui_version` value allows: from `low` (inclusive) up to `high` (exclusive,
/// `None` for no upper bound), in (major, minor) terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Allowed {
    low: MajorMinor,
    high: Option<MajorMinor>,
}

/// How a `ui_version` value was written, which decides the wording of the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `2.8.3`: one version.
    Exact,
    /// `2.x.x`, `2.7`, `~2.7.0`: every patch (or minor) of one line.
    Wildcard,
    /// `^2.6.0`: a caret range.
    Caret,
}

/// Reads one numeric or wildcard part. `Ok(None)` is a wildcard (`x`, `X`, `*`).
fn part(text: &str) -> Result<Option<u64>, ()> {
    match text {
        "x" | "X" | "*" => Ok(None),
        digits if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) => {
            digits.parse().map(Some).map_err(|_| ())
        }
        _ => Err(()),
    }
}

/// Parses a `ui_version` value into the versions it allows. `Err` means unreadable.
fn parse(raw: &str) -> Result<(Allowed, Form), ()> {
    let mut text: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let operator = match text.chars().next() {
        Some(op @ ('~' | '^' | '=')) => {
            text.remove(0);
            Some(op)
        }
        _ => None,
    };
    let text = text.strip_prefix(['v', 'V']).unwrap_or(&text);
    // A pre-release or build suffix (`2.7.0-beta.1`) does not change the (major, minor) line.
    let core = text.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<Option<u64>> = core.split('.').map(part).collect::<Result<_, _>>()?;
    if parts.is_empty() || parts.len() > 3 {
        return Err(());
    }
    // Everything after the first wildcard is a wildcard too (`2.x.5` reads as `2.x.x`).
    let known: Vec<u64> = parts.iter().map_while(|p| *p).collect();
    let next = |(major, minor): MajorMinor| minor.checked_add(1).map(|m| (major, m));
    let next_major = |major: u64| major.checked_add(1).map(|m| (m, 0));
    let allowed = match (operator, known.as_slice()) {
        (_, []) => Allowed { low: (0, 0), high: None },
        (Some('^'), [0, minor, ..]) => Allowed { low: (0, *minor), high: next((0, *minor)) },
        (Some('^'), [major, minor, ..]) => Allowed { low: (*major, *minor), high: next_major(*major) },
        (_, [major]) => Allowed { low: (*major, 0), high: next_major(*major) },
        (_, [major, minor, ..]) => Allowed { low: (*major, *minor), high: next((*major, *minor)) },
    };
    let form = match operator {
        Some('^') if known.len() >= 2 => Form::Caret,
        _ if known.len() == 3 && operator != Some('~') => Form::Exact,
        _ => Form::Wildcard,
    };
    Ok((allowed, form))
}

/// Decides eligibility from the Configuration resource's `ui_version`.
pub fn assess_ui_version(raw: Option<&str>) -> EligibilityReport {
    let report = |eligibility, reason: String| EligibilityReport { eligibility, reason, raw: raw.map(str::to_owned) };
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return report(
            Eligibility::Unknown,
            format!("The Flex UI version could not be read. Check it {WHERE_TO_CHECK}, or ask Twilio Support which version your account runs; this app does not guess."),
        );
    };
    let Ok((allowed, form)) = parse(text) else {
        return report(
            Eligibility::Unknown,
            format!("\"{text}\" is not a Flex UI version this app can read. Check the version {WHERE_TO_CHECK}, or ask Twilio Support which version your account runs; this app does not guess."),
        );
    };
    let threshold = MINIMUM_UI_VERSION;
    if allowed.low >= threshold {
        let reason = match form {
            Form::Exact => format!("Flex UI {text} is {MIN} or later, so this account can move to the new SSO."),
            _ => format!("The Flex UI version is set to \"{text}\", which only allows {MIN} or later, so this account can move to the new SSO."),
        };
        return report(Eligibility::Eligible, reason);
    }
    if allowed.high.is_some_and(|high| high <= threshold) {
        let what = match form {
            Form::Exact => format!("Flex UI {text} is"),
            _ => format!("The Flex UI version is set to \"{text}\", which is"),
        };
        return report(
            Eligibility::NotEligible,
            format!(
                "{what} older than {MIN}. Upgrade Flex UI to {MIN} or later ({WHERE_TO_CHECK}) before you migrate SSO."
            ),
        );
    }
    let range = match form {
        Form::Caret => format!(", a range that allows versions older than {MIN} as well as {MIN} and later, so the version in use may or may not be able to migrate."),
        _ => {
            let from = format!("{}.{}", allowed.low.0, allowed.low.1);
            let to = match allowed.high {
                Some((major, 0)) if major > 0 => format!("the newest {}.x", major - 1),
                _ => "the newest version".to_owned(),
            };
            format!(", which could be any version from {from} to {to}; only {MIN} or later can migrate.")
        }
    };
    report(
        Eligibility::Unknown,
        format!("The Flex UI version is set to \"{text}\"{range} Check the exact version {WHERE_TO_CHECK}, and if it is not clear there, ask Twilio Support."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHECK: &str = WHERE_TO_CHECK;

    /// Twilio, December 2026: the version lives in the Flex Admin UI, not in a Console menu.
    #[test]
    fn the_version_is_looked_up_in_the_flex_admin_ui() {
        assert!(CHECK.contains("Flex Admin UI") && CHECK.contains("/admin/versioning"), "{CHECK}");
        assert!(!CHECK.contains("Manage") && !CHECK.contains("Console"), "{CHECK}");
    }

    #[test]
    fn every_form_gets_the_right_verdict_and_sentence() {
        use Eligibility::*;
        let cases: Vec<(Option<&str>, Eligibility, String)> = vec![
            (Some("2.8.3"), Eligible, "Flex UI 2.8.3 is 2.7.x or later, so this account can move to the new SSO.".into()),
            (Some("2.7.0"), Eligible, "Flex UI 2.7.0 is 2.7.x or later, so this account can move to the new SSO.".into()),
            (Some(" v2.10.1 "), Eligible, "Flex UI v2.10.1 is 2.7.x or later, so this account can move to the new SSO.".into()),
            (Some("3.0.0"), Eligible, "Flex UI 3.0.0 is 2.7.x or later, so this account can move to the new SSO.".into()),
            (Some("2.7.0-beta.1"), Eligible, "Flex UI 2.7.0-beta.1 is 2.7.x or later, so this account can move to the new SSO.".into()),
            (Some("~2.7.x"), Eligible, "The Flex UI version is set to \"~2.7.x\", which only allows 2.7.x or later, so this account can move to the new SSO.".into()),
            (Some("^2.8.0"), Eligible, "The Flex UI version is set to \"^2.8.0\", which only allows 2.7.x or later, so this account can move to the new SSO.".into()),
            (Some("~ 2.9.1"), Eligible, "The Flex UI version is set to \"~ 2.9.1\", which only allows 2.7.x or later, so this account can move to the new SSO.".into()),
            (Some("2.7"), Eligible, "The Flex UI version is set to \"2.7\", which only allows 2.7.x or later, so this account can move to the new SSO.".into()),
            (Some("3"), Eligible, "The Flex UI version is set to \"3\", which only allows 2.7.x or later, so this account can move to the new SSO.".into()),
            (Some("2.6.5"), NotEligible, format!("Flex UI 2.6.5 is older than 2.7.x. Upgrade Flex UI to 2.7.x or later ({CHECK}) before you migrate SSO.")),
            (Some("1.34.2"), NotEligible, format!("Flex UI 1.34.2 is older than 2.7.x. Upgrade Flex UI to 2.7.x or later ({CHECK}) before you migrate SSO.")),
            (Some("~2.6.x"), NotEligible, format!("The Flex UI version is set to \"~2.6.x\", which is older than 2.7.x. Upgrade Flex UI to 2.7.x or later ({CHECK}) before you migrate SSO.")),
            (Some("2.4.x"), NotEligible, format!("The Flex UI version is set to \"2.4.x\", which is older than 2.7.x. Upgrade Flex UI to 2.7.x or later ({CHECK}) before you migrate SSO.")),
            (Some("^1.5.0"), NotEligible, format!("The Flex UI version is set to \"^1.5.0\", which is older than 2.7.x. Upgrade Flex UI to 2.7.x or later ({CHECK}) before you migrate SSO.")),
            (Some("1"), NotEligible, format!("The Flex UI version is set to \"1\", which is older than 2.7.x. Upgrade Flex UI to 2.7.x or later ({CHECK}) before you migrate SSO.")),
            (Some("2.x.x"), Unknown, format!("The Flex UI version is set to \"2.x.x\", which could be any version from 2.0 to the newest 2.x; only 2.7.x or later can migrate. Check the exact version {CHECK}, and if it is not clear there, ask Twilio Support.")),
            (Some("2"), Unknown, format!("The Flex UI version is set to \"2\", which could be any version from 2.0 to the newest 2.x; only 2.7.x or later can migrate. Check the exact version {CHECK}, and if it is not clear there, ask Twilio Support.")),
            (Some("^2.6.0"), Unknown, format!("The Flex UI version is set to \"^2.6.0\", a range that allows versions older than 2.7.x as well as 2.7.x and later, so the version in use may or may not be able to migrate. Check the exact version {CHECK}, and if it is not clear there, ask Twilio Support.")),
            (Some("*"), Unknown, format!("The Flex UI version is set to \"*\", which could be any version from 0.0 to the newest version; only 2.7.x or later can migrate. Check the exact version {CHECK}, and if it is not clear there, ask Twilio Support.")),
            (None, Unknown, format!("The Flex UI version could not be read. Check it {CHECK}, or ask Twilio Support which version your account runs; this app does not guess.")),
            (Some("   "), Unknown, format!("The Flex UI version could not be read. Check it {CHECK}, or ask Twilio Support which version your account runs; this app does not guess.")),
            (Some("latest"), Unknown, format!("\"latest\" is not a Flex UI version this app can read. Check the version {CHECK}, or ask Twilio Support which version your account runs; this app does not guess.")),
            (Some("2.7.1.4"), Unknown, format!("\"2.7.1.4\" is not a Flex UI version this app can read. Check the version {CHECK}, or ask Twilio Support which version your account runs; this app does not guess.")),
            (Some(">=2.7.0"), Unknown, format!("\">=2.7.0\" is not a Flex UI version this app can read. Check the version {CHECK}, or ask Twilio Support which version your account runs; this app does not guess.")),
            (Some("99999999999999999999999.1"), Unknown, format!("\"99999999999999999999999.1\" is not a Flex UI version this app can read. Check the version {CHECK}, or ask Twilio Support which version your account runs; this app does not guess.")),
        ];
        for (raw, eligibility, reason) in cases {
            let report = assess_ui_version(raw);
            assert_eq!(report.eligibility, eligibility, "raw {raw:?}");
            assert_eq!(report.reason, reason, "raw {raw:?}");
            assert_eq!(report.raw.as_deref(), raw, "raw {raw:?}");
        }
    }

    #[test]
    fn serializes_in_snake_case() {
        let json = serde_json::to_value(assess_ui_version(Some("2.6.0"))).unwrap();
        assert_eq!(json["eligibility"], "not_eligible");
        assert_eq!(json["raw"], "2.6.0");
        assert!(json["reason"].as_str().unwrap().starts_with("Flex UI 2.6.0 is older"));
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn exact_versions_follow_the_threshold(major in 0u64..5, minor in 0u64..20, patch in 0u64..30) {
                let report = assess_ui_version(Some(&format!("{major}.{minor}.{patch}")));
                let expected = if (major, minor) >= MINIMUM_UI_VERSION { Eligibility::Eligible } else { Eligibility::NotEligible };
                prop_assert_eq!(report.eligibility, expected);
            }

            #[test]
            fn anything_is_assessed_without_panicking(raw in "\\PC{0,30}") {
                let report = assess_ui_version(Some(&raw));
                prop_assert!(!report.reason.is_empty());
            }
        }
    }
}
