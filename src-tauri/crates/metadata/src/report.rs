//! The report the UI shows and the CLI prints as JSON, and its exit code.

use serde::Serialize;

use crate::bindings::SsoEndpoint;
use crate::certificate::CertificateInfo;
use crate::findings::{Finding, Severity};

/// What the input turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    Metadata,
    /// A certificate on its own (PEM, DER or base64): the report has only `certificates`.
    Certificate,
    /// Nothing could be read; `findings` says why.
    Unreadable,
}

/// The three values the Console's "Enter identity provider data" step asks for, under the
/// Console's own names (migration guide, step 3). `None` where the input does not provide one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConsoleValues {
    pub identity_provider_issuer: Option<String>,
    pub single_sign_on_url: Option<String>,
    pub x509_certificate: Option<String>,
}

/// Everything learned from one input. The first six keys are the JSON contract with the CLI;
/// the rest are additions for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// True when the exit code is 0: usable, no error finding.
    pub ok: bool,
    pub entity_id: Option<String>,
    pub sso: Vec<SsoEndpoint>,
    /// Signing certificates (use `signing` or unstated), one marked `use_for_flex`.
    pub certificates: Vec<CertificateInfo>,
    /// How many `EntityDescriptor`s the input holds (0 for a bare certificate).
    pub entities: usize,
    pub findings: Vec<Finding>,
    pub input_kind: InputKind,
    pub console: ConsoleValues,
    /// `use="encryption"` certificates: listed for completeness, never needed by Flex.
    pub encryption_certificates: Vec<CertificateInfo>,
    pub name_id_formats: Vec<String>,
    /// The entity ID of every entity, in file order, so the caller can offer a choice.
    pub entity_ids: Vec<Option<String>>,
    /// Zero-based index of the entity this report describes.
    pub selected_entity: Option<usize>,
}

impl Report {
    pub(crate) fn empty(input_kind: InputKind) -> Self {
        Self {
            ok: false,
            entity_id: None,
            sso: Vec::new(),
            certificates: Vec::new(),
            entities: 0,
            findings: Vec::new(),
            input_kind,
            console: ConsoleValues::default(),
            encryption_certificates: Vec::new(),
            name_id_formats: Vec::new(),
            entity_ids: Vec::new(),
            selected_entity: None,
        }
    }

    /// A report for input that could not be read at all.
    pub fn unreadable(finding: Finding) -> Self {
        let mut report = Self::empty(InputKind::Unreadable);
        report.findings.push(finding);
        report.finish()
    }

    /// Fills in the derived fields (`ok`, `console`) once findings and values are final.
    pub(crate) fn finish(mut self) -> Self {
        self.console = ConsoleValues {
            identity_provider_issuer: self.entity_id.clone(),
            single_sign_on_url: self.sso.iter().find(|e| e.use_for_flex).map(|e| e.url.clone()),
            x509_certificate: self.certificates.iter().find(|c| c.use_for_flex).map(|c| c.pem.clone()),
        };
        self.ok = self.exit_code() == 0;
        self
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// 0: usable, no error finding; 1: read, but an error finding; 2: the input could not be read.
    pub fn exit_code(&self) -> i32 {
        if self.input_kind == InputKind::Unreadable {
            2
        } else if self.has_errors() {
            1
        } else {
            0
        }
    }

    /// The chosen signing certificate, if any.
    pub fn certificate_for_flex(&self) -> Option<&CertificateInfo> {
        self.certificates.iter().find(|c| c.use_for_flex)
    }
}
