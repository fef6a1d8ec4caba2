//! The journal as a change record: the JSON export reads back to exactly the entries the
//! migration holds, the report lists every entry, and nothing secret-shaped survives.

use flex_sso_model::clock::ManualClock;
use flex_sso_model::journal::EntryKind;
use flex_sso_model::profiles::{MigrationRecord, ProfileId};
use flex_sso_reports::{journal_export, journal_report, parse_journal_export, text, JournalReportInput};
use time::macros::datetime;
use time::Duration;

fn record() -> MigrationRecord {
    let clock = ManualClock::new(datetime!(2026-12-01 09:00 UTC));
    let mut record = MigrationRecord::new(ProfileId::parse("acme").unwrap(), Some(false), &clock);
    let j = &mut record.journal;
    j.append(&clock, EntryKind::Step, "Chose \"Modify the existing connection\".");
    clock.advance(Duration::minutes(3));
    j.record_copy(&clock, "Entity ID", "urn:flex:JQ0123456789abcdef0123456789abcdef");
    clock.advance(Duration::minutes(1));
    j.record_check(&clock, "Preflight", true, "Flex and the account are reachable.");
    // A careless caller: the journal scrubs token-shaped text itself.
    j.append(&clock, EntryKind::Note, "Token was a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6 by mistake");
    clock.advance(Duration::minutes(9));
    j.append(&clock, EntryKind::LoginAttempt, "Login check failed: the audience is the legacy value.");
    clock.advance(Duration::minutes(4));
    j.append(&clock, EntryKind::LoginAttempt, "Login check succeeded: Flex loaded.");
    j.append(&clock, EntryKind::Switch, "Switched to the new OAuth 2.0 connection.");
    record
}

fn input(record: &MigrationRecord) -> JournalReportInput<'_> {
    JournalReportInput {
        profile_name: "Acme Support",
        account_sid: "AC0123456789abcdef0123456789abcdef",
        record,
        exported_at: datetime!(2026-12-02 10:00 UTC),
        app_version: "0.0.0-test",
    }
}

#[test]
fn json_export_round_trips_to_the_same_entries() {
    let record = record();
    let export = journal_export(&input(&record));
    let json = serde_json::to_string_pretty(&export).unwrap();
    let back = parse_journal_export(&json).unwrap();
    assert_eq!(back, export);
    assert_eq!(back.entries, record.journal.entries());
    assert_eq!(back.entries.len(), 7);
    assert!(!json.contains("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"), "a bare 32-character token never appears");
    assert!(json.contains("[redacted]"));
    assert!(json.contains("urn:flex:JQ0123456789abcdef0123456789abcdef"), "public values stay");
}

#[test]
fn a_file_that_is_not_an_export_is_refused_by_name() {
    let err = parse_journal_export("{\"format\":\"something-else\"}").unwrap_err();
    assert_eq!(err.code(), "journal_export_invalid");
    let err = parse_journal_export("[1, 2").unwrap_err();
    assert_eq!(err.code(), "journal_export_invalid");
    let newer = serde_json::json!({ "format": "flex-sso-migrator/journal", "version": 99 }).to_string();
    let err = parse_journal_export(&newer).unwrap_err();
    assert_eq!(err.code(), "journal_export_newer");
    assert!(err.to_string().contains("Update Flex SSO Migrator"));
}

#[test]
fn the_report_lists_every_entry_and_the_login_checks_in_brief() {
    let record = record();
    let doc = journal_report(&journal_export(&input(&record)));
    let text = text::render(&doc);
    for entry in record.journal.entries() {
        assert!(text.contains(&entry.detail), "{:?} is in the report:\n{text}", entry.detail);
    }
    assert!(text.contains("1 step, 0 confirmations, 1 value copied, 1 automatic check, 2 login checks, 1 switch between connections."), "{text}");
    assert!(text.contains("1 December 2026, 09:13 UTC: Login check failed"), "{text}");
    assert!(text.contains("Twilio account AC0123456789abcdef0123456789abcdef"));
}

#[test]
fn role_checklist_entries_are_counted_and_listed_in_brief() {
    let mut record = record();
    let clock = ManualClock::new(datetime!(2026-12-02 10:00 UTC));
    let data = serde_json::json!({ "user": "insights", "roles": ["supervisor", "wfo.team_leader"] });
    record.journal.append_with(&clock, EntryKind::RoleCheck, "Role checklist, test user \"insights\": Signed in.", &data).unwrap();
    let text = text::render(&journal_report(&journal_export(&input(&record))));
    assert!(text.contains("1 switch between connections, 1 test user checked by the role checklist."), "{text}");
    assert!(text.contains("2 December 2026, 10:00 UTC: Role checklist, test user \"insights\": Signed in."), "{text}");
    assert!(text.contains("Role check"), "the entry's kind in words: {text}");
    // A journal without role checks says nothing about them.
    let plain = text::render(&journal_report(&journal_export(&input(&self::record()))));
    assert!(!plain.contains("role checklist"), "{plain}");
}
