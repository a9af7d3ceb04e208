//! One sign-in against one policy: whether the policy applies, and when it does not, the first
//! condition that fails, named as Microsoft Graph's What If API names it (`analysisReasons`).
//!
//! `whatif` asks it of one sign-in, `gaps` of every sign-in the tenant's policies tell apart.
//! Whom a policy applies to is [`super::audience`]'s answer, the same the coverage rules use;
//! what a policy demands is [`super::policy`]'s. A condition the question leaves out does not
//! match a policy conditioned on it, as in the API; a fact the export does not hold (a group's
//! members, an app's membership of Office 365, what a device filter says) leaves the answer
//! unknown, never "does not apply".

use core::net::IpAddr;
use std::collections::BTreeSet;

use super::audience::{applies, group_coverage, Applies, GroupCoverage, Target};
use super::licences::{self, Effect};
use super::people::People;
use super::policy::{client_app_types, control_name, requirement, Requirement};
use crate::model::*;
use crate::source::Origin;

/// Who signs in.
pub enum Who<'a> {
    /// A person, a role's holders, or every user, as the coverage rules ask.
    Target(Target<'a>),
    /// Any member of a group, as group targeting sees the group.
    Group(&'a str),
}

/// What the sign-in is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppTarget {
    /// Every app: only a policy for All resources that excludes none applies to all of them.
    Every,
    /// One app, by application (client) id.
    App(String),
    /// One of the app groups Conditional Access offers.
    Group(AppGroup),
    /// A user action, by its urn (`urn:user:registersecurityinfo`).
    UserAction(String),
    /// An authentication context (`c1`).
    AuthContext(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppGroup {
    Office365,
    MicrosoftAdminPortals,
}

impl AppGroup {
    pub fn name(self) -> &'static str {
        match self {
            AppGroup::Office365 => "Office365",
            AppGroup::MicrosoftAdminPortals => "MicrosoftAdminPortals",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [AppGroup::Office365, AppGroup::MicrosoftAdminPortals]
            .into_iter()
            .find(|g| g.name().eq_ignore_ascii_case(text))
    }

    /// Apps documented as part of the group. An app not listed may still be part of it: the
    /// group's full membership is Microsoft's and changes, so that is unknown, not "no".
    fn members(self) -> &'static [&'static str] {
        match self {
            AppGroup::Office365 => &[
                "00000002-0000-0ff1-ce00-000000000000", // Office 365 Exchange Online
                "00000003-0000-0ff1-ce00-000000000000", // Office 365 SharePoint Online
                "00000004-0000-0ff1-ce00-000000000000", // Skype for Business Online
                "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe", // Microsoft Teams Services
                "4765445b-32c6-49b0-83e6-1d93765276ca", // OfficeHome
            ],
            AppGroup::MicrosoftAdminPortals => &[
                "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", // Azure portal
            ],
        }
    }
}

impl AppTarget {
    /// `All`, an app group, a user action by the API's name or its urn, `authcontext:c1`, or an
    /// application id.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case(ALL) {
            return Ok(AppTarget::Every);
        }
        if let Some(group) = AppGroup::parse(text) {
            return Ok(AppTarget::Group(group));
        }
        if let Some(urn) = user_action_urn(text) {
            return Ok(AppTarget::UserAction(urn.to_string()));
        }
        if let Some(context) = text.strip_prefix("authcontext:") {
            return Ok(AppTarget::AuthContext(context.to_string()));
        }
        if crate::model::ids::is_guid(text) {
            return Ok(AppTarget::App(text.to_ascii_lowercase()));
        }
        Err(format!(
            "`{text}` is not an app: give an application id (a GUID), All, Office365, \
             MicrosoftAdminPortals, a user action (registerSecurityInformation, registerOrJoinDevices) \
             or authcontext:<id>"
        ))
    }

    pub fn describe(&self) -> String {
        match self {
            AppTarget::Every => "every app".into(),
            AppTarget::App(id) => format!("app {id}"),
            AppTarget::Group(group) => format!("app group {}", group.name()),
            AppTarget::UserAction(urn) => format!("user action {urn}"),
            AppTarget::AuthContext(id) => format!("authentication context {id}"),
        }
    }
}

/// The urn of a user action given by the API's name (`registerSecurityInformation`) or as a urn.
fn user_action_urn(text: &str) -> Option<&'static str> {
    const ACTIONS: [(&str, &str); 2] = [
        (
            "registerSecurityInformation",
            "urn:user:registersecurityinfo",
        ),
        ("registerOrJoinDevices", "urn:user:registerdevice"),
    ];
    ACTIONS
        .iter()
        .find(|(name, urn)| name.eq_ignore_ascii_case(text) || urn.eq_ignore_ascii_case(text))
        .map(|(_, urn)| *urn)
}

