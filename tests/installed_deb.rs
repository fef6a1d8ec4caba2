//! The app as an admin gets it: the `.deb` that `./dev bundle` builds, installed with apt, started
//! from its menu entry, and removed again. `./dev test` runs this after every other test with
//! FLEX_SSO_DEB pointing at the package (`test = false` in Cargo.toml keeps it out of a plain
//! `cargo test`, which has no package to install). It changes the system: it installs into /usr as root (through sudo when
//! not root) and removes the package at the end, also when it fails.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::app::{Options, TestApp};

const PACKAGE: &str = "flex-sso-migrator";
/// The budget for the installer.
const MAX_DEB_BYTES: u64 = 10 * 1000 * 1000;

fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"))
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Runs a command as root: directly when the test is root (CI), through sudo otherwise.
fn as_root(args: &[&str]) -> Output {
    let root = unsafe { libc::geteuid() } == 0;
    let mut command = if root { Command::new(args[0]) } else { Command::new("sudo") };
    if root {
        command.args(&args[1..]);
    } else {
        command.args(args);
    }
    command.env("DEBIAN_FRONTEND", "noninteractive").output().unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn installed() -> bool {
    let status = run("dpkg-query", &["-W", "-f=${Status}", PACKAGE]);
    String::from_utf8_lossy(&status.stdout).contains("install ok installed")
}

/// Removes the package when the test ends, however it ends.
struct Installation;

impl Drop for Installation {
    fn drop(&mut self) {
        if installed() {
            let _ = as_root(&["apt-get", "remove", "-y", "-q", PACKAGE]);
        }
    }
}

fn field(deb: &Path, name: &str) -> String {
    String::from_utf8_lossy(&run("dpkg-deb", &["-f", deb.to_str().unwrap(), name]).stdout).trim().to_owned()
}

/// The `.desktop` entry's `key=` value.
fn desktop_value<'a>(entry: &'a str, key: &str) -> &'a str {
    entry
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key}= in the desktop entry:\n{entry}"))
}

/// The program and arguments of an `Exec=` line, without the field codes (%U, %f, …) that a
/// launcher replaces.
fn exec_command(exec: &str) -> (String, Vec<String>) {
    let mut words = exec.split_whitespace().filter(|w| !(w.len() == 2 && w.starts_with('%'))).map(str::to_owned);
    let program = words.next().expect("Exec= names a program");
    (program, words.collect())
}

/// Where a launcher finds `program`: itself when absolute, else the first match on PATH.
fn resolve(program: &str) -> PathBuf {
    if program.starts_with('/') {
        return PathBuf::from(program);
    }
    std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|path| path.is_file())
        .unwrap_or_else(|| panic!("{program} is not on PATH"))
}

/// Everything below /usr with the app's name in it.
fn leftovers_in_usr() -> Vec<String> {
    let out = run("find", &["/usr/bin", "/usr/share/applications", "/usr/share/icons", "/usr/share/doc", "/usr/lib", "-iname", "*flex-sso-migrator*"]);
    let mut found: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect();
    let out = run("find", &["/usr/share/applications", "-iname", "*Flex SSO Migrator*"]);
    found.extend(String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned));
    found
}

