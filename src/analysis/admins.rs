//! Who is an admin: a person holding a role from the admin table, through an assignment, an
//! active or eligible PIM assignment, a directory role membership, or a group holding the role.
//! Without any role data, `isAdmin: true` in the registration details identifies admins.

use std::collections::BTreeMap;

use super::people::People;
use super::roles::{admin_role_name, is_directory_sync};
use crate::model::ids::IdSet;
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
    /// Admin roles whose holders could not be resolved to people (a group without exported
    /// members, a principal of unknown type): the set may be incomplete.
    pub unresolved: Vec<String>,
}

impl AdminSet {
    /// The admins' object ids, for telling admins apart among a tenant's users.
    pub fn ids(&self) -> IdSet<&str> {
        self.admins.iter().map(|a| a.user_id.as_str()).collect()
    }
}

pub fn find_admins(people: &People) -> AdminSet {
    let tenant = people.tenant();
    if tenant.directory.role_data_present {
        from_roles(people)
    } else if let Some(registrations) = &tenant.registrations {
        from_registration_flags(registrations)
    } else {
        AdminSet::default()
    }
}

fn from_roles(people: &People) -> AdminSet {
    let tenant = people.tenant();
    let mut by_user: BTreeMap<String, Admin> = BTreeMap::new();
    let mut unresolved = Vec::new();
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
        match principal_kind(people, principal) {
            PrincipalKind::User | PrincipalKind::Unknown => {
                add(&mut by_user, people, &principal.id, principal, role(None));
            }
            PrincipalKind::Group => match people.members_of(&principal.id) {
                Some(members) => {
                    for member in members {
                        if principal_kind(people, &member.principal) == PrincipalKind::User {
                            add(
                                &mut by_user,
                                people,
                                &member.principal.id,
                                &member.principal,
                                role(Some(principal.id.clone())),
                            );
                        }
                    }
                }
                None => unresolved.push(format!(
                    "{role_name} is held by group {} whose members were not exported",
                    people.group_name(&principal.id)
                )),
            },
            PrincipalKind::ServicePrincipal => {}
        }
    }
    AdminSet {
        admins: by_user.into_values().collect(),
        known: true,
        unresolved,
    }
}

/// The principal's type: as exported, else by finding its id among users or groups. An id that
/// is in neither, while registration details list every user, is not a person. With nothing to
/// tell, it is taken for a user: most role holders are people, and a missed admin is the worse
/// mistake for a compliance check.
fn principal_kind(people: &People, principal: &Principal) -> PrincipalKind {
    match principal.kind {
        PrincipalKind::Unknown if people.is_known_user(&principal.id) => PrincipalKind::User,
        PrincipalKind::Unknown if people.is_known_group(&principal.id) => PrincipalKind::Group,
        PrincipalKind::Unknown if people.tenant().registrations.is_some() => {
            PrincipalKind::ServicePrincipal
        }
        PrincipalKind::Unknown => PrincipalKind::User,
        kind => kind,
    }
}

fn add(
    by_user: &mut BTreeMap<String, Admin>,
    people: &People,
    user_id: &str,
    principal: &Principal,
    role: AdminRole,
) {
    let admin = by_user.entry(user_id.to_string()).or_insert_with(|| Admin {
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

fn from_registration_flags(registrations: &Registrations) -> AdminSet {
    let admins = registrations
        .iter()
        .filter_map(|r| {
            let flag = r.is_admin.as_ref().filter(|flag| flag.value)?;
            Some(Admin {
                user_id: r.user_id().to_string(),
                upn: r.upn().map(str::to_string),
                display_name: r.display_name().map(str::to_string),
                roles: Vec::new(),
                origin: r.flag_origin(flag),
            })
        })
        .collect();
    AdminSet {
        admins,
        known: registrations.iter().any(|r| r.is_admin.is_some()),
        unresolved: Vec::new(),
    }
}
