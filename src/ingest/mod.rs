//! Recognise what each file is and read its records into the model's types.
//!
//! Per file: parse the text as JSON (syntax errors stop here, with line and column), unwrap the
//! collection shape (Graph `{"value": [...]}`, bare array, single entity), decide the kind of
//! entity (the `@odata.context` URL, then each item's `@odata.type`, then the EntraExporter
//! folder, then the shape of the object), and read every item. An item of the wrong shape is an
//! input error and is counted as unreadable, so no rule passes without it.

pub mod assemble;
pub mod entities;
pub mod entra_exporter;
pub mod graph;
pub mod json;
pub mod lost;
pub mod pages;
pub mod scubagear;
pub mod shape;

use std::path::Path;

use crate::model::*;
use crate::source::{FileId, Origin};
use json::{Doc, JsonKind, Node, Object, ShapeError};
pub use lost::LostFile;

/// What a file or an item holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityKind {
    CaPolicy,
    SecurityDefaults,
    RoleDefinition,
    RoleAssignment,
    ActiveAssignment,
    Eligibility,
    DirectoryRole,
    DirectoryRoleMember {
        role_object_id: String,
    },
    Group,
    GroupMember {
        group_id: String,
    },
    User,
    ServicePrincipal,
    Registration,
    SsprPolicy,
    SubscribedSku,
    Organization,
    NamedLocation,
    /// A holder of a role CISA ScubaGear counts as privileged (`privileged_users`,
    /// `privileged_service_principals`).
    PrivilegedHolder,
    /// ScubaGear's `privileged_roles`: its privileged roles with their PIM assignments.
    PrivilegedRoles,
    /// Exclusions ScubaGear's configuration accepts (`scuba_config`).
    AcceptedExclusions,
    AuthMethodsPolicy,
    AuthMethodConfiguration,
    AuthorizationPolicy,
    DirectorySetting,
    Domain,
    /// `roleManagementPolicyAssignments`: which policy holds a role's PIM settings.
    RolePolicyAssignment,
    /// `roleManagementPolicies` with their rules.
    RolePolicy,
    /// ScubaGear's `privileged_roles` with their PIM `Rules`.
    PrivilegedRoleSettings,
    AppManagementPolicy(AppPolicyScope),
    /// ScubaGear's `risky_delegated_permission_classifications`.
    RiskyPermissionClassifications,
}

impl EntityKind {
    pub fn describe(&self) -> String {
        match self {
            EntityKind::CaPolicy => "Conditional Access policy".into(),
            EntityKind::SecurityDefaults => "security defaults policy".into(),
            EntityKind::RoleDefinition => "role definition".into(),
            EntityKind::RoleAssignment => "role assignment".into(),
            EntityKind::ActiveAssignment => "active role assignment (PIM)".into(),
            EntityKind::Eligibility => "role eligibility (PIM)".into(),
            EntityKind::DirectoryRole => "directory role".into(),
            EntityKind::DirectoryRoleMember { role_object_id } => {
                format!("member of directory role {role_object_id}")
            }
            EntityKind::Group => "group".into(),
            EntityKind::GroupMember { group_id } => format!("member of group {group_id}"),
            EntityKind::User => "user".into(),
            EntityKind::ServicePrincipal => "service principal".into(),
            EntityKind::Registration => "user registration details".into(),
            EntityKind::SsprPolicy => "self-service password reset policy".into(),
            EntityKind::SubscribedSku => "subscribed SKU (licences)".into(),
            EntityKind::Organization => "organization".into(),
            EntityKind::NamedLocation => "named location".into(),
            EntityKind::PrivilegedHolder => "privileged role holder (ScubaGear)".into(),
            EntityKind::PrivilegedRoles => {
                "privileged roles with their PIM assignments (ScubaGear)".into()
            }
            EntityKind::AcceptedExclusions => {
                "accepted exclusions (ScubaGear configuration)".into()
            }
            EntityKind::AuthMethodsPolicy => "authentication methods policy".into(),
            EntityKind::AuthMethodConfiguration => "authentication method configuration".into(),
            EntityKind::AuthorizationPolicy => "authorization policy".into(),
            EntityKind::DirectorySetting => "directory setting".into(),
            EntityKind::Domain => "domain".into(),
            EntityKind::RolePolicyAssignment => "role management policy assignment (PIM)".into(),
            EntityKind::RolePolicy => "role management policy (PIM)".into(),
            EntityKind::PrivilegedRoleSettings => {
                "PIM settings of privileged roles (ScubaGear)".into()
            }
            EntityKind::AppManagementPolicy(AppPolicyScope::TenantDefault) => {
                "default application management policy".into()
            }
            EntityKind::AppManagementPolicy(AppPolicyScope::Assigned) => {
                "application management policy".into()
            }
            EntityKind::RiskyPermissionClassifications => {
                "risky permissions classified as low impact (ScubaGear)".into()
            }
        }
    }

