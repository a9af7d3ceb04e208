//! What changed between two exports of a tenant, and whether it made the tenant weaker: rule
//! verdicts, findings (by their baseline identity), unprotected sign-ins (by `gaps`), and the
//! policies' own facts. Everything is compared by identities that do not depend on the files'
//! layout, so a re-indented, reordered or re-paged export, or the same tenant written by another
//! tool, gives no change.

use std::collections::BTreeMap;

use crate::analysis::gaps::{Gaps, Row, RowStatus};
use crate::analysis::posture::{self, Change, Effect, Posture, Side};
use crate::rules::fingerprint::identity;
use crate::rules::{Diagnostic, Severity, Status};
use crate::suppress::baseline_identity;
use crate::{Answer, Report};

/// What a change is about, for grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Topic {
    Rules,
    Findings,
    Coverage,
    Policies,
}

impl Topic {
    pub fn name(self) -> &'static str {
        match self {
            Topic::Rules => "rules",
            Topic::Findings => "findings",
            Topic::Coverage => "coverage",
            Topic::Policies => "policies",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Item {
    pub topic: Topic,
    pub change: Change,
    /// A finding's severity; other changes count whatever `--fail-on` says.
    pub severity: Option<Severity>,
}

#[derive(Debug, Clone, Default)]
pub struct Diff {
    pub items: Vec<Item>,
}

impl Diff {
    pub fn weaker(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| i.change.effect == Effect::Weaker)
    }

    /// Whether a weakening counts for the exit code: a finding below `fail_on` does not.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.weaker()
            .any(|i| i.severity.is_none_or(|s| s >= fail_on))
    }
}

fn posture_of(report: &Report) -> Option<(&Gaps, &Posture)> {
    match &report.answer {
        Some(Answer::Posture(gaps, posture)) => Some((gaps, posture)),
        _ => None,
    }
}

fn status_effect(old: Status, new: Status) -> Effect {
    match (old, new) {
        (a, b) if a == b => Effect::Neutral,
        (Status::Pass, _) => Effect::Weaker,
        (_, Status::Pass) => Effect::Stronger,
        // Between fail and not evaluated: neither proves more.
        _ => Effect::Neutral,
    }
}

fn rules(old: &Report, new: &Report) -> Vec<Item> {
    let before: BTreeMap<&str, Status> = old
        .results
        .iter()
        .map(|r| (r.meta.code, r.status))
        .collect();
    new.results
        .iter()
        .filter_map(|r| {
            let was = *before.get(r.meta.code)?;
            (was != r.status).then(|| Item {
                topic: Topic::Rules,
                change: Change {
                    effect: status_effect(was, r.status),
                    message: format!(
                        "{} {}: {} now (was {}){}",
                        r.meta.code,
                        r.meta.name,
                        r.status,
                        was,
                        r.reason
                            .as_deref()
                            .map(|why| format!(": {why}"))
                            .unwrap_or_default()
                    ),
                    at: new
                        .diagnostics
                        .iter()
                        .find(|d| d.code == r.meta.code)
                        .map(|d| (Side::New, d.finding.primary.clone())),
                },
                severity: None,
            })
        })
        .collect()
}

