//! What a long build shows on the terminal: a progress bar on stderr (pages, downloads,
//! search index), drawn only when stderr is a terminal and the build has run for a second,
//! so short builds and logs stay clean; and, with `-v`, each phase's time.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

static TIMINGS: AtomicBool = AtomicBool::new(false);

/// Prints each phase's time from now on (`-v`; `ICTREPORT_TIMINGS=1` does the same).
pub fn print_timings() {
    TIMINGS.store(true, Ordering::Relaxed);
}

fn timings_on() -> bool {
    TIMINGS.load(Ordering::Relaxed) || std::env::var_os("ICTREPORT_TIMINGS").is_some()
}

/// Prints how long a phase took, with the peak memory so far (Linux), when phase timings
/// are on (see [`print_timings`]).
pub fn timing(phase: &str, since: Instant) {
    if !timings_on() {
        return;
    }
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:").map(|v| v.trim().to_string()))
        })
        .unwrap_or_default();
    eprintln!(
        "timing: {phase}: {:.1} ms (peak RSS {peak})",
        since.elapsed().as_secs_f64() * 1000.0
    );
}

/// Whether a page that took `elapsed` is worth a line of its own among the timings.
pub fn slow_page(key: &str, elapsed: Duration) {
    if timings_on() && elapsed >= Duration::from_millis(20) {
        eprintln!(
            "timing: page {key}: {:.1} ms",
            elapsed.as_secs_f64() * 1000.0
        );
    }
}

/// The progress of one build. Files written tick it; the render announces its phases.
/// Without a terminal (or with `-q` or `-v`) it is [`Progress::none`] and costs nothing.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Dropped when the build ends, which wakes the thread that would show the bar.
    done: Option<mpsc::Sender<()>>,
    shower: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// No progress shown.
    pub fn none() -> Progress {
        Progress {
            bar: None,
            done: None,
            shower: None,
        }
    }

    /// A bar on stderr, hidden until the build has run for a second.
    pub fn on_stderr() -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg:<17} [{bar:30}] {pos}/{len} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message("reading");
        let (done, wait) = mpsc::channel::<()>();
        let shown = bar.clone();
        let start = Instant::now();
        let shower = std::thread::spawn(move || {
            // Anything but a timeout means the build ended (or the sender is gone) first.
            if wait.recv_timeout(SHOW_AFTER.saturating_sub(start.elapsed()))
                == Err(mpsc::RecvTimeoutError::Timeout)
            {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Progress {
            bar: Some(bar),
            done: Some(done),
            shower: Some(shower),
        }
    }

    /// A new phase that will write about `files` files (0: unknown).
    pub fn phase(&self, name: &str, files: usize) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
            bar.set_position(0);
            bar.set_length(files as u64);
        }
    }

    /// One more file written.
    pub fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Removes the bar (the build's report follows on a clean line).
    pub fn finish(mut self) {
        self.end();
    }

    fn end(&mut self) {
        drop(self.done.take());
        if let Some(shower) = self.shower.take() {
            let _ = shower.join();
        }
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.end();
    }
}
