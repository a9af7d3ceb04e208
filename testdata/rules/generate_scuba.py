#!/usr/bin/env python3
"""Writes the fixtures of the rules behind CISA's SCuBA baseline (testdata/rules/<CODE>/<case>/).

Each case is a CISA ScubaGear `ProviderSettingsExport.json` built from CISA's published sample
export (CC0, testdata/tenants/scubagear-sample/), keeping the keys the case needs and changing
the values it is about, the way CISA's own functional tests patch that file. Standard library
only; deterministic. Run: `python3 testdata/rules/generate_scuba.py`. See README.md beside this
file for the contract of a case.
"""

import copy
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SAMPLE = json.loads(
    (ROOT.parent / "tenants/scubagear-sample/ProviderSettingsExport.json").read_text(encoding="utf-8-sig")
)
TENANT = SAMPLE["tenant_details"][0]["AADAdditionalData"][0]["Id"]
GA = "62e90394-69f5-4237-9190-012177145e10"
PRIVILEGED = [
    GA,
    "e8611ab8-c189-46e8-94e1-60213ab1f814",
    "fe930be7-5e62-47db-91af-98c3a49a38b1",
    "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
    "29232cdf-9323-42fd-ade2-1d097af3e4de",
    "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
    "158c047a-c907-4556-b7ef-446551a6b5f7",
]
PHISHING_RESISTANT = ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"]


def export(*keys, p2=True, **values):
    """A provider export with ScubaGear's stamps, the tenant, its service plans and `keys` of the
    sample, then `values` set as given."""
    out = {
        "baseline_version": SAMPLE["baseline_version"],
        "module_version": SAMPLE["module_version"],
        "tenant_details": copy.deepcopy(SAMPLE["tenant_details"]),
        "service_plans": [
            p for p in copy.deepcopy(SAMPLE["service_plans"]) if p2 or p["ServicePlanName"] != "AAD_PREMIUM_P2"
        ],
    }
    if not p2:
        # The organization's assigned plans name P2 too: keep them from saying so.
        for org in out["tenant_details"][0]["AADAdditionalData"]:
            org["AssignedPlans"] = [
                a for a in org["AssignedPlans"] if a.get("ServicePlanId") != "eec0eb4f-6444-4f95-aba0-50c24d67f998"
            ]
    for key in keys:
        out[key] = copy.deepcopy(SAMPLE[key])
    out.update(copy.deepcopy(values))
    out["aad_successful_commands"] = copy.deepcopy(SAMPLE["aad_successful_commands"])
    out["aad_unsuccessful_commands"] = []
    return out


def policies(*extra, change=None):
    """The sample's Conditional Access policies, changed by `change(policy)`, and `extra` ones."""
    out = copy.deepcopy(SAMPLE["conditional_access_policies"])
    if change:
        for p in out:
            change(p)
    return out + list(extra)


def policy(name, users=None, apps=None, grant=None, **conditions):
    """A Conditional Access policy as ScubaGear exports it (PascalCase beta JSON)."""
    base = copy.deepcopy(SAMPLE["conditional_access_policies"][1])
    base["Id"] = stable_id(name)
    base["DisplayName"] = name
    base["State"] = "enabled"
    base["Conditions"]["ClientAppTypes"] = ["all"]
    base["Conditions"]["Users"].update(users or {"IncludeUsers": ["All"]})
    if apps is not None:
        base["Conditions"]["Applications"].update(apps)
    for key, value in conditions.items():
        base["Conditions"][key] = value
    base["GrantControls"] = grant
    return base


def stable_id(name):
    import hashlib, uuid

    b = bytearray(hashlib.sha256(("tenantlint-scuba/" + name).encode()).digest()[:16])
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(b)))


def ca(name, users=None, apps=None, grant=None, **conditions):
    return policy(name, users, apps, grant, **conditions)


def strength(combinations):
    return {
        "Operator": "OR",
        "BuiltInControls": [],
        "AuthenticationStrength": {
            "Id": stable_id("strength/" + ",".join(combinations)),
            "DisplayName": "Phishing-resistant MFA",
            "AllowedCombinations": combinations,
        },
    }


def block():
    return {"Operator": "OR", "BuiltInControls": ["block"]}


