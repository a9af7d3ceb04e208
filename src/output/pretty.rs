//! The human report: each finding drawn by miette over the JSON it points at, related places in
//! the same file as extra labels and in other files as their own snippets, then input errors
//! and every rule's status.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use super::escape::{defused, printable};
use super::locate::Locator;
use crate::analysis::licences::Tier;
use crate::analysis::plan::PlanSummary;
use crate::rules::{Diagnostic, Severity, Status};
use crate::source::{FileId, Origin};
use crate::Report;

#[derive(Debug)]
struct Shown {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    /// `None` when the snippet would be unreadable (a compact file on one long line); the
    /// location is then part of the message.
    source: Option<NamedSource<Drawn>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Shown>,
    help: Option<String>,
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl miette::Diagnostic for Shown {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

struct Renderer<'r> {
    report: &'r Report,
    texts: HashMap<FileId, Drawn>,
    locator: Locator<'r>,
}

/// A file's text with the starts of its lines, as miette counts lines (`\n`, `\r\n` or a lone
/// `\r`). miette finds a span's lines by scanning the text from its start, which for a page
/// with a thousand findings is a rescan of the page per finding; here it is given only the few
/// lines around the span, found by binary search, and its answer is moved back into place.
#[derive(Clone)]
struct Drawn {
    text: Arc<String>,
    line_starts: Arc<Vec<usize>>,
}

impl fmt::Debug for Drawn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Drawn({} bytes)", self.text.len())
    }
}

impl Drawn {
    fn new(text: String) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, byte) in bytes.iter().enumerate() {
            let ends_line = match byte {
                b'\n' => true,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            if ends_line {
                line_starts.push(i + 1);
            }
        }
        Drawn {
            text: Arc::new(text),
            line_starts: Arc::new(line_starts),
        }
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The 0-based line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|start| *start <= offset) - 1
    }

    /// Whether the line holding `offset`, without its line ending, is at most
    /// [`LONGEST_DRAWN_LINE`] bytes long: found from the line starts, not by scanning a compact
    /// page's megabyte-long line for each of its thousand findings.
    fn line_is_drawable(&self, offset: usize) -> bool {
        let line = self.line_of(offset.min(self.text.len()));
        let start = self.line_starts[line];
        let end = match self.line_starts.get(line + 1) {
            // The next line starts after this one's ending: `\n`, or a lone `\r`; a `\r`
            // before `\n` counts as the line's own, as it always has here.
            Some(next) => next - 1,
            None => self.text.len(),
        };
        end - start <= LONGEST_DRAWN_LINE
    }
}

impl SourceCode for Drawn {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        // miette slices past the end of its text for a span past it; say so instead.
        if span.offset() + span.len() > self.text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        // One line more than the context either side, so that the window reads as the whole
        // text would: miette starts counting at the window's first line.
        let first = self
            .line_of(span.offset())
            .saturating_sub(context_lines_before + 1);
        let last = self.line_of(span.offset() + span.len()) + context_lines_after + 2;
        let start = self.line_starts[first];
        let end = self
            .line_starts
            .get(last)
            .copied()
            .unwrap_or(self.text.len());
        let window = &self.text.as_bytes()[start..end];
        let within =
            miette::SourceSpan::new(span.offset().saturating_sub(start).into(), span.len());
        let read = window.read_span(&within, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new(
            read.data(),
            miette::SourceSpan::new((read.span().offset() + start).into(), read.span().len()),
            read.line() + first,
            read.column(),
            read.line_count() + first,
        )))
    }
}

/// Lines longer than this are not drawn: compact Graph pages put a whole page on one line.
const LONGEST_DRAWN_LINE: usize = 240;

impl<'r> Renderer<'r> {
    /// The file to draw around `origin`, or `None` (with the location to print) when its line
    /// is too long to draw.
    fn snippet(&mut self, origin: &Origin) -> (Option<NamedSource<Drawn>>, String) {
        let text = self.text(origin.file);
        if !text.is_empty() && text.line_is_drawable(origin.span.start) {
            return (Some(self.source(origin.file)), String::new());
        }
        let at = self.locator.locate(origin);
        let location = format!(
            "\n  at {}:{}:{} ({})",
            printable(&at.path),
            at.start.line,
            at.start.column,
            printable(&at.pointer)
        );
        (None, location)
    }

    /// The file's text, read once; empty when it changed since it was parsed (the report
    /// says so among its errors), which prints locations without drawing them.
    fn text(&mut self, file: FileId) -> Drawn {
        let sources = &self.report.sources;
        self.texts
            .entry(file)
            .or_insert_with(|| {
                Drawn::new(defused(sources.text(file).unwrap_or_default().into_owned()))
            })
            .clone()
    }

    fn source(&mut self, file: FileId) -> NamedSource<Drawn> {
        let text = self.text(file);
        NamedSource::new(
            printable(&self.report.sources.get(file).display_path()),
            text,
        )
    }

