//! tenantlint: an offline linter for exported Microsoft Entra ID tenant configuration.
//!
//! `lint` runs the whole pipeline: discover files, decode and recognise them (in parallel),
//! assemble one [`model::Tenant`], run the selected rules, and return a [`Report`] that the
//! `output` formats render.

pub mod analysis;
pub mod config;
pub mod diff;
pub mod frameworks;
pub mod ingest;
pub mod model;
pub mod output;
pub mod rules;
pub mod selection;
pub mod source;
pub mod suppress;
pub mod timings;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use ingest::{Document, InputError};
use rules::{Diagnostic, RuleResult};
use source::{decode, discover, FileId, SourceFile, Sources};

/// What to lint and how.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Rule codes, names or family prefixes to run; empty runs every rule.
    pub select: Vec<String>,
    /// Rules to run on top of the selection (`--extend-select`).
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Files and folders not to read, besides the configuration's (`--exclude`).
    pub exclude: source::discover::Exclude,
    /// Content that replaces the file at a path (an editor's unsaved buffer).
    pub stdin: Option<StdinFile>,
    /// The configuration file's settings (the default when there is none).
    pub config: config::Config,
    /// Findings to leave out because they were already known.
    pub baseline: Option<suppress::Baseline>,
    /// Run the rules of one framework and report its controls.
    pub framework: Option<frameworks::Framework>,
    /// The largest file read, in bytes (`--max-file-size`); `None` is [`DEFAULT_MAX_FILE_SIZE`].
    pub max_file_size: Option<u64>,
    /// Follow symbolic links that lead out of the folders given (`--follow-links`).
    pub follow_links: bool,
    /// The run makes evidence: keep each file's SHA-256 as read, and judge every framework's
    /// controls.
    pub evidence: bool,
    /// A question beyond lint (`whatif`, `gaps`): asked of the tenant instead of the rules.
    pub question: Option<Question>,
}

/// A question about the tenant's sign-ins, answered by the same engine as the coverage rules.
#[derive(Debug, Clone)]
pub enum Question {
    WhatIf(Box<analysis::whatif::Question>),
    Gaps(analysis::gaps::GapOptions),
    /// Everything `diff` compares: the rules run as for `check`, and the sweep and the
    /// policies' facts are kept.
    Posture(analysis::gaps::GapOptions),
}

/// The answer to a [`Question`].
#[derive(Debug, Clone)]
pub enum Answer {
    /// `Err` when the question does not fit the export (a UPN it does not hold).
    WhatIf(Result<analysis::whatif::Answer, String>),
    Gaps(analysis::gaps::Gaps),
    Posture(analysis::gaps::Gaps, analysis::posture::Posture),
}

impl Answer {
    /// Every place in the files the answer points at, for placing them.
    fn origins(&self) -> Vec<&source::Origin> {
        match self {
            Answer::WhatIf(Ok(answer)) => answer
                .policies
                .iter()
                .flat_map(|p| [&p.origin, p.decided_at()])
                .collect(),
            Answer::WhatIf(Err(_)) => Vec::new(),
            Answer::Gaps(gaps) | Answer::Posture(gaps, _) => gaps
                .rows
                .iter()
                .flat_map(|r| r.near_misses.iter().map(|n| &n.origin))
                .collect(),
        }
    }
}

/// Far above the largest real export (a million users' registration details in one file is
/// about 700 MB), and far below what would exhaust a machine: a device or an endless stream
/// named as input stops here.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 << 30;

