//! Looking for a secret everywhere a test run left bytes: every file under some folders (recursively,
//! hidden ones too, never following links) and the app's captured output, in every form a secret
//! takes on its way out: as typed, URL-encoded, base64 (at any alignment inside a longer base64
//! text), and inside an `Authorization: Basic` header (base64 of `user:secret`).
//!
//! A hit names the file, the byte offset and the form found, so a failure says where to look.

use std::fmt;
use std::path::PathBuf;

use aho_corasick::AhoCorasick;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;

/// One byte string to look for, and what it is (for the failure message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Needle {
    pub what: String,
    pub bytes: Vec<u8>,
}

/// Where one needle was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub file: PathBuf,
    pub offset: usize,
    pub what: String,
}

impl fmt::Display for Hit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}: {}", self.file.display(), self.offset, self.what)
    }
}

/// Percent-encoding of everything but RFC 3986's unreserved characters, in upper- or lowercase hex.
fn percent_encoded(text: &str, upper: bool) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ if upper => format!("%{b:02X}"),
            _ => format!("%{b:02x}"),
        })
        .collect()
}

/// The base64 characters that depend on `secret` alone when it sits at byte offset 0, 1 or 2 of a
/// longer text that was encoded as a whole: the groups of four characters made only of its bytes.
fn base64_cores(secret: &[u8], engine: &impl Engine) -> Vec<String> {
    (0..3usize)
        .filter_map(|lead| {
            let mut text = vec![0u8; lead];
            text.extend_from_slice(secret);
            let encoded = engine.encode(&text);
            // Skip the first group when the lead bytes share it; keep whole groups only.
            let start = if lead == 0 { 0 } else { 4 };
            let end = (lead + secret.len()) / 3 * 4;
            (end > start + 8).then(|| encoded[start..end].to_owned())
        })
        .collect()
}

/// Every form of `secret` to look for; `users` are the names it is sent with in a Basic header
/// (the Account SID, the API key SID).
pub fn needles(label: &str, secret: &str, users: &[&str]) -> Vec<Needle> {
    let mut out = vec![Needle { what: format!("{label} as typed"), bytes: secret.as_bytes().to_vec() }];
    for upper in [true, false] {
        let encoded = percent_encoded(secret, upper);
        if encoded != secret {
            out.push(Needle { what: format!("{label} URL-encoded ({encoded})"), bytes: encoded.into_bytes() });
        }
    }
    let form = percent_encoded(secret, true).replace("%20", "+");
    if !out.iter().any(|n| n.bytes == form.as_bytes()) {
        out.push(Needle { what: format!("{label} form-encoded ({form})"), bytes: form.into_bytes() });
    }
    for (alphabet, engine) in [("base64", STANDARD), ("URL-safe base64", URL_SAFE)] {
        out.push(Needle { what: format!("{label} in {alphabet}"), bytes: engine.encode(secret).into_bytes() });
        for core in base64_cores(secret.as_bytes(), &engine) {
            out.push(Needle { what: format!("{label} in {alphabet} inside a longer text ({core})"), bytes: core.into_bytes() });
        }
    }
    for user in users {
        let pair = format!("{user}:{secret}");
        out.push(Needle { what: format!("the Basic header of {user}:{label} ({})", STANDARD.encode(&pair)), bytes: STANDARD.encode(&pair).into_bytes() });
        out.push(Needle { what: format!("the Basic header of {user}:{label}, unpadded"), bytes: STANDARD_NO_PAD.encode(&pair).into_bytes() });
        out.push(Needle { what: format!("{user}:{label} in URL-safe base64"), bytes: URL_SAFE_NO_PAD.encode(&pair).into_bytes() });
        out.push(Needle { what: format!("{user}:{label} as typed"), bytes: pair.into_bytes() });
    }
    // The same bytes twice would only repeat a hit.
    let mut seen = std::collections::HashSet::new();
    out.retain(|n| seen.insert(n.bytes.clone()));
    out
}

/// Every regular file under `roots` (recursively; links are not followed, sockets and pipes not
/// read), except those under `skip`.
pub fn files_under(roots: &[PathBuf], skip: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = roots.to_vec();
    while let Some(path) = stack.pop() {
        if skip.iter().any(|s| path.starts_with(s)) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        if meta.is_dir() {
            let entries = std::fs::read_dir(&path).unwrap_or_else(|e| panic!("cannot list {}: {e}", path.display()));
            stack.extend(entries.flatten().map(|e| e.path()));
        } else if meta.is_file() {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Every place in `files` where one of `needles` occurs (overlapping hits included).
pub fn search(files: &[PathBuf], needles: &[Needle]) -> Vec<Hit> {
    let matcher = AhoCorasick::new(needles.iter().map(|n| &n.bytes)).expect("the needles make a matcher");
    let mut hits = Vec::new();
    for file in files {
        // A file that vanished since it was listed (a cache rotated) has nothing left to leak.
        let Ok(bytes) = std::fs::read(file) else { continue };
        for found in matcher.find_overlapping_iter(&bytes) {
            hits.push(Hit { file: file.clone(), offset: found.start(), what: needles[found.pattern().as_usize()].what.clone() });
        }
    }
    hits
}

/// The failure message for `hits`: one line per hit.
pub fn report(hits: &[Hit]) -> String {
    let mut out = format!("{} place(s) hold a secret:\n", hits.len());
    for hit in hits {
        out.push_str(&format!("  {hit}\n"));
    }
    out
}

/// Total bytes in `files` (to say how much was searched).
pub fn total_bytes(files: &[PathBuf]) -> u64 {
    files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum()
}
