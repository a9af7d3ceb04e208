//! Who is an admin: a person holding a role from the admin table, through an assignment, an
//! active or eligible PIM assignment, a directory role membership, or a group holding the role.
//! Unless the role data lists every holder (active and eligible), `isAdmin: true` in the
//! registration details identifies admins too. A holder whose type no file states may be a
//! person: the set is then unresolved, and no rule passes on it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::people::People;
use super::roles::{admin_role_name, is_directory_sync};
use crate::model::ids::{fold, IdSet};
use crate::model::*;
use crate::source::Origin;

/// One admin role a person holds, and the record that proves it.
#[derive(Debug, Clone)]
pub struct AdminRole {
    pub template_id: String,
    pub name: String,
    pub via: GrantKind,
    pub through_group: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Admin {
    pub user_id: String,
    pub upn: Option<String>,
    pub display_name: Option<String>,
    /// Empty when the admin is known only from `isAdmin` in the registration details.
    pub roles: Vec<AdminRole>,
    /// Where the admin status is proven: the first role holding, or the `isAdmin` value.
    pub origin: Origin,
}

impl Admin {
    /// How messages name an admin: UPN (or display name) and object id.
    pub fn label(&self) -> String {
        match (&self.upn, &self.display_name) {
            (Some(upn), _) => format!("{upn} ({})", self.user_id),
            (None, Some(name)) => format!("\"{name}\" ({})", self.user_id),
            (None, None) => self.user_id.clone(),
        }
    }

    pub fn role_names(&self) -> String {
        let mut names: Vec<&str> = self.roles.iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names.join(", ")
    }

    pub fn holds(&self, template_id: &str) -> bool {
        self.roles
            .iter()
            .any(|r| r.template_id.eq_ignore_ascii_case(template_id))
    }
}

#[derive(Debug, Default)]
pub struct AdminSet {
    pub admins: Vec<Admin>,
    /// Whether the input can tell who the admins are at all.
    pub known: bool,
    /// Why the set may miss admins (a group without exported members, a holder of unknown
    /// type, role lists that leave holders out): while any is left, no rule passes on the set.
    pub unresolved: Vec<String>,
    /// The registration details' `isAdmin` flags were asked, the role lists not naming every
    /// holder.
    pub by_flags: bool,
}

impl AdminSet {
    /// The admins' object ids, for telling admins apart among a tenant's users.
    pub fn ids(&self) -> IdSet<Cow<'_, str>> {
        self.admins.iter().map(|a| fold(&a.user_id)).collect()
    }

    pub fn contains(&self, ids: &IdSet<Cow<'_, str>>, user_id: &str) -> bool {
        ids.contains(fold(user_id).as_ref())
    }
}

/// The admins: every person the role lists show holding an admin role; where the lists do not
/// name every holder, also every user whose registration details say `isAdmin: true`.
pub fn find_admins(people: &People) -> AdminSet {
    let tenant = people.tenant();
    let directory = &tenant.directory;
    let mut set = AdminSet::default();
    if directory.has_holder_lists() {
        from_roles(people, &mut set);
    }
    if directory.holders_complete() {
        return set;
    }
    // An activated admin role whose members were not exported has holders no file names, and
    // who may be missing from the registration details as well; only a list of active
    // assignments names them.
    let active_listed = directory.holder_lists.contains(&HolderList::Assignments)
        || directory
            .holder_lists
            .contains(&HolderList::ActiveInstances);
    if !active_listed {
        for role in &directory.roles_without_members {
            if let Some(name) = admin_role_name(&role.template_id) {
                let which = if role.some_listed {
                    "not all its members were exported (Graph expands at most 20)"
                } else {
                    "its members were not exported"
                };
                set.unresolved.push(format!(
                    "directory role {name} is activated, and {which}: export \
                     roleManagement/directory/roleAssignments?$expand=principal"
                ));
            }
        }
        for object_id in &directory.unknown_roles {
            set.unresolved.push(format!(
                "members of directory role {object_id} were exported, but not the role, so which role they \
                 hold cannot be told: export directoryRoles"
            ));
        }
    }
    match &tenant.registrations {
        Some(registrations) => from_registration_flags(people, registrations, &mut set),
        None if set.known => set.unresolved.push(format!(
            "{}; export them, or the registration details (their isAdmin names the admins the role \
             data leaves out)",
            missing_holders(directory)
        )),
        None => {}
    }
    set
}

/// What the role lists leave out, and the export that would add it.
fn missing_holders(directory: &Directory) -> String {
    let mut missing = Vec::new();
    let active = [
        HolderList::Assignments,
        HolderList::ActiveInstances,
        HolderList::DirectoryRoleMembers,
    ];
    if !active.iter().any(|l| directory.holder_lists.contains(l)) {
        missing.push(
            "active role assignments (roleManagement/directory/roleAssignments?$expand=principal)"
                .to_string(),
        );
    }
    for role in &directory.roles_without_members {
        missing.push(format!(
            "the members of directory role {} (directoryRoles?$expand=members)",
            role.display_name.as_deref().unwrap_or(&role.template_id)
        ));
    }
    if directory.holder_lists.contains(&HolderList::Privileged) {
        missing.push(
            "the holders of the roles ScubaGear does not count as privileged (its privileged_users names no \
             one else)"
                .to_string(),
        );
    }
    if !directory.holder_lists.contains(&HolderList::Eligibility) {
        missing.push(
            "PIM eligibilities (roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal)"
                .to_string(),
        );
    }
    format!(
        "the role data does not list every holder of the admin roles: it lacks {}",
        super::join_and(&missing)
    )
}

