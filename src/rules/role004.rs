//! ROLE004 global-admin-activation-without-approval: activating Global Administrator must be approved by someone else (CISA MS.AAD.7.6).
//!
//! Needs: PIM role settings, licences. One finding per role (and PIM group whose rules the role
//! carries) that falls short.

use super::{p2_gate, Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::pim::role_rules;
use crate::model::roles::{GLOBAL_ADMINISTRATOR, HIGHLY_PRIVILEGED};
use crate::model::{InputKind, RolePolicyRule, RuleDetail};

pub struct Role004;

static META: RuleMeta = RuleMeta {
    code: "ROLE004",
    name: "global-admin-activation-without-approval",
    severity: Severity::Error,
    summary: "Activating Global Administrator does not require approval.",
    needs: &[InputKind::RoleSettings, InputKind::Licences],
    page: include_str!("../../rules/ROLE004.md"),
};

/// Whether a rule falls short.
fn falls_short(rule: &RolePolicyRule) -> Option<bool> {
    match &rule.detail {
        RuleDetail::Approval { required } => required.as_ref().map(|r| !r.value),
        _ => None,
    }
}

impl Rule for Role004 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if let Err(outcome) = p2_gate(cx.tenant, "PIM") {
            return outcome;
        }
        let mut findings = Vec::new();
        let mut unknown = Vec::new();
        for (template_id, role) in HIGHLY_PRIVILEGED.iter().filter(|(id, _)| *id == GLOBAL_ADMINISTRATOR).copied() {
            for rule_id in ["Approval_EndUser_Assignment"] {
                let rules = match role_rules(cx.tenant, template_id, rule_id) {
                    Ok(rules) => rules,
                    Err(why) => {
                        unknown.push(why);
                        continue;
                    }
                };
                for rule in rules {
                    match falls_short(rule) {
                        Some(false) => {}
                        None => unknown.push(format!("{role}: rule {rule_id} does not say")),
                        Some(true) => findings.push(Finding::new(
                            template_id,
                            rule.origin.clone(),
                            Message::advised(format!("{role}: activation does not require approval ({rule_id})"), "in PIM, open the role's settings and turn on \"Require approval to activate\" with at least one approver"),
                        )),
                    }
                }
            }
        }
        unknown.dedup();
        let unknown = (!unknown.is_empty()).then(|| {
            format!(
                "{}: export the roles' PIM settings (policies/roleManagementPolicyAssignments with \
                 $expand=policy($expand=rules))",
                unknown.join("; ")
            )
        });
        match (findings.is_empty(), unknown) {
            (false, unknown) => Outcome::fail(findings, unknown),
            (true, Some(unknown)) => Outcome::not_evaluated(unknown),
            (true, None) => Outcome::pass("activating Global Administrator requires approval"),
        }
    }
}
