//! Atomic, recoverable JSON files: the app's progress must survive a crash or a power cut in the
//! middle of a save, and a damaged file must never be replaced silently by a fresh start.
//!
//! (tauri-plugin-store's `save` overwrites the file in place, so a crash mid-write can leave it
//! truncated; hence this small store of our own.)
//!
//! # File layout
//! `NAME` holds `{ "schema": N, "saved_at": "<RFC 3339>", "data": {...} }`; `NAME.bak` is the
//! previous good version; `NAME.tmp` and `NAME.bak.tmp` exist only while a save runs.
//!
//! # Saving, and what a crash at each point leaves behind
//! 1. Write the new content to `NAME.tmp` and fsync it. *Crash:* `NAME` and `NAME.bak` untouched;
//!    a stale `NAME.tmp` is ignored by `load` and overwritten by the next save.
//! 2. If `NAME` holds a good file, copy it to `NAME.bak.tmp`, fsync, rename over `NAME.bak`.
//!    *Crash:* `NAME` untouched; `NAME.bak` is the old or the new backup, each complete (rename
//!    is atomic). A damaged `NAME` is never copied, so it cannot push out a good backup.
//! 3. Rename `NAME.tmp` over `NAME` (atomic on the same filesystem, which is why the temporary
//!    file sits in the same folder), then fsync the folder on Unix so the rename itself is on
//!    disk. *Crash:* `NAME` is the old or the new version, never a mix; after a power cut before
//!    the folder fsync the old version may come back, which loses only this last save.
//!
//! The main file is copied rather than renamed to `.bak` so that at no point is `NAME` missing.
//! One writer per file is assumed (the app runs once per user).
//!
//! # Loading
//! A good `NAME` is used. A newer schema is refused and left alone (and `save` refuses to
//! replace it). A missing or damaged `NAME` falls back to `NAME.bak` and says so in
//! [`Loaded::warning`]. Nothing at all is [`StoreError::NotFound`]; nothing usable is
//! [`StoreError::Damaged`]. Loading never writes.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::clock::Clock;

/// The largest file `load` reads and `save` writes. A progress file with a full journal
/// ([`crate::journal::MAX_ENTRIES`] entries) is a few MB; anything far larger was not written by
/// this app (a wrong file, a disk error, an attack), and reading it whole would cost that much
/// memory before the JSON is even checked. The size is checked before a byte is read.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A type stored through this module. `SCHEMA` is the version this build writes and the newest
/// it can read; raise it when a change would make older builds misread the data.
pub trait Persist: Serialize + DeserializeOwned {
    const SCHEMA: u32;
}

/// A loaded value, with what the admin must be told about how it was loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded<T> {
    pub value: T,
    /// True when the main file was missing or damaged and the backup was used.
    pub recovered_from_backup: bool,
    /// A message to show when something was not as expected.
    pub warning: Option<String>,
    /// The schema the file was written with (older than [`Persist::SCHEMA`] after an update).
    pub schema: u32,
    pub saved_at: OffsetDateTime,
}