fn from_roles(people: &People, set: &mut AdminSet) {
    let tenant = people.tenant();
    let mut by_user: BTreeMap<String, Admin> = BTreeMap::new();
    // Holders of unknown type, with the roles they hold: possible admins.
    let mut untyped: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for holding in &tenant.directory.role_holdings {
        let template_id = people.role_template(&holding.role_id);
        if is_directory_sync(template_id) {
            continue;
        }
        let Some(role_name) = admin_role_name(template_id) else {
            continue;
        };
        let role = |through_group: Option<String>| AdminRole {
            template_id: template_id.to_string(),
            name: role_name.to_string(),
            via: holding.via,
            through_group,
            origin: holding.origin.clone(),
        };
        let principal = &holding.principal;
        match people.principal_kind(principal) {
            PrincipalKind::User => {
                add(&mut by_user, people, &principal.id, principal, role(None));
            }
            PrincipalKind::Group => match people.members_of(&principal.id) {
                Some(members) => {
                    for member in members {
                        match people.principal_kind(&member.principal) {
                            PrincipalKind::User => add(
                                &mut by_user,
                                people,
                                &member.principal.id,
                                &member.principal,
                                role(Some(principal.id.clone())),
                            ),
                            PrincipalKind::Unknown => untyped
                                .entry(member.principal.id.clone())
                                .or_default()
                                .push(role_name),
                            _ => {}
                        }
                    }
                }
                None => set.unresolved.push(format!(
                    "{role_name} is held by group {} whose members were not exported (or not all could be read)",
                    people.group_name(&principal.id)
                )),
            },
            PrincipalKind::Unknown => untyped
                .entry(principal.id.clone())
                .or_default()
                .push(role_name),
            PrincipalKind::ServicePrincipal => {}
        }
    }
    if !untyped.is_empty() {
        set.unresolved.push(untyped_holders(&untyped));
    }
    set.admins = by_user.into_values().collect();
    set.known = true;
}

/// Holders of admin roles whose type no file states: each may be a person.
fn untyped_holders(untyped: &BTreeMap<String, Vec<&str>>) -> String {
    const SHOWN: usize = 5;
    let mut named: Vec<String> = untyped
        .iter()
        .take(SHOWN)
        .map(|(id, roles)| {
            let mut roles = roles.clone();
            roles.sort_unstable();
            roles.dedup();
            format!("{id} ({})", roles.join(", "))
        })
        .collect();
    if untyped.len() > SHOWN {
        named.push(format!("{} more", untyped.len() - SHOWN));
    }
    format!(
        "{} admin role holder(s) may be people, but no file says what they are: {}; export the role \
         assignments with $expand=principal, or the users and service principals",
        untyped.len(),
        super::join_and(&named)
    )
}

fn add(
    by_user: &mut BTreeMap<String, Admin>,
    people: &People,
    user_id: &str,
    principal: &Principal,
    role: AdminRole,
) {
    let admin = by_user
        .entry(fold(user_id).into_owned())
        .or_insert_with(|| Admin {
            user_id: user_id.to_string(),
            upn: principal
                .upn
                .clone()
                .or_else(|| people.upn(user_id).map(str::to_string)),
            display_name: principal.display_name.clone().or_else(|| {
                people
                    .registration(user_id)
                    .and_then(|r| r.display_name().map(str::to_string))
            }),
            roles: Vec::new(),
            origin: role.origin.clone(),
        });
    admin.roles.push(role);
}

/// Whether the only roles the lists show a user holding are Directory Synchronization Accounts,
/// which explains their `isAdmin` flag: a service account, not an admin. Any other role leaves
/// the flag standing, since the lists may miss an admin role the user also holds.
fn sync_account(people: &People, registration: &Registration) -> bool {
    let held = people.roles_of(registration.user_id()).held;
    !held.is_empty() && held.iter().all(|h| is_directory_sync(&h.template_id))
}

/// Adds every user whose registration details say `isAdmin: true` and who is not already an
/// admin, unless only the Directory Synchronization Accounts role explains the flag; a user
/// whose details do not say `isAdmin` may be one.
fn from_registration_flags(people: &People, registrations: &Registrations, set: &mut AdminSet) {
    let known: IdSet<String> = set
        .admins
        .iter()
        .map(|a| fold(&a.user_id).into_owned())
        .collect();
    // The users whose isAdmin no file states, and the first of them by name.
    set.by_flags = true;
    let mut silent = 0usize;
    let mut first_silent: Option<String> = None;
    for r in registrations {
        let Some(flag) = &r.is_admin else {
            silent += 1;
            first_silent.get_or_insert_with(|| r.upn().unwrap_or(r.user_id()).to_string());
            continue;
        };
        set.known = true;
        if flag.value && !known.contains(fold(r.user_id()).as_ref()) && !sync_account(people, r) {
            set.admins.push(Admin {
                user_id: r.user_id().to_string(),
                upn: r.upn().map(str::to_string),
                display_name: r.display_name().map(str::to_string),
                roles: Vec::new(),
                origin: r.flag_origin(flag),
            });
        }
    }
    // A user of the users export whom the registration details leave out has no isAdmin.
    let unlisted = people
        .users_without_registration()
        .filter(|u| !known.contains(fold(&u.id).as_ref()));
    for user in unlisted {
        silent += 1;
        first_silent.get_or_insert_with(|| user.upn.clone().unwrap_or_else(|| user.id.clone()));
    }
    if let Some(first) = first_silent {
        set.unresolved.push(format!(
            "the registration details of {silent} user(s) do not say isAdmin, or do not list them (first: \
             {first}), and the role data does not list every holder: they may be admins"
        ));
    }
}
