//! APP006 app-certificate-lifetime-too-long: application certificates must live at most 365 days (CISA MS.AAD.5.7; the
//! portal value 366).
//!
//! Needs: application management policies (the tenant default). One finding per reason the
//! restriction does not hold for every application and service principal.

use super::{app_restriction_outcome, Context, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::apps::{Credential, Restriction};
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
        app_restriction_outcome(
            cx,
            Restriction {
                credential: Credential::Certificate,
                kind: "asymmetricKeyLifetime",
                what: "certificate lifetime limit",
                max_days: Some(366.0),
            },
            "in the tenant default application management policy, restrict the maximum certificate lifetime to 365 days (the portal value 366) for applications and service principals",
            "certificates are limited to 365 days for every application and service principal",
        )
    }
}
