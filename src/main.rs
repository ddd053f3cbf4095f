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
        /// Skip the PDF edition (quicker previews, the HTML benchmark).
        #[arg(long)]
        no_pdf: bool,
    },
    /// Validate the content and templates; writes nothing.
    Check {
        /// The site folder (with site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build, serve on a local address, rebuild what an edit touches and reload open pages.
    Serve {
        /// The site folder (with site.yaml and content/).
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
        /// Skip the PDF edition.
        #[arg(long)]
        no_pdf: bool,
    },
    /// Create something new in the site.
    New {
        /// What to create.
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Create a new site with the default theme and one example province.
    Init {
        /// The new site's folder, which must be empty or missing [default: .].
        #[arg(conflicts_with = "root")]
        dir: Option<PathBuf>,
        /// The new site's folder, as every command takes it (the same as DIR).
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Import figures from a spreadsheet (.xlsx, .ods, .csv) into the provinces' metrics.yaml.
    Import {
        /// The spreadsheet; its layout (long or wide) is told from the header row.
        file: PathBuf,
        /// The site folder (with site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Import only this sheet of a workbook.
        #[arg(long)]
        sheet: Option<String>,
        /// Show the summary and the diff; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The source id (content/sources.yaml) of every value whose row names none.
        #[arg(long, value_name = "ID")]
        source: Option<String>,
        /// How many were ranked, for every rank value whose header or unit line does not say.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(1..=100_000))]
        out_of: Option<i64>,
    },
    /// Export the site's data (or an empty template) as a spreadsheet (.xlsx or .csv).
    Export {
        /// The spreadsheet to write; its extension (.xlsx or .csv) gives the format.
        file: PathBuf,
        /// The site folder (with site.yaml and content/).
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
        /// The site folder (with site.yaml and content/).
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
            no_pdf,
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
                    pdf: !*no_pdf,
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
            no_pdf,
        } => {
            let opts = ictreport::serve::ServeOptions {
                root: root.clone(),
                output: output
                    .clone()
                    .unwrap_or_else(|| root.join(ictreport::output::PREVIEW_DIR)),
                bind: *bind,
                port: *port,
                allow_hosts: allow_hosts.clone(),
                pdf: !*no_pdf,
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
            source,
            out_of,
        } => {
            let opts = ictreport::sheet::ImportOptions {
                root: root.clone(),
                file: file.clone(),
                sheet: sheet.clone(),
                dry_run: *dry_run,
                source: source.clone(),
                out_of: *out_of,
            };
            let result = ictreport::sheet::import(&opts);
            return report_import(result, *dry_run, cli.verbose, color);
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
        Command::Init { dir, root } => {
            let dir = dir
                .as_ref()
                .or(root.as_ref())
                .map_or(".".as_ref(), PathBuf::as_path);
            return match ictreport::scaffold::init(dir) {
                Ok(files) => {
                    let next = match dir == std::path::Path::new(".") {
                        true => "ictreport build".to_string(),
                        false => format!("cd {} && ictreport build", shown(dir)),
                    };
                    say!(
                        "Created a new site in {} ({} files). Next: {next}",
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

/// The header rows each table was read from, the cells without a figure, and (with `-v`)
/// the rows outside the tables.
fn report_skipped(skipped: &ictreport::sheet::Skipped, verbose: bool) {
    // Sheet names and cells are the file's text: escaped like every diagnostic.
    let safe = |t: &str| ictreport::terminal::terminal_safe(t, false).into_owned();
    for h in &skipped.headers {
        say!("Header: {}", safe(h));
    }
    let total: usize = skipped.missing.iter().map(|(_, n)| n).sum();
    if total > 0 {
        let kinds: Vec<String> = skipped
            .missing
            .iter()
            .map(|(m, n)| format!("{n} {m}"))
            .collect();
        say!(
            "Skipped {total} cell{} without a figure ({})",
            plural(total),
            kinds.join(", ")
        );
    }
    let n = skipped.outside.len();
    if n > 0 && verbose {
        say!(
            "Not imported, outside the table{}:",
            plural(skipped.headers.len())
        );
        for (at, text) in &skipped.outside {
            say!("  {}: {}", safe(at), safe(text));
        }
    } else if n > 0 {
        say!(
            "{n} row{} outside the table{} (title, unit, notes) not imported; -v lists them",
            plural(n),
            plural(skipped.headers.len())
        );
    }
}

/// The import's summary per province (and with `--dry-run`, the diff first).
fn report_import(
    result: Result<ictreport::sheet::Imported, Failure>,
    dry_run: bool,
    verbose: bool,
    color: bool,
) -> ExitCode {
    let imported = match result {
        Ok(i) => i,
        Err(f) => return fail_all(&f.diagnostics, color),
    };
    print_diagnostics(&imported.warnings, color);
    report_skipped(&imported.skipped, verbose);
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
             site.yaml and write {}/index.en.md (see docs/content-format.md, \"Two languages\").",
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every argument and flag of every command, however deep, with no help line.
    fn without_help(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        let path = format!("{path} {}", cmd.get_name()).trim().to_string();
        for arg in cmd.get_arguments() {
            let builtin = matches!(arg.get_id().as_str(), "help" | "version");
            if !builtin && arg.get_help().is_none() && arg.get_long_help().is_none() {
                out.push(format!("{path}: {}", arg.get_id()));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() {
                out.push(format!("{path} {}: no description", sub.get_name()));
            }
            without_help(sub, &path, out);
        }
    }

    #[test]
    fn every_argument_and_command_has_a_help_line() {
        let mut missing = Vec::new();
        without_help(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "without help: {missing:?}");
        Cli::command().debug_assert();
    }
}
