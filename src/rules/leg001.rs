//! LEG001 legacy-auth-not-blocked: legacy authentication must be blocked for everyone.
//!
//! Needs: security defaults, Conditional Access policies.
//! Passes when security defaults are on, or when enforced policies for all users and all apps
//! block both `exchangeActiveSync` and `other` (one policy or several).

use super::{
    join_and, note_defaults, relate_gaps, security_defaults_anchor, security_defaults_off,
    summarise_gaps, Context, Finding, Outcome, Rule, RuleMeta, Severity,
};
use crate::analysis::guidance::legacy_block;
use crate::analysis::policy::{client_app_types, names};
use crate::analysis::SecurityDefaultsState;
use crate::model::{ClientAppType, InputKind};

pub struct Leg001;

static META: RuleMeta = RuleMeta {
    code: "LEG001",
    name: "legacy-auth-not-blocked",
    severity: Severity::Error,
    summary: "Legacy authentication is not blocked for all users on all apps.",
    needs: &[
        InputKind::SecurityDefaults,
        InputKind::ConditionalAccess,
        InputKind::Licences,
    ],
    page: include_str!("../../rules/LEG001.md"),
};

impl Rule for Leg001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let tenant = cx.tenant;
        let defaults = match security_defaults_off(
            tenant,
            "security defaults are enabled, and they block legacy authentication",
        ) {
            Ok(defaults) => defaults,
            Err(outcome) => return outcome,
        };
        let coverage = legacy_block(&cx.people);
        let wanted = &ClientAppType::LEGACY;
        if coverage.is_complete(wanted) {
            let by: Vec<String> = coverage.by.iter().map(|p| p.label()).collect();
            return Outcome::pass(format!(
                "legacy authentication is blocked by {}",
                join_and(&by)
            ));
        }
        // A policy that blocks one legacy type but not the other is the place to fix.
        let partial_block = coverage.partial_client_apps();
        let Some(primary) = coverage
            .gaps
            .first()
            .map(|g| g.origin.clone())
            .or_else(|| partial_block.as_ref().map(|(_, origin)| origin.clone()))
            .or_else(|| security_defaults_anchor(&defaults))
        else {
            return Outcome::not_evaluated(
                "nothing in the input shows where legacy authentication is handled",
            );
        };
        let why = match (summarise_gaps(&coverage.gaps), &partial_block) {
            (Some(gaps), _) => gaps,
            (None, Some((policy, _))) => {
                format!(
                    "policy {} blocks only {}",
                    policy.label(),
                    names(&coverage.covered)
                )
            }
            (None, None) => "no enforced policy blocks legacy authentication".to_string(),
        };
        let message = format!(
            "legacy authentication ({}) is not blocked for all users on all apps: {why}; enforce a policy \
             for All users and All resources with client apps Exchange ActiveSync and Other clients and \
             grant Block access (template \"Block legacy authentication\")",
            names(&coverage.missing(wanted))
        );
        let mut finding = relate_gaps(
            Finding::new(tenant.subject(), primary, message),
            coverage.gaps.get(1..).unwrap_or_default(),
        );
        for policy in &coverage.by {
            finding = finding.related(
                policy.state.origin.clone(),
                format!(
                    "policy {} blocks {}",
                    policy.label(),
                    names(&client_app_types(policy))
                ),
            );
        }
        if let (SecurityDefaultsState::Disabled(flag), false) =
            (&defaults, coverage.gaps.is_empty())
        {
            finding = finding.related(flag.origin.clone(), "security defaults are off");
        }
        Outcome::fail(vec![note_defaults(finding, &defaults)], None)
    }
}
