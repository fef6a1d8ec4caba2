//! Accessibility checked by a machine: axe-core, injected over WebDriver into the page the window
//! shows, run against WCAG 2.0, 2.1 and 2.2 levels A and AA.
//!
//! `./dev setup` installs axe-core from npm and tells the tests where its `axe.min.js` is
//! (`FLEX_SSO_AXE_JS`); without the variable the harness looks where `./dev` puts it
//! (`<target>/axe-core/`). A missing file fails the test at once: the check is never skipped.
//!
//! The app's CSP (`script-src 'self'`) does not stop the injection: WebKitWebDriver evaluates the
//! script itself, which the CSP does not block. The CSP still holds inside the page (a script
//! there, injected or not, cannot `eval` or `new Function`: `tests/e2e_accessibility.rs` checks
//! it), and axe-core needs neither.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::json;

use super::webdriver::Session;

/// The rule sets checked: WCAG 2.0, 2.1 and 2.2, levels A and AA (axe's tags).
pub const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// One rule a page fails, with the elements that fail it.
#[derive(Clone, Debug, Deserialize)]
pub struct Violation {
    /// axe's rule id, e.g. `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// What the rule asks for, in a sentence.
    pub help: String,
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    pub nodes: Vec<Node>,
}

/// One failing element.
#[derive(Clone, Debug, Deserialize)]
pub struct Node {
    /// A CSS selector for the element (axe's `target`; one entry per frame or shadow root).
    pub selector: String,
    /// What is wrong with it, as axe says (e.g. the contrast ratio found and the one needed).
    pub summary: String,
}

impl Violation {
    /// Whether the test must fail on it.
    pub fn blocks(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

/// One run of axe on one screen.
pub struct Check {
    pub violations: Vec<Violation>,
    /// The rules that applied and passed (e.g. `color-contrast`: axe could compute the colours).
    pub passed: Vec<String>,
    /// The rules axe could not decide for some element (not a failure).
    pub incomplete: Vec<String>,
    pub axe_version: String,
    pub took: Duration,
}

/// Where `axe.min.js` is.
pub fn script_path() -> PathBuf {
    if let Some(path) = std::env::var_os("FLEX_SSO_AXE_JS") {
        return PathBuf::from(path);
    }
    // CARGO_TARGET_TMPDIR is <target>/tmp; ./dev installs axe-core into <target>/axe-core.
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("axe-core/node_modules/axe-core/axe.min.js")
}

/// The text of `axe.min.js`, read once per test binary.
fn source() -> &'static str {
    static SOURCE: OnceLock<Result<String, String>> = OnceLock::new();
    let source = SOURCE.get_or_init(|| {
        let path = script_path();
        std::fs::read_to_string(&path).map_err(|e| format!("axe-core is missing: run ./dev setup ({}: {e})", path.display()))
    });
    match source {
        Ok(text) => text,
        Err(message) => panic!("{message}"),
    }
}

/// Fails at once when axe-core is not installed (before a test spends time on its app).
pub fn require() {
    source();
}

/// Puts axe into the page unless it is there already (the app is one page: it stays until a
/// reload).
pub fn inject(session: &Session) {
    let present = session.execute("return typeof window.axe === 'object' && typeof window.axe.run === 'function';", json!([]));
    if present == Ok(json!(true)) {
        return;
    }
    session.execute(source(), json!([])).unwrap_or_else(|e| panic!("injecting axe-core into the page failed: {e}"));
    let present = session.execute("return typeof window.axe === 'object' && typeof window.axe.run === 'function';", json!([]));
    assert_eq!(present, Ok(json!(true)), "axe-core was injected but window.axe.run is not there");
}

/// Runs axe on the whole document as it is now and returns every violation (incomplete results,
/// which axe could not decide, such as a contrast over a background image, are not returned).
/// The caller waits for the state it means to check first.
pub fn run(session: &Session) -> Check {
    let started = Instant::now();
    inject(session);
    let answer = session
        .execute_async(
            "const [tags, done] = arguments;
             window.axe
               .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], restoreScroll: true })
               .then(
                 (results) => done({
                   version: window.axe.version,
                   passed: results.passes.map((r) => r.id),
                   incomplete: results.incomplete.map((r) => r.id),
                   violations: results.violations.map((v) => ({
                     id: v.id, impact: v.impact || 'minor', help: v.help, helpUrl: v.helpUrl,
                     nodes: v.nodes.map((n) => ({
                       selector: n.target.map((t) => Array.isArray(t) ? t.join(' >>> ') : String(t)).join(' | '),
                       summary: String(n.failureSummary || '').replace(/\\s+/g, ' ').trim(),
                     })),
                   })),
                 }),
                 (error) => done({ error: String((error && error.stack) || error) }),
               );",
            json!([WCAG_TAGS]),
        )
        .unwrap_or_else(|e| panic!("running axe-core failed: {e}"));
    let took = started.elapsed();
    if let Some(error) = answer.get("error").and_then(|e| e.as_str()) {
        panic!("axe-core could not check the page: {error}");
    }
    let violations = serde_json::from_value(answer["violations"].clone()).expect("axe-core's violations");
    let ids = |key: &str| serde_json::from_value::<Vec<String>>(answer[key].clone()).unwrap_or_default();
    let axe_version = answer["version"].as_str().unwrap_or("?").to_owned();
    Check { violations, passed: ids("passed"), incomplete: ids("incomplete"), axe_version, took }
}

