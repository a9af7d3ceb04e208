//! Tenant-wide settings beyond Conditional Access: authentication methods, the authorization
//! policy, directory settings, domains, PIM role settings and application management policies.
//! Each is read the same way from a Graph response, an EntraExporter file or a ScubaGear export;
//! a setting the export does not write is `None`, never its default.

use std::collections::BTreeMap;

use crate::source::Origin;

use super::Located;

/// A point in time, in milliseconds since 1970-01-01 UTC, from an ISO 8601 string or the
/// `"/Date(ms)/"` form PowerShell writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The calendar date, `YYYY-MM-DD` (UTC).
    pub fn date(self) -> String {
        crate::config::Date::from_days(self.0.div_euclid(86_400_000)).to_string()
    }
}

/// An `enabled` / `disabled` / `default` state as Graph writes it for methods and features.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toggle {
    Enabled,
    Disabled,
    /// `default`: Microsoft decides, and may change its mind.
    Default,
    /// A value this version does not know: neither on nor off.
    Other(String),
}

impl Toggle {
    /// For messages: "enabled", "left to Microsoft's default".
    pub fn describe(&self) -> String {
        match self {
            Toggle::Enabled => "enabled".into(),
            Toggle::Disabled => "disabled".into(),
            Toggle::Default => "left to Microsoft's default".into(),
            Toggle::Other(value) => format!("in state `{value}`"),
        }
    }

    pub fn parse(text: &str) -> Self {
        match text.to_ascii_lowercase().as_str() {
            "enabled" => Toggle::Enabled,
            "disabled" => Toggle::Disabled,
            "default" => Toggle::Default,
            _ => Toggle::Other(text.to_string()),
        }
    }
}

/// An authentication method of the authentication methods policy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum AuthMethod {
    Sms,
    Voice,
    Email,
    Fido2,
    MicrosoftAuthenticator,
    TemporaryAccessPass,
    SoftwareOath,
    HardwareOath,
    X509Certificate,
    QrCodePin,
    Other(String),
}

impl AuthMethod {
    /// From a configuration's `id` (`Sms`, `Fido2`, ...), or its `@odata.type` name
    /// (`smsAuthenticationMethodConfiguration`), any case.
    pub fn parse(text: &str) -> Self {
        let lower = text.to_ascii_lowercase();
        let name = lower
            .trim_start_matches('#')
            .trim_start_matches("microsoft.graph.")
            .trim_end_matches("authenticationmethodconfiguration");
        match name {
            "sms" => AuthMethod::Sms,
            "voice" => AuthMethod::Voice,
            "email" => AuthMethod::Email,
            "fido2" => AuthMethod::Fido2,
            "microsoftauthenticator" => AuthMethod::MicrosoftAuthenticator,
            "temporaryaccesspass" => AuthMethod::TemporaryAccessPass,
            "softwareoath" => AuthMethod::SoftwareOath,
            "hardwareoath" => AuthMethod::HardwareOath,
            "x509certificate" => AuthMethod::X509Certificate,
            "qrcodepin" => AuthMethod::QrCodePin,
            _ => AuthMethod::Other(text.to_string()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            AuthMethod::Sms => "SMS",
            AuthMethod::Voice => "Voice call",
            AuthMethod::Email => "Email OTP",
            AuthMethod::Fido2 => "Passkey (FIDO2)",
            AuthMethod::MicrosoftAuthenticator => "Microsoft Authenticator",
            AuthMethod::TemporaryAccessPass => "Temporary Access Pass",
            AuthMethod::SoftwareOath => "Third-party software OATH tokens",
            AuthMethod::HardwareOath => "Hardware OATH tokens",
            AuthMethod::X509Certificate => "Certificate-based authentication",
            AuthMethod::QrCodePin => "QR code",
            AuthMethod::Other(id) => id,
        }
    }
}

/// One method's configuration (`authenticationMethodConfigurations[]`).
#[derive(Debug, Clone)]
pub struct MethodConfiguration {
    pub method: AuthMethod,
    pub state: Option<Located<Toggle>>,
    /// `includeTargets[].id`: `all_users` or group ids.
    pub include_targets: Vec<Located<String>>,
    pub exclude_targets: Vec<Located<String>>,
    /// Microsoft Authenticator's `featureSettings`, by name (`displayAppInformationRequiredState`).
    pub features: BTreeMap<String, FeatureSetting>,
    pub origin: Origin,
}

/// A feature of a method (Authenticator's number matching, app and location context).
#[derive(Debug, Clone)]
pub struct FeatureSetting {
    pub state: Option<Located<Toggle>>,
    /// `includeTarget.id`: `all_users` or a group id.
    pub include_target: Option<Located<String>>,
    pub exclude_target: FeatureExclusion,
}

/// A feature's `excludeTarget`.
#[derive(Debug, Clone)]
pub enum FeatureExclusion {
    /// Not written: whom the feature leaves out is unknown.
    NotWritten,
    /// The all-zero id Graph writes when the feature excludes no one.
    NoOne,
    /// A group left out, by id.
    Group(Located<String>),
}

/// `policyMigrationState`: where the tenant is in moving from the legacy MFA and SSPR method
/// settings to the authentication methods policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrationState {
    PreMigration,
    InProgress,
    Complete,
    Other(String),
}

