//! A synthetic tenant export of any size, seeded and deterministic, with the violations it
//! plants written beside it (`planted.json`), so a run can be checked against them exactly.
//!
//! Layout, under `<out>/tenant/`: an EntraExporter tree (`export/`: organization, licences, security defaults, ~300
//! Conditional Access policies, ~2000 role assignments, groups with members) and the Graph
//! reports beside it (`reports/`: user registration details as pages of 1000 with
//! `@odata.nextLink`, or as one file; the self-service password reset policy).
//!
//! `<out>/planted.json` lists what is planted, and nothing else fails:
//! - MFA001: every 25th admin is not registered for MFA (admins hold a role directly or through
//!   a role-assignable group);
//! - MFA004: about a third of the member users who are not admins are not registered for MFA;
//! - SSPR002: about one member user in ten is enabled for password reset but not registered;
//! - RISK002: no policy answers high user risk although the tenant has P2.
//!
//! Guests are unregistered at the same rate as members: both rules leave them out of scope,
//! so they must produce nothing.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use serde_json::{json, Value};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub users: usize,
    pub seed: u64,
    /// Registration details in one file instead of pages of 1000.
    pub single_file: bool,
}

/// One violation the generator planted: the rule and the finding's subject.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Planted {
    pub rule: String,
    pub subject: String,
}

pub const PAGE_SIZE: usize = 1000;
pub const POLICIES: usize = 300;
pub const ROLE_ASSIGNMENTS: usize = 2000;

const DIRECTORY_SYNC_ACCOUNTS: &str = "d29b2b05-8046-44ba-8758-1e26182fcf32";
const ADMIN_ROLES: [&str; 14] = [
    "62e90394-69f5-4237-9190-012177145e10",
    "e8611ab8-c189-46e8-94e1-60213ab1f814",
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
    "194ae4cb-b126-40b2-bd5b-6091b380977d",
    "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
    "fe930be7-5e62-47db-91af-98c3a49a38b1",
    "966707d0-3269-4727-9be2-8c3a10f19b9d",
    "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    "c4e39bd9-1100-46d3-8c65-fb160da0071f",
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
    "158c047a-c907-4556-b7ef-446551a6b5f7",
    "29232cdf-9323-42fd-ade2-1d097af3e4de",
    "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
    "b0f54661-2d74-4c50-afa3-1ec803f12efe",
];
/// Groups whose members are exported; the first is role-assignable and holds Global Administrator.
const GROUPS: usize = 30;

/// SplitMix64: a few lines, good enough to spread planted faults, and stable across platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `1 / n`.
    fn one_in(&mut self, n: u64) -> bool {
        self.next() % n == 0
    }
}

