//! Hostile input to the model: identifiers and URLs with control characters and look-alike
//! letters, progress files of garbage, a journal of a million entries. Each ends in a specific
//! error (checked by its code and the limit it names), never in a panic, a silent fix-up, an
//! overwritten file or memory that grows with the input.

use std::path::Path;

use flex_sso_model::clock::FixedClock;
use flex_sso_model::ids::{AccountSid, ApiKeySid, ConnectionSid, SidError};
use flex_sso_model::journal::{EntryKind, Journal, JOURNAL_FULL, MAX_ENTRIES};
use flex_sso_model::profiles::{MigrationRecord, ProfileId};
use flex_sso_model::self_hosted::{check_url, UrlField};
use flex_sso_model::store::{self, Persist, StoreError, MAX_FILE_BYTES};
use time::macros::datetime;

const HEX: &str = "0123456789abcdef0123456789abcdef";
const CLOCK: FixedClock = FixedClock(datetime!(2026-12-01 10:00 UTC));

fn sid_error(input: &str) -> SidError {
    AccountSid::parse(input).expect_err(input)
}

// ---- identifiers ----------------------------------------------------------------------------

#[test]
fn a_sid_with_a_control_character_names_the_character_and_its_position() {
    for (c, position) in [('\u{0}', 10), ('\u{7}', 3), ('\u{1b}', 34)] {
        let mut input: Vec<char> = format!("AC{HEX}").chars().collect();
        input[position - 1] = c;
        let input: String = input.into_iter().collect();
        assert_eq!(sid_error(&input), SidError::BadCharacter { kind: "Account SID", prefix: "AC", position, found: c });
    }
}

#[test]
fn a_zero_width_space_inside_a_sid_is_refused_not_stripped() {
    // Invisible in the Console's font, but a different value: the count says so.
    let input = format!("AC0123\u{200b}456789abcdef0123456789abcdef");
    assert_eq!(sid_error(&input), SidError::WrongLength { kind: "Account SID", found: 35 });
}

#[test]
fn a_cyrillic_prefix_is_a_wrong_prefix() {
    // "АС" in Cyrillic looks exactly like "AC".
    let error = sid_error(&format!("\u{410}\u{421}{HEX}"));
    assert_eq!(error, SidError::WrongPrefix { kind: "Account SID", prefix: "AC", found: "\u{410}\u{421}".into() });
    assert!(error.to_string().contains("Check that you copied the right value"));
}

#[test]
fn full_width_digits_and_upper_case_hex_are_bad_characters() {
    let full_width = format!("AC\u{ff10}{}", &HEX[1..]);
    assert_eq!(sid_error(&full_width), SidError::BadCharacter { kind: "Account SID", prefix: "AC", position: 3, found: '\u{ff10}' });
    let upper = format!("AC{}", HEX.to_uppercase());
    assert_eq!(sid_error(&upper).code(), "sid_bad_character");
}

#[test]
fn a_right_to_left_override_in_a_connection_sid_is_refused() {
    // U+202E reverses how the rest is displayed; it must never pass as part of an ID.
    let input = format!("JQ\u{202e}{}", &HEX[1..]);
    let error = ConnectionSid::parse(&input).unwrap_err();
    assert_eq!(error, SidError::BadCharacter { kind: "SSO connection ID", prefix: "JQ", position: 3, found: '\u{202e}' });
}

#[test]
fn an_api_key_sid_of_another_kind_or_with_a_newline_inside_is_refused() {
    assert_eq!(ApiKeySid::parse(&format!("AC{HEX}")).unwrap_err().code(), "sid_wrong_prefix");
    let split = format!("SK0123456789abcdef\n123456789abcdef");
    assert_eq!(ApiKeySid::parse(&split).unwrap_err(), SidError::BadCharacter { kind: "API key SID", prefix: "SK", position: 19, found: '\n' });
    // What a paste adds around the value is forgiven; that is all.
    assert!(ApiKeySid::parse(&format!("  \"SK{HEX}\"\n")).is_ok());
}

#[test]
fn a_100_mb_paste_is_a_wrong_length_with_its_count() {
    let huge = format!("AC{}", "a".repeat(100 * 1024 * 1024));
    assert_eq!(sid_error(&huge), SidError::WrongLength { kind: "Account SID", found: 100 * 1024 * 1024 + 2 });
}

// ---- URLs -----------------------------------------------------------------------------------

#[test]
fn a_url_with_a_control_character_is_refused_even_where_the_parser_would_drop_it() {
    // `url` removes a tab or newline inside an address without a word; the admin would save an
    // address different from the one on screen.
    let cases = [("https://fl\nex.example.com", 11, "U+000A"), ("https://flex.example.com/\tpath", 26, "U+0009"),
        ("https://flex.example.com/\u{0}", 26, "U+0000"), ("https://flex.exam\u{7f}ple.com", 18, "U+007F")];
    for (input, position, code_point) in cases {
        let error = check_url(input, UrlField::DefaultRedirectUrl).unwrap_err();
        assert_eq!(error.code(), "control_character", "{input:?}");
        let message = error.to_string();
        assert!(message.contains(&format!("({code_point}) at character {position}")), "{message}");
        assert!(!message.contains(input), "the raw value with its control character is not echoed");
    }
}

