//! The Conditional Access policies CISA's SCuBA baseline asks for beyond Microsoft's guidance,
//! as coverage questions on the same engine: every narrowing, exclusion and licence gap that
//! keeps a policy from counting for the guidance keeps it from counting here.

use super::audience::Target;
use super::coverage::{coverage, Coverage, Demand, Fit};
use super::licences::Effect;
use super::people::People;
use super::policy::{names_level, narrowings, requirement, Accept, Requirement};
use crate::model::*;
use crate::source::Origin;

/// The authentication methods CISA and Microsoft count as phishing-resistant.
pub const PHISHING_RESISTANT: [&str; 3] = [
    "windowsHelloForBusiness",
    "fido2",
    "x509CertificateMultiFactor",
];

/// Microsoft's built-in "Phishing-resistant MFA" authentication strength.
const PHISHING_RESISTANT_STRENGTH: &str = "00000000-0000-0000-0000-000000000004";

/// The user action of registering security information (MFA and SSPR methods).
pub const REGISTER_SECURITY_INFO: &str = "urn:user:registersecurityinfo";

/// Microsoft's other built-in strengths: "Multifactor authentication" and "Passwordless MFA".
const OTHER_BUILT_IN_STRENGTHS: [&str; 2] = [
    "00000000-0000-0000-0000-000000000002",
    "00000000-0000-0000-0000-000000000003",
];

/// Whether a grant's authentication strength allows phishing-resistant methods only: its
/// combinations when the export expands them, else the built-in strength's id; `None` for a
/// custom strength exported without its combinations.
pub fn is_phishing_resistant(grant: &Grant) -> Option<bool> {
    let Some(strength) = &grant.authentication_strength else {
        return Some(false);
    };
    match &grant.strength_combinations {
        Some(combinations) => Some(
            !combinations.is_empty()
                && combinations.iter().all(|c| {
                    PHISHING_RESISTANT
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(c.trim()))
                }),
        ),
        None if strength
            .value
            .eq_ignore_ascii_case(PHISHING_RESISTANT_STRENGTH) =>
        {
            Some(true)
        }
        None if OTHER_BUILT_IN_STRENGTHS
            .iter()
            .any(|id| strength.value.eq_ignore_ascii_case(id)) =>
        {
            Some(false)
        }
        None => None,
    }
}

fn phishing_resistant_fit(policy: &CaPolicy) -> Fit {
    let Some(grant) = &policy.grant else {
        return Fit::No;
    };
    match is_phishing_resistant(grant) {
        Some(true) => {}
        Some(false) => return Fit::No,
        None => {
            let strength = grant
                .authentication_strength
                .as_ref()
                .map_or_else(|| grant.origin.clone(), |s| s.origin.clone());
            return Fit::Unknown(
                "its authentication strength is a custom one exported without its allowed combinations: \
                 export the policies with $expand=grantControls/authenticationStrength"
                    .to_string(),
                strength,
            );
        }
    }
    match requirement(policy) {
        Requirement::Mfa => Fit::Yes,
        Requirement::MfaOrAlternative { alternatives } => Fit::Alternative(alternatives),
        _ => Fit::No,
    }
}

fn phishing_resistant_demand(fits: &dyn Fn(&CaPolicy) -> Fit) -> Demand<'_> {
    Demand {
        wanted: &ClientAppType::EVERY,
        accept: Accept {
            client_app_types: true,
            ..Accept::default()
        },
        fits,
        verb: "requires phishing-resistant MFA",
        infinitive: "require phishing-resistant MFA",
        noun: "phishing-resistant MFA",
        needs_aim: false,
    }
}

/// MS.AAD.3.1: phishing-resistant MFA for all users.
pub fn phishing_resistant_for_all_users<'t>(people: &People<'t>) -> Coverage<'t> {
    coverage(
        people,
        &Target::AllUsers,
        &phishing_resistant_demand(&phishing_resistant_fit),
    )
}

/// MS.AAD.3.6: phishing-resistant MFA for one highly privileged role.
pub fn phishing_resistant_for_role<'t>(people: &People<'t>, template_id: &str) -> Coverage<'t> {
    coverage(
        people,
        &Target::Role(template_id),
        &phishing_resistant_demand(&phishing_resistant_fit),
    )
}

/// Whether a holder of a role that `by` covers is left out by name or by group: role
/// targeting does not see the user and group exclusions of the policies that target the role.
pub enum HolderCover<'t> {
    Covered,
    Excluded {
        policy: &'t CaPolicy,
        how: String,
        origin: Origin,
    },
    Unknown(String),
}

