//! The JSON output contract (DESIGN.md): stable field names, sorted findings, every selected
//! rule's status, and every input error.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

mod findings;

use findings::FindingWriter;

use super::locate::{Location, Locator};
use crate::source::locate::Position;
use crate::Report;

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
pub(crate) struct ErrorOut<'a> {
    path: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<Position>,
}

/// How findings are split for rendering.
#[derive(Clone, Copy)]
struct Split {
    /// How many are rendered at once, in parallel, before they are written: enough to keep
    /// every thread busy, few enough that the report is never held whole in memory.
    batch: usize,
    /// How many one thread renders in one go.
    chunk: usize,
}

const SPLIT: Split = Split {
    batch: 4 * 1024,
    chunk: 512,
};

/// The report, laid out as `serde_json::to_writer_pretty` lays out one object with these
/// members in this order. Findings, which may number in the hundreds of thousands, are rendered
/// in parallel batches; the other members are small.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    render_split(report, out, SPLIT)
}

fn render_split(report: &Report, out: &mut dyn Write, split: Split) -> io::Result<()> {
    let mut locator = Locator::new(&report.sources);
    out.write_all(b"{")?;
    let tool = Tool {
        name: "tenantlint",
        version: env!("CARGO_PKG_VERSION"),
    };
    write_member(out, "tool", &tool, true)?;
    write_key(out, "findings", false)?;
    write_findings(report, out, split)?;
    write_member(out, "rules", &rules_out(report), false)?;
    // A framework's controls, when one was asked for (`--framework`).
    if report.framework.is_some() {
        write_member(out, "controls", &report.framework_controls(), false)?;
    }
    write_member(out, "errors", &errors_out(report), false)?;
    // Findings accepted by an exception: listed, never dropped silently.
    write_member(
        out,
        "suppressed",
        &suppressed_out(report, &mut locator),
        false,
    )?;
    // How many findings the baseline already had.
    write_member(out, "baselined", &report.baselined, false)?;
    // Expired and stale exceptions.
    write_member(out, "notices", &report.notices, false)?;
    out.write_all(b"\n}\n")
}

fn rules_out(report: &Report) -> Vec<RuleOut<'_>> {
    report
        .results
        .iter()
        .map(|r| RuleOut {
            code: r.meta.code,
            name: r.meta.name,
            status: r.status,
            reason: r.reason.as_deref(),
        })
        .collect()
}

pub(crate) fn errors_out(report: &Report) -> Vec<ErrorOut<'_>> {
    report
        .errors
        .iter()
        .map(|e| ErrorOut {
            path: &e.path,
            message: &e.message,
            pointer: e.pointer.as_deref(),
            start: e.position,
        })
        .collect()
}

fn suppressed_out<'a>(report: &'a Report, locator: &mut Locator) -> Vec<SuppressedOut<'a>> {
    report
        .suppressed
        .iter()
        .map(|s| SuppressedOut {
            finding: finding_out(locator, &s.diagnostic),
            suppression: SuppressionOut {
                kind: "exception",
                reason: &s.reason,
                expires: s.expires.to_string(),
                config: s.place.to_string(),
            },
        })
        .collect()
}

fn finding_out<'a>(locator: &mut Locator, d: &'a crate::rules::Diagnostic) -> FindingOut<'a> {
    FindingOut {
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
    }
}

/// The findings array, one batch at a time: each batch is split among threads, and the parts
/// are written in order.
fn write_findings(report: &Report, out: &mut dyn Write, split: Split) -> io::Result<()> {
    if report.diagnostics.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    for (batch_number, batch) in report.diagnostics.chunks(split.batch).enumerate() {
        let parts: Vec<Vec<u8>> = batch
            .par_chunks(split.chunk)
            .enumerate()
            .map_init(
                || FindingWriter::new(Locator::new(&report.sources)),
                |writer, (chunk_number, chunk)| {
                    let first = batch_number == 0 && chunk_number == 0;
                    render_findings(writer, chunk, first)
                },
            )
            .collect();
        for part in parts {
            out.write_all(&part)?;
        }
    }
    out.write_all(b"\n  ]")
}

/// Findings as items of the report's `findings` array, each on its own lines after a comma
/// unless it is the array's first.
fn render_findings(
    writer: &mut FindingWriter,
    findings: &[crate::rules::Diagnostic],
    first: bool,
) -> Vec<u8> {
    let mut part = Vec::with_capacity(findings.len() * 1024);
    for (i, d) in findings.iter().enumerate() {
        part.extend_from_slice(if first && i == 0 { b"\n" } else { b",\n" });
        part.extend_from_slice(ITEM_INDENT);
        writer.write(&mut part, d);
    }
    part
}

