//! The binary end to end: exit codes, output formats, input errors and the other commands.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tenantlint(args: &[&str]) -> Output {
    common::tenantlint_command(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A fresh folder under cargo's temporary directory for integration tests.
fn scratch(name: &str) -> PathBuf {
    common::scratch("cli", name)
}

const FAILING_CASE: &str = "testdata/rules/LEG001/report-only-block-policy/export";
const PASSING_CASE: &str = "testdata/rules/LEG001/one-policy-blocks-both-legacy-types/export";

#[test]
fn findings_exit_1_and_a_clean_run_exits_0() {
    assert_eq!(
        tenantlint(&["check", FAILING_CASE, "--select", "LEG001"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        tenantlint(&["check", PASSING_CASE, "--select", "LEG001"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn fail_on_raises_the_bar_for_exit_1() {
    let warning_only = "testdata/rules/SSPR001/policy-selected-group/export";
    let args = ["check", warning_only, "--select", "SSPR001"];
    assert_eq!(tenantlint(&args).status.code(), Some(1));
    let mut strict = args.to_vec();
    strict.extend(["--fail-on", "error"]);
    assert_eq!(tenantlint(&strict).status.code(), Some(0));
}

#[test]
fn concise_lines_carry_path_line_column_severity_and_code() {
    let output = tenantlint(&[
        "check",
        FAILING_CASE,
        "--select",
        "LEG001",
        "--format",
        "concise",
    ]);
    let text = stdout(&output);
    let line = text.lines().next().expect("one finding");
    let (location, rest) = line.split_once(": ").unwrap();
    let parts: Vec<&str> = location.rsplitn(3, ':').collect();
    assert!(
        parts[2].ends_with("conditionalAccessPolicies.json"),
        "{line}"
    );
    assert!(parts[1].parse::<usize>().unwrap() >= 1 && parts[0].parse::<usize>().unwrap() >= 1);
    assert!(
        rest.starts_with("error[LEG001] legacy authentication"),
        "{line}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.is_empty(), "findings go to stdout: {stderr}");
}

#[test]
fn json_output_follows_the_contract() {
    let output = tenantlint(&["check", FAILING_CASE, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["tool"]["name"], "tenantlint");
    let finding = &report["findings"][0];
    for key in [
        "code", "name", "severity", "message", "subject", "location", "related",
    ] {
        assert!(finding.get(key).is_some(), "finding lacks {key}");
    }
    assert_eq!(finding["location"]["pointer"], "/value/1/state");
    assert!(finding["location"]["start"]["line"].as_u64().unwrap() >= 1);
    let rules = report["rules"].as_array().unwrap();
    assert_eq!(
        rules.len(),
        tenantlint::rules::registry().len(),
        "every selected rule reports a status"
    );
    let sspr = common::rule(&report, "SSPR001");
    assert_eq!(sspr["status"], "not-evaluated");
    assert!(sspr["reason"].as_str().unwrap().contains("no SSPR policy"));
    assert_eq!(report["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn a_broken_file_exits_2_with_its_position_and_the_rest_is_still_linted() {
    let dir = scratch("broken");
    std::fs::copy(
        Path::new(FAILING_CASE).join("conditionalAccessPolicies.json"),
        dir.join("conditionalAccessPolicies.json"),
    )
    .unwrap();
    std::fs::copy(
        Path::new(FAILING_CASE).join("securityDefaults.json"),
        dir.join("securityDefaults.json"),
    )
    .unwrap();
    std::fs::write(
        dir.join("truncated.json"),
        "{\n  \"value\": [\n    {\"id\": \"a\", \"state\": \"ena",
    )
    .unwrap();
    let output = tenantlint(&["check", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let error = &report["errors"][0];
    assert!(error["path"].as_str().unwrap().ends_with("truncated.json"));
    assert_eq!(error["start"]["line"], 3);
    assert!(error["message"].as_str().unwrap().contains("EOF"));
    let codes = common::finding_codes(&report);
    assert!(
        codes.contains(&"LEG001"),
        "the readable files are still linted: {codes:?}"
    );
}

#[test]
fn a_wrong_type_in_a_policy_never_lets_a_rule_pass() {
    let dir = scratch("wrong-type");
    std::fs::write(
        dir.join("policies.json"),
        r#"{"@odata.context": "https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies",
            "value": [{"id": "p1", "displayName": "Block legacy", "state": "enabled",
                       "conditions": {"users": {"includeUsers": "All"}, "applications": {"includeApplications": ["All"]},
                                      "clientAppTypes": ["exchangeActiveSync", "other"]},
                       "grantControls": {"operator": "OR", "builtInControls": ["block"]}},
                      {"id": "p2", "displayName": "Broken", "state": 1}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("sd.json"),
        r#"{"id": "00000000-0000-0000-0000-000000000005", "isEnabled": false}"#,
    )
    .unwrap();
    let output = tenantlint(&[
        "check",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--select",
        "LEG001",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["rules"][0]["status"], "not-evaluated");
    assert!(report["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("/value/1/state"));
}

#[test]
fn utf16_files_are_read_and_positions_are_in_characters() {
    let dir = scratch("utf16");
    let text = "{\r\n  \"id\": \"00000000-0000-0000-0000-000000000005\",\r\n  \"displayName\": \"Sécurité\",\r\n  \"isEnabled\": true\r\n}";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.join("sd.json"), bytes).unwrap();
    std::fs::write(
        dir.join("ca.json"),
        r#"[{"id": "p1", "displayName": "MFA", "state": "enabled", "conditions": {}, "grantControls": {"builtInControls": ["mfa"]}}]"#,
    )
    .unwrap();
    let output = tenantlint(&[
        "check",
        dir.to_str().unwrap(),
        "--format",
        "concise",
        "--select",
        "SD001",
    ]);
    let text = stdout(&output);
    assert!(text.contains("sd.json:4:16: error[SD001]"), "{text}");
}

#[test]
fn inputs_lists_recognised_and_skipped_files() {
    let dir = scratch("inputs");
    std::fs::write(dir.join("notes.json"), r#"{"hello": "world"}"#).unwrap();
    std::fs::write(
        dir.join("sd.json"),
        r#"{"id": "00000000-0000-0000-0000-000000000005", "isEnabled": true}"#,
    )
    .unwrap();
    let output = tenantlint(&["inputs", dir.to_str().unwrap()]);
    let text = stdout(&output);
    assert!(
        text.contains("notes.json: skipped: JSON that is not a recognised tenant document"),
        "{text}"
    );
    assert!(
        text.contains("sd.json: 1 record(s) of security defaults policy (by shape, UTF-8)"),
        "{text}"
    );
    assert!(text.contains("SD001    not-evaluated"), "{text}");
}

#[test]
fn rule_lists_all_rules_and_explains_one() {
    let list = stdout(&tenantlint(&["rule"]));
    for code in ["SD001", "MFA001", "LEG001", "SSPR001"] {
        assert!(list.contains(code), "{list}");
    }
    let page = stdout(&tenantlint(&["rule", "legacy-auth-not-blocked"]));
    assert!(page.starts_with("# LEG001 legacy-auth-not-blocked (error)"));
    assert!(page.contains("## How to fix"));
    assert_eq!(tenantlint(&["rule", "NOPE001"]).status.code(), Some(2));
    // The columns line up: every CHECKS text starts where the header's does.
    let checks_at = list.lines().next().unwrap().find("CHECKS").unwrap();
    for line in list.lines().skip(1) {
        let before = &line[..checks_at];
        assert!(
            before.ends_with(' ') && !line[checks_at..].starts_with(' '),
            "misaligned: {line}"
        );
    }
}

#[test]
fn completions_offer_the_fail_on_values() {
    let script = stdout(&tenantlint(&["completions", "bash"]));
    assert!(script.contains("info warning error"), "--fail-on values");
}

/// The line of a bash completion script that offers the values of `option` in `subcommand`.
fn offered(script: &str, subcommand: &str, option: &str) -> Vec<String> {
    let function = script
        .split(&format!("tenantlint__subcmd__{subcommand})"))
        .nth(1)
        .expect("the subcommand's section");
    let case = function
        .split(&format!("{option})"))
        .nth(1)
        .expect("the option's case");
    let words = case.split("compgen -W \"").nth(1).unwrap();
    words[..words.find('"').unwrap()]
        .split(' ')
        .map(str::to_string)
        .collect()
}

#[test]
fn completions_offer_rule_codes_names_and_families_yet_any_list_is_accepted() {
    let script = stdout(&tenantlint(&["completions", "bash"]));
    for option in ["--select", "--ignore", "--extend-select"] {
        let words = offered(&script, "check", option);
        for word in ["ALL", "MFA", "MFA001", "admin-without-mfa", "SSPR002"] {
            assert!(words.iter().any(|w| w == word), "{option} offers {word}");
        }
    }
    // The values are offered, not enforced: a comma list and a family still parse.
    let output = tenantlint(&["check", PASSING_CASE, "--select", "mfa,LEG001", "-s"]);
    assert_ne!(output.status.code(), Some(2));
    // Fish shows what each code is.
    let fish = stdout(&tenantlint(&["completions", "fish"]));
    assert!(
        fish.contains(r"MFA001\t'admin-without-mfa'"),
        "fish descriptions"
    );
}

#[test]
fn unknown_rules_in_select_are_a_usage_error() {
    let output = tenantlint(&["check", PASSING_CASE, "--select", "XYZ999"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("unknown rule `XYZ999`"));
}

#[test]
fn pretty_output_shows_the_json_snippet_the_rule_table_and_the_plan() {
    let case = "testdata/rules/SD001/several-enabled-policies-one-finding/export";
    let output = tenantlint(&["check", case, "--format", "pretty"]);
    let text = stdout(&output);
    assert!(text.contains("SD001(security-defaults-conflict)"), "{text}");
    assert!(
        text.contains("\"isEnabled\":  true"),
        "the snippet shows the value: {text}"
    );
    assert!(
        text.contains("Rules:") && text.contains("fail (1)"),
        "{text}"
    );
    assert!(
        text.contains("Plan summary:")
            && text.contains("Mechanism:  security defaults AND 3 enabled"),
        "{text}"
    );
}

#[test]
fn pretty_output_prints_the_location_for_a_compact_one_line_file() {
    let output = tenantlint(&[
        "check",
        FAILING_CASE,
        "--select",
        "LEG001",
        "--format",
        "pretty",
    ]);
    let text = stdout(&output);
    assert!(text.contains("at testdata/rules/LEG001/report-only-block-policy/export/conditionalAccessPolicies.json:1:"), "{text}");
    assert!(
        !text.contains("enabledForReportingButNotEnforced\","),
        "no snippet of a one-line file: {text}"
    );
}

#[test]
fn statistics_count_findings_per_rule() {
    let output = tenantlint(&["check", "testdata/tenants/contoso", "--statistics"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let first = text.lines().next().unwrap();
    assert_eq!(
        first.split('\t').map(str::trim).collect::<Vec<_>>(),
        ["8", "MFA001", "admin-without-mfa"]
    );
    let json = tenantlint(&[
        "check",
        "testdata/tenants/contoso",
        "--statistics",
        "--format",
        "json",
    ]);
    let counts: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let legacy = counts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "LEG001")
        .unwrap();
    assert_eq!(legacy["count"], 1);
}

#[test]
fn output_writes_the_report_to_a_file_and_ignore_drops_rules() {
    let dir = scratch("output");
    let file = dir.join("report.json");
    let output = tenantlint(&[
        "check",
        FAILING_CASE,
        "--format",
        "json",
        "--select",
        "MFA,LEG001",
        "--ignore",
        "MFA002,mfa-not-required-for-all-users",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "the report goes to the file only");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(
        common::rule_codes(&report),
        ["MFA001", "MFA004", "MFA005", "MFA006", "LEG001"]
    );
}

#[test]
fn one_thread_gives_the_same_report_and_zero_threads_is_a_usage_error() {
    let contoso = "testdata/tenants/contoso";
    let default = tenantlint(&["check", contoso, "--format", "json"]);
    let single = tenantlint(&["--threads", "1", "check", contoso, "--format", "json"]);
    assert_eq!(single.status.code(), Some(1));
    assert_eq!(stdout(&single), stdout(&default));
    let zero = tenantlint(&["--threads", "0", "check", contoso]);
    assert_eq!(zero.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&zero.stderr).contains("--threads"));
}

#[test]
fn timings_go_to_stderr_and_leave_the_report_alone() {
    let contoso = "testdata/tenants/contoso";
    let plain = tenantlint(&["check", contoso, "--format", "json"]);
    let timed = tenantlint(&["check", contoso, "--format", "json", "--timings", "-q"]);
    assert_eq!(stdout(&timed), stdout(&plain));
    let stderr = String::from_utf8(timed.stderr).unwrap();
    for stage in [
        "discover",
        "read+parse",
        "analyse",
        "locate",
        "render",
        "total",
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.split_whitespace().take(2).eq(["timing", stage])),
            "{stage} in {stderr}"
        );
    }
    assert!(stderr.contains("memory peak-rss"), "{stderr}");
    assert!(
        stderr
            .lines()
            .all(|l| l.starts_with("timing ") || l.starts_with("memory ")),
        "--timings adds its lines and nothing else: {stderr}"
    );
    // Not a terminal: no progress bar, so nothing else is written.
    assert!(
        plain.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
}

#[test]
fn a_pipe_named_on_the_command_line_is_linted_and_its_findings_placed() {
    let page = std::fs::read("testdata/tenants/contoso/reports/userRegistrationDetails-page1.json")
        .unwrap();
    let output = common::run_piped(&["check", "--format", "json", "/dev/stdin"], &page);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "the piped page is read");
    assert!(
        findings
            .iter()
            .all(|f| f["location"]["start"]["column"].as_u64() > Some(1)),
        "each finding is placed in the piped text, which cannot be read twice"
    );
    let errors = report["errors"].to_string();
    assert!(!errors.contains("changed on disk"), "{errors}");
}

#[test]
fn a_closed_standard_error_is_no_reason_to_panic() {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args(["check", "--format", "concise", "testdata/tenants/contoso"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before the run names its rules that were not evaluated there.
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "findings, and no panic");
}

#[test]
fn gaps_exits_0_when_every_sign_in_is_protected_and_1_with_a_table_when_not() {
    let clean = tenantlint(&["gaps", "testdata/tenants/fabrikam"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert!(stdout(&clean).starts_with("no gaps: every one of the"));

    let open = tenantlint(&["gaps", "testdata/tenants/northwind", "--format", "markdown"]);
    assert_eq!(open.status.code(), Some(1));
    let text = stdout(&open);
    assert!(
        text.contains("| Who | Sign-in | Status | Why | Where |"),
        "{text}"
    );
    assert!(
        text.contains(
            "| Global Administrator | every app, any client app, any platform, anywhere | gap |"
        ),
        "{text}"
    );

    let json = tenantlint(&[
        "gaps",
        "testdata/tenants/contoso",
        "--format",
        "json",
        "--controls",
        "mfa",
    ]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["controls"], serde_json::json!(["mfa"]));
    let rows = value["gaps"].as_array().unwrap();
    assert!(
        rows.iter().any(|r| r["segment"] == "all-users"),
        "{value:#}"
    );
    let near = &rows[0]["nearMisses"][0];
    assert!(
        near["location"]["path"]
            .as_str()
            .unwrap()
            .ends_with(".json"),
        "{near:#}"
    );
    assert!(near["location"]["start"]["line"].as_u64().unwrap() > 0);

    let wrong = tenantlint(&["gaps", "testdata/tenants/contoso", "--controls", "mfa,hope"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("`hope` is not a grant control"));
}

#[test]
fn whatif_answers_in_the_apis_shape_and_a_question_the_export_cannot_place_exits_2() {
    let output = tenantlint(&[
        "whatif",
        "testdata/tenants/contoso",
        "--user",
        "breakglass01@contoso.onmicrosoft.com",
        "--client",
        "browser",
        "--format",
        "json",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let policies = value["value"].as_array().unwrap();
    assert!(policies.len() > 5);
    for policy in policies {
        assert!(policy["policyApplies"].is_boolean(), "{policy:#}");
        let reason = policy["analysisReasons"].as_str().unwrap();
        assert_eq!(
            policy["policyApplies"] == true,
            reason == "notSet",
            "{policy:#}"
        );
        assert!(
            policy["tenantlint"]["location"]["start"]["line"]
                .as_u64()
                .unwrap()
                > 0
        );
    }
    // The break-glass account is excluded by id from the MFA policy: the span points there.
    let mfa = policies
        .iter()
        .find(|p| p["displayName"] == "CA002 - Require MFA for all users")
        .unwrap();
    assert_eq!(mfa["analysisReasons"], "users");
    assert_eq!(mfa["tenantlint"]["why"], "it excludes them by user id");
    assert_eq!(value["outcome"]["blocked"], false);

    let unknown = tenantlint(&[
        "whatif",
        "testdata/tenants/contoso",
        "--user",
        "nobody@example.com",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("no user with UPN `nobody@example.com`")
    );
    let bad_app = tenantlint(&[
        "whatif",
        "testdata/tenants/contoso",
        "--user",
        "guest",
        "--app",
        "Outlook",
    ]);
    assert_eq!(bad_app.status.code(), Some(2));
    // whatif has no markdown: it is refused, not printed as the pretty text.
    let markdown = tenantlint(&[
        "whatif",
        "testdata/tenants/contoso",
        "--user",
        "guest",
        "--format",
        "markdown",
    ]);
    assert_eq!(markdown.status.code(), Some(2));
    // A misspelt condition is refused with the values the API knows, never taken for a sign-in
    // that no policy is conditioned on.
    for (option, value, known) in [
        ("--platform", "iphone", "iOS"),
        ("--sign-in-risk", "hi", "high"),
        ("--flow", "devicecode", "deviceCodeFlow"),
    ] {
        let typo = tenantlint(&[
            "whatif",
            "testdata/tenants/contoso",
            "--user",
            "guest",
            option,
            value,
        ]);
        assert_eq!(typo.status.code(), Some(2), "{option} {value}");
        let said = String::from_utf8_lossy(&typo.stderr).to_string();
        assert!(
            said.contains(&format!("`{value}`")) && said.contains(known),
            "{said}"
        );
    }
}

/// Run from a subfolder with `../` in the path, SARIF and GitHub annotations still name files
/// from the repository's top level, where code scanning and the runner look for them.
#[test]
fn sarif_and_github_paths_start_at_the_repository_root_from_any_folder() {
    let subfolder = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_tenantlint"))
            .args(["check", "../tenants/contoso", "--format", format])
            .current_dir(&subfolder)
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .unwrap()
    };
    let sarif: serde_json::Value = serde_json::from_slice(&run("sarif").stdout).unwrap();
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        uri.starts_with("testdata/tenants/contoso/"),
        "relative to the repository root: {uri}"
    );
    let github = String::from_utf8(run("github").stdout).unwrap();
    let first = github
        .lines()
        .find(|l| l.starts_with("::error file=") || l.starts_with("::warning file="))
        .unwrap();
    assert!(
        first.contains("file=testdata/tenants/contoso/"),
        "no ./ or ../ in annotations: {first}"
    );
}

#[test]
fn exit_zero_silent_quiet_and_extra_outputs_do_what_ruff_users_expect() {
    let zero = tenantlint(&["check", FAILING_CASE, "--exit-zero", "--format", "concise"]);
    assert_eq!(zero.status.code(), Some(0));
    assert!(
        stdout(&zero).contains("[LEG001]"),
        "the findings are still printed"
    );

    let silent = tenantlint(&["check", FAILING_CASE, "-s"]);
    assert_eq!(silent.status.code(), Some(1));
    assert!(silent.stdout.is_empty() && silent.stderr.is_empty());
    // Silent, with a report asked for: printed nothing, but the report is written.
    let report = scratch("silent-output").join("report.json");
    let silent = tenantlint(&[
        "check",
        FAILING_CASE,
        "-s",
        "--format",
        "json",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert!(silent.stdout.is_empty() && silent.stderr.is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(!written["findings"].as_array().unwrap().is_empty());

    let quiet = tenantlint(&["check", FAILING_CASE, "-q", "--format", "pretty"]);
    let text = stdout(&quiet);
    assert!(text.contains("LEG001"), "{text}");
    assert!(!text.contains("Plan summary"), "findings only: {text}");
    let concise_quiet = tenantlint(&["check", FAILING_CASE, "-q", "--format", "concise"]);
    assert!(
        !String::from_utf8_lossy(&concise_quiet.stderr).contains("not evaluated"),
        "no summary on standard error"
    );

    let dir = scratch("extra-outputs");
    let sarif = dir.join("report.sarif");
    let junit = dir.join("report.xml");
    let both = tenantlint(&[
        "check",
        FAILING_CASE,
        "--format",
        "concise",
        "--output-sarif",
        sarif.to_str().unwrap(),
        "--output-junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(both.status.code(), Some(1));
    assert!(stdout(&both).contains("[LEG001]"));
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "LEG001"),
        "{results:#?}"
    );
    assert!(std::fs::read_to_string(&junit)
        .unwrap()
        .contains("<testsuites"));
}

#[test]
fn show_settings_prints_what_would_run_and_lints_nothing() {
    let dir = scratch("show-settings");
    let config = dir.join("tenantlint.toml");
    std::fs::write(&config, "select = [\"MFA\"]\nignore = [\"MFA004\"]\nfail-on = \"warning\"\n[severity]\nMFA003 = \"error\"\n").unwrap();
    let output = tenantlint(&[
        "check",
        "testdata/tenants/contoso",
        "--config",
        config.to_str().unwrap(),
        "--show-settings",
    ]);
    assert_eq!(output.status.code(), Some(0), "nothing is linted");
    let text = stdout(&output);
    assert!(text.contains("fail-on: warning"), "{text}");
    assert!(
        text.contains("MFA003   error    (set in the configuration)"),
        "{text}"
    );
    assert!(!text.contains("MFA004"), "{text}");
    assert!(!text.contains("LEG001"), "{text}");
    // A framework's rules are what runs, within the selection: shown the same way.
    let output = tenantlint(&[
        "check",
        "testdata/tenants/contoso",
        "--config",
        config.to_str().unwrap(),
        "--framework",
        "microsoft-step1",
        "--show-settings",
    ]);
    let text = stdout(&output);
    assert!(text.contains("MFA001"), "{text}");
    assert!(
        !text.contains("MFA005"),
        "CISA's rule is not in the guidance: {text}"
    );
}

/// A concise line on a JSON line with non-ASCII text before the finding: where an editor lands.
/// tenantlint counts columns in characters, as Vim's `%v` does (its `%c` counts bytes).
fn non_ascii_case(name: &str) -> (PathBuf, String) {
    let dir = scratch(name);
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(FAILING_CASE);
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap().replace(
            "CA002: Require multifactor authentication for all users",
            "CA002: Exigez l’authentification à plusieurs facteurs — tous les utilisateurs",
        );
        std::fs::write(dir.join(path.file_name().unwrap()), text).unwrap();
    }
    let output = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args(["check", ".", "--select", "LEG001", "--format", "concise"])
        .current_dir(&dir)
        .output()
        .unwrap();
    (dir, String::from_utf8(output.stdout).unwrap())
}

#[test]
fn the_vs_code_matcher_reads_every_concise_line_as_a_relative_path() {
    // The README's problem matcher: the pattern, with relative paths from the workspace folder.
    let pattern =
        regex::Regex::new(r"^(.+?):(\d+):(\d+): (error|warning|info)\[([^\]]+)\] (.*)$").unwrap();
    let (dir, text) = non_ascii_case("vs-code-columns");
    assert!(!text.is_empty());
    for line in text.lines() {
        let found = pattern
            .captures(line)
            .unwrap_or_else(|| panic!("no match: {line}"));
        let file = dir.join(&found[1]);
        assert!(
            file.is_file(),
            "the task's relative path opens: {}",
            &found[1]
        );
        assert_eq!(&found[5], "LEG001");
        let column: usize = found[3].parse().unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        let line_text = text
            .lines()
            .nth(found[2].parse::<usize>().unwrap() - 1)
            .unwrap();
        assert_eq!(
            line_text.chars().nth(column - 1),
            Some('"'),
            "the column is in characters"
        );
    }
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(
            r#""regexp": "^(.+?):(\\d+):(\\d+): (error|warning|info)\\[([^\\]]+)\\] (.*)$""#
        ),
        "the README's matcher is the one tested"
    );
}

/// A headless Vim with the README's `errorformat` lands on the finding's first character, past
/// non-ASCII text, and reads its severity. Runs where Vim is installed (`.ci/run` installs it).
#[test]
fn vim_lands_on_the_finding_with_the_readmes_errorformat() {
    let Ok(vim) = Command::new("vim").arg("--version").output() else {
        eprintln!("vim is not installed: skipped (.ci/run installs it)");
        return;
    };
    assert!(vim.status.success());
    let (dir, text) = non_ascii_case("vim-columns");
    std::fs::write(dir.join("quickfix.txt"), &text).unwrap();
    let status = Command::new("vim")
        .args(["-es", "-N", "-u", "NONE", "-i", "NONE"])
        .args([
            "-c",
            r"set errorformat=%f:%l:%v:\ %t%*[a-z]%m",
            "-c",
            "cgetfile quickfix.txt",
            "-c",
            "cfirst",
            "-c",
            "call writefile([getqflist()[0].type, strpart(getline('.'), col('.') - 1, 1)], 'landed.txt')",
            "-c",
            "qa!",
        ])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let landed = std::fs::read_to_string(dir.join("landed.txt")).unwrap();
    assert_eq!(
        landed, "e\n\"\n",
        "type e(rror), on the value's opening quote"
    );
}

/// A rule with thousands of findings is summarised after a number in pretty and concise output;
/// the exit code and the totals still count every finding.
#[test]
fn max_per_rule_summarises_the_rest_of_a_rule() {
    let all = tenantlint(&["check", "testdata/tenants/contoso", "--format", "concise"]);
    let some = tenantlint(&[
        "check",
        "testdata/tenants/contoso",
        "--format",
        "concise",
        "--max-per-rule",
        "2",
    ]);
    assert_eq!(some.status.code(), all.status.code());
    let count = |text: &str, code: &str| {
        text.lines()
            .filter(|l| l.contains(&format!("[{code}]")))
            .count()
    };
    assert_eq!(count(&stdout(&all), "MFA001"), 8);
    assert_eq!(count(&stdout(&some), "MFA001"), 2);
    assert!(String::from_utf8_lossy(&some.stderr)
        .contains("tenantlint: 6 more finding(s) of MFA001 not shown"));

    let pretty = stdout(&tenantlint(&[
        "check",
        "testdata/tenants/contoso",
        "--format",
        "pretty",
        "--max-per-rule",
        "1",
    ]));
    assert!(
        pretty.contains("7 more finding(s) of MFA001 not shown"),
        "{pretty}"
    );
    assert!(
        pretty.contains("47 finding(s)"),
        "the totals count every finding"
    );
}

/// Runs `tenantlint` on a pseudo-terminal (util-linux `script`), as a person at a terminal would,
/// with `COLUMNS` set the way a shell sets it.
fn on_terminal(columns: usize, args: &[&str]) -> String {
    let command = std::iter::once(env!("CARGO_BIN_EXE_tenantlint"))
        .chain(args.iter().copied())
        .map(|word| format!("'{word}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("COLUMNS", columns.to_string())
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("util-linux `script` runs");
    String::from_utf8(output.stdout)
        .unwrap()
        .replace("\r\n", "\n")
}

/// The message lines of pretty output (`×` and its `│` continuation), frames and snippets aside.
fn message_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| line.starts_with("  × ") || line.starts_with("  │ "))
        .collect()
}

#[test]
fn pretty_output_wraps_messages_at_the_terminal_width_and_never_inside_an_id() {
    let args = ["check", FAILING_CASE, "--format", "pretty"];
    let wrapped = on_terminal(60, &args);
    let lines = message_lines(&wrapped);
    assert!(
        lines.len() > 2,
        "a long message takes several lines:\n{wrapped}"
    );
    for line in &lines {
        assert!(line.chars().count() <= 60, "wider than 60: {line:?}");
    }
    // Off a terminal the same message is one line, and every id in it is whole when wrapped.
    let piped = stdout(&tenantlint(&args));
    let id =
        regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    let message = message_lines(&piped)
        .into_iter()
        .find(|line| id.is_match(line))
        .expect("a message that names an id");
    assert!(message.chars().count() > 60, "{message}");
    let ids: Vec<&str> = id.find_iter(message).map(|m| m.as_str()).collect();
    // Looked for in the message lines only: the snippet below them shows the ids whole anyway.
    let wrapped_message = message_lines(&wrapped);
    for id in ids {
        assert!(
            wrapped_message.iter().any(|line| line.contains(id)),
            "{id} was broken across lines:\n{wrapped}"
        );
    }
}
