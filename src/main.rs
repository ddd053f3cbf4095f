//! The `ictreport` command: parses arguments and calls the library. Exit codes: 0 success,
//! 1 problems in the site (reported with locations), 2 bad command-line usage.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ictreport::diagnostic::Diagnostic;
use ictreport::terminal::terminal_safe;
use std::sync::atomic::{AtomicBool, Ordering};

use ictreport::progress::Progress;
use ictreport::{BuildOptions, Failure, Report};

/// mimalloc: builds allocate many short-lived strings on several threads, where it measured
/// about 15% faster than the system allocator at 1,000 provinces (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `-q`: only errors are printed.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Prints a line of a command's normal output, unless `-q`.
macro_rules! say {
    ($($arg:tt)*) => {
        if !QUIET.load(Ordering::Relaxed) {
            println!($($arg)*);
        }
    };
}

#[derive(Parser)]
#[command(
    name = "ictreport",
    version,
    about = "Static report sites for provincial ICT reports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors (no warnings, no summary, no progress bar).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print each phase's time and peak memory (instead of the progress bar).
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build {
        /// The site folder (with site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override site.yaml's base_url, e.g. https://example.org/ict/.
        #[arg(long)]
        base_url: Option<String>,
        /// Report broken internal links and anchors as warnings instead of failing.
        #[arg(long)]
        warn_broken_links: bool,
    },
    /// Validate the content and templates; writes nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build, serve on a local address, rebuild what an edit touches and reload open pages.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the preview [default: ROOT/.ictreport/preview, never the folder
        /// `build` publishes].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The port to listen on [default: 1111, or the next free one if it is in use].
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on; anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// A host name the preview may be opened as, besides localhost and IP addresses
        /// (requests naming any other host are refused); repeatable.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_hosts: Vec<String>,
    },
    /// Create something new in the site.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Create a new site in DIR with the default theme and one example province.
    Init { dir: PathBuf },
    /// Import figures from a spreadsheet (.xlsx, .ods, .csv) into the provinces' metrics.yaml.
    Import {
        /// The spreadsheet; its layout (long or wide) is told from the header row.
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Import only this sheet of a workbook.
        #[arg(long)]
        sheet: Option<String>,
        /// Show the summary and the diff; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export the site's data (or an empty template) as a spreadsheet (.xlsx or .csv).
    Export {
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// One row per observation (long) or provinces × years per indicator (wide).
        #[arg(long, value_enum, default_value_t = LayoutArg::Long)]
        layout: LayoutArg,
        /// Empty rows for every province and indicator, for the next year's collection.
        #[arg(long)]
        template: bool,
        /// The template's year [default: the year after the latest reported value].
        #[arg(long, requires = "template",
              value_parser = clap::value_parser!(i64).range(ictreport::model::Year::MIN..=ictreport::model::Year::MAX))]
        year: Option<i64>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LayoutArg {
    Long,
    Wide,
}

