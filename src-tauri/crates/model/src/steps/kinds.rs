//! The vocabulary of the migration: setup types, steps, confirmations, login check outcomes.
//!
//! Titles and button labels follow Twilio's "Flex SSO URL Migration Guide"
//! (www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/flex-sso-url-migration-guide),
//! so what the admin reads here matches what the Console shows.

use flex_sso_facts::{concatcp, twilio};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The two setup types of step 1 (guide, "Step 1: Select setup type").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetupType {
    /// The IdP admin changes Entity ID and ACS URL of the existing IdP app; Flex reuses the
    /// legacy IdP data, so there is no step 3.
    ModifyExisting,
    /// A new IdP app and a new connection; the legacy connection stays untouched and step 3
    /// (enter IdP data) appears.
    CreateNew,
}

impl SetupType {
    /// The option's label in the Console.
    pub fn label(self) -> &'static str {
        match self {
            SetupType::ModifyExisting => twilio::SETUP_TYPE_MODIFY.text,
            SetupType::CreateNew => twilio::SETUP_TYPE_CREATE.text,
        }
    }
}

/// One screen of the Console's Single sign-on setup workflow, plus the self-hosted step.
///
/// The order of the variants is the order of the steps (`Ord` relies on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    SelectType,
    UpdateIdp,
    /// Only for [`SetupType::CreateNew`] (guide: "This page only appears in the workflow for
    /// creating a new SSO connection").
    EnterIdpData,
    /// Only for self-hosted Flex: add `appConfig.oauth` after the Console setup is saved and before
    /// the test login (`twilio::OAUTH_WHEN`: the guide's "additional step before validating";
    /// Flex switches as soon as it is deployed).
    SelfHostedConfig,
    Validate,
}

impl StepId {
    /// The step's title as the guide names it.
    pub fn title(self) -> &'static str {
        match self {
            StepId::SelectType => twilio::STEP_SELECT_TYPE.text,
            StepId::UpdateIdp => twilio::STEP_UPDATE_IDP.text,
            StepId::EnterIdpData => twilio::STEP_ENTER_IDP_DATA.text,
            // Not a Console step: the app's own name for it.
            StepId::SelfHostedConfig => "Self-hosted Flex: add the new SSO settings",
            StepId::Validate => twilio::STEP_VALIDATE.text,
        }
    }
}

/// The steps of one migration, in order. Before a setup type is chosen the list holds the steps
/// every migration has (step 3 appears once "create new" is chosen).
pub fn steps_for(setup_type: Option<SetupType>, self_hosted: bool) -> Vec<StepId> {
    let mut steps = vec![StepId::SelectType, StepId::UpdateIdp];
    if setup_type == Some(SetupType::CreateNew) {
        steps.push(StepId::EnterIdpData);
    }
    if self_hosted {
        steps.push(StepId::SelfHostedConfig);
    }
    steps.push(StepId::Validate);
    steps
}

/// Something the admin ticks to say it was done outside the app (in the IdP, in the Console, in
/// the self-hosted Flex code). The app cannot see those places, so it relies on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confirmation {
    /// Step 2: the new Entity ID and ACS URL are in the IdP app (guide step 2, item 3).
    IdpValuesUpdated,
    /// Step 2, create new only: every Flex user is assigned to the new IdP app (guide, "Create
    /// new" considerations: before login traffic goes to it).
    UsersAssigned,
    /// Step 2: "Save and Continue" was clicked in the Console (guide step 2, item 4).
    SavedAndContinued,
    /// Step 3, create new only: certificate, IdP Issuer and SSO URL entered, Save clicked.
    IdpDataSaved,
    /// Step 3, create new on self-hosted Flex: Trusted URLs and Default redirect URL entered
    /// (guide step 3 info box).
    TrustedUrlsSaved,
    /// Self-hosted step: `appConfig.oauth` was added (FLEX-SSO-FACTS §6).
    OauthSnippetAdded,
}

impl Confirmation {
    pub const ALL: [Confirmation; 6] = [
        Confirmation::IdpValuesUpdated,
        Confirmation::UsersAssigned,
        Confirmation::SavedAndContinued,
        Confirmation::IdpDataSaved,
        Confirmation::TrustedUrlsSaved,
        Confirmation::OauthSnippetAdded,
    ];

    /// The step whose screen shows this confirmation.
    pub fn step(self) -> StepId {
        match self {
            Confirmation::IdpValuesUpdated | Confirmation::UsersAssigned | Confirmation::SavedAndContinued => {
                StepId::UpdateIdp
            }
            Confirmation::IdpDataSaved | Confirmation::TrustedUrlsSaved => StepId::EnterIdpData,
            Confirmation::OauthSnippetAdded => StepId::SelfHostedConfig,
        }
    }

    /// Whether the migration asks for this confirmation at all.
    pub fn applies(self, setup_type: SetupType, self_hosted: bool) -> bool {
        let create = setup_type == SetupType::CreateNew;
        match self {
            Confirmation::IdpValuesUpdated | Confirmation::SavedAndContinued => true,
            Confirmation::UsersAssigned | Confirmation::IdpDataSaved => create,
            Confirmation::TrustedUrlsSaved => create && self_hosted,
            Confirmation::OauthSnippetAdded => self_hosted,
        }
    }