def set_feature(name, **fields):
    methods = copy.deepcopy(SAMPLE["authentication_method"])
    matched = [m for m in methods[0]["authentication_method_feature_settings"] if m["Id"] == name]
    assert matched, f"the sample has no authentication method {name}"
    for m in matched:
        m.update(fields)
    return methods


def with_policy(**fields):
    methods = copy.deepcopy(SAMPLE["authentication_method"])
    methods[0]["authentication_method_policy"].update(fields)
    return methods


def authz(**fields):
    policies_ = copy.deepcopy(SAMPLE["authorization_policies"])
    for key, value in fields.items():
        if value is DROP:
            policies_[0].pop(key, None)
        else:
            policies_[0][key] = value
    return policies_


DROP = object()


def app_policy(password=None, keys=None):
    """A tenant default app management policy, PascalCase, with these restrictions in both scopes."""
    restrictions = {"PasswordCredentials": password or [], "KeyCredentials": keys or []}
    return [
        {
            "Id": "00000000-0000-0000-0000-000000000000",
            "DisplayName": "Default app management tenant policy",
            "IsEnabled": True,
            "ApplicationRestrictions": copy.deepcopy(restrictions),
            "ServicePrincipalRestrictions": copy.deepcopy(restrictions),
        }
    ]


def restriction(kind, state="enabled", lifetime=None, after="/Date(-62135596800000)/"):
    return {
        "RestrictionType": kind,
        "State": state,
        "MaxLifetime": lifetime,
        "RestrictForAppsCreatedAfterDateTime": after,
    }


def roles(change=None):
    out = copy.deepcopy(SAMPLE["privileged_roles"])
    if change:
        changed = sum(change(role) or 0 for role in out)
        assert changed or not getattr(change, "must_match", False), f"{change.__qualname__} changed nothing"
    return out


def set_rule(rule_id, only_ga=False, **fields):
    def change(role):
        if only_ga and role["RoleTemplateId"] != GA:
            return 0
        changed = 0
        for rule in role.get("Rules") or []:
            if rule["Id"] == rule_id:
                changed += 1
                for key, value in fields.items():
                    if key == "IsApprovalRequired":
                        rule["Setting"]["IsApprovalRequired"] = value
                    else:
                        rule[key] = value
        return changed

    # A misspelt rule id would leave the sample as it is, and the case would test nothing.
    change.must_match = True
    return change


def all_roles_with_rules():
    """Every privileged role with the Global Administrator's rules, as a P2 export carries them."""
    out = copy.deepcopy(SAMPLE["privileged_roles"])
    ga_rules = next(r["Rules"] for r in out if r["RoleTemplateId"] == GA)
    for role in out:
        role.setdefault("Rules", copy.deepcopy(ga_rules))
    return out


def users(change=None):
    out = copy.deepcopy(SAMPLE["privileged_users"])
    if change:
        change(out)
    return out


CASES = []


def case(code, name, status, subjects, why, data):
    CASES.append((code, name, status, subjects, why, data))


T = [TENANT]

# --- Conditional Access, CISA's additions -------------------------------------------------
pr_admins = ca(
    "Require phishing-resistant MFA for highly privileged roles",
    users={"IncludeUsers": [], "IncludeRoles": PRIVILEGED},
    grant=strength(PHISHING_RESISTANT),
)
case("MFA005", "sample-without-phishing-resistant-policy", "fail", sorted(PRIVILEGED),
     "The sample requires MFA of all users but no phishing-resistant strength: all eight roles fall short.",
     export("conditional_access_policies"))
PRIV_KEYS = ("privileged_users", "privileged_service_principals", "privileged_roles")
case("MFA005", "phishing-resistant-policy-for-the-eight-roles", "pass", [],
     "A policy for the eight roles requiring a strength of phishing-resistant methods only.",
     export(*PRIV_KEYS, conditional_access_policies=policies(pr_admins)))
first_user = next(iter(SAMPLE["privileged_users"]))
pr_admins_but_one = copy.deepcopy(pr_admins)
pr_admins_but_one["Conditions"]["Users"]["ExcludeUsers"] = [first_user]
case("MFA005", "policy-for-the-roles-excludes-a-holder", "fail", [first_user],
     "The roles are targeted, but one Global Administrator is excluded by name: role targeting alone would pass.",
     export(*PRIV_KEYS, conditional_access_policies=policies(pr_admins_but_one)))
