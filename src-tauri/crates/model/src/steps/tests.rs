use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use flex_sso_facts::twilio;
const STEP1: &str = twilio::STEP_SELECT_TYPE.text;
const STEP2: &str = twilio::STEP_UPDATE_IDP.text;
const STEP4: &str = twilio::STEP_VALIDATE.text;
const REVERT_PAGE: &str = twilio::REVERT_PAGE.text;
const LEGACY_CONFIRMATION: &str = twilio::LEGACY_CONFIRMATION.text;
use crate::clock::{Clock, ManualClock};
use crate::ids::{AccountSid, ConnectionSid};
use crate::values::{Hosts, SpValues};

const JQ: &str = "JQ0123456789abcdef0123456789abcdef";
const JQ2: &str = "JQffffffffffffffffffffffffffffffff";
const AC: &str = "AC0123456789abcdef0123456789abcdef";
const START: OffsetDateTime = datetime!(2024-05-01 09:00 UTC);

fn ac() -> AccountSid {
    AccountSid::parse(AC).unwrap()
}

fn sid(s: &str) -> ConnectionSid {
    ConnectionSid::parse(s).unwrap()
}

fn confirm(item: Confirmation) -> Action {
    Action::Confirm { item, value: true }
}

fn run(state: &mut MigrationState, clock: &dyn Clock, actions: Vec<Action>) {
    for action in actions {
        let shown = format!("{action:?}");
        if let Err(e) = state.apply(action, clock) {
            panic!("{shown} refused: {e}");
        }
    }
}

/// Every action that completes the migration for one setup, from a fresh state.
fn complete_run(setup: SetupType, self_hosted: bool) -> Vec<Action> {
    let mut a = vec![
        Action::SetSelfHosted { self_hosted },
        Action::ChooseSetupType { setup_type: setup },
        Action::Continue,
        Action::SetConnectionSid { connection_sid: sid(JQ) },
        confirm(Confirmation::IdpValuesUpdated),
    ];
    if setup == SetupType::CreateNew {
        a.push(confirm(Confirmation::UsersAssigned));
    }
    a.extend([confirm(Confirmation::SavedAndContinued), Action::Continue]);
    if setup == SetupType::CreateNew {
        a.push(confirm(Confirmation::IdpDataSaved));
        if self_hosted {
            a.push(confirm(Confirmation::TrustedUrlsSaved));
        }
        a.push(Action::Continue);
    }
    if self_hosted {
        a.extend([confirm(Confirmation::OauthSnippetAdded), Action::Continue]);
    }
    a.push(Action::RecordLoginCheck { outcome: LoginOutcome::Succeeded, via: None });
    a.push(Action::Finish);
    a
}

fn finished(setup: SetupType, clock: &dyn Clock) -> MigrationState {
    let mut s = MigrationState::default();
    run(&mut s, clock, complete_run(setup, false));
    s
}

#[test]
fn the_steps_of_each_setup_follow_the_guide() {
    use StepId::*;
    let cases = [
        (None, false, vec![SelectType, UpdateIdp, Validate]),
        (Some(SetupType::ModifyExisting), false, vec![SelectType, UpdateIdp, Validate]),
        (Some(SetupType::CreateNew), false, vec![SelectType, UpdateIdp, EnterIdpData, Validate]),
        (Some(SetupType::ModifyExisting), true, vec![SelectType, UpdateIdp, SelfHostedConfig, Validate]),
        (Some(SetupType::CreateNew), true, vec![SelectType, UpdateIdp, EnterIdpData, SelfHostedConfig, Validate]),
    ];
    for (setup, self_hosted, expected) in cases {
        assert_eq!(steps_for(setup, self_hosted), expected, "{setup:?} self_hosted={self_hosted}");
    }
}

#[test]
fn every_setup_can_be_completed_and_finish_records_the_time() {
    for setup in [SetupType::ModifyExisting, SetupType::CreateNew] {
        for self_hosted in [false, true] {
            let clock = ManualClock::new(START);
            let mut s = MigrationState::default();
            run(&mut s, &clock, complete_run(setup, self_hosted));
            assert_eq!(s.stage(), &Stage::Finished);
            assert_eq!(s.finished_at(), Some(START));
            assert_eq!(s.switch_back_deadline(), Some(datetime!(2024-05-31 09:00 UTC)));
            assert!(s.invariants().is_ok());
        }
    }
}

