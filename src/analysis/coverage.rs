//! Whether enforced policies make a demand of a target on every sign-in, and if not, why not.
//!
//! One fold serves every question the rules ask: "is this admin always required to do MFA?",
//! "is this role?", "are all users?", "is legacy authentication blocked for everyone?", "is
//! high sign-in risk answered with MFA or a block?". A [`Target`] says whom the question is
//! about; a [`Demand`] says which grant counts, which conditions it may carry, and which client
//! app types must be covered. Policies combine: the union of the client app types that enforced,
//! applicable, unnarrowed policies cover must include every wanted type. Everything that keeps a
//! policy from counting is a [`Gap`] with the exact value that causes it.

use std::collections::BTreeSet;

use super::audience::{applies, names_users_or_groups, Applies, Audiences, Subject, Target};
use super::licences::{self, Effect};
use super::people::People;
use super::policy::{
    client_app_types, narrowings, requirement, Accept, Narrowing, NarrowingKind, Requirement,
};
use super::security_defaults::SecurityDefaultsState;
use crate::model::*;
use crate::source::Origin;

/// Whether a policy's grant is what a demand asks for.
pub enum Fit {
    Yes,
    /// It asks for it, but accepts something else instead (`operator: OR`).
    Alternative(Vec<String>),
    /// Whether it asks for it cannot be told from the export (a custom authentication strength
    /// exported without its methods), with why and the value that would settle it.
    Unknown(String, Origin),
    No,
}

/// What a policy must demand, and of which sign-ins, to count.
pub struct Demand<'d> {
    pub wanted: &'d [ClientAppType],
    /// Conditions that are part of the demand rather than a narrowing of it.
    pub accept: Accept,
    pub fits: &'d dyn Fn(&CaPolicy) -> Fit,
    /// "requires MFA", "blocks legacy authentication": used in gap messages.
    pub verb: &'d str,
    /// "require MFA", "block legacy authentication".
    pub infinitive: &'d str,
    /// What an OR alternative replaces: "MFA".
    pub noun: &'d str,
    /// Only policies aimed at these client app types matter when they do not cover the target
    /// (a block policy for all client apps and some users is for something else).
    pub needs_aim: bool,
}

/// MFA on every sign-in: `mfa` or an authentication strength, with no alternative.
pub fn mfa_demand() -> Demand<'static> {
    Demand {
        wanted: &ClientAppType::EVERY,
        accept: Accept {
            client_app_types: true,
            ..Accept::default()
        },
        fits: &|policy| match requirement(policy) {
            Requirement::Mfa => Fit::Yes,
            Requirement::MfaOrAlternative { alternatives } => Fit::Alternative(alternatives),
            _ => Fit::No,
        },
        verb: "requires MFA",
        infinitive: "require MFA",
        noun: "MFA",
        needs_aim: false,
    }
}

/// Exchange ActiveSync and other legacy clients blocked.
pub fn legacy_block_demand() -> Demand<'static> {
    Demand {
        wanted: &ClientAppType::LEGACY,
        accept: Accept {
            client_app_types: true,
            ..Accept::default()
        },
        fits: &|policy| match requirement(policy) {
            Requirement::Block => Fit::Yes,
            _ => Fit::No,
        },
        verb: "blocks legacy authentication",
        infinitive: "block legacy authentication",
        noun: "a block",
        needs_aim: true,
    }
}

/// Why a policy does not make the demand of the target.
#[derive(Debug, Clone)]
pub enum GapKind {
    /// Report-only or disabled; `would_cover` when turning it on would close the gap, together
    /// with what enforced policies already cover.
    NotEnforced {
        would_cover: bool,
    },
    Excluded,
    /// Meant for some users or groups only, not for everyone.
    NotEveryone,
    Narrowed(Vec<Narrowing>),
    Alternative(Vec<String>),
    MembershipUnknown,
    /// Whether it counts cannot be told: its grant, or whether the tenant's P1 plan is active.
    Undecided,
    /// Enabled, but the licences show no P1 plan.
    Unlicensed,
}

