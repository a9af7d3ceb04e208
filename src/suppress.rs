//! After the rules: accepted exceptions from the configuration, then the baseline. Nothing is
//! dropped silently: suppressed findings stay in the report with their reason and expiry, an
//! expired exception brings its finding back with a notice, and an exception that matches
//! nothing is reported (stale exceptions rot).

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::{Config, Date, Exception, Place};
use crate::rules::fingerprint::identity;
use crate::rules::{Diagnostic, RuleResult};

/// A finding an exception accepts until its expiry.
#[derive(Debug, Clone)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    pub reason: String,
    pub expires: Date,
    pub place: Place,
}

/// What the suppression stage left, took out, and has to say.
#[derive(Debug, Default)]
pub struct Outcome {
    pub kept: Vec<Diagnostic>,
    pub suppressed: Vec<Suppressed>,
    /// Findings already in the baseline, not reported again.
    pub baselined: usize,
    pub notices: Vec<String>,
}

/// `names`: what the finding's subject goes by besides its id.
fn matches(exception: &Exception, diagnostic: &Diagnostic, names: &[&str]) -> bool {
    is_for_rule(exception, diagnostic)
        && std::iter::once(diagnostic.finding.subject.as_str())
            .chain(names.iter().copied())
            .any(|n| n.eq_ignore_ascii_case(&exception.subject))
}

fn is_for_rule(exception: &Exception, diagnostic: &Diagnostic) -> bool {
    names_rule(exception, diagnostic.code, diagnostic.name)
}

/// An exception names its rule by code or by name, in any case.
fn names_rule(exception: &Exception, code: &str, name: &str) -> bool {
    exception.rule.eq_ignore_ascii_case(code) || exception.rule.eq_ignore_ascii_case(name)
}

/// Applies the configuration's exceptions and the baseline. `names_of` gives every name a
/// finding's subject goes by besides its object id (UPN, display name, policy or role name).
pub fn apply<'n>(
    diagnostics: Vec<Diagnostic>,
    results: &[RuleResult],
    config: &Config,
    baseline: Option<&Baseline>,
    names_of: &dyn Fn(&str) -> Vec<&'n str>,
    today: Date,
    tenant_subject: &str,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut used = vec![false; config.exceptions.len()];
    if config.exceptions.is_empty() {
        // Nothing to match: the findings are kept as they are, not moved one by one.
        outcome.kept = diagnostics;
    } else {
        match_exceptions(
            diagnostics,
            config,
            names_of,
            today,
            &mut used,
            &mut outcome,
        );
    }
    for (exception, _) in config
        .exceptions
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
    {
        let ran = results
            .iter()
            .any(|r| names_rule(exception, r.meta.code, r.meta.name));
        if ran {
            outcome.notices.push(format!(
                "{}: the exception for {} `{}` matches no finding; remove it",
                exception.place, exception.rule, exception.subject
            ));
        }
    }
    if let Some(baseline) = baseline {
        let mut remaining = baseline.counts();
        outcome.kept.retain(|d| {
            match remaining.get_mut(&baseline.identity_of(d, tenant_subject)) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            }
        });
        outcome.baselined = baseline.findings.len() - remaining.values().sum::<usize>();
    }
    outcome
}

/// Findings recorded to compare later runs with: each by its identity (rule, subject, JSON path
/// without array indices), so a regenerated export with moved lines matches. A tenant-wide
/// finding's identity also holds a digest of what it says (the client types left unblocked, the
/// policies that fall short): one finding per rule and tenant would otherwise match the baseline
/// however much worse it got. Version 1 baselines, written before, match the old way.
pub const BASELINE_VERSION: u32 = 2;

/// A finding's baseline identity: see [`Baseline`].
pub fn baseline_identity(diagnostic: &Diagnostic, tenant_subject: &str) -> String {
    let base = identity(diagnostic);
    if diagnostic.finding.subject != tenant_subject {
        return base;
    }
    let digest = crate::rules::fingerprint::digest(&diagnostic.finding.message.to_string());
    format!("{base}|{digest}")
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub tool: String,
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub identity: String,
    pub code: String,
    pub subject: String,
    pub message: String,
}

impl Baseline {
    pub fn of(diagnostics: &[Diagnostic], tenant_subject: &str) -> Baseline {
        let mut findings: Vec<BaselineEntry> = diagnostics
            .iter()
            .map(|d| BaselineEntry {
                identity: baseline_identity(d, tenant_subject),
                code: d.code.to_string(),
                subject: d.finding.subject.clone(),
                message: d.finding.message.to_string(),
            })
            .collect();
        findings.sort_by(|a, b| a.identity.cmp(&b.identity));
        Baseline {
            tool: "tenantlint".into(),
            version: BASELINE_VERSION,
            findings,
        }
    }

    /// The identity of a finding as this baseline's version records it.
    fn identity_of(&self, diagnostic: &Diagnostic, tenant_subject: &str) -> String {
        match self.version {
            1 => identity(diagnostic),
            _ => baseline_identity(diagnostic, tenant_subject),
        }
    }

    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a tenantlint baseline: {e}", path.display()))?;
        // A later version may match findings in a way this one does not know: read as ours, it
        // would hide or resurface findings without a word.
        if baseline.version > BASELINE_VERSION {
            return Err(format!(
                "{}: a version {} baseline, written by a newer tenantlint; this one reads versions \
                 up to {BASELINE_VERSION}: upgrade, or rewrite it with --write-baseline",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())? + "\n";
        std::fs::write(path, text)
            .map_err(|e| format!("cannot write the baseline {}: {e}", path.display()))
    }

    fn counts(&self) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for entry in &self.findings {
            *counts.entry(entry.identity.clone()).or_insert(0) += 1;
        }
        counts
    }
}

/// Sorts findings into accepted (an exception matches, in date), and kept (none does, or it
/// expired: said once in a notice).
fn match_exceptions<'n>(
    diagnostics: Vec<Diagnostic>,
    config: &Config,
    names_of: &dyn Fn(&str) -> Vec<&'n str>,
    today: Date,
    used: &mut [bool],
    outcome: &mut Outcome,
) {
    for diagnostic in diagnostics {
        // Naming a subject looks it up in the directory: only for a finding an exception's rule
        // could match, not for each of a large tenant's 200k findings.
        if !config
            .exceptions
            .iter()
            .any(|e| is_for_rule(e, &diagnostic))
        {
            outcome.kept.push(diagnostic);
            continue;
        }
        let names = names_of(&diagnostic.finding.subject);
        let found = config
            .exceptions
            .iter()
            .enumerate()
            .find(|(_, e)| matches(e, &diagnostic, &names));
        match found {
            Some((i, exception)) if exception.expires >= today => {
                used[i] = true;
                outcome.suppressed.push(Suppressed {
                    reason: exception.reason.clone(),
                    expires: exception.expires,
                    place: exception.place.clone(),
                    diagnostic,
                });
            }
            Some((i, exception)) => {
                if !used[i] {
                    outcome.notices.push(format!(
                        "{}: the exception for {} `{}` expired on {}, so its finding is reported again: fix it, or \
                         renew the exception with a new date",
                        exception.place, exception.rule, exception.subject, exception.expires
                    ));
                }
                used[i] = true;
                outcome.kept.push(diagnostic);
            }
            None => outcome.kept.push(diagnostic),
        }
    }
}
