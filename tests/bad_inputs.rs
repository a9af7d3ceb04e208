//! Broken and hostile inputs through the binary (testdata/bad/, see its generate.py): every case
//! ends with a clear error or a correct result, exit code 2 exactly where an input is broken, no
//! panic, and the readable files beside the broken one are still linted.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    broken: bool,
    why: String,
    /// Arguments the case is run with besides the path.
    #[serde(default)]
    args: Vec<String>,
    /// Whether the `concise` output, what an editor or a log shows, is part of the snapshot.
    #[serde(default)]
    concise: bool,
}

struct Run {
    code: Option<i32>,
    report: serde_json::Value,
}

fn run(path: &Path) -> Run {
    run_with(path, &[])
}

fn run_with(path: &Path, extra: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args(["check", path.to_str().unwrap(), "--format", "json"])
        .args(extra)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{}: {stderr}", path.display());
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{}: no JSON report ({e}): {stderr}", path.display()));
    Run {
        code: output.status.code(),
        report,
    }
}

/// What a case produced, with paths relative to the case folder.
fn summary(root: &Path, run: &Run) -> String {
    let relative = |p: &str| {
        Path::new(p)
            .strip_prefix(root)
            .map_or(p.to_string(), |r| r.display().to_string())
    };
    // Messages may name other files of the case: keep them relative too.
    let root_prefix = format!("{}/", root.display());
    // A link may lead to the project itself (`/proc/self/cwd`), wherever it is checked out.
    let message = |m: &serde_json::Value| {
        m.as_str()
            .unwrap()
            .replace(&root_prefix, "")
            .replace(env!("CARGO_MANIFEST_DIR"), "<project>")
    };
    let mut out = format!("exit {}\n", run.code.unwrap_or(-1));
    for e in run.report["errors"].as_array().unwrap() {
        let at = match e.get("start") {
            Some(s) => format!(":{}:{}", s["line"], s["column"]),
            None => String::new(),
        };
        out += &format!(
            "error {}{at}: {}\n",
            relative(e["path"].as_str().unwrap()),
            message(&e["message"])
        );
    }
    for f in run.report["findings"].as_array().unwrap() {
        out += &format!(
            "finding {} {} at {}\n",
            f["code"].as_str().unwrap(),
            f["subject"].as_str().unwrap(),
            relative(f["location"]["path"].as_str().unwrap())
        );
    }
    for n in run.report["notices"].as_array().unwrap() {
        out += &format!("notice {}\n", message(n));
    }
    for r in run.report["rules"].as_array().unwrap() {
        out += &format!(
            "rule {} {}\n",
            r["code"].as_str().unwrap(),
            r["status"].as_str().unwrap()
        );
    }
    out
}

/// The `concise` lines for a case, paths relative to its folder; each must be one diagnostic.
fn concise(root: &Path, extra: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args(["check", root.to_str().unwrap(), "--format", "concise"])
        .args(extra)
        .output()
        .expect("the binary runs");
    let text = String::from_utf8(output.stdout).expect("concise output is UTF-8");
    let prefix = format!("{}/", root.display());
    let mut out = String::from("concise:\n");
    for line in text.lines() {
        assert!(
            line.starts_with(&prefix) || line.starts_with("tenantlint:"),
            "every concise line starts with a path of the case: {line:?}"
        );
        out += &format!("  {}\n", line.replace(&prefix, ""));
    }
    out
}

fn check(root: &Path, name: &str, broken: bool, why: &str) {
    check_with(root, name, broken, why, &[], false)
}

fn check_with(
    root: &Path,
    name: &str,
    broken: bool,
    why: &str,
    extra: &[&str],
    show_concise: bool,
) {
    let run = run_with(root, extra);
    assert_eq!(
        run.code,
        Some(if broken { 2 } else { 1 }),
        "{name} ({why}): {:#}",
        run.report
    );
    let codes = common::finding_codes(&run.report);
    assert!(
        codes.contains(&"SD001"),
        "{name}: the companion files are still linted"
    );
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true, description => why }, {
        let mut shown = summary(root, &run);
        if show_concise {
            shown += &concise(root, extra);
        }
        insta::assert_snapshot!(format!("bad_{name}"), shown);
    });
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/bad")
}

#[test]
fn every_case_in_the_corpus() {
    let cases: std::collections::BTreeMap<String, Case> =
        serde_json::from_str(&std::fs::read_to_string(corpus().join("cases.json")).unwrap())
            .unwrap();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    for (name, case) in &cases {
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        check_with(
            &corpus().join(name),
            name,
            case.broken,
            &case.why,
            &args,
            case.concise,
        );
    }
}

