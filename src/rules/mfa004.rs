//! MFA004 user-not-registered-for-mfa: every member user must be registered for MFA.
//!
//! Needs: registration details (and role data and group members to leave admins to MFA001). One finding per member
//! user who is not an admin and has `isMfaRegistered: false`; guests are out of scope.

use super::{unset_flags, Context, FlagCheck, InScope, Outcome, Rule, RuleMeta, Severity};
use crate::model::ids::fold;
use crate::model::{InputKind, UserType};

pub struct Mfa004;

const ADVICE: &str = "make them register before an attacker does: an enforced policy that requires MFA \
                      prompts registration at their next sign-in, and a Temporary Access Pass lets them set \
                      up a passkey or Microsoft Authenticator";

static META: RuleMeta = RuleMeta {
    code: "MFA004",
    name: "user-not-registered-for-mfa",
    severity: Severity::Warning,
    summary: "A member user (not an admin) is not registered for MFA.",
    // Role data decides who is an admin, and so who is out of scope: unread role data could
    // make a member look like an admin (an isAdmin flag it would have explained).
    // The users export names users the registration details leave out.
    needs: &[
        InputKind::RegistrationDetails,
        InputKind::RoleData,
        InputKind::GroupMembership,
        InputKind::Users,
    ],
    page: include_str!("../../rules/MFA004.md"),
};

impl Rule for Mfa004 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(registrations) = &cx.tenant.registrations else {
            return Outcome::not_evaluated("no registration details in the input");
        };
        let admins = cx.admins();
        let admin_ids = admins.ids();
        // Entra Connect's service accounts cannot register: telling them to is no advice.
        let sync_accounts = cx.people.directory_sync_accounts();
        unset_flags(
            cx,
            registrations,
            |r| {
                if cx.people.registered_user_type(r) == UserType::Guest
                    || admins.contains(&admin_ids, r.user_id())
                    || sync_accounts.contains(fold(r.user_id()).as_ref())
                {
                    return InScope::Out;
                }
                r.mfa_registered
                    .as_ref()
                    .map_or(InScope::Unknown, InScope::In)
            },
            |u| {
                u.user_type != UserType::Guest
                    && !admins.contains(&admin_ids, &u.id)
                    && !sync_accounts.contains(fold(&u.id).as_ref())
            },
            FlagCheck {
                none_in_scope: "the registration details list no member user who is not an admin",
                says: ["member user ", " is not registered for MFA"],
                advice: ADVICE,
                all_set: |count| {
                    format!("all {count} member users who are not admins are registered for MFA")
                },
                deciding: "isMfaRegistered",
            },
        )
    }
}
