//! The real app under test, in a world of its own: a virtual display, a private session bus
//! (with or without a real keyring), its own HOME and XDG folders, driven over WebDriver.

use std::path::PathBuf;

use super::axe;
use super::display::VirtualDisplay;
use super::session::SessionBus;
use super::webdriver::{Driver, Session};

pub struct Options {
    /// Start an unlocked GNOME Keyring on the test's bus (the usual case).
    pub keyring: bool,
    /// Extra environment for the app (emulator URLs, sandbox flag...).
    pub env: Vec<(String, String)>,
    /// Keep what the app prints: its stdout and stderr go to [`TestApp::stdout`] and
    /// [`TestApp::stderr`] (through a small shell script that `exec`s the app, so the app keeps
    /// the process id WebKitWebDriver started).
    pub capture_output: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { keyring: true, env: Vec::new(), capture_output: false }
    }
}

/// Everything one end-to-end test runs against. Fields drop in order: the app (session) first,
/// then its driver, the bus with the keyring, and the display last.
pub struct TestApp {
    pub session: Session,
    pub bus: SessionBus,
    pub display: VirtualDisplay,
    pub home: PathBuf,
    test_name: String,
    step: u32,
    /// What axe-core found on the screens screenshotted so far.
    accessibility: axe::Log,
    /// Where the app's stdout and stderr go, when captured.
    pub stdout: Option<PathBuf>,
    pub stderr: Option<PathBuf>,
    /// The test's folder (HOME, XDG folders, bus config); `None` once handed to the test by
    /// [`TestApp::keep_folders`].
    root: Option<tempfile::TempDir>,
    root_path: PathBuf,
}

impl TestApp {
    /// Starts everything for the test named `test_name` (used in screenshot names).
    pub fn start(test_name: &str, options: Options) -> TestApp {
        Self::start_in(test_name, options, None, &app_binary(), &[])
    }

    /// Starts the app on the data (profiles, progress, keyring) an earlier run left in
    /// `data_home`: what a user sees after closing and reopening the app.
    pub fn start_with_data(test_name: &str, options: Options, data_home: &std::path::Path) -> TestApp {
        Self::start_in(test_name, options, Some(data_home), &app_binary(), &[])
    }

    /// Starts another build of the app (the installed one, say) at `binary` with `args`, on the
    /// data in `data_home` (which outlives the test app).
    pub fn start_binary(
        test_name: &str,
        options: Options,
        binary: &std::path::Path,
        args: &[&str],
        data_home: &std::path::Path,
    ) -> TestApp {
        Self::start_in(test_name, options, Some(data_home), binary, args)
    }

