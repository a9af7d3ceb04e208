//! `diff`: each single edit of a list is reported as weaker at the edited value, its reverse as
//! stronger with nothing weaker, and a cosmetic re-export as no change at all.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;
use tenantlint::{Options, Report};

fn read(path: &Path) -> Report {
    let options = Options {
        question: Some(tenantlint::Question::Posture(Default::default())),
        ..Options::default()
    };
    tenantlint::lint(&[path.to_path_buf()], &options).unwrap()
}

/// The changes from `old` to `new`, as `diff --format json` gives them.
fn changes(old: &Path, new: &Path) -> Vec<Value> {
    let (old, new) = (read(old), read(new));
    assert!(old.errors.is_empty() && new.errors.is_empty());
    changes_of(&old, &new)
}

fn changes_of(old: &tenantlint::Report, new: &tenantlint::Report) -> Vec<Value> {
    let diff = tenantlint::diff::compare(old, new);
    let mut places = tenantlint::output::diff::Places::new(old, new);
    let value = tenantlint::output::diff::json(&diff, &mut places, old, new);
    value["changes"].as_array().unwrap().clone()
}

fn copy(tenant: &str, name: &str) -> PathBuf {
    let to = common::scratch("diff", name);
    common::copy_json_tree(
        &common::root().join("testdata/tenants").join(tenant),
        &to,
        &[],
    );
    to
}

const POLICIES: &str = "export/Identity/Conditional/AccessPolicies";

fn policy_file(id: &str) -> String {
    format!("{POLICIES}/{id}/{id}.json")
}

/// Applies `edit` to one JSON file of a copy of `tenant`.
fn edited(tenant: &str, name: &str, file: &str, edit: impl Fn(&mut Value)) -> PathBuf {
    let dir = copy(tenant, name);
    let path = dir.join(file);
    // Some example files are UTF-16, as Windows PowerShell writes them; the edit is UTF-8.
    let (text, _) = tenantlint::source::decode::decode(std::fs::read(&path).unwrap()).unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    edit(&mut value);
    std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    dir
}

struct Scenario {
    name: &'static str,
    tenant: &'static str,
    file: String,
    /// The file as the original has it, before the edit (most scenarios take it as it is).
    before: fn(&mut Value),
    edit: fn(&mut Value),
    /// Words the weaker change's message holds, and the JSON text its span starts at.
    says: &'static str,
    at: &'static str,
}

const ALL_USERS_MFA: &str = "a11669bc-77b9-40a5-a7f3-2f5e40dd91a1";
const ADMINS_MFA: &str = "02763802-cf44-4b25-b922-d8ba561fc956";
const PASSWORD_CHANGE: &str = "dd2dd0a3-d838-4017-991e-53c65786e5de";

fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "disable-a-policy",
            tenant: "fabrikam",
            file: policy_file(ALL_USERS_MFA),
            before: |_| {},
            edit: |v| v["state"] = "disabled".into(),
            says: "is now disabled (was enabled)",
            at: "\"disabled\"",
        },
        Scenario {
            name: "exclude-a-group",
            tenant: "fabrikam",
            file: policy_file(ALL_USERS_MFA),
            before: |_| {},
            edit: |v| {
                v["conditions"]["users"]["excludeGroups"] =
                    serde_json::json!(["88c5c2d6-3303-4f1e-8fda-965bf0b17e9a"])
            },
            says: "excluded groups adds 88c5c2d6-3303-4f1e-8fda-965bf0b17e9a",
            at: "{",
        },
        Scenario {
            name: "add-a-narrowing-location",
            tenant: "fabrikam",
            file: policy_file(ALL_USERS_MFA),
            before: |_| {},
            edit: |v| {
                v["conditions"]["locations"] = serde_json::json!({
                    "includeLocations": ["All"], "excludeLocations": ["AllTrusted"]
                })
            },
            says: "excluded locations adds alltrusted",
            at: "{",
        },
        Scenario {
            name: "drop-a-role",
            tenant: "fabrikam",
            file: policy_file(ADMINS_MFA),
            before: |_| {},
            edit: |v| {
                let roles = v["conditions"]["users"]["includeRoles"]
                    .as_array_mut()
                    .unwrap();
                roles.retain(|r| r != "194ae4cb-b126-40b2-bd5b-6091b380977d");
            },
            says: "included roles drops 194ae4cb-b126-40b2-bd5b-6091b380977d",
            at: "{",
        },
        Scenario {
            // A session control dropped asks less of each sign-in.
            name: "drop-a-session-control",
            tenant: "fabrikam",
            file: policy_file(ALL_USERS_MFA),
            before: |v| {
                v["sessionControls"] = serde_json::json!({
                    "signInFrequency": {"value": 4, "type": "hours", "isEnabled": true}
                })
            },
            edit: |v| v["sessionControls"] = serde_json::Value::Null,
            says: "session controls drops signinfrequency",
            at: "{",
        },
        Scenario {
            name: "grant-and-to-or",
            tenant: "fabrikam",
            file: policy_file(PASSWORD_CHANGE),
            before: |_| {},
            edit: |v| v["grantControls"]["operator"] = "OR".into(),
            says: "grant is now mfa OR passwordChange (was mfa AND passwordChange)",
            at: "{",
        },
        Scenario {
            // Northwind has no Conditional Access policy: with security defaults on, it is
            // protected, and turning them off leaves every sign-in open.
            name: "security-defaults-off",
            tenant: "northwind",
            file: "export/Policies/IdentitySecurityDefaultsEnforcementPolicy/00000000-0000-0000-0000-000000000005/00000000-0000-0000-0000-000000000005.json".into(),
            before: |v| v["isEnabled"] = true.into(),
            edit: |v| v["isEnabled"] = false.into(),
            says: "security defaults turned off",
            at: "false",
        },
    ]
}

