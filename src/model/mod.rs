//! The tenant as one typed model. Every record keeps the [`Origin`] of the JSON that produced
//! it, and every value a finding may point at keeps its own, so a rule never needs the file.

pub mod conditional_access;
pub mod directory;
pub mod ids;
pub mod licences;
pub mod locations;
pub mod registration;
pub mod roles;
pub mod settings;

use std::collections::BTreeMap;

pub use conditional_access::*;
pub use directory::*;
pub use licences::*;
pub use locations::*;
pub use registration::*;
pub use settings::*;

use crate::source::Origin;

/// A value and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Located<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Located { value, origin }
    }
}

/// A fact the export states as true or false, or does not state. What no file says is
/// `Unknown`, never `No`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    Yes,
    No,
    Unknown,
}

impl From<bool> for Fact {
    fn from(yes: bool) -> Self {
        if yes {
            Fact::Yes
        } else {
            Fact::No
        }
    }
}

impl Fact {
    /// Both hold: no when either is no, yes when both are yes, else unknown.
    pub fn and(self, other: Fact) -> Fact {
        match (self, other) {
            (Fact::No, _) | (_, Fact::No) => Fact::No,
            (Fact::Yes, Fact::Yes) => Fact::Yes,
            _ => Fact::Unknown,
        }
    }

    /// Either holds: yes when either is yes, no when both are no, else unknown.
    pub fn or(self, other: Fact) -> Fact {
        match (self, other) {
            (Fact::Yes, _) | (_, Fact::Yes) => Fact::Yes,
            (Fact::No, Fact::No) => Fact::No,
            _ => Fact::Unknown,
        }
    }
}

/// The kinds of input a rule may need; used to say what was missing or unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputKind {
    SecurityDefaults,
    ConditionalAccess,
    RoleData,
    GroupMembership,
    Users,
    ServicePrincipals,
    RegistrationDetails,
    SsprPolicy,
    Licences,
    Organization,
    NamedLocations,
    /// Exclusions a scanner's configuration accepts (CISA ScubaGear's `CapExclusions`).
    AcceptedExclusions,
    AuthenticationMethods,
    AuthorizationPolicy,
    DirectorySettings,
    Domains,
    /// PIM settings of roles (role management policies and their rules).
    RoleSettings,
    AppManagement,
    /// ScubaGear's delegated permissions classified as low impact that it finds risky.
    PermissionClassifications,
}

impl InputKind {
    /// One record of this kind, for messages: "the Conditional Access policy".
    pub fn one(self) -> &'static str {
        match self {
            InputKind::SecurityDefaults => "the security defaults policy",
            InputKind::ConditionalAccess => "the Conditional Access policy",
            InputKind::RoleData => "the role record",
            InputKind::GroupMembership => "the group",
            InputKind::Users => "the user",
            InputKind::ServicePrincipals => "the service principal",
            InputKind::RegistrationDetails => "the registration details of user",
            InputKind::SsprPolicy => "the self-service password reset policy",
            InputKind::Licences => "the subscribed SKU",
            InputKind::Organization => "the organization",
            InputKind::NamedLocations => "the named location",
            InputKind::AcceptedExclusions => "the accepted exclusion",
            InputKind::AuthenticationMethods => "the authentication methods policy",
            InputKind::AuthorizationPolicy => "the authorization policy",
            InputKind::DirectorySettings => "the directory setting",
            InputKind::Domains => "the domain",
            InputKind::RoleSettings => "the role management policy",
            InputKind::AppManagement => "the application management policy",
            InputKind::PermissionClassifications => "the permission classification list",
        }
    }

    /// Why a rule that reads this kind is not evaluated without it, and which export settles
    /// it, for the tenant settings the SCuBA rules read one by one.
    pub fn missing(self) -> String {
        let (what, settled_by) = match self {
            // A tree without the folder does not say there are none: EntraExporter's
            // `-Type Policies` writes `Policies/` and no Conditional Access at all.
            InputKind::ConditionalAccess => (
                "export of the Conditional Access policies",
                "save the response of `GET /v1.0/identity/conditionalAccess/policies` (`{\"value\": []}` \
                 for a tenant that has none), or export EntraExporter's Identity/Conditional/AccessPolicies \
                 folder (Config; it writes no folder when there are none)",
            ),
            InputKind::SecurityDefaults => (
                "security defaults policy",
                "save `GET /v1.0/policies/identitySecurityDefaultsEnforcementPolicy`, or export \
                 EntraExporter's Policies/IdentitySecurityDefaultsEnforcementPolicy folder (Config)",
            ),
            InputKind::AuthenticationMethods => (
                "authentication methods policy",
                "save `GET /v1.0/policies/authenticationMethodsPolicy`, or run ScubaGear",
            ),
            InputKind::AuthorizationPolicy => (
                "authorization policy",
                "save `GET /v1.0/policies/authorizationPolicy`, or export EntraExporter's \
                 Policies/AuthorizationPolicy folder (Config)",
            ),
            InputKind::DirectorySettings => (
                "directory settings",
                "save `GET /v1.0/groupSettings`, or export EntraExporter's GroupSettings folder (Config)",
            ),
            InputKind::Domains => (
                "domains",
                "save `GET /v1.0/domains`, or export EntraExporter's Domains folder (Config)",
            ),
            InputKind::AppManagement => (
                "application management policies",
                "save `GET /v1.0/policies/defaultAppManagementPolicy`, or export EntraExporter's \
                 Policies/DefaultAppManagementPolicy folder (Config)",
            ),
            other => (
                other.describe(),
                "the export guide (docs/exporting.md) names the export that has it",
            ),
        };
        format!("the input has no {what}: {settled_by}")
    }

    pub fn describe(self) -> &'static str {
        match self {
            InputKind::SecurityDefaults => "security defaults policy",
            InputKind::ConditionalAccess => "Conditional Access policies",
            InputKind::RoleData => "directory role assignments",
            InputKind::GroupMembership => "group memberships",
            InputKind::Users => "users",
            InputKind::ServicePrincipals => "service principals",
            InputKind::RegistrationDetails => "user registration details",
            InputKind::SsprPolicy => "self-service password reset policy",
            InputKind::Licences => "licences (subscribed SKUs)",
            InputKind::Organization => "organization",
            InputKind::NamedLocations => "named locations",
            InputKind::AcceptedExclusions => "exclusions accepted in ScubaGear's configuration",
            InputKind::AuthenticationMethods => {
                "authentication methods policy (policies/authenticationMethodsPolicy)"
            }
            InputKind::AuthorizationPolicy => "authorization policy (policies/authorizationPolicy)",
            InputKind::DirectorySettings => "directory settings (settings)",
            InputKind::Domains => "domains",
            InputKind::RoleSettings => {
                "PIM role settings (policies/roleManagementPolicyAssignments with their policies' rules)"
            }
            InputKind::AppManagement => {
                "application management policies (policies/defaultAppManagementPolicy)"
            }
            InputKind::PermissionClassifications => {
                "ScubaGear's risky delegated permission classifications"
            }
        }
    }
}

