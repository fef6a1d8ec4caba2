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

    #[test]
    fn rotation_keeps_the_folder_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = FileRotate::new(
            dir.path().join(LOG_FILE_NAME),
            AppendCount::new(KEPT_LOG_FILES),
            ContentLimit::BytesSurpassed(1000),
            Compression::None,
            None,
        );
        use std::io::Write;
        for i in 0..500 {
            writeln!(file, "line {i} of a chatty support session ................").unwrap();
        }
        let total: u64 = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();
        let count = std::fs::read_dir(dir.path()).unwrap().count();
        assert!(count <= KEPT_LOG_FILES + 1, "{count} files");
        assert!(total < 5_000, "{total} bytes kept");
    }
}
