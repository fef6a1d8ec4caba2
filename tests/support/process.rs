//! Child processes that cannot outlive the test: each starts in a new process group and the
//! whole group is terminated when the guard is dropped (also when a test panics).

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Spawned {
    name: String,
    child: Child,
}

impl Spawned {
    /// Starts `command` in its own process group. Its stderr goes to the test's stderr so
    /// failures show what the tool said.
    pub fn start(name: &str, mut command: Command) -> Spawned {
        command.process_group(0).stdin(Stdio::null());
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {name} ({command:?}): {e}. Run the tests through ./dev test, which installs it."));
        Spawned { name: name.to_owned(), child }
    }

    /// Like [`Spawned::start`], with stdin piped and handed to `feed` (e.g. a keyring password).
    pub fn start_with_stdin(name: &str, mut command: Command, feed: &[u8]) -> Spawned {
        use std::io::Write;
        command.process_group(0).stdin(Stdio::piped());
        let mut child = command.spawn().unwrap_or_else(|e| panic!("could not start {name}: {e}"));
        let mut stdin = child.stdin.take().expect("piped stdin");
        stdin.write_all(feed).expect("write to stdin");
        drop(stdin);
        Spawned { name: name.to_owned(), child }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Reads the first line the process prints on stdout (which must be piped), failing the
    /// test if none comes within `timeout`.
    pub fn first_stdout_line(&mut self, timeout: Duration) -> String {
        let stdout: ChildStdout = self.child.stdout.take().expect("stdout must be piped");
        let (tx, rx) = std::sync::mpsc::channel();
        let name = self.name.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            // Keep draining so the process never blocks on a full pipe.
            let mut sink = String::new();
            while reader.read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
                sink.clear();
            }
            drop(name);
        });
        rx.recv_timeout(timeout)
            .unwrap_or_else(|_| panic!("{} printed nothing within {timeout:?}", self.name))
            .trim()
            .to_owned()
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let group = -(self.child.id() as i32);
        // SAFETY: kill(2) with a negative pid signals our own child's process group only.
        unsafe { libc::kill(group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                // The leader is gone; make sure nothing else in its group lingers.
                unsafe { libc::kill(group, libc::SIGKILL) };
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}
