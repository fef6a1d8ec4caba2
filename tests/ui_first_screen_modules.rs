//! The page preloads exactly the modules its first screen needs: every module `ui/app.js` reaches
//! through static imports, and nothing else (the other screens load when first opened, see
//! `ui/router.js`). A module added to the first screen without its `modulepreload` line would
//! still work, only later: this test names it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn ui() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui")
}

/// The relative targets of `import … from "./x.js"` lines (static imports only).
fn static_imports(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|line| line.trim_start().starts_with("import "))
        .filter_map(|line| line.rsplit_once(" from \"").map(|(_, rest)| rest.trim_end_matches(['"', ';']).to_owned()))
        .filter(|target| target.starts_with('.'))
        .collect()
}

/// `a/b/../c.js` → `a/c.js`, relative to `ui/`.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in path.components() {
        match part.as_os_str().to_str().unwrap() {
            "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other.to_owned()),
        }
    }
    parts.join("/")
}

fn first_screen_modules() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut todo = vec!["app.js".to_owned()];
    while let Some(module) = todo.pop() {
        if !found.insert(module.clone()) {
            continue;
        }
        let source = std::fs::read_to_string(ui().join(&module)).unwrap_or_else(|e| panic!("ui/{module}: {e}"));
        let dir = Path::new(&module).parent().unwrap_or(Path::new("")).to_owned();
        todo.extend(static_imports(&source).iter().map(|target| normalize(&dir.join(target))));
    }
    found.remove("app.js");
    found
}

fn preloaded() -> BTreeSet<String> {
    let html = std::fs::read_to_string(ui().join("index.html")).unwrap();
    html.lines()
        .filter(|line| line.contains("rel=\"modulepreload\""))
        .filter_map(|line| line.split_once("href=\"").and_then(|(_, rest)| rest.split_once('"')).map(|(href, _)| href.to_owned()))
        .collect()
}

#[test]
fn the_page_preloads_the_first_screens_modules_and_no_others() {
    let needed = first_screen_modules();
    assert!(needed.contains("screens/home.js") && needed.contains("dom.js"), "{needed:?}");
    assert!(!needed.contains("screens/wizard.js"), "the wizard loads when first opened: {needed:?}");
    let preloaded = preloaded();
    let missing: Vec<_> = needed.difference(&preloaded).collect();
    let extra: Vec<_> = preloaded.difference(&needed).collect();
    assert!(missing.is_empty(), "add <link rel=\"modulepreload\"> to ui/index.html for {missing:?}");
    assert!(extra.is_empty(), "ui/index.html preloads modules the first screen does not import: {extra:?}");
}

#[test]
fn imports_are_read_as_written() {
    let source = "import { h } from \"../dom.js\";\nimport * as home from \"./screens/home.js\";\nconst x = import(\"./lazy.js\");\n";
    assert_eq!(static_imports(source), ["../dom.js", "./screens/home.js"]);
    assert_eq!(normalize(Path::new("components/../dom.js")), "dom.js");
}
