#!/usr/bin/env python3
"""Writes the four example tenants under testdata/tenants/ and their README.md.

    python3 testdata/tenants/generate.py

Standard library only. The output is deterministic: GUIDs are derived from names, dates are
fixed, nothing depends on the clock or on randomness, so re-running it changes nothing. It
deletes and rewrites contoso/, fabrikam/, tailspin/, northwind/ and README.md; edit this
script, not the generated files.

Each tenant is what an administrator's tools leave on disk:

  <tenant>/export/   Microsoft EntraExporter v3 `Export-Entra` output: one JSON object per file,
                     camelCase Graph properties, no top-level @odata.context, paths as the
                     exporter builds them (<Path>/<id>/<id>.json, PIM/DirectoryRoles/<id>.json).
  <tenant>/reports/  Graph responses EntraExporter does not export, saved beside it:
                     userRegistrationDetails (Graph beta, paged over two files) and the
                     portal's SSPR policy (api/PasswordReset/PasswordResetPolicies).

Serialisations (chosen per tenant and per file, see Tenant.style):

  ps7-crlf   PowerShell 7 on Windows: ConvertTo-Json | Out-File -> 2-space indent, CRLF,
             UTF-8 without BOM, trailing newline.
  ps7-lf     PowerShell 7 on Linux (a pipeline agent): the same with LF.
  ps51       Windows PowerShell 5.1: ConvertTo-Json | Out-File -> 5.1's column-aligned
             indent, two spaces after the colon, ' < > & escaped as \\u00XX, CRLF,
             UTF-16LE with BOM. (The formatter reproduces the real 5.1 files in
             real Windows PowerShell 5.1 exports byte for byte.)
  ps51-utf8  the same layout written by Set-Content -Encoding UTF8: UTF-8 *with* BOM.
  raw        a Graph/portal HTTP response body saved as returned: compact, UTF-8, no BOM,
             no trailing newline.

The expected findings are declared by hand in EXPECTED (the test oracle: they are what the
rules' pages in rules/ say, worked
out person by person and role by role, not computed by code that could share the linter's
mistakes). check() only verifies that the
data says what EXPECTED assumes (e.g. that an admin expected to be unregistered has
isMfaRegistered false), then README.md is rendered from the same tables.
"""

import base64
import hashlib
import json
import shutil
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TENANTS = ("contoso", "fabrikam", "tailspin", "northwind")

# =============================================================================================
# Identifiers and well-known ids
# =============================================================================================


def guid(*parts):
    """A fixed GUID that looks like Entra's (version 4), derived from a name."""
    name = "tenantlint-tenants/" + "/".join(parts)
    b = bytearray(hashlib.sha256(name.encode()).digest()[:16])
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(b)))


def b64id(*guids, suffix="-1"):
    """Graph's id style for role assignments / schedule instances: base64url of the GUIDs'
    .NET byte order, unpadded, plus a suffix (real ids decode to roleDefinitionId+principalId)."""
    raw = b"".join(uuid.UUID(g).bytes_le for g in guids)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=") + suffix


def frac(*parts):
    """7 fractional-second digits, as Graph writes them, fixed per name."""
    return int(hashlib.sha256("/".join(parts).encode()).hexdigest()[:8], 16) % 10_000_000


def ts(when, *parts):
    """'2024-03-14T09:21:33' -> '2024-03-14T09:21:33.1234567Z'."""
    return "%s.%07dZ" % (when, frac(when, *parts))


SD_ID = "00000000-0000-0000-0000-000000000005"

# Role template ids (FORMATS.md). The 14 "admin" roles of Microsoft's "Require MFA for
# administrators" template:
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
# Roles that are *not* admin roles for these rules:
GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451"
HYBRID_ID_ADMIN = "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2"
DIR_SYNC = "d29b2b05-8046-44ba-8758-1e26182fcf32"

ADMIN_ROLES = [GA, SECURITY_ADMIN, SHAREPOINT_ADMIN, EXCHANGE_ADMIN, CA_ADMIN, HELPDESK_ADMIN,
               BILLING_ADMIN, USER_ADMIN, AUTH_ADMIN, APP_ADMIN, CLOUD_APP_ADMIN, PASSWORD_ADMIN,
               PRIV_AUTH_ADMIN, PRIV_ROLE_ADMIN]   # the template's order

# name, description (as Graph returns them), a few of the real allowedResourceActions
# (abbreviated: the linter never reads permissions)
BUILTIN_ROLES = {
    GA: ("Global Administrator",
         "Can manage all aspects of Microsoft Entra ID and Microsoft services that use "
         "Microsoft Entra identities.",
         ["microsoft.directory/users/allProperties/allTasks",
          "microsoft.directory/groups/allProperties/allTasks",
          "microsoft.directory/roleAssignments/allProperties/allTasks",
          "microsoft.directory/conditionalAccessPolicies/allProperties/allTasks"]),
    PRIV_ROLE_ADMIN: ("Privileged Role Administrator",
                      "Can manage role assignments in Microsoft Entra ID, and all aspects of "
                      "Privileged Identity Management.",
                      ["microsoft.directory/roleAssignments/allProperties/allTasks",
                       "microsoft.directory/roleDefinitions/allProperties/allTasks",
                       "microsoft.directory/privilegedIdentityManagement/allProperties/read"]),
    PRIV_AUTH_ADMIN: ("Privileged Authentication Administrator",
                      "Can access to view, set and reset authentication method information "
                      "for any user (admin or non-admin).",
                      ["microsoft.directory/users/authenticationMethods/create",
                       "microsoft.directory/users/authenticationMethods/delete",
                       "microsoft.directory/users/password/update"]),
    SECURITY_ADMIN: ("Security Administrator",
                     "Can read security information and reports, and manage configuration in "
                     "Microsoft Entra ID and Office 365.",
                     ["microsoft.directory/conditionalAccessPolicies/basic/update",
                      "microsoft.directory/namedLocations/basic/update",
                      "microsoft.directory/identityProtection/allProperties/update"]),
    CA_ADMIN: ("Conditional Access Administrator",
               "Can manage Conditional Access capabilities.",
               ["microsoft.directory/conditionalAccessPolicies/create",
                "microsoft.directory/conditionalAccessPolicies/basic/update",
                "microsoft.directory/namedLocations/create"]),
    USER_ADMIN: ("User Administrator",
                 "Can manage all aspects of users and groups, including resetting passwords for "
                 "limited admins.",
                 ["microsoft.directory/users/create",
                  "microsoft.directory/users/delete",
                  "microsoft.directory/users/password/update",
                  "microsoft.directory/groups/create"]),
    PASSWORD_ADMIN: ("Password Administrator",
                     "Can reset passwords for non-administrators and Password Administrators.",
                     ["microsoft.directory/users/password/update"]),
    HELPDESK_ADMIN: ("Helpdesk Administrator",
                     "Can reset passwords for non-administrators and Helpdesk Administrators.",
                     ["microsoft.directory/users/password/update",
                      "microsoft.directory/users/invalidateAllRefreshTokens"]),
    AUTH_ADMIN: ("Authentication Administrator",
                 "Can access to view, set and reset authentication method information for any "
                 "non-admin user.",
                 ["microsoft.directory/users/authenticationMethods/create",
                  "microsoft.directory/users/authenticationMethods/basic/update",
                  "microsoft.directory/users/password/update"]),
    APP_ADMIN: ("Application Administrator",
                "Can create and manage all aspects of app registrations and enterprise apps.",
                ["microsoft.directory/applications/create",
                 "microsoft.directory/servicePrincipals/create",
                 "microsoft.directory/applications/credentials/update"]),
    CLOUD_APP_ADMIN: ("Cloud Application Administrator",
                      "Can create and manage all aspects of app registrations and enterprise "
                      "apps except App Proxy.",
                      ["microsoft.directory/applications/create",
                       "microsoft.directory/servicePrincipals/create"]),
    EXCHANGE_ADMIN: ("Exchange Administrator",
                     "Can manage all aspects of the Exchange product.",
                     ["microsoft.office365.exchange/allEntities/basic/allTasks",
                      "microsoft.directory/groups.unified/create"]),
    SHAREPOINT_ADMIN: ("SharePoint Administrator",
                       "Can manage all aspects of the SharePoint service.",
                       ["microsoft.office365.sharepoint/allEntities/allTasks",
                        "microsoft.directory/groups.unified/create"]),
    BILLING_ADMIN: ("Billing Administrator",
                    "Can perform common billing related tasks like updating payment information.",
                    ["microsoft.commerce.billing/allEntities/allProperties/allTasks",
                     "microsoft.directory/organization/basic/update"]),
    GLOBAL_READER: ("Global Reader",
                    "Can read everything that a Global Administrator can, but not update "
                    "anything.",
                    ["microsoft.directory/users/standard/read",
                     "microsoft.directory/conditionalAccessPolicies/standard/read"]),
    HYBRID_ID_ADMIN: ("Hybrid Identity Administrator",
                      "Can manage Active Directory to Microsoft Entra cloud provisioning, "
                      "Microsoft Entra Connect, Pass-through Authentication (PTA), Password hash "
                      "synchronization (PHS), Seamless Single sign-on (Seamless SSO), and "
                      "federation settings.",
                      ["microsoft.directory/cloudProvisioning/allProperties/allTasks",
                       "microsoft.directory/domains/federation/update"]),
    DIR_SYNC: ("Directory Synchronization Accounts",
               "Only used by Microsoft Entra Connect service.",
               ["microsoft.directory/organization/dirSync/update",
                "microsoft.directory/users/create"]),
}
PRIVILEGED = {GA, PRIV_ROLE_ADMIN, PRIV_AUTH_ADMIN, SECURITY_ADMIN, CA_ADMIN, USER_ADMIN,
              PASSWORD_ADMIN, HELPDESK_ADMIN, AUTH_ADMIN, APP_ADMIN, CLOUD_APP_ADMIN,
              HYBRID_ID_ADMIN, DIR_SYNC}

# Conditional Access templates (ids as Graph lists them in identity/conditionalAccess/templates)
TPL_MFA_ADMINS = "c7503427-338e-4c5e-902d-abe252abfb43"
TPL_MFA_ALL = "a3d0a415-b068-4326-9251-f9cdf9feeb64"
TPL_BLOCK_LEGACY = "0b2282f9-2862-4178-88b5-d79340b36cb8"
TPL_RISKY_SIGNIN = "6b619f55-792e-45dc-9711-d83ec9d7ae90"
TPL_RISKY_USER = "634b6de7-c38d-4357-a2c7-3842706eedd7"
TPL_PHISHRES_ADMINS = "76c03f19-ea37-4656-a772-a183b4ddb81d"
TPL_MFA_OR_DEVICE = "927c884e-7888-4e81-abc4-bd56ded28985"
TPL_MFA_AZURE = "d8c51a9a-e6b1-454d-86af-554e7872e2c1"
TPL_SECINFO = "b8bda7f8-6584-4446-bce9-d871480e53fa"
TPL_GUEST_MFA = "a4072ac0-722b-4991-981b-7f9755daef14"
TPL_NO_PERSISTENT = "62e51ccc-c9c3-4554-ac70-066172c81007"

AZURE_MANAGEMENT_APP = "797f4846-ba00-4fd7-ba43-dac1f8f63013"

# Licences
P1_PLAN = ("41781fb2-bc02-4b7c-bd55-b576c07bb09d", "AAD_PREMIUM", "AADPremiumService")
P2_PLAN = ("eec0eb4f-6444-4f95-aba0-50c24d67f998", "AAD_PREMIUM_P2", "AADPremiumService")
PLANS = {  # servicePlanName -> (servicePlanId, service as organization.assignedPlans names it)
    "EXCHANGE_S_FOUNDATION": ("113feb6c-3fe4-4440-bddc-54d774bf0318", "exchange"),
    "EXCHANGE_S_ENTERPRISE": ("efb87545-963c-4e0d-99df-69c6916d9eb0", "exchange"),
    "EXCHANGE_S_STANDARD": ("9aaf7827-d63c-4b61-89c3-182f06f82e5c", "exchange"),
    "SHAREPOINTENTERPRISE": ("5dbe027f-2339-4123-9542-606e4d348a72", "SharePoint"),
    "SHAREPOINTSTANDARD": ("c7699d2e-19aa-44de-8edf-1736da088ca1", "SharePoint"),
    "MCOSTANDARD": ("0feaeb32-d00e-4d66-bd5a-43b5b83db82c", "MicrosoftCommunicationsOnline"),
    "MCOEV": ("4828c8ec-dc2e-4779-b502-87ac9ce28ab7", "MicrosoftCommunicationsOnline"),
    "TEAMS1": ("57ff2da0-773e-42df-b2af-ffb7a2317929", "TeamspaceAPI"),
    "OFFICESUBSCRIPTION": ("43de0ff5-c92c-492b-9116-175376d08c38", "MicrosoftOffice"),
    "OFFICE_BUSINESS": ("094e7854-93fc-4d55-b2c0-3ab5369ebdc1", "MicrosoftOffice"),
    "INTUNE_A": ("c1ec4a95-1f05-45b3-a911-aa3fa01094f5", "SCO"),
    "MFA_PREMIUM": ("8a256a2b-b617-496d-b51b-e76466e88db0", "MultiFactorService"),
    "AAD_PREMIUM": (P1_PLAN[0], P1_PLAN[2]),
    "AAD_PREMIUM_P2": (P2_PLAN[0], P2_PLAN[2]),
    "RMS_S_ENTERPRISE": ("bea4c11e-220a-4e6d-8eb8-8ea15d019f90", "RMSOnline"),
    "RMS_S_PREMIUM": ("6c57d4b6-3b23-47a5-9bc9-69f17b4947b3", "RMSOnline"),
    "RMS_S_PREMIUM2": ("5689bec4-755d-4753-8b61-40975025187c", "RMSOnline"),
    "ADALLOM_S_DISCOVERY": ("932ad362-64a8-4783-9106-97849a1a30b9", "Adallom"),
    "ADALLOM_S_STANDALONE": ("2e2ddb96-6af9-4b1d-a3f0-d6ecfd22edb2", "Adallom"),
    "ATA": ("14ab5db5-e6c4-4b20-b4bc-13e36fd2227f", "AzureAdvancedThreatAnalytics"),
    "WINDEFATP": ("871d91ec-ec1a-452b-a83f-bd76c7d770ef", "WindowsDefenderATP"),
    "ATP_ENTERPRISE": ("f20fedf3-f3c3-43c3-8267-2bfdd51c0939", "exchange"),
    "THREAT_INTELLIGENCE": ("8e0c0a52-6a6c-4d40-8370-dd62790dcd70", "exchange"),
    # Microsoft 365 Business Basic (no Entra ID premium plan)
    "BPOS_S_TODO_1": ("5e62787c-c316-451f-b873-1d05acd4d12c", "To-Do"),
    "FLOW_O365_P1": ("0f9b09cb-62d1-4ff4-9129-43f4996f83f4", "ProcessSimple"),
    "FORMS_PLAN_E1": ("159f4cd6-e380-449f-a816-af1a9ef76344", "OfficeForms"),
    "OFFICEMOBILE_SUBSCRIPTION": ("c63d4d19-e8cb-460e-b37c-4d6c34603745", "MicrosoftOffice"),
    "POWERAPPS_O365_P1": ("92f7a6f3-b89b-4bbd-8c30-809e6da5ad1c", "PowerAppsService"),
    "PROJECTWORKMANAGEMENT": ("b737dad2-2f6c-4c65-90e3-ca563267e8b9", "ProjectWorkManagement"),
    "SHAREPOINTWAC": ("e95bec33-7c88-4a70-8e19-b10bd9d0c014", "SharePoint"),
    "SWAY": ("a23b959c-7ce8-4e57-9140-b90eb88a9e97", "Sway"),
    "YAMMER_ENTERPRISE": ("7547a3fe-08ee-4ccb-b430-5077c5041653", "YammerEnterprise"),
}
SKUS = {  # skuPartNumber -> (skuId, service plans)
    "SPE_E3": ("05e9a617-0261-4cee-bb44-138d3ef5d965",
               ["EXCHANGE_S_ENTERPRISE", "SHAREPOINTENTERPRISE", "MCOSTANDARD", "TEAMS1",
                "OFFICESUBSCRIPTION", "INTUNE_A", "AAD_PREMIUM", "MFA_PREMIUM",
                "RMS_S_ENTERPRISE", "RMS_S_PREMIUM", "ADALLOM_S_DISCOVERY"]),
    "SPE_E5": ("06ebc4ee-1bb5-47dd-8120-11324bc54e06",
               ["EXCHANGE_S_ENTERPRISE", "SHAREPOINTENTERPRISE", "MCOSTANDARD", "MCOEV", "TEAMS1",
                "OFFICESUBSCRIPTION", "INTUNE_A", "AAD_PREMIUM", "AAD_PREMIUM_P2", "MFA_PREMIUM",
                "RMS_S_ENTERPRISE", "RMS_S_PREMIUM", "RMS_S_PREMIUM2", "ADALLOM_S_STANDALONE",
                "ATA", "WINDEFATP", "ATP_ENTERPRISE", "THREAT_INTELLIGENCE"]),
    "SPB": ("cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46",
            ["EXCHANGE_S_STANDARD", "SHAREPOINTSTANDARD", "MCOSTANDARD", "TEAMS1",
             "OFFICE_BUSINESS", "INTUNE_A", "AAD_PREMIUM", "MFA_PREMIUM", "RMS_S_PREMIUM",
             "ATP_ENTERPRISE"]),
    "O365_BUSINESS_ESSENTIALS": ("3b555118-da6a-4418-894f-7df1e2096870",   # Business Basic
                                 ["BPOS_S_TODO_1", "EXCHANGE_S_STANDARD", "FLOW_O365_P1",
                                  "FORMS_PLAN_E1", "MCOSTANDARD", "OFFICEMOBILE_SUBSCRIPTION",
                                  "POWERAPPS_O365_P1", "PROJECTWORKMANAGEMENT",
                                  "SHAREPOINTSTANDARD", "SHAREPOINTWAC", "SWAY", "TEAMS1",
                                  "YAMMER_ENTERPRISE"]),
    "AAD_PREMIUM_P2": ("84a661c4-e949-4bd2-a560-ed7766fcaf2b",
                       ["EXCHANGE_S_FOUNDATION", "AAD_PREMIUM", "AAD_PREMIUM_P2", "MFA_PREMIUM",
                        "ADALLOM_S_DISCOVERY"]),
}

