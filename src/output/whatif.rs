//! `whatif`'s answer: pretty for a person, JSON shaped like Graph's `whatIfAnalysisResult` list.

use serde_json::{json, Value};

use super::escape::printable;
use super::locate::Locator;
use crate::analysis::signin::{Demands, Verdict};
use crate::analysis::whatif::{Answer, PolicyAnswer};
use crate::model::PolicyState;
use crate::Report;

fn grant_words(demands: &Demands) -> String {
    let mut words = demands.grant();
    if !demands.session.is_empty() {
        words += &format!("; session: {}", demands.session.join(", "));
    }
    words
}

fn verdict_words(policy: &PolicyAnswer) -> String {
    match &policy.verdict {
        Verdict::Applies => format!("applies: {}", grant_words(&policy.demands)),
        Verdict::DoesNotApply { reason, why, .. } => {
            format!("does not apply ({}): {why}", reason.api_name())
        }
        Verdict::Unknown { reason, why, .. } => format!("unknown ({}): {why}", reason.api_name()),
    }
}

/// The verdict in a sentence, first: blocked, or what every applying policy demands.
fn outcome_words(answer: &Answer) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(why) = &answer.not_evaluated {
        lines.push(format!("not evaluated: {why}"));
        return lines;
    }
    if answer.security_defaults {
        lines.push(
            "security defaults are enabled: they require MFA when Microsoft deems it necessary, \
             whatever the policies below say"
                .into(),
        );
    }
    if !answer.blocked_by.is_empty() {
        lines.push(format!("blocked by {}", answer.blocked_by.join(", ")));
    } else {
        let demanded: Vec<String> = answer
            .enforced_applying()
            .map(|p| format!("{} ({})", grant_words(&p.demands), p.label))
            .collect();
        let unless = if answer.unknown.is_empty() {
            ""
        } else {
            ", unless a policy marked unknown below applies and asks more or blocks"
        };
        lines.push(match demanded.as_slice() {
            [] if unless.is_empty() => "allowed: no enforced policy applies".to_string(),
            [] => format!("allowed: no enforced policy is known to apply{unless}"),
            _ => format!("allowed with all of: {}{unless}", demanded.join("; ")),
        });
    }
    lines.extend(answer.unknown.iter().map(|u| format!("unknown: {u}")));
    lines
}

pub fn pretty(report: &Report, answer: &Answer) -> String {
    let mut locator = Locator::new(&report.sources);
    let mut out = format!("sign-in: {}\n", printable(&answer.sign_in));
    for line in outcome_words(answer) {
        out += &format!("outcome: {}\n", printable(&line));
    }
    let report_only = |p: &&PolicyAnswer| p.state == PolicyState::ReportOnly;
    let groups: [(&str, Vec<&PolicyAnswer>); 3] = [
        (
            "enforced",
            answer.policies.iter().filter(|p| p.enforced).collect(),
        ),
        (
            "report-only (not enforced)",
            answer
                .policies
                .iter()
                .filter(|p| !p.enforced)
                .filter(report_only)
                .collect(),
        ),
        (
            "not on (disabled, unlicensed or in an unknown state)",
            answer
                .policies
                .iter()
                .filter(|p| !p.enforced && !report_only(p))
                .collect(),
        ),
    ];
    for (title, policies) in groups {
        if policies.is_empty() {
            continue;
        }
        out += &format!("\n{title}:\n");
        for policy in policies {
            out += &line(&mut locator, policy);
        }
    }
    out
}

fn line(locator: &mut Locator, policy: &PolicyAnswer) -> String {
    let at = locator.locate(policy.decided_at());
    format!(
        "  {} {}\n    at {}:{}:{}\n",
        printable(&policy.label),
        printable(&verdict_words(policy)),
        printable(&at.path),
        at.start.line,
        at.start.column
    )
}

pub fn json(report: &Report, answer: &Answer) -> Value {
    let mut locator = Locator::new(&report.sources);
    let value: Vec<Value> = answer
        .policies
        .iter()
        .map(|p| {
            let (applies, reasons, unknown) = match &p.verdict {
                Verdict::Applies => (true, "notSet".to_string(), false),
                Verdict::DoesNotApply { reason, .. } => (false, reason.api_name().to_string(), false),
                // The API's own word for a condition it could not evaluate.
                Verdict::Unknown { .. } => (false, "notEnoughInformation".to_string(), true),
            };
            let why = match &p.verdict {
                Verdict::Applies => None,
                Verdict::DoesNotApply { why, .. } | Verdict::Unknown { why, .. } => Some(why),
            };
            json!({
                "id": p.id,
                "displayName": p.display_name,
                "state": p.state.graph_name(),
                "policyApplies": applies,
                "analysisReasons": reasons,
                "tenantlint": {
                    "enforced": p.enforced,
                    "unknown": unknown,
                    "reason": match &p.verdict {
                        Verdict::Applies => Value::Null,
                        Verdict::DoesNotApply { reason, .. } | Verdict::Unknown { reason, .. } => reason.api_name().into(),
                    },
                    "why": why,
                    "grant": demands_json(&p.demands),
                    "location": locator.locate(p.decided_at()),
                },
            })
        })
        .collect();
    let grant: Vec<Value> = answer
        .enforced_applying()
        .filter(|p| !p.demands.block)
        .map(|p| {
            let mut grant = demands_json(&p.demands);
            grant["id"] = p.id.clone().into();
            grant["displayName"] = p.display_name.clone().into();
            grant
        })
        .collect();
    json!({
        "signIn": answer.sign_in,
        "outcome": {
            // null: not blocked by what the export settles, but a blocking policy that may apply
            // might.
            "blocked": match (answer.blocked_by.is_empty(), answer.unknown_may_block) {
                (false, _) => Some(true),
                (true, false) => Some(false),
                (true, true) => None,
            },
            "blockedBy": answer.blocked_by,
            "grant": grant,
            "unknown": answer.unknown,
            "securityDefaults": answer.security_defaults,
            "notEvaluated": answer.not_evaluated,
        },
        "value": value,
        "errors": super::json::errors_out(report),
    })
}

fn demands_json(demands: &Demands) -> Value {
    json!({
        "block": demands.block,
        "operator": demands.operator,
        "controls": demands.controls,
        "session": demands.session,
    })
}
