//! The sign-ins no enforced policy protects: every sign-in the tenant's own policies tell apart
//! (who, which app or user action, client app type, platform, place, risk levels), asked of
//! [`super::signin::evaluate`] one at a time, and the unprotected ones merged into rows a person
//! can read ("Helpdesk Administrator, any app, exchangeActiveSync, any platform").
//!
//! A sign-in is protected when an enforced policy applies to it and demands a counted control
//! ([`Protection`]); it is unknown when one may apply but the export cannot settle it, and a gap
//! otherwise. Sign-ins carry no insider risk, device details or special authentication flow: a
//! policy conditioned on those protects only such sign-ins, never the ordinary ones swept here.

use std::collections::hash_map::Entry;
use std::collections::BTreeSet;
use std::rc::Rc;

use super::audience::{Subject, Target};
use super::licences::{self, Effect};
use super::people::People;
use super::policy::client_app_types;
use super::roles::{admin_role_name, is_directory_sync};
use super::security_defaults::SecurityDefaultsState;
use super::signin::{
    audience_and_target, conditioned_on, effect, meets, then, AppTarget, Circumstance, Place,
    Protection, Verdict, Who,
};
use crate::model::ids::IdMap;
use crate::model::roles::{ADMIN_ROLES, HYBRID_IDENTITY_ADMINISTRATOR};
use crate::model::*;
use crate::source::Origin;

/// What counts, for `gaps`.
#[derive(Debug, Clone, Default)]
pub struct GapOptions {
    /// Count report-only policies as enforced: what turning them on would close.
    pub report_only_as_on: bool,
    pub protection: Protection,
}

/// Whose sign-ins a row is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Role { template_id: String, name: String },
    ExcludedUser { id: String, label: String },
    ExcludedGroup { id: String, label: String },
    AllUsers,
    Guests,
    EmergencyAccount { id: String, label: String },
}

impl Segment {
    pub fn label(&self) -> String {
        match self {
            Segment::Role { name, .. } => name.clone(),
            Segment::ExcludedUser { label, .. } => format!("user {label}"),
            Segment::ExcludedGroup { label, .. } => format!("members of group {label}"),
            Segment::AllUsers => "every user".into(),
            Segment::Guests => "guests and external users".into(),
            Segment::EmergencyAccount { label, .. } => {
                format!("emergency-access account {label}")
            }
        }
    }

    /// A stable key for machine output: `role:<template>`, `user:<id>`, `all-users`, ...
    pub fn key(&self) -> String {
        match self {
            Segment::Role { template_id, .. } => format!("role:{template_id}"),
            Segment::ExcludedUser { id, .. } => format!("user:{id}"),
            Segment::ExcludedGroup { id, .. } => format!("group:{id}"),
            Segment::AllUsers => "all-users".into(),
            Segment::Guests => "guests".into(),
            Segment::EmergencyAccount { id, .. } => format!("emergency:{id}"),
        }
    }
}

/// Whether a row's sign-ins are unprotected, or may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowStatus {
    Gap,
    Unknown,
}

/// A policy that comes close to protecting a row's sign-ins, and why it does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    pub policy: String,
    pub policy_id: String,
    pub why: String,
    pub origin: Origin,
}

/// Unprotected sign-ins with something in common: in each dimension the values they take,
/// `None` for any (or when the policies do not tell values of it apart).
#[derive(Debug, Clone)]
pub struct Row {
    pub segment: Segment,
    pub status: RowStatus,
    pub apps: Option<Vec<String>>,
    pub clients: Option<Vec<String>>,
    pub platforms: Option<Vec<String>>,
    pub places: Option<Vec<String>>,
    pub sign_in_risks: Option<Vec<String>>,
    pub user_risks: Option<Vec<String>>,
    /// Why unknown, for unknown rows.
    pub unknown: Option<String>,
    pub near_misses: Vec<NearMiss>,
}

