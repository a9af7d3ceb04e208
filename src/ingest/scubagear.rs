//! CISA ScubaGear's `ProviderSettingsExport.json`: one object for every product it assesses,
//! whose Entra ID part is Graph beta JSON with the PowerShell SDK's PascalCase keys under
//! ScubaGear's own top-level keys. Each key is read as the kind it holds, by the same readers
//! as Graph responses, so a rule never knows which tool wrote its input. ScubaGear's
//! consolidated `ScubaResults*.json` carries the same export under `Raw`.
//!
//! What ScubaGear leaves out stays unknown: `privileged_users` names the holders of the roles
//! ScubaGear counts as privileged and of no other; `service_plans` keeps provisioned plans
//! without their SKU's status; a command listed in `aad_unsuccessful_commands` leaves its key
//! empty, which is not the tenant's answer.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::entities::{self, required_id};
use super::json::{JsonKind, Node, Object, ShapeError, Shaped};
use super::{take_ambiguities, Document, EntityKind, InputError, Record, Section};
use crate::model::roles::template_of_name;
use crate::model::*;

/// Reads the provider export a file's root object is, or holds as the `Raw` member of
/// ScubaGear's consolidated results; false when it is neither.
pub fn read_provider_export(
    document: &mut Document,
    root: &Object,
    ambiguities: &RefCell<Vec<ShapeError>>,
) -> bool {
    if is_provider_export(root) {
        read(document, root, ambiguities);
        return true;
    }
    match root.object("Raw") {
        Ok(Some(raw)) if is_provider_export(&raw) => {
            read(document, &raw, ambiguities);
            true
        }
        _ => false,
    }
}

/// ScubaGear stamps every export with its versions, and the Entra part has keys no Graph
/// response has.
fn is_provider_export(object: &Object) -> bool {
    let stamped = object.is_written("baseline_version") || object.is_written("module_version");
    let entra = [
        "conditional_access_policies",
        "privileged_users",
        "tenant_details",
    ]
    .iter()
    .any(|key| object.is_written(key));
    stamped && entra
}

/// The top-level keys this reader reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    TenantDetails,
    ConditionalAccessPolicies,
    PrivilegedUsers,
    PrivilegedServicePrincipals,
    PrivilegedRoles,
    ServicePlans,
    ScubaConfig,
    AuthenticationMethod,
    AuthorizationPolicies,
    DirectorySettings,
    DomainSettings,
    DefaultAppManagementPolicy,
    AppManagementPolicies,
    RiskyPermissionClassifications,
}

impl Part {
    const ALL: [Part; 14] = [
        Part::TenantDetails,
        Part::ConditionalAccessPolicies,
        Part::PrivilegedUsers,
        Part::PrivilegedServicePrincipals,
        Part::PrivilegedRoles,
        Part::ServicePlans,
        Part::ScubaConfig,
        Part::AuthenticationMethod,
        Part::AuthorizationPolicies,
        Part::DirectorySettings,
        Part::DomainSettings,
        Part::DefaultAppManagementPolicy,
        Part::AppManagementPolicies,
        Part::RiskyPermissionClassifications,
    ];

