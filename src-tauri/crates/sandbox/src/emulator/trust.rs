//! The one IdP certificate the emulator trusts: what an admin pasted into Flex's SSO setup (the
//! X.509 field of the Twilio Console). It can be replaced while logins are being checked, as an
//! admin pastes a new certificate after the IdP rotated its key.
//!
//! `xmlsec1` reads the certificate from a file, so every certificate gets its own file, and a
//! check holds the file it started with (an `Arc`) until `xmlsec1` is done: a replacement never
//! changes or deletes a file under a running check. The last holder's drop deletes the file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use tempfile::NamedTempFile;

use crate::SandboxError;

/// One trusted certificate and the file `xmlsec1` reads it from.
#[derive(Debug)]
pub(crate) struct TrustedCertificate {
    /// The Twilio Console's PEM form (flex-sso-certificate's `to_pem`), whatever shape was pasted.
    pem: String,
    file: NamedTempFile,
}

impl TrustedCertificate {
    pub(crate) fn pem(&self) -> &str {
        &self.pem
    }

    pub(crate) fn path(&self) -> &Path {
        self.file.path()
    }
}

/// The certificate trusted now, swapped under a lock.
#[derive(Debug)]
pub(crate) struct Trust {
    dir: PathBuf,
    current: Mutex<Arc<TrustedCertificate>>,
}

impl Trust {
    /// Trusts `text` from the start; `dir` holds the certificate files.
    pub(crate) fn new(dir: &Path, text: &str) -> Result<Self, SandboxError> {
        let first = write(dir, text)?;
        Ok(Self { dir: dir.to_owned(), current: Mutex::new(Arc::new(first)) })
    }

    /// The certificate a check should use: it stays valid for as long as the check holds it.
    pub(crate) fn current(&self) -> Arc<TrustedCertificate> {
        self.current.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Trusts `text` instead, if it is one readable certificate; otherwise the old trust stays.
    pub(crate) fn replace(&self, text: &str) -> Result<Arc<TrustedCertificate>, SandboxError> {
        // Written before taking the lock: checks never wait for the disk.
        let next = Arc::new(write(&self.dir, text)?);
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = next.clone();
        Ok(next)
    }
}

/// Reads `text` the way the app does (flex-sso-certificate), then writes it as PEM to a new file.
fn write(dir: &Path, text: &str) -> Result<TrustedCertificate, SandboxError> {
    let refused = |reason: String| SandboxError::FlexCertificateRefused { reason };
    let certificates = flex_sso_certificate::parse_text(text).map_err(|e| refused(e.to_string()))?;
    let [certificate] = certificates.as_slice() else {
        return Err(refused(format!(
            "Flex trusts one certificate, and this text holds {}. Paste only the certificate the identity provider signs with.",
            certificates.len()
        )));
    };
    let pem = certificate.to_pem();
    let io = |e| SandboxError::io("write the trusted IdP certificate for xmlsec1", e);
    let mut file = tempfile::Builder::new().prefix("trusted-idp-").suffix(".crt").tempfile_in(dir).map_err(io)?;
    file.write_all(pem.as_bytes()).and_then(|()| file.write_all(b"\n")).and_then(|()| file.flush()).map_err(io)?;
    Ok(TrustedCertificate { pem, file })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(crate::default_fixture_dir().join("cert").join(name)).unwrap()
    }

    #[test]
    fn a_replacement_leaves_the_file_of_a_running_check_alone() {
        let dir = tempfile::tempdir().unwrap();
        let trust = Trust::new(dir.path(), &fixture("idp.crt")).unwrap();
        let running = trust.current();
        let old_path = running.path().to_owned();
        trust.replace(&fixture("idp-next.crt")).unwrap();
        let now = trust.current();
        assert_ne!(now.path(), old_path);
        assert_eq!(now.pem(), fixture("idp-next.crt").trim_end());
        // The running check still reads the certificate it started with...
        assert_eq!(std::fs::read_to_string(&old_path).unwrap().trim_end(), fixture("idp.crt").trim_end());
        // ...and its file goes away with the last holder.
        drop(running);
        assert!(!old_path.exists());
        assert!(now.path().exists());
    }

    #[test]
    fn what_is_not_one_certificate_is_refused_and_the_old_trust_stays() {
        let dir = tempfile::tempdir().unwrap();
        let trust = Trust::new(dir.path(), &fixture("idp.crt")).unwrap();
        let two = format!("{}\n{}", fixture("idp.crt"), fixture("idp-next.crt"));
        for (text, code, says) in [
            ("hello", "flex_certificate_refused", "is not valid base64"),
            (two.as_str(), "flex_certificate_refused", "this text holds 2"),
            ("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "flex_certificate_refused", "private key"),
        ] {
            let err = trust.replace(text).unwrap_err();
            assert_eq!(err.code(), code);
            assert!(err.to_string().contains(says), "{err}");
        }
        assert_eq!(trust.current().pem(), fixture("idp.crt").trim_end());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "refused texts leave no file");
    }
}
