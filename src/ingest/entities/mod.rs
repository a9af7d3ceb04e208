//! One reader per entity kind: a JSON object in, a model record out, or the first value of a
//! wrong type as a [`ShapeError`].

pub mod conditional_access;
pub mod directory;
pub mod policies;
pub mod roles;
pub mod settings;

use super::json::{JsonKind, Node, Object, ShapeError, Shaped};
use super::{EntityKind, Record};
use crate::model::ids::{is_guid, IdList};

pub fn read(kind: &EntityKind, object: &Object) -> Shaped<Record> {
    match kind {
        EntityKind::CaPolicy => {
            conditional_access::read_policy(object).map(|p| Record::CaPolicy(Box::new(p)))
        }
        EntityKind::SecurityDefaults => {
            policies::read_security_defaults(object).map(Record::SecurityDefaults)
        }
        EntityKind::SsprPolicy => policies::read_sspr_policy(object).map(Record::SsprPolicy),
        EntityKind::Organization => policies::read_organization(object).map(Record::Organization),
        EntityKind::SubscribedSku => {
            policies::read_subscribed_sku(object).map(Record::SubscribedSku)
        }
        EntityKind::Registration => directory::read_registration(object).map(Record::Registration),
        EntityKind::User => directory::read_user(object).map(Record::User),
        EntityKind::ServicePrincipal => required(object, "id").map(Record::ServicePrincipal),
        EntityKind::Group => directory::read_group(object),
        EntityKind::GroupMember { group_id } => Ok(Record::GroupMember {
            group_id: group_id.clone(),
            member: directory::read_member(object)?,
        }),
        EntityKind::DirectoryRoleMember { role_object_id } => Ok(Record::DirectoryRoleMember {
            role_object_id: role_object_id.clone(),
            member: directory::read_member(object)?,
        }),
        EntityKind::RoleDefinition => roles::read_definition(object).map(Record::RoleDefinition),
        EntityKind::RoleAssignment => {
            roles::read_holding(object, crate::model::GrantKind::Assignment)
                .map(Record::RoleHolding)
        }
        EntityKind::ActiveAssignment => {
            roles::read_holding(object, crate::model::GrantKind::ActiveInstance)
                .map(Record::RoleHolding)
        }
        EntityKind::Eligibility => roles::read_eligibility(object).map(Record::RoleHolding),
        EntityKind::DirectoryRole => roles::read_directory_role(object).map(Record::DirectoryRole),
        EntityKind::NamedLocation => {
            conditional_access::read_named_location(object).map(Record::NamedLocation)
        }
        EntityKind::AuthMethodsPolicy => settings::read_auth_methods_policy(object)
            .map(|(policy, configurations)| Record::AuthMethodsPolicy(policy, configurations)),
        EntityKind::AuthMethodConfiguration => {
            settings::read_method_configuration(object).map(Record::AuthMethodConfiguration)
        }
        EntityKind::AuthorizationPolicy => {
            settings::read_authorization_policy(object).map(Record::AuthorizationPolicy)
        }
        EntityKind::DirectorySetting => {
            settings::read_directory_setting(object).map(Record::DirectorySetting)
        }
        EntityKind::Domain => settings::read_domain(object).map(Record::Domain),
        EntityKind::RolePolicyAssignment => {
            settings::read_role_policy_assignment(object).map(|(role_id, policy_id, settings)| {
                Record::RolePolicyAssignment {
                    role_id,
                    policy_id,
                    settings,
                }
            })
        }
        EntityKind::RolePolicy => Ok(Record::RolePolicy {
            id: required(object, "id")?,
            rules: settings::read_policy_rules(object)?,
            origin: object.origin(),
        }),
        EntityKind::AppManagementPolicy(scope) => {
            settings::read_app_management_policy(object, *scope).map(Record::AppManagementPolicy)
        }
        // Read key by key from a ScubaGear export (see `ingest::scubagear`), never item by item.
        EntityKind::PrivilegedHolder
        | EntityKind::PrivilegedRoles
        | EntityKind::AcceptedExclusions
        | EntityKind::PrivilegedRoleSettings
        | EntityKind::RiskyPermissionClassifications => Err(object
            .node()
            .shape_error("an entity of a kind a Graph response holds")),
    }
}

