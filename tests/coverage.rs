//! The coverage analysis on small in-memory tenants: one behaviour per test.

use std::path::{Path, PathBuf};

use tenantlint::analysis::audience::{applies_to, Applies, Subject};
use tenantlint::analysis::coverage::mfa_coverage;
use tenantlint::analysis::guidance::legacy_block;
use tenantlint::analysis::policy::{narrowings, requirement, Accept, NarrowingKind, Requirement};
use tenantlint::analysis::{GapKind, MfaCoverage, People};
use tenantlint::ingest::{assemble::assemble, recognise};
use tenantlint::model::Tenant;
use tenantlint::source::decode::Encoding;
use tenantlint::source::{SourceFile, Sources};

const GA: &str = "62e90394-69f5-4237-9190-012177145e10";
const DIR_SYNC: &str = "d29b2b05-8046-44ba-8758-1e26182fcf32";
const ADMIN: &str = "a0000000-0000-0000-0000-000000000001";

/// A tenant from `(path, json)` documents, read exactly as files would be.
fn tenant(documents: &[(&str, String)]) -> Tenant {
    let mut sources = Sources::default();
    let mut docs: Vec<_> = documents
        .iter()
        .map(|(path, text)| {
            let id = sources.push(SourceFile::given(
                PathBuf::from(path),
                text.clone(),
                Encoding::Utf8,
                text.len() as u64,
            ));
            let doc = recognise(id, Path::new(path), text);
            assert!(doc.errors.is_empty(), "{path}: {:?}", doc.errors);
            doc
        })
        .collect();
    let (tenant, errors) = assemble(&mut docs, &sources);
    assert!(errors.is_empty(), "{errors:?}");
    tenant
}

fn policy(id: &str, state: &str, users: &str, extra_conditions: &str, grant: &str) -> String {
    format!(
        r#"{{"id": "{id}", "displayName": "{id}", "state": "{state}",
            "conditions": {{"users": {users}, "applications": {{"includeApplications": ["All"]}} {extra_conditions}}},
            "grantControls": {grant}}}"#
    )
}

fn policies(items: &[String]) -> (&'static str, String) {
    (
        "policies.json",
        format!(
            r#"{{"@odata.context": "https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies", "value": [{}]}}"#,
            items.join(",")
        ),
    )
}

fn security_defaults(on: bool) -> (&'static str, String) {
    (
        "sd.json",
        format!(r#"{{"id": "00000000-0000-0000-0000-000000000005", "isEnabled": {on}}}"#),
    )
}

fn admin_assignment() -> (&'static str, String) {
    (
        "roles.json",
        format!(
            r##"{{"@odata.context": "https://graph.microsoft.com/beta/$metadata#roleManagement/directory/roleAssignments(principal())",
                "value": [{{"id": "ra1", "principalId": "{ADMIN}", "roleDefinitionId": "{GA}", "directoryScopeId": "/",
                           "principal": {{"@odata.type": "#microsoft.graph.user", "id": "{ADMIN}", "userPrincipalName": "admin@contoso.com"}}}}]}}"##
        ),
    )
}

const MFA: &str = r#"{"operator": "OR", "builtInControls": ["mfa"]}"#;
const ALL_USERS: &str = r#"{"includeUsers": ["All"]}"#;

fn coverage_of_admin(t: &Tenant) -> MfaCoverage<'_> {
    let people = People::new(t);
    mfa_coverage(&people, Subject::new(&people, ADMIN))
}

#[test]
fn mfa_with_an_or_alternative_is_not_required_mfa() {
    let t = tenant(&[policies(&[
        policy(
            "or",
            "enabled",
            ALL_USERS,
            "",
            r#"{"operator": "OR", "builtInControls": ["mfa", "compliantDevice"]}"#,
        ),
        policy(
            "and",
            "enabled",
            ALL_USERS,
            "",
            r#"{"operator": "AND", "builtInControls": ["mfa", "compliantDevice"]}"#,
        ),
        policy(
            "strength",
            "enabled",
            ALL_USERS,
            "",
            r#"{"operator": "OR", "builtInControls": [], "authenticationStrength": {"id": "00000000-0000-0000-0000-000000000004"}}"#,
        ),
    ])]);
    let kinds: Vec<Requirement> = t.policies().iter().map(requirement).collect();
    assert_eq!(
        kinds[0],
        Requirement::MfaOrAlternative {
            alternatives: vec!["compliantDevice".into()]
        }
    );
    assert_eq!(kinds[1], Requirement::Mfa);
    assert_eq!(kinds[2], Requirement::Mfa);
}

