//! `whatif` and `gaps`: Microsoft's What If documentation examples give the documented answers,
//! unknown facts stay unknown, and the engine agrees with the coverage rules on the example
//! tenants and on randomly generated ones.

mod common;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tenantlint::analysis::gaps::{GapOptions, Gaps, Segment};
use tenantlint::analysis::signin::Protection;
use tenantlint::analysis::whatif::{Answer, Question};
use tenantlint::rules::Status;
use tenantlint::{Options, Report};

fn asked(question: tenantlint::Question) -> Options {
    Options {
        question: Some(question),
        ..Options::default()
    }
}

fn whatif_answer(report: &Report) -> &Answer {
    match &report.answer {
        Some(tenantlint::Answer::WhatIf(Ok(answer))) => answer,
        other => panic!("no what-if answer: {other:?}"),
    }
}

fn gaps_answer(report: &Report) -> &Gaps {
    match &report.answer {
        Some(tenantlint::Answer::Gaps(gaps)) => gaps,
        other => panic!("no gaps answer: {other:?}"),
    }
}

/// The API's request body as a question.
fn question_of(request: &Value) -> Question {
    let identity = &request["signInIdentity"];
    let context = &request["signInContext"];
    let conditions = &request["signInConditions"];
    let text = |v: &Value| v.as_str().map(str::to_string);
    let app = match context["@odata.type"].as_str().unwrap() {
        "#microsoft.graph.applicationContext" => context["includeApplications"][0]
            .as_str()
            .unwrap()
            .to_string(),
        "#microsoft.graph.authContext" => format!(
            "authcontext:{}",
            context["authenticationContextValue"].as_str().unwrap()
        ),
        "#microsoft.graph.userActionContext" => context["userAction"].as_str().unwrap().into(),
        other => panic!("a context the test does not know: {other}"),
    };
    Question {
        user: identity["userId"].as_str().unwrap().into(),
        app,
        client: text(&conditions["clientAppType"]),
        platform: text(&conditions["devicePlatform"]),
        location: text(&conditions["country"]),
        sign_in_risk: text(&conditions["signInRiskLevel"]),
        user_risk: text(&conditions["userRiskLevel"]),
        insider_risk: text(&conditions["insiderRiskLevel"]),
        device_compliant: conditions["deviceInfo"]["isCompliant"].as_bool(),
        device_join_type: text(&conditions["deviceInfo"]["trustType"]),
        flow: text(&conditions["authenticationFlow"]["transferMethod"]),
    }
}

fn docs(name: &str) -> Vec<u8> {
    std::fs::read(common::root().join("testdata/graph-docs").join(name)).unwrap()
}

/// Each policy's `policyApplies` and `analysisReasons`, by id, as tenantlint answers.
fn answered(files: Vec<(PathBuf, Vec<u8>)>, question: Question) -> Vec<(String, bool, String)> {
    let report = tenantlint::lint_contents(
        files,
        &asked(tenantlint::Question::WhatIf(Box::new(question))),
    )
    .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    verdicts(&tenantlint::output::whatif::json(
        &report,
        whatif_answer(&report),
    ))
}

