//! DEV003 device-code-flow-not-blocked: "Block device code flow" (CISA MS.AAD.3.9).
//!
//! Needs: Conditional Access policies, licences. Counted like every coverage rule: enforced,
//! applying to everyone, not narrowed, no alternative in the grant.

use super::{coverage_outcome, Asked, Context, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::baseline::device_code_blocked;
use crate::model::InputKind;

pub struct Dev003;

static META: RuleMeta = RuleMeta {
    code: "DEV003",
    name: "device-code-flow-not-blocked",
    severity: Severity::Warning,
    summary: "No enforced policy blocks the device code flow for all users on all apps.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/DEV003.md"),
};

impl Rule for Dev003 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let coverage = device_code_blocked(&cx.people);
        coverage_outcome(
            cx,
            &coverage,
            "the device code flow is blocked for all users on all apps",
            &Asked {
                not: "the device code flow is not blocked for all users on all apps",
                nothing: "no enforced Conditional Access policy for all users asks for it",
                partly: "enforced policies do it",
                fix: "enforce a policy for All users and All resources with the authentication flows condition \"Device code flow\" that blocks access",
            },
        )
    }
}
