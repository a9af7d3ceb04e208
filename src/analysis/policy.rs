//! What one policy requires, and what narrows it.

use std::collections::BTreeSet;

use crate::model::*;
use crate::source::Origin;

/// What a policy's grant controls demand of a sign-in it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    Block,
    /// MFA (`mfa` or an authentication strength) with no way around it.
    Mfa,
    /// MFA is one choice among others (`operator: OR`): it can be satisfied without MFA.
    MfaOrAlternative {
        alternatives: Vec<String>,
    },
    /// Anything else (device compliance, terms of use, session controls only, ...).
    Other,
}

pub fn requirement(policy: &CaPolicy) -> Requirement {
    let Some(grant) = &policy.grant else {
        return Requirement::Other;
    };
    if grant
        .built_in
        .iter()
        .any(|c| c.value == GrantControl::Block)
    {
        return Requirement::Block;
    }
    let names_mfa = grant.authentication_strength.is_some()
        || grant.built_in.iter().any(|c| c.value == GrantControl::Mfa);
    if !names_mfa {
        return Requirement::Other;
    }
    let alternatives: Vec<String> = grant
        .built_in
        .iter()
        .filter(|c| c.value != GrantControl::Mfa)
        .map(|c| control_name(&c.value))
        .chain(grant.other_controls.iter().map(|c| c.value.clone()))
        .collect();
    match &grant.operator.value {
        GrantOperator::And => Requirement::Mfa,
        _ if alternatives.is_empty() => Requirement::Mfa,
        GrantOperator::Or | GrantOperator::Unknown(_) => {
            Requirement::MfaOrAlternative { alternatives }
        }
    }
}

/// A grant control as Graph names it (`compliantDevice`).
pub fn control_name(control: &GrantControl) -> String {
    match control {
        GrantControl::Block => "block".into(),
        GrantControl::Mfa => "mfa".into(),
        GrantControl::CompliantDevice => "compliantDevice".into(),
        GrantControl::DomainJoinedDevice => "domainJoinedDevice".into(),
        GrantControl::ApprovedApplication => "approvedApplication".into(),
        GrantControl::CompliantApplication => "compliantApplication".into(),
        GrantControl::PasswordChange => "passwordChange".into(),
        GrantControl::RiskRemediation => "riskRemediation".into(),
        GrantControl::Unknown(name) => name.clone(),
    }
}

/// Kinds of condition that make a policy apply to fewer sign-ins than "all apps, always".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NarrowingKind {
    Applications,
    ClientAppTypes,
    Platforms,
    Locations,
    SignInRisk,
    UserRisk,
    InsiderRisk,
    DeviceFilter,
    AuthenticationFlows,
}

#[derive(Debug, Clone)]
pub struct Narrowing {
    pub kind: NarrowingKind,
    pub origin: Origin,
    /// What the condition leaves out, e.g. "sign-ins from trusted locations are excluded".
    pub description: String,
}

/// Conditions a rule accepts as part of what it asks for: the legacy-authentication rule needs
/// client app types, the risk rules need risk levels.
#[derive(Debug, Clone, Copy, Default)]
pub struct Accept {
    pub client_app_types: bool,
    pub sign_in_risk: bool,
    pub user_risk: bool,
    /// The device-code rule asks for a policy on an authentication flow.
    pub authentication_flows: bool,
    /// The security-info rule asks for a policy on the user action
    /// `urn:user:registersecurityinfo` instead of on apps.
    pub user_action: Option<&'static str>,
}

