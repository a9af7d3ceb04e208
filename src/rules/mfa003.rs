//! MFA003 mfa-not-required-for-all-users: "Require MFA for all users" must be in place.
//!
//! Needs: security defaults, Conditional Access policies. One tenant-wide finding that names
//! each partial policy and its hole as related locations.

use super::{
    advice, note_defaults, relate_gaps, security_defaults_anchor, security_defaults_off,
    summarise_gaps, Context, Finding, Outcome, Rule, RuleMeta, Severity,
};
use crate::analysis::guidance::mfa_for_all_users;
use crate::analysis::policy::names;
use crate::model::{ClientAppType, InputKind};

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
        if coverage.is_complete(&ClientAppType::EVERY) {
            let by: Vec<String> = coverage.by.iter().map(|p| p.label()).collect();
            return Outcome::pass(format!(
                "MFA is required for all users by {}",
                super::join_and(&by)
            ));
        }
        // A policy that covers some client apps but not all is the place to fix.
        let partial = coverage.partial_client_apps().map(|(_, origin)| origin);
        let Some(primary) = coverage
            .gaps
            .first()
            .map(|g| g.origin.clone())
            .or(partial)
            .or_else(|| security_defaults_anchor(&defaults))
        else {
            return Outcome::not_evaluated("nothing in the input shows how MFA is handled");
        };
        let why = summarise_gaps(&coverage.gaps).unwrap_or_else(|| {
            if coverage.covered.is_empty() {
                "no enforced policy requires MFA for all users".to_string()
            } else {
                format!(
                    "enforced policies require it only for client apps {}",
                    names(&coverage.covered)
                )
            }
        });
        let fix = advice(
            &coverage.gaps,
            "enforce a policy for All users and All resources that requires MFA, excluding only emergency-access \
             accounts (template \"Require multifactor authentication for all users\")",
        );
        let message = format!("MFA is not required for all users on all apps: {why}; {fix}");
        let finding = relate_gaps(
            Finding::new(cx.tenant.subject(), primary, message),
            coverage.gaps.get(1..).unwrap_or_default(),
        );
        Outcome::fail(vec![note_defaults(finding, &defaults)], None)
    }
}
