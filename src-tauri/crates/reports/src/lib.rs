//! Files the Flex admin hands to someone else, each written once as a [`Document`] and rendered
//! as a self-contained HTML file and as plain text:
//!
//! - [`handoff`]: the pack for the IdP administrator (modify, create, or put the legacy values back);
//! - [`trace`]: a login or a SAML response for support, with personal data masked;
//! - [`journal_report`]: the migration's journal as a change record;
//! - [`reminder`]: the 30-day switch-back window (days left, when to notify, a calendar file);
//! - [`certificate_reminder`]: the calendar file of the certificate expiry warnings.
//!
//! No Tauri and no I/O: the app and the CLI save what these functions return.

pub mod certificate_reminder;
pub mod document;
pub mod handoff;
pub mod html;
pub mod journal_report;
pub mod mask;
pub mod reminder;
pub mod text;
pub mod trace;
pub mod words;

pub use document::{Block, Document, Section, Tone, ValueLine};
pub use handoff::{handoff_pack, HandoffError, HandoffInput, HandoffSetup};
pub use journal_report::{journal_export, journal_report, parse_journal_export, JournalExport, JournalExportError, JournalReportInput};
pub use mask::Personal;
pub use trace::{trace, TimelineLine, Trace, TraceInput, TraceKind};
