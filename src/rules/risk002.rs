//! RISK002 user-risk-not-enforced: with Entra ID P2, high user risk must be answered with a
//! password change together with MFA (operator AND), risk remediation, or a block.
//!
//! Needs: Conditional Access policies, licences.

use super::{
    requires_p2, risk_finding, summarise_gaps, Context, Outcome, Rule, RuleMeta, Severity,
};
use crate::analysis::guidance::user_risk_high;
use crate::model::{ClientAppType, InputKind};

pub struct Risk002;

static META: RuleMeta = RuleMeta {
    code: "RISK002",
    name: "user-risk-not-enforced",
    severity: Severity::Warning,
    summary: "With Entra ID P2, high user risk is not answered with a password change and MFA, or a block.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/RISK002.md"),
};

impl Rule for Risk002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if let Err(outcome) = requires_p2(cx.tenant) {
            return outcome;
        }
        let coverage = user_risk_high(&cx.people);
        if coverage.is_complete(&ClientAppType::EVERY) {
            let by: Vec<String> = coverage.by.iter().map(|p| p.label()).collect();
            return Outcome::pass(format!(
                "high user risk is answered by {}",
                super::join_and(&by)
            ));
        }
        let why = summarise_gaps(&coverage.gaps)
            .unwrap_or_else(|| "no enforced policy is conditioned on user risk".into());
        let message = format!(
            "the tenant has Entra ID P2, but high user risk is not answered with a password change and MFA, or a \
             block, for all users: {why}; enforce a policy for All users and All resources with user risk high that \
             requires a password change and MFA (template \"Require password change for high-risk users\")"
        );
        let Some(finding) = risk_finding(cx.tenant, &coverage.gaps, None, message) else {
            return Outcome::not_evaluated("nothing in the input shows where user risk is handled");
        };
        Outcome::fail(vec![finding], None)
    }
}