/// A member of the report object is indented once; an item of one of its arrays twice.
const MEMBER_INDENT: &[u8] = b"  ";
const ITEM_INDENT: &[u8] = b"    ";

/// Writes `value` pretty-printed as if `depth` levels down in the report, its first line
/// continuing the current one: serde_json's own formatter, told it is inside `depth` arrays.
fn write_nested<W: Write, T: Serialize>(out: W, value: &T, depth: usize) -> serde_json::Result<()> {
    use serde_json::ser::{Formatter, PrettyFormatter};
    let mut formatter = PrettyFormatter::new();
    for _ in 0..depth {
        let mut sink = io::sink();
        formatter
            .begin_array(&mut sink)
            .and_then(|()| formatter.begin_array_value(&mut sink, true))
            .map_err(serde_json::Error::io)?;
    }
    value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))
}

/// A member's key, on its own line, after a comma unless it is the object's first.
fn write_key(out: &mut dyn Write, key: &str, first: bool) -> io::Result<()> {
    out.write_all(if first { b"\n" } else { b",\n" })?;
    out.write_all(MEMBER_INDENT)?;
    serde_json::to_writer(&mut *out, key)?;
    out.write_all(b": ")
}

fn write_member<T: Serialize>(
    out: &mut dyn Write,
    key: &str,
    value: &T,
    first: bool,
) -> io::Result<()> {
    write_key(out, key, first)?;
    Ok(write_nested(out, value, 1)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report as one value, for serde_json to lay out itself.
    #[derive(Serialize)]
    struct Whole<'a> {
        tool: Tool,
        findings: Vec<FindingOut<'a>>,
        rules: Vec<RuleOut<'a>>,
        errors: Vec<ErrorOut<'a>>,
        suppressed: Vec<SuppressedOut<'a>>,
        baselined: usize,
        notices: &'a [String],
    }

    fn laid_out_by_serde(report: &Report) -> String {
        let mut locator = Locator::new(&report.sources);
        let whole = Whole {
            tool: Tool {
                name: "tenantlint",
                version: env!("CARGO_PKG_VERSION"),
            },
            findings: report
                .diagnostics
                .iter()
                .map(|d| finding_out(&mut locator, d))
                .collect(),
            rules: rules_out(report),
            errors: errors_out(report),
            suppressed: suppressed_out(report, &mut locator),
            baselined: report.baselined,
            notices: &report.notices,
        };
        serde_json::to_string_pretty(&whole).unwrap() + "\n"
    }

    fn rendered(report: &Report, split: Split) -> String {
        let mut out = Vec::new();
        render_split(report, &mut out, split).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn findings_rendered_in_parts_are_laid_out_as_serde_lays_out_the_whole() {
        let tenant =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/tenants/contoso");
        let report = crate::lint(&[tenant], &crate::Options::default()).unwrap();
        assert!(report.diagnostics.len() > 4, "{}", report.diagnostics.len());
        assert!(report.suppressed.is_empty());
        let expected = laid_out_by_serde(&report);
        for (batch, chunk) in [(1, 1), (3, 2), (5, 5), (1024, 512)] {
            assert_eq!(
                rendered(&report, Split { batch, chunk }),
                expected,
                "{batch} {chunk}"
            );
        }
    }

    #[test]
    fn accepted_findings_are_laid_out_as_serde_lays_them_out() {
        let tenant =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/tenants/contoso");
        let first = crate::lint(std::slice::from_ref(&tenant), &crate::Options::default()).unwrap();
        let accepted = &first.diagnostics[0];
        let config = crate::config::parse(
            &format!(
                "[[exception]]\nrule = \"{}\"\nsubject = \"{}\"\nreason = \"Known \\\"quoted\\\"\"\n\
                 expires = 2099-12-31\n",
                accepted.code, accepted.finding.subject
            ),
            "tenantlint.toml",
            &crate::selection::Registry,
        )
        .unwrap();
        let options = crate::Options {
            config,
            ..crate::Options::default()
        };
        let report = crate::lint(&[tenant], &options).unwrap();
        assert!(!report.suppressed.is_empty());
        let expected = laid_out_by_serde(&report);
        assert!(expected.contains("\"kind\": \"exception\""), "{expected}");
        for (batch, chunk) in [(1, 1), (1024, 512)] {
            assert_eq!(rendered(&report, Split { batch, chunk }), expected);
        }
    }

    #[test]
    fn an_empty_report_has_empty_arrays() {
        let report = crate::lint_contents(Vec::new(), &crate::Options::default()).unwrap();
        assert!(report.diagnostics.is_empty());
        assert_eq!(rendered(&report, SPLIT), laid_out_by_serde(&report));
    }
}