#[test]
fn each_step_says_exactly_what_is_missing() {
    let clock = ManualClock::new(START);
    let cases: Vec<(SetupType, bool, StepId, Vec<&str>)> = vec![
        (SetupType::ModifyExisting, false, StepId::UpdateIdp,
            vec!["no_connection_sid", "idp_values_not_updated", "not_saved_and_continued"]),
        (SetupType::CreateNew, false, StepId::UpdateIdp,
            vec!["no_connection_sid", "idp_values_not_updated", "users_not_assigned", "not_saved_and_continued"]),
        (SetupType::CreateNew, false, StepId::EnterIdpData, vec!["idp_data_not_saved"]),
        (SetupType::CreateNew, true, StepId::EnterIdpData, vec!["idp_data_not_saved", "trusted_urls_not_saved"]),
        (SetupType::ModifyExisting, true, StepId::SelfHostedConfig, vec!["oauth_snippet_not_added"]),
        (SetupType::ModifyExisting, false, StepId::Validate, vec!["no_login_check"]),
    ];
    for (setup, self_hosted, step, codes) in cases {
        let mut s = MigrationState::new(self_hosted);
        // Walk the complete run until the step in question is on screen, then stop.
        for action in complete_run(setup, self_hosted) {
            if s.current_step() == Some(step) {
                break;
            }
            s.apply(action, &clock).unwrap();
        }
        assert_eq!(s.current_step(), Some(step));
        let got: Vec<&str> = s.blockers().iter().map(|b| b.code()).collect();
        assert_eq!(got, codes, "{setup:?} self_hosted={self_hosted} {step:?}");
        let before = s.clone();
        let err = s.apply(Action::Continue, &clock);
        let err = if step == StepId::Validate { s.apply(Action::Finish, &clock) } else { err };
        match err {
            Err(StepError::Blocked { reasons }) => {
                assert_eq!(reasons.iter().map(|b| b.code()).collect::<Vec<_>>(), codes)
            }
            other => panic!("expected Blocked, got {other:?}"),
        }
        assert_eq!(s, before, "a refused action changes nothing");
    }
    let fresh = MigrationState::default();
    assert_eq!(fresh.blockers(), vec![Blocker::NoSetupType]);
}

#[test]
fn blocker_messages_are_plain_sentences() {
    use flex_sso_facts::twilio;
    let (workflow, save) = (twilio::SETUP_WORKFLOW.text, twilio::SAVE_AND_CONTINUE.text);
    let cases: &[(Blocker, &str, String)] = &[
        (Blocker::NoSetupType, "no_setup_type",
            "Choose a setup type: modify the existing SSO connection or create a new one.".into()),
        (Blocker::SelfHostingUnanswered, "self_hosting_unanswered",
            "Say where your Flex runs: hosted by Twilio or self-hosted. Self-hosted Flex needs an extra step, so the app does not guess. If you are not sure, ask your developers.".into()),
        (Blocker::NoConnectionSid, "no_connection_sid",
            format!("Enter the new SSO connection's ID (it starts with JQ); the Console shows it in the {workflow} workflow, inside the new Entity ID.")),
        (Blocker::Unconfirmed(Confirmation::IdpValuesUpdated), "idp_values_not_updated",
            "Confirm that the IdP administrator has pasted the new Entity ID and ACS URL into the IdP application.".into()),
        (Blocker::Unconfirmed(Confirmation::UsersAssigned), "users_not_assigned",
            "Confirm that every Flex user is assigned to the new IdP application; users who are not assigned can't log in once the new connection is used.".into()),
        (Blocker::Unconfirmed(Confirmation::SavedAndContinued), "not_saved_and_continued",
            format!("Confirm that you clicked {save} in the Console's {workflow}.")),
        (Blocker::Unconfirmed(Confirmation::IdpDataSaved), "idp_data_not_saved",
            format!("Confirm that you entered the new application's {}, {} and {} in the Console and clicked Save.",
                twilio::FIELD_CERTIFICATE, twilio::FIELD_IDP_ISSUER, twilio::FIELD_SSO_URL)),
        (Blocker::Unconfirmed(Confirmation::TrustedUrlsSaved), "trusted_urls_not_saved",
            format!("Confirm that you entered the {} and the {} of your self-hosted Flex in the Console.",
                twilio::FIELD_TRUSTED_DOMAINS, twilio::FIELD_DEFAULT_REDIRECT_URL)),
        (Blocker::Unconfirmed(Confirmation::OauthSnippetAdded), "oauth_snippet_not_added",
            "Confirm that you added appConfig.oauth to your self-hosted Flex configuration.".into()),
        (Blocker::NoLoginCheck, "no_login_check",
            "Check a fresh login first: log in with SSO in a private window (or log out of Flex and log in again).".into()),
        (Blocker::LoginCheckFailed, "login_check_failed",
            "The last login check failed. Fix what it found, then check the login again.".into()),
        (Blocker::LegacyNotConfirmed, "legacy_not_confirmed",
            format!("Tick \"{}\" once the IdP administrator has put the legacy Entity ID and ACS URL back into the IdP application.", twilio::LEGACY_CONFIRMATION)),
    ];
    for (blocker, code, message) in cases {
        assert_eq!(blocker.code(), *code);
        assert_eq!(blocker.message(), *message, "{code}");
        let json = serde_json::to_value(blocker).unwrap();
        assert_eq!(json["code"], *code);
        assert_eq!(json["message"], message.as_str());
    }
}

