//! A bare Tauri window whose page calls `ready` once loaded; `ready` prints the time since the
//! process started, in the same form as the app's first-screen line.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();

#[tauri::command]
fn ready() {
    let ms = START.get().map_or(0, |start| start.elapsed().as_millis());
    eprintln!("baseline-app: first screen ready after {ms} ms");
}

fn main() {
    START.get_or_init(Instant::now);
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("the baseline window could not start");
}
