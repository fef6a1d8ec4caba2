//! The user's attributes, by Flex's rules (the facts in `flex_sso_facts::twilio`): plain names
//! (URI-named claims are ignored), `roles`, `full_name` and `email` required, `roles` values
//! `admin`, `supervisor`, `agent` in lower case (comma-separated or several values) with any Flex
//! Insights roles (`wfo.*`) beside them, and typed names `name.type` whose values must fit the
//! type (otherwise Flex answers with its "invalid attribute format" error).

use flex_sso_facts::twilio;
use roxmltree::Node;

use flex_sso_facts::concatcp;

use crate::finding::{Finding, FindingCode};
use crate::summary::attributes;
use crate::xml::{children, text, NS_SAML};

use super::Ctx;

/// Required attributes (`twilio::REQUIRED_ATTRIBUTE_NAMES`), and the URI-named claims IdPs
/// commonly send in their place.
const REQUIRED: [(&str, &str, &[&str]); 3] = [
    (
        twilio::REQUIRED_ATTRIBUTE_NAMES[0],
        concatcp!("the user's Flex roles (", twilio::FLEX_ROLES.text, ")"),
        &["role", "roles", "groups"],
    ),
    (twilio::REQUIRED_ATTRIBUTE_NAMES[1], "the user's full name, shown in Flex", &["name", "displayname", "fullname"]),
    (twilio::REQUIRED_ATTRIBUTE_NAMES[2], "the user's email address", &["emailaddress", "email", "mail"]),
];
/// The types of `name.type` attribute names.
const TYPES: [&str; 6] = twilio::TYPED_ATTRIBUTE_TYPES;
/// The Flex role that lets a user open Flex Insights (`twilio::INSIGHTS_NEEDS_SUPERVISOR`).
const INSIGHTS_OPENERS: [&str; 2] = ["supervisor", "admin"];
/// Type suffixes that look like an attempt at one of [`TYPES`] but are not one.
const NEAR_TYPES: [&str; 8] = ["str", "integer", "number", "bool", "array", "list", "intlist", "stringlist"];

struct Attr<'a, 'i> {
    node: Node<'a, 'i>,
    name: String,
    values: Vec<String>,
}

pub(crate) fn check(ctx: &mut Ctx<'_, '_>) {
    let Some(assertion) = ctx.assertion else { return };
    ctx.checked.attributes = true;
    let attrs: Vec<Attr<'_, '_>> = attributes(Some(assertion))
        .map(|node| Attr {
            node,
            name: node.attribute("Name").unwrap_or("").to_owned(),
            values: children(node, NS_SAML, "AttributeValue").map(text).collect(),
        })
        .collect();
    let in_app = ctx.wording.in_app_settings();

    for a in attrs.iter().filter(|a| is_namespaced(&a.name)) {
        let friendly = a.node.attribute("FriendlyName").map(|f| format!(" (friendly name \"{f}\")")).unwrap_or_default();
        let plain = suggested_name(&a.name).map(|p| format!(" Name it \"{p}\"."))
            .unwrap_or_else(|| " Give it a plain name such as \"email\".".to_owned());
        ctx.add(
            Finding::warning(
                FindingCode::AttributeNameNamespaced,
                "An attribute has a URI as its name, which Flex ignores.",
                format!("The attribute \"{}\"{friendly} is named with a URI. Flex reads only plain names such as \"email\", \"full_name\" and \"roles\".", a.name),
                format!("{in_app}, change the attribute's name (not its value) to the plain name Flex expects.{plain}"),
            ),
            Some(a.node),
        );
    }

    for (name, what, aliases) in REQUIRED {
        if attrs.iter().any(|a| a.name == name) {
            continue;
        }
        let mut detail = format!("Flex needs an attribute named \"{name}\" with {what}; the assertion has none.");
        if let Some(a) = attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name)) {
            detail.push_str(&format!(" There is one named \"{}\": names must be written exactly, in lower case.", a.name));
        } else if let Some(a) = attrs.iter().find(|a| is_namespaced(&a.name) && suggested_name(&a.name) == Some(name)) {
            detail.push_str(&format!(" The value probably arrives as \"{}\", which Flex ignores because of its URI name.", a.name));
        } else if let Some(a) = attrs.iter().find(|a| aliases.iter().any(|al| a.name.eq_ignore_ascii_case(al))) {
            detail.push_str(&format!(" There is one named \"{}\": Flex reads only \"{name}\".", a.name));
        }
        if name == "roles" {
            // Flex's own message for this case.
            detail.push_str(&format!(" Flex reports this as \"{}\".", twilio::SYMPTOM_NO_ROLE));
        }
        ctx.add(
            Finding::error(
                FindingCode::AttributeMissing,
                format!("The \"{name}\" attribute is missing."),
                detail,
                format!("{in_app}, add an attribute named \"{name}\" that carries {what}. Save, and sign in again."),
            ),
            Some(assertion),
        );
    }

    if let Some(roles) = attrs.iter().find(|a| a.name == "roles") {
        check_roles(ctx, roles);
    }
    for a in &attrs {
        check_typed(ctx, a);
    }
}

