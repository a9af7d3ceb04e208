//! The JSON output contract (DESIGN.md): stable field names, sorted findings, every selected
//! rule's status, and every input error.

use std::io::{self, Write};

use std::cell::RefCell;

use serde::ser::Error as _;
use serde::{Serialize, Serializer};

use super::locate::{Location, Locator};
use crate::source::locate::Position;
use crate::Report;

#[derive(Serialize)]
#[serde(bound(serialize = ""))]
struct Output<'a, F: Iterator<Item = FindingOut<'a>>> {
    tool: Tool,
    /// Written as each finding is located: a large report is never held twice in memory.
    findings: Streamed<F>,
    rules: Vec<RuleOut<'a>>,
    errors: Vec<ErrorOut<'a>>,
    /// Findings accepted by an exception: listed, never dropped silently.
    suppressed: Vec<SuppressedOut<'a>>,
    /// How many findings the baseline already had.
    baselined: usize,
    /// Expired and stale exceptions.
    notices: &'a [String],
}

#[derive(Serialize)]
struct SuppressedOut<'a> {
    #[serde(flatten)]
    finding: FindingOut<'a>,
    suppression: SuppressionOut<'a>,
}

#[derive(Serialize)]
struct SuppressionOut<'a> {
    kind: &'static str,
    reason: &'a str,
    expires: String,
    config: String,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    code: &'a str,
    name: &'a str,
    severity: crate::rules::Severity,
    message: &'a crate::rules::Message,
    subject: &'a str,
    location: Location,
    related: Vec<RelatedOut<'a>>,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    #[serde(flatten)]
    location: Location,
    message: &'a str,
}

#[derive(Serialize)]
struct RuleOut<'a> {
    code: &'a str,
    name: &'a str,
    status: crate::rules::Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    path: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<Position>,
}

/// A sequence serialized as it is produced.
struct Streamed<I>(RefCell<Option<I>>);

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Streamed<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self
            .0
            .borrow_mut()
            .take()
            .ok_or_else(|| S::Error::custom("a streamed sequence is written once"))?;
        serializer.collect_seq(items)
    }
}

pub fn render<'a>(report: &'a Report, out: &mut dyn Write) -> io::Result<()> {
    let mut locator = Locator::new(&report.sources);
    let mut findings_locator = Locator::new(&report.sources);
    let finding = |locator: &mut Locator, d: &'a crate::rules::Diagnostic| FindingOut {
        code: d.code,
        name: d.name,
        severity: d.severity,
        message: &d.finding.message,
        subject: &d.finding.subject,
        location: locator.locate(&d.finding.primary),
        related: d
            .finding
            .related
            .iter()
            .map(|r| RelatedOut {
                location: locator.locate(&r.origin),
                message: &r.message,
            })
            .collect(),
    };
    let findings = report
        .diagnostics
        .iter()
        .map(move |d| finding(&mut findings_locator, d));
    let suppressed = report
        .suppressed
        .iter()
        .map(|s| SuppressedOut {
            finding: finding(&mut locator, &s.diagnostic),
            suppression: SuppressionOut {
                kind: "exception",
                reason: &s.reason,
                expires: s.expires.to_string(),
                config: s.place.to_string(),
            },
        })
        .collect();
    let output = Output {
        tool: Tool {
            name: "tenantlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: Streamed(RefCell::new(Some(findings))),
        rules: report
            .results
            .iter()
            .map(|r| RuleOut {
                code: r.meta.code,
                name: r.meta.name,
                status: r.status,
                reason: r.reason.as_deref(),
            })
            .collect(),
        errors: report
            .errors
            .iter()
            .map(|e| ErrorOut {
                path: &e.path,
                message: &e.message,
                pointer: e.pointer.as_deref(),
                start: e.position,
            })
            .collect(),
        suppressed,
        baselined: report.baselined,
        notices: &report.notices,
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}
