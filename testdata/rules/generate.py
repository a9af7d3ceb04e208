#!/usr/bin/env python3
"""Writes the per-rule fixtures under testdata/rules/<CODE>/<case>/.

Run from anywhere: `python3 testdata/rules/generate.py`. Standard library only; the output is
deterministic (fixed GUIDs derived from names, fixed dates), so re-running it changes nothing.
Each case directory is deleted and rewritten; directories of cases no longer listed here are
left alone (delete them by hand). See README.md beside this file for the contract.

The files imitate what real tools write:
  graph   - a Microsoft Graph REST response saved as returned (compact, UTF-8, no BOM)
  ps7     - ConvertTo-Json in PowerShell 7 (2-space indent, LF, UTF-8 without BOM)
  ps51    - ConvertTo-Json | Out-File in Windows PowerShell 5.1 (its odd column-aligned indent,
            two spaces after the colon, CRLF, UTF-16LE with BOM)
and the encoding can be overridden per file (utf8, utf8bom, utf16le, utf16be; BOM always
written for UTF-16).
"""

import base64
import hashlib
import json
import shutil
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------------


def guid(name):
    """A fixed, realistic-looking (version 4) GUID derived from a name."""
    b = bytearray(hashlib.sha256(("tenantlint-fixture/" + name).encode()).digest()[:16])
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(b)))


def b64id(*guids):
    """Graph's unifiedRoleAssignment id style: base64url of the GUIDs' .NET bytes + '-1'."""
    raw = b"".join(uuid.UUID(g).bytes_le for g in guids)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=") + "-1"


TENANT = guid("tenant/contoso")
DOMAIN = "contoso.com"
SD_ID = "00000000-0000-0000-0000-000000000005"

# Role template ids (FORMATS.md)
GA = "62e90394-69f5-4237-9190-012177145e10"
PRIV_ROLE_ADMIN = "e8611ab8-c189-46e8-94e1-60213ab1f814"
PRIV_AUTH_ADMIN = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13"
SECURITY_ADMIN = "194ae4cb-b126-40b2-bd5b-6091b380977d"
CA_ADMIN = "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9"
USER_ADMIN = "fe930be7-5e62-47db-91af-98c3a49a38b1"
PASSWORD_ADMIN = "966707d0-3269-4727-9be2-8c3a10f19b9d"
HELPDESK_ADMIN = "729827e3-9c14-49f7-bb1b-9608f156bbb8"
AUTH_ADMIN = "c4e39bd9-1100-46d3-8c65-fb160da0071f"
APP_ADMIN = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"
CLOUD_APP_ADMIN = "158c047a-c907-4556-b7ef-446551a6b5f7"
EXCHANGE_ADMIN = "29232cdf-9323-42fd-ade2-1d097af3e4de"
SHAREPOINT_ADMIN = "f28a1f50-f6e7-4571-818b-6a12f2af6b6c"
BILLING_ADMIN = "b0f54661-2d74-4c50-afa3-1ec803f12efe"
DIR_SYNC = "d29b2b05-8046-44ba-8758-1e26182fcf32"

ADMIN_ROLES = [GA, PRIV_ROLE_ADMIN, PRIV_AUTH_ADMIN, SECURITY_ADMIN, CA_ADMIN, USER_ADMIN,
               PASSWORD_ADMIN, HELPDESK_ADMIN, AUTH_ADMIN, APP_ADMIN, CLOUD_APP_ADMIN,
               EXCHANGE_ADMIN, SHAREPOINT_ADMIN, BILLING_ADMIN]

ROLE_NAMES = {
    GA: "Global Administrator",
    PRIV_ROLE_ADMIN: "Privileged Role Administrator",
    SECURITY_ADMIN: "Security Administrator",
    USER_ADMIN: "User Administrator",
    EXCHANGE_ADMIN: "Exchange Administrator",
    DIR_SYNC: "Directory Synchronization Accounts",
}

# Graph contexts
G1 = "https://graph.microsoft.com/v1.0/$metadata#"
GB = "https://graph.microsoft.com/beta/$metadata#"
CTX_CA = GB + "identity/conditionalAccess/policies"
CTX_SD = G1 + "policies/identitySecurityDefaultsEnforcementPolicy/$entity"
CTX_REG = G1 + "reports/authenticationMethods/userRegistrationDetails"
CTX_REG_BETA = GB + "reports/authenticationMethods/userRegistrationDetails"
CTX_ORG = G1 + "organization"
CTX_RA = G1 + "roleManagement/directory/roleAssignments(principal())"
CTX_AUTHZ = G1 + "policies/authorizationPolicy/$entity"

# --------------------------------------------------------------------------------------------
# People (Microsoft's demo personas), keyed by short name
# --------------------------------------------------------------------------------------------

PEOPLE = {
    "adele": "Adele Vance", "alex": "Alex Wilber", "megan": "Megan Bowen",
    "lee": "Lee Gu", "diego": "Diego Siciliani", "patti": "Patti Fernandez",
    "nestor": "Nestor Wilke", "johanna": "Johanna Lorenz", "grady": "Grady Archie",
    "isaiah": "Isaiah Langer", "miriam": "Miriam Graham", "pradeep": "Pradeep Gupta",
    "joni": "Joni Sherman", "lynne": "Lynne Robbins", "christie": "Christie Cline",
    "enrico": "Enrico Cattaneo", "irvin": "Irvin Sayers", "henrietta": "Henrietta Müller",
    "lidia": "Lidia Holloway", "emily": "Emily Braun",
}


def uid(who):
    return guid("user/" + who)


def upn(who):
    return who + "@" + DOMAIN


def name(who):
    return PEOPLE[who]


# --------------------------------------------------------------------------------------------
# Serialisation and writing
# --------------------------------------------------------------------------------------------


def _ps51(v, col):
    """Windows PowerShell 5.1 ConvertTo-Json layout."""
    if isinstance(v, dict):
        if not v:
            return "{\r\n\r\n" + " " * col + "}"
        parts = []
        for k, val in v.items():
            prefix = " " * (col + 4) + json.dumps(k, ensure_ascii=False) + ":  "
            parts.append(prefix + _ps51(val, len(prefix)))
        return "{\r\n" + ",\r\n".join(parts) + "\r\n" + " " * col + "}"
    if isinstance(v, list):
        if not v:
            return "[\r\n\r\n" + " " * col + "]"
        parts = [" " * (col + 4) + _ps51(x, col + 4) for x in v]
        return "[\r\n" + ",\r\n".join(parts) + "\r\n" + " " * col + "]"
    return json.dumps(v, ensure_ascii=False)