#[test]
fn policies_for_different_client_apps_combine() {
    let browser = policy(
        "modern",
        "enabled",
        ALL_USERS,
        r#", "clientAppTypes": ["browser", "mobileAppsAndDesktopClients"]"#,
        MFA,
    );
    let legacy = policy(
        "legacy",
        "enabled",
        ALL_USERS,
        r#", "clientAppTypes": ["exchangeActiveSync", "other"]"#,
        MFA,
    );
    let partial = tenant(&[
        security_defaults(false),
        admin_assignment(),
        policies(std::slice::from_ref(&browser)),
    ]);
    match coverage_of_admin(&partial) {
        MfaCoverage::NotRequired {
            partial_client_apps,
            ..
        } => assert_eq!(partial_client_apps.len(), 2),
        other => panic!("expected not required, got {other:?}"),
    }
    let both = tenant(&[
        security_defaults(false),
        admin_assignment(),
        policies(&[browser, legacy]),
    ]);
    assert!(matches!(coverage_of_admin(&both), MfaCoverage::ByPolicies(p) if p.len() == 2));
}

#[test]
fn excluding_a_role_the_admin_holds_points_at_that_role() {
    let users = format!(r#"{{"includeUsers": ["All"], "excludeRoles": ["{GA}"]}}"#);
    let t = tenant(&[
        security_defaults(false),
        admin_assignment(),
        policies(&[policy("p", "enabled", &users, "", MFA)]),
    ]);
    let MfaCoverage::NotRequired { gaps, .. } = coverage_of_admin(&t) else {
        panic!("covered?")
    };
    assert!(matches!(gaps[0].kind, GapKind::Excluded));
    assert_eq!(
        gaps[0].origin.pointer,
        "/value/0/conditions/users/excludeRoles/0"
    );
}

#[test]
fn an_excluded_group_without_members_leaves_coverage_unknown() {
    let users =
        r#"{"includeUsers": ["All"], "excludeGroups": ["6b0c2a10-0000-4000-8000-00000000b001"]}"#;
    let t = tenant(&[
        security_defaults(false),
        admin_assignment(),
        policies(&[policy("p", "enabled", users, "", MFA)]),
    ]);
    assert!(matches!(coverage_of_admin(&t), MfaCoverage::Unknown { .. }));
}

#[test]
fn nested_group_membership_includes_the_user() {
    let users = r#"{"includeGroups": ["6b0c2a10-0000-4000-8000-00000000b003"]}"#;
    let outer = (
        "Groups/6b0c2a10-0000-4000-8000-00000000b003/Members/6b0c2a10-0000-4000-8000-00000000b002/6b0c2a10-0000-4000-8000-00000000b002.json",
        r##"{"@odata.type": "#microsoft.graph.group", "id": "6b0c2a10-0000-4000-8000-00000000b002"}"##.to_string(),
    );
    let inner = (
        "Groups/6b0c2a10-0000-4000-8000-00000000b002/Members/u/u.json",
        format!(r##"{{"@odata.type": "#microsoft.graph.user", "id": "{ADMIN}"}}"##),
    );
    let t = tenant(&[
        security_defaults(false),
        admin_assignment(),
        outer,
        inner,
        policies(&[policy("p", "enabled", users, "", MFA)]),
    ]);
    assert!(matches!(coverage_of_admin(&t), MfaCoverage::ByPolicies(_)));
}

#[test]
fn guests_are_excluded_by_the_guest_condition() {
    let users = r#"{"includeUsers": ["All"], "excludeGuestsOrExternalUsers": {"guestOrExternalUserTypes": "internalGuest,b2bCollaborationGuest"}}"#;
    let registration = (
        "reg.json",
        r#"{"@odata.context": "https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails",
            "value": [{"id": "6b0c2a10-0000-4000-8000-00000000b004", "userType": "guest", "isMfaRegistered": true}, {"id": "6b0c2a10-0000-4000-8000-00000000b005", "userType": "member", "isMfaRegistered": true}]}"#
            .to_string(),
    );
    let t = tenant(&[
        registration,
        policies(&[policy("p", "enabled", users, "", MFA)]),
    ]);
    let people = People::new(&t);
    let p = &t.policies()[0];
    assert!(matches!(
        applies_to(
            p,
            &people,
            &Subject::new(&people, "6b0c2a10-0000-4000-8000-00000000b004")
        ),
        Applies::Excluded { .. }
    ));
    assert!(matches!(
        applies_to(
            p,
            &people,
            &Subject::new(&people, "6b0c2a10-0000-4000-8000-00000000b005")
        ),
        Applies::Yes
    ));
}

/// A user's type counts from an expanded principal too, and an invited account's `#EXT#` UPN
/// tells which kind of guest or external user they are; what no file states leaves a guest
/// condition's answer unknown, never "not a guest".
#[test]
fn guest_kinds_come_from_any_source_and_are_otherwise_unknown() {
    let assignment = |facts: &str| {
        (
            "roles.json",
            format!(
                r##"{{"@odata.context": "https://graph.microsoft.com/beta/$metadata#roleManagement/directory/roleAssignments(principal())",
                    "value": [{{"id": "ra1", "principalId": "{ADMIN}", "roleDefinitionId": "{GA}", "directoryScopeId": "/",
                               "principal": {{"@odata.type": "#microsoft.graph.user", "id": "{ADMIN}"{facts}}}}}]}}"##
            ),
        )
    };
    let applies = |users: &str, facts: &str| {
        let t = tenant(&[
            assignment(facts),
            policies(&[policy("p", "enabled", users, "", MFA)]),
        ]);
        let people = People::new(&t);
        applies_to(&t.policies()[0], &people, &Subject::new(&people, ADMIN))
    };
    let excluding = |types: &str| {
        format!(
            r#"{{"includeUsers": ["All"], "excludeGuestsOrExternalUsers": {{"guestOrExternalUserTypes": "{types}"}}}}"#
        )
    };
    let guest = r#", "userType": "Guest", "userPrincipalName": "sam_fabrikam.com#EXT#@contoso.onmicrosoft.com""#;
    let invited_member = r#", "userType": "Member", "userPrincipalName": "kim_fabrikam.com#EXT#@contoso.onmicrosoft.com""#;
    let member = r#", "userType": "Member", "userPrincipalName": "admin@contoso.com""#;
    let b2b_guests = excluding("b2bCollaborationGuest");
    assert!(matches!(
        applies(&b2b_guests, guest),
        Applies::Excluded { .. }
    ));
    assert!(matches!(applies(&b2b_guests, member), Applies::Yes));
    // A guest whose UPN no file gives may be an internal guest, which this does not exclude.
    assert!(matches!(
        applies(&b2b_guests, r#", "userType": "Guest""#),
        Applies::Unknown { .. }
    ));
    match applies(&b2b_guests, "") {
        Applies::Unknown { why, .. } => assert!(why.contains("userType"), "{why}"),
        other => panic!("a user of unknown type under a guest exclusion: {other:?}"),
    }
    // An invited member is an external user of their own kind, not a member of this tenant.
    let members_invited = excluding("b2bCollaborationMember");
    assert!(matches!(
        applies(&members_invited, invited_member),
        Applies::Excluded { .. }
    ));
    assert!(matches!(applies(&members_invited, member), Applies::Yes));
    // Only the kinds named are included; and some tenants only leaves the home tenant unknown.
    let direct_connect_only =
        r#"{"includeGuestsOrExternalUsers": {"guestOrExternalUserTypes": "b2bDirectConnectUser"}}"#;
    assert!(matches!(
        applies(direct_connect_only, guest),
        Applies::NotIncluded
    ));
    let some_tenants = r##"{"includeUsers": ["All"], "excludeGuestsOrExternalUsers": {"guestOrExternalUserTypes": "b2bCollaborationGuest",
        "externalTenants": {"@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", "membershipKind": "enumerated", "members": ["7e000000-0000-0000-0000-0000000000a2"]}}}"##;
    assert!(matches!(
        applies(some_tenants, guest),
        Applies::Unknown { .. }
    ));
}

