//! JUnit XML for CI systems: a test case per rule; a failing rule's failure lists every finding,
//! a rule that was not evaluated is skipped with the reason, and unreadable inputs are an error.

use std::fmt::Write as _;
use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::locate::Locator;
use crate::rules::Status;
use crate::Report;

/// A test case per control: failed, skipped when not evaluated or checked by hand, with the
/// reason and the rules behind it.
fn add_controls(report: &Report, suite: &mut TestSuite) {
    use crate::frameworks::ControlStatus;
    for control in report.framework_controls() {
        let reason = super::escape::printable(&control.reason);
        let status = match control.status {
            ControlStatus::Pass => TestCaseStatus::success(),
            ControlStatus::NotEvaluated | ControlStatus::Manual => {
                let mut status = TestCaseStatus::skipped();
                status.set_message(format!("{}: {reason}", control.status));
                status
            }
            ControlStatus::Fail => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status
                    .set_message(format!("rules {}", control.rules.join(", ")))
                    .set_description(reason.to_string());
                status
            }
        };
        let mut case = TestCase::new(format!("{} {}", control.id, control.statement), status);
        case.set_classname(format!("tenantlint.{}", control.framework));
        suite.add_test_case(case);
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut locator = Locator::new(&report.sources);
    let mut suite = TestSuite::new("tenantlint");
    // With a framework, its users read controls: one test case each.
    if report.framework.is_some() {
        add_controls(report, &mut suite);
    }
    for result in report.results.iter().filter(|_| report.framework.is_none()) {
        let meta = result.meta;
        let status = match result.status {
            Status::Pass => TestCaseStatus::success(),
            Status::NotEvaluated => {
                let mut status = TestCaseStatus::skipped();
                status.set_message(super::escape::printable(
                    result.reason.as_deref().unwrap_or("not evaluated"),
                ));
                status
            }
            Status::Fail => {
                // One line per finding, written into one text: a rule may have 200k findings.
                let mut findings = String::new();
                let mut count = 0;
                for d in report.diagnostics.iter().filter(|d| d.code == meta.code) {
                    let at = locator.locate(&d.finding.primary);
                    if count > 0 {
                        findings.push('\n');
                    }
                    count += 1;
                    let _ = write!(
                        findings,
                        "{}:{}:{}: {}[{}] {}",
                        super::escape::printable(&at.path),
                        at.start.line,
                        at.start.column,
                        d.severity,
                        d.code,
                        super::escape::printable(&d.finding.message.to_string())
                    );
                }
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status
                    .set_message(format!("{count} finding(s)"))
                    .set_type(meta.severity.to_string())
                    .set_description(findings);
                status
            }
        };
        let mut case = TestCase::new(format!("{} {}", meta.code, meta.name), status);
        case.set_classname(format!("tenantlint.{}", meta.code));
        suite.add_test_case(case);
    }
    if !report.errors.is_empty() {
        let lines: Vec<String> = report
            .errors
            .iter()
            .map(|e| {
                let (path, message) = (
                    super::escape::printable(&e.path),
                    super::escape::printable(&e.message),
                );
                match e.position {
                    Some(p) => format!("{path}:{}:{}: {message}", p.line, p.column),
                    None => format!("{path}: {message}"),
                }
            })
            .collect();
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status
            .set_message(format!("{} input error(s)", lines.len()))
            .set_description(lines.join("\n"));
        let mut case = TestCase::new("inputs", status);
        case.set_classname("tenantlint.inputs");
        suite.add_test_case(case);
    }
    let mut junit = JunitReport::new("tenantlint");
    junit.add_test_suite(suite);
    junit.serialize(&mut *out).map_err(io::Error::other)?;
    writeln!(out)
}