    /// When the confirmation is asked, in words that finish "… is only asked when".
    pub fn asked_when(self) -> &'static str {
        match self {
            Confirmation::IdpValuesUpdated | Confirmation::SavedAndContinued => "you update your identity provider",
            Confirmation::UsersAssigned | Confirmation::IdpDataSaved => "you create a new SSO connection",
            Confirmation::TrustedUrlsSaved => "you create a new SSO connection for a self-hosted Flex",
            Confirmation::OauthSnippetAdded => "Flex is self-hosted",
        }
    }

    /// The checkbox text the admin ticks.
    pub fn label(self) -> &'static str {
        match self {
            Confirmation::IdpValuesUpdated => {
                "The IdP administrator has pasted the new Entity ID and ACS URL into the IdP application."
            }
            Confirmation::UsersAssigned => "Every Flex user is assigned to the new IdP application.",
            Confirmation::SavedAndContinued => concatcp!(
                "In the Console's ",
                twilio::SETUP_WORKFLOW.text,
                ", I confirmed the values were updated and clicked ",
                twilio::SAVE_AND_CONTINUE.text,
                "."
            ),
            Confirmation::IdpDataSaved => concatcp!(
                "I entered the new application's ",
                twilio::FIELD_CERTIFICATE.text,
                ", ",
                twilio::FIELD_IDP_ISSUER.text,
                " and ",
                twilio::FIELD_SSO_URL.text,
                " in the Console and clicked Save."
            ),
            Confirmation::TrustedUrlsSaved => concatcp!(
                "I also entered the ",
                twilio::FIELD_TRUSTED_DOMAINS.text,
                " and the ",
                twilio::FIELD_DEFAULT_REDIRECT_URL.text,
                " of our self-hosted Flex in the Console."
            ),
            Confirmation::OauthSnippetAdded => {
                "I added appConfig.oauth (connection, clientId, redirectUrl) to our self-hosted Flex configuration and deployed it."
            }
        }
    }
}

/// What a login check found. The check itself (a fresh login in a private window) is run
/// elsewhere; the step machine only records its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LoginOutcome {
    /// Flex loaded after logging in through the IdP.
    Succeeded,
    /// The login did not reach Flex; `reason` is the plain-language finding (never a secret).
    Failed { reason: String },
}

/// The last login check on the validate step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginCheck {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    #[serde(flatten)]
    pub outcome: LoginOutcome,
    /// Which connection Flex used for that login, when the check saw its sign-in request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<ConnectionKind>,
}

/// Which connection a switch makes active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionKind {
    Legacy,
    Oauth,
}

/// Where the migration as a whole stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Stage {
    /// Walking the setup steps; `step` is the screen shown.
    InProgress { step: StepId },
    /// Finish was clicked; the new OAuth 2.0 connection is the active one.
    Finished,
    /// Modified connection only: the "Revert SSO connection" page is open (guide, "Revert
    /// modified connection" items 1-3); `legacy_confirmed` is its confirmation checkbox.
    RevertScreen { legacy_confirmed: bool },
    /// Modified connection only: "Switch connection" was clicked; the legacy connection is
    /// active again. The way back to the new connection is completing the steps again.
    RevertedToLegacy,
    /// New connection only: the confirmation dialog of a one-click switch is open.
    SwitchDialog { to: ConnectionKind },
    /// New connection only: the legacy connection is active and the new one is kept; the
    /// Single sign-on page then offers "switch back to OAuth 2.0 connection".
    LegacyActive,
}

impl Stage {
    pub fn start() -> Self {
        Stage::InProgress { step: StepId::SelectType }
    }

    /// The stage's name (the serde tag), for codes and the journal.
    pub fn name(&self) -> &'static str {
        match self {
            Stage::InProgress { .. } => "in_progress",
            Stage::Finished => "finished",
            Stage::RevertScreen { .. } => "revert_screen",
            Stage::RevertedToLegacy => "reverted_to_legacy",
            Stage::SwitchDialog { .. } => "switch_dialog",
            Stage::LegacyActive => "legacy_active",
        }
    }
}

impl Default for Stage {
    fn default() -> Self {
        Stage::start()
    }
}

/// The exact confirmation text of the "Revert SSO connection" page (guide, "Revert modified
/// connection", item 3).
pub const LEGACY_CONFIRMATION_TEXT: &str = twilio::LEGACY_CONFIRMATION.text;

/// What the guide says after reverting a modified connection ("Revert modified connection", last
/// paragraph).
pub const AFTER_MODIFIED_REVERT: &str =
    "When you want to return to using your new connection, complete the migration steps again.";

/// What the guide says after switching a new connection back ("Switch from new connection to
/// legacy connection": the link then reads "switch back to OAuth 2.0 connection").
pub const AFTER_NEW_CONNECTION_SWITCH: &str = concatcp!(
    "Your new connection is kept. When you want to use it again, click \"",
    twilio::SWITCH_TO_OAUTH_LINK.text,
    "\" on the ",
    twilio::SSO_PAGE_NAME,
    " page and ",
    twilio::CONFIRM.text,
    "."
);

/// How long Flex keeps the legacy connection details after Finish (guide, "Switch back your SSO
/// connection": "Flex saves your legacy connection details for 30 days after completing the
/// migration").
pub const SWITCH_BACK_DAYS: i64 = twilio::SWITCH_BACK_DAYS;