#[test]
fn the_deb_installs_starts_from_its_menu_entry_and_removes_cleanly() {
    let deb = PathBuf::from(std::env::var("FLEX_SSO_DEB").expect("FLEX_SSO_DEB: the .deb to test (./dev test sets it)"));
    let deb = deb.canonicalize().unwrap_or_else(|e| panic!("{}: {e}", deb.display()));
    assert!(
        !installed(),
        "{PACKAGE} is already installed on this computer. This test installs and removes it, so remove yours first: sudo apt-get remove {PACKAGE}"
    );

    // The package itself: small enough, and the right relations.
    let size = std::fs::metadata(&deb).unwrap().len();
    eprintln!("{}: {size} bytes ({:.2} MiB)", deb.display(), size as f64 / 1048576.0);
    assert!(size <= MAX_DEB_BYTES, "the .deb is {size} bytes, over the {MAX_DEB_BYTES} budget");
    assert_eq!(field(&deb, "Package"), PACKAGE);
    assert_eq!(field(&deb, "Version"), env!("CARGO_PKG_VERSION"), "the version comes from Cargo.toml");
    let depends = field(&deb, "Depends");
    for library in ["libwebkit2gtk-4.1-0", "libgtk-3-0"] {
        assert!(depends.contains(library), "Depends: {depends}");
    }
    assert!(!depends.contains("keyring"), "a keyring is recommended, not required: Depends: {depends}");
    assert!(field(&deb, "Recommends").contains("gnome-keyring"), "Recommends: {}", field(&deb, "Recommends"));
    assert!(field(&deb, "Description").contains("Flex"), "Description: {}", field(&deb, "Description"));

    // Installed the way an admin's software centre does it: apt, with its dependencies.
    let _installation = Installation;
    let install = as_root(&["apt-get", "install", "-y", "-q", deb.to_str().unwrap()]);
    assert!(install.status.success(), "apt-get install failed:\n{}", text(&install));
    assert!(installed());
    let files: Vec<String> = String::from_utf8_lossy(&run("dpkg", &["-L", PACKAGE]).stdout).lines().map(str::to_owned).collect();
    assert!(files.iter().any(|f| f == "/usr/bin/flex-sso-migrator"), "{files:#?}");

    // The menu entry: name, description, category, icon, and the command it starts.
    let entry_path = files.iter().find(|f| f.starts_with("/usr/share/applications/") && f.ends_with(".desktop")).expect("a .desktop entry");
    let entry = std::fs::read_to_string(entry_path).unwrap();
    assert_eq!(desktop_value(&entry, "Name"), "Flex SSO Migrator");
    assert!(desktop_value(&entry, "Comment").contains("Flex SSO"), "{entry}");
    assert!(desktop_value(&entry, "Categories").split(';').any(|c| c == "Utility"), "{entry}");
    assert_eq!(desktop_value(&entry, "Type"), "Application");
    let icon = desktop_value(&entry, "Icon");
    let icons: Vec<&String> = files.iter().filter(|f| f.starts_with("/usr/share/icons/hicolor/") && f.ends_with(&format!("/apps/{icon}.png"))).collect();
    for size in ["32x32", "64x64", "128x128", "256x256", "512x512"] {
        assert!(icons.iter().any(|f| f.contains(&format!("/hicolor/{size}/apps/"))), "the icon {icon} at {size}: {files:#?}");
    }
    let validate = run("desktop-file-validate", &[entry_path]);
    assert!(validate.status.success() && validate.stdout.is_empty(), "desktop-file-validate: {}", text(&validate));
    let (program, args) = exec_command(desktop_value(&entry, "Exec"));
    let binary = resolve(&program);
    assert_eq!(binary, Path::new("/usr/bin/flex-sso-migrator"), "Exec={program} starts {}", binary.display());

    // The installed binary, headless: its version, and one CLI command on a real metadata file.
    let version = run(binary.to_str().unwrap(), &["--version"]);
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), format!("flex-sso-migrator {}", env!("CARGO_PKG_VERSION")));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/crates/metadata/tests/fixtures");
    let cert: String = std::fs::read_to_string(fixtures.join("certs/rsa2048-sha1.pem")).unwrap().lines().filter(|l| !l.starts_with("-----")).collect();
    let metadata = std::fs::read_to_string(fixtures.join("okta.xml")).unwrap().replace("{{SIGNING}}", &cert);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("okta.xml");
    std::fs::write(&file, metadata).unwrap();
    let inspect = Command::new(&binary)
        .args(["inspect-metadata", file.to_str().unwrap(), "--json", "--now", "2027-03-01T12:00:00Z"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(inspect.status.code(), Some(0), "{}", text(&inspect));
    let report: serde_json::Value = serde_json::from_slice(&inspect.stdout).unwrap();
    assert_eq!(report["entity_id"], "http://www.okta.com/exk9flexfixture0001");

    // Started as the menu entry starts it, under Xvfb, driven over WebDriver: the welcome screen.
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let data_home = tempfile::tempdir().unwrap();
    let app_data = {
        let mut app = TestApp::start_binary("installed", Options::default(), &binary, &args, data_home.path());
        let heading = app.session.wait_for_text("main h1", "Move Flex single sign-on");
        assert!(heading.contains("new connection"), "{heading}");
        app.session.wait_for_text(".app-version", env!("CARGO_PKG_VERSION"));
        app.session.wait_for("#add-account");
        assert_eq!(app.session.title(), "Flex SSO Migrator");
        eprintln!("screenshot: {}", app.screenshot("welcome").display());

        // About: the version from Cargo.toml, and the WebKitGTK the package runs on.
        app.session.click_on("#nav-about");
        app.session.wait_for_text("#about-version", env!("CARGO_PKG_VERSION"));
        let webkit = String::from_utf8_lossy(&run("dpkg-query", &["-W", "-f=${Version}", "libwebkit2gtk-4.1-0"]).stdout).to_string();
        let webkit_upstream = webkit.split(['-', '~', '+']).next().unwrap().to_owned();
        app.session.wait_for_text("#about-webview", &format!("WebKitGTK {webkit_upstream}"));
        app.session.wait_for("#update-state[data-state='not-configured']");
        eprintln!("screenshot: {}", app.screenshot("about").display());
        app.data_dir()
    };
    assert!(app_data.join("logs").is_dir(), "the app keeps its log in the home folder: {}", app_data.display());

    // Removed: nothing of the package is left in /usr; the user's data is not the package's.
    let remove = as_root(&["apt-get", "remove", "-y", "-q", PACKAGE]);
    assert!(remove.status.success(), "apt-get remove failed:\n{}", text(&remove));
    assert!(!installed());
    let left: Vec<&String> = files.iter().filter(|f| f.starts_with("/usr/") && Path::new(f).is_file()).collect();
    assert!(left.is_empty(), "left in /usr after apt-get remove: {left:#?}");
    let left = leftovers_in_usr();
    assert!(left.is_empty(), "left in /usr after apt-get remove: {left:#?}");
    assert!(app_data.join("logs").is_dir(), "the user's data in the home folder stays: {}", app_data.display());
}