STYLES = {
    "graph": (lambda o: json.dumps(o, ensure_ascii=False, separators=(",", ":")), "utf8"),
    "ps7": (lambda o: json.dumps(o, ensure_ascii=False, indent=2) + "\n", "utf8"),
    "ps51": (lambda o: _ps51(o, 0) + "\r\n", "utf16le"),
}


def encode(text, enc):
    if enc == "utf8":
        return text.encode("utf-8")
    if enc == "utf8bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if enc == "utf16le":
        return ("\ufeff" + text).encode("utf-16-le")
    if enc == "utf16be":
        return ("\ufeff" + text).encode("utf-16-be")
    raise ValueError(enc)


class Case:
    def __init__(self, code, case, status, why, subjects=()):
        assert status in ("pass", "fail", "not-evaluated")
        assert (status == "fail") == bool(subjects), (code, case)
        self.dir = ROOT / code / case
        self.expect = {"rule": code, "status": status, "subjects": sorted(subjects), "why": why}
        self.files = []

    def write(self, relpath, obj, style="graph", enc=None):
        dump, default_enc = STYLES[style]
        self.files.append((relpath, encode(dump(obj), enc or default_enc)))
        return self

    # EntraExporter helpers: `<Folder>/<id>/<id>.json`, written by PowerShell (ps51 default)
    def ee_item(self, folder, obj, style="ps51", enc=None):
        return self.write(f"{folder}/{obj['id']}/{obj['id']}.json", obj, style, enc)


CASES = []


def case(code, name_, status, why, subjects=()):
    c = Case(code, name_, status, why, subjects)
    CASES.append(c)
    return c


def emit():
    for c in CASES:
        if c.dir.exists():
            shutil.rmtree(c.dir)
        (c.dir / "export").mkdir(parents=True)
        (c.dir / "expect.json").write_text(json.dumps(c.expect, indent=2) + "\n", encoding="utf-8")
        for rel, data in c.files:
            p = c.dir / "export" / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)


# --------------------------------------------------------------------------------------------
# Graph objects
# --------------------------------------------------------------------------------------------


def security_defaults(enabled):
    return {
        "id": SD_ID,
        "displayName": "Security Defaults",
        "description": "Security defaults is a set of basic identity security mechanisms recommended "
                       "by Microsoft. When enabled, these recommendations will be automatically "
                       "enforced in your organization. Administrators and users will be better "
                       "protected from common identity related attacks.",
        "isEnabled": enabled,
    }


def sd_graph(enabled):
    return {"@odata.context": CTX_SD, **security_defaults(enabled)}


def sd_sdk(enabled):
    """Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy | ConvertTo-Json"""
    d = security_defaults(enabled)
    return {
        "Description": d["description"],
        "DisplayName": d["displayName"],
        "Id": d["id"],
        "IsEnabled": d["isEnabled"],
        "AdditionalProperties": {"@odata.context": CTX_SD},
    }


SD_EE_PATH = f"Policies/IdentitySecurityDefaultsEnforcementPolicy/{SD_ID}/{SD_ID}.json"


def organization():
    return {
        "id": TENANT,
        "deletedDateTime": None,
        "businessPhones": ["+1 425 555 0100"],
        "city": "Redmond",
        "country": None,
        "countryLetterCode": "US",
        "createdDateTime": "2019-06-11T17:32:08Z",
        "defaultUsageLocation": None,
        "displayName": "Contoso",
        "marketingNotificationEmails": [],
        "onPremisesLastSyncDateTime": "2025-01-14T06:02:11Z",
        "onPremisesSyncEnabled": True,
        "postalCode": "98052",
        "preferredLanguage": "en",
        "securityComplianceNotificationMails": [],
        "securityComplianceNotificationPhones": [],
        "state": "WA",
        "street": "1 Microsoft Way",
        "technicalNotificationMails": ["it-admins@" + DOMAIN],
        "tenantType": "AAD",
        "directorySizeQuota": {"used": 1873, "total": 300000},
        "assignedPlans": [
            {"assignedDateTime": "2023-04-01T00:00:00Z", "capabilityStatus": "Enabled",
             "service": "AADPremiumService", "servicePlanId": "41781fb2-bc02-4b7c-bd55-b576c07bb09d"},
            {"assignedDateTime": "2023-04-01T00:00:00Z", "capabilityStatus": "Enabled",
             "service": "MultiFactorService", "servicePlanId": "8a256a2b-b617-496d-b51b-e76466e88db0"},
            {"assignedDateTime": "2023-04-01T00:00:00Z", "capabilityStatus": "Enabled",
             "service": "exchange", "servicePlanId": "efb87545-963c-4e0d-99df-69c6916d9eb0"},
        ],
        "privacyProfile": None,
        "provisionedPlans": [],
        "verifiedDomains": [
            {"capabilities": "Email, OfficeCommunicationsOnline", "isDefault": True,
             "isInitial": False, "name": DOMAIN, "type": "Managed"},
            {"capabilities": "Email, OfficeCommunicationsOnline", "isDefault": False,
             "isInitial": True, "name": "contoso.onmicrosoft.com", "type": "Managed"},
        ],
    }


def org_graph():
    return {"@odata.context": CTX_ORG, "value": [organization()]}


def users_cond(include_users=(), exclude_users=(), include_groups=(), exclude_groups=(),
               include_roles=(), exclude_roles=()):
    return {
        "includeUsers": list(include_users),
        "excludeUsers": list(exclude_users),
        "includeGroups": list(include_groups),
        "excludeGroups": list(exclude_groups),
        "includeRoles": list(include_roles),
        "excludeRoles": list(exclude_roles),
        "includeGuestsOrExternalUsers": None,
        "excludeGuestsOrExternalUsers": None,
    }


ALL_USERS = users_cond(include_users=["All"])


def grant(controls=("mfa",), operator="OR", strength=None):
    g = {"operator": operator, "builtInControls": list(controls),
         "customAuthenticationFactors": [], "termsOfUse": []}
    if strength is not None:
        g["authenticationStrength@odata.context"] = (
            GB + "identity/conditionalAccess/policies('{pid}')/grantControls/authenticationStrength/$entity")
    g["authenticationStrength"] = strength
    return g


PHISHING_RESISTANT = {
    "id": "00000000-0000-0000-0000-000000000004",
    "createdDateTime": "2021-12-01T08:00:00Z",
    "modifiedDateTime": "2021-12-01T08:00:00Z",
    "displayName": "Phishing-resistant MFA",
    "description": "Phishing-resistant, Passwordless methods for the strongest authentication, "
                   "such as a FIDO2 security key",
    "policyType": "builtIn",
    "requirementsSatisfied": "mfa",
    "allowedCombinations": ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"],
    "combinationConfigurations@odata.context": None,  # filled in per policy
    "combinationConfigurations": [],
}