    pub fn input(&self) -> InputKind {
        match self {
            EntityKind::CaPolicy => InputKind::ConditionalAccess,
            EntityKind::SecurityDefaults => InputKind::SecurityDefaults,
            EntityKind::RoleDefinition
            | EntityKind::RoleAssignment
            | EntityKind::ActiveAssignment
            | EntityKind::Eligibility
            | EntityKind::DirectoryRole
            | EntityKind::DirectoryRoleMember { .. }
            | EntityKind::PrivilegedHolder
            | EntityKind::PrivilegedRoles => InputKind::RoleData,
            EntityKind::Group | EntityKind::GroupMember { .. } => InputKind::GroupMembership,
            EntityKind::User => InputKind::Users,
            EntityKind::ServicePrincipal => InputKind::ServicePrincipals,
            EntityKind::Registration => InputKind::RegistrationDetails,
            EntityKind::SsprPolicy => InputKind::SsprPolicy,
            EntityKind::SubscribedSku => InputKind::Licences,
            EntityKind::Organization => InputKind::Organization,
            EntityKind::NamedLocation => InputKind::NamedLocations,
            EntityKind::AcceptedExclusions => InputKind::AcceptedExclusions,
            EntityKind::AuthMethodsPolicy | EntityKind::AuthMethodConfiguration => {
                InputKind::AuthenticationMethods
            }
            EntityKind::AuthorizationPolicy => InputKind::AuthorizationPolicy,
            EntityKind::RiskyPermissionClassifications => InputKind::PermissionClassifications,
            EntityKind::DirectorySetting => InputKind::DirectorySettings,
            EntityKind::Domain => InputKind::Domains,
            EntityKind::RolePolicyAssignment
            | EntityKind::RolePolicy
            | EntityKind::PrivilegedRoleSettings => InputKind::RoleSettings,
            EntityKind::AppManagementPolicy(_) => InputKind::AppManagement,
        }
    }
}

/// How the kind was decided, for `tenantlint inputs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    ODataContext,
    ODataType,
    ExporterFolder,
    Shape,
}

impl Evidence {
    pub fn describe(self) -> &'static str {
        match self {
            Evidence::ODataContext => "@odata.context",
            Evidence::ODataType => "@odata.type",
            Evidence::ExporterFolder => "EntraExporter folder",
            Evidence::Shape => "shape",
        }
    }
}

/// One record read from a file.
#[derive(Debug, Clone)]
pub enum Record {
    CaPolicy(Box<CaPolicy>),
    SecurityDefaults(SecurityDefaults),
    RoleDefinition(RoleDefinition),
    RoleHolding(RoleHolding),
    DirectoryRole(entities::roles::DirectoryRoleRecord),
    DirectoryRoleMember {
        role_object_id: String,
        member: Member,
    },
    Group {
        group: Group,
        members: Option<entities::directory::InlineMembers>,
    },
    GroupMember {
        group_id: String,
        member: Member,
    },
    User(User),
    ServicePrincipal(String),
    Registration(Registration),
    SsprPolicy(SsprPolicy),
    SubscribedSku(SubscribedSku),
    Organization(Organization),
    NamedLocation(NamedLocation),
    AcceptedExclusion(AcceptedExclusion),
    /// The policy root and the method configurations written inside it.
    AuthMethodsPolicy(AuthMethodsPolicy, Vec<MethodConfiguration>),
    AuthMethodConfiguration(MethodConfiguration),
    AuthorizationPolicy(AuthorizationPolicy),
    DirectorySetting(DirectorySetting),
    Domain(Domain),
    /// Role `role_id`'s settings are policy `policy_id`'s rules, inline when expanded.
    RolePolicyAssignment {
        role_id: String,
        policy_id: Option<String>,
        settings: Option<RoleSettings>,
    },
    /// A role management policy; its rules are `None` when they were not exported with it.
    RolePolicy {
        id: String,
        rules: Option<Vec<RolePolicyRule>>,
        origin: Origin,
    },
    /// A role's settings read whole (ScubaGear's `privileged_roles[].Rules`).
    RoleSettings(RoleSettings),
    AppManagementPolicy(AppManagementPolicy),
    RiskyPermissionClassifications(Located<usize>),
}