impl Row {
    /// The row's sign-ins in words: "any app, exchangeActiveSync, any platform, anywhere".
    pub fn scenario(&self) -> String {
        let or = |values: &Option<Vec<String>>, prefix: &str, any: &str| match values {
            Some(values) => format!("{prefix}{}", values.join(" or ")),
            None => any.to_string(),
        };
        let mut parts = vec![
            or(&self.apps, "", "any app"),
            or(&self.clients, "", "any client app"),
            or(&self.platforms, "platform ", "any platform"),
            or(&self.places, "", "anywhere"),
        ];
        if let Some(levels) = &self.sign_in_risks {
            parts.push(format!("sign-in risk {}", levels.join(" or ")));
        }
        if let Some(levels) = &self.user_risks {
            parts.push(format!("user risk {}", levels.join(" or ")));
        }
        parts.join(", ")
    }
}

#[derive(Debug, Clone, Default)]
pub struct Gaps {
    pub rows: Vec<Row>,
    /// Set when security defaults protect every sign-in.
    pub by_security_defaults: bool,
    /// Why nothing can be said: no Conditional Access export, and no proof of security defaults.
    pub not_evaluated: Option<String>,
    /// How many sign-ins were swept.
    pub swept: usize,
}

impl Gaps {
    pub fn is_clean(&self) -> bool {
        self.rows.is_empty() && self.not_evaluated.is_none()
    }
}

/// The values the dimensions of a sign-in take besides who and what for; `None` stands for "not
/// asked", used where no policy in question is conditioned on the dimension.
struct Dimensions {
    clients: Vec<Option<ClientAppType>>,
    platforms: Vec<Option<String>>,
    places: Vec<Option<Place>>,
    sign_in_risks: Vec<Option<String>>,
    user_risks: Vec<Option<String>>,
}

impl Dimensions {
    /// The circumstance of `axis` at its `value`-th value.
    fn circumstance(&self, axis: usize, value: usize) -> Circumstance<'_> {
        match axis {
            0 => Circumstance::Client(self.clients[value]),
            1 => Circumstance::Platform(self.platforms[value].as_deref()),
            2 => Circumstance::Place(self.places[value].as_ref()),
            3 => Circumstance::SignInRisk(self.sign_in_risks[value].as_deref()),
            _ => Circumstance::UserRisk(self.user_risks[value].as_deref()),
        }
    }

    fn sizes(&self) -> [usize; 5] {
        [
            self.clients.len(),
            self.platforms.len(),
            self.places.len(),
            self.sign_in_risks.len(),
            self.user_risks.len(),
        ]
    }
}

/// Every app and user action the tenant's policies name, and every app.
fn apps(tenant: &Tenant) -> Vec<AppTarget> {
    let mut apps = vec![AppTarget::Every];
    for policy in tenant.policies() {
        let conditions = &policy.conditions.applications;
        for entry in conditions.include.iter().chain(&conditions.exclude) {
            let value = entry.value.as_str();
            if value.eq_ignore_ascii_case(ALL) || value.eq_ignore_ascii_case("None") {
                continue;
            }
            if let Ok(target) = AppTarget::parse(value) {
                if !apps.contains(&target) {
                    apps.push(target);
                }
            }
        }
        for action in &conditions.user_actions {
            let target = AppTarget::UserAction(action.value.to_ascii_lowercase());
            if !apps.contains(&target) {
                apps.push(target);
            }
        }
    }
    apps
}

