//! `path:line:col: severity[CODE] message`, one line each: the format editors' problem matchers
//! and Vim's `errorformat` read. Input errors use the same shape with the code `input`.

use std::io::{self, Write};

use super::escape::printable;
use super::locate::Locator;
use crate::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    render_some(report, out, &mut super::PerRule::default())
}

/// The findings `per_rule` lets through.
pub fn render_some(
    report: &Report,
    out: &mut dyn Write,
    per_rule: &mut super::PerRule,
) -> io::Result<()> {
    let mut locator = Locator::new(&report.sources);
    for error in &report.errors {
        let (line, column) = error.position.map_or((1, 1), |p| (p.line, p.column));
        writeln!(
            out,
            "{}:{line}:{column}: error[input] {}",
            printable(&error.path),
            printable(&error.message)
        )?;
    }
    for diagnostic in &report.diagnostics {
        if !per_rule.shows(diagnostic.code) {
            continue;
        }
        let location = locator.locate(&diagnostic.finding.primary);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            printable(&location.path),
            location.start.line,
            location.start.column,
            diagnostic.severity,
            diagnostic.code,
            printable(&diagnostic.finding.message.to_string())
        )?;
    }
    Ok(())
}
