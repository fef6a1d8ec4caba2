//! The setup-type advisor: "modify existing connection" or "create new connection"?
//!
//! Twilio's migration guide (www.twilio.com/docs/flex/admin-guide/setup/sso-configuration/
//! migration-guide, FACTS §3) describes both options with benefits, considerations and "use this
//! option if". Its "use this option if" lines become three plain questions:
//!
//! 1. realtime: can you work with the IdP admin in real time? (modify: yes; create new: no)
//! 2. tolerate: can the business accept a time in which new agent logins fail? (modify: yes;
//!    create new: no)
//! 3. assign: can the IdP admin create a new app and assign every Flex user to it before the
//!    switch? (a consideration of create new: without it, unassigned users are locked out)
//!
//! Decision table. `modify` = fits when 1 and 2 are yes, blocked when either is no, unclear
//! otherwise; `create` = fits when 3 is yes, blocked when no, unclear when unsure.
//!
//! | modify \ create | fits          | unclear         | blocked         |
//! |-----------------|---------------|-----------------|-----------------|
//! | fits            | either works  | modify          | modify          |
//! | unclear         | create new    | needs decision  | modify (check)  |
//! | blocked         | create new    | create (check)  | needs decision  |
//!
//! "needs decision" means the answers do not settle it; the reasons say what to find out.

use serde::{Deserialize, Serialize};

// The setup types are the step machine's own, so the advice and the wizard speak of the same thing.
pub use crate::steps::SetupType;

/// An answer to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    Unsure,
}

/// What the advisor suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    ModifyExisting,
    CreateNew,
    EitherWorks,
    /// The answers do not settle it (unsure answers, or both options blocked).
    NeedsDecision,
}

/// The admin's three answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisorAnswers {
    pub realtime_with_idp_admin: Answer,
    pub tolerate_failed_new_logins: Answer,
    pub assign_all_users_to_new_app: Answer,
}

/// One question as the UI shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Question {
    /// The `AdvisorAnswers` field this question fills.
    pub id: &'static str,
    pub text: &'static str,
    /// Why it matters, in one sentence.
    pub why: &'static str,
}

/// Where the option texts come from.
pub const GUIDE_SOURCE: &str = flex_sso_facts::concatcp!(
    flex_sso_facts::sources::MIGRATION_GUIDE.title,
    ", ",
    flex_sso_facts::sources::MIGRATION_GUIDE.url,
    " (the sections on the two setup types)"
);

/// The questions, in the order the UI asks them.
pub const QUESTIONS: [Question; 3] = [
    Question {
        id: "realtime_with_idp_admin",
        text: "Can you and your IdP administrator work on the switch together, at the same time?",
        why: "Modifying the existing connection means changing the IdP and Console one right after the other.",
    },
    Question {
        id: "tolerate_failed_new_logins",
        text: "Can your business accept a short time in which new agent logins fail?",
        why: "If a setting is wrong while the existing connection is modified, new logins fail until it is switched back.",
    },
    Question {
        id: "assign_all_users_to_new_app",
        text: "Can your IdP administrator create a new app for Flex and give every Flex user access to it before the switch?",
        why: "Creating a new connection needs a new IdP app that every Flex user is assigned to.",
    },
];

/// One option as the guide describes it (paraphrased; source in `source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SetupOptionInfo {
    pub setup_type: SetupType,
    pub title: &'static str,
    pub summary: &'static str,
    pub benefits: &'static [&'static str],
    pub considerations: &'static [&'static str],
    pub use_if: &'static [&'static str],
    pub source: &'static str,
}

