//! Step 4's login check: a fresh, incognito-style window per attempt, watched and explained.
//!
//! The pure parts have no Tauri type and are unit-tested on their own:
//! [`redact`] (URLs shown as host + path with secrets hidden), [`flow`] (the landmarks of a Flex
//! login: which phase a URL belongs to, the success rule), [`capture`] (the login window's one
//! message, parsed as hostile input), [`attempt`] (one attempt's timeline and outcome in plain
//! words) and [`role_check`] (the Health page's role checklist: a test user's label, the roles
//! and verdict of a settled attempt). [`window`] is the Tauri side: it builds the window, feeds
//! the attempt, adds the window's runtime capability, and records the outcome in the migration.

pub mod attempt;
pub mod capture;
pub mod flow;
pub mod redact;
pub mod role_check;
#[cfg(test)]
mod test_support;
pub mod window;

/// The script injected into the login window's top frame (see `capture.js`).
pub const CAPTURE_SCRIPT: &str = include_str!("capture.js");