/// A GUID derived from the seed, a namespace and an index: the same inputs give the same id.
fn guid(seed: u64, namespace: u64, index: u64) -> String {
    let mut rng = Rng(seed ^ namespace.wrapping_mul(0x100_0000_01B3) ^ index.rotate_left(17));
    let (a, b) = (rng.next(), rng.next());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        (b >> 48) & 0x3fff | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

const NS_USER: u64 = 1;
const NS_POLICY: u64 = 2;
const NS_ASSIGNMENT: u64 = 3;
const NS_GROUP: u64 = 4;
const NS_TENANT: u64 = 5;

struct User {
    id: String,
    upn: String,
    name: String,
    guest: bool,
    admin: bool,
    mfa_registered: bool,
    sspr_registered: bool,
}

/// The users, who among them is an admin, and what each has registered.
fn users(spec: &Spec) -> Vec<User> {
    let admins = admin_count(spec.users);
    let mut rng = Rng(spec.seed);
    (0..spec.users)
        .map(|i| {
            let admin = i < admins;
            let guest = !admin && rng.one_in(20);
            let mfa_registered = if admin { i % 25 != 7 } else { !rng.one_in(3) };
            let sspr_registered = !rng.one_in(10);
            User {
                id: guid(spec.seed, NS_USER, i as u64),
                upn: if guest {
                    format!("guest{i}_partner.example#EXT#@synthetic.onmicrosoft.com")
                } else {
                    format!("user{i}@synthetic.example")
                },
                name: format!("Synthetic User {i}"),
                guest,
                admin,
                mfa_registered,
                sspr_registered,
            }
        })
        .collect()
}

/// One admin in 250 users, as in a large enterprise, at most the role assignments there are.
fn admin_count(users: usize) -> usize {
    (users / 250).clamp(1.min(users), ROLE_ASSIGNMENTS)
}

/// How many admins hold their role through the role-assignable group instead of directly.
fn group_admins(admins: usize) -> usize {
    admins / 10
}

/// Writes the tenant to `out/tenant` and what it plants to `out/planted.json`.
pub fn generate(spec: &Spec, out: &Path) -> io::Result<Vec<Planted>> {
    let tenant = guid(spec.seed, NS_TENANT, 0);
    let users = users(spec);
    let export = out.join("tenant").join("export");
    let reports = out.join("tenant").join("reports");
    fs::create_dir_all(&export)?;
    fs::create_dir_all(&reports)?;
    write_organization(&export, &tenant)?;
    write_licences(&export, &tenant)?;
    write_security_defaults(&export)?;
    write_policies(&export, spec)?;
    write_groups(&export, spec, &users)?;
    write_role_assignments(&export, spec, &users, &tenant)?;
    write_registrations(&reports, spec, &users)?;
    write_json(
        &reports.join("passwordResetPolicies.json"),
        &json!({
            "objectId": "default",
            "enablementType": 2,
            "numberOfAuthenticationMethodsRequired": 2,
            "passwordResetEnabledGroupIds": [],
            "passwordResetEnabledGroupName": ""
        }),
    )?;
    let planted = planted(&tenant, &users);
    write_json(&out.join("planted.json"), &json!(planted))?;
    Ok(planted)
}

fn planted(tenant: &str, users: &[User]) -> Vec<Planted> {
    // Tenant-wide findings are about the tenant: their subject is its id.
    let mut planted = vec![Planted {
        rule: "RISK002".into(),
        subject: tenant.into(),
    }];
    for user in users {
        let finding = |rule: &str| Planted {
            rule: rule.into(),
            subject: user.id.clone(),
        };
        if !user.mfa_registered && user.admin {
            planted.push(finding("MFA001"));
        }
        if !user.mfa_registered && !user.admin && !user.guest {
            planted.push(finding("MFA004"));
        }
        if !user.sspr_registered && !user.guest {
            planted.push(finding("SSPR002"));
        }
    }
    planted.sort();
    planted
}

fn write_json(path: &Path, value: &Value) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = BufWriter::new(fs::File::create(path)?);
    serde_json::to_writer_pretty(&mut file, value)?;
    file.write_all(b"\n")?;
    file.flush()
}

/// EntraExporter writes each object to `<Folder>/<id>/<id>.json`.
fn write_entity(folder: &Path, id: &str, value: &Value) -> io::Result<()> {
    write_json(&folder.join(id).join(format!("{id}.json")), value)
}

fn write_organization(export: &Path, tenant: &str) -> io::Result<()> {
    write_json(
        &export.join("Organization").join("Organization.json"),
        &json!({
            "id": tenant,
            "displayName": "Synthetic Enterprise",
            "countryLetterCode": "US",
            "tenantType": "AAD"
        }),
    )
}