/// Security defaults (`identitySecurityDefaultsEnforcementPolicy`).
#[derive(Debug, Clone)]
pub struct SecurityDefaults {
    pub is_enabled: Located<bool>,
    pub origin: Origin,
}

/// Self-service password reset policy, as the Azure portal's `PasswordResetPolicies` returns it.
#[derive(Debug, Clone)]
pub struct SsprPolicy {
    pub enablement: Located<SsprEnablement>,
    pub group_ids: Vec<String>,
    pub group_name: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsprEnablement {
    None,
    SelectedGroup,
    All,
    Unknown(i64),
}

impl SsprEnablement {
    pub fn from_code(code: i64) -> Self {
        match code {
            0 => SsprEnablement::None,
            1 => SsprEnablement::SelectedGroup,
            2 => SsprEnablement::All,
            other => SsprEnablement::Unknown(other),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Organization {
    pub id: String,
    pub display_name: Option<String>,
    /// The `verifiedDomains` entry marked `isDefault`, when exported.
    pub primary_domain: Option<String>,
    /// `assignedPlans`, when exported: licence evidence beside subscribed SKUs.
    pub assigned_plans: Option<Vec<AssignedPlan>>,
    pub origin: Origin,
}

/// Users and groups that CISA ScubaGear's configuration (`scuba_config.Aad`) accepts as
/// excluded from what one SCuBA control checks: declared, reviewed exceptions, as tenantlint's
/// own `[emergency-access]` accounts are.
#[derive(Debug, Clone)]
pub struct AcceptedExclusion {
    /// The SCuBA control, e.g. `MS.AAD.1.1v1`.
    pub control: String,
    pub scope: ExclusionScope,
    pub users: Vec<Located<String>>,
    pub groups: Vec<Located<String>>,
    pub origin: Origin,
}

/// What an accepted exclusion exempts its users and groups from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExclusionScope {
    /// `CapExclusions`: Conditional Access policies.
    ConditionalAccess,
    /// `RoleExclusions`: the checks of privileged role assignments, never a policy.
    RoleAssignments,
}

impl ExclusionScope {
    /// The key ScubaGear's configuration writes.
    pub fn key(self) -> &'static str {
        match self {
            ExclusionScope::ConditionalAccess => "CapExclusions",
            ExclusionScope::RoleAssignments => "RoleExclusions",
        }
    }
}

impl AcceptedExclusion {
    /// Where messages say it came from: `scuba_config Aad MS.AAD.1.1v1 CapExclusions`.
    pub fn describe(&self) -> String {
        format!(
            "ScubaGear's configuration (scuba_config Aad {} {})",
            self.control,
            self.scope.key()
        )
    }

