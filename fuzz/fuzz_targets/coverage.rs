//! The coverage analysis on structured tenants: policies, admins, groups and registrations are
//! built from small pools by `arbitrary`, written as Graph responses, and linted. Besides never
//! panicking, the results must respect what the guidance implies whatever else the tenant holds.

#![no_main]

use std::path::PathBuf;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use tenantlint::rules::Status;
use tenantlint::{lint_contents, Options};

const USERS: [&str; 6] = ["u0", "u1", "u2", "u3", "u4", "u5"];
const GROUPS: [&str; 3] = ["g0", "g1", "g2"];
const ROLES: [&str; 5] = [
    "62e90394-69f5-4237-9190-012177145e10", // Global Administrator
    "fe930be7-5e62-47db-91af-98c3a49a38b1", // User Administrator
    "729827e3-9c14-49f7-bb1b-9608f156bbb8", // Helpdesk Administrator
    "d29b2b05-8046-44ba-8758-1e26182fcf32", // Directory Synchronization Accounts
    "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", // Directory Readers (not an admin role)
];
const STATES: [&str; 4] = ["enabled", "disabled", "enabledForReportingButNotEnforced", "somethingNew"];
const CLIENT_APPS: [&str; 6] = ["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other", "easSupported"];
const CONTROLS: [&str; 5] = ["mfa", "block", "compliantDevice", "passwordChange", "futureControl"];
const APPS: [&str; 4] = ["All", "Office365", "None", "00000002-0000-0ff1-ce00-000000000000"];
const PLANS: [&str; 3] = [
    "9aaf7827-d63c-4b61-89c3-182f06f82e5c", // Exchange: no Entra ID plan
    "41781fb2-bc02-4b7c-bd55-b576c07bb09d", // AAD_PREMIUM
    "eec0eb4f-6444-4f95-aba0-50c24d67f998", // AAD_PREMIUM_P2
];

#[derive(Arbitrary, Debug)]
struct Policy {
    state: u8,
    all_users: bool,
    include_users: Vec<u8>,
    exclude_users: Vec<u8>,
    include_roles: Vec<u8>,
    exclude_roles: Vec<u8>,
    include_groups: Vec<u8>,
    exclude_groups: Vec<u8>,
    exclude_guests: bool,
    app: u8,
    client_apps: Vec<u8>,
    trusted_locations_excluded: bool,
    sign_in_risk: Vec<u8>,
    user_risk: Vec<u8>,
    controls: Vec<u8>,
    operator_and: bool,
    strength: bool,
}

#[derive(Arbitrary, Debug)]
struct Tenant {
    security_defaults: Option<bool>,
    plan: Option<u8>,
    policies: Vec<Policy>,
    assignments: Vec<(u8, u8, bool)>,
    members: Vec<(u8, u8)>,
    registrations: Vec<(u8, bool, bool, bool)>,
}

fn pick<'a>(pool: &[&'a str], indices: &[u8]) -> Vec<&'a str> {
    indices.iter().take(4).map(|i| pool[usize::from(*i) % pool.len()]).collect()
}

