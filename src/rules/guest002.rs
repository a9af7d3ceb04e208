//! GUEST002 guest-invitations-not-limited: only administrators and holders of the Guest
//! Inviter role may invite guests (CISA MS.AAD.8.2).
//!
//! Needs: the authorization policy (`allowInvitesFrom`). `none`, where no one may invite, is
//! stricter than the baseline asks and passes.

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::model::InputKind;

pub struct Guest002;

static META: RuleMeta = RuleMeta {
    code: "GUEST002",
    name: "guest-invitations-not-limited",
    severity: Severity::Warning,
    summary: "Users who are not administrators or Guest Inviters can invite guests.",
    needs: &[InputKind::AuthorizationPolicy],
    page: include_str!("../../rules/GUEST002.md"),
};

impl Rule for Guest002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(policy) = &cx.tenant.settings.authorization else {
            return Outcome::not_evaluated(InputKind::AuthorizationPolicy.missing());
        };
        let Some(from) = &policy.allow_invites_from else {
            return Outcome::not_evaluated(
                "the authorization policy in the input does not write allowInvitesFrom",
            );
        };
        let who = match from.value.to_ascii_lowercase().as_str() {
            "adminsandguestinviters" => {
                return Outcome::pass("only administrators and Guest Inviters can invite guests")
            }
            "none" => return Outcome::pass("no one can invite guests"),
            "adminsguestinvitersandallmembers" => "every member user",
            "everyone" => "everyone (guests included)",
            _ => "users the setting names in a way tenantlint does not know",
        };
        Outcome::fail(
            vec![Finding::new(
                cx.tenant.subject(),
                from.origin.clone(),
                Message::advised(
                    format!(
                        "{who} can invite guests (allowInvitesFrom: {}): outsiders join without review",
                        from.value
                    ),
                    "set \"Guest invite settings\" to \"Only users assigned to specific admin roles can invite guest \
                     users\" and give the Guest Inviter role to those who invite (External Identities > External \
                     collaboration settings)",
                ),
            )],
            None,
        )
    }
}