    fn start_in(
        test_name: &str,
        options: Options,
        data_home: Option<&std::path::Path>,
        binary: &std::path::Path,
        args: &[&str],
    ) -> TestApp {
        // The accessibility check runs on every screenshot: without axe-core, fail before starting.
        axe::require();
        let root = tempfile::Builder::new().prefix("flex-sso-e2e-").tempdir().unwrap();
        let display = VirtualDisplay::start();
        let mut bus = match data_home {
            Some(data) => SessionBus::start_with_data(root.path(), data),
            None => SessionBus::start(root.path()),
        };
        if options.keyring {
            bus.start_unlocked_keyring();
        }
        let home = root.path().join("home");
        let config_home = root.path().join("config");
        let cache_home = root.path().join("cache");
        for dir in [&home, &config_home, &cache_home] {
            std::fs::create_dir_all(dir).unwrap();
        }
        let mut env = bus.env();
        env.extend([
            ("DISPLAY".to_owned(), display.name.clone()),
            ("HOME".to_owned(), home.display().to_string()),
            ("XDG_CONFIG_HOME".to_owned(), config_home.display().to_string()),
            ("XDG_CACHE_HOME".to_owned(), cache_home.display().to_string()),
            // Keeps GTK from starting the accessibility bus, which would outlive the test.
            ("NO_AT_BRIDGE".to_owned(), "1".to_owned()),
            ("GDK_BACKEND".to_owned(), "x11".to_owned()),
        ]);
        env.extend(options.env);
        let (mut stdout, mut stderr) = (None, None);
        let wrapper;
        let binary = if options.capture_output {
            let (out, err) = (root.path().join("app-stdout.txt"), root.path().join("app-stderr.txt"));
            wrapper = root.path().join("app-with-output-captured.sh");
            std::fs::write(
                &wrapper,
                format!("#!/bin/sh\nexec '{}' \"$@\" >>'{}' 2>>'{}'\n", binary.display(), out.display(), err.display()),
            )
            .unwrap();
            std::fs::set_permissions(&wrapper, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
            (stdout, stderr) = (Some(out), Some(err));
            wrapper.as_path()
        } else {
            binary
        };
        let driver = Driver::start(&env);
        let session = driver.new_session(binary, args);
        // The page is usable once its script has shown a first screen (before that the header's
        // links are plain HTML and a click does nothing).
        session.wait_for("#screen[data-screen]");
        let root_path = root.path().to_owned();
        TestApp {
            session,
            bus,
            display,
            home,
            test_name: test_name.to_owned(),
            step: 0,
            accessibility: axe::Log::default(),
            stdout,
            stderr,
            root: Some(root),
            root_path,
        }
    }

    /// Saves a PNG of the window as `target/e2e-screenshots/<test>-<NN>-<step>.png`, and checks
    /// the screen with axe-core (WCAG 2.2 A/AA): a serious or critical violation fails the test
    /// (after the picture is saved); moderate and minor ones are listed when the test ends.
    pub fn screenshot(&mut self, step: &str) -> PathBuf {
        self.step += 1;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let name = format!("{:02}-{}", self.step, step);
        let path = dir.join(format!("{}-{name}.png", self.test_name));
        self.session.wait_for_paint();
        let check = axe::run(&self.session);
        self.session.wait_for_paint();
        std::fs::write(&path, self.session.screenshot_png()).unwrap();
        let blocking = self.accessibility.record(&name, check);
        assert!(blocking.is_empty(), "{}", axe::failure(&self.test_name, &name, &blocking));
        path
    }

    /// The app's data folder (Tauri's app_data_dir on Linux).
    pub fn data_dir(&self) -> PathBuf {
        self.bus.data_home.join("dev.flexssomigrator.desktop")
    }

    /// The test's folder: HOME, XDG_CONFIG_HOME (`config/`), XDG_CACHE_HOME (`cache/`),
    /// XDG_RUNTIME_DIR (`runtime/`), the captured output and, unless the test gave its own,
    /// XDG_DATA_HOME (`data/`).
    pub fn root(&self) -> &std::path::Path {
        &self.root_path
    }

    /// Hands the test's folder to the caller, so it outlives the app (to read what the app left
    /// once it has stopped).
    pub fn keep_folders(&mut self) -> tempfile::TempDir {
        self.root.take().expect("the folders were already handed over")
    }

    /// The app's process id: WebKitWebDriver's child running the app binary.
    pub fn app_pid(&self) -> u32 {
        let driver = self.session.driver_pid();
        let children: Vec<u32> = std::fs::read_dir(format!("/proc/{driver}/task"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
            .flat_map(|list| list.split_whitespace().filter_map(|pid| pid.parse().ok()).collect::<Vec<u32>>())
            .collect();
        let app = app_binary();
        let name = app.file_name().unwrap().to_string_lossy().into_owned();
        let found = children.into_iter().find(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&name)))
        });
        found.unwrap_or_else(|| panic!("WebKitWebDriver (pid {driver}) has no child running {name}"))
    }

    /// Kills the app with SIGKILL (no chance to save or tidy up: a crash, a power cut of the
    /// process) and waits until it is gone. The harness's processes stay up; drop the TestApp
    /// next.
    pub fn kill_app(&self) {
        let pid = self.app_pid();
        // SAFETY: kill(2) on the app's own process id, found as our driver's child just now.
        assert_eq!(unsafe { libc::kill(pid as i32, libc::SIGKILL) }, 0, "SIGKILL to the app (pid {pid})");
        super::wait::until("the killed app to be gone", std::time::Duration::from_secs(15), || {
            // Gone, or a zombie its parent has not reaped yet: either way it runs no more.
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let state = stat.rsplit_once(") ").and_then(|(_, rest)| rest.chars().next());
            matches!(state, None | Some('Z') | Some('X')).then_some(())
        });
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The app's log outlives the test's folders, for reading a failure afterwards and for
        // `./dev bench` (which reads the login check's form holds from it).
        keep_log(&self.data_dir(), &self.test_name);
        // Straight to stderr, past the test runner's capture: the list shows in every run.
        if let Some(summary) = self.accessibility.summary(&self.test_name) {
            use std::io::Write as _;
            let _ = std::io::stderr().lock().write_all(summary.as_bytes());
        }
        // A failed test leaves a picture of what the window showed at that moment.
        if std::thread::panicking() {
            let dir = screenshot_dir();
            let _ = std::fs::create_dir_all(&dir);
            if let Ok(png) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.session.wait_for_paint();
                self.session.screenshot_png()
            })) {
                let _ = std::fs::write(dir.join(format!("{}-FAILED.png", self.test_name)), png);
            }
        }
    }
}

/// The app cargo built for these tests, or the one FLEX_SSO_E2E_APP_BINARY names (`./dev bench`
/// runs the e2e logins against the release binary its .deb ships).
pub fn app_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("FLEX_SSO_E2E_APP_BINARY") {
        return PathBuf::from(path);
    }
    PathBuf::from(option_env!("CARGO_BIN_EXE_flex-sso-migrator").expect("no app binary: set FLEX_SSO_E2E_APP_BINARY"))
}

/// `target/e2e-logs/<test>.log`: every app log of the test, appended in the order the apps ran.
pub fn log_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("e2e-logs")
}

fn keep_log(data_dir: &std::path::Path, test_name: &str) {
    use std::collections::HashMap;
    use std::io::Write as _;
    use std::sync::{LazyLock, Mutex};
    // Bytes of each app log already kept: a test that starts the app again on the same data
    // must not keep the first app's lines twice.
    static KEPT: LazyLock<Mutex<HashMap<PathBuf, usize>>> = LazyLock::new(Mutex::default);
    let source = data_dir.join("logs").join("flex-sso-migrator.log");
    let Ok(log) = std::fs::read(&source) else { return };
    let mut kept = KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let from = kept.get(&source).copied().filter(|&n| n <= log.len()).unwrap_or(0);
    let dir = log_dir();
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(dir.join(format!("{test_name}.log"))) {
        if file.write_all(&log[from..]).is_ok() {
            kept.insert(source, log.len());
        }
    }
}

pub fn screenshot_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is <target>/tmp; screenshots go beside it.
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("e2e-screenshots")
}
