//! Where the app keeps its files, the same for the window and the headless CLI: the OS's data
//! folder for the app (Linux `~/.local/share/<id>`, macOS `~/Library/Application Support/<id>`,
//! Windows `%APPDATA%\<id>`), which is what Tauri's `app_data_dir` resolves to.

use std::path::PathBuf;

/// Must equal `identifier` in tauri.conf.json (a test checks it).
pub const IDENTIFIER: &str = "dev.flexssomigrator.desktop";

pub fn app_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(IDENTIFIER))
}

/// Profiles and each migration's progress live here.
pub fn profiles_dir() -> Option<PathBuf> {
    app_data_dir().map(|dir| dir.join("profiles"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn identifier_matches_the_tauri_configuration() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json is JSON");
        assert_eq!(config["identifier"], super::IDENTIFIER);
    }
}