impl Options {
    /// The rules a check runs: the command line's selection, else the configuration's, each
    /// extended; less what either ignores; within the framework's rules when one is asked for.
    pub fn rules(&self) -> Result<Vec<&'static dyn rules::Rule>, selection::SelectionError> {
        let chosen = if self.select.is_empty() {
            &self.config.select
        } else {
            &self.select
        };
        // Extending "every rule" adds nothing: the selection stays empty, which runs them all.
        let select: Vec<String> = if chosen.is_empty() {
            Vec::new()
        } else {
            chosen
                .iter()
                .chain(&self.extend_select)
                .chain(&self.config.extend_select)
                .cloned()
                .collect()
        };
        let ignore: Vec<String> = self
            .ignore
            .iter()
            .chain(&self.config.ignore)
            .cloned()
            .collect();
        let mut rules = selection::select(&select, &ignore)?;
        if let Some(framework) = self.framework {
            rules.retain(|r| framework.maps(r.meta().code));
        }
        Ok(rules)
    }

    pub fn max_file_size(&self) -> u64 {
        self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE)
    }
}

/// The content of one file, given in place of what is on disk.
#[derive(Debug, Clone)]
pub struct StdinFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// Why the content was refused (larger than the size limit): the path is then an input
    /// error, and the rest is linted.
    pub refused: Option<String>,
}

impl StdinFile {
    fn is(&self, path: &std::path::Path) -> bool {
        same_path(&self.path, path)
    }
}

/// Paths compared by their components, so `./a/b.json` and `a/b.json` are the same file.
fn same_path(a: &std::path::Path, b: &std::path::Path) -> bool {
    use std::path::Component;
    let normal = |p| std::path::Path::components(p).filter(|c| !matches!(c, Component::CurDir));
    normal(a).eq(normal(b))
}

/// An input that could not be read, walked or parsed, with where it went wrong.
#[derive(Debug, Clone)]
pub struct ReportedError {
    pub path: String,
    pub pointer: Option<String>,
    pub position: Option<source::locate::Position>,
    pub message: String,
}

/// Everything one run found, in deterministic order.
pub struct Report {
    pub sources: Sources,
    pub documents: Vec<Document>,
    pub results: Vec<RuleResult>,
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<ReportedError>,
    /// Where the tenant stands against the guidance, for people reading the report.
    pub plan: analysis::plan::PlanSummary,
    /// Findings accepted by an exception in the configuration, with its reason and expiry.
    pub suppressed: Vec<suppress::Suppressed>,
    /// Findings left out because the baseline already has them.
    pub baselined: usize,
    /// Expired and stale exceptions: said once, never silently ignored.
    pub notices: Vec<String>,
    /// How long each stage took; the caller adds rendering.
    pub timings: timings::Timings,
    /// The framework asked for (`--framework`), whose controls the formats show.
    pub framework: Option<frameworks::Framework>,
    /// Every framework's controls, judged from the rules that ran (the evidence report groups
    /// by them).
    pub controls: Vec<frameworks::ControlResult>,
    /// The answer to the run's question, if it asked one.
    pub answer: Option<Answer>,
    /// The subject of tenant-wide findings (the tenant id, or `tenant`).
    pub tenant_subject: String,
    /// The tenant's name and primary domain, where a file states them.
    pub tenant_name: Option<String>,
    pub tenant_domain: Option<String>,
    /// Where paths in SARIF and GitHub annotations start (the repository's top level); `None`
    /// for the current folder.
    pub project_root: Option<PathBuf>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The controls of the framework asked for; none without one.
    pub fn framework_controls(&self) -> Vec<&frameworks::ControlResult> {
        let Some(framework) = self.framework else {
            return Vec::new();
        };
        self.controls
            .iter()
            .filter(|c| c.framework == framework.key())
            .collect()
    }
}

pub fn lint(paths: &[PathBuf], options: &Options) -> Result<Report, selection::SelectionError> {
    lint_observed(paths, options, None)
}

/// What a run has got through, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// The files to read are known.
    Discovered { files: usize, bytes: u64 },
    /// One file was read and parsed.
    Parsed { bytes: u64 },
    /// Every file is parsed; the rules run.
    Analysing,
}

