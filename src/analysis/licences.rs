//! The Entra ID plan a tenant has, read by service plan (never by SKU name): `AAD_PREMIUM` is
//! P1 (Conditional Access), `AAD_PREMIUM_P2` is P2 (risk-based conditions).

use crate::model::*;
use crate::source::Origin;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Free,
    P1,
    P2,
}

impl Tier {
    pub fn describe(self) -> &'static str {
        match self {
            Tier::Free => "no Entra ID P1 or P2 plan",
            Tier::P1 => "Entra ID P1",
            Tier::P2 => "Entra ID P2",
        }
    }
}

fn tier_of_plan(service_plan_id: &str) -> Option<Tier> {
    if service_plan_id.eq_ignore_ascii_case(AAD_PREMIUM_P2) {
        Some(Tier::P2)
    } else if service_plan_id.eq_ignore_ascii_case(AAD_PREMIUM) {
        Some(Tier::P1)
    } else {
        None
    }
}

fn is_one_of(status: Option<&str>, accepted: &[&str]) -> bool {
    status.is_some_and(|s| accepted.iter().any(|a| s.eq_ignore_ascii_case(a)))
}

/// Every plan the licences count, with where it is written: a service plan of a SKU that is
/// `Enabled` or in its grace period (`Warning`) and provisioned, or an organization's assigned
/// plan that is `Enabled` or `Warning`. Only Entra ID P1 and P2 plans matter here.
fn counted_plans(tenant: &Tenant) -> impl Iterator<Item = (Tier, &Origin)> {
    plans(tenant, false)
}

/// The Entra ID plans the licences show, counted as [`counted_plans`] does; with `unstated`,
/// also those whose SKU or plan status is not written, which may be active. The organization's
/// `assignedPlans`, when exported, state every plan's status for the whole tenant: a plan they
/// do not show active is not active, whatever SKU lists it without a status (as ScubaGear's
/// `service_plans` list provisioned plans without their SKU).
fn plans(tenant: &Tenant, unstated: bool) -> impl Iterator<Item = (Tier, &Origin)> {
    let assigned_plans_exported = tenant
        .organization
        .as_ref()
        .is_some_and(|o| o.assigned_plans.is_some());
    // The organization's own entries are the statement; one of them without a status says
    // nothing about that plan.
    let sku_unstated = unstated && !assigned_plans_exported;
    let holds = move |status: Option<&str>, accepted: &[&str], unstated: bool| match status {
        None => unstated,
        status => is_one_of(status, accepted),
    };
    let active =
        move |status: Option<&str>, unstated| holds(status, &["Enabled", "Warning"], unstated);
    let from_skus = tenant
        .licences
        .iter()
        .flatten()
        .filter(move |sku| active(sku.capability_status.as_deref(), sku_unstated))
        .flat_map(|sku| &sku.service_plans)
        .filter(move |plan| {
            holds(
                plan.provisioning_status.as_deref(),
                &["Success"],
                sku_unstated,
            )
        })
        .filter_map(|plan| Some((tier_of_plan(&plan.id)?, &plan.origin)));
    let from_organization = tenant
        .organization
        .iter()
        .flat_map(|org| org.assigned_plans.iter().flatten())
        .filter(move |plan| active(plan.capability_status.as_deref(), unstated))
        .filter_map(|plan| Some((tier_of_plan(&plan.service_plan_id)?, &plan.origin)));
    from_skus.chain(from_organization)
}

/// The highest plan the licences could show once the statuses they leave out are known: above
/// [`proven_tier`] when a P1 or P2 plan's status is not written.
pub fn possible_tier(tenant: &Tenant) -> Option<Tier> {
    proven_tier(tenant).map(|proven| {
        plans(tenant, true)
            .map(|(tier, _)| tier)
            .max()
            .map_or(proven, |possible| possible.max(proven))
    })
}

/// The plan the licences prove by the statuses they state, or `None` when the export has no
/// licence data at all.
fn proven_tier(tenant: &Tenant) -> Option<Tier> {
    let has_licence_data = tenant.licences.is_some()
        || tenant
            .organization
            .as_ref()
            .is_some_and(|o| o.assigned_plans.is_some());
    has_licence_data.then(|| {
        counted_plans(tenant)
            .map(|(tier, _)| tier)
            .max()
            .unwrap_or(Tier::Free)
    })
}

