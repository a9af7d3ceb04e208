//! The command line: argument parsing and exit codes. Everything else is in the library.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use tenantlint::output::pretty::Style;
use tenantlint::output::{self, Format};
use tenantlint::rules::{self, docs, Severity, Status};
use tenantlint::suppress::Baseline;
use tenantlint::timings::Stage;
use tenantlint::{config, lint, lint_observed, Options, Report, StdinFile};

mod progress;

/// An offline linter for exported Microsoft Entra ID tenant configuration.
#[derive(Parser)]
#[command(name = "tenantlint", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Threads to read and check with (default: one per core).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

#[derive(Subcommand)]
enum Command {
    /// Lint exported files and folders.
    Check(CheckArgs),
    /// List the rules, or explain one.
    Rule {
        /// A rule code or name.
        #[arg(value_parser = RulePatterns { families: false }, hide_possible_values = true)]
        code: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: RuleFormat,
    },
    /// Show what each file was recognised as, and what the rules can evaluate.
    Inputs {
        /// Files or folders (default: the current folder).
        paths: Vec<PathBuf>,
    },
    /// Write audit evidence (evidence.json and a self-contained evidence.html), or verify it.
    Evidence(EvidenceArgs),
    /// Which Conditional Access policies apply to one sign-in, and what they demand, offline.
    Whatif(WhatifArgs),
    /// The sign-ins no enforced policy protects with MFA or a block, most privileged first.
    Gaps(GapsArgs),
    /// What changed between two exports of the tenant, and whether it made the tenant weaker.
    Diff(DiffArgs),
    /// Print a JSON Schema: `config` for tenantlint.toml, `evidence` for evidence.json.
    Schema {
        #[arg(value_enum)]
        which: SchemaKind,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `--select`, `--ignore` and `--extend-select` take any text here: it is checked against the
/// registry later, together with the configuration's. The possible values feed shell completions
/// only, so that they offer every code, name and family without clap refusing a comma list.
#[derive(Clone)]
struct RulePatterns {
    /// Whether `ALL` and family prefixes (`MFA`) are offered, or codes and names only.
    families: bool,
}

impl clap::builder::TypedValueParser for RulePatterns {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let rules = tenantlint::selection::patterns()
            .into_iter()
            .filter(|(pattern, _)| self.families || tenantlint::rules::find(pattern).is_some());
        Some(Box::new(rules.map(|(pattern, help)| {
            clap::builder::PossibleValue::new(pattern).help(help)
        })))
    }
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders to lint (default: the current folder).
    paths: Vec<PathBuf>,
    /// Output format (default: pretty on a terminal, concise otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Rules to run: codes, names or family prefixes, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = RulePatterns { families: true }, hide_possible_values = true)]
    select: Vec<String>,
    /// Rules not to run: codes, names or family prefixes, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = RulePatterns { families: true }, hide_possible_values = true)]
    ignore: Vec<String>,
    /// Files and folders not to read below the paths given: glob patterns matched against a
    /// name or a path below a linted folder, comma-separated (added to the configuration's).
    #[arg(long, value_delimiter = ',', value_name = "PATTERNS")]
    exclude: Vec<String>,
    /// Exit 1 only for findings at or above this severity (default: the configuration's
    /// `fail-on`, else info).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<Severity>,
    /// Rules to run on top of the selection (the configuration's or --select).
    #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = RulePatterns { families: true }, hide_possible_values = true)]
    extend_select: Vec<String>,
    /// Print how many findings each rule produced instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Read the content of the file at PATH from standard input (an editor's unsaved buffer);
    /// the rest of the export is read from disk.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Colour in pretty output: auto follows the terminal and NO_COLOR.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// The configuration file (default: the nearest tenantlint.toml above the first path).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Report only findings that are not in this baseline.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the findings reported by this run as a baseline.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Print the findings only: no progress bar, no rule table, plan or notices.
    #[arg(short, long)]
    quiet: bool,
    /// Print nothing: the exit code says it all (a report asked for with --output is still
    /// written).
    #[arg(short, long, conflicts_with = "quiet")]
    silent: bool,
    /// Exit 0 even when there are findings (an unreadable input still exits 2).
    #[arg(long)]
    exit_zero: bool,
    /// Show at most N findings of each rule in pretty and concise output, then how many more
    /// (default: 100 in pretty, all in concise; 0 shows all). Other formats list every finding.
    #[arg(long, value_name = "N")]
    max_per_rule: Option<usize>,
    /// Print the effective settings (configuration file, rules and their severities, fail-on,
    /// format, exclusions) and exit without linting.
    #[arg(long)]
    show_settings: bool,
    /// Also write the report as SARIF to FILE, whatever --format says.
    #[arg(long, value_name = "FILE")]
    output_sarif: Option<PathBuf>,
    /// Also write the report as JUnit XML to FILE.
    #[arg(long, value_name = "FILE")]
    output_junit: Option<PathBuf>,
    /// Also write the report as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    output_json: Option<PathBuf>,
    /// Print how long each stage took, and the peak memory, to standard error.
    #[arg(long)]
    timings: bool,
    /// Run the rules of one compliance framework and report it control by control.
    #[arg(long, value_enum, value_name = "FRAMEWORK")]
    framework: Option<tenantlint::frameworks::Framework>,
    /// The largest file to read, in bytes or with a K, M or G suffix (default 4G): a larger
    /// file, a device or an endless stream is an input error.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_file_size: Option<u64>,
    /// Follow symbolic links that lead out of the folders given (by default they are skipped and
    /// reported).
    #[arg(long)]
    follow_links: bool,
    /// Where paths in SARIF and GitHub annotations start (default: the git repository's top
    /// level, else the current folder).
    #[arg(long, value_name = "DIR")]
    project_root: Option<PathBuf>,
}

/// What every question about the export reads.
#[derive(clap::Args)]
struct ReadArgs {
    /// Files or folders of the export (default: the current folder).
    paths: Vec<PathBuf>,
    /// The configuration file (default: the nearest tenantlint.toml above the first path).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The largest file to read, as for `check` (default 4G).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_file_size: Option<u64>,
    /// Follow symbolic links that lead out of the folders given.
    #[arg(long)]
    follow_links: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum AnswerFormat {
    Pretty,
    Json,
    Markdown,
}

/// whatif answers one sign-in: for people, or for programs.
#[derive(Clone, Copy, ValueEnum)]
enum WhatIfFormat {
    Pretty,
    Json,
}

#[derive(clap::Args)]
struct WhatifArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// Who signs in: a UPN or object id, role:<name or template id>, group:<name or id>, or guest.
    #[arg(long, value_name = "WHO")]
    user: String,
    /// What for: an application id, All, Office365, MicrosoftAdminPortals, a user action
    /// (registerSecurityInformation, registerOrJoinDevices) or authcontext:<id>.
    #[arg(long, value_name = "APP", default_value = "All")]
    app: String,
    /// Client app type: browser, mobileAppsAndDesktopClients, exchangeActiveSync, other.
    #[arg(long, value_name = "TYPE")]
    client: Option<String>,
    /// Device platform: android, iOS, windows, macOS, linux, windowsPhone.
    #[arg(long)]
    platform: Option<String>,
    /// A named location (id or name), an IP address, or a two-letter country code.
    #[arg(long, value_name = "PLACE")]
    location: Option<String>,
    /// Sign-in risk: none, low, medium, high.
    #[arg(long, value_name = "LEVEL")]
    sign_in_risk: Option<String>,
    /// User risk: none, low, medium, high.
    #[arg(long, value_name = "LEVEL")]
    user_risk: Option<String>,
    /// Insider risk: minor, moderate, elevated.
    #[arg(long, value_name = "LEVEL")]
    insider_risk: Option<String>,
    /// Whether the device is compliant.
    #[arg(long, value_name = "BOOL")]
    device_compliant: Option<bool>,
    /// How the device is joined (EntraID, hybrid, registered).
    #[arg(long, value_name = "TYPE")]
    device_join_type: Option<String>,
    /// Authentication flow: deviceCodeFlow, authenticationTransfer.
    #[arg(long, value_name = "FLOW")]
    flow: Option<String>,
    #[arg(long, value_enum, default_value = "pretty")]
    format: WhatIfFormat,
}

#[derive(clap::Args)]
struct GapsArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// Count report-only policies as enforced: what turning them on would close.
    #[arg(long)]
    report_only_as_on: bool,
    /// Grant controls that count as protection, comma-separated (default mfa,block; mfa counts
    /// authentication strengths too).
    #[arg(long, value_delimiter = ',', value_name = "CONTROLS")]
    controls: Vec<String>,
    #[arg(long, value_enum, default_value = "pretty")]
    format: AnswerFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Pretty,
    Json,
    Markdown,
    Github,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// OLD NEW: two export folders. With --git or --staged: the export's folders in the
    /// repository (default: the current folder).
    paths: Vec<PathBuf>,
    /// Compare revision REV with the working tree, or A..B: revision A with revision B, read
    /// through git (no checkout).
    #[arg(long, value_name = "REV", conflicts_with = "staged")]
    git: Option<String>,
    /// Compare HEAD with what is staged: for a pre-commit hook.
    #[arg(long)]
    staged: bool,
    #[arg(long, value_enum, default_value = "pretty")]
    format: DiffFormat,
    /// Exit 1 for new findings only at or above this severity (other weakenings always count).
    #[arg(long, value_enum, default_value = "info", value_name = "SEVERITY")]
    fail_on: Severity,
    /// The configuration file (default: the nearest tenantlint.toml above the first path).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The largest file to read, as for `check` (default 4G).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_file_size: Option<u64>,
}

