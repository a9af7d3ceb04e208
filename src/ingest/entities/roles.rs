//! Role definitions and every way of holding a role.

use super::directory::{read_inline_members, read_principal};
use super::{required, required_id};
use crate::ingest::json::{Object, Shaped};
use crate::model::*;
use crate::source::Origin;

pub fn read_definition(object: &Object) -> Shaped<RoleDefinition> {
    Ok(RoleDefinition {
        id: required(object, "id")?,
        template_id: object.string("templateId")?,
        display_name: object.string("displayName")?,
        origin: object.origin(),
    })
}

/// A role assignment or an active schedule instance: `principalId` holds `roleDefinitionId`.
pub fn read_holding(object: &Object, via: GrantKind) -> Shaped<RoleHolding> {
    let principal_id = required_id(object, "principalId")?;
    let mut principal = match object.expanded("principal")? {
        Some(inline) => read_principal(&inline, "id")?,
        None => Principal::bare(principal_id.clone()),
    };
    principal.id = principal_id;
    if principal.display_name.is_none() {
        // EntraExporter's PIM files add the principal's name as `PrincipalName`.
        principal.display_name = object.string("PrincipalName")?;
    }
    let role_name = match object.expanded("roleDefinition")? {
        Some(definition) => definition.string("displayName")?,
        None => object.string("RoleName")?,
    };
    Ok(RoleHolding {
        principal,
        role_id: required_id(object, "roleDefinitionId")?,
        role_name,
        via,
        scope: RoleScope::from_directory_scope_id(object.string("directoryScopeId")?.as_deref()),
        // The value that makes the principal a role holder: the role it is assigned.
        origin: value_origin(object, "roleDefinitionId"),
    })
}

pub fn read_eligibility(object: &Object) -> Shaped<RoleHolding> {
    let permanent = object.get("endDateTime").is_none()
        && object
            .object("scheduleInfo")?
            .and_then(|info| info.object("expiration").ok().flatten())
            .and_then(|exp| exp.string("type").ok().flatten())
            .is_none_or(|t| t.eq_ignore_ascii_case("noExpiration"));
    read_holding(object, GrantKind::Eligible { permanent })
}

fn value_origin(object: &Object, key: &str) -> Origin {
    object
        .get(key)
        .map_or_else(|| object.origin(), |node| node.origin())
}

/// An activated directory role (`directoryRoles`): its object id and its template.
#[derive(Debug, Clone)]
pub struct DirectoryRoleRecord {
    pub object_id: String,
    pub template_id: String,
    pub display_name: Option<String>,
    pub members: Option<super::directory::InlineMembers>,
    /// Its members are exported as files beside it (EntraExporter), so having none there
    /// means it has none.
    pub members_beside: bool,
    pub origin: Origin,
}

pub fn read_directory_role(object: &Object) -> Shaped<DirectoryRoleRecord> {
    Ok(DirectoryRoleRecord {
        object_id: required_id(object, "id")?,
        template_id: required_id(object, "roleTemplateId")?,
        display_name: object.string("displayName")?,
        members: read_inline_members(object)?,
        members_beside: false,
        origin: object.origin(),
    })
}
