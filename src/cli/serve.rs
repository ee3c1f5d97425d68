//! `mentionmap serve`: the name resolver as a Reconciliation Service API 0.2 endpoint
//! (OpenRefine's "Add standard service"), on loopback unless told otherwise.
//!
//! HTTP glue only: axum on a tokio runtime, one immutable [`NameResolver`] in an `Arc` shared by
//! every request; what each request means and answers is `mentionmap::reconcile::api`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::task::Poll;

use anyhow::{Context, Result};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use clap::Args;
use mentionmap::reconcile::api;
use mentionmap::reconcile::{NameQuery, NameResolver};
use serde_json::{json, Value};

use super::GazetteerArgs;

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on. The default is loopback only: other machines cannot reach
    /// it. Port 0 picks a free port (printed on stderr).
    #[arg(long, default_value = "127.0.0.1:8088", value_name = "ADDR:PORT")]
    bind: SocketAddr,
    /// The service's name, as OpenRefine lists it.
    #[arg(long, default_value = "mentionmap", value_name = "NAME")]
    name: String,
    /// Print nothing on stderr but errors and the address.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    gazetteer: GazetteerArgs,
}

/// Request bodies above this are refused with 413 (a full batch of long queries is far less).
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// What every request shares: built once, never changed.
struct Service {
    resolver: NameResolver,
    /// The `--country`/`--bbox` bias every query starts from.
    defaults: NameQuery,
    name: String,
    /// The base URL when a request carries no Host header.
    fallback_base: String,
}

pub fn run(args: ServeArgs) -> Result<()> {
    let (resolver, defaults) = args.gazetteer.name_resolver(args.quiet)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .with_context(|| format!("cannot listen on {}", args.bind))?;
        let address = listener.local_addr().context("cannot read the bound address")?;
        let entities = resolver.gazetteer().entities().len();
        let service = Arc::new(Service {
            resolver,
            defaults,
            name: args.name,
            fallback_base: format!("http://{address}/reconcile"),
        });
        eprintln!(
            "mentionmap: reconciliation service for {entities} entities at http://{address}/reconcile \
             (Ctrl-C or SIGTERM stops it)"
        );
        axum::serve(listener, router(service))
            .with_graceful_shutdown(shutdown_signal()?)
            .await
            .context("the server failed")?;
        if !args.quiet {
            eprintln!("mentionmap: stopped");
        }
        Ok(())
    })
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM: in-flight requests finish, then the server stops.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot watch SIGINT")?;
    let mut terminate = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
    Ok(std::future::poll_fn(move |cx| {
        if interrupt.poll_recv(cx).is_ready() || terminate.poll_recv(cx).is_ready() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }))
}

fn router(service: Arc<Service>) -> Router {
    Router::new()
        .route("/reconcile", get(reconcile).post(reconcile))
        .route("/reconcile/preview", get(preview))
        .route("/reconcile/suggest/entity", get(suggest_entity))
        .route("/reconcile/suggest/type", get(suggest_type))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(service)
}

/// A JSON error with a message, as the API's clients expect.
fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let body = json!({ "status": "error", "message": message.into() });
    with_cors((status, Json(body)).into_response())
}