/// One side of a diff: folders on disk, or a git tree.
enum Side {
    Folders(Vec<PathBuf>),
    Git(tenantlint::source::git::Tree, Vec<PathBuf>),
}

/// `500000000`, `500M`, `4G`: a size in bytes.
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, shift) = match text.char_indices().last() {
        Some((at, 'k' | 'K')) => (&text[..at], 10),
        Some((at, 'm' | 'M')) => (&text[..at], 20),
        Some((at, 'g' | 'G')) => (&text[..at], 30),
        _ => (text, 0),
    };
    let number = digits.parse::<u64>().map_err(|_| {
        format!("`{text}` is not a size: give bytes, or a whole number followed by K, M or G, as in 64M")
    })?;
    match number.checked_mul(1 << shift) {
        Some(0) => Err("the size limit must be more than 0 bytes".to_string()),
        Some(size) => Ok(size),
        None => Err(format!(
            "`{text}` is more bytes than this machine can count"
        )),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    Config,
    Evidence,
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct EvidenceArgs {
    #[command(subcommand)]
    action: Option<EvidenceAction>,
    /// Files or folders to lint (default: the current folder).
    paths: Vec<PathBuf>,
    /// The folder to write evidence.json and evidence.html to.
    #[arg(long, value_name = "DIR", default_value = "evidence")]
    out: PathBuf,
    /// The configuration file (default: the nearest tenantlint.toml above the first path).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The largest file to read, as for `check` (default 4G).
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_size)]
    max_file_size: Option<u64>,
}