#[test]
fn refused_actions_have_codes_and_plain_messages_and_change_nothing() {
    let clock = ManualClock::new(START);
    let fresh = MigrationState::default();
    let mut on_step2 = MigrationState::default();
    run(&mut on_step2, &clock, vec![Action::ChooseSetupType { setup_type: SetupType::ModifyExisting }, Action::Continue]);
    let done_modify = finished(SetupType::ModifyExisting, &clock);
    let done_create = finished(SetupType::CreateNew, &clock);
    let mut reverted = done_modify.clone();
    run(&mut reverted, &clock, vec![
        Action::StartSwitchBack, Action::ConfirmLegacyRestored { value: true }, Action::SwitchConnection,
    ]);
    let mut revert_page = done_modify.clone();
    run(&mut revert_page, &clock, vec![Action::StartSwitchBack]);

    let cases: Vec<(&MigrationState, Action, &str, &str)> = vec![
        (&fresh, Action::Continue, "step_blocked",
            "You can't go on yet. Choose a setup type: modify the existing SSO connection or create a new one."),
        (&fresh, Action::Back, "first_step", "This is the first step; there is nothing to go back to."),
        (&fresh, Action::SetConnectionSid { connection_sid: sid(JQ) }, "wrong_step",
            format!("That is done on the step \"{STEP2}\", and you are on \"{STEP1}\". Use Back or Continue to get there first.").leak()),
        (&fresh, Action::Finish, "finish_not_on_last_step",
            format!("Finish is on the last step (\"{STEP4}\"). Complete the steps before it first.").leak()),
        (&fresh, Action::StartSwitchBack, "not_finished",
            "Switching back is offered only after the migration is finished (Finish on the last step)."),
        (&fresh, Action::StartAgain, "nothing_to_start_again",
            "Starting the steps again is only needed after a modified connection was switched back to the legacy connection."),
        (&fresh, Action::CancelSwitch, "nothing_to_cancel", "No switch page or dialog is open, so there is nothing to cancel."),
        (&on_step2, confirm(Confirmation::UsersAssigned), "does_not_apply",
            "\"Every Flex user is assigned to the new IdP application.\" is only asked when you create a new SSO connection."),
        (&on_step2, confirm(Confirmation::OauthSnippetAdded), "does_not_apply",
            "\"I added appConfig.oauth (connection, clientId, redirectUrl) to our self-hosted Flex configuration and deployed it.\" is only asked when Flex is self-hosted."),
        (&on_step2, Action::SetSelfHosted { self_hosted: true }, "self_hosted_only_on_first_step",
            format!("Whether Flex is self-hosted can only be changed on the first step (\"{STEP1}\"). Use Back to get there first.").leak()),
        (&on_step2, Action::ChooseSetupType { setup_type: SetupType::CreateNew }, "wrong_step",
            format!("That is done on the step \"{STEP1}\", and you are on \"{STEP2}\". Use Back or Continue to get there first.").leak()),
        (&on_step2, Action::RecordLoginCheck { outcome: LoginOutcome::Succeeded, via: None }, "wrong_step",
            format!("That is done on the step \"{STEP4}\", and you are on \"{STEP2}\". Use Back or Continue to get there first.").leak()),
        (&done_modify, Action::Back, "steps_closed",
            "The migration is finished, so its steps can't be changed any more. To undo it, switch back to the legacy connection."),
        (&done_modify, Action::StartSwitchToOauth, "already_on_oauth", "The new OAuth 2.0 connection is already the active one."),
        (&done_modify, Action::SwitchConnection, "screen_not_open",
            format!("That button is on the {REVERT_PAGE} page, which is not open.").leak()),
        (&done_create, Action::ConfirmSwitch, "screen_not_open",
            "That button is on the switch confirmation dialog, which is not open."),
        (&revert_page, Action::SwitchConnection, "step_blocked",
            format!("You can't go on yet. Tick \"{LEGACY_CONFIRMATION}\" once the IdP administrator has put the legacy Entity ID and ACS URL back into the IdP application.").leak()),
        (&revert_page, Action::StartSwitchBack, "switch_in_progress", "Finish or cancel the switch that is open first."),
        (&revert_page, Action::Continue, "steps_closed", "A switch between connections is open; finish or cancel it first."),
        (&reverted, Action::StartSwitchBack, "already_on_legacy", "The legacy connection is already the active one."),
        (&reverted, Action::StartSwitchToOauth, "complete_steps_again",
            "A modified connection that was switched back can't return with one click: to use the new connection again, complete the migration steps again (Start again)."),
        (&reverted, Action::Continue, "steps_closed",
            "The legacy connection is active again. To use the new connection, click Start again and complete the migration steps again."),
    ];
    for (state, action, code, message) in cases {
        let mut s = state.clone();
        let shown = format!("{action:?}");
        let err = s.apply(action, &clock).expect_err(&shown);
        assert_eq!(err.code(), code, "{shown}");
        assert_eq!(err.to_string(), message, "{shown}");
        assert_eq!(&s, state, "{shown} must leave the state unchanged");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], code);
    }
}

