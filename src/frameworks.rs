//! Compliance frameworks as their users read them: control by control. A control's status
//! comes from the rules its page maps to it (`cisa:`, `cis:`, `guidance:` in `rules/<CODE>.md`),
//! and from the licence a control needs: a control the tenant's plan cannot meet fails, never
//! passes as "not applicable".

use serde::Serialize;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Tenant;
use crate::rules::{docs, Diagnostic, RuleResult, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    /// CISA's Secure Cloud Business Applications baseline for Entra ID (MS.AAD).
    CisaScuba,
    /// The CIS Microsoft 365 Foundations Benchmark's Entra ID items.
    CisM365,
    /// Microsoft's guidance for securing remote workers' sign-ins.
    MicrosoftStep1,
}

impl Framework {
    pub const ALL: [Framework; 3] = [
        Framework::CisaScuba,
        Framework::CisM365,
        Framework::MicrosoftStep1,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Framework::CisaScuba => "cisa-scuba",
            Framework::CisM365 => "cis-m365",
            Framework::MicrosoftStep1 => "microsoft-step1",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Framework::CisaScuba => "CISA SCuBA (Entra ID baseline)",
            Framework::CisM365 => "CIS Microsoft 365 Foundations Benchmark",
            Framework::MicrosoftStep1 => "Microsoft guidance: sign-in security for remote workers",
        }
    }

    /// The metadata key of rule pages that maps rules to this framework's controls.
    pub fn page_key(self) -> &'static str {
        match self {
            Framework::CisaScuba => "cisa",
            Framework::CisM365 => "cis",
            Framework::MicrosoftStep1 => "guidance",
        }
    }

    pub fn controls(self) -> Vec<Control> {
        match self {
            Framework::CisaScuba => CISA_SCUBA.to_vec(),
            Framework::CisM365 => CIS_M365.to_vec(),
            // The guidance's controls are its own words, named on the rule pages.
            Framework::MicrosoftStep1 => {
                let mut names: Vec<&'static str> = crate::rules::registry()
                    .iter()
                    .flat_map(|r| mapped(r.meta().code, self))
                    .collect();
                names.sort();
                names.dedup();
                names
                    .into_iter()
                    .map(|name| Control {
                        id: name,
                        statement: name,
                        check: Check::Automated,
                        needs_p2: false,
                    })
                    .collect()
            }
        }
    }

    /// Whether a rule serves at least one of this framework's controls.
    pub fn maps(self, code: &str) -> bool {
        mapped(code, self).next().is_some()
    }
}

/// The control ids a rule's page names for a framework. CISA's and CIS's ids are separated by
/// commas; the guidance names one control per rule (its names may hold commas).
fn mapped(code: &str, framework: Framework) -> impl Iterator<Item = &'static str> {
    let value = docs::metadata(code, framework.page_key()).unwrap_or_default();
    let ids: Vec<&'static str> = match framework {
        Framework::MicrosoftStep1 => vec![value],
        _ => value.split(',').map(str::trim).collect(),
    };
    ids.into_iter().filter(|id| !id.is_empty() && *id != "-")
}

/// Whether a tool can check a control from the tenant's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Automated,
    /// Only a person can tell (log forwarding, notification mailboxes, allowed domains).
    Manual,
}

#[derive(Debug, Clone, Copy)]
pub struct Control {
    /// As the framework writes it, with its version suffix (`MS.AAD.3.2v2`).
    pub id: &'static str,
    pub statement: &'static str,
    pub check: Check,
    /// Met only with Entra ID P2 (Identity Protection, PIM).
    pub needs_p2: bool,
}

impl Control {
    /// Whether a rule page's id names this control: `MS.AAD.3.2` names `MS.AAD.3.2v2`.
    fn is_named_by(&self, id: &str) -> bool {
        self.id == id
            || self
                .id
                .strip_prefix(id)
                .is_some_and(|version| version.starts_with('v'))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ControlStatus {
    Pass,
    Fail,
    NotEvaluated,
    Manual,
}

impl std::fmt::Display for ControlStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ControlStatus::Pass => "pass",
            ControlStatus::Fail => "fail",
            ControlStatus::NotEvaluated => "not-evaluated",
            ControlStatus::Manual => "manual",
        })
    }
}

