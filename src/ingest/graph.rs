//! Microsoft Graph responses: the `@odata.context` URL and `@odata.type` names.

use super::EntityKind;
use crate::model::AppPolicyScope;

/// The entity kind named by an `@odata.context` URL such as
/// `https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies/$entity`.
pub fn kind_from_context(url: &str) -> Option<EntityKind> {
    let (_, fragment) = url.split_once("$metadata#")?;
    let path = strip_parentheses(fragment).to_ascii_lowercase();
    let path = path.trim_end_matches("/$entity").trim_end_matches('/');
    // Directory settings live at the root: `settings` alone, never a suffix of another path.
    if matches!(path, "settings" | "groupsettings") {
        return Some(EntityKind::DirectorySetting);
    }
    let table: &[(&str, EntityKind)] = &[
        ("identity/conditionalaccess/policies", EntityKind::CaPolicy),
        // Graph writes both `policies/authenticationMethodsPolicy` and a bare
        // `authenticationMethodsPolicy`.
        (
            "authenticationmethodconfigurations",
            EntityKind::AuthMethodConfiguration,
        ),
        ("authenticationmethodspolicy", EntityKind::AuthMethodsPolicy),
        (
            "policies/authorizationpolicy",
            EntityKind::AuthorizationPolicy,
        ),
        (
            "policies/rolemanagementpolicyassignments",
            EntityKind::RolePolicyAssignment,
        ),
        ("policies/rolemanagementpolicies", EntityKind::RolePolicy),
        (
            "policies/defaultappmanagementpolicy",
            EntityKind::AppManagementPolicy(AppPolicyScope::TenantDefault),
        ),
        (
            "policies/appmanagementpolicies",
            EntityKind::AppManagementPolicy(AppPolicyScope::Assigned),
        ),
        (
            "rolemanagement/directory/roleassignmentschedules",
            EntityKind::ActiveAssignment,
        ),
        ("domains", EntityKind::Domain),
        (
            "identity/conditionalaccess/namedlocations",
            EntityKind::NamedLocation,
        ),
        (
            "policies/identitysecuritydefaultsenforcementpolicy",
            EntityKind::SecurityDefaults,
        ),
        (
            "rolemanagement/directory/roledefinitions",
            EntityKind::RoleDefinition,
        ),
        (
            "rolemanagement/directory/roleassignmentscheduleinstances",
            EntityKind::ActiveAssignment,
        ),
        (
            "rolemanagement/directory/roleeligibilityscheduleinstances",
            EntityKind::Eligibility,
        ),
        (
            "rolemanagement/directory/roleeligibilityschedules",
            EntityKind::Eligibility,
        ),
        (
            "rolemanagement/directory/roleassignments",
            EntityKind::RoleAssignment,
        ),
        (
            "reports/authenticationmethods/userregistrationdetails",
            EntityKind::Registration,
        ),
        ("subscribedskus", EntityKind::SubscribedSku),
        ("directoryroles", EntityKind::DirectoryRole),
        ("organization", EntityKind::Organization),
        ("groups", EntityKind::Group),
        ("users", EntityKind::User),
        ("serviceprincipals", EntityKind::ServicePrincipal),
    ];
    table
        .iter()
        .find(|(suffix, _)| path == *suffix || path.ends_with(&format!("/{suffix}")))
        .map(|(_, kind)| kind.clone())
        .or_else(|| collection_of(path))
}

/// `Collection(microsoft.graph.user)`-style contexts.
fn collection_of(path: &str) -> Option<EntityKind> {
    let inner = path.strip_prefix("collection")?;
    kind_from_odata_type(
        inner
            .trim_matches(|c| c == '(' || c == ')')
            .trim_start_matches("microsoft.graph."),
    )
}

/// `roleManagement/directory/roleAssignments(principal())` and `directoryRoles('id')/members`
/// carry parenthesised parts that do not change the entity kind.
fn strip_parentheses(text: &str) -> String {
    if text.to_ascii_lowercase().starts_with("collection(") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The entity kind of an `@odata.type` (already without `#microsoft.graph.`, lower-case).
pub fn kind_from_odata_type(name: &str) -> Option<EntityKind> {
    Some(match name {
        "conditionalaccesspolicy" => EntityKind::CaPolicy,
        "identitysecuritydefaultsenforcementpolicy" => EntityKind::SecurityDefaults,
        "unifiedroledefinition" => EntityKind::RoleDefinition,
        "unifiedroleassignment" => EntityKind::RoleAssignment,
        "unifiedroleassignmentscheduleinstance" => EntityKind::ActiveAssignment,
        "unifiedroleeligibilityscheduleinstance" | "unifiedroleeligibilityschedule" => {
            EntityKind::Eligibility
        }
        "directoryrole" => EntityKind::DirectoryRole,
        "userregistrationdetails" => EntityKind::Registration,
        "subscribedsku" => EntityKind::SubscribedSku,
        "organization" => EntityKind::Organization,
        "group" => EntityKind::Group,
        "user" => EntityKind::User,
        "serviceprincipal" => EntityKind::ServicePrincipal,
        "ipnamedlocation" | "countrynamedlocation" | "compliantnetworknamedlocation" => {
            EntityKind::NamedLocation
        }
        "authenticationmethodspolicy" => EntityKind::AuthMethodsPolicy,
        "authorizationpolicy" => EntityKind::AuthorizationPolicy,
        "directorysetting" | "groupsetting" => EntityKind::DirectorySetting,
        "domain" => EntityKind::Domain,
        "unifiedrolemanagementpolicyassignment" => EntityKind::RolePolicyAssignment,
        "unifiedrolemanagementpolicy" => EntityKind::RolePolicy,
        "tenantappmanagementpolicy" => {
            EntityKind::AppManagementPolicy(AppPolicyScope::TenantDefault)
        }
        "appmanagementpolicy" => EntityKind::AppManagementPolicy(AppPolicyScope::Assigned),
        "unifiedroleassignmentschedule" => EntityKind::ActiveAssignment,
        name if name.ends_with("authenticationmethodconfiguration") => {
            EntityKind::AuthMethodConfiguration
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_name_their_entities() {
        let cases = [
            ("https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies", EntityKind::CaPolicy),
            ("https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity", EntityKind::CaPolicy),
            ("https://graph.microsoft.com/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity", EntityKind::SecurityDefaults),
            ("https://graph.microsoft.com/beta/$metadata#roleManagement/directory/roleAssignments(principal())", EntityKind::RoleAssignment),
            ("https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails", EntityKind::Registration),
            ("https://graph.microsoft.com/v1.0/$metadata#subscribedSkus", EntityKind::SubscribedSku),
            ("https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.user)", EntityKind::User),
        ];
        for (url, kind) in cases {
            assert_eq!(kind_from_context(url), Some(kind), "{url}");
        }
    }

    #[test]
    fn directory_objects_are_not_a_kind_on_their_own() {
        assert_eq!(
            kind_from_context("https://graph.microsoft.com/v1.0/$metadata#directoryObjects"),
            None
        );
    }
}