    fn key(self) -> &'static str {
        match self {
            Part::TenantDetails => "tenant_details",
            Part::ConditionalAccessPolicies => "conditional_access_policies",
            Part::PrivilegedUsers => "privileged_users",
            Part::PrivilegedServicePrincipals => "privileged_service_principals",
            Part::PrivilegedRoles => "privileged_roles",
            Part::ServicePlans => "service_plans",
            Part::ScubaConfig => "scuba_config",
            Part::AuthenticationMethod => "authentication_method",
            Part::AuthorizationPolicies => "authorization_policies",
            Part::DirectorySettings => "directory_settings",
            Part::DomainSettings => "domain_settings",
            Part::DefaultAppManagementPolicy => "default_app_management_policy",
            Part::AppManagementPolicies => "app_management_policies",
            Part::RiskyPermissionClassifications => "risky_delegated_permission_classifications",
        }
    }

    fn kind(self) -> EntityKind {
        match self {
            Part::TenantDetails => EntityKind::Organization,
            Part::ConditionalAccessPolicies => EntityKind::CaPolicy,
            Part::PrivilegedUsers | Part::PrivilegedServicePrincipals => {
                EntityKind::PrivilegedHolder
            }
            Part::PrivilegedRoles => EntityKind::PrivilegedRoles,
            Part::ServicePlans => EntityKind::SubscribedSku,
            Part::ScubaConfig => EntityKind::AcceptedExclusions,
            Part::AuthenticationMethod => EntityKind::AuthMethodsPolicy,
            Part::AuthorizationPolicies => EntityKind::AuthorizationPolicy,
            Part::DirectorySettings => EntityKind::DirectorySetting,
            Part::DomainSettings => EntityKind::Domain,
            Part::DefaultAppManagementPolicy => {
                EntityKind::AppManagementPolicy(AppPolicyScope::TenantDefault)
            }
            Part::AppManagementPolicies => {
                EntityKind::AppManagementPolicy(AppPolicyScope::Assigned)
            }
            Part::RiskyPermissionClassifications => EntityKind::RiskyPermissionClassifications,
        }
    }

    /// Every kind the part holds: `privileged_roles` carries holders and PIM settings.
    fn kinds(self) -> Vec<EntityKind> {
        match self {
            Part::PrivilegedRoles => vec![self.kind(), EntityKind::PrivilegedRoleSettings],
            _ => vec![self.kind()],
        }
    }

    /// The command ScubaGear runs for the part: listed in `aad_unsuccessful_commands`, it
    /// failed, and the part holds nothing of the tenant's.
    fn command(self) -> Option<&'static str> {
        match self {
            Part::TenantDetails | Part::ScubaConfig => None,
            Part::ConditionalAccessPolicies => Some("Get-MgBetaIdentityConditionalAccessPolicy"),
            Part::PrivilegedUsers | Part::PrivilegedServicePrincipals => Some("Get-PrivilegedUser"),
            Part::PrivilegedRoles => Some("Get-PrivilegedRole"),
            Part::ServicePlans => Some("Get-MgBetaSubscribedSku"),
            Part::AuthenticationMethod => Some("Get-MgBetaPolicyAuthenticationMethodPolicy"),
            Part::AuthorizationPolicies => Some("Get-MgBetaPolicyAuthorizationPolicy"),
            Part::DirectorySettings => Some("Get-MgBetaDirectorySetting"),
            Part::DomainSettings => Some("Get-MgBetaDomain"),
            Part::DefaultAppManagementPolicy => Some("Get-MgBetaPolicyDefaultAppManagementPolicy"),
            Part::AppManagementPolicies => Some("Get-MgBetaPolicyAppManagementPolicy"),
            Part::RiskyPermissionClassifications => {
                Some("Get-ServicePrincipalsWithRiskyDelegatedPermissionClassifications")
            }
        }
    }
}

/// Entra ID keys that hold settings no rule of this version reads.
const ENTRA_KEYS_NOT_READ: &[&str] = &[
    "cap_table_data",
    "license_information",
    "license_state",
    "total_user_count",
    "risky_applications",
    "risky_third_party_service_principals",
    "severity_score_weights",
    "legacy_exchange_service_principal",
    "dedicated_exchange_hybrid_applications",
    "admin_consent_policies",
    "secure_score",
];

/// Keys about the run itself.
const RUN_KEYS: &[&str] = &[
    "baseline_version",
    "module_version",
    "date",
    "timestamp_zulu",
    "report_uuid",
    "tenant_id",
    "aad_successful_commands",
    "aad_unsuccessful_commands",
];

