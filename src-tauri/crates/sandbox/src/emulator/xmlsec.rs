//! Signature checks through the `xmlsec1` command-line tool: a verifier that shares no code with
//! the app's own SAML crates, so the sandbox can catch mistakes in them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Which signature to verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedPart {
    Response,
    Assertion,
}

impl SignedPart {
    /// Selects the one signature that is a direct child of the signed element; the caller has
    /// already checked there is exactly one such child and one assertion.
    fn xpath(self) -> &'static str {
        match self {
            SignedPart::Response => "/*[local-name()='Response']/*[local-name()='Signature']",
            SignedPart::Assertion => {
                "/*[local-name()='Response']/*[local-name()='Assertion']/*[local-name()='Signature']"
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// xmlsec1 ran and said no: the text is its last line of output.
    Invalid(String),
    /// xmlsec1 could not be run.
    Unavailable(String),
}

/// Runs `xmlsec1 --verify` on one signature of `xml`, trusting only `trusted_cert`.
///
/// `--enabled-key-data key-name` stops xmlsec1 from taking a key from the document's own
/// KeyInfo: only the certificate given here can make a signature valid.
pub fn verify(
    xmlsec1: &Path,
    xml: &str,
    trusted_cert: &Path,
    part: SignedPart,
    scratch: &Path,
) -> Result<(), VerifyError> {
    let mut file = tempfile::Builder::new()
        .prefix("response-")
        .suffix(".xml")
        .tempfile_in(scratch)
        .map_err(|e| VerifyError::Unavailable(format!("could not write a scratch file: {e}")))?;
    file.write_all(xml.as_bytes())
        .map_err(|e| VerifyError::Unavailable(format!("could not write a scratch file: {e}")))?;
    let output = Command::new(xmlsec1)
        .arg("--verify")
        .args(["--enabled-key-data", "key-name"])
        .arg("--pubkey-cert-pem")
        .arg(trusted_cert)
        .args(["--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response"])
        .args(["--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion"])
        .args(["--node-xpath", part.xpath()])
        .arg(file.path())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| VerifyError::Unavailable(format!("{} could not be run: {e}", xmlsec1.display())))?;
    if output.status.success() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&output.stderr);
    let reason = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.contains("References (ok/all)"))
        .find_map(|l| l.split("error=").nth(1).map(|e| e.split_once(':').map_or(e, |(_, rest)| rest).to_owned()))
        .unwrap_or_else(|| "xmlsec1 reported a failed verification".to_owned());
    Err(VerifyError::Invalid(reason))
}

/// `xmlsec1` from PATH unless configured.
pub fn default_xmlsec1() -> PathBuf {
    PathBuf::from("xmlsec1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_tool_is_reported_as_unavailable() {
        let dir = tempfile::tempdir().unwrap();
        let err =
            verify(Path::new("/nonexistent/xmlsec1"), "<a/>", Path::new("/x.crt"), SignedPart::Response, dir.path())
                .unwrap_err();
        assert!(
            matches!(err, VerifyError::Unavailable(ref m) if m.starts_with("/nonexistent/xmlsec1 could not be run")),
            "{err:?}"
        );
    }
}
