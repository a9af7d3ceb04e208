//! DEV001 managed-device-not-required: "Require a managed device" (CISA MS.AAD.3.7).
//!
//! Needs: Conditional Access policies, licences. Counted like every coverage rule: enforced,
//! applying to everyone, not narrowed, no alternative in the grant.

use super::{coverage_outcome, Asked, Context, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::baseline::managed_device_for_all_users;
use crate::model::InputKind;

pub struct Dev001;

static META: RuleMeta = RuleMeta {
    code: "DEV001",
    name: "managed-device-not-required",
    severity: Severity::Warning,
    summary: "No enforced, unnarrowed policy requires a compliant or hybrid-joined device for all users on all apps.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/DEV001.md"),
};

impl Rule for Dev001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let coverage = managed_device_for_all_users(&cx.people);
        coverage_outcome(
            cx,
            &coverage,
            "a compliant or hybrid-joined device is required for all users on all apps",
            &Asked {
                not: "a managed (compliant or hybrid-joined) device is not required for all users on all apps",
                nothing: "no enforced Conditional Access policy for all users asks for it",
                partly: "enforced policies do it",
                fix: "enforce a policy for All users and All resources that requires a compliant device or a Microsoft Entra hybrid joined device (grant controls compliantDevice and domainJoinedDevice with OR)",
            },
        )
    }
}
