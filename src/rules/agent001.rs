//! AGENT001 risky-agents-not-blocked: agent identities (AI agents) at high risk must be blocked
//! on all resources (CISA MS.AAD.9.1).
//!
//! Needs: Conditional Access policies, licences (ID Protection for agents needs Entra ID P2).
//! A policy counts when it is enforced, targets all agent identities and excludes none, applies
//! at agent risk `high`, blocks, and is not narrowed (see `analysis::baseline`).

use super::{p2_gate, tenant_anchor, Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::baseline::risky_agents_blocked;
use crate::model::InputKind;

pub struct Agent001;

static META: RuleMeta = RuleMeta {
    code: "AGENT001",
    name: "risky-agents-not-blocked",
    severity: Severity::Warning,
    summary: "No enforced policy blocks agent identities at high risk on all resources.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/AGENT001.md"),
};

impl Rule for Agent001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if let Err(outcome) = p2_gate(cx.tenant, "ID Protection for agents") {
            return outcome;
        }
        let tenant = cx.tenant;
        if !super::ca_enforcement_known(tenant) {
            return Outcome::not_evaluated(InputKind::ConditionalAccess.missing());
        }
        let block = risky_agents_blocked(tenant);
        if let Some(policy) = block.by {
            return Outcome::pass(format!(
                "policy {} blocks agent identities at high risk",
                policy.label()
            ));
        }
        if let Some(unknown) = block.unknown {
            return Outcome::not_evaluated(unknown);
        }
        let primary = block
            .gaps
            .first()
            .map(|g| g.origin.clone())
            .or_else(|| tenant_anchor(tenant))
            .or_else(|| tenant.policies().first().map(|p| p.origin.clone()));
        let Some(primary) = primary else {
            return Outcome::not_evaluated(
                "no policy blocks risky agents, and the input has nothing to point a finding at",
            );
        };
        let why = match block.gaps.first() {
            Some(gap) => format!(
                "policy {} is for high agent risk, but {}",
                gap.policy.label(),
                gap.why
            ),
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
        for gap in block.gaps.iter().skip(1) {
            finding = finding.related(gap.origin.clone(), format!("{}: {}", gap.policy.label(), gap.why));
        }
        Outcome::fail(vec![finding], None)
    }
}
