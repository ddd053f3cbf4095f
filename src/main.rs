//! The `ictreport` command: parses arguments and calls the library. Exit codes: 0 success,
//! 1 problems in the site (reported with locations), 2 bad command-line usage.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ictreport::diagnostic::Diagnostic;
use ictreport::{BuildOptions, Failure, Report};

#[derive(Parser)]
#[command(
    name = "ictreport",
    version,
    about = "Static report sites for provincial ICT reports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        /// Where to write the site [default: ROOT/output].
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
    let result = match &cli.command {
        Command::Build {
            root,
            output,
            base_url,
        } => ictreport::build(&BuildOptions {
            root: root.clone(),
            output: output.clone(),
            base_url: base_url.clone(),
        }),
        Command::Check { root } => ictreport::check(root),
        Command::New {
            what: NewCommand::Province { name, region, root },
        } => {
            return match ictreport::scaffold::new_province(root, name, region) {
                Ok(rel) => {
                    println!("Created {0}/index.md and {0}/metrics.yaml.", rel.display());
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
                output: output.clone().unwrap_or_else(|| root.join("output")),
                bind: *bind,
                port: *port,
                allow_hosts: allow_hosts.clone(),
            };
            return match ictreport::serve::serve(&opts, color) {
                Ok(()) => ExitCode::SUCCESS,
                Err(msg) => {
                    eprintln!("error: {msg}");
                    ExitCode::from(1)
                }
            };
        }
        Command::Init { dir } => {
            return match ictreport::scaffold::init(dir) {
                Ok(files) => {
                    println!(
                        "Created a new site in {} ({} files). Next: cd {0} && ictreport build",
                        dir.display(),
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
        Err(Failure { diagnostics }) => {
            print_diagnostics(&diagnostics, color);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            eprintln!(
                "\n{errors} error{} and {warnings} warning{}; nothing was written.",
                plural(errors),
                plural(warnings)
            );
            ExitCode::from(1)
        }
    }
}

fn fail(d: &Diagnostic, color: bool) -> ExitCode {
    eprintln!("{}", d.render_terminal(color));
    ExitCode::from(1)
}

fn print_diagnostics(diags: &[Diagnostic], color: bool) {
    for d in diags {
        eprintln!("{}", d.render_terminal(color));
    }
}

fn print_success(command: &Command, report: &Report) {
    let w = report.warnings.len();
    match command {
        Command::Build { .. } => {
            let out = report
                .output
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            println!(
                "Built {} pages ({} files, {} unchanged) into {out}; {w} warning{}.",
                report.pages,
                report.files,
                report.unchanged,
                plural(w)
            );
        }
        Command::Check { .. } => {
            println!(
                "Checked {} pages: no errors, {w} warning{}.",
                report.pages,
                plural(w)
            );
        }
        Command::New { .. } | Command::Init { .. } | Command::Serve { .. } => {}
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
