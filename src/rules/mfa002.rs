//! MFA002 mfa-not-required-for-admins: every admin role must be covered by an enforced,
//! unnarrowed MFA policy ("Require MFA for administrators"), or by security defaults.
//!
//! Needs: security defaults, Conditional Access policies. One finding per admin role of the
//! table that is not covered; user and group exclusions are MFA001's business.

use super::{
    advice, note_defaults, relate_gaps, security_defaults_anchor, security_defaults_off,
    summarise_gaps, Context, Finding, Outcome, Rule, RuleMeta, Severity,
};
use crate::analysis::guidance::{admin_mfa_policy, leaves_out_role, mfa_for_role};
use crate::analysis::policy::names;
use crate::analysis::roles::ADMIN_ROLES;
use crate::model::{ClientAppType, InputKind};

pub struct Mfa002;

static META: RuleMeta = RuleMeta {
    code: "MFA002",
    name: "mfa-not-required-for-admins",
    severity: Severity::Error,
    summary: "An admin role is not covered by an enforced, unnarrowed MFA policy.",
    needs: &[
        InputKind::SecurityDefaults,
        InputKind::ConditionalAccess,
        InputKind::Licences,
    ],
    page: include_str!("../../rules/MFA002.md"),
};

impl Rule for Mfa002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let defaults = match security_defaults_off(
            cx.tenant,
            "security defaults are enabled and require MFA for administrators",
        ) {
            Ok(defaults) => defaults,
            Err(outcome) => return outcome,
        };
        // The policy meant for admins, if there is one: a role missing from its list is the fix.
        let admin_policy = admin_mfa_policy(cx.tenant);
        let mut findings = Vec::new();
        for (template_id, role) in ADMIN_ROLES {
            let coverage = mfa_for_role(&cx.people, template_id);
            if coverage.is_complete(&ClientAppType::EVERY) {
                continue;
            }
            // The admin policy that leaves this role out is the place to fix, ahead of the
            // all-users policies that fall short.
            let left_out = admin_policy
                .filter(|p| leaves_out_role(p, template_id))
                .map(|p| (p, p.conditions.users.include_roles[0].origin.clone()));
            let (primary, why, related) = match (&left_out, coverage.gaps.first()) {
                (Some((policy, origin)), _) => {
                    let also = summarise_gaps(&coverage.gaps)
                        .map(|gaps| format!("; no other policy covers it either: {gaps}"))
                        .unwrap_or_default();
                    (
                        origin.clone(),
                        format!(
                            "the role is not among the roles of policy {}{also}",
                            policy.label()
                        ),
                        &coverage.gaps[..],
                    )
                }
                (None, Some(first)) => (
                    first.origin.clone(),
                    summarise_gaps(&coverage.gaps).unwrap_or_default(),
                    coverage.gaps.get(1..).unwrap_or_default(),
                ),
                // A policy that requires MFA for some client apps only is the place to fix.
                (None, None) => match (
                    coverage.partial_client_apps(),
                    security_defaults_anchor(&defaults),
                ) {
                    (Some((policy, origin)), _) => (
                        origin,
                        format!(
                            "policy {} requires MFA only for client apps {}, not for {}",
                            policy.label(),
                            names(&coverage.covered),
                            names(&coverage.missing(&ClientAppType::EVERY))
                        ),
                        &coverage.gaps[..],
                    ),
                    (None, Some(anchor)) => (
                        anchor,
                        "no enforced policy requires MFA for this role or for all users"
                            .to_string(),
                        &coverage.gaps[..],
                    ),
                    (None, None) => continue,
                },
            };
            let narrowed_by_client_apps =
                coverage.gaps.is_empty() && coverage.partial_client_apps().is_some();
            let fix = match left_out {
                Some(_) => "add the role to that policy's roles",
                None if narrowed_by_client_apps => {
                    "set that policy's client apps to all, or cover the others with another enforced MFA policy"
                }
                None => advice(
                    &coverage.gaps,
                    "add the role to an enforced policy that requires MFA on all resources (template \"Require \
                     multifactor authentication for admins\")",
                ),
            };
            let message =
                format!("{role} ({template_id}) is not required to use MFA: {why}; {fix}");
            findings.push(note_defaults(
                relate_gaps(Finding::new(template_id, primary, message), related),
                &defaults,
            ));
        }
        if findings.is_empty() {
            Outcome::pass(format!(
                "all {} admin roles are covered by enforced MFA policies",
                ADMIN_ROLES.len()
            ))
        } else {
            Outcome::fail(findings, None)
        }
    }
}
