//! LIC002 mechanism-below-plan: security defaults in a tenant whose plan includes Conditional
//! Access (P1) or risk-based policies (P2).
//!
//! Needs: security defaults, licences.

use super::{Context, Finding, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::licences::{evidence, tier, Tier, UnknownTier};
use crate::analysis::SecurityDefaultsState;
use crate::model::InputKind;

pub struct Lic002;

static META: RuleMeta = RuleMeta {
    code: "LIC002",
    name: "mechanism-below-plan",
    severity: Severity::Info,
    summary:
        "The tenant relies on security defaults although its plan includes Conditional Access.",
    needs: &[InputKind::SecurityDefaults, InputKind::Licences],
    page: include_str!("../../rules/LIC002.md"),
};

impl Rule for Lic002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let flag = match SecurityDefaultsState::of(cx.tenant) {
            SecurityDefaultsState::Enabled(flag) => flag,
            SecurityDefaultsState::Unknown => {
                return Outcome::not_evaluated("no security defaults policy in the input")
            }
            _ => return Outcome::pass("security defaults are off"),
        };
        let tier = match tier(cx.tenant) {
            None => {
                return Outcome::not_evaluated(match UnknownTier::of(cx.tenant) {
                    UnknownTier::NoLicenceData => {
                        "security defaults are on, and the input has no licence data".to_string()
                    }
                    unknown => format!("security defaults are on, and {}", unknown.reason()),
                })
            }
            Some(Tier::Free) => return Outcome::pass(
                "security defaults are the right mechanism: the plan includes neither P1 nor P2",
            ),
            Some(tier) => tier,
        };
        let policies = match tier {
            Tier::P2 => "Conditional Access with risk-based policies",
            _ => "Conditional Access",
        };
        let mut finding = Finding::new(
            cx.tenant.subject(),
            flag.origin.clone(),
            format!(
                "the tenant relies on security defaults although its plan includes {}: move to {policies} \
                 (\"Require multifactor authentication for admins\", \"... for all users\", \"Block legacy \
                 authentication\"), then turn security defaults off",
                tier.describe()
            ),
        );
        if let Some(plan) = evidence(cx.tenant, tier) {
            finding = finding.related(plan, format!("the {} plan", tier.describe()));
        }
        Outcome::fail(vec![finding], None)
    }
}
