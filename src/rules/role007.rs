//! ROLE007 privileged-activation-alert-missing: activating the other highly privileged roles should alert a monitored mailbox (CISA MS.AAD.7.9).
//!
//! Needs: PIM role settings, licences. One finding per role (and PIM group whose rules the role
//! carries) that falls short.

use super::{p2_gate, Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::pim::{notifies_no_one_extra, role_rules};
use crate::model::roles::{GLOBAL_ADMINISTRATOR, HIGHLY_PRIVILEGED};
use crate::model::{InputKind, RolePolicyRule, RuleDetail};

pub struct Role007;

static META: RuleMeta = RuleMeta {
    code: "ROLE007",
    name: "privileged-activation-alert-missing",
    severity: Severity::Warning,
    summary: "Activating a highly privileged role other than Global Administrator alerts no one beyond the default recipients.",
    needs: &[InputKind::RoleSettings, InputKind::Licences],
    page: include_str!("../../rules/ROLE007.md"),
};

/// Whether a rule falls short.
fn falls_short(rule: &RolePolicyRule) -> Option<bool> {
    match &rule.detail {
        RuleDetail::Notification { .. } => Some(notifies_no_one_extra(rule)),
        _ => None,
    }
}

impl Rule for Role007 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if let Err(outcome) = p2_gate(cx.tenant, "PIM") {
            return outcome;
        }
        let mut findings = Vec::new();
        let mut unknown = Vec::new();
        for (template_id, role) in HIGHLY_PRIVILEGED.iter().filter(|(id, _)| *id != GLOBAL_ADMINISTRATOR).copied() {
            for rule_id in ["Notification_Admin_EndUser_Assignment"] {
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
                            Message::advised(format!("{role}: activation sends no alert to an additional recipient ({rule_id})"), "in PIM, open the role's settings and add a monitored security mailbox to \"Send notifications when eligible members activate this role\""),
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
            (true, None) => Outcome::pass("activating each highly privileged role alerts an additional recipient"),
        }
    }
}