GRAPH_BETA = "https://graph.microsoft.com/beta/"

# =============================================================================================
# Serialisation
# =============================================================================================


def _esc51(s):
    """A JSON string as Windows PowerShell 5.1 (JavaScriptSerializer) writes it."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\n\r\t\b\f":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}[ch])
        elif o < 0x20 or ch in "<>&'":
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _ps51(v, col):
    """Windows PowerShell 5.1 ConvertTo-Json layout: members indented 4 past the column where
    the enclosing bracket was written, two spaces after the colon, empty containers on 3 lines."""
    if isinstance(v, dict):
        if not v:
            return "{\r\n\r\n" + " " * col + "}"
        parts = []
        for k, val in v.items():
            prefix = " " * (col + 4) + _esc51(k) + ":  "
            parts.append(prefix + _ps51(val, len(prefix)))
        return "{\r\n" + ",\r\n".join(parts) + "\r\n" + " " * col + "}"
    if isinstance(v, list):
        if not v:
            return "[\r\n\r\n" + " " * col + "]"
        parts = [" " * (col + 4) + _ps51(x, col + 4) for x in v]
        return "[\r\n" + ",\r\n".join(parts) + "\r\n" + " " * col + "]"
    if isinstance(v, str):
        return _esc51(v)
    return json.dumps(v)


def serialise(obj, style):
    """-> bytes as the tool behind `style` writes them (see the module docstring)."""
    if style == "raw":
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if style in ("ps7-crlf", "ps7-lf"):
        text = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
        if style == "ps7-crlf":
            text = text.replace("\n", "\r\n")
        return text.encode("utf-8")
    if style == "ps51":
        return b"\xff\xfe" + (_ps51(obj, 0) + "\r\n").encode("utf-16-le")
    if style == "ps51-utf8":
        return b"\xef\xbb\xbf" + (_ps51(obj, 0) + "\r\n").encode("utf-8")
    raise ValueError(style)


# =============================================================================================
# People
# =============================================================================================

STRONG = {"microsoftAuthenticatorPush", "softwareOneTimePasscode", "hardwareOneTimePasscode",
          "mobilePhone", "alternateMobilePhone", "officePhone", "fido2", "windowsHelloForBusiness",
          "microsoftAuthenticatorPasswordless", "passKeyDeviceBound"}
PASSWORDLESS = {"fido2", "windowsHelloForBusiness", "microsoftAuthenticatorPasswordless",
                "passKeyDeviceBound"}
SSPR_METHODS = {"microsoftAuthenticatorPush", "softwareOneTimePasscode", "mobilePhone",
                "alternateMobilePhone", "officePhone", "email", "securityQuestion"}

# Registration profiles (methodsRegistered)
AUTH = ("microsoftAuthenticatorPush", "softwareOneTimePasscode")
AUTH_PHONE = ("mobilePhone", "microsoftAuthenticatorPush", "softwareOneTimePasscode")
PHONE = ("mobilePhone",)
WHFB = ("microsoftAuthenticatorPush", "windowsHelloForBusiness", "softwareOneTimePasscode")
FIDO = ("fido2",)
FIDO_AUTH = ("fido2", "microsoftAuthenticatorPush", "softwareOneTimePasscode")
EMAIL = ("email",)          # SSPR-only: not an MFA method
NONE = ()


class Person:
    def __init__(self, tenant, key, name, upn, job=None, dept=None, methods=NONE,
                 user_type="member", given=None, surname=None, created="2022-01-10T08:00:00Z"):
        self.key, self.name, self.upn = key, name, upn
        self.id = guid(tenant, "user", key)
        self.job, self.dept, self.methods = job, dept, tuple(methods)
        self.user_type = user_type
        parts = name.split(" ")
        self.given = given if given is not None else (parts[0] if len(parts) == 2 else None)
        self.surname = surname if surname is not None else (parts[1] if len(parts) == 2 else None)
        self.created = created

    def synced_in(self, tenant):
        """Synced from on-premises AD: members with the tenant's own domain, in a hybrid tenant."""
        return tenant.synced and self.user_type == "member" and self.upn.endswith(tenant.domain)

    def mini(self):
        """A member as EntraExporter lists it (members?$select=id,userPrincipalName,displayName)."""
        return {"@odata.type": "#microsoft.graph.user", "id": self.id,
                "displayName": self.name, "userPrincipalName": self.upn}

    def graph_user(self, tenant):
        """The user object Graph inlines for $expand=principal."""
        guest = self.user_type == "guest"
        return {
            "@odata.type": "#microsoft.graph.user",
            "id": self.id,
            "deletedDateTime": None,
            "accountEnabled": True,
            "businessPhones": [],
            "companyName": None if guest else tenant.display_name,
            "createdDateTime": self.created,
            "department": self.dept,
            "displayName": self.name,
            "givenName": self.given,
            "jobTitle": self.job,
            "mail": None if self.upn.endswith(".onmicrosoft.com") else self.upn,
            "mailNickname": self.upn.split("@")[0],
            "onPremisesSyncEnabled": True if self.synced_in(tenant) else None,
            "surname": self.surname,
            "usageLocation": tenant.country,
            "userPrincipalName": self.upn,
            "userType": "Guest" if guest else "Member",
        }


# =============================================================================================
# A tenant: the files it writes
# =============================================================================================


