//! The preview's HTTP side: the output folder as a static site under the base path, a
//! server-sent-events stream of build states, and the live-reload script injected into
//! HTML responses (never into the files on disk). Only requests naming a local host are
//! answered (see `host`), and any path that names no file gets the 404 page.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get};
use futures_util::StreamExt;
use serde::Serialize;
use tokio::sync::watch;
use tokio_stream::wrappers::WatchStream;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_status::SetStatus;

use super::host::{self, AllowedHosts};
use super::overlay::{OverlayError, OverlayText, SOURCE_PAGE, source_page};

/// What open pages need to know: a version that changes on every good build, and the
/// errors of the last build if it failed, with the overlay's words in the site's language.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct BuildState {
    pub version: u64,
    pub errors: Vec<OverlayError>,
    pub overlay: OverlayText,
}

const EVENTS: &str = "/__ictreport/events";
const SCRIPT: &str = "/__ictreport/live.js";
const LIVE_JS: &str = include_str!("live.js");

/// What the HTTP side serves, and to whom.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// The output folder.
    pub output: PathBuf,
    /// The site folder, where the overlay's links to source files lead.
    pub root: PathBuf,
    /// `/` or `/ict/`: request paths start with it.
    pub base_path: String,
    /// The `Host` names answered besides IP addresses and `localhost`.
    pub hosts: AllowedHosts,
    /// The port listened on, for the refusal's advice.
    pub port: u16,
}

type Files = ServeDir<SetStatus<ServeFile>>;

#[derive(Clone)]
struct AppState {
    opts: Arc<HttpOptions>,
    canonical_output: PathBuf,
    files: Files,
    states: watch::Receiver<BuildState>,
    /// Flips to true when the server stops, ending the event streams so shutdown can finish.
    stopping: watch::Receiver<bool>,
}

/// The router serving the output folder under the base path, with the event stream and the
/// live-reload script under `/__ictreport/`.
pub fn router(
    opts: HttpOptions,
    states: watch::Receiver<BuildState>,
    stopping: watch::Receiver<bool>,
) -> Router {
    let output = &opts.output;
    let canonical_output = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let files = ServeDir::new(output)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(
            output.join(crate::model::layout::NOT_FOUND_FILE),
        ));
    let base = opts.base_path.trim_end_matches('/').to_string();
    let state = AppState {
        opts: Arc::new(opts),
        canonical_output,
        files,
        states,
        stopping,
    };
    let mut app = Router::new()
        .route(EVENTS, get(events))
        .route(SOURCE_PAGE, get(source))
        .route(
            SCRIPT,
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    LIVE_JS,
                )
            }),
        );
    if base.is_empty() {
        app = app.fallback(serve_file);
    } else {
        let target = format!("{base}/");
        app = app
            .nest_service(&base, any(serve_file).with_state(state.clone()))
            .route(
                "/",
                get(move || async move { Redirect::temporary(&target) }),
            );
    }
    app.layer(middleware::from_fn_with_state(
        state.clone(),
        guard_and_inject,
    ))
    .with_state(state)
}