    fn names(&self, object_id: &str) -> bool {
        self.users
            .iter()
            .chain(&self.groups)
            .any(|id| id.value.eq_ignore_ascii_case(object_id))
    }

    /// Whether this exclusion accepts `object_id` (a user or a group) holding a role outside the
    /// checks of `control` (`MS.AAD.7.4`, any version). ScubaGear pools its users and groups.
    pub fn accepts_role_exclusion_of(&self, object_id: &str, control: &str) -> bool {
        let versioned = self
            .control
            .strip_prefix(control)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('v'));
        self.scope == ExclusionScope::RoleAssignments && versioned && self.names(object_id)
    }

    /// Whether this exclusion accepts `object_id` (a user or a group) being excluded from a
    /// Conditional Access policy.
    pub fn accepts_policy_exclusion_of(&self, object_id: &str) -> bool {
        self.scope == ExclusionScope::ConditionalAccess && self.names(object_id)
    }
}

/// Everything read from one run's inputs.
#[derive(Debug, Default)]
pub struct Tenant {
    pub organization: Option<Organization>,
    /// A tenant id found elsewhere when no organization document was exported
    /// (EntraExporter names subscribed SKUs `<tenantId>_<skuId>`).
    pub tenant_id_hint: Option<String>,
    pub security_defaults: Option<SecurityDefaults>,
    /// `None` when the export holds no Conditional Access data at all; `Some(empty)` when it
    /// proves there are no policies (a saved empty collection; an EntraExporter tree without the
    /// folder does not, see `analysis::licences::ca_enforcement_known`).
    pub ca_policies: Option<Vec<CaPolicy>>,
    /// `None` when the export holds no named locations (an export without them proves nothing).
    pub named_locations: Option<Vec<NamedLocation>>,
    pub directory: Directory,
    pub registrations: Option<Registrations>,
    pub sspr_policy: Option<SsprPolicy>,
    pub licences: Option<Vec<SubscribedSku>>,
    /// Records of a kind that were present but could not be read; a rule that needs that
    /// kind must not pass on the rest.
    pub unreadable: BTreeMap<InputKind, usize>,
    /// Files that could not be read and whose kind cannot be told, by path: they could have
    /// held anything, so no rule passes.
    pub unreadable_of_unknown_kind: Vec<String>,
    /// Tenant ids other than the tenant's own (a second organization, SKUs of another tenant),
    /// with where each was read: the input is not one tenant, and no rule passes on a merge of
    /// two. While the records are assembled, every tenant id seen.
    pub other_tenants: Vec<(String, Origin)>,
    /// Users and groups a scanner's configuration accepts as excluded from policies.
    pub accepted_exclusions: Vec<AcceptedExclusion>,
    pub settings: Settings,
}

impl Tenant {
    /// The subject of tenant-wide findings: the tenant id, or `tenant` when the export has none.
    pub fn subject(&self) -> String {
        self.organization
            .as_ref()
            .map(|o| o.id.clone())
            .or_else(|| self.tenant_id_hint.clone())
            .unwrap_or_else(|| "tenant".to_string())
    }

    pub fn has(&self, kind: InputKind) -> bool {
        match kind {
            InputKind::SecurityDefaults => self.security_defaults.is_some(),
            InputKind::ConditionalAccess => self.ca_policies.is_some(),
            InputKind::RoleData => self.directory.has_holder_lists(),
            InputKind::GroupMembership => !self.directory.group_members.is_empty(),
            InputKind::Users => !self.directory.users.is_empty(),
            InputKind::ServicePrincipals => !self.directory.service_principals.is_empty(),
            InputKind::RegistrationDetails => self.registrations.is_some(),
            InputKind::SsprPolicy => self.sspr_policy.is_some(),
            InputKind::Licences => self.licences.is_some(),
            InputKind::Organization => self.organization.is_some(),
            InputKind::NamedLocations => self.named_locations.is_some(),
            InputKind::AcceptedExclusions => !self.accepted_exclusions.is_empty(),
            InputKind::AuthenticationMethods => self.settings.authentication_methods.is_some(),
            InputKind::AuthorizationPolicy => self.settings.authorization.is_some(),
            InputKind::DirectorySettings => self.settings.directory_settings.is_some(),
            InputKind::Domains => self.settings.domains.is_some(),
            InputKind::RoleSettings => self.settings.role_settings.is_some(),
            InputKind::AppManagement => self.settings.app_management.is_some(),
            InputKind::PermissionClassifications => {
                self.settings.risky_low_impact_permissions.is_some()
            }
        }
    }

    pub fn policies(&self) -> &[CaPolicy] {
        self.ca_policies.as_deref().unwrap_or_default()
    }
}