#[derive(Subcommand)]
enum EvidenceAction {
    /// Re-hash the inputs and say whether the evidence in DIR still matches them.
    Verify {
        /// The folder holding evidence.json.
        dir: PathBuf,
        /// The files and folders the evidence was made from.
        paths: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RuleFormat {
    Text,
    Json,
}

const EXIT_FINDINGS: u8 = 1;
const EXIT_INPUT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(threads) = cli.threads {
        // Only fails when a pool already exists, which nothing here creates before this.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.into())
            .build_global();
    }
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rule { code, format } => explain(code.as_deref(), format),
        Command::Inputs { paths } => inputs(paths),
        Command::Schema { which } => {
            print!(
                "{}",
                match which {
                    SchemaKind::Config => tenantlint::config::SCHEMA,
                    SchemaKind::Evidence => output::evidence::SCHEMA,
                }
            );
            Ok(0)
        }
        Command::Evidence(args) => evidence(args),
        Command::Whatif(args) => whatif(args),
        Command::Gaps(args) => gaps(args),
        Command::Diff(args) => diff(args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "tenantlint", &mut io::stdout());
            Ok(0)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            to_stderr(format_args!("tenantlint: {message}\n"));
            ExitCode::from(EXIT_INPUT_ERROR)
        }
    }
}

/// Writes a message to standard error. A reader that has gone away (`2>&1 | head`) is no
/// reason to panic: what it would have read is lost either way, and the exit code still tells.
fn to_stderr(message: std::fmt::Arguments) {
    let _ = io::stderr().lock().write_fmt(message);
}

/// The paths a command reads: the current folder when none is given. A FIFO among them is
/// announced, whichever command reads it.
fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        announce_fifos(&paths);
        paths
    }
}

/// A FIFO named on the command line blocks until something writes to it: say so, rather than
/// hang in silence.
fn announce_fifos(paths: &[PathBuf]) {
    #[cfg(unix)]
    for path in paths {
        use std::os::unix::fs::FileTypeExt;
        if std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo()) {
            to_stderr(format_args!(
                "tenantlint: {} is a FIFO; waiting for a program to write to it (interrupt with Ctrl-C)\n",
                shown(&tenantlint::source::display_path(path))
            ));
        }
    }
}

