//! Downloads from a local HTTP server on 127.0.0.1: refused as "this computer" by default, and
//! downloaded when the caller allows loopback (the practice sandbox's setting).

mod common;
#[path = "../../twilio/tests/support/untrusted_tls.rs"]
mod untrusted_tls;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use flex_sso_metadata::{fetch_metadata_url, inspect_url, DownloadPolicy, InspectOptions, Limits};

const SANDBOX: DownloadPolicy = DownloadPolicy::SANDBOX;
const INTERNET: DownloadPolicy = DownloadPolicy::INTERNET_ONLY;

/// Serves every connection on its own thread until the test process ends.
fn serve(body: String) -> String {
    serve_counted(body).0
}

/// Like [`serve`], and counts the connections accepted (to prove a refused address was never
/// connected to).
fn serve_counted(body: String) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://127.0.0.1:{}", listener.local_addr().expect("addr").port());
    let host = base.clone();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            let body = body.clone();
            let host = host.clone();
            std::thread::spawn(move || handle(stream, &body, &host));
        }
    });
    (base, accepted)
}

fn handle(mut stream: TcpStream, body: &str, host: &str) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let redirect = |to: &str| format!("HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    let response = match path.as_str() {
        "/metadata" => format!("HTTP/1.1 200 OK\r\nContent-Type: application/samlmetadata+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()),
        p if p.starts_with("/hop/") => {
            // /hop/N answers with N redirects in a row before the metadata.
            let n: u32 = p[5..].parse().unwrap_or(0);
            // Alternate absolute and relative Location headers.
            if n <= 1 { redirect("/metadata") } else if n.is_multiple_of(2) { redirect(&format!("{host}/hop/{}", n - 1)) } else { redirect(&format!("/hop/{}", n - 1)) }
        }
        "/to-plain-http" => redirect("http://idp.example.com/metadata"),
        // /to/https/HOST/PATH redirects to https://HOST/PATH (HOST may be a literal IP).
        p if p.starts_with("/to/https/") => redirect(&format!("https://{}", &p["/to/https/".len()..])),
        "/missing" => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned(),
        "/declared-huge" => "HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\nConnection: close\r\n\r\n".to_owned(),
        "/endless" => {
            // No Content-Length: the body ends when the connection closes, which it never does
            // by itself; up to 100 MB of spaces are offered.
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n");
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..1600 {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
            }
            return;
        }
        "/silent" => {
            // Never answers; returns when the client gives up and closes.
            let _ = reader.read(&mut [0u8; 1]);
            return;
        }
        _ => "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned(),
    };
    let _ = stream.write_all(response.as_bytes());
}

fn metadata_body() -> String {
    fill(&fixture("okta.xml"), &[("SIGNING", &rsa_expiring_in("Fetched", 300).base64())])
}

#[tokio::test]
async fn downloads_and_follows_up_to_three_redirects() {
    let body = metadata_body();
    let base = serve(body.clone());
    let limits = Limits::default();
    let direct = fetch_metadata_url(&format!("{base}/metadata"), &limits, SANDBOX).await.expect("direct");
    assert_eq!(direct.bytes, body.as_bytes());
    assert_eq!(direct.content_type.as_deref(), Some("application/samlmetadata+xml"));
    let three = fetch_metadata_url(&format!("{base}/hop/3"), &limits, SANDBOX).await.expect("three hops");
    assert_eq!(three.final_url, format!("{base}/metadata"));
    assert_eq!(three.bytes.len(), direct.bytes.len());
    let four = fetch_metadata_url(&format!("{base}/hop/4"), &limits, SANDBOX).await.unwrap_err();
    assert_eq!(four.code(), "fetch_too_many_redirects");
    assert_eq!(four.to_string(), "The server redirected more than 3 times.");
}

#[tokio::test]
async fn refusals_are_specific() {
    let base = serve(metadata_body());
    let limits = Limits { timeout: Duration::from_millis(500), ..Limits::default() };
    let cases = [
        ("/to-plain-http", "fetch_redirect_refused"),
        ("/missing", "fetch_http_status"),
        ("/declared-huge", "fetch_too_large"),
        ("/endless", "fetch_too_large"),
        ("/silent", "fetch_timeout"),
    ];
    for (path, code) in cases {
        // Each ends in its own limit's error (a hang would end in another one, or not at all).
        let error = fetch_metadata_url(&format!("{base}{path}"), &limits, SANDBOX).await.unwrap_err();
        assert_eq!(error.code(), code, "{path}: {error}");
    }
    let error = fetch_metadata_url(&format!("{base}/silent"), &limits, SANDBOX).await.unwrap_err();
    assert_eq!(error.to_string(), "The server did not answer completely within 0.5 seconds.");
    let error = fetch_metadata_url(&format!("{base}/to-plain-http"), &limits, SANDBOX).await.unwrap_err();
    assert!(error.to_string().starts_with("The server redirected to http://idp.example.com/metadata, which is refused: The address uses plain http://"), "{error}");
}

#[tokio::test]
async fn nothing_listening_is_a_network_error() {
    // Bind then drop to get a port with (almost certainly) nothing listening on it.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let error = fetch_metadata_url(&format!("http://127.0.0.1:{port}/m"), &Limits::default(), SANDBOX).await.unwrap_err();
    assert_eq!(error.code(), "fetch_network");
    assert!(error.to_string().starts_with("The server could not be reached: "), "{error}");
}

