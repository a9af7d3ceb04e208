//! PIM facts about CISA's highly privileged roles: their active assignments with schedules, and
//! the rules of their role settings. Each question says what it could not tell.

use crate::model::ids::fold;
use crate::model::roles::{highly_privileged_name, HIGHLY_PRIVILEGED};
use crate::model::*;

use super::people::People;

/// Whether the export lists the active assignments of the highly privileged roles with their
/// schedules: schedule instances, or ScubaGear's `privileged_roles` (which carry them on P2).
pub fn active_schedules_known(tenant: &Tenant) -> bool {
    let lists = &tenant.directory.holder_lists;
    lists.contains(&HolderList::ActiveInstances) || lists.contains(&HolderList::PrivilegedSchedules)
}

/// The active holdings of highly privileged roles that carry a PIM schedule, with the role's
/// name; the same holding read from two copies of an export (ScubaGear's run folder holds two)
/// counts once.
pub fn privileged_schedules<'t>(
    people: &'t People<'t>,
) -> Vec<(&'t RoleHolding, &'t Schedule, &'static str)> {
    let mut seen = std::collections::BTreeSet::new();
    people
        .tenant()
        .directory
        .role_holdings
        .iter()
        .filter(|h| h.via == GrantKind::ActiveInstance || h.via == GrantKind::Assignment)
        .filter_map(|h| {
            let name = highly_privileged_name(people.role_template(&h.role_id))?;
            let schedule = h.schedule.as_ref()?;
            let key = (
                h.principal.id.to_ascii_lowercase(),
                name,
                format!(
                    "{:?} {:?} {:?}",
                    schedule.start, schedule.end, schedule.assignment_type
                ),
            );
            seen.insert(key).then_some((h, schedule, name))
        })
        .collect()
}

/// The rules with id `rule_id` in a role's PIM settings (ScubaGear adds those of PIM groups
/// that hold the role), or why they are unknown.
pub fn role_rules<'t>(
    tenant: &'t Tenant,
    template_id: &str,
    rule_id: &str,
) -> Result<Vec<&'t RolePolicyRule>, String> {
    let name = highly_privileged_name(template_id).unwrap_or(template_id);
    let settings = tenant
        .settings
        .role_settings
        .as_ref()
        .and_then(|roles| roles.get(fold(template_id).as_ref()))
        .ok_or_else(|| format!("the PIM settings of {name} are not in the input"))?;
    let rules: Vec<&RolePolicyRule> = settings
        .rules
        .iter()
        .filter(|r| r.id.eq_ignore_ascii_case(rule_id))
        .collect();
    if rules.is_empty() {
        return Err(format!("the PIM settings of {name} have no rule {rule_id}"));
    }
    Ok(rules)
}

/// Whether an approval rule lets activation go without approval; `None` when it does not say.
pub fn approval_not_required(rule: &RolePolicyRule) -> Option<bool> {
    match &rule.detail {
        RuleDetail::Approval { required } => required.as_ref().map(|r| !r.value),
        _ => None,
    }
}

/// Whether a notification rule mails no one beyond the default recipients; `None` when the rule
/// is not a notification rule.
pub fn alerts_no_one_extra(rule: &RolePolicyRule) -> Option<bool> {
    match &rule.detail {
        RuleDetail::Notification { recipients, .. } => recipients.as_ref().map(Vec::is_empty),
        _ => None,
    }
}

/// Which of the highly privileged roles a PIM settings rule is about.
#[derive(Debug, Clone, Copy)]
pub enum Roles {
    GlobalAdministrator,
    OtherThanGlobalAdministrator,
    All,
}

impl Roles {
    pub fn list(self) -> Vec<(&'static str, &'static str)> {
        use crate::model::roles::GLOBAL_ADMINISTRATOR;
        HIGHLY_PRIVILEGED
            .iter()
            .copied()
            .filter(|(id, _)| match self {
                Roles::GlobalAdministrator => *id == GLOBAL_ADMINISTRATOR,
                Roles::OtherThanGlobalAdministrator => *id != GLOBAL_ADMINISTRATOR,
                Roles::All => true,
            })
            .collect()
    }
}
