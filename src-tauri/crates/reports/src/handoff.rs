//! The handoff pack: one file the Flex admin gives the IdP administrator, which needs no other
//! explanation. It says what changes and why, the values with that IdP's own labels and where
//! each goes, the attributes, NameID and signing Flex needs, what to send back, and leaves a line
//! for the agreed date. One pack per setup: modify the existing application, create a new one,
//! or put the legacy values back (switching back).
//!
//! Everything Twilio- or IdP-specific is quoted from `flex-sso-facts` (the catalog's entry for
//! the IdP, Twilio's facts), and each page quoted is listed at the end with its date.

use serde::{Deserialize, Serialize};
use time::Date;

use flex_sso_facts::catalog::IdpEntry;
use flex_sso_facts::twilio;
use flex_sso_model::ids::{AccountSid, ConnectionSid};
use flex_sso_model::values::{legacy_values, new_values, Hosts, SpValues};

use crate::document::{Block, Document, Tone, ValueLine};
use crate::words::long_date;

/// Which change the pack asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffSetup {
    /// Put the new values into the application Flex uses today.
    Modify,
    /// Create a second application with the new values; leave today's alone.
    Create,
    /// Put the legacy values back (switching back to the legacy connection).
    Revert,
}

impl HandoffSetup {
    /// `modify`, `create`, `revert` (the CLI's `--setup` words).
    pub fn parse(word: &str) -> Option<Self> {
        match word.trim() {
            "modify" => Some(Self::Modify),
            "create" => Some(Self::Create),
            "revert" => Some(Self::Revert),
            _ => None,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Self::Modify => "modify",
            Self::Create => "create",
            Self::Revert => "revert",
        }
    }
}

/// What a pack is made from.
#[derive(Debug, Clone, Copy)]
pub struct HandoffInput<'a> {
    pub idp: &'a IdpEntry,
    pub setup: HandoffSetup,
    pub account: &'a AccountSid,
    /// The new connection (JQ…): required to modify or create; for a revert it names the values
    /// being replaced.
    pub connection: Option<&'a ConnectionSid>,
    pub hosts: &'a Hosts,
    /// The organisation's name as the admin called the account in this app, if any.
    pub organisation: Option<&'a str>,
    pub prepared_on: Date,
    pub app_version: &'a str,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HandoffError {
    #[error("The pack needs the new connection's ID (it starts with JQ). Paste the Entity ID or ACS URL from the Console in step 2 first, or give --connection JQ….")]
    NoConnection,
}

impl HandoffError {
    pub fn code(&self) -> &'static str {
        match self {
            HandoffError::NoConnection => "handoff_no_connection",
        }
    }
}

/// The pack as a document (render it with [`crate::html::render`] or [`crate::text::render`]).
pub fn handoff_pack(input: &HandoffInput<'_>) -> Result<Document, HandoffError> {
    let idp = input.idp;
    let name = idp.display_name.as_str();
    let legacy = legacy_values(input.account, input.hosts);
    let new = input.connection.map(|c| new_values(c, input.hosts));
    let (put, replaced): (SpValues, Option<SpValues>) = match input.setup {
        HandoffSetup::Modify => (new.clone().ok_or(HandoffError::NoConnection)?, Some(legacy.clone())),
        HandoffSetup::Create => (new.clone().ok_or(HandoffError::NoConnection)?, None),
        HandoffSetup::Revert => (legacy.clone(), new.clone()),
    };

    let title = match input.setup {
        HandoffSetup::Revert => format!("Flex single sign-on: putting the legacy values back in {name}"),
        _ => format!("Flex single sign-on: the change in {name}"),
    };
    let mut doc = Document::new(
        title,
        format!(
            "Prepared with Flex SSO Migrator {} on {}. This file needs no internet connection and does not expire.",
            input.app_version,
            long_date(input.prepared_on)
        ),
    );
    let org = input.organisation.map(|o| format!("{o}, ")).unwrap_or_default();
    doc.subtitle = Some(format!(
        "For the {name} administrator of {org}Twilio account {}. Prepared by the Flex admin on {}.",
        input.account,
        long_date(input.prepared_on)
    ));

    why(&mut doc, input.setup, name);
    where_values_go(&mut doc, input.setup, idp, &put, replaced.as_ref());
    if input.setup == HandoffSetup::Create {
        let assign = doc.fact(&twilio::CREATE_ASSIGN_USERS);
        doc.section(
            "Before the switch: give every Flex user the new application",
            vec![
                Block::Paragraph(format!(
                    "{assign} Assign every agent, supervisor and admin who signs in to Flex to the new application in {name}. Anyone left out cannot sign in to Flex once the new connection is used."
                )),
            ],
        );
    }
    attributes(&mut doc, input.setup, idp);
    name_id_and_signing(&mut doc, idp);
    send_back(&mut doc, input.setup, idp);
    doc.section(
        "Agreed",
        vec![Block::FillIn(vec![
            "Date and time of the change:".to_owned(),
            format!("{name} administrator:"),
            "Flex admin:".to_owned(),
        ])],
    );
    Ok(doc)
}