/// One control's verdict, and the rules behind it.
#[derive(Debug, Clone, Serialize)]
pub struct ControlResult {
    pub framework: &'static str,
    pub id: &'static str,
    #[serde(skip)]
    pub statement: &'static str,
    pub status: ControlStatus,
    pub rules: Vec<&'static str>,
    pub reason: String,
    /// The failure rests only on findings the configuration accepts (exceptions, baseline).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub accepted: bool,
}

/// What a run found, as the frameworks judge it: the rules' results, the findings reported and
/// the rules whose findings were all accepted.
pub struct Found<'r> {
    pub results: &'r [RuleResult],
    /// Findings reported (after exceptions and the baseline).
    pub diagnostics: &'r [Diagnostic],
    /// Rules with findings accepted by exceptions or the baseline.
    pub accepted: &'r BTreeSet<&'static str>,
}

/// Per rule code: how many findings it reported and the first.
struct Reported<'r> {
    first: &'r Diagnostic,
    count: usize,
}

/// Every control of `framework`, judged from what the run found.
pub fn evaluate(framework: Framework, found: &Found, tenant: &Tenant) -> Vec<ControlResult> {
    // Each rule's control ids and each rule's findings, gathered once for all controls.
    let ids: BTreeMap<&'static str, Vec<&'static str>> = crate::rules::registry()
        .iter()
        .map(|r| (r.meta().code, mapped(r.meta().code, framework).collect()))
        .collect();
    let mut reported: BTreeMap<&str, Reported> = BTreeMap::new();
    for d in found.diagnostics {
        reported
            .entry(d.code)
            .and_modify(|r| r.count += 1)
            .or_insert(Reported { first: d, count: 1 });
    }
    framework
        .controls()
        .into_iter()
        .map(|control| {
            let named = |code: &str| {
                ids.get(code)
                    .is_some_and(|ids| ids.iter().any(|id| control.is_named_by(id)))
            };
            let behind: Vec<&RuleResult> = found
                .results
                .iter()
                .filter(|r| named(r.meta.code))
                .collect();
            // A rule of the control that did not run (--ignore) leaves the control open.
            let missing: Vec<&'static str> = ids
                .keys()
                .copied()
                .filter(|code| named(code) && !behind.iter().any(|r| r.meta.code == *code))
                .collect();
            let (status, reason, accepted) = if control.check == Check::Manual {
                (
                    ControlStatus::Manual,
                    "checked by a person: the tenant's configuration does not show it".to_string(),
                    false,
                )
            } else if control.needs_p2 && crate::analysis::licences::lacks_p2(tenant) == Some(true)
            {
                (
                    ControlStatus::Fail,
                    "needs Entra ID P2, which the tenant's licences do not include".to_string(),
                    false,
                )
            } else if !missing.is_empty() {
                (
                    ControlStatus::NotEvaluated,
                    format!(
                        "{} did not run in this run (see --select and --ignore)",
                        missing.join(", ")
                    ),
                    false,
                )
            } else {
                combine(&behind, &reported, found.accepted)
            };
            ControlResult {
                framework: framework.key(),
                id: control.id,
                statement: control.statement,
                status,
                rules: behind.iter().map(|r| r.meta.code).collect(),
                reason,
                accepted,
            }
        })
        .collect()
}

/// A control fails when a rule behind it fails, is not evaluated when one could not be, and
/// passes only when every rule behind it passes. A failure's reason is the rule's first
/// reported finding and how many more; a failure whose findings were all accepted says so.
fn combine(
    behind: &[&RuleResult],
    reported: &BTreeMap<&str, Reported>,
    accepted: &BTreeSet<&'static str>,
) -> (ControlStatus, String, bool) {
    if behind.is_empty() {
        return (
            ControlStatus::NotEvaluated,
            "no rule checks it".into(),
            false,
        );
    }
    let with = |status: Status| -> Vec<String> {
        behind
            .iter()
            .filter(|r| r.status == status)
            .map(|r| {
                let code = r.meta.code;
                match (status, reported.get(code), &r.reason) {
                    (Status::Fail, Some(Reported { first, count: 1 }), _) => {
                        format!("{code}: {}", first.finding.message)
                    }
                    (Status::Fail, Some(Reported { first, count }), _) => format!(
                        "{code}: {} (and {} more finding(s))",
                        first.finding.message,
                        count - 1
                    ),
                    (Status::Fail, None, _) if accepted.contains(code) => {
                        format!("{code}: every finding is accepted by the configuration")
                    }
                    (_, _, Some(reason)) if !reason.is_empty() => format!("{code}: {reason}"),
                    _ => code.to_string(),
                }
            })
            .collect()
    };
    let failed: Vec<&&RuleResult> = behind.iter().filter(|r| r.status == Status::Fail).collect();
    if !failed.is_empty() {
        let all_accepted = failed
            .iter()
            .all(|r| !reported.contains_key(r.meta.code) && accepted.contains(r.meta.code));
        return (
            ControlStatus::Fail,
            with(Status::Fail).join("; "),
            all_accepted,
        );
    }
    let unknown = with(Status::NotEvaluated);
    if !unknown.is_empty() {
        return (ControlStatus::NotEvaluated, unknown.join("; "), false);
    }
    (ControlStatus::Pass, with(Status::Pass).join("; "), false)
}

