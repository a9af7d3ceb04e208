//! The Entra ID plan a tenant has, read by service plan (never by SKU name): `AAD_PREMIUM` is
//! P1 (Conditional Access), `AAD_PREMIUM_P2` is P2 (risk-based conditions).

use crate::model::*;

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

/// The tenant's plan, or `None` when the export has no licence data.
pub fn tier(tenant: &Tenant) -> Option<Tier> {
    let from_skus = tenant.licences.as_ref().map(|skus| {
        skus.iter()
            // A SKU counts while `Enabled` or in its grace period (`Warning`).
            .filter(|sku| is_one_of(sku.capability_status.as_deref(), &["Enabled", "Warning"]))
            .flat_map(|sku| &sku.service_plans)
            .filter(|plan| is_one_of(plan.provisioning_status.as_deref(), &["Success"]))
            .filter_map(|plan| tier_of_plan(&plan.id))
            .max()
            .unwrap_or(Tier::Free)
    });
    let from_organization = tenant
        .organization
        .as_ref()
        .and_then(|org| org.assigned_plans.as_ref())
        .map(|plans| {
            plans
                .iter()
                .filter(|plan| {
                    is_one_of(plan.capability_status.as_deref(), &["Enabled", "Warning"])
                })
                .filter_map(|plan| tier_of_plan(&plan.service_plan_id))
                .max()
                .unwrap_or(Tier::Free)
        });
    from_skus.max(from_organization)
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
pub fn evidence(tenant: &Tenant, tier: Tier) -> Option<crate::source::Origin> {
    let counts = |id: &str| tier_of_plan(id).is_some_and(|t| t >= tier);
    let from_skus = tenant.licences.iter().flatten().find_map(|sku| {
        if !is_one_of(sku.capability_status.as_deref(), &["Enabled", "Warning"]) {
            return None;
        }
        sku.service_plans
            .iter()
            .find(|p| counts(&p.id) && is_one_of(p.provisioning_status.as_deref(), &["Success"]))
            .map(|p| p.origin.clone())
    });
    from_skus.or_else(|| {
        tenant
            .organization
            .as_ref()?
            .assigned_plans
            .as_ref()?
            .iter()
            .find(|p| {
                counts(&p.service_plan_id)
                    && is_one_of(p.capability_status.as_deref(), &["Enabled", "Warning"])
            })
            .map(|p| p.origin.clone())
    })
}
