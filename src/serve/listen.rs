//! The preview's listening socket, taken before the first build so a busy port is known at
//! once. Without `--port`, a busy default port gives way to the next free one. Connections
//! are served here rather than by `axum::serve`, which sets no timeout for request headers:
//! a client that opens a connection and sends its headers slowly would hold it for ever.

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::pin::pin;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::watch;

use crate::diagnostic::Diagnostic;

/// How long a client may take to send a request's headers (browsers send them at once).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// The port `serve` tries first when none is given.
pub const DEFAULT_PORT: u16 = 1111;

/// How many ports after the default one are tried.
const TRIES: u16 = 20;

/// A bound listener, and a note for the terminal when it is not on the port asked for.
#[derive(Debug)]
pub struct Bound {
    pub listener: TcpListener,
    pub moved: Option<String>,
}

/// Binds `bind:port`; with `port` `None`, the first free port from `DEFAULT_PORT` on.
pub fn bind(addr: IpAddr, port: Option<u16>) -> Result<Bound, Diagnostic> {
    let Some(port) = port else {
        return bind_default(addr, DEFAULT_PORT);
    };
    TcpListener::bind(SocketAddr::new(addr, port))
        .map(|listener| Bound {
            listener,
            moved: None,
        })
        .map_err(|e| explain(addr, port, &e, true))
}

/// Tries `first`, then the next ports, moving on only when a port is in use.
fn bind_default(addr: IpAddr, first: u16) -> Result<Bound, Diagnostic> {
    let last = first.saturating_add(TRIES);
    for port in first..=last {
        match TcpListener::bind(SocketAddr::new(addr, port)) {
            Ok(listener) => {
                let moved = (port != first).then(|| {
                    format!(
                        "Port {first} is in use (perhaps by another preview); serving on port {port} instead."
                    )
                });
                return Ok(Bound { listener, moved });
            }
            Err(e) if e.kind() == io::ErrorKind::AddrInUse && port < last => {}
            Err(e) => return Err(explain(addr, port, &e, false)),
        }
    }
    Err(
        Diagnostic::error(addr.to_string(), "cannot listen: no port is free")
            .with_hint("choose a free port with --port"),
    )
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open connections finish
/// their current response (event streams end when the server stops) and returns.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let (closing_tx, closing_rx) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was taken: wait a
                // little rather than spin, and go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let mut closing = closing_rx.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let mut conn = pin!(builder.serve_connection(TokioIo::new(stream), service));
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = async { closing.wait_for(|c| *c).await.map(|_| ()) } => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    drop(listener);
    drop(closing_rx);
    let _ = closing_tx.send(true);
    // Every connection holds a receiver: all are gone once the last one has finished.
    closing_tx.closed().await;
    Ok(())
}

/// Why `addr:port` could not be listened on, located at that address, with what to do.
fn explain(addr: IpAddr, port: u16, e: &io::Error, explicit: bool) -> Diagnostic {
    let at = SocketAddr::new(addr, port);
    let hint = match e.kind() {
        io::ErrorKind::AddrInUse if explicit => {
            let instead = if port == DEFAULT_PORT {
                format!("leave out --port to take the next free one after {DEFAULT_PORT}")
            } else {
                format!(
                    "choose another port with --port, or leave out --port to take the first free one from {DEFAULT_PORT}"
                )
            };
            format!(
                "another program (perhaps another `ictreport serve`) listens on port {port}; stop it, or {instead}"
            )
        }
        io::ErrorKind::AddrInUse => {
            format!("ports {DEFAULT_PORT} to {port} are all in use; choose a free one with --port")
        }
        io::ErrorKind::PermissionDenied => {
            "ports below 1024 need administrator rights; choose a port from 1024 on".to_string()
        }
        io::ErrorKind::AddrNotAvailable => {
            format!("{addr} is not an address of this machine; leave out --bind to use 127.0.0.1")
        }
        _ => "choose another port with --port".to_string(),
    };
    Diagnostic::error(
        at.to_string(),
        format!("cannot listen on this address: {e}"),
    )
    .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const LOCAL: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    /// A port that was free a moment ago, with its next one also free.
    fn free_pair() -> u16 {
        loop {
            let a = TcpListener::bind((LOCAL, 0)).unwrap();
            let port = a.local_addr().unwrap().port();
            if port < u16::MAX - TRIES && TcpListener::bind((LOCAL, port + 1)).is_ok() {
                return port;
            }
        }
    }

    #[test]
    fn a_busy_default_port_moves_to_the_next_free_one() {
        let first = free_pair();
        let _busy = TcpListener::bind((LOCAL, first)).unwrap();
        let bound = bind_default(LOCAL, first).unwrap();
        assert_eq!(bound.listener.local_addr().unwrap().port(), first + 1);
        let note = bound.moved.unwrap();
        assert!(note.contains(&format!("Port {first} is in use")), "{note}");
    }

    #[test]
    fn a_busy_explicit_port_is_an_error_with_a_hint() {
        let busy = TcpListener::bind((LOCAL, 0)).unwrap();
        let port = busy.local_addr().unwrap().port();
        let err = bind(LOCAL, Some(port)).unwrap_err().to_string();
        assert!(
            err.contains(&format!(
                "error: 127.0.0.1:{port}: cannot listen on this address"
            )),
            "{err}"
        );
        assert!(err.contains("hint: another program"), "{err}");
    }
}
