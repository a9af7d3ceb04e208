//! GUEST001 guest-access-not-restricted: guests must get limited or restricted access to
//! directory objects, never a member's (CISA MS.AAD.8.1).
//!
//! Needs: the authorization policy (`guestUserRoleId`).

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::model::InputKind;

pub struct Guest001;

static META: RuleMeta = RuleMeta {
    code: "GUEST001",
    name: "guest-access-not-restricted",
    severity: Severity::Warning,
    summary: "Guests have the same access to directory objects as members.",
    needs: &[InputKind::AuthorizationPolicy],
    page: include_str!("../../rules/GUEST001.md"),
};

const RESTRICTED: &str = "2af84b1e-32c8-42b7-82bc-daa82404023b";
const LIMITED: &str = "10dae51f-b6af-4016-8d66-8c2a99b929b3";
const MEMBER: &str = "a0b1b346-4d3e-4e8b-98f8-753987be4970";

impl Rule for Guest001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(policy) = &cx.tenant.settings.authorization else {
            return Outcome::not_evaluated(InputKind::AuthorizationPolicy.missing());
        };
        let Some(role) = &policy.guest_user_role_id else {
            return Outcome::not_evaluated(
                "the authorization policy in the input does not write guestUserRoleId",
            );
        };
        let level = role.value.to_ascii_lowercase();
        if level == RESTRICTED {
            return Outcome::pass("guests have restricted access (the most restrictive level)");
        }
        if level == LIMITED {
            return Outcome::pass("guests have limited access to directory objects");
        }
        let what = if level == MEMBER {
            "the same access as members"
        } else {
            "a guest role tenantlint does not know"
        };
        Outcome::fail(
            vec![Finding::new(
                cx.tenant.subject(),
                role.origin.clone(),
                Message::advised(
                    format!(
                        "guests have {what} (guestUserRoleId {}): they can list users, groups and their members",
                        role.value
                    ),
                    "set \"Guest user access\" to \"Guest user access is restricted to properties and memberships of \
                     their own directory objects\" (External Identities > External collaboration settings)",
                ),
            )],
            None,
        )
    }
}
