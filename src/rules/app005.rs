//! APP005 app-password-lifetime-too-long: where client secrets are allowed, their lifetime must be at most 180 days (CISA MS.AAD.5.6).
//!
//! Needs: application management policies (the tenant default). One finding per reason the
//! restriction does not hold for every application and service principal.

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::apps::{password_addition_blocked, default_policy, restriction_issues, Credential};
use crate::model::InputKind;

pub struct App005;

static META: RuleMeta = RuleMeta {
    code: "APP005",
    name: "app-password-lifetime-too-long",
    severity: Severity::Warning,
    summary: "Client secrets may live longer than 180 days.",
    needs: &[InputKind::AppManagement],
    page: include_str!("../../rules/APP005.md"),
};

impl Rule for App005 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let policy = match default_policy(cx.tenant) {
            Ok(policy) => policy,
            Err(why) => return Outcome::not_evaluated(why),
        };
        if password_addition_blocked(policy) {
            return Outcome::pass(
                "not applicable: the tenant default policy blocks adding passwords to every application",
            );
        }
        let issues = restriction_issues(policy, Credential::Password, "passwordLifetime", "password lifetime limit", Some(181.0));
        if issues.is_empty() {
            return Outcome::pass("client secrets are limited to 180 days for every application and service principal");
        }
        let findings = issues
            .into_iter()
            .map(|issue| {
                Finding::new(
                    cx.tenant.subject(),
                    issue.origin,
                    Message::advised(issue.message, "in the tenant default application management policy, restrict the maximum password lifetime to 180 days (the portal value 181: Entra compares with less-than) for applications and service principals"),
                )
            })
            .collect();
        Outcome::fail(findings, None)
    }
}
