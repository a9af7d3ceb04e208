//! APP003 admin-consent-workflow-off: users must be able to ask an administrator to consent to
//! an application (CISA MS.AAD.5.3).
//!
//! Needs: directory settings (`EnableAdminConsentRequests` of the consent policy settings). An
//! export of the settings without that value shows the workflow was never turned on.

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::model::InputKind;

pub struct App003;

static META: RuleMeta = RuleMeta {
    code: "APP003",
    name: "admin-consent-workflow-off",
    severity: Severity::Warning,
    summary: "The admin consent workflow is not turned on.",
    needs: &[InputKind::DirectorySettings],
    page: include_str!("../../rules/APP003.md"),
};

const FIX: &str = "turn on \"Users can request admin consent to apps they are unable to consent to\" and name \
                   the reviewers (Enterprise applications > Admin consent settings)";

impl Rule for App003 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(settings) = &cx.tenant.settings.directory_settings else {
            return Outcome::not_evaluated(InputKind::DirectorySettings.missing());
        };
        let values: Vec<_> = settings
            .iter()
            .filter_map(|s| s.value("EnableAdminConsentRequests"))
            .collect();
        let off: Vec<_> = values
            .iter()
            .filter(|v| !v.value.trim().eq_ignore_ascii_case("true"))
            .collect();
        if let Some(first) = off.first() {
            return Outcome::fail(
                vec![Finding::new(
                    cx.tenant.subject(),
                    first.origin.clone(),
                    Message::advised(
                        format!(
                            "the admin consent workflow is off (EnableAdminConsentRequests: \"{}\"): users who cannot \
                             consent have no sanctioned way to ask, and look for another",
                            first.value
                        ),
                        FIX,
                    ),
                )],
                None,
            );
        }
        if !values.is_empty() {
            return Outcome::pass("the admin consent workflow is on");
        }
        let Some(anchor) = settings
            .first()
            .map(|s| s.origin.clone())
            .or_else(|| super::tenant_anchor(cx.tenant))
        else {
            return Outcome::not_evaluated(
                "the directory settings in the input are empty, and nothing else to point a finding at",
            );
        };
        Outcome::fail(
            vec![Finding::new(
                cx.tenant.subject(),
                anchor,
                Message::advised(
                    "no directory setting turns the admin consent workflow on (no EnableAdminConsentRequests)"
                        .to_string(),
                    FIX,
                ),
            )],
            None,
        )
    }
}