/// Reads every Entra ID key of a provider export into the document, one section per key.
fn read(document: &mut Document, export: &Object, ambiguities: &RefCell<Vec<ShapeError>>) {
    let failed = match failed_commands(export) {
        Ok(failed) => failed,
        Err(e) => {
            // Which commands failed cannot be told: no part shows the tenant's answer.
            document.errors.push(InputError::from_shape(e));
            for part in Part::ALL.iter().filter(|p| export.has(p.key())) {
                document.unreadable.extend(part.kinds());
            }
            return;
        }
    };
    let role_templates = role_templates(export);
    // A value written twice in the run's own keys is reported now, not charged to a part.
    take_ambiguities(ambiguities, document);
    for part in Part::ALL {
        let Some(node) = export.get(part.key()) else {
            continue;
        };
        let mut section = Section {
            key: part.key().to_string(),
            kind: Some(part.kind()),
            read: 0,
            unreadable: 0,
            note: None,
        };
        let failed_command = part
            .command()
            .and_then(|c| failed.get(&c.to_ascii_lowercase()));
        if let Some((command, origin)) = failed_command {
            document.errors.push(InputError {
                file: document.file,
                offset: Some(origin.span.start),
                pointer: Some(origin.pointer.clone()),
                message: format!(
                    "ScubaGear could not run {command} in this run (it is listed in aad_unsuccessful_commands), so \
                     `{}` does not show the tenant's {}: rules that need them are not evaluated; run ScubaGear again \
                     with the permissions {command} needs",
                    part.key(),
                    part.kind().input().describe()
                ),
            });
            document.unreadable.extend(part.kinds());
            section.unreadable += 1;
            section.note = Some(format!("not read: {command} failed in this run"));
            document.sections.push(section);
            continue;
        }
        let before = (document.records.len(), document.unreadable.len());
        let outcome = match part {
            Part::TenantDetails => read_tenant_details(document, &node),
            Part::ConditionalAccessPolicies => read_each(document, &node, &part.kind()),
            Part::PrivilegedUsers => {
                read_privileged(document, &node, PrincipalKind::User, &role_templates)
            }
            Part::PrivilegedServicePrincipals => read_privileged(
                document,
                &node,
                PrincipalKind::ServicePrincipal,
                &role_templates,
            ),
            Part::PrivilegedRoles => read_privileged_roles(document, &node),
            Part::ServicePlans => read_service_plans(document, &node),
            Part::ScubaConfig => read_scuba_config(document, &node, &mut section),
            Part::AuthenticationMethod => read_authentication_method(document, &node),
            Part::AuthorizationPolicies
            | Part::DirectorySettings
            | Part::DomainSettings
            | Part::DefaultAppManagementPolicy
            | Part::AppManagementPolicies => read_each(document, &node, &part.kind()),
            Part::RiskyPermissionClassifications => node.list().map(|list| {
                let count = list.iter().filter(|n| !n.is_null()).count();
                document
                    .records
                    .push(Record::RiskyPermissionClassifications(Located::new(
                        count,
                        node.origin(),
                    )));
            }),
        };
        if let Err(e) = outcome {
            document.errors.push(InputError::from_shape(e));
            document.unreadable.extend(part.kinds());
        }
        if take_ambiguities(ambiguities, document) {
            // A record resting on a value written twice is not read.
            for record in document.records.drain(before.0..) {
                document.unreadable.push(super::record_kind(&record));
            }
        }
        section.read = document.records.len() - before.0;
        section.unreadable += document.unreadable.len() - before.1;
        document.sections.push(section);
    }
    document.sections.extend(keys_not_read(export));
}

/// The commands ScubaGear lists as failed, lower-cased, with the name as written and where.
fn failed_commands(export: &Object) -> Shaped<BTreeMap<String, (String, crate::source::Origin)>> {
    Ok(export
        .strings("aad_unsuccessful_commands")?
        .into_iter()
        .map(|(command, origin)| (command.to_ascii_lowercase(), (command, origin)))
        .collect())
}

/// Role display names to template ids, as `privileged_roles` pairs them.
fn role_templates(export: &Object) -> BTreeMap<String, String> {
    let Some(roles) = export.get("privileged_roles").and_then(|n| n.list().ok()) else {
        return BTreeMap::new();
    };
    roles
        .iter()
        .filter_map(|role| {
            let role = role.object().ok()?;
            Some((
                role.string("DisplayName").ok()??.to_ascii_lowercase(),
                role.string("RoleTemplateId").ok()??,
            ))
        })
        .collect()
}

/// The keys not read, one section each for Entra ID's and one for every other product's.
fn keys_not_read(export: &Object) -> Vec<Section> {
    let read: Vec<&str> = Part::ALL.iter().map(|p| p.key()).collect();
    let mut sections = Vec::new();
    let mut other_products = 0usize;
    for key in export.keys() {
        let lower = key.to_ascii_lowercase();
        if read.contains(&lower.as_str()) || RUN_KEYS.contains(&lower.as_str()) {
            continue;
        }
        if ENTRA_KEYS_NOT_READ.contains(&lower.as_str()) {
            sections.push(Section {
                key: key.to_string(),
                kind: None,
                read: 0,
                unreadable: 0,
                note: Some("Entra ID settings no rule of this version reads".into()),
            });
        } else {
            other_products += 1;
        }
    }
    if other_products > 0 {
        sections.push(Section {
            key: format!("{other_products} other key(s)"),
            kind: None,
            read: 0,
            unreadable: 0,
            note: Some(
                "other products' settings (Exchange, Defender, SharePoint, Teams, Power Platform)"
                    .into(),
            ),
        });
    }
    sections
}

/// Each item of a list (or a bare object where ScubaGear wrote a one-item list) as `kind`.
fn read_each(document: &mut Document, node: &Node, kind: &EntityKind) -> Shaped<()> {
    for item in node.list()? {
        match item
            .object()
            .and_then(|object| entities::read(kind, &object))
        {
            Ok(record) => document.records.push(record),
            Err(e) => document.not_read(e, kind.clone()),
        }
    }
    Ok(())
}

