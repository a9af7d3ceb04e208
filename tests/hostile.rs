//! Hostile input: every read is bounded, the walk does not leave the folders given, special
//! files are not read from inside a folder, and tenant strings cannot forge terminal control or
//! output lines. Each case also lints a companion policy, which must still be reported.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

const COMPANION: &str = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity",
 "id": "c0000000-0000-4000-8000-000000000001", "displayName": "Companion", "state": "enabled",
 "conditions": {"users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]}},
 "grantControls": {"operator": "OR", "builtInControls": ["mfa"]}}"#;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("companion.json"), COMPANION).unwrap();
    dir
}

fn tenantlint(args: &[&str]) -> Output {
    common::tenantlint_command(args).output().unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The rule is not evaluated, and its reason names `file`.
fn assert_not_evaluated_for(report: &serde_json::Value, code: &str, file: &str) {
    let rule = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .unwrap();
    assert_eq!(rule["status"], "not-evaluated", "{rule}");
    assert!(rule["reason"].as_str().unwrap().contains(file), "{rule}");
}

fn errors(report: &serde_json::Value) -> Vec<String> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}: {}", e["path"].as_str().unwrap(), e["message"]))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_device_named_as_input_is_read_up_to_the_limit_only() {
    let dir = scratch("device");
    let output = tenantlint(&[
        "check",
        "/dev/zero",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--select",
        "MFA003",
        "--max-file-size",
        "1M",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output);
    let errors = errors(&report);
    assert!(
        errors.iter().any(|e| e.starts_with("/dev/zero")
            && e.contains("went on past the size limit of 1M (1048576 bytes)")),
        "{errors:?}"
    );
}