pub fn narrowings(policy: &CaPolicy, accept: Accept) -> Vec<Narrowing> {
    let c = &policy.conditions;
    let mut out = match accept.user_action {
        Some(action) if has_user_action(&c.applications, action) => Vec::new(),
        _ => application_narrowings(&c.applications),
    };
    if let (Some(types), false) = (&c.client_app_types, accept.client_app_types) {
        if !client_app_types(policy).is_superset(&ClientAppType::EVERY.into_iter().collect()) {
            out.push(Narrowing {
                kind: NarrowingKind::ClientAppTypes,
                origin: types.origin.clone(),
                description: format!(
                    "it applies only to client apps {}",
                    names(&client_app_types(policy))
                ),
            });
        }
    }
    if let Some(platforms) = &c.platforms {
        let everything = platforms
            .include
            .iter()
            .any(|p| p.value.eq_ignore_ascii_case("all"));
        if !everything || !platforms.exclude.is_empty() {
            out.push(Narrowing {
                kind: NarrowingKind::Platforms,
                origin: platforms.origin.clone(),
                description: describe_include_exclude("device platforms", platforms),
            });
        }
    }
    if let Some(locations) = &c.locations {
        let everywhere = locations.include.is_empty()
            || locations
                .include
                .iter()
                .any(|l| l.value.eq_ignore_ascii_case(ALL));
        if !everywhere || !locations.exclude.is_empty() {
            out.push(Narrowing {
                kind: NarrowingKind::Locations,
                origin: locations
                    .exclude
                    .first()
                    .map_or_else(|| locations.origin.clone(), |l| l.origin.clone()),
                description: describe_locations(locations),
            });
        }
    }
    if let (Some(levels), false) = (&c.sign_in_risk_levels, accept.sign_in_risk) {
        out.push(Narrowing {
            kind: NarrowingKind::SignInRisk,
            origin: levels.origin.clone(),
            description: format!(
                "it applies only at sign-in risk {}",
                levels.value.join(", ")
            ),
        });
    }
    if let (Some(levels), false) = (&c.user_risk_levels, accept.user_risk) {
        out.push(Narrowing {
            kind: NarrowingKind::UserRisk,
            origin: levels.origin.clone(),
            description: format!("it applies only at user risk {}", levels.value.join(", ")),
        });
    }
    if let Some(origin) = &c.insider_risk_levels {
        out.push(Narrowing {
            kind: NarrowingKind::InsiderRisk,
            origin: origin.clone(),
            description: "it applies only at some insider risk levels".into(),
        });
    }
    if let Some(origin) = &c.device_filter {
        out.push(Narrowing {
            kind: NarrowingKind::DeviceFilter,
            origin: origin.clone(),
            description: "a device filter leaves some devices out".into(),
        });
    }
    if let (Some(flows), false) = (&c.authentication_flows, accept.authentication_flows) {
        out.push(Narrowing {
            kind: NarrowingKind::AuthenticationFlows,
            origin: flows.origin.clone(),
            description: format!(
                "it applies only to the authentication flows {}",
                flows.value.join(", ")
            ),
        });
    }
    out
}

/// Whether a risk level condition names `level` (`high`).
pub fn names_level(levels: &Option<Located<Vec<String>>>, level: &str) -> bool {
    levels
        .as_ref()
        .is_some_and(|l| l.value.iter().any(|v| v.eq_ignore_ascii_case(level)))
}

/// Whether a policy is for this user action (`urn:user:registersecurityinfo`).
pub fn has_user_action(apps: &AppConditions, action: &str) -> bool {
    apps.user_actions
        .iter()
        .any(|a| a.value.eq_ignore_ascii_case(action))
}