/// A folder with the two companion files, for cases built at run time.
fn scratch(name: &str) -> PathBuf {
    let dir = common::scratch("bad", name);
    for file in ["companion-security-defaults.json", "companion-policy.json"] {
        std::fs::copy(corpus().join("empty-file").join(file), dir.join(file)).unwrap();
    }
    dir
}

#[test]
fn a_50_mb_string() {
    let dir = scratch("huge-string");
    let mut text = String::from(
        r#"{"id": "d0000000-0000-0000-0000-000000000001", "state": "disabled", "displayName": ""#,
    );
    text.push_str(&"x".repeat(50 * 1024 * 1024));
    text.push_str(r#"", "conditions": {}, "grantControls": null}"#);
    std::fs::write(dir.join("policy-with-a-long-name.json"), text).unwrap();
    check(&dir, "huge_string", false, "a 50 MB display name");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_a_directory_named_json_and_a_dangling_link() {
    let dir = scratch("links");
    std::fs::create_dir_all(dir.join("export")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("export/loop")).unwrap();
    std::fs::create_dir_all(dir.join("policies.json")).unwrap();
    std::os::unix::fs::symlink("missing.json", dir.join("gone.json")).unwrap();
    let errors = |run: &Run| -> Vec<String> {
        run.report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["message"].as_str().unwrap().to_string())
            .collect()
    };
    // A link to a folder inside the export is not followed (its files are read where they
    // are), so the loop is never entered; the dangling JSON link is a file lost.
    let run = run(&dir);
    assert_eq!(run.code, Some(2), "{:#}", run.report);
    let messages = errors(&run);
    assert!(
        !messages.iter().any(|m| m.contains("symbolic link loop")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("No such file")),
        "{messages:?}"
    );
    // Following links, the loop is met and reported, not walked forever.
    let followed = run_with(&dir, &["--follow-links"]);
    assert!(
        errors(&followed)
            .iter()
            .any(|m| m.contains("symbolic link loop")),
        "{:#}",
        followed.report
    );
    let codes = common::finding_codes(&run.report);
    assert!(codes.contains(&"SD001"));
}

#[test]
fn no_http_client_is_linked_and_nothing_opens_a_socket() {
    let lock =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    for client in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "attohttpc",
        "surf",
        "h2",
        "tokio",
    ] {
        assert!(
            !lock.contains(&format!("name = \"{client}\"\n")),
            "{client} is in the dependency graph"
        );
    }
    for entry in common::walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "rs") {
        let source = std::fs::read_to_string(&entry).unwrap();
        assert!(
            !source.contains("std::net"),
            "{} uses the network",
            entry.display()
        );
    }
}

/// A record a rule reads but cannot read must stop the rule from passing, whatever its kind: here
/// the unreadable record is the group membership that would show the admin excluded from MFA.
#[test]
fn an_unreadable_group_member_never_lets_a_rule_that_reads_membership_pass() {
    let dir = common::scratch("bad", "broken-member");
    let admin = "a0000000-0000-0000-0000-000000000001";
    let write = |path: &str, text: String| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "sd.json",
        r#"{"id": "00000000-0000-0000-0000-000000000005", "isEnabled": false}"#.into(),
    );
    write(
        "policies.json",
        r#"{"@odata.context": "https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies", "value": [
            {"id": "p1", "displayName": "MFA for all", "state": "enabled",
             "conditions": {"users": {"includeUsers": ["All"], "excludeGroups": ["6b0c2a10-0000-4000-8000-0000000000a1"]}, "applications": {"includeApplications": ["All"]}},
             "grantControls": {"operator": "OR", "builtInControls": ["mfa"]}}]}"#
            .into(),
    );
    write(
        "roles.json",
        format!(
            r##"{{"@odata.context": "https://graph.microsoft.com/beta/$metadata#roleManagement/directory/roleAssignments(principal())", "value": [
                {{"id": "r1", "principalId": "{admin}", "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "directoryScopeId": "/",
                  "principal": {{"@odata.type": "#microsoft.graph.user", "id": "{admin}"}}}}]}}"##
        ),
    );
    write(
        "reg.json",
        format!(
            r#"{{"@odata.context": "https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails",
                "value": [{{"id": "{admin}", "userType": "member", "isMfaRegistered": true}}]}}"#
        ),
    );
    write(
        "export/Groups/6b0c2a10-0000-4000-8000-0000000000a1/Members/6b0c2a10-0000-4000-8000-0000000000a2/6b0c2a10-0000-4000-8000-0000000000a2.json",
        r##"{"@odata.type": "#microsoft.graph.user", "id": "6b0c2a10-0000-4000-8000-0000000000a2"}"##.into(),
    );
    write(
        &format!("export/Groups/6b0c2a10-0000-4000-8000-0000000000a1/Members/{admin}/{admin}.json"),
        r##"{"@odata.type": "#microsoft.graph.user", "id": 7}"##.into(),
    );
    let config = dir.join("config").join("tenantlint.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        format!("[emergency-access]\naccounts = [\"{admin}\"]\n"),
    )
    .unwrap();

    let status = |run: &Run, code: &str| common::rule(&run.report, code)["status"].clone();
    // Undeclared, the admin's exclusion is MFA001's business; declared, CA003's.
    let undeclared = run(&dir);
    assert_eq!(undeclared.code, Some(2));
    for code in ["MFA001", "CA001"] {
        assert_ne!(
            status(&undeclared, code),
            "pass",
            "{code} passed without the group member it could not read"
        );
    }
    let reason = common::rule(&undeclared.report, "MFA001")["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        reason.contains("1 unreadable record(s) of group memberships")
            && reason.contains("see the input errors"),
        "the reason says what is unreadable and where to look: {reason}"
    );
    let declared = run_with(&dir, &["--config", config.to_str().unwrap()]);
    assert_ne!(
        status(&declared, "CA003"),
        "pass",
        "CA003 passed without the group member it could not read"
    );
}

