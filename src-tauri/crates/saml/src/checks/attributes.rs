//! The user's attributes, by Flex's rules (FLEX-SSO-FACTS §5): plain names (URI-named claims
//! are ignored), `roles`, `full_name` and `email` required, `roles` values `admin`,
//! `supervisor`, `agent` in lower case (comma-separated or several values), and typed names
//! `name.type` whose values must fit the type (otherwise "400 Error invalid attribute format").

use roxmltree::Node;

use crate::finding::{Finding, FindingCode};
use crate::summary::attributes;
use crate::xml::{children, text, NS_SAML};

use super::Ctx;

/// Required attributes, and the URI-named claims IdPs commonly send in their place.
const REQUIRED: [(&str, &str, &[&str]); 3] = [
    ("roles", "the user's Flex roles (admin, supervisor, agent)", &["role", "roles", "groups"]),
    ("full_name", "the user's full name, shown in Flex", &["name", "displayname", "fullname"]),
    ("email", "the user's email address", &["emailaddress", "email", "mail"]),
];
/// FLEX-SSO-FACTS §5.
const ROLES: [&str; 3] = ["admin", "supervisor", "agent"];
/// FLEX-SSO-FACTS §5: the types of `name.type` attribute names.
const TYPES: [&str; 6] = ["string", "int", "boolean", "stringarray", "intarray", "booleanarray"];
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
            // FLEX-SSO-FACTS §7: Flex's own message for this case.
            detail.push_str(" Flex reports this as \"SAML response doesn't have a role attribute\".");
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
    let values: Vec<String> = roles.values.iter().flat_map(|v| v.split(',')).map(|v| v.trim().to_owned()).collect();
    let bad: Vec<&String> = values.iter().filter(|v| !ROLES.contains(&v.as_str())).collect();
    if !bad.is_empty() || values.is_empty() {
        let listed = if values.is_empty() { "no value".to_owned() } else { format!("\"{}\"", values.join("\", \"")) };
        let mut detail = format!("The roles attribute has {listed}. Flex accepts only admin, supervisor and agent, in lower case, as several values or separated by commas.");
        if bad.iter().any(|v| ROLES.contains(&v.to_ascii_lowercase().as_str())) {
            detail.push_str(" Upper-case letters are not accepted.");
        }
        if bad.iter().any(|v| v.starts_with('"') || v.starts_with('\'')) {
            detail.push_str(" The quotes are part of the value here; they belong only in the IdP's expression, not in what it sends.");
        }
        let idp = ctx.wording.idp();
        ctx.add(
            Finding::error(
                FindingCode::RolesInvalid,
                "The roles attribute has a value Flex does not accept.",
                detail,
                format!("In {idp}, change what the \"roles\" attribute sends for this user to admin, supervisor or agent (lower case). Save, and sign in again."),
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
                format!("The name ends in \".{ty}\", so Flex reads its value as {}; {problem}. Flex answers such a login with \"400 Error invalid attribute format\".", describe(ty)),
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
