//! CISA ScubaGear's `ProviderSettingsExport.json`: read key by key into the same model as Graph
//! responses, with spans into ScubaGear's file, and never a pass its data does not prove.
//!
//! The exports are ScubaGear's own (CC0): its published sample in
//! `testdata/tenants/scubagear-sample/` and two older unit-test stubs in `testdata/scubagear/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use tenantlint::rules::Status;
use tenantlint::source::decode::decode;
use tenantlint::{lint, lint_contents, Options, Report};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// ScubaGear's three real exports: the published sample and the two older stubs.
fn real_exports() -> Vec<PathBuf> {
    vec![
        testdata().join("tenants/scubagear-sample/ProviderSettingsExport.json"),
        testdata().join("scubagear/create-report-stub/ProviderSettingsExport.json"),
        testdata().join("scubagear/run-rego-stub/ProviderSettingsExport.json"),
    ]
}

fn status(report: &Report, code: &str) -> (Status, String) {
    let result = report.results.iter().find(|r| r.meta.code == code).unwrap();
    (result.status, result.reason.clone().unwrap_or_default())
}

/// A provider export as ScubaGear stamps it, with these Entra ID keys.
fn provider_export(keys: Value) -> Value {
    let mut export = json!({
        "baseline_version": "1",
        "module_version": "1.8.0",
        "aad_unsuccessful_commands": [],
    });
    export
        .as_object_mut()
        .unwrap()
        .extend(keys.as_object().unwrap().clone());
    export
}

fn lint_export(export: &Value) -> Report {
    lint_contents(
        vec![(
            PathBuf::from("ProviderSettingsExport.json"),
            serde_json::to_vec_pretty(export).unwrap(),
        )],
        &Options::default(),
    )
    .unwrap()
}

#[test]
fn the_sample_export_is_read_key_by_key() {
    let report = lint(&[real_exports().remove(0)], &Options::default()).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let [document] = &report.documents[..] else {
        panic!("one document expected");
    };
    let read: BTreeMap<&str, (usize, usize)> = document
        .sections
        .iter()
        .filter(|s| s.kind.is_some())
        .map(|s| (s.key.as_str(), (s.read, s.unreadable)))
        .collect();
    // 3 users holding 8 + 3 + 3 role names, 3 service principals holding one role each, the
    // 26 PIM assignments of privileged_roles and the PIM settings of its 8 roles with rules, one
    // record for all service plans, the methods policy with its 12 method configurations.
    let expected = BTreeMap::from([
        ("tenant_details", (1, 0)),
        ("conditional_access_policies", (7, 0)),
        ("privileged_users", (14, 0)),
        ("privileged_service_principals", (3, 0)),
        ("privileged_roles", (26 + 8, 0)),
        ("service_plans", (1, 0)),
        ("scuba_config", (0, 0)),
        ("authentication_method", (1 + 12, 0)),
        ("authorization_policies", (1, 0)),
        ("directory_settings", (2, 0)),
        ("domain_settings", (1, 0)),
        ("risky_delegated_permission_classifications", (1, 0)),
    ]);
    assert_eq!(read, expected);
    // Every other key is listed as not read, with why.
    let not_read: Vec<&str> = document
        .sections
        .iter()
        .filter(|s| s.kind.is_none())
        .map(|s| s.key.as_str())
        .collect();
    assert!(not_read.contains(&"cap_table_data"), "{not_read:?}");
    assert!(not_read.contains(&"48 other key(s)"), "{not_read:?}");
}

#[test]
fn older_exports_read_too_bare_objects_and_null_filled_expansions_included() {
    for path in &real_exports()[1..] {
        let report = lint(std::slice::from_ref(path), &Options::default()).unwrap();
        assert!(
            report.errors.is_empty(),
            "{}: {:?}",
            path.display(),
            report.errors
        );
        let document = &report.documents[0];
        let policies = document
            .sections
            .iter()
            .find(|s| s.key == "conditional_access_policies")
            .unwrap();
        assert!(policies.read > 0, "{}", path.display());
    }
}

