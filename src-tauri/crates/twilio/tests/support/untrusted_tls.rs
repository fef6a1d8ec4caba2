//! An https server on loopback whose certificate nothing trusts: a self-signed certificate made
//! for this run by the `openssl` CLI, served by `openssl s_server`. The client under test must
//! fail the handshake with a "certificate not trusted" message and send nothing.
//!
//! Plain std (no TLS crate in the tests' dependencies, so their feature set stays the
//! workspace's); also used by the metadata crate's tests (`#[path]`).
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct UntrustedHttps {
    child: Child,
    pub port: u16,
    dir: std::path::PathBuf,
}

fn openssl(dir: &std::path::Path, args: &[&str]) {
    let status = Command::new("openssl").args(args).current_dir(dir).stdout(Stdio::null()).stderr(Stdio::null()).status().expect("openssl runs");
    assert!(status.success(), "openssl {args:?} failed");
}

impl UntrustedHttps {
    /// Makes the certificate (for `localhost` and 127.0.0.1, valid now: only its issuer is
    /// wrong), starts the server and returns once it accepts connections.
    pub fn start() -> UntrustedHttps {
        // A folder of its own (no tempfile crate here): process id and a counter make it unique.
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("untrusted-tls-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        // An end-entity certificate (CA:FALSE) for the right names, valid now: only its issuer
        // (itself) is wrong.
        std::fs::write(dir.join("req.cnf"), "[req]\ndistinguished_name=dn\nx509_extensions=ext\nprompt=no\n[dn]\nCN=localhost\n[ext]\nbasicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n").expect("openssl config");
        openssl(&dir, &[
            "req", "-x509", "-config", "req.cnf", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "key.pem", "-out", "cert.pem", "-days", "2",
        ]);
        // A port that was free a moment ago; if something takes it first, s_server exits and the
        // next one is tried.
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
            let mut child = Command::new("openssl")
                .args(["s_server", "-quiet", "-www", "-cert", "cert.pem", "-key", "key.pem", "-accept"])
                .arg(format!("127.0.0.1:{port}"))
                .current_dir(&dir)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("openssl s_server starts");
            let deadline = Instant::now() + Duration::from_secs(10);
            let address = SocketAddr::from(([127, 0, 0, 1], port));
            while Instant::now() < deadline {
                if child.try_wait().expect("s_server status").is_some() {
                    break;
                }
                if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                    return UntrustedHttps { child, port, dir };
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&dir);
        panic!("openssl s_server did not start on a free port");
    }
}

impl Drop for UntrustedHttps {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
