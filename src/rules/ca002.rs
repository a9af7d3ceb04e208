//! CA002 undeclared-exclusion: an enforced MFA or blocking policy excludes a user or group that
//! is not a declared emergency-access account.
//!
//! Needs: Conditional Access policies, and declared exclusions: `[emergency-access]` in the
//! configuration, or the exclusions from Conditional Access policies that CISA ScubaGear's
//! configuration accepts (`CapExclusions` in its export's `scuba_config`; its `RoleExclusions`
//! exempt role assignments, not policies). Without either, declared and undeclared
//! exclusions cannot be told apart. One finding per exclusion.

use super::{unknown_states, Context, Finding, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::policy::{enforced_mfa_or_block, requirement, Requirement};
use crate::model::InputKind;

pub struct Ca002;

static META: RuleMeta = RuleMeta {
    code: "CA002",
    name: "undeclared-exclusion",
    severity: Severity::Warning,
    summary: "An enforced MFA or blocking policy excludes a user or group that is not a declared emergency-access account.",
    needs: &[
        InputKind::ConditionalAccess,
        InputKind::Licences,
        InputKind::AcceptedExclusions,
    ],
    page: include_str!("../../rules/CA002.md"),
};

fn join_notes(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    }
}

impl Rule for Ca002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if cx.config.emergency_access.is_none() && !cx.people.has_accepted_policy_exclusions() {
            return Outcome::not_evaluated(
                "no [emergency-access] table in tenantlint.toml: declare the emergency-access accounts so that other \
                 exclusions can be told apart",
            );
        }
        if cx.tenant.ca_policies.is_none() {
            return Outcome::not_evaluated(InputKind::ConditionalAccess.missing());
        }
        let emergency = cx.people.emergency();
        let mut findings = Vec::new();
        // Exclusions ScubaGear's configuration accepts, by where they are declared.
        let mut accepted_used: Vec<String> = Vec::new();
        for policy in enforced_mfa_or_block(cx.tenant) {
            let what = if requirement(policy) == Requirement::Block {
                "blocking"
            } else {
                "MFA"
            };
            let users = &policy.conditions.users;
            for user in users.exclude_users.iter().filter(|u| {
                !u.value.eq_ignore_ascii_case("GuestsOrExternalUsers")
                    && !emergency.accounts.contains(&u.value.to_ascii_lowercase())
            }) {
                if let Some(declared) = cx.people.accepted_policy_exclusion(user.value) {
                    accepted_used.push(declared.describe());
                    continue;
                }
                findings.push(Finding::new(
                    user.value,
                    user.origin(),
                    format!(
                        "{what} policy {} excludes user {}, which is not a declared emergency-access account: remove \
                         the exclusion, or declare the account in tenantlint.toml [emergency-access]",
                        policy.label(),
                        cx.people.user_label(user.value)
                    ),
                ));
            }
            for group in users
                .exclude_groups
                .iter()
                .filter(|g| !emergency.groups.contains(&g.value.to_ascii_lowercase()))
            {
                if let Some(declared) = cx.people.accepted_policy_exclusion(&group.value) {
                    accepted_used.push(declared.describe());
                    continue;
                }
                findings.push(Finding::new(
                    &group.value,
                    group.origin.clone(),
                    format!(
                        "{what} policy {} excludes group {}, which is not a declared emergency-access group: remove the \
                         exclusion, or declare the group in tenantlint.toml [emergency-access]",
                        policy.label(),
                        cx.people.group_name(&group.value)
                    ),
                ));
            }
        }
        accepted_used.sort_unstable();
        accepted_used.dedup();
        let from_scuba = (!accepted_used.is_empty()).then(|| {
            format!(
                "exclusions accepted in {} are counted as declared",
                crate::analysis::join_and(&accepted_used)
            )
        });
        match (findings.is_empty(), unknown_states(cx.tenant)) {
            (false, note) => Outcome::fail(findings, join_notes(note, from_scuba)),
            (true, Some(note)) => Outcome::not_evaluated(note),
            (true, None) => Outcome::pass(match from_scuba {
                Some(scuba) => format!(
                    "every exclusion from enforced MFA and blocking policies is declared: {scuba}"
                ),
                None => "every exclusion from enforced MFA and blocking policies is a declared emergency-access \
                         account or group"
                    .to_string(),
            }),
        }
    }
}