case("MFA005", "policy-for-the-roles-without-role-data", "not-evaluated", [],
     "The roles are covered, but who holds them is not in the export.",
     export(conditional_access_policies=policies(pr_admins)))
case("MFA005", "strength-allowing-sms", "fail", sorted(PRIVILEGED),
     "The strength allows password + SMS: it is not phishing-resistant.",
     export(conditional_access_policies=policies(ca(
         "Require MFA strength for admins", users={"IncludeUsers": [], "IncludeRoles": PRIVILEGED},
         grant=strength(PHISHING_RESISTANT + ["password,sms"])))))
case("MFA005", "no-conditional-access-data", "not-evaluated", [],
     "ScubaGear export without conditional_access_policies.", export())

pr_all = ca("Require phishing-resistant MFA for all users", grant=strength(PHISHING_RESISTANT))
case("MFA006", "sample-without-phishing-resistant-policy", "fail", T,
     "No policy requires phishing-resistant MFA.", export("conditional_access_policies"))
case("MFA006", "phishing-resistant-policy-for-all-users", "pass", [],
     "All users, all apps, phishing-resistant strength.", export(conditional_access_policies=policies(pr_all)))
case("MFA006", "phishing-resistant-policy-windows-only", "fail", T,
     "The policy applies to Windows devices only: a narrowing ScubaGear ignores (its issue #1815).",
     export(conditional_access_policies=policies(ca(
         "Require phishing-resistant MFA on Windows", grant=strength(PHISHING_RESISTANT),
         Platforms={"IncludePlatforms": ["windows"], "ExcludePlatforms": []}))))
case("MFA006", "phishing-resistant-policy-high-risk-only", "fail", T,
     "The policy applies at high sign-in risk only (ScubaGear issue #1742).",
     export(conditional_access_policies=policies(ca(
         "Require phishing-resistant MFA at high risk", grant=strength(PHISHING_RESISTANT),
         SignInRiskLevels=["high"]))))
case("MFA006", "no-conditional-access-data", "not-evaluated", [], "No conditional_access_policies.", export())

managed = {"Operator": "OR", "BuiltInControls": ["compliantDevice", "domainJoinedDevice"]}
case("DEV001", "sample-without-device-policy", "fail", T, "No policy requires a managed device.",
     export("conditional_access_policies"))
case("DEV001", "compliant-or-hybrid-joined", "pass", [], "compliantDevice OR domainJoinedDevice for all.",
     export(conditional_access_policies=policies(ca("Require managed device", grant=managed))))
case("DEV001", "managed-device-except-trusted-locations", "fail", T,
     "Trusted locations are excluded: a narrowing.",
     export(conditional_access_policies=policies(ca(
         "Require managed device off-site", grant=managed,
         Locations={"IncludeLocations": ["All"], "ExcludeLocations": ["AllTrusted"]}))))
case("DEV001", "device-or-mfa", "fail", T, "mfa offered as an alternative to a managed device.",
     export(conditional_access_policies=policies(ca(
         "Require managed device or MFA",
         grant={"Operator": "OR", "BuiltInControls": ["compliantDevice", "domainJoinedDevice", "mfa"]}))))
case("DEV001", "no-conditional-access-data", "not-evaluated", [], "No conditional_access_policies.", export())

register = ca("Require managed device to register security info",
              apps={"IncludeApplications": [], "IncludeUserActions": ["urn:user:registersecurityinfo"]},
              grant=managed)
case("DEV002", "sample-without-registration-policy", "fail", T, "No policy on the security-info user action.",
     export("conditional_access_policies"))
case("DEV002", "managed-device-to-register", "pass", [], "The user action requires a managed device.",
     export(conditional_access_policies=policies(register)))
case("DEV002", "no-conditional-access-data", "not-evaluated", [], "No conditional_access_policies.", export())


def disable_device_code(p):
    if p["DisplayName"].startswith("MS.AAD.3.9v1"):
        p["State"] = "disabled"


