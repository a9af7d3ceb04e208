//! One reader per entity kind: a JSON object in, a model record out, or the first value of a
//! wrong type as a [`ShapeError`].

pub mod conditional_access;
pub mod directory;
pub mod policies;
pub mod roles;

use super::json::{Object, Shaped};
use super::{EntityKind, Record};

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
        EntityKind::NamedLocation => Ok(Record::NamedLocation),
    }
}

/// A required string member.
fn required(object: &Object, key: &str) -> Shaped<String> {
    object
        .string(key)?
        .ok_or_else(|| super::missing(object, key))
}
