//! Microsoft EntraExporter (`Export-Entra`) folder trees: most items carry no `@odata` field,
//! so the folder they sit in is their type. Names match case-insensitively, anywhere below the
//! path given on the command line.

use std::path::Path;

use super::{AppPolicyScope, EntityKind};

/// The path's names as written; folder names are matched ignoring case, borrowed: every file of
/// an export is asked its kind, and a path has a dozen components.
fn components(path: &Path) -> Vec<&str> {
    // A Unix path in UTF-8 is split at its slashes, which finds the same names as `components`
    // (empty names and `.` are no folder's name) for a fraction of its work.
    #[cfg(unix)]
    if let Some(text) = path.to_str() {
        return text
            .split('/')
            .filter(|name| !name.is_empty() && *name != ".")
            .collect();
    }
    path.components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect()
}

/// Position just after `pattern` in `parts`, searching from the end so that the innermost
/// match wins.
fn find(parts: &[&str], pattern: &[&str]) -> Option<usize> {
    let last_start = parts.len().checked_sub(pattern.len())?;
    (0..=last_start)
        .rev()
        .find(|&i| {
            parts[i..]
                .iter()
                .zip(pattern)
                .all(|(part, want)| part.eq_ignore_ascii_case(want))
        })
        .map(|i| i + pattern.len())
}

