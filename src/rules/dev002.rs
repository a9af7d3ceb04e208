//! DEV002 security-info-registration-from-unmanaged-devices: "Require a managed device to register security information" (CISA MS.AAD.3.8).
//!
//! Needs: Conditional Access policies, licences. Counted like every coverage rule: enforced,
//! applying to everyone, not narrowed, no alternative in the grant.

use super::{coverage_outcome, Asked, Context, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::baseline::managed_device_to_register;
use crate::model::InputKind;

pub struct Dev002;

static META: RuleMeta = RuleMeta {
    code: "DEV002",
    name: "security-info-registration-from-unmanaged-devices",
    severity: Severity::Warning,
    summary: "No enforced policy requires a managed device to register security information.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/DEV002.md"),
};

impl Rule for Dev002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let coverage = managed_device_to_register(&cx.people);
        coverage_outcome(
            cx,
            &coverage,
            "a managed device is required for all users to register security information",
            &Asked {
                not: "users can register security information from unmanaged devices",
                nothing: "no enforced Conditional Access policy for all users asks for it",
                partly: "enforced policies do it",
                fix: "enforce a policy for All users on the user action \"Register security information\" (urn:user:registersecurityinfo) that requires a compliant or hybrid-joined device",
            },
        )
    }
}