def ca(key, display, state, users=ALL_USERS, include_apps=("All",), exclude_apps=(),
       client_app_types=("all",), g=None, locations=None,
       created="2024-02-12T10:31:44.5128836Z", modified=None):
    """A conditionalAccessPolicy as Graph beta returns it (camelCase)."""
    pid = guid("ca/" + key)
    g = dict(g if g is not None else grant())
    if "authenticationStrength@odata.context" in g:
        g["authenticationStrength@odata.context"] = g["authenticationStrength@odata.context"].format(pid=pid)
        s = dict(g["authenticationStrength"])
        s["combinationConfigurations@odata.context"] = (
            GB + f"identity/conditionalAccess/policies('{pid}')/grantControls/authenticationStrength/"
                 "combinationConfigurations")
        g["authenticationStrength"] = s
    return {
        "id": pid,
        "templateId": None,
        "displayName": display,
        "createdDateTime": created,
        "modifiedDateTime": modified,
        "state": state,
        "partialEnablementStrategy": None,
        "sessionControls": None,
        "conditions": {
            "userRiskLevels": [],
            "signInRiskLevels": [],
            "clientAppTypes": list(client_app_types),
            "servicePrincipalRiskLevels": [],
            "insiderRiskLevels": None,
            "times": None,
            "deviceStates": None,
            "devices": None,
            "clientApplications": None,
            "applications": {
                "includeApplications": list(include_apps),
                "excludeApplications": list(exclude_apps),
                "includeUserActions": [],
                "includeAuthenticationContextClassReferences": [],
                "applicationFilter": None,
            },
            "users": dict(users),
            "platforms": None,
            "locations": locations,
            "authenticationFlows": None,
        },
        "grantControls": g,
    }


BLOCK = grant(["block"])
LEGACY = ("exchangeActiveSync", "other")


def ca_graph(*policies):
    return {"@odata.context": CTX_CA, "value": list(policies)}


def pascal(v):
    """Graph PowerShell SDK shape: PascalCase keys, @odata and unknown keys in AdditionalProperties."""
    if isinstance(v, list):
        return [pascal(x) for x in v]
    if not isinstance(v, dict):
        return v
    out, extra = {}, {}
    for k, val in v.items():
        if "@" in k:
            extra[k] = val
        else:
            out[k[0].upper() + k[1:]] = pascal(val)
    out = dict(sorted(out.items()))
    out["AdditionalProperties"] = extra
    return out


def ca_sdk(p):
    """Get-MgIdentityConditionalAccessPolicy | ConvertTo-Json -Depth 10 (beta module)."""
    q = pascal(p)
    extra = q.pop("AdditionalProperties")
    q["Description"] = None
    q = dict(sorted(q.items()))
    q["AdditionalProperties"] = extra
    return q


def user_principal(who, **extra):
    return {"@odata.type": "#microsoft.graph.user", "id": uid(who), "deletedDateTime": None,
            "accountEnabled": True, "displayName": name(who), "userPrincipalName": upn(who),
            "userType": "Member", "mail": upn(who), **extra}


def role_assignment(role, principal, beta=True):
    """unifiedRoleAssignment with $expand=principal."""
    a = {
        "id": b64id(role, principal["id"]),
        "principalId": principal["id"],
        "directoryScopeId": "/",
        "roleDefinitionId": role,
    }
    if beta:
        a.update({"principalOrganizationId": TENANT, "resourceScope": "/", "appScopeId": None,
                  "condition": None})
    a["principal"] = principal
    return a


def ra_graph(*assignments):
    return {"@odata.context": CTX_RA, "value": list(assignments)}


def member(who):
    """A directory object as EntraExporter writes members ($select=id,userPrincipalName,displayName)."""
    return {"@odata.type": "#microsoft.graph.user", "id": uid(who), "userPrincipalName": upn(who),
            "displayName": name(who)}


def group(key, display, description, role_assignable=None):
    gid = guid("group/" + key)
    return {
        "id": gid,
        "deletedDateTime": None,
        "classification": None,
        "createdDateTime": "2023-09-18T13:04:51Z",
        "description": description,
        "displayName": display,
        "expirationDateTime": None,
        "groupTypes": [],
        "isAssignableToRole": role_assignable,
        "mail": None,
        "mailEnabled": False,
        "mailNickname": display.replace(" ", ""),
        "membershipRule": None,
        "membershipRuleProcessingState": None,
        "onPremisesSyncEnabled": None,
        "securityEnabled": True,
        "securityIdentifier": "S-1-12-1-" + "-".join(str(int(gid.replace("-", "")[i:i + 8], 16))
                                                       for i in range(0, 32, 8)),
        "visibility": "Private",
        "extensions@odata.context": GB + f"groups('{gid}')/extensions",
        "extensions": [],
    }


def reg(who, *, registered=True, admin=False, sspr_enabled=True, sspr_registered=None,
        user_type="member", upn_=None, display=None, uid_=None):
    """A userRegistrationDetails record (camelCase, as Graph returns it)."""
    methods = ["microsoftAuthenticatorPush", "softwareOneTimePasscode"] if registered else []
    if sspr_registered is None:
        sspr_registered = registered and sspr_enabled
    return {
        "id": uid_ or uid(who),
        "userPrincipalName": upn_ or upn(who),
        "userDisplayName": display or name(who),
        "userType": user_type,
        "isAdmin": admin,
        "isSsprRegistered": sspr_registered,
        "isSsprEnabled": sspr_enabled,
        "isSsprCapable": sspr_enabled and sspr_registered,
        "isMfaRegistered": registered,
        "isMfaCapable": registered,
        "isPasswordlessCapable": False,
        "isSystemPreferredAuthenticationMethodEnabled": True,
        "lastUpdatedDateTime": "2025-01-14T02:11:05.3456789Z",
        "methodsRegistered": methods,
        "systemPreferredAuthenticationMethods": ["push"] if registered else [],
        "userPreferredMethodForSecondaryAuthentication": "push" if registered else "none",
    }


def guest(key, display, **kw):
    gupn = key + "_fabrikam.com#EXT#@contoso.onmicrosoft.com"
    return reg(key, user_type="guest", upn_=gupn, display=display, uid_=guid("guest/" + key), **kw)


def reg_graph(*records, next_link=None, beta=False):
    d = {"@odata.context": CTX_REG_BETA if beta else CTX_REG}
    if next_link:
        d["@odata.nextLink"] = next_link
    d["value"] = list(records)
    return d


