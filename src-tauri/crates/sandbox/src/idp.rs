//! Starts the sandbox's SAML IdP: SimpleSAMLphp served by PHP's built-in server on a free
//! loopback port, configured by `tests/fixtures/idp/` through environment variables.
//!
//! Nothing is written into the repository: the document root (a `simplesaml` link to
//! SimpleSAMLphp's `www`, so URLs keep their usual `/simplesaml/` prefix), sessions, logs and
//! caches live in a temporary folder removed on drop.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;
use tempfile::TempDir;

use crate::process::GroupChild;
use crate::rotation::{IdpRotation, RotationStage};
use crate::{http_probe, SandboxError};

/// Where the IdP answers, relative to its base URL.
const METADATA_PATH: &str = "/simplesaml/saml2/idp/metadata.php";
const SSO_PATH: &str = "/simplesaml/saml2/idp/SSOService.php";
const PORT_ATTEMPTS: u32 = 5;

/// What the Flex side needs to trust the IdP: the values an admin enters in step 3 of the
/// migration (IdP Issuer, Single Sign-On URL, X.509 certificate; FLEX-SSO-FACTS section 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdpTrust {
    pub entity_id: String,
    pub sso_url: String,
    pub certificate_pem: String,
}

#[derive(Debug, Clone)]
pub struct IdpOptions {
    /// The SimpleSAMLphp configuration folder (config.php, authsources.php, metadata/, cert/).
    pub config_dir: PathBuf,
    /// SimpleSAMLphp's public folder.
    pub simplesamlphp_www: PathBuf,
    pub php: PathBuf,
    /// Base of the Flex login emulator: new ACS URLs are `{this}/login/callback?connection=JQ…`.
    pub login_base_url: String,
    /// Base standing in for `https://iam.twilio.com`: the legacy ACS is `{this}/v1/Accounts/{AC}/saml2`.
    pub legacy_iam_base_url: String,
    pub startup_timeout: Duration,
    /// Parallel PHP workers, so a slow request does not block the login form.
    pub workers: u32,
}

impl IdpOptions {
    pub fn new(login_base_url: impl Into<String>, legacy_iam_base_url: impl Into<String>) -> Self {
        Self {
            config_dir: crate::default_fixture_dir(),
            simplesamlphp_www: PathBuf::from("/usr/share/simplesamlphp/www"),
            php: PathBuf::from("php"),
            login_base_url: login_base_url.into(),
            legacy_iam_base_url: legacy_iam_base_url.into(),
            startup_timeout: Duration::from_secs(15),
            workers: 4,
        }
    }
}

/// Starts the IdP; see [`Idp::start`].
pub struct Idp;

impl Idp {
    /// Picks a free port, starts `php -S` in its own process group and returns once the metadata
    /// URL serves an `EntityDescriptor` (SimpleSAMLphp's error pages answer 200 too).
    pub fn start(options: IdpOptions) -> Result<IdpHandle, SandboxError> {
        for required in
            ["config.php", "authsources.php", "metadata/saml20-sp-remote.php", "cert/idp.crt", "cert/idp-next.crt"]
        {
            let path = options.config_dir.join(required);
            if !path.is_file() {
                return Err(SandboxError::FixtureMissing { path });
            }
        }
        if !options.simplesamlphp_www.is_dir() {
            return Err(SandboxError::SimpleSamlPhpMissing { docroot: options.simplesamlphp_www.clone() });
        }
        let certificate_pem = std::fs::read_to_string(options.config_dir.join("cert/idp.crt"))
            .map_err(|e| SandboxError::io("read the IdP certificate", e))?;
        let next_certificate_pem = std::fs::read_to_string(options.config_dir.join("cert/idp-next.crt"))
            .map_err(|e| SandboxError::io("read the IdP's next certificate", e))?;

        let temp = tempfile::Builder::new()
            .prefix("flex-sso-idp-")
            .tempdir()
            .map_err(|e| SandboxError::io("create a temporary folder for the IdP", e))?;
        let docroot = temp.path().join("docroot");
        std::fs::create_dir_all(&docroot).map_err(|e| SandboxError::io("create the IdP's document root", e))?;
        std::os::unix::fs::symlink(&options.simplesamlphp_www, docroot.join("simplesaml"))
            .map_err(|e| SandboxError::io("link SimpleSAMLphp into the document root", e))?;
        // The work folder exists before PHP starts, so the rotation stage can be set at any time.
        let work_dir = temp.path().join("work");
        std::fs::create_dir_all(&work_dir).map_err(|e| SandboxError::io("create the IdP's work folder", e))?;
        let rotation = IdpRotation::new(work_dir.clone(), certificate_pem.clone(), next_certificate_pem);

        for attempt in 1..=PORT_ATTEMPTS {
            let port = free_port()?;
            let log_path = temp.path().join(format!("php-{attempt}.log"));
            let mut child = spawn_php(&options, &work_dir, &docroot, port, &log_path)?;
            match wait_ready(&mut child, port, &log_path, options.startup_timeout) {
                Ok(body) => {
                    let base_url = format!("http://127.0.0.1:{port}");
                    let entity_id = entity_id_of(&body).unwrap_or_else(|| format!("{base_url}{METADATA_PATH}"));
                    return Ok(IdpHandle {
                        child,
                        base_url,
                        port,
                        entity_id,
                        certificate_pem,
                        rotation,
                        _temp: temp,
                    });
                }
                // Another program took the port between our probe and PHP's bind: try another.
                Err(Ready::PortTaken) => continue,
                Err(Ready::Failed(error)) => return Err(error),
            }
        }
        Err(SandboxError::PortUnavailable { attempts: PORT_ATTEMPTS })
    }
}