/// A role held at an administrative unit makes an admin, but role-targeted policies do not
/// cover it; with every holder listed that is a firm "not included", otherwise unknown.
#[test]
fn a_scoped_role_holding_is_not_covered_by_role_targeting() {
    let scoped = (
        "roles.json",
        format!(
            r##"{{"@odata.context": "https://graph.microsoft.com/beta/$metadata#roleManagement/directory/roleAssignments(principal())",
                "value": [{{"id": "ra1", "principalId": "{ADMIN}", "roleDefinitionId": "{GA}",
                           "directoryScopeId": "/administrativeUnits/6b0c2a10-0000-4000-8000-00000000c001",
                           "principal": {{"@odata.type": "#microsoft.graph.user", "id": "{ADMIN}"}}}}]}}"##
        ),
    );
    let no_eligibility = (
        "eligibility.json",
        r#"{"@odata.context": "https://graph.microsoft.com/beta/$metadata#roleManagement/directory/roleEligibilityScheduleInstances", "value": []}"#
            .to_string(),
    );
    let for_admins = policies(&[policy(
        "admins",
        "enabled",
        &format!(r#"{{"includeRoles": ["{GA}"]}}"#),
        "",
        MFA,
    )]);
    let applies = |files: &[(&str, String)]| {
        let t = tenant(files);
        let people = People::new(&t);
        assert!(tenantlint::analysis::find_admins(&people)
            .admins
            .iter()
            .any(|a| a.user_id == ADMIN));
        applies_to(&t.policies()[0], &people, &Subject::new(&people, ADMIN))
    };
    assert!(matches!(
        applies(&[scoped.clone(), no_eligibility, for_admins.clone()]),
        Applies::NotIncluded
    ));
    assert!(matches!(
        applies(&[scoped, for_admins]),
        Applies::Unknown { .. }
    ));
}