/// Each policy's id, `policyApplies` and `analysisReasons` in a `whatIfAnalysisResult` list.
fn verdicts(list: &Value) -> Vec<(String, bool, String)> {
    list["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["policyApplies"].as_bool().unwrap(),
                p["analysisReasons"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The documented answers of one example: the response lists the policies with their verdicts.
fn documented(response: &[u8]) -> Vec<(String, bool, String)> {
    verdicts(&serde_json::from_slice(response).unwrap())
}

/// What the documented tenant must hold for example 3's answer: the user holds one of the admin
/// roles its policy includes (the page does not show the tenant's role assignments, only that
/// the policy applies). Written here, not taken from the page.
fn role_holding(user: &str) -> (PathBuf, Vec<u8>) {
    let body = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#roleManagement/directory/roleAssignments(principal())",
        "value": [{
            "id": "role-assignment-of-the-example-user",
            "principalId": user,
            "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10",
            "directoryScopeId": "/",
            "principal": {"@odata.type": "#microsoft.graph.user", "id": user}
        }]
    });
    (
        "roleAssignments.json".into(),
        serde_json::to_vec(&body).unwrap(),
    )
}

#[test]
fn microsofts_what_if_examples_give_the_documented_answers() {
    for example in 1..=3 {
        let request: Value =
            serde_json::from_slice(&docs(&format!("whatif-example{example}-request.json")))
                .unwrap();
        let response = docs(&format!("whatif-example{example}-response.json"));
        let question = question_of(&request);
        let mut files = vec![("policies.json".into(), response.clone())];
        if example == 3 {
            files.push(role_holding(&question.user));
        }
        let mut ours = answered(files, question);
        let mut theirs = documented(&response);
        ours.sort();
        theirs.sort();
        assert_eq!(ours, theirs, "example {example}");
    }
}

#[test]
fn a_role_the_export_does_not_show_is_unknown_never_does_not_apply() {
    let request: Value = serde_json::from_slice(&docs("whatif-example3-request.json")).unwrap();
    let response = docs("whatif-example3-response.json");
    let ours = answered(
        vec![("policies.json".into(), response)],
        question_of(&request),
    );
    let roles_policy = ours
        .iter()
        .find(|(id, ..)| id == "4aa7d105-d92b-4c07-9834-0e810ddb89ac")
        .unwrap();
    assert_eq!(
        (roles_policy.1, roles_policy.2.as_str()),
        (false, "notEnoughInformation"),
        "without role data, whether the admin-roles policy applies is not known"
    );
}

fn policy(id: &str, conditions: Value, grant: Value) -> Value {
    json!({"id": id, "displayName": format!("policy {id}"), "state": "enabled",
           "conditions": conditions, "grantControls": grant})
}

fn collection(policies: Vec<Value>) -> (PathBuf, Vec<u8>) {
    let body = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies",
        "value": policies
    });
    ("policies.json".into(), serde_json::to_vec(&body).unwrap())
}

fn mfa() -> Value {
    json!({"operator": "OR", "builtInControls": ["mfa"]})
}

const USER: &str = "a0000000-0000-4000-8000-000000000001";
const GROUP: &str = "b0000000-0000-4000-8000-000000000001";

fn ask(files: Vec<(PathBuf, Vec<u8>)>, question: Question) -> Answer {
    let report = tenantlint::lint_contents(
        files,
        &asked(tenantlint::Question::WhatIf(Box::new(question))),
    )
    .unwrap();
    whatif_answer(&report).clone()
}

fn reasons(answer: &Answer) -> Vec<(String, String)> {
    answer
        .policies
        .iter()
        .map(|p| {
            let reason = match &p.verdict {
                tenantlint::analysis::signin::Verdict::Applies => "notSet".to_string(),
                tenantlint::analysis::signin::Verdict::DoesNotApply { reason, .. } => {
                    reason.api_name().to_string()
                }
                tenantlint::analysis::signin::Verdict::Unknown { reason, .. } => {
                    format!("unknown {}", reason.api_name())
                }
            };
            (p.id.clone(), reason)
        })
        .collect()
}

#[test]
fn the_api_semantics_hold_for_left_out_conditions_app_groups_and_unknown_groups() {
    let all_apps = json!({"includeApplications": ["All"]});
    let policies = vec![
        // Conditioned on a platform: a question naming none does not match it.
        policy(
            "p-platform",
            json!({"users": {"includeUsers": ["All"]}, "applications": all_apps,
                   "platforms": {"includePlatforms": ["android"]}}),
            mfa(),
        ),
        // Names one app: a question about the Office365 group does not match it.
        policy(
            "p-one-app",
            json!({"users": {"includeUsers": ["All"]},
                   "applications": {"includeApplications": ["00000003-0000-0ff1-ce00-000000000000"]}}),
            mfa(),
        ),
        // Excludes a group whose members were not exported: unknown.
        policy(
            "p-group",
            json!({"users": {"includeUsers": ["All"], "excludeGroups": [GROUP]},
                   "applications": all_apps}),
            json!({"operator": "OR", "builtInControls": ["block"]}),
        ),
    ];
    let question = Question {
        user: USER.into(),
        app: "Office365".into(),
        client: Some("browser".into()),
        ..Question::default()
    };
    let answer = ask(vec![collection(policies.clone())], question.clone());
    assert_eq!(
        reasons(&answer),
        vec![
            ("p-platform".into(), "devicePlatform".into()),
            ("p-one-app".into(), "application".into()),
            ("p-group".into(), "unknown users".into()),
        ]
    );
    assert!(answer.blocked_by.is_empty(), "the block is not certain");
    assert_eq!(answer.unknown.len(), 1, "{:?}", answer.unknown);
    assert!(answer.unknown[0].contains("members were not exported"));

    // Naming the platform, and exporting the group's members without the user, settles both.
    let member = "c0000000-0000-4000-8000-000000000009";
    let settled = ask(
        vec![
            collection(policies),
            (
                format!("export/Groups/{GROUP}/Members/{member}/{member}.json").into(),
                serde_json::to_vec(&json!({"@odata.type": "#microsoft.graph.user", "id": member}))
                    .unwrap(),
            ),
        ],
        Question {
            platform: Some("android".into()),
            ..question
        },
    );
    assert_eq!(
        reasons(&settled),
        vec![
            ("p-platform".into(), "notSet".into()),
            ("p-one-app".into(), "application".into()),
            ("p-group".into(), "notSet".into()),
        ]
    );
    assert_eq!(
        settled.blocked_by,
        vec!["\"policy p-group\" (p-group)".to_string()]
    );
}

