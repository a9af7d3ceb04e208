//! Conditional Access policies. Enumerations keep values they do not know (Graph enums grow):
//! an unknown value is carried, not rejected, and the analysis treats it conservatively.

use super::Located;
use crate::source::Origin;

pub const ALL: &str = "All";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyState {
    Enabled,
    Disabled,
    ReportOnly,
    Unknown(String),
}

impl PolicyState {
    pub fn parse(text: &str) -> Self {
        match text.to_ascii_lowercase().as_str() {
            "enabled" => PolicyState::Enabled,
            "disabled" => PolicyState::Disabled,
            "enabledforreportingbutnotenforced" => PolicyState::ReportOnly,
            _ => PolicyState::Unknown(text.to_string()),
        }
    }

    /// As Graph writes it: `enabled`, `enabledForReportingButNotEnforced`, `disabled`.
    pub fn graph_name(&self) -> &str {
        match self {
            PolicyState::Enabled => "enabled",
            PolicyState::Disabled => "disabled",
            PolicyState::ReportOnly => "enabledForReportingButNotEnforced",
            PolicyState::Unknown(text) => text,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            PolicyState::Enabled => "enabled".into(),
            PolicyState::Disabled => "disabled".into(),
            PolicyState::ReportOnly => "report-only".into(),
            PolicyState::Unknown(s) => format!("in an unknown state `{s}`"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClientAppType {
    All,
    Browser,
    MobileAppsAndDesktopClients,
    ExchangeActiveSync,
    EasSupported,
    Other,
    Unknown,
}

impl ClientAppType {
    pub fn parse(text: &str) -> Self {
        match text.to_ascii_lowercase().as_str() {
            "all" => ClientAppType::All,
            "browser" => ClientAppType::Browser,
            "mobileappsanddesktopclients" => ClientAppType::MobileAppsAndDesktopClients,
            "exchangeactivesync" => ClientAppType::ExchangeActiveSync,
            "eassupported" => ClientAppType::EasSupported,
            "other" => ClientAppType::Other,
            _ => ClientAppType::Unknown,
        }
    }

    /// The four client app types that together are every sign-in.
    pub const EVERY: [ClientAppType; 4] = [
        ClientAppType::Browser,
        ClientAppType::MobileAppsAndDesktopClients,
        ClientAppType::ExchangeActiveSync,
        ClientAppType::Other,
    ];

    /// Legacy authentication: Exchange ActiveSync and other clients.
    pub const LEGACY: [ClientAppType; 2] =
        [ClientAppType::ExchangeActiveSync, ClientAppType::Other];

    pub fn name(self) -> &'static str {
        match self {
            ClientAppType::All => "all",
            ClientAppType::Browser => "browser",
            ClientAppType::MobileAppsAndDesktopClients => "mobileAppsAndDesktopClients",
            ClientAppType::ExchangeActiveSync => "exchangeActiveSync",
            ClientAppType::EasSupported => "easSupported",
            ClientAppType::Other => "other",
            ClientAppType::Unknown => "an unknown client app type",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantControl {
    Block,
    Mfa,
    CompliantDevice,
    DomainJoinedDevice,
    ApprovedApplication,
    CompliantApplication,
    PasswordChange,
    RiskRemediation,
    Unknown(String),
}

impl GrantControl {
    pub fn parse(text: &str) -> Self {
        match text.to_ascii_lowercase().as_str() {
            "block" => GrantControl::Block,
            "mfa" => GrantControl::Mfa,
            "compliantdevice" => GrantControl::CompliantDevice,
            "domainjoineddevice" => GrantControl::DomainJoinedDevice,
            "approvedapplication" => GrantControl::ApprovedApplication,
            "compliantapplication" => GrantControl::CompliantApplication,
            "passwordchange" => GrantControl::PasswordChange,
            "riskremediation" => GrantControl::RiskRemediation,
            _ => GrantControl::Unknown(text.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantOperator {
    And,
    Or,
    Unknown(String),
}

#[derive(Debug, Clone)]
pub struct Grant {
    pub operator: Located<GrantOperator>,
    pub built_in: Vec<Located<GrantControl>>,
    /// The id of the authentication strength, when one is required.
    pub authentication_strength: Option<Located<String>>,
    /// The strength's `allowedCombinations`, when the export expands it.
    pub strength_combinations: Option<Vec<String>>,
    /// Custom controls and terms of use: each is one more control in the list.
    pub other_controls: Vec<Located<String>>,
    pub origin: Origin,
}

/// Guest and external user selection; `types` come from a comma-separated string.
#[derive(Debug, Clone)]
pub struct GuestSelection {
    pub types: Vec<String>,
    /// `externalTenants` names some tenants (`membershipKind: enumerated`) rather than all: which
    /// external users it selects depends on their home tenant, which no export states.
    pub some_tenants: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default)]
pub struct UserConditions {
    /// User ids, and the keywords `All`, `None` and `GuestsOrExternalUsers`.
    pub include_users: super::ids::IdList,
    pub exclude_users: super::ids::IdList,
    pub include_groups: Vec<Located<String>>,
    pub exclude_groups: Vec<Located<String>>,
    pub include_roles: Vec<Located<String>>,
    pub exclude_roles: Vec<Located<String>>,
    pub include_guests: Option<GuestSelection>,
    pub exclude_guests: Option<GuestSelection>,
    pub origin: Option<Origin>,
}

#[derive(Debug, Clone, Default)]
pub struct AppConditions {
    pub include: Vec<Located<String>>,
    pub exclude: Vec<Located<String>>,
    pub user_actions: Vec<Located<String>>,
    pub authentication_contexts: Vec<Located<String>>,
    pub filter: Option<Origin>,
    pub origin: Option<Origin>,
}

/// An include/exclude pair of a condition such as platforms or locations.
#[derive(Debug, Clone)]
pub struct IncludeExclude {
    pub include: Vec<Located<String>>,
    pub exclude: Vec<Located<String>>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default)]
pub struct Conditions {
    pub users: UserConditions,
    pub applications: AppConditions,
    /// `None` when absent or empty: every client app type.
    pub client_app_types: Option<Located<Vec<Located<ClientAppType>>>>,
    pub platforms: Option<IncludeExclude>,
    pub locations: Option<IncludeExclude>,
    pub sign_in_risk_levels: Option<Located<Vec<String>>>,
    pub user_risk_levels: Option<Located<Vec<String>>>,
    pub insider_risk_levels: Option<Origin>,
    pub device_filter: Option<Origin>,
    /// `authenticationFlows.transferMethods`, split on commas: `deviceCodeFlow`,
    /// `authenticationTransfer`; `None` when absent or `none`.
    pub authentication_flows: Option<Located<Vec<String>>>,
    /// `agentIdRiskLevels` (a comma-separated string or a list): agent identity risk.
    pub agent_risk_levels: Option<Located<Vec<String>>>,
    /// `clientApplications.includeAgentIdServicePrincipals`: the agent identities targeted.
    pub include_agents: Vec<Located<String>>,
    /// `clientApplications.excludeAgentIdServicePrincipals`.
    pub exclude_agents: Vec<Located<String>>,
    pub origin: Option<Origin>,
}

#[derive(Debug, Clone)]
pub struct CaPolicy {
    pub id: String,
    pub display_name: String,
    pub state: Located<PolicyState>,
    pub conditions: Conditions,
    pub grant: Option<Grant>,
    /// The session controls it sets (`signInFrequency`, `persistentBrowser`, ...), by name.
    pub session_controls: Vec<Located<String>>,
    pub origin: Origin,
    /// For a policy with neither name nor id, where it is written (file and pointer), so that
    /// messages can still name it.
    pub written_at: Option<String>,
}

impl CaPolicy {
    /// How messages name a policy: its display name and id, or where it is written.
    pub fn label(&self) -> String {
        match (self.display_name.is_empty(), self.id.is_empty()) {
            (false, false) => format!("\"{}\" ({})", self.display_name, self.id),
            (false, true) => format!("\"{}\" (no id)", self.display_name),
            (true, false) => self.id.clone(),
            (true, true) => match &self.written_at {
                Some(place) => format!("(no name or id; the policy at {place})"),
                None => "(a policy with no name or id)".to_string(),
            },
        }
    }

    pub fn is_enforced(&self) -> bool {
        self.state.value == PolicyState::Enabled
    }
}
