//! Every state of the check, on a fixed day, with certificates made for the occasion.

use flex_sso_facts::twilio;
use rcgen::{CertificateParams, DnType, KeyPair};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::*;

const NOW: OffsetDateTime = datetime!(2027-03-01 12:00 UTC);

/// A certificate valid since a year ago that ends at `not_after`.
fn cert(cn: &str, not_after: OffsetDateTime) -> Certificate {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.distinguished_name.push(DnType::CommonName, cn);
    params.not_before = NOW - Duration::days(365);
    params.not_after = not_after;
    let key = KeyPair::generate().expect("key");
    Certificate::from_der(params.self_signed(&key).expect("sign").der()).expect("parse")
}

/// Ends `days` whole days (and an hour) after NOW, so `days_left` is exactly `days`.
fn ending_in(cn: &str, days: i64) -> Certificate {
    cert(cn, NOW + Duration::days(days) + Duration::hours(1))
}

fn read(signing: &[&Certificate]) -> MetadataReading {
    MetadataReading::Read {
        signing: signing.iter().map(|c| (*c).clone()).collect(),
        source: "https://idp.example.com/metadata".to_owned(),
        read_at: NOW - Duration::minutes(5),
    }
}

fn input(configured: &[&Certificate], metadata: MetadataReading, signer: Option<&Certificate>) -> HealthInput {
    HealthInput {
        now: NOW,
        idp: Some("okta".to_owned()),
        configured: configured.iter().map(|c| (*c).clone()).collect(),
        metadata,
        last_response: signer.map(|c| ResponseSigner { certificate: c.clone(), seen_at: Some(NOW - Duration::hours(2)) }),
    }
}

fn row<'a>(report: &'a HealthReport, cert: &Certificate) -> &'a CertificateRow {
    report.certificates.iter().find(|r| r.sha256 == cert.sha256_fingerprint()).expect("a row for the certificate")
}

#[test]
fn agree_when_the_idp_signs_with_what_flex_has() {
    let a = ending_in("Current", 400);
    let report = check(&input(&[&a, &a], read(&[&a]), Some(&a)));
    assert_eq!(report.status, Status::Healthy);
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.situations, [Situation::Agree]);
    assert!(report.headline.starts_with("Flex and your IdP agree: your IdP signs with the certificate Flex has"), "{}", report.headline);
    assert!(report.headline.contains(a.sha256_fingerprint()) && report.headline.contains("400 days left"));
    assert!(report.next_steps.is_empty());
    assert_eq!(report.certificates.len(), 1, "the same certificate twice is one row");
    let r = row(&report, &a);
    assert!(r.configured && r.signing && r.in_metadata && !r.announced);
    assert_eq!(r.days_left, 400);
    assert_eq!(report.expiry.as_ref().unwrap().level, ExpiryLevel::None);
    assert!(report.rotation.is_none());
    assert!(!report.needs_admin());
}

#[test]
fn agree_on_metadata_alone_says_so() {
    let a = ending_in("Current", 400);
    let report = check(&input(&[&a], read(&[&a]), None));
    assert_eq!(report.status, Status::Healthy);
    assert!(report.headline.contains("your IdP's metadata lists the certificate Flex has"), "{}", report.headline);
}

#[test]
fn metadata_rotated_asks_to_paste_the_new_certificate_now() {
    let old = ending_in("Old", 20);
    let new = ending_in("New", 1000);
    let report = check(&input(&[&old], read(&[&new]), None));
    assert_eq!(report.status, Status::ActionNeeded);
    assert_eq!(report.exit_code(), 1);
    assert_eq!(report.situations[0], Situation::MetadataRotated);
    assert!(report.situations.contains(&Situation::ConfiguredExpiring));
    assert!(report.headline.contains(new.sha256_fingerprint()), "{}", report.headline);
    assert!(report.headline.contains(twilio::CONSOLE_SSO_PAGE.text) && report.headline.ends_with("or agents cannot sign in."));
    assert!(report.next_steps[0].contains(twilio::FIELD_CERTIFICATE.text));
    assert!(!row(&report, &old).in_metadata && row(&report, &old).configured);
    assert!(row(&report, &new).announced && !row(&report, &new).configured);
    let rotation = report.rotation.expect("a walk-through");
    assert_eq!(rotation.next.sha256, new.sha256_fingerprint());
    assert_eq!(rotation.current.sha256, old.sha256_fingerprint());
    assert_eq!(rotation.signs_today, None);
    assert!(rotation.signs_today_text.contains("not known until a login check"));
}

