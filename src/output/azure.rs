//! Azure DevOps logging commands: `##vso[task.logissue ...]` lines, which a pipeline shows as
//! errors and warnings on the file and line, escaped as the agent requires.

use std::io::{self, Write};

use super::locate::Locator;
use crate::rules::Severity;
use crate::Report;

/// A value inside `[...]`, or the message after it: the agent decodes these escapes, so no
/// character of a tenant string ends the command or starts another one.
fn escaped(text: &str) -> String {
    super::escape::printable(text)
        .replace('%', "%AZP25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(']', "%5D")
        .replace(';', "%3B")
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut locator = Locator::new(&report.sources);
    for error in &report.errors {
        let position = error
            .position
            .map(|p| format!("linenumber={};columnnumber={};", p.line, p.column))
            .unwrap_or_default();
        writeln!(
            out,
            "##vso[task.logissue type=error;sourcepath={};{position}code=input]{}",
            escaped(&super::repository_path(report, &error.path)),
            escaped(&error.message)
        )?;
    }
    for d in &report.diagnostics {
        let at = locator.locate(&d.finding.primary);
        // Azure knows errors and warnings only.
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning | Severity::Info => "warning",
        };
        writeln!(
            out,
            "##vso[task.logissue type={kind};sourcepath={};linenumber={};columnnumber={};code={}]{} {}",
            escaped(&super::repository_path(report, &at.path)),
            at.start.line,
            at.start.column,
            d.code,
            d.code,
            escaped(&d.finding.message.to_string())
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_in_a_value_ends_the_command() {
        assert_eq!(
            escaped("a;b]c\n##vso[task.setvariable]50%"),
            "a%3Bb%5Dc\\n##vso[task.setvariable%5D50%AZP25"
        );
    }
}
