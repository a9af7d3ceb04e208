#!/usr/bin/env python3
"""Writes the per-rule fixtures of the remaining catalog rules under testdata/rules/<CODE>/<case>/:
SD002, MFA002, MFA003, MFA004, RISK001, RISK002, LIC001, LIC002, CA001, SSPR002.

Run from anywhere: `python3 testdata/rules/generate_catalog.py`. Standard library only; the output
is deterministic. It reuses the helpers of `generate.py` (same GUIDs, people, styles and
encodings) but writes only the cases listed here: each of its case directories is deleted and
rewritten, nothing else is touched. See README.md beside this file for the contract, and
the rule pages in rules/ for the semantics the expectations follow.
"""

import copy
import shutil
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the fixtures
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import (  # noqa: E402  (the sibling script: helpers only, nothing is written on import)
    ADMIN_ROLES, APP_ADMIN, AUTH_ADMIN, BILLING_ADMIN, BLOCK, CA_ADMIN, CLOUD_APP_ADMIN, CTX_ORG,
    CTX_REG, DIR_SYNC, EXCHANGE_ADMIN, G1, GA, HELPDESK_ADMIN, PASSWORD_ADMIN,
    PRIV_AUTH_ADMIN, PRIV_ROLE_ADMIN, SD_EE_PATH, SECURITY_ADMIN, SHAREPOINT_ADMIN, TENANT,
    USER_ADMIN, Case, b64id, block_legacy, ca, ca_graph, ca_sdk, grant, guest, guid,
    mfa_all_users, mfa_for_admins, org_graph, organization, pascal, ra_graph, reg, reg_graph,
    reg_sdk, role_assignment, sd_graph, sd_sdk, security_defaults, sspr_policy, uid, user_principal,
)

CASES = []


def case(code, name_, status, why, subjects=()):
    c = Case(code, name_, status, why, subjects)
    CASES.append(c)
    return c


def emit():
    import json
    for c in CASES:
        if c.dir.exists():
            shutil.rmtree(c.dir)
        (c.dir / "export").mkdir(parents=True)
        (c.dir / "expect.json").write_text(json.dumps(c.expect, indent=2) + "\n", encoding="utf-8")
        for rel, data in c.files:
            p = c.dir / "export" / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)


def pid(key):
    """The id `ca()` gives the policy built with this key."""
    return guid("ca/" + key)


HYBRID_ID_ADMIN = "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2"
REPORTS_READER = "4a5d8f65-41da-4de4-8968-e035b65339cf"

# --------------------------------------------------------------------------------------------
# Licences
# --------------------------------------------------------------------------------------------

AAD_P1_PLAN = "41781fb2-bc02-4b7c-bd55-b576c07bb09d"
AAD_P2_PLAN = "eec0eb4f-6444-4f95-aba0-50c24d67f998"

SERVICE_PLANS = {
    "AAD_PREMIUM": AAD_P1_PLAN,
    "AAD_PREMIUM_P2": AAD_P2_PLAN,
    "MFA_PREMIUM": "8a256a2b-b617-496d-b51b-e76466e88db0",
    "EXCHANGE_S_ENTERPRISE": "efb87545-963c-4e0d-99df-69c6916d9eb0",
    "EXCHANGE_S_STANDARD": "9aaf7827-d63c-4b61-89c3-182f06f82e5c",
    "SHAREPOINTENTERPRISE": "5dbe027f-2339-4123-9542-606e4d348a72",
    "SHAREPOINTSTANDARD": "c7699d2e-19aa-44de-8edf-1736da088ca1",
    "TEAMS1": "57ff2da0-773e-42df-b2af-ffb7a2317929",
    "OFFICESUBSCRIPTION": "43de0ff5-c92c-492b-9116-175376d08c38",
    "OFFICE_BUSINESS": "094e7854-93fc-4d55-b2c0-3ab5369ebdc1",
    "INTUNE_A": "c1ec4a95-1f05-45b3-a911-aa3fa01094f5",
    "RMS_S_ENTERPRISE": "bea4c11e-220a-4e6d-8eb8-8ea15d019f90",
    "RMS_S_PREMIUM": "6c57d4b6-3b23-47a5-9bc9-69f17b4947b3",
    "RMS_S_PREMIUM2": "5689bec4-755d-4753-8b61-40975025187c",
    "ATA": "14ab5db5-e6c4-4b20-b4bc-13e36fd2227f",
    "ADALLOM_S_STANDALONE": "2e2ddb96-6af9-4b1d-a3f0-d6ecfd22edb2",
    "ADALLOM_S_DISCOVERY": "932ad362-64a8-4783-9106-97849a1a30b9",
}

SKUS = {
    # Microsoft 365 E3: carries Entra ID P1
    "SPE_E3": ("05e9a617-0261-4cee-bb44-138d3ef5d965",
               ["EXCHANGE_S_ENTERPRISE", "SHAREPOINTENTERPRISE", "TEAMS1", "OFFICESUBSCRIPTION",
                "INTUNE_A", "RMS_S_ENTERPRISE", "RMS_S_PREMIUM", "MFA_PREMIUM", "AAD_PREMIUM"]),
    # Microsoft 365 E5: carries Entra ID P2
    "SPE_E5": ("06ebc4ee-1bb5-47dd-8120-11324bc54e06",
               ["EXCHANGE_S_ENTERPRISE", "SHAREPOINTENTERPRISE", "TEAMS1", "OFFICESUBSCRIPTION",
                "INTUNE_A", "RMS_S_ENTERPRISE", "RMS_S_PREMIUM", "RMS_S_PREMIUM2", "MFA_PREMIUM",
                "AAD_PREMIUM", "AAD_PREMIUM_P2", "ATA", "ADALLOM_S_STANDALONE"]),
    # Office 365 E3: no Entra ID premium plan
    "ENTERPRISEPACK": ("6fd2c87f-b296-42f0-b197-1e91e994b900",
                       ["EXCHANGE_S_ENTERPRISE", "SHAREPOINTENTERPRISE", "TEAMS1", "OFFICESUBSCRIPTION",
                        "RMS_S_ENTERPRISE"]),
    # Microsoft 365 Business Standard: no Entra ID premium plan
    "O365_BUSINESS_PREMIUM": ("f245ecc8-75af-4f8e-b61f-27d8114de5f3",
                              ["EXCHANGE_S_STANDARD", "SHAREPOINTSTANDARD", "TEAMS1", "OFFICE_BUSINESS"]),
    # Entra ID P1 / P2 standalone
    "AAD_PREMIUM": ("078d2b04-f1bd-4111-bbd4-b4b1b354cef4",
                    ["AAD_PREMIUM", "MFA_PREMIUM", "ADALLOM_S_DISCOVERY"]),
    "AAD_PREMIUM_P2": ("84a661c4-e949-4bd2-a560-ed7766fcaf2b",
                       ["AAD_PREMIUM", "AAD_PREMIUM_P2", "MFA_PREMIUM", "ADALLOM_S_DISCOVERY"]),
}