#[test]
fn include_none_covers_nobody() {
    let t = tenant(&[policies(&[policy(
        "p",
        "enabled",
        r#"{"includeUsers": ["None"]}"#,
        "",
        MFA,
    )])]);
    let people = People::new(&t);
    assert!(matches!(
        applies_to(&t.policies()[0], &people, &Subject::new(&people, ADMIN)),
        Applies::NotIncluded
    ));
}

#[test]
fn security_defaults_cover_everyone() {
    let t = tenant(&[security_defaults(true), admin_assignment()]);
    assert!(matches!(
        coverage_of_admin(&t),
        MfaCoverage::BySecurityDefaults
    ));
}

#[test]
fn a_report_only_policy_that_would_cover_is_named_as_such() {
    let t = tenant(&[
        security_defaults(false),
        admin_assignment(),
        policies(&[policy(
            "p",
            "enabledForReportingButNotEnforced",
            ALL_USERS,
            "",
            MFA,
        )]),
    ]);
    let MfaCoverage::NotRequired { gaps, .. } = coverage_of_admin(&t) else {
        panic!("covered?")
    };
    assert!(matches!(
        gaps[0].kind,
        GapKind::NotEnforced { would_cover: true }
    ));
    assert_eq!(gaps[0].origin.pointer, "/value/0/state");
}

/// A policy that is not on is offered as the fix only where turning it on would close the gap;
/// a report-only policy narrowed to trusted locations would not.
#[test]
fn a_report_only_policy_that_would_not_close_the_gap_says_so() {
    let outside_office =
        r#", "locations": {"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]}"#;
    let t = tenant(&[
        security_defaults(false),
        admin_assignment(),
        policies(&[policy(
            "p",
            "enabledForReportingButNotEnforced",
            ALL_USERS,
            outside_office,
            MFA,
        )]),
    ]);
    let MfaCoverage::NotRequired { gaps, .. } = coverage_of_admin(&t) else {
        panic!("covered?")
    };
    assert!(matches!(
        gaps[0].kind,
        GapKind::NotEnforced { would_cover: false }
    ));
    assert!(
        gaps[0]
            .message
            .contains("would not close the gap by itself"),
        "{}",
        gaps[0].message
    );
}

/// A policy with neither name nor id is named by the file and place it is written at.
#[test]
fn a_policy_without_name_or_id_is_named_by_its_place() {
    let unnamed = r#"{"state": "enabled", "conditions": {"users": {"includeUsers": ["All"]}}, "grantControls": {"operator": "OR", "builtInControls": ["mfa"]}}"#;
    let t = tenant(&[policies(&[unnamed.to_string()])]);
    let label = t.policies()[0].label();
    assert!(label.contains("policies.json /value/0"), "{label}");
}

