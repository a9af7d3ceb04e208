//! The export guide's table of what each rule reads follows the rules' declared inputs, so an
//! administrator who exports what it lists gets every rule evaluated.

use std::path::Path;

use tenantlint::model::InputKind;
use tenantlint::rules::registry;

/// How the guide's table names an input.
fn named_in_the_guide(kind: InputKind) -> &'static str {
    match kind {
        InputKind::SecurityDefaults => "security defaults",
        InputKind::ConditionalAccess => "Conditional Access policies",
        InputKind::RoleData => "role data",
        InputKind::GroupMembership => "group members",
        InputKind::Users => "users",
        InputKind::ServicePrincipals => "service principals",
        InputKind::RegistrationDetails => "registration details",
        InputKind::SsprPolicy => "SSPR policy",
        InputKind::Licences => "licences",
        InputKind::Organization => "organization",
        InputKind::NamedLocations => "named locations",
        InputKind::AcceptedExclusions => "ScubaGear's accepted exclusions",
        InputKind::AuthenticationMethods => "authentication methods policy",
        InputKind::AuthorizationPolicy => "authorization policy",
        InputKind::DirectorySettings => "directory settings",
        InputKind::Domains => "domains",
        InputKind::RoleSettings => "PIM role settings",
        InputKind::AppManagement => "app management policies",
        InputKind::PermissionClassifications => "risky permission classifications",
    }
}

#[test]
fn the_export_guide_lists_every_input_each_rule_reads() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/exporting.md"))
            .unwrap();
    let rows: Vec<(Vec<&str>, &str)> = guide
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            (cells.len() == 5).then(|| (cells[1].split(", ").collect(), cells[2]))
        })
        .collect();
    for rule in registry() {
        let meta = rule.meta();
        // A row names a rule by its code, or a whole family by its letters (`AUTH`).
        let family = meta.code.trim_end_matches(|c: char| c.is_ascii_digit());
        let Some((_, reads)) = rows
            .iter()
            .find(|(codes, _)| codes.contains(&meta.code) || codes.contains(&family))
        else {
            panic!("docs/exporting.md has no row for {}", meta.code);
        };
        for kind in meta.needs {
            assert!(
                reads.contains(named_in_the_guide(*kind)),
                "docs/exporting.md: the row of {} does not name {}",
                meta.code,
                named_in_the_guide(*kind)
            );
        }
    }
}