/// The values that tell `policies` apart: only these need asking, for these policies.
fn dimensions(tenant: &Tenant, policies: &[&CaPolicy]) -> Dimensions {
    let clients = if policies
        .iter()
        .any(|p| client_app_types(p).len() < ClientAppType::EVERY.len())
    {
        ClientAppType::EVERY.into_iter().map(Some).collect()
    } else {
        vec![None]
    };
    let platforms = {
        let conditioned: Vec<&IncludeExclude> = policies
            .iter()
            .filter_map(|p| p.conditions.platforms.as_ref())
            .collect();
        if conditioned.is_empty() {
            vec![None]
        } else {
            let named: BTreeSet<String> = conditioned
                .iter()
                .flat_map(|c| c.include.iter().chain(&c.exclude))
                .map(|p| p.value.to_ascii_lowercase())
                .filter(|p| p != "all")
                .collect();
            let mut values: Vec<Option<String>> = super::signin::PLATFORMS
                .iter()
                .filter(|p| named.contains(&p.to_ascii_lowercase()))
                .map(|p| Some(p.to_string()))
                .collect();
            if let Some(unnamed) = super::signin::PLATFORMS
                .iter()
                .find(|p| !named.contains(&p.to_ascii_lowercase()))
            {
                values.push(Some(unnamed.to_string()));
            }
            values
        }
    };
    let places = {
        let conditioned: Vec<&IncludeExclude> = policies
            .iter()
            .filter_map(|p| p.conditions.locations.as_ref())
            .collect();
        if conditioned.is_empty() {
            vec![None]
        } else {
            let known = tenant.named_locations.as_deref().unwrap_or_default();
            let mut ids: Vec<String> = Vec::new();
            let mut trusted_named = false;
            for entry in conditioned
                .iter()
                .flat_map(|c| c.include.iter().chain(&c.exclude))
            {
                if entry.value.eq_ignore_ascii_case(ALL) {
                    continue;
                }
                if entry.value.eq_ignore_ascii_case("AllTrusted") {
                    trusted_named = true;
                    continue;
                }
                if !ids.iter().any(|id| id.eq_ignore_ascii_case(&entry.value)) {
                    ids.push(entry.value.clone());
                }
            }
            if trusted_named {
                for location in known.iter().filter(|l| l.trusted() != Fact::No) {
                    if !ids.iter().any(|id| id.eq_ignore_ascii_case(&location.id)) {
                        ids.push(location.id.clone());
                    }
                }
            }
            let mut values: Vec<Option<Place>> = ids
                .iter()
                .map(|id| {
                    Some(match known.iter().find(|l| l.id.eq_ignore_ascii_case(id)) {
                        Some(location) => Place::inside(location, known),
                        None => Place::inside_unexported(id),
                    })
                })
                .collect();
            if trusted_named && !known.iter().any(|l| l.trusted() == Fact::Yes) {
                values.push(Some(Place::trusted_unexported()));
            }
            values.push(Some(Place::outside_every_location()));
            values
        }
    };
    let risk_levels = |levels: fn(&CaPolicy) -> &Option<Located<Vec<String>>>| {
        let named: BTreeSet<String> = policies
            .iter()
            .filter_map(|p| levels(p).as_ref())
            .flat_map(|l| l.value.iter().map(|v| v.to_ascii_lowercase()))
            .collect();
        if named.is_empty() {
            vec![None]
        } else {
            std::iter::once(Some("none".to_string()))
                .chain(named.into_iter().map(Some))
                .collect()
        }
    };
    Dimensions {
        clients,
        platforms,
        places,
        sign_in_risks: risk_levels(|p| &p.conditions.sign_in_risk_levels),
        user_risks: risk_levels(|p| &p.conditions.user_risk_levels),
    }
}

/// Whose sign-ins are swept, most privileged first.
fn segments(people: &People) -> Vec<Segment> {
    let tenant = people.tenant();
    let mut roles: Vec<(String, String)> = ADMIN_ROLES
        .iter()
        .map(|(id, name)| (id.to_string(), name.to_string()))
        .collect();
    roles.push((
        HYBRID_IDENTITY_ADMINISTRATOR.to_string(),
        "Hybrid Identity Administrator".to_string(),
    ));
    let mut excluded_users = BTreeSet::new();
    let mut excluded_groups = BTreeSet::new();
    for policy in tenant.policies() {
        let users = &policy.conditions.users;
        for role in users.include_roles.iter().chain(&users.exclude_roles) {
            if !is_directory_sync(&role.value)
                && !roles
                    .iter()
                    .any(|(id, _)| id.eq_ignore_ascii_case(&role.value))
            {
                let name = admin_role_name(&role.value)
                    .map_or_else(|| format!("role {}", role.value), str::to_string);
                roles.push((role.value.to_ascii_lowercase(), name));
            }
        }
        for user in users.exclude_users.iter() {
            if crate::model::ids::is_guid(user.value) {
                excluded_users.insert(user.value.to_ascii_lowercase());
            }
        }
        for group in &users.exclude_groups {
            excluded_groups.insert(group.value.to_ascii_lowercase());
        }
    }
    let emergency = people.emergency();
    let mut out: Vec<Segment> = roles
        .into_iter()
        .map(|(template_id, name)| Segment::Role { template_id, name })
        .collect();
    out.extend(
        excluded_users
            .iter()
            .filter(|id| !emergency.accounts.contains(*id))
            .map(|id| Segment::ExcludedUser {
                id: id.clone(),
                label: people.user_label(id),
            }),
    );
    out.extend(
        excluded_groups
            .iter()
            .filter(|id| !emergency.groups.contains(*id))
            .map(|id| Segment::ExcludedGroup {
                id: id.clone(),
                label: people.group_name(id),
            }),
    );
    out.push(Segment::AllUsers);
    out.push(Segment::Guests);
    let mut declared: Vec<&String> = emergency.accounts.iter().collect();
    declared.sort();
    out.extend(declared.into_iter().map(|id| Segment::EmergencyAccount {
        id: id.clone(),
        label: people.user_label(id),
    }));
    out
}

