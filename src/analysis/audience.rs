//! Who a policy applies to: a person (through their id, roles, groups and user type), a role,
//! or everyone. Exclusions are returned with the exact value that makes them, so a finding can
//! point at it.

use super::people::{HeldRoles, Membership, People};
use super::roles::is_directory_sync;
use crate::model::ids::IdList;
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
    /// A fact that decides it is not in the export: group membership, role holding or scope,
    /// user type.
    Unknown {
        why: String,
        origin: Origin,
    },
}

/// The person a coverage question is about.
pub struct Subject<'a> {
    pub user_id: &'a str,
    /// Which of Conditional Access's kinds of guest or external user they may be.
    pub kinds: GuestKinds,
    /// The roles the export shows them holding, and whether that is all.
    pub roles: HeldRoles<'a>,
}

impl<'a> Subject<'a> {
    /// A hypothetical guest: invited from another tenant, no role, in no group the export
    /// shows.
    pub fn a_guest() -> Self {
        Subject {
            user_id: "a guest",
            kinds: GuestKinds::of(UserType::Guest, Some("guest#EXT#@")),
            roles: HeldRoles {
                held: Vec::new(),
                incomplete: None,
            },
        }
    }

    pub fn new(people: &People<'a>, user_id: &'a str) -> Self {
        Subject {
            user_id,
            kinds: GuestKinds::of(people.user_type(user_id), people.upn(user_id)),
            roles: people.roles_of(user_id),
        }
    }
}

/// What the tenant's policies can tell apart about a person: two people with the same key get
/// the same answer from every policy, wording included. A question about many people (is each
/// admin required to use MFA?) is then answered once per key, not once per person.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct AudienceKey<'a> {
    /// The person themself, where an answer would name them: a policy lists them by id, or
    /// whether a policy's guest condition selects them is not settled (the answer then says
    /// who is meant).
    named: Option<&'a str>,
    kinds: GuestKinds,
    /// For each role some policy names: whether it targets them, and the holding's name, which
    /// an exclusion's wording uses (`None`: not held).
    roles: Vec<(Fact, Option<Option<&'a str>>)>,
    incomplete: Option<&'static str>,
    /// For each group some policy names: their membership.
    groups: Vec<Membership>,
}

/// The roles and groups the tenant's policies name, found once for every [`AudienceKey`].
pub struct Audiences<'t> {
    policies: &'t [CaPolicy],
    roles: Vec<&'t str>,
    groups: Vec<&'t str>,
    /// Every guest and external user condition, included or excluded.
    guests: Vec<Selection>,
}

