//! Who a policy covers, and whether a user is always required to do MFA.
//!
//! Coverage is decided per person and per policy ([`applies_to`]), then combined over the
//! enforced policies: a user is covered when the policies that apply to them, unnarrowed,
//! together require MFA for every client app type. Everything that stops a policy from
//! counting is kept as a [`Gap`], so a finding can say why and point at the exact exclusion.

use std::collections::BTreeSet;

use super::licences::{self, Effect};
use super::people::{HeldRole, Membership, People};
use super::policy::{client_app_types, narrowings, requirement, Accept, Narrowing, Requirement};
use super::roles::is_directory_sync;
use super::security_defaults::SecurityDefaultsState;
use crate::model::*;
use crate::source::Origin;

/// Whether a policy applies to a person.
#[derive(Debug, Clone)]
pub enum Applies {
    Yes,
    /// Not included at all: the policy is for someone else.
    NotIncluded,
    /// Included, then excluded; `origin` is the exclusion that does it.
    Excluded {
        how: String,
        origin: Origin,
    },
    /// Group membership that decides it was not exported.
    Unknown {
        why: String,
        origin: Origin,
    },
}

/// The person a coverage question is about.
pub struct Subject<'a> {
    pub user_id: &'a str,
    pub user_type: UserType,
    /// Role template ids held, or `None` when the export has no role data.
    pub roles: Option<Vec<HeldRole<'a>>>,
}

impl<'a> Subject<'a> {
    pub fn new(people: &People<'a>, user_id: &'a str) -> Self {
        let roles = people
            .tenant()
            .directory
            .role_data_present
            .then(|| people.roles_of(user_id));
        Subject {
            user_id,
            user_type: people.user_type(user_id),
            roles,
        }
    }

    fn is_guest(&self) -> bool {
        self.user_type == UserType::Guest
    }
}

pub fn applies_to(policy: &CaPolicy, people: &People, subject: &Subject) -> Applies {
    let users = &policy.conditions.users;
    match included(users, people, subject) {
        Applies::Yes => excluded(users, people, subject),
        other => other,
    }
}

fn included(users: &UserConditions, people: &People, subject: &Subject) -> Applies {
    let mentions = |list: &[Located<String>], value: &str| {
        list.iter().any(|u| u.value.eq_ignore_ascii_case(value))
    };
    if mentions(&users.include_users, ALL) || mentions(&users.include_users, subject.user_id) {
        return Applies::Yes;
    }
    if subject.is_guest()
        && (users.include_guests.is_some()
            || mentions(&users.include_users, "GuestsOrExternalUsers"))
    {
        return Applies::Yes;
    }
    let mut unknown = None;
    if !users.include_roles.is_empty() {
        match &subject.roles {
            Some(roles) => {
                if users.include_roles.iter().any(|r| {
                    roles
                        .iter()
                        .any(|h| h.template_id.eq_ignore_ascii_case(&r.value))
                }) {
                    return Applies::Yes;
                }
            }
            None => {
                unknown = Some(Applies::Unknown {
                    why: "it includes roles, and the export has no role assignments".into(),
                    origin: users.include_roles[0].origin.clone(),
                })
            }
        }
    }
    for group in &users.include_groups {
        match people.membership(&group.value, subject.user_id) {
            Membership::Member => return Applies::Yes,
            Membership::Unknown => unknown = Some(membership_unknown(people, "includes", group)),
            Membership::NotMember => {}
        }
    }
    unknown.unwrap_or(Applies::NotIncluded)
}

/// Coverage that hangs on a group whose members were not exported.
fn membership_unknown(people: &People, verb: &str, group: &Located<String>) -> Applies {
    Applies::Unknown {
        why: format!(
            "it {verb} group {}, whose members were not exported (membership unknown)",
            people.group_name(&group.value)
        ),
        origin: group.origin.clone(),
    }
}