def reg_sdk(*records):
    """Get-MgReportAuthenticationMethodUserRegistrationDetail -All | ConvertTo-Json (bare array)."""
    return [pascal(r) for r in records]


def sspr_policy(enablement, group_ids=(), group_name=""):
    """The portal's api/PasswordReset/PasswordResetPolicies response."""
    return {
        "objectId": "default",
        "enablementType": enablement,
        "numberOfAuthenticationMethodsRequired": 2,
        "emailOptionEnabled": True,
        "mobilePhoneOptionEnabled": True,
        "officePhoneOptionEnabled": False,
        "securityQuestionsOptionEnabled": False,
        "mobileAppNotificationEnabled": True,
        "mobileAppCodeEnabled": True,
        "numberOfQuestionsToRegister": 5,
        "numberOfQuestionsToReset": 3,
        "registrationRequiredOnSignIn": True,
        "registrationReconfirmIntevalInDays": 180,
        "skipRegistrationAllowed": True,
        "skipRegistrationMaxAllowedDays": 7,
        "customizeHelpdeskLink": False,
        "customHelpdeskEmailOrUrl": "",
        "notifyUsersOnPasswordReset": True,
        "notifyOnAdminPasswordReset": True,
        "passwordResetEnabledGroupIds": list(group_ids),
        "passwordResetEnabledGroupName": group_name,
        "securityQuestions": [],
        "registrationConditionalAccessPolicies": [],
        "emailOptionAllowed": True,
        "mobilePhoneOptionAllowed": True,
        "officePhoneOptionAllowed": True,
        "securityQuestionsOptionAllowed": True,
        "mobileAppNotificationOptionAllowed": True,
        "mobileAppCodeOptionAllowed": True,
    }


# Policies used repeatedly
def mfa_for_admins(key, state="enabled", users=None, **kw):
    return ca(key, "CA001: Require multifactor authentication for admins", state,
              users=users or users_cond(include_roles=ADMIN_ROLES), **kw)


def mfa_all_users(key, state="enabled", users=None, **kw):
    return ca(key, "CA002: Require multifactor authentication for all users", state,
              users=users or ALL_USERS, **kw)


def block_legacy(key, state="enabled", users=None, client_app_types=LEGACY, **kw):
    return ca(key, "CA003: Block legacy authentication", state, users=users or ALL_USERS,
              client_app_types=client_app_types, g=BLOCK, **kw)


# ============================================================================================
# SD001 security-defaults-conflict
# ============================================================================================

case("SD001", "enabled-policy-while-defaults-on", "fail",
     "Security defaults on (Graph $entity response) and one enabled CA policy in a Graph collection "
     "response conflict; without an Organization document the subject is the literal 'tenant'.",
     ["tenant"]) \
    .write("identitySecurityDefaultsEnforcementPolicy.json", sd_graph(True)) \
    .write("conditionalAccessPolicies.json", ca_graph(mfa_for_admins("sd001-a")))

c = case("SD001", "several-enabled-policies-one-finding", "fail",
         "An EntraExporter export (UTF-16LE with BOM, CRLF) with security defaults on and three enabled "
         "policies yields exactly one finding, whose subject is the Organization's id.",
         [TENANT])
c.write("Organization/Organization.json", organization(), "ps51")
c.write(SD_EE_PATH, security_defaults(True), "ps51")
for p in (mfa_for_admins("sd001-b1"), mfa_all_users("sd001-b2"), block_legacy("sd001-b3"),
          mfa_all_users("sd001-b4", state="enabledForReportingButNotEnforced")):
    c.ee_item("Identity/Conditional/AccessPolicies", p)

case("SD001", "report-only-and-disabled-only", "pass",
     "With security defaults on, report-only and disabled policies (a bare JSON array in UTF-8 with "
     "BOM) are not a conflict: only state 'enabled' counts.") \
    .write("securityDefaults.json", sd_graph(True)) \
    .write("caPolicies.json", [
        mfa_for_admins("sd001-c1", state="enabledForReportingButNotEnforced"),
        block_legacy("sd001-c2", state="disabled"),
    ], "ps7", "utf8bom")

case("SD001", "defaults-off-enabled-policies", "pass",
     "Security defaults off with enabled CA policies is the intended setup, not a conflict.") \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json",
           ca_graph(mfa_for_admins("sd001-d1"), block_legacy("sd001-d2")))

case("SD001", "defaults-off-no-ca-data", "pass",
     "Security defaults off prove there is no conflict even though no CA data was exported.") \
    .write("identitySecurityDefaultsEnforcementPolicy.json", sd_graph(False), "ps7")

case("SD001", "no-security-defaults-file", "not-evaluated",
     "Enabled CA policies alone cannot show a conflict: without the security defaults document the "
     "rule is not evaluated (unknown defaults are only treated as off by other rules).") \
    .write("conditionalAccessPolicies.json", ca_graph(mfa_for_admins("sd001-f1"), block_legacy("sd001-f2")))

case("SD001", "defaults-on-no-ca-data", "not-evaluated",
     "Security defaults on but no CA data at all (a Graph response, not an EntraExporter Config "
     "export) leaves the policy count unknown, so the rule is not evaluated.") \
    .write("securityDefaults.json", sd_graph(True))

c = case("SD001", "config-export-defaults-on-no-ca-folder", "pass",
         "An EntraExporter Config export (it has the Policies/ folder) with no "
         "Identity/Conditional/AccessPolicies folder has zero CA policies, so security defaults on is "
         "no conflict.")
c.write("Organization/Organization.json", organization(), "ps51")
c.write(SD_EE_PATH, security_defaults(True), "ps51")
c.write("Policies/AuthorizationPolicy/authorizationPolicy/authorizationPolicy.json", {
    "id": "authorizationPolicy", "allowInvitesFrom": "everyone", "allowedToSignUpEmailBasedSubscriptions": True,
    "allowedToUseSSPR": True, "allowEmailVerifiedUsersToJoinOrganization": False,
    "allowUserConsentForRiskyApps": None, "blockMsolPowerShell": False, "description":
    "Used to manage authorization related settings across the company.", "displayName":
    "Authorization Policy", "guestUserRoleId": "10dae51f-b6af-4016-8d66-8c2a99b929b3",
    "defaultUserRolePermissions": {"allowedToCreateApps": True, "allowedToCreateSecurityGroups": True,
                                   "allowedToCreateTenants": True,
                                   "allowedToReadBitlockerKeysForOwnedDevice": True,
                                   "allowedToReadOtherUsers": True,
                                   "permissionGrantPoliciesAssigned": [
                                       "ManagePermissionGrantsForSelf.microsoft-user-default-legacy"]}},
        "ps51")