fn application_narrowings(apps: &AppConditions) -> Vec<Narrowing> {
    let mut out = Vec::new();
    let fallback = apps.origin.clone();
    let all_apps = apps
        .include
        .iter()
        .any(|a| a.value.eq_ignore_ascii_case(ALL));
    if !all_apps {
        let what = if apps.include.is_empty() && !apps.user_actions.is_empty() {
            "it applies only to user actions, not to sign-ins to apps".to_string()
        } else if apps.include.is_empty() && !apps.authentication_contexts.is_empty() {
            "it applies only to authentication contexts, not to every sign-in".to_string()
        } else if apps.include.is_empty() {
            "it includes no cloud apps".to_string()
        } else {
            format!(
                "it applies only to {}, not all cloud apps",
                apps.include
                    .iter()
                    .map(|a| a.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        if let Some(origin) = apps
            .include
            .first()
            .map(|a| a.origin.clone())
            .or(fallback.clone())
        {
            out.push(Narrowing {
                kind: NarrowingKind::Applications,
                origin,
                description: what,
            });
        }
    }
    if let Some(first) = apps.exclude.first() {
        out.push(Narrowing {
            kind: NarrowingKind::Applications,
            origin: first.origin.clone(),
            description: format!(
                "it excludes cloud apps {}",
                apps.exclude
                    .iter()
                    .map(|a| a.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    if let Some(origin) = &apps.filter {
        out.push(Narrowing {
            kind: NarrowingKind::Applications,
            origin: origin.clone(),
            description: "an application filter leaves some apps out".into(),
        });
    }
    out
}

fn describe_include_exclude(what: &str, condition: &IncludeExclude) -> String {
    let list = |items: &[Located<String>]| {
        items
            .iter()
            .map(|i| i.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (condition.include.is_empty(), condition.exclude.is_empty()) {
        (_, false) => format!("it excludes {what} {}", list(&condition.exclude)),
        _ => format!("it applies only to {what} {}", list(&condition.include)),
    }
}

fn describe_locations(locations: &IncludeExclude) -> String {
    let excludes_trusted = locations
        .exclude
        .iter()
        .any(|l| l.value.eq_ignore_ascii_case("AllTrusted"));
    if excludes_trusted {
        "sign-ins from trusted locations (AllTrusted) are excluded".into()
    } else {
        describe_include_exclude("locations", locations)
    }
}

/// The client app types a policy applies to; absent or `all` is every type.
pub fn client_app_types(policy: &CaPolicy) -> BTreeSet<ClientAppType> {
    let Some(types) = &policy.conditions.client_app_types else {
        return ClientAppType::EVERY.into_iter().collect();
    };
    if types.value.iter().any(|t| t.value == ClientAppType::All) {
        return ClientAppType::EVERY.into_iter().collect();
    }
    // `easSupported` is only part of Exchange ActiveSync and unknown values are unknown: neither
    // counts as covering a whole type.
    types
        .value
        .iter()
        .map(|t| t.value)
        .filter(|t| ClientAppType::EVERY.contains(t))
        .collect()
}

pub fn names(types: &BTreeSet<ClientAppType>) -> String {
    types
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the grant names MFA at all (`mfa` or an authentication strength), whatever its
/// operator: the test of "some policy requires MFA for someone".
pub fn names_mfa(policy: &CaPolicy) -> bool {
    policy.grant.as_ref().is_some_and(|g| {
        g.authentication_strength.is_some()
            || g.built_in.iter().any(|c| c.value == GrantControl::Mfa)
    })
}

/// The risk conditions a policy uses, which need Entra ID P2.
pub fn risk_condition(policy: &CaPolicy) -> Option<(&'static str, Origin)> {
    let c = &policy.conditions;
    c.sign_in_risk_levels
        .as_ref()
        .map(|l| ("sign-in risk levels", l.origin.clone()))
        .or_else(|| {
            c.user_risk_levels
                .as_ref()
                .map(|l| ("user risk levels", l.origin.clone()))
        })
        .or_else(|| {
            c.insider_risk_levels
                .as_ref()
                .map(|o| ("insider risk levels", o.clone()))
        })
}

/// Enforced policies (licence permitting) that require MFA or block: the ones whose exclusions
/// matter and that could keep an account out.
pub fn enforced_mfa_or_block(tenant: &Tenant) -> impl Iterator<Item = &CaPolicy> {
    let tier = super::licences::tier(tenant);
    tenant.policies().iter().filter(move |p| {
        super::licences::effect(p, tier) == super::licences::Effect::Enforced
            && (names_mfa(p) || requirement(p) == Requirement::Block)
    })
}

/// Why a policy's answer is unknown whatever its conditions: its state is not one Graph
/// documents, so whether it is on cannot be told.
pub fn undocumented_state(policy: &CaPolicy) -> Option<String> {
    matches!(policy.state.value, PolicyState::Unknown(_)).then(|| {
        format!(
            "policy {} is {}, a state Graph does not document, so whether it is on cannot be told: \
             check its state in the Entra admin center and export the policies again",
            policy.label(),
            policy.state.value.describe()
        )
    })
}

/// Policies in a state Graph does not document that require MFA or block: they may be
/// enforced, so what they exclude or whom they lock out may matter.
pub fn unknown_state_mfa_or_block(tenant: &Tenant) -> impl Iterator<Item = &CaPolicy> {
    tenant.policies().iter().filter(|p| {
        matches!(p.state.value, PolicyState::Unknown(_))
            && (names_mfa(p) || requirement(p) == Requirement::Block)
    })
}

/// Whether a policy could lock an account out: it requires MFA, or it blocks browsers or modern
/// apps. Blocking only legacy clients (Exchange ActiveSync, other) leaves modern sign-in open.
pub fn could_lock_out(policy: &CaPolicy) -> bool {
    let types = client_app_types(policy);
    names_mfa(policy)
        || (requirement(policy) == Requirement::Block
            && (types.contains(&ClientAppType::Browser)
                || types.contains(&ClientAppType::MobileAppsAndDesktopClients)))
}
