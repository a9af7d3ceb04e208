//! What a tenant's policies say, fact by fact, in a form two exports of the tenant can be
//! compared in: whatever tool wrote them, however indented or ordered, the same policy gives the
//! same facts. `diff` compares them and says of each change whether it makes the tenant weaker.

use std::collections::BTreeSet;

use super::signin::demands;
use crate::model::*;
use crate::source::Origin;

/// Whether a change protects more sign-ins or fewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    Weaker,
    Stronger,
    Neutral,
}

impl Effect {
    pub fn name(self) -> &'static str {
        match self {
            Effect::Weaker => "weaker",
            Effect::Stronger => "stronger",
            Effect::Neutral => "neutral",
        }
    }
}

/// Which way a set of values protects: more included users is stronger, more excluded ones is
/// weaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sense {
    MoreIsStronger,
    MoreIsWeaker,
    /// Which way a value counts depends on a mode the facet does not hold: any change is
    /// said, as neither weaker nor stronger.
    Either,
}

/// Session controls whose effect depends on their mode: a persistent browser session `always`
/// asks less of a sign-in and `never` more; continuous access evaluation can be set to disable
/// it; turning resilience defaults off trades availability for strictness.
const SESSION_CONTROLS_BY_MODE: [&str; 3] = [
    "persistentbrowser",
    "continuousaccessevaluation",
    "disableresiliencedefaults",
];

/// One fact of a policy: a set of values (lower-case), and where it is written.
#[derive(Debug, Clone)]
struct Facet {
    name: &'static str,
    sense: Sense,
    values: BTreeSet<String>,
    origin: Origin,
}

/// The token that stands for every value of a facet ("All" users, no client app condition).
const EVERY: &str = "(any)";

/// A policy as facts.
#[derive(Debug, Clone)]
pub struct PolicyFacts {
    pub id: String,
    pub label: String,
    pub state: Located<PolicyState>,
    facets: Vec<Facet>,
    grant: GrantFacts,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct GrantFacts {
    block: bool,
    and: bool,
    controls: BTreeSet<String>,
    /// MFA with no way around it, as the MFA rules count it.
    mfa: bool,
    /// The grant in words, as [`Demands::grant`](super::signin::Demands::grant) says it.
    words: String,
    origin: Origin,
}

/// The security defaults switch, and where it is written.
#[derive(Debug, Clone)]
pub struct Posture {
    pub policies: Vec<PolicyFacts>,
    /// Why the export's Conditional Access policies are not all known (none exported, or some
    /// unreadable), or `None` when they are: without them, none is "removed" or "added".
    pub policies_unknown: Option<String>,
    pub security_defaults: Option<Located<bool>>,
}

fn set<'a>(values: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    values.into_iter().map(str::to_ascii_lowercase).collect()
}

fn facet(
    name: &'static str,
    sense: Sense,
    values: BTreeSet<String>,
    origin: Option<&Origin>,
    policy: &CaPolicy,
) -> Facet {
    Facet {
        name,
        sense,
        values,
        origin: origin.cloned().unwrap_or_else(|| policy.origin.clone()),
    }
}

/// A policy's session controls (lower-case): those whose effect depends on their mode, or the
/// others.
fn session_controls(policy: &CaPolicy, by_mode: bool) -> BTreeSet<String> {
    located_values(&policy.session_controls)
        .into_iter()
        .filter(|name| SESSION_CONTROLS_BY_MODE.contains(&name.as_str()) == by_mode)
        .collect()
}

fn located_values(list: &[Located<String>]) -> BTreeSet<String> {
    set(list.iter().map(|l| l.value.as_str()))
}

/// A condition that, absent, holds every value: its values, or [`EVERY`].
fn or_every(values: Option<BTreeSet<String>>) -> BTreeSet<String> {
    values.unwrap_or_else(|| BTreeSet::from([EVERY.to_string()]))
}

