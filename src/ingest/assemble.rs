//! Documents to one [`Tenant`]. Records arrive in file order (sorted paths). An entity exported
//! twice with the same content is read once; with different content it is ambiguous (which copy
//! is current?), so neither copy is read: it is reported and counted unreadable rather than
//! guessed, and the verdicts cannot depend on which file sorts first. A paged collection whose
//! every page links to a next one, or that holds fewer items than its `@odata.count`, is
//! missing pages. Object ids are keyed in lower case: GUIDs compare ignoring case.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::Value;

use super::entities::roles::DirectoryRoleRecord;
use super::{Document, EntityKind, InputError, LostFile, Record};
use crate::model::ids::{fold, IdMap};
use crate::model::*;
use crate::source::{FileId, Origin, Sources};

/// Where the first copy of an entity was read: its file and byte range.
type Place = (FileId, Range<usize>);

/// The first copy of each entity seen, and the later copies whose content differs from it.
struct Copies<'s> {
    sources: &'s Sources,
    first: IdMap<(InputKind, String), Place>,
    conflicts: BTreeMap<(InputKind, String), Vec<Origin>>,
    /// Entities with a copy in a file that changed on disk since it was parsed: whether the
    /// copies agree cannot be told. The first such copy of each.
    uncomparable: BTreeMap<(InputKind, String), Origin>,
    /// The texts of files holding repeated entities, each read once: a page exported twice
    /// repeats a thousand users, and every comparison needs both copies' text.
    texts: IdMap<FileId, Option<std::borrow::Cow<'s, str>>>,
}

impl Copies<'_> {
    /// Two copies of an entity that disagree on a fact the rules use, judged by the caller: a
    /// conflict, as one whose content differs.
    fn disagree(&mut self, kind: InputKind, id: &str, first: &Origin, later: &Origin) {
        let key = (kind, fold(id).into_owned());
        self.first
            .entry(key.clone())
            .or_insert_with(|| (first.file, first.span.clone()));
        self.conflicts.entry(key).or_default().push(later.clone());
    }

    /// Whether this copy is the first one to keep; a later copy with other content is a conflict.
    fn keep(&mut self, kind: InputKind, id: &str, origin: &Origin) -> bool {
        let key = (kind, fold(id).into_owned());
        match self.first.get(&key) {
            None => {
                self.first.insert(key, (origin.file, origin.span.clone()));
                true
            }
            Some(first) => {
                let first = first.clone();
                self.repeated(kind, id, first, origin);
                false
            }
        }
    }

    /// A later copy of an entity first read at `first`: a conflict when the content differs.
    fn repeated(&mut self, kind: InputKind, id: &str, first: Place, later: &Origin) {
        let key = (kind, fold(id).into_owned());
        match (
            self.canonical(&first),
            self.canonical(&(later.file, later.span.clone())),
        ) {
            (Some(a), Some(b)) if a == b => {}
            (Some(_), Some(_)) => self
                .conflicts
                .entry(key.clone())
                .or_default()
                .push(later.clone()),
            _ => {
                self.uncomparable
                    .entry(key.clone())
                    .or_insert_with(|| later.clone());
            }
        }
        self.first.entry(key).or_insert(first);
    }

    /// The content of a record for comparing copies written by different tools: keys in any
    /// case, OData annotations, nulls and timestamps set aside, the SDK's `AdditionalProperties`
    /// merged. `None` when its file can no longer be read as it was parsed.
    fn canonical(&mut self, (file, span): &Place) -> Option<Value> {
        let sources = self.sources;
        let text = self
            .texts
            .entry(*file)
            .or_insert_with(|| sources.text(*file))
            .as_deref()?;
        serde_json::from_str::<Value>(text.get(span.clone())?)
            .ok()
            .map(normalize)
    }

    /// One error per entity with conflicting copies, at its first differing copy; each makes its
    /// kind unreadable, so no rule passes on a guess.
    fn into_errors(self, tenant: &mut Tenant) -> Vec<InputError> {
        let mut errors = Vec::new();
        for ((kind, id), copy) in &self.uncomparable {
            *tenant.unreadable.entry(*kind).or_default() += 1;
            errors.push(InputError {
                file: copy.file,
                offset: None,
                pointer: Some(copy.pointer.clone()),
                message: format!(
                    "{} `{id}` is exported more than once (first in {}), and a file holding a copy changed on \
                     disk while it was being linted (is an export still writing it?), so whether the copies \
                     agree cannot be told and it is not read: lint again once the export has finished",
                    kind.one(),
                    self.sources.get(self.first[&(*kind, id.clone())].0).display_path(),
                ),
            });
        }
        for ((kind, id), copies) in &self.conflicts {
            let first = self.first[&(*kind, id.clone())].0;
            let other = &copies[0];
            let files = copies
                .iter()
                .map(|c| c.file)
                .chain([first])
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            *tenant.unreadable.entry(*kind).or_default() += 1;
            errors.push(InputError {
                file: other.file,
                offset: Some(other.span.start),
                pointer: Some(other.pointer.clone()),
                message: format!(
                    "{} `{id}` is exported {} times in {files} file(s) with different content (first in {}); \
                     which copy is current cannot be told, so it is not read: lint one export at a time",
                    kind.one(),
                    copies.len() + 1,
                    self.sources.get(first).display_path(),
                ),
            });
        }
        let unread: Vec<&(InputKind, String)> = self
            .uncomparable
            .keys()
            .chain(self.conflicts.keys())
            .collect();
        forget(tenant, &unread);
        errors
    }
}