#[test]
fn continue_on_the_last_step_points_to_finish() {
    let clock = ManualClock::new(START);
    let mut s = MigrationState::default();
    let mut actions = complete_run(SetupType::ModifyExisting, false);
    actions.truncate(actions.len() - 1); // stop before Finish
    run(&mut s, &clock, actions);
    let err = s.apply(Action::Continue, &clock).unwrap_err();
    assert_eq!(err.code(), "use_finish");
    assert_eq!(err.to_string(), "This is the last step: click Finish once the login check has succeeded.");
}

#[test]
fn a_failed_login_check_blocks_finish_until_a_later_check_succeeds() {
    let clock = ManualClock::new(START);
    let mut s = MigrationState::default();
    let mut actions = complete_run(SetupType::ModifyExisting, false);
    actions.truncate(actions.len() - 2);
    run(&mut s, &clock, actions);
    s.apply(Action::RecordLoginCheck { outcome: LoginOutcome::Failed { reason: "No roles attribute".into() }, via: None }, &clock)
        .unwrap();
    assert_eq!(s.blockers(), vec![Blocker::LoginCheckFailed]);
    assert_eq!(s.apply(Action::Finish, &clock).unwrap_err().code(), "step_blocked");
    clock.advance(Duration::minutes(5));
    s.apply(Action::RecordLoginCheck { outcome: LoginOutcome::Succeeded, via: None }, &clock).unwrap();
    assert_eq!(s.login_check().unwrap().at, START + Duration::minutes(5));
    assert!(matches!(s.apply(Action::Finish, &clock), Ok(Event::Finished { .. })));
}

#[test]
fn back_keeps_what_was_entered() {
    let clock = ManualClock::new(START);
    let mut s = MigrationState::default();
    let mut actions = complete_run(SetupType::CreateNew, false);
    actions.truncate(actions.len() - 1);
    run(&mut s, &clock, actions);
    let before = s.clone();
    run(&mut s, &clock, vec![Action::Back, Action::Back, Action::Back]);
    assert_eq!(s.current_step(), Some(StepId::SelectType));
    assert_eq!(s.connection_sid(), Some(&sid(JQ)));
    assert!(s.is_confirmed(Confirmation::UsersAssigned));
    run(&mut s, &clock, vec![Action::Continue, Action::Continue, Action::Continue]);
    assert_eq!(s, before);
}

#[test]
fn choosing_another_setup_type_resets_the_later_steps_and_the_same_type_does_not() {
    let clock = ManualClock::new(START);
    let mut s = MigrationState::default();
    let mut actions = complete_run(SetupType::CreateNew, false);
    actions.truncate(actions.len() - 1);
    run(&mut s, &clock, actions);
    run(&mut s, &clock, vec![Action::Back, Action::Back, Action::Back]);
    let same = s.apply(Action::ChooseSetupType { setup_type: SetupType::CreateNew }, &clock).unwrap();
    assert_eq!(same, Event::Unchanged);
    assert!(s.connection_sid().is_some());
    let changed = s.apply(Action::ChooseSetupType { setup_type: SetupType::ModifyExisting }, &clock).unwrap();
    assert_eq!(changed, Event::SetupTypeChosen { setup_type: SetupType::ModifyExisting, reset: true });
    assert_eq!(s.connection_sid(), None);
    assert!(Confirmation::ALL.iter().all(|c| !s.is_confirmed(*c)));
    assert_eq!(s.login_check(), None);
    assert_eq!(s.steps(), vec![StepId::SelectType, StepId::UpdateIdp, StepId::Validate]);
}