/// Browser clients (OpenRefine's front end) may call the service directly.
fn with_cors(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

fn json_response(value: Value) -> Response {
    with_cors(Json(value).into_response())
}

/// The query parameters, and for a form POST the body's, in order.
fn parameters(
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<(String, String)>, (StatusCode, String)> {
    let mut params: Vec<(String, String)> =
        serde_urlencoded::from_str(uri.query().unwrap_or(""))
            .map_err(|e| (StatusCode::BAD_REQUEST, format!("bad query string: {e}")))?;
    if !body.is_empty() {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !(content_type.is_empty()
            || content_type.starts_with("application/x-www-form-urlencoded")
            || content_type.starts_with("application/json"))
        {
            return Err((
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "a body of type {content_type:?} is not understood: send queries= as \
                     application/x-www-form-urlencoded"
                ),
            ));
        }
        if content_type.starts_with("application/json") {
            // A bare JSON batch as the body.
            let text = std::str::from_utf8(body)
                .map_err(|_| (StatusCode::BAD_REQUEST, "the body is not UTF-8".to_string()))?;
            params.push(("queries".into(), text.to_string()));
        } else {
            let form: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
                .map_err(|e| (StatusCode::BAD_REQUEST, format!("bad form body: {e}")))?;
            params.extend(form);
        }
    }
    Ok(params)
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `/reconcile`: the manifest (no parameters), a batch (`queries`) or one query (`query`).
async fn reconcile(
    State(service): State<Arc<Service>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match parameters(&uri, &headers, &body) {
        Ok(params) => params,
        Err((status, message)) => return error(status, message),
    };
    let with_defaults = |mut query: api::Query| {
        query
            .options
            .countries
            .extend(service.defaults.countries.iter().cloned());
        if query.options.bbox.is_none() {
            query.options.bbox = service.defaults.bbox;
        }
        query
    };
    if let Some(batch) = param(&params, "queries") {
        return match api::parse_batch(batch) {
            Ok(batch) => {
                let batch: Vec<_> = batch
                    .into_iter()
                    .map(|(key, q)| (key, with_defaults(q)))
                    .collect();
                json_response(api::answer_batch(&service.resolver, &batch))
            }
            Err(e @ mentionmap::Error::BatchTooLarge { .. }) => {
                error(StatusCode::PAYLOAD_TOO_LARGE, e.to_string())
            }
            Err(e) => error(StatusCode::BAD_REQUEST, e.to_string()),
        };
    }
    if let Some(query) = param(&params, "query") {
        return match api::parse_single(query) {
            Ok(query) => json_response(api::answer(&service.resolver, &with_defaults(query))),
            Err(e) => error(StatusCode::BAD_REQUEST, e.to_string()),
        };
    }
    if param(&params, "extend").is_some() {
        return error(
            StatusCode::BAD_REQUEST,
            "data extension is not offered by this service",
        );
    }
    if method == Method::POST {
        return error(
            StatusCode::BAD_REQUEST,
            "a POST to /reconcile carries queries= (a batch) or query= (one query)",
        );
    }
    let base = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()))
        .map_or_else(
            || service.fallback_base.clone(),
            |h| format!("http://{h}/reconcile"),
        );
    let manifest = api::manifest(&base, &service.name);
    match param(&params, "callback") {
        // JSONP, for browser clients that cannot read a cross-origin JSON response.
        Some(callback) if is_js_identifier(callback) => {
            let body = format!("{callback}({manifest});");
            let mut response = body.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/javascript"),
            );
            with_cors(response)
        }
        Some(_) => error(
            StatusCode::BAD_REQUEST,
            "callback must be a JavaScript name",
        ),
        None => json_response(manifest),
    }
}

fn is_js_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.'))
}

/// `/reconcile/preview?id=gn:146970`: an HTML card.
async fn preview(State(service): State<Arc<Service>>, uri: Uri) -> Response {
    let params = match parameters(&uri, &HeaderMap::new(), &[]) {
        Ok(params) => params,
        Err((status, message)) => return error(status, message),
    };
    let Some(id) = param(&params, "id") else {
        return error(StatusCode::BAD_REQUEST, "preview needs an id parameter");
    };
    match api::preview(&service.resolver, id) {
        Some(html) => {
            with_cors(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
        }
        None => error(
            StatusCode::NOT_FOUND,
            format!("no entity has the id {id:?}"),
        ),
    }
}

/// `/reconcile/suggest/entity?prefix=Step[&type=place]`.
async fn suggest_entity(State(service): State<Arc<Service>>, uri: Uri) -> Response {
    let params = match parameters(&uri, &HeaderMap::new(), &[]) {
        Ok(params) => params,
        Err((status, message)) => return error(status, message),
    };
    let Some(prefix) = param(&params, "prefix") else {
        return error(StatusCode::BAD_REQUEST, "suggest needs a prefix parameter");
    };
    json_response(api::suggest_entities(
        &service.resolver,
        prefix,
        param(&params, "type"),
    ))
}

/// `/reconcile/suggest/type?prefix=pl`.
async fn suggest_type(uri: Uri) -> Response {
    let params = match parameters(&uri, &HeaderMap::new(), &[]) {
        Ok(params) => params,
        Err((status, message)) => return error(status, message),
    };
    let Some(prefix) = param(&params, "prefix") else {
        return error(StatusCode::BAD_REQUEST, "suggest needs a prefix parameter");
    };
    json_response(api::suggest_types(prefix))
}

async fn not_found(uri: Uri) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!(
            "no such endpoint {}; the service is at /reconcile",
            uri.path()
        ),
    )
}