fn excluded(users: &UserConditions, people: &People, subject: &Subject) -> Applies {
    if let Some(user) = users
        .exclude_users
        .iter()
        .find(|u| u.value.eq_ignore_ascii_case(subject.user_id))
    {
        return Applies::Excluded {
            how: "excludes them by user id".into(),
            origin: user.origin.clone(),
        };
    }
    if subject.is_guest() {
        if let Some(guests) = &users.exclude_guests {
            return Applies::Excluded {
                how: "excludes guests and external users".into(),
                origin: guests.origin.clone(),
            };
        }
        if let Some(entry) = users
            .exclude_users
            .iter()
            .find(|u| u.value.eq_ignore_ascii_case("GuestsOrExternalUsers"))
        {
            return Applies::Excluded {
                how: "excludes guests and external users".into(),
                origin: entry.origin.clone(),
            };
        }
    }
    if let Some(roles) = &subject.roles {
        for role in &users.exclude_roles {
            if let Some(held) = roles
                .iter()
                .find(|h| h.template_id.eq_ignore_ascii_case(&role.value))
            {
                let name = held
                    .holding
                    .role_name
                    .clone()
                    .unwrap_or_else(|| role.value.clone());
                return Applies::Excluded {
                    how: format!("excludes the role {name}, which they hold"),
                    origin: role.origin.clone(),
                };
            }
        }
    }
    let mut unknown = None;
    for group in &users.exclude_groups {
        match people.membership(&group.value, subject.user_id) {
            Membership::Member => {
                return Applies::Excluded {
                    how: format!(
                        "excludes group {}, of which they are a member",
                        people.group_name(&group.value)
                    ),
                    origin: group.origin.clone(),
                }
            }
            Membership::Unknown => unknown = Some(membership_unknown(people, "excludes", group)),
            Membership::NotMember => {}
        }
    }
    if subject.roles.is_none() && !users.exclude_roles.is_empty() {
        let non_sync = users
            .exclude_roles
            .iter()
            .find(|r| !is_directory_sync(&r.value));
        if let Some(role) = non_sync {
            unknown = Some(Applies::Unknown {
                why: "it excludes roles, and the export has no role assignments".into(),
                origin: role.origin.clone(),
            });
        }
    }
    unknown.unwrap_or(Applies::Yes)
}

/// Why a policy does not make someone do MFA (or block them).
#[derive(Debug, Clone)]
pub enum GapKind {
    /// Report-only or disabled; `would_cover` when enabling it would close the gap by itself.
    NotEnforced {
        would_cover: bool,
    },
    Excluded,
    Narrowed(Vec<Narrowing>),
    Alternative(Vec<String>),
    MembershipUnknown,
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

/// An enabled policy in a tenant whose licences show no P1 plan.
fn unlicensed_gap<'t>(policy: &'t CaPolicy, would: &str) -> Gap<'t> {
    Gap {
        policy,
        kind: GapKind::Unlicensed,
        origin: policy.state.origin.clone(),
        message: format!(
            "policy {} would {would}, but the tenant's licences include no Entra ID P1 plan, so it cannot take effect",
            policy.label()
        ),
    }
}

impl Gap<'_> {
    /// How directly the gap explains the missing coverage, lowest first: an exclusion of the
    /// person, then a report-only policy that would cover them, a narrowing condition, an OR
    /// alternative, and last policies scoped to some apps, which were never meant to cover all.
    pub fn rank(&self) -> u8 {
        use super::policy::NarrowingKind;
        match &self.kind {
            GapKind::Excluded => 0,
            GapKind::NotEnforced { would_cover: true } | GapKind::Unlicensed => 1,
            GapKind::Narrowed(n) if n.iter().all(|n| n.kind != NarrowingKind::Applications) => 2,
            GapKind::Alternative(_) => 3,
            GapKind::MembershipUnknown => 4,
            GapKind::NotEnforced { would_cover: false } => 5,
            GapKind::Narrowed(_) => 6,
        }
    }
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

