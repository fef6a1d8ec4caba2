//! Why the sandbox could not start. `Display` is what a person reads (a developer running the
//! tests, or an admin trying practice mode); `code()` is stable for the UI and scripts.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("PHP is not installed (no program \"{php}\" was found). Install the Debian packages php-cli, php-xml and php-mbstring.")]
    PhpMissing { php: String },
    #[error("SimpleSAMLphp is not installed: the folder {} does not exist. Install the Debian package simplesamlphp.", docroot.display())]
    SimpleSamlPhpMissing { docroot: PathBuf },
    #[error("The sandbox IdP configuration is missing: {} was not found. Point FLEX_SSO_IDP_FIXTURE_DIR at the project's tests/fixtures/idp folder.", path.display())]
    FixtureMissing { path: PathBuf },
    #[error("The sandbox IdP (PHP) stopped while starting. Its last output was: {log}")]
    IdpExited { log: String },
    #[error("The sandbox IdP did not serve its metadata at {url} within {seconds} seconds (last answer: {last}).")]
    IdpNotReady { url: String, seconds: u64, last: String },
    #[error("No free network port was found on 127.0.0.1 for the sandbox IdP after {attempts} tries. Close other programs that use many ports and try again.")]
    PortUnavailable { attempts: u32 },
    #[error("The sandbox could not {action}: {source}")]
    Io {
        action: String,
        #[source]
        source: std::io::Error,
    },
    #[error("The sandbox's account data (sandbox.json) is not valid: {detail}")]
    SandboxDataInvalid { detail: String },
    #[error("The Flex login emulator could not start: {detail}")]
    EmulatorStart { detail: String },
    #[error("\"{found}\" is not a rotation stage of the sandbox IdP. Send current, announced or rotated.")]
    RotationStageUnknown { found: String },
    /// `reason` is the certificate reader's sentence (flex-sso-certificate), or why one is not enough.
    #[error("Flex would not take this as the IdP certificate: {reason}")]
    FlexCertificateRefused { reason: String },
}

impl SandboxError {
    /// A stable machine code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            SandboxError::PhpMissing { .. } => "php_missing",
            SandboxError::SimpleSamlPhpMissing { .. } => "simplesamlphp_missing",
            SandboxError::FixtureMissing { .. } => "idp_fixture_missing",
            SandboxError::IdpExited { .. } => "idp_exited",
            SandboxError::IdpNotReady { .. } => "idp_not_ready",
            SandboxError::PortUnavailable { .. } => "port_unavailable",
            SandboxError::Io { .. } => "sandbox_io",
            SandboxError::SandboxDataInvalid { .. } => "sandbox_data_invalid",
            SandboxError::EmulatorStart { .. } => "emulator_start",
            SandboxError::RotationStageUnknown { .. } => "idp_rotation_stage_unknown",
            SandboxError::FlexCertificateRefused { .. } => "flex_certificate_refused",
        }
    }

    pub(crate) fn io(action: impl Into<String>, source: std::io::Error) -> Self {
        SandboxError::Io { action: action.into(), source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_messages_are_stable() {
        let cases: Vec<(SandboxError, &str, &str)> = vec![
            (SandboxError::PhpMissing { php: "php".into() }, "php_missing",
                "PHP is not installed (no program \"php\" was found). Install the Debian packages php-cli, php-xml and php-mbstring."),
            (SandboxError::SimpleSamlPhpMissing { docroot: "/x/www".into() }, "simplesamlphp_missing",
                "SimpleSAMLphp is not installed: the folder /x/www does not exist. Install the Debian package simplesamlphp."),
            (SandboxError::IdpNotReady { url: "http://127.0.0.1:1/m".into(), seconds: 10, last: "connection refused".into() },
                "idp_not_ready",
                "The sandbox IdP did not serve its metadata at http://127.0.0.1:1/m within 10 seconds (last answer: connection refused)."),
            (SandboxError::io("create a temporary folder", std::io::Error::other("disk full")), "sandbox_io",
                "The sandbox could not create a temporary folder: disk full"),
            (SandboxError::RotationStageUnknown { found: "later".into() }, "idp_rotation_stage_unknown",
                "\"later\" is not a rotation stage of the sandbox IdP. Send current, announced or rotated."),
            (SandboxError::FlexCertificateRefused { reason: "The certificate is empty.".into() }, "flex_certificate_refused",
                "Flex would not take this as the IdP certificate: The certificate is empty."),
        ];
        for (error, code, message) in cases {
            assert_eq!(error.code(), code);
            assert_eq!(error.to_string(), message);
        }
    }
}