CTX_SKU = G1 + "subscribedSkus"


def sku(part, status="Enabled", units=25, consumed=19, plan_status=None):
    """A subscribedSku as Graph v1.0 returns it; id is `<tenantId>_<skuId>`."""
    sku_id, plans = SKUS[part]
    plan_status = plan_status or {}
    return {
        "id": f"{TENANT}_{sku_id}",
        "accountName": "Contoso",
        "accountId": guid("billing-account/contoso"),
        "appliesTo": "User",
        "capabilityStatus": status,
        "consumedUnits": consumed,
        "skuId": sku_id,
        "skuPartNumber": part,
        "subscriptionIds": [guid("subscription/" + part)],
        "prepaidUnits": {
            "enabled": units if status == "Enabled" else 0,
            "suspended": units if status == "Suspended" else 0,
            "warning": units if status == "Warning" else 0,
            "lockedOut": 0,
        },
        "servicePlans": [
            {"servicePlanId": SERVICE_PLANS[p], "servicePlanName": p,
             "provisioningStatus": plan_status.get(p, "Success"), "appliesTo": "User"}
            for p in plans
        ],
    }


def sku_graph(*skus):
    return {"@odata.context": CTX_SKU, "value": list(skus)}


def sku_sdk(*skus):
    """Get-MgSubscribedSku | ConvertTo-Json -Depth 5 (bare array, PascalCase)."""
    return [pascal(s) for s in skus]


def aplan(service, plan, status="Enabled", when="2023-04-01T00:00:00Z"):
    return {"assignedDateTime": when, "capabilityStatus": status, "service": service,
            "servicePlanId": SERVICE_PLANS[plan]}


# organization() in generate.py already carries AAD_PREMIUM (P1) in assignedPlans.
P2_PLANS = [
    aplan("AADPremiumService", "AAD_PREMIUM"),
    aplan("AADPremiumService", "AAD_PREMIUM_P2"),
    aplan("MultiFactorService", "MFA_PREMIUM"),
    aplan("exchange", "EXCHANGE_S_ENTERPRISE"),
    aplan("SharePoint", "SHAREPOINTENTERPRISE"),
]
# A Microsoft 365 E5 trial that expired; Business Standard stayed.
EXPIRED_TRIAL_PLANS = [
    aplan("AADPremiumService", "AAD_PREMIUM", "Deleted", "2024-03-04T09:12:40Z"),
    aplan("AADPremiumService", "AAD_PREMIUM_P2", "Deleted", "2024-03-04T09:12:40Z"),
    aplan("MultiFactorService", "MFA_PREMIUM", "Deleted", "2024-03-04T09:12:40Z"),
    aplan("exchange", "EXCHANGE_S_STANDARD"),
    aplan("SharePoint", "SHAREPOINTSTANDARD"),
]


def org(plans):
    o = organization()
    o["assignedPlans"] = copy.deepcopy(plans)
    return o


def org_graph_with(plans):
    return {"@odata.context": CTX_ORG, "value": [org(plans)]}


# --------------------------------------------------------------------------------------------
# Policies
# --------------------------------------------------------------------------------------------

MFA_STRENGTH = {
    "id": "00000000-0000-0000-0000-000000000002",
    "createdDateTime": "2021-12-01T08:00:00Z",
    "modifiedDateTime": "2021-12-01T08:00:00Z",
    "displayName": "Multifactor authentication",
    "description": "Combinations of methods that satisfy strong authentication, such as a password + SMS",
    "policyType": "builtIn",
    "requirementsSatisfied": "mfa",
    "allowedCombinations": [
        "windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor", "deviceBasedPush",
        "temporaryAccessPassOneTime", "temporaryAccessPassMultiUse",
        "password,microsoftAuthenticatorPush", "password,softwareOath", "password,hardwareOath",
        "password,sms", "password,voice", "federatedMultiFactor",
        "microsoftAuthenticatorPush,federatedSingleFactor", "softwareOath,federatedSingleFactor",
        "hardwareOath,federatedSingleFactor", "sms,federatedSingleFactor", "voice,federatedSingleFactor",
    ],
    "combinationConfigurations@odata.context": None,
    "combinationConfigurations": [],
}

EVERY_TIME = {
    "disableResilienceDefaults": None,
    "applicationEnforcedRestrictions": None,
    "cloudAppSecurity": None,
    "persistentBrowser": None,
    "continuousAccessEvaluation": None,
    "secureSignInSession": None,
    "signInFrequency": {"value": None, "type": None,
                        "authenticationType": "primaryAndSecondaryAuthentication",
                        "frequencyInterval": "everyTime", "isEnabled": True},
}