case("SD001", "pascalcase-sdk-output", "fail",
     "Graph PowerShell SDK output is read: PascalCase 'IsEnabled' (UTF-16BE with BOM, @odata.context "
     "inside AdditionalProperties) and a PascalCase policy with 'State': 'enabled' conflict.",
     ["tenant"]) \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(True), "ps7", "utf16be") \
    .write("Get-MgIdentityConditionalAccessPolicy.json", [ca_sdk(mfa_all_users("sd001-i1"))], "ps7")

# ============================================================================================
# LEG001 legacy-auth-not-blocked
# ============================================================================================

case("LEG001", "defaults-on-no-ca", "pass",
     "Security defaults on block legacy authentication, which proves the rule passes without any CA "
     "data.") \
    .write("securityDefaults.json", sd_graph(True))

c = case("LEG001", "one-policy-blocks-both-legacy-types", "pass",
         "One enabled policy blocking [exchangeActiveSync, other] for All users on All apps (EntraExporter "
         "tree written by PowerShell 7) blocks legacy authentication.")
c.write(SD_EE_PATH, security_defaults(False), "ps7")
c.ee_item("Identity/Conditional/AccessPolicies", block_legacy("leg-b1"), "ps7")
c.ee_item("Identity/Conditional/AccessPolicies", mfa_all_users("leg-b2"), "ps7")

case("LEG001", "two-policies-union", "pass",
     "Coverage is the union of enforced policies: one blocks exchangeActiveSync, another blocks other "
     "(UTF-8 with BOM).") \
    .write("securityDefaults.json", sd_graph(False), enc="utf8bom") \
    .write("conditionalAccessPolicies.json", ca_graph(
        ca("leg-c1", "CA010: Block Exchange ActiveSync clients", "enabled",
           client_app_types=["exchangeActiveSync"], g=BLOCK),
        ca("leg-c2", "CA011: Block other legacy clients", "enabled",
           client_app_types=["other"], g=BLOCK),
    ), enc="utf8bom")

case("LEG001", "report-only-block-policy", "fail",
     "A report-only block policy enforces nothing; the subject is the tenant id from the Graph "
     "organization collection.",
     [TENANT]) \
    .write("organization.json", org_graph()) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("leg-d1"),
        block_legacy("leg-d2", state="enabledForReportingButNotEnforced"),
    ))

case("LEG001", "blocks-only-other", "fail",
     "Blocking only 'other' leaves exchangeActiveSync open, so legacy authentication is not blocked.",
     ["tenant"]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("policies.json", [
        ca("leg-e1", "CA003: Block legacy authentication", "enabled",
           client_app_types=["other"], g=BLOCK),
    ], "ps7")

case("LEG001", "block-excludes-trusted-locations", "fail",
     "A legacy-auth block policy that excludes AllTrusted locations is narrowed and does not block "
     "legacy authentication everywhere.",
     ["tenant"]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(
        block_legacy("leg-f1", locations={"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]}),
    ))

c = case("LEG001", "block-excludes-a-user", "fail",
         "Excluding a user (not a declared emergency-access account) from the block policy breaks "
         "'all users' (EntraExporter, UTF-16LE); the subject is the Organization's id.",
         [TENANT])
c.write("Organization/Organization.json", organization(), "ps51")
c.write(SD_EE_PATH, security_defaults(False), "ps51")
c.ee_item("Identity/Conditional/AccessPolicies",
          block_legacy("leg-g1", users=users_cond(include_users=["All"], exclude_users=[uid("irvin")])))

case("LEG001", "block-excludes-dirsync-role-only", "pass",
     "Excluding only the Directory Synchronization Accounts role is expected and still counts as all "
     "users (Graph PowerShell SDK PascalCase output).") \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(False), "ps7") \
    .write("Get-MgIdentityConditionalAccessPolicy.json", [
        ca_sdk(block_legacy("leg-h1", users=users_cond(include_users=["All"], exclude_roles=[DIR_SYNC]))),
    ], "ps7")

case("LEG001", "block-scoped-to-office365", "fail",
     "A block policy scoped to includeApplications Office365 does not cover all apps.",
     ["tenant"]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(block_legacy("leg-i1", include_apps=["Office365"])))

c = case("LEG001", "config-export-defaults-off-no-ca-folder", "fail",
         "An EntraExporter Config export with security defaults off and no CA folder has zero CA "
         "policies, so nothing blocks legacy authentication.",
         [TENANT])
c.write("Organization/Organization.json", organization(), "ps51")
c.write(SD_EE_PATH, security_defaults(False), "ps51")

case("LEG001", "no-defaults-no-ca-data", "not-evaluated",
     "Neither security defaults nor CA data is present (only the organization), so the rule cannot be "
     "decided.") \
    .write("organization.json", org_graph())

case("LEG001", "defaults-unknown-enabled-block-policy", "pass",
     "Without a security defaults document an enabled CA policy implies defaults are off, and that "
     "policy blocks both legacy types (UTF-16BE with BOM).") \
    .write("conditionalAccessPolicies.json", ca_graph(block_legacy("leg-l1")), "ps7", "utf16be")

case("LEG001", "defaults-unknown-enabled-policies-not-blocking", "fail",
     "Without a security defaults document, enabled CA policies imply defaults are off, and none of "
     "them blocks legacy authentication.",
     ["tenant"]) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("leg-m1"),
        block_legacy("leg-m2", state="disabled"),
    ))

# ============================================================================================
# MFA001 admin-without-mfa
# ============================================================================================

case("MFA001", "global-admin-not-registered", "fail",
     "A Global Administrator (Graph roleAssignments with inline principal) whose registration details "
     "say isMfaRegistered false is a finding even with security defaults on; an unregistered "
     "non-admin is not.",
     [uid("adele")]) \
    .write("securityDefaults.json", sd_graph(True)) \
    .write("roleAssignments.json", ra_graph(role_assignment(GA, user_principal("adele"), beta=False))) \
    .write("userRegistrationDetails.json", reg_graph(
        reg("adele", registered=False, admin=True),
        reg("alex", registered=False),
    ))

c = case("MFA001", "admin-excluded-by-user-id", "fail",
         "An admin excluded by object id from the only MFA policy (EntraExporter, UTF-16LE) is not "
         "required to use MFA although registered.",
         [uid("megan")])
c.write(SD_EE_PATH, security_defaults(False), "ps51")
c.ee_item("Identity/Conditional/AccessPolicies",
          mfa_for_admins("mfa-b1", users=users_cond(include_roles=ADMIN_ROLES, exclude_users=[uid("megan")])))
