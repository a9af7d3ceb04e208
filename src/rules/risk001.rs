//! RISK001 sign-in-risk-not-enforced: with Entra ID P2, medium and high sign-in risk must be
//! answered with MFA or a block, for all users and all apps.
//!
//! Needs: Conditional Access policies, licences. An "MFA always" policy does not satisfy it: a
//! sign-in that already holds an MFA claim is not challenged again.

use super::{
    requires_p2, risk_finding, summarise_gaps, Context, Outcome, Rule, RuleMeta, Severity,
};
use crate::analysis::audience::{applies, Applies, Target};
use crate::analysis::guidance::sign_in_risk;
use crate::analysis::policy::{requirement, Requirement};
use crate::model::{CaPolicy, ClientAppType, InputKind, Located};

pub struct Risk001;

static META: RuleMeta = RuleMeta {
    code: "RISK001",
    name: "sign-in-risk-not-enforced",
    severity: Severity::Warning,
    summary: "With Entra ID P2, medium and high sign-in risk is not answered with MFA or a block for all users.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/RISK001.md"),
};

impl Rule for Risk001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if let Err(outcome) = requires_p2(cx.tenant) {
            return outcome;
        }
        let levels = ["medium", "high"];
        let uncovered: Vec<(&str, _)> = levels
            .iter()
            .map(|level| (*level, sign_in_risk(&cx.people, level)))
            .filter(|(_, coverage)| !coverage.is_complete(&ClientAppType::EVERY))
            .collect();
        let Some((_, first)) = uncovered.first() else {
            return Outcome::pass(
                "medium and high sign-in risk are answered with MFA or a block for all users",
            );
        };
        let names: Vec<&str> = uncovered.iter().map(|(level, _)| *level).collect();
        // A policy that answers other levels only comes closest: the levels to add are its fix.
        let other_levels = other_levels_only(cx, &names);
        let why = summarise_gaps(&first.gaps).unwrap_or_else(|| match &other_levels {
            Some((policy, levels)) => format!(
                "policy {} answers sign-in risk {} only; add {} to its sign-in risk levels",
                policy.label(),
                levels.value.join(" and "),
                names.join(" and ")
            ),
            None => "no enforced policy is conditioned on sign-in risk".into(),
        });
        let message = format!(
            "the tenant has Entra ID P2, but {} sign-in risk is not answered with MFA or a block for all users: {why}; \
             enforce a policy for All users and All resources with sign-in risk medium and high that requires MFA \
             (template \"Require multifactor authentication for risky sign-ins\")",
            names.join(" and ")
        );
        let gaps: Vec<_> = uncovered
            .iter()
            .flat_map(|(_, c)| c.gaps.iter().cloned())
            .collect();
        let closest = other_levels.map(|(_, levels)| levels.origin.clone());
        let Some(finding) = risk_finding(cx.tenant, &gaps, closest, message) else {
            return Outcome::not_evaluated(
                "nothing in the input shows where sign-in risk is handled",
            );
        };
        Outcome::fail(vec![finding], None)
    }
}

/// An enforced policy for all users that blocks or requires MFA at some sign-in risk levels but
/// none of `missing`, with its levels.
fn other_levels_only<'t>(
    cx: &Context<'t>,
    missing: &[&str],
) -> Option<(&'t CaPolicy, &'t Located<Vec<String>>)> {
    cx.tenant.policies().iter().find_map(|policy| {
        let levels = policy.conditions.sign_in_risk_levels.as_ref()?;
        let answers = matches!(requirement(policy), Requirement::Block | Requirement::Mfa);
        let for_everyone = matches!(applies(policy, &cx.people, &Target::AllUsers), Applies::Yes);
        let none_missing = !levels
            .value
            .iter()
            .any(|l| missing.iter().any(|m| m.eq_ignore_ascii_case(l)));
        (policy.is_enforced() && answers && for_everyone && none_missing)
            .then_some((policy, levels))
    })
}
