//! CA003 emergency-access-not-excluded: an enforced blocking or MFA policy would apply to a
//! declared emergency-access account, which could lock the tenant out when it is needed most.
//!
//! Needs: Conditional Access policies, and `[emergency-access]` in the configuration. One
//! finding per policy, naming the accounts it would apply to.

use super::{unknown_states, Context, Finding, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::audience::{applies_to, group_coverage, Applies, GroupCoverage, Subject};
use crate::analysis::policy::{could_lock_out, enforced_mfa_or_block, requirement, Requirement};
use crate::model::InputKind;
use crate::source::Origin;

pub struct Ca003;

static META: RuleMeta = RuleMeta {
    code: "CA003",
    name: "emergency-access-not-excluded",
    severity: Severity::Warning,
    summary:
        "An enforced blocking or MFA policy would apply to a declared emergency-access account.",
    needs: &[
        InputKind::ConditionalAccess,
        InputKind::RoleData,
        InputKind::GroupMembership,
        InputKind::Licences,
    ],
    page: include_str!("../../rules/CA003.md"),
};

impl Rule for Ca003 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if cx.config.emergency_access.is_none() {
            return Outcome::not_evaluated(
                "no [emergency-access] table in tenantlint.toml: no account is declared",
            );
        }
        if cx.tenant.ca_policies.is_none() {
            return Outcome::not_evaluated(InputKind::ConditionalAccess.missing());
        }
        let emergency = cx.people.emergency();
        // A declared UPN the export has no user for cannot be matched against exclusions by id.
        let mut accounts: Vec<&String> = emergency
            .accounts
            .iter()
            .filter(|a| {
                !emergency
                    .unresolved
                    .iter()
                    .any(|u| u.eq_ignore_ascii_case(a))
            })
            .collect();
        let mut undecided: Vec<String> = Vec::new();
        accounts.sort();
        let mut groups: Vec<&String> = emergency.groups.iter().collect();
        groups.sort();
        let mut findings = Vec::new();
        for policy in enforced_mfa_or_block(cx.tenant).filter(|p| could_lock_out(p)) {
            let users = &policy.conditions.users;
            let mut locked_accounts: Vec<String> = Vec::new();
            for id in &accounts {
                match applies_to(policy, &cx.people, &Subject::new(&cx.people, id)) {
                    Applies::Yes => locked_accounts.push(cx.people.user_label(id)),
                    Applies::Unknown { why, .. } => undecided.push(format!(
                        "whether policy {} applies to {id} is unknown: {why}",
                        policy.label()
                    )),
                    Applies::NotIncluded | Applies::Excluded { .. } => {}
                }
            }
            // Groups the policy reaches through All users, and groups it names in includeGroups.
            let mut locked_groups: Vec<String> = Vec::new();
            let mut named_groups: Vec<(String, Origin)> = Vec::new();
            for group in &groups {
                match group_coverage(policy, &cx.people, group) {
                    GroupCoverage::AsAllUsers => locked_groups.push(cx.people.group_name(group)),
                    GroupCoverage::ByName { origin } => {
                        named_groups.push((cx.people.group_name(group), origin))
                    }
                    GroupCoverage::Not(Applies::Unknown { why, .. }) => undecided.push(format!(
                        "whether policy {} applies to group {} is unknown: {why}",
                        policy.label(),
                        cx.people.group_name(group)
                    )),
                    GroupCoverage::Not(_) => {}
                }
            }
            let what = if requirement(policy) == Requirement::Block {
                "blocks"
            } else {
                "requires MFA of"
            };
            if locked_accounts.is_empty() && locked_groups.is_empty() {
                // A policy that names the group is meant for it: excluding the group would
                // leave it applying to no one, so the fix is to take the group out, or to
                // accept the policy.
                if let Some((_, origin)) = named_groups.first() {
                    let names: Vec<String> = named_groups.iter().map(|(n, _)| n.clone()).collect();
                    findings.push(Finding::new(
                        &policy.id,
                        origin.clone(),
                        format!(
                            "policy {} {what} the declared emergency-access {}, named in includeGroups: remove {} \
                             there, so that the tenant can be reached when this policy or its dependencies fail; \
                             if the policy is meant for them (phishing-resistant MFA, for example), record an \
                             [[exception]] for CA003 instead",
                            policy.label(),
                            name_locked(&[], &names),
                            if names.len() == 1 { "it" } else { "them" }
                        ),
                    ));
                }
                continue;
            }
            locked_groups.extend(named_groups.into_iter().map(|(name, _)| name));
            // Where the missing exclusion belongs: the users excluded, or the groups when only
            // groups are locked out.
            let exclusions = if locked_accounts.is_empty() {
                users.exclude_groups.first().map(|g| g.origin.clone())
            } else {
                users.exclude_users.first().map(|u| u.origin())
            };
            let primary = exclusions
                .or_else(|| users.origin.clone())
                .unwrap_or_else(|| policy.origin.clone());
            let count = locked_accounts.len() + locked_groups.len();
            findings.push(Finding::new(
                &policy.id,
                primary,
                format!(
                    "policy {} {what} the declared emergency-access {}: exclude {}, so that the tenant can be \
                     reached when this policy or its dependencies fail",
                    policy.label(),
                    name_locked(&locked_accounts, &locked_groups),
                    if count == 1 { "it" } else { "them" }
                ),
            ));
        }
        if !emergency.unresolved.is_empty() {
            undecided.push(format!(
                "declared accounts not found among the exported users, so not checked: {}",
                emergency.unresolved.join(", ")
            ));
        }
        undecided.extend(unknown_states(cx.tenant));
        let unresolved = (!undecided.is_empty()).then(|| undecided.join("; "));
        match (findings.is_empty(), unresolved) {
            (false, note) => Outcome::fail(findings, note),
            (true, Some(note)) => Outcome::not_evaluated(note),
            (true, None) => Outcome::pass(
                "no enforced blocking or MFA policy applies to a declared emergency-access account",
            ),
        }
    }
}

/// "account a and groups g, h": what a policy locks out, accounts first.
fn name_locked(accounts: &[String], groups: &[String]) -> String {
    let named = |noun: &str, items: &[String]| match items.len() {
        0 => None,
        1 => Some(format!("{noun} {}", items[0])),
        _ => Some(format!("{noun}s {}", super::join_and(items))),
    };
    match (named("account", accounts), named("group", groups)) {
        (Some(accounts), Some(groups)) => format!("{accounts} and {groups}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => String::new(),
    }
}
