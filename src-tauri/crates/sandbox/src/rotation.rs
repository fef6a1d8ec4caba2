//! The sandbox IdP's signing-key rotation, in SimpleSAMLphp's key rollover stages, so tests and
//! practice can watch what a key change does to Flex (issue 17's Health page).
//!
//! The stage lives in one file of the IdP's work folder, `idp-rotation-stage`, which every PHP
//! request reads (`tests/fixtures/idp/sandbox.php`, `flex_sandbox_rotation_stage`): no restart,
//! no cache to wait for. It is replaced atomically (a new file renamed over the old one), so a
//! request never reads half a word. No file means `current`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::SandboxError;

/// The stage file's name inside `$FLEX_SSO_IDP_WORK_DIR`; `sandbox.php` reads the same name.
pub(crate) const STAGE_FILE: &str = "idp-rotation-stage";

/// Where the IdP is in a signing-key rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RotationStage {
    /// Signs with `cert/idp.key`; the metadata lists `cert/idp.crt` only.
    Current,
    /// Still signs with `cert/idp.key`; the metadata lists `cert/idp-next.crt` and `cert/idp.crt`.
    Announced,
    /// Signs with `cert/idp-next.key`; the metadata lists `cert/idp-next.crt` only.
    Rotated,
}

impl RotationStage {
    pub const ALL: [RotationStage; 3] = [RotationStage::Current, RotationStage::Announced, RotationStage::Rotated];

    /// The word written to the stage file and taken by `POST /__sandbox/idp-rotation`.
    pub fn as_str(self) -> &'static str {
        match self {
            RotationStage::Current => "current",
            RotationStage::Announced => "announced",
            RotationStage::Rotated => "rotated",
        }
    }

    /// The stage named by `text` (surrounding white space ignored, as in the PHP reader).
    pub fn parse(text: &str) -> Result<Self, SandboxError> {
        let word = text.trim();
        Self::ALL
            .into_iter()
            .find(|stage| stage.as_str() == word)
            .ok_or_else(|| SandboxError::RotationStageUnknown { found: word.chars().take(40).collect() })
    }
}

/// What `GET /__sandbox/idp-rotation` answers: the stage and both certificates as the IdP's
/// `cert/` folder holds them (what an admin downloads from the IdP).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotationStatus {
    pub stage: RotationStage,
    pub current_certificate_pem: String,
    pub next_certificate_pem: String,
}

/// Reads and sets the stage of one running IdP. Cheap to clone: the IdP's handle and the Flex
/// login emulator's control routes hold the same one.
#[derive(Debug, Clone)]
pub struct IdpRotation {
    work_dir: PathBuf,
    current_certificate_pem: String,
    next_certificate_pem: String,
}

impl IdpRotation {
    pub(crate) fn new(work_dir: PathBuf, current_certificate_pem: String, next_certificate_pem: String) -> Self {
        Self { work_dir, current_certificate_pem, next_certificate_pem }
    }

    fn stage_file(&self) -> PathBuf {
        self.work_dir.join(STAGE_FILE)
    }

    /// The stage the IdP's next request will use.
    pub fn stage(&self) -> Result<RotationStage, SandboxError> {
        match std::fs::read_to_string(self.stage_file()) {
            Ok(text) => RotationStage::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(RotationStage::Current),
            Err(e) => Err(SandboxError::io("read the IdP's rotation stage", e)),
        }
    }

    /// Sets the stage: from the IdP's next request on it signs and publishes accordingly.
    pub fn set(&self, stage: RotationStage) -> Result<(), SandboxError> {
        write_atomically(&self.work_dir, &self.stage_file(), stage.as_str())
            .map_err(|e| SandboxError::io("write the IdP's rotation stage", e))
    }

    /// `cert/idp.crt` as the fixture holds it.
    pub fn current_certificate_pem(&self) -> &str {
        &self.current_certificate_pem
    }

    /// `cert/idp-next.crt` as the fixture holds it.
    pub fn next_certificate_pem(&self) -> &str {
        &self.next_certificate_pem
    }

    pub fn status(&self) -> Result<RotationStatus, SandboxError> {
        Ok(RotationStatus {
            stage: self.stage()?,
            current_certificate_pem: self.current_certificate_pem.clone(),
            next_certificate_pem: self.next_certificate_pem.clone(),
        })
    }
}

/// A new file in the same folder, renamed over `target`: readers see the old or the new text.
fn write_atomically(dir: &Path, target: &Path, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::Builder::new().prefix(".idp-rotation-stage-").tempfile_in(dir)?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_read_back_as_written_and_default_to_current() {
        let dir = tempfile::tempdir().unwrap();
        let rotation = IdpRotation::new(dir.path().join("work"), "old".into(), "new".into());
        assert_eq!(rotation.stage().unwrap(), RotationStage::Current);
        for stage in [RotationStage::Announced, RotationStage::Rotated, RotationStage::Current] {
            rotation.set(stage).unwrap();
            assert_eq!(rotation.stage().unwrap(), stage);
            assert_eq!(std::fs::read_to_string(dir.path().join("work").join(STAGE_FILE)).unwrap(), stage.as_str());
        }
        // Only the stage file is left: the temporary files were renamed, not copied.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("work")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from(STAGE_FILE)]);
    }

    #[test]
    fn unknown_words_are_refused_with_the_choices() {
        assert_eq!(RotationStage::parse(" rotated\n").unwrap(), RotationStage::Rotated);
        let err = RotationStage::parse("rolled").unwrap_err();
        assert_eq!(err.code(), "idp_rotation_stage_unknown");
        assert_eq!(
            err.to_string(),
            "\"rolled\" is not a rotation stage of the sandbox IdP. Send current, announced or rotated."
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(STAGE_FILE), "rolled").unwrap();
        let rotation = IdpRotation::new(dir.path().to_owned(), String::new(), String::new());
        assert_eq!(rotation.stage().unwrap_err().code(), "idp_rotation_stage_unknown");
    }

    #[test]
    fn the_status_is_json_with_lowercase_stages() {
        let dir = tempfile::tempdir().unwrap();
        let rotation = IdpRotation::new(dir.path().to_owned(), "A".into(), "B".into());
        rotation.set(RotationStage::Announced).unwrap();
        let json = serde_json::to_value(rotation.status().unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"stage": "announced", "current_certificate_pem": "A", "next_certificate_pem": "B"})
        );
    }
}
