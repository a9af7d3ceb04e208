//! What an export leaves unsaid stays unknown in the SCuBA rules: each case takes CISA's sample
//! export (CC0), removes or blurs one fact, and checks that the rule that needs it is not
//! evaluated (never passed) and says what is missing.

use std::path::PathBuf;

use serde_json::{json, Value};
use tenantlint::rules::Status;
use tenantlint::{lint_contents, Options};

fn sample() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/tenants/scubagear-sample/ProviderSettingsExport.json");
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap()
}

/// The rule's status and reason on `export`.
fn judge(code: &str, export: &Value) -> (Status, String) {
    let report = lint_contents(
        vec![(
            PathBuf::from("ProviderSettingsExport.json"),
            serde_json::to_vec_pretty(export).unwrap(),
        )],
        &Options {
            select: vec![code.to_string()],
            ..Options::default()
        },
    )
    .unwrap();
    let result = &report.results[0];
    (result.status, result.reason.clone().unwrap_or_default())
}

fn with_phishing_resistant_policy(export: &mut Value, combinations: Option<Value>) {
    let mut strength =
        json!({"Id": "5fa1e7d3-9d4c-4f2b-8a51-6c3b2e1f0a9d", "DisplayName": "Custom"});
    if let Some(combinations) = combinations {
        strength["AllowedCombinations"] = combinations;
    }
    export["conditional_access_policies"]
        .as_array_mut()
        .unwrap()
        .push(json!({
            "Id": "b3c1f0a2-6d4e-4f8a-9b2c-1d3e5f7a9b0c",
            "DisplayName": "Phishing-resistant MFA for everyone",
            "State": "enabled",
            "Conditions": {
                "Users": {"IncludeUsers": ["All"], "ExcludeUsers": [], "ExcludeGroups": [], "ExcludeRoles": []},
                "Applications": {"IncludeApplications": ["All"], "ExcludeApplications": []},
                "ClientAppTypes": ["all"]
            },
            "GrantControls": {"Operator": "OR", "BuiltInControls": [], "AuthenticationStrength": strength}
        }));
}

#[test]
fn a_custom_strength_without_its_methods_is_unknown() {
    let mut export = sample();
    with_phishing_resistant_policy(
        &mut export,
        Some(json!(["windowsHelloForBusiness", "fido2"])),
    );
    assert_eq!(judge("MFA006", &export).0, Status::Pass);
    let mut export = sample();
    with_phishing_resistant_policy(&mut export, None);
    let (status, reason) = judge("MFA006", &export);
    assert_eq!(status, Status::NotEvaluated, "{reason}");
    assert!(reason.contains("allowed combinations"), "{reason}");
}

#[test]
fn a_p1_plan_of_unknown_status_leaves_enforcement_unknown() {
    let mut export = sample();
    with_phishing_resistant_policy(
        &mut export,
        Some(json!(["windowsHelloForBusiness", "fido2"])),
    );
    // ScubaGear's service plans carry no status; without the organization's assigned plans,
    // whether P1 is active cannot be told.
    export["tenant_details"] = json!([{"TenantId": "3c19c757-3b55-411f-b03f-2bcc514a598d"}]);
    let (status, reason) = judge("MFA006", &export);
    assert_eq!(status, Status::NotEvaluated, "{reason}");
    assert!(reason.contains("without its status"), "{reason}");
}

#[test]
fn an_unwritten_feature_exclusion_is_unknown() {
    let mut export = sample();
    for method in export["authentication_method"][0]["authentication_method_feature_settings"]
        .as_array_mut()
        .unwrap()
    {
        if method["Id"] == "MicrosoftAuthenticator" {
            let feature = &mut method["FeatureSettings"]["DisplayLocationInformationRequiredState"];
            feature.as_object_mut().unwrap().remove("ExcludeTarget");
        }
    }
    let (status, reason) = judge("AUTH002", &export);
    assert_eq!(status, Status::NotEvaluated, "{reason}");
}

#[test]
fn roles_without_their_assignments_do_not_show_pim_assignments() {
    let mut export = sample();
    for role in export["privileged_roles"].as_array_mut().unwrap() {
        role.as_object_mut().unwrap().remove("Assignments");
    }
    for code in ["ROLE002", "ROLE003"] {
        let (status, reason) = judge(code, &export);
        assert_eq!(status, Status::NotEvaluated, "{code}: {reason}");
    }
}

#[test]
fn an_unwritten_notification_recipient_list_is_unknown() {
    let mut export = sample();
    for role in export["privileged_roles"].as_array_mut().unwrap() {
        let global_admin = role["RoleTemplateId"] == "62e90394-69f5-4237-9190-012177145e10";
        for rule in role["Rules"].as_array_mut().into_iter().flatten() {
            if rule["Id"] == "Notification_Admin_EndUser_Assignment" && global_admin {
                rule.as_object_mut()
                    .unwrap()
                    .remove("NotificationRecipients");
            }
        }
    }
    let (status, reason) = judge("ROLE006", &export);
    assert_eq!(status, Status::NotEvaluated, "{reason}");
}

#[test]
fn an_unreadable_list_of_failed_commands_reads_no_part() {
    let mut export = sample();
    export["aad_unsuccessful_commands"] = json!({"not": "a list"});
    for code in ["APP001", "MFA006", "ROLE001"] {
        let (status, reason) = judge(code, &export);
        assert_eq!(status, Status::NotEvaluated, "{code}: {reason}");
    }
}

/// The PowerShell SDK writes every property it did not select as null: its null immutable id
/// is not "cloud-only". A REST response writes only what was selected.
#[test]
fn a_null_on_premises_anchor_counts_only_where_it_was_asked_for() {
    let users = |key: &str| {
        json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
            "value": [{"id": "0a1b2c3d-0000-4000-8000-00000000aa01", key: null}]
        })
    };
    let fact = |value: Value| {
        let (_, tenant) = tenantlint::read_contents(vec![(
            PathBuf::from("users.json"),
            serde_json::to_vec(&value).unwrap(),
        )]);
        tenant.directory.users.values().next().unwrap().on_premises
    };
    assert_eq!(
        fact(users("onPremisesImmutableId")),
        tenantlint::model::Fact::No
    );
    assert_eq!(
        fact(users("OnPremisesImmutableId")),
        tenantlint::model::Fact::Unknown
    );
}

#[test]
fn an_agent_policy_narrowed_to_one_platform_does_not_count() {
    let mut export = sample();
    let policy = |platforms: Value| {
        json!({
            "Id": "c4d2e1f0-7a6b-4c5d-8e9f-0a1b2c3d4e5f",
            "DisplayName": "Block high-risk agents",
            "State": "enabled",
            "Conditions": {
                "Users": {"IncludeUsers": ["None"]},
                "Applications": {"IncludeApplications": ["All"]},
                "ClientApplications": {"IncludeAgentIdServicePrincipals": ["All"]},
                "AgentIdRiskLevels": "high",
                "Platforms": platforms
            },
            "GrantControls": {"Operator": "OR", "BuiltInControls": ["block"]}
        })
    };
    let policies = export["conditional_access_policies"]
        .as_array_mut()
        .unwrap();
    policies.push(policy(Value::Null));
    assert_eq!(judge("AGENT001", &export).0, Status::Pass);
    let mut export = sample();
    export["conditional_access_policies"]
        .as_array_mut()
        .unwrap()
        .push(policy(
            json!({"IncludePlatforms": ["android"], "ExcludePlatforms": []}),
        ));
    let (status, reason) = judge("AGENT001", &export);
    assert_eq!(status, Status::Fail, "{reason}");
}