const fn automated(id: &'static str, statement: &'static str) -> Control {
    Control {
        id,
        statement,
        check: Check::Automated,
        needs_p2: false,
    }
}

const fn with_p2(id: &'static str, statement: &'static str) -> Control {
    Control {
        id,
        statement,
        check: Check::Automated,
        needs_p2: true,
    }
}

const fn manual(id: &'static str, statement: &'static str) -> Control {
    Control {
        id,
        statement,
        check: Check::Manual,
        needs_p2: false,
    }
}

/// CISA's Entra ID baseline (ScubaGear `baselines/aad.md`), ids as ScubaGear writes them.
const CISA_SCUBA: &[Control] = &[
    automated("MS.AAD.1.1v1", "Legacy authentication SHALL be blocked."),
    with_p2("MS.AAD.2.1v1", "Users detected as high risk SHALL be blocked."),
    manual(
        "MS.AAD.2.2v1",
        "A notification SHOULD be sent to the administrator when high-risk users are detected.",
    ),
    with_p2("MS.AAD.2.3v1", "Sign-ins detected as high risk SHALL be blocked."),
    automated("MS.AAD.3.1v1", "Phishing-resistant MFA SHALL be enforced for all users."),
    automated("MS.AAD.3.2v2", "MFA SHALL be enforced for all users."),
    automated(
        "MS.AAD.3.3v2",
        "If Microsoft Authenticator is enabled, it SHALL be configured to show login context information.",
    ),
    automated(
        "MS.AAD.3.4v1",
        "The Authentication Methods Manage Migration feature SHALL be set to Migration Complete.",
    ),
    automated(
        "MS.AAD.3.5v2",
        "The authentication methods SMS, Voice Call, and Email One-Time Passcode (OTP) SHALL be disabled.",
    ),
    automated(
        "MS.AAD.3.6v1",
        "Phishing-resistant MFA SHALL be required for highly privileged roles.",
    ),
    automated("MS.AAD.3.7v1", "Managed devices SHOULD be required for authentication."),
    automated("MS.AAD.3.8v1", "Managed Devices SHOULD be required to register MFA."),
    automated("MS.AAD.3.9v1", "Device code authentication SHOULD be blocked."),
    manual(
        "MS.AAD.4.1v1",
        "Security logs SHALL be sent to the agency's security operations center for monitoring.",
    ),
    automated("MS.AAD.5.1v1", "Only administrators SHALL be allowed to register applications."),
    automated("MS.AAD.5.2v1", "User consent to applications SHALL be restricted."),
    automated("MS.AAD.5.3v1", "An admin consent workflow SHALL be configured for applications."),
    automated("MS.AAD.5.5v1", "Application Password Addition SHOULD be blocked."),
    automated(
        "MS.AAD.5.6v1",
        "Application password lifetime SHOULD be restricted to 180 days or less.",
    ),
    automated(
        "MS.AAD.5.7v1",
        "Application certificate lifetime SHOULD be restricted to 365 days or less.",
    ),
    automated("MS.AAD.6.1v1", "User passwords SHALL NOT expire."),
    automated(
        "MS.AAD.7.1v1",
        "A minimum of two users and a maximum of eight users SHALL be provisioned with the Global Administrator role.",
    ),
    automated(
        "MS.AAD.7.2v1",
        "Privileged users SHALL be provisioned with finer-grained roles instead of Global Administrator.",
    ),
    automated(
        "MS.AAD.7.3v1",
        "Privileged users SHALL be provisioned cloud-only accounts separate from an on-premises directory or other federated identity providers.",
    ),
    with_p2(
        "MS.AAD.7.4v1",
        "Permanent active role assignments SHALL NOT be allowed for highly privileged roles.",
    ),
    with_p2(
        "MS.AAD.7.5v1",
        "Provisioning users to highly privileged roles SHALL NOT occur outside of a PAM system.",
    ),
    with_p2("MS.AAD.7.6v1", "Activation of the Global Administrator role SHALL require approval."),
    with_p2(
        "MS.AAD.7.7v1",
        "Eligible and active highly privileged role assignments SHALL trigger an alert.",
    ),
    with_p2(
        "MS.AAD.7.8v1",
        "User activation of the Global Administrator role SHALL trigger an alert.",
    ),
    with_p2(
        "MS.AAD.7.9v1",
        "User activation of other highly privileged roles SHOULD trigger an alert.",
    ),
    automated(
        "MS.AAD.8.1v1",
        "Guest users SHOULD have limited or restricted access to Microsoft Entra ID directory objects.",
    ),
    automated(
        "MS.AAD.8.2v1",
        "Only users with the Guest Inviter role SHOULD be able to invite guest users.",
    ),
    manual(
        "MS.AAD.8.3v1",
        "Guest invites SHOULD only be allowed to specific external domains that have been authorized by the agency for legitimate business purposes.",
    ),
    with_p2("MS.AAD.9.1v1", "Risky AI agents SHALL be blocked."),
];

