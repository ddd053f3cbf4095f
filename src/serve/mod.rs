//! `ictreport serve`: builds the site, serves it on a local address, watches the inputs, and
//! rebuilds only what an edit touches; open pages reload by themselves, or show the errors of
//! a failed rebuild over the last good page.

mod classify;
mod http;
pub mod session;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

pub use classify::{Change, classify};
pub use http::{BuildState, router};
pub use session::{Session, Stats};

use crate::diagnostic::Diagnostic;

/// What `serve` needs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
}

/// How long the watcher waits for an editor's burst of writes to end.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

fn state_of(version: u64, result: &Result<Stats, Vec<Diagnostic>>) -> BuildState {
    match result {
        Ok(_) => BuildState {
            version,
            errors: Vec::new(),
        },
        Err(diags) => BuildState {
            version,
            errors: diags
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.render_terminal(false))
                .collect(),
        },
    }
}

fn report(result: &Result<Stats, Vec<Diagnostic>>, color: bool) {
    match result {
        Ok(s) => eprintln!(
            "Rebuilt ({}): {} pages rendered, {} files written, {} removed in {:.1} ms.",
            s.scope,
            s.pages,
            s.written,
            s.removed,
            s.elapsed.as_secs_f64() * 1000.0
        ),
        Err(diags) => {
            for d in diags {
                eprintln!("{}", d.render_terminal(color));
            }
            eprintln!("The build failed; still serving the last good site.");
        }
    }
}

/// Runs the preview until Ctrl-C. Returns an error message when it cannot start.
pub fn serve(opts: &ServeOptions, color: bool) -> Result<(), String> {
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}, which other machines can reach; the preview is meant for this machine (use --bind 127.0.0.1).",
            opts.bind
        );
    }
    // Watch events carry absolute paths; classify them against an absolute root.
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| format!("cannot open {}: {e}", opts.root.display()))?;
    let opts = &ServeOptions {
        root,
        ..opts.clone()
    };
    let output = crate::output::claim(&opts.root, &opts.output)
        .map_err(|d| d.to_string().trim_start_matches("error: ").to_string())?;
    let mut session = Session::new(&opts.root, &output);
    let first = session.full("first build");
    report(&first, color);
    let base_path = session
        .site()
        .map(|s| s.config.base_path.clone())
        .unwrap_or_else(|| "/".into());
    let (states_tx, states_rx) = watch::channel(state_of(0, &first));

    let (events_tx, events_rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, None, events_tx).map_err(|e| format!("cannot watch files: {e}"))?;
    for (path, mode) in [
        ("content", RecursiveMode::Recursive),
        ("themes", RecursiveMode::Recursive),
        ("", RecursiveMode::NonRecursive),
    ] {
        let dir = opts.root.join(path);
        if dir.is_dir() {
            debouncer
                .watch(&dir, mode)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
        }
    }

    // Rebuilds run on their own thread, one at a time, in event order.
    std::thread::spawn(move || {
        let mut version = 1;
        for result in events_rx {
            let Ok(events) = result else { continue };
            let first_event = events
                .iter()
                .map(|e| e.time)
                .min()
                .unwrap_or_else(Instant::now);
            // Reads (our own rebuild opens every input) and metadata changes are not edits.
            let edits = events.into_iter().filter(|e| {
                matches!(
                    e.event.kind,
                    EventKind::Create(_)
                        | EventKind::Remove(_)
                        | EventKind::Modify(
                            ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any
                        )
                )
            });
            let paths: Vec<PathBuf> = edits.flat_map(|e| e.event.paths).collect();
            let outcome = match session.apply(&paths) {
                Ok(None) => continue,
                Ok(Some(stats)) => Ok(stats),
                Err(d) => Err(d),
            };
            version += 1;
            let _ = states_tx.send(state_of(version, &outcome));
            let latency = first_event.elapsed();
            report(&outcome, color);
            eprintln!(
                "  {:.1} ms from the file event to the reload message.",
                latency.as_secs_f64() * 1000.0
            );
            if session.has_deferred() {
                let started = Instant::now();
                match session.finish_deferred() {
                    Ok(written) => eprintln!(
                        "  Then downloads, feeds and search index: {written} files written in {:.1} ms.",
                        started.elapsed().as_secs_f64() * 1000.0
                    ),
                    Err(diags) => report(&Err(diags), color),
                }
            }
        }
    });

    let addr = SocketAddr::new(opts.bind, opts.port);
    let (stop_tx, stop_rx) = watch::channel(false);
    let app = router(&opts.output, &base_path, states_rx, stop_rx);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        // Registered before the address is printed, so a Ctrl-C right after start is seen.
        let mut interrupt = signal(SignalKind::interrupt()).map_err(|e| e.to_string())?;
        let mut terminate = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        println!("Serving on http://{local}{base_path} (Ctrl-C to stop)");
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                tokio::select! {
                    _ = interrupt.recv() => {}
                    _ = terminate.recv() => {}
                }
                // Open pages' event streams end, so the graceful shutdown does not wait on them.
                let _ = stop_tx.send(true);
            })
            .await
            .map_err(|e| e.to_string())
    })?;
    drop(debouncer);
    println!("Stopped.");
    Ok(())
}
