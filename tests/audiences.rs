//! Asking a coverage question once per audience gives every person the answer they would get
//! alone, wording and places included, on every export the project holds: people share an
//! answer only when no policy can tell them apart.

mod common;

use std::path::{Path, PathBuf};

use tenantlint::analysis::coverage::{mfa_coverage, mfa_coverage_of_each};
use tenantlint::analysis::{find_admins, MfaCoverage, People, Subject};

/// Every export folder: the example tenants, each rule fixture and each regression case.
fn exports() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut exports: Vec<PathBuf> = std::fs::read_dir(root.join("tenants"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    for group in ["rules", "regressions"] {
        for case in walkdir::WalkDir::new(root.join(group))
            .min_depth(1)
            .max_depth(3)
        {
            let case = case.unwrap();
            if case.file_name() == "export" && case.file_type().is_dir() {
                exports.push(case.into_path());
            }
        }
    }
    exports
}

/// A fixture where a Security Administrator is excluded through a group, with a second holder of
/// the role added outside the group: the two differ only by that membership.
fn two_holders_one_in_the_excluded_group() -> (PathBuf, Vec<(PathBuf, Vec<u8>)>) {
    let export = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/rules/MFA001/role-member-excluded-via-group/export");
    let mut files = common::read_json_files(&export);
    let second = "0b5f2a3c-1d4e-4f60-8a7b-9c0d1e2f3a4b";
    files.push((
        export.join(format!(
            "DirectoryRoles/9682e607-36b4-406f-a838-bd455dd9b9eb/Members/{second}/{second}.json"
        )),
        format!(
            r##"{{"@odata.type": "#microsoft.graph.user", "id": "{second}",
                "userPrincipalName": "second@contoso.com", "displayName": "Second Holder",
                "userType": "Member"}}"##
        )
        .into_bytes(),
    ));
    (export, files)
}

#[test]
fn each_person_gets_the_answer_they_would_get_alone() {
    let mut people_checked = 0;
    let mut exports_with_shared_answers = 0;
    let mut different_answers_for_one_role = false;
    let cases = exports()
        .into_iter()
        .map(|export| {
            let files = common::read_json_files(&export);
            (export, files)
        })
        .chain([two_holders_one_in_the_excluded_group()]);
    for (export, files) in cases {
        let (_, tenant) = tenantlint::read_contents(files);
        let people = People::new(&tenant);
        // Admins, every registered user and every directory user: guests, members, the unknown.
        let mut ids: Vec<String> = find_admins(&people)
            .admins
            .into_iter()
            .map(|a| a.user_id)
            .collect();
        if let Some(registrations) = &tenant.registrations {
            ids.extend(registrations.iter().map(|r| r.user_id().to_string()));
        }
        ids.extend(tenant.directory.users.keys().cloned());
        ids.sort();
        ids.dedup();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let shared = mfa_coverage_of_each(&people, &ids);
        assert_eq!(shared.len(), ids.len());
        for (id, answer) in ids.iter().zip(&shared) {
            let alone = mfa_coverage(&people, Subject::new(&people, id));
            assert_eq!(
                format!("{answer:?}"),
                format!("{alone:?}"),
                "{id} in {}",
                export.display()
            );
            people_checked += 1;
        }
        let variant = |id: &str| {
            let answer = &shared[ids.iter().position(|i| *i == id)?];
            Some(matches!(answer, MfaCoverage::ByPolicies(_)))
        };
        different_answers_for_one_role |= variant("8dcd34f8-97ba-48f3-bd34-8e96fd177933")
            == Some(false)
            && variant("0b5f2a3c-1d4e-4f60-8a7b-9c0d1e2f3a4b") == Some(true);
        if ids.len() > 1 {
            exports_with_shared_answers += 1;
        }
    }
    assert!(people_checked > 200, "only {people_checked} people checked");
    assert!(exports_with_shared_answers > 20);
    assert!(
        different_answers_for_one_role,
        "the holder outside the excluded group is covered, the one inside is not"
    );
}

/// Two invited guests alike in every way a policy can see, and a policy for guests from some
/// tenants only: which tenant each is from is not in the export, and the answer says whom it
/// means, so each gets an answer of their own.
#[test]
fn an_answer_that_names_the_person_is_never_shared() {
    let users = r##"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": [
        {"id": "6e7b768e-07e2-4810-8459-485f84f8f204", "userType": "Guest",
         "userPrincipalName": "alice_fabrikam.com#EXT#@contoso.onmicrosoft.com"},
        {"id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "userType": "Guest",
         "userPrincipalName": "bob_tailspin.com#EXT#@contoso.onmicrosoft.com"}]}"##;
    let policies = r##"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies", "value": [
        {"id": "5f3ef6a1-3a5d-4d0f-9a1a-2a4b3b2c7e10", "displayName": "MFA for partner guests", "state": "enabled",
         "conditions": {"clientAppTypes": ["all"],
           "applications": {"includeApplications": ["All"]},
           "users": {"includeUsers": [],
             "includeGuestsOrExternalUsers": {"guestOrExternalUserTypes": "b2bCollaborationGuest",
               "externalTenants": {"@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
                 "membershipKind": "enumerated", "members": ["c9a1b3d2-1111-4222-8333-444455556666"]}}}},
         "grantControls": {"operator": "OR", "builtInControls": ["mfa"]}}]}"##;
    let (_, tenant) = tenantlint::read_contents(vec![
        (PathBuf::from("users.json"), users.as_bytes().to_vec()),
        (PathBuf::from("policies.json"), policies.as_bytes().to_vec()),
    ]);
    let people = People::new(&tenant);
    let ids = [
        "6e7b768e-07e2-4810-8459-485f84f8f204",
        "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
    ];
    let shared = mfa_coverage_of_each(&people, &ids);
    for (id, answer) in ids.iter().zip(&shared) {
        let alone = mfa_coverage(&people, Subject::new(&people, id));
        assert!(
            format!("{alone:?}").contains(&id[..8]),
            "the answer names them: {alone:?}"
        );
        assert_eq!(format!("{answer:?}"), format!("{alone:?}"));
    }
}
