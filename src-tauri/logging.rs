//! Logs go to the OS's standard log folder for the app (on Linux `~/.local/share/<id>/logs`, on
//! macOS `~/Library/Logs/<id>`, on Windows `%LOCALAPPDATA%\<id>\logs`), capped in size: one
//! current file and a few rotated ones, so a long-running support case cannot fill the disk.
//!
//! Never log a secret: secrets are `Secret`, which prints `<redacted>` even through `{:?}`.

use std::path::Path;
use std::sync::Mutex;

use file_rotate::compression::Compression;
use file_rotate::suffix::AppendCount;
use file_rotate::{ContentLimit, FileRotate};
use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::EnvFilter;

/// At most this many bytes in one log file before it is rotated.
pub const MAX_LOG_BYTES: usize = 1024 * 1024;
/// How many rotated files are kept beside the current one.
pub const KEPT_LOG_FILES: usize = 3;
pub const LOG_FILE_NAME: &str = "flex-sso-migrator.log";

/// Sets up `tracing` to write into `log_dir` (and warnings also to stderr). The level comes from
/// `FLEX_SSO_LOG` (default `info`). A second call keeps the first subscriber (tests build the app
/// more than once in one process).
pub fn init(log_dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(log_dir)?;
    let file = FileRotate::new(
        log_dir.join(LOG_FILE_NAME),
        AppendCount::new(KEPT_LOG_FILES),
        ContentLimit::BytesSurpassed(MAX_LOG_BYTES),
        Compression::None,
        None,
    );
    let filter = EnvFilter::try_from_env("FLEX_SSO_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file).and(std::io::stderr.with_max_level(tracing::Level::WARN)))
        .try_init();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The only test in this binary that installs the global subscriber: `init` itself, on a
    /// folder it must create, then enough logging to rotate several times.
    #[test]
    fn init_logs_into_the_folder_it_creates_and_rotation_keeps_it_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        init(&logs).unwrap();
        let line = "a chatty support session ".repeat(8);
        let lines = 5 * MAX_LOG_BYTES / line.len();
        for i in 0..lines {
            tracing::info!("line {i} {line}");
        }
        tracing::debug!("below-the-default-level");

        let mut files: Vec<(String, String)> = std::fs::read_dir(&logs)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        // Five times the limit rotated four times: the current file and exactly KEPT_LOG_FILES.
        let expected: Vec<String> =
            std::iter::once(LOG_FILE_NAME.to_owned()).chain((1..=KEPT_LOG_FILES).map(|n| format!("{LOG_FILE_NAME}.{n}"))).collect();
        assert_eq!(names, expected);
        let longest_line = line.len() + 200;
        for (name, text) in &files {
            assert!(text.len() <= MAX_LOG_BYTES + longest_line, "{name}: {} bytes", text.len());
        }
        let current = &files[0].1;
        assert!(current.contains(&format!("line {} ", lines - 1)), "the newest line is in the current file");
        assert!(!files.iter().any(|(_, text)| text.contains("line 0 ")), "the oldest lines were rotated away");
        if std::env::var_os("FLEX_SSO_LOG").is_none() {
            assert!(!files.iter().any(|(_, text)| text.contains("below-the-default-level")), "the default level is info");
        }
    }
}
