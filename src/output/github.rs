//! GitHub Actions workflow commands: each finding becomes an annotation on the file and line,
//! escaped as the runner requires.

use std::io::{self, Write};

use super::locate::Locator;
use crate::rules::{Severity, Status};
use crate::Report;

/// A file as annotations name it: relative to the project root (the repository's top level,
/// where the runner looks for it), whatever the current folder.
fn file(report: &Report, path: &str) -> String {
    report
        .project_root
        .as_deref()
        .and_then(|root| crate::source::relative_to(root, path))
        .unwrap_or_else(|| path.to_string())
}

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
            property(&file(report, &error.path)),
            property("tenantlint: input error"),
            data(&error.message)
        )?;
    }
    for diagnostic in &report.diagnostics {
        let at = locator.locate(&diagnostic.finding.primary);
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&file(report, &at.path)),
            at.start.line,
            at.start.column,
            at.end.line,
            at.end.column,
            property(&format!("{} {}", diagnostic.code, diagnostic.name)),
            data(&diagnostic.finding.message.to_string())
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
