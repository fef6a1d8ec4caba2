//! Faults below HTTP: a connection reset once the request has arrived, and an answer that stalls
//! half way through its body. axum cannot do either from a handler (it always answers), so they
//! happen in the listener, before axum sees the connection.
//!
//! They count per connection, not per endpoint: the first `times` connections are faulted and the
//! rest go to axum. Each faulted connection's request is still counted on its endpoint (from its
//! request line), so tests see every attempt the client made.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::scenario::Fault;
use crate::server::{Endpoint, Shared};

/// axum's listener, with the connection-level faults in front.
pub(crate) struct FaultyListener {
    pub(crate) inner: TcpListener,
    pub(crate) shared: Arc<Shared>,
}

/// What to do with one new connection.
enum Plan {
    Serve,
    Reset,
    Stall,
}

fn plan(shared: &Shared) -> Plan {
    let mut live = shared.live();
    let (kind, times) = match live.scenario.fault {
        Fault::ResetConnection { times } => (Plan::Reset, times),
        Fault::Stall { times } => (Plan::Stall, times),
        _ => return Plan::Serve,
    };
    live.faulted_connections += 1;
    if times.is_none_or(|t| live.faulted_connections <= t) {
        kind
    } else {
        Plan::Serve
    }
}

impl axum::serve::Listener for FaultyListener {
    type Io = TcpStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let (stream, addr) = match self.inner.accept().await {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(%error, "the Twilio emulator could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            match plan(&self.shared) {
                Plan::Serve => return (stream, addr),
                Plan::Reset => {
                    tokio::spawn(reset(stream, self.shared.clone()));
                }
                Plan::Stall => {
                    tokio::spawn(stall(stream, self.shared.clone()));
                }
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// Reads the request head (up to a bound, and a few seconds) and counts it on its endpoint.
async fn read_request(stream: &mut TcpStream, shared: &Shared) {
    let mut head = Vec::new();
    let mut buffer = [0u8; 2048];
    let read = async {
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => head.extend_from_slice(&buffer[..n]),
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(5), read).await;
    let line = String::from_utf8_lossy(&head);
    let path = line.split_whitespace().nth(1).unwrap_or("");
    if let Some(endpoint) = Endpoint::of_path(path) {
        shared.count(endpoint);
    }
}

/// The request arrives, then the connection is reset (RST, not a polite close): the client sees
/// "connection reset" with no answer at all.
async fn reset(mut stream: TcpStream, shared: Arc<Shared>) {
    read_request(&mut stream, &shared).await;
    // SO_LINGER 0 makes the close below send RST instead of FIN.
    let _ = stream.set_zero_linger();
    drop(stream);
}

/// The status line, the headers and part of the body, then nothing: the client waits until its
/// own timeout. The connection is held until the client gives up (or the emulator stops).
async fn stall(mut stream: TcpStream, shared: Arc<Shared>) {
    read_request(&mut stream, &shared).await;
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4096\r\n\r\n{\"account_sid\": \"";
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let _ = stream.flush().await;
    let mut sink = [0u8; 1024];
    while let Ok(n) = stream.read(&mut sink).await {
        if n == 0 {
            break;
        }
    }
}