TRUSTED_EXCLUDED = {"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]}
ALL_BUT_DIRSYNC = {
    "includeUsers": ["All"], "excludeUsers": [], "includeGroups": [], "excludeGroups": [],
    "includeRoles": [], "excludeRoles": [DIR_SYNC],
    "includeGuestsOrExternalUsers": None, "excludeGuestsOrExternalUsers": None,
}
BREAK_GLASS = guid("user/breakglass-01")
TRAVEL_GROUP = guid("group/mfa-exclusions")


def users(include_users=(), exclude_users=(), include_groups=(), exclude_groups=(),
          include_roles=(), exclude_roles=()):
    return {
        "includeUsers": list(include_users), "excludeUsers": list(exclude_users),
        "includeGroups": list(include_groups), "excludeGroups": list(exclude_groups),
        "includeRoles": list(include_roles), "excludeRoles": list(exclude_roles),
        "includeGuestsOrExternalUsers": None, "excludeGuestsOrExternalUsers": None,
    }


def pol(key, display, state, *, sign_in_risk=(), user_risk=(), platforms=None, session=None, **kw):
    """`ca()` plus the conditions it does not take: risk levels, platforms, session controls."""
    p = ca(key, display, state, **kw)
    p["conditions"]["signInRiskLevels"] = list(sign_in_risk)
    p["conditions"]["userRiskLevels"] = list(user_risk)
    if platforms is not None:
        p["conditions"]["platforms"] = platforms
    if session is not None:
        p["sessionControls"] = session
    return p


def signin_risk(key, state="enabled", levels=("high", "medium"), g=None, **kw):
    """Microsoft's template "Require multifactor authentication for risky sign-ins"."""
    kw.setdefault("users", ALL_BUT_DIRSYNC)
    return pol(key, kw.pop("display", "CA005: Require multifactor authentication for risky sign-ins"),
               state, sign_in_risk=levels, g=g or grant(["mfa"]), session=EVERY_TIME, **kw)


PW_CHANGE_AND_MFA = grant(["mfa", "passwordChange"], operator="AND")


def user_risk(key, state="enabled", levels=("high",), g=None, **kw):
    """Microsoft's template "Require password change for high-risk users"."""
    kw.setdefault("users", ALL_BUT_DIRSYNC)
    return pol(key, kw.pop("display", "CA006: Require password change for high-risk users"),
               state, user_risk=levels, g=g or PW_CHANGE_AND_MFA, session=EVERY_TIME, **kw)


MOBILE_PLATFORMS = {"includePlatforms": ["android", "iOS"], "excludePlatforms": []}

# ============================================================================================
# SD002 no-mfa-enforcement
# ============================================================================================

c = case("SD002", "defaults-off-only-report-only-mfa", "fail",
         "Security defaults off and every MFA policy report-only or disabled (EntraExporter, UTF-16LE): "
         "the one enabled policy blocks legacy authentication and names no MFA, so none of the three "
         "ways to require MFA is in use; subject is the Organization id.",
         [TENANT])
c.write("Organization/Organization.json", organization(), "ps51")
c.write(SD_EE_PATH, security_defaults(False), "ps51")
for p in (mfa_for_admins("sd002-a1", state="enabledForReportingButNotEnforced"),
          mfa_all_users("sd002-a2", state="enabledForReportingButNotEnforced"),
          block_legacy("sd002-a3"),
          ca("sd002-a4", "CA007: Require multifactor authentication for Azure management", "disabled",
             include_apps=["797f4846-ba00-4fd7-ba43-dac1f8f63013"])):
    c.ee_item("Identity/Conditional/AccessPolicies", p)

case("SD002", "narrowed-mfa-policy-passes", "pass",
     "One enabled policy that names MFA passes SD002 however weak it is (SDK PascalCase output): it "
     "targets only the Exchange Administrator role, excludes trusted locations, covers only browser and "
     "modern clients and accepts a compliant device instead (OR); licences (SDK SKU array) show P1.") \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(False), "ps7") \
    .write("Get-MgIdentityConditionalAccessPolicy.json", [ca_sdk(
        ca("sd002-b1", "CA012: Require MFA for Exchange admins off the corporate network", "enabled",
           users=users(include_roles=[EXCHANGE_ADMIN]), locations=TRUSTED_EXCLUDED,
           client_app_types=["browser", "mobileAppsAndDesktopClients"],
           g=grant(["mfa", "compliantDevice"], operator="OR")))], "ps7") \
    .write("Get-MgSubscribedSku.json", sku_sdk(sku("SPE_E3")), "ps7")

case("SD002", "only-mfa-policy-targets-none", "fail",
     "The only MFA policy is enabled but includes users ['None'] (a template switched on before "
     "assignment), so it applies to no one; the other enabled policy only blocks legacy auth.",
     ["tenant"]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("caPolicies.json", [
        mfa_all_users("sd002-c1", users=users(include_users=["None"])),
        block_legacy("sd002-c2"),
    ], "ps7")

case("SD002", "defaults-on", "pass",
     "Security defaults on (UTF-8 with BOM) are one of the three ways; report-only policies beside them "
     "change nothing.") \
    .write("securityDefaults.json", sd_graph(True), enc="utf8bom") \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("sd002-d1", state="enabledForReportingButNotEnforced")), enc="utf8bom")

case("SD002", "defaults-off-no-ca-data", "not-evaluated",
     "Security defaults off but no Conditional Access data (a Graph export, not an EntraExporter Config "
     "export): whether a policy requires MFA is unknown.") \
    .write("organization.json", org_graph()) \
    .write("securityDefaults.json", sd_graph(False))

case("SD002", "defaults-unknown-report-only-only", "not-evaluated",
     "No security defaults document and no enabled CA policy (only report-only and disabled ones), so "
     "security defaults cannot be inferred to be off: not evaluated.") \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("sd002-f1", state="enabledForReportingButNotEnforced"),
        mfa_for_admins("sd002-f2", state="disabled")))

case("SD002", "enabled-mfa-policy-without-p1", "fail",
     "Licences show no P1 (Office 365 E3 has no AAD_PREMIUM; the standalone Entra ID P1 SKU is "
     "Suspended and does not count), so the enabled all-users MFA policy cannot take effect; the "
     "subject is the tenant id from the SKU id.",
     [TENANT]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(mfa_all_users("sd002-g1"))) \
    .write("subscribedSkus.json", sku_graph(sku("ENTERPRISEPACK"),
                                            sku("AAD_PREMIUM", status="Suspended", consumed=0)))

# ============================================================================================
# MFA002 mfa-not-required-for-admins
# ============================================================================================

SEED_ROLES = [GA, SECURITY_ADMIN, USER_ADMIN, PASSWORD_ADMIN, EXCHANGE_ADMIN, SHAREPOINT_ADMIN]
MISSING_FROM_SEED = [PRIV_ROLE_ADMIN, PRIV_AUTH_ADMIN, CA_ADMIN, HELPDESK_ADMIN, AUTH_ADMIN,
                     APP_ADMIN, CLOUD_APP_ADMIN, BILLING_ADMIN]
assert sorted(SEED_ROLES + MISSING_FROM_SEED) == sorted(ADMIN_ROLES)

c = case("MFA002", "include-roles-missing-eight", "fail",
         "The admin MFA policy (EntraExporter, UTF-16LE) includes only the six roles the seed guidance "
         "names plus Hybrid Identity Administrator: each of the other eight admin roles of the table is "
         "one finding, subject its role template id.",
         MISSING_FROM_SEED)
