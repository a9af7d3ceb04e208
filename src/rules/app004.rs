//! APP004 app-password-addition-allowed: client secrets (passwords) must not be addable to applications and service principals (CISA MS.AAD.5.5).
//!
//! Needs: application management policies (the tenant default). One finding per reason the
//! restriction does not hold for every application and service principal.

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::apps::{default_policy, restriction_issues, Credential};
use crate::model::InputKind;

pub struct App004;

static META: RuleMeta = RuleMeta {
    code: "APP004",
    name: "app-password-addition-allowed",
    severity: Severity::Warning,
    summary: "The tenant default application management policy does not block adding client secrets.",
    needs: &[InputKind::AppManagement],
    page: include_str!("../../rules/APP004.md"),
};

impl Rule for App004 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let policy = match default_policy(cx.tenant) {
            Ok(policy) => policy,
            Err(why) => return Outcome::not_evaluated(why),
        };
        let issues = restriction_issues(policy, Credential::Password, "passwordAddition", "block on adding passwords", None);
        if issues.is_empty() {
            return Outcome::pass("the tenant default policy blocks adding passwords to every application and service principal");
        }
        let findings = issues
            .into_iter()
            .map(|issue| {
                Finding::new(
                    cx.tenant.subject(),
                    issue.origin,
                    Message::advised(issue.message, "in the tenant default application management policy, enable \"Block password addition\" for applications and service principals, for apps created at any time"),
                )
            })
            .collect();
        Outcome::fail(findings, None)
    }
}
