//! The migration's journal as a change record: a readable report (HTML or text) and a JSON
//! export that reads back to the same entries ([`parse_journal_export`]).
//!
//! The journal holds no secret (it scrubs token-shaped text as it is written, see
//! `flex_sso_model::journal`); what it does hold, Entity IDs, URLs, SIDs and certificate
//! fingerprints, is public and is what a change record needs.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use flex_sso_model::journal::{EntryKind, JournalEntry};
use flex_sso_model::profiles::MigrationRecord;
use flex_sso_model::steps::Stage;

use crate::document::{Block, Document, ValueLine};
use crate::words::long_time;

pub const JOURNAL_FORMAT: &str = "flex-sso-migrator/journal";
pub const JOURNAL_VERSION: u32 = 1;

/// The JSON export: the migration in brief, then every entry as the journal holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalExport {
    pub format: String,
    pub version: u32,
    pub app_version: String,
    #[serde(with = "time::serde::rfc3339")]
    pub exported_at: OffsetDateTime,
    pub profile_name: String,
    pub account_sid: String,
    pub idp_id: Option<String>,
    pub setup_type: Option<String>,
    pub connection_sid: Option<String>,
    /// Where the migration stands, in words.
    pub stage: String,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub switch_back_until: Option<OffsetDateTime>,
    pub entries: Vec<JournalEntry>,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalExportError {
    #[error("This file is not a Flex SSO Migrator journal export ({0}).")]
    NotAnExport(String),
    #[error("This journal export is version {0}, newer than this app reads ({JOURNAL_VERSION}). Update Flex SSO Migrator to read it.")]
    Newer(u32),
}

impl JournalExportError {
    pub fn code(&self) -> &'static str {
        match self {
            JournalExportError::NotAnExport(_) => "journal_export_invalid",
            JournalExportError::Newer(_) => "journal_export_newer",
        }
    }
}

/// Who and what the export is about.
#[derive(Debug, Clone, Copy)]
pub struct JournalReportInput<'a> {
    pub profile_name: &'a str,
    pub account_sid: &'a str,
    pub record: &'a MigrationRecord,
    pub exported_at: OffsetDateTime,
    pub app_version: &'a str,
}

fn stage_words(stage: &Stage) -> String {
    match stage {
        Stage::InProgress { step } => format!("In progress, at \"{}\"", step.title()),
        Stage::Finished => "Finished: the new connection is the active one".to_owned(),
        Stage::RevertScreen { .. } => "Switching back: the revert page is open".to_owned(),
        Stage::RevertedToLegacy => "Switched back to the legacy connection".to_owned(),
        Stage::SwitchDialog { .. } => "Switching: the confirmation dialog is open".to_owned(),
        Stage::LegacyActive => "The legacy connection is active again; the new one is kept".to_owned(),
    }
}

/// The export's content (serialize it for the JSON file).
pub fn journal_export(input: &JournalReportInput<'_>) -> JournalExport {
    let state = &input.record.state;
    JournalExport {
        format: JOURNAL_FORMAT.to_owned(),
        version: JOURNAL_VERSION,
        app_version: input.app_version.to_owned(),
        exported_at: input.exported_at,
        profile_name: input.profile_name.to_owned(),
        account_sid: input.account_sid.to_owned(),
        idp_id: input.record.idp_id.clone(),
        setup_type: state.setup_type().map(|s| s.label().to_owned()),
        connection_sid: state.connection_sid().map(|c| c.to_string()),
        stage: stage_words(state.stage()),
        finished_at: state.finished_at(),
        switch_back_until: state.switch_back_deadline(),
        entries: input.record.journal.entries().to_vec(),
    }
}

/// Reads a JSON export back (to check a saved file, or to show an old one).
pub fn parse_journal_export(json: &str) -> Result<JournalExport, JournalExportError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| JournalExportError::NotAnExport(e.to_string()))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(JOURNAL_FORMAT) {
        return Err(JournalExportError::NotAnExport(format!("its \"format\" is not \"{JOURNAL_FORMAT}\"")));
    }
    let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
    if version > JOURNAL_VERSION {
        return Err(JournalExportError::Newer(version));
    }
    serde_json::from_value(value).map_err(|e| JournalExportError::NotAnExport(e.to_string()))
}

