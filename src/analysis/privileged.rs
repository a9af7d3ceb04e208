//! The holders of CISA's highly privileged roles, as people: role holdings of groups expanded
//! to their members, service principals left out, and every holder the export cannot place
//! named, so that a count or a check over them is never taken from part of the list.

use std::collections::{BTreeMap, BTreeSet};

use super::people::People;
use crate::model::roles::{highly_privileged, highly_privileged_name};
use crate::model::*;
use crate::source::Origin;

/// A person holding at least one highly privileged role.
#[derive(Debug, Clone)]
pub struct PrivilegedUser {
    pub id: String,
    pub label: String,
    /// Template ids of the highly privileged roles held.
    pub roles: BTreeSet<&'static str>,
    pub on_premises: Fact,
    /// Where the first holding is written.
    pub origin: Origin,
}

#[derive(Debug, Default)]
pub struct PrivilegedUsers {
    pub users: Vec<PrivilegedUser>,
    /// Why the list may miss holders: while any is left, nothing is proven by its absence.
    pub unresolved: Vec<String>,
}

impl PrivilegedUsers {
    pub fn holding(&self, template_id: &str) -> impl Iterator<Item = &PrivilegedUser> {
        let template = highly_privileged(template_id).map(|(id, _)| id);
        self.users
            .iter()
            .filter(move |u| template.is_some_and(|t| u.roles.contains(t)))
    }
}

pub fn privileged_users(people: &People) -> PrivilegedUsers {
    let directory = &people.tenant().directory;
    let mut out = PrivilegedUsers::default();
    if !directory.has_holder_lists() {
        out.unresolved
            .push("the export has no role assignments".to_string());
        return out;
    }
    // ScubaGear's privileged lists name every holder of these roles, and no other.
    if !directory.holders_complete() && !directory.holder_lists.contains(&HolderList::Privileged) {
        out.unresolved.push(
            "the role data does not list every holder (export the active assignments and the PIM \
             eligibilities: roleManagement/directory/roleAssignmentScheduleInstances and \
             roleEligibilityScheduleInstances, with $expand=principal)"
                .to_string(),
        );
    }
    for role in &directory.roles_without_members {
        if let Some(name) = highly_privileged_name(&role.template_id) {
            out.unresolved.push(format!(
                "the members of directory role {name} were not all exported"
            ));
        }
    }
    // With ScubaGear's lists alone, its privileged_users name every user holding these roles,
    // through groups or not; role lists of another export may name holders it left out.
    let scuba_only = directory.holder_lists.contains(&HolderList::Privileged)
        && directory
            .holder_lists
            .iter()
            .all(|l| matches!(l, HolderList::Privileged | HolderList::PrivilegedSchedules));
    let mut users: BTreeMap<String, PrivilegedUser> = BTreeMap::new();
    for holding in &directory.role_holdings {
        let Some((template, _)) = highly_privileged(people.role_template(&holding.role_id)) else {
            continue;
        };
        let principal = &holding.principal;
        match people.principal_kind(principal) {
            PrincipalKind::User => add(&mut users, people, principal, template, &holding.origin),
            PrincipalKind::ServicePrincipal => {}
            PrincipalKind::Group => match people.members_of(&principal.id) {
                Some(members) => {
                    for member in members {
                        match people.principal_kind(&member.principal) {
                            PrincipalKind::User => add(
                                &mut users,
                                people,
                                &member.principal,
                                template,
                                &holding.origin,
                            ),
                            PrincipalKind::Unknown => out.unresolved.push(format!(
                                "{} is a member of group {}, which holds {}, and no file says whether it is a \
                                 user (export the group's members with their @odata.type)",
                                member.principal.id,
                                people.group_name(&principal.id),
                                highly_privileged_name(template).unwrap_or(template)
                            )),
                            _ => {}
                        }
                    }
                }
                None => out.unresolved.push(format!(
                    "group {} holds {} and its members were not all exported",
                    people.group_name(&principal.id),
                    highly_privileged_name(template).unwrap_or(template)
                )),
            },
            // ScubaGear's privileged_users name every user holding these roles, through groups
            // or not: an untyped holder its PIM assignments name adds no one it left out.
            PrincipalKind::Unknown if scuba_only => {}
            PrincipalKind::Unknown => out.unresolved.push(format!(
                "{} holds {} and no file says whether it is a user, a group or a service principal",
                principal.id,
                highly_privileged_name(template).unwrap_or(template)
            )),
        }
    }
    out.users = users.into_values().collect();
    out
}

fn add(
    users: &mut BTreeMap<String, PrivilegedUser>,
    people: &People,
    principal: &Principal,
    template: &'static str,
    origin: &Origin,
) {
    let key = crate::model::ids::fold(&principal.id).into_owned();
    let from_users = people
        .tenant()
        .directory
        .users
        .get(&key)
        .map_or(Fact::Unknown, |u| u.on_premises);
    let user = users.entry(key).or_insert_with(|| PrivilegedUser {
        id: principal.id.clone(),
        label: people.principal_label(principal),
        roles: BTreeSet::new(),
        on_premises: Fact::Unknown,
        origin: origin.clone(),
    });
    user.roles.insert(template);
    user.on_premises = combine(combine(user.on_premises, principal.on_premises), from_users);
}

/// Any record saying the account comes from on-premises decides it; otherwise one saying it
/// does not.
fn combine(a: Fact, b: Fact) -> Fact {
    match (a, b) {
        (Fact::Yes, _) | (_, Fact::Yes) => Fact::Yes,
        (Fact::No, _) | (_, Fact::No) => Fact::No,
        _ => Fact::Unknown,
    }
}
