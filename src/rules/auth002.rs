//! AUTH002 authenticator-context-hidden: when Microsoft Authenticator is enabled, its
//! notifications must show the application and the location of the sign-in to every user
//! (CISA MS.AAD.3.3).
//!
//! Needs: the authentication methods policy. One finding per feature that is not shown to all
//! users, at its state or its targets.

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::analysis::People;
use crate::model::{AuthMethod, FeatureExclusion, FeatureSetting, InputKind, Toggle};
use crate::source::Origin;

pub struct Auth002;

static META: RuleMeta = RuleMeta {
    code: "AUTH002",
    name: "authenticator-context-hidden",
    severity: Severity::Warning,
    summary: "Microsoft Authenticator is enabled without showing the app and location of each sign-in to all users.",
    needs: &[InputKind::AuthenticationMethods],
    page: include_str!("../../rules/AUTH002.md"),
};

const FEATURES: [(&str, &str); 2] = [
    ("displayAppInformationRequiredState", "the application name"),
    ("displayLocationInformationRequiredState", "the geographic location"),
];

const FIX: &str = "set \"Show application name\" and \"Show geographic location\" in push and passwordless \
                   notifications to Enabled for All users, with no exclusion (Authentication methods > \
                   Microsoft Authenticator > Configure)";

impl Rule for Auth002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(methods) = &cx.tenant.settings.authentication_methods else {
            return Outcome::not_evaluated(InputKind::AuthenticationMethods.missing());
        };
        let Some(authenticator) = methods.configurations.get(&AuthMethod::MicrosoftAuthenticator)
        else {
            return Outcome::not_evaluated(
                "the authentication methods policy in the input has no Microsoft Authenticator configuration",
            );
        };
        let Some(state) = &authenticator.state else {
            return Outcome::not_evaluated(
                "the export does not say whether Microsoft Authenticator is enabled",
            );
        };
        if state.value == Toggle::Disabled {
            return Outcome::pass("not applicable: Microsoft Authenticator is disabled");
        }
        let mut findings = Vec::new();
        let mut unknown = Vec::new();
        for (key, what) in FEATURES {
            let feature = authenticator.features.get(&key.to_ascii_lowercase());
            match shortfall(feature, &cx.people) {
                Shortfall::None => {}
                Shortfall::Unknown => unknown.push(key),
                Shortfall::At(origin, why) => findings.push(Finding::new(
                    cx.tenant.subject(),
                    origin,
                    Message::advised(
                        format!(
                            "Microsoft Authenticator notifications do not show {what} to every user ({key}: {why}), \
                             so a user cannot tell a sign-in of their own from an attacker's"
                        ),
                        FIX,
                    ),
                )),
            }
        }
        let unknown = (!unknown.is_empty()).then(|| {
            format!(
                "the export does not write {} of Microsoft Authenticator's feature settings",
                unknown.join(" and ")
            )
        });
        Outcome::judged(findings, unknown, "Microsoft Authenticator shows the application and the location of each sign-in to all users",)
    }
}

enum Shortfall {
    None,
    Unknown,
    At(Origin, String),
}

/// Whether a feature is shown to every user; what the export leaves unwritten is unknown.
fn shortfall(feature: Option<&FeatureSetting>, people: &People) -> Shortfall {
    let Some(feature) = feature else {
        return Shortfall::Unknown;
    };
    let Some(state) = &feature.state else {
        return Shortfall::Unknown;
    };
    if state.value != Toggle::Enabled {
        return Shortfall::At(state.origin.clone(), state.value.describe());
    }
    match &feature.include_target {
        Some(target) if !target.value.eq_ignore_ascii_case("all_users") => {
            return Shortfall::At(
                target.origin.clone(),
                format!("enabled only for group {}", people.group_name(&target.value)),
            )
        }
        None => return Shortfall::Unknown,
        Some(_) => {}
    }
    match &feature.exclude_target {
        FeatureExclusion::NoOne => Shortfall::None,
        FeatureExclusion::NotWritten => Shortfall::Unknown,
        FeatureExclusion::Group(target) => Shortfall::At(
            target.origin.clone(),
            format!("group {} is excluded", people.group_name(&target.value)),
        ),
    }
}
