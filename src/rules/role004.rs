//! ROLE004 global-admin-activation-without-approval: activating Global Administrator must be approved by someone else (CISA
//! MS.AAD.7.6).
//!
//! Needs: PIM role settings, licences. One finding per settings rule that falls short (the
//! role's own, and those of PIM groups that hold the role).

use super::{pim_settings_outcome, Context, Outcome, PimCheck, Rule, RuleMeta, Severity};
use crate::analysis::pim::{approval_not_required, Roles};
use crate::model::InputKind;

pub struct Role004;

static META: RuleMeta = RuleMeta {
    code: "ROLE004",
    name: "global-admin-activation-without-approval",
    severity: Severity::Error,
    summary: "Activating Global Administrator does not require approval.",
    needs: &[InputKind::RoleSettings, InputKind::Licences],
    page: include_str!("../../rules/ROLE004.md"),
};

impl Rule for Role004 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        pim_settings_outcome(
            cx,
            PimCheck {
                roles: Roles::GlobalAdministrator,
                rule_ids: &["Approval_EndUser_Assignment"],
                falls_short: approval_not_required,
                shortfall: "activation does not require approval",
                fix: "in PIM, open the role's settings and turn on \"Require approval to activate\" with at least one approver",
                met: "activating Global Administrator requires approval",
            },
        )
    }
}