/// The device platforms Conditional Access tells apart.
pub const PLATFORMS: [&str; 6] = [
    "android",
    "iOS",
    "windows",
    "macOS",
    "linux",
    "windowsPhone",
];

/// Sign-in and user risk levels.
pub const RISK_LEVELS: [&str; 4] = ["none", "low", "medium", "high"];

/// Insider risk levels.
pub const INSIDER_RISK_LEVELS: [&str; 3] = ["minor", "moderate", "elevated"];

/// The special authentication flows a policy can be conditioned on.
pub const FLOWS: [&str; 2] = ["deviceCodeFlow", "authenticationTransfer"];

/// `value` as the API spells it, when it is one of `known`; else an error naming them, so a
/// typo is never taken for a sign-in no policy is conditioned on.
pub fn one_of(what: &str, value: &str, known: &[&'static str]) -> Result<String, String> {
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(value.trim()))
        .map(|k| k.to_string())
        .ok_or_else(|| {
            format!(
                "`{value}` is not a {what}: give one of {}",
                known.join(", ")
            )
        })
}

/// Where a sign-in comes from, as the named locations see it.
#[derive(Debug, Clone)]
pub struct Place {
    pub described: String,
    /// Whether the place is inside each named location (by id, lower-case); a location not
    /// listed gets `elsewhere`.
    inside: Vec<(String, Fact)>,
    elsewhere: Fact,
    /// Inside a trusted named location (`AllTrusted`).
    trusted: Fact,
}

impl Place {
    /// A place inside none of the named locations, and not trusted: "anywhere else".
    pub fn outside_every_location() -> Self {
        Place {
            described: "outside every named location".into(),
            inside: Vec::new(),
            elsewhere: Fact::No,
            trusted: Fact::No,
        }
    }

    /// Inside this named location: the sweep's places. Whether it is also inside another is
    /// unknown where the two may overlap (an office range inside a country), and no where they
    /// cannot; trusted when this location or an overlapping trusted one may make it so.
    pub fn inside(location: &NamedLocation, all: &[NamedLocation]) -> Self {
        let mut trusted = location.trusted();
        let mut inside = vec![(location.id.to_ascii_lowercase(), Fact::Yes)];
        for other in all
            .iter()
            .filter(|o| !o.id.eq_ignore_ascii_case(&location.id))
        {
            let overlap = location.may_overlap(other);
            if overlap && other.trusted() != Fact::No && trusted == Fact::No {
                trusted = Fact::Unknown;
            }
            let may = if overlap { Fact::Unknown } else { Fact::No };
            inside.push((other.id.to_ascii_lowercase(), may));
        }
        Place {
            described: format!("in named location {}", location.label()),
            inside,
            elsewhere: Fact::No,
            trusted,
        }
    }

    /// Inside a named location the policies name but the export does not hold.
    pub fn inside_unexported(id: &str) -> Self {
        Place {
            described: format!("in named location {id} (not exported)"),
            inside: vec![(id.to_ascii_lowercase(), Fact::Yes)],
            elsewhere: Fact::No,
            trusted: Fact::Unknown,
        }
    }

    /// Inside a trusted location, when policies name `AllTrusted` and the export holds no named
    /// location.
    pub fn trusted_unexported() -> Self {
        Place {
            described: "in a trusted location".into(),
            inside: Vec::new(),
            elsewhere: Fact::Unknown,
            trusted: Fact::Yes,
        }
    }

    /// A named location (id or display name), an IP address, or a two-letter country code.
    /// MFA trusted IPs (the legacy per-user MFA setting) are in no export read here and do not
    /// count as trusted.
    pub fn parse(text: &str, tenant: &Tenant) -> Result<Self, String> {
        let text = text.trim();
        let locations = tenant.named_locations.as_deref().unwrap_or_default();
        if let Ok(address) = text.parse::<IpAddr>() {
            return Ok(Self::of_address(text, address, tenant));
        }
        if let Some(named) = locations
            .iter()
            .find(|l| l.id.eq_ignore_ascii_case(text) || l.display_name.eq_ignore_ascii_case(text))
        {
            // Named locations may overlap (an office range inside a country): whether the
            // place is also in another one cannot be told.
            return Ok(Place {
                described: format!("in named location {}", named.label()),
                inside: vec![(named.id.to_ascii_lowercase(), Fact::Yes)],
                elsewhere: Fact::Unknown,
                trusted: if named.trusted() == Fact::Yes {
                    Fact::Yes
                } else {
                    Fact::Unknown
                },
            });
        }
        if text.len() == 2 && text.chars().all(|c| c.is_ascii_alphabetic()) {
            let code = text.to_ascii_uppercase();
            // Which country an IP range is in cannot be told offline.
            let place = Self::placed(
                tenant,
                format!("from country {code}"),
                |place| match place {
                    NamedPlace::Countries { codes, .. } => Fact::from(codes.contains(&code)),
                    _ => Fact::Unknown,
                },
            );
            return Ok(Place {
                trusted: Fact::Unknown,
                ..place
            });
        }
        let unexported = if tenant.named_locations.is_none() {
            " (the export holds no named locations: save the response of \
             `GET /v1.0/identity/conditionalAccess/namedLocations` beside the policies)"
        } else {
            ""
        };
        Err(format!(
            "`{text}` is not a named location of the export, an IP address or a two-letter country \
             code{unexported}"
        ))
    }

