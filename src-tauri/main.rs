// Release builds on Windows must not open a console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // First: the startup benchmark measures from here.
    flex_sso_migrator::startup::mark_process_start();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.len() > 1 {
        std::process::exit(flex_sso_migrator::cli::run(args));
    }
    flex_sso_migrator::rendering::choose_before_any_thread();
    flex_sso_migrator::run();
}