pub fn facts(policy: &CaPolicy) -> PolicyFacts {
    let c = &policy.conditions;
    let users = &c.users;
    let users_at = users.origin.as_ref();
    let apps_at = c.applications.origin.as_ref();
    let mut facets = vec![
        facet(
            "included users",
            Sense::MoreIsStronger,
            set(users.include_users.iter().map(|u| u.value)),
            users_at,
            policy,
        ),
        facet(
            "excluded users",
            Sense::MoreIsWeaker,
            set(users.exclude_users.iter().map(|u| u.value)),
            users_at,
            policy,
        ),
        facet(
            "included groups",
            Sense::MoreIsStronger,
            located_values(&users.include_groups),
            users_at,
            policy,
        ),
        facet(
            "excluded groups",
            Sense::MoreIsWeaker,
            located_values(&users.exclude_groups),
            users_at,
            policy,
        ),
        facet(
            "included roles",
            Sense::MoreIsStronger,
            located_values(&users.include_roles),
            users_at,
            policy,
        ),
        facet(
            "excluded roles",
            Sense::MoreIsWeaker,
            located_values(&users.exclude_roles),
            users_at,
            policy,
        ),
        facet(
            "included guest kinds",
            Sense::MoreIsStronger,
            set(users
                .include_guests
                .iter()
                .flat_map(|g| g.types.iter().map(String::as_str))),
            users_at,
            policy,
        ),
        facet(
            "excluded guest kinds",
            Sense::MoreIsWeaker,
            set(users
                .exclude_guests
                .iter()
                .flat_map(|g| g.types.iter().map(String::as_str))),
            users_at,
            policy,
        ),
        facet(
            "included apps",
            Sense::MoreIsStronger,
            located_values(&c.applications.include),
            apps_at,
            policy,
        ),
        facet(
            "excluded apps",
            Sense::MoreIsWeaker,
            located_values(&c.applications.exclude),
            apps_at,
            policy,
        ),
        facet(
            "user actions",
            Sense::MoreIsStronger,
            located_values(&c.applications.user_actions),
            apps_at,
            policy,
        ),
        facet(
            "authentication contexts",
            Sense::MoreIsStronger,
            located_values(&c.applications.authentication_contexts),
            apps_at,
            policy,
        ),
        // Sign-in frequency, app-enforced restrictions, Defender for Cloud Apps: each one set
        // asks more of a sign-in.
        facet(
            "session controls",
            Sense::MoreIsStronger,
            session_controls(policy, false),
            policy.session_controls.first().map(|s| &s.origin),
            policy,
        ),
        facet(
            "session controls set by mode",
            Sense::Either,
            session_controls(policy, true),
            policy.session_controls.first().map(|s| &s.origin),
            policy,
        ),
        facet(
            "client app types",
            Sense::MoreIsStronger,
            set(super::policy::client_app_types(policy)
                .iter()
                .map(|t| t.name())),
            c.client_app_types.as_ref().map(|t| &t.origin),
            policy,
        ),
    ];
    let include_exclude = |condition: &Option<IncludeExclude>| {
        let include = condition.as_ref().map(|c| located_values(&c.include));
        let include = include.filter(|i| !i.is_empty() && !i.contains("all"));
        (
            or_every(include),
            condition
                .as_ref()
                .map(|c| located_values(&c.exclude))
                .unwrap_or_default(),
            condition.as_ref().map(|c| c.origin.clone()),
        )
    };
    for (included, excluded, condition) in [
        ("included platforms", "excluded platforms", &c.platforms),
        ("included locations", "excluded locations", &c.locations),
    ] {
        let (include, exclude, origin) = include_exclude(condition);
        facets.push(facet(
            included,
            Sense::MoreIsStronger,
            include,
            origin.as_ref(),
            policy,
        ));
        facets.push(facet(
            excluded,
            Sense::MoreIsWeaker,
            exclude,
            origin.as_ref(),
            policy,
        ));
    }
    for (name, levels) in [
        ("sign-in risk levels", &c.sign_in_risk_levels),
        ("user risk levels", &c.user_risk_levels),
        ("authentication flows", &c.authentication_flows),
    ] {
        facets.push(facet(
            name,
            Sense::MoreIsStronger,
            or_every(
                levels
                    .as_ref()
                    .map(|l| set(l.value.iter().map(String::as_str))),
            ),
            levels.as_ref().map(|l| &l.origin),
            policy,
        ));
    }
    for (name, condition) in [
        ("a device filter", &c.device_filter),
        ("insider risk levels", &c.insider_risk_levels),
        ("an application filter", &c.applications.filter),
    ] {
        // A condition that is there narrows; its absence holds every sign-in.
        facets.push(facet(
            name,
            Sense::MoreIsStronger,
            or_every(
                condition
                    .as_ref()
                    .map(|_| BTreeSet::from(["set".to_string()])),
            ),
            condition.as_ref(),
            policy,
        ));
    }
    let wanted = demands(policy);
    PolicyFacts {
        id: policy.id.to_ascii_lowercase(),
        label: policy.label(),
        state: policy.state.clone(),
        facets,
        grant: GrantFacts {
            block: wanted.block,
            and: wanted.operator == "AND" || wanted.controls.len() < 2,
            controls: set(wanted.controls.iter().map(String::as_str)),
            mfa: wanted.mfa,
            words: wanted.grant(),
            origin: policy
                .grant
                .as_ref()
                .map_or_else(|| policy.origin.clone(), |g| g.origin.clone()),
        },
        origin: policy.origin.clone(),
    }
}

