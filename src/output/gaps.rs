//! `gaps`'s answer: pretty and markdown for people (a review, a ticket), JSON for programs.

use serde_json::{json, Value};

use super::escape::printable;
use super::locate::Locator;
use crate::analysis::gaps::{Gaps, Row, RowStatus};
use crate::Report;

fn verdict(row: &Row, controls: &str) -> String {
    let mut words = match (row.status, &row.unknown) {
        (RowStatus::Unknown, Some(why)) => format!("may be unprotected: {why}"),
        _ => format!("nothing requires {controls}"),
    };
    if !row.near_misses.is_empty() {
        let near: Vec<String> = row
            .near_misses
            .iter()
            .take(3)
            .map(|n| format!("{} {}", n.policy, n.why))
            .collect();
        words += &format!("; {}", near.join("; "));
        if row.near_misses.len() > 3 {
            words += &format!(" (and {} more)", row.near_misses.len() - 3);
        }
    }
    words
}

fn headline(gaps: &Gaps) -> Option<String> {
    if let Some(why) = &gaps.not_evaluated {
        return Some(format!("not evaluated: {why}"));
    }
    if gaps.by_security_defaults {
        return Some(
            "no gaps: security defaults are enabled and require MFA for every user when needed"
                .into(),
        );
    }
    gaps.rows.is_empty().then(|| {
        format!(
            "no gaps: every one of the {} sign-ins swept is protected by an enforced policy",
            gaps.swept
        )
    })
}

pub fn pretty(report: &Report, gaps: &Gaps, controls: &str) -> String {
    let mut locator = Locator::new(&report.sources);
    if let Some(line) = headline(gaps) {
        return format!("{line}\n");
    }
    let mut out = String::new();
    for row in &gaps.rows {
        out += &format!(
            "{}, {}: {}\n",
            printable(&row.segment.label()),
            printable(&row.scenario()),
            printable(&verdict(row, controls))
        );
        for near in row.near_misses.iter().take(3) {
            let at = locator.locate(&near.origin);
            out += &format!(
                "  {}:{}:{}: {}\n",
                printable(&at.path),
                at.start.line,
                at.start.column,
                printable(&near.policy)
            );
        }
    }
    let unknown = gaps
        .rows
        .iter()
        .filter(|r| r.status == RowStatus::Unknown)
        .count();
    out += &format!(
        "\n{} row(s) of unprotected sign-ins ({} unknown) out of {} sign-ins swept\n",
        gaps.rows.len(),
        unknown,
        gaps.swept
    );
    out
}

pub fn markdown(report: &Report, gaps: &Gaps, controls: &str) -> String {
    let mut locator = Locator::new(&report.sources);
    let mut out = String::from("## Sign-ins no enforced policy protects\n\n");
    if let Some(line) = headline(gaps) {
        return out + &line + "\n";
    }
    out += "| Who | Sign-in | Status | Why | Where |\n|---|---|---|---|---|\n";
    let cell = |text: &str| printable(text).replace('|', "\\|");
    for row in &gaps.rows {
        let at = row
            .near_misses
            .first()
            .map(|n| {
                let at = locator.locate(&n.origin);
                format!("`{}:{}:{}`", at.path, at.start.line, at.start.column)
            })
            .unwrap_or_default();
        out += &format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&row.segment.label()),
            cell(&row.scenario()),
            match row.status {
                RowStatus::Gap => "gap",
                RowStatus::Unknown => "unknown",
            },
            cell(&verdict(row, controls)),
            cell(&at)
        );
    }
    out + &format!("\n{} sign-ins swept.\n", gaps.swept)
}

pub fn json(report: &Report, gaps: &Gaps, controls: &[String]) -> Value {
    let mut locator = Locator::new(&report.sources);
    let rows: Vec<Value> = gaps
        .rows
        .iter()
        .map(|row| {
            json!({
                "segment": row.segment.key(),
                "who": row.segment.label(),
                "status": match row.status { RowStatus::Gap => "gap", RowStatus::Unknown => "unknown" },
                "apps": row.apps,
                "clientAppTypes": row.clients,
                "platforms": row.platforms,
                "locations": row.places,
                "signInRiskLevels": row.sign_in_risks,
                "userRiskLevels": row.user_risks,
                "unknown": row.unknown,
                "nearMisses": row.near_misses.iter().map(|n| json!({
                    "policy": n.policy,
                    "id": n.policy_id,
                    "why": n.why,
                    "location": locator.locate(&n.origin),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "controls": controls,
        "swept": gaps.swept,
        "securityDefaults": gaps.by_security_defaults,
        "notEvaluated": gaps.not_evaluated,
        "gaps": rows,
        "errors": super::json::errors_out(report),
    })
}