fn why(doc: &mut Document, setup: HandoffSetup, name: &str) {
    let mut blocks = Vec::new();
    match setup {
        HandoffSetup::Modify => {
            blocks.push(Block::Paragraph(format!(
                "Twilio is moving Flex's single sign-on to its new login service, so the SAML application Flex uses in {name} needs two new values: Flex's Entity ID and its ACS URL. Nothing else changes in {name}: it stays a SAML application with the same users, attributes and certificate."
            )));
            let risk = doc.fact(&twilio::MODIFY_RISK);
            blocks.push(Block::Note {
                tone: Tone::Caution,
                text: format!(
                    "Make this change together with the Flex admin, at the agreed time (ideally on a call): from the moment you save, new agent logins fail until the Flex admin finishes the switch in the Twilio Console. {risk}"
                ),
            });
        }
        HandoffSetup::Create => {
            blocks.push(Block::Paragraph(format!(
                "Twilio is moving Flex's single sign-on to its new login service. Please create a second SAML application for Flex in {name} with the values below, and leave the application Flex uses today as it is until the Flex admin has switched."
            )));
            let unchanged = doc.fact(&twilio::CREATE_LEGACY_UNCHANGED);
            blocks.push(Block::Note { tone: Tone::Info, text: unchanged });
        }
        HandoffSetup::Revert => {
            blocks.push(Block::Paragraph(format!(
                "The Flex admin is switching Flex back to the legacy single sign-on connection while a problem is fixed. Please put the legacy values below back into the SAML application Flex uses in {name}."
            )));
            blocks.push(Block::Note {
                tone: Tone::Caution,
                text: format!(
                    "Do this together with the Flex admin: until the Flex admin clicks {} in the Twilio Console, new agent logins fail. If a separate, new application was created for the new connection, nothing needs to change in {name}: the original application still holds these values (check that it does).",
                    doc.fact(&twilio::SWITCH_CONNECTION)
                ),
            });
        }
    }
    doc.section("What is changing, and why", blocks);
}

fn where_values_go(doc: &mut Document, setup: HandoffSetup, idp: &IdpEntry, put: &SpValues, replaced: Option<&SpValues>) {
    let name = idp.display_name.as_str();
    let (page, page_note) = doc.sourced_parts(&idp.sp_page);
    let intro = match setup {
        HandoffSetup::Create => format!("In {name}, create a new SAML application for Flex. On its \"{page}\" page{page_note}, enter:"),
        // The catalog names the page where the values are first entered ("Create SAML integration"
        // in Okta); an existing application is edited in its SAML settings, which show the same fields.
        HandoffSetup::Modify => format!("In {name}, open the SAML application Flex uses today and edit its SAML settings (the fields first filled in on its \"{page}\" page{page_note}). Replace the two values with these:"),
        HandoffSetup::Revert => format!("In {name}, open the SAML application Flex uses and edit its SAML settings (the fields first filled in on its \"{page}\" page{page_note}). Put back these two values:"),
    };
    let entity_label = doc.sourced(&idp.entity_id_label);
    let acs_label = doc.sourced(&idp.acs_url_label);
    let hint = |twilio_name: &str, old: Option<&str>| match old {
        Some(old) => format!("Twilio calls this the {twilio_name}. It replaces {old}"),
        None => format!("Twilio calls this the {twilio_name}."),
    };
    let values = vec![
        ValueLine::new(entity_label, &put.entity_id).hint(hint("Entity ID", replaced.map(|r| r.entity_id.as_str()))),
        ValueLine::new(acs_label, &put.acs_url).hint(hint("ACS URL", replaced.map(|r| r.acs_url.as_str()))),
    ];
    let mut blocks = vec![Block::Paragraph(intro), Block::Values(values)];
    blocks.push(Block::Paragraph("Copy each value whole: no space before or after it, and nothing else changed in it.".to_owned()));
    let guide = idp.setup_guide.source();
    if let Some(guide) = guide {
        doc.cite(guide);
        blocks.push(Block::Paragraph(format!("Twilio's own instructions for {name}: {} ({}).", guide.title, guide.url)));
    }
    doc.section("Where the values go", blocks);
}