/// A problem with one input: it is reported, exits 2, and everything else is still linted.
#[derive(Debug, Clone)]
pub struct InputError {
    pub file: FileId,
    /// Byte offset of the fault in the decoded text, when there is one.
    pub offset: Option<usize>,
    pub pointer: Option<String>,
    pub message: String,
}

impl InputError {
    pub fn from_shape(error: ShapeError) -> Self {
        InputError {
            file: error.origin.file,
            offset: Some(error.origin.span.start),
            pointer: Some(error.origin.pointer),
            message: error.message,
        }
    }
}

/// One part of a file that holds several kinds (a ScubaGear export's top-level keys), for
/// `tenantlint inputs`.
#[derive(Debug, Clone)]
pub struct Section {
    pub key: String,
    /// What the part holds, when it is read.
    pub kind: Option<EntityKind>,
    pub read: usize,
    pub unreadable: usize,
    /// Why a part is not read, or what to know about it.
    pub note: Option<String>,
}

/// What one file turned out to be.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: FileId,
    /// `None` for a file that was skipped (see `skipped`) or could not be parsed.
    pub kind: Option<(EntityKind, Evidence)>,
    /// The records read, until they are assembled into the tenant.
    pub records: Vec<Record>,
    /// Registration details, read apart from other records: a tenant's are counted in millions
    /// and move into it page by page, in the chunks they were read in.
    pub registrations: Registrations,
    /// How many records were read (the records themselves move into the tenant).
    pub read: usize,
    /// Items that could not be read, by the kind they would have been.
    pub unreadable: Vec<EntityKind>,
    /// The whole file could not be read (empty, cut short, not JSON, not decodable): what it
    /// would have held, as far as can be told.
    pub lost: Option<LostFile>,
    /// A collection page's `@odata.count`: how many items the whole collection has.
    pub odata_count: Option<(u64, Origin)>,
    pub errors: Vec<InputError>,
    pub skipped: Option<String>,
    /// A Graph collection response (`{"value": [...]}`), possibly one page of several.
    pub collection: bool,
    /// The `@odata.nextLink` of a Graph collection page: another page follows.
    pub next_link: Option<Origin>,
    /// The parts of a file that holds several kinds (a ScubaGear export), each with its kind;
    /// `kind` is then `None`.
    pub sections: Vec<Section>,
    /// Lists of role holders the file shows to be exported beyond what its kind says
    /// (ScubaGear's `privileged_roles` with their `Assignments`).
    pub listed: Vec<HolderList>,
    /// Byte offsets that findings are likely to point at, ascending: their positions are
    /// computed before the text is released, so that a report need not read the file again.
    pub likely_reported: Vec<usize>,
}

impl Document {
    /// An item or part that could not be read: reported at its fault, and counted against its
    /// kind, so no rule that needs that kind passes without it.
    pub(crate) fn not_read(&mut self, error: ShapeError, kind: EntityKind) {
        self.errors.push(InputError::from_shape(error));
        self.unreadable.push(kind);
    }

    /// The whole file could not be read: reported, and what it would have held noted.
    fn lost(&mut self, error: ShapeError, path: &Path, text_before: &str) {
        self.errors.push(InputError::from_shape(error));
        self.lost = Some(lost::lost_file(path, text_before));
    }

    pub(crate) fn new(file: FileId) -> Self {
        Document {
            file,
            kind: None,
            records: Vec::new(),
            registrations: Registrations::default(),
            read: 0,
            unreadable: Vec::new(),
            lost: None,
            odata_count: None,
            errors: Vec::new(),
            skipped: None,
            collection: false,
            next_link: None,
            sections: Vec::new(),
            listed: Vec::new(),
            likely_reported: Vec::new(),
        }
    }
}