fn write_licences(export: &Path, tenant: &str) -> io::Result<()> {
    let sku = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
    let plan = |id: &str, name: &str| json!({"servicePlanId": id, "servicePlanName": name, "provisioningStatus": "Success", "appliesTo": "User"});
    write_entity(
        &export.join("SubscribedSkus"),
        &format!("{tenant}_{sku}"),
        &json!({
            "accountId": tenant,
            "appliesTo": "User",
            "capabilityStatus": "Enabled",
            "consumedUnits": 1,
            "id": format!("{tenant}_{sku}"),
            "skuId": sku,
            "skuPartNumber": "SPE_E5",
            "prepaidUnits": {"enabled": 1_000_000, "suspended": 0, "warning": 0, "lockedOut": 0},
            "servicePlans": [
                plan("efb87545-963c-4e0d-99df-69c6916d9eb0", "EXCHANGE_S_ENTERPRISE"),
                plan("41781fb2-bc02-4b7c-bd55-b576c07bb09d", "AAD_PREMIUM"),
                plan("eec0eb4f-6444-4f95-aba0-50c24d67f998", "AAD_PREMIUM_P2"),
                plan("8a256a2b-b617-496d-b51b-e76466e88db0", "MFA_PREMIUM")
            ]
        }),
    )
}

fn write_security_defaults(export: &Path) -> io::Result<()> {
    let id = "00000000-0000-0000-0000-000000000005";
    write_entity(
        &export
            .join("Policies")
            .join("IdentitySecurityDefaultsEnforcementPolicy"),
        id,
        &json!({
            "id": id,
            "displayName": "Security Defaults",
            "isEnabled": false
        }),
    )
}

fn policy(id: &str, name: &str, state: &str, conditions: Value, grant: Value) -> Value {
    json!({
        "id": id,
        "displayName": name,
        "createdDateTime": "2024-03-01T09:00:00Z",
        "state": state,
        "sessionControls": null,
        "conditions": conditions,
        "grantControls": grant
    })
}

fn users_condition(include: Value, exclude_groups: Value, include_groups: Value) -> Value {
    json!({
        "includeUsers": include,
        "excludeUsers": [],
        "includeGroups": include_groups,
        "excludeGroups": exclude_groups,
        "includeRoles": [],
        "excludeRoles": [DIRECTORY_SYNC_ACCOUNTS]
    })
}

fn all_apps() -> Value {
    json!({"includeApplications": ["All"], "excludeApplications": []})
}

fn grant(controls: &[&str], operator: &str) -> Value {
    json!({"operator": operator, "builtInControls": controls})
}

