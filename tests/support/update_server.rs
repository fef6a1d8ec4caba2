//! A local update server for the updater tests: a Tauri `latest.json` and the package it names,
//! on loopback, with every request counted; what it serves can change during a test. Packages are
//! signed with a throwaway minisign key pair made by the test (never a committed key), in the
//! form Tauri's CLI writes (`tauri signer sign`): base64 of the minisign signature file, with the
//! version in the trusted comment.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine;

fn b64(bytes: impl AsRef<[u8]>) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A release key pair made for one test.
pub struct SigningKey {
    keys: minisign::KeyPair,
}

impl SigningKey {
    pub fn generate() -> SigningKey {
        SigningKey { keys: minisign::KeyPair::generate_unencrypted_keypair().expect("a key pair") }
    }

    /// The public key as `tauri.conf.json` holds it (base64 of the public key file).
    pub fn public_key(&self) -> String {
        b64(self.keys.pk.to_box().expect("public key box").to_string())
    }

    /// A signature of `package` for `version`, as the release workflow's `.sig` files hold it.
    pub fn sign(&self, package: &[u8], version: &str) -> String {
        let trusted = format!("timestamp:1764547200\tfile:flex-sso-migrator_{version}_amd64.AppImage\tversion:{version}");
        let signature = minisign::sign(Some(&self.keys.pk), &self.keys.sk, package, Some(&trusted), Some("signature from tauri secret key"))
            .expect("a signature");
        b64(signature.to_string())
    }
}

/// One release as the server announces it.
#[derive(Clone)]
pub struct Release {
    pub version: String,
    pub notes: String,
    /// What the download returns.
    pub package: Vec<u8>,
    /// What latest.json says the package's signature is.
    pub signature: String,
}

impl Release {
    /// A release whose package is signed by `key`.
    pub fn signed(key: &SigningKey, version: &str, notes: &str) -> Release {
        let package = format!("\x7fELF a test package of version {version}, never installed").into_bytes();
        let signature = key.sign(&package, version);
        Release { version: version.into(), notes: notes.into(), package, signature }
    }

    /// The same release with its package changed after it was signed.
    pub fn tampered(mut self) -> Release {
        self.package.extend_from_slice(b" and something added on the way");
        self
    }
}

#[derive(Default)]
struct Served {
    release: Option<Release>,
    requests: Vec<String>,
}

pub struct UpdateServer {
    pub base: String,
    served: Arc<Mutex<Served>>,
    stop: Arc<AtomicBool>,
}

impl UpdateServer {
    /// Serves `release` (or "no update", 204) until dropped.
    pub fn start(release: Option<Release>) -> UpdateServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let served = Arc::new(Mutex::new(Served { release, requests: Vec::new() }));
        let stop = Arc::new(AtomicBool::new(false));
        let (served_, stop_, base_) = (served.clone(), stop.clone(), base.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let _ = answer(stream, &served_, &base_);
                }
            }
        });
        UpdateServer { base, served, stop }
    }

    /// The address of the manifest (what the app's updater is pointed at).
    pub fn manifest_url(&self) -> String {
        format!("{}/latest.json", self.base)
    }

    pub fn serve(&self, release: Option<Release>) {
        self.served.lock().unwrap().release = release;
    }

    /// How many requests asked for `path`.
    pub fn requests(&self, path: &str) -> usize {
        self.served.lock().unwrap().requests.iter().filter(|p| p.as_str() == path).count()
    }

    /// The app's environment pointing its updater here with `key`'s public key.
    pub fn env(&self, key: &SigningKey) -> Vec<(String, String)> {
        vec![
            ("FLEX_SSO_UPDATE_ENDPOINT".into(), self.manifest_url()),
            ("FLEX_SSO_UPDATE_PUBKEY".into(), key.public_key()),
        ]
    }
}

impl Drop for UpdateServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so the thread ends.
        let _ = TcpStream::connect(self.base.trim_start_matches("http://"));
    }
}

fn answer(stream: TcpStream, served: &Mutex<Served>, base: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut line = String::new();
    while reader.read_line(&mut line)? > 0 && line != "\r\n" {
        line.clear();
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let (status, content_type, body) = {
        let mut served = served.lock().unwrap();
        served.requests.push(path.clone());
        match (path.as_str(), &served.release) {
            ("/latest.json", None) => ("204 No Content", "application/json", Vec::new()),
            ("/latest.json", Some(release)) => {
                let platform = format!("linux-{}", std::env::consts::ARCH);
                let manifest = serde_json::json!({
                    "version": release.version,
                    "notes": release.notes,
                    "pub_date": "2026-12-01T09:00:00Z",
                    "platforms": { platform: { "signature": release.signature, "url": format!("{base}/package") } }
                });
                ("200 OK", "application/json", manifest.to_string().into_bytes())
            }
            ("/package", Some(release)) => ("200 OK", "application/octet-stream", release.package.clone()),
            _ => ("404 Not Found", "text/plain", b"not here".to_vec()),
        }
    };
    let mut stream = stream;
    write!(stream, "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len())?;
    stream.write_all(&body)?;
    let _ = reader.read(&mut [0u8; 0]);
    Ok(())
}