#[test]
fn a_file_over_the_limit_is_an_input_error_with_its_size() {
    let dir = scratch("large");
    let big = format!("[{}{{}}]", "{}, ".repeat(1000));
    std::fs::write(dir.join("big.json"), &big).unwrap();
    let output = tenantlint(&[
        "check",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--max-file-size",
        "1K",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output);
    let errors = errors(&report);
    assert!(
        errors.iter().any(|e| e.contains(&format!(
            "it is {} bytes, over the size limit of 1K (1024 bytes)",
            big.len()
        ))),
        "{errors:?}"
    );
    // The file refused could have held anything: no rule passes without it.
    assert_not_evaluated_for(&report, "MFA003", "big.json");
    let usage = tenantlint(&["check", ".", "--max-file-size", "lots"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&usage.stderr).contains("is not a size"),
        "{}",
        String::from_utf8_lossy(&usage.stderr)
    );
}

#[test]
fn an_endless_standard_input_stops_at_the_limit() {
    let dir = scratch("stdin");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tenantlint"))
        .args([
            "check",
            dir.to_str().unwrap(),
            "--stdin-filename",
            dir.join("endless.json").to_str().unwrap(),
            "--max-file-size",
            "1M",
            "--format",
            "json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 64 * 1024];
        // Writes until tenantlint stops reading and closes the pipe.
        while stdin.write_all(&chunk).is_ok() {}
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(2));
    // Refused content is an input error like any file's, and the folder is still linted.
    let report = json(&output);
    let errors = errors(&report);
    assert!(
        errors.iter().any(|e| e.contains("endless.json: ")
            && e.contains("standard input: it went on past the size limit of 1M (1048576 bytes)")),
        "{errors:?}"
    );
    assert!(report["rules"].as_array().is_some_and(|r| !r.is_empty()));
}

#[cfg(unix)]
#[test]
fn links_out_of_the_folder_and_special_files_are_skipped_and_said() {
    let outside = scratch("outside");
    let dir = scratch("links");
    // Each link points at a file that does not parse: an error under the link's name proves the
    // file behind it was read, and no error proves it was not.
    std::fs::write(outside.join("broken.json"), "{").unwrap();
    std::os::unix::fs::symlink(outside.join("broken.json"), dir.join("elsewhere.json")).unwrap();
    std::os::unix::fs::symlink("/usr", dir.join("usr")).unwrap();
    // Hidden folders are not walked: the file is reached only through the link.
    std::fs::create_dir(dir.join(".kept")).unwrap();
    std::fs::write(dir.join(".kept/broken.json"), "{").unwrap();
    std::os::unix::fs::symlink(dir.join(".kept/broken.json"), dir.join("again.json")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(dir.join("pipe.json"))
        .status()
        .unwrap()
        .success());
    let output = tenantlint(&["check", dir.to_str().unwrap(), "--format", "json"]);
    let report = json(&output);
    let read: Vec<String> = errors(&report);
    // A link inside the export is read.
    assert!(
        read.len() == 1 && read[0].contains("/links/again.json: "),
        "{read:?}"
    );
    let notices: Vec<&str> = report["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    let said = |name: &str, why: &str| {
        notices
            .iter()
            .any(|n| n.contains(&format!("/links/{name}:")) && n.contains(why))
    };
    assert!(
        said("elsewhere.json", "outside the paths given"),
        "{notices:?}"
    );
    assert!(said("usr", "a symbolic link to /usr"), "{notices:?}");
    assert!(said("pipe.json", "a FIFO, not a file"), "{notices:?}");
    assert!(!notices.iter().any(|n| n.contains("again.json")));
    // The file it reaches does not parse, so the rule the companion policy would pass is
    // left not evaluated, naming it.
    assert_not_evaluated_for(&report, "MFA003", "again.json");

    // Followed, the link out of the folder is read too (`/usr` is left out of this walk).
    std::fs::remove_file(dir.join("usr")).unwrap();
    std::fs::remove_file(dir.join("pipe.json")).unwrap();

    let followed = tenantlint(&[
        "check",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--follow-links",
    ]);
    let followed = json(&followed);
    assert!(!followed["notices"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("elsewhere.json")));
    let read = errors(&followed);
    assert!(
        read.iter().any(|e| e.contains("/links/elsewhere.json: ")),
        "{read:?}"
    );
}

/// A policy named to drive a terminal and a GitHub Actions log, in a file whose name holds a
/// line feed.
#[test]
fn tenant_strings_cannot_forge_output() {
    let dir = scratch("forged");
    let name =
        "Block\u{1b}]0;owned\u{7}\n::error file=forged.json,line=1::forged\r\u{202e}\u{9b}2J";
    let policy = serde_json::json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity",
        "id": "c0000000-0000-4000-8000-000000000002",
        "displayName": name,
        "state": "enabledForReportingButNotEnforced",
        "conditions": {"users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]},
                       "clientAppTypes": ["exchangeActiveSync", "other"]},
        "grantControls": {"operator": "OR", "builtInControls": ["block"]}
    });
    std::fs::write(
        dir.join("legacy\u{1b}[2J\nforged.json:1:1: error[X] forged.json"),
        serde_json::to_vec(&policy).unwrap(),
    )
    .unwrap();
    // Written on short lines, the same policy is drawn under its findings in pretty output:
    // the raw C1 and bidirectional characters in the file must not reach the terminal either.
    let mut drawn = policy.clone();
    drawn["id"] = "c0000000-0000-4000-8000-000000000003".into();
    // Keys are written sorted: this one lands on the line after `state`, which is drawn.
    drawn["templateId"] = "\u{202e}\u{9b}2J\u{7f}".into();
    std::fs::write(
        dir.join("drawn.json"),
        serde_json::to_vec_pretty(&drawn).unwrap(),
    )
    .unwrap();
    for format in ["concise", "pretty", "github", "junit"] {
        let output = tenantlint(&[
            "check",
            dir.to_str().unwrap(),
            "--format",
            format,
            "--color",
            "never",
        ]);
        let text = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(text.contains("forged"), "{format}: the name is shown");
        if format != "junit" {
            assert!(
                text.contains("\\x1b]0;owned\\x07"),
                "{format}: the name is shown escaped:\n{text}"
            );
        }
        for (stream, shown) in [("stdout", &text), ("stderr", &stderr)] {
            assert!(
                !shown.contains(['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}']),
                "{format}: a control character reached {stream}:\n{shown}"
            );
        }
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("::error file=forged") || l.starts_with("forged.json:1:1")),
            "{format}: a forged line:\n{text}"
        );
        assert!(!text.contains('\r'), "{format}");
    }
    // JSON keeps the exact value.
    let report = json(&tenantlint(&[
        "check",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["message"].as_str().unwrap().contains(name)));
}
