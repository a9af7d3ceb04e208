//! The JSON output contract (DESIGN.md): stable field names, sorted findings, every selected
//! rule's status, and every input error.

use std::io::{self, Write};

use serde::Serialize;

use super::locate::{Location, Locator};
use crate::source::locate::Position;
use crate::Report;

#[derive(Serialize)]
struct Output<'a> {
    tool: Tool,
    findings: Vec<FindingOut<'a>>,
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
    message: &'a str,
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

pub fn render<'a>(report: &'a Report, out: &mut dyn Write) -> io::Result<()> {
    let mut locator = Locator::new(&report.sources);
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
        .map(|d| finding(&mut locator, d))
        .collect();
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
        findings,
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