/// Why a file could not be saved or loaded. `Display` is the message for the admin.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("No saved progress was found at {}.", .path.display())]
    NotFound { path: PathBuf },
    #[error("This progress file was written by a newer version of Flex SSO Migrator (schema {found}; this version reads up to {supported}). Update the app to open it; the file was left as it is: {}", .path.display())]
    NewerSchema { path: PathBuf, found: u32, supported: u32 },
    #[error("The progress file {} is damaged ({reason}) and its backup {} {backup_problem}, so the saved progress can't be loaded. Both were left as they are. Send them to support if you need them, then move them out of that folder to start this migration afresh; the Console ({}) shows how far the migration got.", .path.display(), .backup.display(), flex_sso_facts::twilio::CONSOLE_SSO_PAGE)]
    Damaged { path: PathBuf, reason: String, backup: PathBuf, backup_problem: String },
    #[error("The disk is full: couldn't {action} {}, so this change was not saved. What was saved before is unchanged. Free some space on that disk, then do this step again.", .path.display())]
    DiskFull {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("The folder of {} is read-only: couldn't {action} it, so this change was not saved. What was saved before is unchanged. Make that disk or folder writable again (it may be mounted read-only, or be a full or failing drive the system protected), then do this step again.", .path.display())]
    ReadOnly {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("Couldn't {action} {}: you are not allowed to write there, so this change was not saved. What was saved before is unchanged. Check the folder's permissions (it should belong to you), then do this step again.", .path.display())]
    NotAllowed {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("Couldn't {action} {}: {source}. Check that the folder exists, that you are allowed to write there and that the disk is not full.", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("The progress could not be written as JSON ({0}); nothing was saved. Please report this to support.")]
    Serialize(#[source] serde_json::Error),
    #[error("The progress to save would be {} MB, more than the {} MB limit of a progress file; nothing was saved and {} was left as it is. Please report this to support.", .size / (1024 * 1024), MAX_FILE_BYTES / (1024 * 1024), .path.display())]
    TooLarge { path: PathBuf, size: u64 },
}

impl StoreError {
    /// A stable machine code for the UI and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound { .. } => "store_not_found",
            StoreError::NewerSchema { .. } => "store_newer_schema",
            StoreError::Damaged { .. } => "store_damaged",
            StoreError::DiskFull { .. } => "store_disk_full",
            StoreError::ReadOnly { .. } => "store_read_only",
            StoreError::NotAllowed { .. } => "store_not_allowed",
            StoreError::Io { .. } => "store_io",
            StoreError::Serialize(_) => "store_serialize",
            StoreError::TooLarge { .. } => "store_too_large",
        }
    }
}

/// ENOSPC, EDQUOT and EROFS as Linux and macOS number them (the ErrorKinds for them are recent).
#[cfg(unix)]
fn os_error_is(source: &io::Error, linux: i32, macos: i32) -> bool {
    let expected = if cfg!(target_os = "macos") { macos } else { linux };
    source.raw_os_error() == Some(expected)
}
#[cfg(not(unix))]
fn os_error_is(_: &io::Error, _: i32, _: i32) -> bool {
    false
}

/// The error for a failed file operation: a full disk, a read-only one and a refused permission
/// each have their own words, since each has its own fix.
fn io_error<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| {
        let path = path.to_owned();
        let full = source.kind() == io::ErrorKind::StorageFull || os_error_is(&source, 28, 28) || os_error_is(&source, 122, 69);
        let read_only = source.kind() == io::ErrorKind::ReadOnlyFilesystem || os_error_is(&source, 30, 30);
        if full {
            StoreError::DiskFull { action, path, source }
        } else if read_only {
            StoreError::ReadOnly { action, path, source }
        } else if source.kind() == io::ErrorKind::PermissionDenied && action != "read" {
            StoreError::NotAllowed { action, path, source }
        } else {
            StoreError::Io { action, path, source }
        }
    }
}

/// `NAME.bak` beside `path`.
pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

#[derive(Serialize)]
struct EnvelopeOut<'a, T> {
    schema: u32,
    #[serde(with = "time::serde::rfc3339")]
    saved_at: OffsetDateTime,
    data: &'a T,
}

/// The envelope with the data still raw, so the schema is checked before the data is parsed
/// (data from a newer version may not parse at all).
#[derive(Deserialize)]
struct EnvelopeIn {
    schema: u32,
    #[serde(with = "time::serde::rfc3339")]
    saved_at: OffsetDateTime,
    data: serde_json::Value,
}

/// What one file on disk turned out to be.
enum Found<T> {
    Good { value: T, schema: u32, saved_at: OffsetDateTime },
    Missing,
    Damaged(String),
    Newer(u32),
}

fn read_one<T: Persist>(path: &Path) -> Result<Found<T>, StoreError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(io_error("read", path)(e)),
    };
    let size = file.metadata().map_err(io_error("read", path))?.len();
    if size > MAX_FILE_BYTES {
        return Ok(Found::Damaged(too_large(size)));
    }
    // `take` holds the limit even if the file grows between the size check and the read.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io_error("read", path))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Ok(Found::Damaged(too_large(bytes.len() as u64)));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(Found::Damaged("it is empty".into()));
    }
    let envelope: EnvelopeIn = match serde_json::from_slice(&bytes) {
        Ok(envelope) => envelope,
        Err(e) => {
            let reason = match e.classify() {
                serde_json::error::Category::Eof => "it ends too early, probably cut off while being written".to_owned(),
                serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                    format!("it is not valid JSON at line {}, column {}", e.line(), e.column())
                }
                serde_json::error::Category::Data => format!("it is not a progress file of this app ({e})"),
            };
            return Ok(Found::Damaged(reason));
        }
    };
    if envelope.schema > T::SCHEMA {
        return Ok(Found::Newer(envelope.schema));
    }
    match serde_json::from_value::<T>(envelope.data) {
        Ok(value) => Ok(Found::Good { value, schema: envelope.schema, saved_at: envelope.saved_at }),
        Err(e) => Ok(Found::Damaged(format!("its content does not fit: {e}"))),
    }
}

