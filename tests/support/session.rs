//! A private D-Bus session bus for one test, and optionally a real, unlocked GNOME Keyring on it.
//!
//! The bus uses its own configuration with no service directories: nothing is auto-started
//! behind the test's back (no stray daemons outliving it, no locked keyring popping up), so the
//! only Secret Service on the bus is the one started here, or none at all when a test wants to
//! see how the app behaves without a keyring.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::process::Spawned;
use super::wait;

const BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
    <!--RULES-->
  </policy>
</busconfig>
"#;

pub struct SessionBus {
    pub address: String,
    /// Per-test `XDG_DATA_HOME`: the keyring's files live in `<it>/keyrings`.
    pub data_home: PathBuf,
    pub runtime_dir: PathBuf,
    keyring: Option<Spawned>,
    _bus: Spawned,
}

impl SessionBus {
    /// Starts the bus. `root` is the test's temporary folder.
    pub fn start(root: &Path) -> SessionBus {
        Self::start_with_data(root, &root.join("data"))
    }

    /// Like [`SessionBus::start`], with `XDG_DATA_HOME` (app data and keyring files) at
    /// `data_home`, so a second run can find what a first one left.
    pub fn start_with_data(root: &Path, data_home: &Path) -> SessionBus {
        Self::start_with_rules(root, data_home, "")
    }

    /// Like [`SessionBus::start_with_data`], with extra `<allow>`/`<deny>` rules in the bus
    /// policy (after the allow-all ones, so they win), e.g. to make the Secret Service refuse a
    /// call the way a locked-down desktop's policy does.
    pub fn start_with_rules(root: &Path, data_home: &Path, rules: &str) -> SessionBus {
        let config = root.join("session-bus.conf");
        std::fs::write(&config, BUS_CONFIG.replace("<!--RULES-->", rules)).unwrap();
        let data_home = data_home.to_path_buf();
        let runtime_dir = root.join("runtime");
        for dir in [&data_home, &runtime_dir] {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::set_permissions(&runtime_dir, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let mut command = Command::new("dbus-daemon");
        command
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            // It complains it may not raise its fd limit as an unprivileged bus; harmless noise.
            .stderr(Stdio::null());
        let mut bus = Spawned::start("dbus-daemon", command);
        let address = bus.first_stdout_line(Duration::from_secs(10));
        assert!(address.starts_with("unix:"), "dbus-daemon printed {address:?}");
        SessionBus { address, data_home, runtime_dir, keyring: None, _bus: bus }
    }

    /// Starts gnome-keyring-daemon (secrets component only) unlocked with a throw-away
    /// password, and waits until it owns `org.freedesktop.secrets` on this bus.
    pub fn start_unlocked_keyring(&mut self) {
        let mut command = Command::new("gnome-keyring-daemon");
        command
            .args(["--foreground", "--unlock", "--components=secrets"])
            .envs(self.env())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        self.keyring = Some(Spawned::start_with_stdin("gnome-keyring-daemon", command, b"e2e-keyring-password"));
        wait::until("the Secret Service on the test bus", Duration::from_secs(15), || {
            self.name_has_owner("org.freedesktop.secrets").then_some(())
        });
    }

    /// Locks the keyring's default collection from outside, as the desktop does after a timeout
    /// or on "Lock". With no prompter on this bus, an unlock can then never be granted.
    pub fn lock_default_collection(&self) {
        let output = Command::new("dbus-send")
            .args(["--session", "--print-reply", "--dest=org.freedesktop.secrets", "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock", "array:objpath:/org/freedesktop/secrets/collection/login"])
            .envs(self.env())
            .output()
            .expect("dbus-send (package dbus) must be installed");
        let reply = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success() && reply.contains("/org/freedesktop/secrets/collection/login"), "Lock answered {reply}");
    }

    fn name_has_owner(&self, name: &str) -> bool {
        let output = Command::new("dbus-send")
            .args(["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner"])
            .arg(format!("string:{name}"))
            .envs(self.env())
            .output()
            .expect("dbus-send (package dbus) must be installed");
        String::from_utf8_lossy(&output.stdout).contains("boolean true")
    }

    /// The environment a process needs to use this bus (and its keyring).
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("DBUS_SESSION_BUS_ADDRESS".into(), self.address.clone()),
            ("XDG_DATA_HOME".into(), self.data_home.display().to_string()),
            ("XDG_RUNTIME_DIR".into(), self.runtime_dir.display().to_string()),
        ]
    }

    /// Looks an item up with libsecret's CLI, a second client of the same Secret Service.
    pub fn secret_tool_search(&self, attribute: &str, value: &str) -> String {
        let output = Command::new("secret-tool")
            .args(["search", "--all", attribute, value])
            .envs(self.env())
            .output()
            .expect("secret-tool (package libsecret-tools) must be installed");
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
    }
}
