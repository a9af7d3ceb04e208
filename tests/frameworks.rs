//! `--framework`: a framework's rules, reported control by control; controls that need Entra ID
//! P2 fail on a tenant without it; and CISA's functional test cases for the baseline, replayed on
//! its published sample export (CC0), agree with ScubaGear except where ScubaGear passes wrongly.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use tenantlint::frameworks::{ControlStatus, Framework};
use tenantlint::{lint, lint_contents, Options, Report};

fn testdata(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(path)
}

fn sample() -> Value {
    let text = std::fs::read_to_string(testdata(
        "tenants/scubagear-sample/ProviderSettingsExport.json",
    ))
    .unwrap();
    serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap()
}

fn with_framework(framework: Framework) -> Options {
    Options {
        framework: Some(framework),
        ..Options::default()
    }
}

fn scuba(export: &Value) -> Report {
    lint_contents(
        vec![(
            PathBuf::from("ProviderSettingsExport.json"),
            serde_json::to_vec_pretty(export).unwrap(),
        )],
        &with_framework(Framework::CisaScuba),
    )
    .unwrap()
}

fn control<'r>(report: &'r Report, id: &str) -> &'r tenantlint::frameworks::ControlResult {
    report
        .framework_controls()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no control {id}"))
}

#[test]
fn the_scuba_report_has_every_policy_of_the_baseline_with_its_version() {
    let report = scuba(&sample());
    let controls = report.framework_controls();
    assert_eq!(controls.len(), 34);
    assert!(controls.iter().all(|c| c.framework == "cisa-scuba"));
    let manual: Vec<&str> = controls
        .iter()
        .filter(|c| c.status == ControlStatus::Manual)
        .map(|c| c.id)
        .collect();
    assert_eq!(manual, ["MS.AAD.2.2v1", "MS.AAD.4.1v1", "MS.AAD.8.3v1"]);
    assert_eq!(control(&report, "MS.AAD.3.2v2").rules, ["SD002", "MFA003"]);
    assert_eq!(control(&report, "MS.AAD.5.1v1").status, ControlStatus::Fail);
    assert_eq!(control(&report, "MS.AAD.8.1v1").status, ControlStatus::Pass);
    // Only rules mapped to the baseline ran.
    assert!(report
        .results
        .iter()
        .all(|r| Framework::CisaScuba.maps(r.meta.code)));
    assert!(!report.results.iter().any(|r| r.meta.code == "SSPR001"));
}

#[test]
fn a_control_that_needs_p2_fails_below_p2_while_its_rule_is_not_applicable() {
    // Contoso has Entra ID P1.
    let report = lint(
        &[testdata("tenants/contoso")],
        &with_framework(Framework::CisaScuba),
    )
    .unwrap();
    let blocked = control(&report, "MS.AAD.2.1v1");
    assert_eq!(blocked.status, ControlStatus::Fail);
    assert!(blocked.reason.contains("needs Entra ID P2"));
    let rule = report
        .results
        .iter()
        .find(|r| r.meta.code == "RISK003")
        .unwrap();
    assert_eq!(rule.status, tenantlint::rules::Status::Pass);
    assert!(rule
        .reason
        .as_deref()
        .unwrap()
        .starts_with("not applicable"));

    let cis = lint(
        &[testdata("tenants/contoso")],
        &with_framework(Framework::CisM365),
    )
    .unwrap();
    for id in ["5.2.2.6", "5.2.2.7"] {
        assert_eq!(control(&cis, id).status, ControlStatus::Fail, "{id}");
    }
}

