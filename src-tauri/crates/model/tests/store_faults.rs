//! Saving progress onto a disk that is full or read-only: the save fails with its own code and
//! words, and the version saved before is intact and still loads.
//!
//! The disks are real: a 64 KiB tmpfs filled to the last byte, and a tmpfs remounted read-only.
//! (The tests run as root, for whom chmod does not stop a write, so a permission bit would prove
//! nothing.) Mounting needs root or CAP_SYS_ADMIN; where it is refused the test says why and
//! passes without checking, so a developer's unprivileged run still works.

use std::path::{Path, PathBuf};
use std::process::Command;

use flex_sso_model::clock::FixedClock;
use flex_sso_model::store::{self, Persist, StoreError};
use serde::{Deserialize, Serialize};
use time::macros::datetime;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Progress {
    step: u32,
    note: String,
}

impl Persist for Progress {
    const SCHEMA: u32 = 1;
}

const CLOCK: FixedClock = FixedClock(datetime!(2027-03-01 12:00 UTC));

/// A tmpfs mounted for one test, unmounted when dropped (also when the test fails).
struct Mounted {
    point: PathBuf,
    _dir: tempfile::TempDir,
}

impl Mounted {
    /// `None` (with the reason printed) where this process may not mount.
    fn tmpfs(size: &str) -> Option<Mounted> {
        let dir = tempfile::tempdir().unwrap();
        let point = dir.path().join("disk");
        std::fs::create_dir(&point).unwrap();
        let output = Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size},mode=0755"), "tmpfs"]).arg(&point).output();
        match output {
            Ok(output) if output.status.success() => Some(Mounted { point, _dir: dir }),
            Ok(output) => {
                eprintln!("SKIPPED: mounting a tmpfs was refused ({}); run as root to check this", String::from_utf8_lossy(&output.stderr).trim());
                None
            }
            Err(error) => {
                eprintln!("SKIPPED: the mount command could not run ({error})");
                None
            }
        }
    }

    fn remount_read_only(&self) {
        let status = Command::new("mount").args(["-o", "remount,ro"]).arg(&self.point).status().unwrap();
        assert!(status.success(), "remount read-only");
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(&self.point).status().is_ok_and(|s| s.success());
        if !unmounted {
            // Something still has a file open there: detach it now, it goes when released.
            let _ = Command::new("umount").arg("-l").arg(&self.point).status();
        }
    }
}

fn saved(path: &Path, step: u32) -> Progress {
    let progress = Progress { step, note: format!("step {step} done") };
    store::save(path, &progress, &CLOCK).expect("a save with room to spare");
    progress
}

/// Fills the filesystem at `dir` until a write fails with "no space left".
fn fill(dir: &Path) {
    use std::io::Write;
    let mut filler = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![0xA5u8; 4096];
    loop {
        match filler.write_all(&block) {
            Ok(()) => continue,
            Err(error) if error.raw_os_error() == Some(28) => break,
            Err(error) => panic!("filling the disk failed otherwise: {error}"),
        }
    }
    // What the page cache still holds must hit the disk too (tmpfs: a no-op, but honest).
    let _ = filler.sync_all();
}

#[test]
fn a_full_disk_refuses_the_save_and_keeps_what_was_saved() {
    let Some(disk) = Mounted::tmpfs("64k") else { return };
    let path = disk.point.join("profiles").join("migration.json");
    saved(&path, 1);
    let before = saved(&path, 2); // now there is a backup (step 1) as well
    fill(&disk.point);

    let bigger = Progress { step: 3, note: "x".repeat(8 * 1024) };
    let error = store::save(&path, &bigger, &CLOCK).unwrap_err();
    assert!(matches!(error, StoreError::DiskFull { .. }), "{error:?}");
    assert_eq!(error.code(), "store_disk_full");
    let text = error.to_string();
    assert!(text.starts_with("The disk is full: couldn't write "), "{text}");
    assert!(text.contains("What was saved before is unchanged. Free some space on that disk, then do this step again."), "{text}");

    let loaded = store::load::<Progress>(&path).expect("the previous save still loads");
    assert_eq!(loaded.value, before);
    assert!(!loaded.recovered_from_backup && loaded.warning.is_none(), "the main file itself is intact");
    let backup = store::load::<Progress>(&store::backup_path(&path)).expect("the backup still loads");
    assert_eq!(backup.value.step, 1);
    assert!(!path.with_file_name("migration.json.tmp").exists(), "no half-written temporary file is left");

    // Room again: the same save goes through.
    std::fs::remove_file(disk.point.join("filler")).unwrap();
    store::save(&path, &bigger, &CLOCK).expect("a save after freeing space");
    assert_eq!(store::load::<Progress>(&path).unwrap().value, bigger);
}

#[test]
fn a_read_only_disk_refuses_the_save_and_keeps_what_was_saved() {
    let Some(disk) = Mounted::tmpfs("1m") else { return };
    let path = disk.point.join("profiles").join("migration.json");
    saved(&path, 1);
    let before = saved(&path, 2);
    disk.remount_read_only();

    let error = store::save(&path, &Progress { step: 3, note: "lost?".into() }, &CLOCK).unwrap_err();
    assert!(matches!(error, StoreError::ReadOnly { .. }), "{error:?}");
    assert_eq!(error.code(), "store_read_only");
    let text = error.to_string();
    assert!(text.starts_with("The folder of "), "{text}");
    assert!(text.contains(" is read-only: couldn't write it, so this change was not saved. What was saved before is unchanged."), "{text}");

    let loaded = store::load::<Progress>(&path).expect("the previous save still loads from a read-only disk");
    assert_eq!(loaded.value, before);
    assert!(!loaded.recovered_from_backup && loaded.warning.is_none());
}