#[test]
fn narrowing_conditions_are_found_and_neutral_ones_ignored() {
    let neutral = r#", "platforms": {"includePlatforms": ["all"], "excludePlatforms": []}, "locations": {"includeLocations": ["All"]}, "signInRiskLevels": []"#;
    let narrowed = r#", "locations": {"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]}, "devices": {"deviceFilter": {"mode": "exclude", "rule": "device.isCompliant -eq True"}}"#;
    let t = tenant(&[policies(&[
        policy("n", "enabled", ALL_USERS, neutral, MFA),
        policy("x", "enabled", ALL_USERS, narrowed, MFA),
    ])]);
    assert!(narrowings(&t.policies()[0], Accept::default()).is_empty());
    let found = narrowings(&t.policies()[1], Accept::default());
    let kinds: Vec<NarrowingKind> = found.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        [NarrowingKind::Locations, NarrowingKind::DeviceFilter]
    );
    assert_eq!(
        found[0].origin.pointer,
        "/value/1/conditions/locations/excludeLocations/0"
    );
}

#[test]
fn legacy_blocks_combine_and_the_directory_sync_exclusion_is_expected() {
    let users = format!(r#"{{"includeUsers": ["All"], "excludeRoles": ["{DIR_SYNC}"]}}"#);
    let block = r#"{"operator": "OR", "builtInControls": ["block"]}"#;
    let t = tenant(&[policies(&[
        policy(
            "eas",
            "enabled",
            &users,
            r#", "clientAppTypes": ["exchangeActiveSync"]"#,
            block,
        ),
        policy(
            "other",
            "enabled",
            ALL_USERS,
            r#", "clientAppTypes": ["other"]"#,
            block,
        ),
    ])]);
    let people = People::new(&t);
    let coverage = legacy_block(&people);
    assert!(coverage.gaps.is_empty());
    assert_eq!(coverage.covered.len(), 2);
}

#[test]
fn a_block_policy_for_some_users_only_is_a_gap_when_aimed_at_legacy_clients() {
    let users =
        r#"{"includeUsers": ["All"], "excludeUsers": ["6b0c2a10-0000-4000-8000-00000000b006"]}"#;
    let block = r#"{"operator": "OR", "builtInControls": ["block"]}"#;
    let t = tenant(&[policies(&[
        policy(
            "legacy",
            "enabled",
            users,
            r#", "clientAppTypes": ["exchangeActiveSync", "other"]"#,
            block,
        ),
        policy("country", "enabled", users, "", block),
    ])]);
    let people = People::new(&t);
    let coverage = legacy_block(&people);
    assert_eq!(
        coverage.gaps.len(),
        1,
        "the country block is a policy for something else"
    );
    assert_eq!(coverage.gaps[0].policy.id, "legacy");
    assert!(coverage.covered.is_empty());
}

#[test]
fn enabled_policies_do_not_count_when_licences_show_no_p1() {
    let skus = |plan: &str| {
        (
            "skus.json",
            format!(
                r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus",
                    "value": [{{"skuId": "s", "capabilityStatus": "Enabled",
                               "servicePlans": [{{"servicePlanId": "{plan}", "provisioningStatus": "Success"}}]}}]}}"#
            ),
        )
    };
    let mfa_for_all = policies(&[policy("p", "enabled", ALL_USERS, "", MFA)]);
    let without = tenant(&[
        security_defaults(false),
        admin_assignment(),
        mfa_for_all.clone(),
        skus("9aaf7827-d63c-4b61-89c3-182f06f82e5c"),
    ]);
    let MfaCoverage::NotRequired { gaps, .. } = coverage_of_admin(&without) else {
        panic!("covered without P1?")
    };
    assert!(matches!(gaps[0].kind, GapKind::Unlicensed));
    let with = tenant(&[
        security_defaults(false),
        admin_assignment(),
        mfa_for_all,
        skus("41781fb2-bc02-4b7c-bd55-b576c07bb09d"),
    ]);
    assert!(matches!(
        coverage_of_admin(&with),
        MfaCoverage::ByPolicies(_)
    ));
}

