//! Who is who: users, groups and their members, and every way a principal holds a directory
//! role (assignment, active PIM instance, PIM eligibility, directory role membership).

use std::collections::{BTreeMap, BTreeSet};

use crate::source::Origin;

use super::{Fact, Timestamp, UserType};

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
    /// `userType` of an expanded user principal; `Unknown` when not written.
    pub user_type: UserType,
    /// Synchronised from on-premises Active Directory (see [`on_premises_fact`]).
    pub on_premises: Fact,
}

impl Principal {
    /// A principal known by its id alone (an assignment without `$expand=principal`).
    pub fn bare(id: String) -> Self {
        Principal {
            id,
            kind: PrincipalKind::Unknown,
            display_name: None,
            upn: None,
            user_type: UserType::Unknown,
            on_premises: Fact::Unknown,
        }
    }
}

/// Whether an account comes from on-premises Active Directory: `onPremisesSyncEnabled` true or an
/// `onPremisesImmutableId` says yes (a converted account keeps its anchor and its exposure);
/// an `onPremisesImmutableId` written as null says no; neither written says nothing.
pub fn on_premises_fact(sync_enabled: Option<bool>, immutable_id: Option<Option<&str>>) -> Fact {
    match (sync_enabled, immutable_id) {
        (Some(true), _) | (_, Some(Some(_))) => Fact::Yes,
        (_, Some(None)) => Fact::No,
        _ => Fact::Unknown,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantKind {
    Assignment,
    ActiveInstance,
    Eligible {
        permanent: bool,
    },
    DirectoryRoleMember,
    /// Listed by CISA ScubaGear's `privileged_users`: an active holding (directly or through a
    /// group) or a PIM eligibility, which the export does not tell apart.
    Privileged,
}

impl GrantKind {
    pub fn describe(self) -> &'static str {
        match self {
            GrantKind::Assignment => "role assignment",
            GrantKind::ActiveInstance => "active role assignment",
            GrantKind::Eligible { permanent: true } => "permanent PIM eligibility",
            GrantKind::Eligible { permanent: false } => "PIM eligibility",
            GrantKind::DirectoryRoleMember => "directory role membership",
            GrantKind::Privileged => "privileged role (active or eligible, as ScubaGear lists it)",
        }
    }
}

/// Where a role holding applies: the whole tenant (`directoryScopeId` `/`), or one administrative
/// unit or application. Role-targeted Conditional Access covers only tenant-wide holdings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleScope {
    Tenant,
    /// `directoryScopeId` as written: `/administrativeUnits/<id>`, `/<applicationId>`, ...
    Scoped(String),
    /// Not written where a list of this kind carries it.
    Unknown,
}

impl RoleScope {
    pub fn from_directory_scope_id(scope: Option<&str>) -> Self {
        match scope {
            Some("/") => RoleScope::Tenant,
            Some(scope) => RoleScope::Scoped(scope.to_string()),
            None => RoleScope::Unknown,
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
    pub scope: RoleScope,
    /// The PIM schedule behind the holding, for schedule instances and ScubaGear's PIM lists.
    pub schedule: Option<Schedule>,
    pub origin: Origin,
}

/// How an active PIM holding came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentType {
    /// Assigned active by an administrator (in PIM or outside it).
    Assigned,
    /// Activated by an eligible user for a while.
    Activated,
    Unknown,
}

/// When a holding began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// `startDateTime` written as null: the assignment was made outside PIM, which dates every
    /// assignment it makes.
    OutsidePim,
    At(Timestamp),
    /// Not written.
    Unknown,
}

/// When a holding ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// `endDateTime` written as null: the holding never ends.
    Never,
    At(Timestamp),
    /// Not written.
    Unknown,
}

/// The PIM schedule of an active or eligible holding.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub assignment_type: AssignmentType,
    pub start: Start,
    pub end: Expiry,
    /// `memberType`: `Direct`, `Group` (through a role-assignable group) or `Inherited`.
    pub member_type: Option<String>,
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
    pub on_premises: Fact,
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

/// A list of role holders an export can carry; each names the holders of one kind of holding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HolderList {
    /// `roleManagement/directory/roleAssignments`: every active assignment.
    Assignments,
    /// `roleAssignmentScheduleInstances`: every active assignment, PIM-activated ones included.
    ActiveInstances,
    /// `roleEligibilitySchedules` or their instances: PIM eligibility.
    Eligibility,
    /// `directoryRoles` with their members: the active members of activated roles.
    DirectoryRoleMembers,
    /// CISA ScubaGear's `privileged_users` and `privileged_roles`: the holders of the roles
    /// ScubaGear counts as privileged, and of no other role.
    Privileged,
    /// ScubaGear's `privileged_roles` with their `Assignments`: the active PIM assignments of
    /// its privileged roles, with their schedules.
    PrivilegedSchedules,
}

/// An activated directory role whose members were not exported: it has holders no one named.
#[derive(Debug, Clone)]
pub struct RoleWithoutMembers {
    /// Some members were listed inline, in a list Graph may have cut at 20.
    pub some_listed: bool,
    pub template_id: String,
    pub display_name: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Default)]
pub struct Directory {
    pub users: BTreeMap<String, User>,
    pub groups: BTreeMap<String, Group>,
    /// Ids of exported service principals: a role holder found here is not a person.
    pub service_principals: BTreeSet<String>,
    /// Direct members per group id, present only for groups whose members were exported.
    pub group_members: BTreeMap<String, Vec<Member>>,
    /// Groups whose member list misses members: a member record that could not be read, or an
    /// inline list Graph may have cut. Their membership is unknown beyond who is listed.
    pub incomplete_member_lists: BTreeSet<String>,
    pub role_definitions: BTreeMap<String, RoleDefinition>,
    pub role_holdings: Vec<RoleHolding>,
    /// The lists of role holders the export has, even empty ones.
    pub holder_lists: BTreeSet<HolderList>,
    /// Activated directory roles exported without all their members.
    pub roles_without_members: Vec<RoleWithoutMembers>,
    /// Object ids of directory roles whose members were exported but not the role itself: which
    /// role they hold cannot be told.
    pub unknown_roles: Vec<String>,
}

impl Directory {
    /// Whether the export names any role holders at all.
    pub fn has_holder_lists(&self) -> bool {
        !self.holder_lists.is_empty()
    }

    /// Whether the export names every holder of every role: every active holding and every
    /// eligible one. Only then does a user missing from the lists hold no role. The members of
    /// directory roles are never all active holders: holders scoped to an administrative unit or
    /// an application are listed apart or not at all; only the assignments name them.
    pub fn holders_complete(&self) -> bool {
        let active = self.holder_lists.contains(&HolderList::Assignments)
            || self.holder_lists.contains(&HolderList::ActiveInstances);
        active
            && self.holder_lists.contains(&HolderList::Eligibility)
            && self.unknown_roles.is_empty()
    }
}
