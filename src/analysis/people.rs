//! A view of the directory for coverage questions: a user's name, type, groups and roles.
//! Every fact is as the export states it, or unknown: a principal's kind, a user's type, a
//! group's members and a user's roles are never guessed from what a file leaves out. Object
//! ids are compared ignoring case.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use crate::model::ids::{fold, IdMap, IdSet};

use crate::model::*;

/// Whether a user is in a group, as far as the export tells.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Membership {
    Member,
    NotMember,
    /// The group's members (or a nested group's) were not exported, or not all could be read.
    Unknown,
}

/// A role a user holds, directly or through a group.
#[derive(Debug, Clone)]
pub struct HeldRole<'t> {
    pub template_id: String,
    pub holding: &'t RoleHolding,
    /// The group through which the user holds it, if any.
    pub through_group: Option<String>,
}

/// The roles the export shows a user holding, and whether that is all of them.
#[derive(Debug, Clone)]
pub struct HeldRoles<'t> {
    pub held: Vec<HeldRole<'t>>,
    /// `None` when these are all the user's roles; otherwise why others may be missing.
    pub incomplete: Option<&'static str>,
}

impl<'t> HeldRoles<'t> {
    /// Whether the user holds a role template where role-targeted Conditional Access sees it:
    /// tenant-wide. A holding scoped to an administrative unit or an application is not seen
    /// (Microsoft: role targeting does not apply to scoped roles); one whose scope the export
    /// does not say, and a role the lists may leave out, are unknown.
    pub fn targets(&self, template_id: &str) -> Fact {
        let mut unknown_scope = false;
        let scopes = self
            .held
            .iter()
            .filter(|h| h.template_id.eq_ignore_ascii_case(template_id))
            .map(|h| &h.holding.scope);
        for scope in scopes {
            match scope {
                RoleScope::Tenant => return Fact::Yes,
                RoleScope::Unknown => unknown_scope = true,
                RoleScope::Scoped(_) => {}
            }
        }
        if unknown_scope || self.incomplete.is_some() {
            Fact::Unknown
        } else {
            Fact::No
        }
    }

    /// The first holding of a role template, for naming it.
    pub fn holding(&self, template_id: &str) -> Option<&HeldRole<'t>> {
        self.held
            .iter()
            .find(|h| h.template_id.eq_ignore_ascii_case(template_id))
    }
}

pub struct People<'t> {
    tenant: &'t Tenant,
    /// Each group's exported members, split into principals and nested groups, so that a
    /// membership question costs a lookup, not a scan of the member list. Keys and member ids
    /// are folded to lower case.
    groups: IdMap<Cow<'t, str>, GroupMembers<'t>>,
    /// Role holdings (with their place in the export) by principal id, so a user's roles cost
    /// a lookup, not a scan; and the groups among those principals.
    holdings: IdMap<Cow<'t, str>, Vec<(usize, &'t RoleHolding)>>,
    holding_groups: Vec<&'t str>,
    /// The `userType` written on expanded principals (role holders, group members), for users
    /// that no users export or registration details describe; and their UPNs likewise.
    principal_types: IdMap<Cow<'t, str>, UserType>,
    principal_upns: IdMap<Cow<'t, str>, &'t str>,
    /// What a principal is, as any record that expands it says: one holding may name by id
    /// alone a principal that another holding or a member list expands.
    principal_kinds: IdMap<Cow<'t, str>, PrincipalKind>,
    /// Policies by id, in export order, so that naming a finding's subject does not scan them.
    policies: IdMap<Cow<'t, str>, Vec<&'t CaPolicy>>,
    emergency: Emergency,
}

#[derive(Default)]
struct GroupMembers<'t> {
    ids: IdSet<Cow<'t, str>>,
    nested: Vec<&'t str>,
    /// A member whose kind no file states: it may be a group holding anyone.
    untyped: bool,
}

/// The declared emergency-access accounts (resolved to object ids where the export knows the
/// UPN) and groups: policies are expected to exclude them.
#[derive(Debug, Default)]
pub struct Emergency {
    pub declared: bool,
    pub accounts: HashSet<String>,
    pub groups: HashSet<String>,
    /// Declared UPNs the export has no user for.
    pub unresolved: Vec<String>,
}

