//! SSPR001 sspr-not-enabled: users must be able to reset their own passwords.
//!
//! Needs: the SSPR policy, or else registration details.
//! The policy's `enablementType` decides when present (0 error, 1 warning, 2 pass); otherwise
//! member users' `isSsprEnabled` does (none error, some warning, all pass).

use super::{Context, Finding, Outcome, Rule, RuleMeta, Severity};
use crate::model::{InputKind, SsprEnablement, UserType};

pub struct Sspr001;

static META: RuleMeta = RuleMeta {
    code: "SSPR001",
    name: "sspr-not-enabled",
    severity: Severity::Error,
    summary: "Self-service password reset is not enabled for all users.",
    needs: &[
        InputKind::SsprPolicy,
        InputKind::RegistrationDetails,
        InputKind::Users,
    ],
    page: include_str!("../../rules/SSPR001.md"),
};

const HOW: &str =
    "set Entra ID > Password reset > Properties > Self service password reset enabled to All";

impl Rule for Sspr001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        if cx.tenant.sspr_policy.is_some() {
            from_policy(cx)
        } else if cx.tenant.registrations.is_some() {
            from_registrations(cx)
        } else {
            Outcome::not_evaluated("no SSPR policy or registration details in the input")
        }
    }
}

fn from_policy(cx: &Context) -> Outcome {
    let policy = cx
        .tenant
        .sspr_policy
        .as_ref()
        .expect("checked by the caller");
    let subject = cx.tenant.subject();
    let origin = policy.enablement.origin.clone();
    match policy.enablement.value {
        SsprEnablement::All => {
            Outcome::pass("the SSPR policy enables self-service password reset for all users")
        }
        SsprEnablement::None => Outcome::fail(
            vec![Finding::new(
                subject,
                origin,
                format!(
                    "self-service password reset is off for every user (enablementType 0); {HOW}"
                ),
            )],
            None,
        ),
        SsprEnablement::SelectedGroup => {
            let group = policy
                .group_name
                .clone()
                .map(|name| format!("\"{name}\""))
                .or_else(|| policy.group_ids.first().cloned())
                .unwrap_or_else(|| "one selected group".into());
            Outcome::fail(
                vec![Finding::new(
                    subject,
                    origin,
                    format!("self-service password reset is enabled only for members of {group} (enablementType 1); {HOW}"),
                )
                .with_severity(Severity::Warning)],
                None,
            )
        }
        SsprEnablement::Unknown(code) => Outcome::not_evaluated(format!(
            "the SSPR policy has enablementType {code}, which is not 0, 1 or 2"
        )),
    }
}

fn from_registrations(cx: &Context) -> Outcome {
    // Counted in one walk: a tenant may have millions of members; only the first one not
    // enabled, and the first whose details do not say, are named.
    let (mut members, mut disabled, mut first_disabled) = (0, 0, None);
    let (mut silent, mut first_silent) = (0, None);
    let registrations = cx.tenant.registrations.iter().flatten();
    for r in registrations.filter(|r| cx.people.registered_user_type(r) != UserType::Guest) {
        match &r.sspr_enabled {
            None => {
                silent += 1;
                first_silent.get_or_insert(r);
            }
            Some(flag) => {
                members += 1;
                if !flag.value {
                    disabled += 1;
                    first_disabled.get_or_insert((r, flag));
                }
            }
        }
    }
    let unlisted: Vec<&crate::model::User> = cx
        .people
        .users_without_registration()
        .filter(|u| u.user_type != UserType::Guest)
        .collect();
    let undecided: Vec<String> = first_silent
        .map(|first| {
            format!(
                "the registration details of {silent} member user(s) do not say isSsprEnabled (first: {})",
                cx.people.registered_user_label(first)
            )
        })
        .into_iter()
        .chain(super::unlisted_users(cx, &unlisted))
        .collect();
    let undecided = (!undecided.is_empty()).then(|| undecided.join("; "));
    let Some((first, flag)) = first_disabled else {
        return match (members, undecided) {
            (_, Some(undecided)) => Outcome::not_evaluated(undecided),
            (0, None) => Outcome::not_evaluated("the registration details list no member user"),
            (members, None) => Outcome::pass(format!(
                "all {members} member users in the registration details are enabled for self-service \
                 password reset (no SSPR policy in the input)"
            )),
        };
    };
    let subject = cx.tenant.subject();
    let who = cx.people.registered_user_label(first);
    // "None" only when every member's details say so; otherwise some may be enabled.
    if disabled == members && undecided.is_none() {
        Outcome::fail(
            vec![Finding::new(
                subject,
                first.flag_origin(flag),
                format!(
                    "self-service password reset is enabled for none of the {members} member users in the \
                     registration details (first: {who}); {HOW}"
                ),
            )],
            None,
        )
    } else {
        Outcome::fail(
            vec![Finding::new(
                subject,
                first.flag_origin(flag),
                format!(
                    "self-service password reset is enabled for only {} of {members} member users in the \
                     registration details{} ({disabled} are not, first: {who}); {HOW}",
                    members - disabled,
                    if undecided.is_some() { " that say" } else { "" }
                ),
            )
            .with_severity(Severity::Warning)],
            undecided,
        )
    }
}
