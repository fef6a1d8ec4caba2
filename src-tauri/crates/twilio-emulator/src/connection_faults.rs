//! Faults below HTTP: a connection reset once the request has arrived, and an answer that stalls
//! half way through its body. axum cannot do either from a handler (it always answers), so they
//! happen in the listener, before axum sees the connection.
//!
//! While such a fault is set, each new connection's request head is read first (in a task of its
//! own, so a silent client holds up nobody), to see where it goes: the control endpoints are
//! always served, so a test or the practice sandbox can switch the fault off again. The first
//! `times` requests to the three Twilio endpoints are faulted, and each is counted on its
//! endpoint; everything else goes to axum with the bytes already read put back in front.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use crate::scenario::Fault;
use crate::server::{Endpoint, Shared};

/// A connection whose first bytes were read to decide its fate; they are read again first.
pub(crate) struct Rewound {
    prefix: Vec<u8>,
    served: usize,
    inner: TcpStream,
}

impl AsyncRead for Rewound {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.served < self.prefix.len() {
            let n = buf.remaining().min(self.prefix.len() - self.served);
            let start = self.served;
            buf.put_slice(&self.prefix[start..start + n]);
            self.served += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Rewound {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, data)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// axum's listener, with the connection-level faults in front. Connections are accepted by a
/// background task and handed over once their fate is decided.
pub(crate) struct FaultyListener {
    ready: mpsc::Receiver<(Rewound, SocketAddr)>,
    local: SocketAddr,
}

impl FaultyListener {
    pub(crate) fn new(listener: TcpListener, shared: Arc<Shared>) -> io::Result<Self> {
        let local = listener.local_addr()?;
        let (hand_over, ready) = mpsc::channel(64);
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    accepted = listener.accept() => accepted,
                    // The server stopped listening (shutdown): stop accepting too.
                    () = hand_over.closed() => return,
                };
                match accepted {
                    Ok((stream, addr)) => {
                        tokio::spawn(decide(stream, addr, shared.clone(), hand_over.clone()));
                    }
                    Err(error) => {
                        // Out of file descriptors and the like: wait a little rather than spin.
                        tracing::warn!(%error, "the Twilio emulator could not accept a connection");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
            }
        });
        Ok(Self { ready, local })
    }
}

impl axum::serve::Listener for FaultyListener {
    type Io = Rewound;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(ready) => ready,
            // The accepting task has ended, which happens only after shutdown: wait for it.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.local)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    Reset,
    Stall,
}

/// Whether a connection-level fault is set (then each request head is read before deciding).
fn connection_fault_set(shared: &Shared) -> bool {
    matches!(shared.live().scenario.fault, Fault::ResetConnection { .. } | Fault::Stall { .. })
}

async fn decide(mut stream: TcpStream, addr: SocketAddr, shared: Arc<Shared>, hand_over: mpsc::Sender<(Rewound, SocketAddr)>) {
    let mut prefix = Vec::new();
    if connection_fault_set(&shared) {
        prefix = read_head(&mut stream).await;
        let head = String::from_utf8_lossy(&prefix);
        if let Some(endpoint) = head.split_whitespace().nth(1).and_then(Endpoint::of_path) {
            // Decided under one lock, with the fault as it is now (it may have just changed).
            let plan = {
                let mut live = shared.live();
                let (plan, times) = match live.scenario.fault {
                    Fault::ResetConnection { times } => (Some(Plan::Reset), times),
                    Fault::Stall { times } => (Some(Plan::Stall), times),
                    _ => (None, None),
                };
                plan.filter(|_| {
                    live.faulted_connections += 1;
                    times.is_none_or(|t| live.faulted_connections <= t)
                })
            };
            if let Some(plan) = plan {
                shared.count(endpoint);
                match plan {
                    Plan::Reset => reset(stream),
                    Plan::Stall => stall(stream).await,
                }
                return;
            }
        }
    }
    let _ = hand_over.send((Rewound { prefix, served: 0, inner: stream }, addr)).await;
}

/// The request head (up to a bound, and a few seconds): enough to see the request line.
async fn read_head(stream: &mut TcpStream) -> Vec<u8> {
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
    head
}

/// The request has arrived; the connection is reset (RST, not a polite close): the client sees
/// "connection reset" and no answer at all.
fn reset(stream: TcpStream) {
    // SO_LINGER 0 makes the close below send RST instead of FIN.
    let _ = stream.set_zero_linger();
    drop(stream);
}

/// The status line, the headers and part of the body, then nothing: the client waits until its
/// own timeout. The connection is held until the client gives up.
async fn stall(mut stream: TcpStream) {
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