ra = role_assignment(GA, user_principal("megan"))
c.ee_item("RoleManagement/Directory/RoleAssignments", ra)
c.write("userRegistrationDetails.json", reg_graph(reg("megan", admin=True)))

c = case("MFA001", "pim-eligible-admin-not-covered", "fail",
         "A user only eligible (PIM, EntraExporter PIM/DirectoryRoles file) for Exchange Administrator is "
         "an admin, and an MFA policy targeting only Global Administrator does not cover them.",
         [uid("lee")])
c.write(SD_EE_PATH, security_defaults(False), "ps51")
c.ee_item("Identity/Conditional/AccessPolicies",
          mfa_for_admins("mfa-c1", users=users_cond(include_roles=[GA])))
c.ee_item("RoleManagement/Directory/RoleAssignments", role_assignment(GA, user_principal("alex")))
sched = guid("pim/lee-exchange")
c.write(f"PIM/DirectoryRoles/{sched}.json", {
    "id": b64id(EXCHANGE_ADMIN, uid("lee"))[:-2] + "-1-e",
    "principalId": uid("lee"),
    "roleDefinitionId": EXCHANGE_ADMIN,
    "directoryScopeId": "/",
    "appScopeId": None,
    "startDateTime": "2024-05-02T08:15:31.37Z",
    "endDateTime": None,
    "memberType": "Direct",
    "roleEligibilityScheduleId": sched,
    "roleDefinition": {
        "id": EXCHANGE_ADMIN,
        "description": "Can manage all aspects of the Exchange product.",
        "displayName": "Exchange Administrator",
        "isBuiltIn": True,
        "isEnabled": True,
        "resourceScopes": ["/"],
        "templateId": EXCHANGE_ADMIN,
        "version": "1",
        "rolePermissions": [{"allowedResourceActions": [
            "microsoft.directory/groups/hiddenMembers/read",
            "microsoft.office365.exchange/allEntities/basic/allTasks"], "condition": None}],
        "inheritsPermissionsFrom": [{"id": "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"}],
    },
    "principal": {"@odata.type": "#microsoft.graph.user", "id": uid("lee"), "displayName": name("lee"),
                  "userPrincipalName": upn("lee"), "accountEnabled": True, "userType": "Member"},
    "PrincipalName": name("lee"),
    "RoleName": "Exchange Administrator",
    "Policy": {
        "RoleName": None,
        "RoleID": EXCHANGE_ADMIN,
        "PolicyID": f"DirectoryRole_{TENANT}_{guid('pim-policy/exchange')}",
        "Rules": [
            {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
             "id": "Expiration_Admin_Eligibility", "isExpirationRequired": False,
             "maximumDuration": "P365D",
             "target": {"caller": "Admin", "operations": ["All"], "level": "Eligibility",
                        "inheritableSettings": [], "enforcedSettings": []}},
            {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
             "id": "Enablement_EndUser_Assignment", "enabledRules": ["Justification"],
             "target": {"caller": "EndUser", "operations": ["All"], "level": "Assignment",
                        "inheritableSettings": [], "enforcedSettings": []}},
        ],
    },
}, "ps51")
c.write("userRegistrationDetails.json", reg_graph(reg("alex", admin=True), reg("lee", admin=True)))

c = case("MFA001", "role-member-excluded-via-group", "fail",
         "A Security Administrator found through directory role membership "
         "(DirectoryRoles/<id>/Members) is excluded from the MFA policy through a group whose "
         "membership is exported (Groups/<gid>/Members), so they are not covered.",
         [uid("diego")])
role_obj = guid("directoryRole/security-admin")
c.write(SD_EE_PATH, security_defaults(False), "ps7")
c.ee_item("DirectoryRoles", {
    "id": role_obj, "deletedDateTime": None,
    "description": "Can read security information and reports, and manage configuration in Azure AD "
                   "and Office 365.",
    "displayName": "Security Administrator", "roleTemplateId": SECURITY_ADMIN}, "ps7")
c.ee_item(f"DirectoryRoles/{role_obj}/Members", member("diego"), "ps7")
grp = group("mfa-exclusions", "CA-Exclude-MFA-Travel", "Temporary MFA exclusions for travelling staff")
c.ee_item("Groups", grp, "ps7")
c.ee_item(f"Groups/{grp['id']}/Members", member("diego"), "ps7")
c.ee_item(f"Groups/{grp['id']}/Members", member("emily"), "ps7")
c.ee_item("Identity/Conditional/AccessPolicies",
          mfa_all_users("mfa-d1", users=users_cond(include_users=["All"], exclude_groups=[grp["id"]])), "ps7")
c.write("userRegistrationDetails.json", reg_graph(reg("diego", admin=True), reg("emily")), "ps7")

case("MFA001", "or-mfa-or-compliant-device", "fail",
     "An enabled policy granting mfa OR compliantDevice does not require MFA, so the admin is not "
     "required to use it.",
     [uid("patti")]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("roleAssignments.json", ra_graph(role_assignment(USER_ADMIN, user_principal("patti"), beta=False))) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("mfa-e1", g=grant(["mfa", "compliantDevice"], operator="OR")))) \
    .write("userRegistrationDetails.json", reg_graph(reg("patti", admin=True)))