def no_exclusions(p):
    if p["DisplayName"].startswith("MS.AAD.3.9v1"):
        p["Conditions"]["Users"]["ExcludeUsers"] = []


case("DEV003", "sample-policy-excludes-a-user", "fail", T,
     "The sample's MS.AAD.3.9v1 policy excludes a user its configuration does not accept.",
     export("conditional_access_policies"))
case("DEV003", "device-code-blocked-for-all", "pass", [], "The policy without its exclusion.",
     export(conditional_access_policies=policies(change=no_exclusions)))
case("DEV003", "device-code-policy-disabled", "fail", T, "The blocking policy is disabled.",
     export(conditional_access_policies=policies(change=disable_device_code)))
case("DEV003", "device-code-block-on-ios-only", "fail", T, "The block applies to iOS only.",
     export(conditional_access_policies=policies(
         ca("Block device code on iOS", grant=block(), AuthenticationFlows={"TransferMethods": "deviceCodeFlow"},
            Platforms={"IncludePlatforms": ["iOS"], "ExcludePlatforms": []}),
         change=disable_device_code)))
case("DEV003", "no-conditional-access-data", "not-evaluated", [], "No conditional_access_policies.", export())


def lower_user_risk(p):
    if p["Conditions"].get("UserRiskLevels") and "high" in p["Conditions"]["UserRiskLevels"]:
        p["Conditions"]["UserRiskLevels"] = ["low"]


def sign_in_risk_to_mfa(p):
    if p["Conditions"].get("SignInRiskLevels"):
        p["GrantControls"] = {"Operator": "OR", "BuiltInControls": ["mfa"]}


case("RISK003", "sample-blocks-high-risk-users", "pass", [], "The sample blocks users at high user risk.",
     export("conditional_access_policies"))
case("RISK003", "block-moved-to-low-risk", "fail", T,
     "The block applies at low user risk only, as CISA's own non-compliant case.",
     export(conditional_access_policies=policies(change=lower_user_risk)))
case("RISK003", "without-p2-not-applicable", "pass", [],
     "Without P2 the rule does not apply; the CISA table reads it as failed.",
     export("conditional_access_policies", p2=False))
case("RISK003", "no-conditional-access-data", "not-evaluated", [], "P2, no conditional_access_policies.", export())
case("RISK004", "sample-blocks-high-risk-sign-ins", "pass", [], "The sample blocks high-risk sign-ins.",
     export("conditional_access_policies"))
case("RISK004", "mfa-instead-of-block", "fail", T, "High-risk sign-ins are challenged for MFA, not blocked.",
     export(conditional_access_policies=policies(change=sign_in_risk_to_mfa)))
case("RISK004", "no-conditional-access-data", "not-evaluated", [], "P2, no conditional_access_policies.", export())

agents = ca("Block high-risk agents", users={"IncludeUsers": ["None"]}, grant=block(),
            AgentIdRiskLevels="high",
            ClientApplications={"IncludeAgentIdServicePrincipals": ["All"], "ExcludeAgentIdServicePrincipals": []})
case("AGENT001", "sample-without-agent-policy", "fail", T, "No policy applies at agent risk.",
     export("conditional_access_policies"))
case("AGENT001", "risky-agents-blocked", "pass", [], "All agents, all resources, high agent risk, block.",
     export(conditional_access_policies=policies(agents)))
agents_report_only = copy.deepcopy(agents)
agents_report_only["State"] = "enabledForReportingButNotEnforced"
case("AGENT001", "agent-policy-report-only", "fail", T, "The agent policy is report-only.",
     export(conditional_access_policies=policies(agents_report_only)))
case("AGENT001", "no-conditional-access-data", "not-evaluated", [], "P2, no conditional_access_policies.", export())

# --- Authentication methods ---------------------------------------------------------------
case("AUTH001", "sample-weak-methods-disabled", "pass", [], "SMS, Voice and Email are disabled in the sample.",
     export("authentication_method"))
case("AUTH001", "sms-enabled", "fail", T, "SMS enabled.", export(authentication_method=set_feature("Sms", State="enabled")))
case("AUTH001", "sms-and-email-enabled", "fail", [TENANT, TENANT], "Two weak methods, two findings.",
     export(authentication_method=[{
         "authentication_method_policy": SAMPLE["authentication_method"][0]["authentication_method_policy"],
         "authentication_method_feature_settings": [
             {**m, "State": "enabled"} if m["Id"] in ("Sms", "Email") else m
             for m in SAMPLE["authentication_method"][0]["authentication_method_feature_settings"]
         ]}]))