impl<'t> Audiences<'t> {
    pub fn of(tenant: &'t Tenant) -> Self {
        let policies = tenant.policies();
        let named = |pick: fn(&UserConditions) -> [&Vec<Located<String>>; 2]| {
            let mut names: Vec<&str> = policies
                .iter()
                .flat_map(|p| pick(&p.conditions.users))
                .flatten()
                .map(|name| name.value.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            names
        };
        let guests = policies
            .iter()
            .flat_map(|p| {
                let users = &p.conditions.users;
                [
                    Selection::of(users.include_guests.as_ref(), &users.include_users),
                    Selection::of(users.exclude_guests.as_ref(), &users.exclude_users),
                ]
            })
            .flatten()
            .collect();
        Audiences {
            policies,
            roles: named(|users| [&users.include_roles, &users.exclude_roles]),
            groups: named(|users| [&users.include_groups, &users.exclude_groups]),
            guests,
        }
    }

    pub fn key<'a>(&self, people: &People<'a>, subject: &Subject<'a>) -> AudienceKey<'a>
    where
        't: 'a,
    {
        let by_id = self.policies.iter().any(|policy| {
            let users = &policy.conditions.users;
            users.include_users.contains(subject.user_id)
                || users.exclude_users.contains(subject.user_id)
        });
        let unsettled_kind = self
            .guests
            .iter()
            .any(|selection| subject.kinds.selected_by(selection) == Fact::Unknown);
        AudienceKey {
            named: (by_id || unsettled_kind).then_some(subject.user_id),
            kinds: subject.kinds,
            roles: self
                .roles
                .iter()
                .map(|role| {
                    let name = subject
                        .roles
                        .holding(role)
                        .map(|held| held.holding.role_name.as_deref());
                    (subject.roles.targets(role), name)
                })
                .collect(),
            incomplete: subject.roles.incomplete,
            groups: self
                .groups
                .iter()
                .map(|group| people.membership(group, subject.user_id))
                .collect(),
        }
    }
}

/// The kinds a directory user may be, as Conditional Access's guest and external user
/// condition tells them apart, as a set: one kind when the export says enough, several when
/// it does not. Told from `userType` and whether the UPN carries `#EXT#` (an account invited
/// from another tenant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GuestKinds(u8);

impl GuestKinds {
    /// A member of this tenant: no guest or external kind.
    const INTERNAL: u8 = 1;
    /// `internalGuest`: a guest account of this tenant.
    const INTERNAL_GUEST: u8 = 2;
    /// `b2bCollaborationGuest`: invited from another tenant as a guest.
    const B2B_GUEST: u8 = 4;
    /// `b2bCollaborationMember`: invited from another tenant as a member.
    const B2B_MEMBER: u8 = 8;
    const EXTERNAL: u8 = Self::INTERNAL_GUEST | Self::B2B_GUEST | Self::B2B_MEMBER;
    /// From another tenant: an `externalTenants` list decides them by their home tenant.
    const FROM_ELSEWHERE: u8 = Self::B2B_GUEST | Self::B2B_MEMBER;

    pub fn of(user_type: UserType, upn: Option<&str>) -> Self {
        let invited = upn.map(|u| u.contains("#EXT#"));
        GuestKinds(match (user_type, invited) {
            (UserType::Member, Some(false)) => Self::INTERNAL,
            (UserType::Member, Some(true)) => Self::B2B_MEMBER,
            (UserType::Member, None) => Self::INTERNAL | Self::B2B_MEMBER,
            (UserType::Guest, Some(false)) => Self::INTERNAL_GUEST,
            (UserType::Guest, Some(true)) => Self::B2B_GUEST,
            (UserType::Guest, None) => Self::INTERNAL_GUEST | Self::B2B_GUEST,
            (UserType::Unknown, Some(true)) => Self::FROM_ELSEWHERE,
            (UserType::Unknown, Some(false)) => Self::INTERNAL | Self::INTERNAL_GUEST,
            (UserType::Unknown, None) => Self::INTERNAL | Self::EXTERNAL,
        })
    }