class Tenant:
    def __init__(self, key, display_name, domain, initial, country, export_style, synced):
        self.key = key
        self.id = guid(key, "tenant")
        self.display_name, self.domain, self.initial = display_name, domain, initial
        self.country, self.export_style, self.synced = country, export_style, synced
        self.people = {}
        self.policies = {}                   # CA policy key -> object
        self.files = {}                      # relative path -> (object, style)

    # --- people ----------------------------------------------------------------------------
    def person(self, key, name, local=None, job=None, dept=None, methods=NONE, **kw):
        upn = kw.pop("upn", None) or "%s@%s" % (local, self.domain)
        p = Person(self.key, key, name, upn, job, dept, methods, **kw)
        assert key not in self.people, key
        self.people[key] = p
        return p

    def __getitem__(self, key):
        return self.people[key]

    # --- files -----------------------------------------------------------------------------
    def put(self, rel, obj, style=None):
        assert rel not in self.files, rel
        self.files[rel] = (obj, style or self.export_style)

    def item(self, folder, obj, style=None):
        """An EntraExporter collection item: <folder>/<id>/<id>.json."""
        self.put("export/%s/%s/%s.json" % (folder, obj["id"], obj["id"]), obj, style)

    def write(self):
        base = ROOT / self.key
        if base.exists():
            shutil.rmtree(base)
        for rel, (obj, style) in sorted(self.files.items()):
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(serialise(obj, style))

    # --- Graph objects ---------------------------------------------------------------------
    def organization(self, created, plans, street, city, state, postal, phone):
        self.put("export/Organization/Organization.json", {
            "id": self.id,
            "deletedDateTime": None,
            "businessPhones": [phone],
            "city": city,
            "country": None,
            "countryLetterCode": self.country,
            "createdDateTime": created,
            "defaultUsageLocation": None,
            "displayName": self.display_name,
            "isMultipleDataLocationsForServicesEnabled": None,
            "marketingNotificationEmails": [],
            "onPremisesLastSyncDateTime": "2025-06-12T05:41:19Z" if self.synced else None,
            "onPremisesSyncEnabled": True if self.synced else None,
            "partnerTenantType": None,
            "postalCode": postal,
            "preferredLanguage": "en",
            "securityComplianceNotificationMails": [],
            "securityComplianceNotificationPhones": [],
            "state": state,
            "street": street,
            "technicalNotificationMails": ["it-admins@" + self.domain],
            "tenantType": "AAD",
            "directorySizeQuota": {"used": 412 if self.synced else 96, "total": 300000},
            "privacyProfile": None,
            "assignedPlans": [
                {"assignedDateTime": when, "capabilityStatus": status,
                 "service": PLANS[name][1], "servicePlanId": PLANS[name][0]}
                for when, status, name in plans
            ],
            "onPremisesSyncStatus": [],
            "provisionedPlans": [],
            "verifiedDomains": [
                {"capabilities": "Email, OfficeCommunicationsOnline", "isDefault": True,
                 "isInitial": False, "name": self.domain, "type": "Managed"},
                {"capabilities": "Email, OfficeCommunicationsOnline", "isDefault": False,
                 "isInitial": True, "name": self.initial, "type": "Managed"},
            ],
        })

    def subscribed_sku(self, part, status, units, consumed, plan_status="Success"):
        sku_id, plans = SKUS[part]
        prepaid = {"enabled": units, "suspended": 0, "warning": 0, "lockedOut": 0}
        if status == "Suspended":
            prepaid = {"enabled": 0, "suspended": units, "warning": 0, "lockedOut": 0}
        self.item("SubscribedSkus", {
            "accountName": self.display_name,
            "accountId": self.id,
            "appliesTo": "User",
            "capabilityStatus": status,
            "consumedUnits": consumed,
            "id": "%s_%s" % (self.id, sku_id),
            "skuId": sku_id,
            "skuPartNumber": part,
            "subscriptionIds": [guid(self.key, "subscription", part)],
            "prepaidUnits": prepaid,
            "servicePlans": [
                {"servicePlanId": PLANS[n][0], "servicePlanName": n,
                 "provisioningStatus": plan_status, "appliesTo": "User"} for n in plans
            ],
        })

    def security_defaults(self, enabled):
        self.item("Policies/IdentitySecurityDefaultsEnforcementPolicy", {
            "id": SD_ID,
            "displayName": "Security Defaults",
            "description": "Security defaults is a set of basic identity security mechanisms "
                           "recommended by Microsoft. When enabled, these recommendations will be "
                           "automatically enforced in your organization. Administrators and users "
                           "will be better protected from common identity related attacks.",
            "isEnabled": enabled,
        })

    def authorization_policy(self):
        self.item("Policies/AuthorizationPolicy", {
            "id": "authorizationPolicy",
            "allowInvitesFrom": "adminsAndGuestInviters",
            "allowedToSignUpEmailBasedSubscriptions": True,
            "allowedToUseSSPR": True,
            "allowEmailVerifiedUsersToJoinOrganization": False,
            "allowUserConsentForRiskyApps": None,
            "blockMsolPowerShell": False,
            "description": "Used to manage authorization related settings across the company.",
            "displayName": "Authorization Policy",
            "enabledPreviewFeatures": [],
            "guestUserRoleId": "10dae51f-b6af-4016-8d66-8c2a99b929b3",
            "permissionGrantPolicyIdsAssignedToDefaultUserRole": [
                "ManagePermissionGrantsForSelf.microsoft-user-default-low",
                "ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team",
                "ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-chat",
            ],
            "defaultUserRolePermissions": {
                "allowedToCreateApps": False,
                "allowedToCreateSecurityGroups": False,
                "allowedToCreateTenants": False,
                "allowedToReadBitlockerKeysForOwnedDevice": True,
                "allowedToReadOtherUsers": True,
            },
        })

    def ip_location(self, key, name, cidrs, trusted, created):
        loc = {
            "@odata.type": "#microsoft.graph.ipNamedLocation",
            "id": guid(self.key, "location", key),
            "displayName": name,
            "modifiedDateTime": ts(created, self.key, key, "m"),
            "createdDateTime": ts(created, self.key, key),
            "isTrusted": trusted,
            "ipRanges": [{"@odata.type": "#microsoft.graph.iPv4CidrRange", "cidrAddress": c}
                         for c in cidrs],
        }
        self.item("Identity/Conditional/NamedLocations", loc)
        return loc["id"]

    def country_location(self, key, name, countries, created):
        loc = {
            "@odata.type": "#microsoft.graph.countryNamedLocation",
            "id": guid(self.key, "location", key),
            "displayName": name,
            "modifiedDateTime": ts(created, self.key, key, "m"),
            "createdDateTime": ts(created, self.key, key),
            "countriesAndRegions": list(countries),
            "includeUnknownCountriesAndRegions": False,
            "countryLookupMethod": "clientIpAddress",
        }
        self.item("Identity/Conditional/NamedLocations", loc)
        return loc["id"]

    def role_definitions(self, templates, custom=()):
        for t in templates:
            name, desc, actions = BUILTIN_ROLES[t]
            self.item("RoleManagement/Directory/RoleDefinitions", {
                "id": t,
                "description": desc,
                "displayName": name,
                "isBuiltIn": True,
                "isEnabled": True,
                "isPrivileged": t in PRIVILEGED,
                "resourceScopes": ["/"],
                "templateId": t,
                "version": "1",
                "rolePermissions": [{"allowedResourceActions": actions, "condition": None}],
            })
        for rid, name, desc, actions in custom:
            self.item("RoleManagement/Directory/RoleDefinitions", {
                "id": rid,
                "description": desc,
                "displayName": name,
                "isBuiltIn": False,
                "isEnabled": True,
                "isPrivileged": False,
                "resourceScopes": ["/"],
                "templateId": rid,
                "version": None,
                "rolePermissions": [{"allowedResourceActions": actions, "condition": None}],
            })

    def role_assignment(self, role_id, principal, scope="/"):
        """unifiedRoleAssignment (beta, $expand=principal). principal: a Person or a dict
        already shaped like Graph's inlined group/servicePrincipal."""
        p = principal.graph_user(self) if isinstance(principal, Person) else principal
        obj = {
            "id": b64id(role_id, p["id"]),
            "principalId": p["id"],
            "principalOrganizationId": self.id,
            "resourceScope": scope,
            "directoryScopeId": scope,
            "appScopeId": None,
            "roleDefinitionId": role_id,
            "condition": None,
            "principal": p,
        }
        self.item("RoleManagement/Directory/RoleAssignments", obj)
        return obj

    def directory_role(self, template, members=(), scoped=()):
        """A legacy directoryRole (activated role) with its Members and ScopedMembers."""
        name, desc, _ = BUILTIN_ROLES[template]
        rid = guid(self.key, "directoryRole", template)
        folder = "DirectoryRoles/%s" % rid
        self.put("export/%s/%s.json" % (folder, rid), {
            "id": rid,
            "deletedDateTime": None,
            "description": desc,
            "displayName": name,
            "roleTemplateId": template,
        })
        for m in members:
            obj = m.mini() if isinstance(m, Person) else m
            self.item(folder + "/Members", obj)
        for person, au_id in scoped:
            self.item(folder + "/ScopedMembers", {
                "id": b64id(rid, au_id, person.id, suffix=""),
                "administrativeUnitId": au_id,
                "roleId": rid,
                "roleMemberInfo": {"id": person.id, "displayName": person.name,
                                   "userPrincipalName": person.upn},
            })
        return rid

    def pim_eligibility(self, role_id, person, start, end, activation_rules):
        """What EntraExporter's Get-AzurePIMDirectoryRoles writes: a v1.0
        roleEligibilityScheduleInstance ($expand=roleDefinition,principal) plus PrincipalName,
        RoleName and Policy, saved as PIM/DirectoryRoles/<roleEligibilityScheduleId>.json."""
        name, desc, actions = BUILTIN_ROLES[role_id]
        schedule_id = guid(self.key, "eligibilitySchedule", role_id, person.id)
        policy_id = "DirectoryRole_%s_%s" % (self.id, guid(self.key, "pimPolicy", role_id))
        target = lambda caller, level: {  # noqa: E731
            "caller": caller, "operations": ["All"], "level": level,
            "inheritableSettings": [], "enforcedSettings": []}
        obj = {
            "id": b64id(role_id, person.id, suffix="-1-e"),
            "principalId": person.id,
            "roleDefinitionId": role_id,
            "directoryScopeId": "/",
            "appScopeId": None,
            "startDateTime": start,
            "endDateTime": end,
            "memberType": "Direct",
            "roleEligibilityScheduleId": schedule_id,
            "roleDefinition": {
                "id": role_id, "description": desc, "displayName": name, "isBuiltIn": True,
                "isEnabled": True, "resourceScopes": ["/"], "templateId": role_id, "version": "1",
                "rolePermissions": [{"allowedResourceActions": actions, "condition": None}],
            },
            "principal": person.graph_user(self),
            "PrincipalName": person.name,
            "RoleName": name,
            "Policy": {
                "RoleName": None,
                "RoleID": role_id,
                "PolicyID": policy_id,
                "Rules": [
                    {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
                     "id": "Expiration_Admin_Eligibility", "isExpirationRequired": False,
                     "maximumDuration": "P365D", "target": target("Admin", "Eligibility")},
                    {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
                     "id": "Expiration_EndUser_Assignment", "isExpirationRequired": True,
                     "maximumDuration": "PT8H", "target": target("EndUser", "Assignment")},
                    {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
                     "id": "Enablement_EndUser_Assignment", "enabledRules": list(activation_rules),
                     "target": target("EndUser", "Assignment")},
                    {"@odata.type":
                        "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule",
                     "id": "AuthenticationContext_EndUser_Assignment", "isEnabled": False,
                     "claimValue": None, "target": target("EndUser", "Assignment")},
                    {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
                     "id": "Approval_EndUser_Assignment",
                     "setting": {"isApprovalRequired": False,
                                 "isApprovalRequiredForExtension": False,
                                 "isRequestorJustificationRequired": True,
                                 "approvalMode": "SingleStage", "approvalStages": []},
                     "target": target("EndUser", "Assignment")},
                ],
            },
        }
        self.put("export/PIM/DirectoryRoles/%s.json" % schedule_id, obj)
        return obj

    def group(self, key, name, created, description=None, members=(), role_assignable=False,
              dynamic_rule=None, unified=False, write_members=True):
        gid = guid(self.key, "group", key)
        nick = "".join(c for c in name if c.isalnum() or c == "-")
        obj = {
            "id": gid,
            "deletedDateTime": None,
            "classification": None,
            "createdDateTime": created,
            "createdByAppId": None,
            "description": description,
            "displayName": name,
            "expirationDateTime": None,
            "groupTypes": (["Unified"] if unified else []) + (
                ["DynamicMembership"] if dynamic_rule else []),
            "isAssignableToRole": True if role_assignable else None,
            "isManagementRestricted": None,
            "mail": None,
            "mailEnabled": False,
            "mailNickname": nick,
            "membershipRule": dynamic_rule,
            "membershipRuleProcessingState": "On" if dynamic_rule else None,
            "onPremisesSyncEnabled": None,
            "preferredDataLocation": None,
            "proxyAddresses": [],
            "renewedDateTime": created,
            "resourceBehaviorOptions": [],
            "resourceProvisioningOptions": [],
            "securityEnabled": True,
            "securityIdentifier": "S-1-12-1-%d-%d-%d-%d" % tuple(
                int.from_bytes(uuid.UUID(gid).bytes_le[i:i + 4], "little")
                for i in range(0, 16, 4)),
            "theme": None,
            "visibility": "Private",
            "extensions@odata.context": GRAPH_BETA + "$metadata#groups('%s')/extensions" % gid,
            "extensions": [],
        }
        self.item("Groups", obj)
        if write_members:
            for m in members:
                self.item("Groups/%s/Members" % gid, m.mini())
        return obj

    def group_principal(self, group):
        """A group as Graph inlines it for $expand=principal."""
        keep = ("id", "deletedDateTime", "classification", "createdDateTime", "description",
                "displayName", "expirationDateTime", "groupTypes", "isAssignableToRole", "mail",
                "mailEnabled", "mailNickname", "membershipRule", "membershipRuleProcessingState",
                "onPremisesSyncEnabled", "securityEnabled", "securityIdentifier", "visibility")
        return dict([("@odata.type", "#microsoft.graph.group")] + [(k, group[k]) for k in keep])

    def service_principal(self, key, name, created):
        app_id = guid(self.key, "app", key)
        return {
            "@odata.type": "#microsoft.graph.servicePrincipal",
            "id": guid(self.key, "servicePrincipal", key),
            "deletedDateTime": None,
            "accountEnabled": True,
            "appDisplayName": name,
            "appId": app_id,
            "appOwnerOrganizationId": self.id,
            "createdDateTime": created,
            "displayName": name,
            "servicePrincipalNames": [app_id],
            "servicePrincipalType": "Application",
            "signInAudience": "AzureADMyOrg",
            "tags": ["WindowsAzureActiveDirectoryIntegratedApp"],
        }

    # --- Conditional Access ----------------------------------------------------------------
    def ca_policy(self, key, name, state, created, modified, *, users, apps=None,
                  client_app_types=("all",), grant=None, session=None, platforms=None,
                  locations=None, devices=None, sign_in_risk=(), user_risk=(),
                  auth_flows=None, template=None, style=None):
        """A conditionalAccessPolicy as Graph beta returns it (null where Graph says null)."""
        pid = guid(self.key, "ca", key)
        if grant is not None:
            grant = dict(grant)
            grant["authenticationStrength@odata.context"] = (
                GRAPH_BETA + "$metadata#identity/conditionalAccess/policies('%s')"
                "/grantControls/authenticationStrength/$entity" % pid)
            grant["authenticationStrength"] = grant.pop("authenticationStrength", None)
        obj = {
            "id": pid,
            "templateId": template,
            "displayName": name,
            "createdDateTime": ts(created, pid),
            "modifiedDateTime": ts(modified, pid, "m") if modified else None,
            "state": state,
            "deletedDateTime": None,
            "partialEnablementStrategy": None,
            "sessionControls": session,
            "conditions": {
                "userRiskLevels": list(user_risk),
                "signInRiskLevels": list(sign_in_risk),
                "clientAppTypes": list(client_app_types),
                "servicePrincipalRiskLevels": [],
                "platforms": platforms,
                "locations": locations,
                "times": None,
                "deviceStates": None,
                "devices": devices,
                "clientApplications": None,
                "applications": apps or app_cond(),
                "users": users,
                "insiderRiskLevels": None,
                "authenticationFlows": auth_flows,
            },
            "grantControls": grant,
        }
        self.item("Identity/Conditional/AccessPolicies", obj, style)
        assert key not in self.policies, key
        self.policies[key] = obj
        return obj

    # --- reports ---------------------------------------------------------------------------
    def no_ca_policies(self):
        """The Graph response for a tenant without Conditional Access policies. EntraExporter
        writes no folder for none, and an absent folder may also mean "not exported" (its
        `-Type Policies` writes `Policies/` without Conditional Access): this says "none"."""
        self.put("reports/conditionalAccessPolicies.json", {
            "@odata.context": GRAPH_BETA + "$metadata#identity/conditionalAccess/policies",
            "value": [],
        }, "raw")

    def registration_pages(self, entries, page_size):
        """userRegistrationDetails as Graph beta returns it, paged with $top."""
        ctx = GRAPH_BETA + "$metadata#reports/authenticationMethods/userRegistrationDetails"
        token = base64.urlsafe_b64encode(hashlib.sha256(
            (self.key + "/skiptoken").encode()).digest() * 2).decode().rstrip("=")
        self.put("reports/userRegistrationDetails-page1.json", {
            "@odata.context": ctx,
            "@odata.nextLink": GRAPH_BETA + "reports/authenticationMethods/userRegistrationDetails"
                               "?$top=%d&$skiptoken=%s" % (page_size, token),
            "value": entries[:page_size],
        }, "raw")
        self.put("reports/userRegistrationDetails-page2.json", {
            "@odata.context": ctx,
            "value": entries[page_size:],
        }, "raw")

    def sspr_policy(self, enablement, group_ids=(), group_name="", methods_required=1,
                    style="raw"):
        """The Azure portal's api/PasswordReset/PasswordResetPolicies response."""
        self.put("reports/passwordResetPolicies.json", {
            "objectId": "default",
            "enablementType": enablement,
            "numberOfAuthenticationMethodsRequired": methods_required,
            "emailOptionEnabled": True,
            "mobilePhoneOptionEnabled": True,
            "officePhoneOptionEnabled": False,
            "securityQuestionsOptionEnabled": False,
            "mobileAppNotificationEnabled": methods_required > 1,
            "mobileAppCodeEnabled": methods_required > 1,
            "numberOfQuestionsToRegister": 5,
            "numberOfQuestionsToReset": 3,
            "registrationRequiredOnSignIn": enablement != 0,
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
        }, style)


def users_cond(include_users=(), exclude_users=(), include_groups=(), exclude_groups=(),
               include_roles=(), exclude_roles=(), include_guests=None, exclude_guests=None):
    return {
        "includeUsers": list(include_users),
        "excludeUsers": list(exclude_users),
        "includeGroups": list(include_groups),
        "excludeGroups": list(exclude_groups),
        "includeRoles": list(include_roles),
        "excludeRoles": list(exclude_roles),
        "includeGuestsOrExternalUsers": include_guests,
        "excludeGuestsOrExternalUsers": exclude_guests,
    }


def app_cond(include=("All",), exclude=(), user_actions=()):
    return {
        "includeApplications": list(include),
        "excludeApplications": list(exclude),
        "includeUserActions": list(user_actions),
        "includeAuthenticationContextClassReferences": [],
        "applicationFilter": None,
    }


def grant(operator, *controls, strength=None):
    return {"operator": operator, "builtInControls": list(controls),
            "customAuthenticationFactors": [], "termsOfUse": [],
            "authenticationStrength": strength}


def session(sign_in_frequency=None, persistent_browser=None):
    return {
        "disableResilienceDefaults": None,
        "applicationEnforcedRestrictions": None,
        "persistentBrowser": persistent_browser,
        "continuousAccessEvaluation": None,
        "secureSignInSession": None,
        "cloudAppSecurity": None,
        "signInFrequency": sign_in_frequency,
    }


EVERY_TIME = {"value": None, "type": None,
              "authenticationType": "primaryAndSecondaryAuthentication",
              "frequencyInterval": "everyTime", "isEnabled": True}

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
    "combinationConfigurations": [],
}

ALL_GUEST_TYPES = {
    "guestOrExternalUserTypes": "internalGuest,b2bCollaborationGuest,b2bCollaborationMember,"
                                "b2bDirectConnectUser,otherExternalUser,serviceProvider",
    "externalTenants": {"@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants",
                        "membershipKind": "all"},
}


# =============================================================================================
# userRegistrationDetails
# =============================================================================================

SYSTEM_PREFERRED = [("fido2", "Fido2"), ("microsoftAuthenticatorPush", "push"),
                    ("softwareOneTimePasscode", "oath"), ("mobilePhone", "sms")]
USER_PREFERRED = {"microsoftAuthenticatorPush": "push", "mobilePhone": "sms",
                  "softwareOneTimePasscode": "oath"}


def registration(p, *, is_admin, sspr_enabled, updated):
    """One userRegistrationDetails item (Graph beta property order)."""
    strong = [m for m in p.methods if m in STRONG]
    sspr_registered = any(m in SSPR_METHODS for m in p.methods)
    system = [name for method, name in SYSTEM_PREFERRED if method in p.methods][:1]
    first = next((m for m in p.methods if m in USER_PREFERRED), None)
    return {
        "id": p.id,
        "userPrincipalName": p.upn,
        "userDisplayName": p.name,
        "isAdmin": is_admin,
        "isSsprRegistered": sspr_registered,
        "isSsprEnabled": sspr_enabled,
        "isSsprCapable": sspr_enabled and sspr_registered,
        "isMfaRegistered": bool(strong),
        "isMfaCapable": bool(strong),
        "isPasswordlessCapable": any(m in PASSWORDLESS for m in p.methods),
        "lastUpdatedDateTime": ts(updated, p.id),
        "methodsRegistered": list(p.methods),
        "defaultMfaMethod": first if first else "none",
        "isSystemPreferredAuthenticationMethodEnabled": True,
        "systemPreferredAuthenticationMethods": system,
        "userPreferredMethodForSecondaryAuthentication": USER_PREFERRED.get(first, "none"),
        "userType": p.user_type,
    }


# =============================================================================================
# contoso: Microsoft 365 E3 (P1), security defaults off, a Conditional Access set with holes
# =============================================================================================