/// See [`HolderCover`]: the holder is covered when a policy of `by` that covers every client
/// app type on its own does not exclude them.
pub fn holder_cover<'t>(
    people: &People<'t>,
    by: &[&'t CaPolicy],
    subject: &super::audience::Subject,
) -> HolderCover<'t> {
    let mut first_exclusion = None;
    let mut unknown = None;
    for policy in by {
        let whole = super::policy::client_app_types(policy)
            .is_superset(&ClientAppType::EVERY.into_iter().collect());
        match super::audience::excludes(policy, people, subject) {
            super::audience::Applies::Yes if whole => return HolderCover::Covered,
            super::audience::Applies::Excluded { how, origin } => {
                first_exclusion.get_or_insert(HolderCover::Excluded {
                    policy,
                    how,
                    origin,
                });
            }
            super::audience::Applies::Unknown { why, .. } => {
                unknown.get_or_insert(format!("policy {} may exclude them: {why}", policy.label()));
            }
            _ => {}
        }
    }
    match (unknown, first_exclusion) {
        (Some(why), _) => HolderCover::Unknown(why),
        (None, Some(excluded)) => excluded,
        // Only policies that cover some client apps each: the role question already said so.
        (None, None) => HolderCover::Covered,
    }
}

/// Whether a grant can only be met on a managed device: a compliant or hybrid-joined device
/// required with AND, or offered with OR as the only choices.
fn managed_device_fit(policy: &CaPolicy) -> Fit {
    let Some(grant) = &policy.grant else {
        return Fit::No;
    };
    let is_device = |c: &GrantControl| {
        matches!(
            c,
            GrantControl::CompliantDevice | GrantControl::DomainJoinedDevice
        )
    };
    if !grant.built_in.iter().any(|c| is_device(&c.value)) {
        return Fit::No;
    }
    let others: Vec<String> = grant
        .built_in
        .iter()
        .filter(|c| !is_device(&c.value))
        .map(|c| super::policy::control_name(&c.value))
        .chain(grant.other_controls.iter().map(|c| c.value.clone()))
        .chain(
            grant
                .authentication_strength
                .iter()
                .map(|_| "an authentication strength".into()),
        )
        .collect();
    match &grant.operator.value {
        GrantOperator::And => Fit::Yes,
        _ if others.is_empty() => Fit::Yes,
        _ => Fit::Alternative(others),
    }
}

/// MS.AAD.3.7: a managed device on every sign-in of every user.
pub fn managed_device_for_all_users<'t>(people: &People<'t>) -> Coverage<'t> {
    let demand = Demand {
        wanted: &ClientAppType::EVERY,
        accept: Accept {
            client_app_types: true,
            ..Accept::default()
        },
        fits: &managed_device_fit,
        verb: "requires a managed device",
        infinitive: "require a compliant or hybrid-joined device",
        noun: "a managed device",
        needs_aim: false,
    };
    coverage(people, &Target::AllUsers, &demand)
}

/// MS.AAD.3.8: a managed device to register security information.
pub fn managed_device_to_register<'t>(people: &People<'t>) -> Coverage<'t> {
    let fits = |policy: &CaPolicy| {
        if !super::policy::has_user_action(&policy.conditions.applications, REGISTER_SECURITY_INFO)
        {
            return Fit::No;
        }
        managed_device_fit(policy)
    };
    let demand = Demand {
        wanted: &ClientAppType::EVERY,
        accept: Accept {
            client_app_types: true,
            user_action: Some(REGISTER_SECURITY_INFO),
            ..Accept::default()
        },
        fits: &fits,
        verb: "requires a managed device to register security information",
        infinitive: "require a managed device to register security information",
        noun: "a managed device",
        needs_aim: false,
    };
    coverage(people, &Target::AllUsers, &demand)
}

/// MS.AAD.3.9: the device code flow blocked for everyone.
pub fn device_code_blocked<'t>(people: &People<'t>) -> Coverage<'t> {
    let fits = |policy: &CaPolicy| {
        let device_code = policy
            .conditions
            .authentication_flows
            .as_ref()
            .is_some_and(|f| {
                f.value
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case("deviceCodeFlow"))
            });
        match (device_code, requirement(policy)) {
            (true, Requirement::Block) => Fit::Yes,
            _ => Fit::No,
        }
    };
    let demand = Demand {
        wanted: &ClientAppType::EVERY,
        accept: Accept {
            client_app_types: true,
            authentication_flows: true,
            ..Accept::default()
        },
        fits: &fits,
        verb: "blocks the device code flow",
        infinitive: "block the device code flow",
        noun: "a block",
        needs_aim: false,
    };
    coverage(people, &Target::AllUsers, &demand)
}

/// MS.AAD.2.1 and 2.3: sign-ins at high user or sign-in risk blocked, not only challenged.
pub fn high_risk_blocked<'t>(people: &People<'t>, user_risk: bool) -> Coverage<'t> {
    let fits = |policy: &CaPolicy| {
        let levels = if user_risk {
            &policy.conditions.user_risk_levels
        } else {
            &policy.conditions.sign_in_risk_levels
        };
        match (names_level(levels, "high"), requirement(policy)) {
            (true, Requirement::Block) => Fit::Yes,
            _ => Fit::No,
        }
    };
    let (verb, infinitive) = if user_risk {
        ("blocks users at high risk", "block users at high risk")
    } else {
        (
            "blocks sign-ins at high risk",
            "block sign-ins at high risk",
        )
    };
    let demand = Demand {
        wanted: &ClientAppType::EVERY,
        accept: Accept {
            client_app_types: true,
            user_risk,
            sign_in_risk: !user_risk,
            ..Accept::default()
        },
        fits: &fits,
        verb,
        infinitive,
        noun: "a block",
        needs_aim: false,
    };
    coverage(people, &Target::AllUsers, &demand)
}

