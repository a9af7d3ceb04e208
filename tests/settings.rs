//! The settings behind the SCuBA baseline (authentication methods, authorization policy,
//! directory settings, domains, PIM role settings and schedules, application management
//! policies, users' on-premises origin) read into one model, whichever tool wrote them.
//!
//! The ScubaGear export is CISA's published sample (CC0, `testdata/tenants/scubagear-sample/`).
//! Its Graph form is the same JSON as Graph returns it: camelCase keys under `@odata.context`,
//! which is how ScubaGear got it before upper-casing the first letter of every key.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use tenantlint::model::*;
use tenantlint::read_contents;

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/tenants/scubagear-sample/ProviderSettingsExport.json")
}

fn sample() -> Value {
    let text = std::fs::read_to_string(sample_path()).unwrap();
    serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap()
}

fn read(files: Vec<(&str, Value)>) -> Tenant {
    read_contents(
        files
            .into_iter()
            .map(|(path, value)| {
                (
                    PathBuf::from(path),
                    serde_json::to_vec_pretty(&value).unwrap(),
                )
            })
            .collect(),
    )
    .1
}

/// Graph's spelling of ScubaGear's keys: the first letter lower-cased, annotations kept.
fn camel_case(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let mut chars = key.chars();
                    let key = match chars.next() {
                        Some(first) => first.to_lowercase().chain(chars).collect(),
                        None => key,
                    };
                    (key, camel_case(value))
                })
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel_case).collect()),
        other => other,
    }
}

fn context(path: &str) -> String {
    format!("https://graph.microsoft.com/beta/$metadata#{path}")
}

fn collection(path: &str, items: Value) -> Value {
    json!({"@odata.context": context(path), "value": items})
}

