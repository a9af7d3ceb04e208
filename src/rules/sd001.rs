//! SD001 security-defaults-conflict: security defaults and enabled Conditional Access at once.
//!
//! Needs: security defaults, Conditional Access policies.
//! Fails when `isEnabled` is true and at least one policy's `state` is `enabled`.

use super::{Context, Finding, Outcome, Rule, RuleMeta, Severity};
use crate::model::{InputKind, PolicyState};

pub struct Sd001;

static META: RuleMeta = RuleMeta {
    code: "SD001",
    name: "security-defaults-conflict",
    severity: Severity::Error,
    summary: "Security defaults are enabled while Conditional Access policies are enabled.",
    needs: &[InputKind::SecurityDefaults, InputKind::ConditionalAccess],
    page: include_str!("../../rules/SD001.md"),
};

impl Rule for Sd001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let tenant = cx.tenant;
        let Some(sd) = &tenant.security_defaults else {
            return Outcome::not_evaluated("no security defaults policy in the input");
        };
        if !sd.is_enabled.value {
            return Outcome::pass("security defaults are off");
        }
        let Some(policies) = &tenant.ca_policies else {
            return Outcome::not_evaluated(format!(
                "security defaults are on, and {}",
                InputKind::ConditionalAccess.missing()
            ));
        };
        let enabled: Vec<_> = policies.iter().filter(|p| p.is_enforced()).collect();
        // A state this version does not know might be enabled: say so rather than pass.
        if let (true, Some(unknown)) = (
            enabled.is_empty(),
            policies
                .iter()
                .find(|p| matches!(p.state.value, PolicyState::Unknown(_))),
        ) {
            return Outcome::not_evaluated(format!(
                "security defaults are on, and policy {} is {}; whether it is enabled cannot be told",
                unknown.label(),
                unknown.state.value.describe()
            ));
        }
        if enabled.is_empty() {
            return Outcome::pass(
                "security defaults are on and no Conditional Access policy is enabled",
            );
        }
        let message = format!(
            "security defaults are enabled while {} Conditional Access {} enabled ({}); the two exclude \
             each other: once the Conditional Access policies cover MFA and legacy authentication, turn \
             security defaults off (Entra ID > Overview > Properties > Manage security defaults)",
            enabled.len(),
            if enabled.len() == 1 { "policy is" } else { "policies are" },
            enabled.iter().map(|p| p.label()).collect::<Vec<_>>().join(", "),
        );
        let finding = enabled.iter().fold(
            Finding::new(tenant.subject(), sd.is_enabled.origin.clone(), message),
            |finding, policy| {
                finding.related(
                    policy.state.origin.clone(),
                    format!("policy {} is enabled", policy.label()),
                )
            },
        );
        Outcome::fail(vec![finding], None)
    }
}
