//! The router: the handlers of the Reconciliation Service API, and the tower layers that bound
//! what a request may take (time, size, a turn among the requests in flight) and make every
//! answer, refusals included, JSON with a CORS header.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Result};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use mentionmap::reconcile::api;
use mentionmap::reconcile::{NameQuery, NameResolver};
use serde_json::{json, Value};
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::cors::{Any, CorsLayer};
use tower_http::timeout::TimeoutLayer;

use super::LimitArgs;

/// What every request shares: built once, never changed.
pub struct Service {
    pub resolver: NameResolver,
    /// The `--country`/`--bbox` bias every query starts from.
    pub defaults: NameQuery,
    pub name: String,
    /// `--public-url`: the base of the manifest's URLs whatever the request says.
    pub public_url: Option<String>,
    /// The base URL when a request carries no usable Host header.
    pub fallback_base: String,
    pub budget: Budget,
}

/// What requests take turns for: the resolver's work, and the memory of bodies being read.
pub struct Budget {
    /// One permit a request at work (`--max-requests`).
    turns: Arc<Semaphore>,
    /// One permit a KiB of request body held in memory: `--max-requests` x `--max-body` in all.
    /// A body takes its declared length (or `--max-body` when chunked) before it is read, so
    /// slow uploads wait for memory, not for the turns of the requests being answered.
    body_kib: Arc<Semaphore>,
    max_body: usize,
}

impl Budget {
    pub fn new(limits: &LimitArgs) -> Budget {
        let max_body = usize::try_from(limits.max_body).unwrap_or(usize::MAX);
        let body_kib = (limits.max_body.div_ceil(1024) * u64::from(limits.max_requests))
            .min(Semaphore::MAX_PERMITS as u64) as usize;
        Budget {
            turns: Arc::new(Semaphore::new(limits.max_requests as usize)),
            body_kib: Arc::new(Semaphore::new(body_kib)),
            max_body,
        }
    }
}

/// A request target (path and query) longer than this is refused with 414. A GET batch of a
/// few dozen queries fits; OpenRefine POSTs its batches.
pub const MAX_URI_BYTES: usize = 16 * 1024;

/// Request headers adding up to more than this (names, values and separators) are refused with
/// 431: a browser's are under 2 KB.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// The router with its layers, outermost first: every refusal made JSON, CORS, the request
/// timeout (body and answer), the size checks.
pub fn app(service: Service, limits: &LimitArgs) -> Router {
    let max_body = usize::try_from(limits.max_body).unwrap_or(usize::MAX);
    let layers = ServiceBuilder::new()
        .layer(middleware::map_response(json_refusals))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
                .allow_headers(Any)
                .max_age(Duration::from_secs(24 * 3600)),
        )
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout(),
        ))
        .layer(middleware::from_fn_with_state(max_body, check_size));
    Router::new()
        .route("/reconcile", get(reconcile).post(reconcile))
        .route("/reconcile/preview", get(preview))
        .route("/reconcile/suggest/entity", get(suggest_entity))
        .route("/reconcile/suggest/type", get(suggest_type))
        .fallback(not_found)
        .with_state(Arc::new(service))
        .layer(layers)
}

/// Refuses, before the body is read, a request whose target, headers or declared body is
/// larger than the limits (the HTTP layer's own refusals of the same have no body).
async fn check_size(State(max_body): State<usize>, request: Request, next: Next) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target > MAX_URI_BYTES {
        return error(
            StatusCode::URI_TOO_LONG,
            format!(
                "the request target has {target} bytes, more than {MAX_URI_BYTES}: POST a batch \
                 as queries= in a form body"
            ),
        );
    }
    let headers: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers > MAX_HEADER_BYTES {
        return error(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("the request headers have {headers} bytes, more than {MAX_HEADER_BYTES}"),
        );
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > max_body as u64) {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than {max_body} bytes (--max-body)"),
        );
    }
    next.run(request).await
}

/// The longest plain-text message of an inner layer kept in a JSON refusal.
const REFUSAL_TEXT_BYTES: usize = 1024;

/// Gives every refusal (4xx, 5xx) a JSON body: those of the handlers have one already; those of
/// axum's extractors and tower's layers (413 past the body limit, 405, 408) are plain text or
/// empty, which clients of a JSON API cannot read.
async fn json_refusals(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| media_type(v) == "application/json");
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, REFUSAL_TEXT_BYTES)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let reason = status.canonical_reason().unwrap_or("error").to_lowercase();
    let message = match text {
        Some(text) => format!("{reason}: {text}"),
        None => reason,
    };
    let body = serde_json::to_vec(&json!({ "status": "error", "message": message }))
        .expect("a JSON object serializes");
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

