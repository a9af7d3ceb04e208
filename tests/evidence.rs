//! Audit evidence end to end: the JSON against its published schema, reproducible with
//! SOURCE_DATE_EPOCH, verified against the inputs, and the HTML read through a real browser's
//! DOM with a hostile display name that must stay text.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const CONTOSO: &str = "testdata/tenants/contoso";
const EPOCH: &str = "1795478400"; // 2026-11-24T00:00:00Z

fn tenantlint(args: &[&str]) -> std::process::Output {
    common::tenantlint_command(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    common::scratch("evidence", name)
}

fn evidence_for(input: &str, out: &Path) -> serde_json::Value {
    let output = tenantlint(&["evidence", input, "--out", out.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(out.join("evidence.json")).unwrap()).unwrap()
}

#[test]
fn evidence_json_validates_against_its_schema_and_is_reproducible() {
    let out = scratch("contoso");
    let evidence = evidence_for(CONTOSO, &out);
    let schema: serde_json::Value =
        serde_json::from_slice(&tenantlint(&["schema", "evidence"]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&evidence)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut broken = evidence.clone();
    broken["rules"][0]["status"] = "maybe".into();
    assert!(
        !validator.is_valid(&broken),
        "the schema constrains statuses"
    );

    assert_eq!(evidence["run"]["generated_at"], "2026-11-24T00:00:00Z");
    assert_eq!(evidence["summary"]["licence"], "Entra ID P1");
    let leg = common::rule(&evidence, "LEG001");
    assert_eq!(leg["status"], "fail");
    let excerpt = leg["findings"][0]["excerpt"].as_array().unwrap();
    assert!(excerpt.iter().any(|l| l["focus"] == true
        && l["text"]
            .as_str()
            .unwrap()
            .contains("enabledForReportingButNotEnforced")));
    let cis = evidence["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "cis-m365")
        .unwrap();
    let legacy = cis["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "5.2.2.3")
        .unwrap();
    assert_eq!(legacy["status"], "fail");
    // The page an auditor keeps says what each control asks and why it has its status.
    let html = std::fs::read_to_string(out.join("evidence.html")).unwrap();
    let reason = legacy["reason"].as_str().unwrap();
    assert!(reason.starts_with("LEG001: "), "{reason}");
    for text in [legacy["statement"].as_str().unwrap(), reason] {
        // As the page's template engine escapes HTML text.
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#x27;")
            .replace('/', "&#x2f;");
        assert!(html.contains(&escaped), "{escaped}");
    }

    let again = scratch("contoso-again");
    let second = evidence_for(CONTOSO, &again);
    let strip = |mut v: serde_json::Value| {
        v["run"]["command_line"] = serde_json::Value::Null;
        v
    };
    assert_eq!(
        strip(second),
        strip(evidence),
        "the same inputs and SOURCE_DATE_EPOCH give the same evidence"
    );
}

#[test]
fn verify_rehashes_the_inputs() {
    let copy = scratch("verify-inputs");
    let tenant = copy.join("tailspin");
    copy_tree(Path::new("testdata/tenants/tailspin"), &tenant);
    let out = scratch("verify-out");
    evidence_for(tenant.to_str().unwrap(), &out);
    let holds = tenantlint(&[
        "evidence",
        "verify",
        out.to_str().unwrap(),
        tenant.to_str().unwrap(),
    ]);
    assert_eq!(
        holds.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&holds.stdout)
    );

    let page = tenant.join("reports/userRegistrationDetails-page1.json");
    let mut text = std::fs::read_to_string(&page).unwrap();
    text.push('\n');
    std::fs::write(&page, text).unwrap();
    let changed = tenantlint(&[
        "evidence",
        "verify",
        out.to_str().unwrap(),
        tenant.to_str().unwrap(),
    ]);
    assert_eq!(changed.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&changed.stdout)
            .contains("changed: reports/userRegistrationDetails-page1.json"),
        "named below the linted folder: {}",
        String::from_utf8_lossy(&changed.stdout)
    );
}

/// An auditor re-verifies from anywhere, spelling the path as they like; and evidence edited
/// after the fact (a fail turned into a pass, or the page alone) does not verify.
#[test]
fn verify_works_from_any_folder_and_catches_edited_evidence() {
    let out = scratch("verify-edited");
    evidence_for(CONTOSO, &out);
    let absolute = Path::new(env!("CARGO_MANIFEST_DIR")).join(CONTOSO);
    let elsewhere = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args(["evidence", "verify", out.to_str().unwrap()])
        .arg(format!("{}/", absolute.display()))
        .current_dir(std::env::temp_dir())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    assert_eq!(
        elsewhere.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&elsewhere.stdout)
    );

    let json = out.join("evidence.json");
    let pristine = std::fs::read_to_string(&json).unwrap();
    let mut edited: serde_json::Value = serde_json::from_str(&pristine).unwrap();
    for rule in edited["rules"].as_array_mut().unwrap() {
        if rule["code"] == "LEG001" {
            rule["status"] = "pass".into();
            rule["findings"] = serde_json::json!([]);
        }
    }
    std::fs::write(&json, serde_json::to_string_pretty(&edited).unwrap()).unwrap();
    let caught = tenantlint(&["evidence", "verify", out.to_str().unwrap(), CONTOSO]);
    assert_eq!(caught.status.code(), Some(1));
    let said = String::from_utf8_lossy(&caught.stdout).into_owned();
    assert!(
        said.contains("recorded but not found on the inputs: rule \"LEG001\" \"pass\""),
        "{said}"
    );

    std::fs::write(&json, pristine).unwrap();
    let page = out.join("evidence.html");
    let html = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, html.replacen("fail", "pass", 1)).unwrap();
    let page_edited = tenantlint(&["evidence", "verify", out.to_str().unwrap(), CONTOSO]);
    assert_eq!(page_edited.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&page_edited.stdout).contains("evidence.html is not what"));
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::create_dir_all(to).unwrap();
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The DOM of a page after headless Chromium has loaded it and run whatever it would run.
fn rendered_dom(page: &Path) -> Option<String> {
    let chromium = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok());
    let Some(chromium) = chromium else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide chromium (.ci/run installs it)"
        );
        eprintln!("chromium is not installed: the browser check is skipped here");
        return None;
    };
    let profile = scratch(&format!(
        "chromium-profile-{}",
        page.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
    ));
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    Some(String::from_utf8(output.stdout).unwrap())
}

