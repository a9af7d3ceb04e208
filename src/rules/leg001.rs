//! LEG001 legacy-auth-not-blocked: legacy authentication must be blocked for everyone.
//!
//! Needs: security defaults, Conditional Access policies.
//! Passes when security defaults are on, or when enforced policies for all users and all apps
//! block both `exchangeActiveSync` and `other` (one policy or several).

use super::{join_and, Context, Finding, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::coverage::block_coverage;
use crate::analysis::policy::names;
use crate::analysis::SecurityDefaultsState;
use crate::model::{ClientAppType, InputKind};

pub struct Leg001;

static META: RuleMeta = RuleMeta {
    code: "LEG001",
    name: "legacy-auth-not-blocked",
    severity: Severity::Error,
    summary: "Legacy authentication is not blocked for all users on all apps.",
    needs: &[InputKind::SecurityDefaults, InputKind::ConditionalAccess],
};

impl Rule for Leg001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let tenant = cx.tenant;
        let defaults = SecurityDefaultsState::of(tenant);
        if defaults.is_enabled() {
            return Outcome::pass(
                "security defaults are enabled, and they block legacy authentication",
            );
        }
        if tenant.ca_policies.is_none() {
            return Outcome::not_evaluated(match defaults {
                SecurityDefaultsState::Disabled(_) => "security defaults are off, and the input has no Conditional Access policies",
                _ => "the input has neither the security defaults policy nor Conditional Access policies",
            });
        }
        if !defaults.is_off() {
            return Outcome::not_evaluated(
                "no security defaults policy in the input, and no enabled Conditional Access policy proves them off",
            );
        }
        let coverage = block_coverage(&cx.people, &ClientAppType::LEGACY);
        let missing: Vec<ClientAppType> = ClientAppType::LEGACY
            .into_iter()
            .filter(|t| !coverage.blocked.contains(t))
            .collect();
        if missing.is_empty() {
            return Outcome::pass(format!(
                "legacy authentication is blocked by {}",
                join_and(
                    &coverage
                        .blocking
                        .iter()
                        .map(|p| p.label())
                        .collect::<Vec<_>>()
                )
            ));
        }
        let partial_block = coverage.blocking.iter().find_map(|p| {
            p.conditions
                .client_app_types
                .as_ref()
                .map(|t| (p, t.origin.clone()))
        });
        let primary = coverage
            .gaps
            .first()
            .map(|g| g.origin.clone())
            .or_else(|| partial_block.as_ref().map(|(_, origin)| origin.clone()))
            .or_else(|| match &defaults {
                SecurityDefaultsState::Disabled(flag) => Some(flag.origin.clone()),
                SecurityDefaultsState::InferredOff(policy) => Some(policy.state.origin.clone()),
                _ => None,
            })
            .expect("security defaults are off, so there is a document proving it");
        let missing_names = names(&missing.iter().copied().collect());
        let why = match coverage.gaps.first() {
            Some(gap) => format!(": {}", gap.message),
            None if coverage.blocked.is_empty() => {
                ": no enforced policy blocks legacy authentication".to_string()
            }
            None => match &partial_block {
                Some((policy, _)) => format!(
                    ": policy {} blocks only {}",
                    policy.label(),
                    names(&coverage.blocked)
                ),
                None => format!(": only {} is blocked", names(&coverage.blocked)),
            },
        };
        let message = format!(
            "legacy authentication ({missing_names}) is not blocked for all users on all apps{why}; \
             enforce a policy for All users and All resources with client apps Exchange ActiveSync and \
             Other clients and grant Block access (template \"Block legacy authentication\")"
        );
        let mut finding = Finding::new(tenant.subject(), primary, message);
        for gap in coverage.gaps.iter().skip(1) {
            finding = finding.related(gap.origin.clone(), gap.message.clone());
        }
        for policy in &coverage.blocking {
            finding = finding.related(
                policy.state.origin.clone(),
                format!(
                    "policy {} blocks {}",
                    policy.label(),
                    names(&crate::analysis::policy::client_app_types(policy))
                ),
            );
        }
        if let SecurityDefaultsState::Disabled(flag) = &defaults {
            if !coverage.gaps.is_empty() {
                finding = finding.related(flag.origin.clone(), "security defaults are off");
            }
        }
        Outcome::fail(vec![finding], None)
    }
}
