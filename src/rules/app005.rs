//! APP005 app-password-lifetime-too-long: where client secrets are allowed, their lifetime must be at most 180 days
//! (CISA MS.AAD.5.6; the portal value 181, as Entra compares with less-than).
//!
//! Needs: application management policies (the tenant default). One finding per reason the
//! restriction does not hold for every application and service principal.

use super::{app_restriction_outcome, Context, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::apps::{default_policy, password_addition_blocked, Credential, Restriction};
use crate::model::InputKind;

pub struct App005;

static META: RuleMeta = RuleMeta {
    code: "APP005",
    name: "app-password-lifetime-too-long",
    severity: Severity::Warning,
    summary: "Client secrets may live longer than 180 days.",
    needs: &[InputKind::AppManagement],
    page: include_str!("../../rules/APP005.md"),
};

impl Rule for App005 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        // Where no password can be added, its lifetime does not matter.
        if default_policy(cx.tenant).is_ok_and(password_addition_blocked) {
            return Outcome::pass(
                "not applicable: the tenant default policy blocks adding passwords to every application",
            );
        }
        app_restriction_outcome(
            cx,
            Restriction {
                credential: Credential::Password,
                kind: "passwordLifetime",
                what: "password lifetime limit",
                max_days: Some(181.0),
            },
            "in the tenant default application management policy, restrict the maximum password lifetime to 180 days (the portal value 181: Entra compares with less-than) for applications and service principals",
            "client secrets are limited to 180 days for every application and service principal",
        )
    }
}
