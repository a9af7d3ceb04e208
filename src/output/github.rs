//! GitHub Actions workflow commands: each finding becomes an annotation on the file and line,
//! escaped as the runner requires.

use std::io::{self, Write};

use super::locate::Locator;
use crate::rules::{Severity, Status};
use crate::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut locator = Locator::new(&report.sources);
    for error in &report.errors {
        let position = error
            .position
            .map(|p| format!(",line={},col={}", p.line, p.column))
            .unwrap_or_default();
        writeln!(
            out,
            "::error file={}{position},title={}::{}",
            property(&super::repository_path(report, &error.path)),
            property("tenantlint: input error"),
            data(&error.message)
        )?;
    }
    // GitHub shows 10 annotations of each type per step, the first ones: input errors and
    // notices are counted too, and the line that says findings were left out comes before
    // them, so it is never the one left out. The rest go to the job summary.
    let command = |d: &crate::rules::Diagnostic| match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut budget = std::collections::BTreeMap::from([
        (
            "error",
            ANNOTATIONS_PER_TYPE.saturating_sub(report.errors.len()),
        ),
        (
            "warning",
            ANNOTATIONS_PER_TYPE.saturating_sub(report.notices.len()),
        ),
        ("notice", ANNOTATIONS_PER_TYPE),
    ]);
    let fits = |budget: &std::collections::BTreeMap<&str, usize>| {
        budget.iter().all(|(kind, room)| {
            report
                .diagnostics
                .iter()
                .filter(|d| command(d) == *kind)
                .count()
                <= *room
        })
    };
    if !fits(&budget) {
        // One notice says how many were left out.
        budget.insert("notice", ANNOTATIONS_PER_TYPE - 1);
    }
    let mut shown = Vec::new();
    let mut overflow = Vec::new();
    for diagnostic in &report.diagnostics {
        let room = budget
            .get_mut(command(diagnostic))
            .expect("every type has a budget");
        if *room > 0 {
            *room -= 1;
            shown.push(diagnostic);
        } else {
            overflow.push((diagnostic, locator.locate(&diagnostic.finding.primary)));
        }
    }
    if !overflow.is_empty() {
        let summary = std::env::var_os("GITHUB_STEP_SUMMARY");
        let written = summary.is_some_and(|path| write_summary(&path, report, &overflow).is_ok());
        writeln!(
            out,
            "::notice title={}::{}",
            property("tenantlint: more findings"),
            data(&format!(
                "{} more finding(s) are not annotated (GitHub shows {ANNOTATIONS_PER_TYPE} annotations of a type per step){}",
                overflow.len(),
                if written {
                    "; they are listed in the job summary"
                } else {
                    "; run tenantlint check --format concise to list them all"
                }
            ))
        )?;
    }
    for notice in &report.notices {
        writeln!(
            out,
            "::warning title={}::{}",
            property("tenantlint: notice"),
            data(notice)
        )?;
    }
    for diagnostic in shown {
        let at = locator.locate(&diagnostic.finding.primary);
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(diagnostic),
            property(&super::repository_path(report, &at.path)),
            at.start.line,
            at.start.column,
            at.end.line,
            at.end.column,
            property(&format!("{} {}", diagnostic.code, diagnostic.name)),
            data(&diagnostic.finding.message.to_string())
        )?;
    }
    for result in report
        .results
        .iter()
        .filter(|r| r.status == Status::NotEvaluated)
    {
        writeln!(
            out,
            "::notice title={}::{}",
            property(&format!("{} not evaluated", result.meta.code)),
            data(result.reason.as_deref().unwrap_or("missing input"))
        )?;
    }
    Ok(())
}

/// How many annotations of one type (error, warning, notice) GitHub shows per step.
pub const ANNOTATIONS_PER_TYPE: usize = 10;

/// Appends the findings that were not annotated to the job summary, as a markdown table.
fn write_summary(
    path: &std::ffi::OsStr,
    report: &Report,
    overflow: &[(&crate::rules::Diagnostic, super::locate::Location)],
) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)?;
    let cell = |text: &str| super::escape::printable(text).replace('|', "\\|");
    writeln!(file, "### tenantlint: findings not annotated\n")?;
    writeln!(
        file,
        "| Rule | Severity | Where | Message |\n|---|---|---|---|"
    )?;
    for (diagnostic, at) in overflow {
        writeln!(
            file,
            "| {} | {} | `{}:{}:{}` | {} |",
            diagnostic.code,
            diagnostic.severity,
            cell(&super::repository_path(report, &at.path)),
            at.start.line,
            at.start.column,
            cell(&diagnostic.finding.message.to_string())
        )?;
    }
    Ok(())
}

/// The message after `::`. Its control characters are shown escaped (a line break as `\n`), so
/// no line break is left for the runner's `%0A` to encode; `%` still is.
pub(crate) fn data(text: &str) -> String {
    super::escape::printable(text).replace('%', "%25")
}

/// A `key=value` property: also `:` and `,`, which separate properties.
pub(crate) fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_requires() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done\\r\\nnext");
        assert_eq!(data("\n::add-mask::x"), "\\n::add-mask::x");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