    /// Whether a guest and external user selection covers this user: yes when every kind
    /// they may be is selected, no when none is, and otherwise unknown.
    fn selected_by(self, selection: &Selection) -> Fact {
        let hit = self.0 & selection.kinds;
        let miss = self.0 & !selection.kinds;
        let by_tenant = selection.some_tenants && hit & Self::FROM_ELSEWHERE != 0;
        match (hit, miss) {
            // A type name this version does not know may name one of these kinds.
            (0, _) if selection.unknown_names && self.0 & Self::EXTERNAL != 0 => Fact::Unknown,
            (0, _) => Fact::No,
            (_, 0) if !by_tenant => Fact::Yes,
            _ => Fact::Unknown,
        }
    }
}

/// A policy's guest and external user condition, as kinds of directory user.
struct Selection {
    kinds: u8,
    unknown_names: bool,
    some_tenants: bool,
    origin: Origin,
}

impl Selection {
    /// The `...GuestsOrExternalUsers` condition, or the legacy `GuestsOrExternalUsers` entry in
    /// the user list, which selects every kind.
    fn of(condition: Option<&GuestSelection>, users: &IdList) -> Option<Self> {
        if let Some(condition) = condition {
            let mut kinds = 0;
            let mut unknown_names = false;
            for name in &condition.types {
                match name.to_ascii_lowercase().as_str() {
                    "internalguest" => kinds |= GuestKinds::INTERNAL_GUEST,
                    "b2bcollaborationguest" => kinds |= GuestKinds::B2B_GUEST,
                    "b2bcollaborationmember" => kinds |= GuestKinds::B2B_MEMBER,
                    // Kinds that have no account in this directory.
                    "b2bdirectconnectuser" | "otherexternaluser" | "serviceprovider" => {}
                    _ => unknown_names = true,
                }
            }
            return Some(Selection {
                kinds,
                unknown_names,
                some_tenants: condition.some_tenants,
                origin: condition.origin.clone(),
            });
        }
        users.find("GuestsOrExternalUsers").map(|entry| Selection {
            kinds: GuestKinds::EXTERNAL,
            unknown_names: false,
            some_tenants: false,
            origin: entry.origin(),
        })
    }
}

/// Coverage that hangs on which kind of guest or external user someone is, which the export
/// does not say.
fn kind_unknown(people: &People, subject: &Subject, verb: &str, origin: &Origin) -> Applies {
    Applies::Unknown {
        why: format!(
            "it {verb} some guests and external users, and the export does not say which kind of user {} \
             is (userType, an invited account's #EXT# UPN, or their home tenant)",
            people.user_label(subject.user_id)
        ),
        origin: origin.clone(),
    }
}

/// Coverage that hangs on a role holding the export may not show.
fn role_unknown(subject: &Subject, verb: &str, role: &Located<String>) -> Applies {
    let why = match subject.roles.holding(&role.value) {
        Some(_) => format!(
            "it {verb} role {}, and whether they hold it tenant-wide is not in the export (directoryScopeId)",
            role_name(&role.value)
        ),
        None => format!(
            "it {verb} role {}, and {}",
            role_name(&role.value),
            subject.roles.incomplete.unwrap_or("the export does not say whether they hold it")
        ),
    };
    Applies::Unknown {
        why,
        origin: role.origin.clone(),
    }
}

fn role_name(template_id: &str) -> String {
    super::roles::admin_role_name(template_id)
        .map_or_else(|| template_id.to_string(), str::to_string)
}

pub fn applies_to(policy: &CaPolicy, people: &People, subject: &Subject) -> Applies {
    let users = &policy.conditions.users;
    match included(users, people, subject) {
        Applies::Yes => excluded(users, people, subject),
        other => other,
    }
}

fn included(users: &UserConditions, people: &People, subject: &Subject) -> Applies {
    if users.include_users.contains(ALL) || users.include_users.contains(subject.user_id) {
        return Applies::Yes;
    }
    let mut unknown = None;
    if let Some(guests) = Selection::of(users.include_guests.as_ref(), &users.include_users) {
        match subject.kinds.selected_by(&guests) {
            Fact::Yes => return Applies::Yes,
            Fact::Unknown => {
                unknown = Some(kind_unknown(people, subject, "includes", &guests.origin))
            }
            Fact::No => {}
        }
    }
    for role in &users.include_roles {
        match subject.roles.targets(&role.value) {
            Fact::Yes => return Applies::Yes,
            Fact::Unknown => unknown = Some(role_unknown(subject, "includes", role)),
            Fact::No => {}
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

/// Whether a policy's exclusions leave this person out, whatever includes them.
pub fn excludes(policy: &CaPolicy, people: &People, subject: &Subject) -> Applies {
    excluded(&policy.conditions.users, people, subject)
}

fn excluded(users: &UserConditions, people: &People, subject: &Subject) -> Applies {
    if let Some(user) = users.exclude_users.find(subject.user_id) {
        return Applies::Excluded {
            how: "it excludes them by user id".into(),
            origin: user.origin(),
        };
    }
    let mut unknown = None;
    if let Some(guests) = Selection::of(users.exclude_guests.as_ref(), &users.exclude_users) {
        match subject.kinds.selected_by(&guests) {
            Fact::Yes => {
                return Applies::Excluded {
                    how: "it excludes guests and external users of their kind".into(),
                    origin: guests.origin,
                }
            }
            Fact::Unknown => {
                unknown = Some(kind_unknown(people, subject, "excludes", &guests.origin))
            }
            Fact::No => {}
        }
    }
    // Excluding the Directory Synchronization Accounts role leaves no person out.
    for role in users
        .exclude_roles
        .iter()
        .filter(|r| !is_directory_sync(&r.value))
    {
        match subject.roles.targets(&role.value) {
            Fact::Yes => {
                let name = subject
                    .roles
                    .holding(&role.value)
                    .and_then(|held| held.holding.role_name.clone())
                    .unwrap_or_else(|| role_name(&role.value));
                return Applies::Excluded {
                    how: format!("it excludes the role {name}, which they hold"),
                    origin: role.origin.clone(),
                };
            }
            Fact::Unknown => unknown = Some(role_unknown(subject, "excludes", role)),
            Fact::No => {}
        }
    }
    for group in &users.exclude_groups {
        match people.membership(&group.value, subject.user_id) {
            Membership::Member => {
                return Applies::Excluded {
                    how: format!(
                        "it excludes group {}, of which they are a member",
                        people.group_name(&group.value)
                    ),
                    origin: group.origin.clone(),
                }
            }
            Membership::Unknown => unknown = Some(membership_unknown(people, "excludes", group)),
            Membership::NotMember => {}
        }
    }
    unknown.unwrap_or(Applies::Yes)
}

/// The first way a policy that targets "all users" leaves some out, if any. Excluding the
/// Directory Synchronization Accounts role is expected and leaves no one out. Only the first is
/// built: a policy may exclude millions of users.
pub fn first_audience_gap(policy: &CaPolicy, people: &People) -> Option<(String, Origin)> {
    let users = &policy.conditions.users;
    if !users.include_users.contains(ALL) {
        let origin = users
            .include_users
            .first()
            .map(|u| u.origin())
            .or_else(|| users.origin.clone())
            .unwrap_or_else(|| policy.origin.clone());
        return Some(("it does not include all users".to_string(), origin));
    }
    let emergency = people.emergency();
    if let Some(user) = users
        .exclude_users
        .iter()
        .find(|u| !emergency.accounts.contains(&u.value.to_ascii_lowercase()))
    {
        return Some((
            format!("it excludes user {}", people.user_label(user.value)),
            user.origin(),
        ));
    }
    if let Some(group) = users
        .exclude_groups
        .iter()
        .find(|g| !emergency.groups.contains(&g.value.to_ascii_lowercase()))
    {
        return Some((
            format!("it excludes group {}", people.group_name(&group.value)),
            group.origin.clone(),
        ));
    }
    if let Some(role) = users
        .exclude_roles
        .iter()
        .find(|r| !is_directory_sync(&r.value))
    {
        return Some((
            format!("it excludes role {}", role.value),
            role.origin.clone(),
        ));
    }
    users.exclude_guests.as_ref().map(|guests| {
        (
            "it excludes guests and external users".to_string(),
            guests.origin.clone(),
        )
    })
}

/// Whom a coverage question is about.
pub enum Target<'a> {
    Person(Subject<'a>),
    /// The holders of one role template, as role targeting sees them: user and group exclusions
    /// are left to the per-person rule.
    Role(&'a str),
    /// Every user: `includeUsers: All`, excluding no one but the Directory Synchronization
    /// Accounts role.
    AllUsers,
}

pub fn applies(policy: &CaPolicy, people: &People, target: &Target) -> Applies {
    match target {
        Target::Person(subject) => applies_to(policy, people, subject),
        Target::Role(template_id) => role_applies(policy, template_id),
        Target::AllUsers => all_users_applies(policy, people),
    }
}

fn includes_all_users(users: &UserConditions) -> bool {
    users.include_users.contains(ALL)
}

fn role_applies(policy: &CaPolicy, template_id: &str) -> Applies {
    let users = &policy.conditions.users;
    let included = includes_all_users(users)
        || users
            .include_roles
            .iter()
            .any(|r| r.value.eq_ignore_ascii_case(template_id));
    if !included {
        return Applies::NotIncluded;
    }
    match users
        .exclude_roles
        .iter()
        .find(|r| r.value.eq_ignore_ascii_case(template_id))
    {
        Some(role) => Applies::Excluded {
            how: "it excludes the role".into(),
            origin: role.origin.clone(),
        },
        None => Applies::Yes,
    }
}

/// How a policy reaches a group as a whole, whoever its members are: a declared
/// emergency-access group, whose members need not be exported.
#[derive(Debug, Clone)]
pub enum GroupCoverage {
    /// Through All users: excluding the group is the fix.
    AsAllUsers,
    /// Named in `includeGroups` (`origin`), the policy being meant for it or for a few groups.
    ByName { origin: Origin },
    /// Neither included nor excluded, or excluded; `Unknown` when an excluded group might hold
    /// it but its members were not exported.
    Not(Applies),
}

/// Whether a policy applies to a group: it includes All users or the group, and excludes
/// neither the group nor a group that holds it (nested groups count, as Conditional Access
/// counts them).
pub fn group_coverage(policy: &CaPolicy, people: &People, group_id: &str) -> GroupCoverage {
    let users = &policy.conditions.users;
    let by_name = users
        .include_groups
        .iter()
        .find(|g| g.value.eq_ignore_ascii_case(group_id));
    if !includes_all_users(users) && by_name.is_none() {
        return GroupCoverage::Not(Applies::NotIncluded);
    }
    let mut unknown = None;
    for excluded in &users.exclude_groups {
        if excluded.value.eq_ignore_ascii_case(group_id) {
            return GroupCoverage::Not(Applies::Excluded {
                how: "it excludes the group".into(),
                origin: excluded.origin.clone(),
            });
        }
        match people.membership(&excluded.value, group_id) {
            Membership::Member => {
                return GroupCoverage::Not(Applies::Excluded {
                    how: format!(
                        "it excludes group {}, which holds it",
                        people.group_name(&excluded.value)
                    ),
                    origin: excluded.origin.clone(),
                })
            }
            Membership::Unknown => unknown = Some(membership_unknown(people, "excludes", excluded)),
            Membership::NotMember => {}
        }
    }
    match (unknown, by_name) {
        (Some(unknown), _) => GroupCoverage::Not(unknown),
        (None, Some(named)) if !includes_all_users(users) => GroupCoverage::ByName {
            origin: named.origin.clone(),
        },
        (None, _) => GroupCoverage::AsAllUsers,
    }
}

fn all_users_applies(policy: &CaPolicy, people: &People) -> Applies {
    if !includes_all_users(&policy.conditions.users) {
        return Applies::NotIncluded;
    }
    match first_audience_gap(policy, people) {
        Some((how, origin)) => Applies::Excluded { how, origin },
        None => Applies::Yes,
    }
}

/// Whether a policy names anyone at all: `includeUsers: ["None"]` alone names no one.
pub fn names_anyone(policy: &CaPolicy) -> bool {
    let users = &policy.conditions.users;
    users
        .include_users
        .iter()
        .any(|u| !u.value.eq_ignore_ascii_case("None"))
        || !users.include_groups.is_empty()
        || !users.include_roles.is_empty()
        || users.include_guests.is_some()
}

/// A policy meant for chosen users or groups rather than for roles or guests: a candidate for
/// "everyone" that falls short, as opposed to a policy with another purpose.
pub fn names_users_or_groups(policy: &CaPolicy) -> bool {
    let users = &policy.conditions.users;
    !users.include_groups.is_empty()
        || users.include_users.iter().any(|u| {
            !u.value.eq_ignore_ascii_case("None")
                && !u.value.eq_ignore_ascii_case("GuestsOrExternalUsers")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(offset: usize) -> Origin {
        Origin {
            file: 0,
            span: offset..offset + 1,
            pointer: String::new(),
        }
    }

    fn listed(values: &[&str], first_offset: usize) -> Vec<Located<String>> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Located::new(v.to_string(), at(first_offset + i)))
            .collect()
    }

    fn policy(users: UserConditions) -> CaPolicy {
        CaPolicy {
            id: "p".into(),
            display_name: "P".into(),
            state: Located::new(PolicyState::Enabled, at(0)),
            conditions: Conditions {
                users,
                ..Conditions::default()
            },
            grant: None,
            session_controls: Vec::new(),
            origin: at(0),
            written_at: None,
        }
    }

    const GROUP: &str = "0c6e1f5a-92d4-4b3e-8a7f-51e9d2c4b608";

    fn coverage(tenant: &Tenant, users: UserConditions) -> GroupCoverage {
        group_coverage(&policy(users), &People::new(tenant), GROUP)
    }

    #[test]
    fn a_group_is_covered_by_all_users_or_by_name_unless_excluded() {
        let tenant = Tenant::default();
        let all_users = UserConditions {
            include_users: IdList::from_located(&listed(&["All"], 10)),
            ..UserConditions::default()
        };
        assert!(matches!(
            coverage(&tenant, all_users),
            GroupCoverage::AsAllUsers
        ));

        let by_name = UserConditions {
            include_groups: listed(&["another", &GROUP.to_uppercase()], 10),
            ..UserConditions::default()
        };
        match coverage(&tenant, by_name) {
            GroupCoverage::ByName { origin } => assert_eq!(origin.span, 11..12),
            other => panic!("expected the includeGroups entry, got {other:?}"),
        }

        let others_only = UserConditions {
            include_groups: listed(&["another"], 10),
            include_users: IdList::from_located(&listed(&["someone"], 20)),
            ..UserConditions::default()
        };
        assert!(matches!(
            coverage(&tenant, others_only),
            GroupCoverage::Not(Applies::NotIncluded)
        ));

        let excluded = UserConditions {
            include_users: IdList::from_located(&listed(&["All"], 10)),
            exclude_groups: listed(&[GROUP], 30),
            ..UserConditions::default()
        };
        match coverage(&tenant, excluded) {
            GroupCoverage::Not(Applies::Excluded { origin, .. }) => {
                assert_eq!(origin.span, 30..31)
            }
            other => panic!("expected the exclusion at its entry, got {other:?}"),
        }

        // Excluding the group's accounts one by one does not exclude the group.
        let accounts_excluded = UserConditions {
            include_users: IdList::from_located(&listed(&["All"], 10)),
            exclude_users: IdList::from_located(&listed(&["breakglass"], 30)),
            ..UserConditions::default()
        };
        assert!(matches!(
            coverage(&tenant, accounts_excluded),
            GroupCoverage::AsAllUsers
        ));
    }

    #[test]
    fn a_group_inside_an_excluded_group_is_excluded_and_unknown_members_leave_it_open() {
        let mut tenant = Tenant::default();
        let member = |id: &str| Member {
            principal: Principal {
                kind: PrincipalKind::Group,
                ..Principal::bare(id.into())
            },
            origin: at(0),
        };
        // "outer" holds "middle", which holds the declared group; "exported" holds another group.
        let directory = &mut tenant.directory;
        directory
            .group_members
            .insert("outer".into(), vec![member("middle")]);
        directory
            .group_members
            .insert("middle".into(), vec![member(GROUP)]);
        directory
            .group_members
            .insert("exported".into(), vec![member("other")]);
        directory.group_members.insert("other".into(), Vec::new());
        let excluding = |group: &str| UserConditions {
            include_users: IdList::from_located(&listed(&["All"], 10)),
            exclude_groups: listed(&[group], 30),
            ..UserConditions::default()
        };
        match coverage(&tenant, excluding("outer")) {
            GroupCoverage::Not(Applies::Excluded { origin, how }) => {
                assert_eq!(origin.span, 30..31);
                assert!(how.contains("outer"), "{how}");
            }
            other => panic!("expected the outer exclusion, got {other:?}"),
        }
        assert!(matches!(
            coverage(&tenant, excluding("exported")),
            GroupCoverage::AsAllUsers
        ));
        assert!(matches!(
            coverage(&tenant, excluding("not-exported")),
            GroupCoverage::Not(Applies::Unknown { .. })
        ));
    }
}
