//! Every case in `testdata/rules/<CODE>/<case>/` is linted with only its rule selected. The
//! case's `expect.json` states the status and finding subjects it must produce, and the
//! rendered findings (location, severity, message, related locations) are snapshotted.

mod common;

use serde::Deserialize;
use tenantlint::rules::Status;
use tenantlint::{lint, Options};

#[derive(Deserialize)]
struct Expect {
    rule: String,
    status: String,
    #[serde(default)]
    subjects: Vec<String>,
}

#[test]
fn rule_fixtures() {
    insta::glob!("../testdata/rules", "*/*/expect.json", |path| {
        let case = path.parent().unwrap();
        let expect: Expect = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        // A case may carry its configuration (emergency-access accounts, exceptions).
        let config_file = case.join("tenantlint.toml");
        let config = if config_file.exists() {
            tenantlint::config::load(&config_file, &tenantlint::selection::Registry).unwrap()
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
            insta::assert_snapshot!(common::render(&case.join("export"), &report));
        });
    });
}
