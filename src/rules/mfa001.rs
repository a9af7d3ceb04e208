//! MFA001 admin-without-mfa: every admin must be registered for MFA and required to use it.
//!
//! Needs: role data (or `isAdmin` in registration details) to know the admins; registration
//! details for "registered"; security defaults and Conditional Access for "required".
//! One finding per admin and reason; what cannot be checked is said in the status reason.

use super::{
    advice, relate_gaps, summarise_gaps, Context, Finding, Outcome, Rule, RuleMeta, Severity,
};
use crate::analysis::policy::names;
use crate::analysis::{Admin, MfaCoverage, SecurityDefaultsState};
use crate::model::{InputKind, Tenant};

pub struct Mfa001;

static META: RuleMeta = RuleMeta {
    code: "MFA001",
    name: "admin-without-mfa",
    severity: Severity::Error,
    summary: "An administrator is not registered for MFA, or not required to use it.",
    needs: &[
        InputKind::RoleData,
        InputKind::GroupMembership,
        InputKind::RegistrationDetails,
        InputKind::Users,
        InputKind::SecurityDefaults,
        InputKind::ConditionalAccess,
        InputKind::Licences,
    ],
    page: include_str!("../../rules/MFA001.md"),
};

impl Rule for Mfa001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context) -> Outcome {
        let tenant = cx.tenant;
        let admins = cx.admins();
        if !admins.known {
            return Outcome::not_evaluated(
                "no directory role data in the input, and no registration details that say who is an admin",
            );
        }
        let registration = tenant.registrations.is_some();
        let enforcement = enforcement_checkable(tenant);
        if !registration && !enforcement {
            return Outcome::not_evaluated(
                "neither registration details nor security defaults and Conditional Access policies are in the input",
            );
        }
        let mut findings = Vec::new();
        let mut undecided = admins.unresolved.clone();
        let coverage = if enforcement { cx.admin_mfa() } else { &[] };
        for (n, admin) in admins.admins.iter().enumerate() {
            if registration {
                check_registration(cx, admin, &mut findings, &mut undecided);
            }
            // A declared emergency-access account is excluded from policies by design (CA003
            // checks that it is); whether it is registered still matters.
            if enforcement && !cx.people.is_emergency_account(&admin.user_id) {
                check_enforcement(cx, admin, &coverage[n], &mut findings, &mut undecided);
            }
        }
        let mut unchecked = undecided;
        if !registration {
            unchecked.push("registration not checked: no registration details in the input".into());
        }
        if !enforcement {
            unchecked.push("enforcement not checked: security defaults or Conditional Access policies missing from the input".into());
        }
        let note = (!unchecked.is_empty()).then(|| unchecked.join("; "));
        if !findings.is_empty() {
            return Outcome::fail(findings, note);
        }
        match note {
            Some(note) => Outcome::not_evaluated(note),
            None if admins.admins.is_empty() && !admins.by_flags => {
                Outcome::pass("the role data shows no holder of an admin role")
            }
            None if admins.admins.is_empty() && tenant.directory.has_holder_lists() => {
                Outcome::pass(
                    "neither the role data nor the registration details (isAdmin) show an admin",
                )
            }
            None if admins.admins.is_empty() => Outcome::pass(
                "no user in the registration details is an admin (isAdmin), and the export has no role assignments",
            ),
            None => Outcome::pass(format!(
                "{} registered for MFA and required to use it",
                match admins.admins.len() {
                    1 => "the one admin is".to_string(),
                    n => format!("all {n} admins are"),
                }
            )),
        }
    }
}

/// Enforcement can be judged when security defaults are on, or proven off with what Conditional
/// Access enforces known.
fn enforcement_checkable(tenant: &Tenant) -> bool {
    let defaults = SecurityDefaultsState::of(tenant);
    defaults.is_enabled() || (defaults.is_off() && super::ca_enforcement_known(tenant))
}

