//! SARIF 2.1.0 for GitHub code scanning: every rule described from its page, every finding with
//! a repository-relative location, related locations and a fingerprint that survives a
//! regenerated export; rules that were not evaluated and unreadable inputs are tool execution
//! notifications, never silence.

use std::io::{self, Write};
use std::path::{Component, Path};

use serde_json::{json, Value};

use super::fingerprint::fingerprint;
use super::locate::{Location, Locator};
use crate::rules::{docs, registry, Diagnostic, RuleMeta, Severity, Status};
use crate::Report;

/// Where the rule pages are published; SARIF viewers link each rule here.
const RULE_DOCS: &str = "https://github.com/tenantlint/tenantlint/blob/main/rules";

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut locator = Locator::new(&report.sources);
    let rules: Vec<&RuleMeta> = report.results.iter().map(|r| r.meta).collect();
    let mut results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| result(d, &rules, &mut locator))
        .collect();
    // Accepted findings stay in the log, marked as suppressed with the exception's reason.
    results.extend(report.suppressed.iter().map(|s| {
        let mut result = result(&s.diagnostic, &rules, &mut locator);
        result["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": format!("{} (until {}; {})", s.reason, s.expires, s.place),
        }]);
        result
    }));
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
            "locations": [{"physicalLocation": {"artifactLocation": artifact(&e.path), "region": region}}],
        })
    }));
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tenantlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/tenantlint/tenantlint",
                "rules": rules.iter().map(|m| descriptor(m)).collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": source_root()}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
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

fn result(diagnostic: &Diagnostic, rules: &[&RuleMeta], locator: &mut Locator) -> Value {
    let finding = &diagnostic.finding;
    let related: Vec<Value> = finding
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut location = physical(&locator.locate(&r.origin));
            location["id"] = json!(i + 1);
            location["message"] = json!({"text": r.message});
            location
        })
        .collect();
    json!({
        "ruleId": diagnostic.code,
        "ruleIndex": rules.iter().position(|m| m.code == diagnostic.code).or_else(|| registry().iter().position(|r| r.meta().code == diagnostic.code)),
        "level": level(diagnostic.severity),
        "message": {"text": finding.message},
        "locations": [physical(&locator.locate(&finding.primary))],
        "relatedLocations": related,
        "partialFingerprints": {"tenantlint/v1": fingerprint(diagnostic)},
        "properties": {"subject": finding.subject},
    })
}

fn physical(location: &Location) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": artifact(&location.path),
            "region": {
                "startLine": location.start.line,
                "startColumn": location.start.column,
                "endLine": location.end.line,
                "endColumn": location.end.column,
            },
        },
        "logicalLocations": [{"fullyQualifiedName": location.pointer, "kind": "object"}],
    })
}

/// A path relative to the working directory (the repository root in CI) as a relative URI
/// against `%SRCROOT%`; a path outside it as a `file://` URI.
fn artifact(path: &str) -> Value {
    let path = Path::new(path);
    let cwd = std::env::current_dir().ok();
    let relative = if path.is_absolute() {
        cwd.as_deref().and_then(|cwd| path.strip_prefix(cwd).ok())
    } else {
        Some(path)
    };
    match relative {
        Some(relative) => json!({"uri": encode(&segments(relative)), "uriBaseId": "%SRCROOT%"}),
        None => json!({"uri": format!("file://{}", encode(&segments(path)))}),
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

fn source_root() -> String {
    let cwd = std::env::current_dir()
        .map(|p| segments(&p))
        .unwrap_or_default();
    format!("file://{}/", encode(&cwd))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_relative_paths() {
        assert_eq!(
            artifact("./exports/REF-04;ENV-P; Block.json"),
            json!({"uri": "exports/REF-04%3BENV-P%3B%20Block.json", "uriBaseId": "%SRCROOT%"})
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