fn text_at(location: &Value) -> String {
    let path = location["path"].as_str().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let line = location["start"]["line"].as_u64().unwrap() as usize;
    let column = location["start"]["column"].as_u64().unwrap() as usize;
    text.lines()
        .nth(line - 1)
        .unwrap()
        .chars()
        .skip(column - 1)
        .collect()
}

#[test]
fn each_edit_is_weaker_at_the_edited_value_and_its_reverse_stronger() {
    for scenario in scenarios() {
        let (before, edit) = (scenario.before, scenario.edit);
        let original = edited(
            scenario.tenant,
            &format!("{}-original", scenario.name),
            &scenario.file,
            before,
        );
        let changed = edited(scenario.tenant, scenario.name, &scenario.file, |v| {
            before(v);
            edit(v);
        });
        let forward = changes(&original, &changed);
        let weaker = forward
            .iter()
            .find(|c| {
                c["effect"] == "weaker"
                    && c["topic"] == "policies"
                    && c["message"].as_str().unwrap().contains(scenario.says)
            })
            .unwrap_or_else(|| {
                panic!(
                    "{}: no weaker policy change saying {:?} in {forward:#?}",
                    scenario.name, scenario.says
                )
            });
        let location = &weaker["location"];
        assert!(
            location["path"].as_str().unwrap().ends_with(&scenario.file),
            "{}: the change points at the edited file: {weaker:#}",
            scenario.name
        );
        assert!(
            text_at(location).starts_with(scenario.at),
            "{}: the span starts at {:?}",
            scenario.name,
            text_at(location)
        );

        let backward = changes(&changed, &original);
        assert!(
            !backward.iter().any(|c| c["effect"] == "weaker"),
            "{}: undoing it weakens nothing: {backward:#?}",
            scenario.name
        );
        assert!(
            backward
                .iter()
                .any(|c| c["effect"] == "stronger" && c["topic"] == "policies"),
            "{}: undoing it is stronger: {backward:#?}",
            scenario.name
        );
    }
}

#[test]
fn policies_missing_from_one_export_are_one_unknown_change_not_a_list_of_removals() {
    let old = copy("contoso", "with-policies");
    let new = copy("contoso", "without-policies");
    std::fs::remove_dir_all(new.join(POLICIES)).unwrap();
    let text = |c: &Value| c["message"].as_str().unwrap_or_default().to_string();
    let lost = changes(&old, &new);
    let policies: Vec<&Value> = lost.iter().filter(|c| c["topic"] == "policies").collect();
    assert_eq!(policies.len(), 1, "{policies:#?}");
    assert_eq!(policies[0]["effect"], "weaker");
    assert!(text(policies[0]).contains("holds no Conditional Access policies"));
    assert!(
        lost.iter().all(|c| !text(c).contains("protected now")),
        "nothing is proven protected: {lost:#?}"
    );
    // The other way round no policy is "added" (the rules judge the policies found, and their
    // findings are new ones).
    let found = changes(&new, &old);
    let policies: Vec<&Value> = found.iter().filter(|c| c["topic"] == "policies").collect();
    assert_eq!(policies.len(), 1, "{policies:#?}");
    assert_eq!(policies[0]["effect"], "neutral");
    assert!(
        found.iter().all(|c| !text(c).contains("was added")),
        "{found:#?}"
    );
    // A policy the new export cannot read is not "removed": its policies are not all known.
    let broken = copy("contoso", "one-policy-unreadable");
    let folder = std::fs::read_dir(broken.join(POLICIES))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .min()
        .unwrap();
    let id = folder.file_name().unwrap().to_str().unwrap().to_string();
    std::fs::write(folder.join(format!("{id}.json")), "{\"id\": ").unwrap();
    let (before, after) = (read(&old), read(&broken));
    assert!(!after.errors.is_empty(), "the cut file is an input error");
    let lost = changes_of(&before, &after);
    let policies: Vec<&Value> = lost.iter().filter(|c| c["topic"] == "policies").collect();
    assert_eq!(policies.len(), 1, "{policies:#?}");
    assert_eq!(policies[0]["effect"], "weaker");
    assert!(text(policies[0]).contains("unreadable"), "{policies:#?}");
    assert!(
        lost.iter().all(|c| !text(c).contains("was removed")),
        "{lost:#?}"
    );
    for change in lost.iter().chain(&found) {
        assert!(
            !text(change).contains("  "),
            "one space between words: {change:#?}"
        );
    }
}