    fn of_address(text: &str, address: IpAddr, tenant: &Tenant) -> Self {
        // Which country an address is in cannot be told offline.
        let in_ranges = |place: &NamedPlace| match place {
            NamedPlace::Ip { ranges, .. } => Fact::from(ranges.iter().any(|r| r.contains(address))),
            _ => Fact::Unknown,
        };
        // Trusted only where a trusted range holds it; untrusted only where every trusted
        // location is ranges that do not, and the export holds the named locations at all.
        let trusted = match tenant.named_locations.as_deref() {
            None => Fact::Unknown,
            Some(locations) => locations
                .iter()
                .map(|l| l.trusted().and(in_ranges(&l.place)))
                .fold(Fact::No, Fact::or),
        };
        Place {
            trusted,
            ..Self::placed(tenant, format!("from {text}"), in_ranges)
        }
    }

    /// A place told by where it is in each named location; a location the export does not
    /// hold could hold it too.
    fn placed(tenant: &Tenant, described: String, inside: impl Fn(&NamedPlace) -> Fact) -> Self {
        Place {
            described,
            inside: tenant
                .named_locations
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|l| (l.id.to_ascii_lowercase(), inside(&l.place)))
                .collect(),
            elsewhere: Fact::Unknown,
            trusted: Fact::Unknown,
        }
    }

    fn in_location(&self, id: &str) -> Fact {
        if id.eq_ignore_ascii_case(ALL) {
            return Fact::Yes;
        }
        if id.eq_ignore_ascii_case("AllTrusted") {
            return self.trusted;
        }
        self.inside
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(id))
            .map_or(self.elsewhere, |(_, fact)| *fact)
    }
}

/// Device facts a question may give.
#[derive(Debug, Clone, Default)]
pub struct Device {
    pub compliant: Option<bool>,
    pub join_type: Option<String>,
}

/// One sign-in, as much of it as the question says.
pub struct SignIn<'a> {
    pub who: &'a Who<'a>,
    pub app: AppTarget,
    pub client: Option<ClientAppType>,
    /// A device platform as Graph names it (`android`, `iOS`, `windows`, `macOS`, `linux`).
    pub platform: Option<String>,
    pub place: Option<Place>,
    pub sign_in_risk: Option<String>,
    pub user_risk: Option<String>,
    pub insider_risk: Option<String>,
    pub device: Option<Device>,
    /// `deviceCodeFlow` or `authenticationTransfer`.
    pub flow: Option<String>,
}

/// Why a policy does not apply, in the API's words (`whatIfAnalysisReasons`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    PolicyNotEnabled,
    Users,
    Application,
    UserActions,
    AuthenticationContext,
    ClientApps,
    DevicePlatform,
    Location,
    SignInRisk,
    UserRisk,
    InsiderRisk,
    Devices,
    AuthenticationFlow,
}

impl Reason {
    pub fn api_name(self) -> &'static str {
        match self {
            Reason::PolicyNotEnabled => "policyNotEnabled",
            Reason::Users => "users",
            Reason::Application => "application",
            Reason::UserActions => "userActions",
            Reason::AuthenticationContext => "authenticationContext",
            Reason::ClientApps => "clientApps",
            Reason::DevicePlatform => "devicePlatform",
            Reason::Location => "location",
            Reason::SignInRisk => "signInRisk",
            Reason::UserRisk => "userRisk",
            Reason::InsiderRisk => "insiderRisk",
            Reason::Devices => "devices",
            Reason::AuthenticationFlow => "authenticationFlow",
        }
    }
}

