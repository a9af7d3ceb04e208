//! APP002 user-consent-not-restricted: users must not consent to applications on their own
//! beyond low-impact permissions of verified publishers (CISA MS.AAD.5.2).
//!
//! Needs: the authorization policy (`permissionGrantPolicyIdsAssignedToDefaultUserRole`).
//! Flags the legacy "allow user consent for all apps" setting as well as the Microsoft-managed
//! one, and the low-impact setting while permissions classified as low impact are risky.

use super::{Context, Finding, Message, Outcome, Rule, RuleMeta, Severity};
use crate::model::InputKind;

pub struct App002;

static META: RuleMeta = RuleMeta {
    code: "APP002",
    name: "user-consent-not-restricted",
    severity: Severity::Error,
    summary: "Users can consent to applications beyond low-impact permissions from verified publishers.",
    needs: &[
        InputKind::AuthorizationPolicy,
        InputKind::PermissionClassifications,
    ],
    page: include_str!("../../rules/APP002.md"),
};

/// Consent policies for users' own consent (`ManagePermissionGrantsForSelf.*`), what each
/// allows, and whether it restricts consent enough.
fn judge(policy_id: &str) -> Option<&'static str> {
    let lower = policy_id.to_ascii_lowercase();
    let consent = lower.strip_prefix("managepermissiongrantsforself.")?;
    match consent {
        "microsoft-user-default-low" => None,
        "microsoft-user-default-legacy" => {
            Some("users can consent to any application for any permission that needs no admin (the legacy setting)")
        }
        "microsoft-user-default-recommended" => Some(
            "Microsoft decides what users can consent to (\"Let Microsoft manage your consent settings\"), which \
             can change without review",
        ),
        _ => Some("a custom consent policy lets users consent on their own, beyond what the baseline allows"),
    }
}

const FIX: &str = "set user consent to \"Do not allow user consent\", or to \"Allow user consent for apps from \
                   verified publishers, for selected permissions\" with only low-impact permissions classified \
                   (Enterprise applications > Consent and permissions)";

impl Rule for App002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let Some(policy) = &cx.tenant.settings.authorization else {
            return Outcome::not_evaluated(InputKind::AuthorizationPolicy.missing());
        };
        let Some(grants) = &policy.user_consent_policies else {
            return Outcome::not_evaluated(
                "the authorization policy in the input does not write permissionGrantPolicyIdsAssignedToDefaultUserRole",
            );
        };
        let mut reasons: Vec<String> = grants
            .value
            .iter()
            .filter_map(|id| judge(id).map(|why| format!("{why} ({id})")))
            .collect();
        let low = grants
            .value
            .iter()
            .any(|id| id.eq_ignore_ascii_case("ManagePermissionGrantsForSelf.microsoft-user-default-low"));
        if low {
            match cx.tenant.settings.risky_low_impact_permissions.as_ref() {
                Some(risky) if risky.value > 0 => reasons.push(format!(
                    "users can consent to low-impact permissions, and {} of the permissions classified as low \
                     impact are risky ones (ScubaGear's risky_delegated_permission_classifications)",
                    risky.value
                )),
                _ => {}
            }
        }
        if reasons.is_empty() {
            return Outcome::pass(match (low, &cx.tenant.settings.risky_low_impact_permissions) {
                (false, _) => "users cannot consent to applications on their own",
                (true, Some(_)) => {
                    "users can consent only to low-impact permissions of verified publishers, none of them risky"
                }
                (true, None) => {
                    "users can consent only to low-impact permissions of verified publishers; which permissions \
                     are classified low impact is not in the input (review them under Enterprise applications > \
                     Consent and permissions > Permission classifications)"
                }
            });
        }
        Outcome::fail(
            vec![Finding::new(
                cx.tenant.subject(),
                grants.origin.clone(),
                Message::advised(
                    format!("user consent is not restricted: {}", reasons.join("; ")),
                    FIX,
                ),
            )],
            None,
        )
    }
}