/// The type and subtype of a Content-Type value, lower-cased, without parameters
/// (`Application/JSON; charset=utf-8` is `application/json`).
fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Checks `--public-url`: an absolute http(s) URL with nothing a manifest must not carry.
pub fn check_public_url(url: &str) -> Result<()> {
    let parsed: Uri = match url.parse() {
        Ok(uri) => uri,
        Err(e) => bail!("--public-url {url:?} is not a URL: {e}"),
    };
    let scheme_ok = matches!(parsed.scheme_str(), Some("http" | "https"));
    if !scheme_ok || parsed.authority().is_none() || parsed.query().is_some() {
        bail!(
            "--public-url {url:?} must be an http:// or https:// URL with a host and no query \
             (the address of /reconcile as clients reach it)"
        );
    }
    if !url.chars().all(|c| c.is_ascii_graphic()) || url.contains(['"', '<', '>', '\\']) {
        bail!("--public-url {url:?} holds characters a URL may not");
    }
    Ok(())
}

/// A Host header fit to be written into the manifest: a host name or IP literal and an optional
/// port, nothing else (no user info, path, quotes or markup).
fn plain_host(host: &str) -> bool {
    if host.is_empty() || host.len() > 255 || host.contains('@') {
        return false;
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    if !host.chars().all(allowed) {
        return false;
    }
    host.parse::<axum::http::uri::Authority>()
        .is_ok_and(|a| a.as_str() == host && a.host() != "")
}

/// A JSON error with a message, as the API's clients expect.
fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let body = json!({ "status": "error", "message": message.into() });
    (status, Json(body)).into_response()
}

fn json_response(value: Value) -> Response {
    Json(value).into_response()
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
        let media = media_type(content_type);
        if !matches!(
            media.as_str(),
            "" | "application/x-www-form-urlencoded" | "application/json"
        ) {
            return Err((
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "a body of type {content_type:?} is not understood: send queries= as \
                     application/x-www-form-urlencoded"
                ),
            ));
        }
        if media == "application/json" {
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
    body: Body,
) -> Response {
    let budget = &service.budget;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let has_body = declared.map_or(headers.contains_key(header::TRANSFER_ENCODING), |n| n > 0);
    let mut held = None;
    if has_body {
        // check_size has refused a declared length over the limit.
        let kib = declared
            .unwrap_or(budget.max_body as u64)
            .div_ceil(1024)
            .max(1);
        let kib = u32::try_from(kib).unwrap_or(u32::MAX);
        held = Some(
            Arc::clone(&budget.body_kib)
                .acquire_many_owned(kib)
                .await
                .expect("the semaphore is never closed"),
        );
    }
    let body = match axum::body::to_bytes(body, budget.max_body).await {
        Ok(bytes) => bytes,
        Err(e) => {
            let too_large = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            return if too_large {
                error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "the request body is larger than {} bytes (--max-body)",
                        budget.max_body
                    ),
                )
            } else {
                error(
                    StatusCode::BAD_REQUEST,
                    format!("cannot read the body: {e}"),
                )
            };
        }
    };
    let answer = Arc::clone(&service);
    let response = off_the_runtime(&service, move || {
        reconcile_now(&answer, &method, &uri, &headers, &body)
    })
    .await;
    drop(held);
    response
}

/// Runs a handler's work on tokio's blocking pool, one of `--max-requests` at a time: a batch
/// of 1,000 fuzzy look-ups is CPU work that would otherwise hold one of the runtime's few
/// worker threads, and with it the timeouts and accepts of every other connection.
async fn off_the_runtime(
    service: &Service,
    work: impl FnOnce() -> Response + Send + 'static,
) -> Response {
    let _turn = Arc::clone(&service.budget.turns)
        .acquire_owned()
        .await
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| {
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the answer failed: {e}"),
        )
    })
}

fn reconcile_now(
    service: &Service,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let params = match parameters(uri, headers, body) {
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
    if *method == Method::POST {
        return error(
            StatusCode::BAD_REQUEST,
            "a POST to /reconcile carries queries= (a batch) or query= (one query)",
        );
    }
    let base = match &service.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| plain_host(h))
            .map_or_else(
                || service.fallback_base.clone(),
                |h| format!("http://{h}/reconcile"),
            ),
    };
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
            response
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
    let answer = Arc::clone(&service);
    off_the_runtime(&service, move || preview_now(&answer, &uri)).await
}

fn preview_now(service: &Service, uri: &Uri) -> Response {
    let params = match parameters(uri, &HeaderMap::new(), &[]) {
        Ok(params) => params,
        Err((status, message)) => return error(status, message),
    };
    let Some(id) = param(&params, "id") else {
        return error(StatusCode::BAD_REQUEST, "preview needs an id parameter");
    };
    match api::preview(&service.resolver, id) {
        Some(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            format!("no entity has the id {id:?}"),
        ),
    }
}

/// `/reconcile/suggest/entity?prefix=Step[&type=place]`.
async fn suggest_entity(State(service): State<Arc<Service>>, uri: Uri) -> Response {
    let answer = Arc::clone(&service);
    off_the_runtime(&service, move || suggest_entity_now(&answer, &uri)).await
}

fn suggest_entity_now(service: &Service, uri: &Uri) -> Response {
    let params = match parameters(uri, &HeaderMap::new(), &[]) {
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