/// GitHub shows ten annotations of a type: past them, a notice says how many more there are.
#[test]
fn github_annotates_ten_weaker_changes_and_counts_the_rest() {
    use tenantlint::analysis::posture::{Change, Effect};
    use tenantlint::diff::{Diff, Item, Topic};
    let empty = tenantlint::lint_contents(Vec::new(), &Options::default()).unwrap();
    let items = (0..13)
        .map(|n| Item {
            topic: Topic::Policies,
            change: Change {
                effect: Effect::Weaker,
                message: format!("change {n}"),
                at: None,
            },
            severity: None,
        })
        .collect();
    let diff = Diff { items };
    let mut places = tenantlint::output::diff::Places::new(&empty, &empty);
    let text = tenantlint::output::diff::github(&diff, &mut places, None);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("::warning")).count(),
        10,
        "{text}"
    );
    assert!(
        text.contains("title=tenantlint diff%3A more weaker changes::3 more weaker change(s)"),
        "{text}"
    );
}

#[test]
fn a_cosmetic_re_export_changes_nothing() {
    for tenant in ["contoso", "fabrikam", "northwind", "tailspin"] {
        let original = common::root().join("testdata/tenants").join(tenant);
        let regenerated = common::scratch("diff", &format!("{tenant}-regenerated"));
        common::regenerate(&original, &regenerated);
        let found = changes(&original, &regenerated);
        assert!(found.is_empty(), "{tenant}: {found:#?}");
    }
}

#[test]
fn the_binary_exits_1_when_weaker_and_0_when_not() {
    let original = copy("fabrikam", "binary-original");
    let changed = edited(
        "fabrikam",
        "binary-disabled",
        &policy_file(ALL_USERS_MFA),
        |v| v["state"] = "disabled".into(),
    );
    let run = |old: &Path, new: &Path, format: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tenantlint"))
            .args([
                "diff",
                old.to_str().unwrap(),
                new.to_str().unwrap(),
                "--format",
                format,
            ])
            .output()
            .unwrap()
    };
    let worse = run(&original, &changed, "github");
    assert_eq!(worse.status.code(), Some(1));
    let annotations = String::from_utf8(worse.stdout).unwrap();
    assert!(
        annotations
            .lines()
            .any(|l| l.starts_with("::warning file=") && l.contains(ALL_USERS_MFA)),
        "{annotations}"
    );
    let better = run(&changed, &original, "markdown");
    assert_eq!(better.status.code(), Some(0));
    assert!(String::from_utf8(better.stdout)
        .unwrap()
        .starts_with("## tenantlint diff: 0 weaker"));
}

/// The same tenant's policies as one Graph response instead of EntraExporter's folder of files.
#[test]
fn the_same_policies_written_by_another_tool_change_nothing() {
    for tenant in ["contoso", "fabrikam"] {
        let original = common::root().join("testdata/tenants").join(tenant);
        let graph = copy(tenant, &format!("{tenant}-as-graph"));
        let folder = graph.join(POLICIES);
        let mut policies = Vec::new();
        for file in common::walk(&folder, "json") {
            let (text, _) =
                tenantlint::source::decode::decode(std::fs::read(&file).unwrap()).unwrap();
            let mut policy: Value = serde_json::from_str(&text).unwrap();
            policy.as_object_mut().unwrap().remove("@odata.context");
            policies.push(policy);
        }
        assert!(!policies.is_empty());
        std::fs::remove_dir_all(&folder).unwrap();
        let response = serde_json::json!({
            "@odata.context": "https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies",
            "value": policies
        });
        std::fs::write(
            graph.join("conditionalAccessPolicies.json"),
            serde_json::to_string(&response).unwrap(),
        )
        .unwrap();
        let found = changes(&original, &graph);
        assert!(found.is_empty(), "{tenant}: {found:#?}");
    }
}