impl MigrationState {
    pub fn parse(text: &str) -> Self {
        match text.to_ascii_lowercase().as_str() {
            "premigration" => MigrationState::PreMigration,
            "migrationinprogress" => MigrationState::InProgress,
            "migrationcomplete" => MigrationState::Complete,
            _ => MigrationState::Other(text.to_string()),
        }
    }
}

/// The root of the authentication methods policy (`policies/authenticationMethodsPolicy`).
#[derive(Debug, Clone)]
pub struct AuthMethodsPolicy {
    pub migration_state: Option<Located<MigrationState>>,
    pub origin: Origin,
}

/// The authentication methods policy and its method configurations, read from one document or
/// from a file per method.
#[derive(Debug, Clone, Default)]
pub struct AuthenticationMethods {
    pub policy: Option<AuthMethodsPolicy>,
    pub configurations: BTreeMap<AuthMethod, MethodConfiguration>,
}

/// `policies/authorizationPolicy`: what default users and guests may do.
#[derive(Debug, Clone)]
pub struct AuthorizationPolicy {
    /// `defaultUserRolePermissions.allowedToCreateApps`.
    pub users_can_register_apps: Option<Located<bool>>,
    /// `permissionGrantPolicyIdsAssignedToDefaultUserRole`: which consent users may give.
    pub user_consent_policies: Option<Located<Vec<String>>>,
    /// `guestUserRoleId`: the role guests get.
    pub guest_user_role_id: Option<Located<String>>,
    /// `allowInvitesFrom`: who may invite guests.
    pub allow_invites_from: Option<Located<String>>,
    pub origin: Origin,
}

/// A directory setting (`settings` / `groupSettings`): a template's named values, as strings.
#[derive(Debug, Clone)]
pub struct DirectorySetting {
    pub id: Option<String>,
    pub template_id: Option<String>,
    pub display_name: Option<String>,
    pub values: Vec<(String, Located<String>)>,
    pub origin: Origin,
}

impl DirectorySetting {
    /// The value named `name`, any case.
    pub fn value(&self, name: &str) -> Option<&Located<String>> {
        self.values
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

/// A domain of the tenant (`domains`).
#[derive(Debug, Clone)]
pub struct Domain {
    pub id: String,
    /// `isRoot`: a subdomain takes its password policy from its root.
    pub is_root: Option<bool>,
    pub is_verified: Option<bool>,
    /// `authenticationType`: `Managed` or `Federated`.
    pub authentication_type: Option<String>,
    /// `passwordValidityPeriodInDays`; `None` when the export does not write it.
    pub password_validity: Option<Located<PasswordValidity>>,
    pub origin: Origin,
}

/// How long a domain's user passwords stay valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordValidity {
    /// Written as null (tenants since October 2021) or as 2147483647 (older tenants).
    NeverExpires,
    Days(i64),
}

impl PasswordValidity {
    pub fn from_days(days: Option<i64>) -> Self {
        match days {
            None | Some(2_147_483_647) => PasswordValidity::NeverExpires,
            Some(days) => PasswordValidity::Days(days),
        }
    }
}

/// Which assignments a PIM role setting rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    Assignment,
    Eligibility,
    Unknown,
}

