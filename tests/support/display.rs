//! A virtual X display: Xvfb picks a free display number itself (`-displayfd`).

use std::process::{Command, Stdio};
use std::time::Duration;

use super::process::Spawned;

pub struct VirtualDisplay {
    pub name: String,
    _xvfb: Spawned,
}

impl VirtualDisplay {
    pub fn start() -> VirtualDisplay {
        let mut command = Command::new("Xvfb");
        command
            .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut xvfb = Spawned::start("Xvfb", command);
        let number = xvfb.first_stdout_line(Duration::from_secs(15));
        assert!(number.parse::<u32>().is_ok(), "Xvfb reported display {number:?}");
        VirtualDisplay { name: format!(":{number}"), _xvfb: xvfb }
    }
}
