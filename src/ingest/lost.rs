//! What a file that could not be read would have held. A rule that needs that kind must not
//! pass without it, so the kind is told from whatever survives: the EntraExporter folder, an
//! `@odata.context` or `@odata.type` written before the fault, or the entity words of the file's
//! name. What cannot be told at all is an unreadable file of unknown kind, which stops every
//! pass of the run (see `assemble` for the page set, the last resort).

use std::path::Path;

use super::{entra_exporter, graph, EntityKind};

/// The kind of entity an unreadable file held, as far as can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LostFile {
    Kind(EntityKind),
    Unknown,
}

/// Tells a lost file's kind from its path and the text read before the fault.
pub fn lost_file(path: &Path, text_before: &str) -> LostFile {
    entra_exporter::kind_from_path(path)
        .or_else(|| kind_from_annotations(text_before))
        .or_else(|| kind_from_file_name(path))
        .map_or(LostFile::Unknown, LostFile::Kind)
}

/// The kind an `@odata.context` (or else the first `@odata.type`) names, read from raw text: the
/// document around it may not parse.
fn kind_from_annotations(text: &str) -> Option<EntityKind> {
    string_after(text, "\"@odata.context\"")
        .and_then(|url| graph::kind_from_context(&url))
        .or_else(|| {
            let name = string_after(text, "\"@odata.type\"")?;
            let name = name.trim_start_matches('#').to_ascii_lowercase();
            graph::kind_from_odata_type(name.trim_start_matches("microsoft.graph."))
        })
}

/// The string literal after the first `key` and its colon, without unescaping but `\/`.
fn string_after(text: &str, key: &str) -> Option<String> {
    let rest = &text[text.find(key)? + key.len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let body = rest.strip_prefix('"')?;
    let end = body.find('"')?;
    Some(body[..end].replace("\\/", "/"))
}

/// Entity words in a file name, longest first so `roleAssignmentScheduleInstances` is not read
/// as `roleAssignments`: `conditionalAccessPolicies.json`, `userRegistrationDetails-page2.json`.
fn kind_from_file_name(path: &Path) -> Option<EntityKind> {
    let name: String = path
        .file_stem()?
        .to_str()?
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    const WORDS: &[(&str, EntityKind)] = &[
        ("userregistrationdetail", EntityKind::Registration),
        ("registrationdetail", EntityKind::Registration),
        ("identitysecuritydefaults", EntityKind::SecurityDefaults),
        ("securitydefaults", EntityKind::SecurityDefaults),
        ("passwordresetpolic", EntityKind::SsprPolicy),
        ("ssprpolic", EntityKind::SsprPolicy),
        ("roleassignmentschedule", EntityKind::ActiveAssignment),
        ("roleeligibility", EntityKind::Eligibility),
        ("roleassignment", EntityKind::RoleAssignment),
        ("roledefinition", EntityKind::RoleDefinition),
        ("directoryrole", EntityKind::DirectoryRole),
        ("conditionalaccess", EntityKind::CaPolicy),
        ("namedlocation", EntityKind::NamedLocation),
        ("subscribedsku", EntityKind::SubscribedSku),
        ("organization", EntityKind::Organization),
        ("serviceprincipal", EntityKind::ServicePrincipal),
    ];
    WORDS
        .iter()
        .find(|(word, _)| name.contains(word))
        .map(|(_, kind)| kind.clone())
        .or_else(|| {
            // Short words only as the whole name: `users.json`, `groups-page3.json`.
            let bare = name.trim_end_matches(|c: char| c.is_ascii_digit());
            let bare = bare.strip_suffix("page").unwrap_or(bare);
            match bare {
                "users" | "user" => Some(EntityKind::User),
                "groups" | "group" => Some(EntityKind::Group),
                _ => None,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lost(path: &str, text: &str) -> LostFile {
        lost_file(Path::new(path), text)
    }

    #[test]
    fn the_folder_then_the_annotations_then_the_name_tell_the_kind() {
        assert_eq!(
            lost("t/Identity/Conditional/AccessPolicies/a/a.json", ""),
            LostFile::Kind(EntityKind::CaPolicy)
        );
        assert_eq!(
            lost(
                "t/Groups/G1/Members/m/m.json",
                "{\"id\": \"m\", \"displayName\""
            ),
            LostFile::Kind(EntityKind::GroupMember {
                group_id: "G1".into()
            })
        );
        let cut = r#"{"@odata.context":"https:\/\/graph.microsoft.com\/beta\/$metadata#reports\/authenticationMethods\/userRegistrationDetails","value":[{"id":"#;
        assert_eq!(
            lost("out/a.json", cut),
            LostFile::Kind(EntityKind::Registration)
        );
        assert_eq!(
            lost(
                "out/b.json",
                "[{\"@odata.type\": \"#microsoft.graph.conditionalAccessPolicy\", \"id"
            ),
            LostFile::Kind(EntityKind::CaPolicy)
        );
        assert_eq!(
            lost("out/roleAssignmentScheduleInstances.json", "{"),
            LostFile::Kind(EntityKind::ActiveAssignment)
        );
        assert_eq!(
            lost("out/users-page3.json", ""),
            LostFile::Kind(EntityKind::User)
        );
        assert_eq!(lost("out/backup.json", "{\"val"), LostFile::Unknown);
        assert_eq!(lost("out/superusers.json", ""), LostFile::Unknown);
    }
}
