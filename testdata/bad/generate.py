#!/usr/bin/env python3
"""Writes the corpus of broken and hostile inputs in testdata/bad/.

Each case is a folder: the file under test, and beside it two valid companion files (security
defaults on, one enabled Conditional Access policy) so that every case also shows that the
readable files are still linted (SD001 reports the pair). `cases.json` says for each case
whether the input is broken (exit code 2 expected) and what it exercises, and optionally the
arguments to run it with and whether its `concise` output (what an editor or a log shows) is part
of the snapshot; tests/bad_inputs.rs runs the binary on every case and snapshots the result.
File names may be bytes (a name that is not UTF-8), and `links` are symbolic links, kept in git
as such: the hostile cases point out of the export (`/usr`, `/etc/shadow`, `/proc/self/cwd`). Cases that cannot live in git (a 50 MB
string, a symbolic link loop, a directory named like a JSON file, a dangling link) are built by
the test at run time.

Run from anywhere: `python3 testdata/bad/generate.py`. Standard library only, deterministic.
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
CA = "https://graph.microsoft.com/beta/$metadata#identity/conditionalAccess/policies"
REG = "https://graph.microsoft.com/beta/$metadata#reports/authenticationMethods/userRegistrationDetails"
SD_ID = "00000000-0000-0000-0000-000000000005"

COMPANION_SD = {"id": SD_ID, "displayName": "Security Defaults", "isEnabled": True}
COMPANION_POLICY = {
    "@odata.context": CA + "/$entity",
    "id": "c0000000-0000-0000-0000-000000000001",
    "displayName": "Companion: require MFA for all users",
    "state": "enabled",
    "conditions": {"users": {"includeUsers": ["All"]}, "applications": {"includeApplications": ["All"]}},
    "grantControls": {"operator": "OR", "builtInControls": ["mfa"]},
}


def policy(**overrides):
    """A Conditional Access policy; keyword arguments replace top-level members."""
    p = {
        "id": "b0000000-0000-0000-0000-000000000001",
        "displayName": "Block legacy authentication",
        "state": "enabled",
        "conditions": {
            "users": {"includeUsers": ["All"], "excludeUsers": []},
            "applications": {"includeApplications": ["All"]},
            "clientAppTypes": ["exchangeActiveSync", "other"],
        },
        "grantControls": {"operator": "OR", "builtInControls": ["block"]},
    }
    p.update(overrides)
    return p


def with_condition(key, value):
    p = policy()
    p["conditions"] = dict(p["conditions"], **{key: value})
    return p


def with_users(key, value):
    p = policy()
    p["conditions"] = dict(p["conditions"], users=dict(p["conditions"]["users"], **{key: value}))
    return p


def with_grant(key, value):
    p = policy()
    p["grantControls"] = dict(p["grantControls"], **{key: value})
    return p


def collection(items, context=CA, **extra):
    doc = {"@odata.context": context, "value": items}
    doc.update(extra)
    return doc


def dumps(obj):
    return json.dumps(obj, indent=2) + "\n"


def utf16le(text, bom=True):
    return (b"\xff\xfe" if bom else b"") + text.encode("utf-16-le")


def utf32(text, bom=True, order="le"):
    marks = {"le": b"\xff\xfe\x00\x00", "be": b"\x00\x00\xfe\xff"}
    return (marks[order] if bom else b"") + text.encode("utf-32-" + order)


CASES = {}


def case(name, broken, why, files, args=None, concise=False, links=None):
    CASES[name] = {"broken": broken, "why": why, "files": files, "args": args or [],
                   "concise": concise, "links": links or {}}


# Bytes that are not JSON at all.
case("empty-file", True, "a file with no bytes", {"policies.json": b""})
case("whitespace-only", True, "only white space", {"policies.json": b"  \r\n\t\n"})
case("truncated-json", True, "an export that stopped halfway", {"policies.json": b'{"value": [{"id": "a", "state": "ena'})
case("trailing-garbage", True, "a valid value followed by text", {"policies.json": dumps(policy()).encode() + b"trailing"})
case("two-json-values", True, "two documents concatenated", {"policies.json": b"{}\n{}\n"})
case("comments", True, "JSON with a comment", {"policies.json": b"// exported by hand\n" + dumps(policy()).encode()})
case("yaml-in-json-file", True, "YAML saved with a .json name", {"policies.json": b"state: enabled\nid: x\n"})
case("top-level-number", True, "a bare number", {"policies.json": b"42"})
case("top-level-string", True, "a bare string", {"policies.json": b'"enabled"'})
case("top-level-null", True, "null", {"policies.json": b"null"})
case("nul-bytes", True, "a NUL byte inside the JSON", {"policies.json": b'{"id": "a"\x00, "state": "enabled"}'})

# Encodings.
case("utf8-bom-only", True, "a UTF-8 BOM and nothing else", {"policies.json": b"\xef\xbb\xbf"})
case("utf16le-bom-only", True, "a UTF-16LE BOM and nothing else", {"policies.json": b"\xff\xfe"})
case("utf16be-bom-only", True, "a UTF-16BE BOM and nothing else", {"policies.json": b"\xfe\xff"})
case("utf16le-without-bom", False, "UTF-16LE with no BOM is recognised and read",
     {"policies.json": utf16le(dumps(collection([policy()])), bom=False)})
case("utf16-odd-length", True, "UTF-16 cut in the middle of a character",
     {"policies.json": utf16le(dumps(policy())) + b"\x7b"})
case("utf16-lone-surrogate", True, "UTF-16 with an unpaired surrogate",
     {"policies.json": b"\xff\xfe" + '{"id": "'.encode("utf-16-le") + b"\x00\xd8" + '"}'.encode("utf-16-le")})
case("invalid-utf8", True, "bytes that are not UTF-8 in a display name",
     {"policies.json": b'{"id": "a", "displayName": "caf\xe9", "state": "enabled"}'})
case("lone-surrogate-escape", True, "a \\ud800 escape in a string the reader reads",
     {"policies.json": dumps(collection([policy(displayName="Block \\ud800 legacy")])).replace("\\\\ud800", "\\ud800").encode()})

# Wrong types at each level of a Conditional Access policy.
case("state-as-number", True, "state: 1", {"policies.json": dumps(collection([policy(state=1)])).encode()})
case("state-as-object", True, "state: {}", {"policies.json": dumps(collection([policy(state={"value": "enabled"})])).encode()})
case("conditions-as-array", True, "conditions: [1]", {"policies.json": dumps(collection([policy(conditions=[1])])).encode()})
case("conditions-as-string", True, "conditions: a string", {"policies.json": dumps(collection([policy(conditions="all")])).encode()})
case("users-as-number", True, "conditions.users: 7", {"policies.json": dumps(collection([with_condition("users", 7)])).encode()})
case("include-users-as-number", True, "includeUsers: 5", {"policies.json": dumps(collection([with_users("includeUsers", 5)])).encode()})
case("include-users-numbers", True, "includeUsers: [1, 2]", {"policies.json": dumps(collection([with_users("includeUsers", [1, 2])])).encode()})
case("exclude-users-as-object", True, "excludeUsers: {}", {"policies.json": dumps(collection([with_users("excludeUsers", {"id": "x"})])).encode()})
case("client-app-types-as-number", True, "clientAppTypes: 3", {"policies.json": dumps(collection([with_condition("clientAppTypes", 3)])).encode()})
case("grant-controls-as-string", True, "grantControls: \"block\"", {"policies.json": dumps(collection([policy(grantControls="block")])).encode()})
case("built-in-controls-as-object", True, "builtInControls: {}", {"policies.json": dumps(collection([with_grant("builtInControls", {"block": True})])).encode()})
case("operator-as-number", True, "operator: 0", {"policies.json": dumps(collection([with_grant("operator", 0)])).encode()})
case("value-not-an-array", True, "value: an object", {"policies.json": dumps({"@odata.context": CA, "value": policy()}).encode()})
case("value-of-strings", True, "value: [\"a\", \"b\"]", {"policies.json": dumps(collection(["a", "b"])).encode()})
case("sd-is-enabled-as-string", True, "isEnabled: \"false\"", {"sd-broken.json": dumps({"id": SD_ID, "isEnabled": "false"}).encode()})
case("sspr-enablement-as-word", True, "enablementType: \"two\"", {"sspr.json": dumps({"objectId": "default", "enablementType": "two"}).encode()})
case("registration-flag-as-string", True, "isMfaRegistered: \"false\"",
     {"registration.json": dumps(collection([{"id": "a0000000-0000-0000-0000-0000000000b1", "userType": "member", "isMfaRegistered": "false"}], REG)).encode()})

case("exclude-users-in-braces", True, "excludeUsers: a GUID in braces, which is no object id",
     {"policies.json": dumps(collection([with_users("excludeUsers", ["{a0000000-0000-0000-0000-0000000000b1}"])])).encode()})
case("include-groups-two-ids-in-one", True, "includeGroups: two ids in one string",
     {"policies.json": dumps(collection([with_users("includeGroups", [
         "a0000000-0000-0000-0000-0000000000b1,a0000000-0000-0000-0000-0000000000b2"])])).encode()})
case("two-tenants", True, "the organizations of two tenants in one input",
     {"organization.json": dumps(collection([{"id": "7e000000-0000-0000-0000-0000000000a1", "displayName": "Contoso"},
                                             {"id": "7e000000-0000-0000-0000-0000000000a2", "displayName": "Fabrikam"}],
                                            "https://graph.microsoft.com/v1.0/$metadata#organization")).encode()})
case("count-beyond-items", True, "@odata.count says 3 users have registration details; the page holds 1",
     {"registration.json": dumps(collection([{"id": "a0000000-0000-0000-0000-0000000000b1", "userType": "member", "isMfaRegistered": True}], REG,
                                            **{"@odata.count": 3})).encode()})
case("empty-page-beside-missing-last", True, "a page linking to a next one, and an empty page of another export: the last page is still missing",
     {"registration-page1.json": dumps(collection([{"id": "a0000000-0000-0000-0000-0000000000b1", "userType": "member", "isMfaRegistered": False}], REG,
                                                  **{"@odata.nextLink": "https://graph.microsoft.com/beta/reports/authenticationMethods/userRegistrationDetails?$skiptoken=2"})).encode(),
      "registration-other.json": dumps(collection([], REG)).encode()})

case("unrecognised-item-among-registrations", True, "a bare array of registration details whose second item says nothing a registration says",
     {"registration.json": dumps([{"id": "a0000000-0000-0000-0000-0000000000b1", "userType": "member", "isMfaRegistered": True},
                                  {"id": "a0000000-0000-0000-0000-0000000000b2", "userType": "member", "isAdmin": False}]).encode()})

# Numbers and nesting.
case("integer-beyond-i64", True, "enablementType beyond i64",
     {"sspr.json": b'{"objectId": "default", "enablementType": 123456789012345678901234567890}'})
case("number-beyond-f64", True, "a number beyond f64 (1e400)", {"sd-broken.json": b'{"id": "' + SD_ID.encode() + b'", "isEnabled": 1e400}'})
case("deep-arrays", True, "100,000 nested arrays", {"policies.json": b"[" * 100000 + b"]" * 100000})
case("deep-objects", False, "100,000 nested objects in a document that is not a tenant document",
     {"notes.json": b'{"a":' * 100000 + b"1" + b"}" * 100000})

# Ambiguity.
case("duplicate-key-state", True, "state written twice: disabled, then enabled",
     {"policies.json": dumps(collection([policy()])).replace('"state": "enabled",', '"state": "disabled",\n      "state": "enabled",').encode()})
case("duplicate-key-unread", False, "a member tenantlint never reads written twice (a real template does this)",
     {"policies.json": dumps(collection([policy()])).replace('"state": "enabled",', '"state": "enabled",\n      "sessionControls": null,\n      "sessionControls": {"signInFrequency": null},').encode()})
case("same-entity-different-content", True, "one policy exported twice: enabled in one file, disabled in the other",
     {"a/policies.json": dumps(collection([policy()])).encode(), "b/policies.json": dumps(collection([policy(state="disabled")])).encode()})
case("same-entity-same-content", False, "one policy exported twice, identically (camelCase and PascalCase)",
     {"a/policies.json": dumps(collection([policy()])).encode(),
      "b/policies.json": dumps([{k[0].upper() + k[1:]: v for k, v in policy().items()}]).encode()})
case("missing-last-page", True, "registration pages whose every page links to a next one",
     {"registration-page1.json": dumps(collection([{"id": "a0000000-0000-0000-0000-0000000000b1", "userType": "member", "isMfaRegistered": True}], REG,
                                                  **{"@odata.nextLink": "https://graph.microsoft.com/beta/reports/authenticationMethods/userRegistrationDetails?$skiptoken=2"})).encode(),
      "registration-page2.json": dumps(collection([{"id": "a0000000-0000-0000-0000-0000000000b2", "userType": "member", "isMfaRegistered": False}], REG,
                                                  **{"@odata.nextLink": "https://graph.microsoft.com/beta/reports/authenticationMethods/userRegistrationDetails?$skiptoken=3"})).encode()})
case("next-link-never-followed", True, "a nextLink pointing at a local file: never followed, and the last page is missing",
     {"registration.json": dumps(collection([{"id": "a0000000-0000-0000-0000-0000000000b1", "userType": "member", "isMfaRegistered": True}], REG,
                                            **{"@odata.nextLink": "file:///etc/passwd"})).encode()})

# Values this version does not know, and files that are not JSON documents.
case("unknown-enum-values", False, "a new state, client app type and grant control: treated conservatively",
     {"policies.json": dumps(collection([policy(state="enabledForSomethingNew"),
                                         dict(policy(id="b0000000-0000-0000-0000-000000000002"),
                                              grantControls={"operator": "OR", "builtInControls": ["futureControl"]})])).encode()})
case("non-json-files-among-export", False, "README, text and XML files beside the export are not read",
     {"README.md": b"# export\n", "notes.txt": b"not json", "export.xml": b"<policies/>"})

# Encodings beyond UTF-8 and UTF-16 (Out-File -Encoding utf32 writes UTF-32LE with a BOM).
case("utf32le-with-bom", False, "UTF-32LE with a BOM is read", {"policies.json": utf32(dumps(collection([policy()])))})
case("utf32be-without-bom", False, "UTF-32BE without a BOM is recognised and read",
     {"policies.json": utf32(dumps(collection([policy()])), bom=False, order="be")})
case("utf32-not-a-character", True, "UTF-32 holding a surrogate code point, which is no character",
     {"policies.json": utf32('{"value": [{"id": "') + b"\x00\xd8\x00\x00" + utf32('"}]}', bom=False)})

# Hostile input: what an attacker who controls part of an export (a policy name, a file name, a
# link in the folder) would try.
HOSTILE_NAME = "MFA \x1b]0;pwned\x07\x1b[2J\rfor all\n::add-mask::secret\n::error file=x::forged\u202e"
# CA002 reports the user the policy excludes once emergency-access accounts are declared: a
# finding placed in the policy's file, naming the policy.
DECLARED = {"tenantlint.toml": b'[emergency-access]\naccounts = ["a0000000-0000-0000-0000-0000000000ee"]\n'}


def only_naming(name):
    return ["--select", "SD001,CA002", "--config", f"testdata/bad/{name}/tenantlint.toml"]


def excluding(**overrides):
    p = policy(**overrides)
    p["conditions"]["users"]["excludeUsers"] = ["a0000000-0000-0000-0000-0000000000e1"]
    return p


case("control-characters-in-names", False,
     "terminal escapes, CR, LF, a GitHub workflow command and a bidi override in a policy name: shown escaped",
     {"policies.json": dumps(collection([excluding(displayName=HOSTILE_NAME)])).encode(), **DECLARED},
     args=only_naming("control-characters-in-names"), concise=True)
case("file-name-with-line-feed", False, "a file name with a line feed forges no concise line",
     {"policies\nexport/x.json:1:1: error[forged] nothing.json": dumps(collection([excluding()])).encode(), **DECLARED},
     args=only_naming("file-name-with-line-feed"), concise=True)
case("file-name-not-utf8", False, "a file name that is not UTF-8 is shown escaped, so it can still be opened",
     {b"policies-\xff.json": dumps(collection([excluding()])).encode(), **DECLARED}, args=only_naming("file-name-not-utf8"), concise=True)
case("long-display-name", False, "a 100,000-character policy name is shortened in messages, whole in JSON",
     {"policies.json": dumps(collection([excluding(displayName="L" * 100000)])).encode(), **DECLARED},
     args=only_naming("long-display-name"), concise=True)
case("links-out-of-the-export", False,
     "links to /usr, /etc/shadow and /proc/self/cwd are reported as skipped and never followed",
     {}, links={"system": "/usr", "shadow.json": "/etc/shadow", "cwd": "/proc/self/cwd"})
case("link-inside-the-export", False, "a link to a JSON file inside the export is read where it leads",
     {"real/policies.json": dumps(collection([excluding()])).encode(), **DECLARED},
     links={"policies-link.json": "real/policies.json"}, args=only_naming("link-inside-the-export"), concise=True)
case("over-the-size-limit", True, "a file past --max-file-size is an input error naming its size",
     {"policies.json": dumps(collection([policy(id=f"b0000000-0000-0000-0000-00000000000{i}") for i in range(1, 6)])).encode()},
     args=["--max-file-size", "1K"])

# Ambiguity the SDK's bag allows, and escapes that stand for no character in a member name.
case("state-conflicting-in-additional-properties", True,
     "state enabled at the top, disabled in AdditionalProperties",
     {"policies.json": dumps(collection([dict(policy(), AdditionalProperties={"state": "disabled"})])).encode()})
case("lone-surrogate-in-key", True, "a \\ud800 escape in a member name",
     {"policies.json": dumps(collection([policy()])).replace('"displayName"', '"display\\ud800Name"').encode()})


def main():
    for name in sorted(os.listdir(HERE)):
        path = os.path.join(HERE, name)
        if os.path.isdir(path):
            shutil.rmtree(path)
    manifest = {}
    for name, spec in CASES.items():
        root = os.path.join(HERE, name)
        os.makedirs(root)
        for rel, data in spec["files"].items():
            target = os.path.join(os.fsencode(root), os.fsencode(rel))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(data)
        for rel, link_target in spec["links"].items():
            os.symlink(link_target, os.path.join(root, rel))
        with open(os.path.join(root, "companion-security-defaults.json"), "w") as f:
            f.write(dumps(COMPANION_SD))
        with open(os.path.join(root, "companion-policy.json"), "w") as f:
            f.write(dumps(COMPANION_POLICY))
        manifest[name] = {"broken": spec["broken"], "why": spec["why"]}
        if spec["args"]:
            manifest[name]["args"] = spec["args"]
        if spec["concise"]:
            manifest[name]["concise"] = True
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        f.write(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
