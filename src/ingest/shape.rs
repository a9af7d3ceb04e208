//! The last resort: what an object is, judged by the properties it has. Only distinctive
//! combinations count; anything else is skipped and listed, never guessed.

use super::json::Object;
use super::EntityKind;

const SECURITY_DEFAULTS_ID: &str = "00000000-0000-0000-0000-000000000005";

pub fn kind_from_shape(object: &Object) -> Option<EntityKind> {
    let has = |key: &str| object.is_written(key);
    if has("conditions") && (has("grantControls") || has("state")) {
        return Some(EntityKind::CaPolicy);
    }
    if has("isEnabled")
        && object
            .str("id")
            .ok()
            .flatten()
            .is_some_and(|id| id == SECURITY_DEFAULTS_ID)
    {
        return Some(EntityKind::SecurityDefaults);
    }
    if has("enablementType") {
        return Some(EntityKind::SsprPolicy);
    }
    if has("isMfaRegistered") || has("isSsprRegistered") {
        return Some(EntityKind::Registration);
    }
    if has("servicePlans") && has("skuId") {
        return Some(EntityKind::SubscribedSku);
    }
    if has("principalId") && has("roleDefinitionId") {
        if has("roleEligibilityScheduleId") {
            return Some(EntityKind::Eligibility);
        }
        if has("assignmentType") || has("roleAssignmentScheduleId") {
            return Some(EntityKind::ActiveAssignment);
        }
        return Some(EntityKind::RoleAssignment);
    }
    if has("rolePermissions") {
        return Some(EntityKind::RoleDefinition);
    }
    if has("roleTemplateId") {
        return Some(EntityKind::DirectoryRole);
    }
    if has("verifiedDomains") {
        return Some(EntityKind::Organization);
    }
    if has("defaultUserRolePermissions") {
        return Some(EntityKind::AuthorizationPolicy);
    }
    if has("authenticationMethodConfigurations") || has("policyMigrationState") {
        return Some(EntityKind::AuthMethodsPolicy);
    }
    if has("passwordValidityPeriodInDays") && has("isVerified") {
        return Some(EntityKind::Domain);
    }
    if has("templateId") && has("values") {
        return Some(EntityKind::DirectorySetting);
    }
    if has("includeTargets") && has("state") {
        return Some(EntityKind::AuthMethodConfiguration);
    }
    None
}

/// Why an object was not recognised, for `tenantlint inputs`.
pub fn why_unrecognised(object: &Object) -> String {
    if object.is_written("baseline_version") || object.is_written("module_version") {
        return "a CISA ScubaGear file without its Entra ID export (no tenant_details, \
                conditional_access_policies or privileged_users)"
            .into();
    }
    match object.odata_type() {
        Some(t) => format!("an entity of type `{t}`, which no rule uses"),
        None => "JSON that is not a recognised tenant document".into(),
    }
}