#[test]
fn not_sure_where_flex_runs_blocks_step_1_until_answered() {
    let clock = ManualClock::new(START);
    let mut s = MigrationState::starting(None);
    assert!(!s.self_hosting_answered());
    s.apply(Action::ChooseSetupType { setup_type: SetupType::ModifyExisting }, &clock).unwrap();
    assert_eq!(s.blockers(), vec![Blocker::SelfHostingUnanswered]);
    match s.apply(Action::Continue, &clock) {
        Err(StepError::Blocked { reasons }) => assert_eq!(reasons, vec![Blocker::SelfHostingUnanswered]),
        other => panic!("expected Blocked, got {other:?}"),
    }
    // Answering "hosted by Twilio" is an answer even though the value does not change.
    let event = s.apply(Action::SetSelfHosted { self_hosted: false }, &clock).unwrap();
    assert_eq!(event, Event::SelfHostedSet { self_hosted: false, cleared: vec![], login_check_cleared: false });
    assert!(s.blockers().is_empty());
    assert_eq!(s.apply(Action::SetSelfHosted { self_hosted: false }, &clock).unwrap(), Event::Unchanged);
    s.apply(Action::Continue, &clock).unwrap();
    // Saved and loaded, the answer stays; a file from before the field existed counts as answered.
    let json = serde_json::to_string(&s).unwrap();
    assert!(serde_json::from_str::<MigrationState>(&json).unwrap().self_hosting_answered());
    let unsure = serde_json::to_string(&MigrationState::starting(None)).unwrap();
    assert!(!serde_json::from_str::<MigrationState>(&unsure).unwrap().self_hosting_answered());
    assert!(serde_json::from_str::<MigrationState>("{}").unwrap().self_hosting_answered());
}

#[test]
fn turning_self_hosted_off_removes_what_no_longer_applies() {
    let clock = ManualClock::new(START);
    let mut s = MigrationState::default();
    let mut actions = complete_run(SetupType::CreateNew, true);
    actions.truncate(actions.len() - 1);
    run(&mut s, &clock, actions);
    for _ in 0..4 {
        s.apply(Action::Back, &clock).unwrap();
    }
    let event = s.apply(Action::SetSelfHosted { self_hosted: false }, &clock).unwrap();
    assert_eq!(event, Event::SelfHostedSet {
        self_hosted: false,
        cleared: vec![Confirmation::TrustedUrlsSaved, Confirmation::OauthSnippetAdded],
        login_check_cleared: true,
    });
    assert!(s.is_confirmed(Confirmation::IdpDataSaved));
    assert_eq!(s.steps(), vec![StepId::SelectType, StepId::UpdateIdp, StepId::EnterIdpData, StepId::Validate]);
}

#[test]
fn a_different_connection_sid_makes_the_snippet_and_login_check_stale() {
    let clock = ManualClock::new(START);
    let mut s = MigrationState::default();
    let mut actions = complete_run(SetupType::ModifyExisting, true);
    actions.truncate(actions.len() - 1);
    run(&mut s, &clock, actions);
    run(&mut s, &clock, vec![Action::Back, Action::Back]);
    assert_eq!(s.apply(Action::SetConnectionSid { connection_sid: sid(JQ) }, &clock).unwrap(), Event::Unchanged);
    let event = s.apply(Action::SetConnectionSid { connection_sid: sid(JQ2) }, &clock).unwrap();
    assert_eq!(event, Event::ConnectionSidSet {
        connection_sid: sid(JQ2),
        cleared: vec![Confirmation::OauthSnippetAdded],
        login_check_cleared: true,
    });
    assert!(s.is_confirmed(Confirmation::IdpValuesUpdated));
}

#[test]
fn days_left_counts_started_days_and_the_window_closes_at_30_days() {
    let clock = ManualClock::new(START);
    let s = finished(SetupType::CreateNew, &clock);
    let cases = [
        (Duration::ZERO, 30, true),
        (Duration::hours(1), 30, true),
        (Duration::days(1), 29, true),
        (Duration::days(29) + Duration::hours(23), 1, true),
        (Duration::days(30) - Duration::seconds(1), 1, true),
        (Duration::days(30), 0, false),
        (Duration::days(45), 0, false),
    ];
    for (after, days, open) in cases {
        clock.set(START + after);
        assert_eq!(s.days_left(&clock), Some(days), "after {after}");
        assert_eq!(s.switch_back_window_open(&clock), open, "after {after}");
        assert_eq!(s.offers(&clock).switch_back_to_legacy, open, "after {after}");
    }
    assert_eq!(MigrationState::default().days_left(&clock), None);
}

