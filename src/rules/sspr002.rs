//! SSPR002 user-not-registered-for-sspr: a member user who may reset their password but has
//! not registered the methods to do it.
//!
//! Needs: registration details (`isSsprEnabled`, `isSsprRegistered` per member user).

use super::{unset_flags, Context, FlagCheck, InScope, Outcome, Rule, RuleMeta, Severity};
use crate::model::ids::fold;
use crate::model::{InputKind, UserType};

pub struct Sspr002;

const ADVICE: &str =
    "turn on \"Require users to register when signing in\" (Entra ID > Password reset > Registration)";

static META: RuleMeta = RuleMeta {
    code: "SSPR002",
    name: "user-not-registered-for-sspr",
    severity: Severity::Info,
    summary: "A member user enabled for self-service password reset has not registered for it.",
    // The users export names users the registration details leave out.
    needs: &[InputKind::RegistrationDetails, InputKind::Users],
    page: include_str!("../../rules/SSPR002.md"),
};

impl Rule for Sspr002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(registrations) = &cx.tenant.registrations else {
            return Outcome::not_evaluated("no registration details in the input");
        };
        // Entra Connect's service accounts cannot register: telling them to is no advice.
        let sync_accounts = cx.people.directory_sync_accounts();
        unset_flags(
            cx,
            registrations,
            |r| {
                if sync_accounts.contains(fold(r.user_id()).as_ref()) {
                    return InScope::Out;
                }
                let registered = r.sspr_registered.as_ref();
                let user_type = cx.people.registered_user_type(r);
                match (user_type, r.sspr_enabled.map(|f| f.value), registered) {
                    (UserType::Guest, _, _) | (_, Some(false), _) => InScope::Out,
                    (_, Some(true), Some(flag)) => InScope::In(flag),
                    // Registered: nothing to find, whether or not they are enabled.
                    (_, None, Some(flag)) if flag.value => InScope::Out,
                    _ => InScope::Unknown,
                }
            },
            |u| u.user_type != UserType::Guest && !sync_accounts.contains(fold(&u.id).as_ref()),
            FlagCheck {
                none_in_scope: "no member user in the registration details is enabled for self-service \
                                password reset, so none can be unregistered for it (SSPR001 reports whether \
                                it should be enabled)",
                says: [
                    "member user ",
                    " may reset their password but has not registered for it",
                ],
                advice: ADVICE,
                all_set: |count| {
                    format!("all {count} member users enabled for password reset have registered")
                },
                deciding: "isSsprEnabled or isSsprRegistered",
            },
        )
    }
}
