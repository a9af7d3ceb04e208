//! ROLE009 privileged-user-synced: holders of highly privileged roles must be cloud-only
//! accounts, not synchronised from on-premises Active Directory (CISA MS.AAD.7.3).
//!
//! Needs: role data, group members, users (`onPremisesSyncEnabled`, `onPremisesImmutableId`;
//! ScubaGear's `privileged_users` carry the immutable id). One finding per synchronised holder.

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::privileged::privileged_users;
use crate::model::roles::highly_privileged_name;
use crate::model::{Fact, InputKind};

pub struct Role009;

static META: RuleMeta = RuleMeta {
    code: "ROLE009",
    name: "privileged-user-synced",
    severity: Severity::Error,
    summary: "A holder of a highly privileged role is synchronised from on-premises.",
    needs: &[
        InputKind::RoleData,
        InputKind::GroupMembership,
        InputKind::Users,
    ],
    page: include_str!("../../rules/ROLE009.md"),
};

impl Rule for Role009 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let holders = privileged_users(&cx.people);
        let mut findings = Vec::new();
        let mut unknown = Vec::new();
        for user in &holders.users {
            match user.on_premises {
                Fact::No => {}
                Fact::Unknown => unknown.push(user.label.clone()),
                Fact::Yes => {
                    let roles: Vec<String> = user
                        .roles
                        .iter()
                        .filter_map(|r| highly_privileged_name(r))
                        .map(str::to_string)
                        .collect();
                    findings.push(Finding::new(
                        user.id.clone(),
                        user.origin.clone(),
                        Message::advised(
                            format!(
                                "{} holds {} and is synchronised from on-premises: whoever controls the on-premises \
                                 directory controls this account",
                                user.label,
                                super::join_and(&roles)
                            ),
                            "give the role to a separate cloud-only account (user@<tenant>.onmicrosoft.com) and \
                             remove it from the synchronised one",
                        ),
                    ));
                }
            }
        }
        let mut undecided = holders.unresolved.clone();
        if !unknown.is_empty() {
            undecided.push(format!(
                "no file says whether {} come(s) from on-premises: export the users with onPremisesSyncEnabled and \
                 onPremisesImmutableId",
                super::join_and(&unknown)
            ));
        }
        let undecided = (!undecided.is_empty()).then(|| undecided.join("; "));
        Outcome::judged(findings, undecided, format!(
                "all {} holder(s) of highly privileged roles are cloud-only",
                holders.users.len()
            ))
    }
}