c.write("Organization/Organization.json", organization(), "ps51")
c.write(SD_EE_PATH, security_defaults(False), "ps51")
c.ee_item("Identity/Conditional/AccessPolicies",
          mfa_for_admins("mfa002-a1", users=users(include_roles=SEED_ROLES + [HYBRID_ID_ADMIN])))
c.ee_item("Identity/Conditional/AccessPolicies", block_legacy("mfa002-a2"))

case("MFA002", "all-users-policy-user-and-group-exclusions", "pass",
     "An enabled all-users MFA policy covers every admin role; its excluded break-glass user, excluded "
     "group and excluded Directory Synchronization Accounts role are MFA001's business, not role "
     "targeting.") \
    .write("organization.json", org_graph()) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(mfa_all_users("mfa002-b1", users=users(
        include_users=["All"], exclude_users=[BREAK_GLASS], exclude_groups=[TRAVEL_GROUP],
        exclude_roles=[DIR_SYNC]))))

case("MFA002", "global-admin-excluded-via-exclude-roles", "fail",
     "An all-users MFA policy that excludes the Global Administrator role (SDK PascalCase, Windows "
     "PowerShell 5.1 UTF-16LE) leaves exactly that role uncovered.",
     [GA]) \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(False), "ps51") \
    .write("Get-MgIdentityConditionalAccessPolicy.json", [ca_sdk(
        mfa_all_users("mfa002-c1", users=users(include_users=["All"], exclude_roles=[GA, DIR_SYNC])))],
        "ps51")

case("MFA002", "client-app-types-split", "pass",
     "Two enabled policies for the 14 admin roles, one for browser and mobileAppsAndDesktopClients, one "
     "for exchangeActiveSync and other (bare array, UTF-8 with BOM), together cover every client app "
     "type.") \
    .write("securityDefaults.json", sd_graph(False), enc="utf8bom") \
    .write("policies.json", [
        mfa_for_admins("mfa002-d1", client_app_types=["browser", "mobileAppsAndDesktopClients"]),
        ca("mfa002-d2", "CA001b: Require multifactor authentication for admins (legacy clients)", "enabled",
           users=users(include_roles=ADMIN_ROLES), client_app_types=["exchangeActiveSync", "other"]),
    ], "ps7", "utf8bom")

case("MFA002", "all-users-policy-narrowed-by-client-apps", "fail",
     "The only enabled MFA policy is for all users but browser and mobile apps only: every admin role "
     "is a finding, pointing at that policy's clientAppTypes, not at security defaults.",
     ADMIN_ROLES) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("mfa002-g1", client_app_types=["browser", "mobileAppsAndDesktopClients"])))

case("MFA002", "report-only-and-weak-policies", "fail",
     "The strict admin MFA policy is report-only, the enabled all-users policy accepts a compliant "
     "device instead (OR), and the enabled admin policy excludes trusted locations: none covers any "
     "role, so all 14 roles are findings.",
     ADMIN_ROLES) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_for_admins("mfa002-e1", state="enabledForReportingButNotEnforced"),
        mfa_all_users("mfa002-e2", g=grant(["mfa", "compliantDevice"], operator="OR")),
        ca("mfa002-e3", "CA013: Require MFA for admins outside the office", "enabled",
           users=users(include_roles=ADMIN_ROLES), locations=TRUSTED_EXCLUDED)))

c = case("MFA002", "defaults-on-config-export", "pass",
         "An EntraExporter Config export with security defaults on (and so no CA folder) passes: "
         "security defaults require MFA of admins.")
c.write("Organization/Organization.json", organization(), "ps51")
c.write(SD_EE_PATH, security_defaults(True), "ps51")

case("MFA002", "defaults-off-no-ca-data", "not-evaluated",
     "Security defaults off and no Conditional Access data: role coverage cannot be decided.") \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("subscribedSkus.json", sku_graph(sku("SPE_E3")))

# ============================================================================================
# MFA003 mfa-not-required-for-all-users
# ============================================================================================

case("MFA003", "excludes-trusted-locations", "fail",
     "The only all-users MFA policy excludes AllTrusted locations (the most common hole); one finding, "
     "subject the tenant id from the Graph organization collection.",
     [TENANT]) \
    .write("organization.json", org_graph()) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("mfa003-a1", locations=TRUSTED_EXCLUDED), block_legacy("mfa003-a2")))

case("MFA003", "excludes-a-group", "fail",
     "An all-users MFA policy excluding a group is not 'all users', whatever the group holds (SDK "
     "PascalCase, UTF-16LE); no organization document, so the subject is 'tenant'.",
     ["tenant"]) \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(False), "ps51") \
    .write("Get-MgIdentityConditionalAccessPolicy.json", [
        ca_sdk(mfa_all_users("mfa003-b1", users=users(include_users=["All"], exclude_groups=[TRAVEL_GROUP]))),
        ca_sdk(block_legacy("mfa003-b2")),
    ], "ps51")

c = case("MFA003", "or-alternative-compliant-device", "fail",
         "An all-users policy granting mfa OR compliantDevice OR domainJoinedDevice (EntraExporter) "
         "requires MFA only conditionally, so MFA is not required for all users.",
         [TENANT])
c.write("Organization/Organization.json", organization(), "ps51")
c.write(SD_EE_PATH, security_defaults(False), "ps51")
c.ee_item("Identity/Conditional/AccessPolicies", mfa_all_users(
    "mfa003-c1", g=grant(["mfa", "compliantDevice", "domainJoinedDevice"], operator="OR")))

c = case("MFA003", "client-app-types-split", "pass",
         "Two enabled all-users MFA policies split by client app type (browser + "
         "mobileAppsAndDesktopClients, exchangeActiveSync + other; EntraExporter written by PowerShell 7) "
         "together cover every client app type; excluding the Directory Synchronization Accounts role is "
         "expected.")
c.write(SD_EE_PATH, security_defaults(False), "ps7")
c.ee_item("Identity/Conditional/AccessPolicies",
          ca("mfa003-d1", "CA002a: Require MFA for all users (modern clients)", "enabled",
             users=ALL_BUT_DIRSYNC, client_app_types=["browser", "mobileAppsAndDesktopClients"]), "ps7")
c.ee_item("Identity/Conditional/AccessPolicies",
          ca("mfa003-d2", "CA002b: Require MFA for all users (legacy clients)", "enabled",
             users=ALL_BUT_DIRSYNC, client_app_types=["exchangeActiveSync", "other"]), "ps7")