/// Through git itself: a revision against the working tree, and what is staged against HEAD
/// (the pre-commit hook's question), with no checkout.
#[test]
fn git_revisions_and_the_index_are_read_without_a_checkout() {
    let repo = common::scratch("diff", "git-repo");
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=tenantlint",
                "-c",
                "user.email=tests@example.com",
            ])
            .args(args)
            .current_dir(&repo)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    git(&["init", "-q"]);
    let export = copy("fabrikam", "git-source");
    for file in common::walk(&export, "json") {
        let target = repo
            .join("tenant")
            .join(file.strip_prefix(&export).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
    }
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "export"]);
    let diff = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tenantlint"))
            .arg("diff")
            .args(args)
            .args(["--format", "json"])
            .current_dir(&repo)
            .output()
            .unwrap()
    };
    let unchanged = diff(&["--git", "HEAD", "tenant"]);
    assert_eq!(
        unchanged.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&unchanged.stderr)
    );

    let policy = repo.join("tenant").join(policy_file(ALL_USERS_MFA));
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, text.replacen("\"enabled\"", "\"disabled\"", 1)).unwrap();
    let working = diff(&["--git", "HEAD", "tenant"]);
    assert_eq!(working.status.code(), Some(1));
    let value: Value = serde_json::from_slice(&working.stdout).unwrap();
    assert!(value["weaker"].as_u64().unwrap() >= 1, "{value:#}");

    let not_staged = diff(&["--staged", "tenant"]);
    assert_eq!(not_staged.status.code(), Some(0), "nothing is staged yet");
    git(&["add", "."]);
    let staged = diff(&["--staged", "tenant"]);
    assert_eq!(staged.status.code(), Some(1));
    let value: Value = serde_json::from_slice(&staged.stdout).unwrap();
    let change = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["topic"] == "policies")
        .unwrap();
    assert_eq!(
        change["location"]["path"],
        format!("tenant/{}", policy_file(ALL_USERS_MFA)),
        "paths as git names them, relative to the repository"
    );
    git(&["commit", "-q", "-m", "disable"]);
    let range = diff(&["--git", "HEAD~1..HEAD", "tenant"]);
    assert_eq!(range.status.code(), Some(1));

    // A file of the revision over the size limit is that file's error alone, as on disk: the
    // others are still read and compared.
    let big = repo.join("tenant").join("big.json");
    std::fs::write(&big, format!("[{}0]", "0,".repeat(4000))).unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "big"]);
    let limited = diff(&["--git", "HEAD~1..HEAD", "tenant", "--max-file-size", "4K"]);
    assert_eq!(limited.status.code(), Some(2), "an input could not be read");
    let value: Value = serde_json::from_slice(&limited.stdout).unwrap();
    let errors = value["errors"]["new"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["path"] == "tenant/big.json"
            && e["message"].as_str().unwrap().contains("size limit")),
        "{errors:#?}"
    );
    // Files within the limit were read: the tenant is there to compare.
    assert!(
        value["changes"].as_array().is_some_and(|c| !c.is_empty()),
        "{value:#}"
    );
    assert!(
        errors.len() < common::walk(&repo.join("tenant"), "json").len(),
        "not every file was refused"
    );
    // As GitHub annotations, from a subfolder: paths from the repository's top.
    let github = |range: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_tenantlint"))
            .args(["diff", "--git", range, ".", "--max-file-size", "4K"])
            .args(["--format", "github"])
            .current_dir(repo.join("tenant"))
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let one = github("HEAD~2..HEAD~1");
    assert!(
        one.contains(&format!("file=tenant/{}", policy_file(ALL_USERS_MFA))),
        "{one}"
    );
}

/// A session control whose effect depends on its mode (a persistent browser session `always`
/// asks less, `never` more) is said when it changes, as neither weaker nor stronger.
#[test]
fn a_session_control_set_by_mode_changes_neither_way() {
    let with = |v: &mut Value| {
        v["sessionControls"] = serde_json::json!({
            "persistentBrowser": {"mode": "always", "isEnabled": true}
        })
    };
    let before = edited(
        "fabrikam",
        "persistent-before",
        &policy_file(ALL_USERS_MFA),
        with,
    );
    let after = edited(
        "fabrikam",
        "persistent-after",
        &policy_file(ALL_USERS_MFA),
        |v| v["sessionControls"] = Value::Null,
    );
    for (old, new) in [(&before, &after), (&after, &before)] {
        let policies: Vec<Value> = changes(old, new)
            .into_iter()
            .filter(|c| c["topic"] == "policies")
            .collect();
        assert!(
            policies.iter().all(|c| c["effect"] == "neutral"),
            "{policies:#?}"
        );
        assert!(
            policies.iter().any(|c| c["message"]
                .as_str()
                .is_some_and(|m| m.contains("persistentbrowser"))),
            "the change is said: {policies:#?}"
        );
    }
}