/// Two copies of one policy that disagree are both left out, so the verdicts are the same
/// whichever file sorts first; an upper-case copy of an id is the same policy.
#[test]
fn conflicting_copies_count_neither_way_round() {
    let policy = |id: &str, state: &str| {
        format!(
            r#"{{"@odata.context": "https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies", "value": [
                {{"id": "{id}", "displayName": "MFA for all", "state": "{state}",
                  "conditions": {{"users": {{"includeUsers": ["All"]}}, "applications": {{"includeApplications": ["All"]}}}},
                  "grantControls": {{"operator": "OR", "builtInControls": ["mfa"]}}}}]}}"#
        )
        .into_bytes()
    };
    let id = "c0000000-0000-4000-8000-0000000000aa";
    let sd = br#"{"id": "00000000-0000-0000-0000-000000000005", "isEnabled": false}"#.to_vec();
    let statuses = |first: Vec<u8>, second: Vec<u8>| {
        let files = vec![
            ("a/policies.json".into(), first),
            ("b/policies.json".into(), second),
            ("sd.json".into(), sd.clone()),
        ];
        let report = tenantlint::lint_contents(files, &tenantlint::Options::default()).unwrap();
        assert!(
            report
                .errors
                .iter()
                .any(|e| e.message.contains("different content")),
            "{:?}",
            report.errors
        );
        report
            .results
            .iter()
            .map(|r| (r.meta.code, r.status))
            .collect::<Vec<_>>()
    };
    let enabled_first = statuses(
        policy(id, "enabled"),
        policy(&id.to_uppercase(), "disabled"),
    );
    let disabled_first = statuses(
        policy(&id.to_uppercase(), "disabled"),
        policy(id, "enabled"),
    );
    assert_eq!(enabled_first, disabled_first);
    let sd002 = enabled_first
        .iter()
        .find(|(code, _)| *code == "SD002")
        .unwrap();
    assert_ne!(
        sd002.1,
        tenantlint::rules::Status::Pass,
        "the enabled copy was read"
    );
}

/// A page cut short before it says what it holds counts as a page of the collection whose other
/// pages sit beside it under the same name but for the digits.
#[test]
fn a_cut_page_takes_the_kind_of_its_page_set() {
    let context =
        "https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails";
    let first = format!(
        r#"{{"@odata.context": "{context}",
            "value": [{{"id": "a0000000-0000-0000-0000-0000000000c1", "userType": "member", "isMfaRegistered": true}}]}}"#
    );
    let cut = r#"{"value": [{"id": "a0000000-0000-0000-0000-0000000000c2", "userType": "member", "isMfaRe"#;
    let files = vec![
        ("out/data-1.json".into(), first.into_bytes()),
        ("out/data-2.json".into(), cut.as_bytes().to_vec()),
    ];
    let report = tenantlint::lint_contents(files, &tenantlint::Options::default()).unwrap();
    let mfa004 = report
        .results
        .iter()
        .find(|r| r.meta.code == "MFA004")
        .unwrap();
    assert_eq!(mfa004.status, tenantlint::rules::Status::NotEvaluated);
    let reason = mfa004.reason.as_deref().unwrap_or_default();
    assert!(
        reason.contains("unreadable record(s) of user registration details"),
        "{reason}"
    );
}