#[tokio::test]
async fn inspect_url_end_to_end() {
    let base = serve(metadata_body());
    let sandbox = InspectOptions { download: SANDBOX, ..InspectOptions::default() };
    let report = inspect_url(&format!("{base}/hop/2"), NOW, &sandbox).await;
    assert_eq!(report.exit_code(), 0, "{:?}", report.findings);
    assert_eq!(report.entity_id.as_deref(), Some("http://www.okta.com/exk9flexfixture0001"));
    let failed = inspect_url("http://idp.example.com/metadata", NOW, &InspectOptions::default()).await;
    assert_eq!(codes(&failed), vec!["fetch_failed"]);
    assert_eq!(failed.findings[0].title, "The metadata address is not secure");
    assert_eq!(failed.exit_code(), 2);
}

#[tokio::test]
async fn this_computer_is_refused_by_name_and_by_every_spelling_of_its_address() {
    let (base, accepted) = serve_counted(metadata_body());
    let port = base.rsplit(':').next().unwrap().to_owned();
    let addresses = [
        format!("http://localhost:{port}/metadata"),
        format!("http://LocalHost:{port}/metadata"),
        format!("http://127.0.0.1:{port}/metadata"),
        format!("http://[::1]:{port}/metadata"),
        format!("https://localhost:{port}/metadata"),
        format!("https://[::ffff:127.0.0.1]:{port}/metadata"),
        format!("https://0.0.0.0:{port}/metadata"),
        format!("https://[::]:{port}/metadata"),
        format!("https://2130706433:{port}/metadata"),
        format!("https://127.1:{port}/metadata"),
    ];
    for address in &addresses {
        let error = fetch_metadata_url(address, &Limits::default(), INTERNET).await.unwrap_err();
        assert_eq!(error.code(), "fetch_address_private", "{address}: {error}");
        assert!(error.to_string().starts_with("This address points back to your own computer or a private network: "), "{error}");
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 0, "a refused address must never be connected to");
    let error = fetch_metadata_url(&format!("http://localhost:{port}/metadata"), &Limits::default(), INTERNET).await.unwrap_err();
    let text = error.to_string();
    assert!(text.starts_with("This address points back to your own computer or a private network: localhost leads to "), "{text}");
    assert!(text.ends_with(", this computer's own loopback address. Metadata is downloaded only from the internet, so it is refused."), "{text}");
    let error = fetch_metadata_url(&format!("https://0.0.0.0:{port}/metadata"), &Limits::default(), INTERNET).await.unwrap_err();
    assert_eq!(error.to_string(), "This address points back to your own computer or a private network: 0.0.0.0 is the unspecified address, which reaches this computer. Metadata is downloaded only from the internet, so it is refused.");
    assert_eq!(error.to_finding().title, "The metadata address leads to this computer or a private network");
}

#[tokio::test]
async fn the_sandbox_setting_allows_this_computer_and_nothing_else_local() {
    let (base, accepted) = serve_counted(metadata_body());
    let port = base.rsplit(':').next().unwrap().to_owned();
    let by_name = fetch_metadata_url(&format!("http://localhost:{port}/metadata"), &Limits::default(), SANDBOX).await.expect("by name");
    assert_eq!(by_name.bytes, metadata_body().as_bytes());
    assert!(accepted.load(Ordering::SeqCst) >= 1);
    // Every hop is checked: a sandbox server may not send the download into the local network,
    // the cloud's instance metadata or "any address".
    let hops = [
        ("10.0.0.7/metadata", "10.0.0.7 is a private network address"),
        ("192.168.1.1/metadata", "192.168.1.1 is a private network address"),
        ("172.20.0.1/metadata", "172.20.0.1 is a private network address"),
        ("169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("[fe80::1]/metadata", "[fe80::1] is a link-local address"),
        ("[fd00::1]/metadata", "[fd00::1] is a private network address"),
        ("[::ffff:10.0.0.7]/metadata", "[::ffff:a00:7] is a private network address"),
        ("0.0.0.0/metadata", "0.0.0.0 is the unspecified address"),
    ];
    for (target, words) in hops {
        let error = fetch_metadata_url(&format!("{base}/to/https/{target}"), &Limits::default(), SANDBOX).await.unwrap_err();
        assert_eq!(error.code(), "fetch_address_private", "{target}: {error}");
        let text = error.to_string();
        assert!(text.starts_with("The server redirected to https://"), "{text}");
        assert!(text.contains(&format!("This address points back to your own computer or a private network: {words}")), "{text}");
        // Refused before connecting: a connection to these addresses would end in a timeout
        // (another code), never in this one.
    }
}

#[tokio::test]
async fn a_name_that_does_not_exist_is_said_so() {
    let error = fetch_metadata_url("https://no-such-idp.invalid/metadata", &Limits::default(), INTERNET).await.unwrap_err();
    assert_eq!(error.code(), "fetch_name_not_found", "{error}");
    assert_eq!(error.to_string(), "The server name no-such-idp.invalid could not be found (the name does not exist in DNS, or no DNS server answered).");
    assert_eq!(error.to_finding().title, "The IdP's server name was not found");
}

#[tokio::test]
async fn a_certificate_nobody_trusts_is_said_so() {
    let server = untrusted_tls::UntrustedHttps::start();
    let url = format!("https://localhost:{}/metadata", server.port);
    let error = fetch_metadata_url(&url, &Limits::default(), SANDBOX).await.unwrap_err();
    assert_eq!(error.code(), "fetch_certificate_untrusted", "{error}");
    assert_eq!(error.to_string(), "The connection to localhost is not secure: its certificate is not trusted by this computer (it is not signed by an authority this computer trusts, for example a self-signed certificate).");
    assert_eq!(error.to_finding().title, "The IdP's certificate is not trusted");
}