case("MFA001", "mfa-policy-excludes-trusted-locations", "fail",
     "The only MFA policy excludes AllTrusted locations, so the admin is not always required to use "
     "MFA (no security defaults document: the enabled policy implies defaults are off).",
     [uid("nestor")]) \
    .write("roleAssignments.json", ra_graph(role_assignment(PRIV_ROLE_ADMIN, user_principal("nestor"), beta=False))) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("mfa-f1", locations={"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]}))) \
    .write("userRegistrationDetails.json", reg_graph(reg("nestor", admin=True)))

case("MFA001", "mfa-policy-report-only", "fail",
     "A report-only MFA-for-admins policy enforces nothing, so with security defaults off the "
     "registered admin is not required to use MFA.",
     [uid("johanna")]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("roleAssignments.json", ra_graph(role_assignment(GA, user_principal("johanna"), beta=False))) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_for_admins("mfa-g1", state="enabledForReportingButNotEnforced"))) \
    .write("userRegistrationDetails.json", reg_graph(reg("johanna", admin=True)))

case("MFA001", "defaults-on-admins-registered", "pass",
     "Security defaults on require MFA of every admin and registration details (SDK PascalCase bare "
     "array, UTF-8 with BOM) show both admins registered.") \
    .write("securityDefaults.json", sd_graph(True)) \
    .write("roleAssignments.json", ra_graph(
        role_assignment(GA, user_principal("grady"), beta=False),
        role_assignment(EXCHANGE_ADMIN, user_principal("lidia"), beta=False))) \
    .write("Get-MgReportAuthenticationMethodUserRegistrationDetail.json",
           reg_sdk(reg("grady", admin=True), reg("lidia", admin=True), reg("henrietta", registered=False)),
           "ps7", "utf8bom")

case("MFA001", "role-targeted-policy-covers-admin", "pass",
     "An enabled MFA policy (SDK PascalCase) including the Global Administrator role on All apps covers "
     "the registered Global Administrator.") \
    .write("Get-MgPolicyIdentitySecurityDefaultEnforcementPolicy.json", sd_sdk(False), "ps7") \
    .write("Get-MgIdentityConditionalAccessPolicy.json", [
        ca_sdk(mfa_for_admins("mfa-i1", users=users_cond(include_roles=[GA])))], "ps7") \
    .write("roleAssignments.json", ra_graph(role_assignment(GA, user_principal("alex"), beta=False))) \
    .write("userRegistrationDetails.json", reg_graph(reg("alex", admin=True)))

c = case("MFA001", "group-principal-members-covered", "pass",
         "A Global Administrator assignment to a role-assignable group makes its exported members "
         "admins; an all-users policy requiring an authentication strength covers them and both are "
         "registered.")
tier0 = group("tier0-global-admins", "Tier0-GlobalAdmins", "Role-assignable group holding Global Administrator",
              role_assignable=True)
c.write(SD_EE_PATH, security_defaults(False), "ps51")
c.ee_item("Identity/Conditional/AccessPolicies",
          ca("mfa-j1", "CA004: Require phishing-resistant MFA for all users", "enabled",
             g=grant([], operator="OR", strength=PHISHING_RESISTANT)))
c.ee_item("RoleManagement/Directory/RoleAssignments", role_assignment(GA, {
    "@odata.type": "#microsoft.graph.group", "id": tier0["id"], "deletedDateTime": None,
    "displayName": tier0["displayName"], "description": tier0["description"], "groupTypes": [],
    "isAssignableToRole": True, "mailEnabled": False, "mailNickname": tier0["mailNickname"],
    "securityEnabled": True}))
c.ee_item("Groups", tier0)
c.ee_item(f"Groups/{tier0['id']}/Members", member("christie"))
c.ee_item(f"Groups/{tier0['id']}/Members", member("enrico"))
c.write("userRegistrationDetails.json",
        reg_graph(reg("christie", admin=True), reg("enrico", admin=True)), "ps51")

sync_id = guid("user/sync-account")
case("MFA001", "directory-sync-account-not-admin", "pass",
     "A user whose only role is Directory Synchronization Accounts is a service account, not an admin, "
     "even when unregistered and flagged isAdmin; the real admin is registered under security "
     "defaults.") \
    .write("securityDefaults.json", sd_graph(True)) \
    .write("roleAssignments.json", ra_graph(
        role_assignment(DIR_SYNC, {
            "@odata.type": "#microsoft.graph.user", "id": sync_id, "deletedDateTime": None,
            "accountEnabled": True, "displayName": "On-Premises Directory Synchronization Service Account",
            "userPrincipalName": "Sync_SRV-AADC01_5f0d3c2a9b1e@contoso.onmicrosoft.com",
            "userType": "Member", "mail": None}, beta=False),
        role_assignment(GA, user_principal("grady"), beta=False))) \
    .write("userRegistrationDetails.json", reg_graph(
        reg("sync", registered=False, admin=True, sspr_enabled=False, uid_=sync_id,
            upn_="Sync_SRV-AADC01_5f0d3c2a9b1e@contoso.onmicrosoft.com",
            display="On-Premises Directory Synchronization Service Account"),
        reg("grady", admin=True)))

sp_id = guid("servicePrincipal/automation")
case("MFA001", "service-principal-global-admin-ignored", "pass",
     "A service principal holding Global Administrator (SDK output, @odata.type inside "
     "AdditionalProperties) is not a person and is ignored; the only human admin is registered "
     "under security defaults.") \
    .write("securityDefaults.json", sd_graph(True)) \
    .write("Get-MgRoleManagementDirectoryRoleAssignment.json", [
        {"AppScope": None, "AppScopeId": None, "Condition": None, "DirectoryScope": None,
         "DirectoryScopeId": "/", "Id": b64id(GA, sp_id),
         "Principal": {"DeletedDateTime": None, "Id": sp_id, "AdditionalProperties": {
             "@odata.type": "#microsoft.graph.servicePrincipal", "displayName": "Tenant Automation",
             "appId": guid("app/automation"), "servicePrincipalType": "Application",
             "accountEnabled": True}},
         "PrincipalId": sp_id, "RoleDefinition": None, "RoleDefinitionId": GA,
         "AdditionalProperties": {}},
        {"AppScope": None, "AppScopeId": None, "Condition": None, "DirectoryScope": None,
         "DirectoryScopeId": "/", "Id": b64id(GA, uid("isaiah")),
         "Principal": {"DeletedDateTime": None, "Id": uid("isaiah"), "AdditionalProperties": {
             "@odata.type": "#microsoft.graph.user", "displayName": name("isaiah"),
             "userPrincipalName": upn("isaiah"), "accountEnabled": True}},
         "PrincipalId": uid("isaiah"), "RoleDefinition": None, "RoleDefinitionId": GA,
         "AdditionalProperties": {}},
    ], "ps7") \
    .write("userRegistrationDetails.json", reg_graph(reg("isaiah", admin=True)))

case("MFA001", "no-role-and-no-registration-data", "not-evaluated",
     "Security defaults and CA policies alone do not say who the admins are: without role data and "
     "registration details the rule is not evaluated.") \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("conditionalAccessPolicies.json", ca_graph(mfa_all_users("mfa-m1")))

c = case("MFA001", "registration-not-exported", "not-evaluated",
         "Role data and security defaults on show enforcement without gaps, but with no registration "
         "details the registration half is not checked, so the rule is not evaluated.")
c.write("Organization/Organization.json", organization(), "ps51")
c.write(SD_EE_PATH, security_defaults(True), "ps51")
c.ee_item("RoleManagement/Directory/RoleAssignments", role_assignment(GA, user_principal("adele")))

case("MFA001", "isadmin-flag-without-role-data", "fail",
     "With no role data, registration details paged over two files (@odata.nextLink) identify admins "
     "by isAdmin: the unregistered admin on page 2 is a finding, unregistered non-admins are not.",
     [uid("miriam")]) \
    .write("userRegistrationDetails-1.json", reg_graph(
        reg("pradeep", admin=True), reg("henrietta", registered=False), reg("irvin"),
        next_link="https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails"
                  "?$skiptoken=RFNwdAIAAQAAACI6TWlyaWFtR0BDb250b3NvLmNvbSkAAAAAAAAAAAAA")) \
    .write("userRegistrationDetails-2.json", reg_graph(
        reg("miriam", registered=False, admin=True), reg("lidia", registered=False)))

case("MFA001", "unregistered-and-excluded-two-findings", "fail",
     "One admin who is both unregistered and excluded from the only MFA policy yields two findings "
     "(one per reason), so the subject appears twice.",
     [uid("joni"), uid("joni")]) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("roleAssignments.json", ra_graph(role_assignment(SECURITY_ADMIN, user_principal("joni"), beta=False))) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("mfa-p1", users=users_cond(include_users=["All"], exclude_users=[uid("joni")])))) \
    .write("userRegistrationDetails.json", reg_graph(reg("joni", registered=False, admin=True)))