#[test]
fn an_app_group_with_a_part_left_out_is_not_covered_and_trust_unexported_is_unknown() {
    let office = json!({"users": {"includeUsers": ["All"]},
        "applications": {"includeApplications": ["All"],
                         "excludeApplications": ["00000002-0000-0ff1-ce00-000000000000"]}});
    let other = json!({"users": {"includeUsers": ["All"]},
        "applications": {"includeApplications": ["Office365"],
                         "excludeApplications": ["e0000000-0000-4000-8000-000000000001"]}});
    // Another group may share apps with this one: unknown, not "left out" and not "covered".
    let other_group = json!({"users": {"includeUsers": ["All"]},
        "applications": {"includeApplications": ["Office365"],
                         "excludeApplications": ["MicrosoftAdminPortals"]}});
    // A definite exclusion counts wherever it is listed.
    let group_after_app = json!({"users": {"includeUsers": ["All"]},
        "applications": {"includeApplications": ["All"],
                         "excludeApplications": ["e0000000-0000-4000-8000-000000000001", "Office365"]}});
    let outside_trusted = json!({"users": {"includeUsers": ["All"]},
        "applications": {"includeApplications": ["All"]},
        "locations": {"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]}});
    let answer = ask(
        vec![collection(vec![
            policy("p-no-exchange", office, mfa()),
            policy("p-other-app", other, mfa()),
            policy("p-other-group", other_group, mfa()),
            policy("p-group-after-app", group_after_app, mfa()),
            policy("p-untrusted", outside_trusted, mfa()),
        ])],
        Question {
            user: USER.into(),
            app: "Office365".into(),
            client: Some("browser".into()),
            location: Some("203.0.113.7".into()),
            ..Question::default()
        },
    );
    assert_eq!(
        reasons(&answer),
        vec![
            // Exchange Online is part of Office365: the group is not covered whole.
            ("p-no-exchange".into(), "application".into()),
            // Whether the excluded app is part of the group cannot be told offline.
            ("p-other-app".into(), "unknown application".into()),
            ("p-other-group".into(), "unknown application".into()),
            ("p-group-after-app".into(), "application".into()),
            // Without the named locations, whether the address is trusted is unknown.
            ("p-untrusted".into(), "unknown location".into()),
        ]
    );
}

#[test]
fn an_ip_address_is_placed_in_the_named_locations_that_hold_it() {
    let locations = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/namedLocations",
        "value": [{"@odata.type": "#microsoft.graph.ipNamedLocation", "id": "d0000000-0000-4000-8000-000000000001",
                   "displayName": "Head office", "isTrusted": true,
                   "ipRanges": [{"@odata.type": "#microsoft.graph.iPv4CidrRange", "cidrAddress": "203.0.113.0/24"}]}]
    });
    let policies = vec![policy(
        "p-untrusted",
        json!({"users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]},
               "locations": {"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]}}),
        mfa(),
    )];
    let files = || {
        vec![
            collection(policies.clone()),
            (
                "namedLocations.json".into(),
                serde_json::to_vec(&locations).unwrap(),
            ),
        ]
    };
    let at = |place: &str| {
        reasons(&ask(
            files(),
            Question {
                user: USER.into(),
                app: "All".into(),
                location: Some(place.into()),
                ..Question::default()
            },
        ))[0]
            .1
            .clone()
    };
    assert_eq!(at("203.0.113.7"), "location", "inside the trusted range");
    assert_eq!(at("198.51.100.7"), "notSet", "outside it");
    assert_eq!(at("Head office"), "location", "the location by name");

    // Without `isTrusted`, an address in the range may be trusted: unknown, not "applies".
    let mut unsaid = locations.clone();
    unsaid["value"][0]
        .as_object_mut()
        .unwrap()
        .remove("isTrusted");
    let answer = ask(
        vec![
            collection(policies.clone()),
            (
                "namedLocations.json".into(),
                serde_json::to_vec(&unsaid).unwrap(),
            ),
        ],
        Question {
            user: USER.into(),
            app: "All".into(),
            location: Some("203.0.113.7".into()),
            ..Question::default()
        },
    );
    assert_eq!(reasons(&answer)[0].1, "unknown location");
    // A range without its address is an input error, never a location that holds less.
    let mut no_cidr = locations.clone();
    no_cidr["value"][0]["ipRanges"][0]
        .as_object_mut()
        .unwrap()
        .remove("cidrAddress");
    // The input errors of an export of these named locations alone.
    let errors = |locations: &Value| -> Vec<String> {
        let files = vec![(
            "namedLocations.json".into(),
            serde_json::to_vec(locations).unwrap(),
        )];
        let report = tenantlint::lint_contents(files, &Options::default()).unwrap();
        report.errors.into_iter().map(|e| e.message).collect()
    };
    let said = errors(&no_cidr);
    assert!(
        said.iter().any(|e| e.contains("no `cidrAddress`")),
        "{said:?}"
    );
    // Nor is a location whose list is left out one that holds nothing.
    let countries = json!({"@odata.type": "#microsoft.graph.countryNamedLocation",
        "id": "d0000000-0000-4000-8000-000000000002", "displayName": "Home"});
    for (location, list) in [
        (no_cidr["value"][0].clone(), "ipRanges"),
        (countries, "countriesAndRegions"),
    ] {
        let mut unlisted = locations.clone();
        unlisted["value"][0] = location;
        unlisted["value"][0].as_object_mut().unwrap().remove(list);
        let said = errors(&unlisted);
        assert!(
            said.iter()
                .any(|e| e.contains("does not list its") && e.contains(list)),
            "{list}: {said:?}"
        );
    }
}

fn tenant(name: &str) -> PathBuf {
    common::root().join("testdata/tenants").join(name)
}

fn rule_status(report: &Report, code: &str) -> Status {
    report
        .results
        .iter()
        .find(|r| r.meta.code == code)
        .unwrap_or_else(|| panic!("{code} did not run"))
        .status
}

/// Whether `gaps` finds a sign-in of every user to every app without MFA, or one that may be.
fn every_user_gap(gaps: &Gaps) -> bool {
    gaps.not_evaluated.is_some()
        || gaps.rows.iter().any(|row| {
            row.segment == Segment::AllUsers
                && row
                    .apps
                    .as_ref()
                    .is_none_or(|apps| apps.iter().any(|a| a == "every app"))
        })
}

#[test]
fn a_policy_in_an_undocumented_state_may_be_on_unknown_in_whatif_and_gaps() {
    let mut blocking = policy(
        "p-odd-state",
        json!({"users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]}}),
        mfa(),
    );
    blocking["state"] = json!("enabledSomeday");
    let files = || vec![collection(vec![blocking.clone()])];
    let answer = ask(
        files(),
        Question {
            user: USER.into(),
            app: "All".into(),
            ..Question::default()
        },
    );
    assert!(
        answer.unknown.iter().any(|u| u.contains("enabledSomeday")),
        "{:?}",
        answer.unknown
    );
    // A policy that may apply and asks for MFA cannot block: "not blocked", said with the
    // unknown. One that may apply and blocks: neither "blocked" nor "not blocked".
    let outcome = |files: Vec<(PathBuf, Vec<u8>)>| {
        let report = tenantlint::lint_contents(
            files,
            &asked(tenantlint::Question::WhatIf(Box::new(Question {
                user: USER.into(),
                app: "All".into(),
                ..Question::default()
            }))),
        )
        .unwrap();
        tenantlint::output::whatif::json(&report, whatif_answer(&report))["outcome"].clone()
    };
    let json = outcome(files());
    assert_eq!(json["blocked"], false, "{json:#}");
    assert!(!json["unknown"].as_array().unwrap().is_empty(), "{json:#}");
    let mut blocker = blocking.clone();
    blocker["grantControls"] = json!({"operator": "OR", "builtInControls": ["block"]});
    let json = outcome(vec![collection(vec![blocker])]);
    assert!(json["blocked"].is_null(), "{json:#}");
    let report = tenantlint::lint_contents(
        files(),
        &asked(tenantlint::Question::WhatIf(Box::new(Question {
            user: USER.into(),
            app: "All".into(),
            ..Question::default()
        }))),
    )
    .unwrap();
    let pretty = tenantlint::output::whatif::pretty(&report, whatif_answer(&report));
    assert!(
        pretty.contains("unless a policy marked unknown"),
        "{pretty}"
    );
    let report = tenantlint::lint_contents(files(), &asked(mfa_gaps())).unwrap();
    let rows = &gaps_answer(&report).rows;
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r.status == tenantlint::analysis::gaps::RowStatus::Unknown),
        "it may protect every sign-in: {rows:#?}"
    );
}

fn mfa_gaps() -> tenantlint::Question {
    tenantlint::Question::Gaps(GapOptions {
        report_only_as_on: false,
        protection: Protection::mfa(),
    })
}

fn mfa003_agrees_with_gaps(describe: &str, lint: impl Fn(&Options) -> Report) {
    let rules = Options {
        select: vec!["MFA003".into()],
        ..Options::default()
    };
    let status = rule_status(&lint(&rules), "MFA003");
    let gaps = lint(&asked(mfa_gaps()));
    assert_eq!(
        status == Status::Pass,
        !every_user_gap(gaps_answer(&gaps)),
        "{describe}: MFA003 is {status:?} but gaps found {:#?}",
        gaps_answer(&gaps).rows
    );
}

#[test]
fn mfa003_passes_exactly_when_gaps_finds_no_mfa_gap_for_every_user_on_every_app() {
    for name in ["contoso", "fabrikam", "tailspin", "northwind"] {
        mfa003_agrees_with_gaps(name, |options| {
            tenantlint::lint(&[tenant(name)], options).unwrap()
        });
    }
}

/// A small deterministic generator (xorshift), so that a failure names its seed.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[(self.next() % from.len() as u64) as usize]
    }

    /// The first value (the plain one: all users, all apps, no narrowing) half of the time, so
    /// that tenants which pass, and narrowings that complement each other, both come up.
    fn mostly_first<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        if self.next() % 2 == 0 {
            &from[0]
        } else {
            self.pick(from)
        }
    }
}

fn random_policy(rng: &mut Seeded, n: usize) -> Value {
    let users = [
        json!({"includeUsers": ["All"]}),
        json!({"includeUsers": ["All"], "excludeUsers": [USER]}),
        json!({"includeUsers": ["All"], "excludeRoles": ["d29b2b05-8046-44ba-8758-1e26182fcf32"]}),
        json!({"includeUsers": ["All"], "excludeGroups": [GROUP]}),
        json!({"includeRoles": ["62e90394-69f5-4237-9190-012177145e10"]}),
        json!({"includeGroups": [GROUP]}),
    ];
    let apps = [
        json!({"includeApplications": ["All"]}),
        json!({"includeApplications": ["All"], "excludeApplications": ["00000003-0000-0ff1-ce00-000000000000"]}),
        json!({"includeApplications": ["Office365"]}),
    ];
    let clients = [
        json!(["all"]),
        json!(["browser", "mobileAppsAndDesktopClients"]),
        json!(["exchangeActiveSync", "other"]),
        json!(["browser"]),
        json!([]),
    ];
    let platforms = [
        Value::Null,
        json!({"includePlatforms": ["iOS"]}),
        json!({"includePlatforms": ["all"], "excludePlatforms": ["iOS"]}),
        json!({"includePlatforms": ["all"]}),
    ];
    let locations = [
        Value::Null,
        json!({"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]}),
        json!({"includeLocations": ["AllTrusted"]}),
    ];
    let risks = [json!([]), json!(["high"]), json!(["medium", "high"])];
    let grants = [
        mfa(),
        json!({"operator": "OR", "builtInControls": ["block"]}),
        json!({"operator": "OR", "builtInControls": ["mfa", "compliantDevice"]}),
        json!({"operator": "AND", "builtInControls": ["mfa", "compliantDevice"]}),
        json!({"operator": "AND", "builtInControls": [], "authenticationStrength": {"id": "00000000-0000-0000-0000-000000000002"}}),
    ];
    let states = [
        "enabled",
        "enabled",
        "enabled",
        "enabledForReportingButNotEnforced",
        "disabled",
    ];
    json!({
        "id": format!("e0000000-0000-4000-8000-{n:012}"),
        "displayName": format!("generated {n}"),
        "state": rng.mostly_first(&states),
        "conditions": {
            "users": rng.mostly_first(&users),
            "applications": rng.mostly_first(&apps),
            "clientAppTypes": rng.mostly_first(&clients),
            "platforms": rng.mostly_first(&platforms),
            "locations": rng.mostly_first(&locations),
            "signInRiskLevels": rng.mostly_first(&risks),
        },
        "grantControls": rng.mostly_first(&grants),
    })
}

#[test]
fn mfa003_passes_exactly_when_gaps_finds_no_mfa_gap_on_generated_tenants() {
    let sd = br#"{"id": "00000000-0000-0000-0000-000000000005", "isEnabled": false}"#.to_vec();
    let organization = std::fs::read(
        common::root()
            .join("testdata/rules/MFA003/excludes-trusted-locations/export/organization.json"),
    )
    .unwrap();
    let mut passes = 0;
    for seed in 1..=200u64 {
        let mut rng = Seeded(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let count = 1 + (rng.next() % 4) as usize;
        let policies: Vec<Value> = (0..count).map(|n| random_policy(&mut rng, n)).collect();
        let files = vec![
            collection(policies),
            ("sd.json".into(), sd.clone()),
            ("organization.json".into(), organization.clone()),
        ];
        let lint = |options: &Options| tenantlint::lint_contents(files.clone(), options).unwrap();
        let status = rule_status(
            &lint(&Options {
                select: vec!["MFA003".into()],
                ..Options::default()
            }),
            "MFA003",
        );
        passes += usize::from(status == Status::Pass);
        mfa003_agrees_with_gaps(&format!("seed {seed}"), lint);
    }
    assert!(passes > 0, "the generator never makes a tenant that passes");
}

#[test]
fn every_admin_mfa001_calls_covered_is_asked_for_mfa_on_every_app_and_client() {
    let mut asked_about = 0;
    for name in ["contoso", "fabrikam", "tailspin", "northwind"] {
        let report = tenantlint::lint(
            &[tenant(name)],
            &Options {
                select: vec!["MFA001".into()],
                ..Options::default()
            },
        )
        .unwrap();
        if rule_status(&report, "MFA001") == Status::NotEvaluated {
            continue;
        }
        let uncovered: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.finding.subject.as_str())
            .collect();
        let (_, model) = tenantlint::read_contents(common::read_json_files(&tenant(name)));
        let people = tenantlint::analysis::People::new(&model);
        let admins = tenantlint::analysis::find_admins(&people);
        for admin in admins
            .admins
            .iter()
            .filter(|a| !uncovered.contains(&a.user_id.as_str()))
        {
            for client in [
                "browser",
                "mobileAppsAndDesktopClients",
                "exchangeActiveSync",
                "other",
            ] {
                let report = tenantlint::lint(
                    &[tenant(name)],
                    &asked(tenantlint::Question::WhatIf(Box::new(Question {
                        user: admin.user_id.clone(),
                        app: "All".into(),
                        client: Some(client.into()),
                        ..Question::default()
                    }))),
                )
                .unwrap();
                let answer = whatif_answer(&report);
                let mfa_required =
                    answer.security_defaults
                        || answer.enforced_applying().any(|p| {
                            p.demands.block
                                || (p.demands.controls.iter().any(|c| {
                                    c == "mfa" || c.starts_with("authenticationStrength:")
                                }) && (p.demands.operator == "AND"
                                    || p.demands.controls.len() == 1))
                        });
                assert!(
                    mfa_required,
                    "{name}: MFA001 calls {} covered, but whatif on every app with {client} requires no MFA: {:#?}",
                    admin.label(),
                    answer.policies
                );
                asked_about += 1;
            }
        }
    }
    assert!(
        asked_about > 0,
        "no example tenant has an admin MFA001 calls covered"
    );
}

/// A copy of an example tenant without the files under folders named `drop`.
fn without(name: &str, drop: &[&str]) -> PathBuf {
    let to = common::scratch("whatif", &format!("{name}-without-{}", drop.join("-")));
    common::copy_json_tree(&tenant(name), &to, drop);
    to
}

fn gap_segments(path: &Path) -> (bool, Vec<String>) {
    let report = tenantlint::lint(&[path.to_path_buf()], &asked(mfa_gaps())).unwrap();
    let gaps = gaps_answer(&report);
    let mut segments: Vec<String> = gaps.rows.iter().map(|r| r.segment.key()).collect();
    segments.dedup();
    (gaps.is_clean(), segments)
}

#[test]
fn taking_group_members_or_role_holders_away_never_closes_a_gap() {
    for name in ["contoso", "fabrikam", "northwind"] {
        let (clean, before) = gap_segments(&tenant(name));
        for drop in [&["Members"][..], &["RoleManagement", "DirectoryRoles"][..]] {
            let (clean_after, after) = gap_segments(&without(name, drop));
            assert!(
                !clean_after || clean,
                "{name} without {drop:?}: gaps says every sign-in is protected, and the whole export does not"
            );
            for segment in &before {
                assert!(
                    after.contains(segment),
                    "{name} without {drop:?}: {segment} is no longer unprotected or unknown"
                );
            }
        }
    }
}

/// A UPN the export states only on an expanded principal, its id written upper-case, still names
/// the user.
#[test]
fn a_upn_known_only_from_an_expanded_principal_is_found() {
    let id = "C0FFEE00-0000-4000-8000-0000000000AB";
    let roles = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#roleManagement/directory/roleAssignments(principal())",
        "value": [{"id": "r", "principalId": id, "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10",
                   "directoryScopeId": "/",
                   "principal": {"@odata.type": "#microsoft.graph.user", "id": id, "userPrincipalName": "Pat@contoso.com"}}]
    });
    let policies = vec![policy(
        "p-admins",
        json!({"users": {"includeRoles": ["62e90394-69f5-4237-9190-012177145e10"]},
               "applications": {"includeApplications": ["All"]}}),
        mfa(),
    )];
    let answer = ask(
        vec![
            collection(policies),
            ("roles.json".into(), serde_json::to_vec(&roles).unwrap()),
        ],
        Question {
            user: "pat@contoso.com".into(),
            app: "All".into(),
            ..Question::default()
        },
    );
    assert!(
        answer.sign_in.contains("Pat@contoso.com"),
        "{}",
        answer.sign_in
    );
    assert_eq!(reasons(&answer), vec![("p-admins".into(), "notSet".into())]);
}

/// Named locations may overlap (a trusted office range inside a country): a sign-in from the
/// country may be from the office, which a policy excludes, so it is not proven protected.
#[test]
fn a_place_that_may_be_inside_an_excluded_location_is_not_proven_protected() {
    let locations = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/namedLocations",
        "value": [
            {"@odata.type": "#microsoft.graph.ipNamedLocation", "id": "d0000000-0000-4000-8000-000000000001",
             "displayName": "Head office", "isTrusted": true,
             "ipRanges": [{"@odata.type": "#microsoft.graph.iPv4CidrRange", "cidrAddress": "203.0.113.0/24"}]},
            {"@odata.type": "#microsoft.graph.countryNamedLocation", "id": "d0000000-0000-4000-8000-000000000002",
             "displayName": "United States", "countriesAndRegions": ["US"], "includeUnknownCountriesAndRegions": false}
        ]
    });
    let policies = vec![
        policy(
            "p-untrusted",
            json!({"users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]},
                   "locations": {"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]}}),
            mfa(),
        ),
        policy(
            "p-outside-us",
            json!({"users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]},
                   "locations": {"includeLocations": ["All"], "excludeLocations": ["d0000000-0000-4000-8000-000000000002"]}}),
            mfa(),
        ),
    ];
    let files = vec![
        collection(policies),
        (
            "namedLocations.json".into(),
            serde_json::to_vec(&locations).unwrap(),
        ),
    ];
    let report = tenantlint::lint_contents(files, &asked(mfa_gaps())).unwrap();
    let rows: Vec<_> = gaps_answer(&report)
        .rows
        .iter()
        .filter(|r| r.segment == Segment::AllUsers)
        .collect();
    let in_us = rows
        .iter()
        .find(|r| {
            r.places
                .as_ref()
                .is_some_and(|p| p.iter().any(|p| p.contains("United States")))
        })
        .unwrap_or_else(|| {
            panic!("a sign-in from the US may come from the trusted office: {rows:#?}")
        });
    assert_eq!(
        in_us.status,
        tenantlint::analysis::gaps::RowStatus::Unknown,
        "{in_us:#?}"
    );
}