impl<'t> People<'t> {
    pub fn new(tenant: &'t Tenant) -> Self {
        let directory = &tenant.directory;
        let mut holdings: IdMap<Cow<str>, Vec<(usize, &RoleHolding)>> = IdMap::default();
        for (place, holding) in directory.role_holdings.iter().enumerate() {
            holdings
                .entry(fold(&holding.principal.id))
                .or_default()
                .push((place, holding));
        }
        let mut policies: IdMap<Cow<str>, Vec<&CaPolicy>> = IdMap::default();
        for policy in tenant.policies() {
            policies.entry(fold(&policy.id)).or_default().push(policy);
        }
        let principals = directory.role_holdings.iter().map(|h| &h.principal).chain(
            directory
                .group_members
                .values()
                .flatten()
                .map(|m| &m.principal),
        );
        let mut principal_types: IdMap<Cow<str>, UserType> = IdMap::default();
        let mut principal_upns: IdMap<Cow<str>, &str> = IdMap::default();
        let mut principal_kinds: IdMap<Cow<str>, PrincipalKind> = IdMap::default();
        for principal in principals {
            if principal.kind != PrincipalKind::Unknown {
                principal_kinds
                    .entry(fold(&principal.id))
                    .or_insert(principal.kind);
            }
            if principal.user_type != UserType::Unknown {
                principal_types
                    .entry(fold(&principal.id))
                    .or_insert(principal.user_type);
            }
            if let Some(upn) = &principal.upn {
                principal_upns.entry(fold(&principal.id)).or_insert(upn);
            }
        }
        let mut people = People {
            tenant,
            groups: IdMap::default(),
            holdings,
            holding_groups: Vec::new(),
            principal_types,
            principal_upns,
            principal_kinds,
            policies,
            emergency: Emergency::default(),
        };
        people.holding_groups = people
            .holdings
            .values()
            .filter(|held| held.iter().any(|(_, h)| people.is_group(&h.principal)))
            .filter_map(|held| held.first().map(|(_, h)| h.principal.id.as_str()))
            .collect();
        people.holding_groups.sort_unstable();
        people.groups = directory
            .group_members
            .iter()
            .map(|(group, members)| {
                let mut index = GroupMembers::default();
                for member in members {
                    index.ids.insert(fold(&member.principal.id));
                    match people.principal_kind(&member.principal) {
                        PrincipalKind::Group => index.nested.push(member.principal.id.as_str()),
                        PrincipalKind::Unknown => index.untyped = true,
                        _ => {}
                    }
                }
                (Cow::Borrowed(group.as_str()), index)
            })
            .collect();
        people
    }
    /// The directory view with the configuration's emergency-access accounts and groups.
    pub fn with_emergency(
        tenant: &'t Tenant,
        declared: Option<&crate::config::EmergencyAccess>,
    ) -> Self {
        let mut people = People::new(tenant);
        if let Some(declared) = declared {
            let by_upn = resolve_upns(tenant, &declared.accounts);
            let mut emergency = Emergency {
                declared: true,
                ..Emergency::default()
            };
            for account in &declared.accounts {
                let resolved = by_upn.get(&account.to_ascii_lowercase());
                if account.contains('@') && resolved.is_none() {
                    emergency.unresolved.push(account.clone());
                }
                emergency
                    .accounts
                    .insert(resolved.copied().unwrap_or(account).to_ascii_lowercase());
            }
            emergency.groups = declared
                .groups
                .iter()
                .map(|g| g.to_ascii_lowercase())
                .collect();
            people.emergency = emergency;
        }
        people
    }

