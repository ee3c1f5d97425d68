//! `mentionmap serve`: the name resolver as a Reconciliation Service API 0.2 endpoint
//! (OpenRefine's "Add standard service"), on loopback unless told otherwise.
//!
//! HTTP glue only; what each request means and answers is `mentionmap::reconcile::api`.
//! Three rooms:
//! - this file: the options, the signals and the stop with a deadline;
//! - `listen`: the accept loop, hyper per connection (header and write timeouts), the cap on
//!   open connections, backing off when the process runs out of file descriptors;
//! - `routes`: axum's router with the tower layers (request timeout, concurrency and size
//!   limits, CORS, JSON error bodies) and the handlers.
//!
//! Why not `axum::serve`: it has no header timeout, no cap on connections, and its graceful stop
//! waits for every connection without end, so one client that stops mid-request keeps the
//! process alive after SIGTERM (issue 30, items 1 and 2).

mod listen;
mod routes;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;

use super::GazetteerArgs;

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on. The default is loopback only: other machines cannot reach
    /// it. Port 0 picks a free port (printed on stderr). An address such as 0.0.0.0 opens the
    /// service, which has no authentication, to the network.
    #[arg(long, default_value = "127.0.0.1:8088", value_name = "ADDR:PORT")]
    bind: SocketAddr,
    /// The service's name, as OpenRefine lists it.
    #[arg(long, default_value = "mentionmap", value_name = "NAME")]
    name: String,
    /// The service's address as its clients reach it (`https://names.example.org/reconcile`),
    /// used in the manifest's URLs. Without it the request's Host header is used when it is a
    /// plain host[:port], and the bound address otherwise.
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// Print nothing on stderr but errors and the address.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
}

/// The service's limits: each one bounds what one client, or many, can hold of it.
#[derive(Debug, Clone, Args)]
pub struct LimitArgs {
    /// Open connections at most; more wait in the kernel's queue until one closes. Lowered to
    /// fit the process's file-descriptor limit (`ulimit -n`).
    #[arg(long, default_value_t = 512, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: u32,
    /// Requests answered at once; more wait their turn. Memory held by request bodies is at
    /// most this times --max-body.
    #[arg(long, default_value_t = 32, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_requests: u32,
    /// Largest request body, in bytes (413 above it).
    #[arg(long, default_value_t = 4 * 1024 * 1024, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..=1 << 30))]
    max_body: u64,
    /// Seconds a client has to send a request's line and headers; also how long an idle
    /// keep-alive connection stays open.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    header_timeout: u64,
    /// Seconds to receive a request's body and answer it (408 past it); also how long a client
    /// may take to read an answer.
    #[arg(long, default_value_t = 30, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    request_timeout: u64,
    /// Seconds that requests in flight get to finish after SIGINT or SIGTERM; connections still
    /// open then are closed. A second signal stops at once.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(0..=3600))]
    shutdown_timeout: u64,
}

impl LimitArgs {
    fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout)
    }
    fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout)
    }
    fn shutdown_timeout(&self) -> Duration {
        Duration::from_secs(self.shutdown_timeout)
    }
}

/// How long past the shutdown deadline the process waits for its own runtime before it exits
/// regardless (a handler busy on the CPU cannot be interrupted; the process can).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

pub fn run(args: ServeArgs) -> Result<()> {
    // Signals first: one that arrives while the gazetteer loads stops the service before it
    // listens. They are watched on ctrlc's own thread, not by the async runtime, so a stop is
    // seen even when every worker thread is busy.
    let stop = stop_on_signals(args.limits.shutdown_timeout() + SHUTDOWN_GRACE)?;
    if let Some(url) = &args.public_url {
        routes::check_public_url(url)?;
    }
    let (resolver, defaults) = args.gazetteer.name_resolver(args.quiet)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        // The time driver: timeouts, and the pause after a failed accept.
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .with_context(|| format!("cannot listen on {}", args.bind))?;
        let address = listener
            .local_addr()
            .context("cannot read the bound address")?;
        let entities = resolver.gazetteer().entities().len();
        let max_connections = listen::connection_cap(args.limits.max_connections as usize);
        let app = routes::app(
            routes::Service {
                resolver,
                defaults,
                name: args.name,
                public_url: args.public_url,
                fallback_base: format!("http://{address}/reconcile"),
                budget: routes::Budget::new(&args.limits),
            },
            &args.limits,
        );
        eprintln!(
            "mentionmap: reconciliation service for {entities} entities at http://{address}/reconcile \
             (Ctrl-C or SIGTERM stops it)"
        );
        if !address.ip().is_loopback() {
            eprintln!(
                "mentionmap: warning: listening on {}, not loopback: anyone who can reach this \
                 machine can use the service, which has no authentication; bind 127.0.0.1 unless \
                 that is what you want",
                address.ip()
            );
        }
        if !args.quiet && max_connections < args.limits.max_connections as usize {
            eprintln!(
                "mentionmap: at most {max_connections} connections (the file-descriptor limit, \
                 ulimit -n, leaves room for no more)"
            );
        }
        let open = listen::serve(listener, app, max_connections, &args.limits, stop).await;
        if open > 0 {
            eprintln!(
                "mentionmap: {open} connection(s) still open after {} s: closed",
                args.limits.shutdown_timeout
            );
        }
        if !args.quiet {
            eprintln!("mentionmap: stopped");
        }
        Ok(())
    });
    // Tasks still running (a connection closed mid-answer) are dropped, not waited for.
    runtime.shutdown_timeout(Duration::from_millis(200));
    result
}

/// Watches SIGINT and SIGTERM (and SIGHUP) on a thread of its own. The first asks the server
/// to stop (the receiver turns true) and arms a watchdog that exits the process if the stop
/// takes `hard_deadline`; a second signal exits at once.
fn stop_on_signals(hard_deadline: Duration) -> Result<tokio::sync::watch::Receiver<bool>> {
    let (sender, receiver) = tokio::sync::watch::channel(false);
    let signals = AtomicUsize::new(0);
    ctrlc::set_handler(move || {
        if signals.fetch_add(1, Ordering::SeqCst) > 0 {
            eprintln!("mentionmap: a second signal: stopping now");
            std::process::exit(1);
        }
        eprintln!("mentionmap: stopping (requests in flight may finish)");
        sender.send_replace(true);
        std::thread::spawn(move || {
            std::thread::sleep(hard_deadline);
            eprintln!(
                "mentionmap: still busy {} s after the signal: exiting",
                hard_deadline.as_secs()
            );
            std::process::exit(1);
        });
    })
    .context("cannot watch SIGINT and SIGTERM")?;
    Ok(receiver)
}