fn findings(old: &Report, new: &Report) -> Vec<Item> {
    let count = |report: &Report| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for d in &report.diagnostics {
            *counts
                .entry(baseline_identity(d, &report.tenant_subject))
                .or_default() += 1;
        }
        counts
    };
    let (mut before, mut after) = (count(old), count(new));
    let appeared: Vec<&Diagnostic> = new
        .diagnostics
        .iter()
        .filter(|d| take(&mut before, &baseline_identity(d, &new.tenant_subject)))
        .collect();
    let gone: Vec<&Diagnostic> = old
        .diagnostics
        .iter()
        .filter(|d| take(&mut after, &baseline_identity(d, &old.tenant_subject)))
        .collect();
    // The gone findings by identity, found once: a diff of per-user findings has thousands.
    let mut gone_by_identity: BTreeMap<String, std::collections::VecDeque<usize>> = BTreeMap::new();
    for (at, g) in gone.iter().enumerate() {
        gone_by_identity
            .entry(identity(g))
            .or_default()
            .push_back(at);
    }
    let mut paired = vec![false; gone.len()];
    let mut items = Vec::new();
    for d in appeared {
        // A tenant-wide finding that says something else now: one change, not a new one and a
        // gone one. Whether it is better or worse, the rules, coverage and policies say.
        let same = gone_by_identity
            .get_mut(&identity(d))
            .and_then(|places| places.pop_front());
        if let Some(at) = same {
            paired[at] = true;
            let was = gone[at];
            items.push(Item {
                topic: Topic::Findings,
                change: Change {
                    effect: Effect::Neutral,
                    message: format!(
                        "{} finding changed: {} (was: {})",
                        d.code, d.finding.message, was.finding.message
                    ),
                    at: Some((Side::New, d.finding.primary.clone())),
                },
                severity: None,
            });
            continue;
        }
        items.push(Item {
            topic: Topic::Findings,
            change: Change {
                effect: Effect::Weaker,
                message: format!("new {} finding: {}", d.code, d.finding.message),
                at: Some((Side::New, d.finding.primary.clone())),
            },
            severity: Some(d.finding.severity.unwrap_or(d.severity)),
        });
    }
    let unpaired = gone
        .into_iter()
        .zip(paired)
        .filter(|(_, paired)| !paired)
        .map(|(d, _)| d);
    items.extend(unpaired.map(|d| Item {
        topic: Topic::Findings,
        change: Change {
            effect: Effect::Stronger,
            message: format!("{} finding gone: {}", d.code, d.finding.message),
            at: Some((Side::Old, d.finding.primary.clone())),
        },
        severity: None,
    }));
    items
}

/// Counts one finding off `counts`; `true` when none was left to count off (it is not there).
fn take(counts: &mut BTreeMap<String, usize>, identity: &str) -> bool {
    match counts.get_mut(identity) {
        Some(n) if *n > 0 => {
            *n -= 1;
            false
        }
        _ => true,
    }
}

/// Whether every sign-in of row `a` is among row `b`'s: the same person, and in each dimension
/// `b` takes any value or every value `a` takes.
fn within(a: &Row, b: &Row) -> bool {
    let dimension = |a: &Option<Vec<String>>, b: &Option<Vec<String>>| match (a, b) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => a.iter().all(|v| b.contains(v)),
    };
    a.segment == b.segment
        && dimension(&a.apps, &b.apps)
        && dimension(&a.clients, &b.clients)
        && dimension(&a.platforms, &b.platforms)
        && dimension(&a.places, &b.places)
        && dimension(&a.sign_in_risks, &b.sign_in_risks)
        && dimension(&a.user_risks, &b.user_risks)
}

fn coverage(old: &Gaps, new: &Gaps) -> Vec<Item> {
    let mut items = Vec::new();
    // A row is no worse than an old one it lies within, unless it is a certain gap where the
    // old one was only unknown.
    let no_worse = |row: &Row, was: &Row| {
        within(row, was) && (was.status == RowStatus::Gap || row.status == RowStatus::Unknown)
    };
    // Rows of an export whose sign-ins cannot be told are no evidence either way: the change
    // is said once, below, and not as every row gone or come.
    let comparable = old.not_evaluated.is_none() && new.not_evaluated.is_none();
    for row in new.rows.iter().filter(|_| comparable) {
        if !old.rows.iter().any(|was| no_worse(row, was)) {
            items.push(Item {
                topic: Topic::Coverage,
                change: Change {
                    effect: Effect::Weaker,
                    message: format!(
                        "{}, {}: {}{}",
                        row.segment.label(),
                        row.scenario(),
                        match &row.unknown {
                            Some(why) => format!("some of these sign-ins may no longer be protected ({why})"),
                            None => "some of these sign-ins no enforced policy protects any more".to_string(),
                        },
                        near(row)
                    ),
                    at: row
                        .near_misses
                        .first()
                        .map(|n| (Side::New, n.origin.clone())),
                },
                severity: None,
            });
        }
    }
    for row in old.rows.iter().filter(|_| comparable) {
        if !new.rows.iter().any(|now| within(row, now)) {
            items.push(Item {
                topic: Topic::Coverage,
                change: Change {
                    effect: Effect::Stronger,
                    message: format!(
                        "{}, {}: some of these sign-ins are protected now (none were)",
                        row.segment.label(),
                        row.scenario()
                    ),
                    at: None,
                },
                severity: None,
            });
        }
    }
    if old.by_security_defaults != new.by_security_defaults
        || old.not_evaluated != new.not_evaluated
    {
        let message = match (&new.not_evaluated, new.by_security_defaults) {
            (Some(why), _) => format!("which sign-ins are protected cannot be told now: {why}"),
            (None, true) => "security defaults protect every sign-in now".to_string(),
            (None, false) => {
                "Conditional Access decides which sign-ins are protected now".to_string()
            }
        };
        items.push(Item {
            topic: Topic::Coverage,
            change: Change {
                effect: if new.not_evaluated.is_some() {
                    Effect::Weaker
                } else {
                    Effect::Neutral
                },
                message,
                at: None,
            },
            severity: None,
        });
    }
    items
}

