//! Documents to one [`Tenant`]. Records arrive in file order (sorted paths), so the first of
//! two copies of an entity wins the same way on every run.

use std::collections::{BTreeMap, HashSet};

use super::entities::roles::DirectoryRoleRecord;
use super::{Document, EntityKind, Record};
use crate::model::*;

pub fn assemble(documents: &[Document]) -> Tenant {
    let mut tenant = Tenant::default();
    let mut directory_roles: BTreeMap<String, DirectoryRoleRecord> = BTreeMap::new();
    let mut directory_role_members: Vec<(String, Member)> = Vec::new();
    let mut seen_policies = HashSet::new();
    let mut seen_registrations = HashSet::new();

    for document in documents {
        if document.exporter_config_marker {
            tenant.ca_policies.get_or_insert_with(Vec::new);
        }
        for kind in &document.unreadable {
            *tenant.unreadable.entry(*kind).or_default() += 1;
        }
        if let Some((kind, _)) = &document.kind {
            mark_present(&mut tenant, kind);
        }
        for record in &document.records {
            match record.clone() {
                Record::CaPolicy(policy) => {
                    if policy.id.is_empty() || seen_policies.insert(policy.id.clone()) {
                        tenant
                            .ca_policies
                            .get_or_insert_with(Vec::new)
                            .push(*policy);
                    }
                }
                Record::SecurityDefaults(sd) => {
                    tenant.security_defaults.get_or_insert(sd);
                }
                Record::SsprPolicy(policy) => {
                    tenant.sspr_policy.get_or_insert(policy);
                }
                Record::Organization(org) => {
                    tenant.organization.get_or_insert(org);
                }
                Record::SubscribedSku(sku) => {
                    if tenant.tenant_id_hint.is_none() {
                        tenant.tenant_id_hint = sku
                            .id
                            .as_deref()
                            .and_then(|id| id.split_once('_'))
                            .map(|(tenant_id, _)| tenant_id.to_string());
                    }
                    tenant.licences.get_or_insert_with(Vec::new).push(sku);
                }
                Record::Registration(registration) => {
                    if seen_registrations.insert(registration.user_id.clone()) {
                        tenant
                            .registrations
                            .get_or_insert_with(Vec::new)
                            .push(registration);
                    }
                }
                Record::User(user) => {
                    tenant
                        .directory
                        .users
                        .entry(user.id.clone())
                        .or_insert(user);
                }
                Record::Group { group, members } => {
                    if let Some(members) = members {
                        tenant
                            .directory
                            .group_members
                            .entry(group.id.clone())
                            .or_default()
                            .extend(members);
                    }
                    tenant
                        .directory
                        .groups
                        .entry(group.id.clone())
                        .or_insert(group);
                }
                Record::GroupMember { group_id, member } => {
                    tenant
                        .directory
                        .group_members
                        .entry(group_id)
                        .or_default()
                        .push(member);
                }
                Record::RoleDefinition(definition) => {
                    tenant
                        .directory
                        .role_definitions
                        .entry(definition.id.clone())
                        .or_insert(definition);
                }
                Record::RoleHolding(holding) => tenant.directory.role_holdings.push(holding),
                Record::DirectoryRole(role) => {
                    directory_roles
                        .entry(role.object_id.clone())
                        .or_insert(role);
                }
                Record::DirectoryRoleMember {
                    role_object_id,
                    member,
                } => {
                    directory_role_members.push((role_object_id, member));
                }
                Record::NamedLocation => {}
            }
        }
    }
    add_directory_role_members(&mut tenant, &directory_roles, directory_role_members);
    tenant
}

/// A document of a kind proves that kind was exported, even when it holds no items.
fn mark_present(tenant: &mut Tenant, kind: &EntityKind) {
    match kind {
        EntityKind::CaPolicy => {
            tenant.ca_policies.get_or_insert_with(Vec::new);
        }
        EntityKind::Registration => {
            tenant.registrations.get_or_insert_with(Vec::new);
        }
        EntityKind::SubscribedSku => {
            tenant.licences.get_or_insert_with(Vec::new);
        }
        EntityKind::RoleDefinition
        | EntityKind::RoleAssignment
        | EntityKind::ActiveAssignment
        | EntityKind::Eligibility
        | EntityKind::DirectoryRole
        | EntityKind::DirectoryRoleMember { .. } => tenant.directory.role_data_present = true,
        _ => {}
    }
}

/// Directory role members hold the role's *template*, which only the directory role knows.
fn add_directory_role_members(
    tenant: &mut Tenant,
    roles: &BTreeMap<String, DirectoryRoleRecord>,
    members: Vec<(String, Member)>,
) {
    let inline = roles.values().flat_map(|role| {
        role.members
            .iter()
            .flatten()
            .map(|m| (role.object_id.clone(), m.clone()))
    });
    let all: Vec<(String, Member)> = members.into_iter().chain(inline).collect();
    for (role_object_id, member) in all {
        let role = roles.get(&role_object_id);
        tenant.directory.role_holdings.push(RoleHolding {
            principal: member.principal,
            role_id: role.map_or(role_object_id.clone(), |r| r.template_id.clone()),
            role_name: role.and_then(|r| r.display_name.clone()),
            via: GrantKind::DirectoryRoleMember,
            origin: member.origin,
        });
    }
}