    /// Every name a finding's subject goes by besides its id: a user's UPN and display name, a
    /// policy's display name, a role's name, the organization's name. Borrowed from the export,
    /// not copied: this runs for every finding an exception's rule could match.
    pub fn names_of(&self, subject: &str) -> Vec<&'t str> {
        let mut names = Vec::new();
        let user = self.tenant.directory.users.get(fold(subject).as_ref());
        let registration = self.registration(subject);
        names.extend(self.upn_from(subject, || registration));
        names.extend(user.and_then(|u| u.display_name.as_deref()));
        names.extend(registration.and_then(|r| r.display_name()));
        names.extend(
            self.policies
                .get(fold(subject).as_ref())
                .into_iter()
                .flatten()
                .map(|p| p.display_name.as_str()),
        );
        names.extend(super::roles::admin_role_name(subject));
        names.extend(
            self.tenant
                .directory
                .groups
                .get(fold(subject).as_ref())
                .and_then(|g| g.display_name.as_deref()),
        );
        if let Some(org) = self
            .tenant
            .organization
            .as_ref()
            .filter(|o| o.id.eq_ignore_ascii_case(subject))
        {
            names.extend(org.display_name.as_deref());
        }
        names
    }

    pub fn emergency(&self) -> &Emergency {
        &self.emergency
    }

    /// A declared emergency-access account, or a member of a declared group.
    pub fn is_emergency_account(&self, user_id: &str) -> bool {
        self.emergency
            .accounts
            .contains(&user_id.to_ascii_lowercase())
            || self
                .emergency
                .groups
                .iter()
                .any(|g| self.membership(g, user_id) == Membership::Member)
    }

    pub fn tenant(&self) -> &'t Tenant {
        self.tenant
    }

    /// Whether a scanner's configuration accepts any exclusion from Conditional Access policies.
    pub fn has_accepted_policy_exclusions(&self) -> bool {
        self.tenant
            .accepted_exclusions
            .iter()
            .any(|e| e.scope == ExclusionScope::ConditionalAccess)
    }

    /// The exclusion from Conditional Access policies a scanner's configuration accepts for
    /// this user or group, if any. Exclusions accepted for other checks (role assignments) do
    /// not count.
    pub fn accepted_policy_exclusion(&self, object_id: &str) -> Option<&'t AcceptedExclusion> {
        self.tenant
            .accepted_exclusions
            .iter()
            .find(|e| e.accepts_policy_exclusion_of(object_id))
    }

    pub fn registration(&self, user_id: &str) -> Option<&'t Registration> {
        self.tenant.registrations.as_ref()?.get(user_id)
    }

    /// A user by the users export, or by the registration details (which list users only).
    pub fn is_known_user(&self, id: &str) -> bool {
        self.tenant.directory.users.contains_key(fold(id).as_ref())
            || self.registration(id).is_some()
    }

    /// Users the users export names whom the registration details leave out: those can be
    /// filtered, paged or stale, so these users' registration and `isAdmin` are unknown.
    pub fn users_without_registration(&self) -> impl Iterator<Item = &'t User> + '_ {
        self.tenant
            .directory
            .users
            .values()
            .filter(|u| self.registration(&u.id).is_none())
    }

    pub fn is_known_group(&self, id: &str) -> bool {
        let id = fold(id);
        self.tenant.directory.groups.contains_key(id.as_ref())
            || self
                .tenant
                .directory
                .group_members
                .contains_key(id.as_ref())
    }

    /// What a principal is: as its expansion (`@odata.type`) or another record expanding the
    /// same id says, else as an export of users, groups or service principals that has its id
    /// says. Nothing else tells: absence from the registration details proves nothing, since
    /// they can be filtered, paged or stale.
    pub fn principal_kind(&self, principal: &Principal) -> PrincipalKind {
        match principal.kind {
            PrincipalKind::Unknown => self.kind_of_id(&principal.id),
            kind => kind,
        }
    }

    fn kind_of_id(&self, id: &str) -> PrincipalKind {
        let folded = fold(id);
        if let Some(kind) = self.principal_kinds.get(folded.as_ref()) {
            *kind
        } else if self.is_known_user(id) {
            PrincipalKind::User
        } else if self.is_known_group(id) {
            PrincipalKind::Group
        } else if self
            .tenant
            .directory
            .service_principals
            .contains(folded.as_ref())
        {
            PrincipalKind::ServicePrincipal
        } else {
            PrincipalKind::Unknown
        }
    }

    /// The holders of the Directory Synchronization Accounts role: Entra Connect's service
    /// accounts, which cannot register for MFA or password reset, so advice to do so cannot be
    /// followed.
    pub fn directory_sync_accounts(&self) -> IdSet<String> {
        self.tenant
            .directory
            .role_holdings
            .iter()
            .filter(|h| super::roles::is_directory_sync(self.role_template(&h.role_id)))
            .map(|h| fold(&h.principal.id).into_owned())
            .collect()
    }

    /// The object id of the user with this UPN (any case), from whichever export names it.
    pub fn user_with_upn(&self, upn: &str) -> Option<&'t str> {
        let tenant = self.tenant;
        tenant
            .directory
            .users
            .values()
            .find(|u| {
                u.upn
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(upn))
            })
            .map(|u| u.id.as_str())
            .or_else(|| {
                tenant
                    .registrations
                    .as_ref()?
                    .iter()
                    .find(|r| r.upn().is_some_and(|n| n.eq_ignore_ascii_case(upn)))
                    .map(|r| r.user_id())
            })
            .or_else(|| {
                // Expanded principals of role holdings, whatever case their ids are written in.
                tenant
                    .directory
                    .role_holdings
                    .iter()
                    .map(|h| &h.principal)
                    .find(|p| {
                        p.upn
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(upn))
                    })
                    .map(|p| p.id.as_str())
            })
    }

    pub fn upn(&self, user_id: &str) -> Option<&'t str> {
        self.upn_from(user_id, || self.registration(user_id))
            .or_else(|| self.principal_upns.get(fold(user_id).as_ref()).copied())
    }

    /// A user's UPN: as the users export has it, else as their registration (at hand, or
    /// looked up only then) has it.
    fn upn_from<'r>(
        &self,
        user_id: &str,
        registration: impl FnOnce() -> Option<&'r Registration>,
    ) -> Option<&'r str>
    where
        't: 'r,
    {
        self.tenant
            .directory
            .users
            .get(fold(user_id).as_ref())
            .and_then(|u| u.upn.as_deref())
            .or_else(|| registration().and_then(|r| r.upn()))
    }

    /// A user's type as any source states it: the users export, the registration details, or
    /// an expanded principal; `Unknown` when none does.
    pub fn user_type(&self, user_id: &str) -> UserType {
        let stated = |t: &UserType| *t != UserType::Unknown;
        let declared = self
            .tenant
            .directory
            .users
            .get(fold(user_id).as_ref())
            .map(|u| u.user_type)
            .filter(stated)
            .or_else(|| {
                self.registration(user_id)
                    .map(|r| r.user_type)
                    .filter(stated)
            })
            .or_else(|| self.principal_types.get(fold(user_id).as_ref()).copied())
            .unwrap_or(UserType::Unknown);
        declared
    }

    /// [`People::user_type`] for a user whose registration is at hand: the same answer, looked
    /// up only where the registration does not say or a users export might (a million users).
    pub fn registered_user_type(&self, registration: &Registration) -> UserType {
        match registration.user_type {
            stated if stated != UserType::Unknown && self.tenant.directory.users.is_empty() => {
                stated
            }
            _ => self.user_type(registration.user_id()),
        }
    }

    /// How messages name a user: UPN and object id when the export knows the UPN.
    pub fn user_label(&self, user_id: &str) -> String {
        UserLabel {
            id: user_id,
            upn: self.upn(user_id),
        }
        .to_string()
    }

    /// How messages name a role holder: a user by UPN, a group by name, else the display name the
    /// record carries (ScubaGear names privileged users so), with the object id.
    pub fn principal_label(&self, principal: &Principal) -> String {
        if self.is_group(principal) {
            return self.group_name(&principal.id);
        }
        match (
            &principal.upn,
            self.upn(&principal.id),
            &principal.display_name,
        ) {
            (Some(upn), _, _) => format!("{upn} ({})", principal.id),
            (None, Some(_), _) => self.user_label(&principal.id),
            (None, None, Some(name)) => format!("\"{name}\" ({})", principal.id),
            (None, None, None) => principal.id.clone(),
        }
    }

    /// [`People::user_label`] for a user whose registration is at hand: the same words without
    /// looking the registration up again, which counts when a rule names 200k users.
    pub fn registered_user_label<'r>(&self, registration: &'r Registration) -> UserLabel<'r>
    where
        't: 'r,
    {
        let id = registration.user_id();
        UserLabel {
            id,
            upn: self.upn_from(id, || Some(registration)),
        }
    }

    pub fn group_name(&self, group_id: &str) -> String {
        match self
            .tenant
            .directory
            .groups
            .get(fold(group_id).as_ref())
            .and_then(|g| g.display_name.as_deref())
        {
            Some(name) => format!("\"{name}\" ({group_id})"),
            None => group_id.to_string(),
        }
    }

    /// Whether `principal_id` is in `group_id`, following nested groups.
    pub fn membership(&self, group_id: &str, principal_id: &str) -> Membership {
        self.membership_inner(group_id, principal_id, &mut BTreeSet::new())
    }

    fn membership_inner<'a>(
        &'a self,
        group_id: &'a str,
        principal_id: &str,
        seen: &mut BTreeSet<&'a str>,
    ) -> Membership {
        if !seen.insert(group_id) {
            return Membership::NotMember;
        }
        let Some(members) = self.groups.get(fold(group_id).as_ref()) else {
            return Membership::Unknown;
        };
        if members.ids.contains(fold(principal_id).as_ref()) {
            return Membership::Member;
        }
        // A member record that could not be read may have been this principal, and a member
        // of unknown kind may be a group that holds it.
        let mut unknown = self.members_unreadable(group_id) || members.untyped;
        for nested in &members.nested {
            match self.membership_inner(nested, principal_id, seen) {
                Membership::Member => return Membership::Member,
                Membership::Unknown => unknown = true,
                Membership::NotMember => {}
            }
        }
        if unknown {
            Membership::Unknown
        } else {
            Membership::NotMember
        }
    }

    /// Every user in a group, following nested groups; `None` when some members are unknown.
    pub fn members_of(&self, group_id: &str) -> Option<Vec<&'t Member>> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        self.collect_members(group_id, &mut out, &mut seen)
            .then_some(out)
    }

    fn collect_members(
        &self,
        group_id: &str,
        out: &mut Vec<&'t Member>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        if !seen.insert(fold(group_id).into_owned()) {
            return true;
        }
        let Some(members) = self
            .tenant
            .directory
            .group_members
            .get(fold(group_id).as_ref())
        else {
            return false;
        };
        let mut complete = !self.members_unreadable(group_id);
        for member in members {
            if self.is_group(&member.principal) {
                complete &= self.collect_members(&member.principal.id, out, seen);
            } else {
                out.push(member);
            }
        }
        complete
    }

    pub fn is_group(&self, principal: &Principal) -> bool {
        self.principal_kind(principal) == PrincipalKind::Group
    }

    fn members_unreadable(&self, group_id: &str) -> bool {
        self.tenant
            .directory
            .incomplete_member_lists
            .contains(fold(group_id).as_ref())
    }

    /// The template id of a role definition id: built-in roles use the template id as their
    /// id; custom roles and activated directory roles are resolved through the definitions.
    pub fn role_template<'a>(&'a self, role_id: &'a str) -> &'a str {
        self.tenant
            .directory
            .role_definitions
            .get(fold(role_id).as_ref())
            .and_then(|d| d.template_id.as_deref())
            .unwrap_or(role_id)
    }

    /// The roles a user holds, directly or through groups whose members were exported, in the
    /// order the export lists the holdings, and whether they are all the roles the user holds.
    pub fn roles_of(&self, user_id: &str) -> HeldRoles<'t> {
        let directory = &self.tenant.directory;
        let mut incomplete = if !directory.has_holder_lists() {
            Some("the export has no role assignments")
        } else if !directory.holders_complete() {
            Some("the export does not list every holder of every role (active and eligible)")
        } else {
            None
        };
        let direct = self
            .holdings
            .get(fold(user_id).as_ref())
            .into_iter()
            .flatten()
            .map(|&(place, holding)| (place, holding, None));
        let mut through_groups = Vec::new();
        for group in &self.holding_groups {
            match self.membership(group, user_id) {
                Membership::Member => through_groups.extend(
                    self.holdings
                        .get(fold(group).as_ref())
                        .into_iter()
                        .flatten()
                        .filter(|(_, holding)| self.is_group(&holding.principal))
                        .map(|&(place, holding)| {
                            (place, holding, Some(holding.principal.id.clone()))
                        }),
                ),
                Membership::Unknown => {
                    incomplete.get_or_insert(
                        "a group that holds a role has members that were not exported",
                    );
                }
                Membership::NotMember => {}
            }
        }
        let mut held: Vec<(usize, HeldRole<'t>)> = direct
            .chain(through_groups)
            .map(|(place, holding, through_group)| {
                let template_id = self.role_template(&holding.role_id).to_string();
                (
                    place,
                    HeldRole {
                        template_id,
                        holding,
                        through_group,
                    },
                )
            })
            .collect();
        held.sort_by_key(|(place, _)| *place);
        HeldRoles {
            held: held.into_iter().map(|(_, role)| role).collect(),
            incomplete,
        }
    }
}

