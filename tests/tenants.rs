//! The example tenants in `testdata/tenants/` (see its README for what each one plants):
//! statuses and subjects are asserted, and the concise report is snapshotted.

use std::collections::BTreeMap;
use std::path::Path;

use tenantlint::output::concise;
use tenantlint::rules::Status;
use tenantlint::{lint, Options, Report};

fn lint_tenant(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/tenants")
        .join(name);
    lint(&[path], &Options::default()).unwrap()
}

fn statuses(report: &Report) -> BTreeMap<&'static str, Status> {
    report
        .results
        .iter()
        .map(|r| (r.meta.code, r.status))
        .collect()
}

fn subjects(report: &Report, code: &str) -> Vec<String> {
    let mut subjects: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.finding.subject.clone())
        .collect();
    subjects.sort();
    subjects
}

fn snapshot(name: &str, report: &Report) {
    let mut out = Vec::new();
    concise::render(report, &mut out).unwrap();
    let root = format!("{}/", env!("CARGO_MANIFEST_DIR"));
    let text = String::from_utf8(out).unwrap().replace(&root, "");
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(format!("tenant_{name}"), text);
    });
}

const CONTOSO: &str = "95f87c0a-5ae3-4188-a324-cc8774a18463";

#[test]
fn contoso_fails_legacy_auth_admin_mfa_and_sspr() {
    let report = lint_tenant("contoso");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let status = statuses(&report);
    assert_eq!(status["SD001"], Status::Pass);
    assert_eq!(status["LEG001"], Status::Fail);
    assert_eq!(status["MFA001"], Status::Fail);
    assert_eq!(status["SSPR001"], Status::Fail);
    assert_eq!(subjects(&report, "LEG001"), [CONTOSO]);
    assert_eq!(
        subjects(&report, "MFA001"),
        [
            "0b86559b-18ad-4cba-bda0-474647cbead9", // Global Administrator, not registered
            "2220f629-325a-470f-9cad-e9811f26998f", // Security Administrator through a group, not registered
            "344eecc3-d800-4700-9826-d979fab7920f", // User Administrator by directory role membership, not registered
            "7c6573c6-8da1-4921-957f-7efa502ec23d", // Helpdesk Administrator: not registered ...
            "7c6573c6-8da1-4921-957f-7efa502ec23d", // ... and not required
            "c966fdd7-d4de-484a-b40a-b31c78683f4a", // Helpdesk Administrator through PIM, excluded via group
            "dce66451-3ebc-4496-9e89-2fc5d6697bd8", // break-glass Global Administrator excluded everywhere
            "ee4199e7-f2f5-40be-aec6-62621840d1fe", // Exchange Administrator excluded by id
        ]
    );
    let sspr = report
        .diagnostics
        .iter()
        .find(|d| d.code == "SSPR001")
        .unwrap();
    assert_eq!(
        sspr.severity,
        tenantlint::rules::Severity::Warning,
        "a selected group is a warning"
    );
    snapshot("contoso", &report);
}

#[test]
fn fabrikam_is_clean() {
    let report = lint_tenant("fabrikam");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert!(
        statuses(&report).values().all(|s| *s == Status::Pass),
        "{:?}",
        statuses(&report)
    );
}

#[test]
fn tailspin_runs_security_defaults_and_conditional_access_at_once() {
    let report = lint_tenant("tailspin");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let status = statuses(&report);
    assert_eq!(status["SD001"], Status::Fail);
    assert_eq!(
        status["LEG001"],
        Status::Pass,
        "security defaults block legacy authentication"
    );
    assert_eq!(
        subjects(&report, "MFA001"),
        ["49cc87ae-8988-4caa-b1fb-fb1f2b6efa76"]
    );
    assert_eq!(status["SSPR001"], Status::Fail);
    let sd = report
        .diagnostics
        .iter()
        .find(|d| d.code == "SD001")
        .unwrap();
    assert_eq!(
        sd.finding.related.len(),
        2,
        "both enabled policies are related locations"
    );
    snapshot("tailspin", &report);
}