#[test]
fn a_scubagear_export_alone_never_passes_mfa001_and_says_what_is_missing() {
    for path in real_exports() {
        let report = lint(std::slice::from_ref(&path), &Options::default()).unwrap();
        let (mfa001, reason) = status(&report, "MFA001");
        assert_ne!(mfa001, Status::Pass, "{}", path.display());
        // No per-user registration details: the rules that need them say so.
        for code in ["MFA004", "SSPR002"] {
            let (got, reason) = status(&report, code);
            assert_eq!(got, Status::NotEvaluated, "{code}: {reason}");
            assert!(reason.contains("registration details"), "{code}: {reason}");
        }
        if mfa001 == Status::NotEvaluated {
            assert!(
                reason.contains("registration details") || reason.contains("privileged_users"),
                "{}: {reason}",
                path.display()
            );
        }
    }
}

#[test]
fn findings_point_at_the_value_in_scubagears_file() {
    let path = real_exports().remove(0);
    let report = lint(std::slice::from_ref(&path), &Options::default()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let whole: Value = serde_json::from_str(&text).unwrap();
    assert!(!report.diagnostics.is_empty());
    for diagnostic in &report.diagnostics {
        let origin = &diagnostic.finding.primary;
        let written: Value = serde_json::from_str(&text[origin.span.clone()]).unwrap();
        assert_eq!(
            Some(&written),
            whole.pointer(&origin.pointer),
            "{}: the span and the pointer name different values",
            diagnostic.code
        );
        assert!(
            [
                "/conditional_access_policies/",
                "/tenant_details/",
                "/service_plans",
                "/authorization_policies/",
                "/authentication_method/",
                "/directory_settings/",
                "/domain_settings/",
                "/privileged_users/",
                "/privileged_roles/",
            ]
            .iter()
            .any(|key| origin.pointer.starts_with(key)),
            "{} points at {}",
            diagnostic.code,
            origin.pointer
        );
    }
}

#[test]
fn a_command_scubagear_could_not_run_leaves_its_key_unknown() {
    let export = provider_export(json!({
        "tenant_details": [],
        "conditional_access_policies": [],
        "aad_unsuccessful_commands": ["Get-MgBetaIdentityConditionalAccessPolicy"],
    }));
    let report = lint_export(&export);
    assert!(
        report.errors.iter().any(|e| e
            .message
            .contains("could not run Get-MgBetaIdentityConditionalAccessPolicy")),
        "{:?}",
        report.errors
    );
    // An empty list is "no policies" only when the command ran.
    for result in &report.results {
        assert_ne!(result.status, Status::Pass, "{}", result.meta.code);
    }
}

// -------------------------------------------------------------------------------------------
// The same tenant as Graph responses and as a ScubaGear export
// -------------------------------------------------------------------------------------------

/// PowerShell's SDK writes Graph's camelCase keys with an upper-case first letter; OData
/// annotations keep theirs.
fn pascal_case(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let key = if key.starts_with('@') || key.contains("@odata") {
                        key
                    } else {
                        let mut chars = key.chars();
                        chars
                            .next()
                            .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                            .unwrap_or_default()
                    };
                    (key, pascal_case(value))
                })
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(pascal_case).collect()),
        other => other,
    }
}