fn who<'a>(people: &People<'a>, segment: &'a Segment) -> Who<'a> {
    match segment {
        Segment::Role { template_id, .. } => Who::Target(Target::Role(template_id)),
        Segment::ExcludedUser { id, .. } | Segment::EmergencyAccount { id, .. } => {
            Who::Target(Target::Person(Subject::new(people, id)))
        }
        Segment::ExcludedGroup { id, .. } => Who::Group(id),
        Segment::AllUsers => Who::Target(Target::AllUsers),
        Segment::Guests => Who::Target(Target::Person(Subject::a_guest())),
    }
}

/// Every sign-in the tenant's policies tell apart, for everyone they tell apart.
pub fn find_gaps(people: &People, options: &GapOptions) -> Gaps {
    sweep(people, options, segments(people), None)
}

/// Whether every sign-in of every user to every app is protected: what MFA003 asks, answered by
/// the sweep. Policies narrowed in ways that complement each other (one for iOS, one for every
/// platform but iOS) protect together what neither does alone.
pub fn every_user_on_every_app(people: &People, protection: &Protection) -> bool {
    let options = GapOptions {
        report_only_as_on: false,
        protection: protection.clone(),
    };
    sweep(
        people,
        &options,
        vec![Segment::AllUsers],
        Some(AppTarget::Every),
    )
    .is_clean()
}

fn sweep(
    people: &People,
    options: &GapOptions,
    segments: Vec<Segment>,
    only_app: Option<AppTarget>,
) -> Gaps {
    let tenant = people.tenant();
    if SecurityDefaultsState::of(tenant).is_enabled() {
        return Gaps {
            by_security_defaults: true,
            ..Gaps::default()
        };
    }
    if !licences::ca_enforcement_known(tenant) {
        return Gaps {
            not_evaluated: Some(InputKind::ConditionalAccess.missing()),
            ..Gaps::default()
        };
    }
    let apps = match only_app {
        Some(app) => vec![app],
        None => apps(tenant),
    };
    let protective: Vec<&CaPolicy> = tenant
        .policies()
        .iter()
        .filter(|p| options.protection.by(p))
        .collect();
    let sweeper = Sweeper {
        people,
        options,
        protective,
        p1_undecided: licences::p1_undecided(tenant),
    };
    let mut gaps = Gaps::default();
    for segment in segments {
        let who = who(people, &segment);
        let mut cells = Vec::new();
        for app in &apps {
            cells.extend(sweeper.one_app(&who, app, &mut gaps.swept));
        }
        gaps.rows
            .extend(rows(&segment, merge_apps(cells, apps.len())));
    }
    gaps
}

/// What the sweep of one person (or kind of person) and one app needs.
struct Sweeper<'a, 't> {
    people: &'a People<'t>,
    options: &'a GapOptions,
    protective: Vec<&'t CaPolicy>,
    p1_undecided: bool,
}

/// Unprotected sign-ins alike in all but some dimensions: in each, the values they take (by
/// name), `None` for any. Axis 0 is the app, then client, platform, place and the two risks.
type Cell = [Option<BTreeSet<String>>; 6];