/// A policy for agent identities at high risk that falls short, with why and where.
pub struct AgentGap<'t> {
    pub policy: &'t CaPolicy,
    pub why: String,
    pub origin: Origin,
}

/// MS.AAD.9.1: whether an enforced policy blocks every agent identity at high agent risk on
/// every resource, under the same narrowing model as the user policies.
pub struct AgentBlock<'t> {
    pub by: Option<&'t CaPolicy>,
    pub gaps: Vec<AgentGap<'t>>,
    /// Why it cannot be told (a policy in an unknown state, a P1 plan of unknown status).
    pub unknown: Option<String>,
}

pub fn risky_agents_blocked(tenant: &Tenant) -> AgentBlock<'_> {
    let tier = super::licences::tier(tenant);
    let p1_undecided = super::licences::p1_undecided(tenant);
    let mut result = AgentBlock {
        by: None,
        gaps: Vec::new(),
        unknown: None,
    };
    for policy in tenant.policies() {
        let c = &policy.conditions;
        if !names_level(&c.agent_risk_levels, "high") {
            continue;
        }
        let gap = |why: String, origin: &Origin| AgentGap {
            policy,
            why,
            origin: origin.clone(),
        };
        let effect = super::licences::effect(policy, tier);
        let narrowed = narrowings(policy, Accept::default());
        let shortfall = if !c
            .include_agents
            .iter()
            .any(|a| a.value.eq_ignore_ascii_case(ALL))
        {
            Some(gap(
                "it does not target all agent identities".into(),
                c.origin.as_ref().unwrap_or(&policy.origin),
            ))
        } else if let Some(excluded) = c.exclude_agents.first() {
            Some(gap(
                format!("it excludes agent identity {}", excluded.value),
                &excluded.origin,
            ))
        } else if requirement(policy) != Requirement::Block {
            Some(gap(
                "it does not block".into(),
                policy.grant.as_ref().map_or(&policy.origin, |g| &g.origin),
            ))
        } else if let Some(narrowing) = narrowed.first() {
            Some(gap(narrowing.description.clone(), &narrowing.origin))
        } else {
            match effect {
                Effect::Enforced if p1_undecided => {
                    result.unknown.get_or_insert_with(|| {
                        format!(
                            "policy {} would block them, but the licences list an Entra ID P1 plan without its \
                             status, so whether it takes effect cannot be told",
                            policy.label()
                        )
                    });
                    None
                }
                Effect::Enforced => {
                    result.by = Some(policy);
                    return result;
                }
                Effect::Unlicensed => Some(gap(
                    "it cannot take effect without an Entra ID P1 plan".into(),
                    &policy.state.origin,
                )),
                Effect::NotEnforced => {
                    if let PolicyState::Unknown(_) = policy.state.value {
                        result.unknown.get_or_insert_with(|| {
                            format!(
                                "policy {} would block them, and is {}",
                                policy.label(),
                                policy.state.value.describe()
                            )
                        });
                        None
                    } else {
                        Some(gap(
                            format!("it is {}", policy.state.value.describe()),
                            &policy.state.origin,
                        ))
                    }
                }
            }
        };
        result.gaps.extend(shortfall);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Origin;

    fn grant(strength: Option<&str>, combinations: Option<&[&str]>) -> Grant {
        let at = Origin {
            file: 0,
            span: 0..1,
            pointer: String::new(),
        };
        Grant {
            operator: Located::new(GrantOperator::And, at.clone()),
            built_in: Vec::new(),
            authentication_strength: strength.map(|s| Located::new(s.to_string(), at.clone())),
            strength_combinations: combinations.map(|c| c.iter().map(|s| s.to_string()).collect()),
            other_controls: Vec::new(),
            origin: at,
        }
    }

    #[test]
    fn only_phishing_resistant_combinations_make_a_phishing_resistant_strength() {
        let judged = |strength, combinations| is_phishing_resistant(&grant(strength, combinations));
        assert_eq!(
            judged(Some("custom"), Some(&["fido2", "windowsHelloForBusiness"])),
            Some(true)
        );
        assert_eq!(
            judged(Some("custom"), Some(&["fido2", "password,sms"])),
            Some(false)
        );
        assert_eq!(judged(Some("custom"), Some(&[])), Some(false));
        // Built-in strengths by id when the combinations are not exported; a custom one is
        // unknown.
        assert_eq!(judged(Some(PHISHING_RESISTANT_STRENGTH), None), Some(true));
        assert_eq!(
            judged(Some("00000000-0000-0000-0000-000000000002"), None),
            Some(false)
        );
        assert_eq!(judged(Some("custom"), None), None);
        assert_eq!(judged(None, None), Some(false));
    }
}