/// Whether an attribute name is a URI (`http://…`, `urn:…`), which Flex ignores.
fn is_namespaced(name: &str) -> bool {
    name.contains("://") || name.starts_with("urn:")
}

/// The plain Flex name a URI-named claim most likely stands for.
fn suggested_name(uri: &str) -> Option<&'static str> {
    let last = uri.rsplit(['/', ':', '#']).next().unwrap_or("").to_ascii_lowercase();
    REQUIRED.iter().find(|(_, _, aliases)| aliases.contains(&last.as_str())).map(|(name, _, _)| *name)
}

fn check_roles(ctx: &mut Ctx<'_, '_>, roles: &Attr<'_, '_>) {
    let values: Vec<String> =
        roles.values.iter().flat_map(|v| v.split(',')).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()).collect();
    let unknown: Vec<&String> =
        values.iter().filter(|v| !twilio::is_flex_role(v) && !twilio::is_insights_role(v)).collect();
    let flex_roles: Vec<&String> = values.iter().filter(|v| twilio::is_flex_role(v)).collect();
    let insights: Vec<&String> = values.iter().filter(|v| twilio::is_insights_role(v)).collect();
    let idp = ctx.wording.idp();
    let accepted = format!(
        "Flex accepts {} ({}), and beside them the Flex Insights roles {}.",
        twilio::FLEX_ROLES,
        twilio::ROLES_FORMAT,
        twilio::INSIGHTS_ROLES
    );
    if values.is_empty() || !unknown.is_empty() {
        let listed = if values.is_empty() {
            "no value".to_owned()
        } else {
            let word = if unknown.len() == 1 { "value" } else { "values" };
            format!("the {word} \"{}\", which Flex does not know", unknown.iter().map(|v| v.as_str()).collect::<Vec<_>>().join("\", \""))
        };
        let mut detail = format!("The roles attribute has {listed}. {accepted}");
        let lower = |v: &str| v.to_ascii_lowercase();
        if unknown.iter().any(|v| twilio::is_flex_role(&lower(v)) || twilio::is_insights_role(&lower(v))) {
            detail.push_str(" Upper-case letters are not accepted.");
        }
        if unknown.iter().any(|v| v.starts_with('"') || v.starts_with('\'')) {
            detail.push_str(" The quotes are part of the value here; they belong only in the IdP's expression, not in what it sends.");
        }
        if unknown.iter().any(|v| v.starts_with("wfo.")) {
            detail.push_str(" Values starting with wfo. must be one of the Flex Insights roles, written exactly.");
        }
        ctx.add(
            Finding::error(
                FindingCode::RolesInvalid,
                "The roles attribute has a value Flex does not accept.",
                detail,
                format!("In {idp}, change what the \"roles\" attribute sends for this user to {} (lower case), with any Flex Insights roles beside it. Save, and sign in again.", twilio::FLEX_ROLES),
            ),
            Some(roles.node),
        );
        return;
    }
    if flex_roles.is_empty() {
        ctx.add(
            Finding::error(
                FindingCode::RolesInvalid,
                "The roles attribute has no Flex role.",
                format!(
                    "The roles attribute has only Flex Insights roles (\"{}\"). Flex also needs {} for the user. {accepted}",
                    insights.iter().map(|v| v.as_str()).collect::<Vec<_>>().join("\", \""),
                    twilio::FLEX_ROLES
                ),
                format!("In {idp}, add {} to what the \"roles\" attribute sends for this user, beside the Flex Insights role. Save, and sign in again.", twilio::FLEX_ROLES),
            ),
            Some(roles.node),
        );
        return;
    }
    if !insights.is_empty() && !flex_roles.iter().any(|r| INSIGHTS_OPENERS.contains(&r.as_str())) {
        ctx.add(
            Finding::warning(
                FindingCode::InsightsRoleWithoutSupervisor,
                "Flex Insights will not open for this user.",
                format!(
                    "The user has the Flex Insights role \"{}\" but the Flex role \"{}\". {}",
                    insights.iter().map(|v| v.as_str()).collect::<Vec<_>>().join("\", \""),
                    flex_roles.iter().map(|v| v.as_str()).collect::<Vec<_>>().join("\", \""),
                    twilio::INSIGHTS_NEEDS_SUPERVISOR
                ),
                format!("If this user should use Flex Insights, make {idp} send supervisor (or admin) in \"roles\" too; otherwise the Insights role can go. The login itself works either way."),
            ),
            Some(roles.node),
        );
    }
}