#[test]
fn a_second_certificate_announced_brings_the_walkthrough_in_order() {
    let current = ending_in("Current", 90);
    let next = ending_in("Next", 1000);
    let report = check(&input(&[&current], read(&[&current, &next]), None));
    assert_eq!(report.status, Status::ActionNeeded);
    assert_eq!(report.situations, [Situation::NewCertificateAnnounced]);
    assert!(report.headline.starts_with("Your IdP announces a new signing certificate"), "{}", report.headline);
    assert!(report.headline.contains(next.sha256_fingerprint()));
    assert!(row(&report, &next).announced && row(&report, &next).in_metadata);
    assert!(!row(&report, &current).announced);
    let rotation = report.rotation.expect("a walk-through");
    let titles: Vec<&str> = rotation.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Prepare", "Make the new certificate active in your IdP", "Paste it into Flex at once", "Run the login check"]);
    let done: Vec<bool> = rotation.steps.iter().map(|s| s.done).collect();
    assert_eq!(done, [true, false, false, false], "announced in the metadata: only the preparation is done");
    // Okta's own rollover, from the catalog, with its page.
    assert!(rotation.steps[1].action.contains("Actions > Activate"), "{}", rotation.steps[1].action);
    assert!(rotation.idp_does.iter().any(|f| f.text.contains("60 days") && f.page == "okta_rotate_signing_certificate"));
    assert!(rotation.steps[2].action.contains(twilio::CONSOLE_SSO_PAGE.text));
    assert!(rotation.gap_warning.contains("sign-ins signed with the other certificate fail"));
    assert!(rotation.steps.iter().all(|s| !s.check.is_empty()));
}

#[test]
fn a_response_signed_by_a_certificate_flex_lacks_comes_first() {
    let current = ending_in("Current", 90);
    let next = ending_in("Next", 1000);
    let report = check(&input(&[&current], read(&[&current, &next]), Some(&next)));
    assert_eq!(report.status, Status::ActionNeeded);
    assert_eq!(report.situations, [Situation::SignedByUnconfigured, Situation::NewCertificateAnnounced]);
    assert_eq!(
        report.headline,
        format!(
            "Your IdP now signs with a new certificate (SHA-256 {}). Paste it into {} now, or agents cannot sign in.",
            next.sha256_fingerprint(),
            twilio::CONSOLE_SSO_PAGE.text
        )
    );
    assert!(row(&report, &next).signing && !row(&report, &current).signing);
    let rotation = report.rotation.unwrap();
    assert_eq!(rotation.signs_today.as_deref(), Some(next.sha256_fingerprint()));
    assert!(rotation.signs_today_text.starts_with("Your IdP signs with the new certificate"));
    let done: Vec<bool> = rotation.steps.iter().map(|s| s.done).collect();
    assert_eq!(done, [true, true, false, false]);
    // The expiry is the configured certificate's, even though another one signs.
    assert_eq!(report.expiry.unwrap().sha256, current.sha256_fingerprint());
}

#[test]
fn a_previous_certificate_left_in_the_metadata_is_not_a_new_one() {
    let previous = cert("Previous", NOW - Duration::days(30));
    let current = ending_in("Current", 400);
    let report = check(&input(&[&current], read(&[&previous, &current]), Some(&current)));
    assert_eq!(report.status, Status::Healthy, "{}", report.headline);
    assert!(report.rotation.is_none());
    assert!(row(&report, &previous).in_metadata && row(&report, &previous).days_left < 0);
}