#[test]
fn after_the_window_switch_back_is_refused_with_the_date() {
    let clock = ManualClock::new(START);
    let mut s = finished(SetupType::ModifyExisting, &clock);
    clock.advance(Duration::days(31));
    let before = s.clone();
    let err = s.apply(Action::StartSwitchBack, &clock).unwrap_err();
    assert_eq!(err.code(), "switch_back_window_closed");
    assert_eq!(err.to_string(), "Flex kept the legacy connection details for 30 days after you finished the migration, until 31 May 2024 (UTC). That time is over, so switching back is no longer possible: fix the new connection instead.");
    assert_eq!(s, before);
}

#[test]
fn the_window_is_checked_again_when_switching() {
    let clock = ManualClock::new(START);
    let mut s = finished(SetupType::ModifyExisting, &clock);
    clock.advance(Duration::days(29));
    run(&mut s, &clock, vec![Action::StartSwitchBack, Action::ConfirmLegacyRestored { value: true }]);
    assert!(s.revert_screen(&clock, &ac(), &Hosts::default()).unwrap().can_switch);
    clock.advance(Duration::days(2));
    assert!(!s.revert_screen(&clock, &ac(), &Hosts::default()).unwrap().can_switch);
    assert_eq!(s.apply(Action::SwitchConnection, &clock).unwrap_err().code(), "switch_back_window_closed");
    s.apply(Action::CancelSwitch, &clock).unwrap();
    assert_eq!(s.stage(), &Stage::Finished);
}

#[test]
fn reverting_a_modified_connection_follows_the_guide() {
    let clock = ManualClock::new(START);
    let mut s = finished(SetupType::ModifyExisting, &clock);
    clock.advance(Duration::days(3));
    let opened = s.apply(Action::StartSwitchBack, &clock).unwrap();
    assert_eq!(opened, Event::SwitchScreenOpened { screen: SwitchScreen::RevertPage, to: ConnectionKind::Legacy });
    let screen = s.revert_screen(&clock, &ac(), &Hosts::default()).unwrap();
    assert_eq!(screen.legacy, SpValues {
        entity_id: format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2/metadata"),
        acs_url: format!("https://iam.twilio.com/v1/Accounts/{AC}/saml2"),
    });
    assert_eq!(screen.confirmation_text, format!("{LEGACY_CONFIRMATION}"));
    assert!(!screen.can_switch);
    s.apply(Action::ConfirmLegacyRestored { value: true }, &clock).unwrap();
    let switched = s.apply(Action::SwitchConnection, &clock).unwrap();
    assert_eq!(switched, Event::Switched { to: ConnectionKind::Legacy, at: START + Duration::days(3) });
    assert_eq!(s.stage(), &Stage::RevertedToLegacy);
    assert_eq!(s.switch_back_deadline(), None);
    assert_eq!(s.way_forward(), Some("When you want to return to using your new connection, complete the migration steps again."));
    let offers = s.offers(&clock);
    assert!(offers.start_again && !offers.switch_back_to_oauth && !offers.switch_back_to_legacy);

    // The way forward is the steps again, for a modified connection, from scratch.
    assert_eq!(s.apply(Action::StartAgain, &clock).unwrap(), Event::StartedAgain);
    assert_eq!(s.current_step(), Some(StepId::SelectType));
    assert_eq!(s.setup_type(), Some(SetupType::ModifyExisting));
    assert_eq!((s.connection_sid(), s.finished_at(), s.login_check()), (None, None, None));
    let mut rest = complete_run(SetupType::ModifyExisting, false);
    rest.remove(0);
    clock.advance(Duration::days(1));
    run(&mut s, &clock, rest);
    assert_eq!(s.finished_at(), Some(START + Duration::days(4)));
    assert_eq!(s.switch_back_deadline(), Some(START + Duration::days(34)));
}

#[test]
fn a_new_connection_switches_with_one_click_each_way_and_keeps_the_window() {
    let clock = ManualClock::new(START);
    let mut s = finished(SetupType::CreateNew, &clock);
    let opened = s.apply(Action::StartSwitchBack, &clock).unwrap();
    assert_eq!(opened, Event::SwitchScreenOpened { screen: SwitchScreen::ConfirmDialog, to: ConnectionKind::Legacy });
    assert_eq!(s.revert_screen(&clock, &ac(), &Hosts::default()), None);
    s.apply(Action::ConfirmSwitch, &clock).unwrap();
    assert_eq!(s.stage(), &Stage::LegacyActive);
    assert!(s.offers(&clock).switch_back_to_oauth);
    assert_eq!(s.way_forward(), Some(AFTER_NEW_CONNECTION_SWITCH));
    assert!(AFTER_NEW_CONNECTION_SWITCH.contains(flex_sso_facts::twilio::SSO_PAGE_NAME));
    assert_eq!(s.connection_sid(), Some(&sid(JQ)), "the new connection is kept");

    s.apply(Action::StartSwitchToOauth, &clock).unwrap();
    s.apply(Action::CancelSwitch, &clock).unwrap();
    assert_eq!(s.stage(), &Stage::LegacyActive);
    clock.advance(Duration::days(40));
    // Back to OAuth works even after the window (the new connection is kept) [inferred].
    run(&mut s, &clock, vec![Action::StartSwitchToOauth, Action::ConfirmSwitch]);
    assert_eq!(s.stage(), &Stage::Finished);
    assert_eq!(s.switch_back_deadline(), Some(START + Duration::days(30)));
    assert_eq!(s.apply(Action::StartSwitchBack, &clock).unwrap_err().code(), "switch_back_window_closed");
}

