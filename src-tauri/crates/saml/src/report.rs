//! The diagnosis as the UI and the CLI receive it.

use serde::Serialize;

use crate::decode::InputForm;
use crate::finding::{Finding, Severity};
use crate::summary::Summary;

/// `pass` when no finding is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
}

/// What the diagnosis did check. A `false` means "not checked", never "fine": the UI must not
/// present an unchecked part as good.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Checked {
    /// The input was decoded and parsed as a SAML Response.
    pub decoded: bool,
    pub status: bool,
    /// Signatures found, and each points at the element it sits in (no wrapping).
    pub signature_structure: bool,
    /// Every signature present was verified cryptographically (digest and RSA) with the key of
    /// a configured certificate, or proven not to verify. `false` if any could not be.
    pub signature_crypto: bool,
    /// The certificate carried by each signature was compared with the configured ones.
    pub certificate: bool,
    /// The issuer was compared with a configured IdP issuer.
    pub issuer: bool,
    pub audience: bool,
    pub destination: bool,
    pub subject: bool,
    pub attributes: bool,
    /// The validity window and session length were compared with the injected time.
    pub validity: bool,
}

/// The whole diagnosis of one response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    /// `None` when the input could not be read at all.
    pub summary: Option<Summary>,
    pub checked: Checked,
    /// How the input was encoded, when it could be decoded.
    pub input_form: Option<InputForm>,
    /// The response XML, indented; finding line numbers refer to it.
    pub xml_pretty: Option<String>,
}

impl Report {
    /// Builds a report, deriving the verdict from the findings (errors first in the list).
    pub(crate) fn new(
        mut findings: Vec<Finding>,
        summary: Option<Summary>,
        checked: Checked,
        input_form: Option<InputForm>,
        xml_pretty: Option<String>,
    ) -> Report {
        findings.sort_by_key(|f| match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        });
        let verdict = if findings.iter().any(|f| f.severity == Severity::Error) || summary.is_none() {
            Verdict::Fail
        } else {
            Verdict::Pass
        };
        Report { verdict, findings, summary, checked, input_form, xml_pretty }
    }

    /// Process exit code for the CLI: 0 pass, 1 fail, 2 input that cannot be read at all.
    pub fn exit_code(&self) -> i32 {
        match (&self.summary, self.verdict) {
            (None, _) => 2,
            (Some(_), Verdict::Fail) => 1,
            (Some(_), Verdict::Pass) => 0,
        }
    }

    /// The findings with the given code (handy for callers and tests).
    pub fn codes(&self) -> Vec<&'static str> {
        self.findings.iter().map(|f| f.code.as_str()).collect()
    }
}
