//! The configuration file end to end: emergency-access accounts, exceptions with expiry,
//! baselines across a regenerated export, and configuration errors with their positions.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CONTOSO: &str = "testdata/tenants/contoso";
const BREAK_GLASS: &str = "dce66451-3ebc-4496-9e89-2fc5d6697bd8";

fn scratch(name: &str) -> PathBuf {
    common::scratch("config", name)
}

/// Runs `check --format json` with a configuration file and a fixed "today".
fn check(
    path: &str,
    config: Option<&str>,
    extra: &[&str],
) -> (Option<i32>, serde_json::Value, String) {
    let mut args = vec![
        "check".to_string(),
        path.to_string(),
        "--format".into(),
        "json".into(),
    ];
    if let Some(text) = config {
        let file =
            scratch(&format!("config-{:x}", text.len() * 31 + extra.len())).join("tenantlint.toml");
        std::fs::write(&file, text).unwrap();
        args.push("--config".into());
        args.push(file.display().to_string());
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let output: Output = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SOURCE_DATE_EPOCH", "1795564800") // 2026-11-24
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null);
    (
        output.status.code(),
        report,
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn subjects(report: &serde_json::Value, code: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| f["subject"].as_str().unwrap().to_string())
        .collect()
}

fn status<'a>(report: &'a serde_json::Value, code: &str) -> &'a str {
    common::rule(report, code)["status"].as_str().unwrap()
}

#[test]
fn declared_break_glass_accounts_are_expected_exclusions() {
    let (_, undeclared, _) = check(CONTOSO, None, &[]);
    assert!(subjects(&undeclared, "MFA001").contains(&BREAK_GLASS.to_string()));
    assert_eq!(status(&undeclared, "CA002"), "not-evaluated");

    let config = "[emergency-access]\naccounts = [\"breakglass01@contoso.onmicrosoft.com\"]\n";
    let (_, declared, _) = check(CONTOSO, Some(config), &[]);
    assert!(
        !subjects(&declared, "MFA001").contains(&BREAK_GLASS.to_string()),
        "the declared account's exclusion is expected"
    );
    assert_eq!(
        status(&declared, "CA003"),
        "pass",
        "every policy excludes the break-glass account"
    );
    let undeclared_exclusions = subjects(&declared, "CA002");
    assert!(!undeclared_exclusions.contains(&BREAK_GLASS.to_string()));
    assert!(
        undeclared_exclusions.contains(&"ee4199e7-f2f5-40be-aec6-62621840d1fe".to_string()),
        "Isaiah's exclusion is not declared"
    );
}

