//! ROLE005 privileged-assignment-alert-missing: assigning a highly privileged role, active or eligible, must alert a
//! monitored mailbox (CISA MS.AAD.7.7).
//!
//! Needs: PIM role settings, licences. One finding per settings rule that falls short (the
//! role's own, and those of PIM groups that hold the role).

use super::{pim_settings_outcome, Context, Outcome, PimCheck, Rule, RuleMeta, Severity};
use crate::analysis::pim::{alerts_no_one_extra, Roles};
use crate::model::InputKind;

pub struct Role005;

static META: RuleMeta = RuleMeta {
    code: "ROLE005",
    name: "privileged-assignment-alert-missing",
    severity: Severity::Warning,
    summary: "Assigning a highly privileged role, active or eligible, alerts no one beyond the default recipients.",
    needs: &[InputKind::RoleSettings, InputKind::Licences],
    page: include_str!("../../rules/ROLE005.md"),
};

impl Rule for Role005 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        pim_settings_outcome(
            cx,
            PimCheck {
                roles: Roles::All,
                rule_ids: &["Notification_Admin_Admin_Assignment", "Notification_Admin_Admin_Eligibility"],
                falls_short: alerts_no_one_extra,
                shortfall: "assignments send no alert to an additional recipient",
                fix: "in PIM, open the role's settings and add a monitored security mailbox to \"Send notifications when members are assigned as eligible / active\" (Role assignment alert)",
                met: "assignments of every highly privileged role alert an additional recipient",
            },
        )
    }
}