fn check(args: CheckArgs) -> Result<u8, String> {
    let limit = args
        .max_file_size
        .unwrap_or(tenantlint::DEFAULT_MAX_FILE_SIZE);
    let stdin = match args.stdin_filename {
        Some(path) => {
            // Content over the limit is refused like a file's: an input error against its
            // path, and the rest is linted.
            let (bytes, refused) = match tenantlint::source::read_limited(io::stdin(), limit, 0) {
                Ok(bytes) => (bytes, None),
                Err(e) if e.kind() == io::ErrorKind::FileTooLarge => {
                    (Vec::new(), Some(format!("standard input: {e}")))
                }
                Err(e) => return Err(format!("cannot read standard input: {e}")),
            };
            Some(StdinFile {
                path,
                bytes,
                refused,
            })
        }
        None => None,
    };
    let paths = default_paths(args.paths);
    let (config_path, config) = load_config(args.config.clone(), &paths[0])?;
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose()?;
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(Severity::Info);
    let configured_format = config
        .format
        .as_deref()
        .map(|name| Format::from_str(name, true))
        .transpose()?;
    let options = Options {
        select: args.select,
        extend_select: args.extend_select,
        ignore: args.ignore,
        exclude: tenantlint::source::discover::Exclude::new(&args.exclude)?,
        stdin,
        config,
        baseline,
        framework: args.framework,
        max_file_size: args.max_file_size,
        follow_links: args.follow_links,
        evidence: false,
        question: None,
    };
    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let format = args.format.or(configured_format).unwrap_or(if to_terminal {
        Format::Pretty
    } else {
        Format::Concise
    });
    if args.show_settings {
        return show_settings(&options, config_path.as_deref(), &paths, format, fail_on);
    }
    // Machine formats are read by programs, which have no use for a bar.
    let bar = (!args.quiet && !args.silent && matches!(format, Format::Pretty | Format::Concise))
        .then(progress::Bar::on_terminal)
        .flatten();
    let observe = |event| {
        if let Some(bar) = &bar {
            bar.observe(event)
        }
    };
    let observer: Option<&(dyn Fn(tenantlint::Progress) + Sync)> = match bar {
        Some(_) => Some(&observe),
        None => None,
    };
    let report = lint_observed(&paths, &options, observer).map_err(|e| e.to_string());
    if let Some(bar) = bar {
        bar.finish();
    }
    let mut report = report?;
    let extra_outputs = [
        (&args.output_sarif, Format::Sarif),
        (&args.output_junit, Format::Junit),
        (&args.output_json, Format::Json),
    ];
    let sarif_anywhere = matches!(
        format,
        Format::Sarif | Format::Github | Format::Gitlab | Format::Azure
    ) || args.output_sarif.is_some();
    if sarif_anywhere {
        report.project_root = match &args.project_root {
            Some(root) => Some(
                std::fs::canonicalize(root)
                    .map_err(|e| format!("--project-root {}: {e}", root.display()))?,
            ),
            None => {
                tenantlint::source::git::top_level().and_then(|top| std::fs::canonicalize(top).ok())
            }
        };
    }
    if let Some(path) = &args.write_baseline {
        Baseline::of(&report.diagnostics, &report.tenant_subject).write(path)?;
        if !args.silent {
            to_stderr(format_args!(
                "tenantlint: wrote {} finding(s) to the baseline {}\n",
                report.diagnostics.len(),
                shown(&tenantlint::source::display_path(path))
            ));
        }
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    for (path, extra) in extra_outputs {
        if let Some(path) = path {
            let mut file = BufWriter::new(
                File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?,
            );
            render(&report, extra, &mut file, Style::plain(), true)
                .and_then(|_| file.flush())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    // Decided on every finding, before a rule with thousands is summarised for people.
    let code = match (&args.write_baseline, report.has_errors()) {
        (Some(_), false) => 0,
        (None, false) if args.exit_zero => 0,
        _ => exit_code(&report, fail_on),
    };
    let per_rule = match (args.max_per_rule, format) {
        (Some(0), _) => None,
        (Some(n), Format::Pretty | Format::Concise) => Some(n),
        (None, Format::Pretty) => Some(PRETTY_PER_RULE),
        _ => None,
    };
    let mut per_rule = output::PerRule::new(per_rule);
    // Silent prints nothing; a report asked for with --output is still written.
    let mut out: Box<dyn Write> = match (&args.output, args.silent) {
        (Some(path), _) => Box::new(BufWriter::new(
            File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        )),
        (None, true) => Box::new(io::sink()),
        (None, false) => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let written = match (args.statistics, format) {
        (true, Format::Json) => output::statistics::render_json(&report, &mut out),
        (true, _) => output::statistics::render_text(&report, &mut out),
        (false, format) => render_limited(
            &report,
            format,
            &mut out,
            Style {
                color,
                width: pretty_width(to_terminal),
            },
            !args.quiet && !args.silent,
            &mut per_rule,
        ),
    };
    let summarised = per_rule.hidden().iter().try_for_each(|(rule, more)| {
        let line = format!(
            "{more} more finding(s) of {rule} not shown (--max-per-rule 0 shows all, --format json lists them)\n"
        );
        match format {
            // Concise lines are read by editors: the count goes to standard error.
            Format::Concise => {
                if !args.silent {
                    to_stderr(format_args!("tenantlint: {line}"));
                }
                Ok(())
            }
            _ => out.write_all(line.as_bytes()),
        }
    });
    written
        .and(summarised)
        .and_then(|_| out.flush())
        .map_err(|e| format!("cannot write the report: {e}"))?;
    drop(out);
    report.timings.lap(Stage::Render);
    if args.timings {
        to_stderr(format_args!("{}", report.timings));
    }
    // The process ends here: freeing a large tenant piece by piece would only cost time.
    std::mem::forget(report);
    Ok(code)
}

/// Findings of one rule pretty output shows before it summarises the rest.
const PRETTY_PER_RULE: usize = 100;

/// What a check would run with, and where each setting comes from: Ruff's `--show-settings`.
fn show_settings(
    options: &Options,
    config_path: Option<&std::path::Path>,
    paths: &[PathBuf],
    format: Format,
    fail_on: Severity,
) -> Result<u8, String> {
    let config = &options.config;
    let rules = options.rules().map_err(|e| e.to_string())?;
    let mut text = format!(
        "configuration: {}\npaths: {}\nformat: {}\nfail-on: {fail_on}\nmax-file-size: {} bytes\nemergency-access: {}\nrules ({}):\n",
        config_path.map_or_else(|| "none (defaults)".to_string(), |p| shown(&tenantlint::source::display_path(p))),
        paths
            .iter()
            .map(|p| shown(&tenantlint::source::display_path(p)))
            .collect::<Vec<_>>()
            .join(", "),
        format
            .to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_string()),
        options.max_file_size(),
        match &config.emergency_access {
            Some(e) => format!("{} account(s), {} group(s) declared", e.accounts.len(), e.groups.len()),
            None => "not declared".to_string(),
        },
        rules.len()
    );
    for rule in &rules {
        let meta = rule.meta();
        let configured = config.severity_of(meta.code, meta.name);
        text += &format!(
            "  {:<8} {:<8} {}\n",
            meta.code,
            configured.unwrap_or(meta.severity).to_string(),
            if configured.is_some() {
                "(set in the configuration)"
            } else {
                ""
            }
        );
    }
    write_stdout(&text)?;
    Ok(0)
}

/// The width pretty output wraps at on a terminal: `COLUMNS` where set, else the terminal's.
/// Written to a file or a pipe, it is the wide default: nobody decided how wide its reader is.
fn pretty_width(to_terminal: bool) -> usize {
    if !to_terminal {
        return Style::UNWRAPPED;
    }
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok());
    let terminal = || terminal_size::terminal_size().map(|(width, _)| usize::from(width.0));
    columns
        .or_else(terminal)
        .map_or(Style::UNWRAPPED, |width: usize| width.max(Style::NARROWEST))
}

/// Renders the report; without `summary` (`-q`, `-s`), only the findings and input errors.
fn render(
    report: &Report,
    format: Format,
    out: &mut dyn Write,
    style: Style,
    summary: bool,
) -> io::Result<()> {
    render_limited(
        report,
        format,
        out,
        style,
        summary,
        &mut output::PerRule::default(),
    )
}

/// [`render`], drawing in pretty and concise output only the findings `per_rule` lets through.
fn render_limited(
    report: &Report,
    format: Format,
    out: &mut dyn Write,
    style: Style,
    summary: bool,
    per_rule: &mut output::PerRule,
) -> io::Result<()> {
    match format {
        Format::Pretty if summary => output::pretty::render_some(report, out, style, per_rule),
        Format::Pretty => output::pretty::render_findings(report, out, style, per_rule),
        Format::Concise => {
            if summary {
                summarise_to_stderr(report);
            }
            output::concise::render_some(report, out, per_rule)
        }
        Format::Json => output::json::render(report, out),
        Format::Sarif => output::sarif::render(report, out),
        Format::Github => output::github::render(report, out),
        Format::Junit => output::junit::render(report, out),
        Format::Gitlab => output::gitlab::render(report, out),
        Format::Azure => output::azure::render(report, out),
    }
}

fn exit_code(report: &Report, fail_on: Severity) -> u8 {
    if report.has_errors() {
        EXIT_INPUT_ERROR
    } else if report
        .diagnostics
        .iter()
        .any(|d| output::counts_as_failure(d.severity, fail_on))
    {
        EXIT_FINDINGS
    } else {
        0
    }
}

/// Concise output is for machines and editors; rules that could not be evaluated still must
/// not pass silently, so they are named on standard error.
fn summarise_to_stderr(report: &Report) {
    for notice in &report.notices {
        to_stderr(format_args!("tenantlint: {}\n", shown(notice)));
    }
    for result in report
        .results
        .iter()
        .filter(|r| r.status == Status::NotEvaluated)
    {
        to_stderr(format_args!(
            "tenantlint: {} not evaluated: {}\n",
            result.meta.code,
            shown(result.reason.as_deref().unwrap_or("missing input"))
        ));
    }
}

fn explain(code: Option<&str>, format: RuleFormat) -> Result<u8, String> {
    let rules: Vec<&'static dyn rules::Rule> = match code {
        None => rules::registry().to_vec(),
        Some(code) => vec![rules::find(code).ok_or_else(|| {
            format!("unknown rule `{code}` (run `tenantlint rule` for the list)")
        })?],
    };
    let text = match (format, code) {
        (RuleFormat::Json, _) => {
            let entries: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    let m = r.meta();
                    let mut entry = serde_json::json!({
                        "code": m.code,
                        "name": m.name,
                        "severity": m.severity,
                        "summary": m.summary,
                        "cis": docs::metadata(m.code, "cis"),
                        "cisa": docs::metadata(m.code, "cisa"),
                        "guidance": docs::metadata(m.code, "guidance"),
                    });
                    if code.is_some() {
                        entry["page"] = serde_json::json!(docs::body(m.code));
                    }
                    entry
                })
                .collect();
            let value = if code.is_some() {
                entries[0].clone()
            } else {
                serde_json::json!(entries)
            };
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())? + "\n"
        }
        (RuleFormat::Text, None) => {
            // Columns as wide as their longest entry; severities padded as text, since their
            // Display ignores widths.
            let width = rules
                .iter()
                .map(|r| r.meta().name.len())
                .max()
                .unwrap_or(0)
                .max("NAME".len());
            let mut text = format!(
                "{:<8} {:<width$} {:<8} {}\n",
                "CODE", "NAME", "SEVERITY", "CHECKS"
            );
            for rule in &rules {
                let m = rule.meta();
                text += &format!(
                    "{:<8} {:<width$} {:<8} {}\n",
                    m.code,
                    m.name,
                    m.severity.to_string(),
                    m.summary
                );
            }
            text
        }
        (RuleFormat::Text, Some(_)) => {
            let m = rules[0].meta();
            let body = docs::body(m.code).unwrap_or_default();
            format!(
                "# {} {} ({})\n\n{}\n\n{body}",
                m.code, m.name, m.severity, m.summary
            )
        }
    };
    io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(0)
}

