//! Who is who: users, groups and their members, and every way a principal holds a directory
//! role (assignment, active PIM instance, PIM eligibility, directory role membership).

use std::collections::BTreeMap;

use crate::source::Origin;

use super::UserType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalKind {
    User,
    Group,
    ServicePrincipal,
    /// The export did not say (an assignment without `$expand=principal`).
    Unknown,
}

impl PrincipalKind {
    pub fn from_odata_type(odata_type: Option<&str>) -> Self {
        match odata_type {
            Some("user") => PrincipalKind::User,
            Some("group") => PrincipalKind::Group,
            Some("serviceprincipal") => PrincipalKind::ServicePrincipal,
            _ => PrincipalKind::Unknown,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Principal {
    pub id: String,
    pub kind: PrincipalKind,
    pub display_name: Option<String>,
    pub upn: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantKind {
    Assignment,
    ActiveInstance,
    Eligible { permanent: bool },
    DirectoryRoleMember,
}

impl GrantKind {
    pub fn describe(self) -> &'static str {
        match self {
            GrantKind::Assignment => "role assignment",
            GrantKind::ActiveInstance => "active role assignment",
            GrantKind::Eligible { permanent: true } => "permanent PIM eligibility",
            GrantKind::Eligible { permanent: false } => "PIM eligibility",
            GrantKind::DirectoryRoleMember => "directory role membership",
        }
    }
}

/// One way a principal holds a role. `role_id` is the role definition id as exported; for
/// built-in roles it is the template id, for activated directory roles the template id is
/// taken from the directory role.
#[derive(Debug, Clone)]
pub struct RoleHolding {
    pub principal: Principal,
    pub role_id: String,
    pub role_name: Option<String>,
    pub via: GrantKind,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct RoleDefinition {
    pub id: String,
    pub template_id: Option<String>,
    pub display_name: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub upn: Option<String>,
    pub display_name: Option<String>,
    pub user_type: UserType,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub display_name: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub principal: Principal,
    pub origin: Origin,
}

#[derive(Debug, Default)]
pub struct Directory {
    pub users: BTreeMap<String, User>,
    pub groups: BTreeMap<String, Group>,
    /// Direct members per group id, present only for groups whose members were exported.
    pub group_members: BTreeMap<String, Vec<Member>>,
    pub role_definitions: BTreeMap<String, RoleDefinition>,
    pub role_holdings: Vec<RoleHolding>,
    /// Whether any role data was exported, even an empty list.
    pub role_data_present: bool,
}