/// `tenant_details`: the organization ScubaGear read (`AADAdditionalData`), or its id and name
/// alone. ScubaGear writes placeholders ("Error retrieving Tenant ID") when the lookup failed.
fn read_tenant_details(document: &mut Document, node: &Node) -> Shaped<()> {
    for item in node.list()? {
        let details = item.object()?;
        let organization = details
            .get("AADAdditionalData")
            .filter(|n| n.kind() != JsonKind::String)
            .and_then(|n| n.list().ok()?.into_iter().next());
        let record = match organization {
            Some(organization) => {
                entities::read(&EntityKind::Organization, &organization.object()?)?
            }
            None => Record::Organization(Organization {
                id: tenant_id(&details)?,
                display_name: details.string("DisplayName")?,
                primary_domain: None,
                assigned_plans: None,
                origin: details.origin(),
            }),
        };
        document.records.push(record);
    }
    Ok(())
}

/// The tenant id of `tenant_details`, unless ScubaGear wrote its placeholder for a failed
/// lookup.
fn tenant_id(details: &Object) -> Shaped<String> {
    if let Some(node) = details.get("TenantId") {
        if node
            .str()
            .is_ok_and(|id| id.starts_with("Error retrieving"))
        {
            return Err(ShapeError {
                message: "ScubaGear could not read the tenant's organization in this run (it wrote its \
                          \"Error retrieving\" placeholders in tenant_details), so the tenant and its assigned \
                          plans are unknown; run ScubaGear again with the permissions Get-MgBetaOrganization needs"
                    .into(),
                origin: node.origin(),
            });
        }
    }
    required_id(details, "TenantId")
}

/// `privileged_users` or `privileged_service_principals`: object ids mapped to a display name
/// and the names of the privileged roles held, actively (directly or through a group) or as
/// eligible; ScubaGear does not say which, nor the scope.
fn read_privileged(
    document: &mut Document,
    node: &Node,
    kind: PrincipalKind,
    role_templates: &BTreeMap<String, String>,
) -> Shaped<()> {
    // An export without the privileged lists writes `[]` (or `{}`) in their place.
    if node.kind() == JsonKind::Array && node.is_empty_array() {
        return Ok(());
    }
    for (id, entry) in node.object()?.members() {
        if entry.is_null() {
            continue;
        }
        match read_privileged_entry(id, &entry, kind, role_templates) {
            Ok(holdings) => document
                .records
                .extend(holdings.into_iter().map(Record::RoleHolding)),
            Err(e) => document.not_read(e, EntityKind::PrivilegedHolder),
        }
    }
    Ok(())
}

fn read_privileged_entry(
    id: &str,
    entry: &Node,
    kind: PrincipalKind,
    role_templates: &BTreeMap<String, String>,
) -> Shaped<Vec<RoleHolding>> {
    let object = entry.object()?;
    // ScubaGear keys its privileged principals by their object ids.
    if !crate::model::ids::is_guid(id) {
        return Err(entities::not_an_id(id, entry.origin()));
    }
    let principal = Principal {
        id: id.to_string(),
        kind,
        display_name: object.string("DisplayName")?,
        upn: None,
        user_type: UserType::Unknown,
        // ScubaGear asks for the immutable id of every privileged user: its null is an answer.
        on_premises: entities::directory::on_premises(&object, true)?,
    };
    object
        .strings("roles")?
        .into_iter()
        .map(|(name, origin)| {
            let template = role_templates
                .get(&name.to_ascii_lowercase())
                .cloned()
                .or_else(|| template_of_name(&name).map(str::to_string))
                .ok_or_else(|| ShapeError {
                    message: format!(
                        "role `{name}` is neither in privileged_roles nor a built-in role tenantlint knows by \
                         name, so which role it is cannot be told and the entry is not read; export \
                         roleManagement/directory/roleAssignments?$expand=principal beside the ScubaGear export \
                         to settle who holds it"
                    ),
                    origin: origin.clone(),
                })?;
            Ok(RoleHolding {
                principal: principal.clone(),
                role_id: template,
                role_name: Some(name),
                via: GrantKind::Privileged,
                scope: RoleScope::Unknown,
                schedule: None,
                origin,
            })
        })
        .collect()
}

/// `privileged_roles`: each privileged role with its active PIM assignments (schedule
/// instances) and its PIM settings' `Rules` (P2 tenants only; ScubaGear adds the rules of PIM
/// groups that hold the role).
fn read_privileged_roles(document: &mut Document, node: &Node) -> Shaped<()> {
    for role in node.list()? {
        // One role that cannot be read leaves the others readable.
        if let Err(e) = read_privileged_role(document, &role) {
            document.errors.push(InputError::from_shape(e));
            document.unreadable.extend(Part::PrivilegedRoles.kinds());
        }
    }
    Ok(())
}