/// The object ids of the users whose UPN (in any case) is among `declared`, keyed by the
/// lowercased UPN, from one pass over the users and registration details. A few accounts are
/// declared and a tenant may have a million users: a map of every UPN would cost a string each.
fn resolve_upns<'t>(tenant: &'t Tenant, declared: &[String]) -> HashMap<String, &'t str> {
    let wanted: Vec<String> = declared.iter().map(|a| a.to_ascii_lowercase()).collect();
    let users = tenant
        .directory
        .users
        .values()
        .filter_map(|u| Some((u.upn.as_deref()?, u.id.as_str())));
    let registered = tenant
        .registrations
        .iter()
        .flatten()
        .filter_map(|r| Some((r.upn()?, r.user_id())));
    let mut resolved = HashMap::new();
    for (upn, id) in users.chain(registered) {
        if let Some(upn) = wanted.iter().find(|w| w.eq_ignore_ascii_case(upn)) {
            // A later record of the same UPN wins, as it would in a map of every UPN.
            resolved.insert(upn.clone(), id);
        }
    }
    resolved
}

/// A user as messages name them: UPN and object id, or the id alone. Written straight into the
/// message that names them, with no string of its own.
pub struct UserLabel<'a> {
    id: &'a str,
    upn: Option<&'a str>,
}