/// Recognise and read one decoded file. `path` is used for EntraExporter folder names only.
pub fn recognise(file: FileId, path: &Path, text: &str) -> Document {
    let mut document = Document::new(file);
    if text.trim().is_empty() {
        document.errors.push(InputError {
            file,
            offset: Some(0),
            pointer: None,
            message: "the file is empty".into(),
        });
        document.lost = Some(lost::lost_file(path, text));
        return document;
    }
    let folder_kind = entra_exporter::kind_from_path(path);
    if folder_kind.is_none() {
        if let Some(page) = pages::read_registration_page(file, text) {
            return page;
        }
    }
    read_generally(document, path, text, folder_kind)
}

/// The general reader: any shape, any kind, every fault reported. `folder_kind` is what the
/// EntraExporter folder the file sits in says it holds.
fn read_generally(
    mut document: Document,
    path: &Path,
    text: &str,
    folder_kind: Option<EntityKind>,
) -> Document {
    let file = document.file;
    let ambiguities = std::cell::RefCell::new(Vec::new());
    let doc = Doc {
        file,
        text,
        ambiguities: &ambiguities,
    };
    let root = match Node::root(doc) {
        Ok(root) => root,
        Err(e) => {
            let error = syntax_error(file, text, &e);
            let before = error.offset.map_or(text, |at| &text[..at.min(text.len())]);
            document.lost = Some(lost::lost_file(path, before));
            document.errors.push(error);
            return document;
        }
    };
    // The root object's members are parsed once: each parse scans the whole file.
    let root_object = match root.kind() {
        JsonKind::Object => match root.object() {
            Ok(object) => Some(object),
            Err(e) => {
                document.lost(e, path, text);
                return document;
            }
        },
        _ => None,
    };
    if let Some(object) = &root_object {
        if scubagear::read_provider_export(&mut document, object, &ambiguities) {
            return document;
        }
    }
    let (items, context_kind) = match unwrap_collection(&root, root_object.as_ref()) {
        Ok(found) => found,
        Err(e) => {
            document.lost(e, path, text);
            return document;
        }
    };
    if take_ambiguities(&ambiguities, &mut document) {
        document.lost = Some(lost::lost_file(path, text));
        return document;
    }
    if let Some(object) = &root_object {
        document.next_link = object.get("@odata.nextLink").map(|n| n.origin());
        document.odata_count = odata_count(object);
        document.collection = is_collection_root(object);
    }
    if items.is_empty() {
        match context_kind {
            Some(kind) => document.kind = Some((kind, Evidence::ODataContext)),
            None => document.skipped = Some("an empty list of unknown entities".into()),
        }
        return document;
    }
    // Items of no kind this version reads, with why: beside items that have one, they are
    // records of the collection that could not be read.
    let mut unrecognised: Vec<(Origin, String)> = Vec::new();
    for item in items {
        let read_before = document.records.len();
        if let Some(skipped) = read_item(
            &mut document,
            path,
            &item,
            context_kind.as_ref(),
            folder_kind.as_ref(),
        ) {
            unrecognised.push(skipped);
        }
        if take_ambiguities(&ambiguities, &mut document) && document.records.len() > read_before {
            // The record just read rests on an ambiguous value: drop it, count it unreadable.
            if let Some(record) = document.records.pop() {
                document.unreadable.push(record_kind(&record));
            }
        }
    }
    if let Some((kind, _)) = document.kind.clone() {
        for (origin, why) in unrecognised {
            document.errors.push(InputError {
                file,
                offset: Some(origin.span.start),
                message: format!(
                    "this item of a collection of {} is not one ({why}), so it is not read",
                    kind.describe()
                ),
                pointer: Some(origin.pointer),
            });
            document.unreadable.push(kind.clone());
        }
    }
    document
}

/// Moves ambiguities found while reading into the document's errors; true when there were any.
pub(crate) fn take_ambiguities(
    ambiguities: &std::cell::RefCell<Vec<ShapeError>>,
    document: &mut Document,
) -> bool {
    let found: Vec<ShapeError> = ambiguities.borrow_mut().drain(..).collect();
    let any = !found.is_empty();
    document
        .errors
        .extend(found.into_iter().map(InputError::from_shape));
    any
}