fn read_json(path: &Path) -> Value {
    let (text, _) = decode(std::fs::read(path).unwrap()).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The tenant's files, with its Conditional Access policies, organization and subscribed SKUs
/// moved into a ScubaGear export the way ScubaGear's export module writes them; every other
/// file as it is.
fn as_scubagear(tenant: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut policies = Vec::new();
    let mut organization = None;
    let mut service_plans = Vec::new();
    let mut paths: Vec<PathBuf> = walk(tenant);
    paths.sort();
    for path in paths {
        let relative = path
            .strip_prefix(tenant)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if relative.starts_with("export/Identity/Conditional/AccessPolicies/") {
            policies.push(pascal_case(read_json(&path)));
        } else if relative == "export/Organization/Organization.json" {
            organization = Some(pascal_case(read_json(&path)));
        } else if relative.starts_with("export/SubscribedSkus/") {
            // ScubaGear keeps the plans whose provisioning succeeded, without their SKU.
            let sku = pascal_case(read_json(&path));
            for plan in sku["ServicePlans"].as_array().unwrap() {
                if plan["ProvisioningStatus"] == "Success" {
                    service_plans.push(plan.clone());
                }
            }
        } else {
            files.push((PathBuf::from(relative), std::fs::read(&path).unwrap()));
        }
    }
    let organization = organization.expect("an Organization.json");
    let export = provider_export(json!({
        "tenant_details": [{
            "TenantId": organization["Id"],
            "DisplayName": organization["DisplayName"],
            "AADAdditionalData": [organization],
        }],
        "conditional_access_policies": policies,
        "service_plans": service_plans,
    }));
    files.push((
        PathBuf::from("scubagear/ProviderSettingsExport.json"),
        serde_json::to_vec_pretty(&export).unwrap(),
    ));
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            found.push(path);
        }
    }
    found
}

/// A report without where things were read: each rule's status and reason, each finding's
/// rule, subject and message.
fn verdicts(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = report
        .results
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r.meta.code,
                r.status,
                r.reason.as_deref().unwrap_or("")
            )
        })
        .collect();
    let mut findings: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{} {} {}", d.code, d.finding.subject, d.finding.message))
        .collect();
    findings.sort();
    out.extend(findings);
    out
}

#[test]
fn a_tenant_exported_by_scubagear_gets_the_verdicts_of_its_graph_export() {
    for name in ["contoso", "fabrikam", "tailspin"] {
        let tenant = testdata().join("tenants").join(name);
        let graph = lint(std::slice::from_ref(&tenant), &Options::default()).unwrap();
        let scuba = lint_contents(as_scubagear(&tenant), &Options::default()).unwrap();
        assert!(scuba.errors.is_empty(), "{name}: {:?}", scuba.errors);
        assert!(
            scuba.documents.iter().any(|d| !d.sections.is_empty()),
            "{name}: the ScubaGear export was not read as one"
        );
        assert_eq!(verdicts(&graph), verdicts(&scuba), "{name}");
        assert!(!graph.diagnostics.is_empty() || name == "fabrikam");
    }
}

#[test]
fn exclusions_accepted_in_scubagears_configuration_count_as_declared() {
    let tenant = testdata().join("tenants/contoso");
    let options = Options::default();
    let baseline = lint_contents(as_scubagear(&tenant), &options).unwrap();
    // Without a declaration CA002 cannot tell declared exclusions from others.
    assert_eq!(status(&baseline, "CA002").0, Status::NotEvaluated);

    // Every user and group contoso's policies exclude.
    let export = |files: &[(PathBuf, Vec<u8>)]| -> Value {
        let (_, bytes) = files
            .iter()
            .find(|(path, _)| path.ends_with("ProviderSettingsExport.json"))
            .unwrap();
        serde_json::from_slice(bytes).unwrap()
    };
    let mut users = Vec::new();
    let mut groups = Vec::new();
    for policy in export(&as_scubagear(&tenant))["conditional_access_policies"]
        .as_array()
        .unwrap()
    {
        let conditions = &policy["Conditions"]["Users"];
        let ids = |key: &str| conditions[key].as_array().cloned().unwrap_or_default();
        users.extend(ids("ExcludeUsers"));
        groups.extend(ids("ExcludeGroups"));
    }
    users.retain(|u| u != "GuestsOrExternalUsers");
    assert!(!users.is_empty() || !groups.is_empty());
    let lint_with = |exclusions: Value| -> Report {
        let mut files = as_scubagear(&tenant);
        let mut with = export(&files);
        with["scuba_config"] = json!({ "Aad": exclusions });
        files.retain(|(path, _)| !path.ends_with("ProviderSettingsExport.json"));
        files.push((
            PathBuf::from("scubagear/ProviderSettingsExport.json"),
            serde_json::to_vec_pretty(&with).unwrap(),
        ));
        let report = lint_contents(files, &options).unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        report
    };
    let accepted = json!({"Users": users, "Groups": groups});

    // Accepted for the role checks only, they exempt no one from a policy.
    let for_roles = lint_with(json!({"MS.AAD.7.4v1": {"RoleExclusions": accepted}}));
    let (ca002, reason) = status(&for_roles, "CA002");
    assert_eq!(ca002, Status::NotEvaluated, "{reason}");

    let for_policies = lint_with(json!({
        "MS.AAD.3.2v1": {"CapExclusions": accepted},
        "MS.AAD.7.4v1": {"RoleExclusions": accepted},
    }));
    let (ca002, reason) = status(&for_policies, "CA002");
    assert_eq!(ca002, Status::Pass, "{reason}");
    assert!(
        reason.contains("ScubaGear's configuration (scuba_config Aad MS.AAD.3.2v1 CapExclusions)")
            && !reason.contains("RoleExclusions"),
        "{reason}"
    );
}

