//! LIC001 policy-needs-licence: an enabled policy the tenant's plan cannot run.
//!
//! Needs: Conditional Access policies, licences. Fires per enabled policy when licence data
//! shows no P1, or when the policy uses risk conditions and the data shows no P2.

use super::{join_and, Context, Finding, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::licences::{tier, Tier, UnknownTier};
use crate::analysis::policy::risk_condition;
use crate::model::{InputKind, PolicyState};

pub struct Lic001;

static META: RuleMeta = RuleMeta {
    code: "LIC001",
    name: "policy-needs-licence",
    severity: Severity::Error,
    summary: "An enabled Conditional Access policy needs a plan the tenant does not have.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/LIC001.md"),
};

impl Rule for Lic001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(policies) = &cx.tenant.ca_policies else {
            return Outcome::not_evaluated(InputKind::ConditionalAccess.missing());
        };
        let enabled: Vec<_> = policies.iter().filter(|p| p.is_enforced()).collect();
        // A state no one knows may be `enabled`: such a policy may need a licence the tenant
        // lacks (any policy without P1, one with risk conditions without P2).
        let tier = tier(cx.tenant);
        let unknown_state: Vec<String> = policies
            .iter()
            .filter(|p| matches!(p.state.value, PolicyState::Unknown(_)))
            .filter(|p| match tier {
                Some(Tier::P2) => false,
                Some(Tier::P1) => risk_condition(p).is_some(),
                _ => true,
            })
            .map(|p| format!("{} is {}", p.label(), p.state.value.describe()))
            .collect();
        let undecided = (!unknown_state.is_empty()).then(|| {
            format!(
                "whether {} needs a licence cannot be told: {}",
                if unknown_state.len() == 1 {
                    "this policy"
                } else {
                    "these policies"
                },
                join_and(&unknown_state)
            )
        });
        let Some(tier) = tier else {
            return match (enabled.is_empty(), undecided) {
                (true, None) => Outcome::pass("no policy is enabled, so none needs a licence"),
                (true, Some(undecided)) => Outcome::not_evaluated(undecided),
                (false, _) => Outcome::not_evaluated(format!(
                    "{}: whether the enabled policies can take effect is unknown",
                    UnknownTier::of(cx.tenant).reason()
                )),
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
        match (findings.is_empty(), undecided) {
            (false, undecided) => Outcome::fail(findings, undecided),
            (true, Some(undecided)) => Outcome::not_evaluated(undecided),
            (true, None) => Outcome::pass(format!(
                "every enabled policy can take effect with {}",
                tier.describe()
            )),
        }
    }
}
