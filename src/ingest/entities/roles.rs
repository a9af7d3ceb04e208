//! Role definitions and every way of holding a role.

use super::directory::{read_inline_members, read_principal};
use super::settings::read_timestamp;
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
        schedule: read_schedule(object)?,
        // The value that makes the principal a role holder: the role it is assigned.
        origin: value_origin(object, "roleDefinitionId"),
    })
}

/// The PIM schedule of a schedule instance, when the object is one: it writes its type or its
/// dates, even as null.
fn read_schedule(object: &Object) -> Shaped<Option<Schedule>> {
    let is_schedule = [
        "assignmentType",
        "startDateTime",
        "endDateTime",
        "memberType",
        "scheduleInfo",
    ]
    .iter()
    .any(|key| object.is_written(key));
    if !is_schedule {
        return Ok(None);
    }
    let assignment_type = match object.str("assignmentType")?.as_deref() {
        Some(t) if t.eq_ignore_ascii_case("assigned") => AssignmentType::Assigned,
        Some(t) if t.eq_ignore_ascii_case("activated") => AssignmentType::Activated,
        _ => AssignmentType::Unknown,
    };
    // A schedule (not an instance) keeps its dates in `scheduleInfo`.
    let info = object.object("scheduleInfo")?;
    let dated = info.as_ref().unwrap_or(object);
    let start = match dated.get("startDateTime") {
        Some(node) => read_timestamp(&node)?.map_or(Start::Unknown, Start::At),
        None if dated.is_written("startDateTime") => Start::OutsidePim,
        None => Start::Unknown,
    };
    let end = match &info {
        Some(info) => schedule_info_end(info)?,
        None => match object.get("endDateTime") {
            Some(node) => read_timestamp(&node)?.map_or(Expiry::Unknown, Expiry::At),
            None if object.is_written("endDateTime") => Expiry::Never,
            None => Expiry::Unknown,
        },
    };
    Ok(Some(Schedule {
        assignment_type,
        start,
        end,
        member_type: object.string("memberType")?,
        origin: written_origin(object, "endDateTime"),
    }))
}

/// `scheduleInfo.expiration`: `noExpiration`, or an end date or duration.
fn schedule_info_end(info: &Object) -> Shaped<Expiry> {
    let Some(expiration) = info.object("expiration")? else {
        return Ok(Expiry::Unknown);
    };
    if let Some(end) = expiration.get("endDateTime") {
        return Ok(read_timestamp(&end)?.map_or(Expiry::Unknown, Expiry::At));
    }
    Ok(match expiration.str("type")?.as_deref() {
        Some(t) if t.eq_ignore_ascii_case("noExpiration") => Expiry::Never,
        _ => Expiry::Unknown,
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

/// Where a member is written, null included (the null end date of a permanent assignment is
/// the value a finding points at).
fn written_origin(object: &Object, key: &str) -> Origin {
    object
        .written(key)
        .map_or_else(|| object.origin(), |node| node.origin())
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
