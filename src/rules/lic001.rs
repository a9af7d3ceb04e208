//! LIC001 policy-needs-licence: an enabled policy the tenant's plan cannot run.
//!
//! Needs: Conditional Access policies, licences. Fires per enabled policy when licence data
//! shows no P1, or when the policy uses risk conditions and the data shows no P2.

use super::{Context, Finding, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::licences::{tier, Tier};
use crate::analysis::policy::risk_condition;
use crate::model::InputKind;

pub struct Lic001;

static META: RuleMeta = RuleMeta {
    code: "LIC001",
    name: "policy-needs-licence",
    severity: Severity::Error,
    summary: "An enabled Conditional Access policy needs a plan the tenant does not have.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
};

impl Rule for Lic001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(policies) = &cx.tenant.ca_policies else {
            return Outcome::not_evaluated("no Conditional Access policies in the input");
        };
        let enabled: Vec<_> = policies.iter().filter(|p| p.is_enforced()).collect();
        let Some(tier) = tier(cx.tenant) else {
            return if enabled.is_empty() {
                Outcome::pass("no policy is enabled, so none needs a licence")
            } else {
                Outcome::not_evaluated("no licence data in the input: whether the enabled policies can take effect is unknown")
            };
        };
        let findings: Vec<Finding> = enabled
            .iter()
            .filter_map(|policy| {
                if tier == Tier::Free {
                    return Some(Finding::new(
                        &policy.id,
                        policy.state.origin.clone(),
                        format!(
                            "policy {} is enabled, but the tenant's licences include no Entra ID P1 plan, so it cannot \
                             take effect; assign a plan with Entra ID P1 (Microsoft 365 E3 or Business Premium), or use \
                             security defaults instead",
                            policy.label()
                        ),
                    ));
                }
                let (what, origin) = risk_condition(policy)?;
                (tier < Tier::P2).then(|| {
                    Finding::new(
                        &policy.id,
                        origin,
                        format!(
                            "policy {} uses {what}, which need Entra ID P2, and the tenant has {}; assign Entra ID P2 \
                             (Microsoft 365 E5) or remove the risk condition",
                            policy.label(),
                            tier.describe()
                        ),
                    )
                })
            })
            .collect();
        if findings.is_empty() {
            Outcome::pass(format!(
                "every enabled policy can take effect with {}",
                tier.describe()
            ))
        } else {
            Outcome::fail(findings, None)
        }
    }
}
