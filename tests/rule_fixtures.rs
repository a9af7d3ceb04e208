//! Every case in `testdata/rules/<CODE>/<case>/` is linted with only its rule selected. The
//! case's `expect.json` states the status and finding subjects it must produce, and the
//! rendered findings (location, severity, message, related locations) are snapshotted.

use std::fmt::Write;
use std::path::Path;

use serde::Deserialize;
use tenantlint::output::locate::Locator;
use tenantlint::rules::Status;
use tenantlint::{lint, Options};

#[derive(Deserialize)]
struct Expect {
    rule: String,
    status: String,
    #[serde(default)]
    subjects: Vec<String>,
}

fn render(case: &Path, report: &tenantlint::Report) -> String {
    let export = case.join("export");
    let relative = |path: &str| {
        Path::new(path)
            .strip_prefix(&export)
            .map_or(path.to_string(), |p| p.display().to_string())
    };
    let mut out = String::new();
    let mut locator = Locator::new(&report.sources);
    for result in &report.results {
        writeln!(
            out,
            "{} {}: {}",
            result.meta.code,
            result.status,
            result.reason.as_deref().unwrap_or("-")
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
            d.finding.message
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
                r.message
            )
            .unwrap();
        }
    }
    for e in &report.errors {
        writeln!(out, "input error {}: {}", relative(&e.path), e.message).unwrap();
    }
    out
}

#[test]
fn rule_fixtures() {
    insta::glob!("../testdata/rules", "*/*/expect.json", |path| {
        let case = path.parent().unwrap();
        let expect: Expect = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        // A case may carry its configuration (emergency-access accounts, exceptions).
        let config_file = case.join("tenantlint.toml");
        let config = if config_file.exists() {
            tenantlint::config::load(&config_file).unwrap()
        } else {
            Default::default()
        };
        let options = Options {
            select: vec![expect.rule.clone()],
            config,
            ..Options::default()
        };
        let report = lint(&[case.join("export")], &options).unwrap();
        let result = &report.results[0];
        assert_eq!(result.meta.code, expect.rule);
        let want = match expect.status.as_str() {
            "pass" => Status::Pass,
            "fail" => Status::Fail,
            "not-evaluated" => Status::NotEvaluated,
            other => panic!("{}: unknown status {other}", path.display()),
        };
        assert_eq!(
            result.status,
            want,
            "{}: {:?}",
            path.display(),
            result.reason
        );
        let mut subjects: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| d.finding.subject.clone())
            .collect();
        subjects.sort();
        let mut expected = expect.subjects.clone();
        expected.sort();
        assert_eq!(subjects, expected, "{}", path.display());
        assert!(
            report.errors.is_empty(),
            "{}: {:?}",
            path.display(),
            report.errors
        );
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(render(case, &report));
        });
    });
}
