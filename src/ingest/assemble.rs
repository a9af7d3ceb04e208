//! Documents to one [`Tenant`]. Records arrive in file order (sorted paths). An entity exported
//! twice with the same content is read once; with different content it is ambiguous (which copy
//! is current?), so it is reported and counted unreadable rather than guessed. A paged
//! collection whose every page links to a next one is missing its last page.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::Value;

use super::entities::roles::DirectoryRoleRecord;
use super::{Document, EntityKind, InputError, Record};
use crate::model::ids::IdMap;
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
    /// Whether this copy is the first one to keep; a later copy with other content is a conflict.
    fn keep(&mut self, kind: InputKind, id: &str, origin: &Origin) -> bool {
        let key = (kind, id.to_string());
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
        let key = (kind, id.to_string());
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
        for ((kind, id), copies) in self.conflicts {
            let first = self.first[&(kind, id.clone())].0;
            let other = &copies[0];
            let files = copies
                .iter()
                .map(|c| c.file)
                .chain([first])
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            *tenant.unreadable.entry(kind).or_default() += 1;
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
        errors
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
        other => other,
    }
}

/// Moves every document's records into one tenant (each document keeps how many it read).
pub fn assemble(documents: &mut [Document], sources: &Sources) -> (Tenant, Vec<InputError>) {
    let mut tenant = Tenant::default();
    let mut directory_roles: BTreeMap<String, DirectoryRoleRecord> = BTreeMap::new();
    let mut directory_role_members: Vec<(String, Member)> = Vec::new();
    let mut copies = Copies {
        sources,
        first: IdMap::default(),
        conflicts: BTreeMap::new(),
        uncomparable: BTreeMap::new(),
        texts: IdMap::default(),
    };

    for document in documents.iter_mut() {
        if document.exporter_config_marker {
            tenant.ca_policies.get_or_insert_with(Vec::new);
        }
        for kind in &document.unreadable {
            *tenant.unreadable.entry(*kind).or_default() += 1;
        }
        if let Some((kind, _)) = &document.kind {
            mark_present(&mut tenant, kind);
        }
        let records = std::mem::take(&mut document.records);
        let registrations = std::mem::take(&mut document.registrations);
        document.read = records.len() + registrations.len();
        if !registrations.is_empty() {
            tenant
                .registrations
                .get_or_insert_with(Registrations::default)
                .push_chunk(registrations);
        }
        for record in records {
            match record {
                Record::CaPolicy(policy) => {
                    let kind = InputKind::ConditionalAccess;
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
                    if copies.keep(InputKind::Organization, &org.id.clone(), &org.origin) {
                        tenant.organization.get_or_insert(org);
                    }
                }
                Record::SubscribedSku(sku) => {
                    if tenant.tenant_id_hint.is_none() {
                        tenant.tenant_id_hint = sku
                            .id
                            .as_deref()
                            .and_then(|id| id.split_once('_'))
                            .map(|(tenant_id, _)| tenant_id.to_string());
                    }
                    tenant.licences.get_or_insert_with(Vec::new).push(sku);
                }
                // Repeated users are found once all are in (see `drop_repeated_registrations`).
                Record::Registration(registration) => tenant
                    .registrations
                    .get_or_insert_with(Registrations::default)
                    .push(registration),
                Record::User(user) => {
                    tenant
                        .directory
                        .users
                        .entry(user.id.clone())
                        .or_insert(user);
                }
                Record::Group { group, members } => {
                    if let Some(members) = members {
                        tenant
                            .directory
                            .group_members
                            .entry(group.id.clone())
                            .or_default()
                            .extend(members);
                    }
                    tenant
                        .directory
                        .groups
                        .entry(group.id.clone())
                        .or_insert(group);
                }
                Record::GroupMember { group_id, member } => {
                    tenant
                        .directory
                        .group_members
                        .entry(group_id)
                        .or_default()
                        .push(member);
                }
                Record::RoleDefinition(definition) => {
                    tenant
                        .directory
                        .role_definitions
                        .entry(definition.id.clone())
                        .or_insert(definition);
                }
                Record::RoleHolding(holding) => tenant.directory.role_holdings.push(holding),
                Record::DirectoryRole(role) => {
                    directory_roles
                        .entry(role.object_id.clone())
                        .or_insert(role);
                }
                Record::DirectoryRoleMember {
                    role_object_id,
                    member,
                } => {
                    directory_role_members.push((role_object_id, member));
                }
                Record::NamedLocation => {}
            }
        }
    }
    add_directory_role_members(&mut tenant, &directory_roles, directory_role_members);
    if let Some(registrations) = &mut tenant.registrations {
        drop_repeated_registrations(registrations, &mut copies);
    }
    let mut errors = copies.into_errors(&mut tenant);
    errors.extend(missing_last_pages(documents, &mut tenant));
    (tenant, errors)
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

/// Graph pages a collection with `@odata.nextLink`; the last page has none. When every page of a
/// kind has one, the export stopped early and the collection is incomplete.
fn missing_last_pages(documents: &[Document], tenant: &mut Tenant) -> Vec<InputError> {
    let mut pages: BTreeMap<String, (InputKind, usize, Vec<&Origin>)> = BTreeMap::new();
    for document in documents.iter().filter(|d| d.collection) {
        if let Some((kind, _)) = &document.kind {
            let entry = pages
                .entry(kind.describe())
                .or_insert((kind.input(), 0, Vec::new()));
            entry.1 += 1;
            entry.2.extend(document.next_link.as_ref());
        }
    }
    pages
        .into_iter()
        .filter(|(_, (_, count, links))| *count > 0 && links.len() == *count)
        .map(|(name, (kind, count, links))| {
            *tenant.unreadable.entry(kind).or_default() += 1;
            let last = links[links.len() - 1];
            InputError {
                file: last.file,
                offset: Some(last.span.start),
                pointer: Some(last.pointer.clone()),
                message: format!(
                    "all {count} page(s) of {name} link to a next page (@odata.nextLink), so the last page is \
                     missing: export every page (-All, or follow @odata.nextLink to the end)"
                ),
            }
        })
        .collect()
}

/// A document of a kind proves that kind was exported, even when it holds no items.
fn mark_present(tenant: &mut Tenant, kind: &EntityKind) {
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
        EntityKind::RoleDefinition
        | EntityKind::RoleAssignment
        | EntityKind::ActiveAssignment
        | EntityKind::Eligibility
        | EntityKind::DirectoryRole
        | EntityKind::DirectoryRoleMember { .. } => tenant.directory.role_data_present = true,
        _ => {}
    }
}

/// Directory role members hold the role's *template*, which only the directory role knows.
fn add_directory_role_members(
    tenant: &mut Tenant,
    roles: &BTreeMap<String, DirectoryRoleRecord>,
    members: Vec<(String, Member)>,
) {
    let inline = roles.values().flat_map(|role| {
        role.members
            .iter()
            .flatten()
            .map(|m| (role.object_id.clone(), m.clone()))
    });
    let all: Vec<(String, Member)> = members.into_iter().chain(inline).collect();
    for (role_object_id, member) in all {
        let role = roles.get(&role_object_id);
        tenant.directory.role_holdings.push(RoleHolding {
            principal: member.principal,
            role_id: role.map_or(role_object_id.clone(), |r| r.template_id.clone()),
            role_name: role.and_then(|r| r.display_name.clone()),
            via: GrantKind::DirectoryRoleMember,
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