/// What unprotected sign-ins meet, and one of them (indexes into its app's dimensions) from
/// which the policies that come close are told.
#[derive(Debug, Clone)]
struct Found {
    status: RowStatus,
    unknown: Option<String>,
    near: Vec<NearMiss>,
    at: [Option<usize>; 5],
}

/// A policy that may still apply to the sign-ins of a branch of the sweep; `unknown` when a
/// fact the export does not hold decides it.
#[derive(Clone)]
struct Alive {
    candidate: usize,
    unknown: Option<Rc<str>>,
}

impl Sweeper<'_, '_> {
    /// Whether a policy may protect: enforced, report-only taken as on, or in a state Graph
    /// does not document (it may be on; its answer stays unknown).
    fn counts(&self, policy: &CaPolicy) -> bool {
        match effect(policy, self.people.tenant()) {
            Effect::Enforced => true,
            Effect::NotEnforced => match policy.state.value {
                PolicyState::ReportOnly => self.options.report_only_as_on,
                PolicyState::Unknown(_) => true,
                _ => false,
            },
            Effect::Unlicensed => false,
        }
    }

    /// The unprotected sign-ins of one app, merged. Only the policies that may apply to this
    /// person and app decide which clients, platforms, places and risks need telling apart; the
    /// sweep splits on one dimension at a time and stops where a policy protects everything
    /// left, or where none can.
    fn one_app(&self, who: &Who, app: &AppTarget, swept: &mut usize) -> Vec<(Cell, Found)> {
        let tenant = self.people.tenant();
        // Who and what decide most policies, asked once; swept sign-ins carry no insider risk,
        // device details or special authentication flow.
        let candidates: Vec<Candidate> = self
            .protective
            .iter()
            .map(|policy| {
                let verdict = then(audience_and_target(policy, self.people, who, app), || {
                    [
                        Circumstance::InsiderRisk(None),
                        Circumstance::Device(None),
                        Circumstance::Flow(None),
                    ]
                    .into_iter()
                    .fold(Verdict::Applies, |v, c| {
                        then(v, || meets(policy, tenant, c))
                    })
                });
                (*policy, verdict)
            })
            .filter(|(_, verdict)| !aimed_elsewhere(verdict))
            .map(|(policy, verdict)| Candidate {
                policy,
                verdict,
                conditioned: conditioned_axes(policy, tenant),
            })
            .collect();
        let alive: Vec<Alive> = candidates
            .iter()
            .enumerate()
            .filter_map(|(index, c)| match &c.verdict {
                Verdict::Applies => Some(Alive {
                    candidate: index,
                    unknown: super::policy::undocumented_state(c.policy).map(Into::into),
                }),
                Verdict::Unknown { why, .. } => Some(Alive {
                    candidate: index,
                    unknown: Some(format!("policy {} may apply: {why}", c.policy.label()).into()),
                }),
                Verdict::DoesNotApply { .. } => None,
            })
            .collect();
        let deciding: Vec<&CaPolicy> = alive
            .iter()
            .map(|a| candidates[a.candidate].policy)
            .collect();
        let dims = dimensions(tenant, &deciding);
        let mut found = Vec::new();
        self.split(&dims, &candidates, 0, alive, [None; 5], &mut found, swept);
        let mut cells = merge(&dims, app, found);
        for (_, found) in &mut cells {
            found.near = self.near_misses(&dims, &candidates, found.at);
        }
        cells
    }