#[test]
fn the_formats_show_the_controls() {
    let run = |format: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
            .args([
                "check",
                "testdata/tenants/scubagear-sample",
                "--framework",
                "cisa-scuba",
                "--format",
                format,
                "--color",
                "never",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let controls = json["controls"].as_array().unwrap();
    assert_eq!(controls.len(), 34);
    assert_eq!(
        controls[0],
        json!({"framework": "cisa-scuba", "id": "MS.AAD.1.1v1", "status": "pass", "rules": ["LEG001"],
               "reason": "LEG001: legacy authentication is blocked by \"MS.AAD.1.1v1 Legacy authentication \
                          SHALL be blocked\" (f56276cf-d30f-4e0f-9d73-d72f99370dcb)"})
    );
    let pretty = run("pretty");
    assert!(pretty.contains("Controls (CISA SCuBA (Entra ID baseline)):"));
    assert!(pretty
        .lines()
        .any(|l| l.trim_start().starts_with("MS.AAD.4.1v1") && l.contains("manual")));
    let junit = run("junit");
    assert_eq!(junit.matches("<testcase ").count(), 34);
    // Without a framework, no controls in JSON.
    let plain = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args([
            "check",
            "testdata/tenants/scubagear-sample",
            "--format",
            "json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let plain: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(plain.get("controls").is_none());
}

/// Sets a value at a dotted path with `[index]` steps, as CISA's `UpdateProviderExport` does.
/// Every step must already be there: a misspelt path would otherwise add a key no reader
/// looks at, and the case would pass on the unpatched export.
fn patch(export: &mut Value, path: &str, value: Value) {
    let mut at = export;
    let steps: Vec<&str> = path.split('.').collect();
    for (i, step) in steps.iter().enumerate() {
        let (key, index) = match step.split_once('[') {
            Some((key, rest)) => (
                key,
                Some(rest.trim_end_matches(']').parse::<usize>().unwrap()),
            ),
            None => (*step, None),
        };
        let last = i + 1 == steps.len();
        at = at
            .get_mut(key)
            .unwrap_or_else(|| panic!("{path}: no `{key}` in the export"));
        if let Some(index) = index {
            at = at
                .get_mut(index)
                .unwrap_or_else(|| panic!("{path}: no item {index} under `{key}`"));
        }
        if last {
            *at = value;
            return;
        }
    }
}

fn patched(patches: &[(&str, Value)]) -> Value {
    let mut export = sample();
    for (path, value) in patches {
        patch(&mut export, path, value.clone());
    }
    export
}

fn policy_named<'e>(export: &'e mut Value, name: &str) -> &'e mut Value {
    export["conditional_access_policies"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["DisplayName"] == name)
        .unwrap()
}

/// Cases of CISA's functional test plans (`aad.testplan.yaml`, `aad.g3.testplan.yaml`), their
/// patches applied to the sample export, with the result ScubaGear expects for the control.
#[test]
fn cisas_functional_cases_agree() {
    let cases: Vec<(&str, Value, bool)> = vec![
        (
            "MS.AAD.5.1v1",
            patched(&[(
                "authorization_policies[0].DefaultUserRolePermissions.AllowedToCreateApps",
                json!(true),
            )]),
            false,
        ),
        (
            "MS.AAD.5.1v1",
            patched(&[(
                "authorization_policies[0].DefaultUserRolePermissions.AllowedToCreateApps",
                json!(false),
            )]),
            true,
        ),
        (
            "MS.AAD.3.4v1",
            patched(&[(
                "authentication_method[0].authentication_method_policy.PolicyMigrationState",
                json!("migrationComplete"),
            )]),
            true,
        ),
        (
            "MS.AAD.3.4v1",
            patched(&[(
                "authentication_method[0].authentication_method_policy.PolicyMigrationState",
                json!("preMigration"),
            )]),
            false,
        ),
        (
            "MS.AAD.8.1v1",
            patched(&[(
                "authorization_policies[0].GuestUserRoleId",
                json!("2af84b1e-32c8-42b7-82bc-daa82404023b"),
            )]),
            true,
        ),
        (
            "MS.AAD.8.1v1",
            patched(&[(
                "authorization_policies[0].GuestUserRoleId",
                json!("a0b1b346-4d3e-4e8b-98f8-753987be4970"),
            )]),
            false,
        ),
        (
            "MS.AAD.8.2v1",
            patched(&[(
                "authorization_policies[0].AllowInvitesFrom",
                json!("adminsAndGuestInviters"),
            )]),
            true,
        ),
        (
            "MS.AAD.8.2v1",
            patched(&[(
                "authorization_policies[0].AllowInvitesFrom",
                json!("everyone"),
            )]),
            false,
        ),
        (
            "MS.AAD.5.3v1",
            patched(&[("directory_settings[1].Values[1].Value", json!("false"))]),
            false,
        ),
        (
            "MS.AAD.6.1v1",
            patched(&[(
                "domain_settings",
                json!([{"Id": "example.onmicrosoft.com", "IsRoot": true, "IsVerified": true,
                        "AuthenticationType": "Managed", "PasswordValidityPeriodInDays": 2147483647}]),
            )]),
            true,
        ),
        (
            "MS.AAD.6.1v1",
            patched(&[(
                "domain_settings",
                json!([{"Id": "example.onmicrosoft.com", "IsRoot": true, "IsVerified": true,
                        "AuthenticationType": "Managed", "PasswordValidityPeriodInDays": 90}]),
            )]),
            false,
        ),
        (
            "MS.AAD.3.5v2",
            {
                let mut export = sample();
                for method in export["authentication_method"][0]
                    ["authentication_method_feature_settings"]
                    .as_array_mut()
                    .unwrap()
                {
                    if method["Id"] == "Sms" {
                        method["State"] = json!("enabled");
                    }
                }
                export
            },
            false,
        ),
        ("MS.AAD.3.5v2", sample(), true),
        (
            "MS.AAD.3.9v1",
            {
                let mut export = sample();
                let policy = policy_named(
                    &mut export,
                    "MS.AAD.3.9v1 Device code authentication SHOULD be blocked",
                );
                policy["State"] = json!("enabled");
                policy["Conditions"]["Users"]["ExcludeUsers"] = json!([]);
                export
            },
            true,
        ),
        (
            "MS.AAD.3.9v1",
            {
                let mut export = sample();
                policy_named(
                    &mut export,
                    "MS.AAD.3.9v1 Device code authentication SHOULD be blocked",
                )["State"] = json!("disabled");
                export
            },
            false,
        ),
        (
            "MS.AAD.7.3v1",
            patched(&[(
                "privileged_users.66b4d5c2-71c9-4644-8728-74e3a8324d81.OnPremisesImmutableId",
                json!("Zm9vYmFy"),
            )]),
            false,
        ),
        ("MS.AAD.7.3v1", sample(), true),
        ("MS.AAD.7.1v1", sample(), true),
        (
            "MS.AAD.7.1v1",
            patched(&[(
                "privileged_users.b49c71b8-d1a0-4e36-8f6d-9e66fbb98f0d.roles",
                json!(["Exchange Administrator"]),
            )]),
            false,
        ),
        ("MS.AAD.2.1v1", sample(), true),
        ("MS.AAD.2.3v1", sample(), true),
    ];
    for (id, export, met) in &cases {
        let report = scuba(export);
        let control = control(&report, id);
        let want = if *met {
            ControlStatus::Pass
        } else {
            ControlStatus::Fail
        };
        assert_eq!(control.status, want, "{id}: {}", control.reason);
    }
}

/// The "No P2 license case" of `aad.g3.testplan.yaml`: every P2 control fails.
#[test]
fn without_p2_every_p2_control_fails() {
    let mut export = sample();
    let p2 = "eec0eb4f-6444-4f95-aba0-50c24d67f998";
    export["service_plans"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["ServicePlanName"] != "AAD_PREMIUM_P2");
    for org in export["tenant_details"][0]["AADAdditionalData"]
        .as_array_mut()
        .unwrap()
    {
        org["AssignedPlans"]
            .as_array_mut()
            .unwrap()
            .retain(|p| p["ServicePlanId"] != p2);
    }
    let report = scuba(&export);
    for id in [
        "MS.AAD.2.1v1",
        "MS.AAD.2.3v1",
        "MS.AAD.7.4v1",
        "MS.AAD.7.5v1",
        "MS.AAD.7.6v1",
        "MS.AAD.7.7v1",
        "MS.AAD.7.8v1",
        "MS.AAD.7.9v1",
        "MS.AAD.9.1v1",
    ] {
        let control = control(&report, id);
        assert_eq!(control.status, ControlStatus::Fail, "{id}");
        assert!(control.reason.contains("needs Entra ID P2"));
    }
}

/// Where ScubaGear passes a control the data does not support, tenantlint fails it and says why:
/// a phishing-resistant policy narrowed to one platform (ScubaGear #1815), the legacy consent
/// setting, a default app policy without a password-addition restriction.
#[test]
fn scubagears_false_passes_fail_with_the_reason() {
    let mut narrowed = sample();
    narrowed["conditional_access_policies"]
        .as_array_mut()
        .unwrap()
        .push(json!({
            "Id": "a7d0c3ee-52a1-4c8e-9b8e-3a5f2e1d0c9b",
            "DisplayName": "Phishing-resistant MFA on Windows",
            "State": "enabled",
            "Conditions": {
                "Users": {"IncludeUsers": ["All"], "ExcludeUsers": [], "ExcludeGroups": [], "ExcludeRoles": [],
                          "ExcludeGuestsOrExternalUsers": null},
                "Applications": {"IncludeApplications": ["All"], "ExcludeApplications": []},
                "ClientAppTypes": ["all"],
                "Platforms": {"IncludePlatforms": ["windows"], "ExcludePlatforms": []}
            },
            "GrantControls": {"Operator": "OR", "BuiltInControls": [],
                              "AuthenticationStrength": {"AllowedCombinations":
                                  ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"]}}
        }));
    let report = scuba(&narrowed);
    let control = control(&report, "MS.AAD.3.1v1");
    assert_eq!(control.status, ControlStatus::Fail);
    assert!(control
        .reason
        .contains("it applies only to device platforms windows"));

    let legacy = patched(&[(
        "authorization_policies[0].PermissionGrantPolicyIdsAssignedToDefaultUserRole",
        json!(["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"]),
    )]);
    assert_eq!(
        control_status(&scuba(&legacy), "MS.AAD.5.2v1"),
        ControlStatus::Fail
    );
    // The sample predates this key: it is added, not patched.
    let mut no_restriction = sample();
    assert!(no_restriction
        .get("default_app_management_policy")
        .is_none());
    no_restriction["default_app_management_policy"] = json!([{"IsEnabled": true,
        "ApplicationRestrictions": {"PasswordCredentials": []},
        "ServicePrincipalRestrictions": {"PasswordCredentials": []}}]);
    assert_eq!(
        control_status(&scuba(&no_restriction), "MS.AAD.5.5v1"),
        ControlStatus::Fail
    );
}

fn control_status(report: &Report, id: &str) -> ControlStatus {
    control(report, id).status
}