case("AUTH001", "no-methods-policy", "not-evaluated", [], "No authentication_method key.", export())

case("AUTH002", "sample-context-shown", "pass", [], "App and location are shown to all users.",
     export("authentication_method"))
loc_default = copy.deepcopy(SAMPLE["authentication_method"])
for m in loc_default[0]["authentication_method_feature_settings"]:
    if m["Id"] == "MicrosoftAuthenticator":
        m["FeatureSettings"]["DisplayLocationInformationRequiredState"]["State"] = "default"
case("AUTH002", "location-left-to-default", "fail", T, "Location context left to Microsoft's default.",
     export(authentication_method=loc_default))
case("AUTH002", "authenticator-disabled", "pass", [], "Authenticator disabled: not applicable.",
     export(authentication_method=set_feature("MicrosoftAuthenticator", State="disabled")))
case("AUTH002", "no-methods-policy", "not-evaluated", [], "No authentication_method key.", export())

case("AUTH003", "sample-migration-in-progress", "fail", T, "policyMigrationState migrationInProgress.",
     export("authentication_method"))
case("AUTH003", "migration-complete", "pass", [], "migrationComplete.",
     export(authentication_method=with_policy(PolicyMigrationState="migrationComplete")))
no_state = copy.deepcopy(SAMPLE["authentication_method"])
no_state[0]["authentication_method_policy"].pop("PolicyMigrationState")
case("AUTH003", "state-not-exported", "not-evaluated", [], "The policy does not write its migration state.",
     export(authentication_method=no_state))

# --- Applications and consent -------------------------------------------------------------
case("APP001", "sample-users-can-register", "fail", T, "AllowedToCreateApps true in the sample.",
     export("authorization_policies"))
case("APP001", "only-admins-register", "pass", [], "AllowedToCreateApps false.",
     export(authorization_policies=authz(DefaultUserRolePermissions={
         **SAMPLE["authorization_policies"][0]["DefaultUserRolePermissions"], "AllowedToCreateApps": False})))
case("APP001", "permissions-not-exported", "not-evaluated", [], "No DefaultUserRolePermissions.",
     export(authorization_policies=authz(DefaultUserRolePermissions=DROP)))

case("APP002", "sample-low-impact-consent", "pass", [], "Users consent to low-impact permissions only.",
     export("authorization_policies"))
case("APP002", "legacy-consent-for-all-apps", "fail", T,
     "The legacy setting lets users consent to any app; ScubaGear passes it.",
     export(authorization_policies=authz(PermissionGrantPolicyIdsAssignedToDefaultUserRole=[
         "ManagePermissionGrantsForSelf.microsoft-user-default-legacy"])))
case("APP002", "low-impact-with-risky-classifications", "fail", T,
     "Low-impact consent while risky permissions are classified low impact.",
     export("authorization_policies", risky_delegated_permission_classifications=[
         {"ObjectId": stable_id("sp"), "AppId": stable_id("app"), "DisplayName": "Contoso Mail Reader",
          "RiskyPermClassifications": "Mail.ReadWrite"}]))
case("APP002", "grant-policies-not-exported", "not-evaluated", [],
     "No PermissionGrantPolicyIdsAssignedToDefaultUserRole.",
     export(authorization_policies=authz(PermissionGrantPolicyIdsAssignedToDefaultUserRole=DROP)))


def consent_requests(value):
    settings = copy.deepcopy(SAMPLE["directory_settings"])
    for s in settings:
        for v in s["Values"]:
            if v["Name"] == "EnableAdminConsentRequests":
                v["Value"] = value
    return settings


case("APP003", "sample-workflow-on", "pass", [], "EnableAdminConsentRequests true.", export("directory_settings"))
case("APP003", "workflow-off", "fail", T, "EnableAdminConsentRequests false.",
     export(directory_settings=consent_requests("false")))