pub fn kind_from_path(path: &Path) -> Option<EntityKind> {
    let parts = components(path);
    // `<what>/<id>/Members/<memberId>/<memberId>.json`
    for (folder, is_role) in [("directoryroles", true), ("groups", false)] {
        if let Some(at) = find(&parts, &[folder]) {
            // EntraExporter writes one file per member; a saved Graph `groups/{id}/members`
            // response is one file (or one per page) named `members*.json` in the group's folder.
            let exporter_member =
                parts.len() > at + 2 && parts[at + 1].eq_ignore_ascii_case("members");
            let graph_member_page = parts.len() == at + 2 && {
                let name = parts[at + 1].as_bytes();
                name.len() >= 12
                    && name[..7].eq_ignore_ascii_case(b"members")
                    && name[name.len() - 5..].eq_ignore_ascii_case(b".json")
            };
            if exporter_member || graph_member_page {
                // As written: object ids are compared in their own case.
                let owner = parts[at].to_string();
                return Some(if is_role {
                    EntityKind::DirectoryRoleMember {
                        role_object_id: owner,
                    }
                } else {
                    EntityKind::GroupMember { group_id: owner }
                });
            }
        }
    }
    let table: &[(&[&str], EntityKind)] = &[
        (
            &["identity", "conditional", "accesspolicies"],
            EntityKind::CaPolicy,
        ),
        (
            &["identity", "conditional", "namedlocations"],
            EntityKind::NamedLocation,
        ),
        (
            &["policies", "identitysecuritydefaultsenforcementpolicy"],
            EntityKind::SecurityDefaults,
        ),
        (
            &["rolemanagement", "directory", "roledefinitions"],
            EntityKind::RoleDefinition,
        ),
        (
            &[
                "rolemanagement",
                "directory",
                "roleassignmentscheduleinstances",
            ],
            EntityKind::ActiveAssignment,
        ),
        (
            &[
                "rolemanagement",
                "directory",
                "roleeligibilityscheduleinstances",
            ],
            EntityKind::Eligibility,
        ),
        (
            &["rolemanagement", "directory", "roleassignments"],
            EntityKind::RoleAssignment,
        ),
        (
            &[
                "policies",
                "authenticationmethodspolicy",
                "authenticationmethodconfigurations",
            ],
            EntityKind::AuthMethodConfiguration,
        ),
        (
            &["policies", "authorizationpolicy"],
            EntityKind::AuthorizationPolicy,
        ),
        (
            &["policies", "rolemanagementpolicyassignments"],
            EntityKind::RolePolicyAssignment,
        ),
        (
            &["policies", "rolemanagementpolicies"],
            EntityKind::RolePolicy,
        ),
        (
            &["policies", "defaultappmanagementpolicy"],
            EntityKind::AppManagementPolicy(AppPolicyScope::TenantDefault),
        ),
        (
            &["policies", "appmanagementpolicies"],
            EntityKind::AppManagementPolicy(AppPolicyScope::Assigned),
        ),
        (&["domains"], EntityKind::Domain),
        (&["groupsettings"], EntityKind::DirectorySetting),
        (&["pim", "directoryroles"], EntityKind::Eligibility),
        (&["directoryroles"], EntityKind::DirectoryRole),
        (&["subscribedskus"], EntityKind::SubscribedSku),
        (&["organization"], EntityKind::Organization),
        (&["groups"], EntityKind::Group),
        (&["users"], EntityKind::User),
        (&["serviceprincipals"], EntityKind::ServicePrincipal),
    ];
    table.iter().find_map(|(pattern, kind)| {
        let at = find(&parts, pattern)?;
        // The entity itself: `<folder>/<id>/<id>.json` or `<folder>/<file>.json`; deeper files
        // are other relationships (owners, transitive members, ...).
        let depth_below = parts.len() - at;
        (1..=2).contains(&depth_below).then(|| kind.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<EntityKind> {
        kind_from_path(Path::new(path))
    }

    #[test]
    fn a_path_is_split_into_the_names_its_components_have() {
        for path in [
            "e/Groups/G1/Members/m1/m1.json",
            "/abs/e/Groups/G1/m1.json",
            "./e//Groups/./G1/Members/m1/",
            "../e/x.json",
            "",
            "/",
        ] {
            let names: Vec<&str> = Path::new(path)
                .components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(name) => name.to_str(),
                    std::path::Component::ParentDir => Some(".."),
                    _ => None,
                })
                .collect();
            assert_eq!(components(Path::new(path)), names, "{path:?}");
        }
        assert_eq!(
            kind("./e//Groups/./G1/Members/m1/m1.json"),
            Some(EntityKind::GroupMember {
                group_id: "G1".into()
            })
        );
    }

    #[test]
    fn folders_name_their_entities() {
        assert_eq!(
            kind("x/Identity/Conditional/AccessPolicies/a1/a1.json"),
            Some(EntityKind::CaPolicy)
        );
        assert_eq!(
            kind("Policies/IdentitySecurityDefaultsEnforcementPolicy/00000000-0000-0000-0000-000000000005/00000000-0000-0000-0000-000000000005.json"),
            Some(EntityKind::SecurityDefaults)
        );
        assert_eq!(
            kind("e/PIM/DirectoryRoles/s1.json"),
            Some(EntityKind::Eligibility)
        );
        assert_eq!(
            kind("e/DirectoryRoles/r1/r1.json"),
            Some(EntityKind::DirectoryRole)
        );
        assert_eq!(
            kind("e/DirectoryRoles/R1/Members/m1/m1.json"),
            Some(EntityKind::DirectoryRoleMember {
                role_object_id: "R1".into()
            })
        );
        assert_eq!(
            kind("e/Groups/G1/Members/m1/m1.json"),
            Some(EntityKind::GroupMember {
                group_id: "G1".into()
            })
        );
        assert_eq!(kind("e/Groups/G1/Owners/o1/o1.json"), None);
        for page in ["members-page2.json", "Members-Page2.JSON", "members.json"] {
            assert_eq!(
                kind(&format!("graph/GROUPS/G2/{page}")),
                Some(EntityKind::GroupMember {
                    group_id: "G2".into()
                }),
                "{page}"
            );
        }
        assert_eq!(kind("reports/registration.json"), None);
        // Folders as EntraExporter's default schema names them.
        assert_eq!(
            kind("t/Policies/DefaultAppManagementPolicy/00000000-0000-0000-0000-000000000000/00000000-0000-0000-0000-000000000000.json"),
            Some(EntityKind::AppManagementPolicy(AppPolicyScope::TenantDefault))
        );
        assert_eq!(
            kind("t/Policies/AppManagementPolicies/a1/a1.json"),
            Some(EntityKind::AppManagementPolicy(AppPolicyScope::Assigned))
        );
        assert_eq!(
            kind("t/Domains/contoso.com/contoso.com.json"),
            Some(EntityKind::Domain)
        );
        assert_eq!(
            kind("t/GroupSettings/s1/s1.json"),
            Some(EntityKind::DirectorySetting)
        );
    }
}