fn near(row: &Row) -> String {
    match row.near_misses.as_slice() {
        [] => String::new(),
        [first, ..] => format!("; {} {}", first.policy, first.why),
    }
}

/// Compares two reports made with [`crate::Question::Posture`].
pub fn compare(old: &Report, new: &Report) -> Diff {
    let mut items = rules(old, new);
    items.extend(findings(old, new));
    if let (Some((old_gaps, old_posture)), Some((new_gaps, new_posture))) =
        (posture_of(old), posture_of(new))
    {
        items.extend(coverage(old_gaps, new_gaps));
        items.extend(
            posture::compare(old_posture, new_posture)
                .into_iter()
                .map(|change| Item {
                    topic: Topic::Policies,
                    change,
                    severity: None,
                }),
        );
    }
    items.sort_by(|a, b| {
        (a.change.effect, a.topic, &a.change.message).cmp(&(
            b.change.effect,
            b.topic,
            &b.change.message,
        ))
    });
    Diff { items }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::gaps::Segment;

    fn row(status: RowStatus, clients: Option<&[&str]>) -> Row {
        Row {
            segment: Segment::AllUsers,
            status,
            apps: None,
            clients: clients.map(|c| c.iter().map(|s| s.to_string()).collect()),
            platforms: None,
            places: None,
            sign_in_risks: None,
            user_risks: None,
            unknown: None,
            near_misses: Vec::new(),
        }
    }

    fn effects(old: Vec<Row>, new: Vec<Row>) -> Vec<Effect> {
        let gaps = |rows| Gaps {
            rows,
            ..Gaps::default()
        };
        coverage(&gaps(old), &gaps(new))
            .into_iter()
            .map(|i| i.change.effect)
            .collect()
    }

    #[test]
    fn coverage_is_weaker_where_new_sign_ins_are_open_or_an_unknown_became_a_gap() {
        let browser = Some(&["browser"][..]);
        // The same gap again: no change; a narrower one: some sign-ins are protected now.
        assert_eq!(
            effects(
                vec![row(RowStatus::Gap, None)],
                vec![row(RowStatus::Gap, None)]
            ),
            []
        );
        assert_eq!(
            effects(
                vec![row(RowStatus::Gap, None)],
                vec![row(RowStatus::Gap, browser)]
            ),
            [Effect::Stronger]
        );
        // A wider gap: weaker; and the narrower old one is not "protected now".
        assert_eq!(
            effects(
                vec![row(RowStatus::Gap, browser)],
                vec![row(RowStatus::Gap, None)]
            ),
            [Effect::Weaker]
        );
        // What may have been protected certainly is not: weaker.
        assert_eq!(
            effects(
                vec![row(RowStatus::Unknown, None)],
                vec![row(RowStatus::Gap, None)]
            ),
            [Effect::Weaker]
        );
        // A gap that became unknown is not weaker; a gap gone is stronger.
        assert_eq!(
            effects(
                vec![row(RowStatus::Gap, None)],
                vec![row(RowStatus::Unknown, None)]
            ),
            []
        );
        assert_eq!(
            effects(vec![row(RowStatus::Gap, None)], vec![]),
            [Effect::Stronger]
        );
    }
}