/// One condition's answer, and the JSON value that decides it.
#[derive(Debug, Clone)]
pub enum Verdict {
    Applies,
    DoesNotApply {
        reason: Reason,
        why: String,
        origin: Origin,
        /// The policy is aimed at sign-ins like this one, but an exclusion or a narrowing
        /// condition leaves this one out (rather than the policy being for other people, apps
        /// or clients).
        left_out: bool,
    },
    /// A fact the export does not hold decides it; `why` says which, and what would settle it.
    Unknown {
        reason: Reason,
        why: String,
        origin: Origin,
    },
}

impl Verdict {
    fn fails(reason: Reason, why: impl Into<String>, origin: &Origin) -> Self {
        Verdict::DoesNotApply {
            reason,
            why: why.into(),
            origin: origin.clone(),
            left_out: false,
        }
    }

    fn left_out(reason: Reason, why: impl Into<String>, origin: &Origin) -> Self {
        Verdict::DoesNotApply {
            reason,
            why: why.into(),
            origin: origin.clone(),
            left_out: true,
        }
    }

    fn unknown(reason: Reason, why: impl Into<String>, origin: &Origin) -> Self {
        Verdict::Unknown {
            reason,
            why: why.into(),
            origin: origin.clone(),
        }
    }
}

/// Whether `policy` applies to `sign_in`: the first condition that fails decides; a condition
/// the export cannot settle makes it unknown unless a later one fails outright. A disabled
/// policy is evaluated as `policyNotEnabled`, as the API does.
pub fn evaluate(policy: &CaPolicy, people: &People, sign_in: &SignIn) -> Verdict {
    then(
        audience_and_target(policy, people, sign_in.who, &sign_in.app),
        || circumstances(policy, people.tenant(), sign_in),
    )
}

/// The first conditions, on who signs in and for what: the dearest to answer (group
/// memberships, role holdings) and the same for every client, platform and place, so the sweep
/// asks them once per person and app.
pub fn audience_and_target(
    policy: &CaPolicy,
    people: &People,
    who: &Who,
    app: &AppTarget,
) -> Verdict {
    if policy.state.value == PolicyState::Disabled {
        return Verdict::fails(
            Reason::PolicyNotEnabled,
            "it is disabled",
            &policy.state.origin,
        );
    }
    then(users(policy, people, who), || applications(policy, app))
}

