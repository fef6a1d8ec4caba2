//! Each fact about Twilio is written once: in `flex-sso-facts` (`src-tauri/crates/facts/src/twilio.rs`).
//! This test reads every source file of the app, its crates and its UI, and fails on a copy of a
//! Console path, a Console label of three words or more, or a web address of a fact, so a corrected
//! fact can never stay wrong in a forgotten corner. Code and text quote the constant
//! (`twilio::CONSOLE_SSO_PAGE`) or, in the UI, the key (`fact("console.sso_page")`).

use std::path::{Path, PathBuf};

use flex_sso_model::facts::twilio;

/// Where the facts live (`twilio.rs`, the pages in `sources.rs`, the IdP catalog), the only files
/// allowed to spell them. In the IdP catalog Twilio's words also appear as the IdP's own field
/// names (Okta calls its field "Identity Provider Issuer" too).
const HOME: &str = "src-tauri/crates/facts/src/";

/// The file without its comment lines: a comment may name a Console field to say which one a
/// variable holds; what the admin reads is the code's strings.
fn code_only(text: &str) -> String {
    text.lines()
        .filter(|line| {
            let t = line.trim_start();
            !(t.starts_with("//") || t.starts_with("/*") || t.starts_with("* ") || t == "*")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            // Build output, fuzz inputs and Twilio's own API definitions are not the app's text.
            if !matches!(name.as_str(), "target" | "corpus" | "twilio-oai" | "node_modules" | "gen") {
                files(&path, out);
            }
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("rs" | "js" | "html" | "json" | "php" | "css")) {
            out.push(path);
        }
    }
}

/// The texts that must appear only at home: paths, labels of three or more words, addresses.
fn guarded() -> Vec<(&'static str, &'static str)> {
    let mut texts = Vec::new();
    for fact in twilio::ALL {
        let long = fact.text.split_whitespace().count() >= 3 || fact.text.contains(" > ");
        // Sentences (rules) are quoted by constant anyway; labels and paths are what get copied.
        let label = !fact.text.ends_with('.');
        if long && label {
            texts.push((fact.key, fact.text));
        }
        if let Some(also) = fact.also {
            if also.text.split_whitespace().count() >= 3 {
                texts.push((fact.key, also.text));
            }
        }
        if let Some(url) = fact.url {
            texts.push((fact.key, url));
        }
    }
    texts
}

#[test]
fn every_twilio_path_label_and_address_is_written_once() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(&root.join("src-tauri"), &mut all);
    files(&root.join("ui"), &mut all);
    files(&root.join("tests"), &mut all);
    assert!(all.len() > 100, "the walk found only {} files", all.len());
    let guarded = guarded();
    assert!(guarded.iter().any(|(k, _)| *k == "console.sso_page"));
    let mut copies = Vec::new();
    for path in &all {
        let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        if relative.starts_with(HOME) || relative == "tests/fact_literals.rs" {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let text = code_only(&text);
        for (key, literal) in &guarded {
            if text.contains(literal) {
                copies.push(format!("{relative}: \"{literal}\" ({key})"));
            }
        }
    }
    assert!(
        copies.is_empty(),
        "These files write a Twilio fact again instead of quoting it from {HOME}twilio.rs:\n{}",
        copies.join("\n")
    );
}

/// The UI quotes facts by key; a key that does not exist would show as "[key]" on a screen.
#[test]
fn every_fact_key_the_ui_quotes_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(&root.join("ui"), &mut all);
    let mut quoted = 0;
    let mut unknown = Vec::new();
    for path in all.iter().filter(|p| p.extension().is_some_and(|e| e == "js")) {
        let text = std::fs::read_to_string(path).unwrap();
        // fact("key"), factText("key"), factEntry("key"), factLink("key", …)
        for call in ["fact(\"", "factText(\"", "factEntry(\"", "factLink(\""] {
            for piece in text.split(call).skip(1) {
                let key = piece.split('"').next().unwrap_or("");
                quoted += 1;
                if twilio::by_key(key).is_none() {
                    unknown.push(format!("{}: {key}", path.strip_prefix(root).unwrap().display()));
                }
            }
        }
    }
    assert!(quoted > 40, "only {quoted} quotes found: is the pattern still right?");
    assert!(unknown.is_empty(), "unknown fact keys:\n{}", unknown.join("\n"));
    // factLink opens the fact's own address, so it must have one.
    for path in all.iter().filter(|p| p.extension().is_some_and(|e| e == "js")) {
        let text = std::fs::read_to_string(path).unwrap();
        for piece in text.split("factLink(\"").skip(1) {
            let key = piece.split('"').next().unwrap_or("");
            assert!(twilio::by_key(key).and_then(|f| f.url).is_some(), "{key} has no address to open");
        }
    }
}