/// [`lint`], telling `progress` how far it has got (from several threads at once).
pub fn lint_observed(
    paths: &[PathBuf],
    options: &Options,
    progress: Option<&(dyn Fn(Progress) + Sync)>,
) -> Result<Report, selection::SelectionError> {
    let mut timings = timings::Timings::start();
    let exclude = options.exclude.and(&options.config.exclude);
    let discovered = discover::discover(paths, &exclude, options.follow_links);
    let mut files = discovered.files;
    let walk_errors = discovered.errors;
    let skipped: Vec<String> = discovered
        .skipped
        .iter()
        .map(|s| format!("skipped {}: {}", source::display_path(&s.path), s.why))
        .collect();
    if let Some(stdin) = &options.stdin {
        if !files.iter().any(|f| stdin.is(f)) {
            files.push(stdin.path.clone());
        }
    }
    // One file per path, in path order whatever order the paths were given in: a file named
    // twice is read once.
    files.sort();
    files.dedup();
    let inputs = files
        .into_iter()
        .map(|path| match &options.stdin {
            Some(StdinFile {
                refused: Some(why), ..
            }) if options.stdin.as_ref().is_some_and(|s| s.is(&path)) => {
                Input::Refused(path, why.clone())
            }
            Some(stdin) if stdin.is(&path) => Input::Given(path, stdin.bytes.clone()),
            _ => Input::Disk(path),
        })
        .collect();
    let walk_errors = walk_errors
        .into_iter()
        .map(|e| ReportedError {
            path: source::display_path(&e.path),
            pointer: None,
            position: None,
            message: e.message,
        })
        .collect();
    timings.lap(timings::Stage::Discover);
    let mut report = lint_inputs(paths, inputs, walk_errors, options, timings, progress)?;
    report.notices.splice(0..0, skipped);
    Ok(report)
}

/// Lints files given as content, as if read from these paths: the whole pipeline without the
/// file system (fuzzing, embedding).
pub fn lint_contents(
    files: Vec<(PathBuf, Vec<u8>)>,
    options: &Options,
) -> Result<Report, selection::SelectionError> {
    lint_given(
        files
            .into_iter()
            .map(|(path, bytes)| (path, Ok(bytes)))
            .collect(),
        options,
    )
}

/// [`lint_contents`], where a file may come with why it could not be taken (a git blob over the
/// size limit) instead of its content: that file is an input error, the others are linted.
pub fn lint_given(
    files: Vec<(PathBuf, Result<Vec<u8>, String>)>,
    options: &Options,
) -> Result<Report, selection::SelectionError> {
    let given: Vec<PathBuf> = files.iter().map(|(path, _)| path.clone()).collect();
    let inputs = files
        .into_iter()
        .map(|(path, content)| match content {
            Ok(bytes) => Input::Given(path, bytes),
            Err(why) => Input::Refused(path, format!("cannot read: {why}")),
        })
        .collect();
    lint_inputs(
        &given,
        inputs,
        Vec::new(),
        options,
        timings::Timings::start(),
        None,
    )
}

/// Reads files given as content into the tenant model, without running any rule: what a rule
/// would see, for tools built on the model and for tests of the readers.
pub fn read_contents(files: Vec<(PathBuf, Vec<u8>)>) -> (Sources, model::Tenant) {
    let busy = (Busy::default(), Busy::default());
    let mut sources = Sources::default();
    let mut documents = Vec::new();
    for (id, (path, bytes)) in files.into_iter().enumerate() {
        let (file, parsed) = parse_input(
            id,
            Input::Given(path, bytes),
            Reading {
                limit: DEFAULT_MAX_FILE_SIZE,
                digests: false,
            },
            (&busy.0, &busy.1),
        );
        let id = sources.push(file);
        documents.push(parsed.unwrap_or_else(|_| {
            let file = sources.get(id);
            ingest::undecodable(id, &file.path, file.kept_text().unwrap_or_default())
        }));
    }
    let (tenant, _) = ingest::assemble::assemble(&mut documents, &sources);
    (sources, tenant)
}

