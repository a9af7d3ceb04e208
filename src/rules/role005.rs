//! ROLE005 privileged-assignment-alert-missing: assigning a highly privileged role, active or eligible, must alert a monitored mailbox (CISA MS.AAD.7.7).
//!
//! Needs: PIM role settings, licences. One finding per role (and PIM group whose rules the role
//! carries) that falls short.

use super::{p2_gate, Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::pim::{notifies_no_one_extra, role_rules};
use crate::model::roles::HIGHLY_PRIVILEGED;
use crate::model::{InputKind, RolePolicyRule, RuleDetail};

pub struct Role005;

static META: RuleMeta = RuleMeta {
    code: "ROLE005",
    name: "privileged-assignment-alert-missing",
    severity: Severity::Warning,
    summary: "Assigning a highly privileged role, active or eligible, alerts no one beyond the default recipients.",
    needs: &[InputKind::RoleSettings, InputKind::Licences],
    page: include_str!("../../rules/ROLE005.md"),
};

/// Whether a rule falls short.
fn falls_short(rule: &RolePolicyRule) -> Option<bool> {
    match &rule.detail {
        RuleDetail::Notification { .. } => Some(notifies_no_one_extra(rule)),
        _ => None,
    }
}

impl Rule for Role005 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if let Err(outcome) = p2_gate(cx.tenant, "PIM") {
            return outcome;
        }
        let mut findings = Vec::new();
        let mut unknown = Vec::new();
        for (template_id, role) in HIGHLY_PRIVILEGED {
            for rule_id in ["Notification_Admin_Admin_Assignment", "Notification_Admin_Admin_Eligibility"] {
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
                            Message::advised(format!("{role}: assignments send no alert to an additional recipient ({rule_id})"), "in PIM, open the role's settings and add a monitored security mailbox to \"Send notifications when members are assigned as eligible / active\" (Role assignment alert)"),
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
            (true, None) => Outcome::pass("assignments of every highly privileged role alert an additional recipient"),
        }
    }
}