/// One key of a multi-part export, for `inputs`: what was read from it, or why nothing was.
fn describe_section(section: &tenantlint::ingest::Section) -> String {
    let mut line = match &section.kind {
        Some(kind) => format!("{} record(s) of {}", section.read, kind.describe()),
        None => "not read".to_string(),
    };
    if section.unreadable > 0 {
        line += &format!(
            ", {} not readable (see the errors below)",
            section.unreadable
        );
    }
    if let Some(note) = &section.note {
        line += &format!(": {note}");
    }
    line
}

/// A tenant string or path as a terminal may show it (see `output::escape`).
fn shown(text: &str) -> String {
    output::escape::printable(text).into_owned()
}

fn inputs(paths: Vec<PathBuf>) -> Result<u8, String> {
    let report = lint(&default_paths(paths), &Options::default()).map_err(|e| e.to_string())?;
    let mut text = String::new();
    for document in &report.documents {
        let file = report.sources.get(document.file);
        if !document.sections.is_empty() {
            text += &format!(
                "{}: a CISA ScubaGear export ({}), read key by key:\n",
                shown(&file.display_path()),
                file.encoding
            );
            for section in &document.sections {
                text += &format!(
                    "  {}: {}\n",
                    shown(&section.key),
                    shown(&describe_section(section))
                );
            }
            continue;
        }
        let line = match (&document.kind, &document.skipped) {
            (Some((kind, evidence)), _) => format!(
                "{} record(s) of {} (by {}, {})",
                document.read,
                kind.describe(),
                evidence.describe(),
                file.encoding
            ),
            (None, Some(why)) => format!("skipped: {}", shown(why)),
            (None, None) => match &document.lost {
                Some(tenantlint::ingest::LostFile::Kind(kind)) => format!(
                    "not read (kind: {}, told from its folder, annotations or name): see the errors below",
                    kind.describe()
                ),
                Some(tenantlint::ingest::LostFile::Unknown) => {
                    "not read, and what it would have held cannot be told, so no rule passes: see the \
                     errors below"
                        .to_string()
                }
                None => "not read: see the errors below".to_string(),
            },
        };
        text += &format!("{}: {line}\n", shown(&file.display_path()));
    }
    for notice in &report.notices {
        text += &format!("{}\n", shown(notice));
    }
    for error in &report.errors {
        let at = error
            .position
            .map(|p| format!(":{}:{}", p.line, p.column))
            .unwrap_or_default();
        text += &format!(
            "{}{at}: error: {}\n",
            shown(&error.path),
            shown(&error.message)
        );
    }
    text += "\nWhat the rules can evaluate with these inputs:\n";
    for result in &report.results {
        text += &format!(
            "  {:<8} {:<14} {}\n",
            result.meta.code,
            result.status.to_string(),
            shown(result.reason.as_deref().unwrap_or(""))
        );
    }
    io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(if report.has_errors() {
        EXIT_INPUT_ERROR
    } else {
        0
    })
}