pub fn mfa_coverage<'t>(people: &People<'t>, subject: &Subject) -> MfaCoverage<'t> {
    let tenant = people.tenant();
    if SecurityDefaultsState::of(tenant).is_enabled() {
        return MfaCoverage::BySecurityDefaults;
    }
    let mut covering = Vec::new();
    let mut types = BTreeSet::new();
    let mut gaps = Vec::new();
    let mut unknown: Option<String> = None;
    let tier = licences::tier(tenant);
    for policy in tenant.policies() {
        let effect = licences::effect(policy, tier);
        let requirement = requirement(policy);
        if !matches!(
            requirement,
            Requirement::Mfa | Requirement::MfaOrAlternative { .. }
        ) {
            continue;
        }
        let applies = applies_to(policy, people, subject);
        let narrowed = narrowings(
            policy,
            Accept {
                client_app_types: true,
                ..Accept::default()
            },
        );
        let whole = narrowed.is_empty() && requirement == Requirement::Mfa;
        match applies {
            Applies::NotIncluded => continue,
            Applies::Excluded { how, origin } if effect == Effect::Enforced => gaps.push(Gap {
                policy,
                kind: GapKind::Excluded,
                origin,
                message: format!("policy {} {how}", policy.label()),
            }),
            Applies::Unknown { why, origin } if effect == Effect::Enforced => {
                unknown.get_or_insert_with(|| {
                    format!("policy {} may not apply: {why}", policy.label())
                });
                gaps.push(Gap {
                    policy,
                    kind: GapKind::MembershipUnknown,
                    origin,
                    message: why,
                });
            }
            Applies::Excluded { .. } | Applies::Unknown { .. } => continue,
            Applies::Yes if effect == Effect::Unlicensed => {
                gaps.push(unlicensed_gap(policy, "require MFA"))
            }
            Applies::Yes if effect == Effect::NotEnforced => gaps.push(Gap {
                policy,
                kind: GapKind::NotEnforced {
                    would_cover: whole && client_app_types(policy).len() == 4,
                },
                origin: policy.state.origin.clone(),
                message: format!(
                    "policy {} would require MFA but is {}",
                    policy.label(),
                    policy.state.value.describe()
                ),
            }),
            Applies::Yes => {
                if let Requirement::MfaOrAlternative { alternatives } = &requirement {
                    let origin = policy
                        .grant
                        .as_ref()
                        .map_or_else(|| policy.origin.clone(), |g| g.operator.origin.clone());
                    gaps.push(Gap {
                        policy,
                        kind: GapKind::Alternative(alternatives.clone()),
                        origin,
                        message: format!(
                            "policy {} accepts {} instead of MFA (operator OR)",
                            policy.label(),
                            alternatives.join(" or ")
                        ),
                    });
                } else if !narrowed.is_empty() {
                    gaps.push(Gap {
                        policy,
                        kind: GapKind::Narrowed(narrowed.clone()),
                        origin: narrowed[0].origin.clone(),
                        message: format!(
                            "policy {} requires MFA only partly: {}",
                            policy.label(),
                            narrowed
                                .iter()
                                .map(|n| n.description.as_str())
                                .collect::<Vec<_>>()
                                .join("; ")
                        ),
                    });
                } else {
                    types.extend(client_app_types(policy));
                    covering.push(policy);
                }
            }
        }
    }
    if types.len() == ClientAppType::EVERY.len() {
        return MfaCoverage::ByPolicies(covering);
    }
    gaps.sort_by_key(Gap::rank);
    match unknown {
        Some(why) => MfaCoverage::Unknown { why, gaps },
        None => MfaCoverage::NotRequired {
            gaps,
            partial_client_apps: types,
        },
    }
}