#[test]
fn a_look_alike_host_is_named_with_its_punycode() {
    // A Cyrillic "а" (U+0430) in place of the Latin "a".
    let error = check_url("https://flex.ex\u{430}mple.com/flex", UrlField::TrustedUrl(0)).unwrap_err();
    assert_eq!(error.code(), "host_rewritten");
    assert!(error.to_string().contains("they go to flex.xn--exmple-4nf.com"), "{error}");
}

#[test]
fn an_idn_host_is_refused_until_entered_as_the_browser_sends_it() {
    let error = check_url("https://bücher.example/flex", UrlField::TrustedUrl(1)).unwrap_err();
    assert_eq!(error.code(), "host_rewritten");
    assert!(error.to_string().contains("enter it as xn--bcher-kva.example"), "{error}");
    // Written another way a browser rewrites: full-width dots, % escapes, a hex address.
    for rewritten in ["https://flex\u{ff0e}example\u{ff0e}com", "https://%66lex.example.com", "http://0x7f.1/flex"] {
        assert_eq!(check_url(rewritten, UrlField::TrustedUrl(1)).unwrap_err().code(), "host_rewritten", "{rewritten}");
    }
    assert!(check_url("https://FLEX.Example.com/flex", UrlField::TrustedUrl(1)).is_ok(), "letter case is not a rewrite");
    let ascii = check_url("https://xn--bcher-kva.example/flex", UrlField::TrustedUrl(1)).unwrap();
    assert_eq!(ascii.host_str(), Some("xn--bcher-kva.example"));
}

// ---- progress files -------------------------------------------------------------------------

fn record() -> MigrationRecord {
    MigrationRecord::new(ProfileId::parse("acme").unwrap(), Some(false), &CLOCK)
}

/// Loads `bytes` as the only progress file; checks the error and that nothing was written.
fn load_garbage(bytes: &[u8]) -> StoreError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("migration.json");
    std::fs::write(&path, bytes).unwrap();
    let error = store::load::<MigrationRecord>(&path).unwrap_err();
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "loading never changes the file");
    assert_eq!(names(dir.path()), ["migration.json"], "loading never writes another file");
    error
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn damaged_reason(error: &StoreError) -> &str {
    match error {
        StoreError::Damaged { reason, backup_problem, .. } => {
            assert_eq!(backup_problem, "does not exist");
            reason
        }
        other => panic!("expected store_damaged, got {other:?}"),
    }
}

#[test]
fn random_bytes_are_damage_with_a_message_and_the_file_is_kept() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let error = load_garbage(&garbage);
    assert_eq!(error.code(), "store_damaged");
    assert!(damaged_reason(&error).starts_with("it is not valid JSON at line"), "{error}");
    let message = error.to_string();
    assert!(message.contains("Both were left as they are") && message.contains("move them out of that folder"), "{message}");
}

#[test]
fn a_file_of_zeros_after_a_power_cut_is_damage_not_a_fresh_start() {
    let error = load_garbage(&[0u8; 8192]);
    assert!(damaged_reason(&error).starts_with("it is not valid JSON at line 1, column 1"), "{error}");
}

#[test]
fn json_nested_a_million_deep_is_refused_by_the_parser_depth_limit() {
    let envelope = r#"{"schema":1,"saved_at":"2026-12-01T10:00:00Z","data":"#;
    let deep = format!("{envelope}{}{}}}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let error = load_garbage(deep.as_bytes());
    // serde_json stops at 128 levels (the envelope's object is the first), long before the
    // stack runs out: the column is the bracket where it stopped.
    let column = envelope.len() + 127;
    assert_eq!(damaged_reason(&error), format!("it is not valid JSON at line 1, column {column}"));
}

#[test]
fn valid_json_with_a_smuggled_invalid_sid_does_not_fit() {
    let text = r#"{"schema":1,"saved_at":"2026-12-01T10:00:00Z","data":{"profile_id":"acme","updated_at":"2026-12-01T10:00:00Z","state":{"connection_sid":"JQ\u202e123"}}}"#;
    let error = load_garbage(text.as_bytes());
    assert!(damaged_reason(&error).starts_with("its content does not fit"), "{error}");
}

#[test]
fn a_file_larger_than_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("migration.json");
    // A sparse file: the size is there, the bytes cost nothing, and reading them would cost
    // 64 MB of memory. The limit stops it by the size alone.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(4 * MAX_FILE_BYTES).unwrap();
    drop(file);
    let error = store::load::<MigrationRecord>(&path).unwrap_err();
    assert_eq!(damaged_reason(&error), "it is 64 MB, far larger than the 16 MB a progress file of this app can be, so it was not read");
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 4 * MAX_FILE_BYTES, "left as it is");
}

