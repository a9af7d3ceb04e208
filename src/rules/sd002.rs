//! SD002 no-mfa-enforcement: none of the three ways to require MFA is in use.
//!
//! Needs: security defaults, Conditional Access policies (licences, when present).
//! Passes when security defaults are on, or an enforced policy names MFA (`mfa` or an
//! authentication strength, any operator or narrowing) and applies to anyone.

use super::{
    note_defaults, security_defaults_anchor, security_defaults_off, Context, Finding, Outcome,
    Rule, RuleMeta, Severity,
};
use crate::analysis::guidance::{mfa_named_for_anyone, MfaNamed};
use crate::analysis::licences::{effect, tier, Effect, Tier};
use crate::model::InputKind;

pub struct Sd002;

static META: RuleMeta = RuleMeta {
    code: "SD002",
    name: "no-mfa-enforcement",
    severity: Severity::Error,
    summary: "Nothing requires MFA: security defaults are off and no enforced policy requires it.",
    needs: &[
        InputKind::SecurityDefaults,
        InputKind::ConditionalAccess,
        InputKind::Licences,
    ],
    page: include_str!("../../rules/SD002.md"),
};

impl Rule for Sd002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let tenant = cx.tenant;
        let defaults =
            match security_defaults_off(tenant, "security defaults are enabled and require MFA") {
                Ok(defaults) => defaults,
                Err(outcome) => return outcome,
            };
        let MfaNamed {
            enforced,
            candidates,
        } = mfa_named_for_anyone(tenant);
        if let Some(policy) = enforced {
            return Outcome::pass(format!("policy {} requires MFA", policy.label()));
        }
        let tier = tier(tenant);
        let Some(primary) = candidates
            .first()
            .map(|p| p.state.origin.clone())
            .or_else(|| security_defaults_anchor(&defaults))
        else {
            return Outcome::not_evaluated("nothing in the input shows how MFA is handled");
        };
        let fix = match tier {
            Some(Tier::Free) => {
                "the plan has no Entra ID P1, so turn on security defaults (Entra ID > Overview > Properties > \
                 Manage security defaults)"
            }
            Some(_) => "enforce \"Require multifactor authentication for all users\" and \"... for admins\"",
            None => {
                "without Entra ID P1 turn on security defaults (Entra ID > Overview > Properties > Manage security \
                 defaults); with P1 enforce \"Require multifactor authentication for all users\" and \"... for admins\""
            }
        };
        let message = format!(
            "nothing requires MFA: security defaults are off and no enforced Conditional Access policy requires MFA \
             for anyone; {fix}"
        );
        let mut finding = Finding::new(tenant.subject(), primary, message);
        for policy in &candidates {
            let why = match effect(policy, tier) {
                Effect::Unlicensed => {
                    "is enabled, but the licences include no Entra ID P1 plan".to_string()
                }
                _ => format!("is {}", policy.state.value.describe()),
            };
            finding = finding.related(
                policy.state.origin.clone(),
                format!("policy {} names MFA but {why}", policy.label()),
            );
        }
        if let (Some(anchor), false) = (security_defaults_anchor(&defaults), candidates.is_empty())
        {
            finding = finding.related(anchor, "security defaults are off");
        }
        Outcome::fail(vec![note_defaults(finding, &defaults)], None)
    }
}