#[derive(Debug, Clone)]
pub struct Gap<'t> {
    pub policy: &'t CaPolicy,
    pub kind: GapKind,
    /// The value that causes the gap: the exclusion, the narrowing condition, the state.
    pub origin: Origin,
    pub message: String,
}

impl Gap<'_> {
    /// How directly the gap explains the missing coverage, lowest first: an exclusion of the
    /// target, then a report-only policy that would cover it, a narrowing condition, an OR
    /// alternative, and last policies scoped to some apps or users, never meant to cover all.
    pub fn rank(&self) -> u8 {
        match &self.kind {
            GapKind::Excluded => 0,
            GapKind::NotEnforced { would_cover: true } | GapKind::Unlicensed => 1,
            GapKind::Narrowed(n) if n.iter().all(|n| n.kind != NarrowingKind::Applications) => 2,
            GapKind::Alternative(_) => 3,
            GapKind::MembershipUnknown | GapKind::Undecided => 4,
            GapKind::NotEnforced { would_cover: false } => 5,
            GapKind::NotEveryone | GapKind::Narrowed(_) => 6,
        }
    }

    pub fn label(&self) -> &'static str {
        match &self.kind {
            GapKind::NotEnforced { .. } => "not enforced",
            GapKind::Excluded => "exclusion",
            GapKind::NotEveryone => "not everyone",
            GapKind::Narrowed(_) => "narrowing condition",
            GapKind::Alternative(_) => "alternative to MFA",
            GapKind::MembershipUnknown => "membership unknown",
            GapKind::Undecided => "unknown",
            GapKind::Unlicensed => "no licence",
        }
    }
}

/// What enforced policies achieve for one target and one demand.
#[derive(Debug, Clone)]
pub struct Coverage<'t> {
    /// The wanted client app types that enforced, applicable, unnarrowed policies cover.
    pub covered: BTreeSet<ClientAppType>,
    pub by: Vec<&'t CaPolicy>,
    /// Ranked, most decisive first.
    pub gaps: Vec<Gap<'t>>,
    /// Why coverage cannot be decided, when group membership or role data is missing.
    pub unknown: Option<String>,
}

impl<'t> Coverage<'t> {
    pub fn is_complete(&self, wanted: &[ClientAppType]) -> bool {
        wanted.iter().all(|t| self.covered.contains(t))
    }

    pub fn missing(&self, wanted: &[ClientAppType]) -> BTreeSet<ClientAppType> {
        wanted
            .iter()
            .copied()
            .filter(|t| !self.covered.contains(t))
            .collect()
    }

    /// An enforced policy that covers some client app types but not all: the place to fix when
    /// no gap explains the missing ones.
    pub fn partial_client_apps(&self) -> Option<(&'t CaPolicy, Origin)> {
        self.by.iter().find_map(|p| {
            p.conditions
                .client_app_types
                .as_ref()
                .map(|t| (*p, t.origin.clone()))
        })
    }

    /// Report-only or disabled policies that would close the gap if turned on.
    pub fn would_close(&self) -> impl Iterator<Item = &Gap<'t>> {
        self.gaps
            .iter()
            .filter(|g| matches!(g.kind, GapKind::NotEnforced { would_cover: true }))
    }
}

/// The wanted client app types a policy is for.
fn wanted_types(policy: &CaPolicy, demand: &Demand) -> BTreeSet<ClientAppType> {
    client_app_types(policy)
        .into_iter()
        .filter(|t| demand.wanted.contains(t))
        .collect()
}

/// Whether a policy covers those it applies to: it demands exactly this, is enforced, and is
/// not narrowed (asked last: it is the dearest to find out). [`coverage`] and [`covered_by`]
/// both count by this.
fn counts(fit: &Fit, effect: Effect, narrowed: impl FnOnce() -> bool) -> bool {
    matches!(fit, Fit::Yes) && effect == Effect::Enforced && !narrowed()
}

