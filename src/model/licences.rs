//! Licences (`subscribedSkus`), read by service plan rather than by SKU name.

use crate::source::Origin;

pub const AAD_PREMIUM: &str = "41781fb2-bc02-4b7c-bd55-b576c07bb09d";
pub const AAD_PREMIUM_P2: &str = "eec0eb4f-6444-4f95-aba0-50c24d67f998";

#[derive(Debug, Clone)]
pub struct SubscribedSku {
    /// EntraExporter and Graph write `<tenantId>_<skuId>`.
    pub id: Option<String>,
    pub sku_id: Option<String>,
    pub part_number: Option<String>,
    pub capability_status: Option<String>,
    pub service_plans: Vec<ServicePlan>,
    pub origin: Origin,
}

/// One entry of `Organization.assignedPlans`.
#[derive(Debug, Clone)]
pub struct AssignedPlan {
    pub service_plan_id: String,
    pub capability_status: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct ServicePlan {
    pub id: String,
    pub name: Option<String>,
    pub provisioning_status: Option<String>,
    pub origin: Origin,
}
