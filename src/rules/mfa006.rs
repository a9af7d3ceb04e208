//! MFA006 phishing-resistant-mfa-not-required-for-all-users: "Require phishing-resistant MFA for all users" (CISA MS.AAD.3.1).
//!
//! Needs: Conditional Access policies, licences. Counted like every coverage rule: enforced,
//! applying to everyone, not narrowed, no alternative in the grant.

use super::{coverage_outcome, Asked, Context, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::baseline::phishing_resistant_for_all_users;
use crate::model::InputKind;

pub struct Mfa006;

static META: RuleMeta = RuleMeta {
    code: "MFA006",
    name: "phishing-resistant-mfa-not-required-for-all-users",
    severity: Severity::Warning,
    summary: "No enforced, unnarrowed policy requires phishing-resistant MFA for all users on all apps.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/MFA006.md"),
};

impl Rule for Mfa006 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let coverage = phishing_resistant_for_all_users(&cx.people);
        coverage_outcome(
            cx,
            &coverage,
            "phishing-resistant MFA is required for all users on all apps",
            &Asked {
                not: "phishing-resistant MFA is not required for all users on all apps",
                nothing: "no enforced Conditional Access policy for all users asks for it",
                partly: "enforced policies do it",
                fix: "enforce a policy for All users and All resources that requires the authentication strength \"Phishing-resistant MFA\", excluding only emergency-access accounts",
            },
        )
    }
}