impl UserLabel<'_> {
    /// A sentence naming the user between `before` and `after`, in a string exactly its length:
    /// a large tenant's per-user findings keep 200k of them.
    pub fn between(&self, before: &str, after: &str) -> String {
        use std::fmt::Write;
        let label = match self.upn {
            Some(upn) => upn.len() + " ()".len() + self.id.len(),
            None => self.id.len(),
        };
        let mut text = String::with_capacity(before.len() + label + after.len());
        write!(text, "{before}{self}{after}").expect("a String takes any text");
        text
    }
}

impl std::fmt::Display for UserLabel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.upn {
            Some(upn) => write!(f, "{upn} ({})", self.id),
            None => f.write_str(self.id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Origin;

    #[test]
    fn a_sentence_around_a_label_is_allocated_at_its_length() {
        let id = "00000001-0000-4000-8000-000000000001";
        for upn in [None, Some("\u{e9}l\u{e8}ve@x.example")] {
            let text = UserLabel { id, upn }.between("member user ", " is not registered");
            assert_eq!(
                text,
                format!("member user {} is not registered", UserLabel { id, upn })
            );
            assert_eq!(text.capacity(), text.len(), "{text}");
        }
    }

    fn origin() -> Origin {
        Origin {
            file: 0,
            span: 0..1,
            pointer: String::new(),
        }
    }

    #[test]
    fn declared_upns_resolve_in_any_case_from_users_and_registration_details() {
        let mut tenant = Tenant::default();
        tenant.directory.users.insert(
            "u1".into(),
            User {
                id: "u1".into(),
                upn: Some("Alex@Contoso.com".into()),
                display_name: None,
                user_type: UserType::Member,
                on_premises: Fact::Unknown,
                origin: origin(),
            },
        );
        let mut registrations = Registrations::default();
        for (id, upn) in [("r1", Some("break.glass@contoso.com")), ("r2", None)] {
            registrations.push(Registration::new(
                id,
                upn,
                None,
                UserType::Member,
                RecordPlace {
                    file: 0,
                    span: 0..1,
                    pointer: RecordPointer::new("/value/0"),
                },
            ));
        }
        tenant.registrations = Some(registrations);
        let declared = [
            "alex@contoso.com".to_string(),
            "BREAK.GLASS@contoso.com".to_string(),
            "nobody@contoso.com".to_string(),
            "r2".to_string(),
        ];
        let resolved = resolve_upns(&tenant, &declared);
        assert_eq!(resolved.get("alex@contoso.com"), Some(&"u1"));
        assert_eq!(resolved.get("break.glass@contoso.com"), Some(&"r1"));
        assert_eq!(resolved.len(), 2, "{resolved:?}");
    }
}