#[test]
fn offers_follow_the_state() {
    let clock = ManualClock::new(START);
    let fresh = MigrationState::default();
    let o = fresh.offers(&clock);
    assert!(!o.can_continue && !o.can_go_back && !o.can_finish && !o.switch_back_to_legacy);
    let done = finished(SetupType::ModifyExisting, &clock);
    let o = done.offers(&clock);
    assert!(!o.can_continue && !o.can_finish && o.switch_back_to_legacy);
    assert_eq!(o.switch_back_days_left, Some(30));
    assert_eq!(done.step_number(), None);
    let mut s = MigrationState::default();
    run(&mut s, &clock, vec![Action::ChooseSetupType { setup_type: SetupType::CreateNew }, Action::Continue]);
    assert_eq!(s.step_number(), Some(2));
    assert!(s.offers(&clock).can_go_back);
}

#[test]
fn the_state_round_trips_through_json_and_old_files_load() {
    let clock = ManualClock::new(START);
    let s = finished(SetupType::CreateNew, &clock);
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<MigrationState>(&json).unwrap(), s);
    // A file from an early version knew nothing but the setup type and the stage.
    let old = r#"{"setup_type":"modify_existing","stage":{"stage":"in_progress","step":"select_type"},"future":1}"#;
    let loaded: MigrationState = serde_json::from_str(old).unwrap();
    assert_eq!(loaded.setup_type(), Some(SetupType::ModifyExisting));
    assert_eq!(serde_json::from_str::<MigrationState>("{}").unwrap(), MigrationState::default());
}

