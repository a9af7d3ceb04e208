//! APP001 users-can-register-apps: only administrators may register applications (CISA
//! MS.AAD.5.1).
//!
//! Needs: the authorization policy (`defaultUserRolePermissions.allowedToCreateApps`).

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::model::InputKind;

pub struct App001;

static META: RuleMeta = RuleMeta {
    code: "APP001",
    name: "users-can-register-apps",
    severity: Severity::Error,
    summary: "Users who are not administrators can register applications.",
    needs: &[InputKind::AuthorizationPolicy],
    page: include_str!("../../rules/APP001.md"),
};

impl Rule for App001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(policy) = &cx.tenant.settings.authorization else {
            return Outcome::not_evaluated(InputKind::AuthorizationPolicy.missing());
        };
        let Some(allowed) = &policy.users_can_register_apps else {
            return Outcome::not_evaluated(
                "the authorization policy in the input does not write defaultUserRolePermissions.allowedToCreateApps",
            );
        };
        if !allowed.value {
            return Outcome::pass("only administrators can register applications");
        }
        Outcome::fail(
            vec![Finding::new(
                cx.tenant.subject(),
                allowed.origin.clone(),
                Message::advised(
                    "every user can register applications (allowedToCreateApps: true): a phished user can \
                     create an app that keeps access to their data"
                        .to_string(),
                    "set \"Users can register applications\" to No (Entra admin center > Users > User settings), \
                     and give the Application Developer role to those who need it",
                ),
            )],
            None,
        )
    }
}