/// The guidance's policies, enforced and complete, then a realistic mix that changes no verdict:
/// report-only and disabled copies, policies for groups of users, policies narrowed to some apps,
/// platforms or locations, legacy blocks for some groups, and MFA for some admin roles with a
/// group excluded (every admin is then asked about many policies, as in a large tenant).
fn write_policies(export: &Path, spec: &Spec) -> io::Result<()> {
    let folder = export
        .join("Identity")
        .join("Conditional")
        .join("AccessPolicies");
    let id = |i: usize| guid(spec.seed, NS_POLICY, i as u64);
    let group = |i: usize| guid(spec.seed, NS_GROUP, (i % GROUPS) as u64);
    let mut policies = vec![
        policy(
            &id(0),
            "CA000 - Require MFA for administrators",
            "enabled",
            json!({
                "clientAppTypes": ["all"],
                "applications": all_apps(),
                "users": {"includeRoles": ADMIN_ROLES, "includeUsers": [], "excludeUsers": []}
            }),
            grant(&["mfa"], "OR"),
        ),
        policy(
            &id(1),
            "CA001 - Require MFA for all users",
            "enabled",
            json!({
                "clientAppTypes": ["all"],
                "applications": all_apps(),
                "users": users_condition(json!(["All"]), json!([]), json!([]))
            }),
            grant(&["mfa"], "OR"),
        ),
        policy(
            &id(2),
            "CA002 - Block legacy authentication",
            "enabled",
            json!({
                "clientAppTypes": ["exchangeActiveSync", "other"],
                "applications": all_apps(),
                "users": users_condition(json!(["All"]), json!([]), json!([]))
            }),
            grant(&["block"], "OR"),
        ),
        policy(
            &id(3),
            "CA003 - Require MFA for risky sign-ins",
            "enabled",
            json!({
                "clientAppTypes": ["all"],
                "signInRiskLevels": ["high", "medium"],
                "applications": all_apps(),
                "users": users_condition(json!(["All"]), json!([]), json!([]))
            }),
            grant(&["mfa"], "OR"),
        ),
    ];
    for i in policies.len()..POLICIES {
        let name = format!("CA{i:03}");
        let one_group = json!([group(i)]);
        let (name, state, conditions, grant) = match i % 7 {
            0 => (
                format!("{name} - Require MFA for a pilot group (report-only)"),
                "enabledForReportingButNotEnforced",
                json!({"clientAppTypes": ["all"], "applications": all_apps(),
                       "users": users_condition(json!([]), json!([]), one_group)}),
                grant(&["mfa"], "OR"),
            ),
            1 => (
                format!("{name} - Retired block (disabled)"),
                "disabled",
                json!({"clientAppTypes": ["all"], "applications": all_apps(),
                       "users": users_condition(json!(["All"]), json!([]), json!([]))}),
                grant(&["block"], "OR"),
            ),
            2 => (
                format!("{name} - Compliant device or MFA for Office 365"),
                "enabled",
                json!({"clientAppTypes": ["all"],
                       "applications": {"includeApplications": ["Office365"], "excludeApplications": []},
                       "users": users_condition(json!(["All"]), one_group, json!([]))}),
                grant(&["mfa", "compliantDevice"], "OR"),
            ),
            3 => (
                format!("{name} - Block unsupported platforms for a group"),
                "enabled",
                json!({"clientAppTypes": ["all"], "applications": all_apps(),
                       "platforms": {"includePlatforms": ["all"], "excludePlatforms": ["android", "iOS", "windows", "macOS"]},
                       "users": users_condition(json!([]), json!([]), one_group)}),
                grant(&["block"], "OR"),
            ),
            4 => (
                format!("{name} - Require MFA outside trusted locations"),
                "enabled",
                json!({"clientAppTypes": ["all"], "applications": all_apps(),
                       "locations": {"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]},
                       "users": users_condition(json!([]), json!([]), one_group)}),
                grant(&["mfa"], "OR"),
            ),
            6 => (
                format!("{name} - Require MFA for some admin roles, but a group"),
                "enabled",
                json!({"clientAppTypes": ["all"], "applications": all_apps(),
                       "users": {"includeRoles": [ADMIN_ROLES[i % ADMIN_ROLES.len()], ADMIN_ROLES[(i + 5) % ADMIN_ROLES.len()]],
                                 "includeUsers": [], "excludeUsers": [], "excludeGroups": one_group}}),
                grant(&["mfa"], "OR"),
            ),
            _ => (
                format!("{name} - Block Exchange ActiveSync for a group"),
                "enabled",
                json!({"clientAppTypes": ["exchangeActiveSync"], "applications": all_apps(),
                       "users": users_condition(json!([]), json!([]), one_group)}),
                grant(&["block"], "OR"),
            ),
        };
        policies.push(policy(&id(i), &name, state, conditions, grant));
    }
    for policy in &policies {
        write_entity(&folder, policy["id"].as_str().unwrap_or_default(), policy)?;
    }
    Ok(())
}

fn member(user: &User) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.user",
        "id": user.id,
        "displayName": user.name,
        "userPrincipalName": user.upn
    })
}

/// Groups with their members, one file per member as EntraExporter writes them. The first
/// group is role-assignable and holds the group admins; the others hold a slice of the users.
fn write_groups(export: &Path, spec: &Spec, users: &[User]) -> io::Result<()> {
    let admins = admin_count(users.len());
    let per_group = (users.len() / 50).clamp(1.min(users.len()), 200);
    for g in 0..GROUPS {
        let id = guid(spec.seed, NS_GROUP, g as u64);
        let folder = export.join("Groups");
        write_entity(
            &folder,
            &id,
            &json!({
                "id": id,
                "displayName": if g == 0 { "Tier 0 administrators".to_string() } else { format!("Synthetic group {g}") },
                "isAssignableToRole": g == 0,
                "securityEnabled": true,
                "groupTypes": []
            }),
        )?;
        let members: Vec<&User> = if g == 0 {
            users[..group_admins(admins)].iter().collect()
        } else {
            users
                .iter()
                .skip(admins + g * per_group)
                .take(per_group)
                .collect()
        };
        for user in members {
            write_entity(&folder.join(&id).join("Members"), &user.id, &member(user))?;
        }
    }
    Ok(())
}