/// Why not every Conditional Access policy of the export is known, if any is not.
fn policies_unknown(tenant: &Tenant) -> Option<String> {
    if tenant.ca_policies.is_none() {
        return Some("holds no Conditional Access policies".into());
    }
    if let Some(n) = tenant.unreadable.get(&InputKind::ConditionalAccess) {
        return Some(format!("has {n} unreadable Conditional Access record(s)"));
    }
    tenant
        .unreadable_of_unknown_kind
        .first()
        .map(|file| format!("has an unreadable file whose kind cannot be told ({file})"))
}

pub fn posture(tenant: &Tenant) -> Posture {
    let mut policies: Vec<PolicyFacts> = tenant.policies().iter().map(facts).collect();
    policies.sort_by(|a, b| a.id.cmp(&b.id));
    Posture {
        policies,
        policies_unknown: policies_unknown(tenant),
        security_defaults: tenant
            .security_defaults
            .as_ref()
            .map(|s| s.is_enabled.clone()),
    }
}

/// Which of two exports a place is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// One change, in an administrator's words, and where to see it.
#[derive(Debug, Clone)]
pub struct Change {
    pub effect: Effect,
    pub message: String,
    pub at: Option<(Side, Origin)>,
}

fn is_on(state: &PolicyState) -> bool {
    *state == PolicyState::Enabled
}

fn state_effect(old: &PolicyState, new: &PolicyState) -> Effect {
    match (is_on(old), is_on(new)) {
        (true, false) => Effect::Weaker,
        (false, true) => Effect::Stronger,
        _ => Effect::Neutral,
    }
}

/// The effect of a set growing or shrinking, for a facet whose sense is `sense`.
/// `All` in a list of users or apps holds every value, as an absent condition does: All users
/// swapped for one user is a narrowing, not a swap of one value for another.
fn set_effect(sense: Sense, old: &BTreeSet<String>, new: &BTreeSet<String>) -> Effect {
    let every = |values: &BTreeSet<String>| values.contains(EVERY) || values.contains("all");
    let widened = (every(new) && !every(old)) || new.is_superset(old);
    let narrowed = (every(old) && !every(new)) || old.is_superset(new);
    let grew = match (widened, narrowed) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    };
    match (grew, sense) {
        (Some(true), Sense::MoreIsStronger) | (Some(false), Sense::MoreIsWeaker) => {
            Effect::Stronger
        }
        (Some(false), Sense::MoreIsStronger) | (Some(true), Sense::MoreIsWeaker) => Effect::Weaker,
        // Some values swapped for others: it depends on who they are.
        _ => Effect::Neutral,
    }
}

