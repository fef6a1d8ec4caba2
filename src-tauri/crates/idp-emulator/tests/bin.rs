//! The bin prints its base URL as its one stdout line, serves the preset asked for, and stops
//! on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn the_bin_prints_its_url_serves_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flex-sso-idp-emulator"))
        .args(["--port", "0", "--preset", "migrated"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the bin starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("one line");
    let base = line.trim().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let scenario: serde_json::Value = runtime.block_on(async {
        reqwest::get(format!("{base}/__emulator/scenario")).await.unwrap().json().await.unwrap()
    });
    let flex = scenario["okta"]["apps"].as_array().unwrap().iter().find(|a| a["id"] == flex_sso_idp_emulator::defaults::FLEX_APP_ID).unwrap().clone();
    assert!(flex["app"]["settings"]["signOn"]["audience"].as_str().unwrap().starts_with("urn:flex:"));
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = child.wait().expect("it exits");
    assert!(status.success(), "{status:?}");
}