case("APP003", "no-consent-settings", "fail", T, "Directory settings without the consent settings.",
     export(directory_settings=[s for s in SAMPLE["directory_settings"] if s["DisplayName"] != "Consent Policy Settings"]))
case("APP003", "no-directory-settings", "not-evaluated", [], "No directory_settings key.", export())

blocked = restriction("passwordAddition")
case("APP004", "password-addition-blocked", "pass", [], "Blocked for every app and service principal.",
     export(default_app_management_policy=app_policy([blocked])))
case("APP004", "no-password-addition-restriction", "fail", [TENANT, TENANT],
     "No passwordAddition restriction in either scope (ScubaGear passes this).",
     export(default_app_management_policy=app_policy([])))
case("APP004", "blocked-only-for-new-apps", "fail", [TENANT, TENANT], "The block applies to apps created after 2024.",
     export(default_app_management_policy=app_policy([restriction("passwordAddition", after="2024-01-01T00:00:00Z")])))
case("APP004", "no-default-policy", "not-evaluated", [], "No default_app_management_policy key.", export())

case("APP005", "lifetime-180-days", "pass", [], "P180D in both scopes.",
     export(default_app_management_policy=app_policy([restriction("passwordLifetime", lifetime="P180D")])))
case("APP005", "addition-blocked-not-applicable", "pass", [], "Password addition blocked: lifetimes do not matter.",
     export(default_app_management_policy=app_policy([blocked])))
case("APP005", "lifetime-two-years", "fail", [TENANT, TENANT], "P730D in both scopes.",
     export(default_app_management_policy=app_policy([restriction("passwordLifetime", lifetime="P730D")])))
case("APP005", "no-default-policy", "not-evaluated", [], "No default_app_management_policy key.", export())

case("APP006", "certificates-365-days", "pass", [], "P365D in both scopes.",
     export(default_app_management_policy=app_policy(keys=[restriction("asymmetricKeyLifetime", lifetime="P365D")])))
case("APP006", "certificate-lifetime-disabled", "fail", [TENANT, TENANT], "The restriction is disabled.",
     export(default_app_management_policy=app_policy(keys=[restriction("asymmetricKeyLifetime", "disabled", "P365D")])))
case("APP006", "no-default-policy", "not-evaluated", [], "No default_app_management_policy key.", export())

# --- Passwords ------------------------------------------------------------------------------
domain = SAMPLE["domain_settings"]
case("PWD001", "sample-never-expires", "pass", [], "The sample's domain (a bare object) never expires.",
     export("domain_settings"))
case("PWD001", "ninety-days", "fail", [domain["Id"]], "Passwords expire after 90 days.",
     export(domain_settings={**domain, "PasswordValidityPeriodInDays": 90}))
case("PWD001", "validity-not-exported", "not-evaluated", [], "No PasswordValidityPeriodInDays.",
     export(domain_settings={k: v for k, v in domain.items() if k != "PasswordValidityPeriodInDays"}))

# --- Privileged roles -----------------------------------------------------------------------


def one_global_admin(u):
    for entry in u.values():
        if entry["DisplayName"] == "Jane Doe":
            entry["roles"] = [r for r in entry["roles"] if r != "Global Administrator"]


case("ROLE001", "sample-two-global-admins", "pass", [], "John Public and Jane Doe.", export(*PRIV_KEYS))
case("ROLE001", "one-global-admin", "fail", T, "Only one Global Administrator left.",
     export("privileged_service_principals", "privileged_roles", privileged_users=users(one_global_admin)))
case("ROLE001", "no-role-data", "not-evaluated", [], "No privileged lists.", export())


def more_admins(u):
    for i in range(3):
        u[stable_id(f"helpdesk-{i}")] = {"DisplayName": f"Helpdesk {i}", "roles": ["User Administrator"],
                                         "OnPremisesImmutableId": None}


case("ROLE008", "sample-more-global-admins", "fail", T, "Two Global Administrators, one other privileged user.",
     export(*PRIV_KEYS))
case("ROLE008", "finer-grained-roles", "pass", [], "Four holders of finer-grained roles.",
     export("privileged_service_principals", "privileged_roles", privileged_users=users(more_admins)))
case("ROLE008", "no-role-data", "not-evaluated", [], "No privileged lists.", export())