    /// Decides the sign-ins whose first `axis` circumstances are `at`, splitting on the next.
    #[allow(clippy::too_many_arguments)]
    fn split(
        &self,
        dims: &Dimensions,
        candidates: &[Candidate],
        axis: usize,
        alive: Vec<Alive>,
        at: [Option<usize>; 5],
        found: &mut Vec<Found>,
        swept: &mut usize,
    ) {
        let sizes = dims.sizes();
        let left: usize = sizes[axis..].iter().product();
        let unsettled = !0u8 << axis;
        let counting = |a: &&Alive| self.counts(candidates[a.candidate].policy);
        let protected = !self.p1_undecided
            && alive.iter().filter(counting).any(|a| {
                a.unknown.is_none() && candidates[a.candidate].conditioned & unsettled == 0
            });
        if protected {
            *swept += left;
            return;
        }
        let hopeful = alive.iter().any(|a| counting(&a));
        if !hopeful || axis == sizes.len() {
            *swept += left;
            let unknown = alive
                .iter()
                .filter(counting)
                .find_map(|a| match &a.unknown {
                    Some(why) => Some(why.to_string()),
                    None if self.p1_undecided => Some(
                        "the licences list an Entra ID P1 plan without its status, so whether \
                     Conditional Access takes effect cannot be told"
                            .to_string(),
                    ),
                    None => None,
                });
            found.push(Found {
                status: if unknown.is_some() {
                    RowStatus::Unknown
                } else {
                    RowStatus::Gap
                },
                unknown,
                near: Vec::new(),
                at,
            });
            return;
        }
        let tenant = self.people.tenant();
        for value in 0..sizes[axis] {
            let circumstance = dims.circumstance(axis, value);
            let next: Vec<Alive> = alive
                .iter()
                .filter_map(|a| {
                    let policy = candidates[a.candidate].policy;
                    match meets(policy, tenant, circumstance) {
                        Verdict::Applies => Some(a.clone()),
                        Verdict::Unknown { why, .. } => Some(Alive {
                            candidate: a.candidate,
                            unknown: a.unknown.clone().or_else(|| {
                                Some(format!("policy {} may apply: {why}", policy.label()).into())
                            }),
                        }),
                        Verdict::DoesNotApply { .. } => None,
                    }
                })
                .collect();
            let mut here = at;
            here[axis] = Some(value);
            self.split(dims, candidates, axis + 1, next, here, found, swept);
        }
    }

    /// The policies that come close to protecting the sign-in at `at` (its circumstances not
    /// given are any): those not on that would apply, and those an exclusion or a narrowing
    /// condition leaves it out of.
    fn near_misses(
        &self,
        dims: &Dimensions,
        candidates: &[Candidate],
        at: [Option<usize>; 5],
    ) -> Vec<NearMiss> {
        let tenant = self.people.tenant();
        let mut near: Vec<NearMiss> = Vec::new();
        for candidate in candidates {
            let policy = candidate.policy;
            let verdict = at
                .iter()
                .enumerate()
                .filter_map(|(axis, value)| value.map(|v| dims.circumstance(axis, v)))
                .fold(candidate.verdict.clone(), |v, c| {
                    then(v, || meets(policy, tenant, c))
                });
            let miss = match (verdict, self.counts(policy)) {
                (Verdict::Applies, false) => NearMiss {
                    policy: policy.label(),
                    policy_id: policy.id.clone(),
                    why: format!("is {}", state_words(policy, tenant)),
                    origin: policy.state.origin.clone(),
                },
                (
                    Verdict::DoesNotApply {
                        why,
                        origin,
                        left_out: true,
                        ..
                    },
                    true,
                ) => NearMiss {
                    policy: policy.label(),
                    policy_id: policy.id.clone(),
                    why: format!("does not apply: {why}"),
                    origin,
                },
                _ => continue,
            };
            if !near.contains(&miss) {
                near.push(miss);
            }
        }
        near
    }
}

/// A policy that may apply to some sign-ins of one person and app: its verdict on who and what,
/// and the dimensions it is conditioned on (a bit per axis: client, platform, place, sign-in
/// risk, user risk).
struct Candidate<'t> {
    policy: &'t CaPolicy,
    verdict: Verdict,
    conditioned: u8,
}

/// A policy for other people, apps or clients says nothing about why these sign-ins are
/// unprotected; one that leaves them out by an exclusion or a narrowing condition does.
fn aimed_elsewhere(verdict: &Verdict) -> bool {
    matches!(
        verdict,
        Verdict::DoesNotApply {
            left_out: false,
            ..
        }
    )
}

fn conditioned_axes(policy: &CaPolicy, tenant: &Tenant) -> u8 {
    [
        Circumstance::Client(None),
        Circumstance::Platform(None),
        Circumstance::Place(None),
        Circumstance::SignInRisk(None),
        Circumstance::UserRisk(None),
    ]
    .into_iter()
    .enumerate()
    .filter(|(_, unsaid)| conditioned_on(policy, tenant, *unsaid))
    .fold(0, |mask, (axis, _)| mask | 1 << axis)
}

