//! SARIF 2.1.0 for GitHub code scanning: every rule described from its page, every finding with
//! a repository-relative location, related locations and a fingerprint that survives a
//! regenerated export; rules that were not evaluated and unreadable inputs are tool execution
//! notifications, never silence.

use std::cell::RefCell;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use super::locate::Locator;
use crate::rules::fingerprint::fingerprint;
use crate::rules::{docs, registry, Diagnostic, Message, RuleMeta, Severity, Status};
use crate::source::Origin;
use crate::suppress::Suppressed;
use crate::Report;

/// Where the rule pages are published; SARIF viewers link each rule here.
const RULE_DOCS: &str = "https://github.com/tenantlint/tenantlint/blob/main/rules";

/// A SARIF log with one run. Members of this and every type below are declared in alphabetical
/// order: SARIF output has always been written in that order, once from `serde_json::Value`
/// (whose maps sort their keys) and now from types, so that results stream.
#[derive(Serialize)]
struct Log<R> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<R>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<R> {
    column_kind: &'static str,
    invocations: Value,
    original_uri_base_ids: Value,
    results: R,
    tool: Value,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultOut<'a> {
    level: &'static str,
    locations: [LocationOut; 1],
    message: Text<&'a Message>,
    partial_fingerprints: Fingerprints,
    properties: Properties<'a>,
    related_locations: Vec<RelatedLocationOut<'a>>,
    rule_id: &'a str,
    rule_index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[SuppressionOut; 1]>,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "tenantlint/v1")]
    v1: String,
}

#[derive(Serialize)]
struct Properties<'a> {
    subject: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LocationOut {
    logical_locations: [LogicalOut; 1],
    physical_location: PhysicalOut,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocationOut<'a> {
    id: usize,
    logical_locations: [LogicalOut; 1],
    message: Text<&'a str>,
    physical_location: PhysicalOut,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalOut {
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalOut {
    artifact_location: Artifact,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Artifact {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
struct SuppressionOut {
    justification: String,
    kind: &'static str,
    status: &'static str,
}

/// A sequence serialized as it is produced: a large tenant's results are never all in memory.
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

/// Turns origins into SARIF locations, each file's artifact worked out once.
struct Places<'s> {
    locator: Locator<'s>,
    cwd: Option<PathBuf>,
    artifacts: Vec<Option<Artifact>>,
}

impl<'s> Places<'s> {
    fn new(report: &'s Report, cwd: Option<PathBuf>) -> Self {
        Places {
            locator: Locator::new(&report.sources),
            cwd,
            artifacts: vec![None; report.sources.len()],
        }
    }

    fn locate(&mut self, origin: &Origin) -> (LogicalOut, PhysicalOut) {
        let location = self.locator.locate(origin);
        let cwd = self.cwd.as_deref();
        let artifact = self.artifacts[origin.file]
            .get_or_insert_with(|| artifact_at(&location.path, cwd))
            .clone();
        (
            LogicalOut {
                fully_qualified_name: location.pointer,
                kind: "object",
            },
            PhysicalOut {
                artifact_location: artifact,
                region: Region {
                    end_column: location.end.column,
                    end_line: location.end.line,
                    start_column: location.start.column,
                    start_line: location.start.line,
                },
            },
        )
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<&RuleMeta> = report.results.iter().map(|r| r.meta).collect();
    // Paths start at the project root (the repository's top level) whatever the current
    // folder: code scanning opens them from there.
    let cwd = report
        .project_root
        .clone()
        .or_else(|| crate::source::current_folder().map(Into::into));
    let mut notifications: Vec<Value> = report
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status == Status::NotEvaluated)
        .map(|(index, r)| {
            json!({
                "level": "warning",
                "message": {"text": format!("{} was not evaluated: {}", r.meta.code, r.reason.as_deref().unwrap_or("missing input"))},
                "associatedRule": {"id": r.meta.code, "index": index},
            })
        })
        .collect();
    notifications.extend(report.errors.iter().map(|e| {
        let mut region = json!({});
        if let Some(p) = e.position {
            region = json!({"startLine": p.line, "startColumn": p.column});
        }
        json!({
            "level": "error",
            "message": {"text": format!("input error: {}", e.message)},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_at(&e.path, cwd.as_deref()), "region": region}}],
        })
    }));
    let mut places = Places::new(report, cwd.clone());
    // GitHub code scanning accepts 25,000 results a run: past that, the most severe are kept
    // and the run says, rule by rule, how many were left out.
    let kept = most_severe(&report.diagnostics, MAX_RESULTS);
    for (code, left_out) in left_out_by_rule(&report.diagnostics, &kept) {
        notifications.push(json!({
            "level": "warning",
            "message": {"text": format!(
                "{left_out} result(s) of {code} left out: GitHub code scanning accepts {MAX_RESULTS} results a run, \
                 and the most severe are kept (tenantlint check --format json lists them all)"
            )},
            "associatedRule": {"id": code},
        }));
    }
    let findings = report
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(index, _)| kept[*index])
        .map(|(_, d)| (d, None));
    let suppressed = report.suppressed.iter().map(|s| (&s.diagnostic, Some(s)));
    let results = findings
        .chain(suppressed)
        .map(|(d, suppression)| result(d, suppression, &rules, &mut places));
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            invocations: json!([{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }]),
            original_uri_base_ids: json!({"%SRCROOT%": {"uri": source_root(cwd.as_deref())}}),
            results: Streamed(RefCell::new(Some(results))),
            tool: json!({"driver": {
                "name": "tenantlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/tenantlint/tenantlint",
                "rules": rules.iter().map(|m| descriptor(m)).collect::<Vec<_>>(),
            }}),
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub ranks alerts by this score: 9+ critical, 7+ high, 4+ medium, below low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.5",
        Severity::Info => "2.0",
    }
}