/// Copies of one subscribed SKU (Graph and EntraExporter both write it) are one SKU; copies
/// that disagree on its status or its plans' are a conflict. Identical copies are kept once.
fn compare_sku_copies(skus: &mut Vec<SubscribedSku>, copies: &mut Copies) {
    let key = |sku: &SubscribedSku| {
        sku.id
            .as_deref()
            .or(sku.sku_id.as_deref())
            .map(|id| fold(id).into_owned())
    };
    let facts = |sku: &SubscribedSku| {
        let mut plans: Vec<(String, Option<String>)> = sku
            .service_plans
            .iter()
            .map(|p| (fold(&p.id).into_owned(), p.provisioning_status.clone()))
            .collect();
        plans.sort();
        (sku.capability_status.clone(), plans)
    };
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    let mut repeated = Vec::new();
    for (place, sku) in skus.iter().enumerate() {
        let Some(id) = key(sku) else { continue };
        match first.get(&id) {
            None => {
                first.insert(id, place);
            }
            Some(&kept) => {
                if facts(&skus[kept]) != facts(sku) {
                    copies.disagree(InputKind::Licences, &id, &skus[kept].origin, &sku.origin);
                }
                repeated.push(place);
            }
        }
    }
    let mut place = 0;
    skus.retain(|_| {
        place += 1;
        !repeated.contains(&(place - 1))
    });
}

/// Takes the kept copy of each entity whose copies disagree out of the tenant: "not read" must
/// be true, or the verdicts would depend on which file sorts first.
fn forget(tenant: &mut Tenant, entities: &[&(InputKind, String)]) {
    let named = |kind: InputKind, id: &str| {
        entities
            .iter()
            .any(|(k, i)| *k == kind && i.eq_ignore_ascii_case(id))
    };
    if let Some(policies) = &mut tenant.ca_policies {
        policies.retain(|p| !named(InputKind::ConditionalAccess, &p.id));
    }
    if let Some(skus) = &mut tenant.licences {
        skus.retain(|sku| {
            let id = sku
                .id
                .as_deref()
                .or(sku.sku_id.as_deref())
                .unwrap_or_default();
            !named(InputKind::Licences, id)
        });
    }
    tenant
        .directory
        .users
        .retain(|_, user| !named(InputKind::Users, &user.id));
    if named(InputKind::SecurityDefaults, "policy") {
        tenant.security_defaults = None;
    }
    if named(InputKind::SsprPolicy, "policy") {
        tenant.sspr_policy = None;
    }
    forget_settings(&mut tenant.settings, &named);
    if tenant
        .organization
        .as_ref()
        .is_some_and(|o| named(InputKind::Organization, &o.id))
    {
        tenant.organization = None;
    }
    let users: std::collections::BTreeSet<&str> = entities
        .iter()
        .filter(|(k, _)| *k == InputKind::RegistrationDetails)
        .map(|(_, id)| id.as_str())
        .collect();
    if let (Some(registrations), false) = (&mut tenant.registrations, users.is_empty()) {
        let dropped: Vec<bool> = registrations
            .iter()
            .map(|r| users.contains(fold(r.user_id()).as_ref()))
            .collect();
        registrations.retain_places(|place| !dropped[place]);
    }
}