case("MFA003", "client-app-types-missing-other", "fail",
     "Split policies cover browser, mobileAppsAndDesktopClients and exchangeActiveSync but not 'other' "
     "(bare array): the union leaves a hole.",
     ["tenant"]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("policies.json", [
        ca("mfa003-e1", "CA002a: Require MFA for all users (modern clients)", "enabled",
           client_app_types=["browser", "mobileAppsAndDesktopClients"]),
        ca("mfa003-e2", "CA002c: Require MFA for Exchange ActiveSync", "enabled",
           client_app_types=["exchangeActiveSync"]),
    ], "ps7")

case("MFA003", "authentication-strength-and-dirsync-exclusion", "pass",
     "An all-users policy requiring the built-in MFA authentication strength (operator AND, no "
     "built-in controls) and excluding only the Directory Synchronization Accounts role requires MFA "
     "for all users; licences show E5.") \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(mfa_all_users(
        "mfa003-f1", users=ALL_BUT_DIRSYNC, g=grant([], operator="AND", strength=MFA_STRENGTH)))) \
    .write("subscribedSkus.json", sku_graph(sku("SPE_E5")))

case("MFA003", "defaults-unknown-report-only-only", "not-evaluated",
     "Without a security defaults document and with only report-only or disabled policies, security "
     "defaults may be on: not evaluated.") \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("mfa003-g1", state="enabledForReportingButNotEnforced"),
        block_legacy("mfa003-g2", state="disabled")))

# ============================================================================================
# MFA004 user-not-registered-for-mfa
# ============================================================================================

case("MFA004", "members-guests-admins", "fail",
     "Registration details paged over two files: the unregistered member users are findings; the "
     "unregistered guests are out of scope and the unregistered admin (isAdmin, no role data) is "
     "MFA001's business.",
     [uid("alex"), uid("henrietta")]) \
    .write("userRegistrationDetails-1.json", reg_graph(
        reg("adele"), reg("alex", registered=False), reg("megan", registered=False, admin=True),
        guest("jdoe", "John Doe (Fabrikam)", registered=False),
        next_link="https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails"
                  "?$skiptoken=RFNwdAIAAQAAACM6SmRvZV9mYWJyaWthbS5jb20jRVhUIwAAAAAAAAAAAAA")) \
    .write("userRegistrationDetails-2.json", reg_graph(
        reg("henrietta", registered=False), reg("lee"),
        guest("asmith", "Anna Smith (Fabrikam)", registered=False)))

unsaid = reg("joni", registered=False)
del unsaid["isMfaRegistered"]
case("MFA004", "flag-missing-is-unknown", "not-evaluated",
     "A member whose record leaves isMfaRegistered out is unknown, not out of scope: with everyone "
     "else registered the rule cannot pass (it did, saying all were registered).") \
    .write("userRegistrationDetails.json", reg_graph(reg("adele"), unsaid, reg("lee")))

ELIG_CTX = G1 + "roleManagement/directory/roleEligibilityScheduleInstances"
reg_irvin = reg("irvin", registered=False, admin=True)
reg_lidia = reg("lidia", registered=False)
case("MFA004", "role-data-decides-who-is-admin", "fail",
     "With role data present it decides who is an admin: a PIM-eligible Exchange Administrator "
     "(isAdmin false) and a Global Administrator are excluded, while a Reports Reader flagged "
     "isAdmin true holds no admin role of the table and is a member user like any other.",
     [uid("irvin"), uid("pradeep")]) \
    .write("roleAssignments.json", ra_graph(
        role_assignment(GA, user_principal("grady"), beta=False),
        role_assignment(REPORTS_READER, user_principal("irvin"), beta=False))) \
    .write("roleEligibilityScheduleInstances.json", {"@odata.context": ELIG_CTX, "value": [{
        "id": b64id(EXCHANGE_ADMIN, uid("lidia"))[:-2] + "-1-e", "principalId": uid("lidia"),
        "roleDefinitionId": EXCHANGE_ADMIN, "directoryScopeId": "/", "appScopeId": None,
        "startDateTime": "2024-05-02T08:15:31.37Z", "endDateTime": None, "memberType": "Direct",
        "roleEligibilityScheduleId": guid("pim/lidia-exchange")}]}) \
    .write("userRegistrationDetails.json", reg_graph(
        reg("grady", registered=False, admin=True), reg_lidia, reg_irvin,
        reg("pradeep", registered=False), reg("isaiah")))

sel = ["id", "userPrincipalName", "userDisplayName", "isAdmin", "isMfaRegistered"]
case("MFA004", "usertype-not-selected", "fail",
     "Registration details exported with $select and no userType: users of unknown type count as "
     "members, so the unregistered non-admin is a finding and the isAdmin user is not.",
     [uid("nestor")]) \
    .write("userRegistrationDetails.json", {
        "@odata.context": CTX_REG + "(" + ",".join(sel) + ")",
        "value": [{k: r[k] for k in sel} for r in (
            reg("nestor", registered=False), reg("johanna"), reg("isaiah", registered=False, admin=True))]})

case("MFA004", "all-members-registered", "pass",
     "Every member user is registered (SDK PascalCase, UTF-16LE); only a guest and an admin are "
     "unregistered, and neither is in scope.") \
    .write("Get-MgReportAuthenticationMethodUserRegistrationDetail.json", reg_sdk(
        reg("adele"), reg("alex"), reg("megan", registered=False, admin=True),
        guest("jdoe", "John Doe (Fabrikam)", registered=False), reg("lee")), "ps51")

case("MFA004", "no-registration-details", "not-evaluated",
     "Role assignments, security defaults and CA policies say nothing about registration: not "
     "evaluated.") \
    .write("securityDefaults.json", sd_graph(True)) \
    .write("roleAssignments.json", ra_graph(role_assignment(GA, user_principal("grady"), beta=False)))

# ============================================================================================
# RISK001 sign-in-risk-not-enforced
# ============================================================================================

case("RISK001", "no-licence-data", "not-evaluated",
     "CA policies without any licence data (no subscribedSkus, no Organization.assignedPlans): the "
     "tier is unknown, so whether a sign-in risk policy is needed cannot be decided.") \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(mfa_all_users("risk001-a1"), block_legacy("risk001-a2")))