/// "alice@contoso.com (id), Global Administrator by role assignment," or "admin ... (id)".
fn who(admin: &Admin) -> String {
    let mut by_role: Vec<(&str, Vec<&str>)> = Vec::new();
    for role in &admin.roles {
        let via = role.via.describe();
        match by_role.iter_mut().find(|(name, _)| *name == role.name) {
            Some((_, vias)) if !vias.contains(&via) => vias.push(via),
            Some(_) => {}
            None => by_role.push((&role.name, vec![via])),
        }
    }
    let roles: Vec<String> = by_role
        .iter()
        .map(|(name, vias)| format!("{name} by {}", vias.join(" and ")))
        .collect();
    if roles.is_empty() {
        format!("admin {}", admin.label())
    } else {
        format!("{}, {},", admin.label(), roles.join(" and "))
    }
}

fn with_roles(mut finding: Finding, admin: &Admin, skip_first: bool) -> Finding {
    for role in admin.roles.iter().skip(usize::from(skip_first)) {
        let through = role
            .through_group
            .as_ref()
            .map(|g| format!(" through group {g}"))
            .unwrap_or_default();
        finding = finding.related(
            role.origin.clone(),
            format!(
                "{} holds {} by {}{through}",
                admin.label(),
                role.name,
                role.via.describe()
            ),
        );
    }
    finding
}

fn check_registration(
    cx: &Context,
    admin: &Admin,
    findings: &mut Vec<Finding>,
    undecided: &mut Vec<String>,
) {
    let Some(registration) = cx.people.registration(&admin.user_id) else {
        undecided.push(format!(
            "{} is not in the registration details",
            admin.label()
        ));
        return;
    };
    let Some(flag) = &registration.mfa_registered else {
        undecided.push(format!(
            "the registration details of {} do not say isMfaRegistered",
            admin.label()
        ));
        return;
    };
    if flag.value {
        return;
    }
    let finding = Finding::new(
        &admin.user_id,
        registration.flag_origin(flag),
        format!(
            "{} is not registered for MFA; have them register a method (Microsoft Authenticator or a \
             passkey) now, e.g. with a Temporary Access Pass, and require registration for admins",
            who(admin)
        ),
    );
    findings.push(with_roles(finding, admin, false));
}

fn check_enforcement(
    cx: &Context,
    admin: &Admin,
    coverage: &MfaCoverage,
    findings: &mut Vec<Finding>,
    undecided: &mut Vec<String>,
) {
    let (gaps, partial_client_apps) = match coverage {
        MfaCoverage::BySecurityDefaults | MfaCoverage::ByPolicies(_) => return,
        MfaCoverage::Unknown { why, .. } => {
            undecided.push(format!(
                "whether {} must use MFA is undecidable: {why}",
                admin.label()
            ));
            return;
        }
        MfaCoverage::NotRequired {
            gaps,
            partial_client_apps,
        } => (gaps, partial_client_apps),
    };
    let why = match (summarise_gaps(gaps), partial_client_apps.is_empty()) {
        (Some(why), _) => why,
        (None, false) => format!("enforced policies require MFA only for client apps {}", names(partial_client_apps)),
        (None, true) => {
            "no enforced Conditional Access policy requires MFA for them, and security defaults are off".to_string()
        }
    };
    let fix = advice(
        gaps,
        "enforce a policy that requires MFA for their role on all resources, with no narrowing conditions \
         (template \"Require multifactor authentication for admins\")",
    );
    // An account excluded on purpose (break-glass) must keep its exclusion: until emergency
    // accounts are declared, removing it cannot be the only advice.
    let excluded = gaps
        .first()
        .is_some_and(|g| matches!(g.kind, crate::analysis::GapKind::Excluded));
    let declare = if excluded && !cx.people.emergency().declared {
        "; if this is an emergency-access account, declare it in tenantlint.toml [emergency-access] \
         instead"
    } else {
        ""
    };
    let message = format!("{} is not required to use MFA: {why}; {fix}{declare}", who(admin));
    let finding = relate_gaps(
        Finding::new(&admin.user_id, admin.origin.clone(), message),
        gaps,
    );
    findings.push(with_roles(finding, admin, true));
}
