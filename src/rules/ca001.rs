//! CA001 report-only-policy: a report-only policy that would close a gap another rule reports,
//! so the fix may be one click.
//!
//! Needs: Conditional Access policies. Asks each guidance question (LEG001, MFA001, MFA002,
//! MFA003, SD002, RISK001, RISK002) and names the report-only policies that would close a
//! failing one if turned on.

use std::collections::BTreeMap;

use super::{unknown_states, Context, Finding, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::coverage::Coverage;
use crate::analysis::guidance::{
    legacy_block, mfa_for_all_users, mfa_for_role, mfa_named_for_anyone, sign_in_risk,
    user_risk_high,
};
use crate::analysis::licences::{tier, Tier};
use crate::analysis::roles::ADMIN_ROLES;
use crate::analysis::{GapKind, MfaCoverage, SecurityDefaultsState};
use crate::model::{CaPolicy, ClientAppType, InputKind, PolicyState};

pub struct Ca001;

static META: RuleMeta = RuleMeta {
    code: "CA001",
    name: "report-only-policy",
    severity: Severity::Info,
    summary: "A report-only policy would close a gap that another rule reports.",
    // It asks every guidance question, so it reads what they read.
    needs: &[
        InputKind::ConditionalAccess,
        InputKind::SecurityDefaults,
        InputKind::Licences,
        InputKind::RoleData,
        InputKind::GroupMembership,
    ],
    page: include_str!("../../rules/CA001.md"),
};

/// A gap a policy would close: the rule that reports it, and what is left uncovered.
type Closes = (&'static str, String);

/// Report-only policies, each with the gaps it would close; keyed by id and place, so that two
/// policies without an id stay apart.
#[derive(Default)]
struct Closers<'t> {
    by_policy: BTreeMap<(&'t str, usize, usize), (&'t CaPolicy, Vec<Closes>)>,
}

impl<'t> Closers<'t> {
    fn add(&mut self, policy: &'t CaPolicy, code: &'static str, what: String) {
        if policy.state.value != PolicyState::ReportOnly {
            return;
        }
        let entry = self
            .by_policy
            .entry((
                policy.id.as_str(),
                policy.origin.file,
                policy.origin.span.start,
            ))
            .or_insert((policy, Vec::new()));
        if !entry.1.iter().any(|(c, w)| *c == code && *w == what) {
            entry.1.push((code, what));
        }
    }

    /// The report-only policies that would close an incomplete coverage of every client app.
    fn add_closers_of(&mut self, coverage: &Coverage<'t>, code: &'static str, what: String) {
        if !coverage.is_complete(&ClientAppType::EVERY) {
            for gap in coverage.would_close() {
                self.add(gap.policy, code, what.clone());
            }
        }
    }
}

/// "MFA002 (Global Administrator, Security Administrator and 12 more)", one entry per rule.
fn describe(closes: &[Closes]) -> String {
    let mut codes: Vec<&str> = closes.iter().map(|(code, _)| *code).collect();
    codes.dedup();
    codes
        .iter()
        .map(|code| {
            let whats: Vec<&str> = closes
                .iter()
                .filter(|(c, _)| c == code)
                .map(|(_, w)| w.as_str())
                .collect();
            let shown = match whats.len() {
                0..=3 => whats.join(", "),
                n => format!("{}, {} and {} more", whats[0], whats[1], n - 2),
            };
            format!("{code} ({shown})")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Rule for Ca001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let tenant = cx.tenant;
        if tenant.ca_policies.is_none() {
            return Outcome::not_evaluated(InputKind::ConditionalAccess.missing());
        }
        let mut closers = Closers::default();
        let tier = tier(tenant);
        if SecurityDefaultsState::of(tenant).is_off() {
            let legacy = legacy_block(&cx.people);
            if !legacy.is_complete(&ClientAppType::LEGACY) {
                for gap in legacy.would_close() {
                    closers.add(
                        gap.policy,
                        "LEG001",
                        "legacy authentication for all users".into(),
                    );
                }
            }
            closers.add_closers_of(
                &mfa_for_all_users(&cx.people),
                "MFA003",
                "MFA for all users".into(),
            );
            for (template_id, role) in ADMIN_ROLES {
                closers.add_closers_of(
                    &mfa_for_role(&cx.people, template_id),
                    "MFA002",
                    role.to_string(),
                );
            }
            for (admin, coverage) in cx.admins().admins.iter().zip(cx.admin_mfa()) {
                if let MfaCoverage::NotRequired { gaps, .. } = coverage {
                    for gap in gaps
                        .iter()
                        .filter(|g| matches!(g.kind, GapKind::NotEnforced { would_cover: true }))
                    {
                        closers.add(gap.policy, "MFA001", admin.label());
                    }
                }
            }
            let named = mfa_named_for_anyone(tenant);
            if named.enforced.is_none() {
                for policy in named.candidates {
                    closers.add(policy, "SD002", "nothing requires MFA".into());
                }
            }
        }
        if tier == Some(Tier::P2) {
            for level in ["medium", "high"] {
                closers.add_closers_of(
                    &sign_in_risk(&cx.people, level),
                    "RISK001",
                    format!("{level} sign-in risk"),
                );
            }
            closers.add_closers_of(
                &user_risk_high(&cx.people),
                "RISK002",
                "high user risk".into(),
            );
        }
        let findings: Vec<Finding> = closers
            .by_policy
            .into_values()
            .map(|(policy, closes)| {
                Finding::new(
                    &policy.id,
                    policy.state.origin.clone(),
                    format!(
                        "report-only policy {} would close gaps that other rules report: {}; review its report-only \
                         results in the sign-in logs, then set Enable policy to On (Entra ID > Conditional Access > \
                         Policies)",
                        policy.label(),
                        describe(&closes)
                    ),
                )
            })
            .collect();
        // A policy in a state no one knows may be report-only.
        match (findings.is_empty(), unknown_states(cx.tenant)) {
            (false, note) => Outcome::fail(findings, note),
            (true, Some(note)) => Outcome::not_evaluated(note),
            (true, None) => {
                Outcome::pass("no report-only policy would close a gap that another rule reports")
            }
        }
    }
}
