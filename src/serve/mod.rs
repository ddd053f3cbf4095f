//! `ictreport serve`: builds the site, serves it on a local address, watches the inputs, and
//! rebuilds only what an edit touches; open pages reload by themselves, or show the errors of
//! a failed rebuild over the last good page.

mod classify;
mod host;
mod http;
mod listen;
mod overlay;
pub mod session;
mod watcher;

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Instant;

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

pub use classify::{Change, classify};
pub use host::AllowedHosts;
pub use http::{BuildState, HttpOptions, router};
pub use listen::DEFAULT_PORT;
pub use session::{Session, Stats};
pub use watcher::{DEBOUNCE, SETTLE};

use crate::diagnostic::Diagnostic;

/// What `serve` needs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub bind: IpAddr,
    /// `None`: `DEFAULT_PORT`, or the next free port after it.
    pub port: Option<u16>,
    /// Host names answered besides IP addresses and `localhost` (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// Write the PDF edition (when the site has it); `--no-pdf` skips it.
    pub pdf: bool,
}

/// What open pages are told of a build; the overlay speaks the site's language as
/// `site.yaml` says it now.
fn state_of(
    root: &std::path::Path,
    version: u64,
    result: &Result<Stats, Vec<Diagnostic>>,
) -> BuildState {
    let lang = overlay::site_lang(root);
    let errors = match result {
        Ok(_) => Vec::new(),
        Err(diags) => diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| overlay::overlay_error(d, lang))
            .collect(),
    };
    BuildState {
        version,
        errors,
        overlay: overlay::OverlayText::new(lang),
    }
}

fn report(result: &Result<Stats, Vec<Diagnostic>>, color: bool) {
    match result {
        Ok(s) => {
            for d in &s.warnings {
                eprintln!("{}", d.render_terminal(color));
            }
            eprintln!(
                "Rebuilt ({}): {} pages rendered, {} files written, {} removed in {:.1} ms.",
                s.scope,
                s.pages,
                s.written,
                s.removed,
                s.elapsed.as_secs_f64() * 1000.0
            )
        }
        Err(diags) => {
            for d in diags {
                eprintln!("{}", d.render_terminal(color));
            }
            eprintln!("The build failed; still serving the last good site.");
        }
    }
}

/// Runs the preview until Ctrl-C. Returns what kept it from starting (or running on).
pub fn serve(opts: &ServeOptions, color: bool) -> Result<(), Diagnostic> {
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}, which other machines can reach; the preview is meant for this machine (use --bind 127.0.0.1).",
            opts.bind
        );
    }
    // Watch events carry absolute paths; classify them against an absolute root.
    let root = opts.root.canonicalize().map_err(|e| {
        Diagnostic::error(&opts.root, format!("cannot open the site folder: {e}"))
            .with_hint("check the path given to --root")
    })?;
    // The output folder first: one that is not ictreport's, or that a build is writing, is
    // refused before anything runs; the lock is held until the preview stops.
    let output = crate::output::claim_for(&root, &opts.output, crate::output::Writer::Serve)?;
    eprintln!("Preview files go to {}.", opts.output.display());
    // Then the port: a busy one is known before the build, not after it.
    let bound = listen::bind(opts.bind, opts.port)?;
    if let Some(note) = &bound.moved {
        eprintln!("{note}");
    }
    let at = format!("{}", opts.bind);
    let socket =
        |e: std::io::Error| Diagnostic::error(&at, format!("the listening socket failed: {e}"));
    let local = bound.listener.local_addr().map_err(socket)?;
    let mut session = Session::new(&root, &output).with_pdf(opts.pdf);
    let first = session.full("first build");
    report(&first, color);
    let base_path = session
        .site()
        .map(|s| s.config.base_path.clone())
        .unwrap_or_else(|| "/".into());
    let (states_tx, states_rx) = watch::channel(state_of(&root, 0, &first));
    let (watching, events) = watcher::watch(&root)?;
    let http_root = root.clone();

    // Rebuilds run on their own thread, one at a time, in event order.
    std::thread::spawn(move || {
        let mut version = 1;
        while let Ok(result) = events.recv() {
            let Ok(batch) = result else { continue };
            let first_event = batch
                .iter()
                .map(|e| e.time)
                .min()
                .unwrap_or_else(Instant::now);
            let closed = watcher::closed_after_writing(&batch);
            let paths = watcher::edited(&root, batch);
            if paths.is_empty() {
                continue;
            }
            let rebuild = |p: &[PathBuf]| session.apply(p);
            let outcome = match watcher::settled(&root, paths, &closed, &events, rebuild) {
                Ok(None) => continue,
                Ok(Some(stats)) => Ok(stats),
                Err(d) => Err(d),
            };
            version += 1;
            let _ = states_tx.send(state_of(&root, version, &outcome));
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

    let (stop_tx, stop_rx) = watch::channel(false);
    let app = router(
        HttpOptions {
            output: output.real.clone(),
            root: http_root,
            base_path: base_path.clone(),
            hosts: AllowedHosts::new(&opts.allow_hosts),
            port: local.port(),
        },
        states_rx,
        stop_rx,
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(socket)?;
    runtime.block_on(async move {
        // Registered before the address is printed, so a Ctrl-C right after start is seen.
        let mut interrupt = signal(SignalKind::interrupt()).map_err(socket)?;
        let mut terminate = signal(SignalKind::terminate()).map_err(socket)?;
        bound.listener.set_nonblocking(true).map_err(socket)?;
        let listener = tokio::net::TcpListener::from_std(bound.listener).map_err(socket)?;
        println!("Serving on http://{local}{base_path} (Ctrl-C to stop)");
        listen::serve(listener, app, async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            // Open pages' event streams end, so the graceful shutdown does not wait on them.
            let _ = stop_tx.send(true);
        })
        .await
        .map_err(socket)
    })?;
    drop(watching);
    println!("Stopped.");
    Ok(())
}
