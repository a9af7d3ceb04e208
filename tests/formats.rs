//! The machine formats as their consumers read them: SARIF against the official schema with
//! fingerprints that survive a regenerated export, GitHub workflow commands, JUnit XML parsed by
//! an XML reader; and the editor and shell integrations.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

mod common;

use common::regenerate;
use tenantlint::rules::fingerprint::fingerprint;
use tenantlint::{lint, Options};

fn tenantlint(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = common::tenantlint_command(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.unwrap_or_default())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

const CONTOSO: &str = "testdata/tenants/contoso";

#[test]
fn sarif_validates_against_the_official_schema() {
    let text = std::fs::read_to_string("testdata/schemas/sarif-schema-2.1.0.json").unwrap();
    // The published schema's `run.language` pattern has a stray `]` that strict ECMA-262 regex
    // engines reject when the schema itself is checked; escape that one character in memory and
    // keep the file as published.
    let erratum = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(
        text.contains(erratum),
        "the erratum this test works around is gone; drop the workaround"
    );
    let text = text.replace(erratum, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for case in [
        CONTOSO,
        "testdata/tenants/northwind",
        "testdata/rules/MFA001/registration-not-exported/export",
    ] {
        let output = tenantlint(&["check", case, "--format", "sarif"], None);
        let sarif: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{case}: {errors:#?}");
        // The validator does reject what the schema forbids.
        let mut broken = sarif.clone();
        broken["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] =
            "critical".into();
        assert!(!validator.is_valid(&broken));
    }
}

#[test]
fn sarif_describes_rules_results_and_what_was_not_evaluated() {
    let output = tenantlint(
        &[
            "check",
            "testdata/rules/MFA001/registration-not-exported/export",
            "--format",
            "sarif",
        ],
        None,
    );
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let leg001 = rules.iter().find(|r| r["id"] == "LEG001").unwrap();
    assert_eq!(leg001["defaultConfiguration"]["level"], "error");
    assert_eq!(leg001["properties"]["security-severity"], "8.0");
    let tags: Vec<&str> = leg001["properties"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        tags.contains(&"CIS 5.2.2.3") && tags.contains(&"CISA MS.AAD.1.1") && tags.contains(&"LEG"),
        "{tags:?}"
    );
    assert!(leg001["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## How to fix"));
    let notifications = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let mfa001 = notifications
        .iter()
        .find(|n| n["associatedRule"]["id"] == "MFA001")
        .unwrap();
    assert!(mfa001["message"]["text"]
        .as_str()
        .unwrap()
        .contains("registration not checked"));

    let contoso = tenantlint(&["check", CONTOSO, "--format", "sarif"], None);
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&contoso)).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert!(location["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .starts_with("testdata/tenants/contoso/"));
    assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
    assert!(
        result["partialFingerprints"]["tenantlint/v1"]
            .as_str()
            .unwrap()
            .len()
            == 16
    );
}

fn fingerprints(path: &Path) -> BTreeSet<String> {
    let report = lint(&[path.to_path_buf()], &Options::default()).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report.diagnostics.iter().map(fingerprint).collect()
}

#[test]
fn fingerprints_survive_a_regenerated_export() {
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("contoso-regenerated");
    let _ = std::fs::remove_dir_all(&copy);
    regenerate(Path::new(CONTOSO), &copy);
    let original = fingerprints(Path::new(CONTOSO));
    let report = lint(&[PathBuf::from(CONTOSO)], &Options::default()).unwrap();
    assert_eq!(
        original.len(),
        report.diagnostics.len(),
        "every finding has its own fingerprint"
    );
    assert_eq!(fingerprints(&copy), original);
}

#[test]
fn github_annotations_follow_the_workflow_command_syntax() {
    let output = tenantlint(&["check", CONTOSO, "--format", "github"], None);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let mut findings = 0;
    for line in text.lines() {
        let rest = line
            .strip_prefix("::")
            .unwrap_or_else(|| panic!("not a command: {line}"));
        let (command, rest) = rest.split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&command), "{line}");
        let (properties, message) = rest.split_once("::").unwrap();
        assert!(!message.contains('\n') && !message.contains('\r'));
        let keys: Vec<&str> = properties
            .split(',')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        if keys.contains(&"file") {
            assert_eq!(
                keys,
                ["file", "line", "col", "endLine", "endColumn", "title"],
                "{line}"
            );
            findings += 1;
        }
    }
    // Past 10 annotations of a type, a notice counts the rest (see the job summary test).
    let more: usize = text
        .lines()
        .find_map(|l| {
            let (_, message) = l.split_once("more findings::")?;
            message.split_whitespace().next()?.parse().ok()
        })
        .unwrap_or(0);
    assert_eq!(
        findings + more,
        lint(&[PathBuf::from(CONTOSO)], &Options::default())
            .unwrap()
            .diagnostics
            .len()
    );
}

#[test]
fn junit_is_a_test_case_per_rule() {
    use quick_xml::events::Event;
    let output = tenantlint(
        &["check", "testdata/tenants/tailspin", "--format", "junit"],
        None,
    );
    let xml = stdout(&output);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut cases, mut failures, mut skipped, mut suites) = (0, 0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"testsuite" => suites += 1,
                b"testcase" => cases += 1,
                b"failure" => failures += 1,
                b"skipped" => skipped += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let report = lint(
        &[PathBuf::from("testdata/tenants/tailspin")],
        &Options::default(),
    )
    .unwrap();
    let count = |s| report.results.iter().filter(|r| r.status == s).count();
    assert_eq!((suites, cases), (1, tenantlint::rules::registry().len()));
    assert_eq!(failures, count(tenantlint::rules::Status::Fail));
    assert_eq!(skipped, count(tenantlint::rules::Status::NotEvaluated));
}

#[test]
fn stdin_replaces_the_file_at_its_path() {
    let case = "testdata/rules/LEG001/report-only-block-policy/export";
    let path = format!("{case}/securityDefaults.json");
    let on = br#"{"id": "00000000-0000-0000-0000-000000000005", "isEnabled": true}"#;
    let output = tenantlint(
        &[
            "check",
            case,
            "--select",
            "LEG001",
            "--format",
            "json",
            "--stdin-filename",
            &path,
        ],
        Some(on),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "security defaults on in the buffer: {}",
        stdout(&output)
    );
    let broken = tenantlint(
        &[
            "check",
            case,
            "--format",
            "concise",
            "--stdin-filename",
            &path,
        ],
        Some(b"{\"isEnabled\": tru"),
    );
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        stdout(&broken).starts_with(&format!("{path}:1:")),
        "{}",
        stdout(&broken)
    );
}

#[test]
fn colour_follows_the_flag() {
    let args = [
        "check",
        "testdata/rules/SD001/several-enabled-policies-one-finding/export",
        "--format",
        "pretty",
    ];
    let coloured = tenantlint(&[&args[..], &["--color", "always"]].concat(), None);
    assert!(stdout(&coloured).contains("\u{1b}["));
    let plain = tenantlint(&[&args[..], &["--color", "never"]].concat(), None);
    assert!(!stdout(&plain).contains("\u{1b}["));
}

#[test]
fn shell_completions_and_rule_json() {
    let bash = stdout(&tenantlint(&["completions", "bash"], None));
    assert!(bash.contains("tenantlint") && bash.contains("--stdin-filename"));
    let list: serde_json::Value =
        serde_json::from_str(&stdout(&tenantlint(&["rule", "--format", "json"], None))).unwrap();
    assert_eq!(
        list.as_array().unwrap().len(),
        tenantlint::rules::registry().len()
    );
    let one: serde_json::Value = serde_json::from_str(&stdout(&tenantlint(
        &["rule", "LEG001", "--format", "json"],
        None,
    )))
    .unwrap();
    assert_eq!(one["cis"], "5.2.2.3");
    assert!(one["page"].as_str().unwrap().contains("## What it checks"));
}

/// GitHub shows 10 annotations of a type per step: the rest go to the job summary, and a notice
/// says so.
#[test]
fn github_annotations_stay_within_ten_a_type_and_the_rest_go_to_the_job_summary() {
    let summary =
        std::env::temp_dir().join(format!("tenantlint-summary-{}.md", std::process::id()));
    let _ = std::fs::remove_file(&summary);
    let text = common::github_check(Path::new("testdata/tenants/contoso"), &summary);
    // Every line of a type counts, input errors and notices too; what GitHub shows is the
    // first ten, among which the line saying findings were left out must be.
    let of_kind = |kind: &str| common::github_lines(&text, kind);
    for kind in ["error", "warning"] {
        let annotated = of_kind(kind)
            .iter()
            .filter(|l| l.contains(" file="))
            .count();
        let others = of_kind(kind).len() - annotated;
        assert!(annotated + others <= 10 || annotated == 0, "{kind}: {text}");
    }
    let notices = of_kind("notice");
    assert!(
        notices
            .iter()
            .take(10)
            .any(|l| l.contains("title=tenantlint%3A more findings::")),
        "{text}"
    );
    let table = std::fs::read_to_string(&summary).unwrap();
    assert!(
        table.contains("| Rule | Severity | Where | Message |"),
        "{table}"
    );
    assert!(table.lines().count() > 4);
    let _ = std::fs::remove_file(&summary);
}

#[test]
fn gitlab_code_quality_and_azure_logging_commands() {
    let run = |format: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tenantlint"))
            .args(["check", CONTOSO, "--format", format])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    let total = lint(&[PathBuf::from(CONTOSO)], &Options::default())
        .unwrap()
        .diagnostics
        .len();

    let gitlab = run("gitlab");
    assert_eq!(gitlab.status.code(), Some(1));
    let issues: serde_json::Value = serde_json::from_slice(&gitlab.stdout).unwrap();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), total);
    let fingerprints: std::collections::BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(
        fingerprints.len(),
        total,
        "GitLab drops issues with equal fingerprints"
    );
    for issue in issues {
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().unwrap()));
        assert!(issue["location"]["path"]
            .as_str()
            .unwrap()
            .starts_with("testdata/tenants/contoso/"));
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() > 0);
    }

    let azure = run("azure");
    let text = String::from_utf8(azure.stdout).unwrap();
    assert_eq!(text.lines().count(), total);
    for line in text.lines() {
        let (properties, _) = line
            .strip_prefix("##vso[task.logissue type=")
            .and_then(|rest| rest.split_once(']'))
            .unwrap_or_else(|| panic!("not a logging command: {line}"));
        assert!(
            properties.starts_with("error;") || properties.starts_with("warning;"),
            "{line}"
        );
        assert!(
            properties.contains(";sourcepath=testdata/tenants/contoso/"),
            "{line}"
        );
    }
}