fn descriptor(meta: &RuleMeta) -> Value {
    let body = docs::body(meta.code).unwrap_or_default();
    let mut tags = vec!["security".to_string(), family(meta.code).to_string()];
    for (framework, key) in [("CIS", "cis"), ("CISA", "cisa")] {
        if let Some(ids) = docs::metadata(meta.code, key).filter(|v| *v != "-") {
            tags.extend(
                ids.split(',')
                    .map(|id| format!("{framework} {}", id.trim())),
            );
        }
    }
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": first_paragraph(body, "## What it checks").unwrap_or(meta.summary)},
        "help": {"text": body, "markdown": body},
        "helpUri": format!("{RULE_DOCS}/{}.md", meta.code),
        "defaultConfiguration": {"level": level(meta.severity)},
        "properties": {
            "tags": tags,
            "precision": "high",
            "security-severity": security_severity(meta.severity),
        },
    })
}

/// "MFA001" -> "MFA".
fn family(code: &str) -> &str {
    code.trim_end_matches(|c: char| c.is_ascii_digit())
}

fn first_paragraph<'a>(body: &'a str, heading: &str) -> Option<&'a str> {
    let after = body.split_once(heading)?.1.trim_start();
    after
        .split("\n\n")
        .next()
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

fn result<'a>(
    diagnostic: &'a Diagnostic,
    suppression: Option<&Suppressed>,
    rules: &[&RuleMeta],
    places: &mut Places,
) -> ResultOut<'a> {
    let finding = &diagnostic.finding;
    let related = finding
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (logical, physical) = places.locate(&r.origin);
            RelatedLocationOut {
                id: i + 1,
                logical_locations: [logical],
                message: Text { text: &r.message },
                physical_location: physical,
            }
        })
        .collect();
    let (logical, physical) = places.locate(&finding.primary);
    ResultOut {
        level: level(diagnostic.severity),
        locations: [LocationOut {
            logical_locations: [logical],
            physical_location: physical,
        }],
        message: Text {
            text: &finding.message,
        },
        partial_fingerprints: Fingerprints {
            v1: fingerprint(diagnostic),
        },
        properties: Properties {
            subject: &finding.subject,
        },
        related_locations: related,
        rule_id: diagnostic.code,
        rule_index: rules
            .iter()
            .position(|m| m.code == diagnostic.code)
            .or_else(|| {
                registry()
                    .iter()
                    .position(|r| r.meta().code == diagnostic.code)
            }),
        suppressions: suppression.map(|s| {
            [SuppressionOut {
                justification: format!("{} (until {}; {})", s.reason, s.expires, s.place),
                kind: "external",
                status: "accepted",
            }]
        }),
    }
}

