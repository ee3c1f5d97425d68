//! The accept loop: a slot per connection (at the cap, new connections wait in the kernel's
//! queue), hyper's HTTP/1 per connection with a header timeout and a write timeout, a pause
//! when the process runs out of file descriptors, and a stop that waits a bounded time.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio_io_timeout::TimeoutStream;

use super::LimitArgs;

/// File descriptors kept out of the connection cap: stdio, the listener, the runtime's epoll
/// and wake-up descriptors, and a margin for what the libraries open.
const FD_HEADROOM: usize = 32;

/// hyper's read buffer per connection, which bounds a request's line and headers: past it hyper
/// itself refuses with a bodiless 431. Four times `routes::MAX_URI_BYTES`, so the usual refusals
/// of long targets and headers are the router's, with a JSON message.
const MAX_HEAD_BUFFER: usize = 64 * 1024;

/// The first and the longest pause after a failed accept (out of file descriptors): doubled on
/// each failure in a row, so the loop neither spins nor sleeps long after a descriptor frees.
const ACCEPT_PAUSE_MIN: Duration = Duration::from_millis(10);
const ACCEPT_PAUSE_MAX: Duration = Duration::from_secs(1);

/// The connection cap: what the user asked for, lowered to fit the file-descriptor limit.
pub fn connection_cap(wanted: usize) -> usize {
    match descriptor_limit() {
        Some(limit) => wanted.min(limit.saturating_sub(FD_HEADROOM).max(1)),
        None => wanted,
    }
}

/// The soft limit on open file descriptors (`ulimit -n`), where it can be read.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn descriptor_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct it is given and reads nothing else.
    let read = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    (read == 0 && limit.rlim_cur != libc::RLIM_INFINITY)
        .then(|| usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX))
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn descriptor_limit() -> Option<usize> {
    None
}

/// Serves until `stop` turns true, then gives the connections still open `shutdown_timeout`
/// to finish their requests. Returns how many were still open then (and are dropped).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    max_connections: usize,
    limits: &LimitArgs,
    mut stop: watch::Receiver<bool>,
) -> usize {
    let slots = Arc::new(Semaphore::new(max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout())
        .max_buf_size(MAX_HEAD_BUFFER);
    let mut pause = ACCEPT_PAUSE_MIN;
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot.expect("the semaphore is never closed"),
            _ = stop.wait_for(|stopping| *stopping) => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|stopping| *stopping) => break,
        };
        let stream = match accepted {
            Ok((stream, _peer)) => {
                pause = ACCEPT_PAUSE_MIN;
                stream
            }
            Err(e) if is_per_connection(&e) => continue,
            Err(e) => {
                // Out of descriptors (EMFILE, ENFILE) or memory: the connection waits in the
                // kernel's queue until one closes.
                if pause == ACCEPT_PAUSE_MIN {
                    eprintln!("mentionmap: cannot accept a connection ({e}): pausing");
                }
                drop(slot);
                tokio::select! {
                    () = tokio::time::sleep(pause) => {},
                    _ = stop.wait_for(|stopping| *stopping) => break,
                }
                pause = (pause * 2).min(ACCEPT_PAUSE_MAX);
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        // A client that stops reading its answer is dropped after the request timeout.
        let mut io = TimeoutStream::new(stream);
        io.set_write_timeout(Some(limits.request_timeout()));
        let connection = http.serve_connection(
            TokioIo::new(Box::pin(io)),
            TowerToHyperService::new(app.clone()),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // Errors here are one client's (a reset, a timeout): nothing to report.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    let stopped = tokio::time::timeout(limits.shutdown_timeout(), graceful.shutdown()).await;
    match stopped {
        Ok(()) => 0,
        Err(_) => max_connections - slots.available_permits(),
    }
}

/// Errors of one connection that came and went before it was accepted: accept the next.
fn is_per_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