/// The tenant's plan, or `None` when the export does not settle it: no licence data at all, or
/// a P1 or P2 plan whose status the licences leave out, which may be active. A plan that is
/// not proven is never taken for "no plan" (see [`UnknownTier`]).
pub fn tier(tenant: &Tenant) -> Option<Tier> {
    let proven = proven_tier(tenant)?;
    (possible_tier(tenant) == Some(proven)).then_some(proven)
}

/// Whether the export leaves open if the tenant has Entra ID P1: no plan proves it, and a P1 or
/// P2 plan is listed without its status. Enabled policies may then not take effect.
pub fn p1_undecided(tenant: &Tenant) -> bool {
    proven_tier(tenant).is_some_and(|proven| proven < Tier::P1)
        && possible_tier(tenant).is_some_and(|possible| possible >= Tier::P1)
}

/// Whether the tenant lacks Entra ID P2: `Some(true)` when its licences show it cannot have it,
/// `Some(false)` when they prove it, `None` when they do not settle it.
pub fn lacks_p2(tenant: &Tenant) -> Option<bool> {
    match tier(tenant) {
        Some(t) => Some(t < Tier::P2),
        None => possible_tier(tenant)
            .filter(|possible| *possible < Tier::P2)
            .map(|_| true),
    }
}

/// Whether what Conditional Access enforces is known: from its policies, or, without them, from
/// licences that show no Entra ID P1, under which no policy takes effect whatever the tenant
/// has configured. A tree without the policies does not say there are none: EntraExporter's
/// `-Type Policies` writes `Policies/` and no Conditional Access at all.
/// The licences must be whole for that: an unreadable licence record may hold the P1 plan.
pub fn ca_enforcement_known(tenant: &Tenant) -> bool {
    let licences_whole = ![InputKind::Licences, InputKind::Organization]
        .iter()
        .any(|kind| tenant.unreadable.contains_key(kind));
    tenant.ca_policies.is_some()
        || (licences_whole && possible_tier(tenant).is_some_and(|t| t < Tier::P1))
}

/// Why [`tier`] is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownTier {
    NoLicenceData,
    /// A P1 or P2 plan is listed without its status (or its SKU's).
    StatusNotGiven,
}

impl UnknownTier {
    pub fn of(tenant: &Tenant) -> Self {
        match proven_tier(tenant) {
            None => UnknownTier::NoLicenceData,
            Some(_) => UnknownTier::StatusNotGiven,
        }
    }

    /// For a rule's reason.
    pub fn reason(self) -> &'static str {
        match self {
            UnknownTier::NoLicenceData => "no licence data in the input",
            UnknownTier::StatusNotGiven => {
                "the licences list an Entra ID P1 or P2 plan without its status, so whether the tenant has \
                 it cannot be told"
            }
        }
    }

    /// How a report names the licence.
    pub fn licence(self) -> &'static str {
        match self {
            UnknownTier::NoLicenceData => "unknown (no licence data in the input)",
            UnknownTier::StatusNotGiven => "unknown (a P1 or P2 plan is listed without its status)",
        }
    }
}

/// Whether a policy takes effect: enabled, and the tenant is not known to lack P1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Enforced,
    /// Report-only, disabled, or an unknown state.
    NotEnforced,
    /// Enabled, but licence data shows no P1 plan: the policy cannot take effect.
    Unlicensed,
}

pub fn effect(policy: &CaPolicy, tier: Option<Tier>) -> Effect {
    match (policy.is_enforced(), tier) {
        (false, _) => Effect::NotEnforced,
        (true, Some(Tier::Free)) => Effect::Unlicensed,
        (true, _) => Effect::Enforced,
    }
}

/// Where the export proves a plan of at least `tier`: the service plan entry of a SKU, or the
/// organization's assigned plan.
pub fn evidence(tenant: &Tenant, tier: Tier) -> Option<Origin> {
    counted_plans(tenant)
        .find(|(t, _)| *t >= tier)
        .map(|(_, origin)| origin.clone())
}