#[test]
fn the_report_reads_in_a_browser_and_a_hostile_name_stays_text() {
    let copy = scratch("hostile-tenant");
    let tenant = copy.join("tailspin");
    copy_tree(Path::new("testdata/tenants/tailspin"), &tenant);
    let hostile = r#"<script>document.body.setAttribute('data-pwned','script')</script><img src=x onerror="document.body.setAttribute('data-pwned','img')">"#;
    let policies = tenant.join("export/Identity/Conditional/AccessPolicies");
    let first = std::fs::read_dir(&policies)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let file = std::fs::read_dir(&first)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut policy: serde_json::Value = serde_json::from_str(
        &tenantlint::source::decode::decode(std::fs::read(&file).unwrap())
            .unwrap()
            .0,
    )
    .unwrap();
    policy["displayName"] = hostile.into();
    std::fs::write(&file, policy.to_string()).unwrap();

    let out = scratch("hostile-out");
    evidence_for(tenant.to_str().unwrap(), &out);
    let html = std::fs::read_to_string(out.join("evidence.html")).unwrap();
    assert!(
        !html.contains("<script>document.body"),
        "the name is escaped in the file"
    );
    assert!(
        !html.contains("<link") && !html.contains("src=\"http"),
        "the page loads nothing from outside"
    );

    let Some(dom) = rendered_dom(&out.join("evidence.html")) else {
        return;
    };
    assert!(
        !dom.contains("data-pwned=\""),
        "a script from the tenant ran"
    );
    assert!(
        dom.contains("&lt;script&gt;document.body.setAttribute"),
        "the name shows as text"
    );
    for heading in [
        "Summary",
        "This run",
        "Controls by framework",
        "Rules and findings",
        "Accepted exceptions",
        "Inputs",
    ] {
        assert!(
            dom.contains(&format!(">{heading}</h2>")),
            "section {heading} is missing"
        );
    }
    assert!(
        dom.contains("id=\"rule-SD001\""),
        "each rule has its section"
    );
    assert!(dom.contains("Entra ID P2"), "the licence is in the summary");
}

/// As the template escapes text.
fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