/// One rule of a role's PIM settings (`unifiedRoleManagementPolicyRule`).
#[derive(Debug, Clone)]
pub struct RolePolicyRule {
    /// The rule's id, which says what it governs: `Approval_EndUser_Assignment`,
    /// `Notification_Admin_Admin_Eligibility`, `Expiration_Admin_Assignment`, ...
    pub id: String,
    pub level: RuleLevel,
    pub detail: RuleDetail,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub enum RuleDetail {
    Approval {
        /// `setting.isApprovalRequired`.
        required: Option<Located<bool>>,
    },
    Notification {
        /// `notificationRecipients`: addresses beyond the default recipients; `None` when not
        /// written.
        recipients: Option<Vec<Located<String>>>,
        default_recipients: Option<bool>,
        /// `notificationLevel`: `All` or `Critical`.
        level: Option<String>,
    },
    Expiration {
        required: Option<Located<bool>>,
        /// `maximumDuration`, ISO 8601 (`P180D`).
        maximum_duration: Option<String>,
    },
    Other,
}

/// The PIM settings of one role: its role management policy's rules.
#[derive(Debug, Clone)]
pub struct RoleSettings {
    /// The role definition (template) id.
    pub role_id: String,
    pub role_name: Option<String>,
    pub rules: Vec<RolePolicyRule>,
    pub origin: Origin,
}

impl RoleSettings {
    pub fn rule(&self, id: &str) -> Option<&RolePolicyRule> {
        self.rules.iter().find(|r| r.id.eq_ignore_ascii_case(id))
    }
}

/// A credential restriction of an application management policy.
#[derive(Debug, Clone)]
pub struct CredentialRestriction {
    /// `restrictionType`: `passwordAddition`, `passwordLifetime`, `asymmetricKeyLifetime`, ...
    pub kind: String,
    pub state: Option<Located<Toggle>>,
    /// `maxLifetime`, ISO 8601 duration, for lifetime restrictions.
    pub max_lifetime: Option<Located<String>>,
    /// `restrictForAppsCreatedAfterDateTime`: applications created before it are not restricted.
    pub applies_after: Option<Timestamp>,
    pub origin: Origin,
}

/// Which objects an application management policy applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppPolicyScope {
    /// `defaultAppManagementPolicy`: every application and service principal without its own.
    TenantDefault,
    /// An `appManagementPolicy` applied to the objects it is assigned to.
    Assigned,
}

/// An application management policy's restrictions on client secrets.
#[derive(Debug, Clone)]
pub struct AppManagementPolicy {
    pub scope: AppPolicyScope,
    pub id: Option<String>,
    pub display_name: Option<String>,
    pub is_enabled: Option<Located<bool>>,
    /// `applicationRestrictions.passwordCredentials` (an assigned policy's `restrictions`).
    pub application_passwords: Vec<CredentialRestriction>,
    /// `applicationRestrictions.keyCredentials`: certificates.
    pub application_keys: Vec<CredentialRestriction>,
    /// `servicePrincipalRestrictions.passwordCredentials`.
    pub service_principal_passwords: Vec<CredentialRestriction>,
    pub service_principal_keys: Vec<CredentialRestriction>,
    pub origin: Origin,
}

/// Every setting of this module the export holds.
#[derive(Debug, Default)]
pub struct Settings {
    pub authentication_methods: Option<AuthenticationMethods>,
    pub authorization: Option<AuthorizationPolicy>,
    pub directory_settings: Option<Vec<DirectorySetting>>,
    pub domains: Option<Vec<Domain>>,
    /// PIM settings by role template id (lower case).
    pub role_settings: Option<BTreeMap<String, RoleSettings>>,
    pub app_management: Option<Vec<AppManagementPolicy>>,
    /// How many delegated permissions classified as low impact ScubaGear finds risky
    /// (`risky_delegated_permission_classifications`): user consent to "low impact" is not low.
    pub risky_low_impact_permissions: Option<Located<usize>>,
}