#[test]
fn a_signer_that_is_not_even_in_the_metadata_is_still_named() {
    let current = ending_in("Current", 300);
    let surprise = ending_in("Surprise", 1000);
    let report = check(&input(&[&current], read(&[&current]), Some(&surprise)));
    assert_eq!(report.situations, [Situation::SignedByUnconfigured]);
    assert!(report.headline.contains(surprise.sha256_fingerprint()));
    assert!(row(&report, &surprise).signing && !row(&report, &surprise).in_metadata && !row(&report, &surprise).announced);
    assert_eq!(report.rotation.unwrap().next.sha256, surprise.sha256_fingerprint());
}

#[test]
fn expiry_levels_warn_at_60_30_and_7_days() {
    for (days, level, headline_days) in [
        (61, ExpiryLevel::None, None),
        (59, ExpiryLevel::Days60, Some("in 59 days")),
        (29, ExpiryLevel::Days30, Some("in 29 days")),
        (6, ExpiryLevel::Days7, Some("in 6 days")),
    ] {
        let a = ending_in("Current", days);
        let report = check(&input(&[&a], read(&[&a]), Some(&a)));
        let expiry = report.expiry.clone().unwrap();
        assert_eq!((expiry.days_left, expiry.level), (days, level), "{days} days");
        match headline_days {
            None => {
                assert_eq!(report.status, Status::Healthy, "{days} days: {}", report.headline);
                assert!(!report.needs_admin());
            }
            Some(words) => {
                assert_eq!(report.status, Status::ActionNeeded, "{days} days");
                assert_eq!(report.situations, [Situation::ConfiguredExpiring]);
                assert!(report.headline.contains(&format!("expires {words}, on ")), "{}", report.headline);
                assert!(report.needs_admin());
            }
        }
    }
}

#[test]
fn expired_means_agents_cannot_sign_in() {
    let a = cert("Gone", NOW - Duration::days(2));
    let report = check(&input(&[&a], read(&[&a]), Some(&a)));
    assert_eq!(report.status, Status::ActionNeeded);
    assert_eq!(report.situations, [Situation::ConfiguredExpired]);
    assert_eq!(report.expiry.as_ref().unwrap().level, ExpiryLevel::Expired);
    assert!(report.expiry.as_ref().unwrap().days_left < 0);
    assert!(report.headline.contains("expired on 2027-02-27, so agents cannot sign in"), "{}", report.headline);
    // With a new one in the metadata, the headline names it.
    let new = ending_in("New", 1000);
    let report = check(&input(&[&a], read(&[&a, &new]), None));
    assert_eq!(report.situations[0], Situation::ConfiguredExpired);
    assert!(report.headline.contains(new.sha256_fingerprint()), "{}", report.headline);
}

#[test]
fn unreachable_metadata_could_not_check_unless_something_must_be_done() {
    let a = ending_in("Current", 400);
    let unreadable = || MetadataReading::Unreadable {
        source: "https://idp.example.com/metadata".to_owned(),
        reason: "The address did not answer within 20 seconds.".to_owned(),
    };
    let report = check(&input(&[&a], unreadable(), Some(&a)));
    assert_eq!(report.status, Status::CouldNotCheck);
    assert_eq!(report.exit_code(), 2);
    assert_eq!(report.situations, [Situation::MetadataUnreadable]);
    assert_eq!(
        report.headline,
        "Could not check: your IdP's metadata could not be read (The address did not answer within 20 seconds). The last login check was signed with the certificate Flex has."
    );
    assert_eq!(report.metadata.state, "unreadable");
    assert!(!report.needs_admin());
    // An expiry warning is a definite action and wins.
    let soon = ending_in("Soon", 29);
    let report = check(&input(&[&soon], unreadable(), None));
    assert_eq!(report.status, Status::ActionNeeded);
    assert_eq!(report.situations, [Situation::ConfiguredExpiring, Situation::MetadataUnreadable]);
    assert!(report.next_steps.iter().any(|s| s.contains("metadata address")));
}

