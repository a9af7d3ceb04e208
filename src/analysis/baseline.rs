//! The Conditional Access policies CISA's SCuBA baseline asks for beyond Microsoft's guidance,
//! as coverage questions on the same engine: every narrowing, exclusion and licence gap that
//! keeps a policy from counting for the guidance keeps it from counting here.

use super::audience::Target;
use super::coverage::{coverage, Coverage, Demand, Fit};
use super::people::People;
use super::policy::{requirement, Accept, Requirement};
use crate::model::*;

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

/// Whether a grant's authentication strength allows phishing-resistant methods only: its
/// combinations when the export expands them, else the built-in strength's id. A custom
/// strength exported without its combinations cannot be told, and does not count.
pub fn is_phishing_resistant(grant: &Grant) -> bool {
    let Some(strength) = &grant.authentication_strength else {
        return false;
    };
    match &grant.strength_combinations {
        Some(combinations) => {
            !combinations.is_empty()
                && combinations.iter().all(|c| {
                    PHISHING_RESISTANT
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(c.trim()))
                })
        }
        None => strength
            .value
            .eq_ignore_ascii_case(PHISHING_RESISTANT_STRENGTH),
    }
}

fn phishing_resistant_fit(policy: &CaPolicy) -> Fit {
    let Some(grant) = &policy.grant else {
        return Fit::No;
    };
    if !is_phishing_resistant(grant) {
        return Fit::No;
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
        .map(|c| format!("{:?}", c.value).to_ascii_lowercase())
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

fn names_level(levels: &Option<Located<Vec<String>>>, level: &str) -> bool {
    levels
        .as_ref()
        .is_some_and(|l| l.value.iter().any(|v| v.eq_ignore_ascii_case(level)))
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
        assert!(is_phishing_resistant(&grant(
            Some("custom"),
            Some(&["fido2", "windowsHelloForBusiness"])
        )));
        assert!(!is_phishing_resistant(&grant(
            Some("custom"),
            Some(&["fido2", "password,sms"])
        )));
        assert!(!is_phishing_resistant(&grant(Some("custom"), Some(&[]))));
        // Built-in strengths by id when the combinations are not exported.
        assert!(is_phishing_resistant(&grant(
            Some(PHISHING_RESISTANT_STRENGTH),
            None
        )));
        assert!(!is_phishing_resistant(&grant(
            Some("00000000-0000-0000-0000-000000000002"),
            None
        )));
        assert!(!is_phishing_resistant(&grant(None, None)));
    }
}