def synced(u):
    next(iter(u.values()))["OnPremisesImmutableId"] = "Zm9vYmFy"


def immutable_id_missing(u):
    next(iter(u.values())).pop("OnPremisesImmutableId")


case("ROLE009", "sample-cloud-only", "pass", [], "OnPremisesImmutableId null for every privileged user.",
     export(*PRIV_KEYS))
case("ROLE009", "synchronised-global-admin", "fail", [first_user], "One holder has an immutable id.",
     export("privileged_service_principals", "privileged_roles", privileged_users=users(synced)))
case("ROLE009", "immutable-id-not-exported", "not-evaluated", [], "One holder's OnPremisesImmutableId is absent.",
     export("privileged_service_principals", "privileged_roles", privileged_users=users(immutable_id_missing)))


def end_all(role):
    for a in role.get("Assignments") or []:
        a["EndDateTime"] = a["EndDateTime"] or "/Date(1798761600000)/"


def start_all(role):
    for a in role.get("Assignments") or []:
        a["StartDateTime"] = a["StartDateTime"] or "/Date(1767225600000)/"


permanent_holdings = sorted(
    a["PrincipalId"] for r in SAMPLE["privileged_roles"] for a in r.get("Assignments") or [] if a["EndDateTime"] is None
)
outside = sorted(
    a["PrincipalId"] for r in SAMPLE["privileged_roles"] for a in r.get("Assignments") or [] if a["StartDateTime"] is None
)
case("ROLE002", "sample-permanent-assignments", "fail", permanent_holdings, "Assignments with a null end date.",
     export(*PRIV_KEYS))
case("ROLE002", "every-assignment-ends", "pass", [], "Every assignment has an end date.",
     export("privileged_users", "privileged_service_principals", privileged_roles=roles(end_all)))
case("ROLE002", "without-p2-not-applicable", "pass", [], "No P2: PIM is not available.", export(*PRIV_KEYS, p2=False))
case("ROLE002", "no-pim-data", "not-evaluated", [], "P2, but no privileged_roles.", export("privileged_users"))
case("ROLE003", "sample-assignments-outside-pim", "fail", outside, "Assignments with a null start date.",
     export(*PRIV_KEYS))
case("ROLE003", "every-assignment-dated", "pass", [], "Every assignment was made in PIM.",
     export("privileged_users", "privileged_service_principals", privileged_roles=roles(start_all)))
case("ROLE003", "no-pim-data", "not-evaluated", [], "P2, but no privileged_roles.", export("privileged_users"))

case("ROLE004", "sample-no-approval", "fail", [GA], "Approval_EndUser_Assignment IsApprovalRequired false.",
     export(*PRIV_KEYS))
case("ROLE004", "approval-required", "pass", [], "IsApprovalRequired true.",
     export("privileged_users", privileged_roles=roles(set_rule("Approval_EndUser_Assignment", IsApprovalRequired=True))))
case("ROLE004", "no-role-settings", "not-evaluated", [], "privileged_roles without Rules.",
     export(privileged_roles=[{k: v for k, v in r.items() if k != "Rules"} for r in SAMPLE["privileged_roles"]]))

MAILBOX = ["soc@example.gov"]


def notify_all(*rule_ids):
    def change(role):
        for rule in role.get("Rules") or []:
            if rule["Id"] in rule_ids:
                rule["NotificationRecipients"] = MAILBOX

    return change


def rules_subjects(rule_ids, templates):
    out = []
    for role in all_roles_with_rules():
        if role["RoleTemplateId"] not in templates:
            continue
        for rule in role["Rules"]:
            if rule["Id"] in rule_ids and not rule.get("NotificationRecipients"):
                out.append(role["RoleTemplateId"])
    return sorted(out)


assign_rules = ("Notification_Admin_Admin_Assignment", "Notification_Admin_Admin_Eligibility")
activate_rule = ("Notification_Admin_EndUser_Assignment",)


def with_rules(change=None):
    out = all_roles_with_rules()
    if change:
        for role in out:
            change(role)
    return out


case("ROLE005", "default-recipients-only", "fail", rules_subjects(assign_rules, PRIVILEGED),
     "Assignment alerts go to the default recipients only.", export(privileged_roles=with_rules()))