fn load_config(
    explicit: Option<PathBuf>,
    first: &std::path::Path,
) -> Result<(Option<PathBuf>, config::Config), String> {
    let path = explicit.or_else(|| config::find(first));
    let config = match &path {
        Some(path) => config::load(path, &tenantlint::selection::Registry).map_err(|errors| {
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\ntenantlint: ")
        })?,
        None => config::Config::default(),
    };
    Ok((path, config))
}

/// Reads the export and answers one question about it.
fn answer(read: ReadArgs, question: tenantlint::Question) -> Result<Report, String> {
    let paths = default_paths(read.paths);
    let (_, config) = load_config(read.config, &paths[0])?;
    let options = Options {
        config,
        max_file_size: read.max_file_size,
        follow_links: read.follow_links,
        question: Some(question),
        ..Options::default()
    };
    lint(&paths, &options).map_err(|e| e.to_string())
}

/// Input errors go to standard error for people; JSON carries them itself.
fn report_errors(report: &Report) {
    for error in &report.errors {
        let at = error
            .position
            .map(|p| format!(":{}:{}", p.line, p.column))
            .unwrap_or_default();
        to_stderr(format_args!(
            "{}{at}: error: {}\n",
            shown(&error.path),
            shown(&error.message)
        ));
    }
}