    fn label(origin: &Origin, text: impl Into<String>) -> LabeledSpan {
        let text: String = text.into();
        LabeledSpan::new(
            Some(printable(&text).into_owned()),
            origin.span.start,
            origin.span.len(),
        )
    }

    fn shown(&mut self, diagnostic: &Diagnostic) -> Shown {
        let finding = &diagnostic.finding;
        let primary = &finding.primary;
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some("here".into()),
            (primary.span.start, primary.span.len()),
        )];
        let mut related = Vec::new();
        for r in &finding.related {
            if r.origin.file == primary.file {
                labels.push(Self::label(&r.origin, r.message.clone()));
            } else {
                let (source, location) = self.snippet(&r.origin);
                related.push(Shown {
                    message: format!("{}{location}", printable(&r.message)),
                    code: None,
                    severity: miette::Severity::Advice,
                    source,
                    labels: vec![Self::label(&r.origin, "related")],
                    related: Vec::new(),
                    help: None,
                });
            }
        }
        let (source, location) = self.snippet(primary);
        Shown {
            message: format!("{}{location}", printable(&finding.message.to_string())),
            code: Some(format!("{}({})", diagnostic.code, diagnostic.name)),
            severity: match diagnostic.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            source,
            labels,
            related,
            help: Some(format!(
                "subject: {}; see `tenantlint rule {}`",
                printable(&finding.subject),
                diagnostic.code
            )),
        }
    }
}

/// How pretty output is drawn.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    /// The column messages wrap at: a terminal's width, or [`Style::UNWRAPPED`] elsewhere.
    pub width: usize,
}

impl Style {
    /// The width off a terminal (a file, a pipe): 200 columns, miette's own default, so that
    /// only the longest messages are broken where nobody decided how wide the reader is.
    pub const UNWRAPPED: usize = 200;
    /// Narrower than this, the snippet's frame leaves no room for the text.
    pub const NARROWEST: usize = 40;

    pub fn plain() -> Self {
        Style {
            color: false,
            width: Self::UNWRAPPED,
        }
    }
}

/// The findings and input errors alone, without the rule table, plan and totals (`-q`).
pub fn render_findings(
    report: &Report,
    out: &mut dyn Write,
    style: Style,
    per_rule: &mut super::PerRule,
) -> io::Result<()> {
    render_parts(report, out, style, false, per_rule)
}

pub fn render(report: &Report, out: &mut dyn Write, style: Style) -> io::Result<()> {
    render_some(report, out, style, &mut super::PerRule::default())
}

/// The whole report, drawing the findings `per_rule` lets through.
pub fn render_some(
    report: &Report,
    out: &mut dyn Write,
    style: Style,
    per_rule: &mut super::PerRule,
) -> io::Result<()> {
    render_parts(report, out, style, true, per_rule)
}

fn render_parts(
    report: &Report,
    out: &mut dyn Write,
    style: Style,
    summary: bool,
    per_rule: &mut super::PerRule,
) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Ids are hyphenated (`320eb23a-f71a-…`): a line is never broken inside one.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(2)
        .with_width(style.width)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut renderer = Renderer {
        report,
        texts: HashMap::new(),
        locator: Locator::new(&report.sources),
    };
    let mut drawing = None;
    for diagnostic in &report.diagnostics {
        if !per_rule.shows(diagnostic.code) {
            continue;
        }
        // Findings come file by file: a file's text is kept only while its findings are drawn,
        // so a large tenant's pages are not all held at once.
        let file = diagnostic.finding.primary.file;
        if drawing.replace(file) != Some(file) {
            renderer.texts.retain(|kept, _| *kept == file);
        }
        let shown = renderer.shown(diagnostic);
        let mut text = String::new();
        handler
            .render_report(&mut text, &shown)
            .map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
    }
    for error in &report.errors {
        let at = error
            .position
            .map(|p| format!(":{}:{}", p.line, p.column))
            .unwrap_or_default();
        writeln!(
            out,
            "error[input]: {}{at}: {}",
            printable(&error.path),
            printable(&error.message)
        )?;
    }
    if !report.errors.is_empty() {
        writeln!(out)?;
    }
    if !summary {
        return Ok(());
    }
    render_rule_table(report, out)?;
    render_plan(&report.plan, out)?;
    render_controls(report, out)?;
    render_totals(report, out)?;
    if !report.suppressed.is_empty() || report.baselined > 0 {
        writeln!(
            out,
            "{} finding(s) suppressed by exceptions in the configuration; {} already in the baseline.",
            report.suppressed.len(),
            report.baselined
        )?;
    }
    for notice in &report.notices {
        writeln!(out, "notice: {}", printable(notice))?;
    }
    Ok(())
}

