//! Helpers shared by the integration tests.
//!
//! Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary with `args`, run from the project's folder. Under GitHub Actions, `--format
/// github` would write to the real job's summary: the variable naming it is removed (a test
/// that wants a summary sets its own).
pub fn tenantlint_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tenantlint"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("GITHUB_STEP_SUMMARY");
    command
}

/// A copy of an export as a re-run of the export tool would write it: every JSON file
/// re-serialised with other indentation (so lines move), collections in reverse order, and the
/// registration pages swapped.
pub fn regenerate(from: &Path, to: &Path) {
    for entry in walk(from, "json") {
        let relative = entry.strip_prefix(from).unwrap();
        let mut target = to.join(relative);
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains("page1") {
            target.set_file_name(name.replace("page1", "page2"));
        } else if name.contains("page2") {
            target.set_file_name(name.replace("page2", "page1"));
        }
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let (text, _) = tenantlint::source::decode::decode(std::fs::read(&entry).unwrap()).unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
        if let Some(items) = value.get_mut("value").and_then(|v| v.as_array_mut()) {
            items.reverse();
        }
        let reformatted = format!(
            "\n\n{}",
            serde_json::to_string_pretty(&value)
                .unwrap()
                .replace("  ", "\t")
        );
        std::fs::write(&target, reformatted).unwrap();
    }
}

/// Every file under `dir` whose name ends in `.{extension}`, at any depth.
pub fn walk(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path, extension));
        } else if path.extension().is_some_and(|e| e == extension) {
            files.push(path);
        }
    }
    files
}

/// An empty folder of its own under the build's scratch space, for a case built at run time.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The code of every rule a `--format json` report lists, in report order.
pub fn rule_codes(report: &serde_json::Value) -> Vec<&str> {
    report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect()
}

/// One rule's entry (status, reason) in a `--format json` report.
pub fn rule<'r>(report: &'r serde_json::Value, code: &str) -> &'r serde_json::Value {
    report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .unwrap_or_else(|| panic!("{code} is not in the report"))
}

/// The rule code of every finding in a `--format json` report, in report order.
pub fn finding_codes(report: &serde_json::Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

/// Runs the binary in the project folder with `input` piped to its standard input, as
/// `… | tenantlint ARGS` would.
pub fn run_piped(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = tenantlint_command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Every rule's status and reason, every finding with its place and related places, and every
/// input error, with paths relative to `export`, in places and in texts alike: what the
/// snapshot tests compare, the same in any checkout.
pub fn render(export: &Path, report: &tenantlint::Report) -> String {
    use std::fmt::Write;
    let relative = |path: &str| {
        Path::new(path)
            .strip_prefix(export)
            .map_or(path.to_string(), |p| p.display().to_string())
    };
    let root = export.display().to_string();
    let text = |text: &str| {
        text.replace(&format!("{root}/"), "")
            .replace(&root, "export")
    };
    let mut out = String::new();
    let mut locator = tenantlint::output::locate::Locator::new(&report.sources);
    for result in &report.results {
        writeln!(
            out,
            "{} {}: {}",
            result.meta.code,
            result.status,
            text(result.reason.as_deref().unwrap_or("-"))
        )
        .unwrap();
    }
    for d in &report.diagnostics {
        let at = locator.locate(&d.finding.primary);
        writeln!(
            out,
            "\n{}:{}:{} {} {}[{}] subject={}\n  {}",
            relative(&at.path),
            at.start.line,
            at.start.column,
            at.pointer,
            d.severity,
            d.code,
            d.finding.subject,
            text(&d.finding.message.to_string())
        )
        .unwrap();
        for r in &d.finding.related {
            let at = locator.locate(&r.origin);
            writeln!(
                out,
                "  related {}:{}:{} {}: {}",
                relative(&at.path),
                at.start.line,
                at.start.column,
                at.pointer,
                text(&r.message)
            )
            .unwrap();
        }
    }
    for e in &report.errors {
        writeln!(
            out,
            "input error {}: {}",
            text(&relative(&e.path)),
            text(&e.message)
        )
        .unwrap();
    }
    out
}

/// The project's folder, where `testdata/` is.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every JSON file under `dir`, at any depth, with its content: an export as given in memory.
pub fn read_json_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walk(dir, "json")
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

/// Copies the JSON files of `from` into `to`, leaving out any below a folder named in `skip`.
pub fn copy_json_tree(from: &Path, to: &Path, skip: &[&str]) {
    for file in walk(from, "json") {
        let relative = file.strip_prefix(from).unwrap();
        if relative
            .components()
            .any(|c| skip.iter().any(|s| c.as_os_str() == *s))
        {
            continue;
        }
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
    }
}

/// `check --format github` on `export`, with the job summary at `summary`: what it printed.
pub fn github_check(export: &Path, summary: &Path) -> String {
    let output = tenantlint_command(&["check", "--format", "github"])
        .arg(export)
        .env("GITHUB_STEP_SUMMARY", summary)
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

/// The lines of GitHub workflow commands of one type (`error`, `warning`, `notice`).
pub fn github_lines<'a>(text: &'a str, kind: &str) -> Vec<&'a str> {
    text.lines()
        .filter(|l| l.starts_with(&format!("::{kind} ")))
        .collect()
}
