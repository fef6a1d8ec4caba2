//! Downloads from a local HTTP server on 127.0.0.1 (the one place plain http is allowed).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::*;
use flex_sso_metadata::{fetch_metadata_url, inspect_url, InspectOptions, Limits};

/// Serves every connection on its own thread until the test process ends.
fn serve(body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://127.0.0.1:{}", listener.local_addr().expect("addr").port());
    let host = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let body = body.clone();
            let host = host.clone();
            std::thread::spawn(move || handle(stream, &body, &host));
        }
    });
    base
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
    let direct = fetch_metadata_url(&format!("{base}/metadata"), &limits).await.expect("direct");
    assert_eq!(direct.bytes, body.as_bytes());
    assert_eq!(direct.content_type.as_deref(), Some("application/samlmetadata+xml"));
    let three = fetch_metadata_url(&format!("{base}/hop/3"), &limits).await.expect("three hops");
    assert_eq!(three.final_url, format!("{base}/metadata"));
    assert_eq!(three.bytes.len(), direct.bytes.len());
    let four = fetch_metadata_url(&format!("{base}/hop/4"), &limits).await.unwrap_err();
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
        let started = Instant::now();
        let error = fetch_metadata_url(&format!("{base}{path}"), &limits).await.unwrap_err();
        assert_eq!(error.code(), code, "{path}: {error}");
        assert!(started.elapsed() < Duration::from_secs(10), "{path} took {:?}", started.elapsed());
    }
    let error = fetch_metadata_url(&format!("{base}/silent"), &limits).await.unwrap_err();
    assert_eq!(error.to_string(), "The server did not answer completely within 0.5 seconds.");
    let error = fetch_metadata_url(&format!("{base}/to-plain-http"), &limits).await.unwrap_err();
    assert!(error.to_string().starts_with("The server redirected to http://idp.example.com/metadata, which is refused: The address uses plain http://"), "{error}");
}

#[tokio::test]
async fn nothing_listening_is_a_network_error() {
    // Bind then drop to get a port with (almost certainly) nothing listening on it.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let error = fetch_metadata_url(&format!("http://127.0.0.1:{port}/m"), &Limits::default()).await.unwrap_err();
    assert_eq!(error.code(), "fetch_network");
    assert!(error.to_string().starts_with("The server could not be reached: "), "{error}");
}

#[tokio::test]
async fn inspect_url_end_to_end() {
    let base = serve(metadata_body());
    let report = inspect_url(&format!("{base}/hop/2"), NOW, &InspectOptions::default()).await;
    assert_eq!(report.exit_code(), 0, "{:?}", report.findings);
    assert_eq!(report.entity_id.as_deref(), Some("http://www.okta.com/exk9flexfixture0001"));
    let failed = inspect_url("http://idp.example.com/metadata", NOW, &InspectOptions::default()).await;
    assert_eq!(codes(&failed), vec!["fetch_failed"]);
    assert_eq!(failed.findings[0].title, "The metadata address is not secure");
    assert_eq!(failed.exit_code(), 2);
}