/// A ScubaGear run folder holds the provider export and the consolidated results
/// (`ScubaResults_<uuid>.json`: `MetaData`, `Summary`, `AnnotatedFailedPolicies`, `Results`, and
/// the same export again under `Raw`, as in CISA's sample reports): read together, the copies
/// agree and count once.
#[test]
fn a_run_folder_with_the_consolidated_results_reads_the_export_once() {
    let path = real_exports().remove(0);
    let bytes = std::fs::read(&path).unwrap();
    let export: Value = serde_json::from_slice(&bytes).unwrap();
    let results = json!({
        "MetaData": {"TenantId": export["tenant_id"], "ToolVersion": export["module_version"]},
        "Summary": {},
        "AnnotatedFailedPolicies": {},
        "Results": {},
        "Raw": export,
    });
    let alone = lint(std::slice::from_ref(&path), &Options::default()).unwrap();
    let folder = lint_contents(
        vec![
            (
                PathBuf::from("M365BaselineConformance/ScubaResults_fa5589b7.json"),
                serde_json::to_vec(&results).unwrap(),
            ),
            (
                PathBuf::from("M365BaselineConformance/ProviderSettingsExport.json"),
                bytes,
            ),
        ],
        &Options::default(),
    )
    .unwrap();
    assert!(folder.errors.is_empty(), "{:?}", folder.errors);
    assert!(folder.documents.iter().all(|d| !d.sections.is_empty()));
    assert_eq!(verdicts(&alone), verdicts(&folder));
}

/// ScubaGear's `service_plans` keep provisioned plans without their SKU's status; only the
/// organization's assigned plans state it. Without them, an Entra ID P1 or P2 plan is possible,
/// not proven, and never taken for "no plan": LIC002 must not pass as "security defaults suit a
/// plan without P1", nor the risk rules as "not applicable".
#[test]
fn plans_without_a_status_leave_the_licence_unknown_not_free() {
    let sample = real_exports().remove(0);
    let mut export: Value = serde_json::from_slice(&std::fs::read(&sample).unwrap()).unwrap();
    let organization = &mut export["tenant_details"][0]["AADAdditionalData"][0];
    organization
        .as_object_mut()
        .unwrap()
        .remove("AssignedPlans");
    // tailspin's security defaults policy, which is on, beside the export.
    let defaults = "export/Policies/IdentitySecurityDefaultsEnforcementPolicy/\
        00000000-0000-0000-0000-000000000005/00000000-0000-0000-0000-000000000005.json";
    let files = vec![
        (
            PathBuf::from("ProviderSettingsExport.json"),
            serde_json::to_vec(&export).unwrap(),
        ),
        (
            PathBuf::from(defaults),
            std::fs::read(testdata().join("tenants/tailspin").join(defaults)).unwrap(),
        ),
    ];
    let report = lint_contents(files, &Options::default()).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    for code in ["LIC002", "RISK001", "RISK002"] {
        let (got, reason) = status(&report, code);
        assert_eq!(got, Status::NotEvaluated, "{code}: {reason}");
        assert!(
            reason.contains("without its status") || reason.contains("whose status"),
            "{code}: {reason}"
        );
    }
    // Nor are the enabled policies taken for policies that cannot take effect.
    let (lic001, reason) = status(&report, "LIC001");
    assert_ne!(lic001, Status::Fail, "{reason}");
}

