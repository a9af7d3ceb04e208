//! RISK004 high-risk-sign-ins-not-blocked: "Block high-risk sign-ins" (CISA MS.AAD.2.3).
//!
//! Needs: Conditional Access policies, licences. Counted like every coverage rule: enforced,
//! applying to everyone, not narrowed, no alternative in the grant.

use super::{coverage_outcome, Asked, Context, Outcome, Rule, RuleMeta, Severity, p2_gate};
use crate::analysis::baseline::high_risk_blocked;
use crate::model::InputKind;

pub struct Risk004;

static META: RuleMeta = RuleMeta {
    code: "RISK004",
    name: "high-risk-sign-ins-not-blocked",
    severity: Severity::Warning,
    summary: "With Entra ID P2, no enforced policy blocks sign-ins at high sign-in risk on all apps.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/RISK004.md"),
};

impl Rule for Risk004 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if let Err(outcome) = p2_gate(cx.tenant, "sign-in risk policies") {
            return outcome;
        }
        let coverage = high_risk_blocked(&cx.people, false);
        coverage_outcome(
            cx,
            &coverage,
            "sign-ins at high sign-in risk are blocked on all apps",
            &Asked {
                not: "sign-ins at high sign-in risk are not blocked on all apps",
                nothing: "no enforced Conditional Access policy for all users asks for it",
                partly: "enforced policies do it",
                fix: "enforce a policy for All users and All resources with sign-in risk \"High\" that blocks access",
            },
        )
    }
}
