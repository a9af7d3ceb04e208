//! AGENT001 risky-agents-not-blocked: agent identities (AI agents) at high risk must be blocked
//! on all resources (CISA MS.AAD.9.1).
//!
//! Needs: Conditional Access policies, licences (ID Protection for agents needs Entra ID P2).
//! A policy counts when it is enabled, targets all agent identities on all resources, applies at
//! agent risk `high`, blocks, and leaves no resource out.

use super::{p2_gate, tenant_anchor, Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::model::{CaPolicy, GrantControl, InputKind, ALL};

pub struct Agent001;

static META: RuleMeta = RuleMeta {
    code: "AGENT001",
    name: "risky-agents-not-blocked",
    severity: Severity::Warning,
    summary: "No enforced policy blocks agent identities at high risk on all resources.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/AGENT001.md"),
};

/// Why a policy aimed at risky agents does not block all of them everywhere; `None` when it does.
fn shortfall(policy: &CaPolicy) -> Option<String> {
    let c = &policy.conditions;
    if !policy.is_enforced() {
        return Some(format!("it is {}", policy.state.value.describe()));
    }
    if !c.include_agents.iter().any(|a| a.value.eq_ignore_ascii_case(ALL)) {
        return Some("it does not target all agent identities".into());
    }
    if !c.applications.include.iter().any(|a| a.value.eq_ignore_ascii_case(ALL))
        || !c.applications.exclude.is_empty()
    {
        return Some("it does not apply to all resources".into());
    }
    let blocks = policy
        .grant
        .as_ref()
        .is_some_and(|g| g.built_in.iter().any(|b| b.value == GrantControl::Block));
    if !blocks {
        return Some("it does not block".into());
    }
    None
}

impl Rule for Agent001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if let Err(outcome) = p2_gate(cx.tenant, "ID Protection for agents") {
            return outcome;
        }
        let tenant = cx.tenant;
        if tenant.ca_policies.is_none() {
            return Outcome::not_evaluated("the input has no Conditional Access policies");
        }
        let aimed: Vec<&CaPolicy> = tenant
            .policies()
            .iter()
            .filter(|p| {
                p.conditions
                    .agent_risk_levels
                    .as_ref()
                    .is_some_and(|l| l.value.iter().any(|v| v.eq_ignore_ascii_case("high")))
            })
            .collect();
        let mut short = Vec::new();
        for policy in &aimed {
            match shortfall(policy) {
                None => {
                    return Outcome::pass(format!(
                        "policy {} blocks agent identities at high risk",
                        policy.label()
                    ))
                }
                Some(why) => short.push((policy, why)),
            }
        }
        let primary = short
            .first()
            .and_then(|(p, _)| p.conditions.agent_risk_levels.as_ref().map(|l| l.origin.clone()))
            .or_else(|| tenant_anchor(tenant))
            .or_else(|| tenant.policies().first().map(|p| p.origin.clone()));
        let Some(primary) = primary else {
            return Outcome::not_evaluated(
                "no policy blocks risky agents, and the input has nothing to point a finding at",
            );
        };
        let why = match short.first() {
            Some((policy, why)) => format!("policy {} is for high agent risk, but {why}", policy.label()),
            None => "no policy applies at agent risk high".to_string(),
        };
        let mut finding = Finding::new(
            tenant.subject(),
            primary,
            Message::advised(
                format!("agent identities at high risk are not blocked: {why}"),
                "enforce a policy for All agent identities and All resources, with agent risk High, that blocks \
                 access",
            ),
        );
        for (policy, why) in short.iter().skip(1) {
            finding = finding.related(policy.state.origin.clone(), format!("{}: {why}", policy.label()));
        }
        Outcome::fail(vec![finding], None)
    }
}