/// The most results a SARIF run holds: what GitHub code scanning accepts.
pub const MAX_RESULTS: usize = 25_000;

/// Which findings to keep when there are more than `max`: the most severe, in report order.
pub(crate) fn most_severe(diagnostics: &[crate::rules::Diagnostic], max: usize) -> Vec<bool> {
    if diagnostics.len() <= max {
        return vec![true; diagnostics.len()];
    }
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(diagnostics[i].severity));
    let mut kept = vec![false; diagnostics.len()];
    for &i in order.iter().take(max) {
        kept[i] = true;
    }
    kept
}

/// How many findings of each rule were left out.
pub(crate) fn left_out_by_rule(
    diagnostics: &[crate::rules::Diagnostic],
    kept: &[bool],
) -> std::collections::BTreeMap<&'static str, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for (diagnostic, kept) in diagnostics.iter().zip(kept) {
        if !kept {
            *counts.entry(diagnostic.code).or_insert(0) += 1;
        }
    }
    counts
}

/// A file's location for SARIF: relative to the project root where it is below it (`.` and
/// `..` resolved), a `file://` URI otherwise.
fn artifact_at(path: &str, root: Option<&Path>) -> Artifact {
    let relative = match root {
        Some(root) => crate::source::relative_to(root, path),
        None => Some(segments(Path::new(path))),
    };
    match relative {
        Some(relative) => Artifact {
            uri: encode(&relative),
            uri_base_id: Some("%SRCROOT%"),
        },
        None => {
            let absolute = crate::source::current_folder()
                .map(|cwd| cwd.join(path))
                .unwrap_or_else(|| path.into());
            Artifact {
                uri: format!("file://{}", encode(&segments(&absolute))),
                uri_base_id: None,
            }
        }
    }
}

fn segments(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            Component::RootDir => Some(String::new()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// Percent-encodes everything but unreserved characters and `/` (RFC 3986).
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn source_root(cwd: Option<&Path>) -> String {
    let cwd = cwd.map(segments).unwrap_or_default();
    format!("file://{}/", encode(&cwd))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_limit_the_most_severe_results_are_kept_and_the_rest_counted() {
        let diagnostic = |code: &'static str, severity| crate::rules::Diagnostic {
            code,
            name: "a-rule",
            severity,
            finding: crate::rules::Finding::new(
                "subject",
                crate::source::Origin {
                    file: 0,
                    span: 0..1,
                    pointer: String::new(),
                },
                "message".to_string(),
            ),
        };
        let found = [
            diagnostic("SSPR002", Severity::Info),
            diagnostic("MFA001", Severity::Error),
            diagnostic("MFA004", Severity::Warning),
            diagnostic("SSPR002", Severity::Info),
        ];
        let kept = most_severe(&found, 2);
        assert_eq!(kept, [false, true, true, false]);
        assert_eq!(
            left_out_by_rule(&found, &kept)
                .into_iter()
                .collect::<Vec<_>>(),
            [("SSPR002", 2)]
        );
        assert_eq!(most_severe(&found, 10), [true; 4]);
    }

    #[test]
    fn uris_are_percent_encoded_relative_paths() {
        assert_eq!(
            serde_json::to_value(artifact_at("./exports/REF-04;ENV-P; Block.json", None)).unwrap(),
            json!({"uri": "exports/REF-04%3BENV-P%3B%20Block.json", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            serde_json::to_value(artifact_at("/elsewhere/a b.json", Some(Path::new("/work"))))
                .unwrap(),
            json!({"uri": "file:///elsewhere/a%20b.json"})
        );
    }

    #[test]
    fn the_first_paragraph_of_a_section_describes_the_rule() {
        let body = "## What it checks\n\nFirst line\nsecond line.\n\nMore.";
        assert_eq!(
            first_paragraph(body, "## What it checks"),
            Some("First line\nsecond line.")
        );
    }
}
