//! The policies Microsoft's guidance asks for, as coverage questions. Rules, the report-only
//! rule and the plan summary all ask them here, so they agree on the answer.

use super::audience::Target;
use super::coverage::{coverage, legacy_block_demand, mfa_demand, Coverage, Demand, Fit};
use super::people::People;
use super::policy::{names_level, requirement, Accept, Requirement};
use crate::model::*;

/// "Block legacy authentication": Exchange ActiveSync and other clients, for all users.
pub fn legacy_block<'t>(people: &People<'t>) -> Coverage<'t> {
    coverage(people, &Target::AllUsers, &legacy_block_demand())
}

/// "Require MFA for all users".
pub fn mfa_for_all_users<'t>(people: &People<'t>) -> Coverage<'t> {
    coverage(people, &Target::AllUsers, &mfa_demand())
}

/// "Require MFA for administrators", one role at a time.
pub fn mfa_for_role<'t>(people: &People<'t>, template_id: &str) -> Coverage<'t> {
    coverage(people, &Target::Role(template_id), &mfa_demand())
}

/// "Require MFA when sign-in risk is medium or high", one level at a time: a policy for that
/// sign-in risk level, for all users and apps, that blocks or requires MFA.
pub fn sign_in_risk<'t>(people: &People<'t>, level: &str) -> Coverage<'t> {
    let fits = |policy: &CaPolicy| {
        if !names_level(&policy.conditions.sign_in_risk_levels, level) {
            return Fit::No;
        }
        match requirement(policy) {
            Requirement::Block | Requirement::Mfa => Fit::Yes,
            Requirement::MfaOrAlternative { alternatives } => Fit::Alternative(alternatives),
            Requirement::Other => Fit::No,
        }
    };
    let infinitive = format!("block or require MFA at {level} sign-in risk");
    let verb = format!("blocks or requires MFA at {level} sign-in risk");
    let demand = Demand {
        wanted: &ClientAppType::EVERY,
        accept: Accept {
            client_app_types: true,
            sign_in_risk: true,
            ..Accept::default()
        },
        fits: &fits,
        verb: &verb,
        infinitive: &infinitive,
        noun: "MFA",
        needs_aim: false,
    };
    coverage(people, &Target::AllUsers, &demand)
}

/// "High risk users must change password": a policy for high user risk, for all users and
/// apps, that blocks, or requires a password change together with MFA, or risk remediation.
pub fn user_risk_high<'t>(people: &People<'t>) -> Coverage<'t> {
    let fits = |policy: &CaPolicy| {
        if !names_level(&policy.conditions.user_risk_levels, "high") {
            return Fit::No;
        }
        let Some(grant) = &policy.grant else {
            return Fit::No;
        };
        let has = |control: GrantControl| grant.built_in.iter().any(|c| c.value == control);
        let mfa = has(GrantControl::Mfa) || grant.authentication_strength.is_some();
        let and = grant.operator.value == GrantOperator::And;
        if has(GrantControl::Block)
            || has(GrantControl::RiskRemediation)
            || (has(GrantControl::PasswordChange) && mfa && and)
        {
            Fit::Yes
        } else if has(GrantControl::PasswordChange) && mfa {
            Fit::Alternative(vec!["a password change or MFA alone".into()])
        } else if has(GrantControl::PasswordChange) {
            Fit::Alternative(vec!["a password change without MFA".into()])
        } else if mfa {
            Fit::Alternative(vec!["MFA without a password change".into()])
        } else {
            Fit::No
        }
    };
    let demand = Demand {
        wanted: &ClientAppType::EVERY,
        accept: Accept {
            client_app_types: true,
            user_risk: true,
            ..Accept::default()
        },
        fits: &fits,
        verb: "answers high user risk",
        infinitive: "answer high user risk with a password change and MFA, or a block",
        noun: "a password change with MFA",
        needs_aim: false,
    };
    coverage(people, &Target::AllUsers, &demand)
}

/// "Some policy requires MFA for someone" (none of the three ways to require MFA missing): the
/// policies that name MFA and apply to anyone, and the first of them that takes effect.
pub struct MfaNamed<'t> {
    pub enforced: Option<&'t CaPolicy>,
    pub candidates: Vec<&'t CaPolicy>,
}

pub fn mfa_named_for_anyone(tenant: &Tenant) -> MfaNamed<'_> {
    let tier = super::licences::tier(tenant);
    let candidates: Vec<&CaPolicy> = tenant
        .policies()
        .iter()
        .filter(|p| super::policy::names_mfa(p) && super::audience::names_anyone(p))
        .collect();
    let enforced = candidates
        .iter()
        .copied()
        .find(|p| super::licences::effect(p, tier) == super::licences::Effect::Enforced);
    MfaNamed {
        enforced,
        candidates,
    }
}

/// The policy meant for admins: enforced, requiring MFA, and listing roles. A role it leaves out
/// is fixed by adding the role there.
pub fn admin_mfa_policy(tenant: &Tenant) -> Option<&CaPolicy> {
    tenant.policies().iter().find(|p| {
        p.is_enforced()
            && requirement(p) == Requirement::Mfa
            && !p.conditions.users.include_roles.is_empty()
    })
}

/// Whether a role-listing policy leaves a role out (neither lists it nor includes all users).
pub fn leaves_out_role(policy: &CaPolicy, template_id: &str) -> bool {
    let users = &policy.conditions.users;
    !users
        .include_roles
        .iter()
        .any(|r| r.value.eq_ignore_ascii_case(template_id))
        && !users
            .include_users
            .iter()
            .any(|u| u.value.eq_ignore_ascii_case(ALL))
}