fn forget_settings(settings: &mut Settings, named: &dyn Fn(InputKind, &str) -> bool) {
    if named(InputKind::AuthorizationPolicy, "policy") {
        settings.authorization = None;
    }
    if let Some(methods) = &mut settings.authentication_methods {
        if named(InputKind::AuthenticationMethods, "policy") {
            methods.policy = None;
        }
        methods
            .configurations
            .retain(|method, _| !named(InputKind::AuthenticationMethods, method.name()));
    }
    if let Some(list) = &mut settings.directory_settings {
        list.retain(|s| !named(InputKind::DirectorySettings, s.id.as_deref().unwrap_or("")));
    }
    if let Some(domains) = &mut settings.domains {
        domains.retain(|d| !named(InputKind::Domains, &d.id));
    }
    if let Some(roles) = &mut settings.role_settings {
        roles.retain(|id, _| !named(InputKind::RoleSettings, id));
    }
    if let Some(policies) = &mut settings.app_management {
        policies.retain(|p| {
            let id = match p.scope {
                AppPolicyScope::TenantDefault => "default",
                AppPolicyScope::Assigned => p.id.as_deref().unwrap_or_default(),
            };
            !named(InputKind::AppManagement, id)
        });
    }
    if named(InputKind::PermissionClassifications, "list") {
        settings.risky_low_impact_permissions = None;
    }
}

const TIMESTAMPS: [&str; 4] = [
    "createddatetime",
    "modifieddatetime",
    "lastupdateddatetime",
    "deleteddatetime",
];