/// ~2000 role assignments: the group admins through the Tier 0 group, the other admins directly,
/// and the rest of the 2000 spread as second roles over the direct admins.
fn write_role_assignments(
    export: &Path,
    spec: &Spec,
    users: &[User],
    tenant: &str,
) -> io::Result<()> {
    let folder = export
        .join("RoleManagement")
        .join("Directory")
        .join("RoleAssignments");
    let admins = admin_count(users.len());
    let via_group = group_admins(admins);
    let group = guid(spec.seed, NS_GROUP, 0);
    let direct = &users[via_group..admins];
    let write = |n: usize, role: &str, principal: Value, principal_id: &str| {
        let id = guid(spec.seed, NS_ASSIGNMENT, n as u64);
        write_entity(
            &folder,
            &id,
            &json!({
                "id": id,
                "principalId": principal_id,
                "principalOrganizationId": tenant,
                "directoryScopeId": "/",
                "roleDefinitionId": role,
                "principal": principal
            }),
        )
    };
    let group_principal = json!({
        "@odata.type": "#microsoft.graph.group",
        "id": group,
        "displayName": "Tier 0 administrators"
    });
    write(0, ADMIN_ROLES[0], group_principal, &group)?;
    let total = if direct.is_empty() {
        1
    } else {
        ROLE_ASSIGNMENTS.max(direct.len() + 1)
    };
    for n in 1..total {
        let user = &direct[(n - 1) % direct.len()];
        let role = ADMIN_ROLES[(n + (n - 1) / direct.len()) % ADMIN_ROLES.len()];
        write(n, role, member(user), &user.id)?;
    }
    Ok(())
}

fn registration(user: &User) -> Value {
    let methods: Vec<&str> = if user.mfa_registered {
        vec!["microsoftAuthenticatorPush", "softwareOneTimePasscode"]
    } else if user.sspr_registered {
        vec!["email"]
    } else {
        vec![]
    };
    json!({
        "id": user.id,
        "userPrincipalName": user.upn,
        "userDisplayName": user.name,
        "userType": if user.guest { "guest" } else { "member" },
        "isAdmin": user.admin,
        "isSsprRegistered": user.sspr_registered,
        "isSsprEnabled": true,
        "isSsprCapable": user.sspr_registered,
        "isMfaRegistered": user.mfa_registered,
        "isMfaCapable": user.mfa_registered,
        "isPasswordlessCapable": false,
        "methodsRegistered": methods,
        "isSystemPreferredAuthenticationMethodEnabled": true,
        "lastUpdatedDateTime": "2026-11-01T06:12:44.0712817Z"
    })
}

const CONTEXT: &str = "https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails";

fn write_registrations(reports: &Path, spec: &Spec, users: &[User]) -> io::Result<()> {
    if spec.single_file {
        let value: Vec<Value> = users.iter().map(registration).collect();
        return write_json(
            &reports.join("userRegistrationDetails.json"),
            &json!({"@odata.context": CONTEXT, "value": value}),
        );
    }
    let pages = users.len().div_ceil(PAGE_SIZE).max(1);
    let folder = reports.join("userRegistrationDetails");
    for (n, page) in users.chunks(PAGE_SIZE.max(1)).enumerate() {
        let mut body = json!({
            "@odata.context": CONTEXT,
            "value": page.iter().map(registration).collect::<Vec<_>>()
        });
        if n + 1 < pages {
            body["@odata.nextLink"] = json!(format!(
                "https://graph.microsoft.com/beta/reports/authenticationMethods/userRegistrationDetails?$skiptoken=page{}",
                n + 1
            ));
        }
        write_json(&folder.join(format!("page-{:05}.json", n + 1)), &body)?;
    }
    Ok(())
}
