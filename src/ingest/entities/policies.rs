//! Tenant-wide policies and facts: security defaults, SSPR, organization, licences.

use super::required;
use crate::ingest::json::{JsonKind, Node, Object, Shaped};
use crate::ingest::missing;
use crate::model::*;

pub fn read_security_defaults(object: &Object) -> Shaped<SecurityDefaults> {
    let node = object
        .get("isEnabled")
        .ok_or_else(|| missing(object, "isEnabled"))?;
    Ok(SecurityDefaults {
        is_enabled: Located::new(node.bool()?, node.origin()),
        origin: object.origin(),
    })
}

pub fn read_sspr_policy(object: &Object) -> Shaped<SsprPolicy> {
    let node = object
        .get("enablementType")
        .ok_or_else(|| missing(object, "enablementType"))?;
    let enablement = match node.kind() {
        JsonKind::Number => SsprEnablement::from_code(node.int()?),
        JsonKind::String => {
            let text = node.str()?;
            match text.to_ascii_lowercase().as_str() {
                "none" => SsprEnablement::None,
                "selected" | "selectedgroup" | "group" => SsprEnablement::SelectedGroup,
                "all" | "allusers" => SsprEnablement::All,
                digits => match digits.parse() {
                    Ok(code) => SsprEnablement::from_code(code),
                    Err(_) => return Err(node.shape_error("0, 1 or 2")),
                },
            }
        }
        _ => return Err(node.shape_error("0, 1 or 2")),
    };
    Ok(SsprPolicy {
        enablement: Located::new(enablement, node.origin()),
        group_ids: object
            .strings("passwordResetEnabledGroupIds")?
            .into_iter()
            .map(|(id, _)| id)
            .collect(),
        group_name: object.string("passwordResetEnabledGroupName")?,
        origin: object.origin(),
    })
}

pub fn read_organization(object: &Object) -> Shaped<Organization> {
    let assigned_plans = match object.get("assignedPlans") {
        Some(node) => Some(
            node.list()?
                .into_iter()
                .map(|plan| {
                    let plan_object = plan.object()?;
                    Ok(AssignedPlan {
                        service_plan_id: required(&plan_object, "servicePlanId")?,
                        capability_status: plan_object.string("capabilityStatus")?,
                        origin: plan.origin(),
                    })
                })
                .collect::<Shaped<Vec<_>>>()?,
        ),
        None => None,
    };
    let primary_domain = match object.get("verifiedDomains") {
        Some(node) => node.list()?.into_iter().find_map(|domain| {
            let domain = domain.object().ok()?;
            domain
                .bool("isDefault")
                .ok()
                .flatten()
                .filter(|default| *default)?;
            domain.string("name").ok().flatten()
        }),
        None => None,
    };
    Ok(Organization {
        id: required(object, "id")?,
        display_name: object.string("displayName")?,
        primary_domain,
        assigned_plans,
        origin: object.origin(),
    })
}

/// A list of `servicePlanInfo`: a SKU's `servicePlans`, or ScubaGear's `service_plans`.
pub fn read_service_plans(node: &Node) -> Shaped<Vec<ServicePlan>> {
    node.list()?
        .into_iter()
        .map(|plan| {
            let plan_object = plan.object()?;
            Ok(ServicePlan {
                id: required(&plan_object, "servicePlanId")?,
                name: plan_object.string("servicePlanName")?,
                provisioning_status: plan_object.string("provisioningStatus")?,
                origin: plan.origin(),
            })
        })
        .collect()
}

pub fn read_subscribed_sku(object: &Object) -> Shaped<SubscribedSku> {
    let plans = match object.get("servicePlans") {
        Some(node) => read_service_plans(&node)?,
        None => Vec::new(),
    };
    Ok(SubscribedSku {
        id: object.string("id")?,
        sku_id: object.string("skuId")?,
        part_number: object.string("skuPartNumber")?,
        capability_status: object.string("capabilityStatus")?,
        service_plans: plans,
        origin: object.origin(),
    })
}