fn normalize(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                let key = key.to_ascii_lowercase();
                if key.starts_with('@')
                    || key.contains("@odata")
                    || value.is_null()
                    || TIMESTAMPS.contains(&key.as_str())
                {
                    continue;
                }
                match (key.as_str(), normalize(value)) {
                    ("additionalproperties", Value::Object(bag)) => out.extend(bag),
                    (_, value) => {
                        out.insert(key, value);
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        // Object ids compare ignoring case: an upper-case copy is the same entity.
        Value::String(text) if crate::model::ids::is_guid(&text) => {
            Value::String(text.to_ascii_lowercase())
        }
        other => other,
    }
}

/// Moves every document's records into one tenant (each document keeps how many it read).
pub fn assemble(documents: &mut [Document], sources: &Sources) -> (Tenant, Vec<InputError>) {
    let mut tenant = Tenant::default();
    let mut directory_roles: BTreeMap<String, DirectoryRoleRecord> = BTreeMap::new();
    let mut directory_role_members: Vec<(String, Member)> = Vec::new();
    let mut role_policies = RolePolicies::default();
    let mut copies = Copies {
        sources,
        first: IdMap::default(),
        conflicts: BTreeMap::new(),
        uncomparable: BTreeMap::new(),
        texts: IdMap::default(),
    };

    count_lost_files(documents, sources, &mut tenant);
    for document in documents.iter_mut() {
        for kind in &document.unreadable {
            count_unreadable(&mut tenant, kind);
        }
        if let Some((kind, _)) = &document.kind {
            mark_present(&mut tenant, kind);
        }
        for section in document.sections.iter().filter(|s| s.unreadable == 0) {
            if let Some(kind) = &section.kind {
                mark_present(&mut tenant, kind);
            }
        }
        tenant
            .directory
            .holder_lists
            .extend(document.listed.iter().copied());
        let records = std::mem::take(&mut document.records);
        let registrations = std::mem::take(&mut document.registrations);
        document.read = records.len() + registrations.len();
        if !registrations.is_empty() {
            tenant
                .registrations
                .get_or_insert_with(Registrations::default)
                .append(registrations);
        }
        for record in records {
            add_record(
                &mut tenant,
                &mut copies,
                record,
                sources,
                &mut directory_roles,
                &mut directory_role_members,
                &mut role_policies,
            );
        }
    }
    add_directory_role_members(&mut tenant, &directory_roles, directory_role_members);
    link_role_policies(&mut tenant, &mut copies, role_policies);
    if let Some(registrations) = &mut tenant.registrations {
        drop_repeated_registrations(registrations, &mut copies);
    }
    if let Some(skus) = &mut tenant.licences {
        compare_sku_copies(skus, &mut copies);
    }
    let mut errors = copies.into_errors(&mut tenant);
    errors.extend(missing_pages(documents, sources, &mut tenant));
    errors.extend(one_tenant(&mut tenant));
    (tenant, errors)
}

fn add_record(
    tenant: &mut Tenant,
    copies: &mut Copies,
    record: Record,
    sources: &Sources,
    directory_roles: &mut BTreeMap<String, DirectoryRoleRecord>,
    directory_role_members: &mut Vec<(String, Member)>,
    role_policies: &mut RolePolicies,
) {
    let directory = &mut tenant.directory;
    match record {
        Record::CaPolicy(mut policy) => {
            let kind = InputKind::ConditionalAccess;
            if policy.id.is_empty() && policy.display_name.is_empty() {
                let pointer = match policy.origin.pointer.as_str() {
                    "" => String::new(),
                    pointer => format!(" {pointer}"),
                };
                policy.written_at = Some(format!(
                    "{}{pointer}",
                    sources.get(policy.origin.file).display_path()
                ));
            }
            if policy.id.is_empty() || copies.keep(kind, &policy.id, &policy.origin) {
                tenant
                    .ca_policies
                    .get_or_insert_with(Vec::new)
                    .push(*policy);
            }
        }
        Record::SecurityDefaults(sd) => {
            if copies.keep(InputKind::SecurityDefaults, "policy", &sd.origin) {
                tenant.security_defaults = Some(sd);
            }
        }
        Record::SsprPolicy(policy) => {
            if copies.keep(InputKind::SsprPolicy, "policy", &policy.origin) {
                tenant.sspr_policy = Some(policy);
            }
        }
        Record::Organization(org) => {
            // Two organizations are two tenants (see `one_tenant`), not copies of one.
            tenant
                .other_tenants
                .push((org.id.clone(), org.origin.clone()));
            if copies.keep(InputKind::Organization, &org.id.clone(), &org.origin)
                && tenant.organization.is_none()
            {
                tenant.organization = Some(org);
            }
        }
        Record::SubscribedSku(sku) => {
            // Graph and EntraExporter write a subscribed SKU's id as `<tenantId>_<skuId>`.
            let owner = sku
                .id
                .as_deref()
                .and_then(|id| id.split_once('_'))
                .map(|(tenant_id, _)| tenant_id.to_string());
            if let Some(owner) = owner {
                tenant.tenant_id_hint.get_or_insert_with(|| owner.clone());
                tenant.other_tenants.push((owner, sku.origin.clone()));
            }
            tenant.licences.get_or_insert_with(Vec::new).push(sku);
        }
        // Repeated users are found once all are in (see `drop_repeated_registrations`).
        Record::Registration(registration) => tenant
            .registrations
            .get_or_insert_with(Registrations::default)
            .push(registration),
        // Users and groups are exported in many shapes (`$select`, `$expand=members`), so two
        // copies that differ are not taken for a conflict: the first is kept.
        // Copies that state different user types disagree on what decides guest exclusions.
        Record::User(user) => match directory.users.get(fold(&user.id).as_ref()) {
            Some(first)
                if first.user_type != UserType::Unknown
                    && user.user_type != UserType::Unknown
                    && first.user_type != user.user_type =>
            {
                copies.disagree(InputKind::Users, &user.id, &first.origin, &user.origin);
            }
            Some(_) => {}
            None => {
                directory.users.insert(fold(&user.id).into_owned(), user);
            }
        },
        Record::ServicePrincipal(id) => {
            directory.service_principals.insert(fold(&id).into_owned());
        }
        Record::Group { group, members } => {
            let key = fold(&group.id).into_owned();
            if let Some(inline) = members {
                if !inline.complete {
                    directory.incomplete_member_lists.insert(key.clone());
                }
                directory
                    .group_members
                    .entry(key.clone())
                    .or_default()
                    .extend(inline.members);
            }
            directory.groups.entry(key).or_insert(group);
        }
        Record::GroupMember { group_id, member } => {
            directory
                .group_members
                .entry(fold(&group_id).into_owned())
                .or_default()
                .push(member);
        }
        Record::RoleDefinition(definition) => {
            directory
                .role_definitions
                .entry(fold(&definition.id).into_owned())
                .or_insert(definition);
        }
        Record::RoleHolding(holding) => directory.role_holdings.push(holding),
        Record::DirectoryRole(mut role) => {
            // EntraExporter writes a role's members as files beside it, and writes no folder
            // for a role without members; a Graph list without `$expand=members` names none.
            let path = &sources.get(role.origin.file).path;
            if role.members.is_none()
                && super::entra_exporter::kind_from_path(path) == Some(EntityKind::DirectoryRole)
            {
                role.members_beside = true;
            }
            directory_roles
                .entry(fold(&role.object_id).into_owned())
                .or_insert(role);
        }
        Record::DirectoryRoleMember {
            role_object_id,
            member,
        } => {
            directory_role_members.push((fold(&role_object_id).into_owned(), member));
        }
        Record::NamedLocation(location) => {
            if location.id.is_empty()
                || copies.keep(InputKind::NamedLocations, &location.id, &location.origin)
            {
                tenant
                    .named_locations
                    .get_or_insert_with(Vec::new)
                    .push(location);
            }
        }
        Record::AcceptedExclusion(exclusion) => tenant.accepted_exclusions.push(exclusion),
        Record::AuthMethodsPolicy(policy, configurations) => {
            let methods = tenant
                .settings
                .authentication_methods
                .get_or_insert_with(Default::default);
            if copies.keep(InputKind::AuthenticationMethods, "policy", &policy.origin) {
                methods.policy = Some(policy);
            }
            for configuration in configurations {
                add_method_configuration(&mut tenant.settings, copies, configuration);
            }
        }
        Record::AuthMethodConfiguration(configuration) => {
            add_method_configuration(&mut tenant.settings, copies, configuration)
        }
        Record::AuthorizationPolicy(policy) => {
            if copies.keep(InputKind::AuthorizationPolicy, "policy", &policy.origin) {
                tenant.settings.authorization = Some(policy);
            }
        }
        Record::DirectorySetting(setting) => {
            // A setting without its id is one per template.
            let id = setting
                .id
                .clone()
                .or_else(|| setting.template_id.clone())
                .unwrap_or_default();
            if id.is_empty() || copies.keep(InputKind::DirectorySettings, &id, &setting.origin) {
                tenant
                    .settings
                    .directory_settings
                    .get_or_insert_with(Vec::new)
                    .push(setting);
            }
        }
        Record::Domain(domain) => {
            if copies.keep(InputKind::Domains, &domain.id.clone(), &domain.origin) {
                tenant
                    .settings
                    .domains
                    .get_or_insert_with(Vec::new)
                    .push(domain);
            }
        }
        Record::RolePolicyAssignment {
            role_id,
            policy_id,
            settings,
        } => match settings {
            Some(settings) => add_role_settings(tenant, copies, settings),
            None => {
                if let Some(policy_id) = policy_id {
                    role_policies.links.push((role_id, policy_id));
                }
            }
        },
        Record::RolePolicy { id, rules, origin } => {
            if let Some(rules) = rules {
                role_policies
                    .rules
                    .insert(fold(&id).into_owned(), (rules, origin));
            }
        }
        Record::RoleSettings(settings) => add_role_settings(tenant, copies, settings),
        Record::AppManagementPolicy(policy) => {
            let id = match policy.scope {
                AppPolicyScope::TenantDefault => "default".to_string(),
                AppPolicyScope::Assigned => policy.id.clone().unwrap_or_default(),
            };
            if id.is_empty() || copies.keep(InputKind::AppManagement, &id, &policy.origin) {
                tenant
                    .settings
                    .app_management
                    .get_or_insert_with(Vec::new)
                    .push(policy);
            }
        }
        Record::RiskyPermissionClassifications(count) => {
            if copies.keep(InputKind::PermissionClassifications, "list", &count.origin) {
                tenant.settings.risky_low_impact_permissions = Some(count);
            }
        }
    }
}

/// Role management policies and the assignments that tie them to roles, read apart: a role's
/// PIM settings are known once both are in.
#[derive(Default)]
struct RolePolicies {
    links: Vec<(String, String)>,
    rules: BTreeMap<String, (Vec<RolePolicyRule>, Origin)>,
}

fn add_method_configuration(
    settings: &mut Settings,
    copies: &mut Copies,
    configuration: MethodConfiguration,
) {
    let methods = settings
        .authentication_methods
        .get_or_insert_with(Default::default);
    let id = configuration.method.name().to_string();
    if copies.keep(InputKind::AuthenticationMethods, &id, &configuration.origin) {
        methods
            .configurations
            .insert(configuration.method.clone(), configuration);
    }
}

fn add_role_settings(tenant: &mut Tenant, copies: &mut Copies, settings: RoleSettings) {
    let key = fold(&settings.role_id).into_owned();
    if copies.keep(InputKind::RoleSettings, &key, &settings.origin) {
        tenant
            .settings
            .role_settings
            .get_or_insert_with(BTreeMap::new)
            .insert(key, settings);
    }
}

/// Joins role management policies to their roles.
fn link_role_policies(tenant: &mut Tenant, copies: &mut Copies, parts: RolePolicies) {
    for (role_id, policy_id) in parts.links {
        if let Some((rules, origin)) = parts.rules.get(fold(&policy_id).as_ref()) {
            add_role_settings(
                tenant,
                copies,
                RoleSettings {
                    role_id,
                    role_name: None,
                    rules: rules.clone(),
                    origin: origin.clone(),
                },
            );
        }
    }
}

/// A record that could not be read counts against its kind; a group member against its group,
/// whose membership becomes unknown.
fn count_unreadable(tenant: &mut Tenant, kind: &EntityKind) {
    *tenant.unreadable.entry(kind.input()).or_default() += 1;
    if let EntityKind::GroupMember { group_id } = kind {
        tenant
            .directory
            .incomplete_member_lists
            .insert(fold(group_id).into_owned());
    }
}

/// Files that could not be read at all count against the kind they would have held; a file
/// whose kind cannot be told otherwise takes the kind of its page set (the files beside it whose
/// names differ only in digits: `page1`, `page2`), and failing that stops every pass.
fn count_lost_files(documents: &[Document], sources: &Sources, tenant: &mut Tenant) {
    let page_set = |file| page_set(sources, file);
    let mut sets: Option<BTreeMap<_, EntityKind>> = None;
    for document in documents {
        match &document.lost {
            None => {}
            Some(LostFile::Kind(kind)) => count_unreadable(tenant, kind),
            Some(LostFile::Unknown) => {
                // The page sets of the collections read, built once, when first needed.
                let sets = sets.get_or_insert_with(|| {
                    let mut sets = BTreeMap::new();
                    for other in documents.iter().filter(|d| d.collection) {
                        if let Some((kind, _)) = &other.kind {
                            sets.entry(page_set(other.file))
                                .or_insert_with(|| kind.clone());
                        }
                    }
                    sets
                });
                match sets.get(&page_set(document.file)) {
                    Some(kind) => count_unreadable(tenant, &kind.clone()),
                    None => tenant
                        .unreadable_of_unknown_kind
                        .push(sources.get(document.file).display_path()),
                }
            }
        }
    }
}

/// The pages of one paged export: files in one folder whose names differ only in digits
/// (`users-page1.json`, `users-page2.json`).
type PageSet = (Option<std::path::PathBuf>, String);

fn page_set(sources: &Sources, file: FileId) -> PageSet {
    let path = &sources.get(file).path;
    let name: String = path
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .chars()
                .filter(|c| !c.is_ascii_digit())
                .collect()
        })
        .unwrap_or_default();
    (path.parent().map(std::path::Path::to_path_buf), name)
}