pub fn coverage<'t>(people: &People<'t>, target: &Target, demand: &Demand) -> Coverage<'t> {
    let tenant = people.tenant();
    let tier = licences::tier(tenant);
    let p1_undecided = licences::p1_undecided(tenant);
    let mut result = Coverage {
        covered: BTreeSet::new(),
        by: Vec::new(),
        gaps: Vec::new(),
        unknown: None,
    };
    // Report-only policies that would cover the target on their own terms, and the types they
    // cover; whether they close the gap is known only once the enforced ones are counted.
    let mut candidates: Vec<(usize, BTreeSet<ClientAppType>)> = Vec::new();
    for policy in tenant.policies() {
        let fit = (demand.fits)(policy);
        if matches!(fit, Fit::No) {
            continue;
        }
        let types = wanted_types(policy, demand);
        if types.is_empty() {
            continue;
        }
        let effect = licences::effect(policy, tier);
        let narrowed = narrowings(policy, demand.accept);
        // A policy that would count but for something the export does not settle leaves the
        // coverage unknown, never covered and never a plain gap.
        let undecided = match &fit {
            Fit::Unknown(why, origin) => Some((why.clone(), origin.clone())),
            _ if effect == Effect::Enforced && p1_undecided => Some((
                "the licences list an Entra ID P1 plan without its status, so whether the policy takes \
                 effect cannot be told"
                    .to_string(),
                policy.state.origin.clone(),
            )),
            _ => None,
        };
        if let Some((why, origin)) = undecided {
            if effect == Effect::Enforced
                && narrowed.is_empty()
                && matches!(applies(policy, people, target), Applies::Yes)
            {
                let message = format!(
                    "policy {} may {}, but {why}",
                    policy.label(),
                    demand.infinitive
                );
                result.unknown.get_or_insert_with(|| message.clone());
                result.gaps.push(Gap {
                    policy,
                    kind: GapKind::Undecided,
                    origin,
                    message,
                });
            }
            continue;
        }
        let counts = counts(&fit, effect, || !narrowed.is_empty());
        let aimed = client_app_types(policy).len() < ClientAppType::EVERY.len();
        let gap = |kind, origin, message| Gap {
            policy,
            kind,
            origin,
            message,
        };
        match applies(policy, people, target) {
            Applies::NotIncluded => {
                let a_candidate = matches!(target, Target::AllUsers)
                    && (aimed || (!demand.needs_aim && names_users_or_groups(policy)));
                if a_candidate {
                    result.gaps.push(gap(
                        GapKind::NotEveryone,
                        users_origin(policy),
                        format!(
                            "policy {} {} only for selected users, groups or roles{}",
                            policy.label(),
                            demand.verb,
                            match effect {
                                Effect::Enforced => String::new(),
                                Effect::Unlicensed => ", and cannot take effect without an Entra ID P1 plan".into(),
                                Effect::NotEnforced => format!(", and is {}", policy.state.value.describe()),
                            }
                        ),
                    ));
                }
            }
            Applies::Excluded { how, origin } => {
                let relevant = !demand.needs_aim || aimed || !matches!(target, Target::AllUsers);
                // An exclusion decides only when lifting it would make the policy count; a
                // policy that would fall short anyway is reported for that.
                match effect {
                    Effect::Enforced if relevant && counts => result.gaps.push(gap(
                        GapKind::Excluded,
                        origin,
                        format!("policy {} {} but {how}", policy.label(), demand.verb),
                    )),
                    Effect::Enforced if relevant => result.gaps.push(shortfall(policy, demand, &fit, &narrowed)),
                    Effect::NotEnforced if relevant && matches!(target, Target::AllUsers) => {
                        result.gaps.push(not_enforced(policy, demand, false))
                    }
                    _ => {}
                }
            }
            // Whether it applies matters only if it would count: a policy that falls short
            // anyway is reported for that.
            Applies::Unknown { why, origin } => match effect {
                Effect::Enforced if counts => {
                    result.unknown.get_or_insert_with(|| format!("policy {} may not apply: {why}", policy.label()));
                    result.gaps.push(gap(GapKind::MembershipUnknown, origin, why));
                }
                Effect::Enforced => result.gaps.push(shortfall(policy, demand, &fit, &narrowed)),
                _ => {}
            },
            Applies::Yes if counts => {
                result.covered.extend(types);
                result.by.push(policy);
            }
            Applies::Yes => match (effect, &fit) {
                (Effect::Unlicensed, _) => result.gaps.push(gap(
                    GapKind::Unlicensed,
                    policy.state.origin.clone(),
                    format!(
                        "policy {} would {}, but the tenant's licences include no Entra ID P1 plan, so it cannot take effect",
                        policy.label(),
                        demand.infinitive
                    ),
                )),
                (Effect::NotEnforced, fit) => {
                    if narrowed.is_empty() && matches!(fit, Fit::Yes) {
                        candidates.push((result.gaps.len(), types.clone()));
                    }
                    result.gaps.push(not_enforced(policy, demand, false));
                }
                // Enforced, but an OR alternative or narrowed: it does not count.
                (Effect::Enforced, _) => result.gaps.push(shortfall(policy, demand, &fit, &narrowed)),
            },
        }
    }
    for (index, types) in candidates {
        let closes = demand
            .wanted
            .iter()
            .all(|t| result.covered.contains(t) || types.contains(t));
        if closes && !result.is_complete(demand.wanted) {
            result.gaps[index].kind = GapKind::NotEnforced { would_cover: true };
        }
    }
    // A policy that is not on is named as the fix only where turning it on would close the gap.
    for gap in &mut result.gaps {
        if matches!(gap.kind, GapKind::NotEnforced { would_cover: false }) {
            gap.message
                .push_str(", and turning it on would not close the gap by itself");
        }
    }
    result.gaps.sort_by_key(Gap::rank);
    result
}