fn listed(values: &BTreeSet<String>) -> String {
    if values.is_empty() {
        "none".into()
    } else {
        values.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

fn grant_effect(old: &GrantFacts, new: &GrantFacts) -> Effect {
    match (old.block, new.block) {
        (true, false) => return Effect::Weaker,
        (false, true) => return Effect::Stronger,
        (true, true) => return Effect::Neutral,
        _ => {}
    }
    // Every control required (AND): fewer is weaker. One of them (OR): more is weaker.
    let fewer = new.controls.is_subset(&old.controls) && new.controls != old.controls;
    let more = new.controls.is_superset(&old.controls) && new.controls != old.controls;
    match (old.and, new.and) {
        (true, false) => Effect::Weaker,
        (false, true) => Effect::Stronger,
        _ if old.mfa && !new.mfa => Effect::Weaker,
        _ if !old.mfa && new.mfa => Effect::Stronger,
        (true, true) if fewer => Effect::Weaker,
        (true, true) if more => Effect::Stronger,
        (false, false) if more => Effect::Weaker,
        (false, false) if fewer => Effect::Stronger,
        _ => Effect::Neutral,
    }
}

/// How the policies changed from `old` to `new`, each change marked weaker, stronger or neutral.
pub fn compare(old: &Posture, new: &Posture) -> Vec<Change> {
    let mut changes = Vec::new();
    match (&old.security_defaults, &new.security_defaults) {
        (Some(was), Some(now)) if was.value != now.value => changes.push(Change {
            effect: if now.value {
                Effect::Stronger
            } else {
                Effect::Weaker
            },
            message: format!(
                "security defaults turned {}",
                if now.value { "on" } else { "off" }
            ),
            at: Some((Side::New, now.origin.clone())),
        }),
        _ => {}
    }
    match (&old.policies_unknown, &new.policies_unknown) {
        (None, None) => {}
        (Some(before), Some(now)) => {
            changes.push(Change {
                effect: Effect::Neutral,
                message: format!(
                    "the old export {before} and the new one {now}, so what changed in the \
                     Conditional Access policies cannot be told: export them again"
                ),
                at: None,
            });
            return changes;
        }
        (None, Some(why)) => {
            changes.push(Change {
                effect: Effect::Weaker,
                message: format!(
                    "the new export {why}, so whether its Conditional Access policies still \
                     protect what the old one's did cannot be told: export the policies again"
                ),
                at: None,
            });
            return changes;
        }
        (Some(why), None) => {
            changes.push(Change {
                effect: Effect::Neutral,
                message: format!(
                    "the old export {why}, so what changed in the policies cannot be told: the \
                     new export's policies are judged by the rules"
                ),
                at: None,
            });
            return changes;
        }
    }
    for was in &old.policies {
        match new.policies.iter().find(|p| p.id == was.id) {
            None => changes.push(Change {
                effect: if is_on(&was.state.value) {
                    Effect::Weaker
                } else {
                    Effect::Neutral
                },
                message: format!(
                    "policy {} was removed (it was {})",
                    was.label,
                    was.state.value.describe()
                ),
                at: Some((Side::Old, was.origin.clone())),
            }),
            Some(now) => changes.extend(compare_policy(was, now)),
        }
    }
    for now in &new.policies {
        if !old.policies.iter().any(|p| p.id == now.id) {
            changes.push(Change {
                effect: if is_on(&now.state.value) {
                    Effect::Stronger
                } else {
                    Effect::Neutral
                },
                message: format!(
                    "policy {} was added ({}, {})",
                    now.label,
                    now.state.value.describe(),
                    now.grant.words
                ),
                at: Some((Side::New, now.origin.clone())),
            });
        }
    }
    changes
}

fn compare_policy(was: &PolicyFacts, now: &PolicyFacts) -> Vec<Change> {
    let mut changes = Vec::new();
    if was.state.value != now.state.value {
        changes.push(Change {
            effect: state_effect(&was.state.value, &now.state.value),
            message: format!(
                "policy {} is now {} (was {})",
                now.label,
                now.state.value.describe(),
                was.state.value.describe()
            ),
            at: Some((Side::New, now.state.origin.clone())),
        });
    }
    for (before, after) in was.facets.iter().zip(&now.facets) {
        if before.values == after.values {
            continue;
        }
        let added: BTreeSet<String> = after.values.difference(&before.values).cloned().collect();
        let removed: BTreeSet<String> = before.values.difference(&after.values).cloned().collect();
        let mut words = Vec::new();
        if !added.is_empty() {
            words.push(format!("adds {}", listed(&added)));
        }
        if !removed.is_empty() {
            words.push(format!("drops {}", listed(&removed)));
        }
        changes.push(Change {
            effect: set_effect(after.sense, &before.values, &after.values),
            message: format!(
                "policy {}: {} {}",
                now.label,
                after.name,
                words.join(" and ")
            ),
            at: Some((Side::New, after.origin.clone())),
        });
    }
    // Compared as sets: a re-export may list the same controls in another order.
    let same = |a: &GrantFacts, b: &GrantFacts| {
        (a.block, a.and, &a.controls) == (b.block, b.and, &b.controls)
    };
    if !same(&was.grant, &now.grant) {
        changes.push(Change {
            effect: grant_effect(&was.grant, &now.grant),
            message: format!(
                "policy {}: grant is now {} (was {})",
                now.label, now.grant.words, was.grant.words
            ),
            at: Some((Side::New, now.grant.origin.clone())),
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(list: &[&str]) -> BTreeSet<String> {
        set(list.iter().copied())
    }

    #[test]
    fn all_swapped_for_some_is_narrower_and_back_is_wider() {
        let all = values(&["All"]);
        let one = values(&["a0000000-0000-4000-8000-000000000001"]);
        assert_eq!(
            set_effect(Sense::MoreIsStronger, &all, &one),
            Effect::Weaker
        );
        assert_eq!(
            set_effect(Sense::MoreIsStronger, &one, &all),
            Effect::Stronger
        );
        assert_eq!(set_effect(Sense::MoreIsWeaker, &one, &all), Effect::Weaker);
        // One value swapped for another still depends on who they are.
        let other = values(&["a0000000-0000-4000-8000-000000000002"]);
        assert_eq!(
            set_effect(Sense::MoreIsStronger, &one, &other),
            Effect::Neutral
        );
    }
}