/// Why a policy that targets "all users" leaves some out. Excluding the Directory
/// Synchronization Accounts role is expected and leaves no one out.
pub fn audience_gaps(policy: &CaPolicy, people: &People) -> Vec<(String, Origin)> {
    let users = &policy.conditions.users;
    let mut gaps = Vec::new();
    if !users
        .include_users
        .iter()
        .any(|u| u.value.eq_ignore_ascii_case(ALL))
    {
        let origin = users
            .include_users
            .first()
            .map(|u| u.origin.clone())
            .or_else(|| users.origin.clone())
            .unwrap_or_else(|| policy.origin.clone());
        gaps.push(("it does not include all users".to_string(), origin));
        return gaps;
    }
    for user in &users.exclude_users {
        gaps.push((
            format!("it excludes user {}", people.user_label(&user.value)),
            user.origin.clone(),
        ));
    }
    for group in &users.exclude_groups {
        gaps.push((
            format!("it excludes group {}", people.group_name(&group.value)),
            group.origin.clone(),
        ));
    }
    for role in users
        .exclude_roles
        .iter()
        .filter(|r| !is_directory_sync(&r.value))
    {
        gaps.push((
            format!("it excludes role {}", role.value),
            role.origin.clone(),
        ));
    }
    if let Some(guests) = &users.exclude_guests {
        gaps.push((
            "it excludes guests and external users".to_string(),
            guests.origin.clone(),
        ));
    }
    gaps
}

/// Which client app types enforced policies block for every user on every app, and the
/// policies that block some but fall short.
pub struct BlockCoverage<'t> {
    pub blocked: BTreeSet<ClientAppType>,
    pub blocking: Vec<&'t CaPolicy>,
    pub gaps: Vec<Gap<'t>>,
}

pub fn block_coverage<'t>(people: &People<'t>, wanted: &[ClientAppType]) -> BlockCoverage<'t> {
    let tenant = people.tenant();
    let tier = licences::tier(tenant);
    let mut coverage = BlockCoverage {
        blocked: BTreeSet::new(),
        blocking: Vec::new(),
        gaps: Vec::new(),
    };
    for policy in tenant.policies() {
        if requirement(policy) != Requirement::Block {
            continue;
        }
        let types = client_app_types(policy);
        if !wanted.iter().any(|t| types.contains(t)) {
            continue;
        }
        let audience = audience_gaps(policy, people);
        // A block policy for some users only matters here when it is aimed at these client
        // apps; otherwise it is a policy for something else (risky users, guests, agents).
        let aimed = types.len() < ClientAppType::EVERY.len();
        if !aimed && !audience.is_empty() {
            continue;
        }
        let narrowed = narrowings(
            policy,
            Accept {
                client_app_types: true,
                ..Accept::default()
            },
        );
        let effect = licences::effect(policy, tier);
        if effect == Effect::Unlicensed {
            coverage
                .gaps
                .push(unlicensed_gap(policy, "block legacy authentication"));
        } else if effect == Effect::NotEnforced {
            coverage.gaps.push(Gap {
                policy,
                kind: GapKind::NotEnforced {
                    would_cover: audience.is_empty() && narrowed.is_empty(),
                },
                origin: policy.state.origin.clone(),
                message: format!(
                    "policy {} would block {} but is {}",
                    policy.label(),
                    super::policy::names(&types),
                    policy.state.value.describe()
                ),
            });
        } else if let Some((how, origin)) = audience.first() {
            coverage.gaps.push(Gap {
                policy,
                kind: GapKind::Excluded,
                origin: origin.clone(),
                message: format!(
                    "policy {} blocks {} but {how}",
                    policy.label(),
                    super::policy::names(&types)
                ),
            });
        } else if let Some(first) = narrowed.first() {
            coverage.gaps.push(Gap {
                policy,
                kind: GapKind::Narrowed(narrowed.clone()),
                origin: first.origin.clone(),
                message: format!(
                    "policy {} blocks {} but {}",
                    policy.label(),
                    super::policy::names(&types),
                    narrowed
                        .iter()
                        .map(|n| n.description.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            });
        } else {
            coverage.blocked.extend(types);
            coverage.blocking.push(policy);
        }
    }
    // The policies aimed at these client apps are what the administrator is looking for.
    coverage
        .gaps
        .sort_by_key(|gap| client_app_types(gap.policy).len() == ClientAppType::EVERY.len());
    coverage
}