/// Keeps the first copy of each user's registration details, as `Copies::keep` does for other
/// entities, through the records' own id index: a tenant has hundreds of thousands of them.
fn drop_repeated_registrations(registrations: &mut Registrations, copies: &mut Copies) {
    let repeats = registrations.repeats();
    for (first, place) in &repeats {
        if let (Some(earlier), Some(repeat)) = (registrations.at(*first), registrations.at(*place))
        {
            copies.repeated(
                InputKind::RegistrationDetails,
                repeat.user_id(),
                (earlier.file, earlier.span.clone()),
                &repeat.origin(),
            );
        }
    }
    if !repeats.is_empty() {
        let repeated: Vec<usize> = repeats.iter().map(|(_, place)| *place).collect();
        registrations.retain_places(|place| repeated.binary_search(&place).is_err());
    }
}

/// The pages of one paged collection, as read.
struct Pages<'d> {
    kind: InputKind,
    pages: usize,
    /// Pages without a next link that hold items: the last page of the set.
    closing: usize,
    links: Vec<&'d Origin>,
    /// The items the pages hold, read or not.
    items: usize,
    /// The largest `@odata.count` a page gives.
    count: Option<&'d (u64, Origin)>,
}

/// Every paged collection of the input, by kind and page set.
fn collections<'d>(
    documents: &'d [Document],
    sources: &Sources,
) -> BTreeMap<(String, PageSet), Pages<'d>> {
    let mut sets: BTreeMap<(String, PageSet), Pages> = BTreeMap::new();
    for document in documents.iter().filter(|d| d.collection) {
        let Some((kind, _)) = &document.kind else {
            continue;
        };
        let key = (kind.describe(), page_set(sources, document.file));
        let set = sets.entry(key).or_insert(Pages {
            kind: kind.input(),
            pages: 0,
            closing: 0,
            links: Vec::new(),
            items: 0,
            count: None,
        });
        set.pages += 1;
        let items = document.read + document.unreadable.len();
        set.items += items;
        match &document.next_link {
            Some(link) => set.links.push(link),
            None if items > 0 => set.closing += 1,
            None => {}
        }
        if let Some(count) = &document.odata_count {
            if set.count.is_none_or(|(most, _)| count.0 > *most) {
                set.count = Some(count);
            }
        }
    }
    sets
}