/// The kind of entity a record was read as.
pub(crate) fn record_kind(record: &Record) -> EntityKind {
    match record {
        Record::CaPolicy(_) => EntityKind::CaPolicy,
        Record::SecurityDefaults(_) => EntityKind::SecurityDefaults,
        Record::RoleDefinition(_) => EntityKind::RoleDefinition,
        Record::RoleHolding(holding) => match holding.via {
            GrantKind::Assignment => EntityKind::RoleAssignment,
            GrantKind::ActiveInstance => EntityKind::ActiveAssignment,
            GrantKind::Eligible { .. } => EntityKind::Eligibility,
            GrantKind::DirectoryRoleMember => EntityKind::DirectoryRole,
            GrantKind::Privileged => EntityKind::PrivilegedHolder,
        },
        Record::DirectoryRole(_) => EntityKind::DirectoryRole,
        Record::DirectoryRoleMember { role_object_id, .. } => EntityKind::DirectoryRoleMember {
            role_object_id: role_object_id.clone(),
        },
        Record::Group { .. } => EntityKind::Group,
        Record::GroupMember { group_id, .. } => EntityKind::GroupMember {
            group_id: group_id.clone(),
        },
        Record::User(_) => EntityKind::User,
        Record::ServicePrincipal(_) => EntityKind::ServicePrincipal,
        Record::Registration(_) => EntityKind::Registration,
        Record::SsprPolicy(_) => EntityKind::SsprPolicy,
        Record::SubscribedSku(_) => EntityKind::SubscribedSku,
        Record::Organization(_) => EntityKind::Organization,
        Record::NamedLocation(_) => EntityKind::NamedLocation,
        Record::AcceptedExclusion(_) => EntityKind::AcceptedExclusions,
        Record::AuthMethodsPolicy(..) => EntityKind::AuthMethodsPolicy,
        Record::AuthMethodConfiguration(_) => EntityKind::AuthMethodConfiguration,
        Record::AuthorizationPolicy(_) => EntityKind::AuthorizationPolicy,
        Record::DirectorySetting(_) => EntityKind::DirectorySetting,
        Record::Domain(_) => EntityKind::Domain,
        Record::RolePolicyAssignment { .. } => EntityKind::RolePolicyAssignment,
        Record::RolePolicy { .. } => EntityKind::RolePolicy,
        Record::RoleSettings(_) => EntityKind::PrivilegedRoleSettings,
        Record::AppManagementPolicy(policy) => EntityKind::AppManagementPolicy(policy.scope),
        Record::RiskyPermissionClassifications(_) => EntityKind::RiskyPermissionClassifications,
    }
}

/// Reads one item into the document; an object of no kind this version reads is returned with
/// why, for the caller to judge once the document's kind is known.
fn read_item(
    document: &mut Document,
    path: &Path,
    item: &Node,
    context_kind: Option<&EntityKind>,
    folder_kind: Option<&EntityKind>,
) -> Option<(Origin, String)> {
    let object = match item.object() {
        Ok(object) => object,
        Err(e) => {
            document.errors.push(InputError::from_shape(e));
            // An item that is not even an object: its kind is the collection's, or the file's.
            match context_kind.or(folder_kind) {
                Some(kind) => document.unreadable.push(kind.clone()),
                None => document.lost = Some(lost::lost_file(path, "")),
            }
            return None;
        }
    };
    let decided = decide_kind(&object, context_kind, folder_kind);
    let Some((kind, evidence)) = decided else {
        let why = shape::why_unrecognised(&object);
        if document.skipped.is_none() && document.kind.is_none() {
            document.skipped = Some(why.clone());
        }
        return Some((object.origin(), why));
    };
    if document.kind.is_none() {
        document.kind = Some((kind.clone(), evidence));
        document.skipped = None;
    }
    match entities::read(&kind, &object) {
        Ok(record) => document.records.push(record),
        Err(e) => document.not_read(e, kind),
    }
    None
}