/// Server-sent events: the current state at once, then every change.
async fn events(State(state): State<AppState>) -> impl IntoResponse {
    let mut stopping = state.stopping.clone();
    let stop = async move {
        let _ = stopping.wait_for(|s| *s).await;
    };
    let stream = WatchStream::new(state.states.clone())
        .map(|s| Event::default().event("state").json_data(&s))
        .take_until(stop);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The overlay's page of a source file an error of the current build names; 404 otherwise.
async fn source(State(state): State<AppState>, req: Request) -> Response {
    let query = req.uri().query().unwrap_or_default();
    let file = url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "file")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let errors = state.states.borrow().errors.clone();
    let root = state.opts.root.clone();
    match tokio::task::spawn_blocking(move || source_page(&root, &file, &errors)).await {
        Ok(Some(page)) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            page,
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A file of the output folder, or the 404 page for any path that names none: missing, too
/// long for the file system, through a file as if it were a folder, with a NUL byte.
async fn serve_file(State(state): State<AppState>, req: Request) -> Response {
    let mut files = state.files.clone();
    match files.try_call(req).await {
        Ok(response) => response.map(Body::new),
        Err(e) if server_trouble(&e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("ictreport serve cannot read the file: {e}\n"),
        )
            .into_response(),
        Err(_) => not_found(&state).await,
    }
}

/// Errors that say the server is short of something, not that the path names no file.
fn server_trouble(e: &io::Error) -> bool {
    use rustix::io::Errno;
    e.kind() == io::ErrorKind::OutOfMemory
        || Errno::from_io_error(e)
            .is_some_and(|n| [Errno::MFILE, Errno::NFILE, Errno::IO, Errno::NOMEM].contains(&n))
}

/// The site's 404 page with status 404 (plain text if the site has none yet).
async fn not_found(state: &AppState) -> Response {
    match tokio::fs::read(state.opts.output.join(crate::model::layout::NOT_FOUND_FILE)).await {
        Ok(page) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

/// Refuses requests for other hosts (DNS rebinding) and paths that leave the output folder
/// through a symbolic link, sets UTF-8 charsets, and injects the live-reload script into
/// HTML. A HEAD request is answered as a GET would be, headers only: with the length the GET
/// sends (the injected page's) when it is known, and without waiting for a body that never
/// ends (the event stream's).
async fn guard_and_inject(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let head = req.method() == Method::HEAD;
    let response = answer(state, req, next).await;
    match head {
        true => headers_only(response),
        false => response,
    }
}

/// The answer to a request, as for a GET.
async fn answer(state: AppState, mut req: Request, next: Next) -> Response {
    let host = req.uri().authority().map(|a| a.as_str()).or_else(|| {
        req.headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
    });
    // Browsers always send `Host`; a request without one does not come from a web page.
    if let Some(host) = host
        && !state.opts.hosts.allows(host)
    {
        return refuse(host, state.opts.port);
    }
    if req
        .headers()
        .get(header::HOST)
        .is_some_and(|h| h.to_str().is_err())
    {
        return refuse("(not text)", state.opts.port);
    }
    if req.method() == Method::HEAD {
        *req.method_mut() = Method::GET;
    }
    let path = req.uri().path().to_string();
    let response = if !path.starts_with("/__ictreport/") && escapes_output(&state, &path) {
        not_found(&state).await
    } else {
        next.run(req).await
    };
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let whole_page = matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND);
    if content_type.starts_with("text/html") && whole_page {
        return inject(response).await;
    }
    let mut response = response;
    if (content_type.starts_with("text/") || content_type == "image/svg+xml")
        && !content_type.contains("charset")
        && let Ok(v) = HeaderValue::from_str(&format!("{content_type}; charset=utf-8"))
    {
        response.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    response
}

/// A GET's response without its body, with its length when the body's is known.
fn headers_only(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    if let Some(length) = HttpBody::size_hint(&body).exact()
        && !parts.headers.contains_key(header::CONTENT_LENGTH)
    {
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    Response::from_parts(parts, Body::empty())
}

fn refuse(host: &str, port: u16) -> Response {
    (
        StatusCode::FORBIDDEN,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        host::refusal(host, port),
    )
        .into_response()
}

/// Whether the request path, inside the output folder, resolves (through symbolic links)
/// to something outside it.
fn escapes_output(state: &AppState, path: &str) -> bool {
    let decoded = percent_decode(path);
    let Some(decoded) = decoded else { return true };
    let rel = decoded
        .strip_prefix(state.opts.base_path.as_str())
        .unwrap_or(&decoded)
        .trim_start_matches('/');
    if rel.split('/').any(|s| s == "..") {
        return true;
    }
    let candidate = state.opts.output.join(rel);
    match candidate.canonicalize() {
        Ok(real) => !real.starts_with(&state.canonical_output),
        // Missing files are the 404 page's business.
        Err(_) => false,
    }
}

fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

async fn inject(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read page").into_response();
    };
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    let tag = format!("<script src=\"{SCRIPT}\" data-events=\"{EVENTS}\"></script>");
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, &tag),
        None => html.push_str(&tag),
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // Previews must never be cached: the next edit changes the page.
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(html))
}
