//! The human report: each finding drawn by miette over the JSON it points at, related places in
//! the same file as extra labels and in other files as their own snippets, then input errors
//! and every rule's status.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use crate::rules::{Diagnostic, Severity, Status};
use crate::source::{FileId, Origin};
use crate::Report;

#[derive(Debug)]
struct Shown {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    source: NamedSource<Arc<String>>,
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
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
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
    texts: HashMap<FileId, Arc<String>>,
}

impl<'r> Renderer<'r> {
    fn source(&mut self, file: FileId) -> NamedSource<Arc<String>> {
        let source = self.report.sources.get(file);
        let text = self
            .texts
            .entry(file)
            .or_insert_with(|| Arc::new(source.text.clone()))
            .clone();
        NamedSource::new(source.display_path(), text)
    }

    fn label(origin: &Origin, text: impl Into<String>) -> LabeledSpan {
        LabeledSpan::new(Some(text.into()), origin.span.start, origin.span.len())
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
                related.push(Shown {
                    message: r.message.clone(),
                    code: None,
                    severity: miette::Severity::Advice,
                    source: self.source(r.origin.file),
                    labels: vec![Self::label(&r.origin, "related")],
                    related: Vec::new(),
                    help: None,
                });
            }
        }
        Shown {
            message: finding.message.clone(),
            code: Some(format!("{}({})", diagnostic.code, diagnostic.name)),
            severity: match diagnostic.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            source: self.source(primary.file),
            labels,
            related,
            help: Some(format!(
                "subject: {}; see `tenantlint rule {}`",
                finding.subject, diagnostic.code
            )),
        }
    }
}

pub fn render(report: &Report, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(2);
    let mut renderer = Renderer {
        report,
        texts: HashMap::new(),
    };
    for diagnostic in &report.diagnostics {
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
        writeln!(out, "error[input]: {}{at}: {}", error.path, error.message)?;
    }
    if !report.errors.is_empty() {
        writeln!(out)?;
    }
    render_rule_table(report, out)?;
    render_totals(report, out)
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
        let reason = result.reason.as_deref().unwrap_or("");
        writeln!(
            out,
            "  {:<8} {:<28} {:<14} {reason}",
            result.meta.code, result.meta.name, status
        )?;
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