/// A running IdP. Dropping it stops PHP and all its workers and removes the temporary folder.
pub struct IdpHandle {
    child: GroupChild,
    base_url: String,
    port: u16,
    entity_id: String,
    certificate_pem: String,
    rotation: IdpRotation,
    _temp: TempDir,
}

impl IdpHandle {
    /// `http://127.0.0.1:{port}`
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn metadata_url(&self) -> String {
        format!("{}{METADATA_PATH}", self.base_url)
    }

    /// The IdP Issuer (entity ID), as its metadata states it.
    pub fn entity_id(&self) -> &str {
        &self.entity_id
    }

    /// The HTTP-Redirect Single Sign-On URL.
    pub fn sso_url(&self) -> String {
        format!("{}{SSO_PATH}", self.base_url)
    }

    /// `cert/idp.crt`: the certificate the IdP signs with until it is rotated.
    pub fn certificate_pem(&self) -> &str {
        &self.certificate_pem
    }

    /// `cert/idp-next.crt`: the certificate it signs with once rotated.
    pub fn next_certificate_pem(&self) -> &str {
        self.rotation.next_certificate_pem()
    }

    /// Moves the IdP to a stage of its signing-key rotation; its next request uses it.
    pub fn set_rotation(&self, stage: RotationStage) -> Result<(), SandboxError> {
        self.rotation.set(stage)
    }

    pub fn rotation_stage(&self) -> Result<RotationStage, SandboxError> {
        self.rotation.stage()
    }

    /// The rotation control, for the Flex login emulator's `/__sandbox/idp-rotation` route.
    pub fn rotation(&self) -> IdpRotation {
        self.rotation.clone()
    }

    /// The process group of PHP and its workers (for tests that check it is gone).
    pub fn process_group(&self) -> i32 {
        self.child.pgid()
    }

    pub fn trust(&self) -> IdpTrust {
        IdpTrust {
            entity_id: self.entity_id.clone(),
            sso_url: self.sso_url(),
            certificate_pem: self.certificate_pem.clone(),
        }
    }
}

impl std::fmt::Debug for IdpHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdpHandle").field("base_url", &self.base_url).field("pgid", &self.child.pgid()).finish()
    }
}

/// True when any process of that group is still alive (not a zombie).
pub fn process_group_alive(pgid: i32) -> bool {
    crate::process::group_alive(pgid)
}

fn free_port() -> Result<u16, SandboxError> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| SandboxError::io("find a free port", e))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| SandboxError::io("find a free port", e))
}