fn render_plan(plan: &PlanSummary, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\nPlan summary:")?;
    writeln!(out, "  Licence:    {}", plan.licence())?;
    writeln!(out, "  Mechanism:  {}", plan.mechanism)?;
    writeln!(out, "  Guidance:   {}", plan.recommended())?;
    for item in &plan.items {
        let from = match item.from {
            Tier::P2 => " (P2)",
            _ => "",
        };
        writeln!(
            out,
            "    {:<52} {}",
            format!("{}{from}", item.name),
            printable(&item.standing.to_string())
        )?;
    }
    writeln!(
        out,
        "    {:<52} {}",
        "Self-service password reset", plan.sspr
    )
}

fn render_rule_table(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Rules:")?;
    for result in &report.results {
        let count = report
            .diagnostics
            .iter()
            .filter(|d| d.code == result.meta.code)
            .count();
        let status = match result.status {
            Status::Fail => format!("fail ({count})"),
            other => other.to_string(),
        };
        let reason = printable(result.reason.as_deref().unwrap_or(""));
        writeln!(
            out,
            "  {:<8} {:<31} {:<14} {reason}",
            result.meta.code, result.meta.name, status
        )?;
    }
    Ok(())
}

/// The framework's controls, as its users read them: id, status, the rules and findings behind
/// each, and the statement.
fn render_controls(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let controls = report.framework_controls();
    let Some(first) = controls.first() else {
        return Ok(());
    };
    let framework = crate::frameworks::Framework::ALL
        .iter()
        .find(|f| f.key() == first.framework)
        .map_or(first.framework, |f| f.name());
    writeln!(out, "\nControls ({framework}):")?;
    for control in &controls {
        let findings = report
            .diagnostics
            .iter()
            .filter(|d| control.rules.contains(&d.code))
            .count();
        let rules = if control.rules.is_empty() {
            "-".to_string()
        } else {
            format!("{} ({findings} finding(s))", control.rules.join(", "))
        };
        writeln!(
            out,
            "  {:<14} {:<14} {:<40} {}",
            control.id,
            control.status.to_string(),
            rules,
            control.statement
        )?;
        if control.status != crate::frameworks::ControlStatus::Pass {
            writeln!(out, "  {:<14} {}", "", printable(&control.reason))?;
        }
    }
    Ok(())
}

fn render_totals(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let count = |s: Severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let files = report.sources.len();
    writeln!(
        out,
        "\n{} finding(s): {} error(s), {} warning(s), {} info, in {files} file(s); {} input error(s).",
        report.diagnostics.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        report.errors.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What miette reads around a span, in a form that can be compared.
    fn read(
        source: &dyn SourceCode,
        span: (usize, usize),
        before: usize,
        after: usize,
    ) -> Option<(Vec<u8>, usize, usize, usize, usize, usize)> {
        let contents = source.read_span(&span.into(), before, after).ok()?;
        Some((
            contents.data().to_vec(),
            contents.span().offset(),
            contents.span().len(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        ))
    }

    #[test]
    fn a_window_reads_as_the_whole_text_does() {
        let long = "x".repeat(300);
        let text = format!(
            "{{\n  \"a\": 1,\r\n  \"b\": [\r  \"c\"],\n\n\n  \"é\": \"{long}\",\r\n\r\n  \"d\": false\n}}\n"
        );
        let drawn = Drawn::new(text.clone());
        let whole: &[u8] = text.as_bytes();
        let mut compared = 0;
        // Spans within the text: past its end, miette itself may slice out of bounds.
        for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o)) {
            for len in [0, 1, 4, 9, 40]
                .into_iter()
                .filter(|len| offset + len <= text.len())
            {
                for (before, after) in [(0, 0), (1, 0), (2, 2), (0, 3), (5, 1)] {
                    let span = (offset, len);
                    assert_eq!(
                        read(&drawn, span, before, after),
                        read(&whole, span, before, after),
                        "span {span:?}, context {before} before and {after} after"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 1000);
        assert!(read(&drawn, (text.len() - 1, 2), 2, 2).is_none());
        assert!(read(&drawn, (text.len() + 5, 0), 0, 0).is_none());
    }

    /// The line's length measured from end to end, as the window must agree with.
    fn drawable_by_full_scan(text: &str, offset: usize) -> bool {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        line_end - line_start <= LONGEST_DRAWN_LINE
    }

    #[test]
    fn a_line_is_drawn_exactly_when_it_is_short_enough() {
        let mut text = String::new();
        for length in [0, 1, 239, 240, 241, 242, 500, 10_000] {
            text.push_str(&"x".repeat(length));
            text.push('\n');
        }
        text.push_str(&"y".repeat(240));
        let drawn = Drawn::new(text.clone());
        for offset in 0..=text.len() {
            assert_eq!(
                drawn.line_is_drawable(offset),
                drawable_by_full_scan(&text, offset),
                "at {offset}"
            );
        }
        assert!(!Drawn::new("z".repeat(241)).line_is_drawable(0));
        // A lone carriage return ends a line, as the snippet is drawn.
        let old_mac = format!("short\r{}", "z".repeat(300));
        assert!(Drawn::new(old_mac.clone()).line_is_drawable(2));
        assert!(!Drawn::new(old_mac).line_is_drawable(10));
    }
}
