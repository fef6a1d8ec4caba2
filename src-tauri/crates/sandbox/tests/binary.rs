//! The `flex-sso-sandbox` binary: prints the environment lines, lives as long as its stdin (or
//! until SIGTERM), and leaves nothing running behind.

mod support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::Browser;

fn start_binary(args: &[&str], stdin: Stdio) -> (Child, HashMap<String, String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flex-sso-sandbox"))
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = HashMap::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line");
        let (key, value) = line.split_once('=').unwrap_or_else(|| panic!("not KEY=VALUE: {line}"));
        lines.insert(key.to_owned(), value.to_owned());
        if key == "FLEX_SSO_SANDBOX_READY" {
            break;
        }
    }
    assert_eq!(lines.get("FLEX_SSO_SANDBOX_READY").map(String::as_str), Some("1"), "{lines:?}");
    (child, lines)
}

fn port_of(url: &str) -> u16 {
    url::Url::parse(url).ok().and_then(|u| u.port()).expect("a URL with a port")
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(Instant::now() < deadline, "the sandbox did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn prints_what_the_app_needs_and_stops_when_stdin_closes() {
    let (mut child, env) = start_binary(&[], Stdio::piped());
    for key in [
        "FLEX_SSO_LOGIN_BASE_URL",
        "FLEX_SSO_FLEX_UI_BASE_URL",
        "FLEX_SSO_LEGACY_IAM_BASE_URL",
        "FLEX_SSO_IDP_BASE_URL",
        "FLEX_SSO_IDP_METADATA_URL",
        "FLEX_SSO_IDP_ENTITY_ID",
        "FLEX_SSO_IDP_SSO_URL",
        "FLEX_SSO_SANDBOX_ACCOUNT_SID",
        "FLEX_SSO_SANDBOX_RUNTIME_DOMAIN",
        "FLEX_SSO_SANDBOX_CONNECTION_SID",
        "FLEX_SSO_SANDBOX_LOGIN_LINK",
        "FLEX_SSO_SANDBOX_RECEIVED_URL",
        "FLEX_SSO_SANDBOX_CONTROL_URL",
    ] {
        assert!(env.get(key).is_some_and(|v| !v.is_empty()), "{key} missing in {env:?}");
    }
    assert_eq!(env["FLEX_SSO_SANDBOX_CONNECTION_SID"], "JQ5a4db0c5000000000000000000000001");
    assert_eq!(env["FLEX_SSO_SANDBOX_LOGIN_LINK"], format!("{}/sandbox-owl-1234", env["FLEX_SSO_FLEX_UI_BASE_URL"]));

    let browser = Browser::new();
    assert!(browser.get(&env["FLEX_SSO_IDP_METADATA_URL"]).body.contains("EntityDescriptor"));
    let login = browser.get(&env["FLEX_SSO_SANDBOX_LOGIN_LINK"]);
    assert!(login.url.contains("loginuserpass.php"), "{}", login.url);
    // The controls a separate test process drives a key rotation with.
    assert_eq!(env["FLEX_SSO_SANDBOX_CONTROL_URL"], format!("{}/__sandbox", env["FLEX_SSO_LOGIN_BASE_URL"]));
    let rotation = browser.get(&format!("{}/idp-rotation", env["FLEX_SSO_SANDBOX_CONTROL_URL"]));
    assert_eq!(rotation.status, 200, "{}", rotation.body);
    assert!(rotation.body.contains("\"stage\":\"current\""), "{}", rotation.body);

    drop(child.stdin.take());
    assert!(wait_exit(&mut child).success());
    for key in ["FLEX_SSO_IDP_BASE_URL", "FLEX_SSO_LOGIN_BASE_URL", "FLEX_SSO_FLEX_UI_BASE_URL"] {
        assert!(TcpStream::connect(("127.0.0.1", port_of(&env[key]))).is_err(), "{key} still answers");
    }
}

#[test]
fn sigterm_stops_everything_even_when_stdin_is_ignored() {
    // Detached start: stdin at /dev/null would end it at once without --ignore-stdin.
    let (mut child, env) = start_binary(&["--ignore-stdin"], Stdio::null());
    assert_eq!(child.try_wait().unwrap(), None, "it must keep running with stdin at /dev/null");
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: sends SIGTERM to the child this test started.
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
    assert!(wait_exit(&mut child).success());
    assert!(TcpStream::connect(("127.0.0.1", port_of(&env["FLEX_SSO_IDP_BASE_URL"]))).is_err());
}

#[test]
fn a_bad_argument_is_explained() {
    let output = Command::new(env!("CARGO_BIN_EXE_flex-sso-sandbox")).args(["--connection", "JQ12"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "An SSO connection ID has 34 characters; this has 4. Copy it again in one piece."
    );
}