case("RISK001", "p1-not-applicable", "pass",
     "Microsoft 365 E3 gives P1; the standalone Entra ID P2 SKU is Suspended and does not count, so "
     "risk-based policies are not available and the rule passes as not applicable.") \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(mfa_all_users("risk001-b1"), block_legacy("risk001-b2"))) \
    .write("subscribedSkus.json", sku_graph(
        sku("SPE_E3"), sku("AAD_PREMIUM_P2", status="Suspended", units=10, consumed=0)))

c = case("RISK001", "p2-mfa-always-only", "fail",
         "An E5 tenant (EntraExporter SubscribedSkus and Organization with P2) whose only MFA policy "
         "requires MFA always: a sign-in already holding an MFA claim is not challenged again, so it is "
         "no sign-in risk policy.",
         [TENANT])
c.write("Organization/Organization.json", org(P2_PLANS), "ps51")
c.write(SD_EE_PATH, security_defaults(False), "ps51")
c.ee_item("SubscribedSkus", sku("SPE_E5"))
c.ee_item("Identity/Conditional/AccessPolicies", mfa_all_users("risk001-c1"))
c.ee_item("Identity/Conditional/AccessPolicies", block_legacy("risk001-c2"))

case("RISK001", "p2-high-block-medium-mfa", "pass",
     "P2 from Organization.assignedPlans alone; one enabled policy blocks high sign-in risk and another "
     "requires MFA for medium (SDK PascalCase), both for all users but the Directory Synchronization "
     "Accounts role: together they cover medium and high.") \
    .write("organization.json", org_graph_with(P2_PLANS)) \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(False), "ps7") \
    .write("Get-MgIdentityConditionalAccessPolicy.json", [
        ca_sdk(signin_risk("risk001-d1", levels=["high"], g=BLOCK,
                           display="CA005a: Block high-risk sign-ins")),
        ca_sdk(signin_risk("risk001-d2", levels=["medium"],
                           display="CA005b: Require MFA for medium-risk sign-ins")),
        ca_sdk(mfa_all_users("risk001-d3")),
    ], "ps7")

case("RISK001", "p2-high-only", "fail",
     "An enabled policy for all users blocks high sign-in risk only: the finding says medium is "
     "missing and points at that policy's signInRiskLevels.",
     [TENANT]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("subscribedSkus.json", sku_graph(sku("SPE_E5"))) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("risk001-f1"),
        signin_risk("risk001-f2", levels=["high"], g=BLOCK, display="CA005a: Block high-risk sign-ins")))

case("RISK001", "p2-medium-only-report-only", "fail",
     "P2 from a standalone Entra ID P2 SKU in Warning (grace period, still counts); high risk is "
     "blocked by an enabled policy but the medium+high MFA policy is report-only, so medium is "
     "uncovered. Subject from the SKU id.",
     [TENANT]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("subscribedSkus.json", sku_graph(sku("SPE_E3"), sku("AAD_PREMIUM_P2", status="Warning", units=30))) \
    .write("conditionalAccessPolicies.json", ca_graph(
        signin_risk("risk001-e1", levels=["high"], g=BLOCK, display="CA005a: Block high-risk sign-ins"),
        signin_risk("risk001-e2", state="enabledForReportingButNotEnforced"),
        mfa_all_users("risk001-e3")))

c = case("RISK001", "p2-defaults-on-config-export", "fail",
         "Security defaults on in an E5 tenant (EntraExporter Config export, so zero CA policies): "
         "security defaults do not act on sign-in risk.",
         [TENANT])
c.write("Organization/Organization.json", org(P2_PLANS), "ps51")
c.write(SD_EE_PATH, security_defaults(True), "ps51")
c.ee_item("SubscribedSkus", sku("SPE_E5"))

case("RISK001", "p2-one-policy-medium-high", "pass",
     "Microsoft's template as one enabled policy (signInRiskLevels high and medium, MFA, sign-in "
     "frequency every time) on E5 (SDK SKU array) covers both levels.") \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("Get-MgSubscribedSku.json", sku_sdk(sku("SPE_E5")), "ps7") \
    .write("policies.json", [signin_risk("risk001-g1"), mfa_all_users("risk001-g2")], "ps7")

# ============================================================================================
# RISK002 user-risk-not-enforced
# ============================================================================================

case("RISK002", "p2-user-risk-mfa-only", "fail",
     "A high user risk policy that requires only MFA lets a compromised user keep the password; "
     "P2 from Organization.assignedPlans.",
     [TENANT]) \
    .write("organization.json", org_graph_with(P2_PLANS)) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        user_risk("risk002-a1", g=grant(["mfa"]), display="CA006: Require MFA for high-risk users"),
        mfa_all_users("risk002-a2")))

c = case("RISK002", "p2-password-change-and-mfa", "pass",
         "Microsoft's template (userRiskLevels high, mfa AND passwordChange, sign-in frequency every "
         "time) enabled for all users on E5 (EntraExporter, UTF-16LE).")
c.write("Organization/Organization.json", org(P2_PLANS), "ps51")
c.write(SD_EE_PATH, security_defaults(False), "ps51")
c.ee_item("SubscribedSkus", sku("SPE_E5"))
c.ee_item("Identity/Conditional/AccessPolicies", user_risk("risk002-b1"))
c.ee_item("Identity/Conditional/AccessPolicies", mfa_all_users("risk002-b2"))

case("RISK002", "p2-password-change-with-strength", "pass",
     "passwordChange AND the built-in MFA authentication strength (SDK PascalCase) counts as password "
     "change with MFA for user risk high and medium.") \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(False), "ps7") \
    .write("Get-MgSubscribedSku.json", sku_sdk(sku("SPE_E5")), "ps7") \
    .write("Get-MgIdentityConditionalAccessPolicy.json", [
        ca_sdk(user_risk("risk002-c1", levels=["high", "medium"],
                         g=grant(["passwordChange"], operator="AND", strength=MFA_STRENGTH)))], "ps7")

case("RISK002", "p2-user-risk-excludes-group", "fail",
     "The enabled high user risk block excludes a group, so it is not for all users; the template "
     "policy is only report-only. Subject from the SKU id.",
     [TENANT]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("subscribedSkus.json", sku_graph(sku("SPE_E5"))) \
    .write("conditionalAccessPolicies.json", ca_graph(
        user_risk("risk002-d1", g=BLOCK, display="CA006a: Block high-risk users",
                  users=users(include_users=["All"], exclude_groups=[TRAVEL_GROUP])),
        user_risk("risk002-d2", state="enabledForReportingButNotEnforced")))

case("RISK002", "p1-not-applicable", "pass",
     "P1 only (Organization.assignedPlans): user risk is not available, so the rule passes as not "
     "applicable even though the enabled user risk policy would not satisfy it on P2.") \
    .write("organization.json", org_graph()) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        user_risk("risk002-e1", g=grant(["mfa"]), display="CA006: Require MFA for high-risk users")))

