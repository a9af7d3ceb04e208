//! Where the tenant stands against Microsoft's guidance table: which mechanism the licence
//! calls for, which one is in use, and which of the guidance's policies are in place.

use super::coverage::Coverage;
use super::guidance::{
    legacy_block, mfa_for_all_users, mfa_for_role, sign_in_risk, user_risk_high,
};
use super::licences::{ca_enforcement_known, tier, Tier, UnknownTier};
use super::people::People;
use super::roles::ADMIN_ROLES;
use super::SecurityDefaultsState;
use crate::model::{ClientAppType, InputKind, PolicyState, SsprEnablement};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mechanism {
    SecurityDefaults,
    ConditionalAccess { enabled: usize },
    Both { enabled: usize },
    Neither,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    InPlace(String),
    /// Security defaults do what the policy would.
    BySecurityDefaults,
    /// A report-only policy would put it in place.
    ReportOnly(String),
    /// Policies try but fall short; the reason of the most decisive gap.
    Partial(String),
    Missing,
    NotApplicable,
    Unknown(String),
}

#[derive(Debug, Clone)]
pub struct Item {
    pub name: &'static str,
    /// The plan from which the guidance asks for it.
    pub from: Tier,
    pub standing: Standing,
}

#[derive(Debug, Clone)]
pub struct PlanSummary {
    pub tier: Option<Tier>,
    /// How the report names the licence when `tier` is unknown.
    pub unknown_licence: &'static str,
    pub mechanism: Mechanism,
    pub items: Vec<Item>,
    pub sspr: Standing,
    /// Member users and admins in the registration details, and how many are registered for MFA.
    pub registration: Option<RegistrationShare>,
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Share {
    pub total: usize,
    pub registered_for_mfa: usize,
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct RegistrationShare {
    pub users: Share,
    pub admins: Share,
}

fn registration_share(people: &People, found: &super::AdminSet) -> Option<RegistrationShare> {
    let registrations = people.tenant().registrations.as_ref()?;
    let admins = found.ids();
    let mut share = RegistrationShare::default();
    for r in registrations
        .iter()
        .filter(|r| people.registered_user_type(r) != crate::model::UserType::Guest)
    {
        let registered = r.mfa_registered.as_ref().is_some_and(|f| f.value);
        let bucket = if found.contains(&admins, r.user_id()) {
            &mut share.admins
        } else {
            &mut share.users
        };
        bucket.total += 1;
        bucket.registered_for_mfa += usize::from(registered);
    }
    Some(share)
}

pub fn summarise(people: &People, admin_set: &super::AdminSet) -> PlanSummary {
    let tenant = people.tenant();
    let tier = tier(tenant);
    let defaults = SecurityDefaultsState::of(tenant);
    let enabled = tenant.policies().iter().filter(|p| p.is_enforced()).count();
    let mechanism = match (&defaults, enabled) {
        (SecurityDefaultsState::Enabled(_), 0) => Mechanism::SecurityDefaults,
        (SecurityDefaultsState::Enabled(_), n) => Mechanism::Both { enabled: n },
        (_, n) if n > 0 => Mechanism::ConditionalAccess { enabled: n },
        (SecurityDefaultsState::Disabled(_), _) if ca_enforcement_known(tenant) => {
            Mechanism::Neither
        }
        _ => Mechanism::Unknown,
    };
    let judge = |coverage: Option<Coverage>, wanted: &[ClientAppType]| -> Standing {
        if defaults.is_enabled() {
            return Standing::BySecurityDefaults;
        }
        if !defaults.is_off() {
            return Standing::Unknown(
                "security defaults or Conditional Access policies missing".into(),
            );
        }
        let Some(coverage) = coverage else {
            return Standing::Unknown(InputKind::ConditionalAccess.missing());
        };
        standing(&coverage, wanted)
    };
    let ca = ca_enforcement_known(tenant);
    let admins = if defaults.is_off() && ca {
        let uncovered: Vec<&str> = ADMIN_ROLES
            .iter()
            .filter(|(id, _)| !mfa_for_role(people, id).is_complete(&ClientAppType::EVERY))
            .map(|(_, name)| *name)
            .collect();
        // All covered or none: the standing of any one role says it; some: name the others.
        match uncovered.len() {
            n if n == 0 || n == ADMIN_ROLES.len() => judge(
                Some(mfa_for_role(people, ADMIN_ROLES[0].0)),
                &ClientAppType::EVERY,
            ),
            _ => Standing::Partial(format!("not for {}", uncovered.join(", "))),
        }
    } else {
        judge(None, &ClientAppType::EVERY)
    };
    let mut items = vec![
        Item {
            name: "Require MFA for administrators",
            from: Tier::P1,
            standing: admins,
        },
        Item {
            name: "Require MFA for all users",
            from: Tier::P1,
            standing: judge(ca.then(|| mfa_for_all_users(people)), &ClientAppType::EVERY),
        },
        Item {
            name: "Block legacy authentication",
            from: Tier::P1,
            standing: judge(ca.then(|| legacy_block(people)), &ClientAppType::LEGACY),
        },
    ];
    let risk = |coverage: Option<Coverage>| match tier {
        None => Standing::Unknown(UnknownTier::of(tenant).reason().into()),
        Some(t) if t < Tier::P2 => Standing::NotApplicable,
        Some(_) => coverage.map_or_else(
            || Standing::Unknown(InputKind::ConditionalAccess.missing()),
            |c| standing(&c, &ClientAppType::EVERY),
        ),
    };
    let sign_in = ca.then(|| {
        let medium = sign_in_risk(people, "medium");
        if medium.is_complete(&ClientAppType::EVERY) {
            sign_in_risk(people, "high")
        } else {
            medium
        }
    });
    items.push(Item {
        name: "Require MFA when sign-in risk is medium or high",
        from: Tier::P2,
        standing: risk(sign_in),
    });
    items.push(Item {
        name: "High risk users must change password",
        from: Tier::P2,
        standing: risk(ca.then(|| user_risk_high(people))),
    });
    PlanSummary {
        tier,
        unknown_licence: UnknownTier::of(tenant).licence(),
        mechanism,
        items,
        sspr: sspr_standing(people),
        registration: registration_share(people, admin_set),
    }
}

fn standing(coverage: &Coverage, wanted: &[ClientAppType]) -> Standing {
    if coverage.is_complete(wanted) {
        let names: Vec<String> = coverage
            .by
            .iter()
            .map(|p| format!("\"{}\"", p.display_name))
            .collect();
        return Standing::InPlace(names.join(", "));
    }
    if let Some(gap) = coverage
        .would_close()
        .find(|g| g.policy.state.value == PolicyState::ReportOnly)
    {
        return Standing::ReportOnly(format!("\"{}\"", gap.policy.display_name));
    }
    match coverage.gaps.first() {
        Some(gap) => Standing::Partial(gap.message.clone()),
        None => Standing::Missing,
    }
}

fn sspr_standing(people: &People) -> Standing {
    let tenant = people.tenant();
    if let Some(policy) = &tenant.sspr_policy {
        return match policy.enablement.value {
            SsprEnablement::All => Standing::InPlace("enabled for all users".into()),
            SsprEnablement::SelectedGroup => {
                Standing::Partial("enabled for a selected group only".into())
            }
            SsprEnablement::None => Standing::Missing,
            SsprEnablement::Unknown(code) => Standing::Unknown(format!("enablementType {code}")),
        };
    }
    let Some(registrations) = &tenant.registrations else {
        return Standing::Unknown("no SSPR policy or registration details".into());
    };
    let flags: Vec<bool> = registrations
        .iter()
        .filter_map(|r| r.sspr_enabled.as_ref().map(|f| f.value))
        .collect();
    match flags.iter().filter(|f| **f).count() {
        0 if flags.is_empty() => Standing::Unknown("registration details do not say".into()),
        0 => Standing::Missing,
        n if n == flags.len() => {
            Standing::InPlace("enabled for every user in the registration details".into())
        }
        n => Standing::Partial(format!("enabled for {n} of {} users", flags.len())),
    }
}

impl std::fmt::Display for Standing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Standing::InPlace(by) => write!(f, "in place ({by})"),
            Standing::BySecurityDefaults => f.write_str("in place (security defaults)"),
            Standing::ReportOnly(policy) => write!(f, "report-only: {policy} would do it"),
            Standing::Partial(why) => write!(f, "partial: {why}"),
            Standing::Missing => f.write_str("missing"),
            Standing::NotApplicable => f.write_str("not applicable below P2"),
            Standing::Unknown(why) => write!(f, "unknown: {why}"),
        }
    }
}

impl std::fmt::Display for Mechanism {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mechanism::SecurityDefaults => f.write_str("security defaults"),
            Mechanism::ConditionalAccess { enabled } => write!(f, "Conditional Access ({enabled} enabled policies)"),
            Mechanism::Both { enabled } => write!(
                f,
                "security defaults AND {enabled} enabled Conditional Access policies (inconsistent, see SD001)"
            ),
            Mechanism::Neither => f.write_str("neither security defaults nor an enabled Conditional Access policy"),
            Mechanism::Unknown => f.write_str("unknown (security defaults or Conditional Access policies missing)"),
        }
    }
}

impl PlanSummary {
    /// The licence as the report names it.
    pub fn licence(&self) -> &'static str {
        self.tier.map_or(self.unknown_licence, Tier::describe)
    }

    /// The mechanism the guidance calls for with this licence.
    pub fn recommended(&self) -> &'static str {
        match self.tier {
            Some(Tier::Free) => "security defaults",
            Some(Tier::P1) => "Conditional Access",
            Some(Tier::P2) => "Conditional Access with risk-based policies",
            None => "depends on the licence",
        }
    }
}
