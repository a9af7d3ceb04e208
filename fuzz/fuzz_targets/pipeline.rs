//! The whole pipeline on arbitrary bytes: the first byte chooses where the file sits in an
//! export (so every recogniser sees it), the rest is its content; two valid companion files
//! sit beside it. Every rule runs and every output format renders. Nothing may panic.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use tenantlint::output;
use tenantlint::{lint_contents, Options};

const PATHS: &[&str] = &[
    "policies.json",
    "export/Identity/Conditional/AccessPolicies/a/a.json",
    "export/Policies/IdentitySecurityDefaultsEnforcementPolicy/x/x.json",
    "export/RoleManagement/Directory/RoleAssignments/r/r.json",
    "export/RoleManagement/Directory/RoleDefinitions/d/d.json",
    "export/DirectoryRoles/d/d.json",
    "export/DirectoryRoles/d/Members/m/m.json",
    "export/Groups/g/Members/m/m.json",
    "export/PIM/DirectoryRoles/s.json",
    "reports/userRegistrationDetails.json",
    "graph/groups/g/members.json",
    "export/SubscribedSkus/t_s/t_s.json",
    "export/Organization/Organization.json",
    "reports/passwordResetPolicies.json",
];

const SECURITY_DEFAULTS: &[u8] = br#"{"id": "00000000-0000-0000-0000-000000000005", "isEnabled": false}"#;
const ORGANIZATION: &[u8] = br#"{"id": "t", "assignedPlans": [{"servicePlanId": "41781fb2-bc02-4b7c-bd55-b576c07bb09d", "capabilityStatus": "Enabled"}]}"#;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let path = PATHS[usize::from(selector) % PATHS.len()];
    let files = vec![
        (PathBuf::from(path), content.to_vec()),
        (PathBuf::from("companion/sd.json"), SECURITY_DEFAULTS.to_vec()),
        (PathBuf::from("companion/organization.json"), ORGANIZATION.to_vec()),
    ];
    let report = lint_contents(files, &Options::default()).expect("every rule is selectable");
    let mut sink = Vec::new();
    output::pretty::render(&report, &mut sink, false).unwrap();
    output::concise::render(&report, &mut sink).unwrap();
    output::json::render(&report, &mut sink).unwrap();
    output::sarif::render(&report, &mut sink).unwrap();
    output::github::render(&report, &mut sink).unwrap();
    output::junit::render(&report, &mut sink).unwrap();
    output::statistics::render_text(&report, &mut sink).unwrap();
});
