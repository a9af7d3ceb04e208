//! MFA005 phishing-resistant-mfa-not-required-for-admins: every highly privileged role must be
//! required to use phishing-resistant MFA on all apps (CISA MS.AAD.3.6, CIS 5.2.2.5).
//!
//! Needs: Conditional Access policies, licences, role data, group members. One finding per role
//! of CISA's eight highly privileged roles that enforced policies leave without it (subject: the
//! role's template id), and, for a role they cover, one per holder they still leave out (an
//! excluded user or group that is not a declared emergency-access account; subject: the user's
//! object id).

use super::{
    coverage_finding, tenant_anchor, Asked, Context, Finding, Message, Outcome, Rule, RuleMeta,
    Severity,
};
use crate::analysis::baseline::{holder_cover, phishing_resistant_for_role, HolderCover};
use crate::analysis::privileged::privileged_users;
use crate::analysis::Subject;
use crate::model::roles::HIGHLY_PRIVILEGED;
use crate::model::{ClientAppType, InputKind};

pub struct Mfa005;

static META: RuleMeta = RuleMeta {
    code: "MFA005",
    name: "phishing-resistant-mfa-not-required-for-admins",
    severity: Severity::Error,
    summary: "A highly privileged role is not required to use phishing-resistant MFA on all apps.",
    needs: &[
        InputKind::ConditionalAccess,
        InputKind::Licences,
        InputKind::RoleData,
        InputKind::GroupMembership,
    ],
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
        if !super::ca_enforcement_known(tenant) {
            return Outcome::not_evaluated(InputKind::ConditionalAccess.missing());
        }
        let fallback =
            tenant_anchor(tenant).or_else(|| tenant.policies().first().map(|p| p.origin.clone()));
        let holders = privileged_users(&cx.people);
        let mut findings = Vec::new();
        let mut unknown = holders.unresolved.clone();
        let mut seen = std::collections::BTreeSet::new();
        for (template_id, role) in HIGHLY_PRIVILEGED {
            let coverage = phishing_resistant_for_role(&cx.people, template_id);
            let not = format!("{role} ({template_id}) is not required to use phishing-resistant MFA");
            let asked = Asked {
                not: &not,
                nothing: "no enforced policy requires phishing-resistant MFA for this role",
                partly: "enforced policies require it",
                fix: FIX,
            };
            if let (false, Some(why)) = (coverage.is_complete(&ClientAppType::EVERY), &coverage.unknown) {
                unknown.push(format!("{role}: {why}"));
                continue;
            }
            match coverage_finding(&coverage, template_id, &asked, fallback.clone()) {
                Ok(Some(finding)) => findings.push(finding),
                Err(why) => unknown.push(why),
                // The role is covered: each holder still may be excluded by name or group, or
                // hold the role in a scope role targeting does not reach.
                Ok(None) => {
                    for holder in holders.holding(template_id) {
                        // Emergency-access accounts are meant to be excluded.
                        if !seen.insert(holder.id.clone())
                            || cx.people.is_emergency_account(&holder.id)
                        {
                            continue;
                        }
                        let subject = Subject::new(&cx.people, &holder.id);
                        match holder_cover(&cx.people, &coverage.by, &subject) {
                            HolderCover::Covered => {}
                            HolderCover::Unknown(why) => {
                                unknown.push(format!("{}: {why}", holder.label))
                            }
                            HolderCover::Excluded { policy, how, origin } => {
                                findings.push(Finding::new(
                                    holder.id.clone(),
                                    origin,
                                    Message::advised(
                                        format!(
                                            "{} holds {role} and is not required to use phishing-resistant \
                                             MFA: policy {} requires it for the role but {how}",
                                            holder.label,
                                            policy.label()
                                        ),
                                        "remove the exclusion, or exclude only the emergency-access accounts \
                                         (declare them under [emergency-access] in tenantlint.toml)",
                                    ),
                                ))
                            }
                        }
                    }
                }
            }
        }
        let unknown = (!unknown.is_empty()).then(|| unknown.join("; "));
        Outcome::judged(
            findings,
            unknown,
            format!(
                "all {} highly privileged roles, and each of their holders, are required to use \
                 phishing-resistant MFA",
                HIGHLY_PRIVILEGED.len()
            ),
        )
    }
}