/// A file to lint: on disk, or given as content.
enum Input {
    Disk(PathBuf),
    Given(PathBuf, Vec<u8>),
    /// Content that could not be taken, with why.
    Refused(PathBuf, String),
}

impl Input {
    fn size(&self) -> u64 {
        match self {
            Input::Disk(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            Input::Given(_, bytes) => bytes.len() as u64,
            Input::Refused(..) => 0,
        }
    }
}

/// Busy time of one stage summed over threads, in nanoseconds.
#[derive(Default)]
struct Busy(std::sync::atomic::AtomicU64);

impl Busy {
    fn time<T>(&self, work: impl FnOnce() -> T) -> T {
        let started = std::time::Instant::now();
        let out = work();
        self.0.fetch_add(
            started.elapsed().as_nanos() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        out
    }

    fn total(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.0.load(std::sync::atomic::Ordering::Relaxed))
    }
}

/// Reads, decodes and recognises one file. A file that cannot be read or decoded has no
/// document, only the failure.
fn parse_input(
    id: FileId,
    input: Input,
    reading: Reading,
    busy: (&Busy, &Busy),
) -> (SourceFile, Result<Document, ReadFailure>) {
    let (file, failure) = match input {
        Input::Disk(path) => match busy.0.time(|| source::Opened::open(&path)) {
            Ok(mut opened) => {
                // A page of registration details too large to hold is read block by block.
                // Evidence keeps each file's digest, taken over the whole file: those runs
                // read it whole.
                let streamed = (!reading.digests)
                    .then(|| {
                        busy.1.time(|| {
                            ingest::pages::stream::read(id, &path, &mut opened, reading.limit)
                        })
                    })
                    .flatten();
                if let Some((file, document)) = streamed {
                    return (file, Ok(document));
                }
                busy.0
                    .time(|| read_file(&path, opened.read(reading.limit), reading))
            }
            Err(e) => read_file(&path, Err(e), reading),
        },
        Input::Given(path, bytes) => busy.0.time(|| from_bytes(&path, bytes, false)),
        Input::Refused(path, message) => (
            SourceFile::given(path, String::new(), decode::Encoding::Utf8, 0),
            Some(ReadFailure {
                message,
                at_end_of_text: false,
            }),
        ),
    };
    if let Some(failure) = failure {
        return (file, Err(failure));
    }
    let mut file = file;
    let mut document = busy
        .1
        .time(|| ingest::recognise(id, &file.path, file.kept_text().unwrap_or_default()));
    file.place(&std::mem::take(&mut document.likely_reported));
    file.release_text();
    (file, Ok(document))
}

fn lint_inputs(
    given: &[PathBuf],
    inputs: Vec<Input>,
    walk_errors: Vec<ReportedError>,
    options: &Options,
    mut timings: timings::Timings,
    progress: Option<&(dyn Fn(Progress) + Sync)>,
) -> Result<Report, selection::SelectionError> {
    let mut rules = options.rules()?;
    // A question is answered instead of linting.
    if matches!(
        options.question,
        Some(Question::WhatIf(_) | Question::Gaps(_))
    ) {
        rules.clear();
    }

    // Sizes up front only for a progress bar: a stat per file is a cost at 100k files.
    if let Some(progress) = progress {
        progress(Progress::Discovered {
            files: inputs.len(),
            bytes: inputs.par_iter().map(Input::size).sum(),
        });
    }
    let (read_busy, parse_busy) = (Busy::default(), Busy::default());
    let reading = Reading {
        limit: options.max_file_size(),
        digests: options.evidence,
    };
    // Each file is a job of its own: files differ in size a thousandfold (a page of 1000 users
    // against one policy) and in path order the pages come last, so runs of files handed out
    // whole left one thread with all the pages and the other idle, in most runs.
    let parsed: Vec<(SourceFile, Result<Document, ReadFailure>)> = inputs
        .into_par_iter()
        .enumerate()
        .with_max_len(1)
        .map(|(id, input)| {
            let parsed = parse_input(id, input, reading, (&read_busy, &parse_busy));
            if let Some(progress) = progress {
                progress(Progress::Parsed {
                    bytes: parsed.0.size,
                });
            }
            parsed
        })
        .collect();
    timings.files = parsed.len();
    timings.input_bytes = parsed.iter().map(|(file, _)| file.size).sum();
    timings.read_busy = read_busy.total();
    timings.parse_busy = parse_busy.total();
    let mut sources = Sources::default();
    let mut failures = Vec::new();
    let mut documents = Vec::new();
    for (file, parsed) in parsed {
        let id = sources.push(file);
        match parsed {
            Ok(document) => documents.push(document),
            Err(failure) => {
                // What the file would have held still counts: no rule that needs it passes.
                let file = sources.get(id);
                documents.push(ingest::undecodable(
                    id,
                    &file.path,
                    file.kept_text().unwrap_or_default(),
                ));
                failures.push((id, failure));
            }
        }
    }
    timings.lap(timings::Stage::Parse);
    if let Some(progress) = progress {
        progress(Progress::Analysing);
    }

    let (tenant, assembly_errors) = ingest::assemble::assemble(&mut documents, &sources);
    let cx = rules::Context::new(&tenant, &options.config);
    let people = &cx.people;
    // The plan and the answer to the run's question only read the tenant, as the rules do: they
    // are worked out beside the rules, on one thread, with nothing inside them run in parallel
    // (see `Context` for why that matters). Who the admins are is found first: all of them ask.
    cx.admins();
    let ((results, diagnostics), (plan, answer)) = rayon::join(
        || rules::run(&cx, &rules),
        || {
            let plan = analysis::plan::summarise(people, cx.admins());
            let answer = options.question.as_ref().map(|question| match question {
                Question::WhatIf(asked) => Answer::WhatIf(analysis::whatif::ask(people, asked)),
                Question::Gaps(gap_options) => {
                    Answer::Gaps(analysis::gaps::find_gaps(people, gap_options))
                }
                Question::Posture(gap_options) => Answer::Posture(
                    analysis::gaps::find_gaps(people, gap_options),
                    analysis::posture::posture(&tenant),
                ),
            });
            (plan, answer)
        },
    );
    timings.rules = results.iter().map(|r| (r.meta.code, r.took)).collect();
    let suppression = suppress::apply(
        diagnostics,
        &results,
        &options.config,
        options.baseline.as_ref(),
        &|subject| people.names_of(subject),
        config::Date::today(),
        &tenant.subject(),
    );
    let mut diagnostics = suppression.kept;
    let mut suppressed = suppression.suppressed;
    // Controls are judged on what is reported, after exceptions: for the framework asked for,
    // or for every framework when the run makes evidence.
    let accepted: std::collections::BTreeSet<&'static str> =
        suppressed.iter().map(|s| s.diagnostic.code).collect();
    let found = frameworks::Found {
        results: &results,
        diagnostics: &diagnostics,
        accepted: &accepted,
    };
    let controls = frameworks::Framework::ALL
        .iter()
        .filter(|f| options.evidence || options.framework == Some(**f))
        .flat_map(|framework| frameworks::evaluate(*framework, &found, &tenant))
        .collect();
    timings.lap(timings::Stage::Analyse);
    output::locate::sort_diagnostics(&sources, &mut diagnostics);
    suppressed.sort_by(|a, b| {
        (a.diagnostic.code, &a.diagnostic.finding.subject)
            .cmp(&(b.diagnostic.code, &b.diagnostic.finding.subject))
    });

    // Every position the report needs, each file read once.
    let answered = answer
        .iter()
        .flat_map(|answer| answer.origins())
        .flat_map(|o| [(o.file, o.span.start), (o.file, o.span.end)]);
    let changed = sources.locate_offsets(
        wanted_offsets(&diagnostics, &suppressed, &documents, &assembly_errors).chain(answered),
    );
    let mut locator = output::locate::Locator::new(&sources);
    let mut errors: Vec<ReportedError> = walk_errors;
    errors.extend(changed.into_iter().map(|id| ReportedError {
        path: sources.get(id).display_path(),
        pointer: None,
        position: None,
        message: "the file changed on disk while it was being linted (is an export still writing it?), so \
                  its findings cannot be placed: lint again once the export has finished"
            .into(),
    }));
    for (id, failure) in failures {
        let file = sources.get(id);
        let position = failure
            .at_end_of_text
            .then(|| locator.position(id, file.text_len()));
        errors.push(ReportedError {
            path: file.display_path(),
            pointer: None,
            position,
            message: failure.message,
        });
    }
    for document in &documents {
        errors.extend(
            document
                .errors
                .iter()
                .map(|e| locate_error(&sources, &mut locator, e)),
        );
    }
    errors.extend(
        assembly_errors
            .iter()
            .map(|e| locate_error(&sources, &mut locator, e)),
    );
    errors.extend(no_tenant_data(given, &documents, &sources));
    errors.sort_by(|a, b| (&a.path, a.position).cmp(&(&b.path, b.position)));
    timings.lap(timings::Stage::Locate);

    let report = Report {
        sources,
        documents,
        results,
        diagnostics,
        errors,
        plan,
        suppressed,
        baselined: suppression.baselined,
        notices: suppression.notices,
        timings,
        framework: options.framework,
        controls,
        answer,
        tenant_subject: tenant.subject(),
        tenant_name: tenant
            .organization
            .as_ref()
            .and_then(|o| o.display_name.clone()),
        tenant_domain: tenant
            .organization
            .as_ref()
            .and_then(|o| o.primary_domain.clone()),
        project_root: None,
    };
    drop(cx);
    discard_in_background(tenant);
    Ok(report)
}

/// Drops a tenant on a thread of its own: freeing half a million records one by one takes
/// longer than writing a short report, and nothing waits for it.
fn discard_in_background(tenant: model::Tenant) {
    // Should no thread be had, the tenant is dropped here, with the closure.
    let _ = std::thread::Builder::new()
        .name("discard".into())
        .spawn(move || drop(tenant));
}

/// An input in which no file is a tenant document, readable or not, is an error: linting
/// nothing must not look like a clean tenant.
fn no_tenant_data(
    given: &[PathBuf],
    documents: &[Document],
    sources: &Sources,
) -> Option<ReportedError> {
    let recognised = documents.iter().any(|d| {
        d.kind.is_some()
            || d.sections.iter().any(|s| s.kind.is_some())
            || matches!(d.lost, Some(ingest::LostFile::Kind(_)))
            || !d.unreadable.is_empty()
    });
    if recognised {
        return None;
    }
    let named: Vec<String> = given.iter().map(|p| source::display_path(p)).collect();
    let shown = if named.is_empty() {
        "the input".to_string()
    } else {
        named.join(", ")
    };
    // What `tenantlint inputs` would say of the first few files.
    let seen: Vec<String> = documents
        .iter()
        .filter_map(|d| {
            let skipped = d.skipped.as_ref()?;
            let name = sources
                .get(d.file)
                .path
                .file_name()?
                .to_string_lossy()
                .into_owned();
            Some(format!("{name}: {skipped}"))
        })
        .take(3)
        .collect();
    let held = match (documents.len(), seen.is_empty()) {
        (0, _) => "it holds no JSON file".to_string(),
        (n, true) => format!("none of its {n} JSON file(s) is a tenant export tenantlint reads"),
        (n, false) => format!(
            "none of its {n} JSON file(s) is a tenant export tenantlint reads (found: {})",
            seen.join("; ")
        ),
    };
    Some(ReportedError {
        path: shown.clone(),
        pointer: None,
        position: None,
        message: format!(
            "no tenant data found in {shown}: {held} (`tenantlint inputs {shown}` shows what each file was \
             taken for)"
        ),
    })
}

/// The offsets whose line and column the report shows: findings' places (primary and related,
/// start and end) and input errors.
fn wanted_offsets<'a>(
    diagnostics: &'a [rules::Diagnostic],
    suppressed: &'a [suppress::Suppressed],
    documents: &'a [Document],
    assembly_errors: &'a [InputError],
) -> impl Iterator<Item = (FileId, usize)> + 'a {
    let findings = diagnostics
        .iter()
        .chain(suppressed.iter().map(|s| &s.diagnostic))
        .flat_map(|d| {
            std::iter::once(&d.finding.primary).chain(d.finding.related.iter().map(|r| &r.origin))
        })
        .flat_map(|origin| {
            [
                (origin.file, origin.span.start),
                (origin.file, origin.span.end),
            ]
        });
    let errors = documents
        .iter()
        .flat_map(|d| &d.errors)
        .chain(assembly_errors)
        .filter_map(|e| Some((e.file, e.offset?)));
    findings.chain(errors)
}