/// The enforced policies that cover the target by themselves, when together they cover every
/// wanted client app type; `None` when they do not. The same policies [`coverage`] counts (it
/// applies, is enforced, demands exactly this, is not narrowed), found without wording a gap
/// for every policy that does not count.
pub fn covered_by<'t>(
    people: &People<'t>,
    target: &Target,
    demand: &Demand,
) -> Option<Vec<&'t CaPolicy>> {
    let tier = licences::tier(people.tenant());
    let mut covered = BTreeSet::new();
    let mut by = Vec::new();
    for policy in people.tenant().policies() {
        let narrowed = || !narrowings(policy, demand.accept).is_empty();
        if !counts(
            &(demand.fits)(policy),
            licences::effect(policy, tier),
            narrowed,
        ) {
            continue;
        }
        let types = wanted_types(policy, demand);
        if !types.is_empty() && matches!(applies(policy, people, target), Applies::Yes) {
            covered.extend(types);
            by.push(policy);
        }
    }
    demand
        .wanted
        .iter()
        .all(|t| covered.contains(t))
        .then_some(by)
}

/// The gap of an enforced policy that falls short by itself: an OR alternative to what is
/// demanded, or a narrowing condition.
fn shortfall<'t>(
    policy: &'t CaPolicy,
    demand: &Demand,
    fit: &Fit,
    narrowed: &[Narrowing],
) -> Gap<'t> {
    match fit {
        Fit::Alternative(alternatives) => Gap {
            policy,
            kind: GapKind::Alternative(alternatives.clone()),
            origin: policy
                .grant
                .as_ref()
                .map_or_else(|| policy.origin.clone(), |g| g.operator.origin.clone()),
            message: format!(
                "policy {} accepts {} instead of {}{}",
                policy.label(),
                alternatives.join(" or "),
                demand.noun,
                match policy.grant.as_ref().map(|g| &g.operator.value) {
                    Some(GrantOperator::Or) => " (operator OR)",
                    _ => "",
                }
            ),
        },
        _ => Gap {
            policy,
            kind: GapKind::Narrowed(narrowed.to_vec()),
            origin: narrowed
                .first()
                .map_or_else(|| policy.origin.clone(), |n| n.origin.clone()),
            message: format!(
                "policy {} {} only partly: {}",
                policy.label(),
                demand.verb,
                narrowed
                    .iter()
                    .map(|n| n.description.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        },
    }
}

fn not_enforced<'t>(policy: &'t CaPolicy, demand: &Demand, would_cover: bool) -> Gap<'t> {
    Gap {
        policy,
        kind: GapKind::NotEnforced { would_cover },
        origin: policy.state.origin.clone(),
        message: format!(
            "policy {} would {} but is {}",
            policy.label(),
            demand.infinitive,
            policy.state.value.describe()
        ),
    }
}

