//! RISK003 high-risk-users-not-blocked: "Block high-risk users" (CISA MS.AAD.2.1).
//!
//! Needs: Conditional Access policies, licences. Counted like every coverage rule: enforced,
//! applying to everyone, not narrowed, no alternative in the grant.

use super::{coverage_outcome, Asked, Context, Outcome, Rule, RuleMeta, Severity, p2_gate};
use crate::analysis::baseline::high_risk_blocked;
use crate::model::InputKind;

pub struct Risk003;

static META: RuleMeta = RuleMeta {
    code: "RISK003",
    name: "high-risk-users-not-blocked",
    severity: Severity::Warning,
    summary: "With Entra ID P2, no enforced policy blocks users at high user risk on all apps.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/RISK003.md"),
};

impl Rule for Risk003 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if let Err(outcome) = p2_gate(cx.tenant, "user risk policies") {
            return outcome;
        }
        let coverage = high_risk_blocked(&cx.people, true);
        coverage_outcome(
            cx,
            &coverage,
            "users at high user risk are blocked on all apps",
            &Asked {
                not: "users at high user risk are not blocked on all apps",
                nothing: "no enforced Conditional Access policy for all users asks for it",
                partly: "enforced policies do it",
                fix: "enforce a policy for All users and All resources with user risk \"High\" that blocks access",
            },
        )
    }
}
