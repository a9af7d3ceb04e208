//! SSPR002 user-not-registered-for-sspr: a member user who may reset their password but has
//! not registered the methods to do it.
//!
//! Needs: registration details (`isSsprEnabled`, `isSsprRegistered` per member user).

use super::{unset_flags, Context, FlagCheck, Outcome, Rule, RuleMeta, Severity};
use crate::model::{InputKind, Registration, UserType};

pub struct Sspr002;

const ADVICE: &str =
    "turn on \"Require users to register when signing in\" (Entra ID > Password reset > Registration)";

static META: RuleMeta = RuleMeta {
    code: "SSPR002",
    name: "user-not-registered-for-sspr",
    severity: Severity::Info,
    summary: "A member user enabled for self-service password reset has not registered for it.",
    needs: &[InputKind::RegistrationDetails],
};

impl Rule for Sspr002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(registrations) = &cx.tenant.registrations else {
            return Outcome::not_evaluated("no registration details in the input");
        };
        let enabled_member = |r: &Registration| {
            r.user_type != UserType::Guest && r.sspr_enabled.as_ref().is_some_and(|f| f.value)
        };
        unset_flags(
            cx,
            registrations,
            |r| r.sspr_registered.as_ref().filter(|_| enabled_member(r)),
            FlagCheck {
                none_in_scope: "the registration details list no member user enabled for self-service password \
                                reset with isSsprRegistered",
                says: |who| {
                    format!("member user {who} may reset their password but has not registered for it")
                },
                advice: ADVICE,
                all_set: |count| {
                    format!("all {count} member users enabled for password reset have registered")
                },
            },
        )
    }
}