fn policy_json(index: usize, p: &Policy) -> Value {
    let mut users = json!({
        "includeUsers": if p.all_users { vec!["All"] } else { pick(&USERS, &p.include_users) },
        "excludeUsers": pick(&USERS, &p.exclude_users),
        "includeRoles": pick(&ROLES, &p.include_roles),
        "excludeRoles": pick(&ROLES, &p.exclude_roles),
        "includeGroups": pick(&GROUPS, &p.include_groups),
        "excludeGroups": pick(&GROUPS, &p.exclude_groups),
    });
    if p.exclude_guests {
        users["excludeGuestsOrExternalUsers"] = json!({"guestOrExternalUserTypes": "internalGuest,b2bCollaborationGuest"});
    }
    let mut conditions = json!({
        "users": users,
        "applications": {"includeApplications": [APPS[usize::from(p.app) % APPS.len()]]},
        "clientAppTypes": pick(&CLIENT_APPS, &p.client_apps),
        "signInRiskLevels": pick(&["low", "medium", "high"], &p.sign_in_risk),
        "userRiskLevels": pick(&["low", "medium", "high"], &p.user_risk),
    });
    if p.trusted_locations_excluded {
        conditions["locations"] = json!({"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]});
    }
    let mut grant = json!({"operator": if p.operator_and { "AND" } else { "OR" }, "builtInControls": pick(&CONTROLS, &p.controls)});
    if p.strength {
        grant["authenticationStrength"] = json!({"id": "00000000-0000-0000-0000-000000000002"});
    }
    json!({
        "id": format!("p{index}"),
        "displayName": format!("policy {index}"),
        "state": STATES[usize::from(p.state) % STATES.len()],
        "conditions": conditions,
        "grantControls": grant,
    })
}

fn status(report: &tenantlint::Report, code: &str) -> Status {
    report.results.iter().find(|r| r.meta.code == code).unwrap().status
}

fuzz_target!(|tenant: Tenant| {
    let mut files = Vec::new();
    let mut add = |path: &str, value: Value| files.push((PathBuf::from(path), serde_json::to_vec_pretty(&value).unwrap()));
    if let Some(on) = tenant.security_defaults {
        add("sd.json", json!({"id": "00000000-0000-0000-0000-000000000005", "isEnabled": on}));
    }
    if let Some(plan) = tenant.plan {
        add("skus.json", json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus", "value": [{
            "id": "t_s", "skuId": "s", "capabilityStatus": "Enabled",
            "servicePlans": [{"servicePlanId": PLANS[usize::from(plan) % PLANS.len()], "provisioningStatus": "Success"}]}]}));
    }
    let policies: Vec<Value> = tenant.policies.iter().take(8).enumerate().map(|(i, p)| policy_json(i, p)).collect();
    add("policies.json", json!({"@odata.context": "https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies", "value": policies}));
    let assignments: Vec<Value> = tenant.assignments.iter().take(8).enumerate().map(|(i, (user, role, group))| {
        let principal = if *group { json!({"@odata.type": "#microsoft.graph.group", "id": GROUPS[usize::from(*user) % GROUPS.len()]}) }
                        else { json!({"@odata.type": "#microsoft.graph.user", "id": USERS[usize::from(*user) % USERS.len()]}) };
        json!({"id": format!("a{i}"), "principalId": principal["id"], "roleDefinitionId": ROLES[usize::from(*role) % ROLES.len()], "directoryScopeId": "/", "principal": principal})
    }).collect();
    add("roles.json", json!({"@odata.context": "https://graph.microsoft.com/beta/$metadata#roleManagement/directory/roleAssignments(principal())", "value": assignments}));
    for (group, member) in tenant.members.iter().take(6) {
        let group = GROUPS[usize::from(*group) % GROUPS.len()];
        let member = USERS[usize::from(*member) % USERS.len()];
        add(&format!("export/Groups/{group}/Members/{member}/{member}.json"), json!({"@odata.type": "#microsoft.graph.user", "id": member}));
    }
    let registrations: Vec<Value> = tenant.registrations.iter().take(6).map(|(user, guest, mfa, sspr)| json!({
        "id": USERS[usize::from(*user) % USERS.len()], "userType": if *guest { "guest" } else { "member" },
        "isMfaRegistered": mfa, "isSsprRegistered": sspr, "isSsprEnabled": true})).collect();
    if !registrations.is_empty() {
        add("registrations.json", json!({"@odata.context": "https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails", "value": registrations}));
    }
    let report = lint_contents(files, &Options::default()).expect("every rule is selectable");

    // Security defaults on: the guidance's policies are in place whatever else is there.
    if tenant.security_defaults == Some(true) {
        for code in ["MFA002", "MFA003", "LEG001", "SD002"] {
            assert_eq!(status(&report, code), Status::Pass, "{code} with security defaults on");
        }
    }
    // A clean "MFA for all users" policy covers every admin role and all users.
    let clean_mfa_for_all = tenant.policies.iter().take(8).any(|p| {
        STATES[usize::from(p.state) % STATES.len()] == "enabled" && p.all_users && p.exclude_users.is_empty()
            && pick(&ROLES, &p.exclude_roles).iter().all(|r| *r == ROLES[3]) && p.exclude_groups.is_empty() && !p.exclude_guests
            && APPS[usize::from(p.app) % APPS.len()] == "All"
            && (p.client_apps.is_empty() || pick(&CLIENT_APPS, &p.client_apps).contains(&"all"))
            && !p.trusted_locations_excluded && p.sign_in_risk.is_empty() && p.user_risk.is_empty()
            && pick(&CONTROLS, &p.controls).iter().all(|c| *c == "mfa") && (p.strength || !p.controls.is_empty())
    });
    let licensed = tenant.plan.is_none_or(|plan| usize::from(plan) % PLANS.len() != 0);
    if clean_mfa_for_all && licensed && tenant.security_defaults != Some(true) {
        assert_eq!(status(&report, "MFA003"), Status::Pass, "a clean MFA policy for all users");
        assert_eq!(status(&report, "MFA002"), Status::Pass, "a clean MFA policy for all users covers every role");
    }
});