fn write_stdout(text: &str) -> Result<(), String> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("cannot write: {e}")),
        _ => Ok(()),
    }
}

fn whatif(args: WhatifArgs) -> Result<u8, String> {
    let question = tenantlint::analysis::whatif::Question {
        user: args.user,
        app: args.app,
        client: args.client,
        platform: args.platform,
        location: args.location,
        sign_in_risk: args.sign_in_risk,
        user_risk: args.user_risk,
        insider_risk: args.insider_risk,
        device_compliant: args.device_compliant,
        device_join_type: args.device_join_type,
        flow: args.flow,
    };
    let report = answer(args.read, tenantlint::Question::WhatIf(Box::new(question)))?;
    let Some(tenantlint::Answer::WhatIf(answered)) = &report.answer else {
        return Err("no answer".into());
    };
    let answered = answered.as_ref().map_err(|e| e.clone())?;
    let text = match args.format {
        WhatIfFormat::Json => {
            let value = output::whatif::json(&report, answered);
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())? + "\n"
        }
        WhatIfFormat::Pretty => {
            report_errors(&report);
            output::whatif::pretty(&report, answered)
        }
    };
    write_stdout(&text)?;
    Ok(if report.has_errors() {
        EXIT_INPUT_ERROR
    } else {
        0
    })
}

fn gaps(args: GapsArgs) -> Result<u8, String> {
    let protection = if args.controls.is_empty() {
        tenantlint::analysis::signin::Protection::default()
    } else {
        tenantlint::analysis::signin::Protection::of(&args.controls)?
    };
    let controls = protection.names();
    let options = tenantlint::analysis::gaps::GapOptions {
        report_only_as_on: args.report_only_as_on,
        protection,
    };
    let report = answer(args.read, tenantlint::Question::Gaps(options))?;
    let Some(tenantlint::Answer::Gaps(found)) = &report.answer else {
        return Err("no answer".into());
    };
    let words = controls.join(" or ");
    let text = match args.format {
        AnswerFormat::Json => {
            let value = output::gaps::json(&report, found, &controls);
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())? + "\n"
        }
        AnswerFormat::Markdown => {
            report_errors(&report);
            output::gaps::markdown(&report, found, &words)
        }
        AnswerFormat::Pretty => {
            report_errors(&report);
            output::gaps::pretty(&report, found, &words)
        }
    };
    write_stdout(&text)?;
    Ok(if report.has_errors() {
        EXIT_INPUT_ERROR
    } else if found.is_clean() {
        0
    } else {
        EXIT_FINDINGS
    })
}

/// Reads one side of a diff. A git tree without the export (the commit before it was added) is
/// an empty tenant, not an error: everything in the other side is new.
fn read_side(side: Side, options: &Options) -> Result<Report, String> {
    match side {
        Side::Folders(paths) => lint(&default_paths(paths), options).map_err(|e| e.to_string()),
        Side::Git(tree, paths) => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let files = tenantlint::source::git::files(&tree, &paths, options.max_file_size())?;
            let empty = files.is_empty();
            let mut report = tenantlint::lint_given(files, options).map_err(|e| e.to_string())?;
            if empty {
                report.errors.clear();
                to_stderr(format_args!(
                    "tenantlint: {} holds no export files under the paths given: compared as an empty tenant\n",
                    tree.describe()
                ));
            }
            Ok(report)
        }
    }
}

fn diff(args: DiffArgs) -> Result<u8, String> {
    use tenantlint::source::git::Tree;
    let (old, new) = match (&args.git, args.staged) {
        (_, true) => (
            Side::Git(Tree::Revision("HEAD".into()), args.paths.clone()),
            Side::Git(Tree::Index, args.paths.clone()),
        ),
        (Some(range), false) => match range.split_once("..") {
            Some((a, b)) => (
                Side::Git(Tree::Revision(a.into()), args.paths.clone()),
                Side::Git(Tree::Revision(b.into()), args.paths.clone()),
            ),
            None => (
                Side::Git(Tree::Revision(range.clone()), args.paths.clone()),
                Side::Folders(args.paths.clone()),
            ),
        },
        (None, false) => match args.paths.as_slice() {
            [old, new] => (
                Side::Folders(vec![old.clone()]),
                Side::Folders(vec![new.clone()]),
            ),
            _ => {
                return Err(
                    "give two export folders (OLD NEW), or --git REV, --git A..B or --staged"
                        .into(),
                )
            }
        },
    };
    let first = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let (_, config) = load_config(args.config, &first)?;
    let options = Options {
        config,
        max_file_size: args.max_file_size,
        question: Some(tenantlint::Question::Posture(Default::default())),
        ..Options::default()
    };
    let old = read_side(old, &options)?;
    let new = read_side(new, &options)?;
    let changes = tenantlint::diff::compare(&old, &new);
    let mut places = output::diff::Places::new(&old, &new);
    let text = match args.format {
        DiffFormat::Json => {
            let value = output::diff::json(&changes, &mut places, &old, &new);
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())? + "\n"
        }
        format => {
            report_errors(&old);
            report_errors(&new);
            match format {
                DiffFormat::Markdown => output::diff::markdown(&changes, &mut places),
                DiffFormat::Github => {
                    let root = tenantlint::source::git::top_level()
                        .and_then(|top| std::fs::canonicalize(top).ok());
                    output::diff::github(&changes, &mut places, root.as_deref())
                }
                _ => output::diff::pretty(&changes, &mut places),
            }
        }
    };
    write_stdout(&text)?;
    Ok(if old.has_errors() || new.has_errors() {
        EXIT_INPUT_ERROR
    } else if changes.fails(args.fail_on) {
        EXIT_FINDINGS
    } else {
        0
    })
}