/// A policy in a state Graph does not document may be enforced: what it excludes and whom it
/// locks out may matter, so the exclusion rules cannot pass over it.
#[test]
fn a_policy_in_an_unknown_state_keeps_the_exclusion_rules_from_passing() {
    let policy = br#"{"@odata.context": "https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies", "value": [
        {"id": "c0000000-0000-4000-8000-0000000000bb", "displayName": "MFA for all", "state": "enabledForSomethingNew",
         "conditions": {"users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]}},
         "grantControls": {"operator": "OR", "builtInControls": ["mfa"]}}]}"#;
    let config = tenantlint::config::parse(
        "[emergency-access]\naccounts = [\"a0000000-0000-4000-8000-0000000000b9\"]\n",
        "tenantlint.toml",
        &tenantlint::selection::Registry,
    )
    .unwrap();
    let options = tenantlint::Options {
        config,
        ..Default::default()
    };
    let report =
        tenantlint::lint_contents(vec![("policies.json".into(), policy.to_vec())], &options)
            .unwrap();
    for code in ["CA002", "CA003", "CA001"] {
        let result = report.results.iter().find(|r| r.meta.code == code).unwrap();
        assert_ne!(
            result.status,
            tenantlint::rules::Status::Pass,
            "{code}: {:?}",
            result.reason
        );
    }
}

/// A P2 plan whose status the licences do not give may be active: the risk rules cannot pass
/// as not applicable below P2.
#[test]
fn a_plan_without_a_status_does_not_lower_the_tier() {
    let skus = br#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus", "value": [
        {"id": "7e000000-0000-0000-0000-0000000000a1_06ebc4ee-1bb5-47dd-8120-11324bc54e06", "skuId": "06ebc4ee-1bb5-47dd-8120-11324bc54e06",
         "skuPartNumber": "SPE_E5", "capabilityStatus": "Enabled",
         "servicePlans": [{"servicePlanId": "41781fb2-bc02-4b7c-bd55-b576c07bb09d", "servicePlanName": "AAD_PREMIUM", "provisioningStatus": "Success"},
                          {"servicePlanId": "eec0eb4f-6444-4f95-aba0-50c24d67f998", "servicePlanName": "AAD_PREMIUM_P2"}]}]}"#;
    let policy = br#"{"@odata.context": "https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies", "value": [
        {"id": "c0000000-0000-4000-8000-0000000000cc", "displayName": "MFA for all", "state": "enabled",
         "conditions": {"users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]}},
         "grantControls": {"operator": "OR", "builtInControls": ["mfa"]}}]}"#;
    let report = tenantlint::lint_contents(
        vec![
            ("skus.json".into(), skus.to_vec()),
            ("policies.json".into(), policy.to_vec()),
        ],
        &tenantlint::Options::default(),
    )
    .unwrap();
    for code in ["RISK001", "RISK002"] {
        let result = report.results.iter().find(|r| r.meta.code == code).unwrap();
        assert_eq!(
            result.status,
            tenantlint::rules::Status::NotEvaluated,
            "{code}: {:?}",
            result.reason
        );
    }
}

/// Two copies of a subscribed SKU that disagree on its status, or of a user that disagree on
/// their type, are a conflict: neither is read, and what they decide cannot pass.
#[test]
fn skus_and_users_that_disagree_with_their_copies_are_not_read() {
    let sku = |status: &str| {
        format!(
            r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus", "value": [
                {{"id": "7e000000-0000-0000-0000-0000000000a1_06ebc4ee-1bb5-47dd-8120-11324bc54e06", "skuId": "06ebc4ee-1bb5-47dd-8120-11324bc54e06",
                 "capabilityStatus": "{status}", "servicePlans": [{{"servicePlanId": "41781fb2-bc02-4b7c-bd55-b576c07bb09d", "provisioningStatus": "Success"}}]}}]}}"#
        )
        .into_bytes()
    };
    let user = |user_type: &str| {
        format!(
            r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": [
                {{"id": "a0000000-0000-4000-8000-0000000000d1", "userPrincipalName": "sam@contoso.com", "userType": "{user_type}"}}]}}"#
        )
        .into_bytes()
    };
    let report = tenantlint::lint_contents(
        vec![
            ("a/skus.json".into(), sku("Enabled")),
            ("b/skus.json".into(), sku("Suspended")),
            ("a/users.json".into(), user("Member")),
            ("b/users.json".into(), user("Guest")),
        ],
        &tenantlint::Options::default(),
    )
    .unwrap();
    let conflicts = report
        .errors
        .iter()
        .filter(|e| e.message.contains("different content"))
        .count();
    assert_eq!(conflicts, 2, "{:?}", report.errors);
    for code in ["RISK001", "LIC002", "MFA004"] {
        let result = report.results.iter().find(|r| r.meta.code == code).unwrap();
        assert_ne!(result.status, tenantlint::rules::Status::Pass, "{code}");
    }
}
