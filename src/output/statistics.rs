//! `check --statistics`: how many findings each rule produced, most first, like Ruff's.

use std::io::{self, Write};

use serde::Serialize;

use crate::Report;

#[derive(Serialize)]
struct Count<'a> {
    code: &'a str,
    name: &'a str,
    count: usize,
}

fn counts(report: &Report) -> Vec<Count<'_>> {
    let mut counts: Vec<Count> = report
        .results
        .iter()
        .map(|r| Count {
            code: r.meta.code,
            name: r.meta.name,
            count: report
                .diagnostics
                .iter()
                .filter(|d| d.code == r.meta.code)
                .count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    counts
}

pub fn render_text(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let counts = counts(report);
    let width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    for c in &counts {
        writeln!(out, "{:>width$}\t{:<8}\t{}", c.count, c.code, c.name)?;
    }
    Ok(())
}

pub fn render_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &counts(report))?;
    writeln!(out)
}