fn state_words(policy: &CaPolicy, tenant: &Tenant) -> String {
    match effect(policy, tenant) {
        Effect::Unlicensed => "enabled, but the licences include no Entra ID P1 plan".into(),
        _ => policy.state.value.describe(),
    }
}

/// The values unprotected sign-ins take in each of `N` dimensions; `None` for any.
type Axes<T, const N: usize> = [Option<BTreeSet<T>>; N];

/// Merges cells alike but on `axis` into one listing the values of `axis`; `every` is how many
/// values the axis has, so that a cell holding them all says "any" (`None`).
fn merge_axis<T: Ord + Clone + std::hash::Hash, const N: usize>(
    cells: Vec<(Axes<T, N>, Found)>,
    axis: usize,
    every: usize,
) -> Vec<(Axes<T, N>, Found)> {
    let mut merged: Vec<(Axes<T, N>, Found)> = Vec::new();
    let mut alike: IdMap<(Axes<T, N>, RowStatus), usize> = IdMap::default();
    for (cell, found) in cells {
        let mut key = cell.clone();
        key[axis] = None;
        match alike.entry((key, found.status)) {
            Entry::Occupied(at) => {
                let values = &mut merged[*at.get()].0[axis];
                match (values.as_mut(), &cell[axis]) {
                    (Some(values), Some(more)) => values.extend(more.iter().cloned()),
                    _ => *values = None,
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(merged.len());
                merged.push((cell, found));
            }
        }
    }
    for (cell, _) in &mut merged {
        if cell[axis]
            .as_ref()
            .is_some_and(|v| v.len() == every && every > 1)
        {
            cell[axis] = None;
        }
    }
    merged
}

/// The unprotected sign-ins of one app merged along each dimension, last first, then named.
fn merge(dims: &Dimensions, app: &AppTarget, points: Vec<Found>) -> Vec<(Cell, Found)> {
    let mut cells: Vec<([Option<BTreeSet<usize>>; 5], Found)> = points
        .into_iter()
        .map(|found| (found.at.map(|i| i.map(|i| BTreeSet::from([i]))), found))
        .collect();
    for (axis, every) in dims.sizes().into_iter().enumerate().rev() {
        cells = merge_axis(cells, axis, every);
    }
    // A dimension not asked (`None` among its values) is any value of it.
    let named = |values: &Option<BTreeSet<usize>>, name: &dyn Fn(usize) -> Option<String>| {
        let names: BTreeSet<String> = values.as_ref()?.iter().filter_map(|&i| name(i)).collect();
        (!names.is_empty()).then_some(names)
    };
    cells
        .into_iter()
        .map(|(at, found)| {
            let cell: Cell = [
                Some(BTreeSet::from([app.describe()])),
                named(&at[0], &|i| dims.clients[i].map(|c| c.name().to_string())),
                named(&at[1], &|i| dims.platforms[i].clone()),
                named(&at[2], &|i| {
                    dims.places[i].as_ref().map(|p| p.described.clone())
                }),
                named(&at[3], &|i| dims.sign_in_risks[i].clone()),
                named(&at[4], &|i| dims.user_risks[i].clone()),
            ];
            (cell, found)
        })
        .collect()
}

/// Cells of every app merged along the app axis.
fn merge_apps(cells: Vec<(Cell, Found)>, apps: usize) -> Vec<(Cell, Found)> {
    merge_axis(cells, 0, apps)
}

fn rows(segment: &Segment, cells: Vec<(Cell, Found)>) -> Vec<Row> {
    let listed =
        |values: &Option<BTreeSet<String>>| values.as_ref().map(|v| v.iter().cloned().collect());
    cells
        .into_iter()
        .map(|(cell, found)| {
            let Found {
                status,
                unknown,
                near: near_misses,
                ..
            } = found;
            Row {
                segment: segment.clone(),
                status,
                apps: listed(&cell[0]),
                clients: listed(&cell[1]),
                platforms: listed(&cell[2]),
                places: listed(&cell[3]),
                sign_in_risks: listed(&cell[4]),
                user_risks: listed(&cell[5]),
                unknown,
                near_misses,
            }
        })
        .collect()
}
