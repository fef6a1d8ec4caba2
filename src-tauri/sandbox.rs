//! Practice mode (`./dev demo`): the app runs against the Twilio emulator and a real SAML IdP on
//! this computer, with a "Practice sandbox" account ready to use. Its credentials are made up and
//! kept for this session only, so practice never touches the keyring or a real account.

use flex_sso_metadata::DownloadPolicy;
use flex_sso_model::ids::AccountSid;
use flex_sso_secrets::Secret;
use flex_sso_twilio::Credentials;

use crate::error::AppError;
use crate::state::AppState;

pub const PROFILE_NAME: &str = "Practice sandbox";

/// Where a metadata download may connect. The sandbox's IdP (SimpleSAMLphp) serves its metadata
/// on 127.0.0.1, so practice mode allows this computer; outside it only the internet is allowed
/// (`flex_sso_metadata::address_guard`). Private networks stay refused either way.
pub fn metadata_download_policy(sandbox: bool) -> DownloadPolicy {
    if sandbox {
        DownloadPolicy::SANDBOX
    } else {
        DownloadPolicy::INTERNET_ONLY
    }
}

/// Makes sure the sandbox account exists and is signed in, when the sandbox's variables are set
/// (`FLEX_SSO_SANDBOX_ACCOUNT_SID`, `FLEX_SSO_SANDBOX_AUTH_TOKEN`). Does nothing otherwise.
pub fn prepare(state: &AppState) -> Result<(), AppError> {
    if !state.sandbox {
        return Ok(());
    }
    let (Ok(sid), Ok(token)) = (std::env::var("FLEX_SSO_SANDBOX_ACCOUNT_SID"), std::env::var("FLEX_SSO_SANDBOX_AUTH_TOKEN")) else {
        return Ok(());
    };
    let account = AccountSid::parse(&sid)?;
    let profile = match state.accounts.find(PROFILE_NAME) {
        Ok(profile) => profile,
        Err(_) => state.accounts.profiles.create(PROFILE_NAME, account.clone(), Some(false), state.clock.as_ref())?,
    };
    let credentials = Credentials::with_auth_token(account, Secret::new(token));
    state.accounts.hold_for_session(&profile.id, &credentials)?;
    tracing::info!(profile = %profile.id.as_str(), "practice sandbox account ready");
    Ok(())
}