/// Pages missing from a paged collection, each an error that makes its kind unreadable.
/// Graph pages a collection with `@odata.nextLink`; the last page has none and holds items (only
/// a collection of one page may be empty). When no page of a set closes it that way, the export
/// stopped early, whatever page of another export lies beside it. A collection whose
/// `@odata.count` is larger than the items its pages hold is missing pages too, whichever ones:
/// a middle page leaves every link in place.
fn missing_pages(
    documents: &[Document],
    sources: &Sources,
    tenant: &mut Tenant,
) -> Vec<InputError> {
    let mut errors = Vec::new();
    for ((name, _), set) in collections(documents, sources) {
        let mut error = |origin: &Origin, message: String| {
            *tenant.unreadable.entry(set.kind).or_default() += 1;
            errors.push(InputError {
                file: origin.file,
                offset: Some(origin.span.start),
                pointer: Some(origin.pointer.clone()),
                message,
            });
        };
        if let (Some(last), 0) = (set.links.last(), set.closing) {
            error(
                last,
                format!(
                    "{} of {} page(s) of {name} link to a next page (@odata.nextLink) and no page with items \
                     ends the list, so the last page is missing: export every page (-All, or follow \
                     @odata.nextLink to the end)",
                    set.links.len(),
                    set.pages,
                ),
            );
        }
        if let Some((count, origin)) = set.count {
            if usize::try_from(*count).is_ok_and(|count| set.items < count) {
                error(
                    origin,
                    format!(
                        "@odata.count says the collection of {name} has {count} item(s), but its pages hold \
                         {}: pages are missing; export every page (-All, or follow @odata.nextLink to the end)",
                        set.items
                    ),
                );
            }
        }
    }
    errors
}