/// What axe found on the screens one test visited.
#[derive(Default)]
pub struct Log {
    /// (step name, violation) in the order seen.
    found: Vec<(String, Violation)>,
    screens: u32,
    took: Duration,
    axe_version: String,
}

impl Log {
    /// Records one screen's check; returns the violations that fail the test.
    pub fn record(&mut self, step: &str, check: Check) -> Vec<Violation> {
        self.screens += 1;
        self.took += check.took;
        self.axe_version = check.axe_version;
        let blocking: Vec<Violation> = check.violations.iter().filter(|v| v.blocks()).cloned().collect();
        self.found.extend(check.violations.into_iter().map(|v| (step.to_owned(), v)));
        blocking
    }

    /// The moderate and minor violations, each rule and element once with the steps it was seen on.
    pub fn advisories(&self) -> Vec<String> {
        let mut seen: Vec<(&Violation, &Node, Vec<&str>)> = Vec::new();
        for (step, violation) in self.found.iter().filter(|(_, v)| !v.blocks()) {
            for node in &violation.nodes {
                match seen.iter_mut().find(|(v, n, _)| v.id == violation.id && n.selector == node.selector) {
                    Some((_, _, steps)) => steps.push(step),
                    None => seen.push((violation, node, vec![step])),
                }
            }
        }
        seen.into_iter()
            .map(|(violation, node, steps)| {
                format!(
                    "  - [{}] {}: {} ({})\n      {}: {}\n      on: {}\n",
                    violation.impact, violation.id, violation.help, violation.help_url, node.selector, node.summary, steps.join(", ")
                )
            })
            .collect()
    }

    /// One paragraph for the test's output: what was checked, how long it took, what is advised.
    pub fn summary(&self, test: &str) -> Option<String> {
        if self.screens == 0 {
            return None;
        }
        let advisories = self.advisories();
        let mut out = format!(
            "accessibility [{test}]: {} screen(s) checked with axe-core {} in {:.1} s; moderate/minor: {}\n",
            self.screens,
            self.axe_version,
            self.took.as_secs_f64(),
            if advisories.is_empty() { "none".to_owned() } else { advisories.len().to_string() }
        );
        out.extend(advisories);
        Some(out)
    }
}

/// The failure message for a screen's serious and critical violations.
pub fn failure(test: &str, step: &str, blocking: &[Violation]) -> String {
    let mut out = format!("accessibility [{test}], step {step:?}: {} serious or critical WCAG violation(s):\n", blocking.len());
    for violation in blocking {
        let _ = writeln!(out, "  - [{}] {}: {} ({})", violation.impact, violation.id, violation.help, violation.help_url);
        for node in &violation.nodes {
            let _ = writeln!(out, "      {}: {}", node.selector, node.summary);
        }
    }
    out
}
