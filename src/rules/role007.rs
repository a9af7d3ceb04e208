//! ROLE007 privileged-activation-alert-missing: activating the other highly privileged roles should alert a monitored
//! mailbox (CISA MS.AAD.7.9).
//!
//! Needs: PIM role settings, licences. One finding per settings rule that falls short (the
//! role's own, and those of PIM groups that hold the role).

use super::{pim_settings_outcome, Context, Outcome, PimCheck, Rule, RuleMeta, Severity};
use crate::analysis::pim::{alerts_no_one_extra, Roles};
use crate::model::InputKind;

pub struct Role007;

static META: RuleMeta = RuleMeta {
    code: "ROLE007",
    name: "privileged-activation-alert-missing",
    severity: Severity::Warning,
    summary: "Activating a highly privileged role other than Global Administrator alerts no one beyond the default recipients.",
    needs: &[InputKind::RoleSettings, InputKind::Licences],
    page: include_str!("../../rules/ROLE007.md"),
};

impl Rule for Role007 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        pim_settings_outcome(
            cx,
            PimCheck {
                roles: Roles::OtherThanGlobalAdministrator,
                rule_ids: &["Notification_Admin_EndUser_Assignment"],
                falls_short: alerts_no_one_extra,
                shortfall: "activation sends no alert to an additional recipient",
                fix: "in PIM, open the role's settings and add a monitored security mailbox to \"Send notifications when eligible members activate this role\"",
                met: "activating each highly privileged role alerts an additional recipient",
            },
        )
    }
}