/// One role of `privileged_roles`: its PIM settings and its active assignments. `Assignments`
/// written, even empty, says the role's PIM assignments were listed.
fn read_privileged_role(document: &mut Document, role: &Node) -> Shaped<()> {
    {
        let role = role.object()?;
        let template = required_id(&role, "RoleTemplateId")?;
        if let Some(rules) = role.get("Rules") {
            let rules = rules
                .list()
                .and_then(|list| {
                    list.iter()
                        .map(|rule| entities::settings::read_policy_rule(&rule.object()?))
                        .collect::<Shaped<Vec<_>>>()
                })
                .map(|rules| RoleSettings {
                    role_id: template.clone(),
                    role_name: role.string("DisplayName").ok().flatten(),
                    rules,
                    origin: role.origin(),
                });
            match rules {
                Ok(settings) => document.records.push(Record::RoleSettings(settings)),
                Err(e) => document.not_read(e, EntityKind::PrivilegedRoleSettings),
            }
        }
        if !role.is_written("Assignments") {
            return Ok(());
        }
        if !document.listed.contains(&HolderList::PrivilegedSchedules) {
            document.listed.push(HolderList::PrivilegedSchedules);
        }
        let Some(assignments) = role.get("Assignments") else {
            return Ok(());
        };
        for assignment in assignments.list()? {
            let read = assignment.object().and_then(|object| {
                super::entities::roles::read_holding(&object, GrantKind::ActiveInstance)
            });
            match read {
                Ok(holding) => document.records.push(Record::RoleHolding(holding)),
                Err(e) => document.not_read(e, EntityKind::PrivilegedHolder),
            }
        }
    }
    Ok(())
}

/// `authentication_method`: ScubaGear wraps the policy's root and its method configurations as
/// `[{"authentication_method_policy": {...}, "authentication_method_feature_settings": [...]}]`.
fn read_authentication_method(document: &mut Document, node: &Node) -> Shaped<()> {
    for item in node.list()? {
        let wrapper = item.object()?;
        if let Some(policy) = wrapper.object("authentication_method_policy")? {
            match entities::settings::read_auth_methods_policy(&policy) {
                Ok((policy, configurations)) => document
                    .records
                    .push(Record::AuthMethodsPolicy(policy, configurations)),
                Err(e) => document.not_read(e, EntityKind::AuthMethodsPolicy),
            }
        }
        if let Some(configurations) = wrapper.get("authentication_method_feature_settings") {
            read_each(
                document,
                &configurations,
                &EntityKind::AuthMethodConfiguration,
            )?;
        }
    }
    Ok(())
}

/// `service_plans`: the service plans of every subscribed SKU whose provisioning succeeded,
/// without the SKU they belong to or its status. They count as plans whose SKU status the
/// export does not state: evidence of what the tenant may have, not of what is active.
fn read_service_plans(document: &mut Document, node: &Node) -> Shaped<()> {
    let plans = entities::policies::read_service_plans(node)?;
    document.records.push(Record::SubscribedSku(SubscribedSku {
        id: None,
        sku_id: None,
        part_number: None,
        capability_status: None,
        service_plans: plans,
        origin: node.origin(),
    }));
    Ok(())
}

/// `scuba_config`: the configuration ScubaGear ran with. Its `Aad` table's `CapExclusions` and
/// `RoleExclusions`, per SCuBA control, are exclusions the organization accepts.
fn read_scuba_config(document: &mut Document, node: &Node, section: &mut Section) -> Shaped<()> {
    if node.is_empty_array() {
        section.note = Some("empty".into());
        return Ok(());
    }
    let config = node.object()?;
    let Some(aad) = config.object("Aad")? else {
        section.note = Some("no Aad exclusions".into());
        return Ok(());
    };
    for (control, settings) in aad.members() {
        if settings.kind() != JsonKind::Object {
            continue;
        }
        let settings = settings.object()?;
        for scope in [
            ExclusionScope::ConditionalAccess,
            ExclusionScope::RoleAssignments,
        ] {
            let Some(exclusion) = settings.object(scope.key())? else {
                continue;
            };
            let ids = |key: &str| -> Shaped<Vec<Located<String>>> {
                entities::object_ids(&exclusion, key, &[])
            };
            document
                .records
                .push(Record::AcceptedExclusion(AcceptedExclusion {
                    control: control.to_string(),
                    scope,
                    users: ids("Users")?,
                    groups: ids("Groups")?,
                    origin: exclusion.origin(),
                }));
        }
    }
    Ok(())
}