case("MFA001", "excluded-group-membership-unknown", "not-evaluated",
     "The only admin is registered but excluded through a group whose membership is not in the "
     "export: coverage is undecidable, so there is no finding and the rule is not evaluated.") \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("roleAssignments.json", ra_graph(role_assignment(GA, user_principal("lynne"), beta=False))) \
    .write("conditionalAccessPolicies.json", ca_graph(
        mfa_all_users("mfa-q1", users=users_cond(include_users=["All"],
                                                 exclude_groups=[guid("group/legacy-exclusions")])))) \
    .write("userRegistrationDetails.json", reg_graph(reg("lynne", admin=True)))

# ============================================================================================
# SSPR001 sspr-not-enabled
# ============================================================================================

case("SSPR001", "policy-enablement-none", "fail",
     "The SSPR policy with enablementType 0 (none) is a finding; without an Organization document "
     "the subject is 'tenant'.",
     ["tenant"]) \
    .write("PasswordResetPolicies.json", sspr_policy(0), "ps7")

sspr_group = guid("group/sspr-pilot")
c = case("SSPR001", "policy-selected-group", "fail",
         "enablementType 1 (a selected group only) is a finding (warning); the subject is the tenant "
         "id from EntraExporter's Organization.json (UTF-16LE).",
         [TENANT])
c.write("Organization/Organization.json", organization(), "ps51")
c.write("PasswordResetPolicies.json", sspr_policy(1, [sspr_group], "SSPR-Pilot-Users"), "ps7")

case("SSPR001", "policy-all-users", "pass",
     "enablementType 2 (all users) passes.") \
    .write("PasswordResetPolicies.json", sspr_policy(2), "graph")

case("SSPR001", "no-sspr-data", "not-evaluated",
     "Neither the SSPR policy nor registration details are present; authorizationPolicy "
     "allowedToUseSSPR (SSPR for admins) is not evidence, so the rule is not evaluated.") \
    .write("organization.json", org_graph()) \
    .write("securityDefaults.json", sd_graph(False)) \
    .write("authorizationPolicy.json", {
        "@odata.context": CTX_AUTHZ, "id": "authorizationPolicy", "allowInvitesFrom": "everyone",
        "allowedToSignUpEmailBasedSubscriptions": True, "allowedToUseSSPR": True,
        "allowEmailVerifiedUsersToJoinOrganization": False, "blockMsolPowerShell": False,
        "displayName": "Authorization Policy",
        "description": "Used to manage authorization related settings across the company.",
        "guestUserRoleId": "10dae51f-b6af-4016-8d66-8c2a99b929b3",
        "defaultUserRolePermissions": {"allowedToCreateApps": False, "allowedToCreateSecurityGroups": False,
                                       "allowedToReadOtherUsers": True,
                                       "permissionGrantPoliciesAssigned": []}})

case("SSPR001", "registration-no-member-enabled", "fail",
     "Without the SSPR policy, registration details where no member user has isSsprEnabled true show "
     "SSPR is off (error).",
     ["tenant"]) \
    .write("userRegistrationDetails.json", reg_graph(
        reg("adele", sspr_enabled=False), reg("alex", sspr_enabled=False, registered=False),
        reg("megan", sspr_enabled=False, admin=True),
        guest("jdoe", "John Doe (Fabrikam)", sspr_enabled=False, registered=False)))

case("SSPR001", "registration-some-members-enabled", "fail",
     "Without the SSPR policy, registration details (SDK PascalCase bare array) where only some member "
     "users have IsSsprEnabled true show SSPR is partial (warning).",
     ["tenant"]) \
    .write("Get-MgReportAuthenticationMethodUserRegistrationDetail.json", reg_sdk(
        reg("adele"), reg("alex"), reg("megan", sspr_enabled=False), reg("lee", sspr_enabled=False)),
        "ps7")

case("SSPR001", "registration-all-members-enabled", "pass",
     "Registration details paged over two files (beta, UTF-16LE) show every member with isSsprEnabled "
     "true; guests with false are ignored.") \
    .write("userRegistrationDetails_page1.json", reg_graph(
        reg("adele"), reg("alex", registered=False, sspr_registered=False),
        guest("jdoe", "John Doe (Fabrikam)", sspr_enabled=False, registered=False),
        next_link="https://graph.microsoft.com/beta/reports/authenticationMethods/userRegistrationDetails"
                  "?$skiptoken=RFNwdAIAAQAAACE6QWxleFdAQ29udG9zby5jb20pAAAAAAAAAAAAAA",
        beta=True), "ps51") \
    .write("userRegistrationDetails_page2.json", reg_graph(
        reg("megan", admin=True), reg("lee"),
        guest("asmith", "Anna Smith (Fabrikam)", sspr_enabled=False),
        beta=True), "ps51")

pascal_policy = {k[0].upper() + k[1:]: v for k, v in sspr_policy(1, [sspr_group], "SSPR-Pilot-Users").items()}
case("SSPR001", "policy-pascalcase-keys", "fail",
     "An SSPR policy written with PascalCase keys ('EnablementType': 1) is recognised and read "
     "(warning).",
     ["tenant"]) \
    .write("PasswordResetPolicy.json", pascal_policy, "ps51", "utf8bom")

case("SSPR001", "policy-decides-over-registration", "pass",
     "When the SSPR policy file is present it decides: enablementType 2 passes although registration "
     "details show no member with isSsprEnabled true.") \
    .write("PasswordResetPolicies.json", sspr_policy(2), "ps7") \
    .write("userRegistrationDetails.json", reg_graph(
        reg("adele", sspr_enabled=False), reg("alex", sspr_enabled=False)))


if __name__ == "__main__":
    emit()
    for c in CASES:
        e = c.expect
        print(f"{e['rule']:8} {c.dir.name:52} {e['status']:14} {len(e['subjects'])}")