/// Both options, as data. Paraphrased from the guide's tables (see [`GUIDE_SOURCE`]).
pub const OPTIONS: [SetupOptionInfo; 2] = [
    SetupOptionInfo {
        setup_type: SetupType::ModifyExisting,
        title: flex_sso_facts::twilio::SETUP_TYPE_MODIFY.text,
        summary: "Your IdP administrator changes the Entity ID and ACS URL of the IdP app that Flex already uses.",
        benefits: &[
            "No new IdP setup is needed.",
            "Users who can already log in to Flex need no changes.",
        ],
        considerations: &[
            "If a setting is wrong during the migration, you have to switch back to the legacy connection while you find the problem, and new agent logins can be refused until the switch back is done.",
        ],
        use_if: &[
            "You can work with your IdP administrator in real time to complete the migration.",
            "Your business can accept the risk of a time in which new agent logins are refused.",
        ],
        source: GUIDE_SOURCE,
    },
    SetupOptionInfo {
        setup_type: SetupType::CreateNew,
        title: flex_sso_facts::twilio::SETUP_TYPE_CREATE.text,
        summary: "Your IdP administrator sets up a new IdP app for Flex; the legacy connection stays as it is.",
        benefits: &[
            "The legacy connection stays unchanged and you can switch back to it if a setting is wrong during the migration, so new agent logins are less likely to be refused.",
            "You and your IdP administrator can each do your part at different times.",
        ],
        considerations: &[
            "It takes more work: a new IdP app and a new SSO connection.",
            "Before login traffic goes to the new IdP app, your IdP administrator must give every current Flex user access to it.",
        ],
        use_if: &[
            "You cannot work with your IdP administrator in real time to complete the migration.",
            "Your business cannot risk any time in which new agent logins are refused.",
        ],
        source: GUIDE_SOURCE,
    },
];

/// The advice: a recommendation, the reasons behind it, and both options to compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    pub recommendation: Recommendation,
    pub reasons: Vec<String>,
    pub options: [SetupOptionInfo; 2],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Fits,
    Unclear,
    Blocked,
}

/// Applies the decision table in the module documentation.
pub fn advise(answers: &AdvisorAnswers) -> Advice {
    use Answer::*;
    let modify = match (answers.realtime_with_idp_admin, answers.tolerate_failed_new_logins) {
        (Yes, Yes) => Fit::Fits,
        (No, _) | (_, No) => Fit::Blocked,
        _ => Fit::Unclear,
    };
    let create = match answers.assign_all_users_to_new_app {
        Yes => Fit::Fits,
        Unsure => Fit::Unclear,
        No => Fit::Blocked,
    };
    let (recommendation, summary) = match (modify, create) {
        (Fit::Fits, Fit::Fits) => (
            Recommendation::EitherWorks,
            "Both options fit your answers. Modifying the existing connection is less work; creating a new one is safer, because the legacy connection stays untouched until you finish.",
        ),
        (Fit::Fits, Fit::Unclear) => (
            Recommendation::ModifyExisting,
            "Modifying the existing connection fits your answers, and it needs no new IdP app.",
        ),
        (Fit::Fits, Fit::Blocked) => (
            Recommendation::ModifyExisting,
            "Modifying the existing connection fits your answers; creating a new one would need every Flex user assigned to a new IdP app first.",
        ),
        (Fit::Unclear, Fit::Fits) => (
            Recommendation::CreateNew,
            "Creating a new connection is the safer choice: the legacy connection stays untouched, so you can switch back to it if something goes wrong.",
        ),
        (Fit::Unclear, Fit::Unclear) => (
            Recommendation::NeedsDecision,
            "Your answers do not settle it yet. Find out the answers you are not sure about, then ask again.",
        ),
        (Fit::Unclear, Fit::Blocked) => (
            Recommendation::ModifyExisting,
            "Modifying the existing connection is the only option that works without a new IdP app. Before you start, make sure you and your IdP administrator can work at the same time, and plan the change for a quiet hour, because new agent logins fail until a mistake is switched back.",
        ),
        (Fit::Blocked, Fit::Fits) => (
            Recommendation::CreateNew,
            "Creating a new connection fits your answers: the legacy connection keeps working while you and your IdP administrator set up the new one.",
        ),
        (Fit::Blocked, Fit::Unclear) => (
            Recommendation::CreateNew,
            "Creating a new connection fits your answers, but only if your IdP administrator can give every Flex user access to the new IdP app before the switch; confirm that first.",
        ),
        (Fit::Blocked, Fit::Blocked) => (
            Recommendation::NeedsDecision,
            "Neither option fits your answers as they stand: modifying the existing connection needs real-time work with your IdP administrator and a business that can accept failed new logins for a while, and creating a new one needs every Flex user assigned to a new IdP app. Change one of these, for example by booking a session with your IdP administrator at a quiet hour.",
        ),
    };
    let mut reasons = vec![summary.to_owned()];
    reasons.extend(answer_reasons(answers).iter().map(|r| (*r).to_owned()));
    Advice { recommendation, reasons, options: OPTIONS }
}

