//! ROLE006 global-admin-activation-alert-missing: activating Global Administrator must alert a monitored mailbox (CISA
//! MS.AAD.7.8).
//!
//! Needs: PIM role settings, licences. One finding per settings rule that falls short (the
//! role's own, and those of PIM groups that hold the role).

use super::{pim_settings_outcome, Context, Outcome, PimCheck, Rule, RuleMeta, Severity};
use crate::analysis::pim::{alerts_no_one_extra, Roles};
use crate::model::InputKind;

pub struct Role006;

static META: RuleMeta = RuleMeta {
    code: "ROLE006",
    name: "global-admin-activation-alert-missing",
    severity: Severity::Warning,
    summary: "Activating Global Administrator alerts no one beyond the default recipients.",
    needs: &[InputKind::RoleSettings, InputKind::Licences],
    page: include_str!("../../rules/ROLE006.md"),
};

impl Rule for Role006 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        pim_settings_outcome(
            cx,
            PimCheck {
                roles: Roles::GlobalAdministrator,
                rule_ids: &["Notification_Admin_EndUser_Assignment"],
                falls_short: alerts_no_one_extra,
                shortfall: "activation sends no alert to an additional recipient",
                fix: "in PIM, open the role's settings and add a monitored security mailbox to \"Send notifications when eligible members activate this role\" (Role activation alert)",
                met: "activating Global Administrator alerts an additional recipient",
            },
        )
    }
}
