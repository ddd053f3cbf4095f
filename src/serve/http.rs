//! The preview's HTTP side: the output folder as a static site under the base path, a
//! server-sent-events stream of build states, and the live-reload script injected into
//! HTML responses (never into the files on disk).

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use futures_util::StreamExt;
use serde::Serialize;
use tokio::sync::watch;
use tokio_stream::wrappers::WatchStream;
use tower_http::services::{ServeDir, ServeFile};

/// What open pages need to know: a version that changes on every good build, and the
/// errors of the last build if it failed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct BuildState {
    pub version: u64,
    pub errors: Vec<String>,
}

const EVENTS: &str = "/__ictreport/events";
const SCRIPT: &str = "/__ictreport/live.js";
const LIVE_JS: &str = include_str!("live.js");

#[derive(Clone)]
struct AppState {
    output: PathBuf,
    /// `/` or `/ict/`: request paths start with it.
    base_path: String,
    canonical_output: PathBuf,
    states: watch::Receiver<BuildState>,
    /// Flips to true when the server stops, ending the event streams so shutdown can finish.
    stopping: watch::Receiver<bool>,
}

/// The router serving `output` under `base_path` (`/` or `/ict/`).
pub fn router(
    output: &Path,
    base_path: &str,
    states: watch::Receiver<BuildState>,
    stopping: watch::Receiver<bool>,
) -> Router {
    let canonical_output = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let state = AppState {
        output: output.to_path_buf(),
        base_path: base_path.to_string(),
        canonical_output,
        states,
        stopping,
    };
    let files = ServeDir::new(output)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(output.join("404.html")));
    let mut app = Router::new().route(EVENTS, get(events)).route(
        SCRIPT,
        get(|| async {
            (
                [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                LIVE_JS,
            )
        }),
    );
    let base = base_path.trim_end_matches('/');
    if base.is_empty() {
        app = app.fallback_service(files);
    } else {
        let target = format!("{base}/");
        app = app.nest_service(base, files).route(
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

/// Refuses paths that leave the output folder through a symbolic link, sets UTF-8 charsets,
/// and injects the live-reload script into HTML.
async fn guard_and_inject(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if !path.starts_with("/__ictreport/") && escapes_output(&state, &path) {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let response = next.run(req).await;
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if content_type.starts_with("text/html") {
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

/// Whether the request path, inside the output folder, resolves (through symbolic links)
/// to something outside it.
fn escapes_output(state: &AppState, path: &str) -> bool {
    let decoded = percent_decode(path);
    let Some(decoded) = decoded else { return true };
    let rel = decoded
        .strip_prefix(state.base_path.as_str())
        .unwrap_or(&decoded)
        .trim_start_matches('/');
    if rel.split('/').any(|s| s == "..") {
        return true;
    }
    let candidate = state.output.join(rel);
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