/// One sentence per answer, tying it to the option it favours.
fn answer_reasons(answers: &AdvisorAnswers) -> [&'static str; 3] {
    use Answer::*;
    [
        match answers.realtime_with_idp_admin {
            Yes => "You can work with your IdP administrator in real time, which modifying the existing connection needs.",
            No => "You cannot work with your IdP administrator in real time; creating a new connection lets each of you do your part at a different time.",
            Unsure => "You are not sure you can work with your IdP administrator in real time; modifying the existing connection needs that, so find out before you choose it.",
        },
        match answers.tolerate_failed_new_logins {
            Yes => "Your business can accept a time in which new agent logins fail, the risk that comes with modifying the existing connection.",
            No => "Your business cannot accept any time in which new agent logins fail; creating a new connection leaves the legacy connection untouched so you can switch back.",
            Unsure => "You are not sure your business can accept a time in which new agent logins fail; with a modified connection, a wrong setting blocks new logins until it is switched back.",
        },
        match answers.assign_all_users_to_new_app {
            Yes => "Your IdP administrator can create a new app and give every Flex user access to it, which creating a new connection needs.",
            No => "Your IdP administrator cannot give every Flex user access to a new app before the switch, so with a new connection the users left out could not log in.",
            Unsure => "You are not sure your IdP administrator can give every Flex user access to a new app before the switch; creating a new connection needs that.",
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::*;
    use Recommendation::*;

    const ALL: [Answer; 3] = [Yes, No, Unsure];

    /// The decision table, written out independently of `advise`: (realtime, tolerate, assign).
    fn expected(r: Answer, t: Answer, a: Answer) -> Recommendation {
        let table: &[((Answer, Answer, Answer), Recommendation)] = &[
            ((Yes, Yes, Yes), EitherWorks),
            ((Yes, Yes, No), ModifyExisting),
            ((Yes, Yes, Unsure), ModifyExisting),
            ((Yes, No, Yes), CreateNew),
            ((Yes, No, No), NeedsDecision),
            ((Yes, No, Unsure), CreateNew),
            ((Yes, Unsure, Yes), CreateNew),
            ((Yes, Unsure, No), ModifyExisting),
            ((Yes, Unsure, Unsure), NeedsDecision),
            ((No, Yes, Yes), CreateNew),
            ((No, Yes, No), NeedsDecision),
            ((No, Yes, Unsure), CreateNew),
            ((No, No, Yes), CreateNew),
            ((No, No, No), NeedsDecision),
            ((No, No, Unsure), CreateNew),
            ((No, Unsure, Yes), CreateNew),
            ((No, Unsure, No), NeedsDecision),
            ((No, Unsure, Unsure), CreateNew),
            ((Unsure, Yes, Yes), CreateNew),
            ((Unsure, Yes, No), ModifyExisting),
            ((Unsure, Yes, Unsure), NeedsDecision),
            ((Unsure, No, Yes), CreateNew),
            ((Unsure, No, No), NeedsDecision),
            ((Unsure, No, Unsure), CreateNew),
            ((Unsure, Unsure, Yes), CreateNew),
            ((Unsure, Unsure, No), ModifyExisting),
            ((Unsure, Unsure, Unsure), NeedsDecision),
        ];
        assert_eq!(table.len(), 27);
        table.iter().find(|(k, _)| *k == (r, t, a)).map(|(_, v)| *v).expect("every combination is in the table")
    }

    #[test]
    fn all_27_combinations_follow_the_decision_table() {
        let mut seen = 0;
        for r in ALL {
            for t in ALL {
                for a in ALL {
                    let answers = AdvisorAnswers {
                        realtime_with_idp_admin: r,
                        tolerate_failed_new_logins: t,
                        assign_all_users_to_new_app: a,
                    };
                    let advice = advise(&answers);
                    assert_eq!(advice.recommendation, expected(r, t, a), "answers {r:?} {t:?} {a:?}");
                    assert_eq!(advice.reasons.len(), 4, "answers {r:?} {t:?} {a:?}");
                    assert_eq!(
                        advice.reasons[1..],
                        answer_reasons(&answers).map(str::to_owned),
                        "answers {r:?} {t:?} {a:?}"
                    );
                    assert_eq!(advice.options, OPTIONS);
                    seen += 1;
                }
            }
        }
        assert_eq!(seen, 27);
    }

    #[test]
    fn reasons_are_tied_to_the_answers() {
        let advice = advise(&AdvisorAnswers {
            realtime_with_idp_admin: No,
            tolerate_failed_new_logins: Unsure,
            assign_all_users_to_new_app: Yes,
        });
        assert_eq!(
            advice.reasons,
            vec![
                "Creating a new connection fits your answers: the legacy connection keeps working while you and your IdP administrator set up the new one.",
                "You cannot work with your IdP administrator in real time; creating a new connection lets each of you do your part at a different time.",
                "You are not sure your business can accept a time in which new agent logins fail; with a modified connection, a wrong setting blocks new logins until it is switched back.",
                "Your IdP administrator can create a new app and give every Flex user access to it, which creating a new connection needs.",
            ]
        );
        let advice = advise(&AdvisorAnswers {
            realtime_with_idp_admin: Yes,
            tolerate_failed_new_logins: Yes,
            assign_all_users_to_new_app: Yes,
        });
        assert_eq!(advice.reasons[0], "Both options fit your answers. Modifying the existing connection is less work; creating a new one is safer, because the legacy connection stays untouched until you finish.");
        let advice = advise(&AdvisorAnswers {
            realtime_with_idp_admin: No,
            tolerate_failed_new_logins: No,
            assign_all_users_to_new_app: No,
        });
        assert!(advice.reasons[0].starts_with("Neither option fits your answers as they stand"));
        assert_eq!(advice.reasons[3], "Your IdP administrator cannot give every Flex user access to a new app before the switch, so with a new connection the users left out could not log in.");
    }

    #[test]
    fn options_carry_the_guide_text_and_its_source() {
        let [modify, create] = OPTIONS;
        assert_eq!(modify.setup_type, SetupType::ModifyExisting);
        assert_eq!(create.setup_type, SetupType::CreateNew);
        for option in OPTIONS {
            assert!(!option.benefits.is_empty() && !option.considerations.is_empty() && !option.use_if.is_empty());
            assert!(option.source.contains("migration-guide"));
        }
        assert_eq!(
            QUESTIONS.map(|q| q.id),
            ["realtime_with_idp_admin", "tolerate_failed_new_logins", "assign_all_users_to_new_app"]
        );
    }

    #[test]
    fn serializes_in_snake_case() {
        let answers: AdvisorAnswers = serde_json::from_str(
            r#"{"realtime_with_idp_admin":"yes","tolerate_failed_new_logins":"unsure","assign_all_users_to_new_app":"no"}"#,
        )
        .unwrap();
        let json = serde_json::to_value(advise(&answers)).unwrap();
        assert_eq!(json["recommendation"], "modify_existing");
        assert_eq!(json["options"][1]["setup_type"], "create_new");
        assert_eq!(
            json["options"][0]["use_if"][0],
            "You can work with your IdP administrator in real time to complete the migration."
        );
    }
}