#[test]
fn an_impossible_saved_state_is_refused_on_load() {
    let cases = [
        (r#"{"stage":{"stage":"finished"}}"#, "without a setup type only step 1 can be open"),
        (r#"{"setup_type":"modify_existing","stage":{"stage":"in_progress","step":"enter_idp_data"}}"#,
            "the current step is not one of this setup's steps"),
        (r#"{"setup_type":"modify_existing","stage":{"stage":"in_progress","step":"validate"}}"#,
            "a step before the current one is incomplete"),
        (r#"{"setup_type":"modify_existing","confirmed":["users_assigned"]}"#,
            "a confirmation is recorded that this setup does not ask for"),
    ];
    for (json, rule) in cases {
        let err = serde_json::from_str::<MigrationState>(json).unwrap_err().to_string();
        assert!(err.contains(rule), "{json}: {err}");
    }
}

pub(crate) mod properties {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn any_action() -> impl Strategy<Value = Action> {
        let setup = prop_oneof![Just(SetupType::ModifyExisting), Just(SetupType::CreateNew)];
        let item = proptest::sample::select(Confirmation::ALL.to_vec());
        let sid = prop_oneof![Just(JQ), Just(JQ2)].prop_map(|s| ConnectionSid::parse(s).unwrap());
        let outcome = prop_oneof![
            3 => Just(LoginOutcome::Succeeded),
            1 => Just(LoginOutcome::Failed { reason: "wrong audience".into() }),
        ];
        prop_oneof![
            1 => setup.prop_map(|setup_type| Action::ChooseSetupType { setup_type }),
            1 => any::<bool>().prop_map(|self_hosted| Action::SetSelfHosted { self_hosted }),
            1 => sid.prop_map(|connection_sid| Action::SetConnectionSid { connection_sid }),
            4 => (item, prop::bool::weighted(0.85)).prop_map(|(item, value)| Action::Confirm { item, value }),
            1 => outcome.prop_map(|outcome| Action::RecordLoginCheck { outcome, via: None }),
            6 => Just(Action::Continue),
            2 => Just(Action::Back),
            2 => Just(Action::Finish),
            2 => Just(Action::StartSwitchBack),
            1 => any::<bool>().prop_map(|value| Action::ConfirmLegacyRestored { value }),
            1 => Just(Action::SwitchConnection),
            1 => Just(Action::ConfirmSwitch),
            1 => Just(Action::CancelSwitch),
            1 => Just(Action::StartSwitchToOauth),
            1 => Just(Action::StartAgain),
        ]
    }

    /// One move of a random walk: either any action at all (valid or not), or the `n`-th of the
    /// actions that make progress from the current state. Without the second kind a random walk
    /// almost never gets through all the confirmations to Finish and the switch-back flows.
    #[derive(Debug, Clone)]
    pub(crate) enum Move {
        Any(Action),
        Helpful(usize),
    }

    pub(crate) fn any_move() -> impl Strategy<Value = Move> {
        prop_oneof![
            3 => any_action().prop_map(Move::Any),
            2 => any::<usize>().prop_map(Move::Helpful),
        ]
    }

    /// The hours the clock moves before a move: mostly a few, sometimes weeks (to cross the
    /// 30-day window).
    pub(crate) fn any_pause() -> impl Strategy<Value = i64> {
        prop_oneof![9 => 0i64..6, 1 => 0i64..(24 * 40)]
    }

    fn helpful_actions(state: &MigrationState) -> Vec<Action> {
        match state.stage() {
            Stage::InProgress { .. } => {
                let fixes: Vec<Action> = state
                    .blockers()
                    .into_iter()
                    .map(|b| match b {
                        Blocker::NoSetupType => Action::ChooseSetupType { setup_type: SetupType::CreateNew },
                        Blocker::NoConnectionSid => Action::SetConnectionSid { connection_sid: sid(JQ) },
                        Blocker::Unconfirmed(item) => Action::Confirm { item, value: true },
                        _ => Action::RecordLoginCheck { outcome: LoginOutcome::Succeeded, via: None },
                    })
                    .collect();
                if !fixes.is_empty() {
                    fixes
                } else if state.current_step() == Some(StepId::Validate) {
                    vec![Action::Finish]
                } else {
                    vec![Action::Continue]
                }
            }
            Stage::Finished => vec![Action::StartSwitchBack],
            Stage::RevertScreen { .. } => vec![Action::ConfirmLegacyRestored { value: true }, Action::SwitchConnection],
            Stage::SwitchDialog { .. } => vec![Action::ConfirmSwitch],
            Stage::LegacyActive => vec![Action::StartSwitchToOauth],
            Stage::RevertedToLegacy => vec![Action::StartAgain],
        }
    }

    pub(crate) fn resolve(state: &MigrationState, step: Move) -> Action {
        match step {
            Move::Any(action) => action,
            Move::Helpful(n) => {
                let options = helpful_actions(state);
                options[n % options.len()].clone()
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn no_action_sequence_reaches_a_state_the_guide_does_not_have(
            moves in prop::collection::vec((any_move(), any_pause()), 1..120),
        ) {
            let clock = ManualClock::new(START);
            let mut state = MigrationState::default();
            for (step, hours) in moves {
                clock.advance(Duration::hours(hours));
                let action = resolve(&state, step);
                let before = state.clone();
                match state.apply(action, &clock) {
                    Ok(_) => prop_assert!(state.invariants().is_ok(), "{:?}", state.invariants()),
                    Err(e) => {
                        prop_assert_eq!(&state, &before);
                        prop_assert_ne!(e.code(), "internal_inconsistency");
                        prop_assert!(!e.to_string().is_empty());
                    }
                }
                let json = serde_json::to_string(&state).unwrap();
                let back: MigrationState = serde_json::from_str(&json).unwrap();
                prop_assert_eq!(&back, &state);
                if let Some(days) = state.days_left(&clock) {
                    prop_assert!((0..=30).contains(&days));
                }
            }
        }
    }

    /// The random walk above is only worth something if it reaches every stage; this guards the
    /// move weights against a change that would leave the switch-back flows unexplored.
    #[test]
    fn the_random_walk_reaches_every_stage() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::deterministic_rng(RngAlgorithm::ChaCha));
        let strategy = prop::collection::vec((any_move(), any_pause()), 120);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..100 {
            let moves = strategy.new_tree(&mut runner).unwrap().current();
            let clock = ManualClock::new(START);
            let mut state = MigrationState::default();
            for (step, hours) in moves {
                clock.advance(Duration::hours(hours));
                let action = resolve(&state, step);
                let _ = state.apply(action, &clock);
                seen.insert(state.stage().name());
            }
        }
        let all = ["finished", "in_progress", "legacy_active", "revert_screen", "reverted_to_legacy", "switch_dialog"];
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), all);
    }
}
