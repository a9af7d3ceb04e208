//! MFA003 mfa-not-required-for-all-users: "Require MFA for all users" must be in place.
//!
//! Needs: security defaults, Conditional Access policies. One tenant-wide finding that names
//! each partial policy and its hole as related locations.

use super::{
    coverage_finding, note_defaults, security_defaults_anchor, security_defaults_off, Asked,
    Context, Outcome, Rule, RuleMeta, Severity,
};
use crate::analysis::gaps::every_user_on_every_app;
use crate::analysis::guidance::mfa_for_all_users;
use crate::analysis::signin::Protection;
use crate::model::InputKind;

pub struct Mfa003;

static META: RuleMeta = RuleMeta {
    code: "MFA003",
    name: "mfa-not-required-for-all-users",
    severity: Severity::Warning,
    summary: "No enforced, unnarrowed policy requires MFA for all users on all apps.",
    needs: &[
        InputKind::SecurityDefaults,
        InputKind::ConditionalAccess,
        InputKind::Licences,
    ],
    page: include_str!("../../rules/MFA003.md"),
};

impl Rule for Mfa003 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let defaults = match security_defaults_off(
            cx.tenant,
            "security defaults are enabled and require MFA for users when needed",
        ) {
            Ok(defaults) => defaults,
            Err(outcome) => return outcome,
        };
        let coverage = mfa_for_all_users(&cx.people);
        let asked = Asked {
            not: "MFA is not required for all users on all apps",
            nothing: "no enforced policy requires MFA for all users",
            partly: "enforced policies require it",
            fix: "enforce a policy for All users and All resources that requires MFA, excluding only \
                  emergency-access accounts (template \"Require multifactor authentication for all users\")",
        };
        let anchor = security_defaults_anchor(&defaults);
        match coverage_finding(&coverage, cx.tenant.subject(), &asked, anchor) {
            // No policy covers everyone alone, yet together they may leave no sign-in out.
            Ok(Some(_)) if every_user_on_every_app(&cx.people, &Protection::mfa()) => Outcome::pass(
                "MFA is required on every sign-in of all users to all apps by the enforced policies \
                 together, though no single one covers every client, platform and place (`tenantlint \
                 gaps --controls mfa` shows how)",
            ),
            Ok(Some(finding)) => Outcome::fail(vec![note_defaults(finding, &defaults)], None),
            Ok(None) => {
                let by: Vec<String> = coverage.by.iter().map(|p| p.label()).collect();
                Outcome::pass(format!(
                    "MFA is required for all users by {}",
                    super::join_and(&by)
                ))
            }
            Err(_) => Outcome::not_evaluated("nothing in the input shows how MFA is handled"),
        }
    }
}