#[test]
fn garbage_in_the_main_file_and_the_backup_leaves_both_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("migration.json");
    let backup = store::backup_path(&path);
    std::fs::write(&path, b"\xff\xfe garbage").unwrap();
    std::fs::write(&backup, b"{\"schema\": 1, \"saved_at\": \"2026-12").unwrap();
    let error = store::load::<MigrationRecord>(&path).unwrap_err();
    match &error {
        StoreError::Damaged { reason, backup_problem, .. } => {
            assert!(reason.starts_with("it is not valid JSON"), "{reason}");
            assert!(backup_problem.starts_with("is damaged too (it ends too early"), "{backup_problem}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), b"\xff\xfe garbage");
    assert_eq!(std::fs::read(&backup).unwrap(), b"{\"schema\": 1, \"saved_at\": \"2026-12");
}

#[test]
fn a_garbage_backup_never_replaces_a_good_main_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("migration.json");
    store::save(&path, &record(), &CLOCK).unwrap();
    let good = std::fs::read(&path).unwrap();
    std::fs::write(store::backup_path(&path), vec![0xAB; 1000]).unwrap();
    let loaded = store::load::<MigrationRecord>(&path).unwrap();
    assert!(!loaded.recovered_from_backup && loaded.warning.is_none());
    assert_eq!(std::fs::read(&path).unwrap(), good);
}

// ---- the journal ----------------------------------------------------------------------------

#[test]
fn a_million_appends_keep_the_journal_at_its_limit_and_say_so() {
    let mut journal = Journal::new();
    for i in 0..1_000_000u32 {
        journal.append(&CLOCK, EntryKind::Note, format!("event {i}"));
    }
    assert_eq!(journal.len(), MAX_ENTRIES);
    assert!(journal.is_full());
    let last = journal.entries().last().unwrap();
    assert_eq!((last.kind, last.detail.as_str()), (EntryKind::Note, JOURNAL_FULL));
    assert!(JOURNAL_FULL.contains(&MAX_ENTRIES.to_string()), "the note names the limit");
    assert_eq!(journal.entries()[MAX_ENTRIES - 2].detail, format!("event {}", MAX_ENTRIES - 2));
    // The full journal still saves, under the file limit, and comes back the same.
    let mut full = record();
    full.journal = journal;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("migration.json");
    store::save(&path, &full, &CLOCK).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < MAX_FILE_BYTES);
    assert_eq!(store::load::<MigrationRecord>(&path).unwrap().value.journal, full.journal);
}

#[test]
fn a_journal_of_a_million_entries_on_disk_is_refused_by_the_file_limit() {
    let entry = r#"{"at":"2026-12-01T10:00:00Z","kind":"note","detail":"x"},"#;
    let mut text = String::from(r#"{"schema":1,"saved_at":"2026-12-01T10:00:00Z","data":{"profile_id":"acme","updated_at":"2026-12-01T10:00:00Z","journal":["#);
    text.push_str(&entry.repeat(1_000_000));
    text.pop();
    text.push_str("]}}");
    let error = load_garbage(text.as_bytes());
    let size_mb = text.len() / (1024 * 1024);
    assert!(size_mb > 50);
    assert!(damaged_reason(&error).starts_with(&format!("it is {size_mb} MB, far larger than the 16 MB")), "{error}");
}

#[test]
fn a_journal_longer_than_the_limit_is_refused_even_inside_the_file_limit() {
    let entries: Vec<String> = (0..=MAX_ENTRIES).map(|_| r#"{"at":"2026-12-01T10:00:00Z","kind":"note","detail":""}"#.to_owned()).collect();
    let text = format!("[{}]", entries.join(","));
    assert!((text.len() as u64) < MAX_FILE_BYTES);
    let error = serde_json::from_str::<Journal>(&text).unwrap_err();
    assert!(error.to_string().contains("the journal has more than 5000 entries"), "{error}");
    let at_limit = format!("[{}]", entries[..MAX_ENTRIES].join(","));
    assert_eq!(serde_json::from_str::<Journal>(&at_limit).unwrap().len(), MAX_ENTRIES);
}

#[test]
fn saving_more_than_the_file_limit_is_refused_and_the_old_file_kept() {
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Big(String);
    impl Persist for Big {
        const SCHEMA: u32 = 1;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    store::save(&path, &Big("small".into()), &CLOCK).unwrap();
    let before = std::fs::read(&path).unwrap();
    let error = store::save(&path, &Big("x".repeat(MAX_FILE_BYTES as usize)), &CLOCK).unwrap_err();
    assert_eq!(error.code(), "store_too_large");
    assert!(error.to_string().contains("more than the 16 MB limit of a progress file; nothing was saved"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(names(dir.path()), ["big.json"]);
}
