//! Why Continue (or Finish, or Switch connection) is disabled, in sentences the admin can act on.

use flex_sso_facts::twilio;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::kinds::{Confirmation, LEGACY_CONFIRMATION_TEXT};

/// One thing still missing before the admin may move on.
///
/// Serialized as `{ "code": ..., "message": ... }` so the UI can both react to the code and show
/// the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Blocker {
    NoSetupType,
    /// Nobody has said yet whether Flex is hosted by Twilio or self-hosted.
    SelfHostingUnanswered,
    NoConnectionSid,
    /// A confirmation that the current step asks for is not ticked.
    Unconfirmed(Confirmation),
    NoLoginCheck,
    LoginCheckFailed,
    /// The revert page's confirmation is not ticked.
    LegacyNotConfirmed,
}

impl Blocker {
    pub fn code(self) -> &'static str {
        match self {
            Blocker::NoSetupType => "no_setup_type",
            Blocker::SelfHostingUnanswered => "self_hosting_unanswered",
            Blocker::NoConnectionSid => "no_connection_sid",
            Blocker::Unconfirmed(Confirmation::IdpValuesUpdated) => "idp_values_not_updated",
            Blocker::Unconfirmed(Confirmation::UsersAssigned) => "users_not_assigned",
            Blocker::Unconfirmed(Confirmation::SavedAndContinued) => "not_saved_and_continued",
            Blocker::Unconfirmed(Confirmation::IdpDataSaved) => "idp_data_not_saved",
            Blocker::Unconfirmed(Confirmation::TrustedUrlsSaved) => "trusted_urls_not_saved",
            Blocker::Unconfirmed(Confirmation::OauthSnippetAdded) => "oauth_snippet_not_added",
            Blocker::NoLoginCheck => "no_login_check",
            Blocker::LoginCheckFailed => "login_check_failed",
            Blocker::LegacyNotConfirmed => "legacy_not_confirmed",
        }
    }

    pub fn message(self) -> String {
        match self {
            Blocker::NoSetupType => {
                "Choose a setup type: modify the existing SSO connection or create a new one.".into()
            }
            Blocker::SelfHostingUnanswered => "Say where your Flex runs: hosted by Twilio or self-hosted. Self-hosted Flex \
                needs an extra step, so the app does not guess. If you are not sure, ask your developers."
                .into(),
            Blocker::NoConnectionSid => format!(
                "Enter the new SSO connection's ID (it starts with JQ); the Console shows it in the {} workflow, \
                 inside the new Entity ID.",
                twilio::SETUP_WORKFLOW
            ),
            Blocker::Unconfirmed(Confirmation::IdpValuesUpdated) => {
                "Confirm that the IdP administrator has pasted the new Entity ID and ACS URL into the IdP application."
                    .into()
            }
            Blocker::Unconfirmed(Confirmation::UsersAssigned) => "Confirm that every Flex user is assigned to the new \
                IdP application; users who are not assigned can't log in once the new connection is used."
                .into(),
            Blocker::Unconfirmed(Confirmation::SavedAndContinued) => format!(
                "Confirm that you clicked {} in the Console's {}.",
                twilio::SAVE_AND_CONTINUE,
                twilio::SETUP_WORKFLOW
            ),
            Blocker::Unconfirmed(Confirmation::IdpDataSaved) => format!(
                "Confirm that you entered the new application's {}, {} and {} in the Console and clicked Save.",
                twilio::FIELD_CERTIFICATE,
                twilio::FIELD_IDP_ISSUER,
                twilio::FIELD_SSO_URL
            ),
            Blocker::Unconfirmed(Confirmation::TrustedUrlsSaved) => format!(
                "Confirm that you entered the {} and the {} of your self-hosted Flex in the Console.",
                twilio::FIELD_TRUSTED_DOMAINS,
                twilio::FIELD_DEFAULT_REDIRECT_URL
            ),
            Blocker::Unconfirmed(Confirmation::OauthSnippetAdded) => {
                "Confirm that you added appConfig.oauth to your self-hosted Flex configuration.".into()
            }
            Blocker::NoLoginCheck => "Check a fresh login first: log in with SSO in a private window (or log out of \
                Flex and log in again)."
                .into(),
            Blocker::LoginCheckFailed => {
                "The last login check failed. Fix what it found, then check the login again.".into()
            }
            Blocker::LegacyNotConfirmed => format!(
                "Tick \"{LEGACY_CONFIRMATION_TEXT}\" once the IdP administrator has put the legacy Entity ID and ACS \
                 URL back into the IdP application."
            ),
        }
    }
}

impl Serialize for Blocker {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Blocker", 2)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.message())?;
        s.end()
    }
}

/// The messages of several blockers as one paragraph.
pub(crate) fn sentences(reasons: &[Blocker]) -> String {
    reasons.iter().map(|r| r.message()).collect::<Vec<_>>().join(" ")
}