/// Exports of two tenants are never merged into one: each tenant id other than the tenant's
/// own (its organization's, else the first seen) is an error where it was read, and no rule
/// passes on the run.
fn one_tenant(tenant: &mut Tenant) -> Vec<InputError> {
    let first = tenant.subject();
    let seen = std::mem::take(&mut tenant.other_tenants);
    let mut others: Vec<(String, Origin)> = Vec::new();
    for (id, origin) in seen {
        let new = !id.eq_ignore_ascii_case(&first)
            && !others
                .iter()
                .any(|(other, _)| other.eq_ignore_ascii_case(&id));
        if new {
            others.push((id, origin));
        }
    }
    tenant.other_tenants = others;
    tenant
        .other_tenants
        .iter()
        .map(|(other, origin)| InputError {
            file: origin.file,
            offset: Some(origin.span.start),
            pointer: Some(origin.pointer.clone()),
            message: format!(
                "this belongs to tenant {other}, and the input also holds tenant {first}: lint one tenant at a time"
            ),
        })
        .collect()
}

/// A document of a kind proves that kind was exported, even when it holds no items.
fn mark_present(tenant: &mut Tenant, kind: &EntityKind) {
    let directory = &mut tenant.directory;
    match kind {
        EntityKind::CaPolicy => {
            tenant.ca_policies.get_or_insert_with(Vec::new);
        }
        EntityKind::Registration => {
            tenant
                .registrations
                .get_or_insert_with(Registrations::default);
        }
        EntityKind::SubscribedSku => {
            tenant.licences.get_or_insert_with(Vec::new);
        }
        // Role definitions and directory roles say which roles exist, not who holds them.
        EntityKind::RoleAssignment => {
            directory.holder_lists.insert(HolderList::Assignments);
        }
        EntityKind::ActiveAssignment => {
            directory.holder_lists.insert(HolderList::ActiveInstances);
        }
        EntityKind::Eligibility => {
            directory.holder_lists.insert(HolderList::Eligibility);
        }
        EntityKind::PrivilegedHolder => {
            directory.holder_lists.insert(HolderList::Privileged);
        }
        EntityKind::PrivilegedRoles => {
            directory.holder_lists.insert(HolderList::Privileged);
        }
        // A collection read whole says what exists, even when it is empty.
        EntityKind::AuthMethodsPolicy | EntityKind::AuthMethodConfiguration => {
            tenant
                .settings
                .authentication_methods
                .get_or_insert_with(Default::default);
        }
        EntityKind::DirectorySetting => {
            tenant
                .settings
                .directory_settings
                .get_or_insert_with(Vec::new);
        }
        EntityKind::Domain => {
            tenant.settings.domains.get_or_insert_with(Vec::new);
        }
        EntityKind::AppManagementPolicy(_) => {
            tenant.settings.app_management.get_or_insert_with(Vec::new);
        }
        _ => {}
    }
}