fn spawn_php(
    options: &IdpOptions,
    work_dir: &Path,
    docroot: &Path,
    port: u16,
    log: &Path,
) -> Result<GroupChild, SandboxError> {
    let log_file = File::create(log).map_err(|e| SandboxError::io("create the IdP log file", e))?;
    let log_err = log_file.try_clone().map_err(|e| SandboxError::io("create the IdP log file", e))?;
    let mut command = Command::new(&options.php);
    command
        .arg("-S")
        .arg(format!("127.0.0.1:{port}"))
        .arg("-t")
        .arg(docroot)
        .env("SIMPLESAMLPHP_CONFIG_DIR", &options.config_dir)
        .env("FLEX_SSO_IDP_BASE_URL", format!("http://127.0.0.1:{port}"))
        .env("FLEX_SSO_IDP_WORK_DIR", work_dir)
        .env("FLEX_SSO_LOGIN_BASE_URL", options.login_base_url.trim_end_matches('/'))
        .env("FLEX_SSO_LEGACY_IAM_BASE_URL", options.legacy_iam_base_url.trim_end_matches('/'))
        .env("PHP_CLI_SERVER_WORKERS", options.workers.max(1).to_string())
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(log_err);
    GroupChild::spawn(command).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => SandboxError::PhpMissing { php: options.php.display().to_string() },
        _ => SandboxError::io("start PHP", e),
    })
}

enum Ready {
    PortTaken,
    Failed(SandboxError),
}

/// Polls the metadata URL until it holds an `EntityDescriptor`, the process dies or time runs out.
fn wait_ready(child: &mut GroupChild, port: u16, log: &Path, timeout: Duration) -> Result<String, Ready> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.exited() {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            if text.contains("Address already in use") {
                return Err(Ready::PortTaken);
            }
            let tail: String =
                text.lines().rev().take(5).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join(" | ");
            return Err(Ready::Failed(SandboxError::IdpExited { log: format!("{tail} (exit: {status})") }));
        }
        let last = match http_probe::get(port, METADATA_PATH, Duration::from_secs(2)) {
            Ok((200, body)) if body.contains("EntityDescriptor") => return Ok(body),
            Ok((status, body)) => format!("HTTP {status}: {}", first_text(&body)),
            Err(reason) => reason,
        };
        if Instant::now() >= deadline {
            return Err(Ready::Failed(SandboxError::IdpNotReady {
                url: format!("http://127.0.0.1:{port}{METADATA_PATH}"),
                seconds: timeout.as_secs(),
                last,
            }));
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// The first 160 characters of a page's text, for error messages.
fn first_text(body: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(160).collect()
}

/// The `entityID` attribute of the metadata's root element.
fn entity_id_of(metadata: &str) -> Option<String> {
    let document = roxmltree::Document::parse(metadata).ok()?;
    document.root_element().attribute("entityID").map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_id_is_read_from_the_root() {
        let xml = r#"<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://127.0.0.1:9/simplesaml/saml2/idp/metadata.php"/>"#;
        assert_eq!(entity_id_of(xml).as_deref(), Some("http://127.0.0.1:9/simplesaml/saml2/idp/metadata.php"));
        assert_eq!(entity_id_of("<html>error</html>"), None);
    }

    #[test]
    fn page_text_is_shortened_for_messages() {
        assert_eq!(
            first_text("<html><body><h1>Error</h1>\n<p>Missing   config</p></body></html>"),
            "Error Missing config"
        );
    }

    #[test]
    fn missing_pieces_are_named() {
        let mut options = IdpOptions::new("http://127.0.0.1:1", "http://127.0.0.1:1");
        options.config_dir = PathBuf::from("/nonexistent/idp");
        let err = Idp::start(options).unwrap_err();
        assert_eq!(err.code(), "idp_fixture_missing");
        assert_eq!(
            err.to_string(),
            "The sandbox IdP configuration is missing: /nonexistent/idp/config.php was not found. Point FLEX_SSO_IDP_FIXTURE_DIR at the project's tests/fixtures/idp folder."
        );

        let mut options = IdpOptions::new("http://127.0.0.1:1", "http://127.0.0.1:1");
        options.simplesamlphp_www = PathBuf::from("/nonexistent/www");
        assert_eq!(Idp::start(options).unwrap_err().code(), "simplesamlphp_missing");

        let mut options = IdpOptions::new("http://127.0.0.1:1", "http://127.0.0.1:1");
        options.php = PathBuf::from("/nonexistent/php");
        assert_eq!(Idp::start(options).unwrap_err().code(), "php_missing");
    }
}
