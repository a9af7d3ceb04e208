//! The real-world regression corpus: unmodified public files (Microsoft Graph documentation
//! examples, permissively licensed export repositories) on which a rule once passed without
//! proof, or which guard a verdict that must not change. Each case in `testdata/regressions/`
//! is linted with every rule; its `expect.json` states the status of the rules the case is
//! about and whether the input has errors, and the whole result (every rule's status and reason,
//! findings, input errors) is snapshotted.

mod common;

use std::collections::BTreeMap;

use serde::Deserialize;
use tenantlint::{lint, Options};

#[derive(Deserialize)]
struct Expect {
    /// Rule code to status (`pass`, `fail`, `not-evaluated`).
    status: BTreeMap<String, String>,
    input_errors: bool,
}

#[test]
fn regression_corpus() {
    insta::glob!("../testdata/regressions", "*/expect.json", |path| {
        let case = path.parent().unwrap();
        let expect: Expect = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let export = case.join("export");
        let report = lint(std::slice::from_ref(&export), &Options::default()).unwrap();
        for (code, want) in &expect.status {
            let result = report
                .results
                .iter()
                .find(|r| r.meta.code == code)
                .unwrap_or_else(|| panic!("{}: no rule {code}", path.display()));
            assert_eq!(
                result.status.to_string(),
                *want,
                "{}: {code}: {:?}",
                path.display(),
                result.reason
            );
        }
        assert_eq!(
            !report.errors.is_empty(),
            expect.input_errors,
            "{}: {:?}",
            path.display(),
            report.errors
        );
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(common::render(&export, &report));
        });
    });
}