/// The sample's settings as the Graph responses ScubaGear read them from.
fn as_graph(export: &Value) -> Vec<(&'static str, Value)> {
    let methods = &export["authentication_method"][0];
    let mut policy = camel_case(methods["authentication_method_policy"].clone());
    policy["authenticationMethodConfigurations"] =
        camel_case(methods["authentication_method_feature_settings"].clone());
    policy["@odata.context"] = json!(context("policies/authenticationMethodsPolicy/$entity"));
    let mut authorization = camel_case(export["authorization_policies"][0].clone());
    authorization["@odata.context"] = json!(context("policies/authorizationPolicy/$entity"));
    let role_policies: Vec<Value> = export["privileged_roles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|role| role.get("Rules").is_some())
        .map(|role| {
            json!({
                "id": format!("Directory_{}", role["RoleTemplateId"].as_str().unwrap()),
                "roleDefinitionId": role["RoleTemplateId"],
                "scopeId": "/",
                "scopeType": "DirectoryRole",
                "policy": {"rules": camel_case(role["Rules"].clone())},
            })
        })
        .collect();
    let instances: Vec<Value> = export["privileged_roles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|role| role["Assignments"].as_array().cloned().unwrap_or_default())
        .map(camel_case)
        .collect();
    vec![
        ("authenticationMethodsPolicy.json", policy),
        ("authorizationPolicy.json", authorization),
        (
            "settings.json",
            collection("settings", camel_case(export["directory_settings"].clone())),
        ),
        (
            "domains.json",
            collection(
                "domains",
                json!([camel_case(export["domain_settings"].clone())]),
            ),
        ),
        (
            "roleManagementPolicyAssignments.json",
            collection(
                "policies/roleManagementPolicyAssignments",
                Value::Array(role_policies),
            ),
        ),
        (
            "roleAssignmentScheduleInstances.json",
            collection(
                "roleManagement/directory/roleAssignmentScheduleInstances",
                Value::Array(instances),
            ),
        ),
    ]
}

/// What a rule can see of the settings, without where each value was read.
fn summary(tenant: &Tenant) -> Vec<String> {
    let settings = &tenant.settings;
    let mut lines = Vec::new();
    if let Some(methods) = &settings.authentication_methods {
        let state = methods
            .policy
            .as_ref()
            .and_then(|p| p.migration_state.as_ref())
            .map(|s| format!("{:?}", s.value));
        lines.push(format!("migration {state:?}"));
        for (method, config) in &methods.configurations {
            let features: Vec<String> = config
                .features
                .iter()
                .map(|(name, f)| {
                    format!(
                        "{name}={:?}/{:?}/{:?}",
                        f.state.as_ref().map(|s| &s.value),
                        f.include_target.as_ref().map(|t| &t.value),
                        match &f.exclude_target {
                            FeatureExclusion::NotWritten => "not written".to_string(),
                            FeatureExclusion::NoOne => "no one".to_string(),
                            FeatureExclusion::Group(id) => id.value.clone(),
                        }
                    )
                })
                .collect();
            let targets: Vec<&str> = config
                .include_targets
                .iter()
                .map(|t| t.value.as_str())
                .collect();
            lines.push(format!(
                "method {method:?} {:?} {targets:?} {features:?}",
                config.state.as_ref().map(|s| &s.value)
            ));
        }
    }
    if let Some(policy) = &settings.authorization {
        lines.push(format!(
            "authorization apps={:?} consent={:?} guests={:?} invites={:?}",
            policy.users_can_register_apps.as_ref().map(|v| v.value),
            policy.user_consent_policies.as_ref().map(|v| &v.value),
            policy.guest_user_role_id.as_ref().map(|v| &v.value),
            policy.allow_invites_from.as_ref().map(|v| &v.value)
        ));
    }
    for setting in settings.directory_settings.iter().flatten() {
        let values: Vec<String> = setting
            .values
            .iter()
            .map(|(n, v)| format!("{n}={}", v.value))
            .collect();
        lines.push(format!("setting {:?} {values:?}", setting.template_id));
    }
    for domain in settings.domains.iter().flatten() {
        lines.push(format!(
            "domain {} {:?}",
            domain.id,
            domain.password_validity.as_ref().map(|d| d.value)
        ));
    }
    for (role, role_settings) in settings.role_settings.iter().flatten() {
        for rule in &role_settings.rules {
            lines.push(format!(
                "role {role} {} {:?} {:?}",
                rule.id,
                rule.level,
                describe_rule(&rule.detail)
            ));
        }
    }
    for holding in &tenant.directory.role_holdings {
        if let Some(schedule) = &holding.schedule {
            lines.push(format!(
                "holding {} {} {:?} {:?} {:?}",
                holding.principal.id,
                holding.role_id,
                schedule.assignment_type,
                schedule.start,
                schedule.end
            ));
        }
    }
    lines
}

fn describe_rule(detail: &RuleDetail) -> String {
    match detail {
        RuleDetail::Approval { required } => {
            format!("approval {:?}", required.as_ref().map(|r| r.value))
        }
        RuleDetail::Notification {
            recipients,
            default_recipients,
            level,
        } => format!(
            "notify {:?} {default_recipients:?} {level:?}",
            recipients
                .as_ref()
                .map(|r| r.iter().map(|r| &r.value).collect::<Vec<_>>())
        ),
        RuleDetail::Expiration {
            required,
            maximum_duration,
        } => format!(
            "expire {:?} {maximum_duration:?}",
            required.as_ref().map(|r| r.value)
        ),
        RuleDetail::Other => "other".into(),
    }
}

#[test]
fn the_sample_export_settings_are_read_as_written() {
    let tenant = read(vec![("ProviderSettingsExport.json", sample())]);
    let settings = &tenant.settings;
    let authorization = settings.authorization.as_ref().unwrap();
    assert!(
        authorization
            .users_can_register_apps
            .as_ref()
            .unwrap()
            .value
    );
    assert_eq!(
        authorization.allow_invites_from.as_ref().unwrap().value,
        "adminsAndGuestInviters"
    );
    let methods = settings.authentication_methods.as_ref().unwrap();
    assert_eq!(
        methods
            .policy
            .as_ref()
            .unwrap()
            .migration_state
            .as_ref()
            .unwrap()
            .value,
        MigrationState::InProgress
    );
    let state = |method: AuthMethod| {
        methods.configurations[&method]
            .state
            .as_ref()
            .unwrap()
            .value
            .clone()
    };
    assert_eq!(state(AuthMethod::Sms), Toggle::Disabled);
    assert_eq!(state(AuthMethod::Fido2), Toggle::Enabled);
    let authenticator = &methods.configurations[&AuthMethod::MicrosoftAuthenticator];
    let app_context = &authenticator.features["displayappinformationrequiredstate"];
    assert_eq!(app_context.state.as_ref().unwrap().value, Toggle::Enabled);
    assert_eq!(
        app_context.include_target.as_ref().unwrap().value,
        "all_users"
    );
    // The all-zero id excludes no one.
    assert!(matches!(
        app_context.exclude_target,
        FeatureExclusion::NoOne
    ));
    let consent = settings
        .directory_settings
        .as_ref()
        .unwrap()
        .iter()
        .find(|s| s.display_name.as_deref() == Some("Consent Policy Settings"))
        .unwrap();
    assert_eq!(
        consent.value("enableAdminConsentRequests").unwrap().value,
        "true"
    );
    let domains = settings.domains.as_ref().unwrap();
    assert_eq!(
        domains[0].password_validity.as_ref().unwrap().value,
        PasswordValidity::NeverExpires
    );
    let global_admin =
        &settings.role_settings.as_ref().unwrap()["62e90394-69f5-4237-9190-012177145e10"];
    match &global_admin
        .rule("Approval_EndUser_Assignment")
        .unwrap()
        .detail
    {
        RuleDetail::Approval { required } => assert!(!required.as_ref().unwrap().value),
        other => panic!("{other:?}"),
    }
    // A privileged user written with `OnPremisesImmutableId: null` is cloud-only.
    let holder = tenant
        .directory
        .role_holdings
        .iter()
        .find(|h| h.principal.id == "66b4d5c2-71c9-4644-8728-74e3a8324d81")
        .unwrap();
    assert_eq!(holder.principal.on_premises, Fact::No);
}

#[test]
fn pim_dates_in_powershell_form_are_read_and_null_ends_never_expire() {
    let tenant = read(vec![("ProviderSettingsExport.json", sample())]);
    let schedules: Vec<&Schedule> = tenant
        .directory
        .role_holdings
        .iter()
        .filter_map(|h| h.schedule.as_ref())
        .collect();
    assert!(schedules
        .iter()
        .any(|s| s.end == Expiry::At(Timestamp(1_778_702_258_453))
            && s.start == Start::At(Timestamp(1_777_406_310_050))));
    assert!(schedules
        .iter()
        .any(|s| s.end == Expiry::Never && s.start == Start::OutsidePim));
    assert!(schedules
        .iter()
        .all(|s| s.assignment_type != AssignmentType::Unknown));
}

#[test]
fn graph_responses_and_scubagear_give_the_same_settings() {
    let export = sample();
    let from_scubagear = summary(&read(vec![("ProviderSettingsExport.json", export.clone())]));
    let from_graph = summary(&read(as_graph(&export)));
    assert!(from_scubagear.len() > 150, "{from_scubagear:#?}");
    // Each kind of setting is read, not only some: two empty readings would agree too.
    for kind in [
        "migration ",
        "method ",
        "authorization ",
        "setting ",
        "domain ",
        "role ",
        "holding ",
    ] {
        assert!(
            from_scubagear.iter().any(|l| l.starts_with(kind)),
            "no `{kind}` line: {from_scubagear:#?}"
        );
    }
    let sorted = |mut lines: Vec<String>| {
        lines.sort();
        lines
    };
    assert_eq!(sorted(from_graph), sorted(from_scubagear));
}

#[test]
fn entra_exporter_files_are_read_by_their_folders() {
    let export = sample();
    let methods = export["authentication_method"][0]["authentication_method_feature_settings"]
        .as_array()
        .unwrap()
        .clone();
    let mut files: Vec<(String, Value)> = methods
        .into_iter()
        .map(|method| {
            let mut method = camel_case(method);
            // EntraExporter removes the annotations; the folder tells the kind.
            method.as_object_mut().unwrap().remove("@odata.type");
            let name = method["id"].as_str().unwrap().to_string();
            (
                format!("Policies/AuthenticationMethodsPolicy/AuthenticationMethodConfigurations/{name}.json"),
                method,
            )
        })
        .collect();
    files.push((
        "Policies/AuthorizationPolicy/authorizationPolicy/authorizationPolicy.json".into(),
        camel_case(export["authorization_policies"][0].clone()),
    ));
    let tenant = read_contents(
        files
            .into_iter()
            .map(|(path, value)| (PathBuf::from(path), serde_json::to_vec(&value).unwrap()))
            .collect(),
    )
    .1;
    let methods = tenant.settings.authentication_methods.unwrap();
    assert_eq!(methods.configurations.len(), 12);
    assert!(methods.policy.is_none());
    assert!(
        tenant
            .settings
            .authorization
            .unwrap()
            .users_can_register_apps
            .unwrap()
            .value
    );
}

#[test]
fn a_setting_left_out_is_unknown_not_its_default() {
    let mut export = sample();
    let object = export.as_object_mut().unwrap();
    object["domain_settings"]
        .as_object_mut()
        .unwrap()
        .remove("PasswordValidityPeriodInDays");
    object["authorization_policies"][0]
        .as_object_mut()
        .unwrap()
        .remove("DefaultUserRolePermissions");
    object.remove("directory_settings");
    for role in object["privileged_roles"].as_array_mut().unwrap() {
        role.as_object_mut().unwrap().remove("Rules");
    }
    let tenant = read(vec![("ProviderSettingsExport.json", export)]);
    let settings = &tenant.settings;
    assert!(settings.domains.as_ref().unwrap()[0]
        .password_validity
        .is_none());
    assert!(settings
        .authorization
        .as_ref()
        .unwrap()
        .users_can_register_apps
        .is_none());
    assert!(settings.directory_settings.is_none());
    assert!(settings.role_settings.is_none());
}

#[test]
fn a_failed_command_leaves_its_settings_unreadable() {
    let mut export = sample();
    export["aad_unsuccessful_commands"] = json!(["Get-MgBetaPolicyAuthorizationPolicy"]);
    let tenant = read(vec![("ProviderSettingsExport.json", export)]);
    assert!(tenant.settings.authorization.is_none());
    assert_eq!(
        tenant.unreadable.get(&InputKind::AuthorizationPolicy),
        Some(&1)
    );
}

#[test]
fn role_policies_and_their_assignments_are_joined_by_policy_id() {
    let export = sample();
    let role = export["privileged_roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.get("Rules").is_some())
        .unwrap();
    let template = role["RoleTemplateId"].as_str().unwrap();
    let policy_id = "DirectoryRole_tenant_policy";
    let assignments = collection(
        "policies/roleManagementPolicyAssignments",
        json!([{"id": "a1", "policyId": policy_id, "roleDefinitionId": template, "scopeId": "/", "scopeType": "DirectoryRole"}]),
    );
    let policies = collection(
        "policies/roleManagementPolicies(rules())",
        json!([{"id": policy_id, "scopeId": "/", "rules": camel_case(role["Rules"].clone())}]),
    );
    let tenant = read(vec![
        ("assignments.json", assignments.clone()),
        ("policies.json", policies),
    ]);
    let settings = &tenant.settings.role_settings.as_ref().unwrap()[template];
    assert_eq!(
        settings.rules.len(),
        role["Rules"].as_array().unwrap().len()
    );
    // Without the policies' rules, the role's settings are not known.
    let tenant = read(vec![("assignments.json", assignments)]);
    assert!(tenant.settings.role_settings.is_none());
}

#[test]
fn users_say_whether_they_come_from_on_premises() {
    let users = collection(
        "users",
        json!([
            {"id": "00000000-0000-0000-0000-0000000000a1", "onPremisesSyncEnabled": true, "onPremisesImmutableId": "abc="},
            {"id": "00000000-0000-0000-0000-0000000000a2", "onPremisesSyncEnabled": null, "onPremisesImmutableId": null},
            {"id": "00000000-0000-0000-0000-0000000000a3", "displayName": "selected without them"},
        ]),
    );
    let tenant = read(vec![("users.json", users)]);
    let fact = |id: &str| tenant.directory.users[id].on_premises;
    assert_eq!(fact("00000000-0000-0000-0000-0000000000a1"), Fact::Yes);
    assert_eq!(fact("00000000-0000-0000-0000-0000000000a2"), Fact::No);
    assert_eq!(fact("00000000-0000-0000-0000-0000000000a3"), Fact::Unknown);
}

#[test]
fn a_null_password_validity_never_expires_and_a_missing_one_is_unknown() {
    let domains = collection(
        "domains",
        json!([
            {"id": "new.example", "isVerified": true, "passwordValidityPeriodInDays": null},
            {"id": "old.example", "isVerified": true, "passwordValidityPeriodInDays": 2147483647},
            {"id": "finite.example", "isVerified": true, "passwordValidityPeriodInDays": 90},
            {"id": "selected.example", "isVerified": true},
        ]),
    );
    let tenant = read(vec![("domains.json", domains)]);
    let validity: Vec<Option<PasswordValidity>> = tenant
        .settings
        .domains
        .unwrap()
        .iter()
        .map(|d| d.password_validity.as_ref().map(|v| v.value))
        .collect();
    assert_eq!(
        validity,
        [
            Some(PasswordValidity::NeverExpires),
            Some(PasswordValidity::NeverExpires),
            Some(PasswordValidity::Days(90)),
            None
        ]
    );
}

/// Microsoft Graph documentation's example responses, each read alone (they are examples of
/// different tenants).
fn graph_docs(name: &str) -> Tenant {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/graph-docs")
        .join(name);
    let (_, tenant) = read_contents(vec![(path.clone(), std::fs::read(&path).unwrap())]);
    assert!(
        tenant.unreadable.is_empty(),
        "{name}: {:?}",
        tenant.unreadable
    );
    tenant
}

#[test]
fn graph_documentation_examples_are_read() {
    let authorization = graph_docs("authorizationPolicy.json")
        .settings
        .authorization
        .unwrap();
    assert!(authorization.users_can_register_apps.unwrap().value);
    assert_eq!(authorization.allow_invites_from.unwrap().value, "everyone");
    // This example predates `guestUserRoleId`: not written, so unknown.
    assert!(authorization.guest_user_role_id.is_none());

    let methods = graph_docs("authenticationMethodsPolicy.json")
        .settings
        .authentication_methods
        .unwrap();
    assert!(methods.policy.is_some());
    let state = |m: AuthMethod| methods.configurations[&m].state.clone().unwrap().value;
    assert_eq!(state(AuthMethod::Sms), Toggle::Enabled);
    assert_eq!(state(AuthMethod::Fido2), Toggle::Disabled);
    let authenticator = graph_docs("microsoftAuthenticatorConfiguration.json")
        .settings
        .authentication_methods
        .unwrap();
    let feature = &authenticator.configurations[&AuthMethod::MicrosoftAuthenticator].features
        ["displaylocationcontextrequiredstate"];
    assert_eq!(feature.state.clone().unwrap().value, Toggle::Enabled);
    assert!(matches!(feature.exclude_target, FeatureExclusion::Group(_)));
    // Documented as `{"value": {...}}`: one entity.
    let sms = graph_docs("smsConfiguration.json")
        .settings
        .authentication_methods
        .unwrap();
    assert_eq!(
        sms.configurations[&AuthMethod::Sms]
            .state
            .clone()
            .unwrap()
            .value,
        Toggle::Enabled
    );

    let domain = &graph_docs("domain.json").settings.domains.unwrap()[0];
    assert_eq!(
        domain.password_validity.as_ref().unwrap().value,
        PasswordValidity::NeverExpires
    );
    let settings = graph_docs("directorySettings.json")
        .settings
        .directory_settings
        .unwrap();
    assert_eq!(
        settings[0].value("EnableGroupCreation").unwrap().value,
        "true"
    );

    let global_admin = "62e90394-69f5-4237-9190-012177145e10";
    let roles = graph_docs("roleManagementPolicyAssignments-expanded.json")
        .settings
        .role_settings
        .unwrap();
    let approval = roles[global_admin]
        .rule("Approval_EndUser_Assignment")
        .unwrap();
    assert!(matches!(
        &approval.detail,
        RuleDetail::Approval { required: Some(r) } if !r.value
    ));
    assert_eq!(roles[global_admin].rules.len(), 17);

    let default = graph_docs("defaultAppManagementPolicy.json")
        .settings
        .app_management
        .unwrap();
    assert_eq!(default[0].scope, AppPolicyScope::TenantDefault);
    assert!(!default[0].is_enabled.as_ref().unwrap().value);
    let custom = graph_docs("appManagementPolicies.json")
        .settings
        .app_management
        .unwrap();
    let kinds: Vec<&str> = custom[0]
        .application_passwords
        .iter()
        .map(|r| r.kind.as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "passwordAddition",
            "passwordLifetime",
            "symmetricKeyAddition",
            "symmetricKeyLifetime"
        ]
    );
    assert_eq!(custom[0].application_keys[0].kind, "asymmetricKeyLifetime");

    for name in [
        "roleAssignmentSchedules.json",
        "roleAssignmentScheduleInstances.json",
    ] {
        let tenant = graph_docs(name);
        assert_eq!(tenant.directory.role_holdings.len(), 2, "{name}");
        for holding in &tenant.directory.role_holdings {
            let schedule = holding.schedule.as_ref().unwrap();
            assert_eq!(schedule.end, Expiry::Never, "{name}");
            assert_eq!(schedule.assignment_type, AssignmentType::Assigned, "{name}");
        }
    }
}

#[test]
fn graph_documentation_policies_join_the_assignments_that_name_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/graph-docs");
    let files = [
        "roleManagementPolicyAssignments.json",
        "roleManagementPolicies-expanded.json",
    ]
    .iter()
    .map(|name| (dir.join(name), std::fs::read(dir.join(name)).unwrap()))
    .collect();
    let (_, tenant) = read_contents(files);
    let roles = tenant.settings.role_settings.unwrap();
    // The example's policy is Global Administrator's; the other role's policy is not in it.
    assert_eq!(roles.len(), 1);
    assert_eq!(
        roles["62e90394-69f5-4237-9190-012177145e10"].rules.len(),
        17
    );
}

/// A session control that states nothing (null, an object of nulls as the SDK writes an unset
/// one) or is off (`false`, `isEnabled: false`) is not a control the policy sets.
#[test]
fn only_session_controls_that_are_set_are_read() {
    let policies = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies",
        "value": [{
            "id": "f0000000-0000-4000-8000-000000000001", "displayName": "Session", "state": "enabled",
            "conditions": {"users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]}},
            "grantControls": null,
            "sessionControls": {
                "disableResilienceDefaults": false,
                "signInFrequency": {"value": null, "type": null, "isEnabled": null},
                "cloudAppSecurity": null,
                "persistentBrowser": {"mode": "never", "isEnabled": false},
                "applicationEnforcedRestrictions": {"isEnabled": true}
            }
        }]
    });
    let tenant = read(vec![("policies.json", policies)]);
    let set: Vec<&str> = tenant.policies()[0]
        .session_controls
        .iter()
        .map(|c| c.value.as_str())
        .collect();
    assert_eq!(set, ["applicationEnforcedRestrictions"]);
}
