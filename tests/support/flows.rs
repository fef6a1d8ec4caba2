//! Steps many end-to-end tests share: a Twilio emulator for the app, and signing in through the UI.

use flex_sso_twilio_emulator::{defaults, Emulator, EmulatorConfig, EmulatorHandle, Preset};

use super::app::{Options, TestApp};

pub fn emulator(preset: Preset) -> EmulatorHandle {
    super::block_on(Emulator::start(EmulatorConfig::with_preset(preset))).unwrap()
}

/// The app's environment pointing every Twilio API at the emulator.
pub fn twilio_env(emulator: &EmulatorHandle) -> Vec<(String, String)> {
    let base = emulator.base_url().to_owned();
    vec![
        ("FLEX_SSO_API_BASE_URL".into(), base.clone()),
        ("FLEX_SSO_FLEX_API_BASE_URL".into(), base.clone()),
        ("FLEX_SSO_SERVICES_BASE_URL".into(), base),
    ]
}

pub fn app_against(name: &str, emulator: &EmulatorHandle) -> TestApp {
    TestApp::start(name, Options { env: twilio_env(emulator), ..Options::default() })
}

/// From the home screen: add the emulator's account with its Auth Token and submit.
pub fn sign_in(app: &mut TestApp, name: &str, token: &str) {
    let s = &app.session;
    s.click_on("#add-account");
    s.type_text(&s.wait_for("#profile-name"), name);
    s.type_text(&s.wait_for("#account-sid"), defaults::ACCOUNT_SID);
    s.wait_for("#account-sid[aria-invalid='false']");
    s.type_text(&s.wait_for("#auth-token"), token);
    s.click_on("#sign-in-submit");
}