/// Directory role members hold the role's *template*, which only the directory role knows. A
/// role whose members were not all exported has holders no one named, and members of a role
/// object that was not exported hold a role no one can tell.
fn add_directory_role_members(
    tenant: &mut Tenant,
    roles: &BTreeMap<String, DirectoryRoleRecord>,
    members: Vec<(String, Member)>,
) {
    let inline = roles.values().flat_map(|role| {
        role.members
            .iter()
            .flat_map(|inline| &inline.members)
            .map(|m| (fold(&role.object_id).into_owned(), m.clone()))
    });
    let all: Vec<(String, Member)> = members.into_iter().chain(inline).collect();
    let directory = &mut tenant.directory;
    for role in roles.values() {
        let named = match &role.members {
            Some(inline) => inline.complete,
            None => {
                role.members_beside
                    || all
                        .iter()
                        .any(|(id, _)| id.eq_ignore_ascii_case(&role.object_id))
            }
        };
        if !named {
            directory.roles_without_members.push(RoleWithoutMembers {
                some_listed: role.members.is_some(),
                template_id: role.template_id.clone(),
                display_name: role.display_name.clone(),
                origin: role.origin.clone(),
            });
        }
    }
    if !all.is_empty()
        || roles
            .values()
            .any(|r| r.members.is_some() || r.members_beside)
    {
        directory
            .holder_lists
            .insert(HolderList::DirectoryRoleMembers);
    }
    for (role_object_id, member) in all {
        let Some(role) = roles.get(&role_object_id) else {
            if !directory.unknown_roles.contains(&role_object_id) {
                directory.unknown_roles.push(role_object_id);
            }
            continue;
        };
        directory.role_holdings.push(RoleHolding {
            principal: member.principal,
            role_id: role.template_id.clone(),
            role_name: role.display_name.clone(),
            via: GrantKind::DirectoryRoleMember,
            // Members of a directory role hold it tenant-wide; scoped holders are listed apart.
            scope: RoleScope::Tenant,
            schedule: None,
            origin: member.origin,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::decode::Encoding;
    use crate::source::SourceFile;
    use std::path::Path;

    /// Two files on disk, each one user record, their texts released as after parsing.
    fn two_copies(test: &str, first: &str, second: &str) -> (std::path::PathBuf, Sources) {
        let dir = std::env::temp_dir().join(format!("tenantlint-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut sources = Sources::default();
        for (name, text) in [("a.json", first), ("b.json", second)] {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            let mut file = SourceFile::from_disk(path, text.into(), Encoding::Utf8, 0);
            file.release_text();
            sources.push(file);
        }
        (dir, sources)
    }

    fn origin(file: FileId, text: &str) -> Origin {
        Origin {
            file,
            span: 0..text.len(),
            pointer: String::new(),
        }
    }

    /// The errors for the copies once `between` has run after the first is kept.
    fn errors_for(
        test: &str,
        first: &str,
        second: &str,
        between: impl FnOnce(&Path),
    ) -> Vec<String> {
        let (dir, sources) = two_copies(test, first, second);
        let mut copies = Copies {
            sources: &sources,
            first: IdMap::default(),
            conflicts: BTreeMap::new(),
            uncomparable: BTreeMap::new(),
            texts: IdMap::default(),
        };
        assert!(copies.keep(InputKind::Users, "u1", &origin(0, first)));
        between(&dir);
        assert!(!copies.keep(InputKind::Users, "u1", &origin(1, second)));
        let mut tenant = Tenant::default();
        let errors = copies.into_errors(&mut tenant);
        assert_eq!(
            tenant.unreadable.contains_key(&InputKind::Users),
            !errors.is_empty(),
            "an entity that cannot be read makes its kind unreadable"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        errors.into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn copies_are_compared_and_a_copy_that_cannot_be_read_again_is_not_taken_for_equal() {
        let same = r#"{"id": "u1", "displayName": "Alex"}"#;
        let other = r#"{"id": "u1", "displayName": "Sam"}"#;
        assert!(errors_for("copies-same", same, same, |_| {}).is_empty());
        let differ = errors_for("copies-differ", same, other, |_| {});
        assert!(differ[0].contains("with different content"), "{differ:?}");
        // The second copy's file is rewritten before the copies are compared.
        let changed = errors_for("copies-changed", same, same, |dir| {
            std::fs::write(dir.join("b.json"), "{}").unwrap()
        });
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert!(changed[0].contains("changed on disk"), "{changed:?}");
    }
}