fn users_origin(policy: &CaPolicy) -> Origin {
    let users = &policy.conditions.users;
    users
        .include_groups
        .first()
        .map(|g| g.origin.clone())
        .or_else(|| users.include_users.first().map(|u| u.origin()))
        .or_else(|| users.origin.clone())
        .unwrap_or_else(|| policy.origin.clone())
}

/// Whether one person is always required to do MFA.
#[derive(Debug, Clone)]
pub enum MfaCoverage<'t> {
    BySecurityDefaults,
    ByPolicies(Vec<&'t CaPolicy>),
    /// Not required on every sign-in; the gaps say why (empty when no policy even tries).
    NotRequired {
        gaps: Vec<Gap<'t>>,
        partial_client_apps: BTreeSet<ClientAppType>,
    },
    /// Undecidable from the export (unknown group membership or role data).
    Unknown {
        why: String,
        gaps: Vec<Gap<'t>>,
    },
}

/// [`mfa_coverage`] of each user, in order. People the policies cannot tell apart (the same
/// roles, the same memberships in the groups policies name, named by id nowhere) share one
/// answer, asked once: a tenant's thousands of admins fall into a few audiences.
///
/// It runs on the calling thread: the rules that ask run in parallel already.
pub fn mfa_coverage_of_each<'t>(people: &People<'t>, user_ids: &[&str]) -> Vec<MfaCoverage<'t>> {
    use std::collections::HashMap;
    let audiences = Audiences::of(people.tenant());
    let keys: Vec<_> = user_ids
        .iter()
        .map(|id| audiences.key(people, &Subject::new(people, id)))
        .collect();
    let mut asked: HashMap<&_, usize> = HashMap::new();
    let mut askers = Vec::new();
    let which: Vec<usize> = keys
        .iter()
        .zip(user_ids)
        .map(|(key, id)| {
            *asked.entry(key).or_insert_with(|| {
                askers.push(*id);
                askers.len() - 1
            })
        })
        .collect();
    let answers: Vec<MfaCoverage<'t>> = askers
        .iter()
        .map(|id| mfa_coverage(people, Subject::new(people, id)))
        .collect();
    which.into_iter().map(|n| answers[n].clone()).collect()
}

pub fn mfa_coverage<'t>(people: &People<'t>, subject: Subject) -> MfaCoverage<'t> {
    if SecurityDefaultsState::of(people.tenant()).is_enabled() {
        return MfaCoverage::BySecurityDefaults;
    }
    let demand = mfa_demand();
    let target = Target::Person(subject);
    // Most people are covered: say so without wording every policy that does not cover them.
    if let Some(by) = covered_by(people, &target, &demand) {
        return MfaCoverage::ByPolicies(by);
    }
    let result = coverage(people, &target, &demand);
    if result.is_complete(demand.wanted) {
        return MfaCoverage::ByPolicies(result.by);
    }
    match result.unknown {
        Some(why) => MfaCoverage::Unknown {
            why,
            gaps: result.gaps,
        },
        None => MfaCoverage::NotRequired {
            gaps: result.gaps,
            partial_client_apps: result.covered,
        },
    }
}