#[test]
fn a_policy_that_would_lock_out_a_declared_account_is_reported() {
    // Declared, but not excluded from anything: every enforced MFA or blocking policy applies.
    let config = "[emergency-access]\naccounts = [\"0b86559b-18ad-4cba-bda0-474647cbead9\"]\n";
    let (_, report, _) = check(CONTOSO, Some(config), &["--select", "CA003"]);
    assert_eq!(status(&report, "CA003"), "fail");
    assert!(report["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("AlexW@contoso.com"));
}

#[test]
fn exceptions_suppress_until_they_expire_and_stale_ones_are_reported() {
    let exception = |expires: &str| {
        format!(
            "[[exception]]\nrule = \"legacy-auth-not-blocked\"\nsubject = \"95f87c0a-5ae3-4188-a324-cc8774a18463\"\n\
             reason = \"Exchange ActiveSync retired in Q1\"\nexpires = {expires}\n\n\
             [[exception]]\nrule = \"MFA002\"\nsubject = \"Global Administrator\"\nreason = \"stale\"\nexpires = 2027-01-01\n"
        )
    };
    let (code, active, stderr) = check(CONTOSO, Some(&exception("2026-12-31")), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(subjects(&active, "LEG001").is_empty());
    let suppressed = &active["suppressed"].as_array().unwrap()[0];
    assert_eq!(suppressed["code"], "LEG001");
    assert_eq!(
        suppressed["suppression"]["reason"],
        "Exchange ActiveSync retired in Q1"
    );
    assert_eq!(suppressed["suppression"]["expires"], "2026-12-31");
    let notices: Vec<&str> = active["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("MFA002 `Global Administrator` matches no finding"),
        "{notices:?}"
    );

    let (_, expired, _) = check(CONTOSO, Some(&exception("2026-11-23")), &[]);
    assert_eq!(
        subjects(&expired, "LEG001").len(),
        1,
        "an expired exception brings the finding back"
    );
    assert!(expired["suppressed"].as_array().unwrap().is_empty());
    assert!(expired["notices"][0]
        .as_str()
        .unwrap()
        .contains("expired on 2026-11-23"));
}

#[test]
fn a_baseline_matches_a_regenerated_export_and_catches_one_new_admin() {
    let dir = scratch("baseline");
    let baseline = dir.join("baseline.json");
    let (_, first, _) = check(
        CONTOSO,
        None,
        &["--write-baseline", baseline.to_str().unwrap()],
    );
    let total = first["findings"].as_array().unwrap().len();
    assert!(total > 20);

    let copy = dir.join("contoso-regenerated");
    common::regenerate(Path::new(CONTOSO), &copy);
    let (code, again, _) = check(
        copy.to_str().unwrap(),
        None,
        &["--baseline", baseline.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{:#}", again["findings"]);
    assert_eq!(again["baselined"], total);

    // One new Global Administrator who has not registered for MFA.
    let new_admin = "c0ffee00-0000-4000-8000-000000000001";
    let assignment = copy.join("export/RoleManagement/Directory/RoleAssignments/new/new.json");
    std::fs::create_dir_all(assignment.parent().unwrap()).unwrap();
    std::fs::write(
        &assignment,
        serde_json::json!({
            "id": "new", "principalId": new_admin, "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10",
            "directoryScopeId": "/", "principal": {"@odata.type": "#microsoft.graph.user", "id": new_admin, "userPrincipalName": "newadmin@contoso.com"}
        })
        .to_string(),
    )
    .unwrap();
    let page = copy.join("reports/userRegistrationDetails-page1.json");
    let mut registrations: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&page).unwrap()).unwrap();
    registrations["value"].as_array_mut().unwrap().push(serde_json::json!({
        "id": new_admin, "userPrincipalName": "newadmin@contoso.com", "userType": "member", "isAdmin": true,
        "isMfaRegistered": false, "isSsprEnabled": false, "isSsprRegistered": false
    }));
    std::fs::write(&page, registrations.to_string()).unwrap();
    let (code, one_new, _) = check(
        copy.to_str().unwrap(),
        None,
        &["--baseline", baseline.to_str().unwrap()],
    );
    let findings = one_new["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        (
            findings[0]["code"].as_str(),
            findings[0]["subject"].as_str()
        ),
        (Some("MFA001"), Some(new_admin))
    );
    assert_eq!(code, Some(1));
}

#[test]
fn configuration_errors_have_positions_and_exit_2() {
    let (code, _, stderr) = check(
        CONTOSO,
        Some("selct = [\"MFA\"]\n[severity]\nMFA004 = \"critical\"\n"),
        &[],
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(
            "tenantlint.toml:1:1: unknown key `selct` in the file; did you mean `select`?"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("tenantlint.toml:3:10: `severity.MFA004`"),
        "{stderr}"
    );
}

#[test]
fn severity_select_and_ignore_from_the_file() {
    let (_, report, _) = check(CONTOSO, Some("select = [\"SSPR\"]\nignore = [\"SSPR002\"]\n[severity]\nsspr-not-enabled = \"error\"\n"), &[]);
    assert_eq!(common::rule_codes(&report), ["SSPR001"]);
    assert_eq!(
        report["findings"][0]["severity"], "error",
        "the file's severity replaces the warning"
    );
}

#[test]
fn the_schema_is_printed() {
    let output = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args(["schema", "config"])
        .output()
        .unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        schema["properties"]["exception"]["items"]["required"][2],
        "reason"
    );
}

/// A folder of templates beside an export stops every pass, until it is left out on purpose:
/// by `exclude` in the configuration or by `--exclude`, never silently.
#[test]
fn excluded_folders_are_not_read_and_a_bad_pattern_is_an_error() {
    let dir = scratch("exclude");
    let copy = dir.join("tenant");
    for file in common::walk(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/tenants/fabrikam")
            .as_path(),
        "json",
    ) {
        let relative = file
            .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/tenants/fabrikam"))
            .unwrap();
        let target = copy.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, target).unwrap();
    }
    let templates = copy.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("mfa.json"),
        "{\"displayName\": \"<Admins>\", ",
    )
    .unwrap();
    let path = copy.display().to_string();

    let (code, report, _) = check(&path, None, &[]);
    assert_eq!(code, Some(2), "the broken template is an input error");
    assert_eq!(
        status(&report, "MFA001"),
        "not-evaluated",
        "a file of unknown kind stops a pass"
    );

    // Fabrikam meets Microsoft's guidance: with the templates left out, its rules run clean.
    let guidance = ["--select", "SD,MFA001,MFA002,MFA003,MFA004,LEG,SSPR,LIC"];
    let (code, report, _) = check(&path, Some("exclude = [\"templates\"]\n"), &guidance);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(status(&report, "MFA001"), "pass");
    let mut excluded = vec!["--exclude", "*.txt,templates"];
    excluded.extend(guidance);
    let (code, _, _) = check(&path, None, &excluded);
    assert_eq!(code, Some(0));

    let (code, _, stderr) = check(&path, Some("exclude = [\"templates[\"]\n"), &[]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("not a valid glob pattern") && stderr.contains(":1:"),
        "{stderr}"
    );
    let (code, _, stderr) = check(&path, None, &["--exclude", "a["]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("not a valid glob pattern"), "{stderr}");
}

/// With LEG001 baselined, disabling the policy that blocks the other legacy clients made no new
/// finding: a tenant-wide finding's identity was its rule and tenant alone. What it says is now
/// part of its identity, so the weakening is new and a re-export that changes nothing is not.
#[test]
fn a_baselined_tenant_wide_finding_that_got_worse_is_new() {
    let dir = scratch("baseline-worse");
    let baseline = dir.join("baseline.json");
    let (code, first, _) = check(
        CONTOSO,
        None,
        &[
            "--select",
            "LEG001",
            "--write-baseline",
            baseline.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "writing a baseline is the point of the run");
    assert_eq!(first["findings"].as_array().unwrap().len(), 1);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(written["version"], 2);
    // A baseline from a newer version is refused, not read as this one's.
    let newer = dir.join("newer.json");
    std::fs::write(
        &newer,
        std::fs::read_to_string(&baseline)
            .unwrap()
            .replacen("\"version\": 2", "\"version\": 3", 1),
    )
    .unwrap();
    let (code, _, stderr) = check(CONTOSO, None, &["--baseline", newer.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("written by a newer tenantlint"), "{stderr}");

    let copy = dir.join("contoso");
    common::regenerate(Path::new(CONTOSO), &copy);
    let against_baseline = || {
        let args = [
            "--select",
            "LEG001",
            "--baseline",
            baseline.to_str().unwrap(),
        ];
        check(copy.to_str().unwrap(), None, &args)
    };
    let (code, same, _) = against_baseline();
    assert_eq!(code, Some(0), "{:#}", same["findings"]);

    let policy = copy.join(
        "export/Identity/Conditional/AccessPolicies/66f32da6-8382-4bca-8537-ec0f75b4304f/66f32da6-8382-4bca-8537-ec0f75b4304f.json",
    );
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&policy).unwrap()).unwrap();
    value["state"] = "disabled".into();
    std::fs::write(&policy, value.to_string()).unwrap();
    let (code, worse, _) = against_baseline();
    assert_eq!(code, Some(1));
    let findings = worse["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(
        findings[0]["message"].as_str().unwrap().contains("other"),
        "{findings:#?}"
    );
}

/// `fail-on`, `format` and `extend-select` in the file, as Ruff users keep them there; the
/// command line still wins.
#[test]
fn fail_on_format_and_extend_select_are_configuration_keys() {
    let config = "select = [\"LEG001\"]\nextend-select = [\"MFA003\"]\nfail-on = \"error\"\nformat = \"concise\"\n[severity]\nLEG001 = \"warning\"\nMFA003 = \"warning\"\n";
    let (code, report, _) = check(CONTOSO, Some(config), &[]);
    let mut codes: Vec<&str> = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["LEG001", "MFA003"],
        "select and extend-select together"
    );
    assert_eq!(code, Some(0), "warnings are below the configured fail-on");
    let (code, _, _) = check(CONTOSO, Some(config), &["--fail-on", "warning"]);
    assert_eq!(code, Some(1), "the command line wins");

    // JSON, which is no format's default: piped output would be concise without the key.
    let file = scratch("format-key").join("tenantlint.toml");
    std::fs::write(&file, config.replace("\"concise\"", "\"json\"")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args(["check", CONTOSO, "--config", file.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON, as configured ({e}): {text}"));
    assert!(report["findings"].is_array(), "{text}");
}