/// The CIS Microsoft 365 Foundations Benchmark's Entra ID items that tenantlint's rules serve.
const CIS_M365: &[Control] = &[
    automated(
        "5.2.2.1",
        "Ensure multifactor authentication is enabled for all users in administrative roles",
    ),
    automated(
        "5.2.2.2",
        "Ensure multifactor authentication is enabled for all users",
    ),
    automated(
        "5.2.2.3",
        "Enable Conditional Access policies to block legacy authentication",
    ),
    with_p2("5.2.2.6", "Enable Identity Protection user risk policies"),
    with_p2(
        "5.2.2.7",
        "Enable Identity Protection sign-in risk policies",
    ),
    automated(
        "5.2.4.1",
        "Ensure 'Self service password reset enabled' is set to 'All'",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scuba_baseline_has_its_34_policies_3_of_them_manual() {
        assert_eq!(CISA_SCUBA.len(), 34);
        let manual: Vec<&str> = CISA_SCUBA
            .iter()
            .filter(|c| c.check == Check::Manual)
            .map(|c| c.id)
            .collect();
        assert_eq!(manual, ["MS.AAD.2.2v1", "MS.AAD.4.1v1", "MS.AAD.8.3v1"]);
    }

    #[test]
    fn every_automated_control_has_a_rule_behind_it() {
        for framework in [Framework::CisaScuba, Framework::CisM365] {
            for control in framework.controls() {
                let rules = crate::rules::registry()
                    .iter()
                    .filter(|r| mapped(r.meta().code, framework).any(|id| control.is_named_by(id)))
                    .count();
                match control.check {
                    Check::Automated => assert!(rules > 0, "{} has no rule", control.id),
                    Check::Manual => assert_eq!(rules, 0, "{} is checked by hand", control.id),
                }
            }
        }
    }

    #[test]
    fn a_page_names_a_control_without_its_version() {
        let control = automated("MS.AAD.3.2v2", "");
        assert!(control.is_named_by("MS.AAD.3.2"));
        assert!(control.is_named_by("MS.AAD.3.2v2"));
        assert!(!control.is_named_by("MS.AAD.3.2v1"));
        assert!(!automated("MS.AAD.3.21v1", "").is_named_by("MS.AAD.3.2"));
    }

    #[test]
    fn every_mapping_on_a_rule_page_names_a_control() {
        for framework in [Framework::CisaScuba, Framework::CisM365] {
            let controls = framework.controls();
            for rule in crate::rules::registry() {
                for id in mapped(rule.meta().code, framework) {
                    assert!(
                        controls.iter().any(|c| c.is_named_by(id)),
                        "{} maps to {id}, which {} does not have",
                        rule.meta().code,
                        framework.key()
                    );
                }
            }
        }
    }
}
