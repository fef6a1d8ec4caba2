// Declares the one command, so the capability grants it as the app's capability grants the app's.
fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&["ready"])))
        .expect("tauri-build");
}
