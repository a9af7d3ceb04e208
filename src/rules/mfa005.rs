//! MFA005 phishing-resistant-mfa-not-required-for-admins: every highly privileged role must be
//! required to use phishing-resistant MFA on all apps (CISA MS.AAD.3.6, CIS 5.2.2.5).
//!
//! Needs: Conditional Access policies, licences. One finding per role of CISA's eight highly
//! privileged roles that enforced policies leave without it.

use super::{
    relate_gaps, summarise_gaps, tenant_anchor, Context, Finding, Message, Outcome, Rule,
    RuleMeta, Severity,
};
use crate::analysis::baseline::phishing_resistant_for_role;
use crate::model::roles::HIGHLY_PRIVILEGED;
use crate::model::{ClientAppType, InputKind};

pub struct Mfa005;

static META: RuleMeta = RuleMeta {
    code: "MFA005",
    name: "phishing-resistant-mfa-not-required-for-admins",
    severity: Severity::Error,
    summary: "A highly privileged role is not required to use phishing-resistant MFA on all apps.",
    needs: &[InputKind::ConditionalAccess, InputKind::Licences],
    page: include_str!("../../rules/MFA005.md"),
};

const FIX: &str = "add the role to an enforced policy for All resources that requires the authentication \
                   strength \"Phishing-resistant MFA\"";

impl Rule for Mfa005 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let tenant = cx.tenant;
        if tenant.ca_policies.is_none() {
            return Outcome::not_evaluated("the input has no Conditional Access policies");
        }
        let mut findings = Vec::new();
        let mut unknown = Vec::new();
        for (template_id, role) in HIGHLY_PRIVILEGED {
            let coverage = phishing_resistant_for_role(&cx.people, template_id);
            if coverage.is_complete(&ClientAppType::EVERY) {
                continue;
            }
            if let Some(why) = &coverage.unknown {
                unknown.push(format!("{role}: {why}"));
                continue;
            }
            let Some(primary) = coverage
                .gaps
                .first()
                .map(|g| g.origin.clone())
                .or_else(|| tenant_anchor(tenant))
                .or_else(|| tenant.policies().first().map(|p| p.origin.clone()))
            else {
                unknown.push(format!("{role}: nothing in the input to point a finding at"));
                continue;
            };
            let why = summarise_gaps(&coverage.gaps).unwrap_or_else(|| {
                "no enforced policy requires phishing-resistant MFA for this role".to_string()
            });
            findings.push(relate_gaps(
                Finding::new(
                    template_id,
                    primary,
                    Message::advised(
                        format!(
                            "{role} ({template_id}) is not required to use phishing-resistant MFA: {why}"
                        ),
                        FIX,
                    ),
                ),
                coverage.gaps.get(1..).unwrap_or_default(),
            ));
        }
        let unknown = (!unknown.is_empty()).then(|| unknown.join("; "));
        Outcome::judged(findings, unknown, format!(
                "all {} highly privileged roles are required to use phishing-resistant MFA",
                HIGHLY_PRIVILEGED.len()
            ))
    }
}
