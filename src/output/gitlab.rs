//! GitLab Code Quality: a JSON array of issues, each with a check name, a fingerprint, a
//! severity of GitLab's scale and a path relative to the repository root.

use std::io::{self, Write};

use serde_json::json;

use super::locate::Locator;
use crate::rules::fingerprint::fingerprint;
use crate::rules::Severity;
use crate::Report;

/// GitLab's scale is info, minor, major, critical, blocker.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut locator = Locator::new(&report.sources);
    let mut seen = std::collections::HashMap::new();
    let issues: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let at = locator.locate(&d.finding.primary);
            // GitLab drops issues with equal fingerprints: a second finding with the same
            // identity gets its ordinal.
            let base = fingerprint(d);
            let count = seen.entry(base.clone()).or_insert(0usize);
            *count += 1;
            let fingerprint = match *count {
                1 => base,
                n => format!("{base}-{n}"),
            };
            json!({
                "description": format!("{} {}", d.code, d.finding.message),
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": severity(d.severity),
                "location": {
                    "path": super::repository_path(report, &at.path),
                    "lines": {"begin": at.start.line, "end": at.end.line},
                },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
