//! The entry points: from input (or XML) and expectations to a [`Report`].

use crate::checks::{self, Ctx};
use crate::decode::{decode_input, DecodedInput, InputError};
use crate::expectations::Expectations;
use crate::finding::{Finding, FindingCode};
use crate::pretty::Pretty;
use crate::report::{Checked, Report};
use crate::summary::summarize;
use crate::wording::Wording;
use crate::xml::{self, source_qname, XmlError, NS_SAMLP};

/// Diagnoses what the admin pasted or the login window captured.
pub fn diagnose(input: &str, exp: &Expectations) -> Report {
    match decode_input(input) {
        Ok(decoded) => diagnose_decoded(&decoded, exp),
        Err(e) => unreadable(input_error_finding(&e)),
    }
}

/// Diagnoses already decoded input.
pub fn diagnose_decoded(decoded: &DecodedInput, exp: &Expectations) -> Report {
    let mut report = diagnose_xml(&decoded.xml, exp);
    report.input_form = Some(decoded.form);
    report
}

/// Diagnoses the response XML.
pub fn diagnose_xml(xml_text: &str, exp: &Expectations) -> Report {
    let doc = match xml::parse(xml_text) {
        Ok(doc) => doc,
        Err(e) => return unreadable(xml_error_finding(&e)),
    };
    let response = doc.root_element();
    if !xml::is(response, NS_SAMLP, "Response") {
        return unreadable(not_a_response(response));
    }
    let pretty = Pretty::new(&doc);
    let mut ctx = Ctx {
        response,
        assertion: None,
        exp,
        wording: Wording::new(&exp.labels),
        pretty: &pretty,
        findings: Vec::new(),
        checked: Checked { decoded: true, ..Checked::default() },
        signatures: Vec::new(),
    };
    checks::run_all(&mut ctx);
    let mut summary = summarize(response, ctx.assertion);
    summary.signatures = std::mem::take(&mut ctx.signatures);
    let (findings, checked) = (ctx.findings, ctx.checked);
    Report::new(findings, Some(summary), checked, None, Some(pretty.text))
}

fn unreadable(finding: Finding) -> Report {
    Report::new(vec![finding], None, Checked::default(), None, None)
}

fn input_error_finding(e: &InputError) -> Finding {
    Finding::error(FindingCode::InputInvalid, "The input could not be read as a SAML response.", e.to_string(), e.fix())
}

fn xml_error_finding(e: &XmlError) -> Finding {
    let fix = match e {
        XmlError::Malformed { .. } => "Copy the response again in one piece; if you edited it, use the original.",
        _ => "Use a response captured from a real sign-in to Flex; this one is not something an identity provider sends.",
    };
    Finding::error(FindingCode::InputInvalid, "The response XML could not be read.", e.to_string(), fix)
}

fn not_a_response(root: roxmltree::Node<'_, '_>) -> Finding {
    let name = source_qname(root);
    let what = match root.tag_name().name() {
        "AuthnRequest" => " That is the sign-in request Flex sends to the identity provider, not the answer.",
        "LogoutRequest" | "LogoutResponse" => " That is a sign-out message, not a sign-in response.",
        "Assertion" => " That is an assertion on its own; Flex receives it wrapped in a samlp:Response.",
        "EntityDescriptor" | "EntitiesDescriptor" => " That is SAML metadata, not a sign-in response.",
        _ => "",
    };
    Finding::error(
        FindingCode::InputInvalid,
        "This is not a SAML response.",
        format!("The XML's top element is <{name}>; a SAML response starts with <samlp:Response> (namespace {NS_SAMLP}).{what}"),
        "Capture the SAMLResponse that your identity provider posts to Flex's ACS URL after you sign in.",
    )
}
