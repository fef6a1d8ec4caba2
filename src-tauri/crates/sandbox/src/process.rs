//! A child process that leads its own process group, so stopping it also stops what it forked
//! (`php -S` with `PHP_CLI_SERVER_WORKERS` forks workers that a plain kill leaves listening).

use std::os::unix::process::CommandExt;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// A running process group; dropping it stops the whole group.
#[derive(Debug)]
pub(crate) struct GroupChild {
    child: Child,
    pgid: i32,
}

impl GroupChild {
    /// Spawns `command` as the leader of a new process group.
    pub(crate) fn spawn(mut command: Command) -> std::io::Result<Self> {
        command.process_group(0);
        let child = command.spawn()?;
        let pgid = i32::try_from(child.id()).map_err(|_| std::io::Error::other("process id out of range"))?;
        Ok(Self { child, pgid })
    }

    pub(crate) fn pgid(&self) -> i32 {
        self.pgid
    }

    /// `Some(description)` once the group leader has exited.
    pub(crate) fn exited(&mut self) -> Option<String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Some(status.to_string()),
            Ok(None) => None,
            Err(e) => Some(e.to_string()),
        }
    }

    /// SIGTERM to the group, reap the leader, wait up to two seconds for the rest, then SIGKILL.
    pub(crate) fn stop(&mut self) {
        signal_group(self.pgid, libc::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            let _ = self.child.try_wait();
            if !group_alive(self.pgid) {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        if group_alive(self.pgid) {
            signal_group(self.pgid, libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}

impl Drop for GroupChild {
    fn drop(&mut self) {
        self.stop();
    }
}

fn signal_group(pgid: i32, signal: i32) {
    // SAFETY: killpg only sends a signal; pgid is the group this struct created (never 0 or 1,
    // which would address our own group or init).
    if pgid > 1 {
        unsafe {
            libc::killpg(pgid, signal);
        }
    }
}

/// Whether any live (non-zombie) process is left in the group. On Linux this reads /proc, because
/// workers orphaned to a non-reaping init stay zombies, which `kill(-pgid, 0)` still reports.
pub(crate) fn group_alive(pgid: i32) -> bool {
    #[cfg(target_os = "linux")]
    {
        let Ok(entries) = std::fs::read_dir("/proc") else { return killpg_probe(pgid) };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().filter(|n| n.bytes().all(|b| b.is_ascii_digit())) else { continue };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
            // Fields after the parenthesised command name: state ppid pgrp ...
            let Some(rest) = stat.rsplit_once(')').map(|(_, rest)| rest) else { continue };
            let mut fields = rest.split_whitespace();
            let state = fields.next();
            let _ppid = fields.next();
            let pgrp = fields.next().and_then(|p| p.parse::<i32>().ok());
            if pgrp == Some(pgid) && state != Some("Z") && state != Some("X") {
                return true;
            }
        }
        false
    }
    #[cfg(not(target_os = "linux"))]
    {
        killpg_probe(pgid)
    }
}

fn killpg_probe(pgid: i32) -> bool {
    // SAFETY: signal 0 only checks for existence.
    pgid > 1 && unsafe { libc::killpg(pgid, 0) } == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopping_ends_the_forked_children_too() {
        // The shell forks a sleeper that would outlive a plain kill of the shell.
        let mut command = Command::new("sh");
        command.args(["-c", "sleep 30 & sleep 30 & wait"]);
        let mut child = GroupChild::spawn(command).unwrap();
        let pgid = child.pgid();
        let deadline = Instant::now() + Duration::from_secs(5);
        while !group_alive(pgid) && Instant::now() < deadline {
            std::thread::yield_now();
        }
        assert!(group_alive(pgid));
        child.stop();
        assert!(!group_alive(pgid));
    }
}