/// A key written as null holds nothing: no policies were exported, which is not "there are
/// none".
#[test]
fn a_key_written_as_null_is_not_an_empty_list() {
    let export = provider_export(json!({
        "tenant_details": [],
        "conditional_access_policies": null,
    }));
    let report = lint_export(&export);
    for code in ["LIC001", "CA001", "MFA003", "LEG001"] {
        let (got, reason) = status(&report, code);
        assert_eq!(got, Status::NotEvaluated, "{code}: {reason}");
    }
}

/// When ScubaGear cannot read the organization it writes placeholders (its export module's
/// `Get-AADTenantDetail`): the error says so and what to do, and the tenant stays unknown.
#[test]
fn scubagears_placeholders_for_a_failed_lookup_are_reported_as_such() {
    let export = provider_export(json!({
        "tenant_details": [{
            "DisplayName": "Error retrieving Display name",
            "DomainName": "Error retrieving Domain name",
            "TenantId": "Error retrieving Tenant ID",
            "AADAdditionalData": "Error retrieving additional data",
        }],
        "conditional_access_policies": [],
    }));
    let report = lint_export(&export);
    let error = report
        .errors
        .iter()
        .find(|e| e.pointer.as_deref() == Some("/tenant_details/0/TenantId"))
        .expect("an error at the placeholder");
    assert!(
        error
            .message
            .contains("ScubaGear could not read the tenant's organization")
            && error.message.contains("run ScubaGear again"),
        "{}",
        error.message
    );
}

/// `privileged_roles` names its PIM assignments' principals by id alone; `privileged_users` says
/// the same id is a user. One record's type holds for every record of the same principal, so
/// the holder is a known user, not a holder of unknown type.
#[test]
fn a_principal_typed_by_one_record_is_typed_in_every_other() {
    const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";
    const USER: &str = "66b4d5c2-71c9-4644-8728-74e3a8324d81";
    // The sample's policies: enabled ones prove security defaults off, so MFA001 gets as far
    // as the admins.
    let sample: Value =
        serde_json::from_slice(&std::fs::read(real_exports().remove(0)).unwrap()).unwrap();
    let policies = sample["conditional_access_policies"].clone();
    let export = |privileged_users: Value| {
        provider_export(json!({
            "tenant_details": [],
            "conditional_access_policies": policies,
            "privileged_users": privileged_users,
            "privileged_roles": [{
                "DisplayName": "Global Administrator",
                "RoleTemplateId": GLOBAL_ADMINISTRATOR,
                "Assignments": [{
                    "PrincipalId": USER,
                    "RoleDefinitionId": GLOBAL_ADMINISTRATOR,
                    "DirectoryScopeId": "/",
                    "MemberType": "Direct",
                }],
            }],
        }))
    };
    let mfa001 = |export: Value| {
        let report = lint_export(&export);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        status(&report, "MFA001").1
    };
    let untyped = "may be people, but no file says what they are";
    let alone = mfa001(export(json!({})));
    assert!(alone.contains(untyped) && alone.contains(USER), "{alone}");
    let typed = mfa001(export(json!({
        USER: {"DisplayName": "John Public", "roles": ["Global Administrator"]},
    })));
    assert!(!typed.contains(untyped), "{typed}");
}