/// One circumstance of a sign-in, for asking a policy's condition on it alone.
#[derive(Debug, Clone, Copy)]
pub enum Circumstance<'s> {
    Client(Option<ClientAppType>),
    Platform(Option<&'s str>),
    Place(Option<&'s Place>),
    SignInRisk(Option<&'s str>),
    UserRisk(Option<&'s str>),
    InsiderRisk(Option<&'s str>),
    Device(Option<&'s Device>),
    Flow(Option<&'s str>),
}

/// A policy's condition on one circumstance.
pub fn meets(policy: &CaPolicy, tenant: &Tenant, circumstance: Circumstance) -> Verdict {
    match circumstance {
        Circumstance::Client(client) => client_apps(policy, client),
        Circumstance::Platform(platform) => platforms(policy, platform),
        Circumstance::Place(place) => locations(policy, tenant, place),
        Circumstance::SignInRisk(level) => risk(
            Reason::SignInRisk,
            "sign-in risk",
            &policy.conditions.sign_in_risk_levels,
            level,
        ),
        Circumstance::UserRisk(level) => risk(
            Reason::UserRisk,
            "user risk",
            &policy.conditions.user_risk_levels,
            level,
        ),
        Circumstance::InsiderRisk(level) => insider_risk(policy, level),
        Circumstance::Device(device) => devices(policy, device),
        Circumstance::Flow(flow) => flows(policy, flow),
    }
}

/// Whether a policy has a condition on this kind of circumstance: whether a sign-in that says
/// nothing of it fails to meet the policy.
pub fn conditioned_on(policy: &CaPolicy, tenant: &Tenant, unsaid: Circumstance) -> bool {
    !matches!(meets(policy, tenant, unsaid), Verdict::Applies)
}

/// The remaining conditions, in the API's order: client app, platform, location, risks,
/// devices, authentication flow.
pub fn circumstances(policy: &CaPolicy, tenant: &Tenant, sign_in: &SignIn) -> Verdict {
    [
        Circumstance::Client(sign_in.client),
        Circumstance::Platform(sign_in.platform.as_deref()),
        Circumstance::Place(sign_in.place.as_ref()),
        Circumstance::SignInRisk(sign_in.sign_in_risk.as_deref()),
        Circumstance::UserRisk(sign_in.user_risk.as_deref()),
        Circumstance::InsiderRisk(sign_in.insider_risk.as_deref()),
        Circumstance::Device(sign_in.device.as_ref()),
        Circumstance::Flow(sign_in.flow.as_deref()),
    ]
    .into_iter()
    .fold(Verdict::Applies, |verdict, circumstance| {
        then(verdict, || meets(policy, tenant, circumstance))
    })
}

/// Two verdicts in order: a failure decides at once, else the first unknown, else it applies.
pub fn then(first: Verdict, next: impl FnOnce() -> Verdict) -> Verdict {
    match first {
        fails @ Verdict::DoesNotApply { .. } => fails,
        Verdict::Applies => next(),
        maybe @ Verdict::Unknown { .. } => match next() {
            fails @ Verdict::DoesNotApply { .. } => fails,
            _ => maybe,
        },
    }
}

fn users_origin(policy: &CaPolicy) -> Origin {
    policy
        .conditions
        .users
        .origin
        .clone()
        .unwrap_or_else(|| policy.origin.clone())
}

fn users(policy: &CaPolicy, people: &People, who: &Who) -> Verdict {
    let answer = match who {
        Who::Target(target) => applies(policy, people, target),
        Who::Group(group) => match group_coverage(policy, people, group) {
            GroupCoverage::AsAllUsers | GroupCoverage::ByName { .. } => Applies::Yes,
            GroupCoverage::Not(answer) => answer,
        },
    };
    match answer {
        Applies::Yes => Verdict::Applies,
        Applies::NotIncluded => Verdict::fails(
            Reason::Users,
            "it does not include them",
            &users_origin(policy),
        ),
        Applies::Excluded { how, origin } => Verdict::left_out(Reason::Users, how, &origin),
        Applies::Unknown { why, origin } => Verdict::unknown(Reason::Users, why, &origin),
    }
}

fn apps_origin(policy: &CaPolicy) -> Origin {
    policy
        .conditions
        .applications
        .origin
        .clone()
        .unwrap_or_else(|| policy.origin.clone())
}

/// Whether an app list entry names `app`: `All`, the app's id, or a group holding it.
fn names_app(entry: &str, app: &str) -> Fact {
    if entry.eq_ignore_ascii_case(ALL) || entry.eq_ignore_ascii_case(app) {
        return Fact::Yes;
    }
    match AppGroup::parse(entry) {
        Some(group) if group.members().contains(&app) => Fact::Yes,
        Some(_) => Fact::Unknown,
        None => Fact::No,
    }
}

fn applications(policy: &CaPolicy, target: &AppTarget) -> Verdict {
    let apps = &policy.conditions.applications;
    let origin = apps_origin(policy);
    let includes_all = apps
        .include
        .iter()
        .any(|a| a.value.eq_ignore_ascii_case(ALL));
    match target {
        AppTarget::UserAction(urn) => {
            let named = apps
                .user_actions
                .iter()
                .any(|a| a.value.eq_ignore_ascii_case(urn));
            if named || includes_all {
                Verdict::Applies
            } else {
                Verdict::fails(
                    Reason::UserActions,
                    format!("it is not for user action {urn}"),
                    &origin,
                )
            }
        }
        AppTarget::AuthContext(context) => {
            if apps
                .authentication_contexts
                .iter()
                .any(|c| c.value.eq_ignore_ascii_case(context))
            {
                Verdict::Applies
            } else {
                Verdict::fails(
                    Reason::AuthenticationContext,
                    format!("it is not for authentication context {context}"),
                    &origin,
                )
            }
        }
        AppTarget::Every => {
            if !includes_all {
                return Verdict::fails(Reason::Application, "it is not for all apps", &origin);
            }
            if let Some(excluded) = apps.exclude.first() {
                return Verdict::left_out(
                    Reason::Application,
                    format!("it excludes app {}", excluded.value),
                    &excluded.origin,
                );
            }
            match &apps.filter {
                Some(filter) => Verdict::left_out(
                    Reason::Application,
                    "an application filter leaves some apps out",
                    filter,
                ),
                None => Verdict::Applies,
            }
        }
        AppTarget::Group(group) => {
            let included = includes_all
                || apps
                    .include
                    .iter()
                    .any(|a| a.value.eq_ignore_ascii_case(group.name()));
            if !included {
                return Verdict::fails(
                    Reason::Application,
                    format!("it does not name {} (a policy that names single apps does not cover the group)", group.name()),
                    &origin,
                );
            }
            // Excluding the group, All, or one of the group's documented apps leaves (that part
            // of) the group out, wherever it is listed; excluding anything else, another group
            // included, may too, since the groups' full membership is Microsoft's.
            let is = |value: &str, name: &str| value.eq_ignore_ascii_case(name);
            let left_out = apps.exclude.iter().find(|e| {
                is(&e.value, group.name())
                    || is(&e.value, ALL)
                    || group.members().iter().any(|m| is(&e.value, m))
            });
            if let Some(excluded) = left_out {
                let value = excluded.value.as_str();
                let why = if is(value, ALL) {
                    "it excludes All apps".to_string()
                } else if is(value, group.name()) {
                    format!("it excludes {} whole", group.name())
                } else {
                    format!("it excludes {value}, which is part of {}", group.name())
                };
                return Verdict::left_out(Reason::Application, why, &excluded.origin);
            }
            if let Some(excluded) = apps.exclude.first() {
                return Verdict::unknown(
                    Reason::Application,
                    format!(
                        "it excludes {}, and whether that holds any of {}'s apps cannot be told offline",
                        excluded.value,
                        group.name()
                    ),
                    &excluded.origin,
                );
            }
            match &apps.filter {
                Some(filter) => Verdict::unknown(
                    Reason::Application,
                    format!(
                        "an application filter may leave some of {}'s apps out, which cannot be told offline",
                        group.name()
                    ),
                    filter,
                ),
                None => Verdict::Applies,
            }
        }
        AppTarget::App(app) => {
            let mut included = Fact::No;
            for entry in &apps.include {
                match names_app(&entry.value, app) {
                    Fact::Yes => {
                        included = Fact::Yes;
                        break;
                    }
                    Fact::Unknown => included = Fact::Unknown,
                    Fact::No => {}
                }
            }
            match included {
                Fact::No => {
                    return Verdict::fails(
                        Reason::Application,
                        format!("it is not for app {app}"),
                        &origin,
                    )
                }
                Fact::Unknown => {
                    return Verdict::unknown(
                        Reason::Application,
                        format!("whether app {app} is part of the app group it names cannot be told offline"),
                        &origin,
                    )
                }
                Fact::Yes => {}
            }
            for entry in &apps.exclude {
                match names_app(&entry.value, app) {
                    Fact::Yes => {
                        return Verdict::left_out(
                            Reason::Application,
                            format!("it excludes {}", entry.value),
                            &entry.origin,
                        )
                    }
                    Fact::Unknown => {
                        return Verdict::unknown(
                            Reason::Application,
                            format!("it excludes {}, and whether app {app} is part of it cannot be told offline", entry.value),
                            &entry.origin,
                        )
                    }
                    Fact::No => {}
                }
            }
            match &apps.filter {
                Some(filter) => Verdict::unknown(
                    Reason::Application,
                    "its application filter (custom security attributes) is not evaluated offline",
                    filter,
                ),
                None => Verdict::Applies,
            }
        }
    }
}

fn client_apps(policy: &CaPolicy, client: Option<ClientAppType>) -> Verdict {
    let types = client_app_types(policy);
    if types.len() == ClientAppType::EVERY.len() {
        return Verdict::Applies;
    }
    let Some(condition) = &policy.conditions.client_app_types else {
        return Verdict::Applies;
    };
    let names = super::policy::names(&types);
    match client {
        Some(client) if types.contains(&client) => Verdict::Applies,
        Some(client) => Verdict::fails(
            Reason::ClientApps,
            format!("it is for client apps {names}, not {}", client.name()),
            &condition.origin,
        ),
        None => Verdict::fails(
            Reason::ClientApps,
            format!("it is for client apps {names} only, and the sign-in names none"),
            &condition.origin,
        ),
    }
}

fn platforms(policy: &CaPolicy, platform: Option<&str>) -> Verdict {
    let Some(condition) = &policy.conditions.platforms else {
        return Verdict::Applies;
    };
    let all = condition
        .include
        .iter()
        .any(|p| p.value.eq_ignore_ascii_case("all"));
    if all && condition.exclude.is_empty() {
        return Verdict::Applies;
    }
    let Some(platform) = platform else {
        return Verdict::left_out(
            Reason::DevicePlatform,
            "it has a device platform condition, and the sign-in names no platform",
            &condition.origin,
        );
    };
    if let Some(excluded) = condition
        .exclude
        .iter()
        .find(|p| p.value.eq_ignore_ascii_case(platform))
    {
        return Verdict::left_out(
            Reason::DevicePlatform,
            format!("it excludes platform {}", excluded.value),
            &excluded.origin,
        );
    }
    if all
        || condition
            .include
            .iter()
            .any(|p| p.value.eq_ignore_ascii_case(platform))
    {
        Verdict::Applies
    } else {
        Verdict::left_out(
            Reason::DevicePlatform,
            format!("it is not for platform {platform}"),
            &condition.origin,
        )
    }
}

/// Whether a place is in any of `ids`.
fn in_any(place: &Place, ids: &[Located<String>]) -> (Fact, Option<Origin>) {
    let mut answer = (Fact::No, None);
    for id in ids {
        match place.in_location(&id.value) {
            Fact::Yes => return (Fact::Yes, Some(id.origin.clone())),
            Fact::Unknown => answer = (Fact::Unknown, Some(id.origin.clone())),
            Fact::No => {}
        }
    }
    answer
}

fn location_name(tenant: &Tenant, id: &str) -> String {
    tenant
        .named_locations
        .as_deref()
        .unwrap_or_default()
        .iter()
        .find(|l| l.id.eq_ignore_ascii_case(id))
        .map_or_else(|| id.to_string(), NamedLocation::label)
}

fn locations(policy: &CaPolicy, tenant: &Tenant, place: Option<&Place>) -> Verdict {
    let Some(condition) = &policy.conditions.locations else {
        return Verdict::Applies;
    };
    let everywhere = condition.include.is_empty()
        || condition
            .include
            .iter()
            .any(|l| l.value.eq_ignore_ascii_case(ALL));
    if everywhere && condition.exclude.is_empty() {
        return Verdict::Applies;
    }
    let Some(place) = place else {
        return Verdict::left_out(
            Reason::Location,
            "it has a location condition, and the sign-in names no location",
            &condition.origin,
        );
    };
    let settle = "export the named locations (identity/conditionalAccess/namedLocations)";
    let included = if everywhere {
        (Fact::Yes, None)
    } else {
        in_any(place, &condition.include)
    };
    let excluded = in_any(place, &condition.exclude);
    match (included, excluded) {
        ((Fact::No, _), _) => Verdict::left_out(
            Reason::Location,
            format!("a sign-in {} is not in the locations it includes", place.described),
            &condition.origin,
        ),
        (_, (Fact::Yes, origin)) => {
            let origin = origin.unwrap_or_else(|| condition.origin.clone());
            let which = condition
                .exclude
                .iter()
                .find(|l| origin == l.origin)
                .map_or_else(String::new, |l| location_name(tenant, &l.value));
            Verdict::left_out(
                Reason::Location,
                format!("it excludes location {which}, where a sign-in {} is", place.described),
                &origin,
            )
        }
        ((Fact::Unknown, origin), _) | (_, (Fact::Unknown, origin)) => Verdict::unknown(
            Reason::Location,
            format!(
                "whether a sign-in {} is in its locations cannot be told ({settle}, or name the location)",
                place.described
            ),
            &origin.unwrap_or_else(|| condition.origin.clone()),
        ),
        _ => Verdict::Applies,
    }
}

fn risk(
    reason: Reason,
    what: &str,
    levels: &Option<Located<Vec<String>>>,
    level: Option<&str>,
) -> Verdict {
    let Some(levels) = levels else {
        return Verdict::Applies;
    };
    match level {
        Some(level) if levels.value.iter().any(|l| l.eq_ignore_ascii_case(level)) => {
            Verdict::Applies
        }
        Some(level) => Verdict::left_out(
            reason,
            format!(
                "it applies at {what} {}, not {level}",
                levels.value.join(", ")
            ),
            &levels.origin,
        ),
        None => Verdict::left_out(
            reason,
            format!(
                "it applies at {what} {} only, and the sign-in names no {what}",
                levels.value.join(", ")
            ),
            &levels.origin,
        ),
    }
}

/// A condition the model keeps only as present (its rule is not read): a sign-in that says
/// nothing of it does not meet it, and one that does cannot be told.
fn opaque(
    condition: Option<&Origin>,
    given: bool,
    reason: Reason,
    (unsaid, unread): (&str, &str),
) -> Verdict {
    match (condition, given) {
        (None, _) => Verdict::Applies,
        (Some(origin), false) => Verdict::left_out(reason, unsaid, origin),
        (Some(origin), true) => Verdict::unknown(reason, unread, origin),
    }
}

fn insider_risk(policy: &CaPolicy, level: Option<&str>) -> Verdict {
    let words = (
        "it applies at some insider risk levels only, and the sign-in names none",
        "its insider risk levels are not read by this version",
    );
    let condition = policy.conditions.insider_risk_levels.as_ref();
    opaque(condition, level.is_some(), Reason::InsiderRisk, words)
}

fn devices(policy: &CaPolicy, device: Option<&Device>) -> Verdict {
    let words = (
        "it has a device filter, and the sign-in says nothing of the device",
        "its device filter rule is not evaluated offline",
    );
    let condition = policy.conditions.device_filter.as_ref();
    opaque(condition, device.is_some(), Reason::Devices, words)
}

fn flows(policy: &CaPolicy, flow: Option<&str>) -> Verdict {
    let Some(flows) = &policy.conditions.authentication_flows else {
        return Verdict::Applies;
    };
    match flow {
        Some(flow) if flows.value.iter().any(|f| f.eq_ignore_ascii_case(flow)) => Verdict::Applies,
        _ => Verdict::left_out(
            Reason::AuthenticationFlow,
            format!(
                "it applies to the authentication flows {} only{}",
                flows.value.join(", "),
                if flow.is_none() {
                    ", and the sign-in names none"
                } else {
                    ""
                }
            ),
            &flows.origin,
        ),
    }
}

/// What a policy demands of a sign-in it applies to.
#[derive(Debug, Clone)]
pub struct Demands {
    pub block: bool,
    /// The grant controls, by Graph's names; an authentication strength as
    /// `authenticationStrength:<id>`, custom controls and terms of use by id.
    pub controls: Vec<String>,
    /// `AND` or `OR` between the controls.
    pub operator: String,
    pub session: Vec<String>,
    /// MFA with no way around it, as the MFA rules count it ([`requirement`]).
    pub mfa: bool,
}

impl Demands {
    /// The grant in words: `block`, `mfa`, `mfa OR compliantDevice`.
    pub fn grant(&self) -> String {
        if self.block {
            return "block".into();
        }
        match self.controls.as_slice() {
            [] => "no grant control".to_string(),
            [one] => one.clone(),
            many => many.join(&format!(" {} ", self.operator)),
        }
    }
}

pub fn demands(policy: &CaPolicy) -> Demands {
    let grant = policy.grant.as_ref();
    let controls: Vec<String> = grant
        .map(|g| {
            g.built_in
                .iter()
                .filter(|c| c.value != GrantControl::Block)
                .map(|c| control_name(&c.value))
                .chain(
                    g.authentication_strength
                        .iter()
                        .map(|s| format!("authenticationStrength:{}", s.value)),
                )
                .chain(g.other_controls.iter().map(|c| c.value.clone()))
                .collect()
        })
        .unwrap_or_default();
    Demands {
        block: grant.is_some_and(|g| g.built_in.iter().any(|c| c.value == GrantControl::Block)),
        controls,
        operator: match grant.map(|g| &g.operator.value) {
            Some(GrantOperator::Or) => "OR".into(),
            Some(GrantOperator::Unknown(op)) => op.clone(),
            _ => "AND".into(),
        },
        session: policy
            .session_controls
            .iter()
            .map(|s| s.value.clone())
            .collect(),
        mfa: requirement(policy) == Requirement::Mfa,
    }
}

/// The grant controls that count as protecting a sign-in (`gaps --controls`): by Graph's names,
/// `mfa` counting any authentication strength too.
#[derive(Debug, Clone)]
pub struct Protection(BTreeSet<String>);

impl Default for Protection {
    /// MFA or a block: what Microsoft's guidance asks of every sign-in.
    fn default() -> Self {
        Protection(["mfa", "block"].iter().map(|s| s.to_string()).collect())
    }
}

impl Protection {
    pub fn of(names: &[String]) -> Result<Self, String> {
        const KNOWN: [&str; 8] = [
            "block",
            "mfa",
            "compliantDevice",
            "domainJoinedDevice",
            "approvedApplication",
            "compliantApplication",
            "passwordChange",
            "riskRemediation",
        ];
        let mut set = BTreeSet::new();
        for name in names {
            match KNOWN.iter().find(|k| k.eq_ignore_ascii_case(name.trim())) {
                Some(known) => set.insert(known.to_string()),
                None => {
                    return Err(format!(
                        "`{name}` is not a grant control: give some of {}",
                        KNOWN.join(", ")
                    ))
                }
            };
        }
        Ok(Protection(set))
    }

    /// MFA alone (an authentication strength counts): what the MFA rules ask.
    pub fn mfa() -> Self {
        Protection(BTreeSet::from(["mfa".to_string()]))
    }

    pub fn names(&self) -> Vec<String> {
        self.0.iter().cloned().collect()
    }

    /// Whether every way to satisfy the policy's grant passes through a counted control.
    pub fn by(&self, policy: &CaPolicy) -> bool {
        let wanted = demands(policy);
        if wanted.block {
            return self.0.contains("block");
        }
        let counted = |control: &String| {
            self.0.contains(control)
                || (control.starts_with("authenticationStrength:") && self.0.contains("mfa"))
        };
        match wanted.operator.as_str() {
            _ if wanted.controls.is_empty() => false,
            "AND" => wanted.controls.iter().any(counted),
            _ => wanted.controls.iter().all(counted),
        }
    }
}

/// How a policy's state counts.
pub fn effect(policy: &CaPolicy, tenant: &Tenant) -> Effect {
    licences::effect(policy, licences::tier(tenant))
}