case("RISK002", "no-licence-data", "not-evaluated",
     "No licence data and no user risk policy: the tier is unknown, so the rule is not evaluated.") \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(mfa_all_users("risk002-f1")))

# ============================================================================================
# LIC001 policy-needs-licence
# ============================================================================================

case("LIC001", "enabled-policies-free-tenant", "fail",
     "Office 365 E3 carries no Entra ID P1: each enabled policy is one finding (subject its id); the "
     "report-only and disabled policies are not.",
     [pid("lic001-a1"), pid("lic001-a2")]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("subscribedSkus.json", sku_graph(sku("ENTERPRISEPACK"))) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("lic001-a1"), block_legacy("lic001-a2"),
        mfa_for_admins("lic001-a3", state="enabledForReportingButNotEnforced"),
        signin_risk("lic001-a4", state="disabled")))

c = case("LIC001", "sign-in-risk-policy-on-p1", "fail",
         "On P1 (Organization.assignedPlans, EntraExporter) the enabled sign-in risk policy needs P2 and "
         "is the one finding; the enabled MFA policy is fine and the report-only user risk policy is "
         "not enabled.",
         [pid("lic001-b2")])
c.write("Organization/Organization.json", organization(), "ps51")
c.write(SD_EE_PATH, security_defaults(False), "ps51")
for p in (mfa_all_users("lic001-b1"), signin_risk("lic001-b2"),
          user_risk("lic001-b3", state="enabledForReportingButNotEnforced")):
    c.ee_item("Identity/Conditional/AccessPolicies", p)

case("LIC001", "tier-unknown-no-enabled-policy", "pass",
     "Without licence data, no enabled policy proves nothing needs a licence: report-only and disabled "
     "policies (one with sign-in risk) pass.") \
    .write("securityDefaults.json", sd_graph(True)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("lic001-c1", state="enabledForReportingButNotEnforced"),
        signin_risk("lic001-c2", state="disabled")))

case("LIC001", "tier-unknown-policy-state-unknown", "not-evaluated",
     "Without licence data, a policy in a state Graph does not document may be enabled: whether it "
     "needs a licence is unknown, so the rule cannot pass as it does when no policy is enabled.") \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("lic001-e1", state="enabledForTesting"),
        signin_risk("lic001-e2", state="disabled")))

case("LIC001", "tier-unknown-enabled-policy", "not-evaluated",
     "An enabled policy (SDK PascalCase) and no licence data: whether it can take effect is unknown.") \
    .write("Get-MgIdentityConditionalAccessPolicy.json", [ca_sdk(mfa_all_users("lic001-d1"))], "ps7")

case("LIC001", "p2-in-grace-period", "pass",
     "An E5 SKU in Warning (grace period) still counts: P2 covers the enabled sign-in and user risk "
     "policies and the MFA policy.") \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("subscribedSkus.json", sku_graph(sku("SPE_E5", status="Warning"))) \
    .write("Get-MgIdentityConditionalAccessPolicy.json", [
        ca_sdk(mfa_all_users("lic001-e1")), ca_sdk(signin_risk("lic001-e2")), ca_sdk(user_risk("lic001-e3"))],
        "ps7")

c = case("LIC001", "no-ca-data", "not-evaluated",
         "Licences (EntraExporter SubscribedSkus, not a Config export) show no P1, but without "
         "Conditional Access data there is no policy to judge.")
c.ee_item("SubscribedSkus", sku("O365_BUSINESS_PREMIUM"))

case("LIC001", "expired-premium-trial", "fail",
     "Organization.assignedPlans lists the Entra ID P1/P2 plans of an expired trial as Deleted: no P1, "
     "so the enabled MFA policy cannot take effect (the report-only one is not a finding).",
     [pid("lic001-g1")]) \
    .write("organization.json", org_graph_with(EXPIRED_TRIAL_PLANS)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("lic001-g1"), block_legacy("lic001-g2", state="enabledForReportingButNotEnforced")))

# ============================================================================================
# LIC002 mechanism-below-plan
# ============================================================================================

case("LIC002", "defaults-on-e3", "fail",
     "Security defaults on although Microsoft 365 E3 includes P1 (info); subject the tenant id from "
     "the SKU id.",
     [TENANT]) \
    .write("securityDefaults.json", sd_graph(True)) \
    .write("subscribedSkus.json", sku_graph(sku("SPE_E3")))

case("LIC002", "defaults-on-no-premium-plan", "pass",
     "Security defaults on (SDK PascalCase, UTF-16LE) with Business Standard only: no P1, so security "
     "defaults are the right mechanism.") \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(True), "ps51") \
    .write("Get-MgSubscribedSku.json", sku_sdk(sku("O365_BUSINESS_PREMIUM")), "ps51")

case("LIC002", "defaults-on-no-licence-data", "not-evaluated",
     "Security defaults on and no licence data: the plan is unknown.") \
    .write("securityDefaults.json", sd_graph(True)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("lic002-c1", state="enabledForReportingButNotEnforced")))

c = case("LIC002", "defaults-off-p2", "pass",
         "Security defaults off on E5 (EntraExporter): the tenant uses Conditional Access.")
c.write("Organization/Organization.json", org(P2_PLANS), "ps51")
c.write(SD_EE_PATH, security_defaults(False), "ps51")
c.ee_item("SubscribedSkus", sku("SPE_E5"))
c.ee_item("Identity/Conditional/AccessPolicies", mfa_all_users("lic002-d1"))

case("LIC002", "defaults-unknown", "not-evaluated",
     "P1 from the organization but no security defaults document and no enabled policy: whether the "
     "tenant relies on security defaults is unknown.") \
    .write("organization.json", org_graph()) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("lic002-e1", state="enabledForReportingButNotEnforced")))

case("LIC002", "defaults-on-p1-from-assigned-plans", "fail",
     "Security defaults on (SDK PascalCase, UTF-16LE) and P1 from Organization.assignedPlans (no "
     "subscribedSkus): info finding, subject the Organization id.",
     [TENANT]) \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(True), "ps51") \
    .write("organization.json", org_graph())