fn attributes(doc: &mut Document, setup: HandoffSetup, idp: &IdpEntry) {
    let heading = match setup {
        HandoffSetup::Create => "Attributes Flex needs in every sign-in",
        _ => "Attributes Flex needs in every sign-in (already set up: check they are still there)",
    };
    let required = doc.fact(&twilio::REQUIRED_ATTRIBUTES);
    let plain = doc.fact(&twilio::PLAIN_NAMES);
    let roles = doc.fact(&twilio::FLEX_ROLES);
    let format = doc.fact(&twilio::ROLES_FORMAT);
    let insights = doc.fact(&twilio::INSIGHTS_ROLES);
    let insights_needs = doc.fact(&twilio::INSIGHTS_NEEDS_SUPERVISOR);
    let email = doc.sourced(&idp.attributes.email);
    let full_name = doc.sourced(&idp.attributes.full_name);
    let roles_how = doc.sourced(&idp.attributes.roles);
    doc.section(
        heading,
        vec![
            Block::Paragraph(format!("Flex refuses a sign-in without {required}. {plain}")),
            Block::Table {
                head: vec!["Attribute".to_owned(), format!("In {}", idp.display_name)],
                rows: vec![
                    vec!["email".to_owned(), email],
                    vec!["full_name".to_owned(), full_name],
                    vec!["roles".to_owned(), roles_how],
                ],
            },
            Block::Bullets(vec![
                format!("roles holds each user's Flex role: {roles} ({format})."),
                format!("Flex Insights roles ({insights}) go in the same roles attribute, beside the Flex role. {insights_needs}"),
            ]),
        ],
    );
}

fn name_id_and_signing(doc: &mut Document, idp: &IdpEntry) {
    let name_id = doc.sourced(&idp.name_id);
    let signing_rule = doc.fact(&twilio::SIGNING);
    let session = doc.fact(&twilio::SESSION_LENGTH);
    let mut signing: Vec<String> = idp.signing.iter().map(|s| doc.sourced(s)).collect();
    signing.insert(0, signing_rule);
    signing.push(session);
    signing.insert(0, name_id);
    let mut blocks = vec![Block::Bullets(signing)];
    if !idp.notes.is_empty() {
        let notes: Vec<String> = idp.notes.iter().map(|n| doc.sourced(n)).collect();
        blocks.push(Block::Paragraph(format!("Good to know in {}:", idp.display_name)));
        blocks.push(Block::Bullets(notes));
    }
    doc.section("Name ID and signing", blocks);
}

fn send_back(doc: &mut Document, setup: HandoffSetup, idp: &IdpEntry) {
    let name = idp.display_name.as_str();
    let blocks = match setup {
        HandoffSetup::Create => {
            let cert = doc.fact(&twilio::FIELD_CERTIFICATE);
            let issuer = doc.fact(&twilio::FIELD_IDP_ISSUER);
            let sso = doc.fact(&twilio::FIELD_SSO_URL);
            let cert_where = doc.sourced(&idp.idp_data.certificate);
            let issuer_where = doc.sourced(&idp.idp_data.issuer);
            let sso_where = doc.sourced(&idp.idp_data.sso_url);
            vec![
                Block::Paragraph(format!(
                    "Once the new application is saved, send the Flex admin its SAML metadata: the metadata's web address (URL), or the metadata XML file. If {name} gives neither, send these three values instead:"
                )),
                Block::Table {
                    head: vec!["Twilio asks for".to_owned(), format!("Where it is in {name}")],
                    rows: vec![vec![cert, cert_where], vec![issuer, issuer_where], vec![sso, sso_where]],
                },
                Block::Paragraph("None of these is a secret: the certificate is the public one, and the private key never leaves your IdP.".to_owned()),
                Block::Paragraph("Then tell the Flex admin that every Flex user is assigned to the new application.".to_owned()),
            ]
        }
        HandoffSetup::Modify | HandoffSetup::Revert => vec![Block::Paragraph(format!(
            "Tell the Flex admin the moment the values are saved in {name}, so the switch in the Twilio Console follows at once. Nothing else needs to come back: the certificate and the rest of the application stay as they are."
        ))],
    };
    doc.section("What to send back to the Flex admin", blocks);
}