fn too_large(size: u64) -> String {
    format!(
        "it is {} MB, far larger than the {} MB a progress file of this app can be, so it was not read",
        size / (1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// A time as the admin reads it in a warning, e.g. "2024-05-01 09:00 UTC".
fn stamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", at.year(), u8::from(at.month()), at.day(), at.hour(), at.minute())
}

/// Loads `path`, falling back to its backup when it is missing or damaged (and saying so).
pub fn load<T: Persist>(path: &Path) -> Result<Loaded<T>, StoreError> {
    let main_problem = match read_one::<T>(path)? {
        Found::Good { value, schema, saved_at } => {
            return Ok(Loaded { value, recovered_from_backup: false, warning: None, schema, saved_at })
        }
        Found::Newer(found) => {
            return Err(StoreError::NewerSchema { path: path.to_owned(), found, supported: T::SCHEMA })
        }
        Found::Missing => None,
        Found::Damaged(reason) => Some(reason),
    };
    let backup = backup_path(path);
    match read_one::<T>(&backup)? {
        Found::Good { value, schema, saved_at } => {
            let what = match &main_problem {
                None => "is missing".to_owned(),
                Some(reason) => format!("is damaged ({reason})"),
            };
            let warning = format!(
                "The progress file {} {what}, so the app loaded its backup copy saved at {}. Anything you did after that \
                 time is missing: check the step shown against the Console before you go on.",
                path.display(),
                stamp(saved_at)
            );
            Ok(Loaded { value, recovered_from_backup: true, warning: Some(warning), schema, saved_at })
        }
        Found::Newer(found) => Err(StoreError::NewerSchema { path: backup, found, supported: T::SCHEMA }),
        Found::Missing => match main_problem {
            None => Err(StoreError::NotFound { path: path.to_owned() }),
            Some(reason) => {
                Err(StoreError::Damaged { path: path.to_owned(), reason, backup, backup_problem: "does not exist".into() })
            }
        },
        Found::Damaged(backup_reason) => Err(StoreError::Damaged {
            path: path.to_owned(),
            reason: main_problem.unwrap_or_else(|| "it is missing".into()),
            backup,
            backup_problem: format!("is damaged too ({backup_reason})"),
        }),
    }
}

/// Saves `value` to `path` atomically, keeping the previous good version as `NAME.bak`.
/// Creates the folder if needed. Refuses to replace a file written by a newer version.
pub fn save<T: Persist>(path: &Path, value: &T, clock: &dyn Clock) -> Result<(), StoreError> {
    let envelope = EnvelopeOut { schema: T::SCHEMA, saved_at: clock.now(), data: value };
    let mut json = serde_json::to_vec_pretty(&envelope).map_err(StoreError::Serialize)?;
    json.push(b'\n');
    if json.len() as u64 > MAX_FILE_BYTES {
        return Err(StoreError::TooLarge { path: path.to_owned(), size: json.len() as u64 });
    }

    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(io_error("create the folder", &dir))?;

    let main_is_good = match read_one::<T>(path)? {
        Found::Good { .. } => true,
        Found::Newer(found) => {
            return Err(StoreError::NewerSchema { path: path.to_owned(), found, supported: T::SCHEMA })
        }
        Found::Missing | Found::Damaged(_) => false,
    };

    let tmp = with_suffix(path, ".tmp");
    let result = write_synced(&tmp, &json).and_then(|()| {
        if main_is_good {
            let backup = backup_path(path);
            let backup_tmp = with_suffix(path, ".bak.tmp");
            let copied = fs::copy(path, &backup_tmp)
                .map_err(io_error("copy the previous version to", &backup_tmp))
                .and_then(|_| sync_file(&backup_tmp))
                .and_then(|()| fs::rename(&backup_tmp, &backup).map_err(io_error("replace", &backup)));
            if copied.is_err() {
                let _ = fs::remove_file(&backup_tmp);
            }
            copied?;
        }
        #[cfg(debug_assertions)]
        crash_test::pause_before_rename(path, &tmp);
        fs::rename(&tmp, path).map_err(io_error("replace", path))
    });
    if result.is_err() {
        // Best effort: a stale temporary file is harmless, but tidier gone.
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_dir(&dir);
    Ok(())
}

/// Removes `path`, its backup and any leftover temporary files. Missing files are fine.
pub fn remove(path: &Path) -> Result<(), StoreError> {
    for file in [path.to_owned(), backup_path(path), with_suffix(path, ".tmp"), with_suffix(path, ".bak.tmp")] {
        match fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error("delete", &file)(e)),
        }
    }
    Ok(())
}

/// A way in for crash tests between writing the temporary file and renaming it, the one moment
/// the layout above says is safe to die in but no ordinary test can reach. Compiled only into
/// debug builds (`debug_assertions`): a release build has no such variable and no such pause.
///
/// With `FLEX_SSO_DEBUG_PAUSE_SAVE_DIR` naming a folder, a file `armed` there holding a file name
/// (say `acme.json`) makes the next save of a file of that name stop once its temporary file is
/// written and synced: it removes `armed` (so it pauses once), writes `paused` (holding the
/// temporary file's path), and waits until `paused` is removed before it renames. The test waits
/// for `paused`, kills the app, and starts it again on the same folder.
#[cfg(debug_assertions)]
pub mod crash_test {
    use std::fs;
    use std::path::Path;
    use std::time::Duration;

    /// The variable that names the hook's folder (read only by debug builds).
    pub const PAUSE_SAVE_DIR_ENV: &str = "FLEX_SSO_DEBUG_PAUSE_SAVE_DIR";
    /// The file a test writes to arm the pause: its content is the file name to pause on.
    pub const ARMED: &str = "armed";
    /// The file the save writes once it has paused: its content is the temporary file's path.
    pub const PAUSED: &str = "paused";

    pub(super) fn pause_before_rename(path: &Path, tmp: &Path) {
        let Some(dir) = std::env::var_os(PAUSE_SAVE_DIR_ENV) else { return };
        let dir = Path::new(&dir);
        let armed = dir.join(ARMED);
        let wanted = fs::read_to_string(&armed).unwrap_or_default();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if wanted.trim() != name || fs::remove_file(&armed).is_err() {
            return;
        }
        // Written whole, then renamed: a test polling for the marker never reads half of it.
        let paused = dir.join(PAUSED);
        let marker_tmp = dir.join("paused.tmp");
        if fs::write(&marker_tmp, tmp.display().to_string()).and_then(|()| fs::rename(&marker_tmp, &paused)).is_err() {
            return;
        }
        // The test normally kills the process here; removing the marker lets the save go on.
        while paused.exists() {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let mut file = File::create(path).map_err(io_error("write", path))?;
    file.write_all(bytes).map_err(io_error("write", path))?;
    file.sync_all().map_err(io_error("write", path))
}

fn sync_file(path: &Path) -> Result<(), StoreError> {
    File::open(path).and_then(|f| f.sync_all()).map_err(io_error("write", path))
}

/// Makes a rename durable on Unix. Some filesystems refuse to fsync a folder; the rename has
/// happened anyway, so that is not an error worth stopping the admin for.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use time::macros::datetime;
    use time::Duration;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Doc {
        name: String,
        count: u32,
        #[serde(default)]
        tags: Vec<String>,
    }

    impl Persist for Doc {
        const SCHEMA: u32 = 2;
    }

    fn doc(name: &str, count: u32) -> Doc {
        Doc { name: name.into(), count, tags: vec![] }
    }

    const T0: OffsetDateTime = datetime!(2024-05-01 09:00 UTC);

    /// A test case: its name, how it damages the files, and what the message says.
    type Case = (&'static str, fn(&Path), &'static str);
    type BothCase = (&'static str, fn(&Path), &'static str, &'static str);

    struct Fixture {
        _dir: tempfile::TempDir,
        path: PathBuf,
        clock: ManualClock,
    }

    /// A file saved twice: main holds "second" (09:05), the backup "first" (09:00).
    fn saved_twice() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        let clock = ManualClock::new(T0);
        save(&path, &doc("first", 1), &clock).unwrap();
        clock.advance(Duration::minutes(5));
        save(&path, &doc("second", 2), &clock).unwrap();
        Fixture { _dir: dir, path, clock }
    }

    #[test]
    fn save_then_load_gives_the_value_back_in_an_envelope() {
        let f = saved_twice();
        let loaded = load::<Doc>(&f.path).unwrap();
        assert_eq!(loaded, Loaded {
            value: doc("second", 2),
            recovered_from_backup: false,
            warning: None,
            schema: 2,
            saved_at: T0 + Duration::minutes(5),
        });
        let raw: serde_json::Value = serde_json::from_slice(&fs::read(&f.path).unwrap()).unwrap();
        assert_eq!(raw, serde_json::json!({
            "schema": 2, "saved_at": "2024-05-01T09:05:00Z", "data": {"name": "second", "count": 2, "tags": []}
        }));
        let backup: serde_json::Value = serde_json::from_slice(&fs::read(backup_path(&f.path)).unwrap()).unwrap();
        assert_eq!(backup["data"]["name"], "first");
        assert!(!with_suffix(&f.path, ".tmp").exists());
        assert!(!with_suffix(&f.path, ".bak.tmp").exists());
    }

    #[test]
    fn a_damaged_main_file_falls_back_to_the_backup_and_says_so() {
        let cases: [Case; 5] = [
            ("truncated", |p| {
                let bytes = fs::read(p).unwrap();
                fs::write(p, &bytes[..bytes.len() / 2]).unwrap()
            }, "is damaged (it ends too early, probably cut off while being written)"),
            ("garbled", |p| fs::write(p, b"{\"schema\": 2, \"saved_at\" ### garbage").unwrap(),
                "is damaged (it is not valid JSON at line 1, column 26)"),
            ("empty", |p| fs::write(p, b"").unwrap(), "is damaged (it is empty)"),
            ("not ours", |p| fs::write(p, b"{\"hello\": 1}").unwrap(),
                "is damaged (it is not a progress file of this app (missing field `schema` at line 1 column 12))"),
            ("deleted", |p| fs::remove_file(p).unwrap(), "is missing"),
        ];
        for (name, damage, what) in cases {
            let f = saved_twice();
            damage(&f.path);
            let loaded = load::<Doc>(&f.path).unwrap();
            assert_eq!(loaded.value, doc("first", 1), "{name}");
            assert!(loaded.recovered_from_backup, "{name}");
            let expected = format!(
                "The progress file {} {what}, so the app loaded its backup copy saved at 2024-05-01 09:00 UTC. Anything \
                 you did after that time is missing: check the step shown against the Console before you go on.",
                f.path.display()
            );
            assert_eq!(loaded.warning.as_deref(), Some(expected.as_str()), "{name}");
        }
    }

    #[test]
    fn content_that_does_not_fit_counts_as_damage() {
        let f = saved_twice();
        fs::write(&f.path, br#"{"schema":2,"saved_at":"2024-05-01T09:05:00Z","data":{"name":7}}"#).unwrap();
        let loaded = load::<Doc>(&f.path).unwrap();
        assert!(loaded.recovered_from_backup);
        assert!(loaded.warning.unwrap().contains("is damaged (its content does not fit: invalid type: integer `7`"));
    }

    #[test]
    fn a_missing_backup_does_not_matter_when_the_main_file_is_good() {
        let f = saved_twice();
        fs::remove_file(backup_path(&f.path)).unwrap();
        let loaded = load::<Doc>(&f.path).unwrap();
        assert_eq!((loaded.value, loaded.recovered_from_backup, loaded.warning), (doc("second", 2), false, None));
        fs::write(backup_path(&f.path), b"garbage").unwrap();
        assert_eq!(load::<Doc>(&f.path).unwrap().value, doc("second", 2));
    }

    #[test]
    fn nothing_saved_is_not_found_which_is_not_damage() {
        let f = saved_twice();
        fs::remove_file(&f.path).unwrap();
        fs::remove_file(backup_path(&f.path)).unwrap();
        let err = load::<Doc>(&f.path).unwrap_err();
        assert_eq!(err.code(), "store_not_found");
        assert_eq!(err.to_string(), format!("No saved progress was found at {}.", f.path.display()));
    }

    #[test]
    fn both_files_unusable_is_an_error_that_names_them_and_says_what_to_do() {
        let tail = format!("so the saved progress can't be loaded. Both were left as they are. Send them to support if you need \
                    them, then move them out of that folder to start this migration afresh; the Console ({}) shows how far \
                    the migration got.", flex_sso_facts::twilio::CONSOLE_SSO_PAGE);
        let cases: [BothCase; 3] = [
            ("both garbled", |p| {
                fs::write(p, b"xx").unwrap();
                fs::write(backup_path(p), b"").unwrap();
            }, "it is not valid JSON at line 1, column 1", "is damaged too (it is empty)"),
            ("main empty, no backup", |p| {
                fs::write(p, b"  \n").unwrap();
                fs::remove_file(backup_path(p)).unwrap();
            }, "it is empty", "does not exist"),
            ("main missing, backup truncated", |p| {
                fs::remove_file(p).unwrap();
                fs::write(backup_path(p), b"{\"schema\":").unwrap();
            }, "it is missing", "is damaged too (it ends too early, probably cut off while being written)"),
        ];
        for (name, damage, reason, backup_problem) in cases {
            let f = saved_twice();
            damage(&f.path);
            let before = (fs::read(&f.path).ok(), fs::read(backup_path(&f.path)).ok());
            let err = load::<Doc>(&f.path).unwrap_err();
            assert_eq!(err.code(), "store_damaged", "{name}");
            let expected = format!(
                "The progress file {} is damaged ({reason}) and its backup {} {backup_problem}, {tail}",
                f.path.display(),
                backup_path(&f.path).display()
            );
            assert_eq!(err.to_string(), expected, "{name}");
            assert_eq!((fs::read(&f.path).ok(), fs::read(backup_path(&f.path)).ok()), before, "{name}: load never writes");
        }
    }

    #[test]
    fn a_newer_schema_is_refused_and_never_overwritten() {
        let f = saved_twice();
        let newer = br#"{"schema":3,"saved_at":"2025-01-01T00:00:00Z","data":{"shape":"unknown to us"}}"#;
        fs::write(&f.path, newer).unwrap();
        let err = load::<Doc>(&f.path).unwrap_err();
        assert_eq!(err.code(), "store_newer_schema");
        assert_eq!(err.to_string(), format!(
            "This progress file was written by a newer version of Flex SSO Migrator (schema 3; this version reads up \
             to 2). Update the app to open it; the file was left as it is: {}",
            f.path.display()
        ));
        let err = save(&f.path, &doc("ours", 9), &f.clock).unwrap_err();
        assert_eq!(err.code(), "store_newer_schema");
        assert_eq!(fs::read(&f.path).unwrap(), newer);
        assert_eq!(load::<Doc>(&backup_path(&f.path)).unwrap().value, doc("first", 1), "backup untouched too");
    }

    #[test]
    fn unknown_fields_and_older_schemas_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        fs::write(&path, br#"{"schema":1,"saved_at":"2024-01-01T00:00:00Z","extra":true,
            "data":{"name":"old","count":3,"added_later":[1,2]}}"#).unwrap();
        let loaded = load::<Doc>(&path).unwrap();
        assert_eq!((loaded.value, loaded.schema, loaded.recovered_from_backup), (doc("old", 3), 1, false));
    }

    #[test]
    fn saving_over_a_damaged_file_keeps_the_good_backup() {
        let f = saved_twice();
        fs::write(&f.path, b"{garbage").unwrap();
        f.clock.advance(Duration::minutes(5));
        save(&f.path, &doc("third", 3), &f.clock).unwrap();
        assert_eq!(load::<Doc>(&f.path).unwrap().value, doc("third", 3));
        assert_eq!(load::<Doc>(&backup_path(&f.path)).unwrap().value, doc("first", 1));
    }

    #[test]
    fn a_leftover_temporary_file_from_a_crash_changes_nothing() {
        let f = saved_twice();
        fs::write(with_suffix(&f.path, ".tmp"), b"{\"schema\":2,\"saved_at\":\"20").unwrap();
        assert_eq!(load::<Doc>(&f.path).unwrap().value, doc("second", 2));
        save(&f.path, &doc("third", 3), &f.clock).unwrap();
        assert_eq!(load::<Doc>(&f.path).unwrap().value, doc("third", 3));
        assert!(!with_suffix(&f.path, ".tmp").exists());
    }

    #[test]
    fn save_creates_the_folder_and_remove_deletes_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a").join("b").join("p.json");
        let clock = ManualClock::new(T0);
        save(&path, &doc("x", 1), &clock).unwrap();
        save(&path, &doc("y", 2), &clock).unwrap();
        fs::write(with_suffix(&path, ".tmp"), b"").unwrap();
        remove(&path).unwrap();
        assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 0);
        remove(&path).unwrap();
        assert_eq!(load::<Doc>(&path).unwrap_err().code(), "store_not_found");
    }

    #[test]
    fn io_errors_say_what_failed_where() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should be: reading it fails with something other than NotFound.
        let path = dir.path().join("p.json");
        fs::create_dir(&path).unwrap();
        let err = load::<Doc>(&path).unwrap_err();
        assert_eq!(err.code(), "store_io");
        assert!(err.to_string().starts_with(&format!("Couldn't read {}: ", path.display())), "{err}");
    }

    /// The crash-test hook really stops between the temporary file and the rename, and what a
    /// kill at that moment would leave loads as the previous version. (The only test here that
    /// sets the variable; it arms a file name no other test saves.)
    #[cfg(debug_assertions)]
    #[test]
    fn the_crash_test_pause_holds_a_save_between_its_temporary_file_and_the_rename() {
        use crash_test::{ARMED, PAUSED, PAUSE_SAVE_DIR_ENV};
        let hook = tempfile::tempdir().unwrap();
        std::env::set_var(PAUSE_SAVE_DIR_ENV, hook.path());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hooked.json");
        let clock = ManualClock::new(T0);
        save(&path, &doc("first", 1), &clock).unwrap();
        fs::write(hook.path().join(ARMED), "hooked.json").unwrap();
        let saver = {
            let path = path.clone();
            std::thread::spawn(move || save(&path, &doc("second", 2), &ManualClock::new(T0 + Duration::minutes(1))))
        };
        let paused = hook.path().join(PAUSED);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !paused.exists() {
            assert!(std::time::Instant::now() < deadline, "the save never paused");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let tmp = PathBuf::from(fs::read_to_string(&paused).unwrap());
        assert_eq!(tmp, with_suffix(&path, ".tmp"));
        assert!(String::from_utf8(fs::read(&tmp).unwrap()).unwrap().contains("\"second\""), "the new version is in the temporary file");
        assert!(!hook.path().join(ARMED).exists(), "the pause is used up");
        // What a kill now leaves behind: the previous version, whole, and no warning.
        let loaded = load::<Doc>(&path).unwrap();
        assert_eq!((loaded.value, loaded.recovered_from_backup, loaded.warning), (doc("first", 1), false, None));

        fs::remove_file(&paused).unwrap();
        saver.join().unwrap().unwrap();
        assert_eq!(load::<Doc>(&path).unwrap().value, doc("second", 2));
        assert!(!tmp.exists());
        // Used up: the next save does not pause (it would hang here).
        save(&path, &doc("third", 3), &clock).unwrap();
        assert_eq!(load::<Doc>(&path).unwrap().value, doc("third", 3));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
            #[test]
            fn save_then_load_is_the_identity(name in "\\PC{0,40}", count: u32, tags in prop::collection::vec("\\PC{0,8}", 0..4)) {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("p.json");
                let value = Doc { name, count, tags };
                save(&path, &value, &ManualClock::new(T0)).unwrap();
                let loaded = load::<Doc>(&path).unwrap();
                prop_assert_eq!(loaded.value, value);
                prop_assert!(!loaded.recovered_from_backup);
            }
        }
    }
}