case("ROLE005", "security-mailbox-alerted", "pass", [], "A mailbox is added to both alerts of every role.",
     export(privileged_roles=with_rules(notify_all(*assign_rules))))
case("ROLE005", "sample-some-roles-without-settings", "not-evaluated", [],
     "The sample carries the settings of some privileged roles only.",
     export(privileged_roles=[r for r in roles(notify_all(*assign_rules)) if r["RoleTemplateId"] == GA]))
def silence(*rule_ids):
    def change(role):
        for rule in role.get("Rules") or []:
            if rule["Id"] in rule_ids:
                rule["NotificationRecipients"] = []

    return change


case("ROLE006", "sample-activation-alerts-mailbox", "pass", [],
     "The sample's Global Administrator activation alert adds a mailbox.", export("privileged_roles"))
case("ROLE006", "default-recipients-only", "fail", [GA], "The activation alert goes to the default recipients only.",
     export(privileged_roles=roles(silence(*activate_rule))))
case("ROLE006", "no-role-settings", "not-evaluated", [], "privileged_roles without Rules.",
     export(privileged_roles=[{k: v for k, v in r.items() if k != "Rules"} for r in SAMPLE["privileged_roles"]]))
case("ROLE007", "default-recipients-only", "fail", rules_subjects(activate_rule, PRIVILEGED[1:]),
     "Activations of the other roles alert the default recipients only.", export(privileged_roles=with_rules()))
case("ROLE007", "activation-alerts-mailbox", "pass", [], "Every role's activation alert adds a mailbox.",
     export(privileged_roles=with_rules(notify_all(*activate_rule))))
case("ROLE007", "no-role-settings", "not-evaluated", [], "privileged_roles without Rules.",
     export(privileged_roles=[{k: v for k, v in r.items() if k != "Rules"} for r in SAMPLE["privileged_roles"]]))

# --- Guests ---------------------------------------------------------------------------------
case("GUEST001", "sample-limited-access", "pass", [], "Guests have limited access.", export("authorization_policies"))
case("GUEST001", "same-as-members", "fail", T, "Guests have member access.",
     export(authorization_policies=authz(GuestUserRoleId="a0b1b346-4d3e-4e8b-98f8-753987be4970")))
case("GUEST001", "role-not-exported", "not-evaluated", [], "No GuestUserRoleId.",
     export(authorization_policies=authz(GuestUserRoleId=DROP)))
case("GUEST002", "sample-admins-and-guest-inviters", "pass", [], "adminsAndGuestInviters.",
     export("authorization_policies"))
case("GUEST002", "no-one-invites", "pass", [], "none is stricter than the baseline (ScubaGear fails it).",
     export(authorization_policies=authz(AllowInvitesFrom="none")))
case("GUEST002", "everyone-invites", "fail", T, "everyone.", export(authorization_policies=authz(AllowInvitesFrom="everyone")))
case("GUEST002", "setting-not-exported", "not-evaluated", [], "No AllowInvitesFrom.",
     export(authorization_policies=authz(AllowInvitesFrom=DROP)))


def write():
    for code, name, status, subjects, why, data in CASES:
        folder = ROOT / code / name
        if folder.exists():
            shutil.rmtree(folder)
        (folder / "export").mkdir(parents=True)
        (folder / "export" / "ProviderSettingsExport.json").write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        expect = {"rule": code, "status": status, "subjects": sorted(subjects), "why": why}
        (folder / "expect.json").write_text(json.dumps(expect, indent=2) + "\n", encoding="utf-8")
    write_readme_table()


def write_readme_table():
    """The SCuBA table in README.md lists the cases written, so it cannot fall behind them."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    header = "| Rule | Case | Status |\n|---|---|---|\n"
    start = text.index(header, text.index("## SCuBA cases")) + len(header)
    end = start
    while text.startswith("|", end):
        end = text.index("\n", end) + 1
    rows = "".join(
        f"| {code} | {name} | {status}{f' ({len(subjects)})' if status == 'fail' else ''} |\n"
        for code, name, status, subjects, _, _ in CASES
    )
    readme.write_text(text[:start] + rows + text[end:], encoding="utf-8")


if __name__ == "__main__":
    write()