/// The kind of one item: the collection's context is the strongest evidence, then the item's
/// own `@odata.type`, then the EntraExporter folder, then its shape.
fn decide_kind(
    object: &Object,
    context_kind: Option<&EntityKind>,
    folder_kind: Option<&EntityKind>,
) -> Option<(EntityKind, Evidence)> {
    let by_type = object
        .odata_type()
        .and_then(|t| graph::kind_from_odata_type(&t));
    if let Some(kind) = context_kind {
        // A member list's context names directory objects; the folder says whose members.
        if let (Some(EntityKind::User | EntityKind::Group), Some(folder)) = (&by_type, folder_kind)
        {
            if matches!(
                folder,
                EntityKind::GroupMember { .. } | EntityKind::DirectoryRoleMember { .. }
            ) {
                return Some((folder.clone(), Evidence::ExporterFolder));
            }
        }
        return Some((kind.clone(), Evidence::ODataContext));
    }
    if let Some(folder) = folder_kind {
        if matches!(
            folder,
            EntityKind::GroupMember { .. } | EntityKind::DirectoryRoleMember { .. }
        ) {
            return Some((folder.clone(), Evidence::ExporterFolder));
        }
    }
    if let Some(kind) = by_type {
        return Some((kind, Evidence::ODataType));
    }
    if let Some(kind) = folder_kind {
        return Some((kind.clone(), Evidence::ExporterFolder));
    }
    shape::kind_from_shape(object).map(|kind| (kind, Evidence::Shape))
}

/// A Graph collection response whose `value` is an array.
fn is_collection_root(root: &Object) -> bool {
    is_collection_response(root)
        && root
            .get("value")
            .is_some_and(|v| v.kind() == JsonKind::Array)
}

/// A page's `@odata.count`: the size of the whole collection, when the request asked for it.
fn odata_count(root: &Object) -> Option<(u64, Origin)> {
    let count = root.get("@odata.count")?;
    Some((u64::try_from(count.int().ok()?).ok()?, count.origin()))
}

/// The items of a document and the kind its `@odata.context` names, if any. `object` is the
/// root's members, when the root is an object.
fn unwrap_collection<'a>(
    root: &Node<'a>,
    object: Option<&Object<'a>>,
) -> Result<(Vec<Node<'a>>, Option<EntityKind>), ShapeError> {
    match (root.kind(), object) {
        (JsonKind::Array, _) => Ok((root.array()?, None)),
        (JsonKind::Object, Some(object)) => {
            let context_kind = object
                .str("@odata.context")
                .ok()
                .flatten()
                .and_then(|url| graph::kind_from_context(&url));
            match object.get("value") {
                Some(value) if is_collection_response(object) => match value.kind() {
                    JsonKind::Array => Ok((value.array()?, context_kind)),
                    // Graph's documentation shows single entities wrapped so, without a context;
                    // a context naming a collection promises an array.
                    JsonKind::Object if !names_collection(object) => {
                        Ok((vec![value], context_kind))
                    }
                    _ => Err(value.shape_error("an array of entities")),
                },
                _ => Ok((vec![root.clone()], context_kind)),
            }
        }
        _ => Err(root.shape_error("a JSON object or array")),
    }
}

/// Whether a response's `@odata.context` names a collection rather than one entity.
fn names_collection(object: &Object) -> bool {
    object
        .str("@odata.context")
        .ok()
        .flatten()
        .is_some_and(|url| !url.trim_end_matches('/').ends_with("$entity"))
}

/// `{"@odata.context": ..., "value": [...]}` or a bare `{"value": [...]}`; an entity with a
/// property named `value` has other properties too.
fn is_collection_response(object: &Object) -> bool {
    object
        .keys()
        .all(|k| k.eq_ignore_ascii_case("value") || k.starts_with("@odata") || k.starts_with('@'))
}

fn syntax_error(file: FileId, text: &str, error: &serde_json::Error) -> InputError {
    let index = crate::source::locate::LineIndex::new(text);
    let offset = if error.line() == 0 {
        None
    } else {
        Some(index.offset_of_byte_column(error.line(), error.column()))
    };
    let message = json::serde_message(error);
    InputError {
        file,
        offset,
        pointer: None,
        message: format!("not valid JSON: {message}"),
    }
}

/// The document of a file whose bytes could not be decoded: what it would have held.
pub fn undecodable(file: FileId, path: &Path, text_before: &str) -> Document {
    let mut document = Document::new(file);
    document.lost = Some(lost::lost_file(path, text_before));
    document
}

/// Shared by readers: an origin for a required member that is missing.
pub(crate) fn missing(object: &Object, key: &str) -> ShapeError {
    let origin: Origin = object.origin();
    ShapeError {
        message: format!(
            "missing `{key}` in the object at `{}`",
            if origin.pointer.is_empty() {
                "/"
            } else {
                &origin.pointer
            }
        ),
        origin: Origin {
            span: origin.span.start..origin.span.start + 1,
            ..origin
        },
    }
}