fn evidence(args: EvidenceArgs) -> Result<u8, String> {
    if let Some(EvidenceAction::Verify { dir, paths }) = args.action {
        // The files the evidence was made from: the same configuration leaves the same out.
        let paths = default_paths(paths);
        let (_, config) = load_config(args.config, &paths[0])?;
        let found = tenantlint::source::discover::discover(&paths, &config.exclude, false);
        let files = found.files;
        if let Some(e) = found.errors.first() {
            return Err(format!(
                "{}: {}",
                shown(&tenantlint::source::display_path(&e.path)),
                shown(&e.message)
            ));
        }
        let limit = args
            .max_file_size
            .unwrap_or(tenantlint::DEFAULT_MAX_FILE_SIZE);
        let recorded = output::evidence::read_recorded(&dir, limit)?;
        let outcome = output::evidence::verify(&recorded, &paths, &files, limit)?;
        let mut out = io::stdout().lock();
        let mut say = |text: String| out.write_all(text.as_bytes()).map_err(|e| e.to_string());
        for (what, list) in [
            ("changed", &outcome.changed),
            ("missing", &outcome.missing),
            ("new", &outcome.new),
        ] {
            for path in list {
                say(format!("{what}: {}\n", shown(path)))?;
            }
        }
        if !outcome.holds() {
            say("the evidence does not match the inputs\n".to_string())?;
            return Ok(EXIT_FINDINGS);
        }
        // The inputs are those hashed: the verdicts recorded must be the ones they give, and
        // the page must be what the recorded verdicts render to. An edited evidence.json (a
        // fail turned into a pass) or evidence.html fails here.
        let options = Options {
            config,
            evidence: true,
            max_file_size: args.max_file_size,
            ..Options::default()
        };
        let report = lint(&paths, &options).map_err(|e| e.to_string())?;
        let facts = output::evidence::RunFacts {
            command_line: Vec::new(),
            config: None,
            roots: paths.clone(),
        };
        let rerun = serde_json::to_value(output::evidence::build(&report, &facts))
            .map_err(|e| e.to_string())?;
        let (stated, found) = (
            output::evidence::verdicts(&recorded),
            output::evidence::verdicts(&rerun),
        );
        let (only_stated, only_found) = output::evidence::unmatched(&stated, &found);
        let mut holds = only_stated.is_empty() && only_found.is_empty();
        for line in only_stated {
            say(format!(
                "recorded but not found on the inputs: {}\n",
                shown(line)
            ))?;
        }
        for line in only_found {
            say(format!(
                "found on the inputs but not recorded: {}\n",
                shown(line)
            ))?;
        }
        if !output::evidence::html_matches(&dir, &recorded)? {
            say("evidence.html is not what evidence.json renders to\n".to_string())?;
            holds = false;
        }
        return if holds {
            say(format!(
                "the evidence matches all {} input files, and its verdicts are the ones they give\n",
                outcome.matching
            ))?;
            Ok(0)
        } else {
            say("the evidence does not match the inputs\n".to_string())?;
            Ok(EXIT_FINDINGS)
        };
    }
    let paths = default_paths(args.paths);
    let (config_path, config) = load_config(args.config, &paths[0])?;
    let options = Options {
        config,
        evidence: true,
        question: None,
        max_file_size: args.max_file_size,
        ..Options::default()
    };
    let report = lint(&paths, &options).map_err(|e| e.to_string())?;
    let facts = output::evidence::RunFacts {
        command_line: std::env::args().collect(),
        config: config_path,
        roots: paths.clone(),
    };
    let evidence = output::evidence::build(&report, &facts);
    output::evidence::write(&args.out, &evidence)?;
    to_stderr(format_args!(
        "tenantlint: wrote {} and {}\n",
        args.out.join("evidence.json").display(),
        args.out.join("evidence.html").display()
    ));
    Ok(if report.has_errors() {
        EXIT_INPUT_ERROR
    } else {
        0
    })
}