/// Why a file produced no document.
struct ReadFailure {
    message: String,
    /// The fault is at the end of the decoded text kept in the source file.
    at_end_of_text: bool,
}

/// How files are read in a run.
#[derive(Debug, Clone, Copy)]
struct Reading {
    limit: u64,
    digests: bool,
}

/// A file read whole, or why it could not be.
fn read_file(
    path: &Path,
    read: std::io::Result<(Vec<u8>, Option<source::Stamp>)>,
    reading: Reading,
) -> (SourceFile, Option<ReadFailure>) {
    match read {
        // Only a regular file can be read again to place findings; a pipe's content is kept.
        Ok((bytes, stamp)) => {
            let digest = reading.digests.then(|| source::sha256_hex(&bytes));
            let (mut file, failure) = from_bytes(path, bytes, stamp.is_some());
            if let Some(stamp) = stamp {
                file = file.stamped(stamp);
            }
            if let Some(sha256) = digest {
                let head = file
                    .kept_text()
                    .unwrap_or_default()
                    .chars()
                    .take(source::HEAD_CHARS)
                    .collect();
                file.read_digest = Some(source::ReadDigest { sha256, head });
            }
            (file, failure)
        }
        Err(e) => {
            let failure = ReadFailure {
                message: format!("cannot read: {e}"),
                at_end_of_text: false,
            };
            let file =
                SourceFile::given(path.to_path_buf(), String::new(), decode::Encoding::Utf8, 0);
            (file, Some(failure))
        }
    }
}

/// Decodes a file's bytes. A file that does not decode keeps the text before the fault, for
/// the error's position; only a file that decoded can be read again from disk.
fn from_bytes(path: &Path, bytes: Vec<u8>, on_disk: bool) -> (SourceFile, Option<ReadFailure>) {
    let size = bytes.len() as u64;
    let path = path.to_path_buf();
    match decode::decode(bytes) {
        Ok((text, encoding)) if on_disk => {
            (SourceFile::from_disk(path, text, encoding, size), None)
        }
        Ok((text, encoding)) => (SourceFile::given(path, text, encoding, size), None),
        Err(e) => {
            let failure = ReadFailure {
                message: e.message,
                at_end_of_text: true,
            };
            (
                SourceFile::given(path, e.text_before, e.encoding, size),
                Some(failure),
            )
        }
    }
}

fn locate_error(
    sources: &Sources,
    locator: &mut output::locate::Locator,
    error: &InputError,
) -> ReportedError {
    let file = sources.get(error.file);
    ReportedError {
        path: file.display_path(),
        pointer: error.pointer.clone(),
        position: error
            .offset
            .map(|offset| locator.position(error.file, offset)),
        message: error.message.clone(),
    }
}