# ============================================================================================
# CA001 report-only-policy
# ============================================================================================

case("CA001", "report-only-legacy-block", "fail",
     "LEG001 fails because the legacy-auth block is report-only; enabling it would close that gap, so "
     "it is the one finding. The disabled copy is not report-only and is no finding.",
     [pid("ca001-a2")]) \
    .write("organization.json", org_graph()) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("ca001-a1"),
        block_legacy("ca001-a2", state="enabledForReportingButNotEnforced"),
        block_legacy("ca001-a3", state="disabled")))

case("CA001", "report-only-duplicates-enforced", "pass",
     "The report-only policy is a copy of the enforced all-users MFA policy: enabling it would close "
     "nothing (the open LEG001 gap is not something an MFA policy closes).") \
    .write("organization.json", org_graph()) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("ca001-b1"),
        ca("ca001-b2", "CA002 (copy): Require multifactor authentication for all users",
           "enabledForReportingButNotEnforced")))

case("CA001", "no-ca-data", "not-evaluated",
     "Security defaults (SDK) but no Conditional Access data: there is no policy to judge.") \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(True), "ps7")

c = case("CA001", "report-only-mfa-for-admins", "fail",
         "The enabled all-users policy accepts a compliant device instead of MFA (MFA002 fails for every "
         "role); the strict report-only admin policy would close those gaps and is a finding, the "
         "report-only compliant-device policy for mobile platforms would close nothing.",
         [pid("ca001-d2")])
c.write("Organization/Organization.json", organization(), "ps51")
c.write(SD_EE_PATH, security_defaults(False), "ps51")
for p in (mfa_all_users("ca001-d1", g=grant(["mfa", "compliantDevice"], operator="OR")),
          mfa_for_admins("ca001-d2", state="enabledForReportingButNotEnforced"),
          block_legacy("ca001-d3"),
          pol("ca001-d4", "CA020: Require compliant device on mobile", "enabledForReportingButNotEnforced",
              platforms=MOBILE_PLATFORMS, g=grant(["compliantDevice"]))):
    c.ee_item("Identity/Conditional/AccessPolicies", p)

case("CA001", "report-only-sign-in-risk-on-p2", "fail",
     "On E5, RISK001 fails and the report-only sign-in risk policy would close it (finding); the "
     "report-only user risk policy requiring only MFA would not close RISK002 (no finding).",
     [pid("ca001-e3")]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("subscribedSkus.json", sku_graph(sku("SPE_E5"))) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("ca001-e1"), block_legacy("ca001-e2"),
        signin_risk("ca001-e3", state="enabledForReportingButNotEnforced"),
        user_risk("ca001-e4", state="enabledForReportingButNotEnforced", g=grant(["mfa"]),
                  display="CA006: Require MFA for high-risk users")))

case("CA001", "only-enforced-policies", "pass",
     "LEG001 fails but there is no report-only policy (SDK PascalCase): nothing to report.") \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(False), "ps7") \
    .write("Get-MgIdentityConditionalAccessPolicy.json", [ca_sdk(mfa_all_users("ca001-f1"))], "ps7")

# ============================================================================================
# SSPR002 user-not-registered-for-sspr
# ============================================================================================

case("SSPR002", "members-enabled-unregistered-vs-guests", "fail",
     "Member users enabled for SSPR but not registered are findings, admins included; a member not "
     "enabled, a registered member and an enabled but unregistered guest are not.",
     [uid("adele"), uid("megan")]) \
    .write("userRegistrationDetails.json", reg_graph(
        reg("adele", sspr_registered=False),
        reg("alex", sspr_enabled=False, registered=False),
        reg("megan", admin=True, sspr_registered=False),
        reg("lee"),
        guest("jdoe", "John Doe (Fabrikam)", sspr_registered=False)))

case("SSPR002", "all-enabled-members-registered", "pass",
     "Every member enabled for SSPR is registered (SDK PascalCase, UTF-16LE); the unregistered ones are "
     "not enabled or are guests.") \
    .write("Get-MgReportAuthenticationMethodUserRegistrationDetail.json", reg_sdk(
        reg("adele"), reg("alex"), reg("megan", sspr_enabled=False, registered=False),
        guest("asmith", "Anna Smith (Fabrikam)", sspr_registered=False)), "ps51")

case("SSPR002", "no-registration-details", "not-evaluated",
     "The SSPR policy (all users) says nothing about who registered: without registration details the "
     "rule is not evaluated.") \
    .write("organization.json", org_graph()) \
    .write("PasswordResetPolicies.json", sspr_policy(2), "ps7")

case("SSPR002", "no-member-enabled", "pass",
     "No member user is enabled for SSPR: no one can be unregistered for it, so the rule passes and "
     "says why (SSPR001 reports that SSPR is off); not-evaluated means missing data only.") \
    .write("userRegistrationDetails.json", reg_graph(
        reg("adele", sspr_enabled=False), reg("alex", sspr_enabled=False, registered=False)))

silent = reg("nestor", sspr_registered=False)
silent["isSsprEnabled"] = None
case("SSPR002", "enablement-null-is-unknown", "not-evaluated",
     "An unregistered member whose isSsprEnabled is null may be enabled: unknown, so the rule cannot "
     "pass although every member known to be enabled is registered.") \
    .write("userRegistrationDetails.json", reg_graph(reg("adele"), silent))

p1 = reg("diego", sspr_registered=False)
p1["userType"] = None
case("SSPR002", "paged-usertype-null", "fail",
     "Registration details paged over two files (beta, UTF-16LE): one finding per page, including a "
     "record whose userType is null (unknown type counts as member).",
     [uid("diego"), uid("patti")]) \
    .write("userRegistrationDetails_page1.json", reg_graph(
        reg("christie"), p1, guest("jdoe", "John Doe (Fabrikam)", sspr_registered=False),
        next_link="https://graph.microsoft.com/beta/reports/authenticationMethods/userRegistrationDetails"
                  "?$skiptoken=RFNwdAIAAQAAACE6RGllZ29TQENvbnRvc28uY29tKQAAAAAAAAAAAAA",
        beta=True), "ps51") \
    .write("userRegistrationDetails_page2.json", reg_graph(
        reg("patti", sspr_registered=False), reg("enrico"), beta=True), "ps51")


if __name__ == "__main__":
    emit()
    for c in CASES:
        e = c.expect
        print(f"{e['rule']:8} {c.dir.name:52} {e['status']:14} {len(e['subjects'])}")