#[test]
fn licence_tier_honours_capability_and_provisioning_status() {
    use tenantlint::analysis::licences::{tier, Tier};
    let sku = |capability: &str, provisioning: &str| {
        tenant(&[(
            "skus.json",
            format!(
                r#"[{{"skuId": "s", "capabilityStatus": "{capability}", "servicePlans": [
                    {{"servicePlanId": "41781fb2-bc02-4b7c-bd55-b576c07bb09d", "provisioningStatus": "Success"}},
                    {{"servicePlanId": "eec0eb4f-6444-4f95-aba0-50c24d67f998", "provisioningStatus": "{provisioning}"}}]}}]"#
            ),
        )])
    };
    assert_eq!(tier(&sku("Enabled", "Success")), Some(Tier::P2));
    assert_eq!(tier(&sku("Warning", "Disabled")), Some(Tier::P1));
    assert_eq!(tier(&sku("Suspended", "Success")), Some(Tier::Free));
    assert_eq!(
        tier(&tenant(&[security_defaults(true)])),
        None,
        "no licence data: unknown"
    );
}

#[test]
fn an_unexpanded_principal_is_a_possible_admin_until_a_file_says_what_it_is() {
    use tenantlint::analysis::find_admins;
    let file = |name: &str, context: &str, items: String| {
        (
            name.to_string(),
            format!(
                r#"{{"@odata.context": "https://graph.microsoft.com/beta/$metadata#{context}", "value": [{items}]}}"#
            ),
        )
    };
    let bare = file(
        "roles.json",
        "roleManagement/directory/roleAssignments",
        format!(
            r#"{{"id": "ra1", "principalId": "{ADMIN}", "roleDefinitionId": "{GA}", "directoryScopeId": "/"}}"#
        ),
    );
    let registrations = |id: &str| {
        file(
            "reg.json",
            "reports/authenticationMethods/userRegistrationDetails",
            format!(
                r#"{{"id": "{id}", "userType": "member", "isAdmin": false, "isMfaRegistered": true}}"#
            ),
        )
    };
    let verdict = |files: &[(String, String)]| {
        let files: Vec<(&str, String)> =
            files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
        let t = tenant(&files);
        let admins = find_admins(&People::new(&t));
        (
            admins
                .admins
                .iter()
                .map(|a| a.user_id.clone())
                .collect::<Vec<_>>(),
            admins.unresolved.join("; "),
        )
    };

    // Ids only: a possible admin, named with what would settle it.
    let (admins, unresolved) = verdict(std::slice::from_ref(&bare));
    assert!(admins.is_empty(), "{admins:?}");
    assert!(
        unresolved.contains(ADMIN) && unresolved.contains("$expand=principal"),
        "{unresolved}"
    );

    // Absence from the registration details proves nothing: they can be filtered or paged.
    let (admins, unresolved) = verdict(&[
        bare.clone(),
        registrations("6b0c2a10-0000-4000-8000-00000000b007"),
    ]);
    assert!(admins.is_empty(), "{admins:?}");
    assert!(unresolved.contains(ADMIN), "{unresolved}");

    // Presence there, a users export or a service principals export says what it is.
    let (admins, unresolved) = verdict(&[bare.clone(), registrations(&ADMIN.to_uppercase())]);
    assert_eq!(admins, [ADMIN]);
    assert!(!unresolved.contains(ADMIN), "{unresolved}");
    let users = file(
        "users.json",
        "users",
        format!(r#"{{"id": "{ADMIN}", "userType": "Member"}}"#),
    );
    assert_eq!(verdict(&[bare.clone(), users]).0, [ADMIN]);
    let apps = file(
        "sps.json",
        "servicePrincipals",
        format!(r#"{{"id": "{ADMIN}", "appId": "a"}}"#),
    );
    let (admins, unresolved) = verdict(&[bare, apps]);
    assert!(admins.is_empty(), "a service principal is not a person");
    assert!(!unresolved.contains(ADMIN), "{unresolved}");
}

#[test]
fn a_flag_in_the_sdk_bag_is_pointed_at_inside_the_bag() {
    let text = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails",
"value": [{"Id": "6b0c2a10-0000-4000-8000-00000000b008", "UserPrincipalName": "6b0c2a10-0000-4000-8000-00000000b008@contoso.example", "UserType": "member",
  "AdditionalProperties": {"isMfaRegistered": false}}]}"#;
    let t = tenant(&[("reports/userRegistrationDetails.json", text.to_string())]);
    let registration = t.registrations.as_ref().unwrap().iter().next().unwrap();
    let flag = registration
        .mfa_registered
        .as_ref()
        .expect("read from the bag");
    let origin = registration.flag_origin(flag);
    assert_eq!(
        origin.pointer,
        "/value/0/AdditionalProperties/isMfaRegistered"
    );
    assert_eq!(&text[origin.span], "false");
}

/// Graph expands at most 20 members: a longer inline list, or one with a next link, leaves
/// membership beyond the listed members unknown.
#[test]
fn an_expanded_member_list_of_twenty_leaves_the_rest_unknown() {
    let group = "6b0c2a10-0000-4000-8000-00000000d001";
    let members = |n: usize| {
        (0..n)
            .map(|i| format!(r##"{{"@odata.type": "#microsoft.graph.user", "id": "6b0c2a10-0000-4000-8000-0000000e{i:04}"}}"##))
            .collect::<Vec<_>>()
            .join(",")
    };
    let groups = |n: usize| {
        (
            "groups.json",
            format!(
                r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups(members())", "value": [
                    {{"id": "{group}", "displayName": "Break glass", "members": [{}]}}]}}"#,
                members(n)
            ),
        )
    };
    let excluding = policies(&[policy(
        "p",
        "enabled",
        &format!(r#"{{"includeUsers": ["All"], "excludeGroups": ["{group}"]}}"#),
        "",
        MFA,
    )]);
    for (n, unknown) in [(19, false), (20, true)] {
        let t = tenant(&[groups(n), excluding.clone()]);
        let people = People::new(&t);
        let verdict = applies_to(&t.policies()[0], &people, &Subject::new(&people, ADMIN));
        assert_eq!(
            matches!(verdict, Applies::Unknown { .. }),
            unknown,
            "{n} members: {verdict:?}"
        );
    }
}

/// Unless the role lists name every holder, `isAdmin: true` marks an admin whatever other role
/// the lists show; only the Directory Synchronization Accounts role explains it away. Directory
/// role members never name every holder, and members of a role object that was not exported
/// hold an unknown role.
#[test]
fn the_isadmin_flag_stands_unless_the_role_lists_are_complete() {
    const READER: &str = "4a5d8f65-41da-4de4-8968-e035b65339cf";
    let registration = (
        "reg.json",
        format!(
            r#"{{"@odata.context": "https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails",
                "value": [{{"id": "{ADMIN}", "userType": "member", "isAdmin": true, "isMfaRegistered": false}}]}}"#
        ),
    );
    let eligible = |role: &str| {
        (
            "eligibility.json",
            format!(
                r#"{{"@odata.context": "https://graph.microsoft.com/beta/$metadata#roleManagement/directory/roleEligibilityScheduleInstances",
                    "value": [{{"id": "e1", "principalId": "{ADMIN}", "roleDefinitionId": "{role}", "directoryScopeId": "/"}}]}}"#
            ),
        )
    };
    let admins = |files: &[(&str, String)]| {
        let t = tenant(files);
        let set = tenantlint::analysis::find_admins(&People::new(&t));
        (
            set.admins.iter().any(|a| a.user_id == ADMIN),
            set.unresolved.join("; "),
        )
    };
    assert!(admins(&[registration.clone(), eligible(READER)]).0);
    assert!(!admins(&[registration.clone(), eligible(DIR_SYNC)]).0);

    let members_only = (
        "directoryRoles.json",
        format!(
            r##"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryRoles(members())", "value": [
                {{"id": "6b0c2a10-0000-4000-8000-00000000f001", "roleTemplateId": "{GA}", "displayName": "Global Administrator", "members": []}}]}}"##
        ),
    );
    let no_eligibility = (
        "eligibility.json",
        r#"{"@odata.context": "https://graph.microsoft.com/beta/$metadata#roleManagement/directory/roleEligibilityScheduleInstances", "value": []}"#
            .to_string(),
    );
    assert!(admins(&[registration.clone(), members_only, no_eligibility]).0);

    let orphan_members = (
        "DirectoryRoles/6b0c2a10-0000-4000-8000-00000000f002/members.json",
        r##"{"value": [{"@odata.type": "#microsoft.graph.user", "id": "6b0c2a10-0000-4000-8000-00000000f003"}]}"##
            .to_string(),
    );
    let (_, unresolved) = admins(&[orphan_members]);
    assert!(
        unresolved.contains("6b0c2a10-0000-4000-8000-00000000f002"),
        "{unresolved}"
    );
}