/// A required string member.
fn required(object: &Object, key: &str) -> Shaped<String> {
    object
        .string(key)?
        .ok_or_else(|| super::missing(object, key))
}

/// A required object id: Graph writes object ids as GUIDs, so anything else (braces, spaces,
/// two ids in one string, a placeholder or a display name) is an input error at the value,
/// never taken for another principal.
pub(crate) fn required_id(object: &Object, key: &str) -> Shaped<String> {
    let id = required(object, key)?;
    match object.get(key) {
        Some(node) if !is_guid(&id) => Err(not_an_id(&id, node.origin())),
        _ => Ok(id),
    }
}

/// Whether a list item may stand: a GUID or one of `keywords` (`All`, `None`, ...); anything
/// else is an input error at the value.
fn checked_id(
    value: &str,
    keywords: &[&str],
    origin: impl FnOnce() -> crate::source::Origin,
) -> Shaped<()> {
    if is_guid(value) || keywords.iter().any(|k| k.eq_ignore_ascii_case(value)) {
        Ok(())
    } else {
        Err(not_an_id(value, origin()))
    }
}

/// The object ids of a list member, each a GUID or one of `keywords` (`All`, `None`, ...).
pub(crate) fn object_ids(
    object: &Object,
    key: &str,
    keywords: &[&str],
) -> Shaped<Vec<crate::model::Located<String>>> {
    object
        .strings(key)?
        .into_iter()
        .map(|(value, origin)| {
            checked_id(&value, keywords, || origin.clone())?;
            Ok(crate::model::Located::new(value, origin))
        })
        .collect()
}

/// Like [`object_ids`], for lists that may be long (the users a policy names): held as an
/// [`IdList`](crate::model::ids::IdList), read item by item.
pub(crate) fn object_id_list(object: &Object, key: &str, keywords: &[&str]) -> Shaped<IdList> {
    let Some(node) = object.get(key) else {
        return Ok(IdList::default());
    };
    let id_of = |item: &Node<'_>| -> Shaped<Option<String>> {
        if item.is_null() {
            return Ok(None);
        }
        let value = item.str()?;
        checked_id(&value, keywords, || item.origin())?;
        Ok(Some(value.into_owned()))
    };
    let single = node.kind() != JsonKind::Array;
    let mut list = IdList::written_at(node.origin(), single);
    // A list too long to hold is unreadable, never read as if it ended early: the ids left out
    // could be the exclusions that matter.
    let full = || {
        ShapeError {
        message: format!(
            "the list at `{}` holds more object ids than tenantlint can hold (4 GiB of them), so the \
             record is not read",
            node.pointer()
        ),
        origin: node.origin(),
    }
    };
    if single {
        if let Some(id) = id_of(&node)? {
            list.push(&id, node.span()).map_err(|_| full())?;
        }
    } else {
        node.each_item(|item| {
            if let Some(id) = id_of(&item)? {
                list.push(&id, item.span()).map_err(|_| full())?;
            }
            Ok(())
        })?;
    }
    list.finish();
    Ok(list)
}

pub(crate) fn not_an_id(value: &str, origin: crate::source::Origin) -> ShapeError {
    let shown: String = value.chars().take(80).collect();
    ShapeError {
        message: format!(
            "`{shown}` at `{}` is not an object id: Graph writes object ids as GUIDs (8-4-4-4-12 \
             hexadecimal digits, nothing around them), so it cannot be matched to anyone and the record \
             is not read; export it from the tenant again, or leave template files out with --exclude",
            origin.pointer
        ),
        origin,
    }
}