#[test]
fn the_html_shows_every_finding_and_accepted_finding_of_the_json() {
    let first = evidence_for(CONTOSO, &scratch("every-finding-first"));
    let accepted = common::rule(&first, "MFA001")["findings"][0]["subject"]
        .as_str()
        .unwrap()
        .to_string();
    let config = scratch("every-finding-config").join("tenantlint.toml");
    std::fs::write(
        &config,
        format!(
            "[[exception]]\nrule = \"MFA001\"\nsubject = \"{accepted}\"\n\
             reason = \"Passkey booked (CHG-1)\"\nexpires = 2099-12-31\n"
        ),
    )
    .unwrap();
    let out = scratch("every-finding");
    let run = tenantlint(&[
        "evidence",
        CONTOSO,
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0));
    let evidence: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("evidence.json")).unwrap()).unwrap();
    let html = std::fs::read_to_string(out.join("evidence.html")).unwrap();

    let mut shown = (0, 0);
    for rule in evidence["rules"].as_array().unwrap() {
        let code = rule["code"].as_str().unwrap();
        for (list, heading, count) in [
            ("findings", "Findings", &mut shown.0),
            ("suppressed", "Suppressed findings", &mut shown.1),
        ] {
            let findings = rule[list].as_array().unwrap();
            if findings.is_empty() {
                continue;
            }
            // From this rule's heading to the next rule's.
            let start = html.find(&format!("id=\"rule-{code}\"")).unwrap();
            let end = html[start + 1..]
                .find("id=\"rule-")
                .map_or(html.len(), |next| start + 1 + next);
            let section = &html[start..end];
            assert!(
                section.contains(&format!("{heading} ({})", findings.len())),
                "{code}: {heading} are counted"
            );
            for finding in findings {
                let message = html_escaped(finding["message"].as_str().unwrap());
                assert!(section.contains(&message), "{code}: {message} is shown");
                if let Some(reason) = finding["reason"].as_str() {
                    assert!(section.contains(&html_escaped(reason)), "{code}: {reason}");
                }
                *count += 1;
            }
        }
    }
    assert!(shown.0 > 10, "the tenant's findings are shown: {shown:?}");
    assert_eq!(shown.1, 1, "the accepted finding is shown apart");
}

#[test]
fn piped_content_is_hashed_as_it_was_linted() {
    let page = "testdata/tenants/contoso/reports/userRegistrationDetails-page1.json";
    let out = scratch("piped");
    common::run_piped(
        &["evidence", "/dev/stdin", "--out", out.to_str().unwrap()],
        &std::fs::read(page).unwrap(),
    );
    let evidence: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("evidence.json")).unwrap()).unwrap();
    let recorded = &evidence["inputs"][0];
    // The page alone misses its next page: an input error, exit 2, and evidence all the same.
    let disk_out = scratch("on-disk");
    tenantlint(&["evidence", page, "--out", disk_out.to_str().unwrap()]);
    let on_disk: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(disk_out.join("evidence.json")).unwrap())
            .unwrap();
    assert_eq!(recorded["sha256"], on_disk["inputs"][0]["sha256"]);
    assert_eq!(recorded["size"], on_disk["inputs"][0]["size"]);
}

/// The evidence names the tenant as the export does, and the date the data says it is from.
#[test]
fn evidence_names_the_tenant_and_the_date_of_its_data() {
    let out = scratch("tenant-named");
    let evidence = evidence_for(CONTOSO, &out);
    assert_eq!(
        evidence["summary"]["tenant"],
        serde_json::json!({"id": "95f87c0a-5ae3-4188-a324-cc8774a18463", "name": "Contoso", "primary_domain": "contoso.com"})
    );
    assert!(
        evidence["summary"]["data_as_of"].is_null(),
        "contoso's files state no export date"
    );
    let page = std::fs::read_to_string(out.join("evidence.html")).unwrap();
    assert!(page.contains(
        "<dt>Tenant</dt><dd>Contoso (contoso.com), 95f87c0a-5ae3-4188-a324-cc8774a18463</dd>"
    ));

    let scuba = scratch("tenant-named-scuba");
    let evidence = evidence_for("testdata/tenants/scubagear-sample", &scuba);
    assert_eq!(
        evidence["summary"]["tenant"]["primary_domain"],
        "tqhjy.onmicrosoft.com"
    );
    assert!(
        evidence["summary"]["data_as_of"]
            .as_str()
            .is_some_and(|d| d.contains("2026")),
        "ScubaGear stamps its export: {}",
        evidence["summary"]["data_as_of"]
    );
}