#[test]
fn nothing_to_compare_could_not_check_but_a_login_check_is_enough() {
    let a = ending_in("Current", 400);
    let report = check(&input(&[&a], MetadataReading::NotGiven, None));
    assert_eq!(report.status, Status::CouldNotCheck);
    assert_eq!(report.situations, [Situation::NothingToCompare]);
    assert_eq!(report.metadata.state, "not_given");
    let report = check(&input(&[&a], MetadataReading::NotGiven, Some(&a)));
    assert_eq!(report.status, Status::Healthy, "{}", report.headline);

    let report = check(&input(&[], read(&[&a]), None));
    assert_eq!(report.status, Status::CouldNotCheck);
    assert_eq!(report.situations, [Situation::NoConfiguredCertificate]);
    assert!(report.headline.contains(twilio::FIELD_CERTIFICATE.text));
    assert!(row(&report, &a).announced, "listed but not configured");

    let report = check(&input(&[&a], read(&[]), None));
    assert_eq!(report.situations, [Situation::MetadataWithoutSigningCertificate]);
    assert_eq!(report.status, Status::CouldNotCheck);
}

#[test]
fn without_a_named_idp_the_walkthrough_says_what_to_do_in_general_words() {
    let current = ending_in("Current", 90);
    let next = ending_in("Next", 1000);
    let mut i = input(&[&current], read(&[&current, &next]), None);
    i.idp = None;
    let rotation = check(&i).rotation.unwrap();
    assert!(rotation.idp_does.is_empty());
    assert!(rotation.steps[1].action.contains("rollover"));
    i.idp = Some("azure_ad".to_owned());
    let rotation = check(&i).rotation.unwrap();
    assert!(rotation.steps[1].action.contains("Make new certificate active"));
    assert!(rotation.idp_does.iter().all(|f| !f.page_title.is_empty() && f.checked.len() == 10));
}

#[test]
fn notifications_come_once_a_utc_day_and_only_when_the_admin_must_act() {
    let soon = ending_in("Soon", 29);
    let action = check(&input(&[&soon], read(&[&soon]), Some(&soon)));
    assert!(notification_due(&action, NOW, None));
    assert!(!notification_due(&action, NOW + Duration::hours(1), Some(NOW)), "not twice on the same day");
    assert!(notification_due(&action, NOW + Duration::days(1), Some(NOW)));
    let (title, body) = notification_text("Acme", &action);
    assert_eq!(title, "Flex sign-in certificate: action needed (Acme)");
    assert_eq!(body, action.headline);

    let fine = ending_in("Fine", 400);
    assert!(!notification_due(&check(&input(&[&fine], read(&[&fine]), None)), NOW, None));
    let offline = MetadataReading::Unreadable { source: "x".to_owned(), reason: "offline".to_owned() };
    assert!(!notification_due(&check(&input(&[&fine], offline, None)), NOW, None), "a network failure does not nag");
}

#[test]
fn serializes_for_the_ui_and_the_cli() {
    let current = ending_in("Current", 90);
    let next = ending_in("Next", 1000);
    let json = serde_json::to_value(check(&input(&[&current], read(&[&current, &next]), Some(&current)))).unwrap();
    assert_eq!(json["status"], "action_needed");
    assert_eq!(json["situations"][0], "new_certificate_announced");
    assert_eq!(json["expiry"]["level"], "none");
    assert_eq!(json["expiry"]["not_after"], "2027-05-30T13:00:00Z");
    let first = &json["certificates"][0];
    for key in ["sha256", "sha1", "subject", "not_before", "not_after", "days_left", "configured", "signing", "announced", "in_metadata"] {
        assert!(!first[key].is_null(), "{key}");
    }
    assert_eq!(first["configured"], true);
    assert_eq!(json["certificates"][1]["announced"], true);
    assert_eq!(json["metadata"]["read_at"], "2027-03-01T11:55:00Z");
    assert_eq!(json["rotation"]["steps"].as_array().unwrap().len(), 4);
}