def build_contoso():
    t = Tenant("contoso", "Contoso", "contoso.com", "contoso.onmicrosoft.com", "US",
               export_style="ps7-crlf", synced=True)
    P = t.person
    # --- admins (the 14 admin roles) -----------------------------------------------------
    P("megan", "Megan Bowen", "MeganB", "IT Director", "IT", AUTH_PHONE)
    P("alex", "Alex Wilber", "AlexW", "IT Manager", "IT", EMAIL)
    P("breakglass", "Emergency Access Account 01", upn="breakglass01@contoso.onmicrosoft.com",
      methods=FIDO, created="2021-11-02T14:06:51Z")
    P("isaiah", "Isaiah Langer", "IsaiahL", "Messaging Engineer", "IT", AUTH)
    P("patti", "Patti Fernandez", "PattiF", "Service Desk Lead", "IT", PHONE)
    P("lee", "Lee Gu", "LeeG", "Identity Administrator", "IT", NONE)
    P("diego", "Diego Siciliani", "DiegoS", "Security Analyst", "IT Security", WHFB)
    P("nestor", "Nestor Wilke", "NestorW", "Security Operations Engineer", "IT Security", NONE)
    P("adele", "Adele Vance", "AdeleV", "SharePoint Engineer", "IT", AUTH)
    P("grady", "Grady Archie", "GradyA", "Identity Architect", "IT", AUTH_PHONE)
    P("johanna", "Johanna Lorenz", "JohannaL", "Identity Engineer", "IT", AUTH)
    P("lynne", "Lynne Robbins", "LynneR", "Finance Manager", "Finance", AUTH_PHONE)
    P("miriam", "Miriam Graham", "MiriamG", "Application Platform Lead", "IT", AUTH)
    P("pradeep", "Pradeep Gupta", "PradeepG", "Service Desk Analyst", "IT", AUTH)
    P("henrietta", "Henrietta Mueller", "HenriettaM", "Identity Operations Analyst", "IT",
      AUTH_PHONE)
    P("allan", "Allan Deyoung", "AllanD", "Sales Operations Manager", "Sales", NONE)
    # --- role holders who are not admins here -------------------------------------------
    P("joni", "Joni Sherman", "JoniS", "Compliance Auditor", "Legal", NONE)
    P("irvin", "Irvin Sayers", "IrvinS", "Infrastructure Engineer", "IT", NONE)
    P("christie", "Christie Cline", "ChristieC", "Procurement Specialist", "Finance", EMAIL)
    P("sync", "On-Premises Directory Synchronization Service Account",
      upn="Sync_CONTOSO-DC01_5c2b9e0d1a44@contoso.onmicrosoft.com",
      created="2021-10-18T11:20:05Z")
    # --- everyone else ---------------------------------------------------------------------
    P("debra", "Debra Berger", "DebraB", "Administrative Assistant", "Executive Management", AUTH)
    P("emily", "Emily Braun", "EmilyB", "Budget Analyst", "Finance", PHONE)
    P("enrico", "Enrico Cattaneo", "EnricoC", "Attorney", "Legal", AUTH)
    P("lidia", "Lidia Holloway", "LidiaH", "Product Manager", "Engineering", AUTH)
    P("raul", "Raul Razo", "RaulR", "Facilities Coordinator", "Facilities", NONE)
    P("bianca", "Bianca Pisani", "BiancaP", "Sales Representative", "Sales", AUTH_PHONE)
    P("cameron", "Cameron White", "CameronW", "Sales Representative", "Sales", NONE)
    P("delia", "Delia Dennis", "DeliaD", "Marketing Specialist", "Marketing", AUTH)
    P("gerhart", "Gerhart Moller", "GerhartM", "Designer", "Marketing", EMAIL)
    P("kayo", "Kayo Miwa", "KayoM", "Software Engineer", "Engineering", WHFB)
    P("lenora", "Lenora Hartley", "LenoraH", "Sales Manager", "Sales", AUTH)
    P("mario", "Mario Rogers", "MarioR", "Support Engineer", "Engineering", AUTH)
    P("mona", "Mona Kane", "MonaK", "HR Generalist", "Human Resources", PHONE)
    P("robin", "Robin Counts", "RobinC", "Accountant", "Finance", NONE)
    P("aadi", "Aadi Kapoor", "AadiK", "Software Engineer", "Engineering", AUTH)
    P("ashley", "Ashley Schroeder", "AshleyS", "Recruiter", "Human Resources", AUTH_PHONE)
    P("carlos", "Carlos Slattery", "CarlosS", "Sales Representative", "Sales", EMAIL)
    P("kim", "Kim Akers", upn="kim.akers_fabrikam.com#EXT#@contoso.onmicrosoft.com",
      user_type="guest", methods=AUTH)
    P("ryan", "Ryan Danner", upn="ryan.danner_northwindtraders.com#EXT#@contoso.onmicrosoft.com",
      user_type="guest")
    P("sanjay", "Sanjay Shah", upn="sanjay.shah_adatum.com#EXT#@contoso.onmicrosoft.com",
      user_type="guest")

    t.organization("2021-10-12T16:32:09Z", [
        ("2021-10-12T16:40:31Z", "Enabled", "EXCHANGE_S_ENTERPRISE"),
        ("2021-10-12T16:40:31Z", "Enabled", "SHAREPOINTENTERPRISE"),
        ("2021-10-12T16:40:31Z", "Enabled", "MCOSTANDARD"),
        ("2021-10-12T16:40:31Z", "Enabled", "TEAMS1"),
        ("2021-10-12T16:40:31Z", "Enabled", "OFFICESUBSCRIPTION"),
        ("2021-10-12T16:40:31Z", "Enabled", "INTUNE_A"),
        ("2021-10-12T16:40:31Z", "Enabled", "AAD_PREMIUM"),
        ("2021-10-12T16:40:31Z", "Enabled", "MFA_PREMIUM"),
        ("2021-10-12T16:40:31Z", "Enabled", "RMS_S_ENTERPRISE"),
        ("2021-10-12T16:40:31Z", "Enabled", "RMS_S_PREMIUM"),
        ("2021-10-12T16:40:31Z", "Enabled", "ADALLOM_S_DISCOVERY"),
        # the Entra ID P2 trial from 2024 (PIM was set up then); it has expired
        ("2024-01-22T10:05:47Z", "Suspended", "AAD_PREMIUM_P2"),
    ], "One Microsoft Way", "Redmond", "WA", "98052", "+1 425 555 0100")
    t.subscribed_sku("SPE_E3", "Enabled", 45, 37)
    t.subscribed_sku("AAD_PREMIUM_P2", "Suspended", 25, 3)
    t.security_defaults(False)
    t.authorization_policy()

    # --- named locations ---------------------------------------------------------------
    t.ip_location("hq", "Contoso HQ - Redmond", ["203.0.113.0/24"], True,
                       "2022-03-08T15:12:40")
    t.ip_location("branches", "Contoso Branch Offices", ["198.51.100.32/27", "198.51.100.64/27"],
                  True, "2022-03-08T15:19:02")
    countries = t.country_location("countries", "Allowed countries",
                                   ["US", "CA", "GB", "DE", "NL"], "2022-11-21T09:47:13")

    # --- groups --------------------------------------------------------------------------
    mfa_exclusions = t.group(
        "ca-exclusion-mfa", "CA-Exclusion-MFA-AllUsers", "2022-05-17T13:02:44Z",
        "Temporary exclusions from CA002 (MFA for all users). Review monthly.",
        members=[t["patti"], t["raul"]])
    sec_admins = t.group(
        "sg-role-secadmins", "SG-Role-SecurityAdministrators", "2023-02-06T10:11:27Z",
        "Members hold Security Administrator (role-assignable group).",
        members=[t["diego"], t["nestor"]], role_assignable=True)
    sspr_pilot = t.group(
        "sspr-pilot", "SSPR-Pilot", "2023-09-04T08:30:00Z",
        "Self-service password reset pilot users.",
        members=[t[k] for k in ("debra", "emily", "lidia", "bianca", "delia", "mona", "ashley",
                                "kayo")])
    t.group("sales-dynamic", "Sales (dynamic)", "2022-08-29T12:44:10Z",
            "All users in the Sales department.",
            members=[t[k] for k in ("allan", "bianca", "cameron", "lenora", "carlos")],
            dynamic_rule='user.department -eq "Sales"')

    # --- administrative unit (Allan is Helpdesk Administrator over it) ----------------------
    au_id = guid("contoso", "administrativeUnit", "sales")
    t.item("AdministrativeUnits", {
        "id": au_id,
        "deletedDateTime": None,
        "displayName": "Contoso Sales",
        "description": "Sales department users; helpdesk delegated to Sales Operations.",
        "isMemberManagementRestricted": None,
        "membershipRule": None,
        "membershipRuleProcessingState": None,
        "membershipType": None,
        "visibility": None,
    })
    for k in ("bianca", "cameron", "lenora", "carlos"):
        t.item("AdministrativeUnits/%s/Members" % au_id,
               {"@odata.type": "#microsoft.graph.user", "id": t[k].id})

    # --- roles -----------------------------------------------------------------------------
    licence_mgr = guid("contoso", "customRole", "licence-manager")
    t.role_definitions(ADMIN_ROLES + [GLOBAL_READER, HYBRID_ID_ADMIN, DIR_SYNC], custom=[
        (licence_mgr, "Contoso Licence Manager",
         "Assigns and removes product licences for users.",
         ["microsoft.directory/users/assignLicense",
          "microsoft.directory/users/reprocessLicenseAssignment"]),
    ])
    hr_app = t.service_principal("hr-provisioning", "Contoso HR Provisioning",
                                 "2023-04-12T09:15:33Z")
    for k in ("megan", "alex", "breakglass"):
        t.role_assignment(GA, t[k])
    t.role_assignment(EXCHANGE_ADMIN, t["isaiah"])
    t.role_assignment(SHAREPOINT_ADMIN, t["adele"])
    t.role_assignment(SECURITY_ADMIN, t.group_principal(sec_admins))
    t.role_assignment(CA_ADMIN, t["johanna"])
    t.role_assignment(BILLING_ADMIN, t["lynne"])
    t.role_assignment(APP_ADMIN, t["miriam"])
    t.role_assignment(CLOUD_APP_ADMIN, t["miriam"])
    t.role_assignment(AUTH_ADMIN, t["henrietta"])
    t.role_assignment(HELPDESK_ADMIN, t["allan"], scope="/administrativeUnits/" + au_id)
    t.role_assignment(GLOBAL_READER, t["joni"])
    t.role_assignment(HYBRID_ID_ADMIN, t["irvin"])
    t.role_assignment(licence_mgr, t["christie"])
    t.role_assignment(DIR_SYNC, t["sync"])
    t.role_assignment(USER_ADMIN, hr_app)
    # NB: Lee Gu's User Administrator shows only in DirectoryRoles (no roleAssignment file).

    sp_member = {"@odata.type": "#microsoft.graph.servicePrincipal", "id": hr_app["id"],
                 "displayName": hr_app["displayName"]}
    group_member = {"@odata.type": "#microsoft.graph.group", "id": sec_admins["id"],
                    "displayName": sec_admins["displayName"]}
    t.directory_role(GA, [t["megan"], t["alex"], t["breakglass"]])
    t.directory_role(EXCHANGE_ADMIN, [t["isaiah"]])
    t.directory_role(SHAREPOINT_ADMIN, [t["adele"]])
    t.directory_role(USER_ADMIN, [t["lee"], sp_member])
    t.directory_role(SECURITY_ADMIN, [group_member])
    t.directory_role(CA_ADMIN, [t["johanna"]])
    t.directory_role(BILLING_ADMIN, [t["lynne"]])
    t.directory_role(APP_ADMIN, [t["miriam"]])
    t.directory_role(CLOUD_APP_ADMIN, [t["miriam"]])
    t.directory_role(AUTH_ADMIN, [t["henrietta"]])
    t.directory_role(HELPDESK_ADMIN, scoped=[(t["allan"], au_id)])
    t.directory_role(PRIV_ROLE_ADMIN)
    t.directory_role(PASSWORD_ADMIN)
    t.directory_role(GLOBAL_READER, [t["joni"]])
    t.directory_role(HYBRID_ID_ADMIN, [t["irvin"]])
    t.directory_role(DIR_SYNC, [t["sync"]])

    t.pim_eligibility(HELPDESK_ADMIN, t["patti"], "2024-02-19T10:03:11.27Z", None,
                      ["Justification"])
    t.pim_eligibility(PRIV_ROLE_ADMIN, t["grady"], "2024-02-19T10:11:48.903Z", None,
                      ["MultiFactorAuthentication", "Justification"])
    t.pim_eligibility(PASSWORD_ADMIN, t["pradeep"], "2024-04-01T00:00:00Z",
                      "2026-03-31T23:59:59Z", ["MultiFactorAuthentication", "Justification"])

    # --- Conditional Access (11 policies) --------------------------------------------------
    bg = t["breakglass"].id
    included_admin_roles = [r for r in ADMIN_ROLES if r != HELPDESK_ADMIN]
    t.ca_policy(
        "ca001", "CA001 - Require MFA for administrators", "enabled",
        "2022-03-09T10:14:05", "2025-04-28T16:51:37", template=TPL_MFA_ADMINS,
        users=users_cond(include_roles=included_admin_roles,
                         exclude_users=[bg, t["isaiah"].id]),
        grant=grant("OR", "mfa"),
        style="ps51")   # re-exported from Windows PowerShell 5.1 after the April edit
    t.ca_policy(
        "ca002", "CA002 - Require MFA for all users", "enabled",
        "2022-03-09T10:21:44", "2024-10-02T08:12:19", template=TPL_MFA_ALL,
        users=users_cond(include_users=["All"], exclude_users=[bg],
                         exclude_groups=[mfa_exclusions["id"]], exclude_roles=[DIR_SYNC]),
        locations={"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]},
        grant=grant("OR", "mfa"))
    t.ca_policy(
        "ca003", "CA003 - Block legacy authentication (other clients)", "enabled",
        "2022-03-09T10:30:12", "2023-06-14T13:40:55", template=TPL_BLOCK_LEGACY,
        users=users_cond(include_users=["All"], exclude_roles=[DIR_SYNC]),
        client_app_types=["other"], grant=grant("OR", "block"))
    t.ca_policy(
        "ca004", "CA004 - Block legacy authentication (Exchange ActiveSync)",
        "enabledForReportingButNotEnforced",
        "2023-06-14T13:44:02", "2023-06-14T13:44:02",
        users=users_cond(include_users=["All"], exclude_roles=[DIR_SYNC]),
        client_app_types=["exchangeActiveSync"], grant=grant("OR", "block"))
    t.ca_policy(
        "ca005", "CA005 - All users - Require MFA or compliant device", "enabled",
        "2023-01-23T11:05:36", "2024-10-02T08:15:51", template=TPL_MFA_OR_DEVICE,
        users=users_cond(include_users=["All"], exclude_users=[bg]),
        grant=grant("OR", "mfa", "compliantDevice"))
    t.ca_policy(
        "ca006", "CA006 - Require MFA for Azure management", "enabled",
        "2022-06-30T14:22:10", None, template=TPL_MFA_AZURE,
        users=users_cond(include_users=["All"], exclude_users=[bg]),
        apps=app_cond(include=[AZURE_MANAGEMENT_APP]),
        grant=grant("OR", "mfa"))
    t.ca_policy(
        "ca007", "CA007 - Securing security info registration", "enabled",
        "2022-06-30T14:30:41", "2023-01-23T11:20:03", template=TPL_SECINFO,
        users=users_cond(include_users=["All"], exclude_users=[bg],
                         exclude_guests=ALL_GUEST_TYPES),
        apps=app_cond(include=[], user_actions=["urn:user:registersecurityinfo"]),
        locations={"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]},
        grant=grant("OR", "mfa"))
    t.ca_policy(
        "ca008", "CA008 - Block access from outside allowed countries", "enabled",
        "2022-11-21T09:52:30", "2024-07-15T07:03:26",
        users=users_cond(include_users=["All"], exclude_users=[bg]),
        locations={"includeLocations": ["All"], "excludeLocations": [countries]},
        grant=grant("OR", "block"))
    t.ca_policy(
        "ca009", "CA009 - Require MFA for guests", "disabled",
        "2023-03-02T15:40:18", "2023-03-20T09:12:07", template=TPL_GUEST_MFA,
        users=users_cond(include_guests=ALL_GUEST_TYPES),
        grant=grant("OR", "mfa"))
    t.ca_policy(
        "ca010", "CA010 - No persistent browser on unmanaged devices", "enabled",
        "2023-05-10T12:18:57", "2023-05-10T12:30:22", template=TPL_NO_PERSISTENT,
        users=users_cond(include_users=["All"], exclude_users=[bg]),
        client_app_types=["browser"],
        devices={"includeDevices": [], "excludeDevices": [], "deviceFilter": {
            "mode": "exclude",
            "rule": 'device.isCompliant -eq True -or device.trustType -eq "ServerAD"'}},
        session=session(persistent_browser={"mode": "never", "isEnabled": True},
                        sign_in_frequency={"value": 8, "type": "hours",
                                           "authenticationType": "primaryAndSecondaryAuthentication",
                                           "frequencyInterval": "timeBased", "isEnabled": True}))
    # Created during the 2024 Entra ID P2 trial (the same day PIM was set up) and left enabled
    # after the trial expired: a sign-in risk condition without P2 (LIC001). A block policy,
    # narrowed by risk: it changes nothing for MFA001, MFA002, MFA003 or LEG001.
    t.ca_policy(
        "ca011", "CA011 - Block high-risk sign-ins", "enabled",
        "2024-02-19T10:26:03", None,
        users=users_cond(include_users=["All"], exclude_users=[bg]),
        sign_in_risk=["high"], grant=grant("OR", "block"))

    # --- reports -------------------------------------------------------------------------
    # isAdmin: Graph sets it for active role holders (any role, any scope), not for users who
    # are only PIM-eligible. isSsprEnabled: admins (the admin SSPR policy) and SSPR-Pilot.
    active_role_holders = {"megan", "alex", "breakglass", "isaiah", "lee", "diego", "nestor",
                           "adele", "johanna", "lynne", "miriam", "henrietta", "allan", "joni",
                           "irvin", "sync"}
    pilot = {"debra", "emily", "lidia", "bianca", "delia", "mona", "ashley", "kayo"}
    entries = [registration(p, is_admin=k in active_role_holders,
                            sspr_enabled=k in active_role_holders or k in pilot,
                            updated="2025-06-11T02:14:07")
               for k, p in sorted(t.people.items(), key=lambda kp: kp[1].upn.lower())]
    t.registration_pages(entries, page_size=25)
    t.sspr_policy(1, [sspr_pilot["id"]], sspr_pilot["displayName"], style="ps7-crlf")
    return t


# =============================================================================================
# fabrikam: Microsoft 365 E5 (P2), security defaults off, well run
# =============================================================================================


def build_fabrikam():
    t = Tenant("fabrikam", "Fabrikam, Inc.", "fabrikam.com", "fabrikam.onmicrosoft.com", "US",
               export_style="ps7-lf", synced=False)
    P = t.person
    P("ben", "Ben Andrews", "ben.andrews", "Head of IT", "IT", WHFB)
    P("ana", "Ana Bowman", "ana.bowman", "Cloud Infrastructure Lead", "IT", AUTH)
    P("jamal", "Jamal Hartnett", "jamal.hartnett", "Identity Architect", "IT", FIDO_AUTH)
    P("carole", "Carole Poland", "carole.poland", "Security Engineer", "Security", AUTH)
    P("karen", "Karen Berg", "karen.berg", "Messaging Administrator", "IT", AUTH_PHONE)
    P("ray", "Ray Tanaka", "ray.tanaka", "Collaboration Engineer", "IT", AUTH)
    P("toby", "Toby Nixon", "toby.nixon", "Identity Engineer", "IT", AUTH)
    P("hao", "Hao Chen", "hao.chen", "Service Desk Lead", "IT", AUTH_PHONE)
    P("molly", "Molly Dempsey", "molly.dempsey", "Security Architect", "Security", WHFB)
    P("jeff", "Jeff Hay", "jeff.hay", "Internal Auditor", "Finance", AUTH)
    for key, name, job, dept, methods in [
        ("lola", "Lola Jacobsen", "Controller", "Finance", AUTH_PHONE),
        ("nancy", "Nancy Anderson", "Account Executive", "Sales", AUTH),
        ("sanjay", "Sanjay Patel", "Data Scientist", "Research", WHFB),
        ("tim", "Tim Kim", "Account Executive", "Sales", AUTH),
        ("vanessa", "Vanessa Lopez", "Marketing Manager", "Marketing", AUTH_PHONE),
        ("yvonne", "Yvonne McKay", "HR Business Partner", "Human Resources", AUTH),
        ("zrinka", "Zrinka Makovac", "Software Engineer", "Research", WHFB),
        ("dan", "Dan Jump", "Chief Executive Officer", "Executive", AUTH_PHONE),
        ("eva", "Eva Corets", "Office Manager", "Operations", PHONE),
        ("garth", "Garth Fort", "Field Engineer", "Operations", AUTH),
        ("kimab", "Kim Abercrombie", "Paralegal", "Legal", AUTH),
        ("luis", "Luis Bonifaz", "Buyer", "Operations", AUTH),
        ("mark", "Mark Hassall", "Software Engineer", "Research", WHFB),
        ("nuno", "Nuno Lima", "Support Engineer", "Operations", AUTH),
    ]:
        P(key, name, name.lower().replace(" ", "."), job, dept, methods)
    P("alexw", "Alex Wilber", upn="AlexW_contoso.com#EXT#@fabrikam.onmicrosoft.com",
      user_type="guest")
    P("pat", "Pat Kline", upn="pat.kline_litwareinc.com#EXT#@fabrikam.onmicrosoft.com",
      user_type="guest", methods=AUTH)

    t.organization("2020-02-03T09:12:44Z", [
        ("2020-02-03T09:20:02Z", "Enabled", name) for name in SKUS["SPE_E5"][1]
    ], "4000 Fabrikam Way", "Seattle", "WA", "98101", "+1 206 555 0142")
    t.subscribed_sku("SPE_E5", "Enabled", 30, 24)
    t.security_defaults(False)
    t.authorization_policy()
    t.ip_location("offices", "Fabrikam Offices", ["192.0.2.0/26"], True, "2020-03-02T11:00:17")
    t.group("all-employees", "All Employees (dynamic)", "2020-02-10T10:01:33Z",
            "Every member account.", dynamic_rule='user.userType -eq "Member"',
            write_members=False)   # a Config export lists dynamic groups, not their members

    t.role_definitions(ADMIN_ROLES + [GLOBAL_READER, DIR_SYNC])
    lifecycle = t.service_principal("lifecycle", "Fabrikam Lifecycle Workflows Automation",
                                    "2024-08-19T13:27:09Z")
    t.role_assignment(GA, t["ben"])
    t.role_assignment(SECURITY_ADMIN, t["carole"])
    t.role_assignment(EXCHANGE_ADMIN, t["karen"])
    t.role_assignment(SHAREPOINT_ADMIN, t["ray"])
    t.role_assignment(USER_ADMIN, t["toby"])
    t.role_assignment(HELPDESK_ADMIN, t["hao"])
    t.role_assignment(GLOBAL_READER, t["jeff"])
    t.role_assignment(USER_ADMIN, lifecycle)
    t.directory_role(GA, [t["ben"]])
    t.directory_role(SECURITY_ADMIN, [t["carole"]])
    t.directory_role(EXCHANGE_ADMIN, [t["karen"]])
    t.directory_role(SHAREPOINT_ADMIN, [t["ray"]])
    t.directory_role(USER_ADMIN, [t["toby"], {
        "@odata.type": "#microsoft.graph.servicePrincipal", "id": lifecycle["id"],
        "displayName": lifecycle["displayName"]}])
    t.directory_role(HELPDESK_ADMIN, [t["hao"]])
    t.directory_role(GLOBAL_READER, [t["jeff"]])
    t.directory_role(PRIV_ROLE_ADMIN)
    t.directory_role(CA_ADMIN)
    rules = ["MultiFactorAuthentication", "Justification", "Ticketing"]
    t.pim_eligibility(GA, t["ana"], "2023-05-02T08:00:00Z", None, rules)
    t.pim_eligibility(PRIV_ROLE_ADMIN, t["jamal"], "2023-05-02T08:04:31.553Z", None, rules)
    t.pim_eligibility(CA_ADMIN, t["molly"], "2024-11-18T00:00:00Z", "2025-11-18T00:00:00Z",
                      rules)

    t.ca_policy(
        "mfa-admins", "Require multifactor authentication for admins", "enabled",
        "2020-03-02T11:20:45", "2024-06-03T09:41:12", template=TPL_MFA_ADMINS,
        users=users_cond(include_roles=ADMIN_ROLES), grant=grant("OR", "mfa"))
    t.ca_policy(
        "mfa-all", "Require multifactor authentication for all users", "enabled",
        "2020-03-02T11:24:09", "2024-06-03T09:43:50", template=TPL_MFA_ALL,
        users=users_cond(include_users=["All"], exclude_roles=[DIR_SYNC]),
        grant=grant("OR", "mfa"))
    t.ca_policy(
        "block-legacy", "Block legacy authentication", "enabled",
        "2020-03-02T11:26:37", "2024-06-03T09:45:02", template=TPL_BLOCK_LEGACY,
        users=users_cond(include_users=["All"], exclude_roles=[DIR_SYNC]),
        client_app_types=["exchangeActiveSync", "other"], grant=grant("OR", "block"))
    t.ca_policy(
        "risky-signin", "Require multifactor authentication for risky sign-ins", "enabled",
        "2021-09-14T15:02:11", "2024-06-03T09:47:38", template=TPL_RISKY_SIGNIN,
        users=users_cond(include_users=["All"]), sign_in_risk=["high", "medium"],
        grant=grant("OR", "mfa"), session=session(sign_in_frequency=EVERY_TIME))
    t.ca_policy(
        "risky-user", "Require password change for high-risk users", "enabled",
        "2021-09-14T15:06:40", "2024-06-03T09:49:15", template=TPL_RISKY_USER,
        users=users_cond(include_users=["All"]), user_risk=["high"],
        grant=grant("AND", "mfa", "passwordChange"),
        session=session(sign_in_frequency=EVERY_TIME))
    t.ca_policy(
        "phishres-admins", "Require phishing-resistant multifactor authentication for admins",
        "enabledForReportingButNotEnforced",
        "2025-02-17T10:30:00", "2025-05-26T14:08:21", template=TPL_PHISHRES_ADMINS,
        users=users_cond(include_roles=ADMIN_ROLES),
        grant=grant("OR", strength=PHISHING_RESISTANT))
    t.ca_policy(
        "device-code", "Block device code flow", "enabled",
        "2024-09-30T12:15:44", "2024-10-14T07:55:10",
        users=users_cond(include_users=["All"]),
        auth_flows={"transferMethods": "deviceCodeFlow"},
        grant=grant("OR", "block"))
    t.ca_policy(
        "compliant-device", "Require compliant device for all users (pilot)", "disabled",
        "2025-03-03T16:41:29", "2025-03-03T16:41:29",
        users=users_cond(include_users=["All"], exclude_roles=[DIR_SYNC]),
        client_app_types=["browser", "mobileAppsAndDesktopClients"],
        platforms={"includePlatforms": ["windows", "macOS"], "excludePlatforms": []},
        grant=grant("OR", "compliantDevice"))

    active = {"ben", "carole", "karen", "ray", "toby", "hao", "jeff"}
    entries = [registration(p, is_admin=k in active, sspr_enabled=p.user_type == "member",
                            updated="2025-06-09T03:02:51")
               for k, p in sorted(t.people.items(), key=lambda kp: kp[1].upn.lower())]
    t.registration_pages(entries, page_size=15)
    t.sspr_policy(2, methods_required=2, style="raw")
    return t


# =============================================================================================
# tailspin: Microsoft 365 E5 (P2), still on security defaults, mid-migration to Conditional Access
# =============================================================================================


def build_tailspin():
    t = Tenant("tailspin", "Tailspin Toys", "tailspintoys.com", "tailspintoys.onmicrosoft.com",
               "GB", export_style="ps7-crlf", synced=False)
    P = t.person
    P("sara", "Sara Davis", "sara", "Managing Director", "Management", AUTH_PHONE)
    P("eric", "Eric Gruber", "eric", "Operations Manager", "Operations", NONE)
    P("mia", "Mia Wong", "mia", "Product Designer", "Design", AUTH)
    P("noah", "Noah Fischer", "noah", "Sales Lead", "Sales", AUTH)
    P("priya", "Priya Raman", "priya", "Bookkeeper", "Finance", PHONE)

    # Business Premium from 2019 until the move to Microsoft 365 E5 in May 2025: Graph keeps the
    # old plans in assignedPlans as Deleted (AAD_PREMIUM appears twice, Deleted and Enabled).
    t.organization("2019-04-23T13:51:02Z", [
        ("2025-05-19T08:12:44Z", "Enabled", name) for name in SKUS["SPE_E5"][1]
    ] + [
        ("2019-04-23T14:02:10Z", "Deleted", name) for name in SKUS["SPB"][1]
    ], "12 Kite Lane", "Leeds", "West Yorkshire", "LS1 4AP", "+44 113 496 0000")
    t.subscribed_sku("SPE_E5", "Enabled", 5, 5)
    t.security_defaults(True)
    t.authorization_policy()
    t.role_definitions([GA, USER_ADMIN, GLOBAL_READER])
    t.role_assignment(GA, t["sara"])
    t.role_assignment(GA, t["eric"])
    t.directory_role(GA, [t["sara"], t["eric"]])

    t.ca_policy(
        "mfa-all", "Require multifactor authentication for all users", "enabled",
        "2025-06-02T19:44:13", "2025-06-02T19:44:13", template=TPL_MFA_ALL,
        users=users_cond(include_users=["All"], exclude_roles=[DIR_SYNC]),
        grant=grant("OR", "mfa"))
    t.ca_policy(
        "block-legacy", "Block legacy authentication", "enabled",
        "2025-06-02T19:46:50", "2025-06-02T19:46:50", template=TPL_BLOCK_LEGACY,
        users=users_cond(include_users=["All"]),
        client_app_types=["exchangeActiveSync", "other"], grant=grant("OR", "block"))
    t.ca_policy(
        "compliant-device", "Require compliant device", "enabledForReportingButNotEnforced",
        "2025-06-02T19:51:27", "2025-06-02T19:51:27",
        users=users_cond(include_users=["All"]),
        grant=grant("OR", "compliantDevice"))

    admins = {"sara", "eric"}
    entries = [registration(p, is_admin=k in admins, sspr_enabled=k in admins,
                            updated="2025-06-12T22:31:40")
               for k, p in sorted(t.people.items(), key=lambda kp: kp[1].upn.lower())]
    t.registration_pages(entries, page_size=3)
    t.sspr_policy(0, style="ps51-utf8")
    return t


# =============================================================================================
# northwind: Microsoft 365 Business Basic (no Entra ID premium plan), nothing enforces MFA
# =============================================================================================


def build_northwind():
    t = Tenant("northwind", "Northwind Traders", "northwindtraders.com",
               "northwindtraders.onmicrosoft.com", "CA", export_style="ps51", synced=False)
    P = t.person
    # the account the MSP created with the tenant; nobody ever registered a method on it
    P("admin", "Northwind IT Admin", upn="admin@northwindtraders.onmicrosoft.com",
      created="2021-08-16T17:03:22Z")
    P("nancy", "Nancy Davolio", "nancy", "Owner", "Management", AUTH,
      created="2021-08-16T17:20:48Z")
    P("andrew", "Andrew Fuller", "andrew", "Office Manager", "Operations", PHONE,
      created="2021-08-16T17:22:05Z")
    P("janet", "Janet Leverling", "janet", "Sales Representative", "Sales", AUTH_PHONE,
      created="2021-08-17T09:10:31Z")
    P("margaret", "Margaret Peacock", "margaret", "Sales Representative", "Sales", NONE,
      created="2023-03-06T15:44:19Z")
    P("steven", "Steven Buchanan", "steven", "Warehouse Supervisor", "Operations", EMAIL,
      created="2022-09-12T13:05:57Z")
    P("laura", "Laura Callahan",
      upn="laura.callahan_fourthcoffee.com#EXT#@northwindtraders.onmicrosoft.com",
      user_type="guest", created="2024-02-01T11:30:00Z")   # the external bookkeeper

    t.organization("2021-08-16T16:58:40Z", [
        ("2021-08-16T17:01:12Z", "Enabled", name) for name in SKUS["O365_BUSINESS_ESSENTIALS"][1]
    ], "1200 West Georgia Street", "Vancouver", "BC", "V6E 4R2", "+1 604 555 0187")
    t.subscribed_sku("O365_BUSINESS_ESSENTIALS", "Enabled", 5, 5)   # the admin account: none
    # switched off in 2023 "because the warehouse scanners stopped syncing mail", never replaced
    t.security_defaults(False)
    t.authorization_policy()
    # no Identity/Conditional folder: a Config export writes no empty folders, and a tenant
    # without Entra ID P1 has no Conditional Access policies or named locations to write; the
    # saved Graph response says there are none (an absent folder alone does not)
    t.no_ca_policies()

    t.role_definitions([GA, BILLING_ADMIN, USER_ADMIN, GLOBAL_READER])
    t.role_assignment(GA, t["admin"])
    t.role_assignment(GA, t["nancy"])
    t.role_assignment(BILLING_ADMIN, t["andrew"])
    t.directory_role(GA, [t["admin"], t["nancy"]])
    t.directory_role(BILLING_ADMIN, [t["andrew"]])

    admins = {"admin", "nancy", "andrew"}
    entries = [registration(p, is_admin=k in admins, sspr_enabled=p.user_type == "member",
                            updated="2025-06-10T01:47:12")
               for k, p in sorted(t.people.items(), key=lambda kp: kp[1].upn.lower())]
    t.registration_pages(entries, page_size=4)
    t.sspr_policy(2, style="ps51")
    return t


# =============================================================================================
# Expected results (the test oracle, worked out by hand from RULES.md + both decisions files)
# =============================================================================================

# The catalog, in RULES.md's order.
RULES = ["SD001", "SD002", "MFA001", "MFA002", "MFA003", "MFA004", "LEG001", "RISK001",
         "RISK002", "LIC001", "LIC002", "CA001", "SSPR001", "SSPR002"]

# Per tenant and rule: ("pass", why), or ("fail", [findings]). A finding is
#   (subject, severity, why)                  for every rule but MFA001, where subject is
#       "tenant"         the tenant id (SD001, SD002, MFA003, LEG001, RISK001, RISK002, LIC002,
#                        SSPR001),
#       a person key     the user's object id (MFA004, SSPR002),
#       a role template  the template id itself (MFA002),
#       "ca:<key>"       the policy's id (LIC001, CA001);
#   (person key, severity, reason, why)       for MFA001 ("not registered" = isMfaRegistered
#       false; "not required" = no enforced, covering, unnarrowed MFA requirement).

_NOT_APPLICABLE_P1 = ("not applicable: the licence data shows P1 (SPE_E3's AAD_PREMIUM) but no "
                      "P2. The Entra ID P2 trial SKU is `capabilityStatus: Suspended` and its "
                      "`assignedPlans` entry `Suspended`, so neither counts.")
_NOT_APPLICABLE_FREE = ("not applicable: the licence data (Business Basic only, in "
                        "`SubscribedSkus` and `assignedPlans`) holds neither AAD_PREMIUM nor "
                        "AAD_PREMIUM_P2: the tenant is on Entra ID Free.")
_NO_POLICY = "nothing requires MFA: security defaults off, zero CA policies."

EXPECTED = {
    "contoso": {
        "SD001": ("pass", "isEnabled is false: no conflict, whatever the CA policies say."),
        "SD002": ("pass", "Security defaults are off, but enforced policies name `mfa` in "
                          "their grant and apply to people (CA001, CA002, CA005, CA006, CA007, "
                          "whatever their narrowing or operator): one of the ways is in use. "
                          "How weak they are is MFA002's and MFA003's business."),
        "MFA001": ("fail", [
            ("alex", "error", "not registered",
             "Global Administrator (roleAssignment and DirectoryRoles member); isMfaRegistered "
             "false (only `email`, an SSPR method). Covered by CA001, so only this reason."),
            ("breakglass", "error", "not required",
             "Global Administrator excluded by user id from CA001, CA002, CA005 and every other "
             "policy. Registered (FIDO2). No emergency-access declaration exists in these "
             "inputs, so the exclusion counts."),
            ("isaiah", "error", "not required",
             "Exchange Administrator excluded by user id from CA001. CA002 would include him "
             "but excludes `AllTrusted` locations; CA005 is mfa OR compliantDevice. Registered."),
            ("patti", "error", "not required",
             "Helpdesk Administrator only through PIM eligibility (permanent; isAdmin false in "
             "registration details). Helpdesk is not in CA001's includeRoles; she is in "
             "CA-Exclusion-MFA-AllUsers (membership exported), excluded from CA002 (which is "
             "location-narrowed anyway); CA005 is OR. Registered (phone)."),
            ("lee", "error", "not registered",
             "User Administrator only through `DirectoryRoles/<roleObjectId>/Members` (no "
             "roleAssignment file). Covered by CA001 (User Administrator included)."),
            ("nestor", "error", "not registered",
             "Security Administrator through the role-assignable group "
             "SG-Role-SecurityAdministrators (group principal; members exported). Covered by "
             "CA001, which includes Security Administrator."),
            ("allan", "error", "not registered",
             "Helpdesk Administrator scoped to the administrative unit Contoso Sales "
             "(directoryScopeId /administrativeUnits/...; any scope counts)."),
            ("allan", "error", "not required",
             "Helpdesk Administrator is not in CA001's includeRoles; CA002 is location-narrowed; "
             "CA005 is OR."),
        ]),
        "MFA002": ("fail", [
            (HELPDESK_ADMIN, "error",
             "Helpdesk Administrator is the one role of the table missing from CA001's "
             "includeRoles (CA001 includes the other 13, excludes no role, applies to All apps "
             "with no condition, grant `mfa` alone: those 13 are covered; its exclusions of the "
             "break-glass account and Isaiah are users, MFA001's business). No enforced policy "
             "for All users covers it either: CA002 is narrowed by `excludeLocations: "
             "[AllTrusted]`, CA005 is mfa OR compliantDevice, CA006 is scoped to Azure "
             "management, CA007 to the register-security-info user action."),
        ]),
        "MFA003": ("fail", [("tenant", "warning",
                             "no enforced, unnarrowed policy requires MFA for all users on all "
                             "apps. Partial policies (related locations): CA002 (locations: "
                             "`excludeLocations: [AllTrusted]`; also excludes the break-glass "
                             "account and the group CA-Exclusion-MFA-AllUsers), CA005 (mfa OR "
                             "compliantDevice: MFA only conditionally required), CA006 (only "
                             "Azure management), CA007 (only the register-security-info user "
                             "action, outside trusted locations, guests excluded), CA001 (admin "
                             "roles only); CA009 is disabled (and for guests only).")]),
        "MFA004": ("fail", [
            ("joni", "warning", "Global Reader (not an admin role here), isMfaRegistered false."),
            ("irvin", "warning", "Hybrid Identity Administrator (not in the admin table), "
                                 "isMfaRegistered false."),
            ("christie", "warning", "custom role only; only `email` registered (an SSPR "
                                    "method, not MFA)."),
            ("raul", "warning", "nothing registered."),
            ("cameron", "warning", "nothing registered."),
            ("gerhart", "warning", "only `email` registered."),
            ("robin", "warning", "nothing registered."),
            ("carlos", "warning", "only `email` registered."),
        ]),
        "LEG001": ("fail", [("tenant", "error",
                             "`other` is blocked by the enabled CA003 (All users except the "
                             "Directory Synchronization Accounts role, All apps), but "
                             "`exchangeActiveSync` only by CA004, which is report-only "
                             "(related location). CA008 blocks, but is narrowed by locations; "
                             "CA011 blocks, but only high sign-in risk (and excludes the "
                             "break-glass account).")]),
        "RISK001": ("pass", _NOT_APPLICABLE_P1),
        "RISK002": ("pass", _NOT_APPLICABLE_P1),
        "LIC001": ("fail", [("ca:ca011", "error",
                             "enabled with `signInRiskLevels: [high]`, and the tenant has no "
                             "P2: created on 2024-02-19 under the Entra ID P2 trial, which is "
                             "now Suspended, the risk condition cannot take effect. The other "
                             "enabled policies use no risk condition and P1 is present.")]),
        "LIC002": ("pass", "security defaults are off."),
        "CA001": ("fail", [("ca:ca004", "info",
                            "report-only; enabled as written (All users except the Directory "
                            "Synchronization Accounts role, All apps, clientAppTypes "
                            "[exchangeActiveSync], block) it would, with the enabled CA003 "
                            "blocking `other`, close LEG001's gap. It closes no other gap. "
                            "CA009 is disabled, not report-only, and closes nothing reported.")]),
        "SSPR001": ("fail", [("tenant", "warning",
                              "passwordResetPolicies.json: enablementType 1, SSPR for the "
                              "SSPR-Pilot group only.")]),
        "SSPR002": ("fail", [
            ("breakglass", "info", "isSsprEnabled true (an active admin), isSsprRegistered "
                                   "false: FIDO2 is not an SSPR method."),
            ("lee", "info", "isSsprEnabled true (an active admin), nothing registered."),
            ("nestor", "info", "isSsprEnabled true (an active admin), nothing registered."),
            ("allan", "info", "isSsprEnabled true (an active role holder), nothing registered."),
            ("joni", "info", "isSsprEnabled true (an active role holder), nothing registered."),
            ("irvin", "info", "isSsprEnabled true (an active role holder), nothing registered."),
        ]),
    },
    "fabrikam": {
        "SD001": ("pass", "isEnabled is false."),
        "SD002": ("pass", "enforced policies require MFA (for admins, for all users)."),
        "MFA001": ("pass", "All nine admins (active, and PIM-eligible Ana, Jamal, Molly) are "
                           "registered; \"Require multifactor authentication for admins\" "
                           "includes all 14 admin roles with no exclusion, and \"... for all "
                           "users\" covers everyone but Directory Synchronization Accounts "
                           "holders (there are none). The service principal holding User "
                           "Administrator is ignored."),
        "MFA002": ("pass", "\"Require multifactor authentication for admins\" includes all 14 "
                           "roles, excludes none, All apps, no condition, grant `mfa` alone "
                           "(and \"... for all users\" covers All users as well)."),
        "MFA003": ("pass", "\"Require multifactor authentication for all users\": All users "
                           "(only the Directory Synchronization Accounts role excluded), All "
                           "apps, no condition, grant `mfa` alone."),
        "MFA004": ("pass", "every member is registered for MFA; the unregistered guest Alex "
                           "Wilber is out of scope."),
        "LEG001": ("pass", "\"Block legacy authentication\" is enabled for All users (only the "
                           "Directory Synchronization Accounts role excluded), All apps, "
                           "clientAppTypes [exchangeActiveSync, other], grant block."),
        "RISK001": ("pass", "P2 (SPE_E5); \"Require multifactor authentication for risky "
                            "sign-ins\": enabled, All users, All apps, signInRiskLevels [high, "
                            "medium], grant `mfa` alone."),
        "RISK002": ("pass", "P2; \"Require password change for high-risk users\": enabled, All "
                            "users, All apps, userRiskLevels [high], grant mfa AND "
                            "passwordChange."),
        "LIC001": ("pass", "P1 and P2 present: every enabled policy, the two risk policies "
                           "included, can take effect."),
        "LIC002": ("pass", "security defaults are off."),
        "CA001": ("pass", "the report-only phishing-resistant MFA policy would close no gap: no "
                          "other rule reports one."),
        "SSPR001": ("pass", "enablementType 2 (all users)."),
        "SSPR002": ("pass", "every member is SSPR-enabled and registered; guests are not "
                            "SSPR-enabled (and out of scope)."),
    },
    "tailspin": {
        "SD001": ("fail", [("tenant", "error",
                            "Security defaults isEnabled true while \"Require multifactor "
                            "authentication for all users\" and \"Block legacy authentication\" "
                            "are enabled (both related locations); the report-only \"Require "
                            "compliant device\" is not part of the conflict.")]),
        "SD002": ("pass", "security defaults are on."),
        "MFA001": ("fail", [
            ("eric", "error", "not registered",
             "Global Administrator with isMfaRegistered false. Security defaults are on, so "
             "MFA is required: no \"not required\" finding."),
        ]),
        "MFA002": ("pass", "security defaults are on."),
        "MFA003": ("pass", "security defaults are on."),
        "MFA004": ("pass", "the three members who are not admins (Mia, Noah, Priya) are "
                           "registered."),
        "LEG001": ("pass", "Security defaults are on: they block legacy authentication."),
        "RISK001": ("fail", [("tenant", "warning",
                              "P2 (SPE_E5: AAD_PREMIUM_P2, provisioningStatus Success) and no "
                              "policy conditioned on sign-in risk. Neither security defaults "
                              "nor the \"MFA always\" policy \"Require multifactor "
                              "authentication for all users\" satisfies it.")]),
        "RISK002": ("fail", [("tenant", "warning",
                              "P2 and no policy conditioned on user risk (none blocks or "
                              "requires a password change for userRiskLevels high).")]),
        "LIC001": ("pass", "P1 and P2 present; the enabled policies use no risk condition."),
        "LIC002": ("fail", [("tenant", "info",
                             "security defaults are on although the plan (SPE_E5) includes "
                             "Conditional Access (P1) and risk-based policies (P2).")]),
        "CA001": ("pass", "the report-only \"Require compliant device\" (All users, "
                          "compliantDevice) closes no reported gap: it does not register "
                          "Eric for MFA and has no risk condition."),
        "SSPR001": ("fail", [("tenant", "error",
                              "passwordResetPolicies.json (UTF-8 with BOM): enablementType 0, "
                              "SSPR off for users.")]),
        "SSPR002": ("fail", [
            ("eric", "info", "isSsprEnabled true (administrators are always SSPR-enabled by "
                             "the admin SSPR policy) and isSsprRegistered false (nothing "
                             "registered). The policy file decides SSPR001, not this rule."),
        ]),
    },
    "northwind": {
        "SD001": ("pass", "isEnabled is false (and there is no CA policy)."),
        "SD002": ("fail", [("tenant", "error",
                            "security defaults isEnabled false and no Conditional Access "
                            "policy at all (a Config export without an `Identity/Conditional` "
                            "folder: zero policies): none of the three ways to require MFA is "
                            "in use.")]),
        "MFA001": ("fail", [
            ("admin", "error", "not registered",
             "Global Administrator (roleAssignment and DirectoryRoles member), nothing "
             "registered."),
            ("admin", "error", "not required",
             "Global Administrator: " + _NO_POLICY),
            ("andrew", "error", "not required",
             "Billing Administrator, registered (phone): " + _NO_POLICY),
            ("nancy", "error", "not required",
             "Global Administrator, registered (Authenticator): " + _NO_POLICY),
        ]),
        "MFA002": ("fail", [(r, "error", _NO_POLICY) for r in ADMIN_ROLES]),
        "MFA003": ("fail", [("tenant", "warning", _NO_POLICY + " No partial policy to name.")]),
        "MFA004": ("fail", [
            ("margaret", "warning", "nothing registered."),
            ("steven", "warning", "only `email` registered (an SSPR method, not MFA). The "
                                  "guest Laura Callahan, unregistered, is out of scope."),
        ]),
        "LEG001": ("fail", [("tenant", "error", _NO_POLICY)]),
        "RISK001": ("pass", _NOT_APPLICABLE_FREE),
        "RISK002": ("pass", _NOT_APPLICABLE_FREE),
        "LIC001": ("pass", "no enabled policy (zero policies), so none lacks a licence."),
        "LIC002": ("pass", "security defaults are off (and the plan has no P1 anyway)."),
        "CA001": ("pass", "the CA data is present (zero policies) and holds no report-only "
                          "policy."),
        "SSPR001": ("pass", "passwordResetPolicies.json (UTF-16LE): enablementType 2 (all "
                            "users)."),
        "SSPR002": ("fail", [
            ("admin", "info", "isSsprEnabled true, nothing registered."),
            ("margaret", "info", "isSsprEnabled true, nothing registered."),
        ]),
    },
}

SEVERITY = {"SD001": "error", "SD002": "error", "MFA001": "error", "MFA002": "error",
            "MFA003": "warning", "MFA004": "warning", "LEG001": "error", "RISK001": "warning",
            "RISK002": "warning", "LIC001": "error", "LIC002": "info", "CA001": "info",
            "SSPR001": None, "SSPR002": "info"}   # SSPR001: error for 0, warning for 1


def subject_id(t, s):
    """The subject a finding carries (RULES.md 'Subjects')."""
    if s == "tenant":
        return t.id
    if s.startswith("ca:"):
        return t.policies[s[3:]]["id"]
    if s in BUILTIN_ROLES:
        return s
    return t[s].id


def expected_subjects(t, rule):
    status, detail = EXPECTED[t.key][rule]
    return status, ([] if status == "pass" else sorted(subject_id(t, f[0]) for f in detail))

# People holding roles who must NOT get an MFA001 finding, and why (rendered into the README).
# The flag says whether they hold an admin role (then check() verifies they are registered).
NOT_FLAGGED = {
    "contoso": [
        ("megan", True, "Global Administrator, registered, covered by CA001."),
        ("diego", True, "Security Administrator through the group, registered, covered by CA001."),
        ("adele", True, "SharePoint Administrator, registered, covered by CA001."),
        ("grady", True, "Privileged Role Administrator through permanent PIM eligibility only, "
                        "registered, covered by CA001 (an eligible role counts as held)."),
        ("johanna", True, "Conditional Access Administrator, registered, covered by CA001."),
        ("lynne", True, "Billing Administrator, registered, covered by CA001."),
        ("miriam", True, "Application and Cloud Application Administrator, registered, covered "
                         "by CA001."),
        ("pradeep", True, "Password Administrator through time-bound PIM eligibility (ends "
                          "2026-03-31), registered, covered by CA001."),
        ("henrietta", True, "Authentication Administrator, registered, covered by CA001."),
        ("joni", False, "Global Reader only: not an admin role here (unregistered, isAdmin true)."),
        ("irvin", False, "Hybrid Identity Administrator only: not in the admin table "
                         "(unregistered, isAdmin true)."),
        ("christie", False, "Custom role Contoso Licence Manager only: not an admin role "
                            "(unregistered)."),
        ("sync", False, "Directory Synchronization Accounts only: a service account, never an "
                        "admin (unregistered, isAdmin true)."),
        ("sp:hr-provisioning", False, "Contoso HR Provisioning holds User Administrator "
                      "(roleAssignment and DirectoryRoles member): not a person."),
    ],
    "fabrikam": [
        ("ben", True, "Global Administrator (active), registered."),
        ("ana", True, "Global Administrator through permanent PIM eligibility, registered."),
        ("jamal", True, "Privileged Role Administrator through PIM eligibility, registered."),
        ("carole", True, "Security Administrator, registered."),
        ("karen", True, "Exchange Administrator, registered."),
        ("ray", True, "SharePoint Administrator, registered."),
        ("toby", True, "User Administrator, registered."),
        ("hao", True, "Helpdesk Administrator, registered."),
        ("molly", True, "Conditional Access Administrator through time-bound PIM eligibility, "
                        "registered."),
        ("jeff", False, "Global Reader only."),
        ("sp:lifecycle", False, "Fabrikam Lifecycle Workflows Automation holds User "
                      "Administrator: not a person."),
    ],
    "tailspin": [
        ("sara", True, "Global Administrator, registered; security defaults require MFA."),
    ],
    "northwind": [],   # every role holder is an admin with a finding
}


# =============================================================================================
# Consistency checks: the data says what EXPECTED assumes (not a rule implementation)
# =============================================================================================


def check(tenants):
    for t in tenants.values():
        reg = {}
        for rel in ("reports/userRegistrationDetails-page1.json",
                    "reports/userRegistrationDetails-page2.json"):
            for e in t.files[rel][0]["value"]:
                assert e["id"] not in reg, e
                reg[e["id"]] = e
        assert set(reg) == {p.id for p in t.people.values()}, t.key
        # every person referenced anywhere is in the registration details with the same UPN
        for rel, (obj, _) in t.files.items():
            for d in walk(obj):
                if d.get("@odata.type") == "#microsoft.graph.user" and "userPrincipalName" in d:
                    assert reg[d["id"]]["userPrincipalName"] == d["userPrincipalName"], rel
        # every rule has an expectation, findings' facts agree with the data
        assert list(EXPECTED[t.key]) == RULES, t.key
        for rule, (status, detail) in EXPECTED[t.key].items():
            assert status in ("pass", "fail"), (t.key, rule)
            if status == "pass":
                assert isinstance(detail, str), (t.key, rule)
                continue
            assert detail, (t.key, rule)
            for f in detail:
                sev = f[1]
                assert sev == (SEVERITY[rule] or sev), (t.key, rule, f)
                subject_id(t, f[0])   # resolves
                if rule == "MFA001":
                    who, _sev, reason, _why = f
                    e = reg[t[who].id]
                    if reason == "not registered":
                        assert e["isMfaRegistered"] is False, who
                    else:
                        assert reason == "not required", reason
                elif rule == "MFA004":
                    e = reg[t[f[0]].id]
                    assert e["userType"] == "member" and e["isMfaRegistered"] is False, f
                elif rule == "SSPR002":
                    e = reg[t[f[0]].id]
                    assert e["userType"] == "member" and e["isSsprEnabled"] is True, f
                    assert e["isSsprRegistered"] is False, f
                elif rule == "MFA002":
                    assert f[0] in ADMIN_ROLES, f
                elif rule in ("LIC001", "CA001"):
                    state = t.policies[f[0][3:]]["state"]
                    assert state == ("enabled" if rule == "LIC001"
                                     else "enabledForReportingButNotEnforced"), f
                else:
                    assert f[0] == "tenant", f
        for who, admin, _ in NOT_FLAGGED[t.key]:
            if admin:
                assert reg[t[who].id]["isMfaRegistered"] is True, who
    # fabrikam: every member registered and SSPR-enabled
    f = tenants["fabrikam"]
    for rel in ("reports/userRegistrationDetails-page1.json",
                "reports/userRegistrationDetails-page2.json"):
        for e in f.files[rel][0]["value"]:
            if e["userType"] == "member":
                assert e["isMfaRegistered"] and e["isSsprEnabled"] and e["isSsprRegistered"], e
    # northwind: a Config export (Policies/ present) with no Conditional Access folder
    n = tenants["northwind"]
    assert any(rel.startswith("export/Policies/") for rel in n.files)
    assert not any(rel.startswith("export/Identity/") for rel in n.files)


def walk(v):
    if isinstance(v, dict):
        yield v
        for x in v.values():
            yield from walk(x)
    elif isinstance(v, list):
        for x in v:
            yield from walk(x)


# =============================================================================================
# README
# =============================================================================================

README_HEAD = """\
# Example tenants

Four fictional Microsoft Entra tenants, exported the way administrators' tools export them,
for end-to-end tests of the rules of Microsoft's guidance (the 14 rules SD001, SD002,
MFA001-MFA004, LEG001, RISK001, RISK002, LIC001, LIC002, CA001, SSPR001, SSPR002). The rules of
CISA's SCuBA baseline run on them too (their results are in `snapshots/`); what they plant for
those is in the scubagear-sample section and in `testdata/rules/`.
**Generated by `generate.py`** beside this file (Python 3, standard library, deterministic):

```
python3 testdata/tenants/generate.py
```

It deletes and rewrites `contoso/`, `fabrikam/`, `tailspin/`, `northwind/` and this README.
Edit the script, not the files. `.gitattributes` here marks everything `-text`: the bytes
(BOMs, UTF-16, CRLF) are the test.

{summary}
Under Microsoft's guidance (`--framework microsoft-step1`, the rules this table covers) every
rule fails on at least one tenant and fabrikam passes them all; CISA's baseline, which a plain
`check` runs too, asks more of fabrikam (phishing-resistant MFA, device and risk blocks).

## Layout

```
<tenant>/export/    Microsoft EntraExporter v3 Export-Entra output
<tenant>/reports/   Graph responses EntraExporter does not export, saved beside it
```

**Lint the tenant folder**, e.g. `tenantlint check testdata/tenants/contoso`: the expected
results below need `export/` and `reports/` together (registration details and the SSPR
policy live in `reports/`).

`export/` is what `Export-Entra` writes (the `-Type` used is given per tenant), reduced to the
folders these rules read plus a few neighbours; a real Config export has many more. Each file
is ONE JSON object, camelCase, no top-level `@odata.context`, Graph's own property order and
nulls. Paths: `Organization/Organization.json`;
`Policies/IdentitySecurityDefaultsEnforcementPolicy/00000000-0000-0000-0000-000000000005/<same>.json`;
`Policies/AuthorizationPolicy/authorizationPolicy/authorizationPolicy.json`;
`Identity/Conditional/AccessPolicies/<id>/<id>.json` (beta, with the
`authenticationStrength@odata.context` annotation Graph adds);
`Identity/Conditional/NamedLocations/<id>/<id>.json`;
`RoleManagement/Directory/RoleDefinitions/<id>/<id>.json` (built-ins: id == templateId;
`rolePermissions` abbreviated); `RoleManagement/Directory/RoleAssignments/<id>/<id>.json`
(beta, `principal` inlined: user, group or servicePrincipal; ids in Graph's base64 style);
`DirectoryRoles/<roleObjectId>/<roleObjectId>.json` with `Members/<m>/<m>.json` (users, a
group, a service principal, each with `@odata.type`) and `ScopedMembers/` (administrative-unit
scoped holders; not a membership of the whole role); `PIM/DirectoryRoles/<roleEligibilityScheduleId>.json`
(v1.0 roleEligibilityScheduleInstance with `roleDefinition` and `principal` expanded, plus the
exporter's PascalCase `PrincipalName`, `RoleName`, `Policy`); `Groups/<id>/<id>.json` and
`Groups/<id>/Members/<m>/<m>.json`; `AdministrativeUnits/...`; `SubscribedSkus/<tenantId>_<skuId>/<same>.json`.
Not present: `RoleAssignmentScheduleInstances/` and `Users/` (see the decisions at the end).
northwind's export has `Policies/` but **no `Identity/` folder at all**: a Config export
writes no empty folders, but `Export-Entra -Type Policies` writes `Policies/` without
Conditional Access, so an absent folder does not prove zero policies. northwind's
`reports/conditionalAccessPolicies.json` (the Graph beta list response, `"value": []`) does.

`reports/`: `userRegistrationDetails-page1.json` and `-page2.json` (Graph beta
`reports/authenticationMethods/userRegistrationDetails` responses saved as returned: compact,
`@odata.context`, page 1 has `@odata.nextLink`; every person in the export appears once, same
id and UPN) and `passwordResetPolicies.json` (the Azure portal's
`api/PasswordReset/PasswordResetPolicies` response: `objectId: "default"`, `enablementType`
0/1/2, the real key names including the portal's typo `registrationReconfirmIntevalInDays`).

### Encodings and layouts (on purpose)

| Tenant | `export/` | `reports/` pages | `reports/passwordResetPolicies.json` |
|---|---|---|---|
| contoso | PowerShell 7 on Windows: 2-space indent, CRLF, UTF-8 without BOM. **Except** `Identity/Conditional/AccessPolicies/{ca001}/{ca001}.json` (the policy CA001, "Require MFA for administrators"): Windows PowerShell 5.1 `Out-File`, **UTF-16LE with BOM**, CRLF, 5.1's column-aligned layout, `'` written as `\\u0027` | raw Graph (compact UTF-8) | PowerShell 7, CRLF |
| fabrikam | PowerShell 7 on Linux (pipeline agent): 2-space indent, LF, UTF-8 | raw Graph | raw portal response (compact) |
| tailspin | PowerShell 7 on Windows, CRLF | raw Graph | Windows PowerShell 5.1 `Set-Content -Encoding UTF8`: **UTF-8 with BOM**, 5.1 layout, CRLF |
| northwind | Windows PowerShell 5.1 `Out-File`, **every file UTF-16LE with BOM**, 5.1 layout, CRLF | raw Graph | Windows PowerShell 5.1 `Out-File`: UTF-16LE with BOM |

contoso's policy CA001 (named like the rule CA001 by coincidence: contoso numbers its
policies CA001-CA011) is the only policy that covers twelve contoso admins: a reader that
cannot decode UTF-16LE reports each of them as not required to use MFA, and all 14 roles
for MFA002 instead of one. A reader that cannot decode UTF-16LE sees nothing of northwind at all.

## Expected results

Every rule is `pass` or `fail` on every tenant below (no `not-evaluated`: each tenant carries
all the inputs). Subjects (RULES.md "Subjects"): the user's object id for MFA001, MFA004,
SSPR002 (MFA001: one finding per admin *and reason*); the role template id for MFA002 (one
finding per uncovered role); the policy id for LIC001 and CA001 (one per policy); the `id` in
`Organization/Organization.json` (the tenant id) for SD001, SD002, MFA003, LEG001, RISK001,
RISK002, LIC002, SSPR001. Severities: error for SD001, SD002, MFA001, MFA002, LEG001, LIC001;
warning for MFA003, MFA004, RISK001, RISK002; info for LIC002, CA001, SSPR002; SSPR001 error
for `enablementType` 0, warning for 1.

Each tenant ends with its expectations as `expect.json` would list them: per rule the
status and the sorted subjects, one entry per finding (duplicates included).
"""


def _label(t, s):
    """How a finding's subject is written in the tables."""
    if s == "tenant":
        return "`%s` (tenant)" % t.id
    if s.startswith("ca:"):
        pol = t.policies[s[3:]]
        return "`%s` (%s)" % (pol["id"], pol["displayName"])
    if s in BUILTIN_ROLES:
        return "`%s` (%s)" % (s, BUILTIN_ROLES[s][0])
    p = t[s]
    return "`%s` (%s, %s)" % (p.id, p.name, p.upn)


SUMMARY = {
    "contoso": ("Microsoft 365 E3 (P1; an expired P2 trial)", "Conditional Access with holes"),
    "fabrikam": ("Microsoft 365 E5 (P2)", "Conditional Access, complete"),
    "tailspin": ("Microsoft 365 E5 (P2)", "security defaults **and** two enabled CA policies"),
    "northwind": ("Microsoft 365 Business Basic (Free)", "none: security defaults off, no CA"),
}


def render_readme(tenants):
    summary = ["| Tenant | Plan (tier) | MFA mechanism | Rules that fail |\n|---|---|---|---|\n"]
    for key in TENANTS:
        failing = [r for r in RULES if EXPECTED[key][r][0] == "fail"]
        summary.append("| %s | %s | %s | %s |\n" % (key, SUMMARY[key][0], SUMMARY[key][1],
                                                   ", ".join(failing) or "none"))
    for rule in RULES:
        assert any(EXPECTED[k][rule][0] == "fail" for k in TENANTS), rule
    out = [README_HEAD.replace("{ca001}", guid("contoso", "ca", "ca001"))
           .replace("{summary}", "".join(summary))]
    blurbs = {
        "contoso": CONTOSO_BLURB, "fabrikam": FABRIKAM_BLURB, "tailspin": TAILSPIN_BLURB,
        "northwind": NORTHWIND_BLURB,
    }
    for key in TENANTS:
        t = tenants[key]
        out.append("\n## %s (`%s`)\n\n" % (key, t.id))
        out.append(blurbs[key].strip() + "\n\n")
        out.append("| Rule | Status | Findings (subject, severity, why) |\n|---|---|---|\n")
        for rule in RULES:
            status, detail = EXPECTED[key][rule]
            if status == "pass":
                out.append("| %s | pass | none. %s |\n" % (rule, detail))
                continue
            rows = []
            for f in detail:
                if rule == "MFA001":
                    who, sev, reason, why = f
                    rows.append("%s, %s, **%s**: %s" % (_label(t, who), sev, reason, why))
                else:
                    s, sev, why = f
                    rows.append("%s, %s: %s" % (_label(t, s), sev, why))
            out.append("| %s | fail (%d) | %s |\n" % (rule, len(detail), "<br>".join(rows)))
        expect = {}
        for rule in RULES:
            status, subjects = expected_subjects(t, rule)
            expect[rule] = {"status": status, "subjects": subjects}
        lines = []
        for rule in RULES:
            e = expect[rule]
            subjects = ("[]" if not e["subjects"] else "[\n%s\n  ]" % ",\n".join(
                '    "%s"' % x for x in e["subjects"]))
            lines.append('  "%s": {"status": "%s", "subjects": %s}' % (rule, e["status"], subjects))
        text = "{\n%s\n}" % ",\n".join(lines)
        assert json.loads(text) == expect
        out.append("\n%s, per rule: status and sorted subjects (as `expect.json` would list "
                   "them):\n\n```json\n%s\n```\n" % (key, text))
        if NOT_FLAGGED[key]:
            out.append("\nPeople holding roles who must **not** get an MFA001 finding:\n\n")
            for who, _admin, why in NOT_FLAGGED[key]:
                if who.startswith("sp:"):
                    label = "`%s` (service principal)" % guid(key, "servicePrincipal", who[3:])
                else:
                    label = "`%s` (%s)" % (t[who].id, t[who].name)
                out.append("- %s: %s\n" % (label, why))
    out.append(README_TAIL)
    return "".join(out)


CONTOSO_BLURB = """
Exported with `Export-Entra -Path .\\contoso\\export -Type Config,Groups,PIM` in PowerShell 7
on Windows; the policy CA001 was re-exported later from Windows PowerShell 5.1 (hence UTF-16LE).

Microsoft 365 E3 (service plan AAD_PREMIUM = Entra ID P1), about 40 users, 16 admins, hybrid
(Entra Connect: a Directory Synchronization Accounts user). Security defaults **off**; eleven
CA policies with the holes real tenants have. `SubscribedSkus` also holds an expired Entra ID
P2 trial (`AAD_PREMIUM_P2` SKU, `capabilityStatus: Suspended`; `assignedPlans` entry
`Suspended`): it explains the PIM eligibilities and CA011, and by the licence decisions it does
not make the tenant P2: the tier is P1 (RISK001/RISK002 pass as not applicable, LIC001 fires
for CA011).

Conditional Access: CA001 require MFA for 13 admin roles (not Helpdesk), excludes the
break-glass account and Isaiah by id (**UTF-16LE file**); CA002 MFA for all users but
`excludeLocations: ["AllTrusted"]`, excludes the break-glass account, the group
CA-Exclusion-MFA-AllUsers and the Directory Synchronization Accounts role; CA003 blocks
`other` (enabled); CA004 blocks `exchangeActiveSync` (**report-only**); CA005 `mfa` OR
`compliantDevice` for all users; CA006 MFA for Azure management only; CA007 MFA for the
register-security-info user action outside trusted locations; CA008 block outside allowed
countries; CA009 guests MFA (disabled); CA010 session controls only (`grantControls: null`,
device filter); CA011 block `signInRiskLevels: ["high"]` for all users but the break-glass
account (enabled; created in February 2024 under the P2 trial). Role data comes from all three
sources (roleAssignments, DirectoryRoles members, PIM eligibility) and overlaps on purpose: an
admin found twice is still one finding per reason. `isAdmin` in the registration details is
true for active role holders of any role and false for PIM-eligible-only users (Patti, Grady,
Pradeep): role data wins. SSPR: the portal policy says selected group (SSPR-Pilot);
registration details agree (`isSsprEnabled` true for the pilot group and active role holders).
"""

FABRIKAM_BLURB = """
Exported nightly with `Export-Entra -Path ./fabrikam/export -Type Config,PIM` by a pipeline
on a Linux agent (PowerShell 7, LF).

Microsoft 365 E5 (AAD_PREMIUM + AAD_PREMIUM_P2), cloud-only, 24 members + 2 guests, 9 admins
(3 only PIM-eligible) and a service principal holding User Administrator. Security defaults
off. Enabled: Require MFA for admins (all 14 admin roles, All apps, no exclusions), Require MFA
for all users (excludes only the Directory Synchronization Accounts role), Block legacy
authentication (`exchangeActiveSync` + `other`, excludes only that role), MFA for sign-in risk
high/medium, password change (AND mfa) for user risk high, Block device code flow
(`authenticationFlows`). Report-only: phishing-resistant MFA for admins (inline
`authenticationStrength` 0004). Disabled: compliant device pilot. Every member is registered
for MFA and SSPR and SSPR-enabled; of the two guests (out of scope), Alex Wilber registered
nothing, Pat Kline the Authenticator; neither is SSPR-enabled.
The `Groups/` folder holds one dynamic group without members (a Config export). **Must
produce no finding for any of the 14 rules.**
"""

TAILSPIN_BLURB = """
Exported with `Export-Entra -Path .\\tailspin\\export -Type Config` in PowerShell 7 on Windows;
the SSPR policy was saved from Windows PowerShell 5.1.

Microsoft 365 E5 since May 2025 (SPE_E5: AAD_PREMIUM and AAD_PREMIUM_P2, provisioningStatus
Success; `assignedPlans` still lists the Business Premium plans of 2019-2025 as `Deleted`, so
AAD_PREMIUM appears twice, Deleted and Enabled), 5 users, 2 Global Administrators, caught
mid-migration: security defaults **on** (`isEnabled: true`) while two CA policies are `enabled`
and one is report-only; no risk policy yet. No PIM configured, no groups, no named locations.
SSPR is off for users (`enablementType: 0`); admins still show `isSsprEnabled: true` (the
admin SSPR policy), which does not matter for SSPR001 because the policy file decides, but
makes Eric (nothing registered) an SSPR002 finding.
"""

NORTHWIND_BLURB = """
Exported by the company's IT contractor from **Windows PowerShell 5.1** (every export file
UTF-16LE) with `Export-Entra -Path .\\northwind\\export -Type Config`; registration details
and the SSPR policy saved beside it (see the decisions at the end about the former).

A 5-person wholesaler on Microsoft 365 Business Basic (`O365_BUSINESS_ESSENTIALS`, 5 seats; no
AAD_PREMIUM or AAD_PREMIUM_P2 plan in `SubscribedSkus` or `assignedPlans`: Entra ID Free),
cloud-only: 6 members (the five staff and the MSP's unlicensed admin account) + 1 guest (the
external bookkeeper). Security defaults **off** (switched off in 2023, never replaced) and,
being Free, no Conditional Access: the Config export has `Policies/` but no
`Identity/Conditional` folder, i.e. zero policies. Nothing requires MFA of
anyone. Admins: the MSP's `admin@northwindtraders.onmicrosoft.com` account and the owner Nancy
(Global Administrator), the office manager Andrew (Billing Administrator), each through a
roleAssignment and a DirectoryRoles membership; no PIM. SSPR for all users
(`enablementType: 2`, UTF-16LE file); the admin account and Margaret never registered.
"""

README_TAIL = """
## scubagear-sample: CISA ScubaGear's published export (not generated)

`scubagear-sample/ProviderSettingsExport.json` is CISA ScubaGear's sample report, copied byte
for byte (CC0; `SOURCE.md` and `LICENSE` beside it); this script neither writes nor deletes it.
It is one file for every product ScubaGear assesses; tenantlint reads its Entra ID keys
(`tenantlint inputs testdata/tenants/scubagear-sample` lists them key by key). What it plants:

- seven Conditional Access policies (legacy authentication blocked, high-risk users and
  sign-ins blocked, MFA for all users through an authentication strength, the device code flow
  blocked): SD002, MFA002, MFA003, LEG001, RISK002, RISK003, RISK004, LIC001, LIC002 and CA001
  pass; no policy requires phishing-resistant MFA or a managed device, so MFA005, MFA006, DEV001
  and DEV002 fail, and the device code policy excludes a user, so DEV003 fails;
- settings that meet some SCuBA controls and miss others: SMS, voice and email OTP are off and
  Authenticator shows its context (AUTH001, AUTH002 pass), the methods migration is in progress
  (AUTH003 fails), users may register apps (APP001 fails), consent to low-impact permissions while
  ScubaGear classifies one of them as risky (APP002 fails), the admin consent workflow is on
  (APP003 passes), passwords never expire (PWD001 passes), guests have limited access and only
  Guest Inviters invite (GUEST001, GUEST002 pass); no app management policy (APP004-APP006 not
  evaluated);
- PIM data on P2: permanent and undated active assignments (ROLE002, ROLE003 fail), Global
  Administrator activation without approval (ROLE004 fails), assignment and activation alerts
  missing for some roles (ROLE005, ROLE007 fail; ROLE006 passes), two Global Administrators
  (ROLE001 passes) outnumbering the one other privileged user (ROLE008 fails), all of them
  cloud-only (ROLE009 passes), and no policy for risky agents (AGENT001 fails);
- its sign-in risk policy, "MS.AAD.2.3v1 Sign-ins detected as high risk SHALL be blocked",
  answers `high` only: RISK001 fails, pointing at that policy's `SignInRiskLevels`;
- no registration details, security defaults or SSPR policy (ScubaGear exports none), and role
  lists that name the holders of ScubaGear's eight privileged roles only: SD001, MFA001,
  MFA004, SSPR001 and SSPR002 are not evaluated, and say what export would settle them.
## Decisions taken while writing this data

- Subjects and reasons follow the rule pages in `rules/`. Roles held through PIM eligibility, through a role-assignable
  group (members exported), through DirectoryRoles membership all count as *held* for
  `includeRoles` coverage, as for "who is an admin". No expected result depends on whether a
  role assigned at an administrative-unit scope counts for `includeRoles` (Allan's scoped
  role, Helpdesk Administrator, is in no policy's `includeRoles`); it does count for "who is
  an admin" (decisions: any `directoryScopeId`).
- Emergency-access accounts: nothing in these inputs declares one, so contoso's break-glass
  Global Administrator, excluded everywhere, is an MFA001 finding (not required). When a
  declaration mechanism exists, a test that declares `breakglass01@contoso.onmicrosoft.com`
  should expect 7 MFA001 findings instead of 8 (MFA002 does not change: it ignores user
  exclusions).
- MFA002 on contoso: CA001's `grantControls` is `operator: OR` with `mfa` as the only control,
  which is MFA-strict (there is no alternative). CA001's user exclusions do not uncover a role;
  only the role missing from `includeRoles` (Helpdesk Administrator) is a finding.
- MFA004 covers member users who are not admins. contoso's Entra Connect account
  (`Sync_CONTOSO-DC01_...`, userType member, only Directory Synchronization Accounts) is not an
  admin, and it is not an MFA004 or SSPR002 finding either: the holders of Directory
  Synchronization Accounts are Entra Connect's service accounts, which cannot register for MFA or
  password reset, so telling them to would be advice no one can follow.
- CA001 (the rule): a report-only policy fires when enabling it *alone* (everything else as
  exported) removes a finding of LEG001, MFA001, MFA002, MFA003, SD002, RISK001 or RISK002.
  Disabled policies are never candidates.
- contoso's CA011 is a block policy conditioned on sign-in risk: it requires no MFA (not a way
  for SD002, no coverage for MFA001-MFA003), and it is narrowed by risk and excludes a user
  (no help for LEG001). It only matters for LIC001.
- tailspin's E5 makes it P2: RISK001 and RISK002 fail although security defaults are on
  (security defaults are not a risk policy), and LIC002 fires.
- northwind's tier is Free (licence data present, no P1/P2 plan): RISK001/RISK002 pass as not
  applicable; LIC001 passes because no policy is enabled (zero policies). Graph serves
  `userRegistrationDetails` only to tenants with Entra ID P1 or P2 (Microsoft's licensing note
  for authentication methods usage and insights). The report is kept here anyway, a
  deliberate departure from what Graph would return, so that MFA001's "not registered",
  MFA004 and SSPR002 are exercised on a Free tenant and on UTF-16LE neighbours.
- The security defaults object carries only its documented v1.0 properties (`id`,
  `displayName`, `description`, `isEnabled`): EntraExporter reads it from v1.0.
- The SSPR policy uses the portal's real key names (`securityQuestionsOptionEnabled`, not
  `securityQuestionsEnabled`).
- contoso's Lee Gu is User Administrator *only* through `DirectoryRoles/.../Members`; a real
  export would also list him in `RoleAssignments/` and `RoleAssignmentScheduleInstances/`
  (which a Config export writes). That folder is left out of all four exports so that this
  case stays consistent with the rest of the tree.
- The `Users/` folder (not part of a Config export) is not written; user type and
  registration come from the registration details.
"""


# =============================================================================================


def main():
    tenants = {key: build() for key, build in (
        ("contoso", build_contoso), ("fabrikam", build_fabrikam), ("tailspin", build_tailspin),
        ("northwind", build_northwind))}
    check(tenants)
    for t in tenants.values():
        t.write()
    (ROOT / ".gitattributes").write_bytes(
        b"# Generated test data: keep bytes exactly (BOMs, UTF-16LE, CRLF).\n* -text\n")
    (ROOT / "README.md").write_text(render_readme(tenants), encoding="utf-8", newline="\n")
    for t in tenants.values():
        print("%-9s %s  %3d files" % (t.key, t.id, len(t.files)))


if __name__ == "__main__":
    main()