#[derive(Subcommand)]
enum NewCommand {
    /// A province bundle: content/provinces/<slug>/index.md and metrics.yaml.
    Province {
        /// The province's name with diacritics, e.g. "Đắk Lắk".
        name: String,
        /// Its socio-economic region, e.g. "Tây Nguyên".
        #[arg(long, default_value = "")]
        region: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal();
    if cli.verbose {
        ictreport::progress::print_timings();
    }
    QUIET.store(cli.quiet, Ordering::Relaxed);
    let result = match &cli.command {
        Command::Build {
            root,
            output,
            base_url,
            warn_broken_links,
        } => {
            // A bar only for a person watching; the timings of -v replace it.
            let progress = if color && !cli.quiet && !cli.verbose {
                Progress::on_stderr()
            } else {
                Progress::none()
            };
            let built = ictreport::build_with_progress(
                &BuildOptions {
                    root: root.clone(),
                    output: output.clone(),
                    base_url: base_url.clone(),
                    broken_links_are_warnings: *warn_broken_links,
                },
                &progress,
            );
            progress.finish();
            built
        }
        Command::Check { root } => ictreport::check(root),
        Command::New {
            what: NewCommand::Province { name, region, root },
        } => {
            return match ictreport::scaffold::new_province(root, name, region) {
                Ok(created) => {
                    print_new_province(&created);
                    ExitCode::SUCCESS
                }
                Err(d) => fail(&d, color),
            };
        }
        Command::Serve {
            root,
            output,
            port,
            bind,
            allow_hosts,
        } => {
            let opts = ictreport::serve::ServeOptions {
                root: root.clone(),
                output: output
                    .clone()
                    .unwrap_or_else(|| root.join(ictreport::output::PREVIEW_DIR)),
                bind: *bind,
                port: *port,
                allow_hosts: allow_hosts.clone(),
            };
            return match ictreport::serve::serve(&opts, color) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    eprintln!("{}", d.render_terminal(color));
                    ExitCode::from(1)
                }
            };
        }
        Command::Import {
            file,
            root,
            sheet,
            dry_run,
        } => {
            let opts = ictreport::sheet::ImportOptions {
                root: root.clone(),
                file: file.clone(),
                sheet: sheet.clone(),
                dry_run: *dry_run,
            };
            return report_import(ictreport::sheet::import(&opts), *dry_run, color);
        }
        Command::Export {
            file,
            root,
            layout,
            template,
            year,
            force,
        } => {
            let opts = ictreport::sheet::ExportOptions {
                root: root.clone(),
                file: file.clone(),
                layout: match layout {
                    LayoutArg::Long => ictreport::sheet::Layout::Long,
                    LayoutArg::Wide => ictreport::sheet::Layout::Wide,
                },
                template: *template,
                year: *year,
                force: *force,
            };
            return match ictreport::sheet::export(&opts) {
                Ok(e) => {
                    say!(
                        "Wrote {} ({} sheet{}, {} row{}).",
                        shown(&e.file),
                        e.sheets,
                        plural(e.sheets),
                        e.rows,
                        plural(e.rows)
                    );
                    ExitCode::SUCCESS
                }
                Err(f) => fail_all(&f.diagnostics, color),
            };
        }
        Command::Init { dir } => {
            return match ictreport::scaffold::init(dir) {
                Ok(files) => {
                    say!(
                        "Created a new site in {} ({} files). Next: cd {0} && ictreport build",
                        shown(dir),
                        files.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => fail(&d, color),
            };
        }
    };
    match result {
        Ok(report) => {
            print_diagnostics(&report.warnings, color);
            print_success(&cli.command, &report);
            ExitCode::SUCCESS
        }
        Err(Failure { diagnostics }) => fail_all(&diagnostics, color),
    }
}

/// Prints every problem and how many there were; exit status 1.
fn fail_all(diagnostics: &[Diagnostic], color: bool) -> ExitCode {
    print_diagnostics(diagnostics, color);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    eprintln!(
        "\n{errors} error{} and {warnings} warning{}; nothing was written.",
        plural(errors),
        plural(warnings)
    );
    ExitCode::from(1)
}

/// The import's summary per province (and with `--dry-run`, the diff first).
fn report_import(
    result: Result<ictreport::sheet::Imported, Failure>,
    dry_run: bool,
    color: bool,
) -> ExitCode {
    let imported = match result {
        Ok(i) => i,
        Err(f) => return fail_all(&f.diagnostics, color),
    };
    print_diagnostics(&imported.warnings, color);
    if dry_run && !QUIET.load(Ordering::Relaxed) {
        print!("{}", imported.diff());
    }
    for p in &imported.provinces {
        say!(
            "{}{}: {} added, {} changed, {} unchanged",
            p.slug,
            if p.index.is_some() {
                " (new province)"
            } else {
                ""
            },
            p.added,
            p.changed,
            p.unchanged
        );
    }
    // The same plan either way: a dry run lists exactly the files the real run writes.
    let files = imported.files();
    let list: String = files.iter().map(|f| format!("\n  {}", shown(f))).collect();
    let n = files.len();
    if dry_run {
        say!(
            "Dry run: {n} file{} would change; nothing was written.{list}",
            plural(n)
        );
    } else {
        say!(
            "Wrote {n} file{}{}{list}",
            plural(n),
            if n == 0 { "." } else { ":" }
        );
    }
    ExitCode::SUCCESS
}

fn fail(d: &Diagnostic, color: bool) -> ExitCode {
    eprintln!("{}", d.render_terminal(color));
    ExitCode::from(1)
}

/// Every problem (with `-q` only the errors): the first hundred in full, the rest counted by
/// kind (`ictreport::cap`), so a million bad rows do not print hundreds of megabytes.
fn print_diagnostics(diags: &[Diagnostic], color: bool) {
    let quiet = QUIET.load(Ordering::Relaxed);
    let errors_only: Vec<Diagnostic>;
    let diags = match quiet {
        true => {
            errors_only = diags.iter().filter(|d| d.is_error()).cloned().collect();
            &errors_only[..]
        }
        false => diags,
    };
    let capped = ictreport::cap::cap(diags);
    for d in capped.shown {
        eprintln!("{}", d.render_terminal(color));
    }
    for line in capped.summary() {
        eprintln!("{line}");
    }
}

fn print_success(command: &Command, report: &Report) {
    let w = report.warnings.len();
    match command {
        Command::Build { .. } => {
            let out = report.output.as_ref().map(|p| shown(p)).unwrap_or_default();
            say!(
                "Built {} pages ({} files, {} unchanged) into {out}; {w} warning{}.",
                report.pages,
                report.files,
                report.unchanged,
                plural(w)
            );
        }
        Command::Check { .. } => {
            say!(
                "Checked {} pages: no errors, {w} warning{}.",
                report.pages,
                plural(w)
            );
        }
        Command::New { .. }
        | Command::Init { .. }
        | Command::Serve { .. }
        | Command::Import { .. }
        | Command::Export { .. } => {}
    }
}

fn print_new_province(created: &ictreport::scaffold::NewProvince) {
    for f in &created.files {
        say!("Created {}", shown(f));
    }
    say!("{}", terminal_safe(&created.unit_note, true));
    say!(
        "It is a draft until its sections and figures are written: `ictreport serve` shows it \
         with a banner, `ictreport build` leaves it out."
    );
    if !created.english {
        say!(
            "The site is in Vietnamese only. For English pages, add `languages: [vi, en]` to \
             site.yaml and write {}/index.en.md (see README, \"Two languages\").",
            shown(&created.dir)
        );
    }
}

/// A path as the terminal may show it (control characters escaped).
fn shown(path: &std::path::Path) -> String {
    terminal_safe(&path.display().to_string(), false).into_owned()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