fn kind_words(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Step => "Step",
        EntryKind::Confirmation => "Confirmed",
        EntryKind::ValueCopied => "Copied",
        EntryKind::Check => "Check",
        EntryKind::LoginAttempt => "Login check",
        EntryKind::RoleCheck => "Role check",
        EntryKind::Switch => "Switch",
        EntryKind::Note => "Note",
    }
}

/// The export as a readable change record.
pub fn journal_report(export: &JournalExport) -> Document {
    let mut doc = Document::new(
        format!("Flex single sign-on migration: change record for {}", export.profile_name),
        format!("Exported with Flex SSO Migrator {} on {}.", export.app_version, long_time(export.exported_at)),
    );
    doc.subtitle = Some(format!("Twilio account {}. It holds no password, token or key.", export.account_sid));
    let mut values = vec![ValueLine::new("Where it stands", export.stage.clone())];
    let mut add = |label: &str, value: Option<String>| {
        if let Some(value) = value {
            values.push(ValueLine::new(label, value));
        }
    };
    add("Setup", export.setup_type.clone());
    add("New connection", export.connection_sid.clone());
    add("Identity provider", export.idp_id.clone());
    add("Finished", export.finished_at.map(long_time));
    add("Switching back possible until", export.switch_back_until.map(long_time));
    add("Entries", Some(export.entries.len().to_string()));
    doc.section("The migration", vec![Block::Values(values)]);

    let count = |kind: EntryKind| export.entries.iter().filter(|e| e.kind == kind).count();
    let logins: Vec<String> = export.entries.iter().filter(|e| e.kind == EntryKind::LoginAttempt).map(|e| format!("{}: {}", long_time(e.at), e.detail)).collect();
    let role_checks: Vec<String> = export.entries.iter().filter(|e| e.kind == EntryKind::RoleCheck).map(|e| format!("{}: {}", long_time(e.at), e.detail)).collect();
    let switches: Vec<String> = export.entries.iter().filter(|e| e.kind == EntryKind::Switch).map(|e| format!("{}: {}", long_time(e.at), e.detail)).collect();
    let counts = [
        (EntryKind::Step, "step", "steps"),
        (EntryKind::Confirmation, "confirmation", "confirmations"),
        (EntryKind::ValueCopied, "value copied", "values copied"),
        (EntryKind::Check, "automatic check", "automatic checks"),
        (EntryKind::LoginAttempt, "login check", "login checks"),
        (EntryKind::Switch, "switch between connections", "switches between connections"),
    ];
    let mut counted: Vec<String> = counts
        .iter()
        .map(|(kind, one, many)| match count(*kind) {
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        })
        .collect();
    // The role checklist is newer than most journals: counted only where it was used.
    match role_checks.len() {
        0 => {}
        1 => counted.push("1 test user checked by the role checklist".to_owned()),
        n => counted.push(format!("{n} test users checked by the role checklist")),
    }
    let mut blocks = vec![Block::Paragraph(format!("{}.", counted.join(", ")))];
    if !logins.is_empty() {
        blocks.push(Block::Paragraph("Login checks:".to_owned()));
        blocks.push(Block::Bullets(logins));
    }
    if !role_checks.is_empty() {
        blocks.push(Block::Paragraph("Role checklist (test users signing in, one per kind of Flex user):".to_owned()));
        blocks.push(Block::Bullets(role_checks));
    }
    if !switches.is_empty() {
        blocks.push(Block::Paragraph("Switches between connections:".to_owned()));
        blocks.push(Block::Bullets(switches));
    }
    doc.section("In brief", blocks);

    let rows = export
        .entries
        .iter()
        .map(|e| vec![long_time(e.at), kind_words(e.kind).to_owned(), e.detail.clone()])
        .collect();
    doc.section(
        "Every entry, oldest first",
        vec![Block::Table { head: vec!["When".into(), "What".into(), "Detail".into()], rows }],
    );
    doc
}
