//! APP006 app-certificate-lifetime-too-long: application certificates must live at most 365 days (CISA MS.AAD.5.7).
//!
//! Needs: application management policies (the tenant default). One finding per reason the
//! restriction does not hold for every application and service principal.

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::apps::{default_policy, restriction_issues, Credential};
use crate::model::InputKind;

pub struct App006;

static META: RuleMeta = RuleMeta {
    code: "APP006",
    name: "app-certificate-lifetime-too-long",
    severity: Severity::Warning,
    summary: "Application certificates may live longer than 365 days.",
    needs: &[InputKind::AppManagement],
    page: include_str!("../../rules/APP006.md"),
};

impl Rule for App006 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let policy = match default_policy(cx.tenant) {
            Ok(policy) => policy,
            Err(why) => return Outcome::not_evaluated(why),
        };
        let issues = restriction_issues(policy, Credential::Certificate, "asymmetricKeyLifetime", "certificate lifetime limit", Some(366.0));
        if issues.is_empty() {
            return Outcome::pass("certificates are limited to 365 days for every application and service principal");
        }
        let findings = issues
            .into_iter()
            .map(|issue| {
                Finding::new(
                    cx.tenant.subject(),
                    issue.origin,
                    Message::advised(issue.message, "in the tenant default application management policy, restrict the maximum certificate lifetime to 365 days (the portal value 366) for applications and service principals"),
                )
            })
            .collect();
        Outcome::fail(findings, None)
    }
}