fn check_typed(ctx: &mut Ctx<'_, '_>, a: &Attr<'_, '_>) {
    if is_namespaced(&a.name) {
        return;
    }
    let Some((base, ty)) = a.name.rsplit_once('.') else { return };
    let in_app = ctx.wording.in_app_settings();
    if base.is_empty() {
        return;
    }
    if !TYPES.contains(&ty) {
        if NEAR_TYPES.contains(&ty.to_ascii_lowercase().as_str()) || TYPES.contains(&ty.to_ascii_lowercase().as_str()) {
            ctx.add(
                Finding::warning(
                    FindingCode::TypedAttributeInvalid,
                    format!("The attribute \"{}\" looks typed, but \"{ty}\" is not a type Flex knows.", a.name),
                    format!("Typed attribute names end in .string, .int, .boolean, .stringarray, .intarray or .booleanarray (lower case); \"{ty}\" is none of these, so Flex takes \"{}\" as a plain name.", a.name),
                    format!("{in_app}, rename the attribute to \"{base}.<type>\" with one of those types, or drop the suffix."),
                ),
                Some(a.node),
            );
        }
        return;
    }
    let array = ty.ends_with("array");
    let element_type = ty.trim_end_matches("array");
    let items: Vec<&str> = if array {
        a.values.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|v| !v.is_empty()).collect()
    } else {
        a.values.iter().map(String::as_str).collect()
    };
    let problem = if !array && items.len() != 1 {
        Some(format!("a \"{ty}\" attribute holds exactly one value; this one has {}", items.len()))
    } else {
        items.iter().find(|v| !fits(element_type, v)).map(|v| format!("\"{v}\" is not a valid {}", describe(element_type)))
    };
    if let Some(problem) = problem {
        ctx.add(
            Finding::error(
                FindingCode::TypedAttributeInvalid,
                format!("The typed attribute \"{}\" has a value that does not fit its type.", a.name),
                format!("The name ends in \".{ty}\", so Flex reads its value as {}; {problem}. Flex answers such a login with \"{}\".", describe(ty), twilio::SYMPTOM_ATTRIBUTE_FORMAT),
                format!("{in_app}, make \"{}\" send {}, or rename it to \"{base}.string\".", a.name, describe(ty)),
            ),
            Some(a.node),
        );
    }
}

fn fits(element_type: &str, value: &str) -> bool {
    match element_type {
        "int" => value.parse::<i64>().is_ok(),
        // [inferred] Only the lower-case literals; FLEX-SSO-FACTS §5 does not list the accepted spellings.
        "boolean" => value == "true" || value == "false",
        _ => true,
    }
}

fn describe(ty: &str) -> &'static str {
    match ty {
        "int" => "a whole number",
        "boolean" => "true or false",
        "intarray" => "whole numbers",
        "booleanarray" => "true or false values",
        "stringarray" => "text values",
        _ => "text",
    }
}
